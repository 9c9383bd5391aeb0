"""Mention boundaries and labels before resolution: what the recogniser's spans become ``MentionState`` records.

Why before the strategies: the recogniser's spans are sometimes two names ("लुधियाना-सहरसा"), a role and a name
("लेखपाल मनोज तिवारी") or a name and the words after it ("मुंबई रवाना होगी"); the linker resolves names, so it
fixes such spans first, only where the KB does not know the span as written. Offsets stay true to the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from services.nlp.linking.kb import KBEntry, KnowledgeBase
from services.nlp.linking.keys import glued_stems, mention_key, name_key, strip_title_words, title_keys
from services.nlp.linking.naming import acronym_of
from services.nlp.linking.roman import letter_of
from services.nlp.linking.state import NAME_LABELS, LinkerThresholds, MentionState, entity_label
from services.nlp.loanwords import EnglishLoanwords
from services.nlp.name_lexicon import NameLexicon
from services.nlp.types import Mention

# Words at the end of an unknown span this common in Hindi (रवाना, होगी, स्थित) are not part of a name; rarer ones
# (जोंग of किम जोंग, डेयरडेविल्स) may be.
SWEPT_WORD_ZIPF = LinkerThresholds().swept_word_zipf  # the default of without_trailing_words (a setting)

_PLACE_PAIR = re.compile(r"(\S+)\s*[-–/]\s*(\S+)")
_NON_SPACE = re.compile(r"\S+")


def prepare(
    kb: KnowledgeBase,
    text: str,
    mentions: list[Mention],
    dropped: Counter[str],
    language: str | None = None,
    swept_word_zipf: float = SWEPT_WORD_ZIPF,
) -> list[MentionState]:
    """One ``MentionState`` per name in ``mentions`` (in order), with its label (``working_label``) and key.

    A mention across a bracket or quote it does not close is cut to its biggest piece (``within_brackets``), loses
    an honorific at its end (``without_trailing_honorific``) and numbers that name nothing (``without_numbers``: an
    amount goes whole).
    Left out: a mention whose label is unknown (not PERSON/ORG/LOC/DATE or an alias of one, ``state.entity_label``;
    counted in ``dropped["unknown-label"]``), a nameless one (``is_nameless``) and a PERSON/ORG/LOC without a letter
    (a number the model took for a place). A place pair becomes two
    mentions (``split_place_pair``), and so do two names joined by "and" (``split_at_conjunction``) and a person's
    name run into the country or state after it (``split_person_place``: "अनिता नेपाल से लौटी"); a government
    named after a person the KB knows is that person (``leader_of_government``: "मोदी सरकार"); a PERSON loses
    leading role words (``without_roles``), a known name the English common nouns swept in before it
    (``without_leading_loanwords``) and the common words swept in after it (``without_trailing_words``: words of Zipf
    >= ``swept_word_zipf``); in a Marathi article (``language`` "mr") a mention starts after an inner word with a
    phrase-final case ending or ends at an honorific (``after_phrase_end``) and loses the common Marathi words at its
    edges (``without_marathi_edge_words``; a mention of nothing else goes).
    Never raises on odd text or offsets.
    """
    states = []
    for m in _joined_adjacent_persons(text, [_with_initials_before(text, m) for m in mentions]):
        if entity_label(m.label) is None:
            dropped["unknown-label"] += 1
            continue
        m = without_numbers(without_trailing_honorific(within_brackets(m)))
        if m is None or is_nameless(m.text, m.label):
            continue
        for part in (
            q for c in split_at_conjunction(kb, m) for p in split_place_pair(kb, text, c) for q in split_person_place(kb, p)
        ):
            if language == "mr":
                whole, part = part, after_phrase_end(kb, part)
                named = name_before_phrase_end(kb, whole)
                if named is not None and named.end <= part.start:  # "रिलायन्स फाऊंडेशनच्या" + "अध्यक्षा नीता अंबानी"
                    states.append(MentionState(named, working_label(kb, named), mention_key(named.text)))
                part = without_marathi_edge_words(kb, part)
                if part is None:
                    continue
            span = without_trailing_words(kb, without_leading_loanwords(kb, without_roles(kb, leader_of_government(kb, part))), swept_word_zipf)
            states.append(MentionState(span, working_label(kb, span), mention_key(span.text), after_title=_after_title(text, span.start)))
    return states


_BRACKETS = re.compile(r"[()\[\]{}\"“”‘]")  # not the apostrophes of names: ओ'ब्रायन, ओ’ब्रायन
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"))
_EDGE = " -–—:;,.$/\\|’'"


def within_brackets(mention: Mention) -> Mention:
    """A mention that runs across a bracket or quote it does not close ("करण जौहर)वो", "छुए)मनोज कुमार",
    "ब्रिगेडियर (रिटायर्ड": text glued to a parenthesis, spans that cross one) is cut to its piece between such marks
    with the most letters, edges trimmed ("करण जौहर", "मनोज कुमार", "ब्रिगेडियर"); a balanced one ("(आईएमडी)" inside
    a name) and a mention without such marks are returned as they are."""
    text = mention.text
    if not _BRACKETS.search(text):
        return mention
    if all(text.count(a) == text.count(b) for a, b in _PAIRS) and text.count('"') % 2 == 0 and "‘" not in text:
        return mention
    best: tuple[int, int, int] | None = None  # (letters, start, end) within text
    pos = 0
    for piece in _BRACKETS.split(text):
        start, end = pos, pos + len(piece)
        pos = end + 1
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        letters = sum(ch.isalpha() for ch in text[start:end])
        if letters and (best is None or letters > best[0]):
            best = (letters, start, end)
    if best is None:
        return mention
    _, a, b = best
    return replace(mention, text=text[a:b], start=mention.start + a, end=mention.start + b)


_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_NUMBER = re.compile(r"^\d+-?$")


def without_numbers(mention: Mention) -> Mention | None:
    """``mention`` without the numbers at its edges that belong to no name, or None when it is an amount: a decimal
    inside ("2.7 करोड़", "किरकोळ 3.28 अंशांची": the model's LOCs on figures) is no name; a number before the name
    goes ("6- ब्राजील"), and so do the digits after a person's name (a phone number: "राम सिंह 9997139791"). A number
    ending a place's or organisation's name stays ("सेक्टर 82")."""
    words = mention.text.split()
    if any(_DECIMAL.match(w) for w in words):
        return None
    first, last = 0, len(words)
    while first < last - 1 and _NUMBER.match(words[first]):
        first += 1
    while entity_label(mention.label) == "PERSON" and last - 1 > first and words[last - 1].isdigit():
        last -= 1
    if (first, last) == (0, len(words)):
        return mention
    return up_to_word(from_word(mention, first), last - first)


def without_trailing_honorific(mention: Mention) -> Mention:
    """``mention`` without the honorifics at its end (lexicon ``honorifics``: डॉ, श्री), which stand before a name
    and so never end one: the model's "डीसी डॉ" (of "डीसी डॉ भुवनेश प्रताप सिंह") -> "डीसी". Unchanged when nothing
    else would be left."""
    from services.nlp.lexicon import lexicon

    honorifics = lexicon("hi").honorifics
    words = mention.text.split()
    k = len(words)
    while k > 1 and words[k - 1] in honorifics:
        k -= 1
    return mention if k == len(words) else up_to_word(mention, k)


def _after_title(text: str, start: int) -> bool:
    """Is the word right before offset ``start`` of ``text`` a title ("डॉक्टर ली", "श्री राय"; ``title_keys``)?"""
    before = text[max(0, start - 40) : start].split()
    return bool(before) and name_key(before[-1].rstrip(".")) in title_keys()


def _with_initials_before(text: str, mention: Mention) -> Mention:
    """A PERSON mention with the initials written before it, each a letter name with a full stop ("ए. रघुनाथन",
    "एन. के. सिंह"): the model often leaves them out, and the press writes them (A Raghunathan)."""
    if entity_label(mention.label) != "PERSON":
        return mention
    pattern, longest = _initials_pattern()
    # Only the text right before the mention can hold initials that end at its start: at most three letter names,
    # each with its full stop and the whitespace after it; searching from 0 made an article of many names quadratic.
    pos = mention.start
    for _ in range(3):
        while pos > 0 and text[pos - 1].isspace():
            pos -= 1
        pos = max(0, pos - 1 - longest)
    match = pattern.search(text, pos, mention.start)
    if match is None or match.end() != mention.start or (match.start() > 0 and not text[match.start() - 1].isspace()):
        return mention
    return replace(mention, text=text[match.start() : mention.end], start=match.start())


@lru_cache(maxsize=1)
def _initials_pattern() -> tuple[re.Pattern[str], int]:
    """The pattern of up to three initials at the end of a text, and the longest letter name's length."""
    from services.nlp.linking.roman import letter_names

    names = sorted({n for spellings in letter_names().values() for n in spellings}, key=len, reverse=True)
    return re.compile(rf"(?:(?:{'|'.join(map(re.escape, names))})\.\s*){{1,3}}$"), len(names[0])


def _joined_adjacent_persons(text: str, mentions: list[Mention]) -> list[Mention]:
    """Two PERSON mentions with only a space between them are one name when the first is given names only
    ("भुवनेश" + "प्रताप सिंह" -> "भुवनेश प्रताप सिंह", "कन्हैया" + "मयूर पटेल"): the model cut the name in two."""
    lexicon = NameLexicon.default()
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None and entity_label(prev.label) == entity_label(m.label) == "PERSON"
            and 0 <= m.start - prev.end <= 1 and text[prev.end : m.start].strip() == ""
            and all(w in lexicon.given_names for w in strip_title_words(prev.text).split())
        ):
            out[-1] = replace(prev, text=text[prev.start : m.end], end=m.end)
        else:
            out.append(m)
    return out


