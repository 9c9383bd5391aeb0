"""Record batches the worker's consumer cannot decode are skipped and dead-lettered, never a crash (issue 11 item 1).

A broker can deliver a batch that no client can read: a compressed batch whose payload does not decompress (a
broken producer; the embedded broker stores such a batch, its CRC being right), a batch whose CRC does not match
(corruption on disk or on the wire), a codec the client lacks. aiokafka raises these from ``getmany``, and Faust then
stops the worker; the restarted worker fetches the same batch again: a crash loop on one batch, nothing enriched
behind it.

``install()`` makes aiokafka read each batch whole (CRC, decompression, record parsing) before it hands out any of
its records. A batch that fails is skipped (the consumer's position moves past it; Faust commits across the gap)
and queued as an :class:`UndecodableBatch`; ``dead_letter_undecodable`` turns each into a ``DeadLetter`` (stage
``decode``, error type ``CorruptRecordBatch``, the offsets and the error in the message; the payload is empty: the
bytes are not records) on the DLQ topic and counts it in ``samachar_records_dead_lettered_total``, so the existing
dead-letter alert covers it. A skipped batch at the very end of a partition is read again after a restart (its
offsets are committed only once a later record is), so it may be dead-lettered twice: never lost, never a crash.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from aiokafka.consumer import fetcher as _fetcher
from aiokafka.errors import CorruptRecordException

from services import metrics
from services.outputs import DLQ
from services.records import DeadLetter

log = logging.getLogger(__name__)

STAGE = "decode"
ERROR_TYPE = "CorruptRecordBatch"


@dataclass(frozen=True)
class UndecodableBatch:
    topic: str
    partition: int
    first_offset: int
    next_offset: int  # the first offset after the batch
    error: str  # exception class and message

    def message(self) -> str:
        return (
            f"record batch at offsets {self.first_offset}..{self.next_offset - 1} of {self.topic}[{self.partition}] "
            f"cannot be decoded ({self.error[:1000]}); its records were skipped"
        )


_faults: queue.SimpleQueue[UndecodableBatch] = queue.SimpleQueue()  # filled by the consumer (any thread)


def pending() -> Iterator[UndecodableBatch]:
    """Take every batch skipped since the last call."""
    while True:
        try:
            yield _faults.get_nowait()
        except queue.Empty:
            return


class _ReadBatch:
    """A batch whose records were read up front, served to aiokafka like the original batch."""

    def __init__(self, batch: Any, records: list[Any]) -> None:
        self._batch = batch
        self._records = iter(records)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._batch, name)

    def validate_crc(self) -> bool:
        return True  # checked before reading

    def __iter__(self) -> "_ReadBatch":
        return self

    def __next__(self) -> Any:
        return next(self._records)


class _GuardedRecords:
    """aiokafka's ``MemoryRecords`` of one fetched partition, handing out only batches that could be read."""

    def __init__(self, tp: Any, records: Any) -> None:
        self._tp = tp
        self._records = records
        self._next: _ReadBatch | None = None
        self.owner: Any = None  # the PartitionRecords, for its check_crcs flag and fetch position

    def has_next(self) -> bool:
        while self._next is None and self._records.has_next():
            self._next = self._read(self._records.next_batch())
        return self._next is not None

    def next_batch(self) -> _ReadBatch | None:
        self.has_next()
        batch, self._next = self._next, None
        return batch

    def _read(self, batch: Any) -> _ReadBatch | None:
        try:
            if self.owner._check_crcs and not batch.validate_crc():  # noqa: SLF001 - aiokafka's own flag
                raise CorruptRecordException("invalid CRC")
            return _ReadBatch(batch, list(batch))
        except Exception as exc:  # noqa: BLE001 - whatever decoding raises, the batch is unreadable
            fault = UndecodableBatch(self._tp.topic, self._tp.partition, batch.base_offset, batch.next_offset,
                                     f"{type(exc).__name__}: {exc}")
            log.error("skipping an undecodable %s (dead-lettered as %s/%s)", fault.message(), STAGE, ERROR_TYPE)
            self.owner.next_fetch_offset = max(self.owner.next_fetch_offset, batch.next_offset)
            _faults.put(fault)
            return None


_original_init = _fetcher.PartitionRecords.__init__


def _guarded_init(self: Any, tp: Any, records: Any, *args: Any, **kwargs: Any) -> None:
    guarded = _GuardedRecords(tp, records)
    _original_init(self, tp, guarded, *args, **kwargs)  # only builds the (lazy) record iterator
    guarded.owner = self


def install() -> None:
    """Guard every aiokafka consumer of this process (idempotent)."""
    _fetcher.PartitionRecords.__init__ = _guarded_init  # type: ignore[method-assign]


async def dead_letter_undecodable(dlq_topic: str, send: Callable[[str, bytes | None, bytes], Awaitable[None]]) -> int:
    """Send a dead letter for every batch skipped so far to ``dlq_topic``; returns how many."""
    sent = 0
    for fault in pending():
        letter = DeadLetter.from_bytes(
            b"", None, stage=STAGE, error_type=ERROR_TYPE, message=fault.message(),
            source_topic=fault.topic, partition=fault.partition, offset=fault.first_offset,
        )
        await send(dlq_topic, DLQ.key(letter), DLQ.encode(letter))
        metrics.record_produced(dlq_topic)
        metrics.record_dead_letter(STAGE, ERROR_TYPE)
        sent += 1
    return sent
