"""What an NLP stage must do: the four stage interfaces and the one set of stage names.

``services.nlp.Pipeline`` chains four stages, each a structural type (``typing.Protocol``): any object with these
methods is a stage, so tests pass small fakes and the real classes (``clean.Cleaner``,
``language.LanguageIdentifier``, ``entities.EntityRecognizer`` (wrapped by ``kb_mentions.KbAugmentedRecognizer``),
``linking.Canonicalizer``) need not inherit anything.

The contract every stage keeps:

- **batch in, batch out**: a ``*_batch`` method takes lists of equal length and returns one result per input, in
  order. The pipeline calls the batch method first; if it raises (or returns the wrong number of results) the
  pipeline retries record by record with the single method, so one poison pill fails alone.
- **errors**: a documented failure of one article is a ``StageError`` (``services.nlp.types``) carrying the stage
  name and a short error code (``EmptyAfterCleaning``, ``InvalidInput``...). Anything else a stage raises is caught
  by the pipeline and dead-lettered as ``StageError(stage, type(exc).__name__, ...)``; it is never fatal to the
  batch. A batch method may raise ``ValueError`` when its argument lists differ in length.
- **offsets** index the cleaned text (``CleanedText.text``), in Python ``str`` positions (code points).
- ``version``: a short string naming the stage's rules/models, joined into ``EnrichedArticle.pipeline_version``.

Stage names: ``Stage`` is the single vocabulary of the NLP stages (pipeline order = ``STAGES``). ``FailureStage``
is every place a record can fail (``StageError.stage``, ``DeadLetter.stage``, the ``stage`` label of
``samachar_records_dead_lettered_total``): an NLP stage, the pipeline's own checks, or the transport around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, Protocol, get_args, runtime_checkable

if TYPE_CHECKING:  # the value modules import this one (StageError.stage); annotations only, no import cycle
    from services.nlp.types import CleanedText, Mention
    from services.records import Entity, LanguageInfo

Stage = Literal["clean", "language", "entities", "canonical"]
"""The four NLP stages."""

STAGES: Final[tuple[Stage, ...]] = get_args(Stage)
"""The NLP stages in pipeline order: clean -> language -> entities -> canonical."""

PipelineCheck = Literal["assemble", "pipeline"]
"""Failures of the pipeline itself: building the enriched record (``assemble``), a record no stage answered for."""

TransportStage = Literal["read", "decode", "validate", "record", "produce"]
"""Failures around the NLP: reading a file (producer), decoding bytes, validating the input contract, building the
output records of an enriched article (``record``, also timed), writing them (``produce``)."""

FailureStage = Literal[Stage, PipelineCheck, TransportStage]
"""Every value of ``StageError.stage`` / ``DeadLetter.stage``."""

FAILURE_STAGES: Final[tuple[FailureStage, ...]] = get_args(FailureStage)


@runtime_checkable
class Loadable(Protocol):
    """A stage that can load its models/data now (``Pipeline.load``, readiness) instead of on first use."""

    def load(self) -> object:
        """Load everything; raises ``OSError``/``ValueError`` when a model or data file is missing or malformed."""
        ...


class Cleaner(Protocol):
    """Stage ``clean``: raw article text or HTML in, prose plus what was removed out.

    Cleaning has no model to batch, so the contract is one article per call; the pipeline maps it over the batch
    (a list of articles in, a list of ``CleanedText`` or ``StageError`` out, same order).
    """

    @property
    def version(self) -> str:
        """Version of the cleaning rules and libraries, e.g. ``clean-rules-6-ftfy-6.3.1``."""

    def clean(self, text: str | None = None, *, html: str | None = None, title: str | None = None) -> CleanedText:
        """Clean one article given as ``text`` or ``html`` (``title``: the scraper's title, if any).

        Returns ``CleanedText`` (``text`` non-empty, ``title``/``published_at`` found in the article, ``removed``:
        count per kind of removed material, ``input_chars``). Raises ``StageError("clean", code, ...)`` with codes
        such as ``EmptyInput``, ``InvalidInput``, ``InputTooLarge``, ``EmptyAfterCleaning``.
        """
        ...


class LanguageIdentifier(Protocol):
    """Stage ``language``: cleaned text in, ``LanguageInfo`` (ISO 639-1 ``code`` or ``und``, ``confidence`` in
    [0, 1], contiguous ``segments`` covering the text) out."""

    @property
    def version(self) -> str:
        """Version of the identification models, written into ``pipeline_version``."""

    def identify(self, text: str, hint: str | None = None) -> LanguageInfo:
        """Language of one text. ``hint``: the scraper's ``language_hint`` (ISO 639-1, e.g. ``hi`` or ``hi-IN``), a
        prior the text may overrule; None for none. Raises only ``StageError("language", ...)``."""
        ...

    def identify_batch(self, texts: list[str], hints: list[str | None] | None = None) -> list[LanguageInfo]:
        """``identify`` over a batch: ``len(texts)`` results in order (``hints``: None, or one per text).

        Raises ``StageError`` for a text it cannot identify, ``ValueError`` if ``hints`` has another length."""
        ...


class EntityRecognizer(Protocol):
    """Stage ``entities``: cleaned text (and its language) in, ``Mention`` list (PERSON/ORG/LOC/DATE, offsets into
    the text, sorted by start, non-overlapping) out."""

    @property
    def version(self) -> str:
        """Version of the NER models (``hi_ner-X+en_core_web_sm-Y``), written into ``pipeline_version``."""

    def extract(self, text: str, language: LanguageInfo | None = None) -> list[Mention]:
        """Mentions in one text; ``language`` (from the language stage) routes English runs to the English model."""
        ...

    def extract_batch(self, texts: list[str], languages: list[LanguageInfo] | None = None) -> list[list[Mention]]:
        """One mention list per text, in order (``languages``: None or one per text; ``ValueError`` otherwise).

        Models run over the whole batch at once (spaCy ``nlp.pipe``). A failure raises (any exception; the pipeline
        retries one text at a time and dead-letters the one that fails)."""
        ...


class EntityLinker(Protocol):
    """Stage ``canonical``: mentions in, ``Entity`` list (canonical name, KB id or null, stable ``entity_id``) out."""

    @property
    def version(self) -> str:
        """Version of the knowledge base the linker reads (``kb-DATE+HASH``), written into ``pipeline_version``."""

    def link(self, text: str, mentions: list[Mention], language: str | None = None) -> list[Entity]:
        """Entities of one article (``language``: its ISO 639-1 code). At most one entity per mention, in mention
        order; mentions that are no names may be left out. Offsets stay the mention's."""
        ...

    def link_batch(
        self, texts: list[str], mentions: list[list[Mention]], languages: list[str] | None = None
    ) -> list[list[Entity]]:
        """``link`` over a batch: one entity list per text. Raises ``ValueError`` if the list lengths differ."""
        ...


__all__ = [
    "FAILURE_STAGES",
    "STAGES",
    "Cleaner",
    "EntityLinker",
    "EntityRecognizer",
    "FailureStage",
    "LanguageIdentifier",
    "Loadable",
    "PipelineCheck",
    "Stage",
    "TransportStage",
]
