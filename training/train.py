"""One command that reproduces the committed Hindi NER model.

prepare (split + DocBins) -> ``spacy train`` on one thread -> package into ``services/nlp/data/hi_ner``
-> evaluate dev and held-out test through ``services.nlp.ner_eval`` -> ``training/scores.json``.

    .venv/bin/python training/train.py [--data ../shared/datasets/hiner-collapsed/train.conll]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from training import package as packager  # noqa: E402
from training import prepare  # noqa: E402

# A single thread keeps the run reproducible and fair to the shared machine.
THREAD_ENV = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def train(config: Path, output: Path, max_steps: int, augmented: bool, extra: list[str]) -> Path:
    train_file = HERE / "corpus" / ("train_aug.spacy" if augmented else "train.spacy")
    cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output), "--code", str(REPO / "services" / "nlp" / "word_frequency.py"),
           "--paths.train", str(train_file), "--paths.dev", str(HERE / "corpus" / "dev.spacy"),
           "--training.max_steps", str(max_steps), *extra]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=REPO, env={**os.environ, **THREAD_ENV})
    return output / "model-best"


def evaluate(model: Path) -> dict[str, object]:
    from services.nlp.entities import EntityRecognizer
    from services.nlp.ner_eval import evaluate_conll, format_report

    recognizer = EntityRecognizer(hi_model_path=model)
    scores: dict[str, object] = {}
    for split in ("dev", "test"):
        report = evaluate_conll(HERE / "corpus" / f"{split}.conll", recognizer)
        print(format_report(report), flush=True)
        scores[split] = report.as_dict()
    return scores


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=prepare.DEFAULT_DATA)
    parser.add_argument("--config", type=Path, default=HERE / "hi_ner.cfg")
    parser.add_argument("--output", type=Path, default=HERE / "output")
    parser.add_argument("--max-steps", type=int, default=None, help="default: training.max_steps in the config")
    parser.add_argument("--version", default=None, help="model version (default: the one in scores.json's model)")
    parser.add_argument("--augment", type=int, default=1, help="mention-replacement copies (prepare.py --augment)")
    parser.add_argument("--kb-names", action="store_true", help="KB PERSON/ORG names join the replacement pool (prepare.py)")
    parser.add_argument("--recombine", type=float, default=0.0, help="made-up given name + surname share (prepare.py)")
    parser.add_argument("--sources", default="hiner", help="training sources (prepare.py --sources; sources.yaml)")
    parser.add_argument("--entity-sentences-only", action="store_true", help="prepare.py --entity-sentences-only")
    parser.add_argument("--no-package", action="store_true", help="train and score only, leave the bundled model")
    parser.add_argument("--skip-train", action="store_true", help="package + score OUTPUT's model as it is")
    parser.add_argument("--final", action="store_true",
                        help="train on train + dev for exactly max-steps and ship model-last (dev scores are then not held out)")
    args, extra = parser.parse_known_args(argv)

    os.environ.update(THREAD_ENV)
    prepare.main([str(args.data), "--out", str(HERE / "corpus"), "--augment", str(args.augment),
                  "--recombine", str(args.recombine), "--sources", args.sources] + (["--entity-sentences-only"] if args.entity_sentences_only else [])
                 + (["--merge-dev"] if args.final else []) + (["--kb-names"] if args.kb_names else []))
    started = time.time()
    steps = args.max_steps
    if steps is None:
        from spacy.util import load_config

        steps = int(load_config(args.config)["training"]["max_steps"])
    if args.skip_train:
        best = args.output / ("model-last" if args.final else "model-best")
    else:
        best = train(args.config, args.output, steps, args.augment > 0 or args.final, extra)
        if args.final:
            best = args.output / "model-last"
    minutes = (time.time() - started) / 60
    version = args.version or "0.1.0"
    model = best if args.no_package else packager.package(best, version=version, sources=args.sources.split(","))
    scores = evaluate(model)
    if not args.no_package:
        packager.record_scores(scores, final=args.final, sources=args.sources.split(","))
    if args.final:
        scores["dev"]["note"] = "dev was merged into training for this final model: not a held-out score"
    scores["training"] = {"config": args.config.name, "final_train_plus_dev": args.final, "max_steps": steps, "augment": args.augment,
                          "kb_names": args.kb_names, "recombine": args.recombine, "sources": args.sources, "entity_sentences_only": args.entity_sentences_only,
                          "minutes": None if args.skip_train else round(minutes, 1), "threads": 1,
                          "model": f"hi_ner-{version}", "model_size_bytes": _size(model)}
    (HERE / "scores.json").write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
