"""Shared fixtures: one embedded Kafka-protocol broker per test session (real broker, no mocks)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from services.broker import EmbeddedBroker, free_port
from services.config import Settings
from services.demo import WorkerProcess
from services.kafka import create_topics

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker(data_dir=tmp_path_factory.mktemp("broker")) as running:
        yield running


def make_settings(broker: EmbeddedBroker, tmp_path: Path, **overrides: object) -> Settings:
    """Settings with topic names unique to one test, so tests never see each other's records."""
    suffix = uuid.uuid4().hex[:8]
    values: dict[str, object] = dict(
        bootstrap_servers=broker.bootstrap_servers,
        topic_raw=f"raw-{suffix}",
        topic_enriched=f"enriched-{suffix}",
        topic_entities=f"entities-{suffix}",
        topic_dlq=f"dlq-{suffix}",
        app_id=f"samachar-test-{suffix}",
        partitions=4,
        web_port=free_port(),
        data_dir=tmp_path / "worker-data",
        batch_size=8,
        batch_timeout_seconds=0.2,
    )
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(broker: EmbeddedBroker, tmp_path: Path) -> Settings:
    settings = make_settings(broker, tmp_path)
    asyncio.run(_create(settings))
    return settings


async def _create(settings: Settings) -> None:
    from services.kafka import create_topics

    await create_topics(settings)


@contextmanager
def running_worker(settings: Settings, worker: WorkerProcess, expect_alive_at_end: bool = False) -> Iterator[WorkerProcess]:
    """The topics of ``settings`` created, ``worker`` started and ready; on exit stopped and its log tail printed.

    ``expect_alive_at_end``: assert the worker was still running when stopped (it did not crash during the tests).
    """
    asyncio.run(create_topics(settings))
    worker.start()
    try:
        worker.wait_ready()
        yield worker
    finally:
        code = worker.stop()
        print(worker.tail())
        if expect_alive_at_end:
            assert code is not None
