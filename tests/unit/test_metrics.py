"""services.metrics: naming conventions, bounded labels, helpers and the /metrics exposition."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from services import metrics as m

PROMTOOL = shutil.which("promtool")


def value(name: str, **labels: str) -> float:
    """Current sample value (0.0 when the series does not exist yet)."""
    return m.REGISTRY.get_sample_value(name, labels) or 0.0


def samachar_families() -> dict[str, object]:
    body, _ = m.render_latest()
    return {f.name: f for f in text_string_to_metric_families(body.decode()) if f.name.startswith("samachar_")}


def test_every_metric_the_brief_names_is_exported() -> None:
    m.set_build_info("0.0.0-test", "1.0", "test-models")
    names = set(samachar_families())
    expected = {
        "samachar_records_consumed",
        "samachar_records_enriched",
        "samachar_records_dead_lettered",
        "samachar_records_produced",
        "samachar_stage_duration_seconds",
        "samachar_end_to_end_latency_seconds",
        "samachar_batch_size",
        "samachar_consumer_lag",
        "samachar_records_in_flight",
        "samachar_worker_up",
        "samachar_worker_ready",
        "samachar_build",
        "samachar_articles_by_language",
        "samachar_entities_extracted",
        "samachar_producer_files",
        "samachar_producer_records",
    }
    assert expected - {"samachar_build"} | {"samachar_build_info"} <= names


def test_series_names_match_what_promql_sees() -> None:
    names = m.series_names()
    assert "samachar_records_consumed_total" in names
    assert "samachar_stage_duration_seconds" in names
    assert "samachar_build_info" in names
    assert "samachar_worker_up" in names
    assert all(n.startswith("samachar_") for n in names)
    assert not any(n.endswith(("_bucket", "_sum", "_count", "_created")) for n in names)


def test_naming_conventions() -> None:
    body = m.render_latest()[0].decode()
    for line in body.splitlines():
        if not line.startswith("# TYPE samachar_"):
            continue
        _, _, name, kind = line.split()
        assert re.fullmatch(r"samachar_[a-z0-9_]+", name), name
        if kind == "counter":
            assert name.endswith("_total"), name
        else:
            assert not name.endswith("_total"), name
        if kind == "histogram" and ("duration" in name or "latency" in name):
            assert name.endswith("_seconds"), name
        assert not re.search(r"_(milliseconds|ms|minutes|hours)\b", name), name


@pytest.mark.skipif(PROMTOOL is None, reason="promtool not installed (apt-get install -y prometheus)")
def test_promtool_check_metrics_is_clean() -> None:
    m.record_enriched("hi", ["PERSON"], 0.5)
    m.record_dead_letter("clean", "EmptyText")
    m.set_build_info("0.0.0-test", "1.0", "test-models")
    body, _ = m.render_latest()
    result = subprocess.run([PROMTOOL, "check", "metrics"], input=body, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    # promtool prints lint findings even with rc 0 in some versions
    assert b"samachar_" not in result.stdout + result.stderr, (result.stdout + result.stderr).decode()


def test_unknown_error_type_and_stage_map_to_other() -> None:
    before = value("samachar_records_dead_lettered_total", stage="other", error_type="other")
    m.record_dead_letter("some-new-stage", "ZeroDivisionError: division by zero at article 42")
    assert value("samachar_records_dead_lettered_total", stage="other", error_type="other") == before + 1
    body = m.render_latest()[0].decode()
    assert "division by zero" not in body
    assert "some-new-stage" not in body


def test_known_error_type_keeps_its_label() -> None:
    before = value("samachar_records_dead_lettered_total", stage="decode", error_type="InvalidUtf8")
    m.record_dead_letter("decode", "InvalidUtf8")
    assert value("samachar_records_dead_lettered_total", stage="decode", error_type="InvalidUtf8") == before + 1


def test_label_cardinality_stays_bounded_under_arbitrary_input() -> None:
    for i in range(200):
        m.record_dead_letter(f"stage{i}", f"Error{i}")
        m.record_enriched(f"x{i}", [f"LABEL{i}", "PERSON"], None)
        m.record_producer_file(f"result{i}")
        m.record_producer_records(f"result{i}")
    fams = samachar_families()
    dlq = {tuple(sorted(s.labels.items())) for s in fams["samachar_records_dead_lettered"].samples}
    assert len(dlq) <= len(m.DLQ_STAGES | {"other"}) * len(m.ERROR_TYPES | {"other"})
    languages = {s.labels["language"] for s in fams["samachar_articles_by_language"].samples}
    assert languages <= m.LANGUAGES | {"other"}
    labels = {s.labels["label"] for s in fams["samachar_entities_extracted"].samples}
    assert labels <= m.ENTITY_LABELS | {"other"}
    files = {s.labels["result"] for s in fams["samachar_producer_files"].samples}
    assert files <= m.PRODUCER_FILE_RESULTS | {"other"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("hi", "hi"), ("HI", "hi"), ("hi-IN", "hi"), ("en_US", "en"), ("", "und"), (None, "und"), ("xx", "other")],
)
def test_language_normalisation(raw: str | None, expected: str) -> None:
    assert m.bounded_language(raw) == expected


def test_record_enriched_counts_language_entities_and_latency() -> None:
    enriched = value("samachar_records_enriched_total")
    hindi = value("samachar_articles_by_language_total", language="hi")
    person = value("samachar_entities_extracted_total", label="PERSON")
    loc = value("samachar_entities_extracted_total", label="LOC")
    e2e_count = value("samachar_end_to_end_latency_seconds_count")
    e2e_sum = value("samachar_end_to_end_latency_seconds_sum")

    m.record_enriched("hi", ["PERSON", "PERSON", "LOC"], 2.0)
    m.record_enriched("hi", [], -3.0)  # clock skew: clamped to 0, still counted
    m.record_enriched("hi", [], None)  # unknown ingest time: not observed

    assert value("samachar_records_enriched_total") == enriched + 3
    assert value("samachar_articles_by_language_total", language="hi") == hindi + 3
    assert value("samachar_entities_extracted_total", label="PERSON") == person + 2
    assert value("samachar_entities_extracted_total", label="LOC") == loc + 1
    assert value("samachar_end_to_end_latency_seconds_count") == e2e_count + 2
    assert value("samachar_end_to_end_latency_seconds_sum") == pytest.approx(e2e_sum + 2.0)


def test_stage_timer_observes_even_when_the_stage_raises() -> None:
    before = value("samachar_stage_duration_seconds_count", stage="entities")
    with pytest.raises(RuntimeError):
        with m.stage_timer("entities"):
            raise RuntimeError("model blew up")
    with m.stage_timer("entities"):
        pass
    assert value("samachar_stage_duration_seconds_count", stage="entities") == before + 2
    assert value("samachar_stage_duration_seconds_sum", stage="entities") >= 0.0


def test_stage_timer_bounds_unknown_stage() -> None:
    before = value("samachar_stage_duration_seconds_count", stage="other")
    with m.stage_timer("article-1234"):
        pass
    assert value("samachar_stage_duration_seconds_count", stage="other") == before + 1


def test_observe_stage_bounds_stage_and_clamps_negative() -> None:
    other = value("samachar_stage_duration_seconds_count", stage="other")
    clean_sum = value("samachar_stage_duration_seconds_sum", stage="clean")
    m.observe_stage("clean", 0.25)
    m.observe_stage("clean", -1.0)
    m.observe_stage("gpu-magic", 0.1)
    assert value("samachar_stage_duration_seconds_sum", stage="clean") == pytest.approx(clean_sum + 0.25)
    assert value("samachar_stage_duration_seconds_count", stage="other") == other + 1


def test_all_timed_stages_exist_before_first_observation() -> None:
    for stage in ("clean", "language", "entities", "canonical", "record"):
        assert m.REGISTRY.get_sample_value("samachar_stage_duration_seconds_count", {"stage": stage}) is not None


def test_stage_buckets_span_milliseconds_to_seconds() -> None:
    assert min(m.STAGE_BUCKETS) <= 0.001
    assert max(m.STAGE_BUCKETS) >= 10
    assert list(m.STAGE_BUCKETS) == sorted(m.STAGE_BUCKETS)


def test_consumer_lag_drops_partitions_lost_in_a_rebalance() -> None:
    m.set_consumer_lag("lag.test", {0: 10, 1: 20, 2: 30})
    assert value("samachar_consumer_lag", topic="lag.test", partition="1") == 20
    m.set_consumer_lag("lag.test", {2: 5, 3: -1})
    assert m.REGISTRY.get_sample_value("samachar_consumer_lag", {"topic": "lag.test", "partition": "0"}) is None
    assert m.REGISTRY.get_sample_value("samachar_consumer_lag", {"topic": "lag.test", "partition": "1"}) is None
    assert value("samachar_consumer_lag", topic="lag.test", partition="2") == 5
    assert value("samachar_consumer_lag", topic="lag.test", partition="3") == 0  # negative clamps to 0
    m.set_consumer_lag("lag.test", {})
    assert m.REGISTRY.get_sample_value("samachar_consumer_lag", {"topic": "lag.test", "partition": "2"}) is None


def test_build_info_is_a_single_series_with_value_one() -> None:
    m.set_build_info("1.2.3", "1.0", "hi-ner@a,en_core_web_sm@3.8.0")
    m.set_build_info("1.2.4", "1.0", "hi-ner@b")
    samples = list(samachar_families()["samachar_build_info"].samples)
    assert len(samples) == 1
    assert samples[0].value == 1
    assert samples[0].labels == {"version": "1.2.4", "schema_version": "1.0", "models": "hi-ner@b"}


def test_worker_state_gauges() -> None:
    m.set_worker_state(up=True, ready=False)
    assert value("samachar_worker_up") == 1 and value("samachar_worker_ready") == 0
    m.set_worker_state(ready=True)
    assert value("samachar_worker_up") == 1 and value("samachar_worker_ready") == 1
    m.set_worker_state(up=False, ready=False)
    assert value("samachar_worker_up") == 0 and value("samachar_worker_ready") == 0


def test_topic_and_batch_helpers() -> None:
    m.init_topic_series(["t.helpers"])
    assert m.REGISTRY.get_sample_value("samachar_records_consumed_total", {"topic": "t.helpers"}) == 0
    m.record_consumed("t.helpers", 4)
    m.record_produced("t.helpers")
    assert value("samachar_records_consumed_total", topic="t.helpers") == 4
    assert value("samachar_records_produced_total", topic="t.helpers") == 1
    before = value("samachar_batch_size_bucket", le="16.0")
    m.record_batch(9)
    assert value("samachar_batch_size_bucket", le="16.0") == before + 1


def test_render_latest_content_types() -> None:
    body, content_type = m.render_latest()
    assert content_type.startswith("text/plain; version=0.0.4")
    assert b"# TYPE samachar_worker_up gauge" in body
    om_body, om_type = m.render_latest("application/openmetrics-text; version=1.0.0")
    assert om_type.startswith("application/openmetrics-text")
    assert om_body.rstrip().endswith(b"# EOF")


def test_no_created_series() -> None:
    assert b"_created" not in m.render_latest()[0]


def test_start_metrics_server_serves_the_registry() -> None:
    server = m.start_metrics_server(0, host="127.0.0.1")
    try:
        port = server.server_address[1]  # type: ignore[attr-defined]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            body = response.read()
        assert b"samachar_producer_files" in body
        assert b"process_cpu_seconds_total" in body
    finally:
        server.shutdown()  # type: ignore[attr-defined]
        server.server_close()  # type: ignore[attr-defined]


def test_every_error_code_raised_in_the_code_is_a_known_label() -> None:
    """A new literal StageError code must be added to ERROR_TYPES, or it is counted as 'other'."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "services"
    codes: set[str] = set()
    stages: set[str] = set()
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        constants = dict(re.findall(r'^([A-Z0-9_]+)\s*=\s*"([A-Za-z0-9_]+)"', source, flags=re.MULTILINE))
        for stage, code in re.findall(r'StageError\(\s*("?[A-Za-z0-9_]+"?),\s*("?[A-Za-z0-9_]+"?)', source):
            stage, code = (constants.get(x, x).strip('"') for x in (stage, code))
            if code[0].isupper() and not code.isupper():
                codes.add(code)
            if stage.islower():
                stages.add(stage)
    assert codes, "no StageError codes found; did the pattern break?"
    assert codes <= m.ERROR_TYPES, sorted(codes - m.ERROR_TYPES)
    assert stages - {"stage"} <= m.DLQ_STAGES, sorted(stages - m.DLQ_STAGES)
