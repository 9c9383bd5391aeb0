#!/usr/bin/env python
"""Worker throughput against the NLP chain alone, on real Hindi stories, in one run (same machine, same minute).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/worker_throughput.py [--count 1000] [--compare REF]

Reads a fixed sample of ``--count`` stories from ``../shared/corpora/hindi-news/outlets-2020/`` (or
``$SAMACHAR_CORPORA``; seeded, so every run reads the same ones; skipped with one line when the corpora are
absent; nothing is written outside a temp dir) and measures, on one embedded broker, topics with 4 partitions:

- ``chain``: ``services.nlp.Pipeline`` alone in a fresh process (caches cold, like a fresh worker), batches of
  ``SAMACHAR_BATCH_SIZE``; run before each group of worker phases and at the end (the machine may be shared:
  each phase's ``× chain`` uses the chain runs just before and after it);
- ``broker``: the broker's raw produce rate (aiokafka, acks=all) and consume rate (one group-less consumer);
- ``1w-ready`` / ``2w-ready``: workers started and ready (one at a time), then the stories produced as a burst;
  the idle CPU of the ready workers is measured for ``--idle-seconds`` before the burst;
- ``1w-backlog`` / ``2w-backlog``: the stories produced first, then the worker(s) started; with two, the second
  is started as soon as the first is ready, i.e. it joins while the first drains (what ``--scale`` does);
- ``1w-latency`` / ``2w-latency`` (``--latency``): stories produced at half the rate measured for that many
  workers (ready first) for ``--latency-seconds``; end-to-end latency p50/p99.

Throughput of a phase = stories / (time of the last output record - start), start being the first produce (ready
first) or the moment the first worker was ready (backlog). Progress is polled from the workers' ``/metrics``
once a second (no consumer spins during a measurement); when the counters reach the sample size the outputs are
read, and the phase ends only when every story is there (the counters also count at-least-once replays after a
rebalance); they are read again at the end to check the accounting (every story enriched or dead-lettered) and for
latencies (``enriched_at - ingested_at``).
CPU per story and peak RSS cover each worker's whole process group (the worker and any NLP process).

``--compare REF`` runs every worker phase twice, interleaved: once with the worker code of git ``REF`` (a
temporary ``git worktree``) and once with the working tree, so a change is judged within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy/spaCy load anywhere; workers inherit it

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus_source import corpora_dir, stories  # noqa: E402
from services.broker import EmbeddedBroker, free_port  # noqa: E402
from services.config import Settings  # noqa: E402
from services.demo import WorkerProcess, settings_env  # noqa: E402
from services.kafka import create_topics, make_producer, read_topic  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the sample --------------------------------------------------------------------------------------------------
def load_sample(count: int, seed: int = 15) -> list[tuple[str, bytes]]:
    """``count`` stories (headline + paragraphs, >= 20 words) of outlets-2020 as (key, JSON value), seeded.

    Raises ``FileNotFoundError`` when the corpus folder is absent.
    """
    root = corpora_dir() / "hindi-news" / "outlets-2020"
    files = sorted(root.glob("*.txt"))
    if not files:
        raise FileNotFoundError(root)
    pool: list[tuple[str, str]] = []
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        for start, end, _ in stories(path):
            text = "\n".join(lines[start - 1 : end])
            if len(text.split()) >= 20:
                pool.append((f"{path.stem}:{start}", text))
    sample = random.Random(seed).sample(pool, min(count, len(pool)))
    return [(f"wt-{k:05d}", json.dumps({"id": f"wt-{k:05d}", "text": text, "source": name.split("-")[0]},
                                       ensure_ascii=False).encode("utf-8"))
            for k, (name, text) in enumerate(sample)]


# --- process accounting from /proc ------------------------------------------------------------------------------
def group_pids(pgid: int) -> list[int]:
    """Live pids whose process group is ``pgid`` (a worker runs in its own session: its pid)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid:
            pids.append(int(entry))
    return pids


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of every live process of group ``pgid`` (and the children they reaped)."""
    total = 0
    for pid in group_pids(pgid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        f = stat[stat.rindex(")") + 2 :].split()
        total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])  # utime stime cutime cstime
    return total / CLK_TCK


def group_peak_rss_mib(pgid: int) -> float:
    """Sum of VmHWM (peak resident set) of the live processes of group ``pgid``, MiB."""
    total = 0
    for pid in group_pids(pgid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


# --- the chain alone ---------------------------------------------------------------------------------------------
def _chain_run(values: list[tuple[str, bytes]], batch: int) -> dict[str, float]:
    """In a fresh process: load the pipeline, enrich ``values`` in batches; articles/s, CPU s, peak RSS."""
    import resource

    from services.config import Settings as S
    from services.nlp.pipeline import Pipeline, PipelineItem
    from services.payload import parse_raw_article

    pipeline = Pipeline.from_config(S().nlp).load()
    limit = S().max_article_bytes
    items = [PipelineItem(parse_raw_article(v, k.encode(), max_bytes=limit)) for k, v in values]
    cpu0, t0 = time.process_time(), time.perf_counter()
    ok = 0
    for i in range(0, len(items), batch):
        ok += sum(1 for r in pipeline.enrich_batch(items[i : i + batch]) if not isinstance(r, Exception))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"rate": len(items) / wall, "cpu_ms": 1000 * cpu / len(items), "ok": ok,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def chain_alone(values: list[tuple[str, bytes]], batch: int) -> dict[str, float]:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_chain_run, values, batch).result()


# --- broker raw rates --------------------------------------------------------------------------------------------
async def broker_rates(settings: Settings, values: list[tuple[str, bytes]], minimum: int = 5000) -> dict[str, float]:
    """Produce the sample (repeated to >= ``minimum`` records) and consume it back; records/s each way."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    await create_topics(settings, [settings.topic_raw])
    reps = max(1, -(-minimum // len(values)))
    records = [(f"{k}-{r}", v) for r in range(reps) for k, v in values]
    producer = make_producer(settings)
    await producer.start()
    t0 = time.perf_counter()
    try:
        futures = [await producer.send(settings.topic_raw, key=k.encode(), value=v) for k, v in records]
        await producer.flush()
        for fut in futures:
            await fut
    finally:
        await producer.stop()
    produce_s = time.perf_counter() - t0
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                                auto_offset_reset="earliest", fetch_max_bytes=52428800)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()  # noqa: SLF001
        tps = [TopicPartition(settings.topic_raw, p) for p in sorted(consumer.partitions_for_topic(settings.topic_raw))]
        consumer.assign(tps)
        await consumer.seek_to_beginning()
        seen = 0
        t0 = time.perf_counter()
        while seen < len(records):
            batch = await consumer.getmany(timeout_ms=2000, max_records=10000)
            if not batch:
                break
            seen += sum(len(v) for v in batch.values())
        consume_s = time.perf_counter() - t0
    finally:
        await consumer.stop()
    mb = sum(len(v) for _, v in records) / 1e6
    return {"produce": len(records) / produce_s, "consume": seen / consume_s, "records": len(records), "mb": mb}


async def produce(settings: Settings, values: list[tuple[str, bytes]], rate: float | None = None) -> None:
    """Send ``values`` to the raw topic (acks=all), as fast as possible or paced at ``rate`` records/s."""
    producer = make_producer(settings)
    await producer.start()
    try:
        futures = []
        t0 = time.monotonic()
        for i, (k, v) in enumerate(values):
            if rate:
                delay = t0 + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            futures.append(await producer.send(settings.topic_raw, key=k.encode(), value=v))
        await producer.flush()
        for fut in futures:
            await fut
    finally:
        await producer.stop()


# --- worker phases -----------------------------------------------------------------------------------------------
class Worker(WorkerProcess):
    """``samachar worker`` run from ``code_dir`` (the working tree, or a worktree of another commit)."""

    def __init__(self, settings: Settings, log_path: Path, code_dir: Path, env: dict[str, str] | None = None) -> None:
        super().__init__(settings, log_path)
        self.code_dir = code_dir
        self.env = env or {}

    def start(self) -> "Worker":
        env = settings_env(self.settings)
        env["PYTHONPATH"] = str(self.code_dir)
        env.update(self.env)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "services.cli", "worker"], cwd=self.code_dir, env=env,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def counts(self) -> tuple[float, float]:
        """(records consumed, records enriched + dead-lettered) from the worker's /metrics; (0, 0) if unreachable."""
        try:
            with urllib.request.urlopen(self.url + "/metrics", timeout=2) as resp:
                body = resp.read().decode()
        except Exception:  # noqa: BLE001 - starting, stopping or busy
            return 0.0, 0.0
        consumed = done = 0.0
        for line in body.splitlines():
            m = re.match(r"samachar_records_(consumed|enriched|dead_lettered)_total(\{[^}]*\})? ([0-9.e+]+)$", line)
            if m:
                if m.group(1) == "consumed":
                    consumed += float(m.group(3))
                else:
                    done += float(m.group(3))
        return consumed, done

    def assigned(self) -> list[str]:
        try:
            with urllib.request.urlopen(self.url + "/readyz", timeout=2) as resp:
                return json.loads(resp.read())["assigned"]
        except Exception as exc:  # noqa: BLE001 - 503 while not ready still has a body
            body = getattr(exc, "read", lambda: b"")()
            try:
                return json.loads(body)["assigned"]
            except Exception:  # noqa: BLE001
                return []