def is_nameless(text: str, label: str | None = None) -> bool:
    """A mention with no name in it: punctuation only, titles alone ("डॉ.", "श्री"), or with ``label`` a name's
    (PERSON/ORG/LOC or an alias) no letter at all ("पटना में 17, खगड़िया": the model's LOC "17"; a DATE keeps its
    digits), or for a PERSON or LOC one spelled letter with titles at most ("एस", "डॉ एन"); ``link`` leaves it out."""
    if label is not None and entity_label(label) in NAME_LABELS and not any(c.isalpha() for c in text):
        return True
    if label is not None and entity_label(label) in ("PERSON", "LOC"):
        # one spelled letter, titles aside: the "S" of "एस प्रोटीन", the "N" of "एन 95 मास्क", "ग्रुप बी, सी व डी",
        # the "डॉ एस" the model cut from "डॉ एस के सिंह" (an ORG may be one letter: एक्स, X)
        words = text.split()  # titles before the letter only: "ए राजा" is A Raja, though राजा is a title too
        if words and letter_of(words[-1]) and all(name_key(w) in title_keys() for w in words[:-1]):
            return True
    return not mention_key(text) or all(name_key(w) in title_keys() for w in text.split())


def working_label(kb: KnowledgeBase, mention: Mention) -> str:
    """The mention's label (PERSON/ORG/LOC/DATE, ``state.entity_label``); for a name the KB does not know that ends
    in a generic head, the head's label ("नेहरू कॉलोनी" tagged PERSON is a LOC, ``NameLexicon.label_by_head``); a
    lone initialism of three or more letters tagged PERSON is an ORG. Raises ``ValueError`` for an unknown label
    (``prepare`` leaves such mentions out before)."""
    label = entity_label(mention.label)
    if label is None:
        raise ValueError(f"unknown entity label {mention.label!r} of mention {mention.text!r}")
    if label in NAME_LABELS and not kb.exact(mention_key(mention.text)):
        if label == "PERSON" and len(acronym_of(mention.text) or "") >= 3:
            return "ORG"  # "जेएसडीएमए" alone is an organisation's initials, not a person
        return NameLexicon.default().label_by_head(mention.text) or label
    return label


