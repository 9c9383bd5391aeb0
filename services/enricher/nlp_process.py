"""The NLP pipeline in a child process of its own, so that it never shares a GIL with the Kafka consumer.

A Faust worker runs three busy threads in one interpreter: the event loop (agent, producer, web), the aiokafka
consumer thread, and the NLP. In one process they take turns on the GIL, and the NLP (pure-Python rules, spaCy)
ran at a fraction of its speed alone. ``ProcessPipeline`` keeps the interface the ``BatchHandler`` uses
(``enrich_batch``, ``loaded``, ``version``) and runs each batch in one child process (``ProcessPoolExecutor`` with
one process, started with ``spawn``: no locks or threads inherited from the parent), so batches stay in order
and the worker still uses one core for its NLP.

Failure isolation is kept: a stage error comes back as the record's ``StageError`` (the pipeline isolates those
per record in the child); if the child process itself dies (a crash in native code, the OOM killer), it is
restarted and the batch is retried record by record in fresh children, so only a record that kills the process
again is dead-lettered (stage ``record``, error ``NlpProcessDied``), the others are enriched.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

from services.config import NlpSettings
from services.nlp.pipeline import Pipeline, PipelineItem, StageObserver
from services.nlp.types import StageError
from services.records import EnrichedArticle

log = logging.getLogger(__name__)

# --- the child process -------------------------------------------------------------------------------------------
PipelineFactory = Callable[[NlpSettings, StageObserver], Any]
"""``factory(nlp, observer)`` -> an object with ``load()``, ``version`` and ``enrich_batch`` (a module-level
function: the child imports it by name). Default: ``Pipeline.from_config``."""

_pipeline: Any = None
_timings: list[tuple[str, float]] = []


def _real_pipeline(nlp: NlpSettings, observer: StageObserver) -> Pipeline:
    return Pipeline.from_config(nlp, observer=observer)


def _child_init() -> None:
    """Child start: the parent decides when to stop (SIGTERM/SIGINT sent to the worker's process group are ignored
    here: a graceful stop must not kill a batch and dead-letter it); the child exits within a second of the
    parent's death (kill -9, the stall watchdog's ``os._exit``), so no orphan keeps the models in memory."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def exit_with_parent() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=exit_with_parent, name="samachar-parent-watch", daemon=True).start()


def _child_load(nlp: NlpSettings, factory: PipelineFactory) -> str:
    """Build and load the pipeline once in the child (its errors reach the parent as they are); its version."""
    global _pipeline
    _pipeline = factory(nlp, lambda stage, seconds: _timings.append((stage, seconds))).load()
    _timings.clear()
    return _pipeline.version


def _child_enrich(items: list[PipelineItem]) -> tuple[list[EnrichedArticle | tuple[str, str, str]], list[tuple[str, float]]]:
    """Enrich in the child; StageErrors travel as (stage, error_type, message) (the exception does not pickle)."""
    assert _pipeline is not None
    _timings.clear()
    results = _pipeline.enrich_batch(items)
    out = [(r.stage, r.error_type, r.message) if isinstance(r, StageError) else r for r in results]
    return out, list(_timings)


# --- the parent side ---------------------------------------------------------------------------------------------
class ProcessPipeline:
    """``Pipeline.from_config(nlp)`` (or ``factory(nlp, observer)``) running in one child process; same
    ``enrich_batch`` contract.

    ``observer(stage, seconds)`` is called in this process with the child's stage timings (metrics). ``load()``
    starts the child and waits until its models are loaded (raises whatever the child raised while loading, e.g.
    a missing model). ``enrich_batch`` blocks until the child is done (call it from a thread, as the
    ``BatchHandler`` does). ``close()`` stops the child.
    """

    def __init__(self, nlp: NlpSettings, observer: StageObserver | None = None,
                 factory: PipelineFactory = _real_pipeline) -> None:
        self.nlp = nlp
        self.observer = observer
        self.factory = factory
        self.loaded = False
        self.restarts = 0
        self._version: str | None = None
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"), initializer=_child_init)
        try:
            self._version = self._pool.submit(_child_load, self.nlp, self.factory).result()
        except BaseException:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            raise

    def load(self) -> "ProcessPipeline":
        """Start the child process and load its models; returns self."""
        if self._pool is None:
            self._start()
        self.loaded = True
        return self

    @property
    def version(self) -> str:
        """The child pipeline's ``Pipeline.version`` (loads it first if needed)."""
        if self._version is None:
            self.load()
        assert self._version is not None
        return self._version

    def _run(self, items: list[PipelineItem]) -> list[EnrichedArticle | StageError]:
        if self._pool is None:
            self._start()
        assert self._pool is not None
        raw, timings = self._pool.submit(_child_enrich, items).result()
        if self.observer is not None:
            for stage, seconds in timings:
                self.observer(stage, seconds)  # type: ignore[arg-type]
        return [StageError(*r) if isinstance(r, tuple) else r for r in raw]

    def _restart(self) -> None:
        self.restarts += 1
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        self._start()

    def enrich_batch(self, items: Sequence[PipelineItem]) -> list[EnrichedArticle | StageError]:
        """Enrich a batch in the child; each position holds the enriched article or the StageError that stopped it.

        If the child dies, it is restarted and each record is retried alone; a record during which the child
        dies again gets ``StageError("record", "NlpProcessDied", ...)``.
        """
        batch = list(items)
        if not batch:
            return []
        try:
            return self._run(batch)
        except BrokenProcessPool:
            log.error("NLP process died during a batch of %d; restarting it and retrying record by record", len(batch))
            self._restart()
        results: list[EnrichedArticle | StageError] = []
        for item in batch:
            try:
                results.extend(self._run([item]))
            except BrokenProcessPool:
                log.error("NLP process died on article %s; dead-lettering it", item.article.id)
                self._restart()
                results.append(StageError("record", "NlpProcessDied",
                                          "the NLP process died while enriching this record (crash or out of memory)"))
        return results

    def close(self) -> None:
        """Stop the child process (a batch running in it is abandoned); safe to call twice."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def __getstate__(self) -> dict[str, Any]:  # never sent anywhere: fail loudly if someone tries
        raise TypeError("ProcessPipeline cannot be pickled")
