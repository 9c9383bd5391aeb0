"""``samachar demo``: embedded broker -> topics -> one worker -> produce PATH -> wait for every article -> summary.

Paths are checked before anything starts. Everything it starts it stops again (worker process group and broker),
also on Ctrl-C (quietly: no traceback; a second Ctrl-C during the clean-up is ignored) or error. Exit codes as
``samachar produce``: 0, or 2 when something was dead-lettered; 1 when articles did not come out in time.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tqdm import tqdm

from services.broker import EmbeddedBroker, free_port, interrupts_deferred, sigterm_interrupts
from services.config import Settings
from services.kafka import create_topics, read_topic
from services.outputs import DLQ, ENRICHED
from services.processes import kill_process_group, stop_process_group
from services.producer.produce import produce_paths
from services.records import DeadLetter, EnrichedArticle

console = Console(width=None if sys.stdout.isatty() else 140)

MAX_ROWS = 20  # per-article rows in the summary table (a screenful); the rest are counted
MAX_DEAD_ROWS = 10  # dead letters listed one by one; all of them are counted by reason
TITLE_CHARS = 60  # titles in the table are cut to this many characters, at a word boundary


def missing_paths(paths: Sequence[Path]) -> list[Path]:
    """The ``paths`` that do not exist (checked before the demo starts anything)."""
    return [path for path in paths if not path.exists()]


def shorten(text: str, width: int = TITLE_CHARS) -> str:
    """``text`` on one line (whitespace runs collapsed), at most ``width`` characters; a longer text is cut at the
    last word boundary that fits and ends with an ellipsis (mid-word only for a single word longer than half of
    ``width``, and never between a letter and its combining marks, e.g. a Devanagari vowel sign)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    else:
        end = len(cut)
        while end > 1 and unicodedata.category(text[end])[0] == "M":  # keep a base letter with its marks
            end -= 1
        cut = text[:end]
    return cut.rstrip(" ,;:-–—|।") + "…"


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
    settings: Settings, expected_ids: set[str], expected_dlq: int, timeout: float, *, progress: bool = False
) -> tuple[dict[str, EnrichedArticle], list[DeadLetter]]:
    """Read the enriched topic and the DLQ until every expected article has come out (or ``timeout`` seconds).

    ``expected_dlq`` counts the producer's dead letters (stage ``read``, no article id). Returns the enriched
    articles by id and every dead letter. ``progress``: a tqdm bar on stderr counting the expected articles that
    came out (enriched or dead-lettered).
    """
    enriched: dict[str, EnrichedArticle] = {}
    dead: dict[tuple[int, int], DeadLetter] = {}
    deadline = time.monotonic() + timeout
    with tqdm(total=len(expected_ids), desc="enriched or dead-lettered", unit="article", disable=not progress,
              file=sys.stderr) as bar:
        while time.monotonic() < deadline:
            async for rec in read_topic(settings, ENRICHED.name(settings), idle_timeout=1.0):
                article = EnrichedArticle.model_validate_json(rec.value)
                enriched[article.id] = article
            async for rec in read_topic(settings, DLQ.name(settings), idle_timeout=0.5):
                dead[(rec.partition, rec.offset)] = DeadLetter.model_validate_json(rec.value)
            done_ids = set(enriched) | {d.article_id for d in dead.values() if d.article_id}
            bar.update(len(expected_ids & done_ids) - bar.n)
            worker_dlq = sum(1 for d in dead.values() if d.stage != "read")
            if expected_ids <= done_ids and len(dead) >= expected_dlq + worker_dlq and expected_ids:
                break
            if not expected_ids and len(dead) >= expected_dlq:
                break
            await asyncio.sleep(0.5)
    return enriched, list(dead.values())


