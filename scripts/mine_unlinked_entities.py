#!/usr/bin/env python
"""Mine the unlabelled Hindi / Marathi news for the entities the knowledge base does not know.

    OMP_NUM_THREADS=1 python scripts/mine_unlinked_entities.py                    # up to 3,000 stories, top 60 per label
    OMP_NUM_THREADS=1 python scripts/mine_unlinked_entities.py --sample 0 --top 250 --weak --json /tmp/unlinked.json

What it does:

1. Reads the unlabelled news of ``../shared/corpora`` (or ``$SAMACHAR_CORPORA``; see its README): the stories of
   the outlets-2020 day files (split with ``corpus_source.stories``), the BBC Hindi rows and the Marathi articles.
   Every text the real-news gold annotates is left out first (``corpus_source.gold_source_ids``: a gold day file is
   dropped whole, a BBC row or Marathi file by itself), so the gold stays unseen.
2. Takes a seeded random sample of ``--sample`` stories (0: all of them) and runs the project's NLP pipeline
   (``services.nlp.Pipeline().enrich_texts``, in batches) over them.
3. An entity the pipeline returns is *unlinked* when its (canonical, label) is no KB entry: the linker found
   nothing in the KB and made a canonical of its own (a romanised cluster name). ``--weak`` also counts PERSON/ORG
   entities the linker resolved only to a gazetteer town (source ``city``), a sign of a missing organisation or person.
4. Counts the unlinked entities per label by document frequency (stories that mention them) and prints, per label,
   the top ``--top`` with their surface forms (most frequent first) and the canonical the linker made up.

The list is a worklist for ``services/nlp/data/curated/*.yaml`` (each candidate still checked by hand: NER also
tags common nouns and half-names); nothing here is written into the KB. Deterministic for a given ``--seed``,
corpus and pipeline. With the gold left out the corpora hold about 1,850 stories of 200+ characters, so the default
sample is all of them; a run takes about 90 s on one core (``OMP_NUM_THREADS=1``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus_source import corpora_dir, gold_source_ids, stories  # noqa: E402

LABELS = ("ORG", "LOC", "PERSON")


def unlabelled_stories(root: Path, exclude: set[str]) -> list[tuple[str, str]]:
    """(id, text) of every unlabelled story not in ``exclude``: outlets-2020 stories ("path:first-last"), BBC Hindi
    rows ("path#row") and Marathi articles ("path")."""
    out: list[tuple[str, str]] = []
    for path in sorted((root / "hindi-news" / "outlets-2020").glob("*.txt")):
        rel = f"hindi-news/outlets-2020/{path.name}"
        if rel in exclude:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for start, end, _ in stories(path):
            text = "\n".join(lines[start - 1 : end]).strip()
            if len(text) >= 200:  # a headline alone or a one-line brief says little
                out.append((f"{rel}:{start}-{end}", text + "\n"))
    csv.field_size_limit(sys.maxsize)
    rel = "hindi-news/bbc-hindi/articles.csv"
    with (root / rel).open(encoding="utf-8", newline="") as fh:
        for k, row in enumerate(csv.DictReader(fh)):
            if f"{rel}#{k}" not in exclude and len(row["text"].strip()) >= 200:
                out.append((f"{rel}#{k}", row["text"]))
    for path in sorted((root / "marathi-news").glob("*.txt")):
        rel = f"marathi-news/{path.name}"
        text = path.read_text(encoding="utf-8")
        if rel not in exclude and len(text.strip()) >= 200:
            out.append((rel, text))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=3000, help="stories to run (seeded random sample; 0 = all)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--top", type=int, default=60, help="entities printed per label")
    ap.add_argument("--min-df", type=int, default=2, help="least document frequency printed")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--weak", action="store_true", help="also count PERSON/ORG linked only to a gazetteer town")
    ap.add_argument("--json", type=Path, help="write every counted entity (df, surfaces, example ids) here")
    args = ap.parse_args(argv)

    root = corpora_dir()
    if not (root / "hindi-news").is_dir():
        print(f"error: no corpora at {root} (set SAMACHAR_CORPORA)", file=sys.stderr)
        return 1
    exclude = gold_source_ids()
    items = unlabelled_stories(root, exclude)
    total = len(items)
    if args.sample and args.sample < total:
        items = random.Random(args.seed).sample(items, args.sample)
    print(f"{total} unlabelled stories ({len(exclude)} gold texts left out); running {len(items)}", file=sys.stderr)

    from services.nlp.linking.kb import KnowledgeBase
    from services.nlp.pipeline import Pipeline

    pipe = Pipeline().load()
    kb: KnowledgeBase = pipe.canonicalizer.kb  # type: ignore[attr-defined]
    known: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in kb.entries:
        known[(entry.canonical, entry.label)].add(entry.source)

    df: Counter[tuple[str, str]] = Counter()
    surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    why: dict[tuple[str, str], str] = {}
    t0 = time.time()
    for b in range(0, len(items), args.batch):
        batch = items[b : b + args.batch]
        for (sid, _), article in zip(batch, pipe.enrich_texts([t for _, t in batch])):
            if isinstance(article, Exception):
                continue
            seen: set[tuple[str, str]] = set()
            for ent in article.entities:
                if ent.label not in LABELS:
                    continue
                key = (ent.canonical, ent.label)
                sources = known.get(key)
                if sources and not (args.weak and ent.label != "LOC" and sources == {"city"}):
                    continue
                why[key] = "town" if sources else "new"
                surfaces[key][" ".join(ent.text.split())] += 1
                if key not in seen:
                    seen.add(key)
                    df[key] += 1
                    if len(examples[key]) < 3:
                        examples[key].append(sid)
        done = min(b + args.batch, len(items))
        if done % (args.batch * 20) == 0 or done == len(items):
            print(f"  {done}/{len(items)} stories, {time.time() - t0:.0f} s", file=sys.stderr)

    for label in LABELS:
        rows = sorted(((n, k) for k, n in df.items() if k[1] == label and n >= args.min_df), key=lambda r: (-r[0], r[1]))
        print(f"\n== {label}: {len(rows)} unlinked entities with df >= {args.min_df}; top {args.top}")
        for n, key in rows[: args.top]:
            forms = " | ".join(f"{s} ({c})" for s, c in surfaces[key].most_common(5))
            print(f"{n:4d}  {key[0]}{' [town]' if why[key] == 'town' else ''}  <-  {forms}")
    if args.json:
        out = [
            {"canonical": k[0], "label": k[1], "df": n, "kind": why[k], "surfaces": dict(surfaces[k].most_common()),
             "examples": examples[k]}
            for k, n in sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
