"""Train floret word vectors for the Hindi NER model on unlabelled news plus the NER training text (issue 12).

    OMP_NUM_THREADS=1 .venv/bin/python training/build_vectors.py            # -> training/vectors/ (gitignored)
    .venv/bin/python training/train.py --final --sources hiner,il-ner --max-steps 5000 \\
        --config training/hi_ner_vectors.cfg --no-package                   # uses training/vectors/hi_floret

What goes into the training text, one sentence or paragraph a line, tokenised by spaCy's Hindi tokenizer (the
tokenizer the model sees at run time) and joined with single spaces:

- the unlabelled Hindi news of ``../shared/corpora/hindi-news`` (outlets-2020 day files, BBC Hindi rows) and the
  Marathi news of ``../shared/corpora/marathi-news``, **without every text the real-news gold annotates**
  (``benchmarks/corpus_source.gold_source_ids``: a gold day file is left out whole, with its other stories; a BBC
  row or a Marathi article by itself), so that the gold's real-dev and real-heldout articles stay unseen. On top of
  that, any remaining line equal (whitespace-, ZWJ- and case-insensitive) to a line of a gold article is dropped,
  for stories that two outlets printed alike;
- the text of the labelled NER training sentences of the sources given (``--sources``, default
  ``hiner,il-ner``): HiNER's train and dev splits (``training/splits.json``; the test split is never read into
  the vectors) and every sentence of the other sources that ``training/prepare.py`` would train on (sentences equal
  to a HiNER dev/test sentence are dropped there and here);
- any news sentence equal to a HiNER test sentence is dropped too (counted; none expected).

Vectors: floret mode (Boyd, explosion/floret): words and their character 3-5-grams are hashed into one small
table (``--bucket`` rows x ``--dim``, each string into ``--hash-count`` rows), so there is no vocabulary list
and every word, also unseen ones, gets a vector; ``spacy init vectors hi ... --mode floret`` imports the table.
One thread (floret seeds its random generator with the thread number): the same input gives the same vectors.

Outputs (all under ``--out``, gitignored; only the spaCy vectors inside a packaged model are ever committed):
``text.txt`` (the training text: corpus text, never commit), ``hi.floret`` (raw floret table),
``hi_floret/`` (the spaCy pipeline with the vectors, for ``[initialize] vectors``), ``record.json`` (counts).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus_source import corpora_dir, gold_source_ids, read_source  # noqa: E402

from training import prepare  # noqa: E402

INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
# Sentence ends for the HiNER-test check only (the vector text keeps whole lines).
SENTENCE_END = re.compile(r"(?<=[।॥?!.])\s+")


def line_key(text: str) -> str:
    """Whitespace-, zero-width- and case-insensitive NFC key of a line (as ``prepare.dedup_key`` for sentences)."""
    return INVISIBLE.sub("", unicodedata.normalize("NFC", text)).casefold()


def gold_texts(gold_dir: Path = REPO / "tests" / "data" / "gold" / "real", root: Path | None = None) -> list[str]:
    """The article text of every real-news gold file (real-dev and real-heldout alike)."""
    import yaml

    return [read_source(yaml.safe_load(p.read_text(encoding="utf-8"))["source"], root) for p in sorted(gold_dir.glob("*.yaml"))]


def news_documents(root: Path, exclude: set[str]) -> list[tuple[str, str]]:
    """(id, text) of every unlabelled news text whose id is not in ``exclude`` (ids as ``gold_source_ids``)."""
    docs: list[tuple[str, str]] = []
    for path in sorted((root / "hindi-news" / "outlets-2020").glob("*.txt")):
        docs.append((f"hindi-news/outlets-2020/{path.name}", path.read_text(encoding="utf-8")))
    csv.field_size_limit(sys.maxsize)
    with (root / "hindi-news" / "bbc-hindi" / "articles.csv").open(encoding="utf-8", newline="") as fh:
        for k, row in enumerate(csv.DictReader(fh)):
            docs.append((f"hindi-news/bbc-hindi/articles.csv#{k}", row["text"]))
    for path in sorted((root / "marathi-news").glob("*.txt")):
        docs.append((f"marathi-news/{path.name}", path.read_text(encoding="utf-8")))
    return [(i, t) for i, t in docs if i not in exclude]


def labelled_training_text(sources: list[str]) -> tuple[list[str], set[str], dict[str, int]]:
    """Space-joined sentences of the NER training data (HiNER train + dev, the other sources' kept sentences),
    the dedup keys of the HiNER test sentences, and a count per source. Same split and de-duplication as
    ``training/prepare.py`` (seed 13, 80/10/10)."""
    sentences = prepare.read_conll(prepare.DEFAULT_DATA)
    splits = prepare.split_indices(len(sentences), 13, 0.1, 0.1)
    hiner = [sentences[i] for i in splits["train"] + splits["dev"]]
    test = [sentences[i] for i in splits["test"]]
    extra_names = [s for s in sources if s != "hiner"]
    converted, _ = prepare.read_extra_sources(extra_names, prepare.load_sources())
    kept, _ = prepare.merge_sources(hiner, test + [sentences[i] for i in splits["dev"]], converted)
    out = [" ".join(t for t, _ in s) for s in hiner]
    counts = {"hiner (train + dev)": len(hiner)}
    for name in extra_names:
        out.extend(" ".join(t for t, _ in s) for s in kept[name])
        counts[name] = len(kept[name])
    return out, {prepare.dedup_key(s) for s in test}, counts


def build_text(root: Path, sources: list[str], out: Path) -> dict:
    """Write the vector training text to ``out`` (one tokenised line per non-empty line) and return the record."""
    import spacy

    tokenizer = spacy.blank("hi").tokenizer
    excluded_ids = gold_source_ids()
    gold_lines = {line_key(line) for text in gold_texts(root=root) for line in text.splitlines() if len(line_key(line)) >= 20}
    docs = news_documents(root, excluded_ids)
    labelled, test_keys, labelled_counts = labelled_training_text(sources)
    record: dict = {"gold_source_ids_excluded": len(excluded_ids), "news_texts_used": len(docs),
                    "news_lines_equal_to_a_gold_line_dropped": 0, "news_sentences_equal_to_a_hiner_test_sentence_dropped": 0,
                    "news_lines": 0, "labelled_sentences": labelled_counts, "tokens": 0}
    seen: set[str] = set()
    with out.open("w", encoding="utf-8") as fh:
        def write(text: str) -> None:
            words = [t.text for t in tokenizer(text) if not t.is_space]
            if words:
                fh.write(" ".join(words) + "\n")
                record["tokens"] += len(words)

        for _, text in docs:
            for line in unicodedata.normalize("NFC", text).splitlines():
                key = line_key(line)
                if not key:
                    continue
                if key in gold_lines:
                    record["news_lines_equal_to_a_gold_line_dropped"] += 1
                    continue
                if key in seen:  # boilerplate and the same wire story twice
                    continue
                seen.add(key)
                parts = SENTENCE_END.split(line)
                kept = [p for p in parts if line_key(p) not in test_keys]
                record["news_sentences_equal_to_a_hiner_test_sentence_dropped"] += len(parts) - len(kept)
                if kept:
                    write(" ".join(kept))
                    record["news_lines"] += 1
        for sentence in labelled:
            write(unicodedata.normalize("NFC", sentence))
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=None, help="shared corpora folder (default: $SAMACHAR_CORPORA or ../shared/corpora)")
    parser.add_argument("--sources", default="hiner,il-ner", help="labelled sources whose training text joins (sources.yaml)")
    parser.add_argument("--out", type=Path, default=HERE / "vectors")
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--bucket", type=int, default=50000)
    parser.add_argument("--minn", type=int, default=3)
    parser.add_argument("--maxn", type=int, default=5)
    parser.add_argument("--hash-count", type=int, default=2)
    parser.add_argument("--epoch", type=int, default=10)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--model", default="skipgram", choices=["skipgram", "cbow"])
    args = parser.parse_args(argv)

    import floret

    root = args.corpora or corpora_dir()
    args.out.mkdir(parents=True, exist_ok=True)
    text_path, floret_path, spacy_dir = args.out / "text.txt", args.out / "hi.floret", args.out / "hi_floret"
    started = time.time()
    record = build_text(root, args.sources.split(","), text_path)
    print(json.dumps(record, ensure_ascii=False, indent=1), flush=True)
    params = {"model": args.model, "mode": "floret", "dim": args.dim, "bucket": args.bucket, "minn": args.minn, "maxn": args.maxn,
              "hashCount": args.hash_count, "epoch": args.epoch, "minCount": args.min_count, "thread": 1, "verbose": 1}
    model = floret.train_unsupervised(str(text_path), **params)
    model.save_floret_vectors(str(floret_path))
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "hi", str(floret_path), str(spacy_dir), "--mode", "floret"],
                   check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    record.update({"floret": params, "sources": args.sources, "minutes": round((time.time() - started) / 60, 1),
                   "vectors_bytes": sum(p.stat().st_size for p in (spacy_dir / "vocab").glob("vectors*"))})
    (args.out / "record.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
