"""Plain values handed between the NLP stages (the record models in ``services.records`` are the edges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.nlp.stages import FailureStage


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
    """A documented failure of one article at one stage; the worker dead-letters it.

    ``stage`` is one of ``services.nlp.stages.FAILURE_STAGES`` (an NLP ``Stage`` or a transport step such as
    ``decode``); ``error_type`` a short code (``EmptyAfterCleaning``) or the exception class name; ``message`` one
    human-readable line.
    """

    def __init__(self, stage: FailureStage, error_type: str, message: str) -> None:
        super().__init__(message)
        self.stage: FailureStage = stage
        self.error_type = error_type
        self.message = message
