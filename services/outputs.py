"""Every topic samachar writes (and the one it reads), declared once.

One ``TopicSpec`` per topic holds what used to be spread over settings, topic creation, the Faust app, the batch
handler, the schema generator and compose's ``topic-init``: the Settings attribute that names the topic, the
pydantic record model, how a record's Kafka key is taken, the topic's config (``max.message.bytes`` ...) and the
builder that turns an enriched article into the topic's records. Readers:

- ``services.kafka.create_topics`` (``samachar topics``, ``produce --create-topics``, demo, tests): names + configs;
- ``services.enricher.app``: the Faust topics, fetch and request sizes;
- ``services.enricher.handler``: which records an enriched article becomes, their keys, the DLQ;
- ``services.schemas`` (``samachar schemas``): one JSON Schema per topic from its model;
- ``tests/unit/test_deploy.py``: compose's ``topic-init`` must create exactly these topics with these configs.

Adding an output topic is adding one ``TopicSpec`` with a builder to ``OUTPUTS`` (plus its ``create`` line in
``docker-compose.yml``, which the drift test then demands).
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from services.config import Settings
from services.records import DeadLetter, EnrichedArticle, Entity, EntityRecord, RawArticle

MiB = 1024 * 1024

# Not a setting (services/config.py has none for it): an enriched record holds the cleaned text of an article of at
# most SAMACHAR_MAX_ARTICLE_BYTES (2 MiB) plus its entities, so 4x that leaves room for entity-dense articles and
# JSON escaping. A larger record is dead-lettered (stage ``produce``), never lost.
ENRICHED_MAX_MESSAGE_BYTES = 8 * MiB
# Dead letters are kept 30 days (someone has to look at them), not the broker's default 7.
DLQ_RETENTION_MS = 30 * 24 * 3600 * 1000
# Kafka's default max.message.bytes (1 MiB + record-batch overhead), for topics that set none.
BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1048588

KeyOf = Callable[[Any], bytes | None]
Builder = Callable[[EnrichedArticle], Sequence[BaseModel]]


def _dead_letter_key(letter: DeadLetter) -> bytes | None:
    """A dead letter keeps the Kafka key of the record it stands for (``key_base64`` decoded), None if it had none."""
    return base64.b64decode(letter.key_base64) if letter.key_base64 is not None else None


def enriched_records(article: EnrichedArticle) -> list[BaseModel]:
    """``articles.enriched`` holds the article itself: one record."""
    return [article]


def entity_records(article: EnrichedArticle) -> list[EntityRecord]:
    """One ``EntityRecord`` per distinct canonical entity (PERSON/ORG/LOC, keyed by ``entity_id``) of an article.

    DATE mentions are left out (they are not entities a dashboard counts). ``mentions`` is the number of mentions
    with that ``entity_id``, ``surface_forms`` their distinct texts sorted; canonical name, Wikidata id and label
    are the first mention's. Records come in order of first mention; an article without entities gives ``[]``.
    """
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


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """One topic: where its name comes from, what its records are, how they are keyed, how the topic is created.

    The key is the record's ``key_field`` as UTF-8, or what ``key_of`` returns for topics keyed otherwise.
    ``max_message_bytes`` is an int (bytes), the name of the Settings attribute holding it, or None for the
    broker's default. ``build`` is None for topics whose records are not made from an enriched article (the raw
    input, the DLQ: dead letters are made from failures by the handler).
    """

    role: str
    name_setting: str
    model: type[BaseModel]
    key_field: str | None
    key_of: KeyOf | None = None
    max_message_bytes: int | str | None = None
    extra_config: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    build: Builder | None = None

    def name(self, settings: Settings) -> str:
        """The topic's name under ``settings`` (e.g. ``SAMACHAR_TOPIC_ENRICHED``), read at run time."""
        return str(getattr(settings, self.name_setting))

    def default_name(self) -> str:
        """The name with no environment override (``articles.enriched``): schema file names, compose."""
        return str(Settings.model_fields[self.name_setting].default)

    def message_bytes(self, settings: Settings) -> int | None:
        """``max.message.bytes`` of the topic in bytes, None when the broker's default applies."""
        if isinstance(self.max_message_bytes, str):
            return int(getattr(settings, self.max_message_bytes))
        return self.max_message_bytes

    def topic_config(self, settings: Settings) -> dict[str, str]:
        """Kafka topic configs to create the topic with (string values, as the admin API takes them)."""
        config = {}
        limit = self.message_bytes(settings)
        if limit is not None:
            config["max.message.bytes"] = str(limit)
        config.update(self.extra_config)
        return config

    def key(self, record: BaseModel) -> bytes | None:
        """The Kafka key of one of this topic's records (bytes), or None."""
        if self.key_of is not None:
            return self.key_of(record)
        value = getattr(record, self.key_field) if self.key_field else None
        return None if value is None else str(value).encode("utf-8")

    def encode(self, record: BaseModel) -> bytes:
        """The record's Kafka value: its JSON (UTF-8). Raises TypeError for a record of another topic's model."""
        if not isinstance(record, self.model):
            raise TypeError(f"{self.role}: expected {self.model.__name__}, got {type(record).__name__}")
        return record.model_dump_json().encode("utf-8")

    def records(self, article: EnrichedArticle) -> list[BaseModel]:
        """What one enriched article becomes on this topic (possibly nothing). ValueError for non-article topics."""
        if self.build is None:
            raise ValueError(f"topic {self.role!r} is not built from enriched articles")
        return list(self.build(article))


