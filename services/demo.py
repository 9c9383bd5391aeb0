"""``samachar demo``: embedded broker -> topics -> one worker -> produce PATH -> wait for every article -> summary.

Everything it starts it stops again (worker process group and broker), also on Ctrl-C or error.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from services.broker import EmbeddedBroker, free_port
from services.config import Settings
from services.kafka import create_topics, read_topic
from services.outputs import DLQ, ENRICHED
from services.processes import kill_process_group, stop_process_group
from services.producer.produce import produce_paths
from services.records import DeadLetter, EnrichedArticle

console = Console(width=None if sys.stdout.isatty() else 140)


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a child process the same Settings."""
    env = dict(os.environ)
    for name, value in settings.model_dump(exclude_none=True).items():
        if isinstance(value, dict):  # a nested section (SAMACHAR_NLP): JSON, as pydantic-settings reads it back
            value = getattr(settings, name).model_dump_json()
        env[f"SAMACHAR_{name.upper()}"] = str(value.get_secret_value() if hasattr(value, "get_secret_value") else value)
    return env


class WorkerProcess:
    """``samachar worker`` as a child process in its own process group (tests and benchmarks use it too)."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the worker's web server (``/metrics``, ``/healthz``, ``/readyz``)."""
        return f"http://127.0.0.1:{self.settings.web_port}"

    def start(self) -> "WorkerProcess":
        """Start ``samachar worker`` with this Settings in its environment; output appended to ``log_path``."""
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "worker"],
            env=settings_env(self.settings), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        return self

    def wait_ready(self, timeout: float = 180.0) -> None:
        """Poll ``/readyz`` until 200. RuntimeError if the worker exits, TimeoutError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"worker exited with {self.proc.returncode}; log: {self.log_path}\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except Exception:  # noqa: BLE001 - not up yet
                pass
            time.sleep(0.5)
        raise TimeoutError(f"worker not ready after {timeout}s; log: {self.log_path}\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        """The last ``lines`` lines of the worker's log ("" when there is none)."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM the worker's process group, SIGKILL after ``timeout`` s; its exit code (None if not running)."""
        proc, self.proc = self.proc, None
        return None if proc is None else stop_process_group(proc, timeout)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            kill_process_group(proc)


async def collect_outputs(
    settings: Settings, expected_ids: set[str], expected_dlq: int, timeout: float
) -> tuple[dict[str, EnrichedArticle], list[DeadLetter]]:
    """Read the enriched topic and the DLQ until every expected article has come out (or ``timeout`` seconds).

    ``expected_dlq`` counts the producer's dead letters (stage ``read``, no article id). Returns the enriched
    articles by id and every dead letter.
    """
    enriched: dict[str, EnrichedArticle] = {}
    dead: dict[tuple[int, int], DeadLetter] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        async for rec in read_topic(settings, ENRICHED.name(settings), idle_timeout=1.0):
            article = EnrichedArticle.model_validate_json(rec.value)
            enriched[article.id] = article
        async for rec in read_topic(settings, DLQ.name(settings), idle_timeout=0.5):
            dead[(rec.partition, rec.offset)] = DeadLetter.model_validate_json(rec.value)
        done_ids = set(enriched) | {d.article_id for d in dead.values() if d.article_id}
        worker_dlq = sum(1 for d in dead.values() if d.stage != "read")
        if expected_ids <= done_ids and len(dead) >= expected_dlq + worker_dlq and expected_ids:
            break
        if not expected_ids and len(dead) >= expected_dlq:
            break
        await asyncio.sleep(0.5)
    return enriched, list(dead.values())


def print_summary(enriched: dict[str, EnrichedArticle], dead: list[DeadLetter], seconds: float) -> None:
    """Print a table of the enriched articles, the dead letters and totals (``seconds``: wall time of the run)."""
    table = Table(title="samachar demo: enriched articles", show_lines=True)
    for col in ("id", "title", "lang", "entities", "top entities"):
        table.add_column(col, overflow="fold")
    totals: Counter[str] = Counter()
    for article in sorted(enriched.values(), key=lambda a: a.source.uri or a.id):
        counts = Counter(e.canonical for e in article.entities if e.label != "DATE")
        totals.update(counts)
        top = ", ".join(f"{name} ({n})" for name, n in counts.most_common(5))
        title = (article.title or article.text[:60]).strip()
        lang = f"{article.language.code} {article.language.confidence:.2f}"
        table.add_row(article.id[:12], title[:90], lang, str(len(article.entities)), top)
    console.print(table)
    if dead:
        console.print(f"[yellow]{len(dead)} dead-lettered:[/yellow]")
        for d in dead:
            console.print(f"  {d.source_uri or d.article_id}: {d.stage}/{d.error_type}: {d.message[:120]}")
    entities = sum(len(a.entities) for a in enriched.values())
    console.print(
        f"[bold]{len(enriched)} articles enriched, {len(dead)} dead-lettered, {entities} entity mentions, "
        f"{len(totals)} distinct entities; {seconds:.1f}s[/bold]"
    )
    if totals:
        console.print("top entities: " + ", ".join(f"{name} ({n})" for name, n in totals.most_common(10)))


def run_demo(paths: list[Path], timeout: float = 300.0, partitions: int = 4) -> int:
    """The whole demo; exit code 0, or 1 when an article did not come out within ``timeout`` seconds."""
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="samachar-demo-"))
    console.print(f"[dim]work dir {workdir}[/dim]")
    worker: WorkerProcess | None = None
    with EmbeddedBroker(log_path=workdir / "broker.log") as broker:
        try:
            settings = Settings(bootstrap_servers=broker.bootstrap_servers, partitions=partitions,
                                web_port=free_port(), data_dir=workdir / "worker-data")
            console.print(f"broker on {broker.bootstrap_servers}; creating topics ({partitions} partitions)")
            asyncio.run(create_topics(settings))
            console.print("starting worker (loading models)...")
            worker = WorkerProcess(settings, workdir / "worker.log").start()
            worker.wait_ready()
            console.print(f"worker ready at {worker.url}; producing {', '.join(map(str, paths))}")
            report = asyncio.run(produce_paths(settings, paths))
            console.print(report.summary())
            ids = set(report.keys)
            enriched, dead = asyncio.run(collect_outputs(settings, ids, report.dead_lettered, timeout))
            missing = ids - set(enriched) - {d.article_id for d in dead if d.article_id}
            print_summary(enriched, dead, time.monotonic() - started)
            if missing:
                console.print(f"[red]{len(missing)} articles did not come out within {timeout}s[/red]")
                return 1
            return 0
        finally:
            if worker is not None:
                worker.stop()
            shutil.rmtree(workdir, ignore_errors=True)
