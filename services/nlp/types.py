"""Plain values handed between the NLP stages (the record models in ``services.records`` are the edges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class CleanedText:
    """Output of the cleaning stage: the article as prose, plus what was found and removed."""

    text: str
    title: str | None = None
    published_at: datetime | None = None
    removed: dict[str, int] = field(default_factory=dict)
    input_chars: int = 0


@dataclass(slots=True)
class Mention:
    """An entity mention found by NER, before canonicalisation. Offsets index the cleaned text."""

    text: str
    label: str  # PERSON | ORG | LOC | DATE
    start: int
    end: int
    confidence: float = 1.0
    source: str = "model"  # which recogniser found it: hi-model, en-model, rule, gazetteer


class StageError(Exception):
    """A documented failure of one NLP stage on one article; the worker dead-letters it."""

    def __init__(self, stage: str, error_type: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.error_type = error_type
        self.message = message
