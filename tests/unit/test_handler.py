"""BatchHandler without a broker: an in-memory ``send`` (in the spirit of FastStream's ``TestKafkaBroker``).

Most tests use a small fake pipeline (no models, milliseconds); one runs the real pipeline on a seed article.
The real-broker path (Faust agent, offsets, commits, crashes) is in ``tests/integration/``.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

from services import metrics
from services.config import Settings
from services.enrich_local import enrich_paths
from services.enricher.handler import BatchHandler, BatchOutcome, InRecord
from services.nlp.pipeline import PipelineItem
from services.nlp.types import StageError
from services.outputs import DLQ, ENRICHED, ENTITIES, TopicSpec
from services.records import DeadLetter, EnrichedArticle, Entity, EntityRecord, LanguageInfo, SourceInfo, content_id

ROOT = Path(__file__).resolve().parents[2]


class FakeBroker:
    """The output topics as lists of (key, value); ``fail`` makes sends to a topic (and key) raise."""

    def __init__(self) -> None:
        self.topics: dict[str, list[tuple[bytes | None, bytes]]] = defaultdict(list)
        self.fail: dict[str, bytes | None] = {}

    async def send(self, topic: str, key: bytes | None, value: bytes) -> None:
        if topic in self.fail and self.fail[topic] in (None, key):
            raise RecordTooLargeError(f"{len(value)} bytes do not fit {topic}")
        self.topics[topic].append((key, value))

    def records(self, spec: TopicSpec, settings: Settings) -> list[tuple[bytes | None, object]]:
        """(key, parsed record) of everything sent to ``spec``'s topic."""
        return [(key, spec.model.model_validate_json(value)) for key, value in self.topics[spec.name(settings)]]


class RecordTooLargeError(Exception):
    pass


class FakePipeline:
    """Honours Pipeline.enrich_batch's contract: one result per item, in order; a StageError for a failed record.

    "POISON" in a text fails the entities stage for that record; "CRASH" makes the whole batch raise (a bug).
    Every "Putin" is a PERSON mention, every "Delhi" a LOC.
    """

    version = "fake-pipeline"
    loaded = True

    def __init__(self) -> None:
        self.batches: list[int] = []

    def enrich_batch(self, items: Sequence[PipelineItem]) -> list[EnrichedArticle | StageError]:
        self.batches.append(len(items))
        if any("CRASH" in (i.article.text or "") for i in items):
            raise RuntimeError("pipeline bug")
        return [self._one(item) for item in items]

    @staticmethod
    def _one(item: PipelineItem) -> EnrichedArticle | StageError:
        text = item.article.text or ""
        if "POISON" in text:
            return StageError("entities", "ValueError", "entities stage raised ValueError: poison")
        entities = []
        for word, label, canonical, kb_id in (("Putin", "PERSON", "Vladimir Putin", "Q7747"),
                                              ("Delhi", "LOC", "Delhi", "Q1353")):
            start = text.find(word)
            while start >= 0:
                entities.append(Entity(text=word, label=label, start=start, end=start + len(word),
                                       canonical=canonical, kb_id=kb_id, entity_id=kb_id))
                start = text.find(word, start + 1)
        return EnrichedArticle(
            id=item.article.id or content_id(text), source=SourceInfo(), ingested_at=item.ingested_at,
            enriched_at=item.ingested_at, text=text, language=LanguageInfo(code="en", confidence=0.99),
            entities=sorted(entities, key=lambda e: e.start), pipeline_version="fake-pipeline",
        )


def _settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]


def _record(value: bytes | None, key: bytes | None = None, offset: int = 0) -> InRecord:
    return InRecord(value=value, key=key, topic="articles.raw", partition=3, offset=offset, timestamp=1_700_000_000.0)


def _handle(records: list[InRecord], settings: Settings | None = None,
            broker: FakeBroker | None = None, pipeline: object | None = None) -> tuple[BatchOutcome, FakeBroker]:
    settings = settings or _settings()
    broker = broker or FakeBroker()
    handler = BatchHandler(settings, pipeline or FakePipeline(), broker.send)  # type: ignore[arg-type]
    try:
        outcome = asyncio.run(handler.handle(records))
    finally:
        handler.close()
    return outcome, broker


def test_good_record_goes_to_enriched_and_entities_with_their_keys() -> None:
    settings = _settings()
    outcome, broker = _handle([_record(b"Putin met Putin in Delhi.", key=b"art-1")], settings)
    assert outcome.enriched == ["art-1"] and outcome.dead_lettered == []
    [(key, article)] = broker.records(ENRICHED, settings)
    assert key == b"art-1" and isinstance(article, EnrichedArticle)
    assert article.id == "art-1" and article.text == "Putin met Putin in Delhi." and len(article.entities) == 3
    assert article.ingested_at.timestamp() == 1_700_000_000.0  # the Kafka record time
    entities = broker.records(ENTITIES, settings)
    assert [key for key, _ in entities] == [b"Q7747", b"Q1353"]
    putin = entities[0][1]
    assert isinstance(putin, EntityRecord)
    assert (putin.article_id, putin.mentions, putin.label, putin.canonical) == ("art-1", 2, "PERSON", "Vladimir Putin")
    assert broker.topics[DLQ.name(settings)] == []


