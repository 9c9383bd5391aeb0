#!/usr/bin/env python
"""Entity quality against the gold annotations in ``tests/data/gold/``: precision / recall of distinct entities.

    python benchmarks/entity_quality.py                 # full pipeline: Pipeline().enrich_texts(texts)
    python benchmarks/entity_quality.py --gold-mentions # linker only: mentions = every gold surface in the text
    python benchmarks/entity_quality.py -v --dates      # list misses / false hits; also score DATE entities
    python benchmarks/entity_quality.py --gazetteer merge  # pipeline stages + KB-name mentions (experiment)

Per article, the system's distinct (canonical, label) entities are compared with the gold set. A predicted and a
gold entity match when the labels agree (unless ``--ignore-label``) and either both have a kb_id and they are
equal, or their canonical names agree after normalisation (case, accents, vowels: ``linking.keys.skeleton``).
Gold entities marked ``optional`` are neither required (recall) nor counted as false hits (precision).
Micro scores are printed per split: ``dev`` (the articles the KB and linker were tuned on) and ``heldout``
(written afterwards and not tuned on), ``real-dev`` / ``real-heldout`` (real articles from Indian outlets,
``tests/data/gold/real/``: annotations only, text read from ``../shared/corpora`` by ``corpus_source.py``;
tune on ``real-dev`` only, ``real-heldout`` is the honest number), ``real-dev2`` (50 more real articles in
``tests/data/gold/real2/``, a second tuning set), ``real-test`` (40 real articles annotated blind in
``tests/data/gold/real3/``, never tuned on), ``real-dev3`` (44 real articles annotated blind in
``tests/data/gold/real4/``, measured once untouched, then a third tuning set), ``real-dev4`` (46 more, annotated
blind in ``tests/data/gold/real5/``, likewise), and over all; then per label and per
language within each split.

    python benchmarks/entity_quality.py --split real-dev -v   # the tuning half, with misses and false hits
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import yaml  # noqa: E402

from corpus_source import CorpusMissing, read_source  # noqa: E402
from services.nlp.linking.keys import name_key, skeleton  # noqa: E402

GOLD_DIR = REPO / "tests" / "data" / "gold"
NAME_LABELS = {"PERSON", "ORG", "LOC"}


@dataclass(frozen=True)
class Ent:
    canonical: str
    label: str
    kb_id: str | None = None
    optional: bool = False

    @property
    def name(self) -> str:
        # Initials are written "D K Sharma", "DK Sharma" or "D.K. Sharma" by the same paper: one name.
        return skeleton(_join_initials(name_key(self.canonical)))


def _join_initials(key: str) -> str:
    """Runs of one-letter words joined: "d k sharma" -> "dk sharma"."""
    out: list[str] = []
    initials = False
    for word in key.split():
        if len(word) == 1 and initials:
            out[-1] += word
        else:
            out.append(word)
            initials = len(word) == 1
    return " ".join(out)


@dataclass
class Doc:
    name: str
    text: str
    language: str
    gold: list[Ent]
    surfaces: list[tuple[str, str]] = field(default_factory=list)  # (surface, label)
    split: str = "dev"  # "heldout": written after the KB and linker were tuned, never tuned on


def load_gold(gold_dir: Path = GOLD_DIR, with_dates: bool = False, quiet: bool = False) -> list[Doc]:
    """Every gold file under ``gold_dir`` (``real/`` included) as a ``Doc`` with its article text.

    Real-news gold whose text is not on this machine (``../shared/corpora`` absent) is skipped with one line on
    stderr (unless ``quiet``); ``read_source`` errors other than a missing corpus propagate.
    """
    docs = []
    skipped: list[str] = []
    labels = NAME_LABELS | ({"DATE"} if with_dates else set())
    for path in sorted(gold_dir.rglob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        gold, surfaces = [], []
        for row in spec["entities"]:
            if row["label"] not in labels:
                continue
            gold.append(Ent(str(row["canonical"]), row["label"], row.get("kb_id"), bool(row.get("optional"))))
            surfaces += [(str(s), row["label"]) for s in row.get("surfaces", [])]
        split = spec.get("split", "dev")
        if "source" in spec:
            try:
                text = read_source(spec["source"])
            except CorpusMissing as exc:
                skipped.append(str(exc))
                continue
            split = f"real-{split}"
        else:
            text = (REPO / spec["file"]).read_text(encoding="utf-8")
        docs.append(Doc(path.stem, text, spec.get("language", "und"), gold, surfaces, split))
    if skipped and not quiet:
        print(f"skipped {len(skipped)} real-news gold files: {skipped[0]}", file=sys.stderr)
    return docs


def matches(pred: Ent, gold: Ent, ignore_label: bool) -> bool:
    if not ignore_label and pred.label != gold.label:
        return False
    if pred.kb_id and gold.kb_id:
        return pred.kb_id == gold.kb_id
    return pred.name == gold.name


def score(pred: set[Ent], gold: list[Ent], ignore_label: bool) -> tuple[int, int, int, list[Ent], list[Ent]]:
    """(true positives, false positives, false negatives, missed gold, spurious predictions)."""
    required = [g for g in gold if not g.optional]
    optional = [g for g in gold if g.optional]
    matched: set[int] = set()
    spurious = []
    tp = 0
    for p in sorted(pred, key=lambda e: (e.label, e.canonical)):
        hit = next((k for k, g in enumerate(required) if k not in matched and matches(p, g, ignore_label)), None)
        if hit is not None:
            matched.add(hit)
            tp += 1
        elif not any(matches(p, g, ignore_label) for g in optional):
            spurious.append(p)  # includes a second prediction for an already matched gold entity (a split)
    missed = [g for k, g in enumerate(required) if k not in matched]
    return tp, len(spurious), len(missed), missed, spurious


def gold_mentions(text: str, surfaces: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """Every occurrence of every gold surface, longest first, without overlaps (stand-in for NER)."""
    from services.nlp.types import Mention

    taken = [False] * len(text)
    out = []
    for surface, label in sorted(set(surfaces), key=lambda s: -len(s[0])):
        for m in re.finditer(re.escape(surface), text):
            if not any(taken[m.start() : m.end()]):
                out.append(Mention(surface, label, m.start(), m.end(), 1.0, "gold"))
                for k in range(m.start(), m.end()):
                    taken[k] = True
    return sorted(out, key=lambda m: m.start)


def predict(docs: list[Doc], use_gold_mentions: bool, labels: set[str], gazetteer: str | None = None) -> list[set[Ent]]:
    texts = [d.text for d in docs]
    if use_gold_mentions:
        from services.nlp.linking import Canonicalizer

        linker = Canonicalizer()
        # the article's language, as the pipeline passes the language stage's (Marathi rules need it)
        languages = [d.language if d.language != "und" else None for d in docs]
        batches = linker.link_batch(texts, [gold_mentions(t, d.surfaces) for t, d in zip(texts, docs)], languages)
    elif gazetteer:
        batches = _pipeline_with_gazetteer(texts, gazetteer)
    else:
        from services.nlp.pipeline import Pipeline

        batches = []
        for article in Pipeline().enrich_texts(texts):
            if isinstance(article, Exception):
                print(f"pipeline error: {article}", file=sys.stderr)
                batches.append([])
            else:
                batches.append(article.entities)
    return [{Ent(e.canonical, e.label, e.kb_id) for e in ents if e.label in labels} for ents in batches]


def _pipeline_with_gazetteer(texts: list[str], how: str):  # type: ignore[no-untyped-def]
    """The pipeline's own stages, with KB-name mentions (``linking.gazetteer``) added before linking.

    ``add``: gazetteer mentions only where the model found nothing; ``merge``: the NER stage's overlap rule
    (longer span wins), so "किम जोंग उन" from the KB replaces the model's truncated "किम जोंग".
    """
    from services.nlp.linking.gazetteer import Gazetteer
    from services.nlp.entities import resolve_overlaps
    from services.nlp.pipeline import Pipeline

    pipe = Pipeline()
    gaz = Gazetteer(pipe.canonicalizer.kb)
    out = []
    for raw in texts:
        cleaned = pipe.cleaner.clean(raw)
        text = cleaned.text
        found = pipe.recognizer.extract(text, pipe.language.identify(text))
        extra = gaz.find(text)
        if how == "add":
            extra = [g for g in extra if not any(g.start < m.end and m.start < g.end for m in found)]
            mentions = sorted(found + extra, key=lambda m: m.start)
        else:
            mentions = resolve_overlaps(found + extra)
        out.append(pipe.canonicalizer.link(text, mentions))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-mentions", action="store_true", help="link gold surfaces instead of running NER")
    parser.add_argument("--dates", action="store_true", help="also score DATE entities")
    parser.add_argument("--ignore-label", action="store_true", help="match entities regardless of label")
    parser.add_argument("--gazetteer", choices=["add", "merge"], help="also find KB names in the text (experiment)")
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    parser.add_argument("--split", action="append", help="only this split (repeatable): dev, heldout, real-dev, real-dev2, real-dev3, real-dev4, real-heldout, real-test")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed and spurious entities")
    args = parser.parse_args(argv)

    docs = load_gold(args.gold_dir, args.dates)
    if args.split:
        docs = [d for d in docs if d.split in args.split]
    labels = NAME_LABELS | ({"DATE"} if args.dates else set())
    predictions = predict(docs, args.gold_mentions, labels, args.gazetteer)
    mode = "gold mentions -> linker" if args.gold_mentions else "pipeline"
    mode += f" + gazetteer ({args.gazetteer})" if args.gazetteer and not args.gold_mentions else ""
    print(f"entity quality ({mode}; labels {'ignored' if args.ignore_label else 'must match'}; {len(docs)} docs)")
    print(f"{'document':28} {'lang':4} {'gold':>4} {'pred':>4} {'tp':>3} {'P':>6} {'R':>6} {'F1':>6}")
    # (split, facet) -> [tp, fp, fn]; facet "all", "label=X", "lang=xx"
    totals: dict[tuple[str, str], list[int]] = {}

    def add(split: str, facet: str, tp: int, fp: int, fn: int) -> None:
        t = totals.setdefault((split, facet), [0, 0, 0])
        t[0], t[1], t[2] = t[0] + tp, t[1] + fp, t[2] + fn

    for doc, pred in zip(docs, predictions):
        tp, fp, fn, missed, spurious = score(pred, doc.gold, args.ignore_label)
        for split in ("all", doc.split):
            add(split, "all", tp, fp, fn)
            add(split, f"lang={doc.language}", tp, fp, fn)
            if not args.ignore_label:
                for label in sorted(labels):
                    sub = score({p for p in pred if p.label == label}, [g for g in doc.gold if g.label == label], False)
                    add(split, f"label={label}", *sub[:3])
        p, r, f = prf(tp, fp, fn)
        required = sum(1 for g in doc.gold if not g.optional)
        print(f"{doc.name:28} {doc.language:4} {required:4d} {len(pred):4d} {tp:3d} {p:6.3f} {r:6.3f} {f:6.3f}")
        if args.verbose:
            for g in missed:
                print(f"    missed   {g.label:6} {g.canonical} ({g.kb_id})")
            for s in spurious:
                print(f"    spurious {s.label:6} {s.canonical} ({s.kb_id})")
    print()
    print(f"{'split / facet':28} {'':4} {'gold':>4} {'':4} {'tp':>3} {'P':>6} {'R':>6} {'F1':>6}")
    splits = sorted({s for s, _ in totals}, key=lambda k: (k == "all", k))
    for split in splits:
        facets = sorted((f for s, f in totals if s == split), key=lambda f: (f != "all", f))
        for facet in facets:
            tp, fp, fn = totals[(split, facet)]
            p, r, f = prf(tp, fp, fn)
            name = f"MICRO {split}" if facet == "all" else f"  {facet}"
            print(f"{name:28} {'':4} {tp + fn:4d} {'':4} {tp:3d} {p:6.3f} {r:6.3f} {f:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
