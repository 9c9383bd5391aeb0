"""Merging labelled NER sources (training/prepare.py + training/sources.yaml): tag repair, label mapping,
re-tokenisation, span trimming and de-duplication, on tiny inline examples."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import spacy

from training.prepare import (
    convert_source,
    dedup_key,
    entity_phrases,
    load_sources,
    map_labels,
    merge_sources,
    read_source_file,
    repair_tags,
    retokenise,
    trim_punct,
)

TOKENIZER = spacy.blank("hi").tokenizer


def test_repair_missing_prefix_bare_dash_and_orphan_i() -> None:
    counts: Counter = Counter()
    tags = repair_tags(["O", "-NEL", "-NEL", "-", "I-NEP", "B-NEO", "I-NEO", "garbage"], counts)
    assert tags == ["O", "B-NEL", "I-NEL", "O", "B-NEP", "B-NEO", "I-NEO", "O"]
    assert counts["missing B-/I- prefix repaired"] == 2
    assert counts["malformed tag dropped (-> O)"] == 2
    assert counts["orphan I- made B-"] == 1


def test_map_labels_per_source_data_and_unmapped_to_o() -> None:
    specs = load_sources()
    counts: Counter = Counter()
    tags = map_labels(["B-NEP", "I-NEP", "B-NETI", "I-NETI", "B-NEO", "B-NEL"], specs["il-ner"]["labels"], counts)
    assert tags == ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "B-LOC"]
    assert counts == Counter({"unmapped NETI -> O": 1})
    mc = specs["multiconer"]["labels"]
    assert map_labels(["B-Politician", "B-SportsGRP", "B-HumanSettlement", "B-Food"], mc, Counter()) == [
        "B-PERSON", "B-ORG", "B-LOC", "O"]
    # adjacent entities of different source classes that map to one label stay two entities
    two = map_labels(["B-Artist", "I-Artist", "B-Politician"], mc, Counter())
    assert [(len(p), label) for p, label, _ in entity_phrases([("क", t) for t in two])] == [(2, "PERSON"), (1, "PERSON")]


def test_retokenise_splits_glued_punctuation_and_keeps_bio() -> None:
    counts: Counter = Counter()
    sent = [("२००३", "O"), ("में", "O"), ("विंबलडन,", "B-LOC"), ("लंदन", "I-LOC"), ("है।", "O")]
    out = retokenise(sent, TOKENIZER, counts)
    assert out == [("२००३", "O"), ("में", "O"), ("विंबलडन", "B-LOC"), (",", "I-LOC"), ("लंदन", "I-LOC"),
                   ("है", "O"), ("।", "O")]
    assert counts["tokens split by re-tokenisation"] == 2


def test_trim_edge_punctuation_keeps_inner_and_drops_punctuation_only_spans() -> None:
    counts: Counter = Counter()
    sent = [("(", "B-ORG"), ("भाजपा", "I-ORG"), (")", "I-ORG"), ("ने", "O"), ("।", "B-LOC"),
            ("विंबलडन", "B-LOC"), (",", "I-LOC"), ("लंदन", "I-LOC")]
    out = trim_punct(sent, counts)
    assert [t for _, t in out] == ["O", "B-ORG", "O", "O", "O", "B-LOC", "I-LOC", "I-LOC"]
    assert counts["spans trimmed of edge punctuation"] == 1
    assert counts["punctuation-only spans dropped"] == 1


def test_convert_source_end_to_end_with_nfc() -> None:
    decomposed = "क़साब".replace("क़", "क\u093c")  # NFD nukta
    spec = {"labels": {"NEP": "PERSON"}, "retokenise": True}
    out = convert_source([[(decomposed, "-NEP"), ("ने)", "-"), ("कहा।", "O")]], spec, TOKENIZER, Counter())
    assert out == [[("क़साब", "B-PERSON"), ("ने", "O"), (")", "O"), ("कहा", "O"), ("।", "O")]]


def test_dedup_key_ignores_tokenisation_spacing_and_zero_width() -> None:
    a = [("वह", "O"), ("दिल्ली", "O"), ("गया", "O"), ("।", "O")]
    b = [("वह", "O"), ("दिल्ली", "O"), ("गया।", "O")]
    c = [("वह", "O"), ("दिल्\u200dली", "O"), ("गया", "O"), ("।", "O")]
    assert dedup_key(a) == dedup_key(b) == dedup_key(c)
    assert dedup_key(a) != dedup_key([("वह", "O"), ("गया", "O")])


def test_merge_sources_never_keeps_a_held_out_sentence_and_dedups_across_sources() -> None:
    held = [[("परीक्षा", "O"), ("वाक्य", "O")]]
    train = [[("प्रशिक्षण", "O"), ("वाक्य", "O")]]
    extra = {
        "a": [[("परीक्षा", "O"), ("वाक्य", "O")], [("नया", "O")], [("नया", "O")], [("प्रशिक्षण", "O"), ("वाक्य", "O")]],
        "b": [[("नया", "O")], [("और", "O")]],
    }
    kept, drops = merge_sources(train, held, extra)
    assert kept == {"a": [[("नया", "O")]], "b": [[("और", "O")]]}
    assert drops["a"] == Counter({"same as a held-out HiNER dev/test sentence": 1, "duplicate within the source": 1,
                                  "same as a HiNER training sentence": 1})
    assert drops["b"] == Counter({"duplicate of a": 1})


def test_read_source_file_skips_comment_lines(tmp_path: Path) -> None:
    f = tmp_path / "x.conll"
    f.write_text("# id 1\tdomain=hi\nयह _ _ O\nझियान _ _ B-HumanSettlement\n\n\n# id 2\tdomain=hi\nवह _ _ O\n",
                 encoding="utf-8")
    assert read_source_file(f) == [[("यह", "O"), ("झियान", "B-HumanSettlement")], [("वह", "O")]]
