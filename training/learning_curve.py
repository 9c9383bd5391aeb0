"""Learning curve of the Hindi NER model: dev F1 against the number of training sentences.

Why: nine config experiments (training/README.md) left dev F1 flat, so the open question for issue 4 is how much
more *labelled data* the same CNN would need. This trains the committed config on the first N % of the (already
seeded-shuffled) train split, without augmentation, scores each on the fixed dev split through the same path as
``samachar eval-ner``, and prints one row per fraction. Needs ``training/prepare.py`` to have run (``train.py``
does it).

    OMP_NUM_THREADS=1 .venv/bin/python training/learning_curve.py --fractions 0.25 0.5 1.0 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

THREAD_ENV = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def subset(train: Path, fraction: float, out: Path) -> int:
    """Write the first ``fraction`` of the train DocBin to ``out``; return the sentence count."""
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(train).get_docs(spacy.blank("hi").vocab))
    keep = docs[: max(1, round(len(docs) * fraction))]
    DocBin(docs=keep).to_disk(out)
    return len(keep)


def run(fraction: float, args: argparse.Namespace) -> dict[str, object]:
    work = args.output / f"frac-{fraction:g}"
    work.mkdir(parents=True, exist_ok=True)
    n = subset(HERE / "corpus" / "train.spacy", fraction, work / "train.spacy")
    started = time.time()
    cmd = [sys.executable, "-m", "spacy", "train", str(args.config), "--output", str(work / "model"), "--code", str(REPO / "services" / "nlp" / "word_frequency.py"),
           "--paths.train", str(work / "train.spacy"), "--paths.dev", str(HERE / "corpus" / "dev.spacy"),
           "--training.max_steps", str(args.max_steps), "--system.seed", str(args.seed)]
    with open(work / "train.log", "w", encoding="utf-8") as log:
        subprocess.run(cmd, check=True, cwd=REPO, env={**os.environ, **THREAD_ENV}, stdout=log, stderr=subprocess.STDOUT)
    minutes = (time.time() - started) / 60
    from services.nlp.entities import EntityRecognizer
    from services.nlp.ner_eval import evaluate_conll

    report = evaluate_conll(HERE / "corpus" / "dev.conll", EntityRecognizer(hi_model_path=work / "model" / "model-best"))
    scores = report.as_dict()
    row = {"fraction": fraction, "sentences": n, "minutes": round(minutes, 1), "dev": scores}
    (work / "scores.json").write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--config", type=Path, default=HERE / "hi_ner.cfg")
    parser.add_argument("--output", type=Path, default=HERE / "output" / "learning_curve")
    parser.add_argument("--max-steps", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="fractions trained at once (one thread each)")
    args = parser.parse_args(argv)
    os.environ.update(THREAD_ENV)
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(lambda f: run(f, args), args.fractions))
    print("| train sentences | fraction | dev F1 | PER | ORG | LOC | train min |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        dev = row["dev"]
        labels = dev["per_label"]
        print(f"| {row['sentences']:,} | {row['fraction']:g} | {dev['overall']['f']:.3f} | {labels['PERSON']['f']:.3f} | "
              f"{labels['ORG']['f']:.3f} | {labels['LOC']['f']:.3f} | {row['minutes']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