# "and" between two names the model took for one ("विप्रो आणि सिप्ला", "रमेश और सुरेश"); a name the KB knows whole
# keeps it ("स्वास्थ्य और परिवार कल्याण मंत्रालय").
CONJUNCTIONS = frozenset({"और", "व", "एवं", "तथा", "आणि"})


def split_at_conjunction(kb: KnowledgeBase, mention: Mention) -> list[Mention]:
    """A mention the KB does not know whole, cut at the conjunctions inside it (``CONJUNCTIONS``) into its parts,
    each with the mention's label, when every part is a name: a KB name (also without a Marathi case ending) for
    ORG/LOC, a given name, name word or rare word (no common Hindi or Marathi word) first for PERSON: "विप्रो आणि सिप्ला" -> "विप्रो", "सिप्ला"; "रमेश शर्मा और
    सुरेश वर्मा" -> two people. Else ``[mention]``."""
    words = mention.text.split()
    inner = [k for k, w in enumerate(words[1:-1], start=1) if w in CONJUNCTIONS]
    if not inner or kb.exact(mention_key(mention.text)):
        return [mention]
    parts = []
    bounds = [-1, *inner, len(words)]
    for a, b in zip(bounds, bounds[1:]):
        if b - a > 1:  # the words after conjunction a up to conjunction b
            parts.append(up_to_word(from_word(mention, a + 1), b - a - 1))
    lexicon = NameLexicon.default()

    def named(part: Mention) -> bool:  # "सूचना एवं जनसंपर्क विभाग" is one department, "महिला व बालविकास" one ministry
        if entity_label(part.label) == "PERSON":  # a rare first word too: "जोसेफ कुरियन आणि रोहिंटन एफ. नरिमन"
            first = part.text.split()[0]
            return first in lexicon.given_names or lexicon.is_name_token(first) or not lexicon.is_common(first)
        key = mention_key(part.text)
        return bool(kb.exact(key)) or any(kb.exact(stem) for stem in glued_stems(key))

    return parts if len(parts) > 1 and all(named(p) for p in parts) else [mention]


