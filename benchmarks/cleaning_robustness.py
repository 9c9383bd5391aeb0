#!/usr/bin/env python
"""Run every real article of the shared corpora through the cleaning stage and count what is left.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/cleaning_robustness.py             # the table
    .venv/bin/python benchmarks/cleaning_robustness.py --examples 5                   # + remaining boilerplate lines
    .venv/bin/python benchmarks/cleaning_robustness.py --sample 3 --corpus bbc        # + 3 cleaned articles to read

Corpora (read from ``../shared/corpora`` or ``$SAMACHAR_CORPORA``; never committed, the articles belong to their
outlets; the script skips with a message when the folder is absent):

- ``bbc``: rows of ``hindi-news/bbc-hindi/articles.csv`` (column ``text``), one article per row;
- ``outlets``: ``hindi-news/outlets-2020/*.txt``, split into stories (a one-line block followed by a blank line
  and more text starts a story: headline, blank line, paragraphs);
- ``marathi``: ``marathi-news/*.txt``, one article per file.

Per corpus it prints: articles, crashes (any error other than "nothing left"), empty outputs, what the cleaner
removed or repaired by kind (``CleanedText.removed``), and output lines that still match boilerplate patterns.
The check patterns below are deliberately independent of ``cleaning_rules.yaml``: they are a second opinion, so
a count is an upper bound (a sentence that *talks about* Twitter is counted too: read the ``--examples``).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from services.nlp.clean import Cleaner  # noqa: E402
from services.nlp.types import StageError  # noqa: E402

PLATFORM = (
    r"(?:फ़ेसबुक|फेसबुक|ट्विटर|इंस्टाग्राम|यूट्यूब|यू-ट्यूब|व्हाट्सएप|व्हाट्सऐप|वॉट्सऐप|टेलीग्राम|एंड्रॉएड|एंड्रॉइड|एंड्रॉयड|ऐप|एप|"
    r"फेसबुकवर|ट्विटरवर|अ‍ॅप|ॲप|facebook|twitter|instagram|youtube|whatsapp|telegram|android|\bapp\b)"
)
CALL = (
    r"(?:फ़ॉलो|फॉलो|सब्सक्राइब|लाइक\s+कर|ज्वाइन|जॉइन|जुड़\s+सकते|जुड़ें|क्लिक|डाउनलोड|पढ़\s+सकते|आ\s+सकते|"
    r"फॉलो\s+करा|डाउनलोड\s+करा|follow|subscribe|download|click|join\s+(?:us|our)|like\s+us)"
)
CHECKS: dict[str, re.Pattern[str]] = {
    "read_more": re.compile(
        r"(?:^|\s|[(|/])(?:(?:ये|यह|इसे|इन्हें)\s+भी\s+(?:पढ़|देख)|पढ़ें\s*[:ःः\-–]|पढ़ें\s+पूरी|(?:हेही|हे\s+पण|हेसुद्धा)\s+वाचा|"
        r"वाचा\s*[:ः\-]|also\s+read|read\s+more|read\s+also)",
        re.IGNORECASE,
    ),
    "twitter": re.compile(r"pic\.twitter\.com|\bt\.co/|\(@\w{1,30}\)\s*\w+\s+\d{1,2},?\s+\d{4}", re.IGNORECASE),
    "handle": re.compile(r"(?<![\w.])@[A-Za-z0-9_]{2,30}\b"),
    "url": re.compile(r"https?://|\bwww\.|\b[a-z0-9-]+\.(?:com|in|org|net|co\.uk)\b(?:/\S*)?", re.IGNORECASE),
}


def corpora_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("SAMACHAR_CORPORA", REPO.parent / "shared" / "corpora"))


def outlet_stories(text: str, cleaner: Cleaner | None = None) -> list[str]:
    """A day file's stories: a one-line block followed by a blank line and more text starts a story.

    A one-line block the cleaner's line rules call boilerplate ("ये भी पढ़ें: ...") stays in the story it is in.
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    stories: list[list[str]] = []
    for i, block in enumerate(blocks):
        starts = len(block) == 1 and i + 1 < len(blocks)
        if starts and cleaner is not None:
            starts = cleaner.rules.line_kind(" ".join(block[0].split())) is None
        if starts or not stories:
            stories.append(list(block))
        else:
            stories[-1].extend([""] + block)
    return ["\n".join(s) + "\n" for s in stories]


