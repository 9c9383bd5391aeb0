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
SOURCES_FILE = HERE / "sources.yaml"
SOURCE_NAMES = {"hiner": "HiNER (collapsed)", "il-ner": "IL-NER (Hindi)", "multiconer": "MultiCoNER II (Hindi)"}
LICENSE_URLS = {"CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/legalcode",
                "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/legalcode"}


def source_entries(sources: list[str]) -> list[dict]:
    """name / citation / url / license of each training source, from training/sources.yaml."""
    import yaml

    specs = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    out = []
    for name in sources:
        spec = specs[name]
        entry = {"name": SOURCE_NAMES.get(name, name), "citation": spec["citation"], "license": spec["license"]}
        if spec.get("url"):
            entry["url"] = spec["url"]
        out.append(entry)
    return out


def attribution(sources: list[str]) -> str:
    parts = [f"{e['name']} ({e['citation']}{'; ' + e['url'] if e.get('url') else ''}), {e['license']}" for e in source_entries(sources)]
    return ("Trained on " + "; ".join(parts) + ". This model is a derivative work of HiNER (CC BY-SA 4.0) and is "
            "licensed CC BY-SA 4.0; the CC BY 4.0 sources are credited here as their licence asks.")


ATTRIBUTION = attribution(["hiner"])


def package(src: Path, dest: Path = TARGET, version: str = "0.1.0", scores: dict | None = None,
            sources: list[str] | None = None) -> Path:
    import sys

    sys.path.insert(0, str(HERE.parent))
    import services.nlp.word_frequency  # noqa: F401 - the frequency-band component, if the config uses it

    sources = sources or ["hiner"]
    text = attribution(sources)
    nlp = spacy.load(src)
    nlp.meta.update(
        {
            "name": "hi_ner",
            "version": version,
            "description": "Hindi news NER (PERSON/LOC/ORG), CNN tok2vec + transition-based NER, for samachar. " + text,
            "author": "samachar",
            "license": "CC BY-SA 4.0",
            "sources": source_entries(sources),
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
    licences = sorted({e["license"] for e in source_entries(sources)} | {"CC BY-SA 4.0"})
    (tmp / "LICENSE").write_text(text + "\n" + "".join(f"{name}: {LICENSE_URLS.get(name, '')}\n" for name in licences), encoding="utf-8")
    (tmp / "README.md").write_text(
        f"# hi_ner {version}\n\nHindi news NER (PERSON / LOC / ORG) for samachar; how it was trained and scored: "
        "`training/README.md` in the samachar repository.\n\n## Training data and attribution\n\n"
        + "".join(f"- **{e['name']}**: {e['citation']}{' (' + e['url'] + ')' if e.get('url') else ''}. License: {e['license']}.\n"
                  for e in source_entries(sources))
        + "\nThe model is a derivative of HiNER and is licensed **CC BY-SA 4.0** (see LICENSE).\n", encoding="utf-8")
    if dest.exists():
        shutil.rmtree(dest)
    tmp.rename(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("src", type=Path)
    parser.add_argument("--dest", type=Path, default=TARGET)
    parser.add_argument("--version", default="0.1.0")
    parser.add_argument("--sources", default="hiner", help="training sources (training/sources.yaml), for the attribution")
    args = parser.parse_args(argv)
    print(package(args.src, args.dest, args.version, sources=args.sources.split(",")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def record_scores(scores: dict, final: bool, dest: Path = TARGET, sources: list[str] | None = None) -> None:
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
    others = [s for s in (sources or []) if s != "hiner"]
    if others:
        meta["training_data"] += ("; plus all of " + ", ".join(SOURCE_NAMES.get(s, s) for s in others)
                                  + " (training/sources.yaml), de-duplicated against the HiNER dev/test splits")
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

