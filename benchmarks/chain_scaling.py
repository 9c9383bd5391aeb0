#!/usr/bin/env python
"""The hardware ceiling for N workers: the NLP chain alone in 1 process, then in N processes at once (no Kafka).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/chain_scaling.py --count 1000 [--processes 2]

Same seeded real-story sample as ``worker_throughput.py``; with N processes the stories are split the way 4
partitions split between N workers (murmur2 of the key, as the producer does; range assignment), so each process
gets what its worker would. Prints stories/s and CPU ms/story of each, and N processes / 1 process: no number of
workers on this machine can beat that ratio, whatever the streaming costs.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from aiokafka.partitioner import murmur2  # noqa: E402

from benchmarks.worker_throughput import _chain_run, load_sample  # noqa: E402
from services.config import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=4)
    args = ap.parse_args()
    values = load_sample(args.count)
    batch = Settings().batch_size
    ctx = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx) as pool:
        one = pool.submit(_chain_run, values, batch).result()
    print(f"1 process: {one['rate']:.1f} stories/s, {one['cpu_ms']:.1f} CPU ms/story", flush=True)
    parts: list[list[tuple[str, bytes]]] = [[] for _ in range(args.processes)]
    per = args.partitions // args.processes
    for k, v in values:
        partition = (murmur2(k.encode()) & 0x7FFFFFFF) % args.partitions
        parts[min(partition // per, args.processes - 1)].append((k, v))
    with ProcessPoolExecutor(args.processes, mp_context=ctx) as pool:
        futures = [pool.submit(_chain_run, part, batch) for part in parts]
        res = [f.result() for f in futures]
    # each process times its own enrich loop (model loading excluded); they overlap almost entirely, the
    # combined rate is stories / the slowest process's time (the tail counts, as it does for workers)
    slowest = max(len(p) / r["rate"] for p, r in zip(parts, res))
    for p, r in zip(parts, res):
        print(f"  process of {len(p)} stories: {r['rate']:.1f} stories/s, {r['cpu_ms']:.1f} CPU ms/story")
    even = sum(r["rate"] for r in res)
    print(f"{args.processes} processes at once: {len(values) / slowest:.1f} stories/s ({len(values) / slowest / one['rate']:.2f} x 1 "
          f"process); sum of their rates {even:.1f} ({even / one['rate']:.2f} x, i.e. with a perfectly even split)")


if __name__ == "__main__":
    main()
