"""aiokafka clients and topic administration, configured from Settings (the same code for any Kafka broker)."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError

from services.config import Settings
from services.outputs import topic_configs, topic_names

log = logging.getLogger(__name__)


_EMPTY_FETCH_BACKOFF_S = 0.0


def install_empty_fetch_backoff(milliseconds: int) -> None:
    """Make every aiokafka consumer of this process pause after a fetch that came back empty at once.

    Kafka holds a fetch with nothing to return for ``fetch.max.wait.ms`` (Faust asks 1500 ms), so an idle consumer
    sends a few requests a second. A broker that answers at once instead (the embedded ``noida-db``) turns the
    fetch loop into a busy loop: an idle worker burned 30-60 % of a core, a busy one lost that to its NLP. After
    an empty response that took less than ``milliseconds``, the fetch task waits out the rest, so the next fetch to
    that broker starts no earlier than ``milliseconds`` after the previous one (new records wait at most that
    long). Responses with records, errors and Kafka's held fetches (which already took ``fetch.max.wait.ms``) are
    not delayed. Patches ``aiokafka.consumer.fetcher.Fetcher`` once; later calls only change the pause;
    ``0`` turns it off. Raises ``ValueError`` for a negative value.
    """
    global _EMPTY_FETCH_BACKOFF_S
    if milliseconds < 0:
        raise ValueError(f"empty fetch backoff must be >= 0 ms, got {milliseconds}")
    _EMPTY_FETCH_BACKOFF_S = milliseconds / 1000
    from aiokafka.consumer.fetcher import Fetcher

    if getattr(Fetcher, "_samachar_backoff", False):
        return
    original = Fetcher._proc_fetch_request  # noqa: SLF001

    async def _proc_fetch_request(self: Fetcher, assignment: object, node_id: int, request: object) -> bool:
        started = time.monotonic()
        has_records = await original(self, assignment, node_id, request)
        rest = min(_EMPTY_FETCH_BACKOFF_S, self._fetch_max_wait_ms / 1000) - (time.monotonic() - started)  # noqa: SLF001
        if not has_records and rest > 0:
            try:
                await asyncio.sleep(rest)
            except asyncio.CancelledError:  # assignment changed or consumer closing: as the original does
                return False
        return has_records

    Fetcher._proc_fetch_request = _proc_fetch_request  # type: ignore[method-assign] # noqa: SLF001
    Fetcher._samachar_backoff = True  # type: ignore[attr-defined]


def install_keep_member_id_on_illegal_generation() -> None:
    """Make aiokafka keep its group member id when the coordinator answers ILLEGAL_GENERATION (idempotent).

    Why: a worker joining while another drains a backlog froze the group on the embedded broker (``noida-db``
    0.2.3). That broker bumps the generation as soon as a rebalance starts (Kafka keeps it until the round
    completes), so the busy worker's next offset commit fails with ILLEGAL_GENERATION; aiokafka 0.14 then drops its
    member id (``reset_generation``) and rejoins as a new member. The broker never expires the old id (it checks
    a session only when that member itself heartbeats), so the group keeps a ghost member that is also its leader:
    every JoinGroup waits for it, no one gets the leader's role, SyncGroup hands out nothing, and both workers sit
    in ``rebalancing`` holding no partition (``Heartbeat failed: member_id not recognized``, then
    ``UnknownMemberIdError`` on commit).

    With this patch ILLEGAL_GENERATION (on commit, heartbeat or SyncGroup) resets only the generation and rejoins
    with the same member id, as the Java consumer does; UNKNOWN_MEMBER_ID still resets the member id. On Kafka
    the rejoin is accepted (the member is known) or answered UNKNOWN_MEMBER_ID, which resets it then.
    """
    from aiokafka import errors as Errors
    from aiokafka.consumer.group_coordinator import GroupCoordinator
    from aiokafka.protocol.commit import OffsetCommitRequest

    if getattr(GroupCoordinator, "_samachar_keep_member", False):
        return
    original = GroupCoordinator.reset_generation

    def reset_generation(self: GroupCoordinator) -> None:
        # Every caller in aiokafka 0.10-0.14 holds the response's error class in a local named ``error_type``.
        caller = sys._getframe(1)  # noqa: SLF001
        if caller.f_locals.get("error_type") is Errors.IllegalGenerationError:
            self.generation = OffsetCommitRequest.DEFAULT_GENERATION_ID
            self.request_rejoin()
            return
        original(self)

    GroupCoordinator.reset_generation = reset_generation  # type: ignore[method-assign]
    GroupCoordinator._samachar_keep_member = True  # type: ignore[attr-defined] # noqa: SLF001


async def create_topics(settings: Settings, topics: list[str] | None = None) -> list[str]:
    """Create missing topics with ``settings.partitions`` partitions and their registry configs; returns the created.

    ``topics`` defaults to every topic of ``services.outputs``; existing topics are left as they are (partitions and
    configs unchanged). Waits up to ~5 s for the metadata to show them. Raises aiokafka's errors when the broker is
    unreachable or refuses a topic (other than "already exists").
    """
    topics = topics or topic_names(settings)
    configs = topic_configs(settings)
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **settings.aiokafka_security_kwargs())
    await admin.start()
    created: list[str] = []
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        for topic in missing:
            try:
                await admin.create_topics([NewTopic(
                    topic, num_partitions=settings.partitions, replication_factor=settings.replication_factor,
                    topic_configs=configs.get(topic, {}),
                )])
                created.append(topic)
            except TopicAlreadyExistsError:
                pass
        # Wait until the metadata shows every topic (creation is asynchronous on real clusters).
        for _ in range(50):
            if set(topics) <= set(await admin.list_topics()):
                break
            await asyncio.sleep(0.1)
    finally:
        await admin.close()
    if created:
        log.info("created topics %s with %d partitions", created, settings.partitions)
    return created


async def wait_for_broker(settings: Settings, timeout: float = 60.0) -> None:
    """Block until the broker answers, logging while it does not (so a missing broker is not a crash loop).

    Raises TimeoutError after ``timeout`` seconds without an answer.
    """
    with quiet_connect_errors():  # our warning below says it once, with the retry plan
        await _probe_until_up(settings, timeout)


@contextmanager
def quiet_connect_errors() -> Iterator[None]:
    """Silence aiokafka's ERROR per refused connection while a caller that retries waits for a broker."""
    aiokafka_log = logging.getLogger("aiokafka")
    aiokafka_log.addFilter(_drop_connect_errors)
    try:
        yield
    finally:
        aiokafka_log.removeFilter(_drop_connect_errors)


