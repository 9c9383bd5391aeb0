"""Split the HiNER CoNLL file deterministically and convert it to spaCy DocBins.

Why: training and evaluation must use the corpus' own tokens (no re-tokenisation), and the
held-out test split must be reproducible from the shared dataset without committing sentences.
Writes ``training/corpus/{train,dev,test}.spacy`` and ``.conll`` copies (gitignored) and
``training/splits.json`` (sentence indices + hashes; committed).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo
from spacy.vocab import Vocab

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "datasets" / "hiner-collapsed" / "train.conll"
KB_FILE = HERE.parent / "services" / "nlp" / "data" / "kb" / "kb.json.gz"
DEVANAGARI = re.compile(r"^[\u0900-\u097F]+$")
LABEL_MAP = {"PERSON": "PERSON", "LOCATION": "LOC", "ORGANIZATION": "ORG", "PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}

Sentence = list[tuple[str, str]]


def read_conll(path: Path) -> list[Sentence]:
    """Sentences as (token, tag) pairs; first column is the token, last is the tag."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.rstrip("\n").split("\t") if "\t" in line else line.split()
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        current.append((cols[0], cols[-1] if len(cols) > 1 else "O"))
    if current:
        sentences.append(current)
    return sentences


def sentence_hash(sentence: Sentence) -> str:
    return hashlib.sha1(" ".join(t for t, _ in sentence).encode("utf-8")).hexdigest()[:16]


def normalise_tag(tag: str) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    return f"{prefix}-{LABEL_MAP.get(label, label)}"


def entity_phrases(sentence: Sentence) -> list[tuple[tuple[str, ...], str, int]]:
    """(tokens, label, start) of each gold entity in a BIO sentence."""
    out: list[tuple[tuple[str, ...], str, int]] = []
    tags = [normalise_tag(t) for _, t in sentence]
    words = [w for w, _ in sentence]
    i = 0
    while i < len(tags):
        if tags[i].startswith(("B-", "I-")):
            label, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == f"I-{label}":
                j += 1
            out.append((tuple(words[i:j]), label, i))
            i = j
        else:
            i += 1
    return out


def to_doc(vocab: Vocab, sentence: Sentence) -> Doc:
    words = [t for t, _ in sentence]
    doc = Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
    tags = [normalise_tag(t) for _, t in sentence]
    doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(tags))
    return doc


