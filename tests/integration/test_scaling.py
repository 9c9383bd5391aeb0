"""Scaling under load: a second worker joins while the first drains a backlog (what ``docker compose up --scale
enricher=2`` or an autoscaler does), on the real embedded broker.

The group must settle with both workers holding partitions, the second must enrich records, and the accounting
must hold (every input enriched or dead-lettered, replays allowed). Before ``services.kafka.
install_keep_member_id_on_illegal_generation`` the first worker lost its member id on the commit that met the new
generation, the group kept the old id as a leader that never came back, and neither worker got a partition again.
No timing is asserted beyond generous timeouts.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from services.broker import EmbeddedBroker, free_port
from services.demo import WorkerProcess
from services.testing.accounting import OutputTally
from services.testing.feed import send_records
from services.testing.generate import generate
from tests.conftest import make_settings, running_worker

pytestmark = pytest.mark.integration


def _readyz(worker: WorkerProcess) -> dict[str, object]:
    try:
        with urllib.request.urlopen(worker.url + "/readyz", timeout=5) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as exc:  # 503 while not ready still has a body
        return json.loads(exc.read())
    except OSError:  # not listening yet
        return {"assigned": []}


def _done(worker: WorkerProcess) -> float:
    """Records the worker enriched or dead-lettered so far (its /metrics)."""
    with urllib.request.urlopen(worker.url + "/metrics", timeout=5) as resp:
        text = resp.read().decode()
    return sum(float(m[3]) for m in re.finditer(
        r"^samachar_records_(enriched|dead_lettered)_total(\{[^}]*\})? (\S+)$", text, re.M))


@pytest.mark.slow
def test_second_worker_joins_during_backlog(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path, batch_size=8)
    records = list(generate(900, seed=15, min_sentences=2, max_sentences=8, prefix=f"scale-{uuid.uuid4().hex[:8]}"))
    ids = {r.key for r in records}
    first = WorkerProcess(settings, tmp_path / "worker-1.log")
    second = WorkerProcess(settings.model_copy(update={"web_port": free_port()}), tmp_path / "worker-2.log")

    async def scenario() -> tuple[float, float, object]:
        await send_records(settings, records)  # the backlog, then the second worker joins while it drains
        deadline = time.monotonic() + 120
        while _done(first) < 40:  # the first worker is busy: its commits meet the new generation
            assert time.monotonic() < deadline, first.tail()
            await asyncio.sleep(0.5)
        second.start()
        try:
            deadline = time.monotonic() + 180
            while True:
                a, b = _readyz(first), _readyz(second)
                if a.get("assigned") and b.get("assigned") and not a.get("rebalancing") and not b.get("rebalancing"):
                    break
                assert second.proc is not None and second.proc.poll() is None, second.tail()
                assert time.monotonic() < deadline, f"the group did not settle: {a} {b}\n{first.tail()}\n{second.tail()}"
                await asyncio.sleep(0.5)
            assert set(a["assigned"]) | set(b["assigned"]) == {f"{settings.topic_raw}:{p}" for p in range(4)}  # type: ignore[arg-type]
            assert not set(a["assigned"]) & set(b["assigned"])  # type: ignore[arg-type]
            async with OutputTally(settings) as tally:
                acc = await tally.wait_for(ids, timeout=240, settle=2.0)
            return _done(first), _done(second), acc
        finally:
            second.stop()
            print(second.tail())

    with running_worker(settings, first):
        by_first, by_second, acc = asyncio.run(scenario())
    print(f"first {by_first:.0f}, second {by_second:.0f}; {acc.summary()}")  # type: ignore[attr-defined]
    acc.assert_ok()  # type: ignore[attr-defined]
    assert by_second > 0, "the second worker never enriched anything"
    assert by_first + by_second >= len(ids)  # replays after the rebalance may add some
