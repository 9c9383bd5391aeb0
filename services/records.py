"""What travels on the topics: the pydantic models behind every record and its JSON Schema.

Bump ``SCHEMA_VERSION`` (major) on any incompatible change; ``samachar schemas`` regenerates ``schemas/``.
Which model travels on which topic, keyed how, is declared in ``services.outputs``.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from typing import Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

EntityLabel = Literal["PERSON", "ORG", "LOC", "DATE"]
"""The labels of an entity in every record: the one definition the recogniser, the linker and the metrics read."""
ENTITY_LABELS: Final[tuple[str, ...]] = get_args(EntityLabel)
"""``EntityLabel``'s values in order: PERSON, ORG, LOC, DATE."""
NAME_LABELS: Final[tuple[str, ...]] = tuple(label for label in ENTITY_LABELS if label != "DATE")
"""The labels of names (the knowledge base's labels, what the NER models find): PERSON, ORG, LOC; DATE is apart."""
LABEL_ALIASES: Final[dict[str, str]] = {
    **{label: label for label in ENTITY_LABELS},
    "PER": "PERSON",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOCATION": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "TIME": "DATE",
}
"""Other tag sets' labels (CoNLL/HiNER PER, LOCATION, ORGANIZATION; spaCy GPE, FAC, TIME) -> ``EntityLabel``, upper
case. A label not here (MISC, NORP) is no entity label."""


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (every timestamp in a record is aware)."""
    return datetime.now(timezone.utc)


def content_id(text: str) -> str:
    """Stable article id derived from the content, so a re-run keeps the same identity.

    The first 16 hex digits of the SHA-256 of the UTF-8 text with surrounding whitespace stripped.
    """
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


class RawArticle(BaseModel):
    """Input contract on ``articles.raw`` (JSON object). Plain UTF-8 text that is not JSON is taken as ``text``.

    Unknown fields are accepted and ignored, so scrapers can add fields without breaking the stream.
    """

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str | None = Field(None, max_length=256, description="Article id; defaults to the Kafka key, else a content hash")
    text: str | None = Field(None, description="Article text (plain or markdown as scraped)")
    html: str | None = Field(None, description="Raw HTML; the article is extracted from it when `text` is absent")
    url: str | None = Field(None, description="Where the article was found")
    source: str | None = Field(None, description="Outlet name, e.g. abplive.com")
    source_file: str | None = Field(None, description="File the producer read the article from")
    title: str | None = None
    published_at: datetime | None = None
    language_hint: str | None = Field(None, max_length=16, description="ISO 639-1 code the scraper believes")

    @model_validator(mode="after")
    def _needs_body(self) -> "RawArticle":
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("article has neither non-empty `text` nor `html`")
        return self


class SourceInfo(BaseModel):
    """Where an enriched article came from."""

    uri: str | None = Field(None, description="File name or URL the article came from")
    outlet: str | None = Field(None, description="Publisher, e.g. abplive.com")


class LanguageSegment(BaseModel):
    """A run of one script/language in the cleaned text: ``text[start:end]`` (character offsets)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    code: str = Field(description="ISO 639-1 code, or `und`")
    script: str | None = Field(None, description="ISO 15924 script, e.g. Deva, Latn")


class LanguageInfo(BaseModel):
    """The document's language with a confidence in [0, 1], and its script/language segments."""

    code: str = Field(description="ISO 639-1 code of the document, `und` when it cannot be told")
    confidence: float = Field(ge=0.0, le=1.0)
    segments: list[LanguageSegment] = Field(default_factory=list)


class Entity(BaseModel):
    """One entity mention in the cleaned text (character offsets), linked to its canonical name and id."""

    text: str = Field(description="Surface form exactly as in `text[start:end]`")
    label: EntityLabel
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    canonical: str = Field(description="Common English name, e.g. 'Dmitry Peskov'")
    kb_id: str | None = Field(None, description="Wikidata id (Q...) where known")
    entity_id: str = Field(description="Stable id: kb_id, else a hash of the normalised canonical name")


class CleaningReport(BaseModel):
    """What cleaning removed (counts by kind) and the text's length in characters before and after."""

    removed: dict[str, int] = Field(default_factory=dict, description="Counts of removed items by kind")
    input_chars: int = 0
    output_chars: int = 0


class EnrichedArticle(BaseModel):
    """One record per article on ``articles.enriched`` (key: ``id``)."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    id: str
    source: SourceInfo
    title: str | None = None
    published_at: datetime | None = None
    ingested_at: datetime
    enriched_at: datetime
    text: str = Field(description="Cleaned article text; entity offsets point into it")
    language: LanguageInfo
    entities: list[Entity] = Field(default_factory=list)
    cleaning: CleaningReport = Field(default_factory=CleaningReport)
    pipeline_version: str = Field(description="samachar version and model versions that made this record")


class EntityRecord(BaseModel):
    """One record per distinct canonical entity per article on ``articles.entities`` (key: ``entity_id``)."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    entity_id: str
    canonical: str
    kb_id: str | None = None
    label: EntityLabel
    article_id: str
    mentions: int = Field(ge=1)
    surface_forms: list[str]
    language: str
    published_at: datetime | None = None
    ingested_at: datetime


class DeadLetter(BaseModel):
    """A record that could not be enriched, on ``articles.dlq`` with its original bytes kept losslessly."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    stage: str = Field(description="decode | validate | clean | language | entities | canonical | produce | read")
    error_type: str = Field(description="Exception class or error code, e.g. InvalidUtf8, PayloadTooLarge")
    message: str
    source_topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key_base64: str | None = None
    payload_base64: str = Field(description="Original value bytes, base64")
    payload_bytes: int = Field(ge=0, description="Size of the original value in bytes")
    payload_truncated: bool = Field(
        False, description="True only when the original was too large to fit the DLQ topic's record limit"
    )
    article_id: str | None = None
    source_uri: str | None = Field(None, description="File or URL the record came from, when known (producer)")
    failed_at: datetime = Field(default_factory=utcnow)

    @classmethod
    def from_bytes(cls, payload: bytes | None, key: bytes | None = None, **fields: object) -> "DeadLetter":
        """A dead letter holding ``payload`` (None = empty) and ``key`` base64-encoded; ``fields`` set the rest.

        Raises pydantic's ValidationError when a required field (``stage``, ``error_type``, ``message``) is
        missing. The caller truncates oversized payloads and sets ``payload_truncated``/``payload_bytes``.
        """
        payload = payload or b""
        return cls(
            payload_base64=base64.b64encode(payload).decode("ascii"),
            payload_bytes=len(payload),
            key_base64=base64.b64encode(key).decode("ascii") if key is not None else None,
            **fields,  # type: ignore[arg-type]
        )

    def payload(self) -> bytes:
        """The original record's value bytes (as kept: truncated when ``payload_truncated``)."""
        return base64.b64decode(self.payload_base64)

