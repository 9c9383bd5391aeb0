"""One batch of raw Kafka records -> enriched, entity and dead-letter records. Every record in comes out once.

Transport-neutral on purpose: it takes (value, key, topic, partition, offset, timestamp) tuples and an async
``send`` callable, so the Faust agent, tests and benchmarks share it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone

from services import metrics
from services.config import Settings
from services.nlp.pipeline import Pipeline, PipelineItem
from services.outputs import entity_records
from services.nlp.types import StageError
from services.payload import parse_raw_article
from services.records import DeadLetter, EnrichedArticle, utcnow

log = logging.getLogger(__name__)

Send = Callable[[str, bytes | None, bytes], Awaitable[None]]


@dataclass(slots=True)
class InRecord:
    value: bytes | None
    key: bytes | None = None
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    timestamp: float | None = None  # seconds since the epoch (Kafka record timestamp)


@dataclass(slots=True)
class BatchOutcome:
    enriched: list[str] = field(default_factory=list)
    dead_lettered: list[tuple[str, str]] = field(default_factory=list)  # (stage, error_type)


class BatchHandler:
    """Runs the NLP pipeline off the event loop (one thread) and routes each result to its topic."""

    def __init__(self, settings: Settings, pipeline: Pipeline, send: Send) -> None:
        self.settings = settings
        self.pipeline = pipeline
        self.send = send
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samachar-nlp")
        # DLQ record must fit in the DLQ topic: base64 grows 4/3, plus the envelope.
        self._dlq_payload_limit = settings.dlq_max_message_bytes * 3 // 4 - 64 * 1024

    async def handle(self, records: Sequence[InRecord]) -> BatchOutcome:
        outcome = BatchOutcome()
        metrics.record_batch(len(records))
        metrics.RECORDS_IN_FLIGHT.inc(len(records))
        pending: list[tuple[InRecord, PipelineItem]] = []
        handled: set[int] = set()  # ids of records already enriched or dead-lettered
        try:
            for rec in records:
                if rec.topic:
                    metrics.record_consumed(rec.topic)
                try:
                    article = parse_raw_article(rec.value, rec.key, max_bytes=self.settings.max_article_bytes)
                except StageError as err:
                    await self.dead_letter(rec, err, outcome)
                    handled.add(id(rec))
                    continue
                ingested = datetime.fromtimestamp(rec.timestamp, tz=timezone.utc) if rec.timestamp else utcnow()
                pending.append((rec, PipelineItem(article=article, ingested_at=ingested, source_uri=None)))

            if pending:
                loop = asyncio.get_running_loop()
                with metrics.stage_timer("record"):
                    results = await loop.run_in_executor(
                        self._executor, self.pipeline.enrich_batch, [item for _, item in pending]
                    )
            else:
                results = []
            for (rec, item), result in zip(pending, results):
                if isinstance(result, StageError):
                    await self.dead_letter(rec, result, outcome, article_id=item.article.id)
                    handled.add(id(rec))
                    continue
                try:
                    await self._emit(result)
                except Exception as exc:  # noqa: BLE001 - e.g. record too large for the output topic
                    await self.dead_letter(rec, StageError("produce", type(exc).__name__, str(exc)), outcome,
                                           article_id=result.id)
                    handled.add(id(rec))
                    continue
                outcome.enriched.append(result.id)
                handled.add(id(rec))
        except Exception as exc:  # noqa: BLE001 - never lose a record: whatever is left goes to the DLQ
            log.exception("batch failed unexpectedly; dead-lettering its unfinished records")
            err = StageError("record", type(exc).__name__, f"unexpected failure: {exc}")
            for rec in records:
                if id(rec) not in handled:
                    await self.dead_letter(rec, err, outcome)
        finally:
            metrics.RECORDS_IN_FLIGHT.dec(len(records))
        return outcome

    async def _emit(self, article: EnrichedArticle) -> None:
        s = self.settings
        key = article.id.encode("utf-8")
        await self.send(s.topic_enriched, key, article.model_dump_json().encode("utf-8"))
        metrics.record_produced(s.topic_enriched)
        for record in entity_records(article):
            await self.send(s.topic_entities, record.entity_id.encode("utf-8"), record.model_dump_json().encode("utf-8"))
            metrics.record_produced(s.topic_entities)
        e2e = (article.enriched_at - article.ingested_at).total_seconds()
        metrics.record_enriched(article.language.code, [e.label for e in article.entities], e2e)

    async def dead_letter(
        self, rec: InRecord, err: StageError, outcome: BatchOutcome, article_id: str | None = None
    ) -> None:
        payload = rec.value or b""
        truncated = len(payload) > self._dlq_payload_limit
        letter = DeadLetter.from_bytes(
            payload[: self._dlq_payload_limit] if truncated else payload,
            rec.key,
            stage=err.stage,
            error_type=err.error_type,
            message=err.message[:4000],
            source_topic=rec.topic,
            partition=rec.partition,
            offset=rec.offset,
            article_id=article_id,
        )
        letter.payload_bytes = len(payload)
        letter.payload_truncated = truncated
        log.warning("dead-letter %s/%s offset %s: %s: %s", rec.topic, rec.partition, rec.offset, err.error_type,
                    err.message[:300])
        await self.send(self.settings.topic_dlq, rec.key, letter.model_dump_json().encode("utf-8"))
        metrics.record_produced(self.settings.topic_dlq)
        metrics.record_dead_letter(err.stage, err.error_type)
        outcome.dead_lettered.append((err.stage, err.error_type))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