def test_records_without_entities_only_reach_enriched() -> None:
    settings = _settings()
    outcome, broker = _handle([_record(b"Nothing to see here.", key=None)], settings)
    [(key, article)] = broker.records(ENRICHED, settings)
    assert key == content_id("Nothing to see here.").encode() == outcome.enriched[0].encode()
    assert broker.records(ENTITIES, settings) == []


@pytest.mark.parametrize(
    ("value", "stage", "error_type"),
    [
        (b"", "decode", "EmptyPayload"),
        (b"   \n ", "decode", "EmptyPayload"),
        (b"caf\xc3\x28 latte", "decode", "InvalidUtf8"),
        (b"\x00\x01\x02binary\x00" * 10, "decode", "BinaryPayload"),
        (b"x" * 2000, "decode", "PayloadTooLarge"),
        (json.dumps({"text": 5}).encode(), "validate", "InvalidEnvelope"),
        (json.dumps({"title": "no body"}).encode(), "validate", "InvalidEnvelope"),
    ],
)
def test_bad_payload_goes_to_the_dlq_with_stage_and_error_type(value: bytes, stage: str, error_type: str) -> None:
    settings = _settings(max_article_bytes=1000)
    outcome, broker = _handle([_record(value, key=b"k-9", offset=41)], settings)
    assert outcome.enriched == [] and outcome.dead_lettered == [(stage, error_type)]
    [(key, letter)] = broker.records(DLQ, settings)
    assert isinstance(letter, DeadLetter)
    assert key == b"k-9" and (letter.stage, letter.error_type) == (stage, error_type)
    assert letter.payload() == value and letter.payload_bytes == len(value) and not letter.payload_truncated
    assert (letter.source_topic, letter.partition, letter.offset) == ("articles.raw", 3, 41)
    assert base64.b64decode(letter.key_base64 or "") == b"k-9"
    assert broker.topics[ENRICHED.name(settings)] == [] and broker.topics[ENTITIES.name(settings)] == []


def test_a_failing_nlp_stage_dead_letters_only_its_record() -> None:
    settings = _settings()
    pipeline = FakePipeline()
    batch = [_record(b"Putin spoke.", b"a", 0), _record(b"POISON Putin", b"b", 1), _record(b"Delhi votes.", b"c", 2)]
    outcome, broker = _handle(batch, settings, pipeline=pipeline)
    assert pipeline.batches == [3]  # one NLP batch for the three records
    assert outcome.enriched == ["a", "c"] and outcome.dead_lettered == [("entities", "ValueError")]
    assert [key for key, _ in broker.records(ENRICHED, settings)] == [b"a", b"c"]
    [(key, letter)] = broker.records(DLQ, settings)
    assert isinstance(letter, DeadLetter)
    assert key == b"b" and letter.stage == "entities" and letter.article_id == "b" and letter.offset == 1
    assert letter.payload() == b"POISON Putin"


def test_every_record_comes_out_once_even_when_the_pipeline_crashes() -> None:
    settings = _settings()
    batch = [_record(b"", b"bad", 0), _record(b"Putin", b"ok", 1), _record(b"CRASH", b"crash", 2)]
    outcome, broker = _handle(batch, settings)
    assert outcome.enriched == []
    assert outcome.dead_lettered == [("decode", "EmptyPayload"), ("record", "RuntimeError"), ("record", "RuntimeError")]
    assert [key for key, _ in broker.topics[DLQ.name(settings)]] == [b"bad", b"ok", b"crash"]


def test_an_output_that_cannot_be_written_is_dead_lettered_as_produce() -> None:
    settings = _settings()
    broker = FakeBroker()
    broker.fail[ENRICHED.name(settings)] = b"big"
    outcome, broker = _handle([_record(b"Putin", b"big"), _record(b"Delhi", b"fine")], settings, broker)
    assert outcome.enriched == ["fine"] and outcome.dead_lettered == [("produce", "RecordTooLargeError")]
    [(key, letter)] = broker.records(DLQ, settings)
    assert key == b"big" and isinstance(letter, DeadLetter) and letter.article_id == "big"


def test_a_payload_too_large_for_the_dlq_is_truncated_and_says_so() -> None:
    settings = _settings(max_article_bytes=1000, dlq_max_message_bytes=128 * 1024)  # room for 32 KiB of payload
    value = b"y" * 40_000
    _, broker = _handle([_record(value, b"huge")], settings)
    [(_, letter)] = broker.records(DLQ, settings)
    assert isinstance(letter, DeadLetter) and letter.error_type == "PayloadTooLarge"
    assert letter.payload_truncated and letter.payload_bytes == 40_000 and letter.payload() == value[: 32 * 1024]
    assert len(DLQ.encode(letter)) <= 128 * 1024


