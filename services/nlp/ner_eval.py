"""Entity-level evaluation of the recogniser on a BIO CoNLL file (``samachar eval-ner``).

Why exact tokens: the file's tokens are tagged as given (``EntityRecognizer.tag_tokens``: the assembled Devanagari
pipeline the service runs, model and entity components, built from the same NLP settings), so scores
are exact span + label matches (BIO decoded by spaCy's converter, counted like conlleval). HiNER's PERSON / LOCATION /
ORGANIZATION are reported as PERSON / LOC / ORG.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from services.records import LABEL_ALIASES, NAME_LABELS

if TYPE_CHECKING:
    from services.nlp.entities import EntityRecognizer

# Gold/predicted tag labels -> the record's name labels (PER -> PERSON, LOCATION -> LOC, ...); others kept as written.
LABEL_MAP = {alias: label for alias, label in LABEL_ALIASES.items() if label in NAME_LABELS}


@dataclass(slots=True)
class LabelScore:
    """Entity-level counts of one label: true positives, false positives, false negatives (exact span + label)."""
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 0.0 when there is no gold entity."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """Number of gold entities (tp + fn)."""
        return self.tp + self.fn


@dataclass(slots=True)
class NerReport:
    """Result of ``evaluate_conll``: the file, its sentence and token counts, a ``LabelScore`` per label,
    the tagging time in seconds and the Hindi model's version."""
    path: str
    sentences: int
    tokens: int
    labels: dict[str, LabelScore] = field(default_factory=dict)
    seconds: float = 0.0
    model_version: str = ""

    @property
    def overall(self) -> LabelScore:
        """Micro-averaged counts over every label."""
        total = LabelScore()
        for score in self.labels.values():
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
        return total

    @property
    def words_per_second(self) -> float:
        """Tokens tagged per second of wall time (0.0 if not timed)."""
        return self.tokens / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict: path, counts, seconds, model version, and p/r/f/support/tp/fp/fn per label and overall
        (ratios rounded to 4 places)."""
        def row(s: LabelScore) -> dict[str, float | int]:
            return {"p": round(s.precision, 4), "r": round(s.recall, 4), "f": round(s.f1, 4), "support": s.support,
                    "tp": s.tp, "fp": s.fp, "fn": s.fn}

        return {
            "path": self.path,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "overall": row(self.overall),
            "per_label": {label: row(s) for label, s in sorted(self.labels.items())},
            "words_per_second": round(self.words_per_second, 1),
            "model_version": self.model_version,
        }


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag): first column is the token, last is the tag; blank lines and -DOCSTART- split."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("-DOCSTART-"):
            if current:
                sentences.append(current)
                current = []
            continue
        cols = raw.split("\t") if "\t" in raw else raw.split()
        current.append((cols[0].strip(), cols[-1].strip() if len(cols) > 1 else "O"))
    if current:
        sentences.append(current)
    return sentences


def normalise_tags(tags: list[str]) -> list[str]:
    """Map labels to PERSON/LOC/ORG and repair stray I- tags into B- (as conlleval does)."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag in ("O", "") or "-" not in tag:
            out.append("O")
            prev = "O"
            continue
        prefix, label = tag.split("-", 1)
        label = LABEL_MAP.get(label.upper(), label.upper())
        prefix = prefix.upper()
        if prefix == "I" and prev[2:] != label:
            prefix = "B"
        elif prefix in ("S", "U"):
            prefix = "B"
        elif prefix in ("E", "L"):
            prefix = "I" if prev[2:] == label else "B"
        tag = f"{prefix}-{label}"
        out.append(tag)
        prev = tag
    return out


def spans(tags: list[str]) -> set[tuple[str, int, int]]:
    """(label, start, end) token spans of a BIO sequence, decoded by spaCy's own BIO -> BILUO conversion."""
    from spacy.training import iob_to_biluo

    out: set[tuple[str, int, int]] = set()
    start = 0
    for i, tag in enumerate(iob_to_biluo(normalise_tags(tags))):
        if tag[:2] in ("B-", "U-"):
            start = i
        if tag[:2] in ("L-", "U-"):
            out.add((tag[2:], start, i + 1))
    return out


