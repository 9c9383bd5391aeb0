"""Copy a trained spaCy pipeline into ``services/nlp/data/hi_ner`` with meta (name, version, license).

Why: the service loads the model from the repo (nothing downloads at run time), so the copy must be
small and carry the HiNER attribution. Only what ``spacy.load`` needs is kept; the vocab's string
table is cut to the strings the pipeline itself uses (labels), since features are hashed at run time.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "services" / "nlp" / "data" / "hi_ner"
ATTRIBUTION = (
    "Trained on HiNER (Murthy, Kanojia et al., 'HiNER: A Large Hindi Named Entity Recognition Dataset', "
    "LREC 2022; https://github.com/cfiltnlp/HiNER), collapsed tag set, CC BY-SA 4.0. "
    "This model is a derivative work and is licensed CC BY-SA 4.0."
)


def package(src: Path, dest: Path = TARGET, version: str = "0.1.0", scores: dict | None = None) -> Path:
    import sys

    sys.path.insert(0, str(HERE.parent))
    import services.nlp.word_frequency  # noqa: F401 - the frequency-band component, if the config uses it

    nlp = spacy.load(src)
    nlp.meta.update(
        {
            "name": "hi_ner",
            "version": version,
            "description": "Hindi news NER (PERSON/LOC/ORG), CNN tok2vec + transition-based NER, for samachar. " + ATTRIBUTION,
            "author": "samachar",
            "license": "CC BY-SA 4.0",
            "sources": [
                {
                    "name": "HiNER (collapsed)",
                    "url": "https://github.com/cfiltnlp/HiNER",
                    "license": "CC BY-SA 4.0",
                    "author": "Rudra Murthy, Pallab Bhattacharjee, Rahul Sharnagat, Jyotsana Khatri, Diptesh Kanojia, Pushpak Bhattacharyya",
                }
            ],
        }
    )
    if scores:
        nlp.meta["performance"] = scores
    keep = {s for s in nlp.get_pipe("ner").labels} | {"O"}
    tmp = dest.with_name(dest.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.to_disk(tmp)
    strings_path = tmp / "vocab" / "strings.json"
    strings = json.loads(strings_path.read_text(encoding="utf-8"))
    strings_path.write_text(json.dumps([s for s in strings if s in keep or not s.strip()], ensure_ascii=False), encoding="utf-8")
    (tmp / "LICENSE").write_text(ATTRIBUTION + "\nLicense text: https://creativecommons.org/licenses/by-sa/4.0/legalcode\n", encoding="utf-8")
    if dest.exists():
        shutil.rmtree(dest)
    tmp.rename(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("src", type=Path)
    parser.add_argument("--dest", type=Path, default=TARGET)
    parser.add_argument("--version", default="0.1.0")
    args = parser.parse_args(argv)
    print(package(args.src, args.dest, args.version))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def record_scores(scores: dict, final: bool, dest: Path = TARGET) -> None:
    """Put the held-out test scores (not spaCy's dev scorer, which saw dev in a final model) into meta.json."""
    meta_path = dest / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    test = scores["test"]
    meta["performance"] = {
        "held_out_test": {"p": test["overall"]["p"], "r": test["overall"]["r"], "f": test["overall"]["f"],
                          "per_label_f": {label: row["f"] for label, row in test["per_label"].items()},
                          "sentences": test["sentences"], "scorer": "samachar eval-ner (model + rules)"},
    }
    meta["training_data"] = ("HiNER train + dev splits (training/splits.json), test split held out" if final
                             else "HiNER train split (training/splits.json), dev for checkpoint selection, test held out")
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

