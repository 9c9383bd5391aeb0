"""Reliability of the real worker on the real embedded broker: bad input, poison pills, crashes, rebalances, outages.

Every test ends in the same accounting check (``services.testing.accounting``): each input id comes out enriched
or dead-lettered, never neither, never both, nothing unexpected. Bad-input tests send the bad record and then a
good one to the same partition, so "the next good record is still enriched" means the partition is not blocked.
Plain bad-input cases already in test_pipeline_e2e.py (b"", ASCII whitespace, invalid UTF-8, a byte ramp, two
envelopes, 2 MiB + 1 of "a") are not repeated here; these are the other shapes.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.group import LeaveGroupRequest

from services.broker import EmbeddedBroker, free_port
from services.config import Settings
from services.demo import WorkerProcess, settings_env
from services.kafka import create_topics
from services.records import DeadLetter, EnrichedArticle
from services.testing.accounting import Accounting, OutputTally
from services.testing.feed import send_records
from services.testing.generate import GenRecord, generate
from tests.conftest import make_settings, running_worker
from tests.integration.poison_worker import MARKER

pytestmark = pytest.mark.integration

HERE = Path(__file__).resolve().parent
LIMIT = 160 * 1024  # SAMACHAR_MAX_ARTICLE_BYTES of the bad-input worker (small, so "oversized" stays cheap)
GOOD_TEXT = "भारत के प्रधानमंत्री नरेंद्र मोदी ने मंगलवार को नई दिल्ली में रूसी राष्ट्रपति व्लादिमीर पुतिन से मुलाकात की।"
TAMIL = ("சென்னையில் இன்று பலத்த மழை பெய்தது. தமிழ்நாடு முதலமைச்சர் அதிகாரிகளுடன் ஆலோசனை நடத்தினார். "
         "பள்ளிகளுக்கு விடுமுறை அறிவிக்கப்பட்டுள்ளது.")
CHINESE = "国家主席习近平周二在北京会见了俄罗斯总统普京。双方就乌克兰局势和两国经贸合作交换了意见。"
HTML = ("<!DOCTYPE html><html><head><title>खबर</title><script>var x = '<p>';</script><style>p{color:red}</style>"
        "</head><body><nav><a href='/'>होम</a></nav><article><h1>दिल्ली में बैठक</h1><p>" + GOOD_TEXT +
        "</p><p>बैठक में <b>यूक्रेन</b> युद्ध पर चर्चा हुई।</p></article></body></html>")


class ScriptWorker(WorkerProcess):
    """A WorkerProcess that runs a wrapper script (same env, process group and stop/kill) instead of the CLI."""

    def __init__(self, settings: Settings, log_path: Path, script: Path) -> None:
        super().__init__(settings, log_path)
        self.script = script

    def start(self) -> "ScriptWorker":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(self.script)],
            env=settings_env(self.settings), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        return self


def _uid() -> str:
    return uuid.uuid4().hex[:8]


def _envelope(key: str, text: str, **extra: object) -> GenRecord:
    return GenRecord(key, json.dumps({"id": key, "text": text, **extra}, ensure_ascii=False).encode("utf-8"))


def _alive(worker: WorkerProcess, pid: int) -> None:
    assert worker.proc is not None and worker.proc.pid == pid, "worker process was replaced"
    assert worker.proc.poll() is None, f"worker exited with {worker.proc.returncode}:\n{worker.tail()}"
    with urllib.request.urlopen(worker.url + "/healthz", timeout=5) as resp:
        assert resp.status == 200


def _metrics(worker: WorkerProcess) -> dict[str, float]:
    """Sum of every sample per metric name (labels folded) from the worker's /metrics."""
    with urllib.request.urlopen(worker.url + "/metrics", timeout=5) as resp:
        text = resp.read().decode()
    totals: dict[str, float] = {}
    for line in text.splitlines():
        match = re.match(r"^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$", line)
        if match:
            totals[match[1]] = totals.get(match[1], 0.0) + float(match[3])
    return totals


async def _collect(settings: Settings, ids: set[str], timeout: float) -> tuple[Accounting, dict[str, bytes]]:
    async with OutputTally(settings, keep_values=True) as tally:
        acc = await tally.wait_for(ids, timeout)
        return acc, dict(tally.values)


def run_sync(coro: object) -> tuple[Accounting, dict[str, bytes]]:
    return asyncio.run(coro)  # type: ignore[arg-type]


