"""The input contract of articles.raw (pure: no broker)."""

from __future__ import annotations

import json

import pytest

from services.nlp.types import StageError
from services.payload import parse_raw_article
from services.records import content_id

LIMIT = 1024


def test_plain_text_with_key_uses_key_as_id() -> None:
    article = parse_raw_article("नमस्ते दुनिया".encode(), b"abc-1", max_bytes=LIMIT)
    assert article.id == "abc-1" and article.text == "नमस्ते दुनिया"


def test_plain_text_without_key_gets_content_id() -> None:
    article = parse_raw_article("नमस्ते दुनिया".encode(), None, max_bytes=LIMIT)
    assert article.id == content_id("नमस्ते दुनिया")


def test_envelope_fields_and_id_precedence() -> None:
    value = json.dumps({"id": "x1", "text": "t", "url": "https://e.com/a", "title": "T", "extra": 1}).encode()
    article = parse_raw_article(value, b"key-ignored", max_bytes=LIMIT)
    assert (article.id, article.url, article.title) == ("x1", "https://e.com/a", "T")


def test_envelope_with_html_only() -> None:
    article = parse_raw_article(json.dumps({"html": "<p>hi</p>"}).encode(), None, max_bytes=LIMIT)
    assert article.html == "<p>hi</p>" and article.text is None


def test_text_starting_with_brace_but_not_json_is_text() -> None:
    article = parse_raw_article(b"{not json} but text", None, max_bytes=LIMIT)
    assert article.text == "{not json} but text"


def test_utf16_with_bom_is_decoded() -> None:
    article = parse_raw_article("हिन्दी".encode("utf-16"), None, max_bytes=LIMIT)
    assert article.text == "हिन्दी"


def test_utf8_bom_is_dropped() -> None:
    assert parse_raw_article(b"\xef\xbb\xbfhello", None, max_bytes=LIMIT).text == "hello"


@pytest.mark.parametrize(
    ("value", "stage", "code"),
    [
        (b"", "decode", "EmptyPayload"),
        (None, "decode", "EmptyPayload"),
        (b"  \n\t ", "decode", "EmptyPayload"),
        (b"\xff\xfa\xfb", "decode", "InvalidUtf8"),
        (bytes(range(32)) * 10, "decode", "BinaryPayload"),
        (b"x" * (LIMIT + 1), "decode", "PayloadTooLarge"),
        (json.dumps({"text": 5}).encode(), "validate", "InvalidEnvelope"),
        (json.dumps({"text": "  "}).encode(), "validate", "InvalidEnvelope"),
        (json.dumps({"title": "only"}).encode(), "validate", "InvalidEnvelope"),
        (json.dumps({"text": "ok", "published_at": "not a date"}).encode(), "validate", "InvalidEnvelope"),
    ],
)
def test_bad_payloads_raise_documented_errors(value: bytes | None, stage: str, code: str) -> None:
    with pytest.raises(StageError) as info:
        parse_raw_article(value, None, max_bytes=LIMIT)
    assert (info.value.stage, info.value.error_type) == (stage, code)
    assert info.value.message


# Issue 11 item 2: one rule for JSON that is not an object, on Kafka and in files: only a JSON object is an
# envelope; any other JSON value is dead-lettered as InvalidEnvelope (never enriched as its raw JSON text).
NOT_OBJECTS = ['[{"text": "भारत में बारिश हुई।"}]', "[]", "null", "42", "-3.5e2", "true", "false", '"a string"',
               '  "भारत में बारिश"  ', "[[1, 2], {}]"]


@pytest.mark.parametrize("value", NOT_OBJECTS)
def test_json_that_is_not_an_object_is_invalid_envelope_on_kafka(value: str) -> None:
    with pytest.raises(StageError) as info:
        parse_raw_article(value.encode(), b"k1", max_bytes=LIMIT)
    assert (info.value.stage, info.value.error_type) == ("validate", "InvalidEnvelope")
    assert "expected a JSON object" in info.value.message


@pytest.mark.parametrize("value", NOT_OBJECTS)
@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_that_is_not_an_object_is_invalid_envelope_in_files(value: str, suffix: str, tmp_path) -> None:
    from services.producer.readers import read_file

    path = tmp_path / f"a{suffix}"
    path.write_text(value.strip() + "\n", encoding="utf-8")
    items = read_file(path, LIMIT)
    if suffix == ".json" and value.strip().startswith("["):
        # a .json file may hold an array of envelopes (one article per element, like .jsonl lines); each element
        # follows the same rule
        elements = json.loads(value)
        assert len(items) == len(elements)
        for item, element in zip(items, elements):
            if isinstance(element, dict) and element.get("text"):
                assert item.article is not None and item.article.text == element["text"]
            elif isinstance(element, dict):
                assert item.error is not None and item.error.error_type == "InvalidEnvelope"
            else:
                assert item.error is not None and item.error.error_type == "InvalidEnvelope"
                assert "expected a JSON object" in item.error.message
        return
    [item] = items
    assert item.article is None and item.error is not None
    assert (item.error.stage, item.error.error_type) == ("read", "InvalidEnvelope")
    assert "expected a JSON object" in item.error.message


@pytest.mark.parametrize("text", ["2024 में दिल्ली में चुनाव हुए।", "{not json} but text", "[breaking] news today",
                                  "true story of the monsoon", "null and void"])
def test_plain_text_that_only_starts_like_json_is_text(text: str) -> None:
    article = parse_raw_article(text.encode(), b"k", max_bytes=LIMIT)
    assert article.text == text and article.id == "k"
