"""Entry point of ``samachar worker``: wait for the broker, load models, then run the Faust worker."""

from __future__ import annotations

import asyncio
import logging

import faust

from services import metrics
from services.config import Settings
from services.enricher.app import create_app
from services.enricher.nlp_process import ProcessPipeline
from services.kafka import wait_for_broker
from services.nlp.pipeline import Pipeline

log = logging.getLogger(__name__)


def run_worker(settings: Settings, broker_wait_seconds: float = 300.0) -> None:
    """Run ``samachar worker`` until stopped: wait (up to ``broker_wait_seconds``) for the broker, load the NLP
    (in a child process when ``settings.nlp_process``), then run the Faust worker. Raises ``TimeoutError`` when
    the broker never answers and whatever loading the models raises."""
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    metrics.set_worker_state(up=False, ready=False)
    log.info("waiting for broker %s", settings.bootstrap_servers)
    asyncio.run(wait_for_broker(settings, timeout=broker_wait_seconds))
    log.info("loading NLP models%s", " in an NLP process" if settings.nlp_process else "")
    pipeline: Pipeline | ProcessPipeline
    if settings.nlp_process:  # no GIL shared with the consumer thread and the event loop
        pipeline = ProcessPipeline(settings.nlp, observer=metrics.observe_stage)
    else:
        pipeline = Pipeline.from_config(settings.nlp, observer=metrics.observe_stage)
    try:
        pipeline.load()
        log.info("models loaded: %s", pipeline.version)
        app = create_app(settings, pipeline)  # type: ignore[arg-type]
        metrics.set_worker_state(up=True, ready=False)
        worker = faust.Worker(app, loglevel=settings.log_level.lower(), quiet=True)
        try:
            worker.execute_from_commandline()
        finally:
            app.samachar_handler.close()  # type: ignore[attr-defined]
    finally:
        if isinstance(pipeline, ProcessPipeline):
            pipeline.close()
