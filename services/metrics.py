"""Every Prometheus metric samachar exports, defined once, with helpers that keep labels bounded.

Why one module: dashboards, alert rules and tests check metric names against this file, and label
values pass through the ``_bounded`` helpers here so no caller can put an article id, entity name
or exception message into a label (each distinct label value is a new time series in Prometheus).

Each worker or producer is its own process and is scraped on its own, so a plain (non-multiprocess)
registry is right. We use a dedicated ``REGISTRY`` rather than prometheus_client's global one so that
libraries registering their own collectors cannot leak into ``/metrics`` and tests see only ours;
the process and platform collectors are added to it explicitly.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Final

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
    start_http_server,
)
from prometheus_client.exposition import choose_encoder

from services import records
from services.nlp.stages import FAILURE_STAGES
from services.nlp.stages import STAGES as NLP_STAGES

# The classic text format every Prometheus 2.x/3.x parses (prometheus-client >= 0.22 labels its
# default output "version=1.0.0", which older servers do not know).
CONTENT_TYPE_TEXT: Final = "text/plain; version=0.0.4; charset=utf-8"

# ``*_created`` gauges double the series count and nothing here queries them.
disable_created_metrics()

REGISTRY: Final = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)

OTHER: Final = "other"

# --- bounded label vocabularies -------------------------------------------------------------------

STAGES: Final = frozenset((*NLP_STAGES, "record"))
"""Timed stages (``samachar_stage_duration_seconds{stage}``): the NLP stages and the handler's output records."""

DLQ_STAGES: Final = frozenset(FAILURE_STAGES)
"""Where a record can fail (``StageError.stage`` = ``DeadLetter.stage``; ``services.nlp.stages.FailureStage``)."""

ERROR_TYPES: Final = frozenset(
    {
        # input contract (services.payload, services.producer.readers)
        "EmptyPayload",
        "PayloadTooLarge",
        "InvalidUtf8",
        "BinaryPayload",
        "InvalidEnvelope",
        "InvalidJson",
        "UnreadableFile",
        "UnsupportedFileType",
        # NLP stages (services.nlp.*)
        "InvalidInput",
        "InputTooLarge",
        "EmptyInput",
        "EmptyAfterCleaning",
        "BadOffsets",
        "Unprocessed",
        "ModelError",
        "Timeout",
        "NlpProcessDied",  # the worker's NLP process died on this record (services.enricher.nlp_process)
        # output / broker
        "CorruptRecordBatch",  # a fetched record batch that cannot be decoded (services.batch_guard)
        "KafkaError",
        "KafkaTimeoutError",
        "MessageSizeTooLargeError",
        # Python exception classes that commonly surface through type(exc).__name__
        "UnicodeDecodeError",
        "JSONDecodeError",
        "ValidationError",
        "RecursionError",
        "ValueError",
        "TypeError",
        "KeyError",
        "IndexError",
        "AttributeError",
        "TimeoutError",
        "MemoryError",
        "RuntimeError",
        "OSError",
    }
)
"""Known dead-letter error codes; anything else is counted as ``other`` (the DLQ record keeps the detail)."""

LANGUAGES: Final = frozenset(
    {
        # Indian languages and scripts the detector can tell apart
        "hi", "en", "mr", "ne", "sa", "bn", "pa", "gu", "ur", "or", "as", "ta", "te", "kn", "ml",
        "sd", "ks", "kok", "mai", "bho", "doi", "bh",
        # frequent foreign-language fragments in Indian news
        "fr", "de", "es", "pt", "it", "ru", "ar", "fa", "zh", "ja", "ko",
        # undetermined / multiple
        "und", "mul",
    }
)  # fmt: skip
"""ISO 639 codes counted by name in ``samachar_articles_by_language_total``; others become ``other``."""

ENTITY_LABELS: Final = frozenset(records.ENTITY_LABELS)
PRODUCER_FILE_RESULTS: Final = frozenset({"sent", "skipped", "failed", "invalid", "duplicate"})
PRODUCER_RECORD_RESULTS: Final = frozenset({"sent", "failed", "invalid", "too_large"})

# --- buckets --------------------------------------------------------------------------------------