def split_place_pair(kb: KnowledgeBase, text: str, mention: Mention) -> list[Mention]:
    """"लुधियाना-सहरसा" (a train's route, a road): two places joined by a hyphen or slash are two LOC mentions,
    when the KB knows each side as a place and not the whole; else ``[mention]``."""
    if entity_label(mention.label) not in ("LOC", "ORG") or kb.exact(mention_key(mention.text)):
        return [mention]
    match = _PLACE_PAIR.fullmatch(mention.text)
    if not match:
        return [mention]
    parts = []
    for group in (1, 2):
        surface = match.group(group)
        if not any(e.label == "LOC" for e in kb.exact(mention_key(surface))):
            return [mention]
        start = mention.start + match.start(group)
        parts.append(replace(mention, text=surface, start=start, end=start + len(surface), label="LOC"))
    return parts


# KB sources of places so big that no person is named after them in a Hindi story (countries, states and the curated
# world cities: Nepal, Haryana, New Delhi, Washington), unlike gazetteer towns (Basti, Gaya, Bhagalpur)
BIG_PLACE_SOURCES = frozenset({"country", "state", "curated"})


def _mostly_not_a_name(lexicon: NameLexicon, word: str) -> bool:
    return not lexicon.is_name_token(word) or lexicon.name_use_share.get(word, 1.0) < LEADER_MIN_NAME_SHARE


def split_person_place(kb: KnowledgeBase, mention: Mention) -> list[Mention]:
    """A PERSON mention the KB does not know whole that ends in a country, state or curated world city (one or two
    words, KB sources ``BIG_PLACE_SOURCES``) after a name: the model ran the name into the place after it ("अनिता
    नेपाल से लौटी थी" -> "अनिता", "नेपाल"; the dateline "हर्षवर्धन नयी दिल्ली"). Two mentions, PERSON and LOC, when
    the words before the place start with a given name or are a person the KB knows, and the place's words are no
    words of people's names or real news uses them mostly outside names (``NameLexicon.name_use_share`` below
    ``LEADER_MIN_NAME_SHARE``: नेपाल 0.27, दिल्ली 0.04; गंगा, a given name too, stays: "रमन आर गंगा..."); else
    ``[mention]``."""
    words = mention.text.split()
    if entity_label(mention.label) != "PERSON" or len(words) < 2 or kb.exact(mention_key(mention.text)):
        return [mention]
    lexicon = NameLexicon.default()
    for size in (2, 1):
        k = len(words) - size
        if k < 1 or not all(_mostly_not_a_name(lexicon, w) for w in words[k:]):
            continue
        place = from_word(mention, k)
        if not any(e.label == "LOC" and e.source in BIG_PLACE_SOURCES for e in kb.exact(mention_key(place.text))):
            continue
        person = up_to_word(mention, k)
        first = words[lexicon.role_prefix(words[:k])]  # roles before the name go later ("रहनेवाली अनिता नेपाल")
        if first in lexicon.given_names or any(e.label == "PERSON" for e in kb.exact(mention_key(person.text))):
            return [person, replace(place, label="LOC")]
    return [mention]


