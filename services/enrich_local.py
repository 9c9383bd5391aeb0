"""``samachar enrich``: the worker's exact path without a broker.

The same readers and record encoding as ``samachar produce``, then the worker's own ``BatchHandler`` (payload
parsing, NLP pipeline, routing, dead letters) with a ``send`` that writes JSON lines instead of Kafka records:
enriched records to ``out`` (machine output), and one short human line per dead letter to ``err`` (stage, error,
source file, size, reason; never the payload: the lossless base64 bytes belong on the worker's DLQ topic, and here
the source file still holds them). Entity records (``articles.entities``) are derived from the enriched record and
not printed. When ``err`` is a terminal, a progress bar (files done, articles enriched and dead-lettered) runs on
it too; piped, ``err`` holds only the dead-letter lines.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from services.config import Settings
from services.enricher.handler import BatchHandler, InRecord
from services.nlp.pipeline import Pipeline
from services.outputs import DLQ, ENRICHED
from services.producer.produce import dead_letter_for
from services.producer.readers import iter_files, read_file
from services.records import DeadLetter

MESSAGE_CHARS = 200  # the reason as printed on stderr; the full message is in the DeadLetter on the DLQ topic


def dead_letter_line(letter: DeadLetter, source: str | None = None) -> str:
    """One human line for a dead letter: ``dead-lettered: stage=... error=... source=... size=N bytes: reason``.

    ``source`` defaults to the letter's ``source_uri`` (else its article id). The reason is made single-line and cut
    to ``MESSAGE_CHARS``; the payload itself is never printed.
    """
    where = source or letter.source_uri or letter.article_id or "-"
    reason = " ".join(letter.message.split())
    if len(reason) > MESSAGE_CHARS:
        reason = reason[: MESSAGE_CHARS - 1] + "…"
    return (f"dead-lettered: stage={letter.stage} error={letter.error_type} source={where} "
            f"size={letter.payload_bytes} bytes: {reason}")


def enrich_paths(
    settings: Settings, paths: Sequence[Path], out: TextIO, err: TextIO, pipeline: Pipeline | None = None,
    progress: bool | None = None,
) -> tuple[int, int]:
    """Enrich every article under ``paths``; returns (enriched, dead-lettered) counts.

    Writes one ``EnrichedArticle`` JSON line per article to ``out`` and one ``dead_letter_line`` per failure to
    ``err`` (files the readers cannot turn into articles: stage ``read``; the rest as the worker would). Articles
    go through the handler in batches of ``settings.batch_size``. ``pipeline`` defaults to the full NLP pipeline
    (models load on the first batch). ``progress``: a tqdm bar on ``err`` (files whose articles are all done, with
    the enriched/dead-lettered counts); default: only when ``err`` is a terminal. Must not be called from a running
    event loop.
    """
    show = _isatty(err) if progress is None else progress
    return asyncio.run(_enrich(settings, paths, out, err,
                               pipeline if pipeline is not None else Pipeline.from_config(settings.nlp), show))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


async def _enrich(
    settings: Settings, paths: Sequence[Path], out: TextIO, err: TextIO, pipeline: Pipeline, show: bool
) -> tuple[int, int]:
    enriched_topic, dlq_topic = ENRICHED.name(settings), DLQ.name(settings)
    sources: dict[bytes, str] = {}  # record key (article id) -> file (and line) it was read from
    files = list(iter_files(paths))
    bar = tqdm(total=len(files), desc="enrich", unit="file", file=err, disable=not show)

    def tell(line: str) -> None:
        if show:
            tqdm.write(line, file=err)  # above the bar, which is redrawn below it
        else:
            err.write(line + "\n")

    async def send(topic: str, key: bytes | None, value: bytes) -> None:
        if topic == enriched_topic:
            out.write(value.decode("utf-8") + "\n")
        elif topic == dlq_topic:
            letter = DeadLetter.model_validate_json(value)
            tell(dead_letter_line(letter, sources.get(key or b"")))

    handler = BatchHandler(settings, pipeline, send, log_dead_letters=False)
    enriched = failed = 0
    batch: list[InRecord] = []
    files_pending = 0  # files read whose last articles wait in `batch`

    async def flush() -> None:
        nonlocal enriched, failed, files_pending
        outcome = await handler.handle(batch)
        enriched += len(outcome.enriched)
        failed += len(outcome.dead_lettered)
        batch.clear()
        bar.update(files_pending)
        files_pending = 0
        bar.set_postfix({"enriched": enriched, "dead-lettered": failed}, refresh=False)

    try:
        for path in files:
            for item in read_file(path, settings.max_article_bytes):
                if item.article is None:
                    tell(dead_letter_line(dead_letter_for(item)))
                    failed += 1
                    continue
                # exactly what `samachar produce` puts on the raw topic
                value = item.article.model_dump_json(exclude_none=True).encode("utf-8")
                key = (item.article.id or "").encode("utf-8")
                sources[key] = item.where
                batch.append(InRecord(value=value, key=key))
                if len(batch) >= settings.batch_size:
                    await flush()
            if batch:
                files_pending += 1
            else:
                bar.update(1)
        if batch:
            await flush()
    finally:
        handler.close()
        bar.close()
    out.flush()
    return enriched, failed
