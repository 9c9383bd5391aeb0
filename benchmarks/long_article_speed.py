"""Time per character of the whole NLP pipeline on long articles: is it linear in their length? (issue 11 item 4)

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/long_article_speed.py [--sizes 100000 1000001] [--repeat 1]
        [--lang en|hi] [--layout lines|one-line]

Builds an English and a Hindi article of each size from repeated news paragraphs (one paragraph a line, and one
variant with no line break at all, the worst case for chunking), enriches each once through ``Pipeline`` (clean,
language, entities, canonical) in the same run and prints seconds, microseconds per character per stage and the
ratio of the largest to the smallest size (about 1 when time is linear). Prints numbers only; nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from services.nlp.pipeline import Pipeline, PipelineItem  # noqa: E402
from services.records import RawArticle  # noqa: E402

PARAGRAPHS = {
    "en": (
        "Prime Minister Narendra Modi met US President Joe Biden in Washington on Monday to discuss trade and defence.",
        "The Reserve Bank of India kept its repo rate unchanged, Governor Shaktikanta Das told reporters in Mumbai.",
        "Heavy rain flooded several roads in Delhi and Gurugram, and the India Meteorological Department issued an alert.",
    ),
    "hi": (
        "प्रधानमंत्री नरेंद्र मोदी ने सोमवार को वॉशिंगटन में अमेरिकी राष्ट्रपति जो बाइडन से व्यापार और रक्षा पर बात की।",
        "भारतीय रिजर्व बैंक ने रेपो दर में कोई बदलाव नहीं किया, गवर्नर शक्तिकांत दास ने मुंबई में पत्रकारों को बताया।",
        "दिल्ली और गुरुग्राम में भारी बारिश से कई सड़कों पर जलभराव हो गया और मौसम विभाग ने अलर्ट जारी किया।",
    ),
}


def article(lang: str, size: int, separator: str) -> str:
    """Paragraphs numbered so that no line repeats (the cleaner drops repeated lines), cut to ``size`` characters."""
    parts: list[str] = []
    total = k = 0
    while total < size:
        para = f"{PARAGRAPHS[lang][k % 3]} ({k})"
        parts.append(para)
        total += len(para) + len(separator)
        k += 1
    return separator.join(parts)[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_001])
    parser.add_argument("--repeat", type=int, default=1, help="runs per text; the fastest counts")
    parser.add_argument("--lang", choices=sorted(PARAGRAPHS), action="append", help="only this language (repeatable)")
    parser.add_argument("--layout", choices=["lines", "one-line"], action="append", help="only this layout (repeatable)")
    args = parser.parse_args(argv)

    stage_seconds: dict[str, float] = defaultdict(float)
    pipeline = Pipeline(observer=lambda stage, s: stage_seconds.__setitem__(stage, stage_seconds[stage] + s)).load()
    pipeline.enrich_batch([PipelineItem(RawArticle(text=article(lang, 2000, "\n"))) for lang in PARAGRAPHS])  # warm-up

    print(f"{'text':<22} {'chars':>10} {'mentions':>9} {'seconds':>8} {'us/char':>8}  per stage (us/char)")
    for lang in args.lang or PARAGRAPHS:
        for layout, separator in (("lines", "\n"), ("one-line", " ")):
            if args.layout and layout not in args.layout:
                continue
            per_char: list[float] = []
            for size in args.sizes:
                text = article(lang, size, separator)
                best = float("inf")
                stages: dict[str, float] = {}
                for _ in range(args.repeat):
                    stage_seconds.clear()
                    started = time.perf_counter()
                    [result] = pipeline.enrich_batch([PipelineItem(RawArticle(text=text))])
                    elapsed = time.perf_counter() - started
                    if elapsed < best:
                        best, stages = elapsed, dict(stage_seconds)
                if isinstance(result, Exception):
                    print(f"{lang}/{layout:<19} {len(text):>10,d} FAILED: {result}")
                    continue
                per_char.append(best / len(text) * 1e6)
                detail = "  ".join(f"{s} {v / len(text) * 1e6:.2f}" for s, v in stages.items())
                print(f"{lang + '/' + layout:<22} {len(text):>10,d} {len(result.entities):>9,d} {best:8.2f} "
                      f"{per_char[-1]:8.2f}  {detail}")
            if len(per_char) > 1:
                print(f"{lang + '/' + layout:<22} time per character, largest / smallest size: {per_char[-1] / per_char[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