def without_trailing_words(kb: KnowledgeBase, mention: Mention, zipf: float = SWEPT_WORD_ZIPF) -> Mention:
    """A name the KB knows followed by common words the model swept into the span ("मुंबई रवाना होगी" ->
    "मुंबई"): cut back to the known name. Only when the whole span is unknown, the words cut are common (Zipf >=
    ``zipf``) or disease names (कोरोना), not generic heads and not from people's names, and what is left is an exact KB name (whose label it
    takes) or, for a PERSON, two or more words that are a person's name by the lexicon (``_person_name_words``:
    "उज्ज्वला शर्मा अदालत" -> "उज्ज्वला शर्मा", "रुखसार खान दुबई" -> "रुखसार खान") or one given name before a disease name (``_given_name``:
    "अनिता कोरोना से पीड़ित" -> "अनिता"; not "प्रवीण परदेशी", "टोनी हॉल": common words may be surnames)."""
    label = entity_label(mention.label)
    words = mention.text.split()
    if label not in NAME_LABELS or len(words) < 2 or kb.exact(mention_key(mention.text)):
        return mention
    lexicon = NameLexicon.default()
    heads = lexicon.translate_heads(words)
    k = len(words)
    from services.nlp.linking.filters import _is_disease_word

    while k > 1 and heads[k - 1] is None and not lexicon.is_name_token(words[k - 1]) and (
        lexicon.is_common(words[k - 1], zipf) or _is_disease_word(name_key(words[k - 1]))  # कोरोना: Zipf 3.7 (pre-2020)
    ):
        k -= 1
    known = {e.label for e in kb.exact(mention_key(" ".join(words[:k])))} if k < len(words) else set()
    if (
        not known and label == "PERSON" and 1 <= k < len(words) and not any(_may_be_surname(w) for w in words[k:])
        and (
            _person_name_words(words[:k]) if k >= 2
            # one given name only before a disease ("अनिता कोरोना"): common words may be surnames (परदेशी, हॉल)
            else _given_name(lexicon, words[0]) and all(_is_disease_word(name_key(w)) for w in words[k:])
        )
    ):
        known = {"PERSON"}  # "उज्ज्वला शर्मा अदालत" (court), "एनडी तिवारी नमूना" (sample), "अनिता कोरोना": a name and a noun
    if not known:
        return mention
    # The model's label on such a swept-up span is as unreliable as its end: the KB's wins when it has one.
    new_label = mention.label if label in known or len(known) > 1 else known.pop()
    return replace(up_to_word(mention, k), label=new_label)


# The noun "government" (the head "Government" of linking.yaml also translates the adjectives सरकारी, राजकीय:
# "दीनदयाल उपाध्याय राजकीय" is a hospital's name cut short, not a government)
GOVERNMENT_NOUNS = frozenset({"सरकार"})
LEADER_MIN_NAME_SHARE = 0.5  # NameLexicon.name_use_share: नीतीश 0.93, ममता 0.96, योगी 0.63; राज्य 0.07, भारत 0.04


def leader_of_government(kb: KnowledgeBase, mention: Mention) -> Mention:
    """A government named after its leader ("नरेंद्र मोदी सरकार", "कमल नाथ सरकार", "मोदी सरकार": the Modi
    government) names that person: the PERSON of the words before the last one, when the last word is the noun
    "government" (``GOVERNMENT_NOUNS``: सरकार) and the words before it are a person the KB knows exactly
    or, in a mention the model took for an ORG and the KB knowing them as no place or organisation, words of
    people's names the news mostly uses as names (``LEADER_MIN_NAME_SHARE``: "गहलोत सरकार"); OntoNotes tags "Bush" of "the Bush administration" PERSON.
    Otherwise ``mention`` unchanged: "पंजाब सरकार" is the Government of Punjab."""
    words = mention.text.split()
    if len(words) < 2 or entity_label(mention.label) not in NAME_LABELS:
        return mention
    if words[-1] not in GOVERNMENT_NOUNS or kb.exact(mention_key(mention.text)):
        return mention
    leader = up_to_word(mention, len(words) - 1)
    known = {e.label for e in kb.exact(mention_key(leader.text))}
    lexicon = NameLexicon.default()
    named = "PERSON" in known or (
        # a name by the lexicon the KB knows as no place or organisation, in what the model took for an organisation:
        # "गहलोत सरकार", "उद्धव सरकार" (the linker then joins it to the full name given in the article); not "राज्य
        # सरकार" (राज्य is next to a name 7% of the time), nor the person "सुमित सरकार" (Sarkar, a Bengali surname)
        entity_label(mention.label) == "ORG" and not known & {"LOC", "ORG"}
        and all(lexicon.is_name_token(w) and lexicon.name_use_share.get(w, 1.0) >= LEADER_MIN_NAME_SHARE for w in words[:-1])
    )
    return replace(leader, label="PERSON") if named else mention


def _person_name_words(words: list[str]) -> bool:
    """Are ``words`` a person's name by the lexicon alone: the last a word of people's names (a surname: शर्मा,
    तिवारी, खान), each other one too, a given name, spelled initials (एनडी) or a word rarer than Zipf 3 (रुखसार)?"""
    from services.nlp.linking.roman import devanagari_acronym
    from services.nlp.word_frequency import hindi_zipf

    lexicon = NameLexicon.default()
    return lexicon.is_name_token(words[-1]) and all(
        lexicon.is_name_token(w) or w in lexicon.given_names or len(devanagari_acronym(w) or "") in (2, 3) or hindi_zipf(w) < 3.0
        for w in words[:-1]
    )


