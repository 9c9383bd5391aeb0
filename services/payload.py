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


def parse_json_value(text: str) -> object:
    """``text`` parsed as JSON when it is a JSON document (object, array, string, number, true/false/null), else
    ``NOT_JSON``. Plain text that merely starts like JSON ("{not json}", "2024 में") is not JSON."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError):
        return NOT_JSON


NOT_JSON = object()
"""What ``parse_json_value`` returns for text that is not a JSON document."""


def envelope_error(obj: object, stage: str) -> StageError | None:
    """The one rule for JSON input, shared by the worker (``parse_raw_article``) and the file readers.

    Only a JSON object is an article envelope. Any other JSON value (array, string, number, true/false/null) is
    refused as ``InvalidEnvelope``: an array is not split into articles and a scalar is not taken as text, because
    a scraper that sends them has a bug we must not hide by enriching its raw JSON.
    """
    if isinstance(obj, dict):
        return None
    kind = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}.get(
        type(obj), type(obj).__name__)
    return StageError(stage, INVALID_ENVELOPE, f"expected a JSON object (article envelope), got a JSON {kind}")


def validate_envelope(obj: dict, stage: str, **extra: object) -> RawArticle:
    """A JSON object validated as ``RawArticle`` (``extra`` fields first, the object's own win), or InvalidEnvelope."""
    try:
        return RawArticle.model_validate({**extra, **obj})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
        raise StageError(stage, INVALID_ENVELOPE, f"JSON envelope does not match RawArticle: {problems}") from exc


def article_from_text(text: str, *, stage: str) -> RawArticle:
    """A record's decoded text -> ``RawArticle``: a JSON object is the envelope, any other JSON value is refused
    (``envelope_error``), anything that is not JSON is plain article text."""
    obj = parse_json_value(text.strip())
    if obj is NOT_JSON:
        return RawArticle(text=text)
    err = envelope_error(obj, stage)
    if err is not None:
        raise err
    return validate_envelope(obj, stage)  # type: ignore[arg-type]


def parse_raw_article(value: bytes | None, key: bytes | None = None, *, max_bytes: int) -> RawArticle:
    """Decode and validate one raw record. The article id is the envelope's ``id``, else the key, else a content hash."""
    if value is None or len(value) == 0:
        raise StageError("decode", EMPTY_PAYLOAD, "payload is empty")
    if len(value) > max_bytes:
        raise StageError("decode", PAYLOAD_TOO_LARGE, f"payload is {len(value)} bytes; the limit is {max_bytes}")
    text = decode_text(value)
    if not text.strip():
        raise StageError("decode", EMPTY_PAYLOAD, "payload is only whitespace")
    article = article_from_text(text, stage="validate")
    if not article.id:
        key_text = key.decode("utf-8", errors="replace").strip() if key else ""
        article.id = key_text or content_id(article.text or article.html or "")
    return article
