"""Issue 11 item 1 (rest): a record batch that cannot be decoded at the transport level never stops the worker.

A snappy batch whose compressed payload is garbage (with a valid CRC, so the real embedded broker stores it, as a
broken producer could make it do) is written straight onto the raw topic with a raw Produce request, followed by a
good article on the same partition. aiokafka raises ``cramjam.DecompressionError`` when it reads the batch; the
worker must skip it, dead-letter it (stage ``decode``, ``CorruptRecordBatch``, its offsets), count it, keep running,
and enrich the article behind it. Before, the worker exited on the exception and crash-looped on restart.
"""

from __future__ import annotations

import asyncio
import struct
import urllib.request
from collections.abc import Iterator

import pytest
from aiokafka import TopicPartition
from aiokafka.client import AIOKafkaClient
from aiokafka.protocol.produce import ProduceRequest
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from aiokafka.record.util import calc_crc32c

from services.broker import EmbeddedBroker
from services.config import Settings
from services.demo import WorkerProcess, collect_outputs
from services.kafka import read_topic
from services.records import DeadLetter
from tests.conftest import make_settings, running_worker

pytestmark = pytest.mark.integration

SNAPPY = 2  # record batch attribute bits 0-2: the compression codec
TEXT = "भारत के प्रधानमंत्री नरेंद्र मोदी ने मंगलवार को नई दिल्ली में एक बैठक की। " * 5


def record_batch(values: list[bytes], *, compression: int = 0, corrupt_payload: bool = False) -> bytes:
    """A v2 record batch; ``corrupt_payload`` scrambles the (compressed) records and recomputes the CRC."""
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=compression, is_transactional=False,
                                        producer_id=-1, producer_epoch=-1, base_sequence=-1, batch_size=1 << 20)
    for i, value in enumerate(values):
        builder.append(offset=i, timestamp=None, key=f"bad-{i}".encode(), value=value, headers=[])
    data = bytearray(builder.build())
    if corrupt_payload:
        header = 61  # v2 batch header; the records (here: compressed) follow it
        for i in range(header + 8, len(data)):
            data[i] ^= 0x5A
        struct.pack_into(">I", data, 17, calc_crc32c(bytes(data[21:])))  # CRC over attributes..end
    return bytes(data)


async def produce_raw_batch(settings: Settings, partition: int, batch: bytes) -> None:
    client = AIOKafkaClient(bootstrap_servers=settings.bootstrap_servers)
    await client.bootstrap()
    try:
        await client.force_metadata_update()
        node = client.cluster.leader_for_partition(TopicPartition(settings.topic_raw, partition))
        request = ProduceRequest(transactional_id=None, required_acks=-1, timeout=30000,
                                 topics=[(settings.topic_raw, [(partition, batch)])])
        response = await client.send(node, request)
        errors = [p[1] for _, parts in response.topics for p in parts]
        assert errors == [0], f"broker refused the batch: {response}"
    finally:
        await client.close()


async def wait_for_decode_letter(settings: Settings, proc: WorkerProcess) -> list[DeadLetter]:
    for _ in range(120):  # bounds a hung worker; the assertion is on content, not on time
        letters = [DeadLetter.model_validate_json(rec.value)
                   async for rec in read_topic(settings, settings.topic_dlq, idle_timeout=0.5)]
        letters = [d for d in letters if d.stage == "decode"]
        if letters or (proc.proc is not None and proc.proc.poll() is not None):
            return letters
        await asyncio.sleep(0.5)
    return []


@pytest.fixture(scope="module")
def worker(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, WorkerProcess]]:
    tmp = tmp_path_factory.mktemp("undecodable")
    settings = make_settings(broker, tmp, partitions=1)
    with running_worker(settings, WorkerProcess(settings, tmp / "worker.log")) as proc:
        yield settings, proc


def test_an_undecodable_batch_is_dead_lettered_and_the_worker_goes_on(worker: tuple[Settings, WorkerProcess]) -> None:
    settings, proc = worker
    bad = record_batch([TEXT.encode()] * 3, compression=SNAPPY, corrupt_payload=True)
    asyncio.run(produce_raw_batch(settings, 0, bad))  # offsets 0..2
    good = record_batch([TEXT.encode()])
    asyncio.run(produce_raw_batch(settings, 0, good))  # offset 3, behind the bad batch

    letters = asyncio.run(wait_for_decode_letter(settings, proc))
    assert proc.proc is not None and proc.proc.poll() is None, f"worker exited:\n{proc.tail()}"
    assert len(letters) == 1, f"{letters}\n{proc.tail()}"
    letter = letters[0]
    assert (letter.error_type, letter.source_topic, letter.partition, letter.offset) == (
        "CorruptRecordBatch", settings.topic_raw, 0, 0)
    assert "0..2" in letter.message and "DecompressionError" in letter.message

    enriched, _ = asyncio.run(collect_outputs(settings, {"bad-0"}, 0, timeout=120))  # the good record's key
    assert set(enriched) == {"bad-0"}, proc.tail()
    assert proc.proc.poll() is None, f"worker exited:\n{proc.tail()}"

    body = urllib.request.urlopen(f"http://127.0.0.1:{settings.web_port}/metrics", timeout=10).read().decode()
    assert 'samachar_records_dead_lettered_total{error_type="CorruptRecordBatch",stage="decode"} 1.0' in body
