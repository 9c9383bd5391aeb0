"""Drop rules: resolved mentions that are not names after all, left out of ``link``'s entities.

Why after resolution: whether a mention is a name depends on whether the KB resolved it ("उत्तर प्रदेश" is
made of common words, but the KB knows it); only mentions nothing resolved (``source == "unknown"``) and a few
non-name KB hits are dropped. Each rule has a name, counted in ``Canonicalizer.stats`` when it drops one; the
rules run in the order of ``FILTERS``, the first that matches drops the mention.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from services.nlp.linking.candidates import Candidates
from services.nlp.lexicon import merged
from services.nlp.linking.keys import glued_stems, mention_key, name_key, skeleton, strip_title_words
from services.nlp.linking.naming import acronym_of, two_letter_acronym
from services.nlp.linking.roman import devanagari_acronym
from services.nlp.linking.state import LinkerThresholds, MentionState
from services.nlp.loanwords import EnglishLoanwords
from services.nlp.name_lexicon import NameLexicon
from services.nlp.scripts import DEVANAGARI_WORD_RE, is_devanagari

# Zipf frequency (wordfreq's Hindi list) from which a word is "common" (``LinkerThresholds.generic_zipf``, a
# setting). Chosen on the dev gold articles: 4.5 drops केंद्र सरकार / राज्य सरकार / विधानसभा / संयुक्त मिशन / डेटा
# सेंटर and no gold entity (BJP, उत्तर प्रदेश... are in the KB).
GENERIC_ZIPF = LinkerThresholds().generic_zipf


def is_generic_phrase(text: str, label: str, zipf: float = GENERIC_ZIPF) -> bool:
    """An ORG/LOC surface made only of frequent Devanagari words (Hindi Zipf >= ``zipf``): a common noun
    phrase if the KB does not know it. False for PERSON/DATE, Latin words or an empty text."""
    words = text.split()
    if label not in ("ORG", "LOC") or not words or not all(is_devanagari(w) for w in words):
        return False
    from services.nlp.word_frequency import hindi_zipf

    return all(hindi_zipf(w) >= zipf for w in words)


def is_common_noun(candidates: Candidates, text: str, label: str) -> bool:
    """Is ``text``, when the KB does not resolve it, a common noun phrase rather than a name?

    ``is_generic_phrase`` (ORG/LOC of frequent words), ``is_common_compound_phrase`` (ORG/LOC compounds of the
    news' common nouns: "क्वारंटाइन सेंटर", "कोरोना वॉरियर्स"), or ``NameLexicon.is_common_noun_phrase`` (no word from
    people's names, all words common: "मरीज", "अवकाश", "चौक") unless, for ORG/LOC, one of its words is a name the
    KB knows ("सहारनपुर चौक").
    """
    words = text.split()
    # "पंजाब सरकार", "सहारनपुर चौक": an ORG/LOC phrase with a place the KB knows in it is a name, however common
    # its words are in Hindi.
    if label != "PERSON" and len(words) > 1 and (
        any(candidates.place_name(w) and not _is_disease_word(name_key(w)) for w in words)  # Corona, CA: no place
        or (candidates.place_name(" ".join(words[:-1])) and not _is_disease_word(name_key(" ".join(words[:-1]))))
        # "चीनी सरकार", "भारतीय वाणिज्य दूतावास": a country's adjective before a head the press writes "X of <country>"
        or _country_adjective_before_of_head(candidates, words)
    ):
        return False
    thresholds = candidates.thresholds
    if is_generic_phrase(text, label, thresholds.generic_zipf):
        return True
    if is_common_compound_phrase(words, label):
        return True  # "क्वारंटाइन सेंटर", "ट्रायल कोर्ट", "कोविड-19 अस्पताल", "कोरोना वॉरियर्स"
    if label != "PERSON" and len(words) == 1 and is_devanagari(text) and EnglishLoanwords.default().english(text):
        return True  # "आइसोलेशन", "लॉकडाउन": an English common noun written in Devanagari
    if label != "PERSON" and _plural_common_noun(words[-1], thresholds.generic_plural_zipf):
        return True  # "सुरक्षा एजेंसियों", "राज्य सरकारें", "चरमपंथियों": a name is not in the plural
    if label == "PERSON" and _lone_common_word(text, thresholds.generic_plural_zipf):
        return True  # "संक्रमितों", "पुत्रवधू", "बैंककर्मी": a common word the model took for a name
    if not NameLexicon.default().is_common_noun_phrase(strip_title_words(text), label):
        return False
    # a word the KB knows as a name makes it a name, however common the word is in Hindi.
    return label == "PERSON" or not any(candidates.kb.exact(mention_key(w)) for w in words)


def _country_adjective_before_of_head(candidates: Candidates, words: list[str]) -> bool:
    """Is ``words`` a country's adjective and then one head of ``of_heads`` ("चीनी सरकार", "भारतीय वाणिज्य दूतावास":
    Government of China, Consulate of India; ``Candidates.country_of_demonym``)?"""
    if len(words) < 2:
        return False
    lexicon = NameLexicon.default()
    heads = lexicon.translate_heads(words)
    return (
        heads[1] in lexicon.config.of_heads and all(h == "" for h in heads[2:])
        and candidates.country_of_demonym(words[0]) is not None
    )


# Words that join an English name's parts ("नेशनल इंस्टीट्यूट ऑफ वायरोलॉजी", "बैंक ऑफ बड़ौदा"): a common noun
# phrase has none.
_NAME_JOINERS = frozenset({"ऑफ", "ऑफ़", "आफ", "ऑव", "एंड", "एण्ड", "ऐंड", "फॉर", "फ़ॉर", "द"})


def is_common_compound_phrase(words: list[str], label: str = "ORG") -> bool:
    """Are ``words`` (a mention of two or more Devanagari words the KB does not know, labelled ``label``) a common
    noun compound of the news rather than a name? Its last word is a generic head (``NameLexicon.translate_heads``:
    सेंटर, अस्पताल, कोर्ट) or, for ORG/LOC, an English word in Devanagari (``loanwords``: वॉरियर्स); a PERSON
    needs a head of ``head_words`` (the model tags "क्वारेंटाइन सेंटर" PERSON too) that is no word of people's
    names (विकास). Every word before it is a common word of the news:

    - a disease (``disease_names``: कोरोना, कोविड-19 of "कोविड-19 अस्पताल", "कोरोना वॉरियर्स"), or
    - a word real news uses as a common noun (``NameLexicon.used_as_common_noun``, learned from the unlabelled news:
      क्वारंटाइन of "क्वारंटाइन सेंटर", ट्रायल of "ट्रायल कोर्ट", टास्क of "टास्क फोर्स"),

    at least one of them, the others generic heads or Hindi words at least ``generic_with_head_zipf`` common
    (``linking.yaml``). Never when a word before the last is from people's names, a spelled acronym (पीएम, एल-1), a
    word that joins an English name's parts (ऑफ, एंड: ``_NAME_JOINERS``) or any other word, English ones too:
    English names are made of English words ("सेवन हिल्स अस्पताल", "कैंब्रिज विश्वविद्यालय", "सेंट्रल
    एडमिनिस्ट्रेटिव ट्रिब्यूनल"). Callers check the KB and its places first. Data: ``common_noun_usage.tsv``,
    ``linking.yaml``, wordfreq's Hindi list, ``english_pronunciations.tsv``."""
    from services.nlp.word_frequency import hindi_zipf

    if len(words) < 2 or not all(is_devanagari(w) for w in words):
        return False
    lexicon = NameLexicon.default()
    heads = lexicon.translate_heads(words)
    if heads[-1] is None and (
        label == "PERSON" or EnglishLoanwords.default().english(words[-1]) is None or lexicon.is_name_token(words[-1])
    ):
        return False
    if label == "PERSON" and (words[-1] not in lexicon.config.head_words or lexicon.is_name_token(words[-1])):
        return False  # a head of the table, not one read by sound: "मरीज हैलट" (Hallett, not Health)
    evidence = False
    for word, head in zip(words[:-1], heads[:-1]):
        if head is not None:
            continue
        if word in _NAME_JOINERS or lexicon.is_name_token(word) or devanagari_acronym(word.split("-")[0]) is not None:
            return False
        if _is_disease_word(name_key(word)) or lexicon.used_as_common_noun(word):
            evidence = True
        elif hindi_zipf(word) < lexicon.config.generic_with_head_zipf:
            return False
    return evidence


# Hindi plural and oblique-plural endings with the singular ending they replace: एजेंसियों -> एजेंसी,
# सरकारें -> सरकार, चरमपंथियों -> चरमपंथी, संस्थाओं -> संस्था.
_PLURAL_ENDINGS = (("ियों", "ी"), ("ियां", "ी"), ("ियाँ", "ी"), ("ाओं", "ा"), ("ाएं", "ा"), ("ाएँ", "ा"), ("ों", ""), ("ें", ""))


def _plural_common_noun(word: str, zipf: float) -> bool:
    """Is ``word`` the plural of a common Hindi word or of an English word written in Devanagari (the last word of
    an ORG/LOC phrase the KB does not know)? The singular must be common (Zipf >= ``zipf``, the setting
    ``LinkerThresholds.generic_plural_zipf``) or a loanword, and the plural itself no word of people's names."""
    from services.nlp.word_frequency import hindi_zipf

    lexicon = NameLexicon.default()
    if lexicon.is_name_token(word):
        return False
    for ending, singular in _PLURAL_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)] + singular
            return hindi_zipf(stem) >= zipf or EnglishLoanwords.default().english(stem) is not None
    return False


