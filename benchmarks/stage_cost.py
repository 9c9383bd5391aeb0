"""Per-stage cost of the NLP chain on real Hindi stories: linear in article length? words/s first pass? (issue 15,
items 3 and 4)

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/stage_cost.py [--sizes 1 10 100 300 1024] [--repeat 3]
        [--stories 200] [--compare REF_OR_WORKTREE ...]

Articles of 1, 10, 100, 300 and 1024 KiB (UTF-8 bytes) are built by concatenating distinct real stories of
``../shared/corpora/hindi-news/outlets-2020/`` (``$SAMACHAR_CORPORA``; read in place, never committed; one
``skipped:`` line when absent), in one fixed order, so each article is a prefix of the next longer one. Every
measurement runs in a fresh process, after ``Pipeline.load()`` and one other real story (data loaded on first use is
not charged to the article); each stage (clean, language, entities, canonical) is timed by the pipeline's stage
observer. ``--repeat`` measurements per size, the fastest counts (the machine may be shared). Prints ms/KiB per
stage per size and its ratio to the 10 KiB article (about 1 when the cost is linear), then first-pass throughput on
``--stories`` distinct stories (batches of 16; fresh process, caches cold, as for a worker's first pass) in words/s
per stage. ``--compare`` runs every measurement with another tree too (a git commit, checked out in a temporary
worktree, or a directory), interleaved, so old and new are compared within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

REPO = Path(__file__).resolve().parent.parent
STAGE_NAMES = ("clean", "language", "entities", "canonical")


def distinct_stories(limit_bytes: int, min_count: int = 0) -> list[str]:
    """Distinct stories (headline + body) of the outlets-2020 day files, in file order, until ``limit_bytes`` and
    ``min_count`` stories."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from corpus_source import corpora_dir, stories

    out: list[str] = []
    seen: set[str] = set()
    total = 0
    for path in sorted((corpora_dir() / "hindi-news" / "outlets-2020").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for start, end, _ in stories(path):
            text = "\n".join(line.strip() for line in lines[start - 1 : end] if line.strip())
            key = " ".join(text.split()[:40])
            if len(text.split()) < 20 or key in seen:
                continue
            seen.add(key)
            out.append(text)
            total += len(text.encode("utf-8")) + 2
            if total >= limit_bytes and len(out) >= min_count:
                return out
    return out


def article(stories: list[str], size_bytes: int) -> str:
    """Stories joined by a blank line, cut at a word boundary to at most ``size_bytes`` UTF-8 bytes."""
    parts: list[str] = []
    total = 0
    for story in stories:
        need = len(story.encode("utf-8")) + (2 if parts else 0)
        if total + need <= size_bytes:
            parts.append(story)
            total += need
            continue
        room = size_bytes - total - (2 if parts else 0)
        words: list[str] = []
        used = 0
        for word in story.split(" "):
            w = len(word.encode("utf-8")) + (1 if words else 0)
            if used + w > room:
                break
            words.append(word)
            used += w
        if words:
            parts.append(" ".join(words))
        break
    return "\n\n".join(parts)


# -- child: one measurement in a fresh process ------------------------------------------------------------------
def child(spec: dict) -> dict:
    sys.path.insert(0, os.getcwd())
    from services.nlp.pipeline import Pipeline, PipelineItem
    from services.records import RawArticle

    seconds: dict[str, float] = defaultdict(float)
    pipeline = Pipeline.from_config(observer=lambda stage, s: seconds.__setitem__(stage, seconds[stage] + s)).load()
    if spec.get("warmup"):
        pipeline.enrich_batch([PipelineItem(RawArticle(text=spec["warmup"]))])
    texts = spec["texts"]
    seconds.clear()
    started = time.perf_counter()
    results = []
    for k in range(0, len(texts), spec["batch"]):
        results += pipeline.enrich_batch([PipelineItem(RawArticle(text=t)) for t in texts[k : k + spec["batch"]]])
    total = time.perf_counter() - started
    failed = [str(r) for r in results if isinstance(r, Exception)]
    entities = sum(len(r.entities) for r in results if not isinstance(r, Exception))
    return {"stages": dict(seconds), "total": total, "failed": failed, "entities": entities}


def run_child(tree: Path, spec: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(spec, fh, ensure_ascii=False)
    try:
        env = dict(os.environ, PYTHONPATH=str(tree))
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", fh.name],
            cwd=tree, env=env, capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(fh.name)
    return json.loads(out.strip().splitlines()[-1])


def resolve_tree(ref: str, cleanup: list[Path]) -> tuple[str, Path]:
    if Path(ref).is_dir():
        return Path(ref).name, Path(ref).resolve()
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", ref], capture_output=True, text=True,
                            check=True).stdout.strip()
    path = Path(tempfile.mkdtemp(prefix=f"stage-cost-{commit}-"))
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(path), commit], check=True,
                   capture_output=True)
    cleanup.append(path)
    return commit, path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 300, 1024], help="KiB")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process measurements per size; the fastest counts")
    parser.add_argument("--stories", type=int, default=200, help="stories of the throughput pass (0: none)")
    parser.add_argument("--compare", nargs="*", default=[], help="git commits or directories to run too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        spec = json.loads(Path(args.child).read_text(encoding="utf-8"))
        print(json.dumps(child(spec)))
        return 0

    try:
        pool = distinct_stories(max(args.sizes) * 1024 + 16384, args.stories + 1)
    except FileNotFoundError as exc:
        print(f"skipped: no Hindi news corpus ({exc})")
        return 0
    if not pool:
        print("skipped: no Hindi news corpus (set SAMACHAR_CORPORA to the shared corpora folder)")
        return 0
    cleanup: list[Path] = []
    try:
        trees = [("tree", REPO)] + [resolve_tree(ref, cleanup) for ref in args.compare]
        articles = {size: article(pool, size * 1024) for size in args.sizes}
        # one real story in none of the articles first, so that data loaded on first use (lexicons, the KB's
        # indexes) is not charged to the article; the throughput pass below runs cold
        warmup = pool[-1]
        best: dict[tuple[str, int], dict] = {}
        for rep in range(args.repeat):
            for size in args.sizes:
                for name, path in trees:
                    res = run_child(path, {"texts": [articles[size]], "batch": 1, "warmup": warmup})
                    if res["failed"]:
                        print(f"{name} {size} KiB FAILED: {res['failed'][0]}")
                    key = (name, size)
                    if key not in best or res["total"] < best[key]["total"]:
                        best[key] = res
                    print(f"  repeat {rep + 1} {name:>8} {size:>5} KiB {res['total']:7.2f} s", file=sys.stderr)
        base = 10 if 10 in args.sizes else args.sizes[0]
        print(f"Per-stage ms/KiB (ratio to {base} KiB), fastest of {args.repeat} fresh processes; "
              f"articles of distinct real stories")
        print(f"{'code':>8} {'KiB':>5} {'words':>7} {'ents':>5} " + " ".join(f"{s:>16}" for s in STAGE_NAMES)
              + f" {'total':>16}")
        for name, _ in trees:
            for size in args.sizes:
                res = best[(name, size)]
                kib = len(articles[size].encode("utf-8")) / 1024
                ref = best[(name, base)]
                ref_kib = len(articles[base].encode("utf-8")) / 1024
                cells = []
                for stage in (*STAGE_NAMES, "total"):
                    v = (res["total"] if stage == "total" else res["stages"].get(stage, 0.0)) * 1000 / kib
                    r = (ref["total"] if stage == "total" else ref["stages"].get(stage, 0.0)) * 1000 / ref_kib
                    cells.append(f"{v:8.2f} ({v / r if r else 0:4.2f}x)")
                print(f"{name:>8} {size:>5} {len(articles[size].split()):>7} {res['entities']:>5} " + " ".join(
                    f"{c:>16}" for c in cells))
        if args.stories:
            texts = pool[: args.stories]
            words = sum(len(t.split()) for t in texts)
            tp: dict[str, dict] = {}
            for rep in range(args.repeat):
                for name, path in trees:
                    res = run_child(path, {"texts": texts, "batch": 16})
                    if name not in tp or res["total"] < tp[name]["total"]:
                        tp[name] = res
            print(f"\nFirst pass over {len(texts)} distinct stories ({words} words, batches of 16), words/s per stage, "
                  f"fastest of {args.repeat} fresh processes")
            print(f"{'code':>8} " + " ".join(f"{s:>10}" for s in STAGE_NAMES) + f" {'chain':>10} {'stories/s':>10}")
            for name, _ in trees:
                res = tp[name]
                print(f"{name:>8} " + " ".join(f"{words / res['stages'][s]:10.0f}" for s in STAGE_NAMES)
                      + f" {words / res['total']:10.0f} {len(texts) / res['total']:10.1f}")
    finally:
        for path in cleanup:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(path)], capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
