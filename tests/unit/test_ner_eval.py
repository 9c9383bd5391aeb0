"""Entity-level scoring of ner_eval on a tiny CoNLL file with hand-counted P/R/F."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.nlp.ner_eval import evaluate_conll, format_report, main, normalise_tags, read_conll, spans

# Three sentences; extra middle columns must be ignored (first = token, last = tag).
CONLL = """\
राम\tNNP\tB-PERSON
कुमार\tNNP\tI-PERSON
दिल्ली\tNNP\tB-LOCATION
गए\tVM\tO

बीबीसी\tB-ORGANIZATION
ने\tO
भारत\tB-LOCATION
कहा\tO

सोनिया\tB-PERSON
गांधी\tI-PERSON
और\tO
कांग्रेस\tB-ORGANIZATION
"""

# Predictions, by hand:
#  s1: PERSON राम (span too short -> 1 FP + 1 FN), LOC दिल्ली correct (TP)
#  s2: ORG बीबीसी correct (TP), भारत tagged ORG (FP ORG, FN LOC)
#  s3: PERSON सोनिया गांधी correct (TP), कांग्रेस missed (FN ORG)
PRED = [
    ["B-PERSON", "O", "B-LOCATION", "O"],
    ["B-ORGANIZATION", "O", "B-ORGANIZATION", "O"],
    ["B-PERSON", "I-PERSON", "O", "O"],
]


class FixedTagger:
    """Stands in for EntityRecognizer: returns the hand-written predictions above."""

    version = "fixed-1"

    def __init__(self, tags: list[list[str]]) -> None:
        self.tags = tags
        self.seen: list[list[str]] = []

    def tag_tokens(self, sentences: list[list[str]]) -> list[list[str]]:
        self.seen = sentences
        return self.tags


@pytest.fixture()
def conll(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    return path


def test_read_conll_uses_first_and_last_columns(conll: Path) -> None:
    sentences = read_conll(conll)
    assert [len(s) for s in sentences] == [4, 4, 4]
    assert sentences[0][0] == ("राम", "B-PERSON")
    assert sentences[1][0] == ("बीबीसी", "B-ORGANIZATION")


def test_scores_by_hand(conll: Path, tmp_path: Path) -> None:
    tagger = FixedTagger(PRED)
    out = tmp_path / "pred.conll"
    report = evaluate_conll(conll, tagger, predictions=out)  # type: ignore[arg-type]
    assert tagger.seen[2] == ["सोनिया", "गांधी", "और", "कांग्रेस"]
    per = report.labels
    assert (per["PERSON"].tp, per["PERSON"].fp, per["PERSON"].fn) == (1, 1, 1)
    assert (per["LOC"].tp, per["LOC"].fp, per["LOC"].fn) == (1, 0, 1)
    assert (per["ORG"].tp, per["ORG"].fp, per["ORG"].fn) == (1, 1, 1)
    assert per["LOC"].precision == 1.0 and per["LOC"].recall == 0.5
    assert per["LOC"].f1 == pytest.approx(2 / 3)
    overall = report.overall
    assert (overall.tp, overall.fp, overall.fn) == (3, 2, 3)
    assert overall.precision == pytest.approx(3 / 5)
    assert overall.recall == pytest.approx(3 / 6)
    assert overall.f1 == pytest.approx(2 * 0.6 * 0.5 / 1.1)
    assert report.sentences == 3 and report.tokens == 12

    lines = out.read_text(encoding="utf-8").split("\n\n")
    assert len(lines) == 3
    assert lines[0].splitlines()[1] == "कुमार\tI-PERSON\tO"

    text = format_report(report)
    assert "PERSON" in text and "LOC" in text and "ORG" in text and "overall" in text
    assert "0.6000" in text  # overall precision


def test_perfect_predictions(conll: Path) -> None:
    gold = [[t for _, t in s] for s in read_conll(conll)]
    report = evaluate_conll(conll, FixedTagger(gold))  # type: ignore[arg-type]
    assert report.overall.f1 == 1.0 and report.overall.support == 6


def test_stray_inside_tag_starts_an_entity() -> None:
    assert normalise_tags(["O", "I-PERSON", "I-PERSON", "I-LOCATION"]) == ["O", "B-PERSON", "I-PERSON", "B-LOC"]
    assert spans(["I-ORGANIZATION", "O", "B-PER", "I-PER"]) == {("ORG", 0, 1), ("PERSON", 2, 4)}


def test_main_runs_on_the_bundled_model(conll: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(conll)]) == 0
    assert "overall" in capsys.readouterr().out
    assert main([str(conll.with_name("missing.conll"))]) == 2
