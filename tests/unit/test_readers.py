"""File readers of the producer: every file becomes articles or a reported error, never nothing."""

from __future__ import annotations

import json
from pathlib import Path

from services.producer.readers import iter_files, read_file
from tests.conftest import SEEDS

LIMIT = 2 * 1024 * 1024


def test_seed_directory_reads_five_articles_with_stable_ids() -> None:
    files = list(iter_files([SEEDS]))
    assert len(files) == 5
    first = [read_file(f, LIMIT)[0].article.id for f in files]
    again = [read_file(f, LIMIT)[0].article.id for f in files]
    assert first == again and len(set(first)) == 5


def test_formats(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# शीर्षक\nपाठ", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>पाठ</p></body></html>", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"text": "एक", "id": "c1"}, {"html": "<p>दो</p>"}]), encoding="utf-8")
    (tmp_path / "d.jsonl").write_text('{"text": "तीन"}\n\n{"text": 3}\nnot json\n', encoding="utf-8")
    sub = tmp_path / "nested"
    sub.mkdir()
    (sub / "e.txt").write_text("चार", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("skip me", encoding="utf-8")
    items = [item for path in iter_files([tmp_path]) for item in read_file(path, LIMIT)]
    ok = [i for i in items if i.article]
    bad = [i for i in items if i.error]
    assert len(ok) == 6
    assert {i.error.error_type for i in bad} == {"InvalidEnvelope", "InvalidJson"}
    assert [i.line for i in bad] == [3, 4]
    assert any(i.article.id == "c1" for i in ok)
    assert all(i.article.source_file for i in ok)


def test_errors_are_reported_not_skipped(tmp_path: Path) -> None:
    cases = {
        "bin.txt": (b"\xff\xfa\x00\x01", "InvalidUtf8"),
        "empty.txt": (b"", "EmptyPayload"),
        "pic.png": (b"\x89PNG", "UnsupportedFileType"),
        "big.txt": (b"a" * 2048, "PayloadTooLarge"),
        "broken.json": (b"{", "InvalidJson"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    for name, (data, code) in cases.items():
        items = read_file(tmp_path / name, 1024)
        assert len(items) == 1 and items[0].error is not None, name
        assert items[0].error.error_type == code
        assert items[0].raw == data
    missing = read_file(tmp_path / "nope.txt", 1024)
    assert missing[0].error.error_type == "UnreadableFile"
