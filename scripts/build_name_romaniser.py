#!/usr/bin/env python
"""Build ``services/nlp/data/romaniser/`` (token dictionary + character model) from English-Devanagari name pairs.

    python scripts/build_name_romaniser.py [--names ../shared/datasets/names] [--out services/nlp/data/romaniser]

Sources (``--names``): ``election_candidates_2021.csv`` (name_english, name_hindi; CAPS title-cased),
``cricketers.csv`` (english_name with hindi_long_name; "Surname, Initials" rows pair the surname with the last
words of hindi_name), ``indian_first_names.tsv`` (english, hindi) and ``lgd/urban-local-body.csv`` (English and
local-language name of towns, where the latter is Devanagari). A pair is split into words; words are paired
one by one when both sides have the same number (else the pair is dropped; one order swap "P. NAME" /
"NAME P." is tried); single letters (initials), spelled-out initialisms and pairs whose spellings have nothing
in common (a consonant-skeleton check against aksharamukha) are dropped.

Held out: the Devanagari tokens whose md5 falls in bucket 0 of 10 (``heldout_bucket``) are never trained on;
``benchmarks/romaniser_quality.py`` evaluates on them. The committed data is built from the other 90 %.

Model: each token is cut into units (``name_romaniser.units``); units are aligned to Latin chunks of 0-4 letters
(consonant units and independent vowels at least one) by EM (forward-backward, uniform start) over the token
pairs weighted by frequency; the Viterbi alignments give counts of chunk per unit in context (``LEVELS``).
A context is kept when seen ``--min-count`` times and its majority chunk differs from what the narrower
contexts would give (so lookups widest-first are exact with the pruned tables). Deterministic: no randomness,
sorted iteration everywhere.
"""

from __future__ import annotations

import argparse
import csv
import os
import hashlib
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from services.nlp.scripts import DEVANAGARI_LETTERS, ZERO_WIDTH_JOINERS, is_devanagari  # noqa: E402
from services.nlp.linking.roman import devanagari_acronym  # noqa: E402
from services.nlp.name_romaniser import (  # noqa: E402
    _SIGNS,
    _VOWEL_SIGNS,
    BOW,
    ENGLISH_COMMON,
    EOW,
    FOREIGN_FILE,
    FORMAT_VERSION,
    ORDER,
    english_zipf,
    normalise,
    units,
)

DEFAULT_NAMES = REPO.parent / "shared" / "datasets" / "names"
DEFAULT_OUT = REPO / "services" / "nlp" / "data" / "romaniser"
MAX_CHUNK = 4
_DEV_WORD = re.compile(f"^[{DEVANAGARI_LETTERS}{ZERO_WIDTH_JOINERS}]+$")
_LATIN_WORD = re.compile(r"^[A-Za-z]+$")
_SPLIT = re.compile(r"[\s.,;:()\[\]/\u0964\u0965\"]+")


# --------------------------------------------------------------------------------------------------- pairs
def heldout_bucket(dev_token: str) -> int:
    """0..9 from the md5 of the normalised Devanagari token; bucket 0 is the held-out evaluation set."""
    return int(hashlib.md5(normalise(dev_token).encode("utf-8")).hexdigest(), 16) % 10


_V_AFTER_CONSONANT = re.compile(r"(?<=[bcdfghjklmnpqrstxz])v", re.IGNORECASE)


def english_case(word: str) -> str:
    """CAPS or lower -> Title; mixed case (McDonald, DSouza) kept."""
    if word.isupper() or word.islower():
        return word[:1].upper() + word[1:].lower()
    return word


