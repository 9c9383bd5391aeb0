"""Split the HiNER CoNLL file deterministically, add other labelled sources, convert to spaCy DocBins.

Why: training and evaluation must use the corpus' own tokens (no re-tokenisation), and the
held-out test split must be reproducible from the shared dataset without committing sentences.
Writes ``training/corpus/{train,dev,test}.spacy`` and ``.conll`` copies (gitignored) and
``training/splits.json`` (sentence indices + hashes; committed).

``--sources hiner,il-ner,multiconer`` adds the other corpora of ``training/sources.yaml`` to the training split
only (label mapping per source in that file): malformed tags repaired or dropped, glued punctuation
re-tokenised, edge punctuation trimmed from spans, sentences de-duplicated across sources and against HiNER's
dev/test; what each source gave is printed and written to ``training/sources.json``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo
from spacy.vocab import Vocab

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parent.parent / "shared" / "datasets"
DEFAULT_DATA = DATASETS / "hiner-collapsed" / "train.conll"
SOURCES_FILE = HERE / "sources.yaml"
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


# --- other sources -------------------------------------------------------------------------------------

TAG_RE = re.compile(r"^([BI])-(.+)$")
NO_PREFIX_RE = re.compile(r"^-([A-Za-z][\w/]*)$")
INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


def load_sources(path: Path = SOURCES_FILE) -> dict[str, dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_source_file(path: Path) -> list[Sentence]:
    """Like :func:`read_conll`, but skips MultiCoNER's ``# id ...`` lines and empty tokens."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# id ") or not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        token = cols[0].strip()
        if token:
            current.append((token, cols[-1].strip() if len(cols) > 1 else "O"))
    if current:
        sentences.append(current)
    return sentences


def repair_tags(tags: list[str], counts: Counter) -> list[str]:
    """BIO tags made well-formed: ``-NEL`` (prefix lost) becomes I-NEL after a NEL token, else B-NEL; a bare ``-``
    or anything unreadable becomes O; an I- that does not continue its label becomes B-. Counted in ``counts``."""
    out: list[str] = []
    prev_label = None
    for tag in tags:
        tag = tag.strip()
        m = TAG_RE.match(tag)
        if tag == "O":
            label, prefix = None, "O"
        elif m:
            prefix, label = m.group(1), m.group(2)
            if prefix == "I" and label != prev_label:
                prefix = "B"
                counts["orphan I- made B-"] += 1
        elif NO_PREFIX_RE.match(tag):
            label = NO_PREFIX_RE.match(tag).group(1)
            prefix = "I" if label == prev_label else "B"
            counts["missing B-/I- prefix repaired"] += 1
        else:
            label, prefix = None, "O"
            counts["malformed tag dropped (-> O)"] += 1
        out.append("O" if label is None else f"{prefix}-{label}")
        prev_label = label
    return out


def map_labels(tags: list[str], mapping: dict[str, str], counts: Counter) -> list[str]:
    """Source classes -> PERSON / LOC / ORG per ``mapping``; unlisted classes become O (counted per class)."""
    out: list[str] = []
    for tag in tags:
        if tag == "O":
            out.append(tag)
            continue
        prefix, label = tag.split("-", 1)
        target = mapping.get(label)
        if target is None:
            if prefix == "B":
                counts[f"unmapped {label} -> O"] += 1
            out.append("O")
        else:
            out.append(f"{prefix}-{target}")
    return out


def is_punct(token: str) -> bool:
    return all(unicodedata.category(ch).startswith("P") or ch in "।॥" for ch in token)


def retokenise(sentence: Sentence, tokenizer, counts: Counter) -> Sentence:
    """Split tokens the way the project's tokenizer would (``है।`` -> ``है`` ``।``); a split token's pieces
    after the first continue its entity (I-) or stay O."""
    out: Sentence = []
    for token, tag in sentence:
        pieces = [t.text for t in tokenizer(token) if t.text.strip()]
        if len(pieces) <= 1:
            out.append((token, tag))
            continue
        counts["tokens split by re-tokenisation"] += 1
        out.append((pieces[0], tag))
        cont = "O" if tag == "O" else "I-" + tag.split("-", 1)[1]
        out.extend((piece, cont) for piece in pieces[1:])
    return out


def trim_punct(sentence: Sentence, counts: Counter) -> Sentence:
    """Leading/trailing punctuation tokens leave entity spans (HiNER spans never hold them: ``भारत )``)."""
    tokens = [t for t, _ in sentence]
    tags = [g for _, g in sentence]
    i = 0
    while i < len(tags):
        if not tags[i].startswith("B-"):
            i += 1
            continue
        label, j = tags[i][2:], i + 1
        while j < len(tags) and tags[j] == f"I-{label}":
            j += 1
        start, end = i, j
        while start < end and is_punct(tokens[start]):
            start += 1
        while end > start and is_punct(tokens[end - 1]):
            end -= 1
        if (start, end) != (i, j):
            counts["spans trimmed of edge punctuation" if start < end else "punctuation-only spans dropped"] += 1
            for k in range(i, j):
                tags[k] = "O" if not start <= k < end else ("B-" if k == start else "I-") + label
        i = j
    return list(zip(tokens, tags))


def dedup_key(sentence: Sentence) -> str:
    """Same sentence whatever the tokenisation, spacing or Unicode form: NFC, no whitespace, casefolded."""
    return INVISIBLE.sub("", unicodedata.normalize("NFC", "".join(t for t, _ in sentence))).casefold()


