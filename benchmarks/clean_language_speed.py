"""Throughput of the cleaning and language stages on one core, and a calibration check of the language confidence.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/clean_language_speed.py [--articles 500] [--hiner 2000]

Rates are per CPU second of this process (time.process_time), so other jobs on the machine distort them less.
Articles are the seeds and tests/data/scraped pages, cycled. ``--hiner N`` also runs the language stage on the first
N HiNER sentences (../shared/datasets, all Hindi) and prints accuracy per confidence bucket: a calibrated
confidence should have accuracy >= the bucket's lower bound.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.nlp.clean import Cleaner  # noqa: E402
from services.nlp.language import LanguageIdentifier  # noqa: E402
from services.nlp.types import StageError  # noqa: E402


def pin_one_core() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def load_articles() -> list[tuple[str, bool]]:
    items = [(p.read_text(encoding="utf-8"), False) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for p in sorted((ROOT / "tests" / "data" / "scraped").iterdir()):
        items.append((p.read_text(encoding="utf-8"), p.suffix == ".html"))
    return items


def rate(label: str, n: int, words: int, seconds: float) -> None:
    print(f"{label:<22} {n / seconds:10.1f} articles/s {words / seconds:12.0f} words/s   ({n} articles, {seconds:.2f} s CPU)")


def hiner_sentences(limit: int) -> list[str]:
    path = ROOT.parent / "shared" / "datasets" / "hiner-collapsed" / "train.conll"
    if not path.exists():
        print(f"(no {path}; skipping the HiNER check)")
        return []
    sentences, tokens = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(" ".join(tokens))
                tokens = []
            if len(sentences) >= limit:
                break
            continue
        tokens.append(line.split("\t")[0])
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--hiner", type=int, default=0)
    args = parser.parse_args()
    pin_one_core()

    cleaner, lid = Cleaner(), LanguageIdentifier().load()
    pool = load_articles()
    batch = [pool[i % len(pool)] for i in range(args.articles)]
    for text, is_html in pool:  # warm-up (dateparser, trafilatura, model)
        cleaned = cleaner.clean(html=text) if is_html else cleaner.clean(text)
        lid.identify(cleaned.text)

    started = time.process_time()
    cleaned_texts = [(cleaner.clean(html=t) if h else cleaner.clean(t)).text for t, h in batch]
    t_clean = time.process_time() - started
    words = sum(len(t.split()) for t in cleaned_texts)
    raw_words = sum(len(t.split()) for t, _ in batch)

    started = time.process_time()
    infos = lid.identify_batch(cleaned_texts)
    t_lang = time.process_time() - started

    print(f"python {sys.version.split()[0]}, one core, {len(pool)} distinct articles cycled; rates per CPU second")
    rate("clean", len(batch), raw_words, t_clean)
    rate("language", len(batch), words, t_lang)
    rate("clean+language", len(batch), raw_words, t_clean + t_lang)
    print("languages:", {code: sum(1 for i in infos if i.code == code) for code in sorted({i.code for i in infos})})

    if args.hiner:
        sentences = hiner_sentences(args.hiner)
        if sentences:
            buckets: dict[str, list[int]] = {}
            started = time.process_time()
            for s in sentences:
                try:
                    info = lid.identify(s)
                except StageError:
                    continue
                lo = "und" if info.code == "und" else f"{min(int(info.confidence * 10), 9) / 10:.1f}"
                buckets.setdefault(lo, [0, 0])
                buckets[lo][0] += info.code == "hi"
                buckets[lo][1] += 1
            elapsed = time.process_time() - started
            print(f"HiNER Hindi sentences: {len(sentences)} in {elapsed:.2f} s ({len(sentences) / elapsed:.0f}/s)")
            total_hi = sum(v[0] for v in buckets.values())
            print(f"  accuracy (hi) {total_hi / len(sentences):.3f}")
            for lo in sorted(buckets):
                ok, n = buckets[lo]
                print(f"  confidence >= {lo:<4} n={n:5d}  accuracy={ok / n:.3f}")


if __name__ == "__main__":
    main()