def _given_name(lexicon: NameLexicon, word: str) -> bool:
    """A given name of the lists that names use (अनिता, spelled अनीता there; not the list's everyday words)."""
    return word in lexicon.given_names and (lexicon.is_name_token(word) or lexicon.spells_name_token(word))


def _may_be_surname(word: str) -> bool:
    """Could a common word be a surname after all: a name of the romaniser's dictionary, or a word listed names end
    in (बल: Parminder Singh Bal; नवी)? Nouns swept in after a name (अदालत, नमूना, जन्मदिन) end none."""
    from services.nlp.name_romaniser import default as romaniser

    return word in romaniser().dictionary or NameLexicon.default().names_ending_in(word) >= 2


def without_leading_loanwords(kb: KnowledgeBase, mention: Mention) -> Mention:
    """A name the KB knows after English common nouns written in Devanagari that the model swept into the span
    ("वर्कशॉप दिल्ली": "workshop Delhi" -> "दिल्ली"): cut to the known name. Only when the whole span is unknown, the
    words cut are English words (``loanwords.EnglishLoanwords``) and not generic heads, and what is left is an exact
    KB name (whose label it takes when the model's differs and the KB has one label). A PERSON (LOC) also loses
    everyday words of no name before a person (place) the KB knows ("धावक उसैन बोल्ट" -> "उसैन बोल्ट", "आशावाद
    ट्रम्प" -> "ट्रम्प", "निवासी दुबई" -> "दुबई"; not a compass word: "पूर्वी चंपारण")."""
    label = entity_label(mention.label)
    words = mention.text.split()
    if label not in NAME_LABELS or len(words) < 2 or kb.exact(mention_key(mention.text)):
        return mention
    heads = NameLexicon.default().translate_heads(words)
    loans = EnglishLoanwords.default()
    k = 0
    while k < len(words) - 1 and heads[k] is None and loans.english(words[k]) is not None:
        k += 1
    known = {e.label for e in kb.exact(mention_key(" ".join(words[k:])))} if k else set()
    if not known and label in ("PERSON", "LOC"):
        # a person or place the KB knows after everyday words the model swept in ("धावक उसैन बोल्ट": "sprinter Usain
        # Bolt", "मद्देनजर ट्रंप", Marathi "आशावाद ट्रम्प"; "49 वर्षीय निवासी दुबई से": "resident Dubai"): words of
        # no name, common in Hindi or Marathi, and no compass word of the place's name ("पूर्वी", "उत्तर")
        lexicon = NameLexicon.default()
        k = 0
        while (
            k < len(words) - 1 and heads[k] is None and _everyday_word(lexicon, words[k])
            and (label == "PERSON" or _native_word_of_no_place(kb, lexicon, words[k]))
        ):
            k += 1
        rest = kb.exact(mention_key(" ".join(words[k:]))) if k else []
        if any(e.label == label and (label == "PERSON" or well_known_place(e)) for e in rest):
            return from_word(mention, k)
        return mention
    if not known:
        return mention
    cut = from_word(mention, k)
    return cut if label in known or len(known) > 1 else replace(cut, label=known.pop())


def _native_word_of_no_place(kb: KnowledgeBase, lexicon: NameLexicon, word: str) -> bool:
    """Before a place: a Hindi word, no English one ("एयर एशिया" is AirAsia, "सिटी टूर" no town), no compass word
    ("पूर्वी चंपारण", "मध्य अमेरिका") and no place of its own ("मेरठ गौतमबुद्धनगर" is two places)."""
    return (
        word not in lexicon.config.compass_words and word != "मध्य" and EnglishLoanwords.default().english(word, among_english=True) is None
        and not any(e.label == "LOC" for e in kb.exact(mention_key(word)))
    )


def well_known_place(entry: KBEntry) -> bool:
    """A country, state or curated place (``BIG_PLACE_SOURCES``), or an Indian town (not a small town abroad: टूर is
    no Tours, कोरोना no Corona, California)."""
    return entry.source in BIG_PLACE_SOURCES or entry.country == "IN"


def _everyday_word(lexicon: NameLexicon, word: str) -> bool:
    """A common Hindi or Marathi word that is no word of people's names nor a given name."""
    return lexicon.is_common(word) and not lexicon.is_name_token(word) and word not in lexicon.given_names