def convert_source(sentences: list[Sentence], spec: dict, tokenizer, counts: Counter) -> list[Sentence]:
    """One source's sentences with PERSON / LOC / ORG BIO tags (NFC tokens, repaired, mapped, re-tokenised, trimmed)."""
    out: list[Sentence] = []
    for s in sentences:
        tokens = [unicodedata.normalize("NFC", t) for t, _ in s]
        tags = map_labels(repair_tags([g for _, g in s], counts), spec["labels"], counts)
        sent = list(zip(tokens, tags))
        if spec.get("retokenise"):
            sent = retokenise(sent, tokenizer, counts)
        out.append(trim_punct(sent, counts))
    return out


def count_entities(sentences: list[Sentence]) -> dict[str, int]:
    c = Counter(label for s in sentences for _, label, _ in entity_phrases(s))
    return {label: c.get(label, 0) for label in ("PERSON", "ORG", "LOC")}


def merge_sources(
    hiner_train: list[Sentence],
    held_out: list[Sentence],
    extra: dict[str, list[Sentence]],
) -> tuple[dict[str, list[Sentence]], dict[str, Counter]]:
    """De-duplicate: each extra source's sentence is kept only if no held-out HiNER sentence, no HiNER training
    sentence, no earlier source and no earlier sentence of the same source has the same :func:`dedup_key`.
    Sources are taken in the given order. Returns kept sentences and per-source drop counts."""
    held = {dedup_key(s) for s in held_out}
    seen = {dedup_key(s) for s in hiner_train}
    owner: dict[str, str] = {}
    kept: dict[str, list[Sentence]] = {}
    drops: dict[str, Counter] = {}
    for name, sentences in extra.items():
        kept[name], drops[name] = [], Counter()
        for s in sentences:
            key = dedup_key(s)
            if not key:
                drops[name]["empty"] += 1
            elif key in held:
                drops[name]["same as a held-out HiNER dev/test sentence"] += 1
            elif key in seen:
                drops[name]["same as a HiNER training sentence"] += 1
            elif key in owner:
                drops[name]["duplicate within the source" if owner[key] == name else f"duplicate of {owner[key]}"] += 1
            else:
                owner[key] = name
                kept[name].append(s)
    return kept, drops


def read_extra_sources(names: list[str], specs: dict[str, dict], datasets: Path = DATASETS) -> tuple[dict[str, list[Sentence]], dict[str, dict]]:
    """Converted sentences and a report (sentences read, tag repairs) per source."""
    import spacy

    tokenizer = spacy.blank("hi").tokenizer
    out: dict[str, list[Sentence]] = {}
    report: dict[str, dict] = {}
    for name in names:
        spec = specs[name]
        raw: list[Sentence] = []
        base = HERE.parent / spec["root"] if spec.get("root") else datasets  # `root`: files inside the repo (silver)
        for f in spec["files"]:
            path = base / f
            if not path.is_file() and spec.get("missing_hint"):
                raise FileNotFoundError(f"{path} not found: {spec['missing_hint']}")
            raw.extend(read_source_file(path))
        counts: Counter = Counter()
        out[name] = convert_source(raw, spec, tokenizer, counts)
        report[name] = {"files": spec["files"], "license": spec.get("license"), "sentences_read": len(raw),
                        "repairs": dict(sorted(counts.items()))}
    return out, report


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
    parser.add_argument("--sources", default="hiner",
                        help="comma-separated sources of sources.yaml; hiner is always first and gives dev/test")
    parser.add_argument("--sources-file", type=Path, default=SOURCES_FILE)
    parser.add_argument("--entity-sentences-only", action="store_true",
                        help="drop the other sources' sentences without a PERSON/ORG/LOC (HiNER is kept whole)")
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--record", type=Path, default=HERE / "sources.json", help="where the per-source record goes")
    args = parser.parse_args(argv)

    sentences = read_conll(args.data)
    splits = split_indices(len(sentences), args.seed, args.dev, args.test)
    args.out.mkdir(parents=True, exist_ok=True)
    vocab = Vocab()
    extra_names = [n for n in args.sources.split(",") if n and n != "hiner"]
    specs = load_sources(args.sources_file)
    hiner_train = [sentences[i] for i in splits["train"]]
    held_out = [sentences[i] for i in splits["dev"] + splits["test"]]
    converted, record = read_extra_sources(extra_names, specs, args.datasets)
    kept, drops = merge_sources(hiner_train + ([sentences[i] for i in splits["dev"]] if args.merge_dev else []),
                                held_out, converted)
    held_keys = {dedup_key(s) for s in held_out}
    record = {
        "hiner": {"files": specs["hiner"]["files"], "license": specs["hiner"].get("license"),
                  "sentences_read": len(sentences), "train_sentences": len(hiner_train),
                  "dev_merged_into_train": args.merge_dev,
                  "train_sentences_equal_to_a_held_out_one": sum(dedup_key(s) in held_keys for s in hiner_train),
                  "train_entities": count_entities(hiner_train)},
        **record,
    }
    extra_train: list[Sentence] = []
    for name in extra_names:
        if args.entity_sentences_only:
            n = len(kept[name])
            kept[name] = [s for s in kept[name] if entity_phrases(s)]
            drops[name]["no PERSON/ORG/LOC (--entity-sentences-only)"] = n - len(kept[name])
        record[name].update({"sentences_kept": len(kept[name]), "dropped": dict(sorted(drops[name].items())),
                             "entities": count_entities(kept[name]),
                             "sentences_with_no_entity": sum(not entity_phrases(s) for s in kept[name])})
        extra_train.extend(kept[name])
    print(json.dumps(record, ensure_ascii=False, indent=1))
    args.record.write_text(json.dumps({"sources": args.sources.split(","), "per_source": record}, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
    for name, idx in splits.items():
        subset = [sentences[i] for i in idx] + (extra_train if name == "train" else [])
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
