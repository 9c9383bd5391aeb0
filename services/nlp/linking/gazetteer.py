"""Find knowledge-base names in raw text: mentions the statistical NER model missed (ट्रम्प, यूक्रेन, Tesla).

Why here: the KB already knows thousands of spellings of well-known entities; a longest-match pass over the text
gives high-precision mentions to merge with the model's (``source="gazetteer"``). It is an offer to the NER
stage (``services.nlp.entities``), which owns the merge; ``benchmarks/entity_quality.py --gazetteer`` measures it.

Matching is on folded word keys (``keys.name_key``), so नरेन्द्र/नरेंद्र and ज़/ज both match. To keep
precision, one-word names are skipped when they are Hindi/Marathi/English stop words (आप, गया, US as "us" in
lower case), short names of foreign cities that are everyday Hindi words (काली, फेस) only before a postposition or a
sentence mark, gazetteer cities only enter above ``min_city_population``, and a Latin one-word name must be capitalised in the text;
an all-capital acronym whose key is a stop word (WHO: "who") is found only written so. A name that ends in a
one-word head is also found written solid ("गृहमंत्रालय" for गृह मंत्रालय, "राष्ट्रीय लोकदल").
"""

from __future__ import annotations

import re
from collections import defaultdict

from services.nlp.linking.kb import KBEntry, KnowledgeBase
from services.nlp.linking.keys import glued_stems, marathi_z_variant, name_key, particles
from services.nlp.scripts import DEVANAGARI_WORD_CHARS
from services.nlp.types import Mention

_CAPS_ACRONYM = re.compile(r"[A-Z]{2,6}")
_WORD = re.compile(rf"[\w{DEVANAGARI_WORD_CHARS}]+(?:[.'’][\w{DEVANAGARI_WORD_CHARS}]+)*\.?")
MAX_WORDS = 8


def _broken(text: str, tokens: list[tuple[int, int, str]]) -> bool:
    """Do the words cross anything but spaces ("Moscow, Kremlin" is two names, not "Moscow Kremlin")?"""
    return any(text[a[1] : b[0]].strip() for a, b in zip(tokens, tokens[1:]))


# A foreign city's one-word Devanagari name of at most this many key characters that is also an everyday Hindi word
# (wordfreq Zipf at least FOREIGN_SHORT_NAME_MAX_ZIPF) is found in running text only where a place would stand:
# before a postposition (PLACE_POSTPOSITIONS) or a sentence mark. "काली मिर्च" (black pepper) is not Cali, "फेस
# मास्क" not Fes; "मक्का की जामा मस्जिद" is Makkah and "डकार से नीस" Dakar.
FOREIGN_SHORT_NAME_MAX_CHARS = 4
FOREIGN_SHORT_NAME_MAX_ZIPF = 3.0
PLACE_POSTPOSITIONS = frozenset(name_key(w) for w in ("में", "से", "की", "के", "का", "तक", "पर", "मध्ये", "येथे"))
_SENTENCE_MARK = re.compile(r"\s*[.।,;:!?)]")


def _place_context(text: str, tokens: list[tuple[int, int, str]], i: int, keys: list[str]) -> bool:
    """Does token ``i`` stand where a place does: before a postposition or a sentence mark?"""
    if _SENTENCE_MARK.match(text, tokens[i][0] + len(tokens[i][2])):
        return True
    return i + 1 < len(tokens) and keys[i + 1] in PLACE_POSTPOSITIONS


def _everyday_word_abroad(entry: KBEntry, alias: str, key: str) -> bool:
    """Is ``alias`` (one word, key ``key``) a short name of a city outside India that is an everyday Hindi word?"""
    if entry.source != "city" or entry.country in (None, "IN") or len(key) > FOREIGN_SHORT_NAME_MAX_CHARS:
        return False
    from services.nlp.word_frequency import hindi_zipf

    return hindi_zipf(alias) >= FOREIGN_SHORT_NAME_MAX_ZIPF