def split_indices(n: int, seed: int, dev_frac: float, test_frac: float) -> dict[str, list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    n_test, n_dev = round(n * test_frac), round(n * dev_frac)
    return {
        "test": sorted(order[:n_test]),
        "dev": sorted(order[n_test : n_test + n_dev]),
        "train": sorted(order[n_test + n_dev :]),
    }


def kb_names(path: Path = KB_FILE, labels: tuple[str, ...] = ("PERSON", "ORG")) -> dict[str, list[tuple[str, ...]]]:
    """Devanagari aliases of the knowledge base's people and organisations as token tuples (label -> names).

    Why: about half the PERSON mentions in held-out sentences are names never seen in training; the KB adds
    hundreds of real Hindi-spelled names for mention replacement. Only all-Devanagari aliases of 2+ letters."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        entries = json.load(fh)["entries"]
    out: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        if entry["label"] not in labels:
            continue
        for alias in entry["aliases"]:
            words = tuple(alias.split())
            if words and all(DEVANAGARI.match(w) for w in words) and len(alias) > 1:
                out.setdefault(entry["label"], []).append(words)
    return {label: sorted(set(names)) for label, names in out.items()}


def _recombined_person(pool: list[tuple[str, ...]], rng: random.Random) -> tuple[str, ...]:
    """A new person name: the given name(s) of one multi-word name + the surname of another."""
    multi = [p for p in pool if len(p) > 1]
    first, last = rng.choice(multi), rng.choice(multi)
    return first[:-1] + last[-1:]


def augment(
    sentences: list[Sentence],
    copies: int,
    seed: int,
    labels: tuple[str, ...] = ("PERSON", "ORGANIZATION"),
    extra_names: dict[str, list[tuple[str, ...]]] | None = None,
    recombine: float = 0.0,
) -> list[Sentence]:
    """Mention replacement: copies of sentences holding a PERSON/ORG, each entity swapped for a random train
    entity of the same label. Teaches the model the context of a name rather than the name (unseen names are
    what the held-out data is full of) and raises the share of the rarer PERSON/ORG labels.

    Every mention of a chosen sentence is replaced (LOC too), as in the first version of this augmentation.
    ``extra_names`` (label -> names, e.g. from :func:`kb_names`) are added to the pool once each;
    ``recombine`` is the chance that a PERSON is replaced by a made-up given name + surname pair."""
    pool: dict[str, list[tuple[str, ...]]] = {}
    for s in sentences:
        for phrase, label, _ in entity_phrases(s):
            pool.setdefault(label, []).append(phrase)
    for label, names in (extra_names or {}).items():
        pool.setdefault(LABEL_MAP.get(label, label), []).extend(names)
    wanted = {LABEL_MAP.get(label, label) for label in labels}
    rng = random.Random(seed)
    out: list[Sentence] = []
    for _ in range(copies):
        for s in sentences:
            ents = entity_phrases(s)
            if not any(label in wanted for _, label, _ in ents):
                continue
            new: Sentence = []
            i = 0
            starts = {start: (phrase, label) for phrase, label, start in ents}
            while i < len(s):
                if i in starts:
                    phrase, label = starts[i]
                    if label == "PERSON" and recombine and rng.random() < recombine:
                        repl = _recombined_person(pool[label], rng)
                    else:
                        repl = rng.choice(pool[label])
                    tag = next(t for _, t in s[i : i + 1]).split("-", 1)[1]
                    new.extend((w, f"{'B' if k == 0 else 'I'}-{tag}") for k, w in enumerate(repl))
                    i += len(phrase)
                else:
                    new.append(s[i])
                    i += 1
            out.append(new)
    return out


def write_conll(path: Path, sentences: list[Sentence]) -> None:
    path.write_text("\n\n".join("\n".join(f"{t}\t{g}" for t, g in s) for s in sentences) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=HERE / "corpus")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--dev", type=float, default=0.1)
    parser.add_argument("--test", type=float, default=0.1)
    parser.add_argument("--augment", type=int, default=0, help="mention-replacement copies added to train")
    parser.add_argument("--merge-dev", action="store_true", help="final model: train_aug.spacy = train + dev (augmented)")
    parser.add_argument("--kb-names", action="store_true", help="add the KB's Devanagari PERSON/ORG names to the replacement pool")
    parser.add_argument("--recombine", type=float, default=0.0, help="chance of a made-up given name + surname per PERSON")
    parser.add_argument("--augment-labels", default="PERSON,ORGANIZATION", help="sentences holding one of these labels are copied")
    args = parser.parse_args(argv)

    sentences = read_conll(args.data)
    splits = split_indices(len(sentences), args.seed, args.dev, args.test)
    args.out.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    for name, idx in splits.items():
        subset = [sentences[i] for i in idx]
        if name == "train" and (args.augment or args.merge_dev):
            base = subset + ([sentences[i] for i in splits["dev"]] if args.merge_dev else [])
            extra = augment(base, args.augment, args.seed, labels=tuple(args.augment_labels.split(",")),
                            extra_names=kb_names() if args.kb_names else None, recombine=args.recombine)
            DocBin(docs=(to_doc(vocab, s) for s in base + extra)).to_disk(args.out / "train_aug.spacy")
            print(f"train_aug: {len(base) + len(extra)} sentences ({len(extra)} by mention replacement"
                  + (", dev merged in)" if args.merge_dev else ")"))
        DocBin(docs=(to_doc(vocab, s) for s in subset)).to_disk(args.out / f"{name}.spacy")
        write_conll(args.out / f"{name}.conll", subset)
        print(f"{name}: {len(subset)} sentences")
    definition = {
        "source": "hiner-collapsed/train.conll (HiNER validation split, first 9,000 sentences; CC BY-SA 4.0)",
        "n_sentences": len(sentences),
        "seed": args.seed,
        "fractions": {"dev": args.dev, "test": args.test},
        "index_base": 0,
        "test_indices": splits["test"],
        "dev_indices": splits["dev"],
        "test_sha1_16": [sentence_hash(sentences[i]) for i in splits["test"]],
    }
    (HERE / "splits.json").write_text(json.dumps(definition, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
