"""The NLP in a child process (``ProcessPipeline``): same results and order as in-process, stage errors and
stage timings come back, a child that dies is restarted and only the record that kills it is dead-lettered."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence

import pytest

from services.config import NlpSettings, Settings
from services.enricher.handler import BatchHandler, InRecord
from services.enricher.nlp_process import ProcessPipeline
from services.nlp.pipeline import PipelineItem
from services.nlp.types import StageError
from services.records import EnrichedArticle, LanguageInfo, SourceInfo, utcnow


class KillablePipeline:
    """A fake pipeline for the child: "POISON" fails the entities stage, "DIE" kills the process (as a crash in
    native code or the OOM killer would). Reports one stage timing per batch."""

    version = "killable-1"

    def __init__(self, observer) -> None:  # noqa: ANN001
        self.observer = observer

    def load(self) -> "KillablePipeline":
        return self

    def enrich_batch(self, items: Sequence[PipelineItem]) -> list[EnrichedArticle | StageError]:
        out: list[EnrichedArticle | StageError] = []
        for item in items:
            text = item.article.text or ""
            if "DIE" in text:
                os._exit(9)
            if "POISON" in text:
                out.append(StageError("entities", "ValueError", "poisoned"))
                continue
            out.append(EnrichedArticle(
                id=item.article.id or text, source=SourceInfo(), ingested_at=item.ingested_at, enriched_at=utcnow(),
                text=text, language=LanguageInfo(code="hi", confidence=1.0), entities=[],
                pipeline_version=self.version,
            ))
        self.observer("clean", 0.001)
        return out


def killable(nlp: NlpSettings, observer) -> KillablePipeline:  # noqa: ANN001 - module level: the child imports it
    return KillablePipeline(observer)


@pytest.fixture(scope="module")
def pipeline():
    timings: list[tuple[str, float]] = []
    pipe = ProcessPipeline(NlpSettings(), observer=lambda s, t: timings.append((s, t)), factory=killable).load()
    pipe.timings = timings  # type: ignore[attr-defined]
    yield pipe
    pipe.close()


def items(*texts: str) -> list[PipelineItem]:
    from services.records import RawArticle

    return [PipelineItem(RawArticle(text=t, id=f"id-{k}")) for k, t in enumerate(texts)]


def test_results_in_order_with_stage_errors_and_timings(pipeline: ProcessPipeline) -> None:
    assert pipeline.loaded and pipeline.version == "killable-1"
    results = pipeline.enrich_batch(items("एक", "POISON", "तीन"))
    assert [r.text if isinstance(r, EnrichedArticle) else (r.stage, r.error_type) for r in results] == [
        "एक", ("entities", "ValueError"), "तीन"]
    assert isinstance(results[1], StageError) and results[1].message == "poisoned"
    assert ("clean", 0.001) in pipeline.timings  # type: ignore[attr-defined]


def test_a_record_that_kills_the_process_is_isolated(pipeline: ProcessPipeline) -> None:
    before = pipeline.restarts
    results = pipeline.enrich_batch(items("एक", "DIE", "तीन"))
    assert isinstance(results[0], EnrichedArticle) and isinstance(results[2], EnrichedArticle)
    assert isinstance(results[1], StageError) and (results[1].stage, results[1].error_type) == ("record", "NlpProcessDied")
    assert pipeline.restarts == before + 2  # once for the batch, once for the record that died again
    assert [r.text for r in pipeline.enrich_batch(items("फिर"))] == ["फिर"]  # the new child works


def test_handler_dead_letters_only_the_killer(pipeline: ProcessPipeline) -> None:
    sent: list[tuple[str, bytes | None]] = []

    async def send(topic: str, key: bytes | None, value: bytes) -> None:
        sent.append((topic, key))

    settings = Settings()
    handler = BatchHandler(settings, pipeline, send)  # type: ignore[arg-type]
    try:
        outcome = asyncio.run(handler.handle([InRecord(value=t.encode(), key=f"k{k}".encode())
                                              for k, t in enumerate(["एक", "DIE", "तीन"])]))
    finally:
        handler.close()
    assert len(outcome.enriched) == 2
    assert outcome.dead_lettered == [("record", "NlpProcessDied")]
    assert (settings.topic_dlq, b"k1") in sent
