"""Put generated records on ``articles.raw`` (keys = article ids), as a scraper with a Kafka client would."""

from __future__ import annotations

from collections.abc import Iterable

from services.config import Settings
from services.kafka import make_producer
from services.testing.generate import GenRecord


async def send_records(settings: Settings, records: Iterable[GenRecord], *, partition: int | None = None) -> int:
    """Send every record (acks=all) and wait until the broker has acknowledged all of them."""
    producer = make_producer(settings)
    await producer.start()
    sent = 0
    try:
        futures = []
        for rec in records:
            futures.append(await producer.send(settings.topic_raw, key=rec.key.encode("utf-8"), value=rec.value,
                                               partition=partition))
            sent += 1
        await producer.flush()
        for fut in futures:
            await fut
    finally:
        await producer.stop()
    return sent