def after_phrase_end(kb: KnowledgeBase, mention: Mention) -> Mention:
    """A Marathi mention the KB does not know, from after its last inner word that carries a phrase-final case
    ending (lexicon ``phrase_final_endings``): "रिलायन्स फाऊंडेशनच्या अध्यक्षा नीता अंबानी" -> "अध्यक्षा नीता अंबानी",
    "दबावामुळे सरकार" -> "सरकार" (only the last word of a Marathi name carries a case ending); but up to that word
    when, in a PERSON, only the part before it shows a name (``NameLexicon.has_name_evidence``, or the KB knows a
    person by it without its ending): "विजय मल्ल्यांच्या बुडीत" -> "विजय मल्ल्यांच्या". A mention with an honorific that follows people's names (lexicon ``person_cues``) inside
    it is the PERSON before it: "मल्ल्या यांनी आपल्याला" -> "मल्ल्या"."""
    if kb.exact(mention_key(mention.text)):
        return mention
    from services.nlp.lexicon import lexicon

    mr = lexicon("mr")
    words = mention.text.split()
    cues = [k for k, w in enumerate(words) if w in mr.person_cues]
    if cues and cues[0] > 0:
        # the honorific after a person's name ends the name: "मल्ल्या यांनी आपल्याला" -> "मल्ल्या" (PERSON)
        return replace(up_to_word(mention, cues[0]), label="PERSON")
    cut = _phrase_end_cut(words)
    if not cut:
        return mention
    names = NameLexicon.default()
    before, after = " ".join(words[:cut]), " ".join(words[cut:])
    known_before = any(e.label == "PERSON" for stem in glued_stems(name_key(before)) for e in kb.exact(stem))
    if entity_label(mention.label) == "PERSON" and not names.has_name_evidence(after, "PERSON") and (
        known_before or names.has_name_evidence(before, "PERSON")
    ):  # (a place before the ending is a modifier: "मुंबईतील आझाद मैदानावर" is Azad Maidan)
        # the name is the phrase the ending closes, and what follows is common words: "विजय मल्ल्यांच्या बुडीत"
        return up_to_word(mention, cut)
    return from_word(mention, cut)


def _phrase_end_cut(words: list[str]) -> int:
    """How many of ``words`` run up to the last inner word (not the last word) that carries a Marathi phrase-final
    case ending (``NameLexicon.without_phrase_ending``), 0 if none does."""
    return max((k + 1 for k, w in enumerate(words[:-1]) if NameLexicon.without_phrase_ending(w)), default=0)


def name_before_phrase_end(kb: KnowledgeBase, mention: Mention) -> Mention | None:
    """The words of a Marathi mention up to its last inner word with a phrase-final case ending (where
    ``after_phrase_end`` cuts it) when they are an organisation's or place's name of their own, else None: read
    without the ending, the KB knows them as an ORG/LOC or they end in a generic head (``NameLexicon.label_by_head``):
    "रिलायन्स फाऊंडेशनच्या अध्यक्षा नीता अंबानी" -> ORG "रिलायन्स फाऊंडेशनच्या" (Reliance Foundation, beside
    Nita Ambani). The mention keeps the written word; its label is the KB's or the head's."""
    if kb.exact(mention_key(mention.text)):
        return None
    words = mention.text.split()
    cut = _phrase_end_cut(words)
    if cut < 2:
        return None  # one word before the ending is a modifier as often as a name ("मुंबईतील आझाद मैदानावर")
    for stem in NameLexicon.without_phrase_ending(words[cut - 1]):
        name = " ".join([*words[: cut - 1], stem])
        labels = {e.label for e in kb.exact(mention_key(name))} & {"ORG", "LOC"}
        label = labels.pop() if len(labels) == 1 else NameLexicon.default().label_by_head(name)
        if label is not None:
            return replace(up_to_word(mention, cut), label=label)
    return None


# A common Marathi word at a mention's edge is cut only when it is a Marathi word, not one Hindi shares (सर्वोच्च
# न्यायालय, भूषण स्टील keep theirs): Hindi Zipf below this. At the end, only a verb or a case form is cut ("कुणाल बहल
# म्हणाले"), never a name such as मल्ल्या, common in the articles about him.
MARATHI_EDGE_HINDI_ZIPF = 3.0
MARATHI_VERB_ENDINGS = ("ले", "ली", "ला", "ल", "त", "ही", "णार", "णे")
# At the start, a word is cut when it is inflected: a locative, an adjective or a pronoun's case form ("अर्थसंकल्पात",
# "सर्वात मोठी", "त्यापैकी", "पहिल्या"), never the first word of a name that is common because it is news (रिझर्व्ह).
MARATHI_LEADING_ENDINGS = ("त", "ी", "्या", "ले", "ला", "ही", "चे", "ची", "चा", "ने")


