#!/usr/bin/env python
"""Speed of the entity linker alone: KB load time, then articles/s and mentions/s on one core.

    python benchmarks/canonical_speed.py [--rounds 20] [--hiner N]

Mentions are the gold surfaces of ``tests/data/gold`` (as ``entity_quality.py --gold-mentions`` makes them), so
the number does not depend on the NER model. The first round runs on an empty lookup cache (cold); later rounds
show the steady state of a long-running worker, where most keys have been seen before (warm). A "fresh" round
uses a new Canonicalizer on the already loaded KB, to show the per-key cost without the cache.

``--hiner N`` also links the gold mentions of the first N sentences of the shared HiNER file
(``../shared/datasets/hiner-collapsed/train.conll``, real Hindi news), one sentence per "article", and prints the
throughput and how the mentions were resolved (exact KB key, other KB paths, unknown -> romanised).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from entity_quality import gold_mentions, load_gold  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--hiner", type=int, default=0, help="also link HiNER gold mentions of N sentences")
    args = parser.parse_args(argv)

    docs = load_gold(with_dates=True)
    texts = [d.text for d in docs]
    mentions = [gold_mentions(t, d.surfaces) for t, d in zip(texts, docs)]
    n_mentions = sum(len(m) for m in mentions)

    started = time.perf_counter()
    from services.nlp.linking import Canonicalizer

    imported = time.perf_counter()
    linker = Canonicalizer()
    kb = linker.kb
    kb_loaded = time.perf_counter()
    linker.load()
    loaded = time.perf_counter()
    print(f"import {imported - started:.2f}s, KB load {kb_loaded - imported:.2f}s ({len(kb):,} entities, {linker.version}), "
          f"warm-up (stop words, transliterator) {loaded - kb_loaded:.2f}s")

    def run(label: str, target: Canonicalizer) -> None:
        t0 = time.perf_counter()
        target.link_batch(texts, mentions)
        dt = time.perf_counter() - t0
        print(f"{label:6} {len(texts)} articles, {n_mentions} mentions in {dt * 1000:8.1f} ms: "
              f"{len(texts) / dt:8.1f} articles/s, {n_mentions / dt:9.0f} mentions/s")

    run("cold", linker)
    warm_start = time.perf_counter()
    for _ in range(args.rounds):
        linker.link_batch(texts, mentions)
    dt = (time.perf_counter() - warm_start) / args.rounds
    print(f"{'warm':6} {len(texts)} articles, {n_mentions} mentions in {dt * 1000:8.1f} ms: "
          f"{len(texts) / dt:8.1f} articles/s, {n_mentions / dt:9.0f} mentions/s (mean of {args.rounds} rounds)")
    fresh = Canonicalizer()
    fresh._kb = linker.kb  # same loaded KB, empty lookup cache
    run("fresh", fresh)
    if args.hiner:
        hiner(linker, args.hiner)
    return 0


HINER = REPO.parent / "shared" / "datasets" / "hiner-collapsed" / "train.conll"
HINER_LABELS = {"PERSON": "PERSON", "ORGANIZATION": "ORG", "LOCATION": "LOC"}


def read_hiner(limit: int):  # type: ignore[no-untyped-def]
    """(text, mentions) per sentence: tokens joined by spaces, BIO spans as Mention offsets."""
    from services.nlp.types import Mention

    sentences, tokens = [], []
    for line in HINER.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            token, _, tag = line.partition("\t")
            tokens.append((token, tag.strip()))
            continue
        if tokens:
            text, mentions, pos, open_span = "", [], 0, None
            for token, tag in tokens:
                start = len(text) + (1 if text else 0)
                text = f"{text} {token}" if text else token
                kind = tag[2:] if len(tag) > 2 else ""
                if tag.startswith("B-") or (tag.startswith("I-") and (open_span is None or open_span[1] != kind)):
                    if open_span:
                        mentions.append(open_span)
                    open_span = [start, kind, len(text)]
                elif tag.startswith("I-") and open_span:
                    open_span[2] = len(text)
                else:
                    if open_span:
                        mentions.append(open_span)
                    open_span = None
            if open_span:
                mentions.append(open_span)
            sentences.append(
                (text, [Mention(text[a:b], HINER_LABELS.get(k, "ORG"), a, b) for a, k, b in mentions if k in HINER_LABELS])
            )
            tokens = []
            if len(sentences) >= limit:
                break
    return sentences


def hiner(linker, limit: int) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    if not HINER.exists():
        print(f"hiner: {HINER} not found, skipped")
        return
    sentences = read_hiner(limit)
    texts = [t for t, _ in sentences]
    mentions = [m for _, m in sentences]
    n = sum(len(m) for m in mentions)
    linker.stats.clear()
    t0 = time.perf_counter()
    batches = linker.link_batch(texts, mentions)
    dt = time.perf_counter() - t0
    print(f"hiner  {len(texts)} sentences, {n} mentions in {dt:.2f}s: {n / dt:.0f} mentions/s")
    by_label: dict[str, Counter] = {}
    for ents in batches:
        for e in ents:
            by_label.setdefault(e.label, Counter())["with Wikidata id" if e.kb_id else "sam: id"] += 1
    for label, counts in sorted(by_label.items()):
        total = sum(counts.values())
        print(f"  {label:6} {total:5d} entities: " + ", ".join(f"{k} {v / total:.0%}" for k, v in counts.most_common()))
    total = sum(linker.stats.values())
    print("  resolved by: " + ", ".join(f"{k} {v / total:.1%}" for k, v in linker.stats.most_common()))


if __name__ == "__main__":
    raise SystemExit(main())
