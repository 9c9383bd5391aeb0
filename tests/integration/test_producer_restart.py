"""A producer interrupted mid-directory and run again creates no new article identities.

Keys on ``articles.raw`` are article ids (content hashes for plain files), so re-sending a file after a crash is
a duplicate record under the same key, never a new article. Checked twice: ``produce_paths`` aborted by a crash
after N files then re-run over the whole directory, and ``samachar produce --watch`` SIGKILLed mid-directory then
restarted (files already moved to ``.processed`` are not sent again; the one in flight may be).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.config import Settings
from services.demo import settings_env
from services.kafka import read_topic
from services.producer import produce as produce_module
from services.producer.produce import produce_paths
from services.records import content_id
from services.testing.generate import generate

pytestmark = pytest.mark.integration


def _write_articles(directory: Path, count: int, prefix: str) -> set[str]:
    """``count`` distinct .txt articles; returns their expected ids (content hash, computed independently)."""
    directory.mkdir(parents=True, exist_ok=True)
    ids = set()
    for i, rec in enumerate(generate(count, seed=5, prefix=prefix)):
        text = json.loads(rec.value)["text"] + f"\n\n({prefix} {i})"  # type: ignore[arg-type]
        (directory / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        ids.add(content_id(text))
    assert len(ids) == count
    return ids


async def _raw_keys(settings: Settings) -> Counter[str]:
    return Counter([rec.key.decode() async for rec in read_topic(settings, settings.topic_raw, idle_timeout=1.0)])


async def _raw_count(settings: Settings) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers)
    await consumer.start()
    try:
        parts = consumer.partitions_for_topic(settings.topic_raw)
        if not parts:
            await consumer._client.force_metadata_update()  # noqa: SLF001
            parts = consumer.partitions_for_topic(settings.topic_raw) or set()
        ends = await consumer.end_offsets([TopicPartition(settings.topic_raw, p) for p in parts])
        return sum(ends.values())
    finally:
        await consumer.stop()


class Crash(Exception):
    """Stands in for the process dying between two files."""


def test_produce_crashed_after_n_files_then_rerun_keeps_identities(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "articles"
    expected = _write_articles(inbox, 120, "crash")
    real_read = produce_module.read_file
    calls = 0

    def crashing_read(path: Path, max_bytes: int) -> list:
        nonlocal calls
        calls += 1
        if calls > 50:
            raise Crash(f"crash before {path.name}")
        return real_read(path, max_bytes)

    monkeypatch.setattr(produce_module, "read_file", crashing_read)
    with pytest.raises(Crash):
        asyncio.run(produce_paths(settings, [inbox], progress=False))
    monkeypatch.setattr(produce_module, "read_file", real_read)
    after_crash = asyncio.run(_raw_keys(settings))
    assert 0 < len(after_crash) <= 50 and set(after_crash) < expected, len(after_crash)

    report = asyncio.run(produce_paths(settings, [inbox], progress=False))
    assert report.files == 120 and report.sent == 120 and report.dead_lettered == 0
    assert set(report.keys) == expected
    keys = asyncio.run(_raw_keys(settings))
    assert set(keys) == expected, "a re-run created new article identities"
    assert all(keys[k] == 2 for k in after_crash) and sum(keys.values()) == 120 + len(after_crash)


@pytest.mark.slow
def test_watch_killed_mid_directory_then_restarted(settings: Settings, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    expected = _write_articles(inbox, 300, "watch")
    cmd = [sys.executable, "-m", "services.cli", "produce", "--watch", str(inbox), "--interval", "0.5"]
    env = settings_env(settings)

    def start(log: Path) -> subprocess.Popen[bytes]:
        with open(log, "ab") as out:
            return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    first = start(tmp_path / "watch-1.log")
    try:
        deadline = time.monotonic() + 120
        while asyncio.run(_raw_count(settings)) < 60:
            assert first.poll() is None, (tmp_path / "watch-1.log").read_text()
            assert time.monotonic() < deadline, "watch produced nothing"
            time.sleep(0.2)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    left = sorted(p.name for p in inbox.glob("*.txt"))
    assert left, "SIGKILL came after the whole directory: not mid-directory"
    sent_before = asyncio.run(_raw_keys(settings))

    second = start(tmp_path / "watch-2.log")
    try:
        deadline = time.monotonic() + 180
        while list(inbox.glob("*.txt")):
            assert second.poll() is None, (tmp_path / "watch-2.log").read_text()
            assert time.monotonic() < deadline, f"{len(list(inbox.glob('*.txt')))} files never produced"
            time.sleep(0.3)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)

    keys = asyncio.run(_raw_keys(settings))
    print(f"killed with {len(left)} files left and {len(sent_before)} sent; {sum(keys.values())} records in total")
    assert set(keys) == expected, "a restart created new article identities (or lost some)"
    duplicates = sum(n - 1 for n in keys.values())
    assert duplicates <= 1, f"{duplicates} re-sent: only the file in flight at the kill may be sent twice"
    assert len(list((inbox / ".processed").glob("*.txt"))) == 300 and not list((inbox / ".failed").iterdir())