def load(root: Path, only: str | None, cleaner: Cleaner) -> dict[str, list[tuple[str, str]]]:
    """corpus name -> [(article id, raw text)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    bbc = root / "hindi-news" / "bbc-hindi" / "articles.csv"
    if bbc.is_file() and only in (None, "bbc"):
        csv.field_size_limit(sys.maxsize)
        with bbc.open(encoding="utf-8", newline="") as fh:
            out["bbc"] = [(f"row {i}", row["text"]) for i, row in enumerate(csv.DictReader(fh))]
    outlets = sorted((root / "hindi-news" / "outlets-2020").glob("*.txt"))
    if outlets and only in (None, "outlets"):
        out["outlets"] = [
            (f"{p.name} #{k}", story)
            for p in outlets
            for k, story in enumerate(outlet_stories(p.read_text(encoding="utf-8", errors="replace"), cleaner))
        ]
    marathi = sorted((root / "marathi-news").glob("*.txt"), key=lambda p: (len(p.stem), p.stem))
    if marathi and only in (None, "marathi"):
        out["marathi"] = [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in marathi]
    return out


PLATFORM_RE = re.compile(PLATFORM, re.IGNORECASE)
CALL_RE = re.compile(CALL, re.IGNORECASE)
KINDS = ("promotion", *CHECKS)


def line_kinds(line: str) -> list[str]:
    """The boilerplate kinds a cleaned line still matches (a promotion line names a platform and a call)."""
    kinds = ["promotion"] if PLATFORM_RE.search(line) and CALL_RE.search(line) else []
    return kinds + [kind for kind, pattern in CHECKS.items() if pattern.search(line)]


def remaining(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for line in text.split("\n"):
        found.update(line_kinds(line))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", help="shared corpora folder (default ../shared/corpora or $SAMACHAR_CORPORA)")
    ap.add_argument("--corpus", choices=["bbc", "outlets", "marathi"], help="only this corpus")
    ap.add_argument("--examples", type=int, default=0, help="print up to N remaining boilerplate lines per kind")
    ap.add_argument("--sample", type=int, default=0, help="print N random cleaned articles per corpus")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    root = corpora_dir(args.corpora)
    if not root.is_dir():
        print(f"skipped: shared corpora not found at {root} (set SAMACHAR_CORPORA or pass --corpora)")
        return 0
    cleaner = Cleaner()
    corpora = load(root, args.corpus, cleaner)
    if not corpora:
        print(f"skipped: no known corpus under {root}")
        return 0
    rng = random.Random(args.seed)
    total_removed: Counter[str] = Counter()
    for name, articles in corpora.items():
        crashes: list[tuple[str, str]] = []
        empty: list[str] = []
        blank_inputs = 0
        removed: Counter[str] = Counter()
        left: Counter[str] = Counter()
        examples: dict[str, list[str]] = {k: [] for k in KINDS}
        outputs: list[tuple[str, str]] = []
        start = time.perf_counter()
        chars = 0
        for art_id, raw in articles:
            chars += len(raw)
            if not raw.strip():
                blank_inputs += 1  # the dataset's own empty rows: nothing to clean
                continue
            try:
                out = cleaner.clean(raw)
            except StageError as exc:
                if exc.error_type in {"EmptyAfterCleaning", "EmptyInput"}:
                    empty.append(art_id)
                else:
                    crashes.append((art_id, f"{exc.error_type}: {exc}"))
                continue
            except Exception as exc:  # noqa: BLE001 - a crash is what we count
                crashes.append((art_id, f"{type(exc).__name__}: {exc}"))
                continue
            removed.update(out.removed)
            found = remaining(out.text)
            left.update(found)
            if args.examples and found:
                for line in out.text.split("\n"):
                    for kind in line_kinds(line):
                        if len(examples[kind]) < args.examples:
                            examples[kind].append(f"[{art_id}] {line[:220]}")
            outputs.append((art_id, out.text))
        secs = time.perf_counter() - start
        total_removed.update(removed)
        print(f"== {name}: {len(articles)} articles, {chars / 1e6:.2f} M chars, {secs:.1f} s")
        print(f"   crashes {len(crashes)}, empty outputs {len(empty)} (+ {blank_inputs} empty inputs skipped)")
        for art_id, msg in crashes[:10]:
            print(f"     crash {art_id}: {msg[:200]}")
        for art_id in empty[:10]:
            print(f"     empty {art_id}")
        print("   removed/repaired by kind: " + (", ".join(f"{k} {v}" for k, v in sorted(removed.items())) or "-"))
        print("   lines still matching boilerplate: " + ", ".join(f"{k} {left.get(k, 0)}" for k in KINDS))
        for kind, lines in examples.items():
            for line in lines:
                print(f"     {kind}: {line}")
        for art_id, text in rng.sample(outputs, min(args.sample, len(outputs))):
            print(f"   --- sample {art_id} ---")
            print("   " + unicodedata.normalize("NFC", text).replace("\n", "\n   "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
