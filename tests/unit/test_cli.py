"""Issue 11 items 9, 10, 11, 13: the ``samachar`` CLI as a person meets it.

No broker: one line on stderr (the address tried, the setting to change, how to get a broker), exit 1, no traceback.
Help text on every option (units, defaults). The demo checks its paths before starting anything. ``samachar enrich``
shows a progress bar on a terminal only. The demo summary stays a screenful for many articles; titles are cut at a
word boundary.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rich.console import Console

from services.broker import free_port
from services.cli import build_parser
from services.config import Settings
from services.demo import MAX_DEAD_ROWS, MAX_ROWS, print_summary, shorten
from services.enrich_local import enrich_paths
from services.records import DeadLetter, EnrichedArticle, Entity, LanguageInfo, SourceInfo
from tests.unit.test_handler import FakePipeline

REPO = Path(__file__).resolve().parents[2]


def samachar(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m services.cli ARGS`` of this checkout (whatever the current directory)."""
    full_env = {name: value for name, value in os.environ.items() if name != "SAMACHAR_BOOTSTRAP_SERVERS"}
    full_env.update(PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.run([sys.executable, "-m", "services.cli", *args], cwd=cwd or REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


# --- item 9: no broker ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["produce", "FILE"], ["consume", "articles.raw"], ["topics"]])
def test_no_broker_is_one_line_naming_the_address_and_the_setting(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("दिल्ली में बारिश हुई।", encoding="utf-8")
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    args = [str(tmp_path / "a.txt") if a == "FILE" else a for a in command]
    result = samachar(*args, env={"SAMACHAR_BOOTSTRAP_SERVERS": address})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"samachar {command[0]}: no Kafka broker reachable at {address}")
    assert "SAMACHAR_BOOTSTRAP_SERVERS" in lines[0] and "samachar broker" in lines[0]
    assert result.stdout == ""


def test_worker_without_broker_waits_then_says_so_in_one_line() -> None:
    address = f"127.0.0.1:{free_port()}"
    result = samachar("worker", "--broker-wait", "1", "--bootstrap-servers", address)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"samachar worker: no Kafka broker reachable at {address}")
    assert "SAMACHAR_BOOTSTRAP_SERVERS" in last


# --- item 13 (and 9: --help says how to get a broker) ---------------------------------------------------------------


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
    return dict(action.choices)


def test_top_level_help_says_how_to_get_a_broker_without_rst_markup() -> None:
    text = build_parser().format_help()
    assert "``" not in text
    assert "samachar broker" in text and "SAMACHAR_BOOTSTRAP_SERVERS" in text
    assert "broker" in _subparsers(build_parser())


def test_every_option_and_argument_has_help_with_its_default() -> None:
    parser = build_parser()
    commands = {"samachar": parser, **_subparsers(parser)}
    for name, command in commands.items():
        for action in command._actions:  # noqa: SLF001
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):  # noqa: SLF001
                continue
            what = f"{name} {'/'.join(action.option_strings) or action.dest}"
            assert action.help and action.help != argparse.SUPPRESS, f"{what} has no help"
            if action.default not in (None, False, argparse.SUPPRESS):
                rendered = action.help % {"default": action.default}
                assert str(action.default) in rendered, f"{what}: help does not give the default {action.default}"
            if action.type is float:
                assert "seconds" in action.help, f"{what}: help does not say the unit"
        if name != "samachar":
            assert "``" not in command.format_help(), name


def test_demo_timeout_help_gives_unit_and_default() -> None:
    text = _subparsers(build_parser())["demo"].format_help()
    assert "seconds" in text and "300.0" in text


# --- item 10: demo paths are checked before anything starts -----------------------------------------------------------