STAGE_BUCKETS: Final = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
)  # fmt: skip
"""Half a millisecond (regex cleaning of a short text) to 30 s (NER on a large batch)."""

END_TO_END_BUCKETS: Final = (
    0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
)  # fmt: skip
"""From ingest to enriched: sub-second when idle, minutes to an hour when a backlog drains."""

BATCH_BUCKETS: Final = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)

# --- metrics: worker ------------------------------------------------------------------------------

RECORDS_CONSUMED = Counter(
    "samachar_records_consumed",
    "Records read from a Kafka topic by the worker.",
    ["topic"],
    registry=REGISTRY,
)
RECORDS_ENRICHED = Counter(
    "samachar_records_enriched",
    "Articles fully enriched and handed to the output topics.",
    registry=REGISTRY,
)
RECORDS_DEAD_LETTERED = Counter(
    "samachar_records_dead_lettered",
    "Records sent to the dead-letter topic, by failing stage and bounded error code.",
    ["stage", "error_type"],
    registry=REGISTRY,
)
RECORDS_PRODUCED = Counter(
    "samachar_records_produced",
    "Records written to a Kafka topic (enriched, entities, dlq, or raw by the producer).",
    ["topic"],
    registry=REGISTRY,
)
STAGE_DURATION = Histogram(
    "samachar_stage_duration_seconds",
    "Wall time of one call of a pipeline stage (one batch of records).",
    ["stage"],
    buckets=STAGE_BUCKETS,
    registry=REGISTRY,
)
END_TO_END_LATENCY = Histogram(
    "samachar_end_to_end_latency_seconds",
    "Time from an article's ingested_at (producer) to its enriched_at (worker).",
    buckets=END_TO_END_BUCKETS,
    registry=REGISTRY,
)
BATCH_SIZE = Histogram(
    "samachar_batch_size",
    "Records handed to the NLP pipeline in one batch.",
    buckets=BATCH_BUCKETS,
    registry=REGISTRY,
)
CONSUMER_LAG = Gauge(
    "samachar_consumer_lag",
    "Records between the group's committed/consumed offset and the partition's end offset, "
    "for partitions assigned to this worker.",
    ["topic", "partition"],
    registry=REGISTRY,
)
RECORDS_IN_FLIGHT = Gauge(
    "samachar_records_in_flight",
    "Records taken from Kafka but not yet enriched or dead-lettered.",
    registry=REGISTRY,
)
WORKER_UP = Gauge(
    "samachar_worker_up",
    "1 while the worker process runs its agents, 0 while it starts or shuts down.",
    registry=REGISTRY,
)
WORKER_READY = Gauge(
    "samachar_worker_ready",
    "1 when models are loaded and partitions are assigned, i.e. the worker can make progress.",
    registry=REGISTRY,
)
BUILD_INFO = Info(
    "samachar_build",
    "Version of samachar, its record schema and its NLP models (value is always 1).",
    registry=REGISTRY,
)
ARTICLES_BY_LANGUAGE = Counter(
    "samachar_articles_by_language",
    "Enriched articles by detected document language (ISO 639; unknown codes as 'other').",
    ["language"],
    registry=REGISTRY,
)
ENTITIES_EXTRACTED = Counter(
    "samachar_entities_extracted",
    "Entity mentions emitted on enriched articles, by label.",
    ["label"],
    registry=REGISTRY,
)

# --- metrics: producer ----------------------------------------------------------------------------

PRODUCER_FILES = Counter(
    "samachar_producer_files",
    "Input files handled by `samachar produce`, by result.",
    ["result"],
    registry=REGISTRY,
)
PRODUCER_RECORDS = Counter(
    "samachar_producer_records",
    "Articles the producer tried to send to the raw topic, by result.",
    ["result"],
    registry=REGISTRY,
)


# Series that exist from the start, so rate() sees the first increment and panels are not empty.
for _stage in sorted(STAGES):
    STAGE_DURATION.labels(stage=_stage)
for _label in sorted(ENTITY_LABELS):
    ENTITIES_EXTRACTED.labels(label=_label)


# --- helpers --------------------------------------------------------------------------------------