class Filter(NamedTuple):
    """A drop rule: ``name`` (the ``stats`` key) and ``drops(state, candidates, language) -> bool``; the state is
    resolved, ``language`` the article's (``link``'s argument, may be None)."""

    name: str
    drops: Callable[[MentionState, Candidates, str | None], bool]


def _common_noun(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """Unresolved and a common noun phrase ("केंद्र सरकार", "मरीज", "लॉकडाउन"): ``is_common_noun``."""
    res = state.resolved
    assert res is not None
    return res.source == "unknown" and is_common_noun(candidates, state.mention.text, res.label)


def _common_word_alone(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """An unknown PERSON of one Devanagari word (no longer name of the article took it in: its key is one word), no
    title before it ("डॉक्टर ली" is Dr Li), that real Hindi news seldom uses inside a name (``NameLexicon.mostly_common_word``: "हालत गंभीर" is "serious",
    not Gambhir; "लक्षण" symptom, "युवती" young woman)."""
    res = state.resolved
    assert res is not None
    text = state.mention.text.strip()
    return (
        res.source == "unknown" and res.label == "PERSON" and " " not in state.key.strip() and not state.after_title
        and DEVANAGARI_WORD_RE.fullmatch(text) is not None and NameLexicon.default().mostly_common_word(text)
    )


def _rank(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """Unresolved two-letter spelled acronym alone (एसपी, डीसी, सीएस), or a spelled acronym that stands before
    people's names in the news (``NameLexicon.role_words``: बीडीओ, सीओ, एसडीएम): an officer's rank, not a name."""
    res = state.resolved
    assert res is not None
    if res.source != "unknown":
        return False
    text = state.mention.text.strip()
    return two_letter_acronym(mention_key(text)) or (
        " " not in text and devanagari_acronym(text) is not None and text in NameLexicon.default().role_words
    )


COMMON_WORD_TOWN_MAX_PRIOR = 100_000  # people (GeoNames): as locative_places.BIG_PLACE_MIN_PRIOR


def _common_word_as_place(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """Everyday Hindi words only (each Zipf >= ``LinkerThresholds.generic_zipf``: ``is_generic_phrase``) that only
    their romanisation or an approximate match ties to a gazetteer town, a small Indian one (fewer than
    ``COMMON_WORD_TOWN_MAX_PRIOR`` people) or a foreign one: "बैंक" (bank) and "केंद्रीय बैंक" (a central bank) are no
    town Bank, "बोले" (said) no Bole in China. A place the KB holds by these very Devanagari words keeps it (पटना),
    and so does a big Indian town (कल्याण, बस्ती: Kalyan, Basti) or a curated place (दक्षिण अमरीका)."""
    res = state.resolved
    assert res is not None
    text = state.mention.text.strip()
    if res.label != "LOC" or res.how not in ("roman", "fuzzy") or res.source != "city":
        return False
    entries = [e for e in candidates.kb.exact(name_key(res.canonical)) if e.canonical == res.canonical and e.source == "city"]
    small_or_foreign = any(e.country != "IN" or e.prior < COMMON_WORD_TOWN_MAX_PRIOR for e in entries) or not entries
    return (
        small_or_foreign and is_generic_phrase(text, "LOC", candidates.thresholds.generic_zipf)
        and not candidates.kb.exact(mention_key(text))
    )


def _language_name(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """A language's name (डोगरी, सिंधी, बोडो: not Bodø, Norway), unless a country, Indian state or curated entity."""
    res = state.resolved
    assert res is not None
    return res.source not in ("country", "state", "curated") and NameLexicon.default().is_language_name(state.mention.text)


def _no_name_evidence(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """In a Marathi article (the Hindi model also tags verbs and common nouns there; Marathi has no word-frequency
    list), an unresolved mention needs evidence of a name (``NameLexicon.has_name_evidence``)."""
    res = state.resolved
    assert res is not None
    return res.source == "unknown" and language == "mr" and not NameLexicon.default().has_name_evidence(state.mention.text, res.label)


def _lone_common_word(text: str, plural_zipf: float) -> bool:
    """A PERSON of one Devanagari word (no title) that no name list holds and that is a common word's plural
    ("संक्रमितों") or a compound of two common words the names of the lists never end in ("पुत्रवधू" = पुत्र + वधू,
    "बैंककर्मी", "महानियंत्रक": wordfreq lists none of them). Names the lists miss are compounds too, but of name
    endings: बलजीत (61 listed names end in जीत), जगराम."""
    if not DEVANAGARI_WORD_RE.fullmatch(text):
        return False
    lexicon = NameLexicon.default()
    if text in lexicon.person_token_counts or text in lexicon.given_names or text in lexicon.surnames:
        return False
    return _plural_common_noun(text, plural_zipf) or _common_compound(text)


COMPOUND_PART_MIN_ZIPF = 3.5  # both parts of a compound common noun are words at least this common in Hindi
NAME_ENDING_MIN_NAMES = 2  # a second part that ends this many listed names is a name ending (जीत, राम, देव)


def _common_compound(word: str) -> bool:
    """Is ``word`` two common Hindi words run together ("बैंक" + "कर्मी"), the second no name ending?"""
    from services.nlp.word_frequency import hindi_zipf

    lexicon = NameLexicon.default()
    for k in range(2, len(word) - 1):
        first, second = word[:k], word[k:]
        if unicodedata.category(second[0]) != "Lo":  # a vowel sign or virama cannot start a word
            continue
        if (
            hindi_zipf(first) >= COMPOUND_PART_MIN_ZIPF and hindi_zipf(second) >= COMPOUND_PART_MIN_ZIPF
            and lexicon.names_ending_in(second) < NAME_ENDING_MIN_NAMES
        ):
            return True
    return False


# Words that go with a disease's name in the news without making it a name ("कोरोना वायरस", "Coronavirus Lockdown").
_DISEASE_CONTEXT = frozenset({"वायरस", "महामारी", "संक्रमण", "लॉकडाउन", "virus", "pandemic", "lockdown", "outbreak"})


@lru_cache(maxsize=1)
def _disease_keys() -> frozenset[str]:
    return frozenset(name_key(w) for w in merged().disease_names)


# English t / d in a Devanagari loanword is written dental or retroflex alike (कोविड / कोविद): one letter when
# a word is compared with the disease names.
_STOPS_FOLDED = str.maketrans({"द": "ड", "त": "ट", "ध": "ढ", "थ": "ठ"})


@lru_cache(maxsize=1)
def _disease_skeletons() -> dict[str, list[str]]:
    """Vowel-free keys (``keys.skeleton``, dental stops as retroflex) of the Devanagari disease names of one word
    or one word and a number ("कोविड 19"), to their keys (stops folded too)."""
    out: dict[str, list[str]] = {}
    for key in _disease_keys():
        words = key.split()
        if is_devanagari(key) and (len(words) == 1 or (len(words) == 2 and words[1].isdigit())):
            folded = key.translate(_STOPS_FOLDED)
            out.setdefault(skeleton(folded), []).append(folded)
    return out


# A misspelt disease name (कोराना for कोरोना: same consonants) is one when its key is this close (rapidfuzz ratio) and
# it is no word of people's names (करन, Karan, has कोरोना's consonants too, but is far from it).
DISEASE_MISSPELLING_RATIO = 80.0


@lru_cache(maxsize=4096)
def _is_disease_word(key: str) -> bool:
    if key in _disease_keys():
        return True
    from rapidfuzz import fuzz

    folded = key.translate(_STOPS_FOLDED)
    close = _disease_skeletons().get(skeleton(folded), [])
    return any(fuzz.ratio(folded, d) >= DISEASE_MISSPELLING_RATIO for d in close) and not NameLexicon.default().is_name_token(key)


def _disease(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """A disease or epidemic (lexicon ``disease_names``: "कोरोना", "Coronavirus", "डेंगू"; a misspelling with the
    same consonants, "कोराना", or a dental stop for a retroflex one, "कोविद-19", ``DISEASE_MISSPELLING_RATIO``), alone or with words that go with it ("कोरोना वायरस",
    "Coronavirus Lockdown"), resolved or not: the KB's Corona is a town in California."""
    key = name_key(state.mention.text)
    if _is_disease_word(key):
        return True
    words = key.split()
    return any(_is_disease_word(w) for w in words) and all(_is_disease_word(w) or w in _DISEASE_CONTEXT for w in words)


@lru_cache(maxsize=1)
def _weather_keys() -> frozenset[str]:
    return frozenset(name_key(w) for w in merged().weather_terms)


def _weather(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """A weather word or natural disaster (lexicon ``weather_terms``: "पश्चिमी विक्षोभ", "तूफान", "बाढ़"), resolved
    or not (GeoNames has towns for some), alone or as the whole mention; a named storm keeps its name."""
    return name_key(strip_title_words(state.mention.text)) in _weather_keys()


@lru_cache(maxsize=1)
def _common_acronyms() -> frozenset[str]:
    return frozenset(a.upper() for a in merged().common_acronyms)


def _common_acronym(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """An initialism the lexicon lists as a common noun (``common_acronyms``: पीपीई, ओपीडी, "ICU", आरटीपीसीआर), in
    Latin letters or spelled out in Devanagari, unless the KB resolved it to something else than a guess."""
    res = state.resolved
    assert res is not None
    if res.source != "unknown" and res.how not in ("fuzzy", "roman"):
        return False
    acronym = acronym_of(state.mention.text.replace("-", ""))
    return acronym is not None and acronym.upper() in _common_acronyms()


@lru_cache(maxsize=1)
def _marathi_common_keys() -> frozenset[str]:
    """Name keys of the common Marathi words (``NameLexicon.marathi_common``) that are no words of people's names."""
    lexicon = NameLexicon.default()
    return frozenset(name_key(w) for w in lexicon.marathi_common if not lexicon.is_name_token(w))


# A Marathi word whose stem (ळ read as ल) is this common in Hindi is a common word too (कर्ज, मंडल): wordfreq has no
# Marathi list, and the two languages share most of their vocabulary.
MARATHI_STEM_HINDI_ZIPF = 4.0
MIN_STEM_CHARS = 3  # कोची is Kochi, not को + ची


def _marathi_common_word(state: MentionState, candidates: Candidates, language: str | None) -> bool:
    """In a Marathi article, one word resolved only to a gazetteer town (source ``city``), approximately (fuzzy,
    romanised) or by nothing, that is a common Marathi word, or whose stem without its case ending is a common Marathi
    word or a common Hindi one (``MARATHI_STEM_HINDI_ZIPF``): the Hindi model tags Marathi common words, and the KB has a town
    for many of them (काही "some" is no Afghan district, कर्जाची "of the loan" no Karachi, मल्ल्या no Malala). A place
    the KB knows well (curated, country, state) reached only through a case ending goes too when another reading of
    the stem is an everyday Hindi word the KB does not hold (मंडळाचे "of the board": मंडल, not the district Mandla)."""
    res = state.resolved
    assert res is not None
    text = state.mention.text.strip()
    if language != "mr" or " " in text or not is_devanagari(text):
        return False
    from services.nlp.word_frequency import hindi_zipf

    key = name_key(text)
    stems = glued_stems(key)
    if not (res.source in ("city", "unknown") or res.how in ("fuzzy", "roman")):
        # a known place reached through a case ending whose other reading is an everyday word the KB does not hold:
        # "मंडळाचे" (of the board: मंडल) is no Mandla (मंडला); भारताचा, मुंबईतील, अमेरिकेच्या keep their place
        return res.label == "LOC" and not candidates.kb.exact(key) and any(
            len(st) >= MIN_STEM_CHARS and hindi_zipf(st) >= MARATHI_STEM_HINDI_ZIPF and not candidates.kb.exact(st)
            for st in stems
        )
    common = _marathi_common_keys()
    return key in common or any(
        st in common or hindi_zipf(st) >= MARATHI_STEM_HINDI_ZIPF for st in stems if len(st) >= MIN_STEM_CHARS
    )


# The drop rules in order; the first that matches names the reason (Canonicalizer.stats).
FILTERS: tuple[Filter, ...] = (
    Filter("disease", _disease),
    Filter("weather", _weather),
    Filter("common-acronym", _common_acronym),
    Filter("generic", _common_noun),
    Filter("common-word", _common_word_alone),
    Filter("rank", _rank),
    Filter("common-word-place", _common_word_as_place),
    Filter("language", _language_name),
    Filter("no-evidence", _no_name_evidence),
    Filter("marathi-common", _marathi_common_word),
)


def dropped_by(state: MentionState, candidates: Candidates, language: str | None) -> str | None:
    """The name of the first filter that drops the resolved ``state``, or None to keep it."""
    for rule in FILTERS:
        if rule.drops(state, candidates, language):
            return rule.name
    return None
