#!/usr/bin/env python
"""Speed of the entity linker alone: KB load time, then articles/s and mentions/s on one core.

    python benchmarks/canonical_speed.py [--rounds 20]

Mentions are the gold surfaces of ``tests/data/gold`` (as ``entity_quality.py --gold-mentions`` makes them), so
the number does not depend on the NER model. The first round runs on an empty lookup cache (cold); later rounds
show the steady state of a long-running worker, where most keys have been seen before (warm). A "fresh" round
uses a new Canonicalizer on the already loaded KB, to show the per-key cost without the cache.
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
    args = parser.parse_args(argv)

    docs = load_gold(with_dates=True)
    texts = [d.path.read_text(encoding="utf-8") for d in docs]
    mentions = [gold_mentions(t, d.surfaces) for t, d in zip(texts, docs)]
    n_mentions = sum(len(m) for m in mentions)

    started = time.perf_counter()
    from services.nlp.canonical import Canonicalizer

    imported = time.perf_counter()
    linker = Canonicalizer().load()
    loaded = time.perf_counter()
    print(f"import {imported - started:.2f}s, KB load {loaded - imported:.2f}s ({len(linker.kb):,} entities, {linker.version})")

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
