"""One batch of raw Kafka records -> enriched, entity and dead-letter records. Every record in comes out once.

Transport-neutral on purpose: it takes ``InRecord``s (value, key, topic, partition, offset, timestamp) and an async
``send(topic, key, value)``, so the Faust agent (``services.enricher.app``), ``samachar enrich`` (a ``send`` that
writes JSON lines, ``services.enrich_local``) and the broker-free tests (``tests/unit/test_handler.py``, a ``send``
that keeps records in memory) run the same routing. Which topics an enriched article goes to, with which keys, is
the registry in ``services.outputs``.
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
from services.outputs import ARTICLE_OUTPUTS, DLQ
from services.nlp.types import StageError
from services.payload import parse_raw_article
from services.records import DeadLetter, EnrichedArticle, utcnow

log = logging.getLogger(__name__)

Send = Callable[[str, bytes | None, bytes], Awaitable[None]]
"""``await send(topic_name, key, value)``: write one record; raising means it was not written."""


@dataclass(slots=True)
class InRecord:
    """One record read from the input topic; only ``value`` is required (``samachar enrich`` has no offsets)."""

    value: bytes | None
    key: bytes | None = None
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    timestamp: float | None = None  # seconds since the epoch (Kafka record timestamp)


@dataclass(slots=True)
class BatchOutcome:
    """What became of a batch: ids of the enriched articles, (stage, error_type) of each dead letter."""

    enriched: list[str] = field(default_factory=list)
    dead_lettered: list[tuple[str, str]] = field(default_factory=list)  # (stage, error_type)


class BatchHandler:
    """Runs the NLP pipeline off the event loop (one thread) and routes each result to its topic.

    ``pipeline`` needs only ``enrich_batch(items) -> [EnrichedArticle | StageError]`` (same length and order).
    ``log_dead_letters=False`` stops the WARNING log line per dead letter (``samachar enrich`` prints the letter
    itself). Call ``close()`` when done (stops the NLP thread).
    """

    def __init__(self, settings: Settings, pipeline: Pipeline, send: Send, *, log_dead_letters: bool = True) -> None:
        self.settings = settings
        self.pipeline = pipeline
        self.send = send
        self.log_dead_letters = log_dead_letters
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samachar-nlp")
        # DLQ record must fit in the DLQ topic: base64 grows 4/3, plus the envelope.
        dlq_limit = DLQ.message_bytes(settings) or 1024 * 1024
        self._dlq_payload_limit = max(dlq_limit * 3 // 4 - 64 * 1024, 0)

    async def handle(self, records: Sequence[InRecord], before_send: Awaitable[object] | None = None) -> BatchOutcome:
        """Enrich a batch and send every result; each record ends enriched or dead-lettered, exactly once.

        A record that is not an article (decode/validate), fails an NLP stage, or whose outputs cannot be sent
        (``produce``) goes to the DLQ alone; an unexpected failure dead-letters the batch's unfinished records
        (stage ``record``). ``before_send`` (the previous batch's task, when the agent pipelines batches) is awaited,
        whatever its outcome, before this batch's results are sent, so outputs keep the batch order. Raises only if
        sending a dead letter itself fails (the caller must not commit then).
        """
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
                results = await loop.run_in_executor(self._executor, self._enrich, [item for _, item in pending])
            else:
                results = []
            if before_send is not None:  # the previous batch's outputs go first; its failure is not ours
                await asyncio.wait([asyncio.ensure_future(before_send)])
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

    def _enrich(self, items: list[PipelineItem]) -> list[EnrichedArticle | StageError]:
        """In the NLP thread; timed there, so a batch queued behind the previous one is not charged the wait."""
        with metrics.stage_timer("record"):
            return self.pipeline.enrich_batch(items)

    async def _emit(self, article: EnrichedArticle) -> None:
        """Send the article's records to every article output of the registry (enriched first, then entities)."""
        for spec in ARTICLE_OUTPUTS:
            topic = spec.name(self.settings)
            for record in spec.records(article):
                await self.send(topic, spec.key(record), spec.encode(record))
                metrics.record_produced(topic)
        e2e = (article.enriched_at - article.ingested_at).total_seconds()
        metrics.record_enriched(article.language.code, [e.label for e in article.entities], e2e)

    async def dead_letter(
        self, rec: InRecord, err: StageError, outcome: BatchOutcome, article_id: str | None = None
    ) -> None:
        """Send ``rec`` to the DLQ with ``err``'s stage, error type and message (cut to 4000 characters).

        The letter keeps the record's key and its value base64-encoded, cut to what fits the DLQ topic
        (``payload_truncated``; ``payload_bytes`` is always the original size). Appends to ``outcome``.
        """
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
        if self.log_dead_letters:
            log.warning("dead-letter %s/%s offset %s: %s: %s", rec.topic, rec.partition, rec.offset, err.error_type,
                        err.message[:300])
        topic = DLQ.name(self.settings)
        await self.send(topic, DLQ.key(letter), DLQ.encode(letter))
        metrics.record_produced(topic)
        metrics.record_dead_letter(err.stage, err.error_type)
        outcome.dead_lettered.append((err.stage, err.error_type))

    def close(self) -> None:
        """Stop the NLP thread (a batch running in it is abandoned)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
