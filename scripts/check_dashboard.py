"""Check that Grafana dashboards and Prometheus rules only query metrics services/metrics.py defines.

A renamed metric otherwise leaves an empty panel or an alert that can never fire, silently.

    python scripts/check_dashboard.py                      # the repo's dashboards and alert rules
    python scripts/check_dashboard.py path/to/dash.json deploy/prometheus/alerts.yml
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = [*sorted((ROOT / "deploy/grafana/dashboards").glob("*.json")), ROOT / "deploy/prometheus/alerts.yml"]

METRIC_RE = re.compile(r"\bsamachar_[a-zA-Z0-9_]+")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h", "${__range}": "1h"}


def dashboard_exprs(dashboard: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(panel title, PromQL) for every target of every panel, including panels nested in rows."""

    def walk(panels: Iterable[dict[str, Any]]) -> Iterator[tuple[str, str]]:
        for panel in panels:
            for target in panel.get("targets", []):
                if target.get("expr"):
                    yield panel.get("title", "?"), target["expr"]
            yield from walk(panel.get("panels", []))

    yield from walk(dashboard.get("panels", []))


def rule_exprs(rules: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(alert or record name, PromQL) for every rule in a Prometheus rule file."""
    for group in rules.get("groups", []):
        for rule in group.get("rules", []):
            yield rule.get("alert") or rule.get("record", "?"), rule["expr"]


def exprs_in(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".json":
        return list(dashboard_exprs(json.loads(path.read_text(encoding="utf-8"))))
    return list(rule_exprs(yaml.safe_load(path.read_text(encoding="utf-8"))))


def referenced_metrics(expr: str) -> set[str]:
    """samachar_* series names in ``expr``, histogram series reduced to their base name."""
    names = set()
    for name in METRIC_RE.findall(expr):
        for suffix in HISTOGRAM_SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        names.add(name)
    return names


def known_metrics() -> frozenset[str]:
    sys.path.insert(0, str(ROOT))
    from services.metrics import series_names

    return series_names()


def unknown_metrics(exprs: Iterable[tuple[str, str]], known: frozenset[str]) -> dict[str, set[str]]:
    """{where: unknown names} for every expression that queries a metric samachar does not export."""
    problems: dict[str, set[str]] = {}
    for where, expr in exprs:
        missing = referenced_metrics(expr) - known
        # A histogram queried as e.g. samachar_x_count must exist as histogram samachar_x; a counter's
        # _total name is matched exactly, so "samachar_x_count" of a counter is still reported.
        if missing:
            problems.setdefault(where, set()).update(missing)
    return problems


def substitute_grafana_variables(expr: str) -> str:
    """Replace Grafana's interval variables so the expression is plain PromQL promtool can parse."""
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    return expr


def main(argv: list[str] | None = None) -> int:
    paths = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or DEFAULT_FILES
    known = known_metrics()
    failed = False
    for path in paths:
        exprs = exprs_in(path)
        problems = unknown_metrics(exprs, known)
        for where, names in sorted(problems.items()):
            failed = True
            print(f"{path}: {where}: unknown metric(s) {', '.join(sorted(names))}", file=sys.stderr)
        if not problems:
            print(f"{path}: {len(exprs)} expressions, all metrics known")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
