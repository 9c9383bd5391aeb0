"""``samachar enrich``: the worker's exact path (same readers, same payload parsing, same pipeline) without a broker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from services.config import Settings
from services.nlp.pipeline import Pipeline, PipelineItem
from services.nlp.types import StageError
from services.payload import parse_raw_article
from services.producer.produce import dead_letter_for
from services.producer.readers import iter_files, read_file
from services.records import DeadLetter


def enrich_paths(
    settings: Settings, paths: Sequence[Path], out: TextIO, err: TextIO, pipeline: Pipeline | None = None
) -> tuple[int, int]:
    """Write one enriched JSON line per article to ``out`` and one DeadLetter JSON line per failure to ``err``."""
    pipeline = pipeline or Pipeline()
    enriched = failed = 0
    batch: list[tuple[bytes, PipelineItem]] = []

    def flush() -> None:
        nonlocal enriched, failed
        results = pipeline.enrich_batch([item for _, item in batch])
        for (raw, item), result in zip(batch, results):
            if isinstance(result, StageError):
                letter = DeadLetter.from_bytes(raw, None, stage=result.stage, error_type=result.error_type,
                                               message=result.message, article_id=item.article.id)
                err.write(letter.model_dump_json() + "\n")
                failed += 1
            else:
                out.write(result.model_dump_json() + "\n")
                enriched += 1
        batch.clear()

    for path in iter_files(paths):
        for item in read_file(path, settings.max_article_bytes):
            if item.article is None:
                err.write(dead_letter_for(item).model_dump_json() + "\n")
                failed += 1
                continue
            value = item.article.model_dump_json(exclude_none=True).encode("utf-8")  # what the producer sends
            key = (item.article.id or "").encode("utf-8")
            try:
                article = parse_raw_article(value, key, max_bytes=settings.max_article_bytes)
            except StageError as exc:
                letter = DeadLetter.from_bytes(value, key, stage=exc.stage, error_type=exc.error_type, message=exc.message)
                err.write(letter.model_dump_json() + "\n")
                failed += 1
                continue
            batch.append((value, PipelineItem(article=article)))
            if len(batch) >= settings.batch_size:
                flush()
    if batch:
        flush()
    out.flush()
    return enriched, failed
