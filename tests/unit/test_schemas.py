"""The committed JSON Schemas must match the pydantic models (run `samachar schemas` after changing records.py)."""

from __future__ import annotations

import json

import jsonschema

from services.records import DeadLetter
from services.schemas import check_schemas, schema_documents
from tests.conftest import REPO


def test_committed_schemas_match_models() -> None:
    assert check_schemas(REPO / "schemas") == [], "schemas/ drifted from services/records.py: run `samachar schemas`"


def test_every_topic_has_a_versioned_schema() -> None:
    docs = schema_documents()
    assert set(docs) == {f"{t}.schema.json" for t in ("articles.raw", "articles.enriched", "articles.entities", "articles.dlq")}
    for text in docs.values():
        schema = json.loads(text)
        assert schema["x-schema-version"] == "1.0"


def test_dead_letter_validates_against_its_schema() -> None:
    schema = json.loads(schema_documents()["articles.dlq.schema.json"])
    letter = DeadLetter.from_bytes(b"\xff", b"k", stage="decode", error_type="InvalidUtf8", message="m")
    jsonschema.validate(json.loads(letter.model_dump_json()), schema)
    assert letter.payload() == b"\xff"
