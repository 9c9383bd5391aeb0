"""Indian-English spelling of Devanagari names, learned from English-Devanagari name pairs.

Why: aksharamukha spells सूद "Sud", वाधवा "Vadhva" and अग्रवाल "Agraval"; the English-language Indian press writes
Sood, Wadhwa and Agarwal. ``NameRomaniser`` learns those conventions from the pairs in
``../shared/datasets/names/`` (election candidates 2021 and cricketers from the ``indicate`` project, MIT,
Chintalapati & Sood; Indian first names, CC BY 3.0, Alok Parlikar, CMU 2011; place names of India's Local
Government Directory, Government Open Data License - India; see ``data/romaniser/README.md``), built by
``scripts/build_name_romaniser.py`` into ``services/nlp/data/romaniser/``:

* ``dictionary.tsv``: Devanagari token -> its most frequent English spelling in the lists (with counts);
* ``model.tsv``: a joint-sequence ("graphone") trigram model for tokens the lists do not have. A token is cut
  into *units* (``units``): a consonant with its inherent vowel (``"रa"``), a bare consonant (followed by a
  vowel sign or virama), a vowel sign, an independent vowel, anusvara / chandrabindu / visarga. Each unit was
  aligned to a Latin chunk of 0-4 letters (EM over monotone alignments, chunks restricted by letter class), and
  the model counts trigrams of ``unit=chunk`` graphones (Witten-Bell smoothing). A token is spelled by beam
  search over the chunks seen for its units, so conventions such as ू -> "oo" in सूद are learned in context. What
  a left-to-right trigram cannot see is added at decoding: Hindi schwa deletion (``schwa_deleted``, which depends
  on the units *after* a consonant: कालसी -> Kalsi, not Kalasi) as a cost of ``SCHWA_PENALTY`` on chunks that go
  against it, and three spellings orthography fixes (``_orthographic``: anusvara before a labial is "m", ढ/ड first
  in a word are "dh"/"d", व after a consonant with no vowel and before आ is "w"). Held-out pairs
  (``benchmarks/romaniser_quality.py``), token exact / any / CER: 0.684 / 0.699 / 0.073 before, 0.686 / 0.705 /
  0.072 with them (penalty 2; 4 and 8 gave 0.668 and 0.655); the real-news gold's tuning half (real-dev) 0.728 ->
  0.737 F1, the "w" alone 0.732 -> 0.737 (Golwan, Nautanwa: the press writes Agarwal, Jaiswal, Bhardwaj).
  Later rules the pairs support (held-out exact / CER 0.688 / 0.071 -> 0.689 / 0.071, full names 0.651 -> 0.653):
  no final vowel after a cluster ending in स, ग, ष... (``_SILENT_FINAL_AFTER_CLUSTER``: शैप्स Shaips, not
  Shaipsa), aspirated consonants keep their "h" (``_ASPIRATES``: छाब्रिया Chhabriya, not Chaabriya), a surname in
  -िया is "-ia" (``_IYA``: Prakash Chhabria), and a place's ज is "j" (``place``: जरपा Jarpa, not Zarpa).

English evidence (``model_token``): the English-language press's spelling of a name is attested in English text,
the model's near misses mostly not. The model's spelling is the best, by model log-probability plus a bonus for a
word of wordfreq's English list (``english_evidence``; not a common English word, not one of ``english_foreign.txt``,
built by the build script from wordfreq's lists), among the beam's final candidates and the English words of the
same consonant skeleton (``spelling_skeleton``: Tivari -> Tiwari, Jagaran -> Jagran, Fareedabad -> Faridabad), all
within ``NBEST_MARGIN`` of the model's best (``ENGLISH_WEIGHT`` has the tuning), unless the model's own spelling is
an English word already (Zipf >= ``ENGLISH_KEEP_ZIPF``: And, Khan, Path, Brad, not Ande, Kha, Patha, Bred; read on
2,255 outlet stories, where it turned 194 names, nearly all for the better, against 256 with a dozen such junk
spellings before). Ties of the lists' counts in the dictionary go to the spelling English writes more often (सुभाष:
Subhash, not Subhas; build script). Held-out pairs (``benchmarks/romaniser_quality.py``, same run): token exact /
any / CER 0.689 / 0.709 / 0.071 -> 0.700 / 0.720 / 0.069 (0.701 / 0.721 / 0.068 without the keep rule), full names
0.653 -> 0.663. Only English words spelled like a near candidate (``MIN_ENGLISH_RATIO``) are aligned: the same
figures at 60, 0.699 / 0.719 at 70; on 12 outlet day files the model's share of the chain's time drops from 1.8 s to
1.2 s (cProfile), and ``Canonicalizer.load`` builds the index at warm-up (``warm``). Real-news gold (``benchmarks/entity_quality.py``) F1 real-dev 0.828 -> 0.828
(PERSON 0.864 -> 0.864), real-dev2 0.835 -> 0.838 (PERSON 0.795 -> 0.804: Subhash Chandra Sharma), dev 0.971 and
heldout 0.834 unchanged. Cost: the English list (~37 MB) and its skeleton index load once per process (~1-2 s, at
``warm``, or else on the first token the dictionary lacks), and the model spells tokens the dictionary lacks several
times slower uncached (results are cached per token; ``benchmarks/romaniser_quality.py`` prints the rate).

Order per token: spelled-out initialisms and सिंह (``linking.roman._special``), the dictionary, the character
model, and aksharamukha (``linking.roman._romanise_word``) when the model meets a unit it never saw.

Shapes: ``romanise_token(str) -> str`` (one word, Title Case; non-Devanagari text is returned unchanged),
``romanise_name(str) -> str`` (words split like ``linking.roman.words_of``; Latin words tidied like
``linking.roman.romanise``). Neither raises on odd input (empty string -> ""). ``NameRomaniser.load`` raises
``FileNotFoundError`` when the data folder lacks its files and ``ValueError`` on a malformed line.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from services.nlp import data_dirs
from services.nlp.linking import roman as linking_roman
from services.nlp.scripts import is_devanagari

DATA_DIR = data_dirs.SHIPPED_ROMANISER_DIR  # the shipped files; default() reads data_dirs.romaniser_dir()
FORMAT_VERSION = "2"

_NUKTA = "\u093c"
_VIRAMA = "\u094d"
_PRECOMPOSED_NUKTA = {
    "\u0929": "\u0928",
    "\u0931": "\u0930",
    "\u0934": "\u0933",
    "\u0958": "\u0915",
    "\u0959": "\u0916",
    "\u095a": "\u0917",
    "\u095b": "\u091c",
    "\u095c": "\u0921",
    "\u095d": "\u0922",
    "\u095e": "\u092b",
    "\u095f": "\u092f",
}
_CONSONANTS = frozenset(chr(c) for c in range(0x0915, 0x093A)) | frozenset(_PRECOMPOSED_NUKTA.values())
_VOWEL_SIGNS = frozenset(chr(c) for c in range(0x093E, 0x094D)) | {"\u0955", "\u0962", "\u0963", "\u093a", "\u093b"}
_INDEPENDENT_VOWELS = frozenset(chr(c) for c in range(0x0904, 0x0915)) | {"\u0960", "\u0961", "\u0972", "\u0973", "\u0974", "\u0975", "\u0976", "\u0977"}
_SIGNS = frozenset("\u0900\u0901\u0902\u0903")
BOW, EOW = "<w>", "</w>"
ORDER = 3  # graphone trigrams
BEAM = 8


def normalise(token: str) -> str:
    """NFC, precomposed nukta letters decomposed (क़ -> क + nukta), joiners and soft hyphens removed, and Marathi
    व्ह (the v of व्हरेला, व्हिडिओकॉन) read as the Hindi व, as name keys read it (``linking.keys``)."""
    token = unicodedata.normalize("NFC", token)
    out = []
    for ch in token:
        if ch in _PRECOMPOSED_NUKTA:
            out.append(_PRECOMPOSED_NUKTA[ch] + _NUKTA)
        elif ch not in "\u200c\u200d\u00ad\u200b\ufeff":
            out.append(ch)
    return "".join(out).replace("\u0935\u094d\u0939", "\u0935")


def units(token: str) -> tuple[str, ...]:
    """Cut a (normalised) Devanagari token into romanisation units; other characters are dropped.

    ``"राजेश"`` -> ``("र", "ा", "ज", "े", "शa")``: a consonant followed by a vowel sign or a virama is bare
    (the virama itself is not a unit), one followed by anything else carries its inherent vowel (suffix "a").
    Nukta stays on its consonant (``"ज़"``); ``"ं"``, ``"ँ"``, ``"ः"``, vowel signs and independent vowels are
    units of their own.
    """
    out: list[str] = []
    chars = normalise(token)
    i, n = 0, len(chars)
    while i < n:
        ch = chars[i]
        if ch in _CONSONANTS:
            cons = ch
            i += 1
            if i < n and chars[i] == _NUKTA:
                cons += _NUKTA
                i += 1
            if i < n and chars[i] == _VIRAMA:
                out.append(cons)
                i += 1
            elif i < n and chars[i] in _VOWEL_SIGNS:
                out.append(cons)
            else:
                out.append(cons + "a")
            continue
        if ch in _VOWEL_SIGNS or ch in _INDEPENDENT_VOWELS or ch in _SIGNS:
            out.append(ch)
        i += 1
    return tuple(out)


def title(word: str) -> str:
    """``word`` with its first character upper-cased, the rest unchanged ("mcDonald" stays "McDonald")."""
    return word[:1].upper() + word[1:]


# Log-probability cost of a spelling that goes against Hindi schwa deletion (``schwa_deleted``): the trigram model
# reads only the units before a unit, but whether "धa" is "dh" or "dha" depends on what follows (वाधवा: Wadhwa).
SCHWA_PENALTY = 2.0
_LABIALS = frozenset("पफबभम")  # प फ ब भ म: anusvara before them is "m" (कांबली: Kambli)
_RETROFLEX_FLAPS = frozenset("डढ")  # ड ढ: "r"/"rh" only with a nukta, never first in a word (ढकरानी)


# The last consonants of a cluster after which a word-final schwa is silent. Counts of the name-list token pairs
# ending in a cluster (English ending in a vowel : not): स 2:27 (एडवर्ड्स Edwards, स्टोक्स Stokes), त 7:30
# (Brahmadutt), ष 3:23 (Akarsh), ड 1:13, ट 1:12, थ 1:10 (Parth), ग 0:11 (Garg), श 0:9 (Adarsh), क 1:8 (Kanishk),
# द 0:7, ब 0:4, फ 0:3, भ 0:2; but र 156:18 (मित्र Mitra, इंद्र) and य 91:4 (आदित्य Aditya) keep it, and the mixed
# ones (ण 11:5, व 6:4, म 3:7, प 3:6, न 3:5, ध 2:5, ज 2:8) keep it too: held-out pairs lost Savarna and Prabuddha
# when the model was left to choose there.
_SILENT_FINAL_AFTER_CLUSTER = frozenset("सतषडटथगशकदबफभ")


def schwa_deleted(us: tuple[str, ...]) -> list[bool | None]:
    """Per unit of a token: is the inherent vowel of this consonant unit ("Ca") silent (True), spoken (False), or
    does the unit have none (None)? Hindi schwa deletion (Ohala 1983), right to left: a word-final schwa is silent
    unless a consonant cluster precedes it (मित्र: mitra) whose last consonant is not one of
    ``_SILENT_FINAL_AFTER_CLUSTER`` (शैप्स: Shaips, गर्ग: Garg, as the name lists write them); a medial one is
    silent between a vowel and a consonant with a vowel (VC_CV: कालसी -> kalsi, वाधवा -> vadhva), never twice in a
    row (the consonant before a deleted schwa now stands before a cluster). The first unit's schwa is always
    spoken, and so is that of a final य after ी / ि (the press writes मालवीय Malviya, भारतीय Bhartiya)."""
    n = len(us)
    out: list[bool | None] = [None] * n

    def vowel_after(k: int) -> bool:  # does unit k (a consonant) carry a spoken vowel?
        u = us[k]
        if u.endswith("a") and u[0] in _CONSONANTS:
            return out[k] is False
        return k + 1 < n and us[k + 1][0] in _VOWEL_SIGNS

    for i in range(n - 1, -1, -1):
        u = us[i]
        if not (u.endswith("a") and u[0] in _CONSONANTS):
            continue
        if i == 0:
            out[i] = False
            continue
        prev = us[i - 1]
        after_vowel = prev[0] in _VOWEL_SIGNS or prev[0] in _INDEPENDENT_VOWELS or prev[0] in _SIGNS or (
            prev.endswith("a") and prev[0] in _CONSONANTS
        )
        if i == n - 1:
            if not after_vowel:  # after a cluster: spoken after र / य (मित्र, आदित्य), silent after most others
                out[i] = u[0] in _SILENT_FINAL_AFTER_CLUSTER
                continue
            # final -ीय / -िय is written "iya" (मालवीय: Malviya, भारतीय: Bhartiya)
            out[i] = not (u[0] == "\u092f" and prev in ("\u0940", "\u093f"))
        else:
            nxt = us[i + 1]
            out[i] = after_vowel and nxt[0] in _CONSONANTS and vowel_after(i + 1)
    return out


# Aspirated consonants: the name lists spell them with an "h" (chunks aligned to ख 167 of 170, घ 59 of 59, छ 11 of
# 15 and 23 of 27 token pairs: Chhabra, Chhetri, Chhatarpur; ठ 36 of 39, थ 224 of 226, ध 351 of 358, भ 377 of 384).
# The few "ch" for छ (Chaaya, Chapra) are enough for the trigram model to write छाब्रिया "Chaabriya" for Chhabria.
_ASPIRATES = {"ख": "kh", "घ": "gh", "छ": "chh", "ठ": "th", "थ": "th", "ध": "dh", "भ": "bh"}

# Nukta letters whose sound the English-language press always writes as such (the lists seldom use the nukta, so
# the learned model reads ज़ like ज half the time).
_NUKTA_SOUNDS = {"\u091c\u093c": "z", "\u092b\u093c": "f"}


def _orthographic(
    unit: str, i: int, us: tuple[str, ...], chunks: list[str], schwa: list[bool | None], place: bool = False
) -> list[str]:
    """``chunks`` without the spellings Hindi orthography rules out here (if any chunk is left): anusvara before a
    labial is "m" and before another consonant not "m" (अंबानी, कांबली; संजय); an aspirated consonant keeps its "h"
    (``_ASPIRATES``: छाब्रिया is Chhabria, not Chaabriya); ज़ / फ़ are "z" / "f" (``_NUKTA_SOUNDS``);
    ड / ढ without a nukta are "d" / "dh"
    as a word's first letter (ढकरानी: Dhakrani, not Rhkarani); व right after a consonant with no vowel of its own
    is "w" before आ or at the word's end, as the press writes it (गोलवां: Golwan, नौतनवा: Nautanwa, like Agarwal,
    Jaiswal, Bhardwaj; but मालवीय is Malviya)."""
    keep = chunks
    if unit[:2] in _NUKTA_SOUNDS:  # ज़ is z, फ़ is f: the nukta says so (वंज़ारा: Vanzara, वज़ीराबाद: Wazirabad)
        keep = [c for c in chunks if c.startswith(_NUKTA_SOUNDS[unit[:2]])]
    elif unit == "\u0902" and i + 1 < len(us) and us[i + 1][0] in _CONSONANTS:
        labial = us[i + 1][0] in _LABIALS
        keep = [c for c in chunks if c.startswith("m") == labial and c]
    elif i == 0 and unit[0] in _RETROFLEX_FLAPS and _NUKTA not in unit:
        keep = [c for c in chunks if not c.startswith("r")]
    elif schwa[i] is False and i == len(us) - 2 and schwa[i + 1] is True and i > 0 and us[i - 1] not in _CONSONANTS:
        # the last consonant but one keeps its vowel before a final consonant that loses its own: सिंघल is Singhal,
        # not Singhl (no name ends in two consonants that Hindi writes with two vowels); not after a half consonant
        # (रॉबर्टस: Roberts)
        keep = [c for c in chunks if c[-1:] in ("a", "e", "o")]
    elif unit[0] == "\u0935" and i > 0 and us[i - 1][0] in _CONSONANTS and schwa[i - 1] is True and (
        (i + 1 < len(us) and us[i + 1] == "\u093e") or (unit.endswith("a") and i == len(us) - 1)
    ):  # "wa": नौतनवा, अग्रवाल; not before other vowels (मालवीय: Malviya)
        keep = [c for c in chunks if c.startswith("w")]
    if place and unit[0] == "\u091c" and _NUKTA not in unit:  # a place's ज is "j" (``NameRomaniser.model_token``)
        keep = [c for c in keep if c.startswith("j")] or keep
    if unit[0] in _ASPIRATES and _NUKTA not in unit:
        keep = [c for c in keep if _ASPIRATES[unit[0]] in c] or keep
    return keep or chunks


# Reranking by English evidence (``NameRomaniser.model_token``, ``english_evidence``): the press's spellings of names
# are attested in English at large (wordfreq's English list, Zipf: log10 per billion words), the model's variants
# often not (subhash 2.34 / subhas 2.11, tharoor 2.13 / tharur 0, tiwari / tivari 0, chhabra 1.56 / chhabada 0).
# Candidates: the beam's final spellings and the English words with the same ``spelling_skeleton`` as one of them
# (scored by ``forced_logprob``), all at most NBEST_MARGIN below the model's best; score = model log-probability +
# ENGLISH_WEIGHT * min(Zipf, ENGLISH_CAP) (in effect: an attested spelling beats an unattested one up to 3 nats
# better). No bonus for a common English word (Zipf >= ENGLISH_COMMON: punch 4.32 is not पुंछ Poonch) nor for one
# of ``english_foreign.txt`` (far commoner in French, Spanish, German, Italian, Portuguese or Dutch than in English:
# sud, 2.79 in English but 5.3 in French, would make सूद "Sud", not Sood). Tuned on md5 buckets 1-5 of the name pairs
# (for each bucket a model trained without it and without the evaluation bucket 0; 5,293 tokens), token exact / any
# / CER of the model: 0.700 / 0.719 / 0.070 before; the beam's n-best alone 0.704 / 0.723 / 0.069; with the English
# words of the same skeleton 0.712 / 0.732 / 0.067 (every bucket better); weights 1-3, caps 1-2.5 and margins 2-4
# gave 0.710-0.713; the common-word cut at 4.5 0.713, at 4.0 0.712 (4.0 kept: "punch"); a skeleton that keeps "sh"
# apart from "s" 0.713 against 0.713 and no "Seps" for शैप्स (Grant Shapps, the real-news gold); one that keeps "c"
# apart from "k" 0.712 either way and no Cathal for कैथल (Kaithal) nor Kolam -> Kollam for कॉलम "column" (real-dev);
# no bonus below Zipf 1.2 or 1.5: 0.709 and 0.708.
ENGLISH_WEIGHT = 2.0
ENGLISH_CAP = 1.5
ENGLISH_COMMON = 4.0
NBEST_MARGIN = 3.0
# The model's first spelling stands when English text attests it this often (wordfreq English Zipf): "And" (एंड),
# "Khan" (खां), "Path" (पथ), "Brad", "Kevin", "El" are already what the press writes; the rerank picked "Ande", "Kha",
# "Patha", "Bred", "Kavin", "Yel" on 2,255 outlet stories and 325 BBC Hindi rows.
ENGLISH_KEEP_ZIPF = 2.0
# An English word of the same skeleton is scored (a forced alignment each) only when spelled this much like one of
# the model's near candidates (rapidfuzz ratio, 0-100): "vn" holds 164 English words, of which wuhan is like vuhan.
MIN_ENGLISH_RATIO = 60
FOREIGN_FILE = "english_foreign.txt"


def spelling_skeleton(word: str) -> str:
    """A Latin spelling reduced to what Indian-English variants share: lower case; ph/w/q/x/z/y read as
    f/v/k/ks/j/i; "sh" kept apart from "s" and "c" from "k" (the Hindi press writes श "sh" and क "k": no "Seps" for
    शैप्स, no Cathal for कैथल), other h dropped; doubled letters single; vowels dropped after the first letter.
    "Tiwari" and "Tivari" -> "tvr", "Goenka" and "Goyanka" -> "gnk"."""
    w = word.lower().replace("sh", "S")
    for a, b in (("ph", "f"), ("w", "v"), ("q", "k"), ("x", "ks"), ("z", "j"), ("y", "i"), ("h", "")):
        w = w.replace(a, b)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:1] + re.sub("[aeiou]", "", w[1:])


def english_zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` (lower-cased) in English: 0 = unseen, ~7 = the commonest. The English list
    (~37 MB in memory) loads on the first call."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


@lru_cache(maxsize=2)
def english_index(foreign: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """``spelling_skeleton`` -> the words of wordfreq's English list with that skeleton (lower case, ASCII letters,
    3+ letters, Zipf < ``ENGLISH_COMMON``, not in ``foreign``), commonest first. ~270,000 words; built in ~2 s and
    ~60 MB with the English list (built once per process: at ``NameRomaniser.warm`` or on the first token the
    dictionary lacks)."""
    from wordfreq import get_frequency_dict

    index: dict[str, list[tuple[float, str]]] = {}
    for word, freq in get_frequency_dict("en").items():
        if len(word) >= 3 and word.isascii() and word.isalpha() and word.islower() and word not in foreign:
            if freq > 0 and math.log10(freq) + 9 < ENGLISH_COMMON:
                index.setdefault(spelling_skeleton(word), []).append((-freq, word))
    return {k: tuple(w for _f, w in sorted(v)) for k, v in index.items()}


# -िया at the end of a name of two words or more (a surname) is "-ia": so write the name lists' full names (12 of
# 14: Bhatia, Guleria, Kataria, Poonia, Scindia, Sisodia; Dahiya and Mandaviya the others) and the Local Government
# Directory's places (15 of 21: Araria, Khagaria, Balia). Given names alone are mostly "-iya" (87 of 135 single
# words: Supriya, Bindiya), which the model keeps.
_IYA = "\u093f\u092f\u093e"


class NameRomaniser:
    """Dictionary + joint n-gram character model (+ aksharamukha) romaniser of Devanagari names.

    ``dictionary`` maps normalised Devanagari tokens to an English spelling (Title Case). ``ngrams`` maps a
    history (tuple of 0..ORDER-1 graphones, a graphone being ``unit + "=" + latin chunk``) to the counts of
    the graphones that followed it in the aligned training pairs (``EOW`` closes every word).
    """

    def __init__(
        self,
        dictionary: dict[str, str],
        ngrams: dict[tuple[str, ...], dict[str, int]],
        english_foreign: frozenset[str] | None = None,
    ) -> None:
        """``english_foreign``: lower-case words of ``english_foreign.txt``; None turns the English rerank of the
        model's n-best off (``model_token`` is then the model's best alone)."""
        self.dictionary = dictionary
        self.ngrams = ngrams
        self.english_foreign = english_foreign
        self._stats = {h: (sum(c.values()), len(c)) for h, c in ngrams.items()}
        unigrams = ngrams.get((), {})
        self._vocab = len(unigrams) + 1
        self._total = sum(unigrams.values())
        cands: dict[str, list[tuple[int, str]]] = {}
        for g, c in unigrams.items():
            if g != EOW:
                unit, chunk = g.split("=", 1)
                cands.setdefault(unit, []).append((c, chunk))
        # per unit the chunks seen at least twice and in >= 1 % of its alignments (or the most frequent one),
        # most frequent first, at most 6
        self.candidates = {}
        for u, cs in cands.items():
            ranked = sorted(cs, key=lambda x: (-x[0], x[1]))
            floor = max(2.0, 0.01 * sum(c for c, _ in cs))
            self.candidates[u] = [ch for c, ch in ranked if c >= floor][:6] or [ranked[0][1]]
        self._logp: dict[tuple[tuple[str, ...], str], float] = {}
        self._cache: dict[tuple[str, bool], str] = {}
        self._learned_cache: dict[tuple[str, bool], str | None] = {}

    @classmethod
    def load(cls, path: str | Path = DATA_DIR) -> NameRomaniser:
        """Read ``dictionary.tsv`` and ``model.tsv`` from the folder ``path`` (written by the build script)."""
        path = Path(path)
        dictionary: dict[str, str] = {}
        with open(path / "dictionary.tsv", encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 2:
                    raise ValueError(f"{path / 'dictionary.tsv'}:{lineno}: expected token<TAB>english...")
                dictionary[parts[0]] = parts[1]
        ngrams: dict[tuple[str, ...], dict[str, int]] = {}
        with open(path / "model.tsv", encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.startswith("#"):
                    if line.startswith("#version") and line.split()[1] != FORMAT_VERSION:
                        raise ValueError(f"{path / 'model.tsv'}: format {line.split()[1]}, expected {FORMAT_VERSION}")
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3 or not parts[2].isdigit():
                    raise ValueError(f"{path / 'model.tsv'}:{lineno}: expected history<TAB>graphone<TAB>count")
                history = tuple(parts[0].split(" ")) if parts[0] else ()
                ngrams.setdefault(history, {})[parts[1]] = int(parts[2])
        foreign = None
        if (path / FOREIGN_FILE).exists():  # a folder without it (an older build) spells without the English rerank
            with open(path / FOREIGN_FILE, encoding="utf-8") as fh:
                foreign = frozenset(w for w in (line.strip() for line in fh) if w and not w.startswith("#"))
        return cls(dictionary, ngrams, foreign)

    # -- the character model ---------------------------------------------------------------------------------
    def logprob(self, history: tuple[str, ...], g: str) -> float:
        """log P(g | history), Witten-Bell interpolated down to an add-one unigram."""
        key = (history, g)
        hit = self._logp.get(key)
        if hit is not None:
            return hit
        p = (self.ngrams.get((), {}).get(g, 0) + 1) / (self._total + self._vocab)
        for k in range(len(history) - 1, -1, -1):
            h = history[k:]
            stats = self._stats.get(h)
            if stats is None:
                break
            total, types = stats
            p = (self.ngrams[h].get(g, 0) + types * p) / (total + types)
        lp = math.log(p)
        self._logp[key] = lp
        return lp

    def model_token(self, token: str, place: bool = False) -> str | None:
        """The character model's spelling (Title Case), or None if the token has a unit the model never saw.

        Beam search (width ``BEAM``) over the graphone sequences whose units are the token's units (``model_nbest``),
        then, unless ``english_foreign`` is None, the best of the beam's candidates and the English words of the same
        ``spelling_skeleton`` within ``NBEST_MARGIN`` of its best, by log-probability + ``ENGLISH_WEIGHT`` *
        ``english_evidence`` (Jagaran -> Jagran, Tivari -> Tiwari). ``place``: the
        token is (part of) a place name, whose ज without a nukta is "j" (all 45 names of the Local Government
        Directory that start with ज: Jamalpur, Jainagar; people's names from the lists write it "z" one time in
        twelve, Zakir, Zeeshan, which made the village जरपा "Zarpa").
        """
        nbest = self.model_nbest(token, place)
        if not nbest:
            return None
        if self.english_foreign is None:
            return nbest[0][1]
        if english_zipf(nbest[0][1]) >= ENGLISH_KEEP_ZIPF:
            # the model's own spelling is an English word already (And, Khan, Path, Mask, Brad, Kevin, El): English
            # text also holds junk of the same consonants (Ande, Kha, Patha, Bred, Kavin, Yel) that would outscore it
            return nbest[0][1]
        top = nbest[0][0]
        near = [(s, e) for s, e in nbest if top - s <= NBEST_MARGIN]
        index = english_index(self.english_foreign)
        seen = {e.lower() for _s, e in nbest}
        extra: list[tuple[float, str]] = []
        spellings = [e.lower() for _s, e in near]
        for skeleton in sorted({spelling_skeleton(e) for _s, e in near}):
            for word in index.get(skeleton, ()):
                # a forced alignment per word is the cost: only words spelled much like a near candidate (vienna
                # shares the skeleton of vuhan, wuhan its letters too)
                if word not in seen and max(fuzz.ratio(word, sp) for sp in spellings) >= MIN_ENGLISH_RATIO:
                    seen.add(word)
                    lp = self.forced_logprob(token, word, place)
                    if lp is not None and top - lp <= NBEST_MARGIN:
                        extra.append((lp, title(word)))
        # the model's own order breaks ties, then English words in index order
        scored = [(s + ENGLISH_WEIGHT * self.english_evidence(e), -k, e) for k, (s, e) in enumerate(near + extra)]
        return max(scored)[2]

    def warm(self) -> None:
        """Load what the English rerank reads (wordfreq's English list and ``english_index``, ~1-2 s and ~60 MB)
        now rather than on the first token the dictionary lacks; nothing when the rerank is off."""
        if self.english_foreign is not None:
            english_index(self.english_foreign)  # cached per process
            english_zipf("the")

    def forced_logprob(self, token: str, spelling: str, place: bool = False) -> float | None:
        """The model's log-probability of ``spelling`` for ``token``: the best alignment of the token's units to the
        chunks the beam of ``model_nbest`` may use (``candidates`` after ``_orthographic``), with its schwa penalties
        and end of word; None when no such alignment spells ``spelling`` (case-insensitive). Histories are pruned to
        the 6 best per (unit, letter) position."""
        us = units(normalise(token))
        lat = spelling.lower()
        if not us or any(u not in self.candidates for u in us):
            return None
        schwa = schwa_deleted(us)
        layers: list[dict[int, dict[tuple[str, ...], float]]] = [{} for _ in range(len(us) + 1)]
        layers[0][0] = {(BOW,) * (ORDER - 1): 0.0}
        for i, u in enumerate(us):
            chunks = _orthographic(u, i, us, self.candidates[u], schwa, place)
            for j, hists in layers[i].items():
                best = sorted(hists.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
                for chunk in chunks:
                    if not lat.startswith(chunk, j):
                        continue
                    g = u + "=" + chunk
                    cost = SCHWA_PENALTY if schwa[i] is not None and (chunk[-1:] in ("a", "o", "e")) == schwa[i] else 0.0
                    nxt = layers[i + 1].setdefault(j + len(chunk), {})
                    for h, s in best:
                        s2 = s + self.logprob(h, g) - cost
                        h2 = (*h[1:], g)
                        if s2 > nxt.get(h2, -math.inf):
                            nxt[h2] = s2
        end = layers[len(us)].get(len(lat))
        if not end:
            return None
        return max(s + self.logprob(h, EOW) for h, s in end.items())

    def english_evidence(self, spelling: str) -> float:
        """How strongly English text attests ``spelling`` as a word that is not a common one: its English Zipf
        (``english_zipf``) capped at ``ENGLISH_CAP``; 0 if unseen, a common English word (>= ``ENGLISH_COMMON``) or
        one of ``english_foreign`` (0 as well when the rerank is off)."""
        word = spelling.lower()
        if self.english_foreign is None or word in self.english_foreign:
            return 0.0
        z = english_zipf(word)
        return 0.0 if z >= ENGLISH_COMMON else min(z, ENGLISH_CAP)

    def model_nbest(self, token: str, place: bool = False) -> list[tuple[float, str]]:
        """The beam's final candidates as ``(log-probability incl. end of word and schwa penalties, spelling)``,
        best first (at most ``BEAM``, distinct spellings, Title Case); ``[]`` when the token has a unit the model
        never saw (``model_token`` is the first spelling)."""
        us = units(token)
        if not us or any(u not in self.candidates for u in us):
            return []
        schwa = schwa_deleted(us)
        beam: list[tuple[float, tuple[str, ...], str]] = [(0.0, (BOW,) * (ORDER - 1), "")]
        for i, u in enumerate(us):
            nxt: dict[tuple[str, ...], tuple[float, tuple[str, ...], str]] = {}
            chunks = _orthographic(u, i, us, self.candidates[u], schwa, place)
            for score, hist, out in beam:
                for chunk in chunks:
                    g = u + "=" + chunk
                    s = score + self.logprob(hist, g)
                    if schwa[i] is not None and (chunk[-1:] in ("a", "o", "e")) == schwa[i]:
                        s -= SCHWA_PENALTY  # the chunk keeps a schwa the rule deletes, or drops one it keeps
                    h2 = (*hist[1:], g)
                    best = nxt.get(h2)
                    if best is None or s > best[0]:
                        nxt[h2] = (s, h2, out + chunk)
            beam = sorted(nxt.values(), key=lambda x: (-x[0], x[2]))[:BEAM]
        finals = sorted(((s + self.logprob(h, EOW), out) for s, h, out in beam if out), reverse=True)
        out_list: list[tuple[float, str]] = []
        seen: set[str] = set()
        for s, out in finals:
            spelled = linking_roman._finish(out)  # Title Case, loanword "kj" -> "x" (Alexander)
            if spelled and spelled not in seen:
                seen.add(spelled)
                out_list.append((s, spelled))
        return out_list

    # -- public API ------------------------------------------------------------------------------------------
    def known(self, token: str) -> bool:
        """Does the dictionary or the model (not aksharamukha) spell this Devanagari token?"""
        return self._learned(token) is not None

    def _learned(self, token: str, place: bool = False) -> str | None:
        if (token, place) in self._learned_cache:
            return self._learned_cache[(token, place)]
        key = normalise(token)
        hit = self.dictionary.get(key)
        if hit is None:
            hit = self.model_token(key, place)
        if len(self._learned_cache) > 200_000:
            self._learned_cache.clear()
        self._learned_cache[(token, place)] = hit
        return hit

    def romanise_token(self, token: str, place: bool = False) -> str:
        """One word: ``"सूद"`` -> ``"Sood"``; initialisms ``"केसीएनए"`` -> ``"KCNA"``; Latin returned as is.
        ``place``: a word of a place name (``model_token``: जरपा -> Jarpa, not Zarpa). KB lookups of place words
        use it too: the model alone (no English rerank) lost Nuh, Wellington and Pathanamthitta on the outlet
        stories, though ~5 times faster uncached."""
        if not token or not is_devanagari(token):
            return token
        hit = self._cache.get((token, place))
        if hit is not None:
            return hit
        special = linking_roman._special(token)
        if special is None:
            special = self._learned(token, place)
        roman = special if special is not None else linking_roman._romanise_word(token)
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[(token, place)] = roman
        return roman

    def spelling_candidates(self, token: str, place: bool = False) -> list[str] | None:
        """Cheaply, the spellings ``romanise_token(token, place)`` chooses among, before the English rerank's
        forced alignments: the spelling already cached, the dictionary's, or the character model's n-best (the
        rerank picks one of those or an English word of the same ``spelling_skeleton``). None when the token takes
        another way (Latin, the ``linking.roman`` special cases, units the model never saw: aksharamukha), so the
        caller must romanise it to know. A pre-filter for callers that look many words up in the KB and need a
        hit on few (``linking.candidates.may_name_big_indian_place``); never raises."""
        if not token or not is_devanagari(token):
            return None
        hit = self._cache.get((token, place))
        if hit is not None:
            return [hit]
        if linking_roman._special(token) is not None:
            return None
        learned = self._learned_cache.get((token, place))
        if learned is not None:
            return [learned]
        key = normalise(token)
        if key in self.dictionary:
            return [self.dictionary[key]]
        return [spelling for _score, spelling in self.model_nbest(key, place)] or None

    def romanise_name(self, text: str, place: bool = False) -> str:
        """Title Case Roman form of a name: ``"राजेश सूद"`` -> ``"Rajesh Sood"``, ``"वीके सिंह"`` -> ``"VK Singh"``.

        Latin words are only tidied (Title Case if all lower and not an initialism), as ``linking.roman.romanise``.
        The last of two or more words, when the model spells it, ends in "-ia" for -िया as surnames and places do
        (``_IYA``: "प्रकाश छाब्रिया" -> "Prakash Chhabria"; alone, छाब्रिया is "Chhabriya" like Supriya); with
        ``place`` (the words of a place name: ``model_token``) a single word too (खगड़िया: Khagaria).
        """
        out = []
        words = linking_roman.words_of(text)
        for k, word in enumerate(words):
            if is_devanagari(word):
                roman = self.romanise_token(word, place)
                if k == len(words) - 1 and (k > 0 or place) and roman.endswith("iya") and word.endswith(_IYA):
                    if normalise(word) not in self.dictionary:  # the lists' own spelling of the word stands
                        roman = roman[:-3] + "ia"
                out.append(roman)
            elif word.islower() and not linking_roman._ROMAN_INITIALISM.match(word):
                out.append(title(word))
            else:
                out.append(word)
        return " ".join(w for w in out if w).replace(" - ", "-")


@lru_cache(maxsize=1)
def default() -> NameRomaniser:
    """The romaniser of the configured romaniser directory (``data_dirs.romaniser_dir()``), loaded once per
    process."""
    return NameRomaniser.load(data_dirs.romaniser_dir())


def romanise_token(token: str) -> str:
    """One Devanagari word romanised by the configured romaniser (``default()``); Latin words unchanged."""
    return default().romanise_token(token)


def romanise_name(text: str) -> str:
    """A whole name romanised by the configured romaniser (``default()``), Title Case ("सुनीता अग्रवाल" -> "Sunita Agarwal")."""
    return default().romanise_name(text)