def _bounded(value: str | None, allowed: frozenset[str]) -> str:
    """``value`` if it is in the fixed vocabulary, else ``other`` (keeps label cardinality bounded)."""
    return value if value in allowed else OTHER


def bounded_stage(stage: str) -> str:
    """``stage`` if it is an NLP/pipeline stage label of ``samachar_stage_duration_seconds``, else ``other``."""
    return _bounded(stage, STAGES)


def bounded_dlq_stage(stage: str) -> str:
    """``stage`` if it is a dead-letter stage (``FAILURE_STAGES``), else ``other``."""
    return _bounded(stage, DLQ_STAGES)


def bounded_error_type(error_type: str | None) -> str:
    """``error_type`` if it is a known dead-letter error code, else ``other`` (also for None)."""
    return _bounded(error_type, ERROR_TYPES)


def bounded_language(code: str | None) -> str:
    """Normalise ``hi-IN``/``HI``/``hin``-style input lightly, then bound it."""
    if not code:
        return "und"
    return _bounded(code.strip().lower().replace("_", "-").split("-")[0], LANGUAGES)


def bounded_entity_label(label: str) -> str:
    """``label`` if it is an emitted entity label (PERSON/ORG/LOC/DATE), else ``other``."""
    return _bounded(label, ENTITY_LABELS)


