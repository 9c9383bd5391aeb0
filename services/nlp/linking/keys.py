"""Name keys: fold the many ways one name is spelled (Hindi and English) into one comparable string.

Why: news writes दिमित्री पेसकोव and दमित्री पेस्कोव, मॉस्को and मास्को, "Mr Kim" and "Kim". The knowledge base
and the linker compare *keys*, never raw surfaces. Two levels:

* ``name_key`` keeps vowels (after folding length, nukta, chandrabindu, halant) and is what KB aliases are
  indexed under and what fuzzy ratios are computed on;
* ``skeleton`` also drops dependent vowel signs (and Latin vowels after the first letter) so that variants that
  differ only in vowels collide; it blocks fuzzy candidates and gives unknown names an id that survives
  spelling variation across articles.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import groupby

from services.nlp.lexicon import merged
from services.nlp.scripts import DEVANAGARI, DEVANAGARI_CHAR_RE, is_devanagari

KEYS_VERSION = "11"

_NUKTA_PRECOMPOSED = {
    "\u0929": "\u0928",  # ऩ
    "\u0931": "\u0930",  # ऱ
    "\u0934": "\u0932",  # ऴ
    "\u0958": "\u0915",  # क़
    "\u0959": "\u0916",  # ख़
    "\u095a": "\u0917",  # ग़
    "\u095b": "\u091c",  # ज़
    "\u095c": "\u0921",  # ड़
    "\u095d": "\u0922",  # ढ़
    "\u095e": "\u092b",  # फ़
    "\u095f": "\u092f",  # य़
    "\u0933": "\u0932",  # ळ -> ल: Marathi writes केरळ, तामिळनाडू, कोळसा where Hindi writes ल
}
_VOWEL_FOLD = {
    "\u0901": "\u0902",  # chandrabindu -> anusvara
    "\u0908": "\u0907",  # ई -> इ
    "\u0940": "\u093f",  # ी -> ि
    "\u090a": "\u0909",  # ऊ -> उ
    "\u0942": "\u0941",  # ू -> ु
    "\u0911": "\u0913",  # ऑ -> ओ
    "\u0949": "\u094b",  # ॉ -> ो
    "\u090d": "\u090f",  # ऍ -> ए
    "\u0945": "\u0948",  # ॅ -> ै: Marathi writes the English "a" of bank, CAG, man ॅ (बॅंक, कॅग) where Hindi writes ै
    "\u0972": "\u0905",  # ॲ -> अ
    "\u0944": "\u0943",  # ॄ -> ृ
    "\u0960": "\u090b",  # ॠ -> ऋ
}
_DROP = dict.fromkeys(map(ord, "\u093c\u094d\u200c\u200d\u0903\u0951\u0952\u0953\u0954\u00ad\u200b\ufeff"))
_TRANS = str.maketrans({**_NUKTA_PRECOMPOSED, **_VOWEL_FOLD})
# Half nasal consonant before a consonant is the same sound as anusvara: नरेन्द्र == नरेंद्र, हिन्दी == हिंदी,
# रिलायन्स (Marathi) == रिलायंस (Hindi).
_HALF_NASAL = re.compile(
    "[\u0919\u091e\u0923\u0928\u092e]\u094d(?=[\u0915-\u0918\u091a-\u091d\u091f-\u0922\u0924-\u0927\u092a-\u092d\u0936-\u0938\u0958-\u095e])"
)  # only before stops and sibilants: न्य / म्ह stay as they are
# Dependent vowel signs, anusvara and Latin vowels; dropped from skeletons (not from a word's first letter).
_SKELETON_DROP = dict.fromkeys(map(ord, "\u093e\u093f\u0940\u0941\u0942\u0943\u0944\u0945\u0946\u0947\u0948\u0949\u094a\u094b\u094c\u0962\u0963\u0902aeiouy"))
_DEVANAGARI = DEVANAGARI_CHAR_RE
_PUNCT_JOIN = re.compile(r"[.\u0964\u0965'’`´ʼ]")  # dots/apostrophes join: डी.पी.आर.के. == डीपीआरके, U.S. == us
_NON_WORD = re.compile(rf"[^\w{DEVANAGARI}]+")

# Titles and honorifics carry no identity ("श्री लावरोव" is Lavrov, "President Putin" is Putin), and generic heads
# after an organisation's name ("भाजपा पार्टी", "Tata Group"): both listed per language in data/lexicon/*.yaml
# (services/nlp/lexicon.py), shared with the recogniser; folded to keys below.
# Honorifics after a name, and case markers an NER span sometimes swallows ("पुतिन ने", "मोदी जी").
_TRAILING_HONORIFICS = {
    "जी", "साहब", "साहेब", "ji", "sahab", "saheb",
    "ने", "को", "की", "का", "के", "से", "में", "पर", "ला", "चा", "ची", "चे", "नी", "ना",
    # Marathi honorific plural pronoun + case after a name: "देवेंद्र फडणवीस यांनी", "सचिन तेंडुलकर यांच्या"
    "यांनी", "यांना", "यांचा", "यांची", "यांचे", "यांच्या", "यांनीही", "यांचं", "यांच्याशी", "यांच्यासह",
}  # fmt: skip
_POSSESSIVE = re.compile(r"['’]s\b|(?<=s)['’](?=\s|$)")


# Marathi spellings of English sounds that Hindi writes otherwise (and व्ह below): बँक (ब + chandrabindu, no vowel sign: "æn") is
# Hindi बैंक, so a chandrabindu right after a consonant reads ैं; the letter I is आय in Marathi and आई in Hindi
# (आयसीआयसीआय = आईसीआईसीआई), so आय ending a syllable reads आइ (आयोग, आयु keep their य).
_MARATHI_AE_NASAL = re.compile("(?<=[\u0915-\u0939\u0958-\u095f])\u0901")
_MARATHI_LETTER_I = re.compile("\u0906\u092f(?![\u093e-\u094d])")
# Marathi writes a vowel after i / e as a second vowel letter where Hindi writes the glide य: एअरटेल = एयरटेल,
# व्हिडिओकॉन = वीडियोकॉन, रेडिओ = रेडियो (the independent vowel becomes य + its sign).
_VOWEL_SIGN_OF = {"\u0905": "", "\u0906": "\u093e", "\u0913": "\u094b", "\u0914": "\u094c", "\u0909": "\u0941", "\u090a": "\u0942"}
# Only after a short i, e or the letter ए (long ई ends the letter names of initialisms: सीओ is CO, डीआईजी DIG), and
# not आई (the letter I: एआई is AI).
_GLIDE_VOWEL = re.compile("(?<=[\u093f\u0947\u0907\u090f])([\u0905\u0913\u0914\u0909\u090a]|\u0906(?![\u0907\u0908]))")
# Marathi writes the English v / w sound व्ह (रिझर्व्ह, व्हिडिओकॉन, व्हिएतनाम) where Hindi writes व (रिजर्व, वीडियोकॉन).
_MARATHI_VH = re.compile("\u0935\u094d\u0939")


def _fold_devanagari(text: str) -> str:
    text = _MARATHI_AE_NASAL.sub("\u0948\u0902", text)
    text = text.translate(_TRANS)
    text = _HALF_NASAL.sub("\u0902", text)
    text = _MARATHI_LETTER_I.sub("\u0906\u0907", text)
    text = _MARATHI_VH.sub("\u0935", text)
    return text.translate(_DROP)


def _fold_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) or _DEVANAGARI.match(ch))


@lru_cache(maxsize=262144)
def name_key(text: str) -> str:
    """Comparable key of a name: case, accents, nukta, vowel length, halant and punctuation folded."""
    text = _POSSESSIVE.sub("", unicodedata.normalize("NFC", text))
    text = _GLIDE_VOWEL.sub(lambda m: "\u092f" + _VOWEL_SIGN_OF[m.group(1)], text)  # before ी -> ि folds सीओ
    text = _fold_devanagari(text)
    if not text.isascii():
        text = _fold_latin(text)
        text = unicodedata.normalize("NFC", _fold_devanagari(text))
    text = _PUNCT_JOIN.sub("", text.casefold())
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


# Compared on name_key-folded tokens, so spellings differing in vowel length or a full stop (डॉ. = डॉ) match too.
# Titles that are part of names the KB holds (पोप लियो 14: ``titles_kept_in_keys``) stay in keys. Computed on first
# use, not at import, so that the lexicon directory configured by ``Pipeline.from_config`` (services/nlp/data_dirs)
# is the one read; ``TITLE_KEYS`` and ``ORG_HEAD_KEYS`` remain readable as module attributes (``__getattr__``).
TRAILING_KEYS = frozenset(name_key(w) for w in _TRAILING_HONORIFICS)


@lru_cache(maxsize=1)
def title_keys() -> frozenset[str]:
    """Keys of the lexicon's titles (every language), minus ``titles_kept_in_keys``."""
    lexicon = merged()
    return frozenset(name_key(w) for w in lexicon.titles) - frozenset(name_key(w) for w in lexicon.titles_kept_in_keys)


