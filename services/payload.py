"""Turn the bytes of one ``articles.raw`` record into a validated ``RawArticle`` (or a documented StageError).

Shared by the worker and ``samachar enrich``, so both accept exactly the same input contract.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from services.nlp.types import StageError
from services.records import RawArticle, content_id

# Error codes (DeadLetter.error_type) this stage can produce; documented in the README.
EMPTY_PAYLOAD = "EmptyPayload"
PAYLOAD_TOO_LARGE = "PayloadTooLarge"
INVALID_UTF8 = "InvalidUtf8"
BINARY_PAYLOAD = "BinaryPayload"
INVALID_ENVELOPE = "InvalidEnvelope"

_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def decode_text(value: bytes) -> str:
    """UTF-8 (BOM tolerated); UTF-16 only with a BOM, which makes it unambiguous; anything else is rejected."""
    for bom, codec in _BOMS.items():
        if value.startswith(bom):
            try:
                return value[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise StageError("decode", INVALID_UTF8, f"payload has a {codec} BOM but does not decode: {exc}") from exc
    try:
        text = value.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StageError(
            "decode", INVALID_UTF8, f"payload is not valid UTF-8 (byte {exc.start}: {value[exc.start:exc.start + 4]!r})"
        ) from exc
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in text or control > max(8, len(text) // 100):
        raise StageError("decode", BINARY_PAYLOAD, f"payload looks binary ({control} control characters)")
    return text


def parse_raw_article(value: bytes | None, key: bytes | None = None, *, max_bytes: int) -> RawArticle:
    """Decode and validate one raw record. The article id is the envelope's ``id``, else the key, else a content hash."""
    if value is None or len(value) == 0:
        raise StageError("decode", EMPTY_PAYLOAD, "payload is empty")
    if len(value) > max_bytes:
        raise StageError("decode", PAYLOAD_TOO_LARGE, f"payload is {len(value)} bytes; the limit is {max_bytes}")
    text = decode_text(value)
    if not text.strip():
        raise StageError("decode", EMPTY_PAYLOAD, "payload is only whitespace")
    stripped = text.lstrip()
    article: RawArticle
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError:
            obj = None  # text that merely starts with a brace: take it as plain text
        if isinstance(obj, dict):
            try:
                article = RawArticle.model_validate(obj)
            except ValidationError as exc:
                problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
                raise StageError("validate", INVALID_ENVELOPE, f"JSON envelope does not match RawArticle: {problems}") from exc
        else:
            article = RawArticle(text=text)
    else:
        article = RawArticle(text=text)
    if not article.id:
        key_text = key.decode("utf-8", errors="replace").strip() if key else ""
        article.id = key_text or content_id(article.text or article.html or "")
    return article