@dataclass
class Phase:
    name: str
    variant: str
    rate: float | None = None
    cpu_ms: float | None = None
    rss: list[float] = field(default_factory=list)
    idle_cpu: list[float] = field(default_factory=list)
    p50: float | None = None
    p99: float | None = None
    enriched: int = 0
    dead: int = 0
    lost: int = 0
    note: str = ""
    chain_index: int = 0  # the chain run before this phase group; the ratio uses it and the one after


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def read_outputs(settings: Settings) -> tuple[dict[str, tuple[float, float]], set[str]]:
    """Enriched ids -> (output record time s, latency s), dead-lettered ids; read once, after a phase."""
    enriched: dict[str, tuple[float, float]] = {}
    async for rec in read_topic(settings, settings.topic_enriched, idle_timeout=1.0):
        doc = json.loads(rec.value)
        from datetime import datetime

        lat = (datetime.fromisoformat(doc["enriched_at"]) - datetime.fromisoformat(doc["ingested_at"])).total_seconds()
        enriched.setdefault(doc["id"], (rec.timestamp / 1000, lat))
    dead: set[str] = set()
    last_dead = 0.0
    async for rec in read_topic(settings, settings.topic_dlq, idle_timeout=0.5):
        doc = json.loads(rec.value)
        dead.add(doc.get("article_id") or "")
        last_dead = max(last_dead, rec.timestamp / 1000)
    if dead:
        enriched.setdefault("__last_dead__", (last_dead, 0.0))
    return enriched, dead


