"""Candidate lookup: which KB entity, if any, a key means for a mention of a given label (exact or approximate).

Why apart from the strategies: every strategy asks the same question ("what does this key resolve to, for this
label?"), the answer depends only on the KB, and it is cached per linker; the strategies only decide *which*
key to ask about. Choosing among candidates:

Labels: a KB hit takes the KB's label (NER confuses LOC/ORG, e.g. "रूस ने कहा" tagged ORG is still Russia, LOC).
A PERSON mention is never linked to a gazetteer city (people are named after places), only to a hand-curated or
country entry; the other cross-label hits are accepted because NER label noise is far more common than a
person sharing a curated organisation's name. Approximate hits (fuzzy, romanised) never pick small towns abroad.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace

from services.nlp.linking.kb import KBEntry, KnowledgeBase
from services.nlp.linking.keys import glued_stems, mention_key, name_key, strip_org_head
from services.nlp.linking.naming import FLAP, place_spelling, stable_id, two_letter_acronym
from services.nlp.linking.roman import devanagari_acronym, romanise
from services.nlp.linking.state import LinkerThresholds, Resolution
from services.nlp.name_lexicon import NameLexicon
from services.nlp.scripts import is_devanagari

FUZZY_MIN_LEN = 5  # keys shorter than this are matched exactly only
# The fuzzy thresholds are settings: LinkerThresholds (state.py), NlpSettings.linker_*.
NEAR_COUNTRIES = frozenset({"IN", "NP", "PK", "BD", "LK", "BT", "MV", "AF", "MM", "CN"})
BIG_CITY = 1_000_000.0
CACHE_LIMIT = 200_000  # cached answers before the cache is emptied (a long-running worker sees many keys)


def from_entry(entry: KBEntry, score: float) -> Resolution:
    """The ``Resolution`` of a KB entry (entity id: its Wikidata id, else a ``sam:`` id), with ``score``."""
    entity_id = entry.kb_id or stable_id(entry.label, entry.canonical)
    return Resolution(entry.canonical, entry.label, entry.kb_id, entity_id, score, entry.source)


class Candidates:
    """KB lookups for the linker, cached per (key, label, exact/approximate); one per ``Canonicalizer``.

    ``lookup`` returns a ``Resolution`` (``how`` "exact", "fuzzy" or "roman") or None; it never raises on any
    string (an empty key finds nothing).
    """

    def __init__(self, kb: KnowledgeBase, thresholds: LinkerThresholds | None = None) -> None:
        """Lookups over ``kb`` with the linker's ``thresholds`` (None: the defaults), which the strategies and
        filters given these candidates read too."""
        self.kb = kb
        self.thresholds = thresholds if thresholds is not None else LinkerThresholds()
        self._cache: dict[tuple[str, str], Resolution | None] = {}

    def lookup(self, key: str, label: str, fuzzy: bool) -> Resolution | None:
        """The entity ``key`` (a ``mention_key``) means for a mention labelled ``label``: exactly (``fuzzy`` False:
        the key, a place without its descriptor, an ORG without its generic head, a glued case ending removed, a
        spelled-out initialism) or approximately (``fuzzy`` True: rapidfuzz over KB keys, the romanised key).
        Two-letter spelled-out acronyms never resolve to an ORG. None if nothing fits."""
        cache_key = (key, label + ("~" if fuzzy else ""))
        if cache_key in self._cache:
            return self._cache[cache_key]
        result = self._fuzzy(key, label) if fuzzy else self._exact(key, label)
        if result is not None and result.label == "ORG" and two_letter_acronym(key):
            # Two-letter spelled-out acronyms (एसपी, डीसी, डीएम, सीएस) are ranks and offices far more often than the
            # organisations whose Latin initials they spell (SP = Samajwadi Party is सपा in Hindi).
            result = None
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        self._cache[cache_key] = result
        return result

    def _exact(self, key: str, label: str) -> Resolution | None:
        entry = choose(self.kb.exact(key), label)
        if entry is None and label == "LOC" and (bare := NameLexicon.default().without_place_descriptor(key)):
            place = choose(self.kb.exact(bare), label)
            if place is not None and place.label == "LOC":  # "डीसी इलाके" (the DC area) is no Delhi Capitals
                return from_entry(place, 0.95)
        if entry is None and label == "ORG" and (bare := strip_org_head(key)):
            headless = choose(self.kb.exact(bare), label)
            if headless is not None:
                return from_entry(headless, 0.9)
        if entry is None and is_devanagari(key):
            for variant in [key, *glued_stems(key)]:
                acronym = devanagari_acronym(variant.replace(" ", ""))
                if variant != key:
                    entry = choose(self.kb.exact(variant), label)
                # Two-letter spelled-out acronyms (एसपी, डीसी, डीएम, सीएस) are ranks and offices far more often than
                # the organisations whose Latin initials they match (SP = Samajwadi Party is सपा in Hindi).
                if entry is None and acronym and len(acronym) >= 3:
                    entry = choose(self.kb.exact(acronym.casefold()), label)
                if entry is not None:
                    return from_entry(entry, 1.0 if variant == key else 0.9)
        return from_entry(entry, 1.0) if entry else None

    def _fuzzy(self, key: str, label: str) -> Resolution | None:
        if len(key) >= FUZZY_MIN_LEN:
            t = self.thresholds
            threshold = t.fuzzy_threshold if len(key) >= 8 else t.fuzzy_threshold_short
            hit = self.kb.fuzzy(key, threshold)
            if hit is not None and _same_initialisms(key, hit[0]) and not (label == "PERSON" and _other_given_name(key, hit[0])):
                entry = choose_weak(self.kb.exact(hit[0]), label)
                if entry is not None:
                    return replace(from_entry(entry, hit[1] / 100.0), how="fuzzy")
        if is_devanagari(key):
            roman = name_key(romanise(key))
            if roman and roman.isascii():
                entry = choose_weak(self.kb.exact(roman), label)
                if entry is not None:
                    return replace(from_entry(entry, 0.9), how="roman")
                if len(roman) >= FUZZY_MIN_LEN + 2:
                    hit = self.kb.fuzzy(roman, self.thresholds.roman_fuzzy_threshold)
                    if hit is not None:
                        entry = choose_weak(self.kb.exact(hit[0]), label)
                        if entry is not None:
                            return replace(from_entry(entry, 0.8 * hit[1] / 100.0), how="roman")
        return None

    def place_name(self, word: str) -> str | None:
        """The canonical of a country, state or city the KB knows by exactly this word, else None.

        Only by an alias that is this word with its titles ("भवन" is not "राष्ट्रपति भवन")."""
        return self._only_name(word, "LOC")

    def country_of_demonym(self, word: str) -> str | None:
        """The canonical of the country whose adjective the Devanagari ``word`` is ("भारतीय" -> India, "चीनी" ->
        China, "अमेरिकी" -> United States), by the endings of ``demonym_endings`` (``linking.yaml``) and a KB entry of
        source "country" for the stem; None otherwise (irregular adjectives such as ब्रितानी are not guessed)."""
        for ending, instead in NameLexicon.default().config.demonym_endings:
            if len(word) > len(ending) + 1 and word.endswith(ending):
                stem = word[: -len(ending)] + instead
                names = {e.canonical for e in self.kb.exact(mention_key(stem)) if e.label == "LOC" and e.source == "country"}
                if len(names) == 1:
                    return names.pop()
        return None

    def org_name(self, text: str) -> str | None:
        """The canonical of the one organisation the KB knows by exactly ``text`` (an alias of that key: "रेड
        क्रॉस" -> Red Cross), else None. For the name before an English head the KB does not hold with it ("रेड
        क्रॉस सोसाइटी" -> Red Cross Society, ``naming.romanise_with_heads``)."""
        return self._only_name(text, "ORG")

    def _only_name(self, text: str, label: str) -> str | None:
        """The one canonical of ``label`` whose KB entry has an alias with exactly the key of ``text``, else None.
        Of homonyms, the one curated entry when the others are gazetteer towns abroad: "गुजरात" is the state Gujarat,
        not the town Gujrat in Pakistan; "वेल्स" Wales, not Wels in Austria. A country beside a town stays ambiguous
        (कोलंबिया: Colombia, or Columbia in "कोलंबिया विश्वविद्यालय")."""
        key = name_key(text)
        entries = [
            e for e in self.kb.exact(mention_key(text))
            if e.label == label and any(name_key(a) == key for a in (e.canonical, *e.aliases))
        ]
        names = {e.canonical for e in entries}
        if len(names) > 1:
            top = max(e.rank[0] for e in entries)
            curated = {e.canonical for e in entries if e.rank[0] == top and e.source == "curated"}
            others = [e for e in entries if e.canonical not in curated]
            if len(curated) == 1 and all(e.source == "city" and e.country != "IN" for e in others):
                return curated.pop()
        return names.pop() if len(names) == 1 else None


def indian_places_named(kb: KnowledgeBase, word: str) -> list[KBEntry]:
    """The Indian places (LOC, country IN) of ``kb`` whose name key is that of the learned romanisation of the
    Devanagari ``word`` ("बांसी" -> Bansi), KB order; [] if none. For towns the KB knows by their English name only
    (GeoNames, LGD). The romanisation is also tried as official place names are spelled (``place_spelling``:
    "जींद" -> Jeend -> Jind) and with ड़ read as "r" (the romaniser learned "d" from people's names: Kheda; place
    names write "r": जलपाईगुड़ी -> Jalpaiguri, हापुड़ -> Hapur). Raises nothing of its own."""
    roman = romanise(word)
    spellings = [roman, place_spelling(roman)]
    if FLAP in word:  # ड़ as the "r" of place names (जलपाईगुड़ी: Jalpaiguri, हापुड़: Hapur), not the "d" of names
        flap = romanise(word.replace(FLAP, "र"))
        spellings += [flap, place_spelling(flap)]
    for spelling in dict.fromkeys(spellings):
        key = name_key(spelling)
        found = [e for e in kb.exact(key) if e.label == "LOC" and e.country == "IN"] if key else []
        if found:
            return found
    return []




def may_name_big_indian_place(kb: KnowledgeBase, word: str, min_prior: float) -> bool:
    """Could ``indian_places_named(kb, word)`` hold an Indian place of ``min_prior`` people or more? False only when
    it cannot: none of the spellings the romaniser chooses among (``NameRomaniser.spelling_candidates``) shares a
    consonant skeleton (``_loose_skeleton``) with a key of such a place. A pre-filter: ``locative_places`` asks
    this of ~200 words per article and needs a yes for ~1 % of them, and the full romanisation (the English
    rerank's forced alignments) is ~5 times the cost of the character model's n-best. Never raises."""
    from services.nlp.name_romaniser import default

    if FLAP in word:
        return True  # indian_places_named also tries ड़ as "r": not worth mirroring here
    spellings = default().spelling_candidates(word)
    if spellings is None:
        return True
    skeletons = _big_place_skeletons(kb, min_prior)
    return any(_loose_skeleton(name_key(s)) in skeletons for s in spellings)


def _loose_skeleton(key: str) -> str:
    """``spelling_skeleton`` of a Latin key without any vowel, "v" or space: what stays the same between a spelling,
    the English words the romaniser's rerank may put in its place (same ``spelling_skeleton``) and ``place_spelling``
    of either (ee -> i, oo -> u, final y -> i, ganv -> gaon), so equal keys have equal loose skeletons."""
    from services.nlp.name_romaniser import spelling_skeleton

    return _NOT_CONSONANT.sub("", spelling_skeleton(key))


_NOT_CONSONANT = re.compile(r"[^bcdfgjklmnpqrstxzS]")
_BIG_PLACE_SKELETONS: weakref.WeakKeyDictionary[KnowledgeBase, dict[float, frozenset[str]]] = weakref.WeakKeyDictionary()


def _big_place_skeletons(kb: KnowledgeBase, min_prior: float) -> frozenset[str]:
    """Loose skeletons of every key of the KB's Indian places (LOC, country IN) of ``min_prior`` people or more;
    computed once per KB and threshold (~540 places at 100,000, one pass over the key index)."""
    per_kb = _BIG_PLACE_SKELETONS.setdefault(kb, {})
    found = per_kb.get(min_prior)
    if found is None:
        big = {
            i for i, e in enumerate(kb.entries) if e.label == "LOC" and e.country == "IN" and e.prior >= min_prior
        }
        found = frozenset(_loose_skeleton(k) for k, ids in kb.by_key.items() if k.isascii() and big.intersection(ids))
        per_kb[min_prior] = found
    return found


def _other_given_name(key: str, other: str) -> bool:
    """Do two person keys of a near match start with different given names, by their consonants (``skeleton``, ऋ
    read as र)? A vowel or a doubled letter more is a spelling (मोहम्मद / मुहम्मद, ऋषि / रिषि); a consonant more is
    another name: अजित सिंह is not Arijit Singh (अरिजीत), whom ``KnowledgeBase.fuzzy`` would allow."""
    from services.nlp.linking.keys import skeleton

    a, b = key.split(), other.split()
    if len(a) < 2 or len(b) < 2:
        return False
    return skeleton(a[0].replace("ऋ", "र")) != skeleton(b[0].replace("ऋ", "र"))


def _same_initialisms(key: str, other: str) -> bool:
    """Do two keys spell the same initialisms (एसएन = SN, एसआरएन = SRN)? A letter more or less in an initialism
    is another name: SN Hospital (Sarojini Naidu, Agra) is not SRN Hospital (Swaroop Rani Nehru, Prayagraj)."""

    def spelled(k: str) -> list[str]:
        return [a for w in k.split() if (a := devanagari_acronym(w)) is not None]

    return spelled(key) == spelled(other)


def choose_weak(candidates: list[KBEntry], label: str) -> KBEntry | None:
    """``choose`` for approximate matches (fuzzy, romanised): small gazetteer towns abroad are more often a wrong
    hit (अलीगंज -> Kaliganj, रतनपुर -> Ratnapura) than the intended place, so only South Asian or big cities."""
    return choose(
        [c for c in candidates if c.source != "city" or c.country in NEAR_COUNTRIES or c.prior >= BIG_CITY],
        label,
    )


def choose(candidates: list[KBEntry], label: str) -> KBEntry | None:
    """The best of a key's KB entries for a mention labelled ``label``, or None: same-label candidates first (by
    ``KBEntry.rank``); across labels only where NER noise is likelier than a true clash.

    A PERSON mention is never a gazetteer city (people are named after places). It may become a curated
    place or organisation: the Hindi model tags one-word names (कीव, महायुति, ग़ाज़ा) PERSON far more often
    than a person shares a curated name (सोनी the surname vs Sony is the known price).
    """
    if not candidates:
        return None
    same = [c for c in candidates if c.label == label]
    if same:
        return max(same, key=lambda c: c.rank)
    allowed = [c for c in candidates if not (label == "PERSON" and c.source == "city")]
    return max(allowed, key=lambda c: c.rank) if allowed else None