def test_demo_outside_the_repo_fails_before_starting_anything(tmp_path: Path) -> None:
    result = samachar("demo", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""  # no "work dir", no broker
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("samachar demo: no such file or directory: seeds") and "PATH" in line

    result = samachar("demo", str(tmp_path / "missing"), str(tmp_path), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == f"samachar demo: no such file or directory: {tmp_path / 'missing'}"


# --- item 11: progress on a terminal only; a summary that stays a screenful ------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_enrich_shows_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Putin visited Delhi {i}.", encoding="utf-8")
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8")
    for err, bar in ((Terminal(), True), (io.StringIO(), False)):
        out = io.StringIO()
        counts = enrich_paths(Settings(batch_size=2), [tmp_path], out, err, pipeline=FakePipeline())  # type: ignore[arg-type]
        assert counts == (5, 1)
        text = err.getvalue()
        assert ("enrich: 100%" in text and "6/6" in text) is bar, text
        lines = [line.strip("\r") for line in text.splitlines()]
        assert any(line.startswith("dead-lettered: stage=read error=UnsupportedFileType") for line in lines)
        if not bar:
            assert len(lines) == 1 and "\r" not in text
        assert len(out.getvalue().splitlines()) == 5


def _article(i: int, title: str, language: str = "hi") -> EnrichedArticle:
    now = datetime(2024, 1, 1, tzinfo=timezone.utc)
    entities = [Entity(text="पुतिन", label="PERSON", start=0, end=5, canonical="Vladimir Putin", entity_id="Q7747"),
                Entity(text="दिल्ली", label="LOC", start=6, end=12, canonical="Delhi", entity_id="Q1353")]
    return EnrichedArticle(id=f"article-{i:04d}", source=SourceInfo(uri=f"{i:04d}.txt"), title=title,
                           ingested_at=now, enriched_at=now, text="पुतिन दिल्ली", entities=entities[: 1 + i % 2],
                           language=LanguageInfo(code=language, confidence=0.99), pipeline_version="test")


def test_summary_of_many_articles_is_a_screenful_with_counts() -> None:
    enriched = {a.id: a for a in (_article(i, f"शीर्षक {i}", "en" if i % 3 == 0 else "hi") for i in range(300))}
    dead = [DeadLetter.from_bytes(b"x", None, stage="read", error_type="InvalidUtf8", message=f"bad {i}")
            for i in range(12)]
    dead.append(DeadLetter.from_bytes(b"[]", None, stage="validate", error_type="InvalidEnvelope", message="array"))
    console = Console(record=True, width=120, file=io.StringIO())
    print_summary(enriched, dead, 12.5, out=console)
    text = console.export_text()
    rows = [line for line in text.splitlines() if "article-" in line]
    assert len(rows) == MAX_ROWS
    assert f"... {300 - MAX_ROWS} more articles" in text
    assert "languages: hi 200, en 100" in text
    assert "entity mentions by label: PERSON 300, LOC 150" in text
    assert "top entities: Vladimir Putin (300), Delhi (150)" in text
    assert "13 dead-lettered: read/InvalidUtf8 12, validate/InvalidEnvelope 1" in text
    assert f"... {13 - MAX_DEAD_ROWS} more dead letters" in text
    assert "300 articles enriched, 13 dead-lettered" in text
    assert len(text.splitlines()) < 60


# --- item 13: titles cut at a word boundary ---------------------------------------------------------------------------


def test_titles_are_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    title = "रूसी राष्ट्रपति व्लादिमीर पुतिन ने किम जोंग उन के न्यौते को स्वीकार कर लिया है और जल्द ही उत्तर कोरिया जाएंगे"
    short = shorten(title, 60)
    assert short.endswith("…") and len(short) <= 60
    kept = short[:-1]
    assert title.startswith(kept) and title[len(kept)] == " "  # whole words only
    assert shorten("short  title\n", 60) == "short title"
    assert shorten("x" * 100, 10) == "x" * 9 + "…"  # one long word: cut, still marked
    assert shorten("कि" * 20, 4) == "कि…"  # never between a letter and its vowel sign


def test_demo_table_titles_end_at_a_word() -> None:
    title = "रूसी राष्ट्रपति व्लादिमीर पुतिन ने किम जोंग उन के न्यौते को स्वीकार कर लिया है और जल्द ही उत्तर कोरिया जाएंगे"
    console = Console(record=True, width=200, file=io.StringIO())
    print_summary({"a": _article(1, title)}, [], 1.0, out=console)
    row = next(line for line in console.export_text().splitlines() if "article-" in line)
    assert "…" in row
    cell = row.split("│")[2].strip()
    assert title.startswith(cell[:-1]) and title[len(cell) - 1] == " "


def test_broker_on_a_taken_port_is_one_line() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = samachar("broker", "--port", str(port))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (f"samachar broker: port {port} on 127.0.0.1 is in use (a broker already "
                                     "running?); choose another with --port")
