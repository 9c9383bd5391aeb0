"""Issue 11 item 12: ``samachar enrich`` tells people on stderr what was dead-lettered in one short line each
(stage, error, source, size, reason), never the payload; stdout stays enriched JSON lines only."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from services.config import Settings
from services.enrich_local import MESSAGE_CHARS, dead_letter_line, enrich_paths
from services.records import DeadLetter, EnrichedArticle
from tests.unit.test_handler import FakePipeline


def _run(paths: list[Path]) -> tuple[int, int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    enriched, failed = enrich_paths(Settings(batch_size=2), paths, out, err, pipeline=FakePipeline())  # type: ignore[arg-type]
    return enriched, failed, out.getvalue(), err.getvalue()


def test_binary_input_gives_one_short_line_not_the_payload(tmp_path: Path) -> None:
    blob = os.urandom(151 * 1024)
    (tmp_path / "scan.txt").write_bytes(blob)  # binary under a text suffix
    (tmp_path / "photo.jpg").write_bytes(blob)  # unsupported type
    (tmp_path / "nul.txt").write_bytes(b"\x00" * 5000)  # valid UTF-8, but binary
    enriched, failed, out, err = _run([tmp_path])
    assert (enriched, failed, out) == (0, 3, "")
    lines = err.splitlines()
    assert len(lines) == 3
    assert len(err) < 3 * 600, f"stderr is {len(err)} characters"
    by_source = {line.split(" source=")[1].split(" ")[0]: line for line in lines}
    assert set(by_source) == {str(tmp_path / n) for n in ("nul.txt", "photo.jpg", "scan.txt")}
    assert "stage=read error=UnsupportedFileType" in by_source[str(tmp_path / "photo.jpg")]
    assert f"size={len(blob)} bytes" in by_source[str(tmp_path / "photo.jpg")]
    assert "stage=read error=InvalidUtf8" in by_source[str(tmp_path / "scan.txt")]
    assert "stage=read error=BinaryPayload size=5000 bytes" in by_source[str(tmp_path / "nul.txt")].replace(
        f" source={tmp_path / 'nul.txt'}", "")


def test_worker_stage_dead_letters_name_their_file_and_stdout_stays_json(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Putin visited Delhi.", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("POISON " * 1000, encoding="utf-8")
    (tmp_path / "list.jsonl").write_text(json.dumps({"text": "Delhi"}) + "\n42\n", encoding="utf-8")
    enriched, failed, out, err = _run([tmp_path])
    assert (enriched, failed) == (2, 2)
    assert [EnrichedArticle.model_validate_json(line).text for line in out.splitlines()]  # every line is a record
    lines = sorted(err.splitlines())
    assert lines[0].startswith(f"dead-lettered: stage=entities error=ValueError source={tmp_path / 'bad.txt'} size=")
    assert lines[1].startswith(f"dead-lettered: stage=read error=InvalidEnvelope source={tmp_path / 'list.jsonl'}:2 ")
    assert all("payload_base64" not in line and len(line) < 600 for line in lines)


def test_dead_letter_line_is_single_line_and_cut() -> None:
    letter = DeadLetter.from_bytes(b"x" * 10, None, stage="decode", error_type="InvalidUtf8",
                                   message="first line\nsecond line " + "y" * 1000, source_uri="a.txt")
    line = dead_letter_line(letter)
    assert "\n" not in line and line.startswith("dead-lettered: stage=decode error=InvalidUtf8 source=a.txt size=10 bytes: ")
    assert line.endswith("…") and len(line.split(": ", 1)[1]) < MESSAGE_CHARS + 60