def _assert_offsets(article: EnrichedArticle) -> None:
    for ent in article.entities:
        assert article.text[ent.start:ent.end] == ent.text, (ent, article.id)


# --- bad input, one worker (with a poison-pill switch) for the whole module ------------------------------------

@pytest.fixture(scope="module")
def poisoned(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, WorkerProcess]]:
    tmp = tmp_path_factory.mktemp("reliability")
    settings = make_settings(broker, tmp, max_article_bytes=LIMIT)
    with running_worker(settings, ScriptWorker(settings, tmp / "worker.log", HERE / "poison_worker.py")) as worker:
        yield settings, worker


def _run_case(poisoned: tuple[Settings, WorkerProcess], records: list[GenRecord],
              timeout: float = 120.0) -> tuple[Accounting, dict[str, bytes], GenRecord]:
    """Send ``records`` then one good article to partition 0; wait until all came out; check the worker lived."""
    settings, worker = poisoned
    assert worker.proc is not None
    pid = worker.proc.pid
    good = _envelope(f"good-after-{_uid()}", GOOD_TEXT)

    async def run() -> tuple[Accounting, dict[str, bytes]]:
        async with OutputTally(settings, keep_values=True, from_beginning=False) as tally:  # this case's outputs only
            await send_records(settings, [*records, good], partition=0)
            acc = await tally.wait_for({r.key for r in records} | {good.key}, timeout)
            return acc, dict(tally.values)

    acc, values = run_sync(run())
    _alive(worker, pid)
    acc.assert_ok()
    assert good.key in acc.enriched_ids, "the good record behind the bad one was not enriched"
    _assert_offsets(EnrichedArticle.model_validate_json(values[good.key]))
    return acc, values, good


def _letter(acc: Accounting, settings: Settings, rec: GenRecord) -> DeadLetter:
    letters = acc.dead.get(rec.key, [])
    assert len(letters) == 1, f"{rec.key}: expected one dead letter, got {letters}"
    letter = letters[0]
    assert letter.payload() == (rec.value or b""), "original bytes must be kept losslessly"
    assert letter.payload_bytes == len(rec.value or b"") and not letter.payload_truncated
    assert letter.source_topic == settings.topic_raw and letter.partition == 0 and letter.offset is not None
    assert len(letter.message.strip()) > 10, letter.message
    return letter