# The 2021 candidates of Tamil Nadu, Kerala and Puducherry are spelt in their languages' English conventions, not
# the Hindi press's: त as "th" (Geetha, Satheesh); those of West Bengal and Assam in Bengali/Assamese ones (व as "b":
# Rabindra, Bijoy; राय as Roy; चौधरी as Chowdhury), while the Hindi press writes Ravindra, Rai, Chaudhary. Measured
# on the real-news dev gold (benchmarks/entity_quality.py --split real-dev, F1): all states 0.523, without the
# southern three 0.534, without West Bengal and Assam as well 0.536 (at 74ab87c); at 13a74e8+ (dictionary ranks,
# curated people) 0.641 with West Bengal and Assam, 0.648 without. Override: ROMANISER_EXCLUDE_STATES.
INDIA_COUNTRY_ID = "6"  # cricketers.csv country_id of India; other countries' conventions rank below (Dananjaya)
CURATED_DIR = REPO / "services" / "nlp" / "data" / "curated"
# Rank of a source's spelling in the token dictionary (lower wins before counts): the curated press spellings,
# then the Indian lists, then foreign cricketers.
SOURCE_RANK = {"curated": 0, "cricket-foreign": 2}
ELECTION_STATES_EXCLUDED = set(os.environ.get("ROMANISER_EXCLUDE_STATES", "Tamil Nadu,Kerala,Puducherry,West Bengal,Assam").split(","))


