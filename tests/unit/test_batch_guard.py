"""Issue 11 item 1 (rest), without a broker: aiokafka's records of one fetched partition, through the guard.

A batch that cannot be decoded (a payload that does not decompress; a CRC that does not match, which the embedded
broker refuses to store, so only this test covers it) is skipped and reported; the batches around it are read and
the fetch position moves past it. The worker on a real broker: tests/integration/test_undecodable_batch.py.
"""

from __future__ import annotations

import struct

import pytest
from aiokafka.consumer.fetcher import READ_UNCOMMITTED, PartitionRecords
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from aiokafka.record.memory_records import MemoryRecords
from aiokafka.record.util import calc_crc32c
from aiokafka.structs import TopicPartition

from services import batch_guard

TP = TopicPartition("articles.raw", 2)
SNAPPY = 2


def batch(base_offset: int, count: int, *, snappy: bool = False, scramble: bool = False, fix_crc: bool = True) -> bytes:
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=SNAPPY if snappy else 0, is_transactional=False,
                                        producer_id=-1, producer_epoch=-1, base_sequence=-1, batch_size=1 << 20)
    for i in range(count):
        builder.append(offset=i, timestamp=None, key=b"k%d" % (base_offset + i), value=b"text " * 200, headers=[])
    data = bytearray(builder.build())
    struct.pack_into(">q", data, 0, base_offset)  # what the broker assigns; not covered by the CRC
    if scramble:
        for i in range(61 + 8, len(data)):
            data[i] ^= 0x5A
        if fix_crc:
            struct.pack_into(">I", data, 17, calc_crc32c(bytes(data[21:])))
    return bytes(data)


def read(data: bytes) -> tuple[list[int], int, list[batch_guard.UndecodableBatch]]:
    list(batch_guard.pending())  # nothing left from another test
    records = PartitionRecords(TP, MemoryRecords(data), [], 0, None, None, True, READ_UNCOMMITTED)
    offsets = [r.offset for r in records]
    return offsets, records.next_fetch_offset, list(batch_guard.pending())


@pytest.fixture(autouse=True)
def guarded() -> None:
    batch_guard.install()


@pytest.mark.parametrize(
    "bad, error",
    [
        (batch(2, 3, snappy=True, scramble=True), "DecompressionError"),
        (batch(2, 3, scramble=True, fix_crc=False), "CorruptRecordException"),
    ],
    ids=["payload-does-not-decompress", "crc-mismatch"],
)
def test_an_undecodable_batch_is_skipped_and_reported(bad: bytes, error: str) -> None:
    offsets, position, faults = read(batch(0, 2) + bad + batch(5, 2, snappy=True))
    assert offsets == [0, 1, 5, 6]
    assert position == 7
    assert [(f.topic, f.partition, f.first_offset, f.next_offset) for f in faults] == [("articles.raw", 2, 2, 5)]
    assert faults[0].error.startswith(error), faults[0].error
    assert "offsets 2..4 of articles.raw[2]" in faults[0].message()


def test_a_bad_last_batch_still_moves_the_position_past_it() -> None:
    offsets, position, faults = read(batch(0, 1) + batch(1, 3, snappy=True, scramble=True))
    assert offsets == [0] and position == 4 and len(faults) == 1  # not fetched (and failed) again and again


def test_good_batches_read_as_before() -> None:
    offsets, position, faults = read(batch(0, 3) + batch(3, 2, snappy=True))
    assert offsets == [0, 1, 2, 3, 4] and position == 5 and faults == []
