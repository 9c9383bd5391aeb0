"""clean -> language -> entities -> canonical, batch in and batch out, with per-record failure isolation.

A stage that raises on a batch is retried record by record, so one poison pill fails alone and the rest of the
batch is still enriched. Nothing here knows about Kafka.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlparse

from services import __version__
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

In = TypeVar("In")
Out = TypeVar("Out")
StageObserver = Callable[[str, float], None]


@dataclass(slots=True)
class PipelineItem:
    """One article to enrich, with what the transport knows about it."""

    article: RawArticle
    ingested_at: datetime = field(default_factory=utcnow)
    source_uri: str | None = None


def _as_stage_error(stage: str, exc: BaseException) -> StageError:
    if isinstance(exc, StageError):
        return exc
    return StageError(stage, type(exc).__name__, f"{stage} stage raised {type(exc).__name__}: {exc}"[:2000])


class Pipeline:
    """The four NLP stages wired in order. Stages load their models lazily; ``load()`` forces it (readiness)."""

    def __init__(
        self,
        cleaner: object | None = None,
        language: object | None = None,
        recognizer: object | None = None,
        canonicalizer: object | None = None,
        observer: StageObserver | None = None,
        kb_mentions: bool = True,
    ) -> None:
        if cleaner is None:
            from services.nlp.clean import Cleaner

            cleaner = Cleaner()
        if language is None:
            from services.nlp.language import LanguageIdentifier

            language = LanguageIdentifier()
        if recognizer is None:
            from services.nlp.entities import EntityRecognizer

            recognizer = EntityRecognizer()
        if canonicalizer is None:
            from services.nlp.canonical import Canonicalizer

            canonicalizer = Canonicalizer()
        if kb_mentions and hasattr(canonicalizer, "kb"):
            from services.nlp.kb_mentions import KbAugmentedRecognizer

            recognizer = KbAugmentedRecognizer(recognizer, lambda: canonicalizer.kb)  # type: ignore[attr-defined]
        self.cleaner, self.language, self.recognizer, self.canonicalizer = cleaner, language, recognizer, canonicalizer
        self.observer = observer
        self.loaded = False

    @property
    def version(self) -> str:
        parts = [f"samachar-{__version__}", f"schema-{SCHEMA_VERSION}"]
        for stage in (self.cleaner, self.language, self.recognizer, self.canonicalizer):
            parts.append(str(getattr(stage, "version", type(stage).__name__)))
        return ";".join(parts)

    def load(self) -> "Pipeline":
        """Load every model now (one warm-up article), so the first real batch is not slow."""
        if hasattr(self.canonicalizer, "load"):
            self.canonicalizer.load()
        self.enrich_batch([PipelineItem(RawArticle(text="रूसी राष्ट्रपति व्लादिमीर पुतिन मास्को में हैं। Vladimir Putin."))])
        self.loaded = True
        return self

    # -- stages ---------------------------------------------------------------------------------
    def _run(
        self,
        stage: str,
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
        return self.cleaner.clean(article.text, html=article.html, title=article.title)  # type: ignore[attr-defined]

    def enrich_batch(self, items: Sequence[PipelineItem]) -> list[EnrichedArticle | StageError]:
        """Enrich a batch; each position holds the enriched article or the StageError that stopped it."""
        n = len(items)
        out: list[EnrichedArticle | StageError | None] = [None] * n

        cleaned = self._run("clean", [i.article for i in items], lambda xs: [self._clean(x) for x in xs], self._clean)
        alive = [k for k in range(n) if not self._fail(out, k, cleaned[k])]

        texts = [cleaned[k].text for k in alive]  # type: ignore[union-attr]
        langs = self._run("language", texts, self.language.identify_batch, self.language.identify)  # type: ignore[attr-defined]
        lang_of = dict(zip(alive, langs))
        alive = [k for k in alive if not self._fail(out, k, lang_of[k])]

        pairs = [(cleaned[k].text, lang_of[k]) for k in alive]  # type: ignore[union-attr]
        mentions = self._run(
            "entities",
            pairs,
            lambda ps: self.recognizer.extract_batch([p[0] for p in ps], [p[1] for p in ps]),  # type: ignore[attr-defined]
            lambda p: self.recognizer.extract(p[0], p[1]),  # type: ignore[attr-defined]
        )
        survivors = [(k, mentions[j]) for j, k in enumerate(alive) if not self._fail(out, k, mentions[j])]

        link_in = [(cleaned[k].text, m, lang_of[k].code) for k, m in survivors]  # type: ignore[union-attr]
        linked = self._run(
            "canonical",
            link_in,
            lambda ps: self.canonicalizer.link_batch([p[0] for p in ps], [p[1] for p in ps], languages=[p[2] for p in ps]),  # type: ignore[attr-defined]
            lambda p: self.canonicalizer.link(p[0], p[1], language=p[2]),  # type: ignore[attr-defined]
        )
        version = self.version
        for j, (k, _) in enumerate(survivors):
            if self._fail(out, k, linked[j]):
                continue
            try:
                out[k] = self._assemble(items[k], cleaned[k], lang_of[k], linked[j], version)  # type: ignore[arg-type]
            except Exception as exc:  # noqa: BLE001 - e.g. a stage returned offsets outside the text
                out[k] = _as_stage_error("assemble", exc)
        return [r if r is not None else StageError("pipeline", "Unprocessed", "record was not processed") for r in out]

    @staticmethod
    def _fail(out: list[object], k: int, result: object) -> bool:
        if isinstance(result, StageError):
            out[k] = result
            return True
        return False

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