async def worker_phase(broker: EmbeddedBroker, workdir: Path, code_dir: Path, variant: str, workers: int,
                       mode: str, values: list[tuple[str, bytes]], args: argparse.Namespace,
                       rate: float | None = None, env: dict[str, str] | None = None) -> Phase:
    tag = f"wt-{re.sub(r'[^A-Za-z0-9]+', '_', variant)}-{workers}w-{mode.split()[0]}-{int(time.time() * 1000) % 10**8}"
    settings = Settings(bootstrap_servers=broker.bootstrap_servers, topic_raw=f"{tag}.raw",
                        topic_enriched=f"{tag}.enriched", topic_entities=f"{tag}.entities", topic_dlq=f"{tag}.dlq",
                        app_id=tag, partitions=4, data_dir=workdir / tag, web_port=free_port())
    await create_topics(settings)
    procs = [Worker(settings.model_copy(update={"web_port": free_port()}), workdir / f"{tag}-{i}.log", code_dir, env)
             for i in range(workers)]
    phase = Phase(f"{workers} worker{'s' if workers > 1 else ''}, {mode}", variant)
    ids = {k for k, _ in values}
    cpu0: list[float] = []
    try:
        if mode in ("ready first", "latency"):
            for p in procs:
                p.start()
                await asyncio.to_thread(p.wait_ready)
            if mode == "ready first" and args.idle_seconds > 0:
                await asyncio.sleep(2.0)  # let the join settle
                c0 = [group_cpu_seconds(p.proc.pid) for p in procs]
                await asyncio.sleep(args.idle_seconds)
                phase.idle_cpu = [100 * (group_cpu_seconds(p.proc.pid) - c) / args.idle_seconds
                                  for p, c in zip(procs, c0)]
            cpu0 = [group_cpu_seconds(p.proc.pid) for p in procs]
            start = time.time()
            producing = asyncio.create_task(produce(settings, values, rate))
        else:  # backlog first
            await produce(settings, values)
            procs[0].start()
            await asyncio.to_thread(procs[0].wait_ready)
            start = time.time()
            cpu0 = [group_cpu_seconds(procs[0].proc.pid)]
            for p in procs[1:]:  # joins while the first drains
                p.start()
            producing = None
        deadline = time.monotonic() + args.max_seconds
        joined_at: float | None = None
        while time.monotonic() < deadline:
            await asyncio.sleep(1.0)
            counts = [p.counts() for p in procs]
            if workers > 1 and joined_at is None and all(p.assigned() for p in procs):
                joined_at = time.time()
            if sum(d for _, d in counts) >= len(ids):
                # the counters include at-least-once replays (a rebalance hands a partition over mid-batch): done
                # only when every story is in the outputs, read once the counters say enough
                outs_so_far, dead_so_far = await read_outputs(settings)
                if ids <= set(outs_so_far) | dead_so_far:
                    break
            for i, p in enumerate(procs):
                if p.proc is not None and p.proc.poll() is not None:
                    phase.note += f" worker {i} exited {p.proc.returncode};"
        else:
            phase.note += f" timed out after {args.max_seconds:.0f} s ({sum(d for _, d in counts):.0f} done);"
        if mode not in ("ready first", "latency") and len(cpu0) < len(procs):
            cpu0 += [0.0] * (len(procs) - len(cpu0))  # a late joiner's CPU counts from its start (model load too)
        cpu_used = sum(group_cpu_seconds(p.proc.pid) - c for p, c in zip(procs, cpu0) if p.proc)
        phase.rss = [group_peak_rss_mib(p.proc.pid) for p in procs if p.proc]
        if producing is not None:
            await producing
        if workers > 1 and mode == "backlog first":
            phase.note += (f" both assigned {joined_at - start:.0f} s after the second started;" if joined_at
                           else " the second worker never got a partition;")
    finally:
        for p in procs:
            p.stop()
    outs, dead = await read_outputs(settings)
    last = max((t for t, _ in outs.values()), default=start)
    done_ids = (set(outs) | dead) & ids
    phase.enriched = len(set(outs) & ids)
    phase.dead = len(dead & ids)
    phase.lost = len(ids - done_ids)
    if done_ids and last > start:
        phase.rate = len(done_ids) / (last - start)
        phase.cpu_ms = 1000 * cpu_used / len(done_ids)
    lats = [lat for k, (_, lat) in outs.items() if k in ids]
    if lats:
        phase.p50, phase.p99 = percentile(lats, 0.5), percentile(lats, 0.99)
    return phase


