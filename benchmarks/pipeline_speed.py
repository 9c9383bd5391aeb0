"""NLP pipeline throughput on one core (no Kafka): articles/s, words/s, time per stage, peak RSS.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/pipeline_speed.py [--repeat 5] [--batch 16] [PATH ...]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from services.nlp.pipeline import Pipeline, PipelineItem  # noqa: E402
from services.producer.readers import iter_files, read_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("seeds")])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()

    articles = [i.article for p in iter_files(args.paths) for i in read_file(p, 8 * 1024 * 1024) if i.article]
    stage_seconds: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    pipeline = Pipeline(observer=lambda stage, s: stage_seconds.__setitem__(stage, stage_seconds[stage] + s)).load()
    load_seconds = time.perf_counter() - t0
    stage_seconds.clear()

    items = [PipelineItem(a) for a in articles] * args.repeat
    words = sum(len((a.text or a.html or "").split()) for a in articles) * args.repeat
    start = time.perf_counter()
    ok = failed = 0
    for i in range(0, len(items), args.batch):
        for result in pipeline.enrich_batch(items[i:i + args.batch]):
            ok += not isinstance(result, Exception)
            failed += isinstance(result, Exception)
    elapsed = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline: {pipeline.version}")
    print(f"model load + warm-up: {load_seconds:.2f}s")
    print(f"{len(items)} articles ({ok} enriched, {failed} failed), {words} words in {elapsed:.2f}s")
    print(f"throughput: {len(items) / elapsed:.1f} articles/s, {words / elapsed:,.0f} words/s (one core)")
    for stage, seconds in stage_seconds.items():
        print(f"  {stage:<10} {seconds:7.2f}s  {100 * seconds / elapsed:5.1f}%  {words / seconds:>12,.0f} words/s")
    print(f"peak RSS: {rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()