class Gazetteer:
    """Longest-match finder of KB aliases; build once per KB (a few hundred ms), then ``find`` is linear."""

    def __init__(self, kb: KnowledgeBase, min_city_population: float = 1_000_000, min_key_chars: int = 3) -> None:
        stop = particles()
        from services.nlp.name_lexicon import NameLexicon

        glueable = frozenset(NameLexicon.default().glueable_heads)
        self._needs_place_context: set[str] = set()  # one-word keys found only before a postposition or a stop
        # all-capital acronyms whose key is a stop word, found only as written: "WHO" (not "who")
        self._caps_only: dict[str, str] = {}
        self._by_first: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)
        for entry in kb.entries:
            if entry.source == "city" and entry.prior < min_city_population and not entry.match:
                continue  # small towns only by spellings attested in the news (build_kb.attest_indian_places)
            for alias in entry.match if entry.match is not None else (entry.canonical, *entry.aliases):
                raw = _WORD.findall(alias)
                words = tuple(name_key(w) for w in raw)
                words = tuple(w for w in words if w)
                if not words or len(words) > MAX_WORDS:
                    continue
                if len(raw) >= 2 and len(words) == len(raw) and raw[-1] in glueable:
                    # written solid too: "गृहमंत्रालय", "राष्ट्रीय लोकदल" (NameLexicon.glued_head; the linker splits it)
                    self._by_first[(words[:-2] or (name_key(raw[-2] + raw[-1]),))[0]].setdefault(
                        (*words[:-2], name_key(raw[-2] + raw[-1])), entry.label
                    )
                if len(words) == 1 and (len(words[0]) < min_key_chars or words[0] in stop):
                    if _CAPS_ACRONYM.fullmatch(alias) and len(alias) >= min_key_chars:
                        self._caps_only.setdefault(alias, entry.label)  # WHO, but not "who"
                    continue
                if len(words) == 1 and _everyday_word_abroad(entry, alias, words[0]):
                    self._needs_place_context.add(words[0])
                self._by_first[words[0]].setdefault(words, entry.label)
        self._max_words = {first: max(len(k) for k in keys) for first, keys in self._by_first.items()}

    def find(self, text: str, glued_case_endings: bool = False) -> list[Mention]:
        """Non-overlapping KB-name mentions, longest first at each position, in text order.

        ``glued_case_endings`` (Marathi text): a name whose last word carries a glued case ending also matches
        ("पाकिस्तानसह", "रशियाच्या", "अमेरिकेतील": ``keys.glued_stems``); the mention is the whole written word.
        """
        tokens = [(m.start(), m.end(), m.group().rstrip(".")) for m in _WORD.finditer(text)]
        keys = [name_key(t[2]) for t in tokens]
        found = self._scan(text, tokens, keys, glued_case_endings)
        z_keys = [marathi_z_variant(k) or k for k in keys] if glued_case_endings else keys
        if z_keys != keys:
            # Marathi writes the z of अज़ीम, बेज़ोस as झ (अझीम, बेझोस): names the first pass missed, read that way
            taken = [(m.start, m.end) for m in found]
            extra = [m for m in self._scan(text, tokens, z_keys, True) if not any(a < m.end and m.start < b for a, b in taken)]
            found = sorted(found + extra, key=lambda m: m.start)
        return found

    def _scan(self, text: str, tokens: list[tuple[int, int, str]], keys: list[str], glued_case_endings: bool) -> list[Mention]:
        """The longest-match pass of ``find`` over word ``tokens`` (start, end, word) with their ``keys``."""
        out: list[Mention] = []
        i = 0
        while i < len(tokens):
            first = keys[i]
            options = self._by_first.get(first)
            if options is None and glued_case_endings:  # a one-word name with its ending: "चीनमध्ये"
                stem = next((st for st in glued_stems(first) if len(st) >= 3 and (st,) in self._by_first.get(st, {})), None)
                if stem is not None:
                    label = self._by_first[stem][(stem,)]
                    start, end = tokens[i][0], tokens[i][0] + len(tokens[i][2])
                    out.append(Mention(text[start:end], label, start, end, 0.85, "gazetteer"))
                    i += 1
                    continue
            found = None
            if tokens[i][2] in self._caps_only:
                found = (1, self._caps_only[tokens[i][2]], tokens[i][2])
            elif options:
                for n in range(min(self._max_words[first], len(tokens) - i), 0, -1):
                    label = options.get(tuple(keys[i : i + n]))
                    if label is None and glued_case_endings:
                        label = next(
                            (options[k] for stem in glued_stems(keys[i + n - 1])
                             if (k := (*keys[i : i + n - 1], stem)) in options and len(stem) >= 3),
                            None,
                        )
                    if label is None or _broken(text, tokens[i : i + n]):
                        continue
                    surface = text[tokens[i][0] : tokens[i + n - 1][0] + len(tokens[i + n - 1][2])]
                    if n == 1 and surface.isascii() and not surface[:1].isupper():
                        continue  # "apple", "reuters" in running English text are not names
                    if n == 1 and keys[i] in self._needs_place_context and not _place_context(text, tokens, i, keys):
                        continue  # "काली मिर्च", "फेस मास्क": not Cali, Fes; "मक्का की जामा मस्जिद", "डकार से" are
                    found = (n, label, surface)
                    break
            if found is None:
                i += 1
                continue
            n, label, surface = found
            start = tokens[i][0]
            out.append(Mention(surface, label, start, start + len(surface), 0.9, "gazetteer"))
            i += n
        return out
