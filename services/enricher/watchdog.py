"""Stall watchdog: a worker stuck in a consumer-group rebalance exits, so its supervisor restarts it.

Why: Faust can hang in a rebalance that never completes (the partitions stay paused, the process looks alive
and ``/healthz`` answers, nothing is consumed; see faust-streaming issues on rebalance/recovery hangs). A normal
rebalance takes seconds. Exiting is safe because processing is at-least-once: offsets are committed only after
outputs are flushed, so a restarted worker (compose ``restart: unless-stopped``, Kubernetes, systemd) replays what
was not committed, and the keyed outputs stay idempotent.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class StallWatchdog:
    """Tracks how long a condition (``rebalancing``) has held without a break; ``limit_seconds`` 0 disables."""

    def __init__(self, limit_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit_seconds = limit_seconds
        self._clock = clock
        self._since: float | None = None

    def observe(self, stalled: bool) -> float:
        """Record the current state; return for how many seconds it has been stalled (0 when not)."""
        now = self._clock()
        if not stalled:
            self._since = None
            return 0.0
        if self._since is None:
            self._since = now
        return now - self._since

    def expired(self, stalled_for: float) -> bool:
        return self.limit_seconds > 0 and stalled_for >= self.limit_seconds
