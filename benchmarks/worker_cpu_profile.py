#!/usr/bin/env python
"""Where the CPU goes while N workers drain a burst: CPU per process (worker, its NLP process, broker, this
harness, everything else on the machine) and the machine's idle time, sampled from /proc once a second.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/worker_cpu_profile.py --count 600 --workers 2 [--env VAR=VALUE]

Workers are started and ready first, then the stories are produced as one burst (as ``2w-ready`` in
``worker_throughput.py``). Prints, over the busy window (first produce -> last worker done), the share of a core
each process used, CPU ms per story, the per-worker story counts and when each worker finished (the tail), and
for each NLP process and the broker the share of the window spent on a CPU, runnable but waiting for a CPU
(/proc/PID/schedstat: CPU contention) and asleep (waiting for work: the NLP process waits for its worker to send
the previous batch's outputs and hand it the next batch). The window ends at the first poll (1 s) after the last
story is done, so "asleep" includes up to a second of tail. ``--env VAR=VALUE`` sets worker settings (repeatable).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.worker_throughput import Worker, group_pids, load_sample, produce  # noqa: E402
from services.broker import EmbeddedBroker, free_port  # noqa: E402
from services.config import Settings  # noqa: E402
from services.kafka import create_topics  # noqa: E402

CLK = os.sysconf("SC_CLK_TCK")


def pid_cpu(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    f = stat[stat.rindex(")") + 2 :].split()
    return (int(f[11]) + int(f[12])) / CLK


def sched(pids: list[int]) -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for a CPU) of ``pids`` (/proc/PID/schedstat, all threads)."""
    run = wait = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                r, w, _ = (task / "schedstat").read_text().split()
            except (OSError, ValueError):
                continue
            run += int(r)
            wait += int(w)
    return run / 1e9, wait / 1e9


def machine() -> tuple[float, float]:
    """(busy seconds, idle seconds) of all cores since boot."""
    f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = f[3] + f[4]
    return (sum(f[:8]) - idle) / CLK, idle / CLK


async def run(args: argparse.Namespace, broker: EmbeddedBroker, workdir: Path) -> None:
    values = load_sample(args.count)
    env = dict(a.split("=", 1) for a in args.env)
    bpid = broker._proc.pid  # noqa: SLF001
    tag = f"prof-{int(time.time())}"
    settings = Settings(bootstrap_servers=broker.bootstrap_servers, topic_raw=f"{tag}.raw",
                        topic_enriched=f"{tag}.enriched", topic_entities=f"{tag}.entities",
                        topic_dlq=f"{tag}.dlq", app_id=tag, partitions=4, data_dir=workdir / tag)
    await create_topics(settings)
    procs = [Worker(settings.model_copy(update={"web_port": free_port()}), workdir / f"w{i}.log", REPO, env)
             for i in range(args.workers)]
    try:
        for p in procs:
            p.start()
            await asyncio.to_thread(p.wait_ready)
        await asyncio.sleep(3)
        parents = [p.proc.pid for p in procs]
        children = [[c for c in group_pids(pid) if c != pid] for pid in parents]

        def snapshot() -> dict[str, float]:
            s = {"broker": pid_cpu(bpid), "harness": pid_cpu(os.getpid())}
            for i, (pp, cc) in enumerate(zip(parents, children)):
                s[f"w{i} consumer"] = pid_cpu(pp)
                s[f"w{i} nlp"] = sum(pid_cpu(c) for c in cc)
            for i, (pp, cc) in enumerate(zip(parents, children)):
                s[f"w{i} nlp run"], s[f"w{i} nlp runqueue"] = sched(cc)
            s["broker run"], s["broker runqueue"] = sched([bpid])
            busy, idle = machine()
            s["machine busy"], s["machine idle"] = busy, idle
            return s

        s0, t0 = snapshot(), time.monotonic()
        producing = asyncio.create_task(produce(settings, values))
        finished: dict[int, tuple[float, float]] = {}
        last_done = [0.0] * len(procs)
        timeline = []
        while True:
            await asyncio.sleep(1.0)
            now = time.monotonic() - t0
            counts = [p.counts()[1] for p in procs]
            snap = snapshot()
            timeline.append((now, counts, snap))
            for i, c in enumerate(counts):
                if c != last_done[i]:
                    last_done[i] = c
                    finished[i] = (now, c)
            if sum(counts) >= len(values) or now > args.max_seconds:
                break
        await producing
        s1, t1 = snapshot(), time.monotonic()
    finally:
        for p in procs:
            p.stop()
    wall = t1 - t0
    total = sum(last_done)
    print(f"\n{args.workers} worker(s), {len(values)} stories, env {env}: {wall:.1f} s wall, "
          f"{total:.0f} done, {total / wall:.1f} stories/s (window ends at the first poll after the last is done)")
    print("| process | CPU s | share of a core | CPU ms/story |\n|---|---|---|---|")
    others = (s1["machine busy"] - s0["machine busy"])
    for k in s0:
        if k.startswith("machine") or k.endswith(" run") or k.endswith("runqueue"):
            continue
        d = s1[k] - s0[k]
        others -= d
        print(f"| {k} | {d:.1f} | {d / wall:.2f} | {1000 * d / total:.1f} |")
    print(f"| other processes (machine busy - above) | {others:.1f} | {others / wall:.2f} | |")
    idle = s1["machine idle"] - s0["machine idle"]
    print(f"| machine idle | {idle:.1f} | {idle / wall:.2f} | |")
    for name in [k[: -len(" run")] for k in s0 if k.endswith(" run")]:
        run, queue = s1[name + " run"] - s0[name + " run"], s1[name + " runqueue"] - s0[name + " runqueue"]
        print(f"{name}: on a CPU {run / wall:.2f}, runnable but waiting for a CPU {queue / wall:.2f}, "
              f"asleep (waiting for work) {1 - (run + queue) / wall:.2f} of the window")
    for i, (t, c) in sorted(finished.items()):
        print(f"worker {i}: {c:.0f} stories, last one done by {t:.0f} s")
    if args.timeline:
        prev = s0
        for now, counts, snap in timeline:
            parts = " ".join(f"{k.replace(' consumer', 'c').replace(' nlp', 'n')}={snap[k] - prev[k]:.2f}"
                             for k in snap if not k.endswith("runqueue") and not k.endswith(" run"))
            print(f"{now:5.1f} {[int(c) for c in counts]} {parts}")
            prev = snap


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--timeline", action="store_true")
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="samachar-prof-"))
    with EmbeddedBroker(log_path=workdir / "broker.log") as broker:
        asyncio.run(run(args, broker, workdir))


if __name__ == "__main__":
    main()