def read_name_pairs(names_dir: Path) -> list[tuple[str, str, str]]:
    """(source, english name, devanagari name) for every row with both sides; English side still raw."""
    out: list[tuple[str, str, str]] = []
    with open(names_dir / "election_candidates_2021.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("state") in ELECTION_STATES_EXCLUDED:
                continue
            out.append(("election", row["name_english"] or "", row["name_hindi"] or ""))
    with open(names_dir / "cricketers.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            eng = (row["english_name"] or "").strip()
            if "," in eng:  # "Rossouw, RR": the surname against the last word(s) of the short Hindi name
                surname = eng.split(",")[0].strip()
                hindi = (row["hindi_name"] or "").split()
                k = len(surname.split())
                if 0 < k <= len(hindi):
                    out.append(("cricket", surname, " ".join(hindi[-k:])))
            else:
                out.append(("cricket", eng, row["hindi_long_name"] or ""))
            if (row.get("country_id") or "").strip() != INDIA_COUNTRY_ID and out and out[-1][0] == "cricket":
                out[-1] = ("cricket-foreign", *out[-1][1:])
    with open(names_dir / "indian_first_names.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            eng, dev = line.rstrip("\n").split("\t", 1)
            if eng.lower() == "english":
                continue
            out.append(("firstnames", eng, dev))
    with open(names_dir / "lgd" / "urban-local-body.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            local = row.get("Local Body Name (In Local)") or ""
            if is_devanagari(local):
                out.append(("lgd", row["Local Body Name"] or "", local))
    out.extend(curated_people_pairs())
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for row in out:  # one pair per distinct row: the cricketer list repeats a player once per match
        if row not in seen and row[1].strip() and is_devanagari(row[2]):
            seen.add(row)
            unique.append(row)
    return unique


def curated_people_pairs(curated_dir: Path = CURATED_DIR) -> list[tuple[str, str, str]]:
    """("curated", canonical, Devanagari alias) for every PERSON of the project's curated KB lists: the spelling the
    English-language Indian press uses, which outranks the name lists' spellings in the dictionary."""
    import yaml

    out: list[tuple[str, str, str]] = []
    for path in sorted(curated_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entities = data.get("entities") or data.get("people") or []
        for entry in entities if isinstance(entities, list) else []:
            if not isinstance(entry, dict) or entry.get("label", "PERSON") != "PERSON" or not entry.get("canonical"):
                continue
            for alias in entry.get("aliases") or []:
                if isinstance(alias, str) and is_devanagari(alias):
                    out.append(("curated", str(entry["canonical"]), alias))
    return out


def _skeleton(latin: str) -> str:
    s = latin.lower()
    for a, b in (("ph", "f"), ("w", "v"), ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "j"), ("y", "i"), ("h", "")):
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return re.sub("[aeiou]", "", s[1:]) if len(s) > 1 else s


def _similar(eng: str, guide: str) -> float:
    """Crude similarity of an English spelling and aksharamukha's romanisation (consonant skeletons)."""
    from rapidfuzz.distance import Levenshtein

    a, b = _skeleton(eng), _skeleton(guide)
    first = eng[:1].lower() in ("aeiou" if guide[:1].lower() in "aeiou" else _skeleton(guide[:1]) + "kcqvwbjzgy")
    return Levenshtein.normalized_similarity(a, b) * (1.0 if first or not guide else 0.5)


_ABBREVIATIONS = {"dr", "adv", "smt", "mr", "mrs", "ms", "md", "mohd", "com", "er", "prof", "capt", "col", "lt"}


def _skip_token(eng: str) -> bool:
    """Initials and abbreviated titles: kept for word alignment, never trained on."""
    return len(eng) <= 2 or eng.lower() in _ABBREVIATIONS


def _pair_score(eng: str, guide: str) -> float:
    """1 for words never trained on; else the skeleton similarity, 0 when one is 1.6x longer than the other."""
    if _skip_token(eng):
        return 1.0
    if not guide or max(len(eng), len(guide)) > 1.6 * min(len(eng), len(guide)):
        return 0.0
    return _similar(eng, guide)


def token_pairs(
    names: list[tuple[str, str, str]], guide: dict[str, str], ranks: dict[tuple[str, str], int] | None = None
) -> tuple[Counter, list[tuple[str, str]], Counter]:
    """Aligned (dev token, English token) counts, the aligned full names, and counts of why names were dropped.

    ``ranks`` (optional, filled in place): the best ``SOURCE_RANK`` (default 1) of the sources of each pair."""
    pairs: Counter = Counter()
    full: list[tuple[str, str]] = []
    why: Counter = Counter()
    for src, eng_raw, dev_raw in names:
        eng = [w for w in _SPLIT.split(eng_raw) if w]
        dev = [w for w in _SPLIT.split(dev_raw) if w]
        if len(eng) != len(dev) or not eng:
            why["word counts differ"] += 1
            continue
        if not all(_LATIN_WORD.match(w) for w in eng) or not all(_DEV_WORD.match(w) for w in dev):
            why["other characters"] += 1
            continue

        def score(order: list[str]) -> float:
            return min((_pair_score(e, guide.get(normalise(d), "")) for e, d in zip(order, dev)), default=0.0)

        ok = score(eng)
        if ok < 0.34 and len(eng) == 2 and score(eng[::-1]) >= 0.34:
            eng, ok = eng[::-1], score(eng[::-1])
        if ok < 0.34:
            why["spellings too different"] += 1
            continue
        kept = []
        for e, d in zip(eng, dev):
            e = english_case(e)
            kept.append((normalise(d), e))
        full.append((" ".join(d for d, _ in kept), " ".join(e for _, e in kept)))
        for d, e in kept:
            if _skip_token(e) or (devanagari_acronym(d) is not None and e.upper() == devanagari_acronym(d)):
                continue  # initials, abbreviated titles: linking.roman spells initials
            pairs[(d, e)] += 1
            if ranks is not None:
                ranks[(d, e)] = min(ranks.get((d, e), 9), SOURCE_RANK.get(src, 1))
        why["kept"] += 1
    return pairs, full, why


def aksharamukha_guide(tokens: list[str]) -> dict[str, str]:
    """aksharamukha's spelling of every token (initialisms and सिंह too: the guide wants letters, not "KCNA")."""
    from services.nlp.linking import roman as linking_roman

    out = linking_roman._transliterator().process(
        "Devanagari", "RomanColloquial", "\n".join(linking_roman._prepare(t) for t in tokens), pre_options=["RemoveSchwaHindi"]
    ).split("\n")
    if len(out) != len(tokens):
        raise RuntimeError("aksharamukha merged or split lines of the guide")
    return {t: linking_roman._finish(r) for t, r in zip(tokens, out)}


# ------------------------------------------------------------------------------------------------- model
def _min_len(unit: str) -> int:
    """Vowel signs and anusvara/chandrabindu/visarga may be silent; consonants and independent vowels may not."""
    return 0 if unit[0] in _VOWEL_SIGNS or unit[0] in _SIGNS else 1


_VOWEL_LETTERS = set("aeiou")
_ALLOWED: dict[tuple[str, str], bool] = {}


def allowed(unit: str, chunk: str) -> bool:
    """Which chunks a unit may align to, by letter class (keeps alignments consistent between neighbours).

    Vowel signs and independent vowels: vowel letters and y/h/w ("ee", "ai", "ye", "ah"); anusvara and
    chandrabindu: "", n, m, ng; visarga: "" or h; a bare consonant: consonant letters only; a consonant with its
    inherent vowel: consonant letters and at most one final a/o/e (the schwa, kept or not; "o" in Bengali names).
    """
    hit = _ALLOWED.get((unit, chunk))
    if hit is None:
        head = unit[0]
        if head in _VOWEL_SIGNS and head not in _SIGNS or "\u0904" <= head <= "\u0914" or head in "\u0960\u0961\u0972":
            hit = all(c in "aeiouyhw" for c in chunk)
        elif head in "\u0900\u0901\u0902":
            hit = chunk in ("", "n", "m", "ng", "nn", "mm")
        elif head == "\u0903":
            hit = chunk in ("", "h")
        elif unit.endswith("a"):
            body = chunk[:-1] if chunk[-1:] in ("a", "o", "e") else chunk
            hit = bool(body) and not any(c in _VOWEL_LETTERS for c in body)
        else:
            hit = not any(c in _VOWEL_LETTERS for c in chunk)
        _ALLOWED[(unit, chunk)] = hit
    return hit


def em_align(data: list[tuple[tuple[str, ...], str, float]], iterations: int) -> dict[str, dict[str, float]]:
    """p(chunk | unit) by EM over monotone alignments (each unit -> 0..4 Latin letters); uniform start."""
    prob: dict[str, dict[str, float]] = {}
    for it in range(iterations):
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        loglik = 0.0
        for us, lat, w in data:
            n, m = len(us), len(lat)
            alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
            alpha[0][0] = 1.0
            for i in range(n):
                u = us[i]
                pu = prob.get(u, {})
                lo = _min_len(u)
                ai, an = alpha[i], alpha[i + 1]
                for j in range(m + 1):
                    a = ai[j]
                    if a == 0.0:
                        continue
                    for L in range(lo, min(MAX_CHUNK, m - j) + 1):
                        p = pu.get(lat[j : j + L], 0.0) if it else float(allowed(u, lat[j : j + L]))
                        if p:
                            an[j + L] += a * p
            z = alpha[n][m]
            if z <= 0.0:
                continue
            loglik += w * math.log(z)
            beta = [[0.0] * (m + 1) for _ in range(n + 1)]
            beta[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                u = us[i]
                pu = prob.get(u, {})
                lo = _min_len(u)
                bi, bn, ai = beta[i], beta[i + 1], alpha[i]
                cu = counts[u]
                for j in range(m + 1):
                    total = 0.0
                    for L in range(lo, min(MAX_CHUNK, m - j) + 1):
                        chunk = lat[j : j + L]
                        p = pu.get(chunk, 0.0) if it else float(allowed(u, chunk))
                        if p and bn[j + L]:
                            x = p * bn[j + L]
                            total += x
                            if ai[j]:
                                cu[chunk] += w * ai[j] * x / z
                    bi[j] = total
        prob = {}
        for u, cu in counts.items():
            s = sum(cu.values())
            prob[u] = {c: v / s for c, v in cu.items() if v / s > 1e-4}
        print(f"  EM iteration {it + 1}: log-likelihood {loglik:,.0f}", file=sys.stderr)
    return prob


def viterbi_align(us: tuple[str, ...], lat: str, prob: dict[str, dict[str, float]]) -> list[str] | None:
    n, m = len(us), len(lat)
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        pu = prob.get(us[i], {})
        lo = _min_len(us[i])
        for j in range(m + 1):
            b = best[i][j]
            if b == -math.inf:
                continue
            for L in range(lo, min(MAX_CHUNK, m - j) + 1):
                p = pu.get(lat[j : j + L])
                if p and b + math.log(p) > best[i + 1][j + L]:
                    best[i + 1][j + L] = b + math.log(p)
                    back[i + 1][j + L] = L
    if best[n][m] == -math.inf:
        return None
    chunks, j = [], m
    for i in range(n, 0, -1):
        L = back[i][j]
        chunks.append(lat[j - L : j])
        j -= L
    return chunks[::-1]


def train_ngrams(pairs: Counter, iterations: int, min_count: int) -> tuple[dict[tuple[str, ...], dict[str, int]], dict[str, int]]:
    """Graphone n-gram counts (history -> graphone -> count) from the Viterbi alignments; alignment stats.

    Histories of length 1..ORDER-1 keep only graphones seen ``min_count`` times after them (the unigram keeps all).
    """
    data = []
    for (dev, eng), c in sorted(pairs.items()):
        us = units(dev)
        lat = eng.lower()
        if us and 1 <= len(lat) <= MAX_CHUNK * len(us):
            data.append((us, lat, float(c)))
    prob = em_align(data, iterations)
    counts: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    aligned = failed = 0
    for us, lat, w in data:
        chunks = viterbi_align(us, lat, prob)
        if chunks is None:
            failed += 1
            continue
        aligned += 1
        seq = [BOW] * (ORDER - 1) + [u + "=" + ch for u, ch in zip(us, chunks)] + [EOW]
        for pos in range(ORDER - 1, len(seq)):
            for k in range(ORDER):
                counts[tuple(seq[pos - k : pos])][seq[pos]] += int(w)
    ngrams: dict[tuple[str, ...], dict[str, int]] = {}
    for h in sorted(counts):
        kept = {g: c for g, c in sorted(counts[h].items()) if not h or c >= min_count}
        if kept:
            ngrams[h] = kept
    return ngrams, {"aligned": aligned, "unalignable": failed}


# -------------------------------------------------------------------------------------------------- main
def extract(
    names_dir: Path,
) -> tuple[list[tuple[str, str, str]], Counter, list[tuple[str, str]], Counter, dict[tuple[str, str], int]]:
    """Name rows, aligned token-pair counts, aligned full names (dev, English), drop reasons and the best
    ``SOURCE_RANK`` of each token pair."""
    names = read_name_pairs(names_dir)
    dev_tokens = sorted({normalise(w) for _s, _e, d in names for w in _SPLIT.split(d) if w and _DEV_WORD.match(w)})
    t0 = time.time()
    guide = aksharamukha_guide(dev_tokens)
    print(f"aksharamukha guide for {len(dev_tokens):,} tokens in {time.time() - t0:.1f}s", file=sys.stderr)
    ranks: dict[tuple[str, str], int] = {}
    pairs, full, why = token_pairs(names, guide, ranks)
    return names, pairs, full, why, ranks


def dev_score(ngrams: dict[tuple[str, ...], dict[str, int]], dev: Counter) -> str:
    """Exact-match rate and CER of the character model on tuning pairs (bucket 1 with ``--tune``)."""
    from rapidfuzz.distance import Levenshtein

    from services.nlp.name_romaniser import NameRomaniser

    rom = NameRomaniser({}, ngrams)
    by_token: dict[str, Counter] = defaultdict(Counter)
    for (d, e), c in dev.items():
        by_token[d][e.lower()] += c
    guide = aksharamukha_guide(sorted(by_token))
    exact = cer = base_exact = base_cer = 0.0
    for d, spellings in sorted(by_token.items()):
        ref = sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        pred = (rom.model_token(d) or guide[d]).lower()
        exact += pred == ref
        cer += Levenshtein.distance(pred, ref) / len(ref)
        base_exact += guide[d].lower() == ref
        base_cer += Levenshtein.distance(guide[d].lower(), ref) / len(ref)
    n = len(by_token)
    return (f"dev exact {exact / n:.3f}, CER {cer / n:.3f} on {n:,} tokens "
            f"(aksharamukha: exact {base_exact / n:.3f}, CER {base_cer / n:.3f})")


def build(names_dir: Path, iterations: int = 5, min_count: int = 1, holdout: bool = True, tune: bool = False) -> dict:
    """Everything the script writes and the benchmark needs, in memory. ``tune``: also hold out bucket 1 and
    score the model on it (for choosing settings without looking at the evaluation bucket 0)."""
    names, pairs, full, why, ranks = extract(names_dir)
    excluded = {0, 1} if tune else {0} if holdout else set()
    train = Counter({k: v for k, v in pairs.items() if heldout_bucket(k[0]) not in excluded})
    test = Counter({k: v for k, v in pairs.items() if holdout and heldout_bucket(k[0]) == 0})
    by_token: dict[str, Counter] = defaultdict(Counter)
    for (d, e), c in train.items():
        by_token[d][e] += c
    t0 = time.time()
    tables, stats = train_ngrams(train, iterations, min_count)
    print(f"model trained in {time.time() - t0:.1f}s: {stats}", file=sys.stderr)
    from rapidfuzz.distance import Levenshtein

    from services.nlp.name_romaniser import NameRomaniser

    model = NameRomaniser({}, tables)
    foreign = frozenset(english_foreign_words())

    def attested(spelling: str) -> float:
        """English Zipf of a spelling that is neither a common English word nor a foreign one (else 0)."""
        z = english_zipf(spelling)
        return z if z < ENGLISH_COMMON and spelling.lower() not in foreign else 0.0

    dictionary = {}
    for d in sorted(by_token):
        # press spelling (curated) first, then the most frequent, then the plainer (shorter) spelling: मित्रा
        # -> Mitra (1 each of Mitra / Mithra), foreign cricketers' conventions last (धनंजय -> Dhananjay)
        # ... and on a tie of counts, व after a consonant as "w" (श्वेता: Shweta, not Shveta; Swami, Dwivedi, Ashwini),
        # then the spelling English text writes more often (``attested``: सुभाष is Subhash, 2.34, not Subhas, 2.11;
        # 2 of 4 each in the lists), then the shorter,
        # then the spelling nearer the character model's (the lists' conventions as a whole), not the first in
        # alphabetical order: बिक्रम is Bikram (indian_first_names) against the Local Government Directory's typo Bikarm
        guess = (model.model_token(d) or "").lower() if len(by_token[d]) > 1 else ""
        ranked = sorted(
            by_token[d].items(),
            key=lambda kv: (
                ranks.get((d, kv[0]), 1), -kv[1], len(_V_AFTER_CONSONANT.findall(kv[0])), -attested(kv[0]), len(kv[0]),
                Levenshtein.distance(kv[0].lower(), guess), kv[0],
            ),
        )
        best = ranked[0]
        if ranks.get((d, best[0]), 1) == 0 and "थ" not in d and "th" in best[0].lower():
            # a curated person's Dravidian "th" for त (K. Kavitha of Telangana, Mithali Raj) is that person's
            # spelling; Hindi-belt news writes the lists' "t" (कविता: Kavita)
            plain = best[0].replace("th", "t").replace("Th", "T")
            best = next((kv for kv in ranked if kv[0] == plain), best)
        dictionary[d] = (best[0], best[1], sum(by_token[d].values()))
    if tune:
        print(dev_score(tables, Counter({k: v for k, v in pairs.items() if heldout_bucket(k[0]) == 1})))
    return {
        "names": len(names),
        "why": why,
        "train": train,
        "test": test,
        "full": full,
        "dictionary": dictionary,
        "tables": tables,
    }


# Languages whose common words English text also carries (place and company names, quotations): a spelling far
# commoner in one of them than in English is no evidence of an English-press name (sud: English 2.79, French 5.3;
# kann: English 2.4, German 6.4). ``name_romaniser.ENGLISH_WEIGHT`` has the measurements.
FOREIGN_LANGUAGES = ("fr", "es", "de", "it", "pt", "nl")
FOREIGN_MARGIN = 2.0  # Zipf by which another language's frequency must exceed English's


def english_foreign_words() -> list[str]:
    """The words of wordfreq's English list (ASCII letters, English Zipf < ``ENGLISH_COMMON``) whose Zipf in one of
    ``FOREIGN_LANGUAGES`` exceeds their English Zipf by more than ``FOREIGN_MARGIN``, sorted; from the installed
    wordfreq's lists (deterministic for a given wordfreq version; ~14,000 words with 3.1)."""
    from wordfreq import get_frequency_dict

    def zipf(f: float) -> float:
        return round(math.log10(f) + 9, 2) if f > 0 else 0.0

    english = get_frequency_dict("en")
    others = [get_frequency_dict(lang) for lang in FOREIGN_LANGUAGES]
    out = []
    for word, f in english.items():
        if not _LATIN_WORD.match(word) or not word.islower():
            continue
        z = zipf(f)
        if z < ENGLISH_COMMON and max(zipf(o.get(word, 0.0)) for o in others) - z > FOREIGN_MARGIN:
            out.append(word)
    return sorted(out)


def write(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / FOREIGN_FILE, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# English words far commoner in {', '.join(FOREIGN_LANGUAGES)} (wordfreq; scripts/build_name_romaniser.py)\n")
        for word in english_foreign_words():
            fh.write(word + "\n")
    with open(out / "dictionary.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# devanagari\tenglish\tcount of that spelling\tcount of the token (scripts/build_name_romaniser.py)\n")
        for d, (e, c, total) in result["dictionary"].items():
            fh.write(f"{d}\t{e}\t{c}\t{total}\n")
    with open(out / "model.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"#version {FORMAT_VERSION}\n")
        fh.write(f"# history (0..{ORDER - 1} graphones unit=chunk)\tnext graphone\tcount (scripts/build_name_romaniser.py)\n")
        for h, following in result["tables"].items():
            for g, c in following.items():
                fh.write(f"{' '.join(h)}\t{g}\t{c}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--names", type=Path, default=DEFAULT_NAMES)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=1)
    ap.add_argument("--tune", action="store_true", help="train without bucket 1, score on it, write nothing")
    args = ap.parse_args()
    # What ships is trained on every pair (benchmarks/romaniser_quality.py trains its own copy without the
    # held-out bucket to score it honestly).
    result = build(args.names, args.iterations, args.min_count, holdout=args.tune, tune=args.tune)
    if args.tune:
        return
    write(result, args.out)
    why = ", ".join(f"{k} {v:,}" for k, v in sorted(result["why"].items()))
    print(
        f"{result['names']:,} name pairs ({why}); token pairs: {sum(result['train'].values()):,} train "
        f"({len(result['train']):,} distinct), {sum(result['test'].values()):,} held out ({len(result['test']):,} distinct); "
        f"dictionary {len(result['dictionary']):,} tokens; model: {len(result['tables']):,} histories, "
        f"{sum(len(f) for f in result['tables'].values()):,} n-grams"
    )


if __name__ == "__main__":
    main()
