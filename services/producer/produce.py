"""Stream articles from files onto articles.raw; unreadable inputs go to articles.dlq with their reason."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from services import metrics
from services.config import Settings
from services.kafka import make_producer
from services.producer.readers import ReadItem, iter_files, read_file
from services.records import DeadLetter

log = logging.getLogger(__name__)


@dataclass
class ProduceReport:
    files: int = 0
    sent: int = 0
    dead_lettered: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    keys: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.files} files: {self.sent} articles sent, {self.dead_lettered} dead-lettered"
        if self.errors:
            text += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) + ")"
        return text


def dead_letter_for(item: ReadItem) -> DeadLetter:
    assert item.error is not None
    return DeadLetter.from_bytes(
        item.raw,
        None,
        stage=item.error.stage,
        error_type=item.error.error_type,
        message=item.error.message,
        source_uri=item.where,
    )


async def produce_paths(
    settings: Settings, paths: Sequence[Path], *, progress: bool | None = None, report: ProduceReport | None = None
) -> ProduceReport:
    """Read every file under ``paths`` and send one record per article (key = article id)."""
    report = report or ProduceReport()
    files = list(iter_files(paths))
    show = sys.stderr.isatty() if progress is None else progress
    producer = make_producer(settings)
    try:
        await producer.start()  # inside the try: a broker that is down must not leave an unclosed producer
        futures = []
        for path in tqdm(files, desc="produce", unit="file", disable=not show):
            report.files += 1
            items = read_file(path, settings.max_article_bytes)
            file_failed = False
            for item in items:
                if item.article is not None:
                    key = item.article.id or ""
                    value = item.article.model_dump_json(exclude_none=True).encode("utf-8")
                    futures.append(await producer.send(settings.topic_raw, key=key.encode("utf-8"), value=value))
                    report.sent += 1
                    report.keys.append(key)
                    metrics.record_producer_records("sent")
                    metrics.record_produced(settings.topic_raw)
                else:
                    file_failed = True
                    assert item.error is not None
                    log.warning("cannot read %s: %s: %s", item.where, item.error.error_type, item.error.message)
                    letter = dead_letter_for(item)
                    futures.append(await producer.send(settings.topic_dlq, value=letter.model_dump_json().encode()))
                    report.dead_lettered += 1
                    report.errors[item.error.error_type] += 1
                    metrics.record_producer_records("invalid")
                    metrics.record_produced(settings.topic_dlq)
            metrics.record_producer_file("failed" if file_failed else "sent")
        await producer.flush()
        for fut in futures:
            await fut  # raises if the broker refused a record
    finally:
        await producer.stop()
    return report


def inbox_problem(inbox: Path, processed: Path, failed: Path) -> str | None:
    """None when this process can move files out of ``inbox`` into ``processed``/``failed``; else one line why not.

    The usual cause is a container user that does not own the bind-mounted inbox (issue 11: compose ran the producer
    as uid 10001 on a user-owned ``./inbox``, which crash-looped on a raw PermissionError).
    """
    try:
        processed.mkdir(parents=True, exist_ok=True)
        failed.mkdir(parents=True, exist_ok=True)
        unwritable = next((d for d in (inbox, processed, failed) if not os.access(d, os.W_OK | os.X_OK)), None)
    except OSError as exc:
        unwritable, reason = inbox, f"{type(exc).__name__}: {exc.strerror or exc}"
    else:
        if unwritable is None:
            return None
        reason = "permission denied"
    try:
        st = unwritable.stat()
        owner = f"owned by uid {st.st_uid} gid {st.st_gid}"
    except OSError:
        owner = "owner unknown"
    return (
        f"cannot write {unwritable} ({reason}; this process runs as uid {os.getuid()} gid {os.getgid()}, the "
        f"directory is {owner}): run the producer as the directory's owner (docker compose: SAMACHAR_UID=$(id -u) "
        f"SAMACHAR_GID=$(id -g)) or make it writable; no file is read until then"
    )


async def watch_directory(
    settings: Settings, inbox: Path, interval: float = 2.0, stop: asyncio.Event | None = None,
    settle_seconds: float = 1.0, problem_repeat_seconds: float = 300.0,
) -> None:
    """Produce files as they appear in ``inbox``, then move them to ``inbox/.processed`` (``.failed`` on errors).

    An inbox this process cannot write is reported in one log line (repeated every ``problem_repeat_seconds``) and
    checked again every ``interval``: the producer waits instead of crashing, and reads nothing it could not move
    (it would send the file again every round).
    """
    processed, failed = inbox / ".processed", inbox / ".failed"
    log.info("watching %s every %.1fs", inbox, interval)
    stop = stop or asyncio.Event()
    reported: tuple[str, float] | None = None  # last problem logged, and when
    while not stop.is_set():
        problem = inbox_problem(inbox, processed, failed)
        if problem is not None:
            now = time.monotonic()
            if reported is None or reported[0] != problem or now - reported[1] >= problem_repeat_seconds:
                log.error("%s; checking again every %.1fs", problem, interval)
                reported = (problem, now)
        else:
            if reported is not None:
                log.info("%s is writable now: watching", inbox)
                reported = None
            await _produce_new_files(settings, inbox, processed, failed, settle_seconds)
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except asyncio.TimeoutError:
            pass


async def _produce_new_files(
    settings: Settings, inbox: Path, processed: Path, failed: Path, settle_seconds: float
) -> None:
    settle_before = time.time() - settle_seconds
    # Files still being written (modified within the last `settle_seconds`) wait for the next round.
    files = [p for p in iter_files([inbox]) if p.stat().st_mtime <= settle_before]
    for path in files:
        try:
            report = await produce_paths(settings, [path], progress=False)
        except Exception as exc:  # noqa: BLE001 - broker trouble: keep the file, retry next round
            metrics.record_producer_records("failed")
            log.warning("could not produce %s (%s: %s); will retry", path.name, type(exc).__name__, exc)
            break
        target = failed if report.dead_lettered else processed
        dest = target / "__".join(path.relative_to(inbox).parts)  # flatten sub-directories
        shutil.move(str(path), str(dest))
        log.info("%s: %s", path.name, report.summary())
