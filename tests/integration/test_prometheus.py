"""A real Prometheus server scrapes a real worker and a real `produce --watch`, using the project's config.

The scrape config is generated from deploy/prometheus/prometheus.yml: the same job names, metrics paths and
rule file, with compose's DNS service discovery replaced by loopback targets. Needs the `prometheus` binary
(Debian package `prometheus`); skipped without it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.broker import EmbeddedBroker, free_port
from services.config import Settings
from services.demo import WorkerProcess, settings_env
from services.kafka import create_topics
from services.processes import stop_process_group
from tests.conftest import SEEDS, make_settings

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("prometheus") is None, reason="prometheus server not installed (apt: prometheus)"),
]

ROOT = Path(__file__).resolve().parents[2]
PROM_DIR = ROOT / "deploy/prometheus"
WAIT_SECONDS = 240.0  # upper bound for slow CI machines; the test returns as soon as the condition holds


def scrape_config_for_loopback(worker_port: int, producer_port: int, prometheus_port: int) -> dict[str, Any]:
    """The project's prometheus.yml with service discovery swapped for loopback targets and a fast interval."""
    config = yaml.safe_load((PROM_DIR / "prometheus.yml").read_text(encoding="utf-8"))
    config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
    config.pop("alerting", None)  # no Alertmanager here; rules are still evaluated
    targets = {
        "samachar-enricher": f"127.0.0.1:{worker_port}",
        "samachar-producer": f"127.0.0.1:{producer_port}",
        "prometheus": f"127.0.0.1:{prometheus_port}",
    }
    jobs = []
    for job in config["scrape_configs"]:
        if job["job_name"] not in targets:
            continue
        job.pop("dns_sd_configs", None)
        job["static_configs"] = [{"targets": [targets[job["job_name"]]]}]
        jobs.append(job)
    assert {j["job_name"] for j in jobs} == set(targets)
    config["scrape_configs"] = jobs
    return config


class PrometheusServer:
    def __init__(self, workdir: Path, config: dict[str, Any], port: int) -> None:
        self.workdir, self.port = workdir, port
        self.url = f"http://127.0.0.1:{port}"
        (workdir / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        for rule_file in config.get("rule_files", []):
            shutil.copy(PROM_DIR / rule_file, workdir / rule_file)
        self.log_path = workdir / "prometheus.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> "PrometheusServer":
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                ["prometheus", f"--config.file={self.workdir / 'prometheus.yml'}",
                 f"--storage.tsdb.path={self.workdir / 'data'}", f"--web.listen-address=127.0.0.1:{self.port}"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        wait_until(lambda: self._ready(), "prometheus ready", self.tail)
        return self

    def _ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"prometheus exited with {self.proc.returncode}\n{self.tail()}")
        try:
            with urllib.request.urlopen(self.url + "/-/ready", timeout=2) as resp:
                return resp.status == 200
        except OSError:
            return False

    def api(self, path: str, **params: str) -> Any:
        url = f"{self.url}/api/v1/{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        with urllib.request.urlopen(url, timeout=10) as resp:
            body = json.load(resp)
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        return self.api("query", query=expr)["result"]

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            stop_process_group(proc)


def wait_until(condition: Callable[[], bool], what: str, diagnostics: Callable[[], str] = lambda: "") -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise TimeoutError(f"{what} not reached within {WAIT_SECONDS}s\n{diagnostics()}")


def start_watch_producer(settings: Settings, inbox: Path, metrics_port: int, log_path: Path) -> subprocess.Popen[bytes]:
    env = settings_env(settings)
    env["SAMACHAR_PRODUCER_METRICS_PORT"] = str(metrics_port)
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "services.cli", "produce", "--watch", str(inbox), "--interval", "0.5"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT,
        )