def without_marathi_edge_words(kb: KnowledgeBase, mention: Mention) -> Mention | None:
    """A Marathi mention the KB does not know, without the common Marathi words at its edges
    (``NameLexicon.marathi_common``: in 3 % or more of the Marathi news articles; rare in Hindi,
    ``MARATHI_EDGE_HINDI_ZIPF``; at the end a verb or case form, ``MARATHI_VERB_ENDINGS``) that are no words of
    people's names, generic heads or KB names: "कुणाल बहल म्हणाले" ("said") -> "कुणाल बहल", "अर्थसंकल्पात रिझर्व्ह
    बँक" ("in the budget") -> "रिझर्व्ह बँक", "सर्वात मोठी चीनी कंपनी" ("the biggest"). None when no word is left."""
    words = mention.text.split()
    if len(words) < 2 or kb.exact(mention_key(mention.text)):
        return mention
    lexicon = NameLexicon.default()
    heads = lexicon.translate_heads(words)

    from services.nlp.word_frequency import hindi_zipf

    def edge(k: int) -> bool:
        w = words[k]
        return (
            w in lexicon.marathi_common and hindi_zipf(w) < MARATHI_EDGE_HINDI_ZIPF and heads[k] is None
            and not lexicon.is_name_token(w) and not kb.exact(mention_key(w)) and EnglishLoanwords.default().english(w) is None
        )

    a, b = 0, len(words)
    while a < b and (edge(a) and words[a].endswith(MARATHI_LEADING_ENDINGS) or words[a].isdigit()):
        a += 1  # and a count before the name: "पहिल्या वर्षात १ कोटी"
    while b > a and edge(b - 1) and words[b - 1].endswith(MARATHI_VERB_ENDINGS):
        b -= 1
    if a == b:
        return None
    if (a, b) == (0, len(words)):
        return mention
    spans = [m.span() for m in _NON_SPACE.finditer(mention.text)]
    start, end = mention.start + spans[a][0], mention.start + spans[b - 1][1]
    return replace(mention, text=mention.text[spans[a][0] : spans[b - 1][1]], start=start, end=end)


def without_roles(kb: KnowledgeBase, mention: Mention) -> Mention:
    """A PERSON mention the KB does not know, without its leading role words ("लेखपाल मनोज तिवारी" -> "मनोज
    तिवारी"; ``NameLexicon.role_prefix``): the role is context, the name is the entity. An office (``_office``) and one
    word that is an Indian place and no name word is the office's place, a LOC ("एसडीएम टूंडला" -> "टूंडला")."""
    if entity_label(mention.label) != "PERSON" or kb.exact(mention_key(mention.text)):
        return mention
    lexicon = NameLexicon.default()
    words = mention.text.split()
    k = lexicon.role_prefix(words)
    if k:
        return from_word(mention, k)
    # an officer by the place of his office ("एसडीएम टूंडला", "एसएमओ बंगा"): the place is the entity
    if len(words) == 2 and _office(words[0]) and not lexicon.is_name_token(words[1]) and words[1] not in lexicon.marathi_common:
        from services.nlp.linking.candidates import indian_places_named

        if any(e.label == "LOC" for e in kb.exact(mention_key(words[1]))) or indian_places_named(kb, words[1]):
            return replace(from_word(mention, 1), label="LOC")
    return mention


def _office(word: str) -> bool:
    """An office held by a person: a learned role word (``role_words.tsv``) or a spelled-out acronym of three or more
    letters (एसडीएम, एसएमओ, बीडीओ), not any common word (व्याजदर "interest rate" of a Marathi table is none)."""
    from services.nlp.linking.roman import devanagari_acronym

    return word in NameLexicon.default().role_words or len(devanagari_acronym(word) or "") >= 3


def up_to_word(mention: Mention, k: int) -> Mention:
    """``mention`` up to its word ``k`` (0-based, whitespace-separated; word ``k`` and after left out), offsets kept
    true to the text."""
    end = mention.start + [m.end() for m in _NON_SPACE.finditer(mention.text)][k - 1]
    return replace(mention, text=mention.text[: end - mention.start], end=end)


def from_word(mention: Mention, k: int) -> Mention:
    """``mention`` from its word ``k`` (0-based, whitespace-separated) on, offsets kept true to the text."""
    start = mention.start + [m.start() for m in _NON_SPACE.finditer(mention.text)][k]
    return replace(mention, text=mention.text[start - mention.start :], start=start)
