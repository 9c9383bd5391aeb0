"""Issue 11 item 1: records in compressed batches, as librdkafka/Java/Go clients send them by default, are enriched.

Every codec Kafka defines (gzip, snappy, lz4, zstd) is produced with a real non-Python client (kcat) onto the real
embedded broker and must come out enriched from a real worker process, which must still be running afterwards.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.broker import EmbeddedBroker
from services.config import Settings
from services.demo import WorkerProcess, collect_outputs
from tests.conftest import make_settings, running_worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat not installed (CI installs the Debian package)"),
]

CODECS = ("gzip", "snappy", "lz4", "zstd")
# compressible on purpose: the batch really is compressed
TEXT = "भारत के प्रधानमंत्री नरेंद्र मोदी ने मंगलवार को नई दिल्ली में एक बैठक की। " * 20


@pytest.fixture(scope="module")
def worker(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, WorkerProcess]]:
    tmp = tmp_path_factory.mktemp("codecs")
    settings = make_settings(broker, tmp)
    with running_worker(settings, WorkerProcess(settings, tmp / "worker.log")) as proc:
        yield settings, proc


def test_every_kafka_codec_is_consumed_and_enriched(worker: tuple[Settings, WorkerProcess], tmp_path: Path) -> None:
    settings, proc = worker
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    keys = {f"codec-{codec}" for codec in CODECS}
    for codec in CODECS:
        subprocess.run(
            ["kcat", "-P", "-b", settings.bootstrap_servers, "-t", settings.topic_raw, "-k", f"codec-{codec}",
             "-z", codec, str(article)],
            check=True, timeout=30,
        )
    enriched, dead = asyncio.run(collect_outputs(settings, keys, 0, timeout=120))
    assert proc.proc is not None and proc.proc.poll() is None, f"worker exited:\n{proc.tail()}"
    assert dead == []
    assert set(enriched) == keys, f"missing {keys - set(enriched)}; worker log:\n{proc.tail()}"
    for article_out in enriched.values():
        assert article_out.language.code == "hi"
        assert {e.canonical for e in article_out.entities} >= {"Narendra Modi"}
