"""The real-news gold (tests/data/gold/real/, real2/): well-formed annotations, split fixed, surfaces verbatim in the articles.

The article text lives in ../shared/corpora (never committed); where it is absent only the annotations are checked.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter

import pytest
import yaml

from tests.conftest import REPO

REAL = REPO / "tests" / "data" / "gold" / "real"
_spec = importlib.util.spec_from_file_location("corpus_source", REPO / "benchmarks" / "corpus_source.py")
corpus_source = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["corpus_source"] = corpus_source
_spec.loader.exec_module(corpus_source)  # type: ignore[union-attr]

REAL2 = REPO / "tests" / "data" / "gold" / "real2"
REAL3 = REPO / "tests" / "data" / "gold" / "real3"
REAL4 = REPO / "tests" / "data" / "gold" / "real4"
REAL5 = REPO / "tests" / "data" / "gold" / "real5"
FILES = sorted(REAL.glob("*.yaml"))
FILES2 = sorted(REAL2.glob("*.yaml"))  # second tuning set (split dev2): judged after issue 14's halves were fixed
FILES3 = sorted(REAL3.glob("*.yaml"))  # blind test set (split test): annotated without system output, never tuned on
FILES4 = sorted(REAL4.glob("*.yaml"))  # third tuning set (split dev3): annotated blind, then tuned on
FILES5 = sorted(REAL5.glob("*.yaml"))  # fourth tuning set (split dev4): annotated blind, then tuned on


def test_the_real_gold_is_large_enough_and_split_in_halves() -> None:
    specs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in FILES]
    assert len(specs) >= 40
    entities = sum(1 for s in specs for e in s["entities"] if not e.get("optional"))
    assert entities >= 600
    splits = Counter(s["split"] for s in specs)
    assert set(splits) == {"dev", "heldout"} and abs(splits["dev"] - splits["heldout"]) <= 4
    assert {s["language"] for s in specs} >= {"hi", "mr"}


def test_the_second_and_third_real_gold_are_one_split_each_on_other_articles() -> None:
    seen: set[str] = set()
    for files, split in ((FILES, None), (FILES2, "dev2"), (FILES3, "test")):
        specs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
        assert len(specs) >= 40 and (split is None or {s["split"] for s in specs} == {split})
        corpora = {f'{s["source"]["corpus"]}#{s["source"].get("row", "")}' for s in specs}  # a day file, BBC row
        if split == "test":  # drawn from day files (and BBC rows) no other gold uses
            assert not corpora & seen
        seen |= corpora


def _stories(specs: list[dict]) -> set[tuple[str, str, int]]:
    """(corpus, BBC row, line) of every line a gold file covers."""
    out = set()
    for s in specs:
        src = s["source"]
        lines = range(src["lines"][0], src["lines"][1] + 1) if "lines" in src else [0]
        out |= {(src["corpus"], str(src.get("row", "")), k) for k in lines}
    return out


@pytest.mark.parametrize(("files", "split", "before"), [("FILES4", "dev3", 3), ("FILES5", "dev4", 4)])
def test_the_later_real_gold_annotates_stories_no_other_gold_does(files: str, split: str, before: int) -> None:
    """real4/ (split dev3) and real5/ (dev4) were drawn mostly from unused day files; a few stories come from day
    files that other gold files use too, but never a line another gold file covers."""
    specs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in globals()[files]]
    assert len(specs) >= 40 and {s["split"] for s in specs} == {split}
    earlier = [FILES, FILES2, FILES3, FILES4][:before]
    others = [yaml.safe_load(p.read_text(encoding="utf-8")) for group in earlier for p in group]
    assert not _stories(specs) & _stories(others)


@pytest.mark.parametrize("path", FILES + FILES2 + FILES3 + FILES4 + FILES5, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_real_gold_file_is_well_formed(path) -> None:  # type: ignore[no-untyped-def]
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    splits = {REAL: {"dev", "heldout"}, REAL2: {"dev2"}, REAL3: {"test"}, REAL4: {"dev3"}, REAL5: {"dev4"}}[path.parent]
    assert set(spec["source"]) <= {"corpus", "lines", "row"} and spec["split"] in splits
    seen = set()
    for ent in spec["entities"]:
        assert ent["label"] in {"PERSON", "ORG", "LOC"}, ent
        assert ent.get("kb_id") is None or re.fullmatch(r"Q\d+", ent["kb_id"]), ent
        assert (ent["canonical"], ent["label"]) not in seen, ent
        seen.add((ent["canonical"], ent["label"]))
        assert ent["surfaces"], ent
    try:
        text = corpus_source.read_source(spec["source"])
    except corpus_source.CorpusMissing:
        pytest.skip("../shared/corpora not on this machine: annotations checked, surfaces not")
    for ent in spec["entities"]:
        for surface in ent["surfaces"]:
            assert str(surface) in text, (path.name, surface)
