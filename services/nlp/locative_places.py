"""Indian towns and villages the model missed, found where the sentence says a place stands: "उसे बांसी में
...", "जींद के दो गांव", "थाना दुधारा", "गांव बंदखारो से".

Why: on real district news the NER model misses most small places (in the real-news gold's tuning half, 46 of
the LOC entities were found by nothing), and the KB knows most of them only by their official English name
(GeoNames, LGD: Bansi, Jind, Uchana, Bagodar), not in Devanagari. A word that nothing found becomes a LOC mention
when all of these hold: a place word of ``LOCATIVE_AFTER`` follows it or one of ``LOCATIVE_BEFORE`` precedes it;
it is a Devanagari word of ``MIN_LETTERS`` or more characters, rarer in Hindi than ``MAX_ZIPF`` (wordfreq) and no
given name (``NameLexicon.given_names``); and its learned romanisation is, by name key, the name of an Indian
place in the KB (``linking.candidates.indian_places_named``). The linker then names it (Bansi, Jind).

More kinds:
* a word as common as ``BIG_PLACE_MAX_ZIPF`` (जींद, रोहतक are frequent in Hindi news, so wordfreq knows them) when
  the Indian place it romanises to has ``BIG_PLACE_MIN_PRIOR`` people or more;
* such a big town with no place word next to it ("पानीपत/जींद", "मुरादाबाद, शामली, जौनपुर"), when the word is no
  word of people's names either (on 200 unlabelled outlet day files, 158 distinct words: all towns but for two
  words the outlets' zero-width joiners cut);
* a word of any frequency before a district word (``DISTRICT_AFTER``: "बस्ती जिले", "गया जिले") when the Indian place
  it romanises to has ``BIG_PLACE_MIN_PRIOR`` people or more (in the outlet stories, 14 such words, all places);
* an item of a list next to a place the recogniser found ("चंबा, कांगड़ा, ऊना और सोलन") when it romanises to any
  Indian place and is rarer than ``LISTED_MAX_ZIPF``, no given name and no word of people's names;
* a village or locality the KB does not know at all ("थाना दुधारा", "गांव बंदखारो", "ककरहवा गांव") when the word
  next to it is an administrative place word (``VILLAGE_BEFORE`` / ``VILLAGE_AFTER``: village, police station,
  block, sub-division (अनुमंडल: "डुमरांव अनुमंडल", Bihar and Jharkhand), tehsil, locality), the word is unknown
  to wordfreq's Hindi list (Zipf < ``VILLAGE_MAX_ZIPF``), and it is neither a word of people's names (``NameLexicon.is_name_token``), an English loanword
  (``loanwords.EnglishLoanwords``) nor a spelled-out acronym. The linker romanises its name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from services.nlp.types import Mention

if TYPE_CHECKING:
    from services.nlp.linking.kb import KnowledgeBase
    from services.nlp.name_lexicon import NameLexicon

# Words that say the word before them is a place ("बांसी में", "जींद के दो गांव" is not: के is too common).
LOCATIVE_AFTER: Final = frozenset(
    "में जिले ज़िले जिला ज़िला जनपद गांव गाँव गांवों थाना थाने थानाक्षेत्र प्रखंड ब्लॉक तहसील अनुमंडल क्षेत्र इलाके इलाका कस्बे मोहल्ले".split()
)
# Words that say the word after them is a place ("गांव बंदखारो", "थाना दुधारा", "निवासी ककरहवा").
LOCATIVE_BEFORE: Final = frozenset("गांव गाँव ग्राम थाना प्रखंड ब्लॉक जनपद तहसील अनुमंडल कस्बा कस्बे निवासी मोहल्ला".split())
MAX_ZIPF: Final = 3.0
MIN_LETTERS: Final = 4
# A word up to this common (the KB build's ATTEST_MAX_ZIPF) is still a place when it names a town this big:
BIG_PLACE_MAX_ZIPF: Final = 4.2
BIG_PLACE_MIN_PRIOR: Final = 100_000  # people (GeoNames population), as the KB build's SEARCH_MIN_POPULATION
# Administrative place words: the word next to them names a village, police station, block or locality.
VILLAGE_BEFORE: Final = frozenset("गांव गाँव ग्राम थाना प्रखंड ब्लॉक तहसील अनुमंडल मोहल्ला".split())
VILLAGE_AFTER: Final = frozenset("गांव गाँव ग्राम थाना थाने प्रखंड ब्लॉक तहसील अनुमंडल मोहल्ला मोहल्ले पंचायत".split())
VILLAGE_MAX_ZIPF: Final = 1.0
# Words that say the word before them names a district: it is a place however common the word is in Hindi
# ("बस्ती जिले", "गया जिले": Zipf 4.5, 6.6) when it names an Indian place of ``BIG_PLACE_MIN_PRIOR`` people or more.
DISTRICT_AFTER: Final = frozenset("जिले जिला ज़िले ज़िला जनपद".split())
_WORD: Final = re.compile(r"[\u0900-\u0963\u0971-\u097f\u200c\u200d]+")
# A list item next to a place is a place too when rarer than this: ऊना 3.6, बागपत 3.7, काकोरी 3.8; not खांसी ("cough",
# 4.0: "बुखार, खांसी" when the model took बुखार for a place; it romanises to Hansi).
LISTED_MAX_ZIPF: Final = 4.0
# A comma or a conjunction between two items of a list ("चंबा, कांगड़ा, ऊना और सोलन").
_LIST_BEFORE: Final = re.compile(r"(?:\s*,|\s+(?:और|व|एवं|तथा))\s+$")
_LIST_AFTER: Final = re.compile(r"(?:\s*,|\s+(?:और|व|एवं|तथा))\s+")


def locative_places(text: str, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """``mentions`` (sorted, disjoint, character offsets into ``text``) plus a LOC mention for each word nothing
    found that the context and the KB say is an Indian place (see the module docstring,
    ``linking.candidates.indian_places_named``), sorted by start. Raises nothing of its own."""
    from services.nlp.entity_components import ROLE_RULE
    from services.nlp.linking.candidates import indian_places_named, may_name_big_indian_place
    from services.nlp.name_lexicon import NameLexicon
    from services.nlp.word_frequency import hindi_zipf

    words = list(_WORD.finditer(text))
    if not words:
        return mentions
    lexicon = NameLexicon.default()
    starts = [m.start for m in mentions]

    def covered(a: int, b: int) -> bool:
        k = bisect.bisect_right(starts, a) - 1
        return (k >= 0 and mentions[k].end > a) or (k + 1 < len(mentions) and mentions[k + 1].start < b)

    def adjacent(i: int, j: int) -> bool:  # words i < j with only spaces between them
        return not text[words[i].end() : words[j].start()].strip()

    loc_ends = {m.end for m in mentions if m.label == "LOC"}
    loc_starts = {m.start for m in mentions if m.label == "LOC"}

    def listed(a: int, b: int) -> bool:  # a list item next to a place: "चंबा, कांगड़ा, ऊना और सोलन"
        before = _LIST_BEFORE.search(text, max(0, a - 8), a)
        after = _LIST_AFTER.match(text, b)
        return bool(before and before.start() in loc_ends) or bool(after and after.end() in loc_starts)

    extra: list[Mention] = []
    for i, w in enumerate(words):
        word = w.group(0)
        if (
            len(word) >= 3 and not covered(w.start(), w.end()) and listed(w.start(), w.end())
            and hindi_zipf(word) < LISTED_MAX_ZIPF and word not in lexicon.given_names and not lexicon.is_name_token(word)
            and indian_places_named(kb, word)
        ):
            extra.append(ROLE_RULE.mention(text, w.start(), w.end(), "LOC"))
            loc_ends.add(w.end())  # the next item may lean on this one ("ऊना और सोलन")
            continue
        before = i > 0 and words[i - 1].group(0) in LOCATIVE_BEFORE and adjacent(i - 1, i)
        after = i + 1 < len(words) and words[i + 1].group(0) in LOCATIVE_AFTER and adjacent(i, i + 1)
        if len(word) < MIN_LETTERS or covered(w.start(), w.end()):
            continue
        zipf = hindi_zipf(word)
        if after and words[i + 1].group(0) in DISTRICT_AFTER and zipf >= BIG_PLACE_MAX_ZIPF:
            # "बस्ती जिले में": a common word before a district word, if it names a big Indian place
            if any(p.prior >= BIG_PLACE_MIN_PRIOR for p in indian_places_named(kb, word)):
                extra.append(ROLE_RULE.mention(text, w.start(), w.end(), "LOC"))
            continue
        if word in lexicon.given_names or zipf >= BIG_PLACE_MAX_ZIPF:
            continue
        if not (before or after):
            # no place word next to it: only a big town, by a word that is no word of people's names ("पानीपत/जींद")
            if (
                not lexicon.is_name_token(word)
                and may_name_big_indian_place(kb, word, BIG_PLACE_MIN_PRIOR)  # cheap: no for ~99 % of words
                and any(p.prior >= BIG_PLACE_MIN_PRIOR for p in indian_places_named(kb, word))
            ):
                extra.append(ROLE_RULE.mention(text, w.start(), w.end(), "LOC"))
            continue
        places = indian_places_named(kb, word)
        if places and (zipf < MAX_ZIPF or any(p.prior >= BIG_PLACE_MIN_PRIOR for p in places)):
            extra.append(ROLE_RULE.mention(text, w.start(), w.end(), "LOC"))
        elif not places and zipf < VILLAGE_MAX_ZIPF and _village(words, i, adjacent, lexicon):
            extra.append(ROLE_RULE.mention(text, w.start(), w.end(), "LOC"))
    if not extra:
        return mentions
    return sorted([*mentions, *extra], key=lambda m: (m.start, m.end))


def _village(words: list[re.Match[str]], i: int, adjacent: Callable[[int, int], bool], lexicon: NameLexicon) -> bool:
    """Is word ``i`` (rare, not in the KB) a village or locality by an administrative word next to it?"""
    from services.nlp.linking.roman import devanagari_acronym
    from services.nlp.loanwords import EnglishLoanwords

    word = words[i].group(0)
    before = i > 0 and words[i - 1].group(0) in VILLAGE_BEFORE and adjacent(i - 1, i)
    after = i + 1 < len(words) and words[i + 1].group(0) in VILLAGE_AFTER and adjacent(i, i + 1)
    return bool(
        (before or after)
        and not lexicon.is_name_token(word)
        and devanagari_acronym(word) is None
        and EnglishLoanwords.default().english(word) is None
    )
