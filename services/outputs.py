"""The output topics, declared once: name setting, record model, key, topic config and builder per topic."""

from __future__ import annotations

from collections import defaultdict

from services.records import EnrichedArticle, Entity, EntityRecord


def entity_records(article: EnrichedArticle) -> list[EntityRecord]:
    """One record per distinct canonical entity (PERSON/ORG/LOC) of an article, for ``articles.entities``."""
    grouped: dict[str, list[Entity]] = defaultdict(list)
    for ent in article.entities:
        if ent.label != "DATE":
            grouped[ent.entity_id].append(ent)
    records = []
    for entity_id, ents in grouped.items():
        first = ents[0]
        records.append(
            EntityRecord(
                entity_id=entity_id,
                canonical=first.canonical,
                kb_id=first.kb_id,
                label=first.label,
                article_id=article.id,
                mentions=len(ents),
                surface_forms=sorted({e.text for e in ents}),
                language=article.language.code,
                published_at=article.published_at,
                ingested_at=article.ingested_at,
            )
        )
    return records