def print_summary(
    enriched: dict[str, EnrichedArticle], dead: list[DeadLetter], seconds: float, out: Console | None = None
) -> None:
    """Print the run's summary on ``out`` (default: the module's stdout console); ``seconds``: wall time of the run.

    Readable for any number of articles: a table of at most ``MAX_ROWS`` articles (titles cut at a word boundary,
    then "... N more articles"), articles per language, entity mentions per label, the top entities, dead letters
    counted by stage/error (the first ``MAX_DEAD_ROWS`` listed), and the totals.
    """
    out = out or console
    articles = sorted(enriched.values(), key=lambda a: a.source.uri or a.id)
    totals: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    languages: Counter[str] = Counter(a.language.code for a in articles)
    for article in articles:
        totals.update(e.canonical for e in article.entities if e.label != "DATE")
        labels.update(e.label for e in article.entities)
    if articles:
        shown = articles[:MAX_ROWS]
        title = "samachar demo: enriched articles"
        if len(articles) > len(shown):
            title += f" (first {len(shown)} of {len(articles)})"
        table = Table(title=title)
        table.add_column("id", no_wrap=True)
        table.add_column("title", ratio=3)
        table.add_column("lang", no_wrap=True)
        table.add_column("entities", justify="right", no_wrap=True)
        table.add_column("top entities", ratio=2)
        for article in shown:
            counts = Counter(e.canonical for e in article.entities if e.label != "DATE")
            top = ", ".join(f"{name} ({n})" for name, n in counts.most_common(3))
            lang = f"{article.language.code} {article.language.confidence:.2f}"
            table.add_row(article.id[:12], shorten(article.title or article.text), lang, str(len(article.entities)),
                          top)
        out.print(table)
        if len(articles) > len(shown):
            out.print(f"... {len(articles) - len(shown)} more articles")
        out.print("languages: " + _counts(languages))
    if labels:
        out.print("entity mentions by label: " + _counts(labels))
    if totals:
        out.print("top entities: " + ", ".join(f"{name} ({n})" for name, n in totals.most_common(10)))
    if dead:
        reasons = Counter(f"{d.stage}/{d.error_type}" for d in dead)
        out.print(f"[yellow]{len(dead)} dead-lettered:[/yellow] " + _counts(reasons))
        for d in dead[:MAX_DEAD_ROWS]:
            out.print(f"  {d.source_uri or d.article_id}: {d.stage}/{d.error_type}: {shorten(d.message, 120)}",
                      markup=False, highlight=False)
        if len(dead) > MAX_DEAD_ROWS:
            out.print(f"  ... {len(dead) - MAX_DEAD_ROWS} more dead letters")
    entities = sum(len(a.entities) for a in articles)
    out.print(
        f"[bold]{len(articles)} articles enriched, {len(dead)} dead-lettered, {entities} entity mentions, "
        f"{len(totals)} distinct entities; {seconds:.1f}s[/bold]"
    )


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {n}" for key, n in counter.most_common())


def run_demo(paths: list[Path], timeout: float = 300.0, partitions: int = 4) -> int:
    """The whole demo on ``paths`` (files or directories that exist: ``missing_paths`` first).

    Returns 0 when every article was enriched, 2 when something was dead-lettered (as ``samachar produce``), 1 when
    an article did not come out within ``timeout`` seconds of being produced. Ctrl-C or SIGTERM stops the worker and
    the broker and raises ``KeyboardInterrupt`` (``samachar demo`` turns it into one line and exit 130).
    Raises ``FileNotFoundError`` when the ``noida-db`` binary is missing, ``RuntimeError``/``TimeoutError`` when the
    broker or the worker does not start.
    """
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="samachar-demo-"))
    console.print(f"[dim]work dir {workdir}[/dim]")
    broker = EmbeddedBroker(log_path=workdir / "broker.log")
    worker: WorkerProcess | None = None
    try:
        with sigterm_interrupts():
            broker.start()
            settings = Settings(bootstrap_servers=broker.bootstrap_servers, partitions=partitions,
                                web_port=free_port(), data_dir=workdir / "worker-data")
            console.print(f"broker on {broker.bootstrap_servers}; creating topics ({partitions} partitions)")
            asyncio.run(create_topics(settings))
            console.print("starting worker (loading models)...")
            worker = WorkerProcess(settings, workdir / "worker.log")
            worker.start()
            worker.wait_ready()
            console.print(f"worker ready at {worker.url}; producing {', '.join(map(str, paths))}")
            report = asyncio.run(produce_paths(settings, paths))
            console.print(report.summary())
            ids = set(report.keys)
            enriched, dead = asyncio.run(collect_outputs(settings, ids, report.dead_lettered, timeout,
                                                         progress=sys.stderr.isatty()))
            missing = ids - set(enriched) - {d.article_id for d in dead if d.article_id}
            print_summary(enriched, dead, time.monotonic() - started)
            if missing:
                console.print(f"[red]{len(missing)} articles did not come out within {timeout}s[/red]")
                return 1
            return 2 if dead else 0
    finally:
        with interrupts_deferred():  # a second Ctrl-C must not leave the worker or the broker running
            if worker is not None:
                worker.stop()
            broker.stop()
            shutil.rmtree(workdir, ignore_errors=True)
