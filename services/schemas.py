"""JSON Schemas of every topic's record, generated from the pydantic models (``samachar schemas``).

The topics and their models come from the registry in ``services.outputs``; file names use the default topic names
(``articles.enriched.schema.json``), whatever ``SAMACHAR_TOPIC_*`` says in this environment.
"""

from __future__ import annotations

import json
from pathlib import Path

from services.outputs import TOPICS
from services.records import SCHEMA_VERSION


def schema_documents() -> dict[str, str]:
    """File name (``<topic>.schema.json``) -> JSON Schema text (draft 2020-12, 2-space indent, trailing newline)."""
    docs = {}
    for spec in TOPICS:
        topic = spec.default_name()
        schema = spec.model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://samachar.local/schemas/{topic}.v{SCHEMA_VERSION}.json",
            "x-topic": topic,
            "x-schema-version": SCHEMA_VERSION,
            **schema,
        }
        docs[f"{topic}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return docs


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema file into ``directory`` (created if missing); returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def check_schemas(directory: Path) -> list[str]:
    """Names of schema files in ``directory`` that are missing or differ from what the models generate."""
    drift = []
    for name, text in schema_documents().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            drift.append(name)
    return drift
