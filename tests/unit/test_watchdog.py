"""The stall watchdog that makes a worker stuck in a rebalance exit for its supervisor to restart."""

from __future__ import annotations

from services.config import Settings
from services.enricher.watchdog import StallWatchdog


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_expires_only_after_an_unbroken_stall_of_the_limit() -> None:
    clock = FakeClock()
    dog = StallWatchdog(300, clock=clock)
    assert dog.observe(False) == 0.0
    assert dog.observe(True) == 0.0  # the stall starts now
    clock.now += 299
    assert not dog.expired(dog.observe(True))
    clock.now += 1
    assert dog.expired(dog.observe(True))


def test_a_completed_rebalance_resets_the_clock() -> None:
    clock = FakeClock()
    dog = StallWatchdog(300, clock=clock)
    dog.observe(True)
    clock.now += 250
    assert dog.observe(False) == 0.0  # rebalance finished: normal
    dog.observe(True)
    clock.now += 250
    stalled = dog.observe(True)
    assert stalled == 250 and not dog.expired(stalled)


def test_zero_disables() -> None:
    clock = FakeClock()
    dog = StallWatchdog(0, clock=clock)
    dog.observe(True)
    clock.now += 10_000
    assert not dog.expired(dog.observe(True))


def test_limit_is_configured_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SAMACHAR_STALL_EXIT_SECONDS", "42")
    assert Settings().stall_exit_seconds == 42
    assert Settings.model_fields["stall_exit_seconds"].default == 300
