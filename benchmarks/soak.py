"""Soak: push N generated articles (a share of them bad) through 1 and 2 real workers on the embedded broker.

Run on demand (not in the test suite); loopback only, bounded by ``--count`` and ``--max-seconds``::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/soak.py --count 10000 --workers 1 2 --max-seconds 900

For each worker count: fresh topics, W ``samachar worker`` processes, every record produced up front (a backlog),
then the output topics are read until every input id is accounted for (enriched or dead-lettered) or the time
is up. Prints records in / enriched / dead-lettered / lost / duplicate records, end-to-end throughput, peak RSS per
worker (VmHWM from /proc) and consumer lag at the end; the last line is the same as JSON. Exit code 1 when
anything was lost, double-fated, unexpected, or a bad record was dead-lettered with the wrong error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy/spaCy load anywhere; workers inherit it

from services.broker import EmbeddedBroker, free_port  # noqa: E402
from services.config import Settings  # noqa: E402
from services.demo import WorkerProcess  # noqa: E402
from services.kafka import create_topics  # noqa: E402
from services.testing.accounting import OutputTally, consumer_lag  # noqa: E402
from services.testing.feed import send_records  # noqa: E402
from services.testing.generate import GenRecord, generate  # noqa: E402


def peak_rss_mib(pid: int) -> float | None:
    """VmHWM (peak resident set) of a live process, in MiB (psutil is not a dependency)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


async def run_once(broker: EmbeddedBroker, workdir: Path, workers: int, records: list[GenRecord],
                   args: argparse.Namespace) -> dict[str, object]:
    tag = f"soak-w{workers}-{os.getpid()}-{int(time.time())}"
    settings = Settings(
        bootstrap_servers=broker.bootstrap_servers,
        topic_raw=f"{tag}.raw", topic_enriched=f"{tag}.enriched", topic_entities=f"{tag}.entities",
        topic_dlq=f"{tag}.dlq", app_id=tag, partitions=args.partitions, batch_size=args.batch_size,
        max_article_bytes=args.max_article_bytes, data_dir=workdir / tag, web_port=free_port(), log_level="WARNING",
    )
    await create_topics(settings)
    procs = [WorkerProcess(settings.model_copy(update={"web_port": free_port()}), workdir / f"{tag}-{i}.log")
             for i in range(workers)]
    try:
        for proc in procs:  # one at a time: simultaneous joins trip the embedded broker (empty SyncGroup assignment)
            proc.start()
            await asyncio.to_thread(proc.wait_ready)
        ids = {r.key for r in records}
        restarts: list[int | None] = []
        async with OutputTally(settings) as tally:
            started = time.monotonic()
            await send_records(settings, records)
            produced_s = time.monotonic() - started
            deadline = started + args.max_seconds
            last_report = started
            while time.monotonic() < deadline:
                await tally.drain(idle_timeout=0.5)
                done = len(tally.enriched.keys() & ids) + len(tally.dead.keys() & ids)
                if time.monotonic() - last_report > 30:
                    rate = done / (time.monotonic() - started)
                    print(f"  [{workers} worker(s)] {done}/{len(ids)} out, {rate:.0f}/s", flush=True)
                    last_report = time.monotonic()
                if done >= len(ids):
                    break
                for i, p in enumerate(procs):  # supervise like compose's `restart: unless-stopped`
                    if p.proc is None or p.proc.poll() is not None:
                        code = p.proc.returncode if p.proc is not None else None
                        restarts.append(code)
                        print(f"  worker {i} exited with {code}; restarting (log: {p.log_path})", flush=True)
                        p.start()
            elapsed = time.monotonic() - started
            await tally.drain(idle_timeout=2.0)  # late replays
            acc = tally.accounting(ids)
        await asyncio.sleep(3)  # one commit interval (2 s), so the lag reflects committed offsets
        lag = await consumer_lag(settings)
        rss = [peak_rss_mib(p.proc.pid) if p.proc else None for p in procs]
    finally:
        codes = [p.stop() for p in procs]

    expected_bad = {r.key: r.expected_dlq for r in records if r.bad}
    wrong = [k for k, exp in expected_bad.items()
             if k in acc.dead and (acc.dead[k][0].stage, acc.dead[k][0].error_type) != exp]
    dlq_kinds = Counter(f"{v[0].stage}/{v[0].error_type}" for k, v in acc.dead.items() if k in ids)
    good_dead = sorted(k for k in acc.dead_ids if k in ids and k not in expected_bad)
    return {
        "workers": workers, "records_in": len(ids), "enriched": len(acc.enriched_ids & ids),
        "dead_lettered": len(acc.dead_ids & ids), "expected_bad": len(expected_bad), "good_dead_lettered": len(good_dead),
        "lost": len(acc.lost), "both": len(acc.both), "unexpected": len(acc.unexpected),
        "duplicate_records": acc.duplicate_records, "wrong_dlq_error": len(wrong),
        "produce_seconds": round(produced_s, 1), "seconds": round(elapsed, 1),
        "throughput_per_s": round(len(ids) / elapsed, 1) if elapsed else None,
        "peak_rss_mib": [round(r, 1) if r else None for r in rss], "lag_at_end": sum(lag.values()),
        "lag_by_partition": lag, "exit_codes": codes, "restarts": restarts, "dlq_kinds": dict(dlq_kinds),
        "good_dead_examples": [f"{k}: {acc.dead[k][0].stage}/{acc.dead[k][0].error_type}: {acc.dead[k][0].message[:80]}"
                               for k in good_dead[:3]],
        "timed_out": elapsed >= args.max_seconds,
    }


