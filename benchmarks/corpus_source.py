#!/usr/bin/env python
"""Read the article text a real-news gold file points at, from the shared corpora (never committed).

The real-news gold (``tests/data/gold/real/*.yaml``) stores annotations only; the article text stays in
``../shared/corpora/`` (or ``$SAMACHAR_CORPORA``), which belongs to its outlets. A gold file's ``source`` says
where the text is:

```yaml
source: {corpus: hindi-news/outlets-2020/AU-2020-APR-01.txt, lines: [12, 19]}   # 1-based, inclusive
source: {corpus: hindi-news/bbc-hindi/articles.csv, row: 17}                    # 0-based data row, column text
source: {corpus: marathi-news/b11.txt}                                           # the whole file
```

    python benchmarks/corpus_source.py stories hindi-news/outlets-2020/AU-2020-APR-01.txt  # list stories + line ranges
    python benchmarks/corpus_source.py text tests/data/gold/real/au_0401_noida.yaml         # print the article text
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


class CorpusMissing(FileNotFoundError):
    """The shared corpora folder (or the file a gold entry names) is not on this machine."""


def corpora_dir() -> Path:
    """``$SAMACHAR_CORPORA`` or ``../shared/corpora`` beside the checkout."""
    return Path(os.environ.get("SAMACHAR_CORPORA", REPO.parent / "shared" / "corpora"))


def read_source(source: dict, root: Path | None = None) -> str:
    """The article text ``source`` (a gold file's ``source`` mapping) points at.

    Raises ``CorpusMissing`` when the corpus file is absent, ``ValueError`` for a malformed ``source``.
    """
    root = root or corpora_dir()
    path = root / source["corpus"]
    if not path.is_file():
        raise CorpusMissing(f"{path} not found (set SAMACHAR_CORPORA to the shared corpora folder)")
    if path.suffix == ".csv":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return rows[int(source["row"])]["text"]
    lines = path.read_text(encoding="utf-8").splitlines()
    if "lines" in source:
        start, end = (int(x) for x in source["lines"])
        if not 1 <= start <= end <= len(lines):
            raise ValueError(f"lines {start}-{end} outside {path} ({len(lines)} lines)")
        return "\n".join(lines[start - 1 : end]) + "\n"
    return "\n".join(lines) + "\n"


GOLD_REAL_DIR = REPO / "tests" / "data" / "gold" / "real"


def gold_source_ids(gold_dir: Path = GOLD_REAL_DIR) -> set[str]:
    """The corpus texts the real-news gold annotates, as ids: ``"corpus/path"`` for a file (a day file or a Marathi
    article, whole: its other stories are left out too) and ``"corpus/path#row"`` for a CSV row. Build scripts that
    learn from the unlabelled corpora leave these out, so the gold stays unseen."""
    ids = set()
    for path in gold_dir.glob("*.yaml"):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))["source"]
        ids.add(f"{source['corpus']}#{source['row']}" if "row" in source else source["corpus"])
    return ids


def hindi_news_texts(root: Path, exclude: set[str]) -> list[str]:
    """The unlabelled Hindi news under ``root`` (outlets-2020 day files, then BBC Hindi rows) without the texts whose
    ids (``gold_source_ids``) are in ``exclude``. Raises ``FileNotFoundError`` when the corpus files are absent."""
    texts = []
    for path in sorted((root / "hindi-news" / "outlets-2020").glob("*.txt")):
        if f"hindi-news/outlets-2020/{path.name}" not in exclude:
            texts.append(path.read_text(encoding="utf-8"))
    csv.field_size_limit(sys.maxsize)
    with (root / "hindi-news" / "bbc-hindi" / "articles.csv").open(encoding="utf-8", newline="") as fh:
        for k, row in enumerate(csv.DictReader(fh)):
            if f"hindi-news/bbc-hindi/articles.csv#{k}" not in exclude:
                texts.append(row["text"])
    return texts


def stories(path: Path) -> list[tuple[int, int, str]]:
    """Stories of an outlets-2020 day file as (first line, last line, headline), 1-based inclusive.

    A story is a headline line, a blank line, then paragraphs; a block of one line followed by a blank line and
    more text starts a new story. Heuristic (the dumps do not mark story ends): check the ranges by reading them.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        if not lines[k].strip():
            k += 1
            continue
        j = k
        while j + 1 < len(lines) and lines[j + 1].strip():
            j += 1
        blocks.append((k + 1, j + 1))
        k = j + 1
    out: list[tuple[int, int, str]] = []
    for start, end in blocks:
        headline = start == end and len(lines[start - 1]) < 200
        if headline or not out:
            out.append((start, end, lines[start - 1].strip()))
        else:
            s, _, h = out[-1]
            out[-1] = (s, end, h)
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2 or args[0] not in {"stories", "text"}:
        print(__doc__.strip().splitlines()[-2].strip(), file=sys.stderr)
        return 2
    try:
        if args[0] == "stories":
            for start, end, head in stories(corpora_dir() / args[1]):
                print(f"{start:5d}-{end:<5d} {head[:100]}")
        else:
            spec = yaml.safe_load(Path(args[1]).read_text(encoding="utf-8"))
            sys.stdout.write(read_source(spec["source"]))
    except (CorpusMissing, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
