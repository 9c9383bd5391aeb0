#!/usr/bin/env python
"""Build the word lists the entity rules and the linker use to tell names from common words.

Writes into ``services/nlp/data/lexicon/`` (committed; run again when the sources change):

- ``person_name_tokens.tsv``: Devanagari words that occur in people's names (given names and surnames) with how
  many name-list entries use them (an entry of the first-name list counts 2), from ``../shared/datasets/names/``: ``election_candidates_2021.csv``
  (``name_hindi``) and ``cricketers.csv`` (``hindi_name``, ``hindi_long_name``) (MIT, the ``indicate`` project,
  Chintalapati & Sood) and ``indian_first_names.tsv`` (CC BY 3.0, Alok Parlikar, CMU 2011); plus the words of PERSON
  mentions of the labelled Hindi NER corpora (``ner_person_tokens``: HiNER's training split, CC BY-SA 4.0; IL-NER and
  MultiCoNER II, CC BY 4.0), role words and titles excepted.
- ``marathi_doc_freq.tsv``: Marathi words with the share of articles of ``../shared/corpora/marathi-news/`` that
  contain them (wordfreq has no Marathi list). Articles annotated in ``tests/data/gold/real/`` are left out, so the
  gold stays unseen.
- ``given_names.txt``: given names (the first-name list, the first word of candidates' and Indian cricketers' names).
- ``spelled_given_names.txt``: everyday Hindi words that are given names the Devanagari lists spell otherwise
  (``spelled_given_names``): a word of wordfreq's Hindi list (Zipf >= ``SPELLED_GIVEN_MIN_ZIPF``) whose spelling by
  the shipped romaniser is a given name of the lists in English (अमन: Aman; the first-name list writes अमान), Zipf
  up to ``SPELLED_GIVEN_MAX_ZIPF`` and three or more characters (not कर "Kar", जो "Jo"). Not
  role words (``NameLexicon.is_role_word``): "अमन शर्मा" is Aman Sharma, not Sharma.
- ``language_names.txt``: names of languages in Hindi, Marathi and Nepali from Unicode CLDR (via Babel): डोगरी,
  सिंधी, बोडो are languages, not places.
- ``surnames.txt``: the last word of three or more listed names that is never a given name (चौधरी, यादव).
- ``middle_names.txt``: words inside people's names, between a given name and a surname (कुमार, प्रसाद, चंद्र), from
  the lists and the PERSON mentions of the labelled NER corpora (``middle_names``).
- ``role_words.tsv``: words that stand before people's names in real Hindi news (``../shared/corpora/hindi-news``:
  "लेखपाल मनोज तिवारी", "एसडीएम रमेश कुमार", "दरोगा"), learned, not listed: a word that is not itself a name word,
  seen at least ``ROLE_MIN_COUNT`` times, and followed by a name word at least ``ROLE_MIN_SHARE`` of the time; not a
  word of any listed name (the romaniser's dictionary too) and not a word that itself mostly follows a role or title
  (``NAME_AFTER_ROLE_SHARE``: नैंसी, बोरिस are given names).
  Day files and BBC rows that hold real-news gold articles are left out.
- ``name_word_usage.tsv``: words of people's names that are also everyday Hindi words (wordfreq Zipf >=
  ``USAGE_MIN_ZIPF``: गंभीर "serious", लक्षण "symptom", राय "opinion", शाह), with their occurrences in the same real
  Hindi news and the share of them next to a given name, a rare name word or a title (गंभीर 0.08, शाह 0.67): how
  often the news uses the word inside a person's name. Seen at least ``USAGE_MIN_COUNT`` times; gold articles left out.
- ``common_noun_usage.tsv``: words of the same real Hindi news with their occurrences and the share of them in the
  contexts of a common noun (``common_noun_usage``): right after a determiner or quantifier ("इस", "सभी", "हर") or
  right before a light verb ("क्वारंटाइन किया", "ट्रायल किया"), both lists ``common_noun_cues`` in ``linking.yaml``.
  A name seldom stands there (दिल्ली 0.00, सफदरजंग 0.04), a word of the news' own vocabulary that wordfreq hardly
  knows often does (क्वारंटाइन 0.37, ट्रायल 0.15). Seen at least ``COMMON_USAGE_MIN_COUNT`` times; gold articles
  left out.

    python scripts/build_lexicon_data.py [--datasets ../shared/datasets] [--corpora ../shared/corpora]

Exits 1 with one line when a source folder is missing.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus_source import gold_source_ids, hindi_news_texts  # noqa: E402
from services.nlp.linking.keys import TITLE_KEYS, name_key  # noqa: E402
from services.nlp.linking.roman import devanagari_acronym  # noqa: E402
from services.nlp.scripts import DEVANAGARI_WORD_RE  # noqa: E402

OUT = REPO / "services" / "nlp" / "data" / "lexicon"
_DEVANAGARI_WORD = DEVANAGARI_WORD_RE


def _words(text: str) -> list[str]:
    return _DEVANAGARI_WORD.findall(unicodedata.normalize("NFC", text or ""))


def given_names(names_dir: Path) -> set[str]:
    """Devanagari given names: the first-name list and the first word of election candidates' and Indian cricketers'
    names."""
    given: set[str] = set()
    with (names_dir / "indian_first_names.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            given.update(_words(row["hindi"])[:1])
    with (names_dir / "election_candidates_2021.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = [w for w in _words(row["name_hindi"]) if len(w) > 2]  # skip initials (के, एम)
            given.update(words[:1])
    with (names_dir / "cricketers.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):  # Indian cricketers' first names (ऋषभ of ऋषभ पंत); "6" is India
            words = _words(row["hindi_long_name"])
            if (row.get("country_id") or "").strip() == "6" and len(words) >= 2 and len(words[0]) > 2:
                given.add(words[0])
    return given


SPELLED_GIVEN_MIN_ZIPF = 3.0  # the common_zipf of linking.yaml: below it a word is no role word anyway
SPELLED_GIVEN_MAX_ZIPF = 5.0  # above: function words and verb forms that happen to spell a name (कर Kar, जो Jo, रही)


def latin_given_names(names_dir: Path) -> set[str]:
    """Given names as the lists spell them in English, lower case: the first-name list's ``english`` column and the
    first word of candidates' (``name_english``) and Indian cricketers' (``english_name``) names, initials skipped."""
    latin: set[str] = set()
    with (names_dir / "indian_first_names.tsv").open(encoding="utf-8", newline="") as fh:
        latin.update(row["english"].strip().lower() for row in csv.DictReader(fh, delimiter="\t") if row.get("english"))
    with (names_dir / "election_candidates_2021.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = [w for w in re.findall(r"[A-Za-z]+", row["name_english"]) if len(w) > 2]
            latin.update(w.lower() for w in words[:1])
    with (names_dir / "cricketers.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = [w for w in re.findall(r"[A-Za-z]+", row["english_name"]) if len(w) > 2]
            if (row.get("country_id") or "").strip() == "6":
                latin.update(w.lower() for w in words[:1])
    return latin


def spelled_given_names(latin: set[str], given: set[str]) -> set[str]:
    """Everyday Hindi words of three or more characters (wordfreq Zipf from ``SPELLED_GIVEN_MIN_ZIPF`` to
    ``SPELLED_GIVEN_MAX_ZIPF``) that are also given names the Devanagari
    lists miss because they spell them otherwise: words whose Indian-English spelling (the shipped romaniser) is a
    listed given name (``latin``). अमन is Aman (the first-name list writes अमान), अजीत Ajit, खालिद Khalid. Everyday
    words that spell a name too (कारण Karan, समाज Samaj) are in it: callers use it only where the choice is between
    a name and a role word before a name."""
    from wordfreq import iter_wordlist, zipf_frequency

    from services.nlp.name_romaniser import default as romaniser

    spell = romaniser().romanise_token
    out: set[str] = set()
    for word in iter_wordlist("hi"):
        zipf = zipf_frequency(word, "hi")
        if zipf < SPELLED_GIVEN_MIN_ZIPF:
            break
        if zipf > SPELLED_GIVEN_MAX_ZIPF or len(word) < 3 or word in given:
            continue
        if _DEVANAGARI_WORD.fullmatch(word) and spell(word).lower() in latin:
            out.add(word)
    return out


SURNAME_LAST_PER_FIRST = 3  # a surname ends listed names at least this many times as often as it starts one


def surnames(names_dir: Path, given: set[str], min_count: int = 3) -> set[str]:
    """Devanagari surnames: the last word of at least ``min_count`` candidates' and cricketers' names that ends names
    ``SURNAME_LAST_PER_FIRST`` times as often as it starts one, a given name of the lists (``given``: the first-name
    list, first words) counting as ``min_count`` starts: चौधरी (13 ends, 1 start), यादव; not समीक्षा or संभव, which
    are given names too. (Before: never a given name at all, which one "चौधरी X" in the lists kept चौधरी out.)"""
    counts: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    with (names_dir / "election_candidates_2021.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = _words(row["name_hindi"])
            if len(words) >= 2:
                counts[words[-1]] += 1
                starts[words[0]] += 1
    with (names_dir / "cricketers.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = _words(row["hindi_long_name"])
            if len(words) >= 2:
                counts[words[-1]] += 1
                starts[words[0]] += 1
    return {
        w for w, n in counts.items()
        if n >= min_count and len(w) > 1
        and n >= SURNAME_LAST_PER_FIRST * max(starts[w], min_count if w in given else 0)
    }


MIDDLE_MIN_COUNT = 5
MIDDLE_MIN_SHARE = 0.5


def middle_names(names_dir: Path, datasets: Path, name_words: Counter[str]) -> set[str]:
    """Words that stand inside people's names, between a given name and a surname (कुमार of "प्रेम कुमार धूमल",
    प्रसाद, चंद्र): the middle word of at least ``MIDDLE_MIN_COUNT`` three-or-more-word names of the candidates' and
    cricketers' lists and the PERSON mentions of the labelled NER corpora, in at least ``MIDDLE_MIN_SHARE`` of the
    names they occur in, and a word of two or more listed names (``name_words``: not और, ऑफ़, अमेरिका of "बैंक ऑफ़
    अमेरिका" mislabelled PERSON)."""
    names: list[list[str]] = []
    with (names_dir / "election_candidates_2021.csv").open(encoding="utf-8", newline="") as fh:
        names += [_words(row["name_hindi"]) for row in csv.DictReader(fh)]
    with (names_dir / "cricketers.csv").open(encoding="utf-8", newline="") as fh:
        names += [_words(row["hindi_long_name"]) for row in csv.DictReader(fh)]
    names += ner_person_names(datasets)
    middle: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for words in names:
        words = [w for w in words if len(w) > 1]
        anywhere.update(set(words))
        if len(words) >= 3:
            middle.update(set(words[1:-1]))
    return {
        w for w, n in middle.items()
        if n >= MIDDLE_MIN_COUNT and n >= MIDDLE_MIN_SHARE * anywhere[w] and name_words.get(w, 0) >= 2
        and _DEVANAGARI_WORD.fullmatch(w) and len(w) >= 3 and name_key(w) not in TITLE_KEYS and w not in NOT_MIDDLE
    }


# Kinship words of addresses ("रमेश पिता सुरेश", "सरबजीत पुत्र जगराम"): two people, not one name.
NOT_MIDDLE = frozenset({"पिता", "पुत्र", "पुत्री", "पत्नी", "पति"})


def person_tokens(names_dir: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    with (names_dir / "election_candidates_2021.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            counts.update(set(_words(row["name_hindi"])))
    with (names_dir / "cricketers.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            counts.update(set(_words(row["hindi_name"])) | set(_words(row["hindi_long_name"])))
    with (names_dir / "indian_first_names.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for word in set(_words(row["hindi"])):
                counts[word] += 2  # a curated list of given names: one entry is evidence enough
    # Single letters and spelled-out initials (एम, के) say nothing about a name.
    return Counter({w: n for w, n in counts.items() if len(w) > 1})


def ner_person_tokens(datasets: Path) -> Counter[str]:
    """Words of PERSON mentions in the labelled Hindi NER corpora, each mention counted once: HiNER's training split
    (``training/corpus/train.conll``; its dev and test sentences stay unseen) and IL-NER and MultiCoNER II with the
    label mapping of ``training/sources.yaml``. Titles are left to the caller; single letters are dropped."""
    counts: Counter[str] = Counter()
    for words in ner_person_names(datasets):
        counts.update({w for w in words if len(w) > 1 and _words(w) == [w]})
    return counts


def ner_person_names(datasets: Path) -> list[list[str]]:
    """The words of every PERSON mention of the labelled NER corpora (as ``ner_person_tokens`` reads them)."""
    from training.prepare import entity_phrases, load_sources, map_labels, read_conll, read_source_file

    sentences = read_conll(REPO / "training" / "corpus" / "train.conll")
    for name, spec in load_sources().items():
        if name == "hiner" or "root" in spec:
            continue  # HiNER's training split is read above; sources with a root are silver (machine-made) labels
        for rel in spec["files"]:
            for sent in read_source_file(datasets / rel):
                tags = map_labels([t for _, t in sent], spec["labels"], Counter())
                sentences.append(list(zip([w for w, _ in sent], tags)))
    return [list(words) for sent in sentences for words, label, _ in entity_phrases(sent) if label == "PERSON"]


ROLE_MIN_COUNT = 3
ROLE_MIN_SHARE = 0.25
# A word that itself follows a role or a title this often is a given name ("स्पीकर नैंसी पेलोसी", "प्रधानमंत्री
# बोरिस जॉनसन", "डॉ. तूलिका ..."), not a role, however often a surname follows it.
NAME_AFTER_ROLE_SHARE = 0.5
NAME_MAX_ZIPF = 4.5


def role_words(texts: list[str], names: set[str]) -> dict[str, tuple[int, float]]:
    """Words followed by a person-name word at least ``ROLE_MIN_SHARE`` of their ``ROLE_MIN_COUNT``+ occurrences; a
    title between them is looked past ("सीएमओ डॉ. अशोक कुमार": the chief medical officer is a role). A word that
    follows a role word (of this first pass) or a title in ``NAME_AFTER_ROLE_SHARE`` of its occurrences is a given
    name and left out."""
    seen: Counter[str] = Counter()
    before_name: Counter[str] = Counter()
    after_role: Counter[str] = Counter()
    previous: dict[str, Counter[str]] = {}
    for text in texts:
        for line in text.splitlines():
            words = line.split()
            for k, a in enumerate(words[:-1]):
                if _DEVANAGARI_WORD.fullmatch(a) and a not in names:
                    seen[a] += 1
                    if k:
                        previous.setdefault(a, Counter())[words[k - 1]] += 1
                    j = k + 1
                    while j < len(words) - 1 and name_key(words[j].rstrip(".")) in TITLE_KEYS:
                        j += 1
                    if words[j] in names:
                        before_name[a] += 1
    roles = {
        w: (n, before_name[w] / n)
        for w, n in seen.items()
        if n >= ROLE_MIN_COUNT and before_name[w] / n >= ROLE_MIN_SHARE
    }
    for w in roles:
        after_role[w] = sum(c for p, c in previous.get(w, Counter()).items() if p in roles or name_key(p.rstrip(".")) in TITLE_KEYS)
    return {w: v for w, v in roles.items() if after_role[w] / v[0] < NAME_AFTER_ROLE_SHARE}


USAGE_MIN_ZIPF = 4.0
USAGE_MIN_COUNT = 20
USAGE_NAME_MIN_COUNT = 10
USAGE_NAME_MAX_ZIPF = 5.0


def name_word_usage(texts: list[str], candidates: set[str], namely: Callable[[str], bool]) -> dict[str, tuple[int, float]]:
    """For each of ``candidates`` seen ``USAGE_MIN_COUNT``+ times in ``texts`` (whitespace tokens, per line): its
    occurrences and the share of them next to a word for which ``namely`` holds (a given name, a rare name word or a
    title before it; a rare name word after it): the share of its uses inside a person's name."""
    seen: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for text in texts:
        for line in text.splitlines():
            words = line.split()
            for k, w in enumerate(words):
                if w in candidates:
                    seen[w] += 1
                    after[w] += (k > 0 and namely(words[k - 1])) or (k + 1 < len(words) and namely(words[k + 1]))
    return {w: (n, after[w] / n) for w, n in seen.items() if n >= USAGE_MIN_COUNT}


COMMON_USAGE_MIN_COUNT = 10
_EDGE_PUNCTUATION = "।॥,.;:!?\"'()‘’“”"


def common_noun_usage(texts: list[str], before: set[str], after: set[str]) -> dict[str, tuple[int, float]]:
    """For each Devanagari word seen ``COMMON_USAGE_MIN_COUNT``+ times in ``texts`` (whitespace tokens per line, edge
    punctuation stripped): its occurrences and the share of them right after a word of ``before`` (determiners,
    quantifiers) or right before a word of ``after`` (light verbs): how often the news uses it as a common noun."""
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    for text in texts:
        for line in text.splitlines():
            words = [w.strip(_EDGE_PUNCTUATION) for w in line.split()]
            for k, w in enumerate(words):
                if not w or not _DEVANAGARI_WORD.search(w):
                    continue
                seen[w] += 1
                cued[w] += (k > 0 and words[k - 1] in before) or (k + 1 < len(words) and words[k + 1] in after)
    return {w: (n, cued[w] / n) for w, n in seen.items() if n >= COMMON_USAGE_MIN_COUNT}


def marathi_doc_freq(corpus_dir: Path, exclude: set[str]) -> tuple[int, Counter[str]]:
    files = [p for p in sorted(corpus_dir.glob("*.txt")) if p.name not in exclude]
    df: Counter[str] = Counter()
    for path in files:
        df.update(set(_words(path.read_text(encoding="utf-8"))))
    return len(files), df


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    args = parser.parse_args(argv)
    names_dir, mr_dir = args.datasets / "names", args.corpora / "marathi-news"
    for folder in (names_dir, mr_dir):
        if not folder.is_dir():
            print(f"error: {folder} not found (pass --datasets / --corpora)", file=sys.stderr)
            return 1
    OUT.mkdir(parents=True, exist_ok=True)
    tokens = person_tokens(names_dir)
    from babel import Locale

    languages = sorted({name for loc in ("hi", "mr", "ne") for name in Locale(loc).languages.values() if _words(name)})
    with (OUT / "language_names.txt").open("w", encoding="utf-8") as fh:
        fh.write("# language names in hi/mr/ne, Unicode CLDR via Babel. Built by scripts/build_lexicon_data.py\n")
        fh.writelines(f"{name}\n" for name in languages)
    given = given_names(names_dir)
    with (OUT / "given_names.txt").open("w", encoding="utf-8") as fh:
        fh.write("# Devanagari given names (first-name list, first word of candidates' names). Built by scripts/build_lexicon_data.py\n")
        fh.writelines(f"{w}\n" for w in sorted(given))
    spelled = spelled_given_names(latin_given_names(names_dir), given)
    with (OUT / "spelled_given_names.txt").open("w", encoding="utf-8") as fh:
        fh.write(f"# everyday Hindi words (Zipf {SPELLED_GIVEN_MIN_ZIPF}-{SPELLED_GIVEN_MAX_ZIPF}, 3+ characters) whose romanisation is a listed English given name (अमन Aman). Built by scripts/build_lexicon_data.py\n")
        fh.writelines(f"{w}\n" for w in sorted(spelled))
    family = surnames(names_dir, given)
    with (OUT / "surnames.txt").open("w", encoding="utf-8") as fh:
        fh.write("# Devanagari surnames (last word of 3+ listed names, never a given name). Built by scripts/build_lexicon_data.py\n")
        fh.writelines(f"{w}\n" for w in sorted(family))
    middle = middle_names(names_dir, args.datasets, tokens)
    with (OUT / "middle_names.txt").open("w", encoding="utf-8") as fh:
        fh.write(f"# Devanagari words inside people's names (middle word of {MIDDLE_MIN_COUNT}+ listed or labelled names, in "
                 f"{MIDDLE_MIN_SHARE:.0%}+ of the names they occur in). Built by scripts/build_lexicon_data.py\n")
        fh.writelines(f"{w}\n" for w in sorted(middle))
    gold_sources = gold_source_ids()
    gold_files = {i.split("/", 1)[1] for i in gold_sources if i.startswith("marathi-news/")}
    from wordfreq import zipf_frequency

    # every Devanagari name of the romaniser's dictionary (the same lists, one-off entries included: हेमलाल, नैंसी)
    romanised = {line.split("\t", 1)[0] for line in (REPO / "services" / "nlp" / "data" / "romaniser" / "dictionary.tsv").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}
    # Name words that are also everyday words (के, सेन, राय...) would make every word look like a role.
    name_words = {w for w, n in tokens.items() if n >= 2 and zipf_frequency(w, "hi") < NAME_MAX_ZIPF}
    news = hindi_news_texts(args.corpora, gold_sources)
    roles = {
        w: v
        for w, v in role_words(news, name_words).items()
        if tokens.get(w, 0) < 1 and w not in romanised  # a name word (राम, विजय, हेमलाल before a surname) is no role
    }
    with (OUT / "role_words.tsv").open("w", encoding="utf-8") as fh:
        fh.write(f"# words before people's names in real Hindi news: occurrences, share followed by a name word (>= {ROLE_MIN_SHARE}). Built by scripts/build_lexicon_data.py\n")
        for word, (n, share) in sorted(roles.items(), key=lambda kv: (-kv[1][0], kv[0])):
            fh.write(f"{word}\t{n}\t{share:.3f}\n")
    # Names of Hindi-speaking India are thin in the name lists (their candidates are from WB, TN, Kerala, Assam,
    # Puducherry): words of PERSON mentions of the labelled Hindi NER corpora join them (झा, उनियाल).
    from_ner = ner_person_tokens(args.datasets)
    for word, n in from_ner.items():
        if word not in roles and name_key(word) not in TITLE_KEYS and devanagari_acronym(word) is None:
            tokens[word] += n
    with (OUT / "person_name_tokens.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Devanagari words of people's names: count of name-list entries plus labelled PERSON mentions using them. Built by scripts/build_lexicon_data.py\n")
        for word, n in sorted(tokens.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{word}\t{n}\n")
    # name words of the lists and the labelled corpora (तेंदुलकर), not everyday words, not roles; a name word of
    # USAGE_NAME_MIN_COUNT+ names may be a little more common (बच्चन 4.6, कपूर 5.0)
    rare_name_words = {
        w for w, n in tokens.items()
        if w not in roles and (
            (n >= 2 and zipf_frequency(w, "hi") < NAME_MAX_ZIPF) or (n >= USAGE_NAME_MIN_COUNT and zipf_frequency(w, "hi") < USAGE_NAME_MAX_ZIPF)
        )
    }
    usage = name_word_usage(
        news,
        {w for w in tokens if zipf_frequency(w, "hi") >= USAGE_MIN_ZIPF},
        lambda p: p in given or p in rare_name_words or name_key(p.rstrip(".")) in TITLE_KEYS,
    )
    with (OUT / "name_word_usage.tsv").open("w", encoding="utf-8") as fh:
        fh.write(f"# words of people's names that are everyday Hindi words (Zipf >= {USAGE_MIN_ZIPF}): occurrences in real Hindi news, share next to a given name, rare name word or title. Built by scripts/build_lexicon_data.py\n")
        for word, (n, share) in sorted(usage.items(), key=lambda kv: (-kv[1][0], kv[0])):
            fh.write(f"{word}\t{n}\t{share:.3f}\n")
    import yaml

    cues = yaml.safe_load((OUT / "linking.yaml").read_text(encoding="utf-8"))["common_noun_cues"]
    common_use = common_noun_usage(news, set(cues["before"]), set(cues["after"]))
    with (OUT / "common_noun_usage.tsv").open("w", encoding="utf-8") as fh:
        fh.write(f"# words of real Hindi news (seen >= {COMMON_USAGE_MIN_COUNT} times, cued share > 0): occurrences, share right after a determiner/quantifier or before a light verb (linking.yaml common_noun_cues). Built by scripts/build_lexicon_data.py\n")
        for word, (n, share) in sorted(common_use.items(), key=lambda kv: (-kv[1][0], kv[0])):
            if share > 0:
                fh.write(f"{word}\t{n}\t{share:.3f}\n")
    n_docs, df = marathi_doc_freq(mr_dir, gold_files)
    with (OUT / "marathi_doc_freq.tsv").open("w", encoding="utf-8") as fh:
        fh.write(f"# share of {n_docs} Marathi news articles containing the word (df >= 2). Built by scripts/build_lexicon_data.py\n")
        for word, n in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])):
            if n >= 2:
                fh.write(f"{word}\t{n / n_docs:.4f}\n")
    print(f"{len(roles)} role words;")
    print(f"{len(tokens)} person-name tokens; Marathi: {n_docs} articles (gold excluded: {len(gold_files)}), "
          f"{sum(1 for n in df.values() if n >= 2)} words in 2+ articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
