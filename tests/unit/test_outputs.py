"""The topic registry (services/outputs.py): names, keys, configs, builders. Compose is checked in test_deploy.py."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.config import Settings
from services.outputs import (
    ARTICLE_OUTPUTS,
    DLQ,
    ENRICHED,
    ENRICHED_MAX_MESSAGE_BYTES,
    ENTITIES,
    INPUT,
    OUTPUTS,
    RAW,
    TOPICS,
    entity_records,
    max_output_message_bytes,
    topic_configs,
    topic_names,
)
from services.records import DeadLetter, EnrichedArticle, Entity, LanguageInfo, RawArticle, SourceInfo

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _article(entities: list[Entity], article_id: str = "a") -> EnrichedArticle:
    return EnrichedArticle(
        id=article_id, source=SourceInfo(), ingested_at=T0, enriched_at=T0, text="Putin and Putin.",
        language=LanguageInfo(code="en", confidence=0.9), entities=entities, pipeline_version="test",
    )


def _putin(start: int) -> Entity:
    return Entity(text="Putin", label="PERSON", start=start, end=start + 5, canonical="Vladimir Putin",
                  kb_id="Q7747", entity_id="Q7747")


def test_entity_records_one_per_distinct_entity() -> None:
    records = entity_records(_article([_putin(0), _putin(10)]))
    assert len(records) == 1 and records[0].mentions == 2 and records[0].article_id == "a"
    assert records[0].surface_forms == ["Putin"] and records[0].language == "en"


def test_entity_records_leave_dates_out_and_keep_first_mention_order() -> None:
    date = Entity(text="Monday", label="DATE", start=0, end=6, canonical="Monday", entity_id="date:monday")
    modi = Entity(text="Modi", label="PERSON", start=0, end=4, canonical="Narendra Modi", kb_id="Q1058",
                  entity_id="Q1058")
    records = entity_records(_article([date, modi, _putin(10), modi]))
    assert [r.entity_id for r in records] == ["Q1058", "Q7747"]
    assert records[0].mentions == 2 and records[0].label == "PERSON"
    assert entity_records(_article([])) == []


def test_registry_covers_every_topic_once() -> None:
    assert [spec.role for spec in TOPICS] == ["raw", "enriched", "entities", "dlq"]
    assert INPUT is RAW and OUTPUTS == (ENRICHED, ENTITIES, DLQ)
    assert ARTICLE_OUTPUTS == (ENRICHED, ENTITIES)  # enriched is written before its entities
    assert [spec.default_name() for spec in TOPICS] == [
        "articles.raw", "articles.enriched", "articles.entities", "articles.dlq"]
    for spec in TOPICS:
        assert spec.name_setting in Settings.model_fields
        assert spec.key_field is None or spec.key_field in spec.model.model_fields
        assert spec.key_field is not None or spec.key_of is not None


def test_names_and_sizes_are_read_from_settings_at_run_time() -> None:
    settings = Settings(topic_enriched="news.enriched", raw_max_message_bytes=123456, dlq_max_message_bytes=654321)
    assert ENRICHED.name(settings) == "news.enriched" and ENRICHED.default_name() == "articles.enriched"
    assert topic_names(settings) == ["articles.raw", "news.enriched", "articles.entities", "articles.dlq"]
    configs = topic_configs(settings)
    assert configs["articles.raw"] == {"max.message.bytes": "123456"}
    assert configs["news.enriched"] == {"max.message.bytes": str(ENRICHED_MAX_MESSAGE_BYTES)}
    assert configs["articles.entities"] == {}
    assert configs["articles.dlq"] == {"max.message.bytes": "654321", "retention.ms": str(30 * 24 * 3600 * 1000)}
    assert max_output_message_bytes(settings) == ENRICHED_MAX_MESSAGE_BYTES  # 8 MiB > the 654321 of this DLQ
    assert max_output_message_bytes(Settings()) == Settings().dlq_max_message_bytes


def test_enriched_topic_holds_the_largest_accepted_article() -> None:
    settings = Settings()
    assert ENRICHED_MAX_MESSAGE_BYTES >= 4 * settings.max_article_bytes
    # a dead letter holds a raw record of up to raw_max_message_bytes, base64-encoded (4/3) plus its envelope
    assert settings.dlq_max_message_bytes >= settings.raw_max_message_bytes * 4 // 3 + 64 * 1024


def test_keys_and_values() -> None:
    article = _article([_putin(0)], article_id="art-1")
    [enriched] = ENRICHED.records(article)
    assert ENRICHED.key(enriched) == b"art-1"
    assert EnrichedArticle.model_validate_json(ENRICHED.encode(enriched)) == article
    [entity] = ENTITIES.records(article)
    assert ENTITIES.key(entity) == b"Q7747"
    letter = DeadLetter.from_bytes(b"payload", b"the-key", stage="decode", error_type="InvalidUtf8", message="m")
    assert DLQ.key(letter) == b"the-key"
    assert DLQ.key(DeadLetter.from_bytes(b"payload", None, stage="decode", error_type="X", message="m")) is None
    assert RAW.key(RawArticle(text="t", id="a1")) == b"a1" and RAW.key(RawArticle(text="t")) is None


def test_wrong_record_or_topic_is_an_error() -> None:
    with pytest.raises(TypeError):
        ENTITIES.encode(_article([]))
    with pytest.raises(ValueError):
        DLQ.records(_article([]))