# --- the table ---------------------------------------------------------------------------------------------------
def fmt(value: float | None, spec: str = ".1f") -> str:
    return "—" if value is None else format(value, spec)


def print_table(chain: list[dict[str, float]], broker: dict[str, float], phases: list[Phase], count: int) -> None:
    chain_rate = statistics.mean(c["rate"] for c in chain)

    def adjacent_chain(p: Phase) -> float:
        """Mean of the chain runs just before and after ``p``'s phase group (the machine is shared)."""
        return statistics.mean(c["rate"] for c in chain[p.chain_index : p.chain_index + 2])
    ones: dict[str, list[float]] = {}
    for p in phases:
        if p.name == "1 worker, ready first" and p.rate:
            ones.setdefault(p.variant, []).append(p.rate)
    one = {variant: statistics.mean(rates) for variant, rates in ones.items()}  # mean over --repeat runs
    print()
    print(f"{count} real Hindi stories (outlets-2020), 4 partitions, embedded broker, OMP_NUM_THREADS=1, "
          f"{os.cpu_count()} cores")
    print()
    print("| what | code | stories/s | × chain | × 1 worker | CPU ms/story | peak RSS MiB | idle CPU % core | "
          "latency p50 / p99 s | enriched / dead / lost | note |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    runs = " / ".join(f"{c['rate']:.1f}" for c in chain)
    print(f"| NLP chain alone, 1 process | tree | {chain_rate:.1f} ({runs}) | 1.00 | | "
          f"{statistics.mean(c['cpu_ms'] for c in chain):.1f} | {max(c['rss'] for c in chain):.0f} | | | "
          f"{chain[0]['ok']:.0f} ok | each run, one before each phase group and one at the end; × chain uses the "
          f"runs before and after the phase |")
    for p in phases:
        ratio_chain = p.rate / adjacent_chain(p) if p.rate else None
        base = one.get(p.variant)
        ratio_one = p.rate / base if p.rate and base else None
        rss = " + ".join(f"{r:.0f}" for r in p.rss)
        idle = " + ".join(f"{c:.1f}" for c in p.idle_cpu)
        lat = f"{p.p50:.2f} / {p.p99:.2f}" if p.p50 is not None else "—"
        print(f"| {p.name} | {p.variant} | {fmt(p.rate)} | {fmt(ratio_chain, '.2f')} | {fmt(ratio_one, '.2f')} | "
              f"{fmt(p.cpu_ms)} | {rss} | {idle} | {lat} | {p.enriched} / {p.dead} / {p.lost} | {p.note.strip()} |")
    print(f"| broker raw produce (acks=all) | | {broker['produce']:.0f} records/s | | | | | | | | "
          f"{broker['records']:.0f} records, {broker['mb']:.0f} MB |")
    print(f"| broker raw consume (1 consumer) | | {broker['consume']:.0f} records/s | | | | | | | | |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="stories in the sample")
    parser.add_argument("--phases", default="1w-ready,1w-backlog,2w-ready,2w-backlog",
                        help="comma-separated worker phases: 1w-ready, 1w-backlog, 2w-ready, 2w-backlog, "
                             "1w-latency, 2w-latency")
    parser.add_argument("--latency", action="store_true", help="also 1w-latency and 2w-latency")
    parser.add_argument("--latency-seconds", type=float, default=30.0)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--max-seconds", type=float, default=300.0, help="per phase")
    parser.add_argument("--compare", metavar="REF", help="also run every worker phase with the code of git REF")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME:VAR=VALUE,...",
                        help="also run every worker phase with these environment variables (working tree), e.g. "
                             "'no-process:SAMACHAR_NLP_PROCESS=false'; repeatable")
    parser.add_argument("--repeat", type=int, default=1, help="run each phase's variants this many times, interleaved")
    parser.add_argument("--no-chain", action="store_true")
    args = parser.parse_args(argv)

    try:
        values = load_sample(args.count)
    except FileNotFoundError:
        print(f"skipped: no shared corpora at {corpora_dir()} (set SAMACHAR_CORPORA)")
        return 0
    batch = Settings().batch_size
    phases_wanted = args.phases.split(",") + (["1w-latency", "2w-latency"] if args.latency else [])
    workdir = Path(tempfile.mkdtemp(prefix="samachar-wt-"))
    variants: list[tuple[str, Path, dict[str, str]]] = [("tree", REPO, {})]
    if args.compare:
        ref_dir = workdir / "ref"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(ref_dir), args.compare],
                       check=True, capture_output=True)
        # Same NLP code and data for both (others may change services/nlp meanwhile): only the rest differs.
        shutil.rmtree(ref_dir / "services" / "nlp")
        (ref_dir / "services" / "nlp").symlink_to(REPO / "services" / "nlp")
        variants.insert(0, (args.compare, ref_dir, {}))
    for spec in args.variant:
        name, _, assignments = spec.partition(":")
        env = dict(a.split("=", 1) for a in assignments.split(",") if a)
        variants.insert(len(variants) - 1, (name, REPO, env))
    print(f"{len(values)} stories, {sum(len(v) for _, v in values) / 1e6:.1f} MB; phases {phases_wanted}; "
          f"variants {[v for v, _, _ in variants]}", flush=True)
    chain: list[dict[str, float]] = []
    phases: list[Phase] = []
    try:
        if not args.no_chain:
            chain.append(chain_alone(values, batch))
            print(f"chain alone: {chain[-1]['rate']:.1f} stories/s", flush=True)
        with EmbeddedBroker(log_path=workdir / "broker.log") as broker:
            tag = f"wt-broker-{os.getpid()}"
            s = Settings(bootstrap_servers=broker.bootstrap_servers, topic_raw=f"{tag}.raw")
            rates = asyncio.run(broker_rates(s, values))
            print(f"broker: produce {rates['produce']:.0f}/s, consume {rates['consume']:.0f}/s", flush=True)
            measured: dict[tuple[str, int], float] = {}
            for name in phases_wanted:
                if not args.no_chain and name != phases_wanted[0]:  # chain runs between phase groups: paired
                    chain.append(chain_alone(values, batch))
                    print(f"chain alone: {chain[-1]['rate']:.1f} stories/s", flush=True)
                workers, mode = int(name[0]), {"ready": "ready first", "backlog": "backlog first",
                                               "latency": "latency"}[name.split("-")[1]]
                for variant, code_dir, env in [v for _ in range(args.repeat) for v in variants]:
                    rate = None
                    sample = values
                    if mode == "latency":
                        full = measured.get((variant, workers)) or measured.get((variant, 1)) or 10.0
                        rate = full / 2
                        sample = (values * 10)[: max(10, int(rate * args.latency_seconds))]
                        sample = [(f"{k}-{i}", json.dumps({**json.loads(v), "id": f"{k}-{i}"}, ensure_ascii=False).encode())
                                  for i, (k, v) in enumerate(sample)]
                    phase = asyncio.run(worker_phase(broker, workdir, code_dir, variant, workers, mode, sample, args,
                                                     rate, env))
                    if mode == "latency":
                        phase.name += f" at {rate:.1f}/s"
                    if mode == "ready first" and phase.rate:
                        measured[(variant, workers)] = phase.rate
                    phase.chain_index = len(chain) - 1
                    phases.append(phase)
                    print(f"{phase.name} [{variant}]: {fmt(phase.rate)} stories/s {phase.note}", flush=True)
        if not args.no_chain:
            chain.append(chain_alone(values, batch))
            print(f"chain alone: {chain[-1]['rate']:.1f} stories/s", flush=True)
    finally:
        if args.compare:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(workdir / "ref")],
                           capture_output=True)
        print(f"logs in {workdir}", file=sys.stderr)
    if not chain:
        chain = [{"rate": float("nan"), "cpu_ms": float("nan"), "rss": 0.0, "ok": 0}]
    print_table(chain, rates, phases, len(values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
