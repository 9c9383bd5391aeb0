"""The Faust app: the enrich agent, its topics and web views; NLP lives in ``services.nlp``.

The topics (names, sizes) come from the registry in ``services.outputs``; what goes on them from the handler.

At-least-once: Faust flushes the producer before committing offsets, so a record's outputs are on the broker
before its input offset is committed. Output keys are article ids / entity ids, so a replay is idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
from typing import Any

import faust
from faust.web import Request, Response, View

from services import __version__, batch_guard, metrics
from services.config import Settings
from services.enricher.handler import BatchHandler, InRecord
from services.enricher.watchdog import StallWatchdog
from services.kafka import install_empty_fetch_backoff, install_keep_member_id_on_illegal_generation
from services.nlp.pipeline import Pipeline
from services.outputs import DLQ, INPUT, OUTPUTS, max_output_message_bytes
from services.records import SCHEMA_VERSION

log = logging.getLogger(__name__)

STALL_EXIT_CODE = 75  # EX_TEMPFAIL: restart me


def _broker_credentials(settings: Settings) -> Any:
    if settings.security_protocol == "PLAINTEXT":
        return None
    context = None
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None)
        if settings.ssl_certfile:
            context.load_cert_chain(str(settings.ssl_certfile), str(settings.ssl_keyfile) if settings.ssl_keyfile else None)
    if settings.security_protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password.get_secret_value() if settings.sasl_password else None,
            mechanism=settings.sasl_mechanism or "PLAIN",
            ssl_context=context,
        )
    return faust.SSLCredentials(context)


async def _handle_then_ack(handler: BatchHandler, batch: list[InRecord], events: Any,
                           previous: asyncio.Task[None] | None) -> None:
    """Enrich ``batch``; its outputs are sent after those of ``previous`` (batch order kept); then ack its events."""
    await handler.handle(batch, before_send=previous)
    for ev in events:
        ev.ack()


def create_app(settings: Settings, pipeline: Pipeline) -> faust.App:
    """Build the worker app (not started) from ``settings``; ``app.samachar_handler`` is its ``BatchHandler``.

    ``pipeline`` should already be loaded (models in memory) for readiness. The app never declares topics
    (``create_topics`` does, from the registry); it consumes the input topic and sends to every output topic.
    """
    raw_limit = INPUT.message_bytes(settings) or 0
    install_empty_fetch_backoff(settings.empty_fetch_backoff_ms)
    if settings.keep_member_id_on_illegal_generation:
        install_keep_member_id_on_illegal_generation()
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{hp.strip()}" for hp in settings.bootstrap_servers.split(",")],
        broker_credentials=_broker_credentials(settings),
        value_serializer="raw",
        key_serializer="raw",
        store="memory://",
        datadir=str(settings.data_dir),
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_in_thread=False,
        topic_partitions=settings.partitions,
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        consumer_max_fetch_size=max(raw_limit, 4 * 1024 * 1024),
        producer_max_request_size=max_output_message_bytes(settings),
        stream_buffer_maxsize=max(64, settings.batch_size * 4),
        broker_commit_every=max(100, settings.batch_size * 4),
        broker_commit_interval=2.0,
        producer_acks=-1,
        logging_config=None,
    )
    raw_name = INPUT.name(settings)
    raw_topic = app.topic(raw_name, internal=False, value_serializer="raw", key_serializer="raw")
    out_topics = {
        spec.name(settings): app.topic(spec.name(settings), internal=False, value_serializer="raw", key_serializer="raw")
        for spec in OUTPUTS
    }

    async def send(topic: str, key: bytes | None, value: bytes) -> None:
        await out_topics[topic].send(key=key, value=value)

    handler = BatchHandler(settings, pipeline, send)
    batch_guard.install()  # an undecodable record batch is skipped and dead-lettered, not a crash (issue 11)
    metrics.init_topic_series([raw_name, *out_topics])
    metrics.set_build_info(__version__, SCHEMA_VERSION, pipeline.version)
    app.samachar_handler = handler  # type: ignore[attr-defined]

    @app.agent(raw_topic, name="enrich")
    async def enrich(stream: faust.StreamT) -> None:
        previous: asyncio.Task[None] | None = None
        try:
            async for events in stream.take_events(settings.batch_size, within=settings.batch_timeout_seconds):
                batch = [
                    InRecord(
                        value=ev.message.value,
                        key=ev.message.key,
                        topic=ev.message.topic,
                        partition=ev.message.partition,
                        offset=ev.message.offset,
                        timestamp=ev.message.timestamp,
                    )
                    for ev in events
                ]
                if not settings.pipeline_batches:
                    await handler.handle(batch)
                    continue
                # Pipelined: this batch goes to the NLP (queued behind the previous one in the handler's single
                # NLP thread) while the previous batch's outputs are sent. take_events acks these events when we
                # return to it; the extra reference taken here keeps their offsets uncommitted until this batch's
                # outputs are sent (Faust commits only acked offsets, after flushing the producer).
                for ev in events:
                    ev.message.incref()
                current = asyncio.create_task(_handle_then_ack(handler, batch, events, previous))
                if previous is not None:
                    await previous  # at most two batches in flight: one in the NLP, one queued behind it
                previous = current
        finally:
            if previous is not None:
                await previous


    def is_ready() -> bool:
        try:
            assigned = bool(app.consumer.assignment())
        except Exception:  # noqa: BLE001 - consumer not started yet
            assigned = False
        return pipeline.loaded and assigned and not app.rebalancing

    watchdog = StallWatchdog(settings.stall_exit_seconds)

    @app.timer(interval=5.0)
    async def observe_worker() -> None:
        """Refresh readiness and consumer lag (highwater - next offset to read); exit when stuck rebalancing."""
        metrics.set_worker_state(up=True, ready=is_ready())
        stalled_for = watchdog.observe(bool(app.rebalancing))
        if watchdog.expired(stalled_for):
            log.error(
                "stuck in a consumer-group rebalance for %.0f s (SAMACHAR_STALL_EXIT_SECONDS=%s): exiting with code %d "
                "so the supervisor restarts this worker; uncommitted records will be replayed, none lost",
                stalled_for, settings.stall_exit_seconds, STALL_EXIT_CODE,
            )
            logging.shutdown()
            os._exit(STALL_EXIT_CODE)  # a hung rebalance cannot be shut down gracefully; at-least-once covers it
        lag: dict[int, int] = {}
        try:
            consumer = app.consumer
            for tp in consumer.assignment():
                if tp.topic != raw_name:
                    continue
                highwater = consumer.highwater(tp)
                if highwater is None:
                    continue
                read = consumer._read_offset.get(tp)  # noqa: SLF001 - faust keeps the last read offset here
                committed = consumer._committed_offset.get(tp)  # noqa: SLF001
                position = read + 1 if read is not None else (committed or 0)
                lag[tp.partition] = max(0, highwater - position)
        except Exception as exc:  # noqa: BLE001 - lag is best effort
            log.debug("lag not available: %s", exc)
        metrics.set_consumer_lag(raw_name, lag)

    @app.timer(interval=1.0)
    async def dead_letter_undecodable_batches() -> None:
        await batch_guard.dead_letter_undecodable(DLQ.name(settings), send)

    @app.page("/metrics")
    class MetricsView(View):
        async def get(self, request: Request) -> Response:
            body, content_type = metrics.render_latest(request.headers.get("Accept"))
            return self.bytes(body, headers={"Content-Type": content_type})

    @app.page("/healthz")
    class HealthView(View):
        async def get(self, request: Request) -> Response:
            return self.json({"status": "ok", "version": __version__})

    @app.page("/readyz")
    class ReadyView(View):
        async def get(self, request: Request) -> Response:
            ready = is_ready()
            try:
                assignment = sorted(f"{tp.topic}:{tp.partition}" for tp in app.consumer.assignment())
            except Exception:  # noqa: BLE001
                assignment = []
            body = {"ready": ready, "models_loaded": pipeline.loaded, "rebalancing": bool(app.rebalancing),
                    "assigned": assignment}
            return self.json(body, status=200 if ready else 503)

    @app.on_before_shutdown.connect
    def _on_shutdown(app: faust.App, **kwargs: Any) -> None:  # noqa: ARG001
        metrics.set_worker_state(up=False, ready=False)

    return app
