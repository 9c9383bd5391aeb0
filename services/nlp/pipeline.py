"""clean -> language -> entities -> canonical, batch in and batch out, with per-record failure isolation.

A stage that raises on a batch is retried record by record, so one poison pill fails alone and the rest of the
batch is still enriched. Nothing here knows about Kafka.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal, TypeVar
from urllib.parse import urlparse

from services import __version__
from services.nlp.stages import Cleaner, EntityLinker, EntityRecognizer, LanguageIdentifier, Loadable, Stage
from services.nlp.types import CleanedText, Mention, StageError
from services.records import (
    SCHEMA_VERSION,
    CleaningReport,
    EnrichedArticle,
    Entity,
    LanguageInfo,
    RawArticle,
    SourceInfo,
    content_id,
    utcnow,
)

if TYPE_CHECKING:
    from services.config import NlpSettings
    from services.nlp.linking.state import LinkerThresholds

In = TypeVar("In")
Out = TypeVar("Out")
StageObserver = Callable[[Stage, float], None]
"""Called after each stage call with the stage's name and its wall time in seconds (metrics, benchmarks)."""


@dataclass(slots=True)
class PipelineItem:
    """One article to enrich, with what the transport knows about it."""

    article: RawArticle
    ingested_at: datetime = field(default_factory=utcnow)
    source_uri: str | None = None


@dataclass(slots=True, frozen=True)
class _Mentioning:
    """Input of the entities stage for one article."""

    text: str
    language: LanguageInfo


@dataclass(slots=True, frozen=True)
class _Linking:
    """Input of the canonical stage for one article."""

    text: str
    mentions: list[Mention]
    language: str


def linker_thresholds(nlp: NlpSettings) -> LinkerThresholds:
    """The linker's tuning values from the settings' ``linker_*`` fields."""
    from services.nlp.linking.state import LinkerThresholds

    return LinkerThresholds(
        fuzzy_threshold=nlp.linker_fuzzy_threshold,
        fuzzy_threshold_short=nlp.linker_fuzzy_threshold_short,
        roman_fuzzy_threshold=nlp.linker_roman_fuzzy_threshold,
        token_match=nlp.linker_token_match,
        in_article_join=nlp.linker_in_article_join,
        generic_zipf=nlp.linker_generic_zipf,
        generic_plural_zipf=nlp.linker_generic_plural_zipf,
        swept_word_zipf=nlp.linker_swept_word_zipf,
    )


def build_stages(nlp: NlpSettings) -> tuple[Cleaner, LanguageIdentifier, EntityRecognizer, EntityLinker]:
    """The four real stages configured by ``nlp`` (models load on first use or ``Pipeline.load``).

    The recogniser is the model/rule ``EntityRecognizer`` wrapped, when ``nlp.kb_names``, in the
    ``KbAugmentedRecognizer`` that adds knowledge-base names the models missed, reading the linker's KB.

    First points the process-wide vocabulary loaders at ``nlp.lexicon_dir`` and ``nlp.romaniser_dir``
    (``data_dirs.configure``): raises ``data_dirs.DataDirInUse`` if this process has already read other ones.
    """
    from services.nlp import data_dirs
    from services.nlp.linking import Canonicalizer
    from services.nlp.clean import Cleaner as RuleCleaner
    from services.nlp.entities import EntityRecognizer as ModelRecognizer
    from services.nlp.kb_mentions import KbAugmentedRecognizer
    from services.nlp.language import LanguageIdentifier as Detector

    data_dirs.configure(lexicon_dir=nlp.lexicon_dir, romaniser_dir=nlp.romaniser_dir)
    cleaner = RuleCleaner(nlp.cleaning_rules)
    language = Detector(
        min_words=nlp.language_min_words,
        min_letters=nlp.language_min_letters,
        min_words_latin_run=nlp.language_min_words_latin_run,
        hint_weight=nlp.language_hint_weight,
    )
    models = ModelRecognizer.from_config(nlp)
    linker = Canonicalizer(kb_dir=nlp.kb_dir, thresholds=linker_thresholds(nlp))
    recognizer: EntityRecognizer = KbAugmentedRecognizer(models, lambda: linker.kb) if nlp.kb_names else models
    return cleaner, language, recognizer, linker