def test_topic_names_come_from_the_settings() -> None:
    settings = _settings(topic_enriched="t.enriched", topic_entities="t.entities", topic_dlq="t.dlq")
    _, broker = _handle([_record(b"Putin", b"a"), _record(b"", b"b")], settings)
    assert set(broker.topics) == {"t.enriched", "t.entities", "t.dlq"}


def test_produced_and_dead_letter_metrics_are_counted() -> None:
    def sample(name: str, **labels: str) -> float:
        return metrics.REGISTRY.get_sample_value(name, labels) or 0.0

    before = (sample("samachar_records_produced_total", topic="articles.entities"),
              sample("samachar_records_dead_lettered_total", stage="decode", error_type="EmptyPayload"))
    _handle([_record(b"Putin and Delhi", b"a"), _record(b"", b"b")])
    after = (sample("samachar_records_produced_total", topic="articles.entities"),
             sample("samachar_records_dead_lettered_total", stage="decode", error_type="EmptyPayload"))
    assert after[0] - before[0] == 2 and after[1] - before[1] == 1


def test_enrich_command_runs_the_handler_and_writes_json_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Putin visited Delhi.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("POISON here", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"id": "c-1", "text": "Delhi again"}), encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps({"text": 5}), encoding="utf-8")  # the reader rejects it
    out, err = io.StringIO(), io.StringIO()
    enriched, failed = enrich_paths(_settings(batch_size=2), [tmp_path], out, err, pipeline=FakePipeline())  # type: ignore[arg-type]
    assert (enriched, failed) == (2, 2)
    articles = [EnrichedArticle.model_validate_json(line) for line in out.getvalue().splitlines()]
    assert sorted(a.id for a in articles) == sorted(["c-1", content_id("Putin visited Delhi.")])
    # stderr: one human line per dead letter (issue 11 item 12; tests/unit/test_enrich_local.py)
    lines = sorted(err.getvalue().splitlines())
    assert [line.split(" source=")[0] for line in lines] == [
        "dead-lettered: stage=entities error=ValueError", "dead-lettered: stage=read error=InvalidEnvelope"]


@pytest.fixture(scope="module")
def real_pipeline() -> object:
    from services.nlp.pipeline import Pipeline

    return Pipeline().load()


def test_real_pipeline_on_a_seed_article(real_pipeline: object) -> None:
    settings = _settings()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    outcome, broker = _handle([_record(seed.read_bytes(), b"seed-0")], settings, pipeline=real_pipeline)
    assert outcome.enriched == ["seed-0"]
    [(_, article)] = broker.records(ENRICHED, settings)
    assert isinstance(article, EnrichedArticle) and article.entities
    entity_ids = {e.entity_id for e in article.entities if e.label != "DATE"}
    assert sorted(key for key, _ in broker.records(ENTITIES, settings)) == sorted(i.encode() for i in entity_ids)


def test_pipelined_batches_send_in_batch_order_whatever_the_previous_batch_did() -> None:
    """The agent hands batch 2 to the NLP while batch 1's outputs are sent; batch 2 sends only after batch 1 is
    done (order kept), and a batch 1 that failed does not take batch 2 down with it."""
    settings = _settings()
    broker = FakeBroker()
    handler = BatchHandler(settings, FakePipeline(), broker.send)  # type: ignore[arg-type]

    async def run() -> tuple[BatchOutcome, BatchOutcome]:
        gate: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        async def first() -> BatchOutcome:
            await gate  # batch 1 is still sending its outputs
            return await handler.handle([_record(b"Putin one", b"a-1")])

        task1 = asyncio.create_task(first())
        task2 = asyncio.create_task(handler.handle([_record(b"Delhi two", b"a-2")], before_send=task1))
        await asyncio.sleep(0.2)
        assert broker.topics[ENRICHED.name(settings)] == []  # batch 2 enriched, but waits for batch 1
        gate.set_result(None)
        return await task1, await task2

    try:
        one, two = asyncio.run(run())

        async def failed_previous() -> BatchOutcome:
            async def boom() -> None:
                raise RuntimeError("sending a dead letter failed")
            return await handler.handle([_record(b"Putin three", b"a-3")], before_send=asyncio.ensure_future(boom()))

        three = asyncio.run(failed_previous())
    finally:
        handler.close()
    assert (one.enriched, two.enriched, three.enriched) == (["a-1"], ["a-2"], ["a-3"])
    keys = [key for key, _ in broker.topics[ENRICHED.name(settings)]]
    assert keys == [b"a-1", b"a-2", b"a-3"]
