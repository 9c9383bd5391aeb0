"""Issue 12 self-training (training/self_train.py): the gold's articles are left out, sentences are cut without
splitting an entity, the "all linked" rule keeps only sentences whose every name entity has a KB id, and the kept
sentence becomes BIO tags on spaCy's Hindi tokens; prepare.py reads a source that lives inside the repo."""

from __future__ import annotations

from pathlib import Path

import spacy

from tests.unit.fake_corpora import write_fake_corpora
from training import prepare, self_train


def _ent(label: str, start: int, end: int, kb_id: str | None = "Q1") -> dict:
    return {"text": "", "label": label, "start": start, "end": end, "canonical": "", "kb_id": kb_id}


def test_gold_excluded_drops_a_whole_day_file_a_bbc_row_and_a_marathi_file() -> None:
    gold = {"hindi-news/outlets-2020/AU-2020-APR-01.txt", "hindi-news/bbc-hindi/articles.csv#1", "marathi-news/b1.txt"}
    assert self_train.gold_excluded("hindi-news/outlets-2020/AU-2020-APR-01.txt:40-52", gold)  # another story, same day
    assert self_train.gold_excluded("hindi-news/bbc-hindi/articles.csv#1", gold)
    assert self_train.gold_excluded("marathi-news/b1.txt", gold)
    assert not self_train.gold_excluded("hindi-news/outlets-2020/AU-2020-APR-02.txt:1-9", gold)
    assert not self_train.gold_excluded("hindi-news/bbc-hindi/articles.csv#10", gold)
    assert not self_train.gold_excluded("marathi-news/b11.txt", gold)


def test_articles_cut_day_files_into_stories_and_leave_out_gold(tmp_path: Path) -> None:
    write_fake_corpora(
        tmp_path,
        {"AU-2020-APR-01.txt": "गोल्ड ख़बर\n\nपहला।\n", "AU-2020-APR-02.txt": "पहली ख़बर\n\nएक।\nदो।\n\nदूसरी ख़बर\n\nतीन।\nचार।\n"},
        ["पंक्ति शून्य", "पंक्ति एक", ""],
    )
    (tmp_path / "marathi-news" / "b1.txt").write_text("मराठी बातमी\n", encoding="utf-8")
    gold = {"hindi-news/outlets-2020/AU-2020-APR-01.txt", "hindi-news/bbc-hindi/articles.csv#1", "marathi-news/b1.txt"}
    docs, counts = self_train.articles(tmp_path, gold)
    assert [i for i, _ in docs] == ["hindi-news/outlets-2020/AU-2020-APR-02.txt:1-4", "hindi-news/outlets-2020/AU-2020-APR-02.txt:6-9",
                                    "hindi-news/bbc-hindi/articles.csv#0"]
    assert docs[1][1] == "दूसरी ख़बर\n\nतीन।\nचार।"
    assert counts["empty texts skipped"] == 1


def test_sentence_spans_cut_at_danda_lines_and_full_stops_but_not_inside_an_entity() -> None:
    text = "डॉ. राम आए। फिर गए?\nनई पंक्ति. अगला"
    spans = [(0, 7)]  # "डॉ. राम"
    assert [text[a:b] for a, b in self_train.sentence_spans(text, spans)] == ["डॉ. राम आए।", "फिर गए?", "नई पंक्ति.", "अगला"]
    assert [text[a:b] for a, b in self_train.sentence_spans(text)][:2] == ["डॉ.", "राम आए।"]


def test_keep_sentence_needs_a_name_entity_and_every_one_linked() -> None:
    assert self_train.keep_sentence([_ent("LOC", 0, 3), _ent("PERSON", 5, 9)]) == (True, "kept")
    assert self_train.keep_sentence([_ent("LOC", 0, 3), _ent("PERSON", 5, 9, None)]) == (False, "unlinked entity")
    assert self_train.keep_sentence([_ent("DATE", 0, 3, None)]) == (False, "no name entity")
    assert self_train.keep_sentence([]) == (False, "no name entity")
    assert self_train.keep_sentence([_ent("ORG", 0, 3), _ent("DATE", 4, 8, None)]) == (True, "kept")
    # the control rule keeps unlinked entities too, but still needs one
    assert self_train.keep_sentence([_ent("LOC", 0, 3), _ent("PERSON", 5, 9, None)], rule="any") == (True, "kept")
    assert self_train.keep_sentence([_ent("DATE", 0, 3, None)], rule="any") == (False, "no name entity")


def test_to_bio_tags_spacy_tokens_and_rejects_misaligned_spans() -> None:
    tok = spacy.blank("hi").tokenizer
    text = "नरेंद्र मोदी दिल्ली पहुंचे।"
    ents = [_ent("PERSON", 0, 12), _ent("LOC", 13, 19), _ent("DATE", 20, 27)]
    assert self_train.to_bio(text, ents, tok) == [("नरेंद्र", "B-PERSON"), ("मोदी", "I-PERSON"), ("दिल्ली", "B-LOC"),
                                                  ("पहुंचे", "O"), ("।", "O")]
    assert self_train.to_bio(text, [_ent("LOC", 14, 19)], tok) is None


def test_prepare_reads_a_source_rooted_in_the_repo(tmp_path: Path) -> None:
    silver = prepare.HERE.parent / "training" / "silver"
    spec = {"silver": {"root": "training", "files": ["silver/__unit_test__.conll"], "retokenise": False,
                       "labels": {"PERSON": "PERSON", "LOC": "LOC", "ORG": "ORG"}, "license": "x"}}
    silver.mkdir(exist_ok=True)
    path = silver / "__unit_test__.conll"
    try:
        path.write_text("राम\tB-PERSON\nआए\tO\n", encoding="utf-8")
        out, report = prepare.read_extra_sources(["silver"], spec, datasets=tmp_path)
    finally:
        path.unlink()
    assert out["silver"] == [[("राम", "B-PERSON"), ("आए", "O")]]
    assert report["silver"]["sentences_read"] == 1
