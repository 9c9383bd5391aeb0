"""Did every input come out? One accounting check for the reliability tests and the soak.

The README promises ``consumed = enriched + dead-lettered``: each input id appears on ``articles.enriched``
(possibly more than once: at-least-once, idempotent by key) or on ``articles.dlq``, never on neither, never on both,
and nothing appears that was not put in. ``OutputTally`` reads both output topics incrementally (no consumer
group, all partitions from the beginning), so it can be polled until everything is accounted for.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.config import Settings
from services.records import DeadLetter


def dlq_id(letter: DeadLetter) -> str | None:
    """The input id a dead letter stands for: the article id when parsed, else the Kafka key of the input."""
    if letter.article_id:
        return letter.article_id
    if letter.key_base64:
        return base64.b64decode(letter.key_base64).decode("utf-8", errors="replace")
    return None


@dataclass
class Accounting:
    """Outcome per input id. ``ok`` means none lost, none both enriched and dead-lettered, nothing unexpected."""

    inputs: set[str]
    enriched: Counter[str]  # id -> records on articles.enriched (> 1 = a replay, allowed)
    dead: dict[str | None, list[DeadLetter]]  # id -> dead letters for it
    enriched_ids: set[str] = field(init=False)
    dead_ids: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.enriched_ids = set(self.enriched)
        self.dead_ids = {k for k in self.dead if k is not None}

    @property
    def lost(self) -> set[str]:
        return self.inputs - self.enriched_ids - self.dead_ids

    @property
    def both(self) -> set[str]:
        """Ids both enriched and dead-lettered: a record must have exactly one fate."""
        return self.enriched_ids & self.dead_ids & self.inputs

    @property
    def unexpected(self) -> set[str | None]:
        """Outputs for ids that were never put in (None: a dead letter without id or key)."""
        return (self.enriched_ids | set(self.dead)) - self.inputs  # type: ignore[operator]

    @property
    def duplicate_records(self) -> int:
        """Enriched records beyond the first per id (replays after a crash; harmless, same key)."""
        return sum(n - 1 for n in self.enriched.values() if n > 1) + sum(
            len(v) - 1 for k, v in self.dead.items() if k is not None and len(v) > 1
        )

    @property
    def complete(self) -> bool:
        return not self.lost

    @property
    def ok(self) -> bool:
        return not self.lost and not self.both and not self.unexpected

    def summary(self) -> str:
        return (
            f"in={len(self.inputs)} enriched={len(self.enriched_ids & self.inputs)} "
            f"dead-lettered={len(self.dead_ids & self.inputs)} lost={len(self.lost)} both={len(self.both)} "
            f"unexpected={len(self.unexpected)} duplicate-records={self.duplicate_records}"
        )

    def assert_ok(self) -> None:
        """Raise AssertionError naming a few offending ids (the one check every reliability test uses)."""
        problems = []
        for name, ids in (("lost", self.lost), ("both enriched and dead-lettered", self.both),
                          ("unexpected", self.unexpected)):
            if ids:
                problems.append(f"{len(ids)} {name}: {sorted(map(str, ids))[:5]}")
        assert not problems, f"accounting failed ({self.summary()}): " + "; ".join(problems)


class OutputTally:
    """Incremental reader of ``articles.enriched`` and ``articles.dlq`` (all partitions, from offset 0 or from
    the end offsets at entry)."""

    def __init__(self, settings: Settings, *, keep_values: bool = False, from_beginning: bool = True) -> None:
        self.settings = settings
        self.keep_values = keep_values
        self.from_beginning = from_beginning  # False: only outputs written after entering (shared topics)
        self.enriched: Counter[str] = Counter()
        self.values: dict[str, bytes] = {}  # last enriched value per id (keep_values=True)
        self.dead: dict[str | None, list[DeadLetter]] = {}
        self._consumer: AIOKafkaConsumer | None = None

    async def __aenter__(self) -> "OutputTally":
        s = self.settings
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=s.bootstrap_servers,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_bytes=max(s.max_article_bytes * 4, 52428800),
            max_partition_fetch_bytes=max(s.dlq_max_message_bytes, 1048576),
            **s.aiokafka_security_kwargs(),
        )
        await self._consumer.start()
        await self._consumer._client.force_metadata_update()  # noqa: SLF001 - topics created after start
        tps = []
        for topic in (s.topic_enriched, s.topic_dlq):
            parts = self._consumer.partitions_for_topic(topic)
            if not parts:
                raise RuntimeError(f"topic {topic} does not exist")
            tps += [TopicPartition(topic, p) for p in sorted(parts)]
        self._consumer.assign(tps)
        if self.from_beginning:
            await self._consumer.seek_to_beginning()
        else:
            for tp, end in (await self._consumer.end_offsets(tps)).items():
                self._consumer.seek(tp, end)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._consumer is not None:
            await self._consumer.stop()

    async def drain(self, idle_timeout: float = 0.5, max_seconds: float | None = None) -> int:
        """Read until no record arrives for ``idle_timeout`` seconds, or for at most ``max_seconds`` (None: no
        bound; under a steady stream only the bound stops it); returns how many were read."""
        assert self._consumer is not None, "use `async with OutputTally(...)`"
        count = 0
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        while deadline is None or time.monotonic() < deadline:
            batch = await self._consumer.getmany(timeout_ms=int(idle_timeout * 1000), max_records=5000)
            if not batch:
                return count
            for tp, records in batch.items():
                for rec in records:
                    count += 1
                    if tp.topic == self.settings.topic_enriched:
                        key = rec.key.decode("utf-8", errors="replace") if rec.key else "<no key>"
                        self.enriched[key] += 1
                        if self.keep_values:
                            self.values[key] = rec.value
                    else:
                        letter = DeadLetter.model_validate_json(rec.value)
                        self.dead.setdefault(dlq_id(letter), []).append(letter)
        return count

    def accounting(self, inputs: Iterable[str]) -> Accounting:
        return Accounting(set(inputs), Counter(self.enriched), {k: list(v) for k, v in self.dead.items()})

    async def wait_for(self, inputs: Iterable[str], timeout: float, *, settle: float = 1.0) -> Accounting:
        """Poll until every input id came out (or the deadline), then read ``settle`` seconds more for late
        duplicates or surprises. Returns the accounting either way; callers assert on it."""
        ids = set(inputs)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await self.drain(idle_timeout=0.5)
            if self.accounting(ids).complete:
                break
            await asyncio.sleep(0.2)
        await self.drain(idle_timeout=settle)
        return self.accounting(ids)


async def account(settings: Settings, inputs: Iterable[str], timeout: float = 120.0) -> Accounting:
    """One-shot: read the output topics until every input is accounted for (or ``timeout``)."""
    async with OutputTally(settings) as tally:
        return await tally.wait_for(inputs, timeout)


async def consumer_lag(settings: Settings) -> dict[int, int]:
    """Per-partition lag of the worker group on ``articles.raw``: end offset - committed offset."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **settings.aiokafka_security_kwargs())
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                                **settings.aiokafka_security_kwargs())
    await admin.start()
    await consumer.start()
    try:
        offsets = await admin.list_consumer_group_offsets(settings.app_id)
        committed = {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == settings.topic_raw}
        parts = consumer.partitions_for_topic(settings.topic_raw)
        if parts is None:
            await consumer._client.force_metadata_update()  # noqa: SLF001
            parts = consumer.partitions_for_topic(settings.topic_raw) or set()
        tps = [TopicPartition(settings.topic_raw, p) for p in sorted(parts)]
        ends = await consumer.end_offsets(tps)
        return {tp.partition: ends[tp] - max(committed.get(tp.partition, 0), 0) for tp in tps}
    finally:
        await consumer.stop()
        await admin.close()
