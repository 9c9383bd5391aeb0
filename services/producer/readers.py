"""Read article files into RawArticle records. Never skips silently: every unreadable input becomes a ReadItem
with an error (and its original bytes) that the caller dead-letters."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from services.nlp.types import StageError
from services.payload import decode_text, envelope_error, validate_envelope
from services.records import RawArticle, content_id

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES


@dataclass(slots=True)
class ReadItem:
    """One article read from a file (``article`` set), or one input that could not be read (``error`` set)."""

    path: Path
    raw: bytes
    article: RawArticle | None = None
    error: StageError | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else str(self.path)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named and files under directories named (recursive, sorted, hidden entries ignored)."""
    for path in paths:
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path)
                if sub.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield sub
        else:
            yield path  # missing files are reported by read_file


def _from_object(obj: object, path: Path, raw: bytes, line: int | None) -> ReadItem:
    """One JSON value -> an article or InvalidEnvelope, by the same rule as the worker (``services.payload``)."""
    err = envelope_error(obj, "read")
    if err is not None:
        return ReadItem(path, raw, error=err, line=line)
    try:
        article = validate_envelope(obj, "read", source_file=path.name)  # type: ignore[arg-type]
    except StageError as exc:
        return ReadItem(path, raw, error=exc, line=line)
    if not article.id:
        article.id = content_id(article.text or article.html or "")
    return ReadItem(path, raw, article=article, line=line)


def read_file(path: Path, max_bytes: int) -> list[ReadItem]:
    """All articles in one file; errors come back as items, not exceptions."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [ReadItem(path, b"", error=StageError("read", "UnreadableFile", f"{path}: {exc.strerror or exc}"))]
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return [ReadItem(path, raw, error=StageError("read", "UnsupportedFileType",
                                                     f"{path.name}: '{suffix or 'no suffix'}' is not one of {supported}"))]
    if len(raw) > max_bytes and suffix not in JSONL_SUFFIXES:
        return [ReadItem(path, raw, error=StageError("read", "PayloadTooLarge",
                                                     f"{path.name} is {len(raw)} bytes; the limit is {max_bytes}"))]
    try:
        text = decode_text(raw)
    except StageError as err:
        return [ReadItem(path, raw, error=StageError("read", err.error_type, f"{path.name}: {err.message}"))]
    if not text.strip():
        return [ReadItem(path, raw, error=StageError("read", "EmptyPayload", f"{path.name} is empty"))]

    if suffix in TEXT_SUFFIXES:
        return [ReadItem(path, raw, article=RawArticle(id=content_id(text), text=text, source_file=path.name))]
    if suffix in HTML_SUFFIXES:
        return [ReadItem(path, raw, article=RawArticle(id=content_id(text), html=text, source_file=path.name))]
    if suffix in JSON_SUFFIXES:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            return [ReadItem(path, raw, error=StageError("read", "InvalidJson", f"{path.name}: {exc}"))]
        objs = obj if isinstance(obj, list) else [obj]
        return [_from_object(o, path, json.dumps(o, ensure_ascii=False).encode(), i if isinstance(obj, list) else None)
                for i, o in enumerate(objs)]
    items = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        line_raw = line.encode("utf-8")
        if len(line_raw) > max_bytes:
            items.append(ReadItem(path, line_raw, line=lineno, error=StageError(
                "read", "PayloadTooLarge", f"line is {len(line_raw)} bytes; the limit is {max_bytes}")))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append(ReadItem(path, line_raw, line=lineno, error=StageError("read", "InvalidJson", str(exc))))
            continue
        items.append(_from_object(obj, path, line_raw, lineno))
    return items
