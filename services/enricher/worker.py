"""Entry point of ``samachar worker``: wait for the broker, load models, then run the Faust worker."""

from __future__ import annotations

import asyncio
import logging

import faust

from services import metrics
from services.config import Settings
from services.enricher.app import create_app
from services.kafka import wait_for_broker
from services.nlp.pipeline import Pipeline

log = logging.getLogger(__name__)


def run_worker(settings: Settings, broker_wait_seconds: float = 300.0) -> None:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    metrics.set_worker_state(up=False, ready=False)
    log.info("waiting for broker %s", settings.bootstrap_servers)
    asyncio.run(wait_for_broker(settings, timeout=broker_wait_seconds))
    log.info("loading NLP models")
    pipeline = Pipeline.from_config(settings.nlp, observer=metrics.observe_stage)
    pipeline.load()
    log.info("models loaded: %s", pipeline.version)
    app = create_app(settings, pipeline)
    metrics.set_worker_state(up=True, ready=False)
    worker = faust.Worker(app, loglevel=settings.log_level.lower(), quiet=True)
    try:
        worker.execute_from_commandline()
    finally:
        app.samachar_handler.close()  # type: ignore[attr-defined]
