"""Stream articles from files onto articles.raw; unreadable inputs go to articles.dlq with their reason."""

from __future__ import annotations

import asyncio
import logging
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
    await producer.start()
    try:
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


async def watch_directory(
    settings: Settings, inbox: Path, interval: float = 2.0, stop: asyncio.Event | None = None,
    settle_seconds: float = 1.0,
) -> None:
    """Produce files as they appear in ``inbox``, then move them to ``inbox/.processed`` (``.failed`` on errors)."""
    processed, failed = inbox / ".processed", inbox / ".failed"
    processed.mkdir(parents=True, exist_ok=True)
    failed.mkdir(parents=True, exist_ok=True)
    log.info("watching %s every %.1fs", inbox, interval)
    stop = stop or asyncio.Event()
    while not stop.is_set():
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
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except asyncio.TimeoutError:
            pass
