"""Silver NER sentences from unlabelled real news, tagged by the shipped pipeline (self-training, issue 12).

    OMP_NUM_THREADS=1 SAMACHAR_CORPORA=/work/shared/corpora .venv/bin/python training/self_train.py      # tag + select
    OMP_NUM_THREADS=1 .venv/bin/python training/self_train.py --select-only     # re-select from the cached tagging
    .venv/bin/python training/train.py --final --sources hiner,il-ner,silver --max-steps N --no-package \\
        --output training/runs/s1                                            # (s1); 'silver' is in sources.yaml

Sources (``../shared/corpora`` or ``$SAMACHAR_CORPORA``; never committed): the outlets-2020 day files
(``hindi-news/outlets-2020/*.txt``, cut into stories by ``corpus_source.stories``), the BBC Hindi rows
(``hindi-news/bbc-hindi/articles.csv``, column ``text``) and the Marathi articles (``marathi-news/*.txt``).
**Every text the real-news gold annotates is left out** (``corpus_source.gold_source_ids``: a gold outlets day
file goes whole, with all its other stories; a BBC row or a Marathi file by itself), and then any sentence equal
(whitespace-, zero-width- and case-insensitive) to a line or sentence of a gold article (stories that two outlets
printed alike). ``training/prepare.py`` further drops silver sentences equal to a HiNER train/dev/test sentence.

Tagging: ``services.nlp.pipeline.Pipeline().enrich_texts(texts)``, the whole shipped pipeline (clean, language,
hi_ner-0.3.0 + rules + KB names, linker); each entity has text / label / start / end (offsets into the cleaned
text) / canonical / kb_id. The tagging is cached in ``--out``/``tagged.jsonl`` (cleaned text + entities: corpus
text, gitignored) so that the selection can be re-run without the pipeline.

Selection (:func:`sentence_spans`, :func:`keep_sentence`, :func:`to_bio`), per article:

- the cleaned text is cut into sentences at line breaks and after ``।`` ``॥`` ``?`` ``!`` or a ``.`` followed by
  whitespace, never inside an entity span;
- **rule "all linked"**: a sentence is kept when it holds at least one PERSON / ORG / LOC entity and *every*
  PERSON / ORG / LOC entity in it has a knowledge-base id (``kb_id``); an entity the linker could not ground in
  the KB is a guess of the model or a rule, so its sentence goes. DATE entities are ignored (become O);
- 4 to 80 tokens (spaCy's Hindi tokenizer, as the model sees text), every entity aligned to whole tokens,
  not a repeat of a sentence already kept (day files repeat stories).
- control, ``--rule any``: every sentence with a PERSON / ORG / LOC entity, linked or not (with
  ``--max-sentences N``, a seeded sample of N, to compare the rules at equal size):

      .venv/bin/python training/self_train.py --select-only --rule any --max-sentences 5671 \\
          --out training/silver/any --record training/silver_any.json      # source 'silver-any'

Output (``--out``, default ``training/silver/``, gitignored): ``silver.conll`` (token TAB BIO tag, PERSON / ORG /
LOC; the tag set of ``sources.yaml``'s ``silver`` source) and ``record.json`` (counts; copied to
``training/silver.json``, committed: counts only, no text): articles per language (the pipeline's language
stage: hi / mr / other), sentences total / kept / dropped per reason, entities per label, per language.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

NAME_LABELS = ("PERSON", "ORG", "LOC")
INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
# A sentence ends at a line break, or after danda / double danda / ? / ! / '.' followed by whitespace.
BOUNDARY = re.compile(r"\n+|(?<=[।॥?!])\s*|(?<=\.)\s+")

Span = tuple[int, int]


def text_key(text: str) -> str:
    """Whitespace-, zero-width- and case-insensitive NFC key (as ``prepare.dedup_key`` for sentences)."""
    return INVISIBLE.sub("", unicodedata.normalize("NFC", text)).casefold()


def gold_excluded(article_id: str, gold_ids: set[str]) -> bool:
    """True when the article is (or lies in) a text the real-news gold annotates.

    ``gold_ids`` as ``corpus_source.gold_source_ids``: ``corpus/path`` (a whole file) or ``corpus/path#row``.
    Article ids here are ``corpus/path`` (Marathi file), ``corpus/path#row`` (BBC row) or ``corpus/path:first-last``
    (an outlets story, 1-based lines): a story is excluded when its day file holds any gold story."""
    if article_id in gold_ids:
        return True
    return article_id.split(":", 1)[0] in gold_ids


def articles(root: Path, gold_ids: set[str]) -> tuple[list[tuple[str, str]], Counter]:
    """(id, raw text) of every unlabelled news article not excluded by :func:`gold_excluded`, and counts."""
    from corpus_source import stories

    out: list[tuple[str, str]] = []
    counts: Counter = Counter()
    for path in sorted((root / "hindi-news" / "outlets-2020").glob("*.txt")):
        corpus = f"hindi-news/outlets-2020/{path.name}"
        lines = path.read_text(encoding="utf-8").splitlines()
        for first, last, _ in stories(path):
            aid = f"{corpus}:{first}-{last}"
            if gold_excluded(aid, gold_ids):
                counts["outlets-2020 stories excluded (day file holds a gold story)"] += 1
                continue
            out.append((aid, "\n".join(lines[first - 1 : last])))
    csv.field_size_limit(sys.maxsize)
    with (root / "hindi-news" / "bbc-hindi" / "articles.csv").open(encoding="utf-8", newline="") as fh:
        for k, row in enumerate(csv.DictReader(fh)):
            aid = f"hindi-news/bbc-hindi/articles.csv#{k}"
            if gold_excluded(aid, gold_ids):
                counts["bbc-hindi rows excluded (gold)"] += 1
                continue
            out.append((aid, row["text"]))
    for path in sorted((root / "marathi-news").glob("*.txt")):
        aid = f"marathi-news/{path.name}"
        if gold_excluded(aid, gold_ids):
            counts["marathi-news files excluded (gold)"] += 1
            continue
        out.append((aid, path.read_text(encoding="utf-8")))
    empty = sum(not t.strip() for _, t in out)
    if empty:
        counts["empty texts skipped"] += empty
    return [(i, t) for i, t in out if t.strip()], counts


def sentence_spans(text: str, entities: Sequence[Span] = ()) -> list[Span]:
    """Character ranges of the sentences of ``text`` (stripped, non-empty). A boundary inside an entity span
    (``डॉ. राम``, an abbreviation's dot) is not used."""
    inside = [False] * (len(text) + 1)
    for start, end in entities:
        for k in range(start + 1, end):
            inside[k] = True
    cuts = [0]
    for m in BOUNDARY.finditer(text):
        if m.end() > m.start() or m.start() > 0:
            if not inside[m.start()] and not inside[m.end()]:
                cuts.append(m.start())
                cuts.append(m.end())
    cuts.append(len(text))
    out: list[Span] = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


RULES = {
    "all-linked": ">= 1 PERSON/ORG/LOC entity and every PERSON/ORG/LOC entity has a kb_id",
    "any": ">= 1 PERSON/ORG/LOC entity, linked or not (control: no confidence filter)",
}


def keep_sentence(entities: Iterable[dict], rule: str = "all-linked") -> tuple[bool, str]:
    """The confidence rule ("all-linked"): keep a sentence when it has a PERSON / ORG / LOC entity and every one
    has a ``kb_id``; rule "any" (the control) needs only the entity. Returns (keep, reason) with reason ``kept``,
    ``no name entity`` or ``unlinked entity``."""
    names = [e for e in entities if e["label"] in NAME_LABELS]
    if not names:
        return False, "no name entity"
    if rule == "all-linked" and not all(e.get("kb_id") for e in names):
        return False, "unlinked entity"
    return True, "kept"


def to_bio(text: str, entities: Sequence[dict], tokenizer) -> list[tuple[str, str]] | None:  # type: ignore[no-untyped-def]
    """``text`` (one sentence) as (token, BIO tag) pairs of PERSON / ORG / LOC, offsets of ``entities`` relative to
    ``text``; None when an entity does not fall on token boundaries or entities overlap."""
    doc = tokenizer(text)
    tags = ["O"] * len(doc)
    for e in sorted(entities, key=lambda e: e["start"]):
        if e["label"] not in NAME_LABELS:
            continue
        span = doc.char_span(e["start"], e["end"], alignment_mode="strict")
        if span is None or any(tags[k] != "O" for k in range(span.start, span.end)):
            return None
        for k in range(span.start, span.end):
            tags[k] = ("B-" if k == span.start else "I-") + e["label"]
    return [(t.text, g) for t, g in zip(doc, tags) if not t.is_space]


def tag_articles(docs: list[tuple[str, str]], cache: Path, batch: int) -> None:
    """Run the shipped pipeline over ``docs`` and write one JSON line per article to ``cache``."""
    from services.nlp.pipeline import Pipeline

    pipe = Pipeline()
    started = time.time()
    with cache.open("w", encoding="utf-8") as fh:
        for k in range(0, len(docs), batch):
            chunk = docs[k : k + batch]
            for (aid, _), art in zip(chunk, pipe.enrich_texts([t for _, t in chunk])):
                if isinstance(art, Exception):
                    fh.write(json.dumps({"id": aid, "error": str(art)[:200]}, ensure_ascii=False) + "\n")
                    continue
                ents = [{"text": e.text, "label": e.label, "start": e.start, "end": e.end, "canonical": e.canonical,
                         "kb_id": e.kb_id} for e in art.entities]
                fh.write(json.dumps({"id": aid, "language": art.language.code, "text": art.text, "entities": ents},
                                    ensure_ascii=False) + "\n")
            print(f"tagged {min(k + batch, len(docs))}/{len(docs)} in {time.time() - started:.0f}s", flush=True)


def gold_keys(root: Path) -> set[str]:
    """Keys of every line and sentence of the real-news gold articles (at least 20 characters)."""
    from build_vectors import gold_texts

    keys: set[str] = set()
    for text in gold_texts(root=root):
        for line in text.splitlines():
            keys.add(text_key(line))
            keys.update(text_key(line[a:b]) for a, b in sentence_spans(line))
    return {k for k in keys if len(k) >= 20}


def select(cache: Path, gold: set[str], min_tokens: int = 4, max_tokens: int = 80, rule: str = "all-linked") -> tuple[list[list[tuple[str, str]]], dict]:
    """Silver sentences from the cached tagging, and the record of counts (per language)."""
    import spacy

    tokenizer = spacy.blank("hi").tokenizer
    out: list[list[tuple[str, str]]] = []
    seen: set[str] = set()
    rec: dict[str, Counter] = {}
    for line in cache.read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        if "error" in art:
            rec.setdefault("errors", Counter())["articles"] += 1
            continue
        lang = art["language"] if art["language"] in ("hi", "mr") else "other"
        c = rec.setdefault(lang, Counter())
        c["articles"] += 1
        text, ents = art["text"], art["entities"]
        for a, b in sentence_spans(text, [(e["start"], e["end"]) for e in ents]):
            c["sentences"] += 1
            inside = [e for e in ents if a <= e["start"] and e["end"] <= b]
            keep, reason = keep_sentence(inside, rule)
            key = text_key(text[a:b])
            if key in gold:
                reason = "equal to a gold line"
            elif keep and key in seen:
                reason = "repeat"
            if reason != "kept":
                c[f"dropped: {reason}"] += 1
                continue
            rel = [{**e, "start": e["start"] - a, "end": e["end"] - a} for e in inside]
            sent = to_bio(text[a:b], rel, tokenizer)
            if sent is None:
                c["dropped: entity off token boundaries"] += 1
                continue
            if not min_tokens <= len(sent) <= max_tokens:
                c["dropped: length"] += 1
                continue
            seen.add(key)
            out.append(sent)
            c["kept"] += 1
            for e in rel:
                if e["label"] in NAME_LABELS:
                    c[f"entities {e['label']}"] += 1
    return out, {lang: dict(sorted(c.items())) for lang, c in rec.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=None, help="default: $SAMACHAR_CORPORA or ../shared/corpora")
    parser.add_argument("--out", type=Path, default=HERE / "silver")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--limit", type=int, default=0, help="tag only the first N articles (timing, tests)")
    parser.add_argument("--max-sentences", type=int, default=0, help="keep a seeded sample of at most N silver sentences")
    parser.add_argument("--select-only", action="store_true", help="reuse the cached tagging (--cache)")
    parser.add_argument("--cache", type=Path, default=HERE / "silver" / "tagged.jsonl", help="tagging cache (corpus text)")
    parser.add_argument("--rule", choices=sorted(RULES), default="all-linked", help="sentence-keeping rule")
    parser.add_argument("--record", type=Path, default=HERE / "silver.json", help="committed copy of the counts")
    args = parser.parse_args(argv)

    from corpus_source import corpora_dir, gold_source_ids

    root = args.corpora or corpora_dir()
    args.out.mkdir(parents=True, exist_ok=True)
    cache = args.cache
    cache.parent.mkdir(parents=True, exist_ok=True)
    gold_ids = gold_source_ids()
    docs, excluded = articles(root, gold_ids)
    started = time.time()
    if not args.select_only:
        tag_articles(docs[: args.limit] if args.limit else docs, cache, args.batch)
    tag_minutes = round((time.time() - started) / 60, 1)
    sentences, per_lang = select(cache, gold_keys(root), rule=args.rule)
    sampled = len(sentences)
    if args.max_sentences and len(sentences) > args.max_sentences:
        sentences = random.Random(13).sample(sentences, args.max_sentences)
    from training.prepare import count_entities, write_conll

    write_conll(args.out / "silver.conll", sentences)
    record = {"rule": f"{args.rule}: {RULES[args.rule]}", "max_sentences": args.max_sentences or None,
              "gold_source_ids": len(gold_ids), "excluded": dict(excluded), "articles_read": len(docs),
              "per_language": per_lang, "sentences_selected": sampled, "sentences_written": len(sentences),
              "entities_written": count_entities(sentences),
              "tokens_written": sum(len(s) for s in sentences), "tag_minutes": None if args.select_only else tag_minutes}
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    (args.out / "record.json").write_text(text, encoding="utf-8")
    args.record.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