def _drop_connect_errors(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("Unable connect to")


async def _probe_until_up(settings: Settings, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    attempt = 0
    while True:
        attempt += 1
        admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, request_timeout_ms=3000,
                                    **settings.aiokafka_security_kwargs())
        try:
            await admin.start()
            await admin.describe_cluster()
            return
        except (KafkaConnectionError, OSError, asyncio.TimeoutError) as exc:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"broker {settings.bootstrap_servers} not reachable after {timeout}s") from exc
            level = logging.INFO if attempt == 1 else logging.WARNING  # a broker still starting is normal
            log.log(level, "broker %s not reachable yet (attempt %d): %s; retrying", settings.bootstrap_servers, attempt, exc)
            await asyncio.sleep(min(5.0, 0.5 * attempt))
        finally:
            await admin.close()


def make_producer(settings: Settings) -> AIOKafkaProducer:
    """Idempotent-friendly producer (not started): acks=all, so a record acknowledged is on the broker.

    Requests up to twice ``max_article_bytes`` (at least 1 MiB): what the producer sends to the raw topic and DLQ.
    """
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        linger_ms=5,
        max_request_size=max(settings.max_article_bytes * 2, 1024 * 1024),
        **settings.aiokafka_security_kwargs(),
    )


async def read_topic(
    settings: Settings, topic: str, *, idle_timeout: float = 5.0, max_records: int | None = None,
    from_beginning: bool = True,
) -> AsyncIterator[ConsumerRecord]:
    """Read every partition of a topic without a consumer group, until idle for ``idle_timeout`` seconds.

    Yields aiokafka ``ConsumerRecord``s (bytes key/value) in partition order within each fetch, from the beginning
    (or only new records with ``from_beginning=False``), at most ``max_records``. A missing topic yields nothing.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        fetch_max_bytes=max(settings.max_article_bytes * 4, 52428800),
        max_partition_fetch_bytes=max(settings.max_article_bytes * 2, 1048576),
        **settings.aiokafka_security_kwargs(),
    )
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic)
        if partitions is None:
            await consumer._client.force_metadata_update()  # noqa: SLF001 - first metadata fetch
            partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
        if from_beginning:
            await consumer.seek_to_beginning()
        seen = 0
        while True:
            batch = await consumer.getmany(timeout_ms=int(idle_timeout * 1000))
            if not batch:
                return
            for records in batch.values():
                for record in records:
                    yield record
                    seen += 1
                    if max_records is not None and seen >= max_records:
                        return
    finally:
        await consumer.stop()