@lru_cache(maxsize=1)
def org_head_keys() -> frozenset[str]:
    """Keys of the generic organisation heads the linker may drop (``org_heads_without_identity``): an ORG key not in
    the KB is looked up again without one, so the party is the party whether or not the mention swallowed the noun;
    heads that are part of the name (कांग्रेस, बैंक, मंत्रालय) are never dropped."""
    return frozenset(name_key(w) for w in merged().org_heads_without_identity)


def __getattr__(name: str) -> frozenset[str]:
    """``TITLE_KEYS`` / ``ORG_HEAD_KEYS``: ``title_keys()`` / ``org_head_keys()`` (loaded on first use)."""
    if name == "TITLE_KEYS":
        return title_keys()
    if name == "ORG_HEAD_KEYS":
        return org_head_keys()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def strip_org_head(key: str) -> str | None:
    """``key`` without a trailing generic organisation noun (भाजपा पार्टी -> भाजपा), or None if it has none."""
    tokens = key.split()
    if len(tokens) > 1 and tokens[-1] in org_head_keys():
        return " ".join(tokens[:-1])
    return None


@lru_cache(maxsize=1)
def particles() -> frozenset[str]:
    """Keys of Hindi/Marathi/English stop words and the trailing particles above (यांनी, आणि, and, ने)."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.hi.stop_words import STOP_WORDS as HI
    from spacy.lang.mr.stop_words import STOP_WORDS as MR

    return frozenset(name_key(w) for w in (*HI, *MR, *EN)) | TRAILING_KEYS


def strip_titles(key: str) -> str:
    """Drop leading titles and trailing honorifics from a key; never returns an empty key if one was given."""
    tokens = key.split()
    start = 0
    titles = title_keys()
    while start < len(tokens) - 1 and tokens[start] in titles:
        start += 1
    end = len(tokens)
    while end - 1 > start and tokens[end - 1] in TRAILING_KEYS:
        end -= 1
    return " ".join(tokens[start:end])


def unglue_title(surface: str) -> str:
    """A leading title glued to the name by its full stop gets a space: "डॉ.झा" -> "डॉ. झा", "Dr.Jha" -> "Dr. Jha"."""
    first, dot, rest = surface.partition(".")
    if dot and rest[:1].strip() and " " not in first and name_key(first) in title_keys():
        return f"{first}. {rest}"
    return surface


def strip_title_words(surface: str) -> str:
    """The surface without leading titles / trailing honorifics, spelling kept: "श्री कोज़लोव" -> "कोज़लोव"
    (a title glued by its full stop too: "डॉ.झा" -> "झा")."""
    words = unglue_title(surface).split()
    start, end = 0, len(words)
    titles = title_keys()
    while start < end - 1 and name_key(words[start]) in titles:
        start += 1
    while end - 1 > start and name_key(words[end - 1]) in TRAILING_KEYS:
        end -= 1
    return " ".join(words[start:end])


@lru_cache(maxsize=262144)
def mention_key(text: str) -> str:
    """Key of a mention: ``name_key`` without titles (श्री लावरोव -> लावरोव, President Putin -> putin)."""
    return strip_titles(name_key(unglue_title(text)))


def skeleton(key: str) -> str:
    """Vowel-insensitive form of a key, for blocking fuzzy candidates and for ids of unknown names."""
    words = []
    for word in key.split():
        word = word[:1] + word[1:].translate(_SKELETON_DROP)  # a word-initial vowel is kept (इ, a)
        words.append("".join(ch for ch, _ in groupby(word)))
    return " ".join(words)


# Case endings written glued to the noun in Marathi (and a few Hindi ones): मुंबईतील, महाराष्ट्राच्या, शिवसेनेचे,
# बीसीसीआयचे, ऑस्ट्रेलियाविरुद्धची, मल्ल्यांविरोधात ("against Mallya"). Only tried when the whole key is not in the KB; longest first.
_GLUED_SUFFIXES = sorted(
    {
        name_key(s)
        for s in """च्या चा ची चे चं ला ना ने नी तील तून ात त वर कडे कडून मध्ये मधील मधून पासून साठी विरुद्ध नंतर
        विरुद्धची विरुद्धचा विरुद्धच्या विरुद्धचे सारखा सारखी सारखे बरोबर शी ांनी ांना ांचा ांची ांचे ांच्या ाने ाला ाचा
        ाची ाचे ाच्या सह पर्यंत बाबत विषयी ातून ातील ामध्ये ाकडे ाकडून ांसह विरोधात विरोधातील सोबत मुळे वरील कडील
        च्यावर च्याकडे च्याकडून""".split()
    },
    key=len,
    reverse=True,
)


def marathi_z_variant(key: str) -> str | None:
    """``key`` with झ read as ज़ (folded: ज), the z Marathi writes with झ ("अझीम" = अज़ीम, "बेझोस" = बेज़ोस), or None
    if it has no झ. Callers try it only after the key as written found nothing (a real झ: झारखंड, झा)."""
    return key.replace("\u091d", "\u091c") if "\u091d" in key else None


def glued_stems(key: str) -> list[str]:
    """Keys with a glued case ending removed from the last word, oblique stem restored (शिवसेने -> शिवसेना)."""
    if not is_devanagari(key):
        return []
    head, _, last = key.rpartition(" ")
    out: list[str] = []
    for suffix in _GLUED_SUFFIXES:
        if last.endswith(suffix) and len(last) - len(suffix) >= 2:
            stem = last[: -len(suffix)]
            variants = [stem]
            # गोव्या -> गोवा: keys have no virama (गोवया), so ya after a bare consonant
            if stem.endswith("\u092f\u093e") and len(stem) > 2 and "\u0915" <= stem[-3] <= "\u0939":
                variants.append(stem[:-2] + "\u093e")
            if stem.endswith("\u093e"):  # महाराष्ट्रा -> महाराष्ट्र
                variants.append(stem[:-1])
            elif stem.endswith("\u0947"):  # शिवसेने -> शिवसेना, बँके -> बँक
                variants.extend([stem[:-1] + "\u093e", stem[:-1]])
            elif stem.endswith("\u094d") or stem.endswith("\u0902"):  # गांधीं -> गांधी
                variants.append(stem[:-1])
            for variant in variants:
                full = f"{head} {variant}" if head else variant
                if full not in out:
                    out.append(full)
    return out