def _as_stage_error(stage: Stage | Literal["assemble"], exc: BaseException) -> StageError:
    if isinstance(exc, StageError):
        return exc
    return StageError(stage, type(exc).__name__, f"{stage} stage raised {type(exc).__name__}: {exc}"[:2000])


class Pipeline:
    """The four NLP stages wired in order (``services.nlp.stages`` says what each must do).

    ``Pipeline.from_config(settings.nlp)`` builds the real stages from configuration; ``Pipeline(cleaner, language,
    recognizer, canonicalizer)`` takes any objects that satisfy the stage protocols, as given (tests pass fakes);
    ``Pipeline()`` with no stage is ``from_config`` of the default ``NlpSettings``. Stages load their models
    lazily; ``load()`` forces it (readiness).
    """

    def __init__(
        self,
        cleaner: Cleaner | None = None,
        language: LanguageIdentifier | None = None,
        recognizer: EntityRecognizer | None = None,
        canonicalizer: EntityLinker | None = None,
        observer: StageObserver | None = None,
    ) -> None:
        if cleaner is None and language is None and recognizer is None and canonicalizer is None:
            from services.config import NlpSettings

            cleaner, language, recognizer, canonicalizer = build_stages(NlpSettings())
        elif cleaner is None or language is None or recognizer is None or canonicalizer is None:
            raise TypeError("Pipeline takes all four stages or none (none: the default configuration)")
        self.cleaner: Cleaner = cleaner
        self.language: LanguageIdentifier = language
        self.recognizer: EntityRecognizer = recognizer
        self.canonicalizer: EntityLinker = canonicalizer
        self.observer = observer
        self.loaded = False

    @classmethod
    def from_config(cls, nlp: NlpSettings | None = None, observer: StageObserver | None = None) -> "Pipeline":
        """The real stages built from ``nlp`` (``Settings().nlp``; None: the defaults). Nothing is loaded yet, but the
        vocabulary loaders are pointed at ``nlp.lexicon_dir``/``nlp.romaniser_dir`` (``build_stages``; raises
        ``data_dirs.DataDirInUse`` if this process already read other directories)."""
        from services.config import NlpSettings

        return cls(*build_stages(nlp if nlp is not None else NlpSettings()), observer=observer)

    @property
    def version(self) -> str:
        """``samachar-X;schema-Y;<clean>;<language>;<entities>;<canonical>``: every stage's version, as written
        into each enriched record's ``pipeline_version``; may load models."""
        parts = [f"samachar-{__version__}", f"schema-{SCHEMA_VERSION}"]
        parts += [self.cleaner.version, self.language.version, self.recognizer.version, self.canonicalizer.version]
        return ";".join(parts)

    def load(self) -> "Pipeline":
        """Load every model now (one warm-up article), so the first real batch is not slow."""
        for stage in (self.cleaner, self.language, self.recognizer, self.canonicalizer):
            if isinstance(stage, Loadable):
                stage.load()
        self.enrich_batch([PipelineItem(RawArticle(text="रूसी राष्ट्रपति व्लादिमीर पुतिन मास्को में हैं। Vladimir Putin."))])
        self.loaded = True
        return self

    # -- stages ---------------------------------------------------------------------------------
    def _run(
        self,
        stage: Stage,
        inputs: Sequence[In],
        batch_fn: Callable[[list[In]], list[Out]],
        single_fn: Callable[[In], Out],
    ) -> list[Out | StageError]:
        started = time.perf_counter()
        results: list[Out | StageError]
        try:
            outputs = batch_fn(list(inputs))
            if len(outputs) != len(inputs):
                raise RuntimeError(f"{stage}: batch returned {len(outputs)} results for {len(inputs)} inputs")
            results = list(outputs)
        except Exception:  # noqa: BLE001 - isolate the failing record(s)
            results = []
            for item in inputs:
                try:
                    results.append(single_fn(item))
                except Exception as exc:  # noqa: BLE001
                    results.append(_as_stage_error(stage, exc))
        if self.observer is not None and inputs:
            self.observer(stage, time.perf_counter() - started)
        return results

    def _clean(self, article: RawArticle) -> CleanedText:
        return self.cleaner.clean(article.text, html=article.html, title=article.title)

    def _clean_batch(self, articles: list[RawArticle]) -> list[CleanedText]:
        return [self._clean(article) for article in articles]

    def _identify(self, article: tuple[str, str | None]) -> LanguageInfo:
        return self.language.identify(article[0], article[1])

    def _identify_batch(self, articles: list[tuple[str, str | None]]) -> list[LanguageInfo]:
        return self.language.identify_batch([a[0] for a in articles], [a[1] for a in articles])

    def _extract(self, item: _Mentioning) -> list[Mention]:
        return self.recognizer.extract(item.text, item.language)

    def _extract_batch(self, items: list[_Mentioning]) -> list[list[Mention]]:
        return self.recognizer.extract_batch([i.text for i in items], [i.language for i in items])

    def _link(self, item: _Linking) -> list[Entity]:
        return self.canonicalizer.link(item.text, item.mentions, language=item.language)

    def _link_batch(self, items: list[_Linking]) -> list[list[Entity]]:
        return self.canonicalizer.link_batch(
            [i.text for i in items], [i.mentions for i in items], languages=[i.language for i in items]
        )

    def enrich_batch(self, items: Sequence[PipelineItem]) -> list[EnrichedArticle | StageError]:
        """Enrich a batch; each position holds the enriched article or the StageError that stopped it."""
        n = len(items)
        out: list[EnrichedArticle | StageError | None] = [None] * n

        cleaned = self._survivors(range(n), self._run("clean", [i.article for i in items], self._clean_batch, self._clean), out)

        hinted = [(cleaned[k].text, items[k].article.language_hint) for k in cleaned]
        lang_of = self._survivors(cleaned, self._run("language", hinted, self._identify_batch, self._identify), out)

        texts = [_Mentioning(cleaned[k].text, lang_of[k]) for k in lang_of]
        found = self._survivors(lang_of, self._run("entities", texts, self._extract_batch, self._extract), out)

        link_in = [_Linking(cleaned[k].text, found[k], lang_of[k].code) for k in found]
        linked = self._survivors(found, self._run("canonical", link_in, self._link_batch, self._link), out)
        version = self.version
        for k, entities in linked.items():
            try:
                out[k] = self._assemble(items[k], cleaned[k], lang_of[k], entities, version)
            except Exception as exc:  # noqa: BLE001 - e.g. a stage returned offsets outside the text
                out[k] = _as_stage_error("assemble", exc)
        return [r if r is not None else StageError("pipeline", "Unprocessed", "record was not processed") for r in out]

    @staticmethod
    def _survivors(
        keys: Iterable[int], results: list[Out | StageError], out: list[EnrichedArticle | StageError | None]
    ) -> dict[int, Out]:
        """Results by record index (``keys`` in order); a StageError goes to ``out[k]`` and the record drops out."""
        alive: dict[int, Out] = {}
        for k, result in zip(keys, results, strict=True):
            if isinstance(result, StageError):
                out[k] = result
            else:
                alive[k] = result
        return alive

    def _assemble(
        self, item: PipelineItem, cleaned: CleanedText, language: LanguageInfo, entities: list[Entity], version: str
    ) -> EnrichedArticle:
        article = item.article
        text = cleaned.text
        for ent in entities:
            if not (0 <= ent.start <= ent.end <= len(text)) or text[ent.start:ent.end] != ent.text:
                raise StageError("canonical", "BadOffsets", f"entity {ent.text!r} [{ent.start}:{ent.end}] is not at its offsets")
        uri = article.url or article.source_file or item.source_uri
        outlet = article.source or (urlparse(article.url).hostname if article.url else None)
        return EnrichedArticle(
            id=article.id or content_id(text),
            source=SourceInfo(uri=uri, outlet=outlet),
            title=article.title or cleaned.title,
            published_at=article.published_at or cleaned.published_at,
            ingested_at=item.ingested_at,
            enriched_at=utcnow(),
            text=text,
            language=language,
            entities=entities,
            cleaning=CleaningReport(removed=cleaned.removed, input_chars=cleaned.input_chars, output_chars=len(text)),
            pipeline_version=version,
        )

    def enrich_texts(self, texts: Sequence[str]) -> list[EnrichedArticle | StageError]:
        """Convenience for evaluation and benchmarks: plain texts in, results out."""
        return self.enrich_batch([PipelineItem(RawArticle(text=t, id=content_id(t))) for t in texts])


__all__ = ["Pipeline", "PipelineItem", "Mention"]
