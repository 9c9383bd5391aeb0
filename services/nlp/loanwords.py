"""English words written in Devanagari ("एसोसिएशन" -> Association), for the canonical names of organisations and places.

A Devanagari word is read as English when it sounds like a common English word of the CMU Pronouncing Dictionary
(table ``data/lexicon/english_pronunciations.tsv``, built by ``scripts/build_loanwords.py``). This module holds the
sound classes both sides are reduced to (shared with the build script) and the matcher the linker uses.

Sound classes: consonants are lower-case letters (``k g c j t d n p f b m y r l v s h``) plus ``S`` for श/ष/"sh";
aspiration, retroflexion and nukta are ignored (थ, ट, त -> ``t``; ज़ -> ``j``). Vowels are ``A E I O U`` and ``Æ``
(ै, English "cat"); ``ə`` is a Devanagari consonant's inherent vowel (often silent), ``@`` an unstressed English
schwa (AH0), ``Ʌ`` a stressed one (AH1/AH2, "club"), which Hindi writes with the inherent vowel; ``ɪ`` an unstressed
English IH (IH0), which Hindi writes ि or े ("express" एक्सप्रेस).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from services.nlp import data_dirs

PRONUNCIATIONS_FILE = data_dirs.SHIPPED_LEXICON_DIR / "english_pronunciations.tsv"  # the shipped table
PRONUNCIATIONS_NAME = PRONUNCIATIONS_FILE.name

_CONSONANTS = {
    **dict.fromkeys("कखक़ख़", "k"), **dict.fromkeys("गघग़", "g"), **dict.fromkeys("चछ", "c"),
    **dict.fromkeys("जझज़", "j"), **dict.fromkeys("टठतथ", "t"), **dict.fromkeys("डढड़ढ़दध", "d"),
    **dict.fromkeys("णनञङऩ", "n"), "प": "p", **dict.fromkeys("फफ़", "f"), **dict.fromkeys("बभ", "b"), "म": "m",
    **dict.fromkeys("यय़", "y"), **dict.fromkeys("रऱ", "r"), **dict.fromkeys("लळ", "l"), "व": "v",
    **dict.fromkeys("शष", "S"), "स": "s", "ह": "h",
}
_VOWEL_SIGNS = {"ा": "A", "ि": "I", "ी": "I", "ु": "U", "ू": "U", "े": "E", "ै": "Æ", "ो": "O", "ौ": "O", "ॉ": "O", "ॅ": "E", "ृ": "I"}
_VOWEL_LETTERS = {"अ": "ə", "आ": "A", "इ": "I", "ई": "I", "उ": "U", "ऊ": "U", "ए": "E", "ऐ": "Æ", "ओ": "O", "औ": "O", "ऑ": "O", "ऍ": "E", "ऋ": "I"}
_NASALS = {"ं", "ँ"}
_SKIP = {"़", "ः", "\u200c", "\u200d"}
_VIRAMA = "्"
VOWELS = frozenset("AEIOUÆə@Ʌɪ")
# English vowel class -> the Devanagari vowel classes that may write it (an English schwa "@" may be any vowel)
_COMPATIBLE = {
    "A": {"A", "O"},  # "doctor" डॉक्टर, "march" मार्च
    "Æ": {"A", "Æ", "E"},  # "staff" स्टाफ, "bank" बैंक, "national" नेशनल
    "E": {"E", "Æ"},
    "I": {"I"},
    "ɪ": {"I", "E"},  # unstressed IH: "express" एक्सप्रेस, "college" कॉलेज, "package" पैकेज
    "O": {"O", "A"},  # "call" कॉल, "quarantine" क्वारंटाइन
    "U": {"U", "O"},  # "security" सिक्योरिटी
    "Ʌ": {"ə"},  # stressed AH ("club" क्लब, "public" पब्लिक): the inherent vowel
}


def devanagari_phones(word: str) -> list[str] | None:
    """The sound classes of a Devanagari word (``"टीम"`` -> ``["t", "I", "m", "ə"]``), or None for other scripts.

    A consonant without a vowel sign or virama carries the inherent vowel ``ə``; anusvara and chandrabindu are ``n``;
    a chandrabindu right after a consonant is Marathi's English "a" with its nasal (बँक, "bank": ``Æ n``; the same
    reading as ``linking.keys``).
    """
    out: list[str] = []
    chars = [c for c in unicodedata.normalize("NFC", word) if c not in _SKIP]
    for i, ch in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if ch in _CONSONANTS:
            out.append(_CONSONANTS[ch])
            if nxt == "ँ":
                out.append("Æ")  # Marathi बँक, कँप: a chandrabindu right after a consonant is the "a" of "bank"
            elif nxt != _VIRAMA and nxt not in _VOWEL_SIGNS:
                out.append("ə")
        elif ch in _VOWEL_SIGNS:
            out.append(_VOWEL_SIGNS[ch])
        elif ch in _VOWEL_LETTERS:
            out.append(_VOWEL_LETTERS[ch])
        elif ch in _NASALS:
            out.append("n")
        elif ch != _VIRAMA:
            return None
    return out


def sound_variants(phones: list[str]) -> list[list[str]]:
    """The phone list as written, then as it may sound in an English word (at most ``MAX_VARIANTS`` readings):

    * य after ि / ी / े and before a vowel is a glide English does not write ("mafia" माफिया, "Indian" इंडियन,
      "airport" एयरपोर्ट): dropped; after ा / ो it is the second half of a diphthong ("reliance" रिलायन्स, "Reuters" रॉयटर्स): ``I``;
    * य between त / द / न and ू is the British /tju:/ the CMU table (American) writes /tu:/ ("institute"
      इंस्टिट्यूट, "producer" प्रॉड्यूसर): also read without it;
    * ाइजे is "-isation" said with /aɪ/ (ऑर्गेनाइजेशन), where the table has a schwa: also read as ि;
    * a final द after स / क / प / श / च is the /t/ of "-ed" ("advanced" एडवांस्ड, "based" बेस्ड): also read as ``t``,
      which matches only English words spelled with "-ed" (बेस्ड is never "best");
    * a final स after a consonant may be an English plural's /z/ ("airlines" एअरलाइन्स, "motors" मोटर्स), which
      Hindi writes with स: read as ``j`` (``_match`` then takes only English words ending in a consonant and /z/);
    * a final ेस / ास of a word of four or more consonants may be "-ence" / "-ance" written without its nasal
      ("conference" कांफ्रेस, 4 of 115 spellings of the word in the Hindi news corpus): also read with ``n``.
    """
    out = [list(phones)]
    for i, p in enumerate(phones):
        if p != "y" or i == 0:
            continue
        before, nxt = phones[i - 1], phones[i + 1] if i + 1 < len(phones) else ""
        if before in ("I", "E") and nxt in VOWELS:
            out += [[*v[:i], "", *v[i + 1 :]] for v in out]  # "" keeps the indexes; removed below
        elif before in ("A", "O"):
            out += [[*v[:i], "I", *v[i + 1 :]] for v in out]
        elif before in ("t", "d", "n") and nxt == "U":
            out += [[*v[:i], "", *v[i + 1 :]] for v in out]  # British /tju:/ the CMU table writes /tu:/: "institute"
    for i in range(1, len(phones) - 3):
        if phones[i : i + 4] == ["A", "I", "j", "E"] and phones[i - 1] not in VOWELS:
            out += [[*v[:i], "I", "", *v[i + 2 :]] for v in out]  # "-isation" said -aiz- (ऑर्गेनाइजेशन), CMU -əz-
    last = _last_consonant(phones)
    if last > 1 and phones[last] == "d" and phones[last - 1] in ("s", "k", "p", "S", "c") and last == len(phones) - 2:
        out += [[*v[:last], "t", *v[last + 1 :]] for v in out]  # "-ed" after a voiceless sound is /t/: एडवांस्ड
    if last > 0 and phones[last] == "s" and phones[last - 1] not in VOWELS:
        out += [[*v[:last], "j", *v[last + 1 :]] for v in out]
    elif last > 0 and phones[last] == "s" and phones[last - 1] in ("E", "A") and len(skeleton_of(phones).split()) >= 4:
        out += [[*v[:last], "n", *v[last:]] for v in out]  # "-ence" without its nasal: कांफ्रेस
    return [[p for p in v if p] for v in out[:MAX_VARIANTS]]


def _last_consonant(phones: list[str]) -> int:
    return max((k for k, p in enumerate(phones) if p not in VOWELS), default=-1)


def _past_reading(phones: list[str], reading: list[str]) -> bool:
    """Is ``reading`` the /t/ reading of a final द after a voiceless sound (``sound_variants``: "-ed", एडवांस्ड)?"""
    a, b = _last_consonant(phones), _last_consonant(reading)
    return a >= 0 and b >= 0 and phones[a] == "d" and reading[b] == "t"


def _plural_reading(phones: list[str], reading: list[str]) -> bool:
    """Is ``reading`` the plural /z/ reading of a final स (``sound_variants``)?"""
    a, b = _last_consonant(phones), _last_consonant(reading)
    return a >= 0 and b >= 0 and phones[a] == "s" and reading[b] == "j"


MAX_VARIANTS = 8


def skeleton_of(phones: list[str]) -> str:
    """The consonants of a phone list, space-separated (``["t", "I", "m", "ə"]`` -> ``"t m"``)."""
    return " ".join(p for p in phones if p not in VOWELS)


def _slots(phones: list[str]) -> list[list[str]]:
    slots: list[list[str]] = [[]]
    for p in phones:
        if p in VOWELS:
            slots[-1].append(p)
        else:
            slots.append([])
    return slots


def _slot_cost(dev: list[str], eng: list[str], final: bool = False) -> int:
    if final and eng == ["@"] and dev == ["A"]:
        return 0  # a final English schwa written ा ("orchestra" ऑर्केस्ट्रा, "plasma" प्लाज्मा): see ``_FINAL_AA``
    e = [v for v in eng if v != "@"]
    d = [v for v in dev if v != "ə" or "Ʌ" in e]
    if len(d) == len(eng) > len(e) >= 1 and all(ev == "@" or dv in _COMPATIBLE[ev] for dv, ev in zip(d, eng)):
        return 0  # an unstressed English vowel written out after another ("mafia" माफिया: I @ -> ि ा)
    if len(d) == len(e):
        return 0 if all(dv in _COMPATIBLE[ev] for dv, ev in zip(d, e)) else 1
    if not e and len(d) == 1 and d[0] in ("I", "U", "E", "O") and "@" in eng:
        return 0  # an unstressed English schwa written with a full vowel ("police" पुलिस, "isolation" आइसोलेशन)
    return 1


def vowel_cost(dev: list[str], eng: list[str], final_aa: bool = False) -> int:
    """Number of vowel positions where a Devanagari and an English phone list (same skeleton) disagree.
    ``final_aa``: a final ा may write a final English schwa (``_FINAL_AA``).

    Raises ``ValueError`` when the skeletons differ."""
    ds, es = _slots(dev), _slots(eng)
    if len(ds) != len(es) or skeleton_of(dev) != skeleton_of(eng):
        raise ValueError("vowel_cost needs two phone lists with the same consonants")
    initial = int(bool(ds[0]) != bool(es[0]))  # "award" starts with a vowel, वार्ड (ward) does not
    last = len(ds) - 1
    return initial + sum(_slot_cost(d, e, final_aa and k == last) for k, (d, e) in enumerate(zip(ds, es)))


# A final ा writes a final English schwa ("orchestra" ऑर्केस्ट्रा, "plasma" प्लाज्मा, "influenza" इंफ्लुएंजा) only in
# a word with a conjunct: without one, Hindi words and names ending in ा sound like English words too (किराना
# "grocery" like "corona", कुराना like "corona", नवादा like "Nevada", मांगा "asked" like "manga": all in the news
# corpus).
_FINAL_AA = re.compile("्.*ा$")


# Letters English words are not written with (aspirates other than थ/फ for "th"/"f", retroflex ण/ष, ऋ), the
# Sanskrit cluster स्थ, and Hindi plural/oblique endings (डॉक्टरों is not "doctrine"): never read as English.
_NATIVE = re.compile("[घझढधभछखठणषऋ]|स्थ|(?:ों|ें|ओं|एं|यों|ाने|ाकर|ेकर)$")
MIN_CONSONANTS = 3  # टीम: "team" or "time"? Words of fewer consonants are too ambiguous
# A word much more common in Hindi than its English look-alike is in English is a Hindi word (आर्थिक is not
# "arctic"): English Zipf must be >= Hindi Zipf - HINDI_MARGIN.
HINDI_MARGIN = 0.5
# Two English words that fit as well are told apart only when their Zipf frequencies differ by more than this.
TIE_MARGIN = 0.2


# Vowel signs only English words are written with (the "a" of "cat", the "o" of "doctor"): नॅशनल, ऑनलाईन, कॉमर्स;
# and Marathi's chandrabindu right after a consonant (बँक, "bank").
_ENGLISH_VOWELS = re.compile("[ॅॉऑऍ]|(?<=[\u0915-\u0939\u0958-\u095f])\u0901")
# A common Marathi word is English only with an English vowel sign or at least this many consonants: the short
# native words करत, परत, गरज, मात्र sound like "Kurt", "Perth", "grudge", "matter"; कंपनी, रिलायन्स are English.
MARATHI_COMMON_MIN_CONSONANTS = 4


def _english_looking(word: str, reading: list[str]) -> bool:
    """Is a word common in Marathi news still plainly an English loanword (see ``MARATHI_COMMON_MIN_CONSONANTS``)?"""
    return bool(_ENGLISH_VOWELS.search(word)) or len(skeleton_of(reading).split()) >= MARATHI_COMMON_MIN_CONSONANTS


class EnglishLoanwords:
    """English words written in Devanagari, matched by sound against an English pronunciation table.

    The table ``english_pronunciations.tsv`` (English word in British spelling, its wordfreq English Zipf, its sound
    classes) is built by ``scripts/build_loanwords.py`` from the CMU Pronouncing Dictionary. A Devanagari word is an
    English word when its consonant skeleton equals the English word's and every vowel agrees (``vowel_cost`` 0),
    unless it is a word of people's names (``NameLexicon``), a common Marathi word that does not look English
    (``_english_looking``: करत is not "Kurt", नॅशनल is "National"), has letters or endings English
    words are not written with (``_NATIVE``), fewer than ``MIN_CONSONANTS`` consonants, is much more common in Hindi
    than the English word in English (``HINDI_MARGIN``), or two English words fit as well (``TIE_MARGIN``).

    ``english("इन्वेस्टिगेशन")`` -> ``"Investigation"``; None otherwise. Raises ``FileNotFoundError`` when the table
    is missing.
    """

    def __init__(self, path: Path = PRONUNCIATIONS_FILE) -> None:
        self._by_skeleton: dict[str, list[tuple[str, float, list[str]]]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                word, zipf, phones = line.split("\t")
                ph = phones.split()
                self._by_skeleton.setdefault(skeleton_of(ph), []).append((word, float(zipf), ph))
        self._cache: dict[tuple[str, bool], str | None] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_skeleton.values())

    def english(self, word: str, *, among_english: bool = False) -> str | None:
        """The English word (Title Case, British spelling) that the Devanagari ``word`` spells, or None.

        ``among_english``: the word stands in a name beside other English words, where a short word is no longer
        ambiguous ("इंटरनेशनल एयर ट्रांसपोर्ट एसोसिएशन": एयर is "Air"): words of one or two consonants are read too
        (``MIN_CONSONANTS`` does not apply; every other condition does)."""
        word = unicodedata.normalize("NFC", word)
        key = (word, among_english)
        if key not in self._cache:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = self._match(word, 1 if among_english else MIN_CONSONANTS)
        return self._cache[key]

    def _match(self, word: str, min_consonants: int = MIN_CONSONANTS) -> str | None:
        phones = devanagari_phones(word)
        if phones is None or _NATIVE.search(word.replace("\u200d", "").replace("\u200c", "")):
            return None
        readings = [r for r in sound_variants(phones) if skeleton_of(r) in self._by_skeleton]
        if not readings or len(skeleton_of(readings[0]).split()) < min_consonants:
            return None
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        lexicon = NameLexicon.default()
        if lexicon.is_name_token(word) or word in lexicon.marathi_common and not _english_looking(word, readings[0]):
            return None
        final_aa = bool(_FINAL_AA.search(word))
        # a short word matches no English word with a schwa, which any written vowel fits: एयर is "air", not "are"
        short = len(skeleton_of(readings[0]).split()) < MIN_CONSONANTS
        fits = sorted(
            {
                (-zipf, eng)
                for reading in readings
                for eng, zipf, eng_phones in self._by_skeleton[skeleton_of(reading)]
                if vowel_cost(reading, eng_phones, final_aa) == 0
                and not (short and "@" in eng_phones)
                and (not _plural_reading(phones, reading) or eng_phones[-2:-1] != [] and eng_phones[-2] not in VOWELS)
                and (not _past_reading(phones, reading) or eng.endswith("ed"))  # बेस्ड is "based", never "best"
            }
        )  # a set: one entry per English word, however many of its pronunciations (or readings) fit
        if not fits or (len(fits) > 1 and fits[1][0] - fits[0][0] < TIE_MARGIN):
            return None
        zipf, eng = -fits[0][0], fits[0][1]
        if zipf < hindi_zipf(word) - HINDI_MARGIN:
            return None
        return eng[:1].upper() + eng[1:]

    @staticmethod
    @lru_cache(maxsize=1)
    def default() -> "EnglishLoanwords":
        """The table in the configured lexicon directory (``data_dirs.lexicon_dir()``), loaded once per process."""
        return EnglishLoanwords(data_dirs.lexicon_dir() / PRONUNCIATIONS_NAME)