DEAD_CASES: dict[str, tuple[Callable[[], bytes | None], str, set[str]]] = {
    # name: (value, stage, allowed error types)
    "tombstone (no value)": (lambda: None, "decode", {"EmptyPayload"}),
    "unicode whitespace only": (lambda: "\u00a0\u3000\u2003\r\n\u2029 ".encode(), "decode", {"EmptyPayload"}),
    "gzip bytes": (lambda: gzip.compress("भारत ".encode() * 200), "decode", {"InvalidUtf8", "BinaryPayload"}),
    "png header": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "decode", {"InvalidUtf8", "BinaryPayload"}),
    "nul bytes in utf-8": (lambda: "भारत\x00\x00 समाचार".encode(), "decode", {"BinaryPayload"}),
    "cp1252 text": (lambda: "Café à la crème — naïve “quotes”".encode("cp1252"), "decode", {"InvalidUtf8"}),
    "utf-16 without bom": (lambda: "Delhi news today".encode("utf-16-le"), "decode", {"BinaryPayload"}),
    "utf-16 bom, bad body": (lambda: b"\xff\xfe" + b"\x00\xd8", "decode", {"InvalidUtf8"}),
    "envelope text is a list": (lambda: json.dumps({"text": ["a", "b"]}).encode(), "validate", {"InvalidEnvelope"}),
    "envelope html is a number": (lambda: json.dumps({"html": 5}).encode(), "validate", {"InvalidEnvelope"}),
    "envelope id is a number": (lambda: json.dumps({"id": 7, "text": GOOD_TEXT}).encode(), "validate", {"InvalidEnvelope"}),
    "envelope bad published_at": (lambda: json.dumps({"text": GOOD_TEXT, "published_at": "कल"}).encode(),
                                  "validate", {"InvalidEnvelope"}),
    "envelope blank text and html": (lambda: json.dumps({"text": "  ", "html": ""}).encode(), "validate",
                                     {"InvalidEnvelope"}),
    "oversized (configured limit)": (lambda: ("भारत " * (LIMIT // 5 + 10)).encode(), "decode", {"PayloadTooLarge"}),
}


@pytest.mark.parametrize("case", list(DEAD_CASES))
def test_bad_input_is_dead_lettered_and_worker_goes_on(poisoned: tuple[Settings, WorkerProcess], case: str) -> None:
    settings, _ = poisoned
    make, stage, error_types = DEAD_CASES[case]
    bad = GenRecord(f"bad-{_uid()}", make())
    acc, _, _ = _run_case(poisoned, [bad])
    letter = _letter(acc, settings, bad)
    assert letter.stage == stage and letter.error_type in error_types, letter
    assert bad.key not in acc.enriched_ids


def test_utf16_with_bom_is_decoded_and_enriched(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """Documented: UTF-16 with a BOM (LE or BE) is accepted; the article equals its UTF-8 twin."""
    uid = _uid()
    le = GenRecord(f"utf16le-{uid}", b"\xff\xfe" + GOOD_TEXT.encode("utf-16-le"))
    be = GenRecord(f"utf16be-{uid}", b"\xfe\xff" + GOOD_TEXT.encode("utf-16-be"))
    utf8 = GenRecord(f"utf8-{uid}", GOOD_TEXT.encode("utf-8"))
    acc, values, _ = _run_case(poisoned, [le, be, utf8])
    articles = {r.key: EnrichedArticle.model_validate_json(values[r.key]) for r in (le, be, utf8)}
    assert articles[le.key].text == articles[be.key].text == articles[utf8.key].text == GOOD_TEXT
    assert articles[le.key].language.code == "hi"
    assert articles[le.key].entities == articles[utf8.key].entities


def test_unknown_envelope_fields_are_ignored(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """Documented: scrapers may add fields; they are accepted and ignored (not echoed into the output)."""
    rec = _envelope(f"extra-{_uid()}", GOOD_TEXT, scraper_version=3, tags=["x"], nested={"a": [1, None]},
                    source="example.in")
    acc, values, _ = _run_case(poisoned, [rec])
    article = EnrichedArticle.model_validate_json(values[rec.key])
    raw = json.loads(values[rec.key])
    assert article.text == GOOD_TEXT and article.source.outlet == "example.in"
    assert not {"scraper_version", "tags", "nested"} & set(raw)


def test_non_object_json_is_dead_lettered_as_invalid_envelope(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """A JSON array/number/string/literal is not an envelope: dead-lettered as InvalidEnvelope (issue 11 item 2,
    the file readers' rule); text that only starts with a brace is still text."""
    uid = _uid()
    bad = [GenRecord(f"json-array-{uid}", b'["\xe0\xa4\xad\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xa4", 1, 2]'),
           GenRecord(f"json-objects-{uid}", json.dumps([{"text": GOOD_TEXT}]).encode()),
           GenRecord(f"json-number-{uid}", b"12345"),
           GenRecord(f"json-null-{uid}", b"null"),
           GenRecord(f"json-true-{uid}", b"true"),
           GenRecord(f"json-string-{uid}", json.dumps(GOOD_TEXT).encode())]
    text = GenRecord(f"brace-text-{uid}", ("{ not json } " + GOOD_TEXT).encode())
    acc, _, _ = _run_case(poisoned, [*bad, text])
    for rec in bad:
        letter = _letter(acc, poisoned[0], rec)
        assert (letter.stage, letter.error_type) == ("validate", "InvalidEnvelope"), letter
        assert rec.key not in acc.enriched_ids
    assert text.key in acc.enriched_ids


def test_extremely_long_single_line_under_the_limit(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """~160 KB on one line (no newline, just under the limit; a seed article is ~6 KB): enriched or
    dead-lettered, never a stall."""
    sentences = [json.loads(r.value)["text"] for r in generate(800, seed=7)]  # type: ignore[arg-type]
    line = " ".join(sentences).replace("\n", " ")
    data = line.encode("utf-8")[: LIMIT - 1024].decode("utf-8", errors="ignore").encode("utf-8")
    assert b"\n" not in data and LIMIT - 4096 < len(data) < LIMIT
    rec = GenRecord(f"long-line-{_uid()}", data)
    acc, values, _ = _run_case(poisoned, [rec], timeout=180)
    if rec.key in acc.enriched_ids:
        article = EnrichedArticle.model_validate_json(values[rec.key])
        _assert_offsets(article)
        assert article.language.code == "hi" and article.entities
    else:
        assert _letter(acc, poisoned[0], rec).stage not in ("decode", "validate")


def test_scripts_the_models_do_not_cover_are_enriched(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """Tamil and Chinese: no Hindi/English NER, but the record is enriched with what can be said (language,
    script segments), not dead-lettered."""
    uid = _uid()
    tamil, chinese = GenRecord(f"tamil-{uid}", TAMIL.encode()), GenRecord(f"chinese-{uid}", CHINESE.encode())
    mixed = GenRecord(f"mixed-{uid}", (TAMIL + " " + CHINESE + " " + GOOD_TEXT).encode())
    acc, values, _ = _run_case(poisoned, [tamil, chinese, mixed])
    assert {tamil.key, chinese.key, mixed.key} <= acc.enriched_ids
    ta = EnrichedArticle.model_validate_json(values[tamil.key])
    zh = EnrichedArticle.model_validate_json(values[chinese.key])
    assert ta.language.code in ("ta", "und") and {s.script for s in ta.language.segments} >= {"Taml"}
    assert zh.language.code in ("zh", "und") and {s.script for s in zh.language.segments} >= {"Hani"}
    for article in (ta, zh, EnrichedArticle.model_validate_json(values[mixed.key])):
        _assert_offsets(article)
        assert article.text.strip()


def test_html_instead_of_text_is_cleaned(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """HTML sent as the plain-text value, and HTML in the envelope's `html` field: both come out as prose."""
    uid = _uid()
    as_text = GenRecord(f"html-text-{uid}", HTML.encode())
    as_field = GenRecord(f"html-field-{uid}", json.dumps({"html": HTML}, ensure_ascii=False).encode())
    acc, values, _ = _run_case(poisoned, [as_text, as_field])
    for rec in (as_text, as_field):
        article = EnrichedArticle.model_validate_json(values[rec.key])
        _assert_offsets(article)
        assert "नरेंद्र मोदी" in article.text, article.text
        assert not re.search(r"</?(p|b|script|style|html|body|article)\b", article.text), article.text
        assert "var x" not in article.text and "color:red" not in article.text


def test_poison_pill_is_isolated(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """A record on which an NLP stage raises is dead-lettered (stage, exception class, message) while its batch
    neighbours and the records behind it on the same partition are enriched; the worker is neither blocked
    nor restarted, and the pill is not retried forever (one dead letter)."""
    settings, worker = poisoned
    uid = _uid()
    before = [_envelope(f"before-{uid}-{i}", GOOD_TEXT + f" {i}") for i in range(3)]
    pill = _envelope(f"pill-{uid}", f"नई दिल्ली में बैठक हुई। {MARKER} भारत")
    after = [_envelope(f"after-{uid}-{i}", GOOD_TEXT + f" ({i})") for i in range(20)]
    acc, _, _ = _run_case(poisoned, [*before, pill, *after])
    letter = _letter(acc, settings, pill)
    assert (letter.stage, letter.error_type) == ("entities", "RuntimeError"), letter
    assert "injected failure" in letter.message and letter.article_id == pill.key
    assert {r.key for r in before + after} <= acc.enriched_ids
    assert acc.duplicate_records == 0


def test_consumed_equals_enriched_plus_dead_lettered(poisoned: tuple[Settings, WorkerProcess]) -> None:
    """The worker's own counters agree with the topics: every record consumed was enriched or dead-lettered."""
    settings, worker = poisoned
    uid = _uid()
    records = [*generate(40, seed=3, bad_share=0.3, max_article_bytes=LIMIT, prefix=f"count-{uid}")]
    assert any(r.bad for r in records) and not all(r.bad for r in records)
    _run_case(poisoned, records)
    deadline = time.monotonic() + 30
    while True:  # the counters are bumped right after the produce; poll briefly for the last batch
        m = _metrics(worker)
        consumed = m.get("samachar_records_consumed_total", 0)
        out = m.get("samachar_records_enriched_total", 0) + m.get("samachar_records_dead_lettered_total", 0)
        if consumed == out or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert consumed > len(records) and consumed == out, m


# --- delivery guarantees ------------------------------------------------------------------------------------------

def _short_articles(n: int, prefix: str) -> list[GenRecord]:
    """``n`` short (1-3 sentence) good articles with explicit ids."""
    return list(generate(n, seed=11, min_sentences=1, max_sentences=3, prefix=prefix))


async def _wait_enriched(tally: OutputTally, at_least: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while len(tally.enriched) < at_least and time.monotonic() < deadline:
        # bounded: under a steady stream an unbounded drain reads to its end, and "mid-stream" is then too late
        await tally.drain(idle_timeout=0.2, max_seconds=0.2)
    return len(tally.enriched)


def _assigned(worker: WorkerProcess, topic: str) -> set[int]:
    try:
        with urllib.request.urlopen(worker.url + "/readyz", timeout=5) as resp:
            body = json.loads(resp.read())
    except urllib.error.HTTPError as exc:  # 503 while rebalancing still has a body
        body = json.loads(exc.read())
    return {int(a.rsplit(":", 1)[1]) for a in body["assigned"] if a.rsplit(":", 1)[0] == topic}


async def _evict_group_members(settings: Settings) -> list[str]:
    """Remove every member of the worker group, as the coordinator does when a session times out.

    Needed because the embedded broker (noida-db 0.2.3) never expires the session of a member that died without
    a LeaveGroup: a new worker then joins generation after generation with the dead member as leader and never
    gets partitions. Real Kafka evicts it after ``session.timeout.ms`` (Faust's default: 60 s). The LeaveGroup
    sent here is that eviction, so the property under test stays the worker's (committed offsets, replay)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        node = await admin.find_coordinator(settings.app_id)
        [response] = await admin.describe_consumer_groups([settings.app_id], group_coordinator_id=node)
        evicted = []
        for group in response.groups:
            for member in group[5]:
                await admin._send_request(LeaveGroupRequest(settings.app_id, member[0]), node)  # noqa: SLF001
                evicted.append(member[0])
        return evicted
    finally:
        await admin.close()


@pytest.mark.slow
def test_kill_9_mid_stream_loses_nothing(broker: EmbeddedBroker, tmp_path: Path) -> None:
    """SIGKILL the only worker while it is working through 2000 short articles, start another: every article
    comes out enriched (replays allowed, same key), none lost, nothing else."""
    settings = make_settings(broker, tmp_path, batch_size=16)
    asyncio.run(create_topics(settings))
    records = _short_articles(2000, f"kill-{_uid()}")
    ids = {r.key for r in records}

    async def scenario() -> tuple[Accounting, int]:
        first = WorkerProcess(settings, tmp_path / "worker-1.log").start()
        second = WorkerProcess(settings, tmp_path / "worker-2.log")
        try:
            await asyncio.to_thread(first.wait_ready)
            # The tally joins before the stream starts: a tally that joined after it saw the whole stream at once
            # when the worker was quick, and the kill then came after the end.
            async with OutputTally(settings) as tally:
                await send_records(settings, records)
                seen = await _wait_enriched(tally, len(records) // 5, timeout=120)
                first.kill()
                await tally.drain(idle_timeout=0.5)
                at_kill = len(tally.enriched)
                assert seen >= len(records) // 5 and at_kill < len(records), (seen, at_kill, "kill was not mid-stream")
                assert len(await _evict_group_members(settings)) == 1  # the dead worker (see the helper)
                second.start()
                await asyncio.to_thread(second.wait_ready)
                return await tally.wait_for(ids, timeout=180, settle=2.0), at_kill
        finally:
            first.kill()
            second.stop()
            print(second.tail())

    acc, at_kill = asyncio.run(scenario())
    print(f"killed after {at_kill} enriched; {acc.summary()}")
    acc.assert_ok()
    assert acc.enriched_ids == ids and not acc.dead_ids


async def _take_over(worker: WorkerProcess, settings: Settings, timeout: float = 120.0) -> int:
    """Wait until ``worker`` owns every partition. On the embedded broker a member that rejoins after a rebalance
    (aiokafka drops its member id on IllegalGeneration) leaves its old id in the group for good, and the join then
    waits for that ghost; real Kafka evicts it after the rebalance timeout. Every 15 s without progress the
    ghosts are evicted (``_evict_group_members``); returns how often that was needed."""
    deadline = time.monotonic() + timeout
    evictions, last = 0, time.monotonic()
    while _assigned(worker, settings.topic_raw) != set(range(settings.partitions)):
        assert worker.proc is not None and worker.proc.poll() is None, worker.tail()
        assert time.monotonic() < deadline, f"partitions did not move to the remaining worker:\n{worker.tail()}"
        if time.monotonic() - last > 15:
            await _evict_group_members(settings)
            evictions, last = evictions + 1, time.monotonic()
        await asyncio.sleep(0.5)
    return evictions


@pytest.mark.slow
def test_sigterm_one_of_two_workers_moves_its_partitions(broker: EmbeddedBroker, tmp_path: Path) -> None:
    """Two workers share the partitions; one is stopped gracefully mid-stream; the other takes over all
    partitions and the accounting holds."""
    settings = make_settings(broker, tmp_path, batch_size=16)
    asyncio.run(create_topics(settings))
    records = _short_articles(1500, f"rebalance-{_uid()}")
    ids = {r.key for r in records}
    other = settings.model_copy(update={"web_port": free_port()})

    async def scenario() -> Accounting:
        a = WorkerProcess(settings, tmp_path / "worker-a.log")
        b = WorkerProcess(other, tmp_path / "worker-b.log")
        try:
            # One after the other: when two members join the embedded broker's group at once, one of them can get
            # an empty SyncGroup assignment, which kills aiokafka's coordinator task (the worker then idles).
            await asyncio.to_thread(a.start().wait_ready)
            await asyncio.to_thread(b.start().wait_ready)
            deadline = time.monotonic() + 60  # both members must hold partitions before the stream starts
            while not (_assigned(a, settings.topic_raw) and _assigned(b, settings.topic_raw)):
                assert time.monotonic() < deadline, "partitions were not split between the two workers"
                await asyncio.sleep(0.5)
            assert _assigned(a, settings.topic_raw) | _assigned(b, settings.topic_raw) == set(range(settings.partitions))
            async with OutputTally(settings) as tally:  # joined before the stream starts, as in the kill test
                await send_records(settings, records)
                at_stop = await _wait_enriched(tally, len(records) // 4, timeout=120)
                done_by_a = _metrics(a).get("samachar_records_enriched_total", 0)
                code = await asyncio.to_thread(a.stop, 60.0)
                # Counted before the stop: b takes a's partitions over at once and may finish while we read.
                assert at_stop < len(records), "stop was not mid-stream"
                assert done_by_a > 0 and code == 0, (done_by_a, code)
                evictions = await _take_over(b, settings)
                acc = await tally.wait_for(ids, timeout=180, settle=2.0)
                print(f"stale-member evictions needed by the embedded broker: {evictions}")
                return acc
        finally:
            a.stop()
            b.stop()
            print(b.tail())

    acc = asyncio.run(scenario())
    print(acc.summary())
    acc.assert_ok()
    assert acc.enriched_ids == ids


@pytest.mark.slow
def test_broker_down_at_start_and_mid_stream(tmp_path: Path) -> None:
    """The worker starts before the broker (waits, logging why), works, survives a broker outage (graceful
    stop, restart on the same port and data dir), and enriches what arrives after."""
    port = free_port()
    data_dir = tmp_path / "broker"
    down = EmbeddedBroker(port=port, data_dir=data_dir)
    settings = make_settings(down, tmp_path, batch_size=16)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    brokers: list[EmbeddedBroker] = []
    try:
        deadline = time.monotonic() + 60
        while "not reachable yet" not in worker.log_path.read_text(errors="replace"):
            assert worker.proc is not None and worker.proc.poll() is None, worker.tail()
            assert time.monotonic() < deadline, f"no 'broker not reachable' log line:\n{worker.tail()}"
            time.sleep(0.3)
        assert worker.proc is not None
        pid = worker.proc.pid

        brokers.append(EmbeddedBroker(port=port, data_dir=data_dir).start())
        asyncio.run(create_topics(settings))
        worker.wait_ready()
        first = _short_articles(200, f"outage-1-{_uid()}")
        asyncio.run(send_records(settings, first))
        acc = asyncio.run(_collect(settings, {r.key for r in first}, timeout=120))[0]
        acc.assert_ok()

        brokers.pop().stop()  # graceful; the data dir is ours, so it is kept
        outage_end = time.monotonic() + 8  # longer than a heartbeat interval: the worker notices
        while time.monotonic() < outage_end:
            assert worker.proc.poll() is None, f"worker died while the broker was down:\n{worker.tail()}"
            time.sleep(0.5)
        brokers.append(EmbeddedBroker(port=port, data_dir=data_dir).start())
        recreated = asyncio.run(create_topics(settings))
        print(f"topics recreated after broker restart: {recreated or 'none (kept)'}")

        second = _short_articles(200, f"outage-2-{_uid()}")
        asyncio.run(send_records(settings, second))
        # the broker keeps topics across a graceful restart; if it ever loses them, only the second batch counts
        expected = {r.key for r in second} | (set() if recreated else {r.key for r in first})
        acc = asyncio.run(_collect(settings, expected, timeout=180))[0]
        _alive(worker, pid)
        print(acc.summary())
        acc.assert_ok()
        assert acc.enriched_ids == expected
    finally:
        worker.stop()
        print(worker.tail(60))
        for b in brokers:
            b.stop()
