"""Names and ids of entities the KB does not know, and the initialisms that abbreviate them.

Why: an unknown name still needs a ``canonical`` a reader of the English feed can use and an ``entity_id`` that
is the same across articles and spelling variants. The canonical is an English surface if the article has one,
else a readable romanisation (``roman.romanise``), with the generic words of organisations and places in
English ("लोकनायक अस्पताल" -> "Loknayak Hospital"); the id is ``sam:`` + a hash of the label and the vowel-free
key of the canonical (``stable_id``), so दमित्री / दिमित्री and the English spelling get one id.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import fuzz

from services.nlp.linking.keys import mention_key, name_key, skeleton, strip_title_words
from services.nlp.linking.roman import devanagari_acronym, join_spaced_initials, letter_of, romanise
from services.nlp.loanwords import EnglishLoanwords
from services.nlp.name_lexicon import NameLexicon
from services.nlp.scripts import DEVANAGARI_LETTERS, is_devanagari


def stable_id(label: str, canonical: str) -> str:
    """``sam:`` id of an entity without a Wikidata id: ``sam:`` + 16 hex digits of a SHA-1 over the label and the
    vowel-free key (``keys.skeleton``) of its canonical name. Never raises."""
    basis = f"{label}:{skeleton(name_key(canonical))}"
    return "sam:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


_INITIALS_SKIP = {"of", "and", "the", "for", "in", "on", "e", "i", "a", "&"}


def initials(name: str) -> str:
    """Upper-case initials of a Latin name, small words skipped: ``Tahrik-E-Taliban Pakistan`` -> ``TTP``,
    ``Athletics Federation of India`` -> ``AFI``; "" if none."""
    parts = re.split(r"[\s\-]+", name)
    return "".join(p[0].upper() for p in parts if p and p.casefold() not in _INITIALS_SKIP and p[0].isalpha())


def acronym_of(surface: str) -> str | None:
    """The initialism a surface spells (``TTP``, ``टीटीपी`` -> ``TTP``: 2..6 letters), or None."""
    word = surface.strip().replace(".", "")
    if word.isascii():
        return word if 2 <= len(word) <= 6 and word.isalpha() and word.isupper() else None
    return devanagari_acronym(word) if " " not in word else None


def two_letter_acronym(key: str) -> bool:
    """Is ``key`` one Devanagari word spelling two Latin letters (एसपी, डीसी, सीएस: usually a rank or office)?"""
    return is_devanagari(key) and " " not in key and len(devanagari_acronym(key) or "xyz") == 2


def cluster_canonical(
    surfaces: list[str], keys: list[str], label: str = "PERSON", place_name: Callable[[str], str | None] | None = None,
    org_name: Callable[[str], str | None] | None = None, country_name: Callable[[str], str | None] | None = None,
) -> str:
    """Canonical of one cluster of unknown mentions (their ``surfaces`` and ``keys``, same order): an English
    surface if the article gives one, else the romanised most frequent full surface, titles removed.

    For ORG/LOC, generic words are put in English as the Indian press writes such names ("लोकनायक अस्पताल" ->
    "Loknayak Hospital", ``NameLexicon.translate_heads``); the rest is romanised. ``place_name`` maps a word to
    the canonical of a place the KB knows (``Candidates.place_name``), ``org_name`` the words before an ORG's
    heads to an organisation the KB knows (``Candidates.org_name``), ``country_name`` a country's adjective to the
    country (``Candidates.country_of_demonym``: "भारतीय दूतावास" -> Embassy of India).
    """
    stripped = [(surface, key) for surface, key in zip(surfaces, keys) if key]
    latin = [s for s, k in stripped if k.isascii()]
    pool = latin or [s for s, _ in stripped] or surfaces
    counts = Counter(" ".join(s.split()) for s in pool)
    best = max(counts, key=lambda s: (len(mention_key(s).split()), counts[s], len(s)))
    kept = strip_title_words(best)
    if kept.isascii():
        return kept
    if label == "LOC":
        kept = NameLexicon.default().without_place_descriptor(kept) or kept
    if label in ("ORG", "LOC"):
        return romanise_with_heads(
            kept, place_name, place=label == "LOC", org_name=org_name if label == "ORG" else None, country_name=country_name
        )
    return romanise(person_initials(kept))  # "सी के मिश्रा" -> CK Mishra, "एन वासु" -> N Vasu


_WORD_LETTERS = frozenset({"जी", "के"})


def person_initials(name: str) -> str:
    """A person's name (Devanagari) with the spelled Latin letters it starts with written so that ``romanise``
    spells them as letters, not as the words of their Hindi names: two or more before another word are one word
    (``roman.join_spaced_initials``: "सी के मिश्रा" -> "सीके मिश्रा", CK Mishra); a single one before another word,
    or each of a name made only of letters, gets its full stop ("एन वासु" -> "एन. वासु", N Vasu, not En Vasu; "डी
    प्रदीप कुमार" -> D Pradeep Kumar; "जी एस" -> "जी. एस.", G S, not Ji Es); a single one between two other
    words is a middle initial ("प्रभु एन सिंह" -> Prabhu N Singh; not जी or के). Letters are the lexicons'
    ``letter_names``; a lone word ("जी", "के") is left alone. Never raises."""
    words = name.split()
    k = 0
    while k < len(words) and letter_of(words[k]) is not None:
        k += 1
    if k == 0 and len(words) >= 3:
        # one letter between names is a middle initial: "प्रभु एन सिंह" -> Prabhu N Singh, not "Prabhu En Singh"
        # (जी and के inside a name are the honorific and "of" more often than G and K)
        words = [
            w + "." if 0 < j < len(words) - 1 and letter_of(w) and letter_of(words[j - 1]) is None
            and letter_of(words[j + 1]) is None and w.rstrip(".") not in _WORD_LETTERS and not w.endswith(".") else w
            for j, w in enumerate(words)
        ]
        return join_spaced_initials(" ".join(words))
    if len(words) < 2 or k == 0 or (k >= 2 and k < len(words)):
        return join_spaced_initials(name)
    if k == len(words):  # only letters: each its own initial
        return " ".join(w.rstrip(".") + "." for w in words)
    return " ".join([words[0].rstrip(".") + ".", *words[1:]])


def romanise_with_heads(
    name: str, place_name: Callable[[str], str | None] | None = None, place: bool = False,
    org_name: Callable[[str], str | None] | None = None, country_name: Callable[[str], str | None] | None = None,
) -> str:
    """An organisation's or place's name in English: generic words in English, places the KB knows by their
    canonical (``place_name``), the rest romanised ("झारखंड राज्य आपदा प्रबंधन प्राधिकरण" -> "Jharkhand State
    Disaster Management Authority"; "पंजाब सरकार" -> "Government of Punjab"; "उत्तर बिहार" -> "North Bihar": a
    compass word before a known place, ``compass_words``). ``place``: the romanised words are
    spelled as official place names are (``place_spelling``: "अंगराइडीह" -> Angraidih, not Angraideeh;
    "योगापट्टी" -> Yogapatti), ड़ as "r" ("धांडा खेड़ी" -> Dhanda Kheri, "सतपुड़ा" -> Satpura: the romaniser learned
    "d" from people's names), ज as "j" ("जरपा" -> Jarpa, not Zarpa: ``NameRomaniser.model_token``).
    ``org_name``: the words before the heads that end the name, when they are an organisation the KB knows, are
    written as the KB writes them ("रेड क्रॉस सोसाइटी" -> Red Cross Society, not "Red Craws Society").
    ``country_name``: a country's adjective before an of-head is that country ("चीनी सरकार" -> Government of China,
    "भारतीय दूतावास" -> Embassy of India; ``demonym_endings``)."""
    # "प्रेमनगर" -> "Prem Nagar": a locality glued to नगर is two words in English (towns the KB knows, such as
    # Ahmednagar, never get here)
    from services.nlp.word_frequency import hindi_zipf

    words = [
        part for w in name.split()
        for part in (w if hindi_zipf(w) >= 3.5 else _GLUED_NAGAR.sub(r"\1 \2", w)).split()
    ]  # a word common in Hindi (Zipf >= 3.5: महानगर "metropolis", श्रीनगर) stays one word
    def spell(run: str) -> str:  # a place as official place names are spelled, ड़ as "r" (Dhanda Kheri, Satpura)
        if not place:
            return romanise(run)
        from services.nlp.name_romaniser import default  # ज as "j" (जरपा: Jarpa), -िया as "-ia"

        return place_spelling(default().romanise_name(run.replace(FLAP, "र"), place=True))

    lexicon = NameLexicon.default()
    compass = lexicon.config.compass_words.get(words[0]) if len(words) >= 2 else None
    if compass is not None and place_name is not None:
        # "उत्तर बिहार" -> "North Bihar", "पूर्वोत्तर भारत" -> "Northeast India" (``compass_words``)
        whole = place_name(" ".join(words[1:]))
        if whole is not None:
            return f"{compass} {whole}"
    heads = lexicon.translate_heads(words)
    places = [place_name(w) if h is None and place_name is not None else None for w, h in zip(words, heads)]
    last = max((k for k, h in enumerate(heads) if h), default=-1)
    if last > 0 and heads[last] in lexicon.config.of_heads and all(h == "" for h in heads[last + 1 :]):
        # "पंजाब सरकार" -> "Government of Punjab", "उत्तर प्रदेश सरकार" -> "Government of Uttar Pradesh"
        whole = place_name(" ".join(words[:last])) if place_name is not None and last > 1 else None
        if whole is None and last == 1 and places[0] is None and country_name is not None:
            whole = country_name(words[0])  # "चीनी सरकार" -> Government of China
        if whole is not None or all(places[k] is not None for k in range(last)):
            served = whole or " ".join(p for p in places[:last] if p)
            article = "the " if _TAKES_THE.search(served) else ""  # Government of the United States
            return f"{heads[last]} of {article}{served}"
    if last > 0 and heads[last] in lexicon.config.place_after_heads and all(h is None for h in heads[:last]) and all(
        h == "" for h in heads[last + 1 :]
    ):
        # "अमृतसर सरकारी मेडिकल कॉलेज" -> "Government Medical College Amritsar" (``place_after_heads``)
        whole = place_name(" ".join(words[:last])) if place_name is not None else None
        if whole is not None or not any(EnglishLoanwords.default().english(w) for w in words[:last]):
            return f"{heads[last]} {whole or spell(' '.join(words[:last]))}"  # not "ब्लड सदर अस्पताल" (blood)
    first = len(heads)
    while first > 0 and heads[first - 1] is not None:
        first -= 1
    if org_name is not None and 0 < first < len(heads) and heads[first] and acronym_of(" ".join(words[:first])) is None:
        # "रेड क्रॉस" + "सोसाइटी" -> Red Cross Society; an initialism stays one ("केजीएमयू अस्पताल" -> KGMU Hospital)
        whole = org_name(" ".join(words[:first]))
        if whole is not None and len(whole.split()) > first:
            # a longer name the words shorten: its first words when they spell them ("रिलायन्स फाऊंडेशन" is Reliance
            # Foundation, not Reliance Industries Foundation; "हार्वर्ड मेडिकल स्कूल" Harvard Medical School)
            short = " ".join(whole.split()[:first])
            spelled = fuzz.ratio(short.lower(), romanise(" ".join(words[:first])).lower()) >= SHORT_ORG_MIN_RATIO
            whole = short if spelled else whole
        if whole is not None:
            return " ".join([whole, *(h for h in heads[first:] if h)])
    # English words in Devanagari ("मुंबई स्कूल स्पोर्ट्स एसोसिएशन" -> Mumbai School Sports Association), only in a
    # name with another English word or a known place in it: alone, a look-alike may be a Hindi word
    # (an initialism stays one: "बीबीसी रेडियो डर्बी" is BBC Radio Derby, not the table's word "Bbc")
    acronyms = [devanagari_acronym(w) for w in words]
    loans = [
        EnglishLoanwords.default().english(w) if h is None and a is None else None for w, h, a in zip(words, heads, acronyms)
    ]
    english = sum(1 for h in heads if h) + sum(1 for w in loans if w) + sum(1 for a in acronyms if a)
    # in an organisation's name, a place the KB knows counts as the second English word: "मलेशिया एयरलाइंस" is
    # Malaysia Airlines (not in a place's own name: "जलालपुर कलां" is Jalalpur Kalan, not "Clan")
    if english + (english > 0 and not place and any(places)) >= 2:
        # beside other English words a short word is English too ("इंटरनेशनल एयर ट्रांसपोर्ट एसोसिएशन": Air)
        loans = [
            loan if loan is not None or h is not None or places[k] is not None or w in lexicon.config.english_function_words
            or acronyms[k] is not None
            else EnglishLoanwords.default().english(w, among_english=True)
            for k, (w, h, loan) in enumerate(zip(words, heads, loans))
        ]
        heads = [loan if loan is not None else head for head, loan in zip(heads, loans)]
    if english >= 1:
        # "ऑफ", "एंड", "द" in a name with English words: of, and, The (``english_function_words``)
        function = lexicon.config.english_function_words
        heads = [
            (function[w].title() if k == 0 else function[w]) if h is None and w in function and k < len(words) - 1 else h
            for k, (w, h) in enumerate(zip(words, heads))
        ]
    parts: list[str] = []
    run: list[str] = []
    for word, head, known in zip(words, heads, places):
        if known is not None and same_spelling(known, romanise(word)):
            # the English spelling of the same name (पंजाब नेशनल बैंक -> Punjab, दिल्ली पुलिस -> Delhi), not another
            # name of the place (भारत पेट्रोलियम is Bharat, not India, Petroleum; गंगा पब्लिक स्कूल is not Ganges)
            head = known
        if head is None:
            run.append(word)
            continue
        if run:
            parts.append(spell(" ".join(run)))
            run = []
        if head:
            parts.append(head)
    if run:
        parts.append(spell(" ".join(run)))
    return " ".join(p for p in parts if p)


# Country names English writes with "the" after "of" (Embassy of the United States, Government of the Philippines).
_TAKES_THE = re.compile(r"^United |Republic|Islands$|Emirates$|^(?:Netherlands|Philippines|Maldives|Bahamas|Gambia)$")


def place_spelling(roman: str) -> str:
    """A romanised name spelled as India's official place names are: long vowels ी / ू as "i" / "u", not the
    "ee" / "oo" of people's names ("Jeend" -> "Jind", "Angraideeh" -> "Angraidih", "Dehradoon" -> "Dehradun").
    Source: of the Local Government Directory's urban bodies with a Hindi name containing ी, 6 of 291 write it
    "ee" (``../shared/datasets/names/lgd/urban-local-body.csv``). A name ending in गांव ("village") ends in "gaon"
    ("Rajnandganv" -> "Rajnandgaon", "Goreganv" -> "Goregaon"): so do all 26 LGD names that end in गांव. A final
    ी is "i", never the "y" of Shetty or Reddy ("Yogapatty" -> "Yogapatti": 200 of the LGD's 206 names ending in ी
    end in "i", the 4 in "y" are "City"). Never raises."""
    roman = _FINAL_Y.sub("i", _LONG_VOWEL.sub(lambda m: _SHORT[m.group(0)], roman))
    return _GAON.sub("gaon", roman)


_SHORT = {"ee": "i", "oo": "u", "Ee": "I", "Oo": "U"}
_LONG_VOWEL = re.compile("|".join(_SHORT))
_GAON = re.compile(r"(?<=[a-z])ganv\b")
_FINAL_Y = re.compile(r"(?<=[b-df-hj-np-tv-xz])y\b")  # "tty", "ry": a final ी; not "ay", "oy" (a final य)
# ड़ in NFC (ड + nukta: the precomposed letter is a composition exclusion). Place names write it "r" (Jalpaiguri,
# Hapur, Kheri); the romaniser, learned from people's names, mostly "d".
FLAP = "\u0921\u093c"


_GLUED_NAGAR = re.compile(rf"^([{DEVANAGARI_LETTERS}]{{2,}}?)(नगर)$")


def without_marathi_case_ending(surface: str, known: Callable[[str], bool]) -> str:
    """``surface`` (a Marathi name the KB does not know) without the case ending glued to its last word (lexicon
    ``name_case_endings``, longest first): "विजय मल्ल्यांच्या" -> "विजय मल्ल्या", "आयसीआयसीआय बँकेच्या" -> "आयसीआयसीआय
    बँक", "लोकसभेत" -> "लोकसभा". Of the stems (plain, oblique -े- -> -ा or nothing, -ां- -> -ा, -्या -> -ा), the
    first that ``known(word)`` accepts, a generic head, an English loanword, a name word or a Hindi word (Zipf
    >= 2.5) wins; else the first stem for endings of three letters or more, else ``surface`` unchanged."""
    from services.nlp.word_frequency import hindi_zipf

    head, _, last = surface.rpartition(" ")
    lex = NameLexicon.default()

    def attested(word: str) -> bool:
        return (
            known(word) or bool(lex.translate_heads([word])[0]) or lex.is_name_token(word)
            or EnglishLoanwords.default().english(word) is not None or hindi_zipf(word) >= 2.5
        )

    if not is_devanagari(last) or attested(last):
        return surface
    for ending in _name_case_endings():
        if not last.endswith(ending) or len(last) - len(ending) < 2:
            continue
        stem = last[: -len(ending)]
        variants = [stem]
        if ending.startswith("यां"):  # मल्ल्यांच्या = मल्ल्या + ंच्या
            variants.insert(0, stem + "या")
        elif ending.startswith("\u093e"):  # -ांच्या after a name in -ा
            variants.insert(0, stem + "\u093e")
        if stem.endswith("\u0947"):  # बँके-, लोकसभे-
            variants += [stem[:-1], stem[:-1] + "\u093e"]
        if stem.endswith("\u094d\u092f\u093e"):  # गोव्या-
            variants.append(stem[:-3] + "\u093e")
        chosen = next((v for v in variants if attested(v)), variants[0] if len(ending) >= 3 else None)
        if chosen is not None:
            return f"{head} {chosen}" if head else chosen
    return surface


@lru_cache(maxsize=1)
def _name_case_endings() -> tuple[str, ...]:
    """The lexicon's Marathi ``name_case_endings``, longest first (sorted once, not per mention)."""
    from services.nlp.lexicon import lexicon

    return tuple(sorted(lexicon("mr").name_case_endings, key=len, reverse=True))


# The first words of a KB organisation's name spell the words an unknown name starts with when their letters agree
# this much (rapidfuzz ratio, 0..100): Reliance / Rilayans 50, Harvard / Harward 86, All (India...) / Yems (एम्स) 0.
SHORT_ORG_MIN_RATIO = 45.0


def same_spelling(a: str, b: str) -> bool:
    """Do two Latin spellings differ only in vowels, doubled letters, h and spaces (Delhi / Dilli, Assam / Asam)?"""

    def squash(text: str) -> str:
        text = re.sub(r"[^a-z]", "", text.lower().replace("h", ""))
        text = re.sub(r"(.)\1+", r"\1", text)
        return text[:1] + re.sub("[aeiouwy]", "", text[1:])

    return squash(a) == squash(b)
