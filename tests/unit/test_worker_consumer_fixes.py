"""The worker's two aiokafka adjustments (``services.kafka``), without a broker.

- ILLEGAL_GENERATION keeps the group member id (a ghost member froze rebalances on the embedded broker);
  UNKNOWN_MEMBER_ID still resets it.
- A fetch answered empty at once is followed by a pause of the rest of ``empty_fetch_backoff_ms``; fetches that
  return records, or that the broker held (Kafka), are not delayed.
"""

from __future__ import annotations

import asyncio
import time

from aiokafka import errors as Errors
from aiokafka.consumer.fetcher import Fetcher
from aiokafka.consumer.group_coordinator import GroupCoordinator

from services.kafka import install_empty_fetch_backoff, install_keep_member_id_on_illegal_generation


class FakeCoordinator:
    def __init__(self) -> None:
        self.generation = 7
        self.member_id = "faust-1"
        self.rejoins = 0

    def request_rejoin(self) -> None:
        self.rejoins += 1


def _handle(coordinator: FakeCoordinator, error: type[Exception]) -> None:
    """What aiokafka's response handlers do: the error class in a local ``error_type``, then reset."""
    error_type = error  # noqa: F841 - read by the patched reset_generation
    GroupCoordinator.reset_generation(coordinator)  # type: ignore[arg-type]


def test_illegal_generation_keeps_member_id_unknown_member_resets_it() -> None:
    install_keep_member_id_on_illegal_generation()
    install_keep_member_id_on_illegal_generation()  # idempotent
    kept = FakeCoordinator()
    _handle(kept, Errors.IllegalGenerationError)
    assert (kept.generation, kept.member_id, kept.rejoins) == (-1, "faust-1", 1)
    reset = FakeCoordinator()
    _handle(reset, Errors.UnknownMemberIdError)
    assert (reset.generation, reset.member_id, reset.rejoins) == (-1, "", 1)


def _fetcher(answer_seconds: float, records: bool, max_wait_ms: int = 1500) -> Fetcher:
    fetcher = Fetcher.__new__(Fetcher)
    fetcher._fetch_max_wait_ms = max_wait_ms  # noqa: SLF001
    fetcher._answer = (answer_seconds, records)  # type: ignore[attr-defined]
    return fetcher


def test_empty_fetch_backoff(monkeypatch) -> None:  # noqa: ANN001
    async def broker(self: Fetcher, assignment: object, node_id: int, request: object) -> bool:
        seconds, records = self._answer  # type: ignore[attr-defined]
        await asyncio.sleep(seconds)
        return records

    monkeypatch.setattr(Fetcher, "_samachar_backoff", False, raising=False)
    monkeypatch.setattr(Fetcher, "_proc_fetch_request", broker)
    install_empty_fetch_backoff(200)

    def took(fetcher: Fetcher) -> float:
        started = time.monotonic()
        asyncio.run(fetcher._proc_fetch_request(None, 1, None))  # noqa: SLF001
        return time.monotonic() - started

    assert took(_fetcher(0.0, records=False)) >= 0.19  # answered empty at once: wait out the rest
    assert took(_fetcher(0.0, records=True)) < 0.1  # records: fetch again right away
    assert took(_fetcher(0.0, records=False, max_wait_ms=50)) < 0.1  # never longer than fetch.max.wait.ms
    assert 0.25 <= took(_fetcher(0.25, records=False)) < 0.4  # held by the broker (Kafka): no extra wait
    install_empty_fetch_backoff(0)
    assert took(_fetcher(0.0, records=False)) < 0.1  # 0 disables