RAW = TopicSpec(
    role="raw", name_setting="topic_raw", model=RawArticle, key_field="id",
    # larger than SAMACHAR_MAX_ARTICLE_BYTES on purpose: oversized input must arrive to be dead-lettered
    max_message_bytes="raw_max_message_bytes",
)
ENRICHED = TopicSpec(
    role="enriched", name_setting="topic_enriched", model=EnrichedArticle, key_field="id",
    max_message_bytes=ENRICHED_MAX_MESSAGE_BYTES, build=enriched_records,
)
ENTITIES = TopicSpec(
    role="entities", name_setting="topic_entities", model=EntityRecord, key_field="entity_id",
    build=entity_records,
)
DLQ = TopicSpec(
    role="dlq", name_setting="topic_dlq", model=DeadLetter, key_field=None, key_of=_dead_letter_key,
    # holds the original payload base64-encoded (4/3 of a raw record of up to raw_max_message_bytes)
    max_message_bytes="dlq_max_message_bytes",
    extra_config=MappingProxyType({"retention.ms": str(DLQ_RETENTION_MS)}),
)

INPUT = RAW
OUTPUTS: tuple[TopicSpec, ...] = (ENRICHED, ENTITIES, DLQ)
TOPICS: tuple[TopicSpec, ...] = (INPUT, *OUTPUTS)
ARTICLE_OUTPUTS: tuple[TopicSpec, ...] = tuple(spec for spec in OUTPUTS if spec.build is not None)
"""The topics an enriched article is written to, in the order the handler writes them (enriched first)."""


def topic_names(settings: Settings) -> list[str]:
    """Names of every topic (input first, then the outputs) under ``settings``."""
    return [spec.name(settings) for spec in TOPICS]


def topic_configs(settings: Settings) -> dict[str, dict[str, str]]:
    """Topic name -> Kafka topic configs to create it with (``{}`` for broker defaults)."""
    return {spec.name(settings): spec.topic_config(settings) for spec in TOPICS}


def max_output_message_bytes(settings: Settings) -> int:
    """The largest record any output topic admits (bytes): the producer's max request size must allow it."""
    return max(spec.message_bytes(settings) or BROKER_DEFAULT_MAX_MESSAGE_BYTES for spec in OUTPUTS)


__all__ = [
    "ARTICLE_OUTPUTS", "DLQ", "ENRICHED", "ENTITIES", "INPUT", "OUTPUTS", "RAW", "TOPICS", "TopicSpec",
    "entity_records", "enriched_records", "max_output_message_bytes", "topic_configs", "topic_names",
]
