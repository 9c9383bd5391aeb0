"""The whole path on the embedded broker: real producer -> real Faust worker process -> output topics."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from services.broker import EmbeddedBroker
from services.config import Settings
from services.demo import WorkerProcess, collect_outputs
from services.kafka import read_topic
from services.producer.produce import produce_paths
from services.records import DeadLetter, EnrichedArticle, EntityRecord
from tests.conftest import SEEDS, make_settings, running_worker

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def running(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    tmp = tmp_path_factory.mktemp("e2e")
    settings = make_settings(broker, tmp)
    with running_worker(settings, WorkerProcess(settings, tmp / "worker.log"), expect_alive_at_end=True):
        yield settings


async def _read_all(settings: Settings, topic: str) -> list:
    return [rec async for rec in read_topic(settings, topic, idle_timeout=1.0)]


async def _send_raw(settings: Settings, records: list[tuple[bytes | None, bytes | None]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, max_request_size=8 * 1024 * 1024)
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(settings.topic_raw, key=key, value=value)
    finally:
        await producer.stop()


def test_seeds_come_out_enriched_with_entities(running: Settings) -> None:
    settings = running
    report = asyncio.run(produce_paths(settings, [SEEDS], progress=False))
    assert report.files == 5 and report.sent == 5 and report.dead_lettered == 0
    enriched, dead = asyncio.run(collect_outputs(settings, set(report.keys), 0, timeout=180))
    assert dead == []
    assert set(enriched) == set(report.keys)

    for article in enriched.values():
        assert article.schema_version == "1.0"
        assert article.language.code == "hi"
        assert article.text and "](http" not in article.text
        assert article.entities, f"no entities in {article.source.uri}"
        for ent in article.entities:
            assert article.text[ent.start:ent.end] == ent.text
        assert article.source.uri and article.source.uri.endswith(".txt")
    canon = {e.canonical for a in enriched.values() for e in a.entities}
    assert "Vladimir Putin" in canon and "North Korea" in canon

    # articles.entities: one record per distinct entity per article, keyed by entity id
    records = asyncio.run(_read_all(settings, settings.topic_entities))
    parsed = [(r.key.decode(), EntityRecord.model_validate_json(r.value)) for r in records]
    assert parsed
    assert all(key == rec.entity_id for key, rec in parsed)
    per_article = {}
    for _, rec in parsed:
        per_article.setdefault(rec.article_id, []).append(rec.entity_id)
    assert set(per_article) == set(report.keys)
    for ids in per_article.values():
        assert len(ids) == len(set(ids))

    # enriched records are keyed by article id
    keys = {r.key.decode() for r in asyncio.run(_read_all(settings, settings.topic_enriched))}
    assert keys == set(report.keys)


def test_bad_input_is_dead_lettered_and_next_good_record_enriched(running: Settings) -> None:
    settings = running
    bad = [
        (b"empty-1", b""),
        (b"ws-1", b"   \n\t  "),
        (b"utf8-1", b"\xfa\xfb not utf-8 \xc3\x28"),
        (b"binary-1", bytes(range(32)) * 20),  # valid UTF-8, but control characters: not text
        (b"random-1", bytes(range(256)) * 4),  # binary garbage that is not UTF-8
        (b"env-1", json.dumps({"text": 42}).encode()),
        (b"env-2", json.dumps({"title": "no body"}).encode()),
        (b"big-1", b"a" * (settings.max_article_bytes + 1)),
    ]
    good_text = "भारत के प्रधानमंत्री नरेंद्र मोदी ने मंगलवार को नई दिल्ली में एक बैठक की।"
    asyncio.run(_send_raw(settings, bad + [(b"kcat-style-1", good_text.encode())]))

    async def wait() -> tuple[dict, list[DeadLetter]]:
        for _ in range(120):
            enriched, dead = await collect_outputs(settings, {"kcat-style-1"}, 0, timeout=1)
            bad_keys = {k.decode() for k, _ in bad}
            letters = [d for d in dead if d.key_base64 and base64.b64decode(d.key_base64).decode() in bad_keys]
            if "kcat-style-1" in enriched and len(letters) >= len(bad):
                return enriched, letters
            await asyncio.sleep(0.5)
        return enriched, letters

    enriched, letters = asyncio.run(wait())
    assert "kcat-style-1" in enriched, "plain-text record with a key must be enriched under that id"
    by_key = {base64.b64decode(d.key_base64).decode(): d for d in letters}
    assert set(by_key) == {k.decode() for k, _ in bad}
    expected = {"empty-1": "EmptyPayload", "ws-1": "EmptyPayload", "utf8-1": "InvalidUtf8",
                "binary-1": "BinaryPayload", "random-1": "InvalidUtf8", "env-1": "InvalidEnvelope", "env-2": "InvalidEnvelope",
                "big-1": "PayloadTooLarge"}
    for key, value in bad:
        letter = by_key[key.decode()]
        assert letter.error_type == expected[key.decode()], letter
        assert letter.payload() == value  # original bytes kept losslessly
        assert letter.source_topic == settings.topic_raw and letter.offset is not None and letter.partition is not None
        assert letter.message


def test_producer_dead_letters_unreadable_files(running: Settings, tmp_path: Path) -> None:
    settings = running
    (tmp_path / "ok.txt").write_text("नई दिल्ली में आज बारिश हुई। मौसम विभाग ने चेतावनी जारी की।", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfa\xfb broken")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    report = asyncio.run(produce_paths(settings, [tmp_path], progress=False))
    assert report.files == 3 and report.sent == 1 and report.dead_lettered == 2
    assert report.errors == {"InvalidUtf8": 1, "UnsupportedFileType": 1}
    enriched, dead = asyncio.run(collect_outputs(settings, set(report.keys), 2, timeout=120))
    assert set(report.keys) <= set(enriched)
    read_letters = [d for d in dead if d.stage == "read"]
    assert {d.error_type for d in read_letters} >= {"InvalidUtf8", "UnsupportedFileType"}
    assert any(d.payload() == b"\xff\xfa\xfb broken" for d in read_letters)


@pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat not installed (CI installs the Debian package)")
def test_kcat_record_is_enriched_like_a_produced_one(running: Settings) -> None:
    """A scraper using kcat -P -k ID gets the same enrichment as `samachar produce` of the same file."""
    settings = running
    seed = sorted(SEEDS.glob("*.txt"))[1]
    subprocess.run(
        ["kcat", "-P", "-b", settings.bootstrap_servers, "-t", settings.topic_raw, "-k", "kcat-seed-1", str(seed)],
        check=True, timeout=30,
    )
    report = asyncio.run(produce_paths(settings, [seed], progress=False))
    [produced_id] = report.keys
    enriched, _ = asyncio.run(collect_outputs(settings, {"kcat-seed-1", produced_id}, 0, timeout=120))
    via_kcat, via_produce = enriched["kcat-seed-1"], enriched[produced_id]
    assert via_kcat.text == via_produce.text
    assert via_kcat.title == via_produce.title
    assert via_kcat.language == via_produce.language
    assert via_kcat.entities == via_produce.entities


def _get(settings: Settings, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{settings.web_port}{path}", timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_worker_health_readiness_and_metrics(running: Settings) -> None:
    settings = running
    assert _get(settings, "/healthz")[0] == 200
    status, body = _get(settings, "/readyz")
    ready = json.loads(body)
    assert status == 200 and ready["ready"] and ready["models_loaded"] and ready["assigned"]
    status, metrics_body = _get(settings, "/metrics")
    assert status == 200
    text = metrics_body.decode()
    assert "samachar_worker_up 1.0" in text
    assert f'samachar_records_consumed_total{{topic="{settings.topic_raw}"}}' in text
    assert 'samachar_build_info{' in text
    if shutil.which("promtool"):
        check = subprocess.run(["promtool", "check", "metrics"], input=metrics_body, capture_output=True, timeout=60)
        assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
