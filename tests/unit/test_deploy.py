"""Static checks of the deployment files: compose, Dockerfile, Prometheus config/rules, Grafana provisioning.

There is no Docker engine in CI, so the compose file is validated against the vendored Compose Specification
schema and its wiring is checked against the code (settings, metrics, topic names). promtool checks run
when promtool is installed (`apt-get install -y --no-install-recommends prometheus`; CI installs it).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from services.config import Settings
from services.metrics import series_names
from services.outputs import TOPICS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROM_DIR = DEPLOY / "prometheus"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DASHBOARD = DEPLOY / "grafana/dashboards/samachar.json"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool not installed (apt-get install -y --no-install-recommends prometheus)"
)

_spec = importlib.util.spec_from_file_location("check_dashboard", ROOT / "scripts/check_dashboard.py")
assert _spec and _spec.loader
check_dashboard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_dashboard)

_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")


def interpolate(node: Any, env: dict[str, str] | None = None) -> Any:
    """Resolve ``${VAR:-default}`` like compose does with an empty environment ($$ stays a literal $)."""
    env = env or {}
    if isinstance(node, dict):
        return {k: interpolate(v, env) for k, v in node.items()}
    if isinstance(node, list):
        return [interpolate(v, env) for v in node]
    if isinstance(node, str):
        parts = node.split("$$")
        return "$".join(_INTERPOLATION.sub(lambda m: env.get(m.group(1), m.group(2) or ""), p) for p in parts)
    return node


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return interpolate(compose)["services"]


@pytest.fixture(scope="module")
def compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((DEPLOY / "compose-spec.json").read_text(encoding="utf-8"))
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema)


def run_promtool(*args: str) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL
    return subprocess.run([PROMTOOL, *args], capture_output=True, text=True, timeout=120, cwd=ROOT)


# --- Prometheus ---------------------------------------------------------------------------------------------


@needs_promtool
def test_promtool_check_config() -> None:
    result = run_promtool("check", "config", str(PROM_DIR / "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_promtool_check_rules() -> None:
    result = run_promtool("check", "rules", str(PROM_DIR / "alerts.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_promtool_test_rules() -> None:
    result = run_promtool("test", "rules", str(PROM_DIR / "alerts_test.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def _alerts() -> list[dict[str, Any]]:
    rules = yaml.safe_load((PROM_DIR / "alerts.yml").read_text(encoding="utf-8"))
    return [r for g in rules["groups"] for r in g["rules"] if "alert" in r]


def test_every_alert_has_a_firing_and_a_silent_unit_test() -> None:
    tests = yaml.safe_load((PROM_DIR / "alerts_test.yml").read_text(encoding="utf-8"))["tests"]
    checks = [c for t in tests for c in t.get("alert_rule_test", [])]
    for alert in _alerts():
        name = alert["alert"]
        assert any(c["alertname"] == name and c.get("exp_alerts") for c in checks), f"{name} never tested firing"
        assert any(c["alertname"] == name and not c.get("exp_alerts") for c in checks), f"{name} never tested silent"


def test_alerts_have_severity_and_summary() -> None:
    names = [a["alert"] for a in _alerts()]
    assert len(names) == len(set(names))
    for alert in _alerts():
        assert alert["labels"]["severity"] in {"warning", "critical"}, alert["alert"]
        assert alert["annotations"]["summary"], alert["alert"]
        assert alert["annotations"]["description"], alert["alert"]


def test_required_alerts_exist() -> None:
    exprs = {a["alert"]: a["expr"] for a in _alerts()}
    assert "up{job=\"samachar-enricher\"}" in exprs["SamacharWorkerDown"]
    assert "samachar_consumer_lag" in exprs["SamacharConsumerLagGrowing"]
    assert "samachar_records_dead_lettered_total" in exprs["SamacharDeadLetterRateHigh"]
    assert "histogram_quantile(0.99" in exprs["SamacharStageLatencyHigh"]
    assert "samachar_records_enriched_total" in exprs["SamacharEnrichmentStalled"]


def test_alert_rules_query_only_exported_metrics() -> None:
    exprs = check_dashboard.exprs_in(PROM_DIR / "alerts.yml")
    assert exprs
    assert check_dashboard.unknown_metrics(exprs, series_names()) == {}


def test_scrape_config_finds_every_enricher_replica(services: dict[str, Any]) -> None:
    config = yaml.safe_load((PROM_DIR / "prometheus.yml").read_text(encoding="utf-8"))
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    enricher = jobs["samachar-enricher"]
    (sd,) = enricher["dns_sd_configs"]
    assert sd["type"] == "A"
    assert sd["names"] == ["enricher"] and "enricher" in services
    assert str(sd["port"]) == str(services["enricher"]["environment"]["SAMACHAR_WEB_PORT"])
    assert enricher.get("metrics_path", "/metrics") == "/metrics"
    producer_target = jobs["samachar-producer"]["static_configs"][0]["targets"][0]
    host, port = producer_target.split(":")
    assert host in services
    assert port == str(services[host]["environment"]["SAMACHAR_PRODUCER_METRICS_PORT"])
    assert config["rule_files"] == ["alerts.yml"]
    assert (PROM_DIR / "alerts.yml").exists()


def test_alert_jobs_match_scrape_jobs() -> None:
    config = yaml.safe_load((PROM_DIR / "prometheus.yml").read_text(encoding="utf-8"))
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    for alert in _alerts():
        for job in re.findall(r'job="([^"]+)"', alert["expr"]):
            assert job in jobs, (alert["alert"], job)


def test_alertmanager_config_routes_to_a_defined_receiver() -> None:
    config = yaml.safe_load((DEPLOY / "alertmanager/alertmanager.yml").read_text(encoding="utf-8"))
    receivers = {r["name"] for r in config["receivers"]}
    assert config["route"]["receiver"] in receivers
    for route in config["route"].get("routes", []):
        assert route["receiver"] in receivers
    alert_names = {a["alert"] for a in _alerts()}
    for rule in config.get("inhibit_rules", []):
        for matcher in rule.get("source_matchers", []) + rule.get("target_matchers", []):
            names = re.search(r'alertname=~?"([^"]+)"', matcher)
            assert names, matcher
            assert set(names.group(1).split("|")) <= alert_names, matcher


@pytest.mark.skipif(shutil.which("amtool") is None, reason="amtool not installed (apt: prometheus-alertmanager)")
def test_amtool_check_config() -> None:
    result = subprocess.run(["amtool", "check-config", str(DEPLOY / "alertmanager/alertmanager.yml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


# --- Grafana ------------------------------------------------------------------------------------------------


def test_dashboard_queries_only_exported_metrics() -> None:
    exprs = check_dashboard.exprs_in(DASHBOARD)
    assert len(exprs) >= 10
    assert check_dashboard.unknown_metrics(exprs, series_names()) == {}


def test_dashboard_checker_reports_unknown_metrics() -> None:
    known = series_names()
    exprs = [
        ("ok", "histogram_quantile(0.9, rate(samachar_stage_duration_seconds_bucket[5m]))"),
        ("renamed", "rate(samachar_records_enrich_total[5m])"),
        ("counter without _total", "rate(samachar_records_enriched[5m])"),
    ]
    assert check_dashboard.unknown_metrics(exprs, known) == {
        "renamed": {"samachar_records_enrich_total"},
        "counter without _total": {"samachar_records_enriched"},
    }


def test_dashboard_covers_what_an_operator_needs() -> None:
    exprs = " ".join(e for _, e in check_dashboard.exprs_in(DASHBOARD))
    for needed in (
        "samachar_records_enriched_total",  # throughput
        "samachar_records_dead_lettered_total",  # DLQ rate
        "samachar_stage_duration_seconds_bucket",  # per-stage latency
        "samachar_consumer_lag",
        "samachar_articles_by_language_total",
        "samachar_worker_ready",  # worker count
        "samachar_entities_extracted_total",
    ):
        assert needed in exprs, needed
    for quantile in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({quantile}, sum by (stage, le)" in exprs


def test_dashboard_structure_and_datasource() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    datasources = yaml.safe_load((DEPLOY / "grafana/provisioning/datasources/prometheus.yml").read_text())
    (ds,) = datasources["datasources"]
    assert ds["type"] == "prometheus" and ds["url"] == "http://prometheus:9090"
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    assert dashboard["uid"]
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == ds["uid"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == ds["uid"], panel["title"]
        pos = panel["gridPos"]
        assert 0 <= pos["x"] and pos["x"] + pos["w"] <= 24, panel["title"]


@needs_promtool
def test_dashboard_exprs_are_valid_promql(tmp_path: Path) -> None:
    """promtool parses every panel query (as a recording rule) after Grafana's variables are substituted."""
    exprs = check_dashboard.exprs_in(DASHBOARD)
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:panel{i}", "expr": check_dashboard.substitute_grafana_variables(e)}
        for i, (_, e) in enumerate(exprs)
    ]}]}
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    result = run_promtool("check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboard_provider_points_where_compose_mounts_it(services: dict[str, Any]) -> None:
    provider = yaml.safe_load((DEPLOY / "grafana/provisioning/dashboards/samachar.yml").read_text())
    path = provider["providers"][0]["options"]["path"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in services["grafana"]["volumes"]}
    assert path in mounts
    assert (ROOT / mounts[path]).resolve() == DASHBOARD.parent.resolve()
    assert mounts["/etc/grafana/provisioning"] == "./deploy/grafana/provisioning"


# --- compose ------------------------------------------------------------------------------------------------


def test_compose_validates_against_the_compose_spec(
    compose: dict[str, Any], compose_validator: jsonschema.protocols.Validator
) -> None:
    for doc in (compose, interpolate(compose)):
        errors = [f"{e.json_path}: {e.message}" for e in compose_validator.iter_errors(doc)]
        assert errors == []


def test_compose_schema_is_not_vacuous(
    compose: dict[str, Any], compose_validator: jsonschema.protocols.Validator
) -> None:
    broken = json.loads(json.dumps(compose))
    broken["services"]["enricher"]["replicaz"] = 3
    assert not compose_validator.is_valid(broken)
    broken = json.loads(json.dumps(compose))
    broken["services"]["kafka"]["healthcheck"]["retries"] = "many"
    assert not compose_validator.is_valid(broken)


def test_enricher_is_scalable(services: dict[str, Any]) -> None:
    enricher = services["enricher"]
    assert "container_name" not in enricher
    assert "ports" not in enricher
    assert enricher["command"] == ["samachar", "worker"]
    env = enricher["environment"]
    assert env["SAMACHAR_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert env["SAMACHAR_WEB_HOST"] == "0.0.0.0"
    assert str(env["SAMACHAR_WEB_PORT"]) == "6066"
    assert enricher["build"]["dockerfile"] == "Dockerfile"
    assert enricher["depends_on"]["topic-init"]["condition"] == "service_completed_successfully"


def test_producer_watches_the_inbox(services: dict[str, Any]) -> None:
    producer = services["producer"]
    assert producer["command"] == ["samachar", "produce", "--watch", "/inbox"]
    assert "./inbox:/inbox" in producer["volumes"]
    assert producer["environment"]["SAMACHAR_PRODUCER_METRICS_PORT"]


def test_samachar_environment_variables_are_real_settings(services: dict[str, Any]) -> None:
    fields = set(Settings.model_fields)
    for name, service in services.items():
        for key in service.get("environment", {}):
            if key.startswith("SAMACHAR_"):
                assert key.removeprefix("SAMACHAR_").lower() in fields, f"{name}: {key} is not a Settings field"


def test_kafka_is_pinned_kraft_and_healthchecked(services: dict[str, Any]) -> None:
    kafka = services["kafka"]
    assert re.fullmatch(r"apache/kafka:[34]\.\d+\.\d+", kafka["image"]), kafka["image"]
    env = kafka["environment"]
    assert "controller" in env["KAFKA_PROCESS_ROLES"] and "broker" in env["KAFKA_PROCESS_ROLES"]
    assert "zookeeper" not in json.dumps(kafka).lower()
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert kafka["healthcheck"]["test"]


def _topic_init_creates(init: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Topic name -> ``--config key=value`` pairs of every ``create NAME ...`` line of topic-init's script."""
    script = "\n".join(init["command"])
    created: dict[str, dict[str, str]] = {}
    for line in re.findall(r"^\s*create (.+)$", script, flags=re.MULTILINE):
        name, *rest = line.split()
        assert name not in created, f"topic-init creates {name} twice"
        configs = {}
        for flag, value in zip(rest[::2], rest[1::2]):
            assert flag == "--config", f"topic-init: unexpected {flag!r} in `create {line}`"
            key, _, val = value.partition("=")
            configs[key] = val
        created[name] = configs
    return created


def test_topic_init_creates_the_configured_topics(services: dict[str, Any]) -> None:
    init = services["topic-init"]
    assert init["image"] == services["kafka"]["image"]
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert init["environment"]["PARTITIONS"] == "6"
    script = "\n".join(init["command"])
    assert "kafka-topics.sh" in script and "--if-not-exists" in script
    assert set(_topic_init_creates(init)) == {spec.default_name() for spec in TOPICS}
    assert init.get("restart") == "no"


def test_topic_init_matches_the_output_registry(services: dict[str, Any]) -> None:
    """Drift test: compose creates every topic of services/outputs.py with exactly the registry's configs."""
    settings = Settings(_env_file=None)
    expected = {spec.default_name(): spec.topic_config(settings) for spec in TOPICS}
    assert _topic_init_creates(services["topic-init"]) == expected


def test_broker_admits_the_largest_topic_record(services: dict[str, Any]) -> None:
    env = services["kafka"]["environment"]
    largest = max(int(spec.topic_config(Settings(_env_file=None)).get("max.message.bytes", 0)) for spec in TOPICS)
    assert int(env["KAFKA_MESSAGE_MAX_BYTES"]) >= largest
    assert int(env["KAFKA_REPLICA_FETCH_MAX_BYTES"]) >= largest


def test_partitions_are_configurable(compose: dict[str, Any]) -> None:
    custom = interpolate(compose, {"SAMACHAR_PARTITIONS": "12"})["services"]
    assert custom["topic-init"]["environment"]["PARTITIONS"] == "12"
    assert custom["enricher"]["environment"]["SAMACHAR_PARTITIONS"] == "12"


def test_host_ports_bind_to_loopback_by_default(services: dict[str, Any]) -> None:
    published = 0
    for name, service in services.items():
        for port in service.get("ports", []):
            published += 1
            assert isinstance(port, str) and port.startswith("127.0.0.1:"), f"{name} publishes {port}"
    assert published >= 3  # prometheus, grafana, alertmanager (+ kafka's host listener)


def test_images_are_pinned(services: dict[str, Any]) -> None:
    for name, service in services.items():
        image = service.get("image")
        if image is None or "build" in service:
            continue
        repository, _, tag = image.rpartition(":")
        assert repository and tag and tag != "latest", f"{name}: {image}"


# Third-party images whose default user is not root (documented by their maintainers).
NON_ROOT_IMAGES = ("apache/kafka:", "prom/prometheus:", "prom/alertmanager:", "grafana/grafana:")


def test_containers_run_as_non_root(services: dict[str, Any]) -> None:
    for name, service in services.items():
        user = str(service.get("user", ""))
        if user:
            assert user.split(":")[0] not in {"0", "root"}, name
        elif "build" in service:
            continue  # our image: USER checked in test_dockerfile_runs_as_non_root
        else:
            assert service["image"].startswith(NON_ROOT_IMAGES), f"{name}: unknown default user"


def test_no_secrets_in_compose() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.search(r"(PASSWORD|SECRET|TOKEN|API_KEY)\s*:", line, flags=re.IGNORECASE):
            value = line.split(":", 1)[1].strip()
            assert value.startswith("${"), f"literal secret in compose: {line.strip()}"


def test_mounted_repo_paths_exist(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and source != "./inbox":  # the inbox is made by the operator
                assert (ROOT / source).exists(), f"{name}: {source}"


# --- Dockerfile ---------------------------------------------------------------------------------------------


def _dockerfile_stages() -> list[list[str]]:
    """Instructions per stage, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    stages: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        stages[-1].append(line)
    return stages


def test_dockerfile_base_and_entrypoint() -> None:
    stages = _dockerfile_stages()
    final = stages[-1]
    assert all(re.match(r"FROM python:3\.11-slim", s[0]) for s in stages)
    assert final[-1] == 'CMD ["samachar", "worker"]'
    healthcheck = next(i for i in final if i.startswith("HEALTHCHECK"))
    assert "/healthz" in healthcheck and "6066" in healthcheck
    assert any(i.startswith("EXPOSE") and "6066" in i for i in final)
    assert any("pip install" in i and "samachar" in i for i in final)
    assert any("pip wheel" in i and " ." in i for s in stages for i in s)


def test_dockerfile_runs_as_non_root() -> None:
    final = _dockerfile_stages()[-1]
    users = [i.split()[1] for i in final if i.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    last_user = max(n for n, i in enumerate(final) if i.startswith("USER "))
    assert not any(i.startswith("RUN ") for i in final[last_user:]), "RUN after USER would run as the app user only"


def test_dockerfile_downloads_nothing_at_runtime() -> None:
    final = _dockerfile_stages()[-1]
    for instruction in final:
        assert not re.search(r"\b(curl|wget)\b", instruction), instruction
        assert not instruction.startswith("ADD http"), instruction
    entry = [i for i in final if i.startswith(("CMD", "ENTRYPOINT"))]
    assert not any("download" in i for i in entry)


def test_dockerignore_keeps_the_context_small() -> None:
    lines = [ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines[0] == "*"  # exclude everything, then re-include what the build copies
    included = {ln[1:].rstrip("/") for ln in lines if ln.startswith("!")}
    copied = set()
    for stage in _dockerfile_stages():
        for instruction in stage:
            if instruction.startswith("COPY ") and "--from" not in instruction:
                copied.update(p.rstrip("/") for p in instruction.split()[1:-1])
    assert copied and copied <= included
    assert ".venv" not in included and ".git" not in included


# --- issue 11 items 14 and 16: the documented start works as the invoking user; Kafka reachable beyond localhost ---


def _deploy_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## Deploy"):]


def _header_commands() -> list[str]:
    """The shell lines of the compose file's header comment (indented by three spaces after the ``#``)."""
    lines = COMPOSE_FILE.read_text(encoding="utf-8").split("\nservices:")[0].splitlines()
    return [ln[4:].split("  #")[0].strip() for ln in lines if ln.startswith("#   ")]


def test_producer_runs_as_the_configured_user_default_1000(compose: dict[str, Any]) -> None:
    # uid 10001 (the image's user) could not write a user-owned ./inbox and crash-looped (item 14)
    assert interpolate(compose)["services"]["producer"]["user"] == "1000:1000"
    custom = interpolate(compose, {"SAMACHAR_UID": "501", "SAMACHAR_GID": "20"})["services"]
    assert custom["producer"]["user"] == "501:20"


def test_compose_header_and_readme_give_the_same_start_instruction() -> None:
    commands = _header_commands()
    start = "mkdir -p inbox && docker compose up -d --build"
    assert commands[0] == start
    env_line = next(c for c in commands if "SAMACHAR_UID" in c)
    deploy = _deploy_section()
    assert start in deploy and env_line in deploy, "README's Deploy section must give the header's instructions"
    assert "SAMACHAR_UID=$(id -u) SAMACHAR_GID=$(id -g) docker compose" not in deploy  # one instruction, not two


def test_kafka_host_listener_advertises_the_configured_host(compose: dict[str, Any]) -> None:
    def host_listener(env: dict[str, str]) -> tuple[str, list[str]]:
        kafka = interpolate(compose, env)["services"]["kafka"]
        listeners = dict(item.split("://", 1) for item in kafka["environment"]["KAFKA_ADVERTISED_LISTENERS"].split(","))
        return listeners["HOST"], kafka["ports"]

    assert host_listener({}) == ("localhost:9094", ["127.0.0.1:9094:9094"])
    remote = {"SAMACHAR_BIND_ADDRESS": "0.0.0.0", "SAMACHAR_ADVERTISED_HOST": "news-box.example",
              "SAMACHAR_KAFKA_HOST_PORT": "19094"}
    assert host_listener(remote) == ("news-box.example:19094", ["0.0.0.0:19094:9094"])
    listeners = compose["services"]["kafka"]["environment"]["KAFKA_LISTENERS"]
    assert "HOST://:9094" in listeners  # listens on every container interface; the published port decides


def test_every_compose_variable_is_documented() -> None:
    used = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", COMPOSE_FILE.read_text(encoding="utf-8")))
    deploy = _deploy_section()
    missing = sorted(v for v in used if f"`{v}`" not in deploy)
    assert not missing, f"compose variables not in README's Deploy section: {missing}"