@pytest.fixture(scope="module")
def stack(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PrometheusServer, Path]]:
    """Worker + watching producer + Prometheus, all on loopback. Yields (prometheus, inbox)."""
    tmp = tmp_path_factory.mktemp("prometheus")
    settings = make_settings(broker, tmp)
    asyncio.run(create_topics(settings))
    inbox = tmp / "inbox"
    inbox.mkdir()
    producer_port, prometheus_port = free_port(), free_port()

    worker = WorkerProcess(settings, tmp / "worker.log").start()
    producer = start_watch_producer(settings, inbox, producer_port, tmp / "producer.log")
    prometheus = PrometheusServer(
        tmp, scrape_config_for_loopback(settings.web_port, producer_port, prometheus_port), prometheus_port
    )
    try:
        worker.wait_ready(timeout=WAIT_SECONDS)
        prometheus.start()
        yield prometheus, inbox
    finally:
        prometheus.stop()
        stop_process_group(producer)
        worker.stop()
        print("worker log:\n" + worker.tail())
        print("producer log:\n" + (tmp / "producer.log").read_text(errors="replace")[-3000:])


def _value(prometheus: PrometheusServer, expr: str) -> float | None:
    result = prometheus.query(expr)
    return float(result[0]["value"][1]) if result else None


def wait_for_at_least(prometheus: PrometheusServer, expr: str, minimum: float) -> None:
    seen: list[float | None] = [None]

    def reached() -> bool:
        seen[0] = _value(prometheus, expr)
        return seen[0] is not None and seen[0] >= minimum

    def diagnostics() -> str:
        files = sorted(str(p.relative_to(prometheus.workdir)) for p in prometheus.workdir.glob("inbox/**/*"))
        return f"last value: {seen[0]}\ninbox: {files}\n{prometheus.tail()}"

    wait_until(reached, f"{expr} >= {minimum}", diagnostics)


def test_worker_and_producer_are_scraped_under_the_projects_job_names(stack: tuple[PrometheusServer, Path]) -> None:
    prometheus, _ = stack
    wait_for_at_least(prometheus, 'samachar_worker_up{job="samachar-enricher"}', 1)
    wait_for_at_least(prometheus, 'up{job="samachar-producer"}', 1)
    (build,) = prometheus.query('samachar_build_info{job="samachar-enricher"}')
    assert build["metric"]["version"] and build["metric"]["schema_version"] == "1.0"
    assert build["metric"]["models"]
    targets = prometheus.api("targets")["activeTargets"]
    assert {t["labels"]["job"] for t in targets if t["health"] == "up"} >= {"samachar-enricher", "samachar-producer"}


def test_inbox_files_show_up_as_produced_and_enriched_series(stack: tuple[PrometheusServer, Path]) -> None:
    prometheus, inbox = stack
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds:  # write under a hidden name, then rename: the watcher never sees half a file
        shutil.copy(seed, inbox / f".{seed.name}.part")
        os.replace(inbox / f".{seed.name}.part", inbox / seed.name)
    wait_for_at_least(prometheus, 'sum(samachar_producer_records_total{result="sent"})', len(seeds))
    wait_for_at_least(prometheus, "sum(samachar_records_enriched_total)", len(seeds))
    assert _value(prometheus, 'sum(samachar_articles_by_language_total{language="hi"})') == len(seeds)
    assert (_value(prometheus, "sum(samachar_entities_extracted_total)") or 0) > 0
    assert (_value(prometheus, 'sum(samachar_stage_duration_seconds_count{stage="entities"})') or 0) > 0
    assert _value(prometheus, "sum(samachar_end_to_end_latency_seconds_count)") == len(seeds)


def test_alert_rules_load_and_evaluate_on_real_series(stack: tuple[PrometheusServer, Path]) -> None:
    prometheus, _ = stack
    expected = {r["alert"] for g in yaml.safe_load((PROM_DIR / "alerts.yml").read_text())["groups"]
                for r in g["rules"] if "alert" in r}

    def evaluated() -> bool:
        rules = [r for g in prometheus.api("rules")["groups"] for r in g["rules"]]
        # health is "unknown" until a rule's first evaluation and "err" if the query fails on real data
        return {r["name"] for r in rules} == expected and all(r["health"] == "ok" for r in rules)

    wait_until(evaluated, "every alert rule evaluated with health ok", prometheus.tail)
    firing = {a["labels"]["alertname"] for a in prometheus.api("alerts")["alerts"] if a["state"] == "firing"}
    assert not firing & {"SamacharNoWorkers", "SamacharWorkerDown"}
