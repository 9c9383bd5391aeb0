"""Words per second of the entity recogniser on one core (seeds, and HiNER sentences if the split exists).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/ner_speed.py [--repeat 3] [--conll training/corpus/test.conll]

Prints numbers only; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from services.nlp.entities import RESOLVER, SCRIPT_PIPELINES, EntityRecognizer  # noqa: E402
from services.nlp.ner_eval import read_conll  # noqa: E402


def rate(label: str, words: int, fn: object, repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    print(f"{label:<44} {words:>8,d} words  {best:7.3f} s  {words / best:10,.0f} words/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--conll", type=Path, default=REPO / "training" / "corpus" / "test.conll")
    args = parser.parse_args(argv)

    recognizer = EntityRecognizer()
    recognizer.extract("रूसी राष्ट्रपति व्लादिमीर पुतिन मॉस्को में हैं। Vladimir Putin.")  # load both models
    print(recognizer.version)

    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    seed_words = sum(len(t.split()) for t in seeds)
    rate("seeds: extract_batch (hi + en + rules)", seed_words, lambda: recognizer.extract_batch(seeds), args.repeat)

    if args.conll.is_file():
        sentences = [[tok for tok, _ in s] for s in read_conll(args.conll)]
        words = sum(len(s) for s in sentences)
        texts = [" ".join(s) for s in sentences]
        rate(f"{args.conll.name}: tag_tokens (eval path)", words, lambda: recognizer.tag_tokens(sentences), args.repeat)
        rate(f"{args.conll.name}: extract_batch", words, lambda: recognizer.extract_batch(texts), args.repeat)
        rules = [*SCRIPT_PIPELINES["Deva"], RESOLVER]  # the entity components after the model
        rate(f"{args.conll.name}: Hindi model only (nlp.pipe)", words, lambda: list(recognizer.hi.pipe(texts, disable=rules)), args.repeat)
    else:
        print(f"({args.conll} not found: run training/prepare.py for the HiNER numbers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