def print_result(r: dict[str, object]) -> None:
    print(f"\n== {r['workers']} worker(s) ==")
    print(f"records in      {r['records_in']} ({r['expected_bad']} deliberately bad)")
    print(f"enriched        {r['enriched']}")
    print(f"dead-lettered   {r['dead_lettered']} (good articles among them: {r['good_dead_lettered']}; "
          f"bad ones with the wrong error: {r['wrong_dlq_error']})")
    print(f"lost            {r['lost']}   both fates: {r['both']}   unexpected: {r['unexpected']}")
    print(f"duplicate recs  {r['duplicate_records']}")
    print(f"throughput      {r['throughput_per_s']} records/s end to end ({r['seconds']} s; producing took "
          f"{r['produce_seconds']} s){'  TIMED OUT' if r['timed_out'] else ''}")
    print(f"peak RSS (MiB)  {r['peak_rss_mib']}")
    print(f"restarts        {len(r['restarts'])} (exit codes {r['restarts']})")
    print(f"lag at end      {r['lag_at_end']} {r['lag_by_partition']}")
    print(f"dlq kinds       {r['dlq_kinds']}")
    for line in r["good_dead_examples"]:  # type: ignore[union-attr]
        print(f"  good article dead-lettered: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="articles per run (100000 for the full soak)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run, e.g. 1 2")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="per run, from the first record sent")
    parser.add_argument("--bad-share", type=float, default=0.02)
    parser.add_argument("--long-share", type=float, default=0.05, help="share of seed-sized (20-60 sentence) articles")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-article-bytes", type=int, default=64 * 1024,
                        help="SAMACHAR_MAX_ARTICLE_BYTES for the run (small, so oversized bad records stay cheap)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    records = list(generate(args.count, seed=args.seed, min_sentences=1, max_sentences=8, bad_share=args.bad_share,
                            max_article_bytes=args.max_article_bytes, prefix="soak", long_share=args.long_share))
    size = sum(len(r.value or b"") for r in records)
    print(f"{len(records)} records, {size / 1e6:.1f} MB, {sum(1 for r in records if r.bad)} bad; "
          f"workers {args.workers}; max {args.max_seconds:.0f} s per run", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="samachar-soak-"))
    results = []
    failed = True
    try:
        with EmbeddedBroker(log_path=workdir / "broker.log") as broker:
            for workers in args.workers:
                result = asyncio.run(run_once(broker, workdir, workers, records, args))
                print_result(result)
                results.append(result)
        failed = any(r["lost"] or r["both"] or r["unexpected"] or r["wrong_dlq_error"] for r in results)
    finally:
        if failed:
            print(f"logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"count": args.count, "bad_share": args.bad_share, "results": results}, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
