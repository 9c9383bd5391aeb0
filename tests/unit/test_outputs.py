"""The output-topic registry: entity records built from an enriched article."""

from __future__ import annotations

from datetime import datetime, timezone

from services.outputs import entity_records
from services.records import EnrichedArticle, Entity, LanguageInfo, SourceInfo

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