@contextmanager
def stage_timer(stage: str) -> Iterator[None]:
    """Time one stage call into ``samachar_stage_duration_seconds{stage}`` (observed even if it raises)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        STAGE_DURATION.labels(stage=bounded_stage(stage)).observe(time.perf_counter() - start)


def observe_stage(stage: str, seconds: float) -> None:
    """Record a stage duration measured elsewhere (e.g. by the NLP pipeline's observer callback)."""
    STAGE_DURATION.labels(stage=bounded_stage(stage)).observe(max(0.0, seconds))


def init_topic_series(topics: Iterable[str]) -> None:
    """Create the zero-valued consumed/produced series for the configured topics at worker start."""
    for topic in topics:
        RECORDS_CONSUMED.labels(topic=topic)
        RECORDS_PRODUCED.labels(topic=topic)


def record_consumed(topic: str, count: int = 1) -> None:
    """Count ``count`` records consumed from ``topic`` (``samachar_records_consumed_total{topic}``)."""
    RECORDS_CONSUMED.labels(topic=topic).inc(count)


def record_produced(topic: str, count: int = 1) -> None:
    """Count ``count`` records produced to ``topic`` (``samachar_records_produced_total{topic}``)."""
    RECORDS_PRODUCED.labels(topic=topic).inc(count)


def record_batch(size: int) -> None:
    """Observe one batch of ``size`` records (``samachar_batch_size`` histogram)."""
    BATCH_SIZE.observe(size)


def record_dead_letter(stage: str, error_type: str) -> None:
    """Count one dead-lettered record; unknown stages/error codes are counted as ``other``."""
    RECORDS_DEAD_LETTERED.labels(stage=bounded_dlq_stage(stage), error_type=bounded_error_type(error_type)).inc()


def record_enriched(language: str | None, entity_labels: Iterable[str], end_to_end_seconds: float | None) -> None:
    """Count one enriched article: its language, its entity mentions and (if known) its end-to-end latency.

    A negative latency (clock skew between producer and worker hosts) is clamped to 0 rather than dropped,
    so the histogram count still equals the enriched count.
    """
    RECORDS_ENRICHED.inc()
    ARTICLES_BY_LANGUAGE.labels(language=bounded_language(language)).inc()
    for label in entity_labels:
        ENTITIES_EXTRACTED.labels(label=bounded_entity_label(label)).inc()
    if end_to_end_seconds is not None:
        END_TO_END_LATENCY.observe(max(0.0, end_to_end_seconds))


def set_consumer_lag(topic: str, lag_by_partition: Mapping[int, int]) -> None:
    """Replace this worker's lag series for ``topic`` with ``lag_by_partition``.

    Partitions no longer assigned (after a rebalance) are removed, so two replicas never both report
    the same partition and ``sum(samachar_consumer_lag)`` stays the group's real lag.
    """
    wanted = {str(p) for p in lag_by_partition}
    for labels in list(_series_labels(CONSUMER_LAG)):
        if labels.get("topic") == topic and labels.get("partition") not in wanted:
            CONSUMER_LAG.remove(topic, labels["partition"])
    for partition, lag in lag_by_partition.items():
        CONSUMER_LAG.labels(topic=topic, partition=str(partition)).set(max(0, lag))


def _series_labels(metric: Gauge) -> Iterator[dict[str, str]]:
    for family in metric.collect():
        for sample in family.samples:
            yield dict(sample.labels)


def set_worker_state(*, up: bool | None = None, ready: bool | None = None) -> None:
    """Set the worker's ``up`` / ``ready`` gauges (1 or 0); an argument left None is not changed."""
    if up is not None:
        WORKER_UP.set(1 if up else 0)
    if ready is not None:
        WORKER_READY.set(1 if ready else 0)


def set_build_info(version: str, schema_version: str, models: str) -> None:
    """Publish ``samachar_build_info{version,schema_version,models} 1`` (one series per process)."""
    BUILD_INFO.info({"version": version, "schema_version": schema_version, "models": models})


def record_producer_file(result: str) -> None:
    """Count one file the producer handled, by ``result`` (unknown results counted as ``other``)."""
    PRODUCER_FILES.labels(result=_bounded(result, PRODUCER_FILE_RESULTS)).inc()


def record_producer_records(result: str, count: int = 1) -> None:
    """Count ``count`` articles the producer tried to send, by ``result`` (unknown: ``other``)."""
    PRODUCER_RECORDS.labels(result=_bounded(result, PRODUCER_RECORD_RESULTS)).inc(count)


def series_names() -> frozenset[str]:
    """Names of samachar's series as PromQL sees them, histograms by base name (no ``_bucket``).

    Dashboards and alert rules are checked against this set.
    """
    names: set[str] = set()
    for family in REGISTRY.collect():
        if not family.name.startswith("samachar_"):
            continue
        suffix = {"counter": "_total", "info": "_info"}.get(family.type, "")
        names.add(family.name + suffix)
    return frozenset(names)


def render_latest(accept: str | None = None) -> tuple[bytes, str]:
    """Body and content type for a ``/metrics`` response.

    Pass the request's ``Accept`` header to serve OpenMetrics when Prometheus asks for it;
    without it the classic text format (``text/plain; version=0.0.4``) is returned.
    """
    if accept:
        encoder, content_type = choose_encoder(accept)
        return encoder(REGISTRY), content_type
    return generate_latest(REGISTRY), CONTENT_TYPE_TEXT


def start_metrics_server(port: int, host: str = "0.0.0.0") -> object:
    """Serve ``/metrics`` from a daemon thread (for ``samachar produce --watch``). Returns the server.

    Call ``.shutdown()`` on the returned server to stop it (tests do).
    """
    server, _thread = start_http_server(port, addr=host, registry=REGISTRY)
    return server


__all__ = [
    "REGISTRY",
    "OTHER",
    "STAGES",
    "DLQ_STAGES",
    "ERROR_TYPES",
    "LANGUAGES",
    "ENTITY_LABELS",
    "RECORDS_CONSUMED",
    "RECORDS_ENRICHED",
    "RECORDS_DEAD_LETTERED",
    "RECORDS_PRODUCED",
    "STAGE_DURATION",
    "END_TO_END_LATENCY",
    "BATCH_SIZE",
    "CONSUMER_LAG",
    "RECORDS_IN_FLIGHT",
    "WORKER_UP",
    "WORKER_READY",
    "BUILD_INFO",
    "ARTICLES_BY_LANGUAGE",
    "ENTITIES_EXTRACTED",
    "PRODUCER_FILES",
    "PRODUCER_RECORDS",
    "stage_timer",
    "observe_stage",
    "init_topic_series",
    "record_consumed",
    "record_produced",
    "record_batch",
    "record_dead_letter",
    "record_enriched",
    "set_consumer_lag",
    "set_worker_state",
    "set_build_info",
    "record_producer_file",
    "record_producer_records",
    "series_names",
    "render_latest",
    "start_metrics_server",
]