def score_sentences(gold: list[list[str]], pred: list[list[str]]) -> dict[str, LabelScore]:
    """Per-label exact span + label match counts (micro), as conlleval / seqeval count them."""
    labels: dict[str, LabelScore] = {}
    for g_tags, p_tags in zip(gold, pred, strict=True):
        if len(g_tags) != len(p_tags):
            raise ValueError(f"{len(p_tags)} predicted tags for {len(g_tags)} tokens")
        g, p = spans(g_tags), spans(p_tags)
        for label, *_ in g | p:
            labels.setdefault(label, LabelScore())
        for label, *_ in g & p:
            labels[label].tp += 1
        for label, *_ in p - g:
            labels[label].fp += 1
        for label, *_ in g - p:
            labels[label].fn += 1
    return labels


def evaluate_conll(path: Path, recognizer: EntityRecognizer | None = None, predictions: Path | None = None) -> NerReport:
    """Tag every sentence of ``path`` and score entity-level P/R/F per label; optionally write predictions."""
    if recognizer is None:
        from services.nlp.entities import EntityRecognizer

        recognizer = EntityRecognizer()
    data = read_conll(Path(path))
    words = [[t for t, _ in s] for s in data]
    gold = [[g for _, g in s] for s in data]
    started = time.perf_counter()
    pred = recognizer.tag_tokens(words) if words else []
    seconds = time.perf_counter() - started
    if predictions is not None:
        blocks = ["\n".join(f"{w}\t{g}\t{p}" for w, g, p in zip(ws, gs, ps, strict=True)) for ws, gs, ps in zip(words, gold, pred)]
        Path(predictions).write_text("\n\n".join(blocks) + ("\n" if blocks else ""), encoding="utf-8")
    return NerReport(
        path=str(path),
        sentences=len(data),
        tokens=sum(len(w) for w in words),
        labels=score_sentences(gold, pred),
        seconds=seconds,
        model_version=_version(recognizer),
    )


def _version(recognizer: object) -> str:
    try:
        return str(getattr(recognizer, "hi_version", None) or getattr(recognizer, "version", ""))
    except Exception:  # noqa: BLE001 - a version string must never fail an evaluation
        return ""


def format_report(report: NerReport) -> str:
    """A fixed-width table: one row per label, then the micro-averaged overall row."""
    lines = [
        f"{report.path}: {report.sentences} sentences, {report.tokens} tokens"
        + (f", {report.words_per_second:,.0f} words/s" if report.seconds else "")
        + (f" ({report.model_version})" if report.model_version else ""),
        f"{'label':<8} {'prec':>7} {'rec':>7} {'f1':>7} {'support':>8}",
    ]
    for label, s in sorted(report.labels.items()):
        lines.append(f"{label:<8} {s.precision:>7.4f} {s.recall:>7.4f} {s.f1:>7.4f} {s.support:>8d}")
    o = report.overall
    lines.append(f"{'overall':<8} {o.precision:>7.4f} {o.recall:>7.4f} {o.f1:>7.4f} {o.support:>8d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``samachar eval-ner``: parse ``argv``, evaluate the CoNLL file, print the table (or JSON); returns 0. Raises
    ``SystemExit`` on bad arguments and ``OSError`` when the file or model cannot be read."""
    parser = argparse.ArgumentParser(prog="samachar eval-ner", description="Entity-level P/R/F1 on a BIO CoNLL file.")
    parser.add_argument("conll", type=Path, help="token<TAB>...<TAB>tag lines, blank line between sentences")
    parser.add_argument("--predictions", type=Path, default=None, help="write token<TAB>gold<TAB>pred lines here")
    parser.add_argument("--model", type=Path, default=None, help="Hindi spaCy model directory (default: SAMACHAR_NLP__HI_MODEL, the bundled model)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if not args.conll.is_file():
        print(f"error: {args.conll} is not a file", file=sys.stderr)
        return 2
    from services.config import Settings
    from services.nlp.entities import EntityRecognizer

    # The recogniser the service builds from the same settings (model, rules), so the score is production's.
    recognizer = EntityRecognizer.from_config(Settings().nlp, hi_model_path=args.model)
    report = evaluate_conll(args.conll, recognizer, args.predictions)
    if args.json:
        import json

        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(format_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
