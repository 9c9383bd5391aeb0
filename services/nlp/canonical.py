"""Entity linking: give every NER mention a canonical English name, a Wikidata id where known, and a stable id.

Order of decisions for one article (see ``Canonicalizer.link``; ``stats`` counts which step resolved each):

1. DATE mentions: canonical is the ISO date when the mention names one ("जुलाई 2000" -> "2000-07"), else the text.
2. ``exact``: KB hit on the mention key (titles stripped, spelling folded: ``canon_keys``), also via a spelled-out
   initialism (केसीएनए -> kcna) or with a glued Marathi case ending removed (मुंबईतील -> मुंबई).
3. ``context``: the longest KB name the text continues into around the span (NER cut "किम जोंग | उन", or tagged
   "नरेंद्र मोदी" inside "नरेंद्र मोदी स्टेडियम"). ``inner``: an over-long span takes the KB name it starts with
   where that name visibly ends ("देवेंद्र फडणवीस यांनी घेतली"). ``same-key``: repeats of a resolved mention.
4. ``short``: a short PERSON mention (पुतिन, किम, श्री लावरोव, Mr Kim, or a surname NER tagged ORG) whose words are
   part of a longer PERSON mention in the same article takes that mention's entity (most mentioned one first);
   an ORG mention that starts a longer ORG mention ("Chennai" after "Chennai Super Kings") likewise.
5. ``fuzzy``: rapidfuzz ratio on keys (blocked by vowel-free skeleton, then first letter and length); ``roman``:
   the romanised Devanagari key among Latin aliases. Approximate hits never pick small towns abroad.
6. ``acronym`` / ``unknown``: an unknown initialism joins the ORG it abbreviates (TTP); other mentions are unknown
   names: those sharing a skeleton or near-identical are one entity; canonical = an English surface if the
   article has one, else a readable romanisation; id = ``sam:`` + hash(label + skeleton of the canonical), so
   spelling variants (and the English spelling) of an unknown name get one id across articles.

Labels: a KB hit takes the KB's label (NER confuses LOC/ORG, e.g. "रूस ने कहा" tagged ORG is still Russia, LOC).
A PERSON mention is never linked to a gazetteer city (people are named after places), only to a hand-curated or
country entry; the other cross-label hits are accepted because NER label noise is far more common than a
person sharing a curated organisation's name.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz

from services.nlp.canon_dates import iso_date
from services.nlp.canon_kb import DEFAULT_KB_DIR, META_FILE, KBEntry, KnowledgeBase
from services.nlp.canon_keys import (
    TITLE_KEYS,
    glued_stems,
    is_devanagari,
    mention_key,
    name_key,
    particles,
    skeleton,
    strip_org_head,
    strip_title_words,
)
from services.nlp.canon_roman import devanagari_acronym, prefetch, romanise, words_of
from services.nlp.loanwords import EnglishLoanwords
from services.nlp.name_lexicon import NameLexicon
from services.nlp.scripts import DEVANAGARI_WORD_CHARS
from services.nlp.types import Mention
from services.records import Entity

LABEL_ALIASES = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "DATE": "DATE",
    "TIME": "DATE",
}
NAME_LABELS = ("PERSON", "ORG", "LOC")
FUZZY_MIN_LEN = 5  # keys shorter than this are matched exactly only
FUZZY_THRESHOLD_SHORT = 92.0  # keys of 5..7 characters
FUZZY_THRESHOLD = 88.0  # longer keys: दिमित्री/दमित्री पेसकोव ~96, किम जोंग उन/किम जोंग इल ~82
ROMAN_FUZZY_THRESHOLD = 92.0
TOKEN_MATCH = 85.0  # two name tokens are the same word (for short-mention resolution)
IN_ARTICLE_JOIN = 88.0  # two unknown mentions in one article are the same name
NEAR_COUNTRIES = frozenset({"IN", "NP", "PK", "BD", "LK", "BT", "MV", "AF", "MM", "CN"})
BIG_CITY = 1_000_000.0


# Zipf frequency (wordfreq's Hindi list) from which a word is "common". Chosen on the dev gold articles: 4.5 drops
# केंद्र सरकार / राज्य सरकार / विधानसभा / संयुक्त मिशन / डेटा सेंटर and no gold entity (BJP, उत्तर प्रदेश... are in the KB).
GENERIC_ZIPF = 4.5


# Words at the end of an unknown span this common in Hindi (रवाना, होगी, स्थित) are not part of a name; rarer ones
# (जोंग of किम जोंग, डेयरडेविल्स) may be.
SWEPT_WORD_ZIPF = 4.0


def is_generic_phrase(text: str, label: str) -> bool:
    """An ORG/LOC surface made only of frequent Devanagari words: a common noun phrase if the KB does not know it."""
    words = text.split()
    if label not in ("ORG", "LOC") or not words or not all(is_devanagari(w) for w in words):
        return False
    from services.nlp.word_frequency import hindi_zipf

    return all(hindi_zipf(w) >= GENERIC_ZIPF for w in words)


def stable_id(label: str, canonical: str) -> str:
    """``sam:`` id of an entity without a Wikidata id: label + vowel-free key of its canonical name."""
    basis = f"{label}:{skeleton(name_key(canonical))}"
    return "sam:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Resolved:
    canonical: str
    label: str
    kb_id: str | None
    entity_id: str
    score: float
    source: str = "unknown"  # KB source (curated, country, state, city), "date" or "unknown"
    how: str = "exact"  # which step resolved it (counted in Canonicalizer.stats)


class Canonicalizer:
    """Links mentions to the knowledge base in ``services/nlp/data/kb``; loads it once, on first use."""

    def __init__(self, kb_dir: Path | None = None) -> None:
        self.kb_dir = Path(kb_dir) if kb_dir is not None else DEFAULT_KB_DIR
        self._kb: KnowledgeBase | None = None
        self._cache: dict[tuple[str, str], _Resolved | None] = {}
        self.stats: Counter[str] = Counter()  # mentions by resolution step (exact, fuzzy, short, unknown...)
        try:
            meta = json.loads((self.kb_dir / META_FILE).read_text(encoding="utf-8"))
            self.version: str = str(meta.get("version", "kb-unknown"))
        except (OSError, ValueError):
            self.version = "kb-missing"

    # -- public API ---------------------------------------------------------------------------------
    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base, loaded from ``kb_dir`` on first use (sets ``version``); raises ``OSError`` or
        ``ValueError`` when the KB files are missing or malformed."""
        if self._kb is None:
            self._kb = KnowledgeBase(self.kb_dir)
            self.version = self._kb.version
        return self._kb

    def load(self) -> "Canonicalizer":
        """Load the KB, stop-word lists, word frequencies and transliterator now (readiness, warm-up), not on the first article."""
        _ = self.kb
        particles()
        romanise("नमस्ते")
        from services.nlp.word_frequency import hindi_zipf

        hindi_zipf("सरकार")  # loads wordfreq's Hindi list (generic phrases here, the entity rules)
        return self

    def link_batch(
        self, texts: list[str], mentions: list[list[Mention]], languages: list[str] | None = None
    ) -> list[list[Entity]]:
        """``link`` over a batch: one entity list per text. Raises ``ValueError`` if the list lengths differ."""
        langs: list[str | None] = list(languages) if languages is not None else [None] * len(texts)
        if len(texts) != len(mentions) or len(langs) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(mentions)} mention lists and {len(langs)} languages")
        return [self.link(text, ms, language=lang) for text, ms, lang in zip(texts, mentions, langs)]

    def link(self, text: str, mentions: list[Mention], language: str | None = None) -> list[Entity]:
        """Entities for one article, one per mention, in the order given.

        Except: a mention nothing in the KB resolves that is a common noun phrase (``is_common_noun``: "केंद्र
        सरकार", "विधानसभा", "डेटा सेंटर", "मरीज", "लॉकडाउन") is not a name and is left out; so is a title alone
        ("डॉ."), and a language's name (डोगरी, सिंधी, बोडो) unless a country or Indian state. In a Marathi article (``language`` "mr"), where the Hindi model also tags verbs and common nouns
        (Marathi has no word-frequency list), an unresolved mention needs evidence of a name
        (``NameLexicon.has_name_evidence``: a word from people's names, a generic head, an acronym).
        """
        mentions = [
            self._without_trailing_words(self._without_roles(part))
            for m in mentions if not is_nameless(m.text)
            for part in self._split_place_pair(text, m)
        ]
        labels = [self._label(m) for m in mentions]
        keys = [mention_key(m.text) for m in mentions]
        resolved: list[_Resolved | None] = [None] * len(mentions)

        for i, (mention, label, key) in enumerate(zip(mentions, labels, keys)):
            if label == "DATE":
                canonical = iso_date(mention.text) or " ".join(mention.text.split())
                resolved[i] = _Resolved(canonical, "DATE", None, stable_id("DATE", canonical), 1.0, "date", "date")
            elif key:
                full = name_key(mention.text)  # "सम्राट चौधरी" as written first, then without titles ("राष्ट्रपति पुतिन")
                resolved[i] = (self._lookup(full, label, fuzzy=False) if full != key else None) or self._lookup(key, label, fuzzy=False)

        self._complete_from_context(text, mentions, labels, resolved)
        self._inner_spans(labels, keys, resolved)
        _propagate_same_key(labels, keys, resolved)
        self._resolve_short_mentions(mentions, labels, keys, resolved)
        _join_bracketed_abbreviations(text, mentions, labels, keys, resolved)

        unresolved = [i for i, res in enumerate(resolved) if res is None]
        prefetch(w for i in unresolved for w in (*words_of(keys[i]), *words_of(strip_title_words(mentions[i].text))))
        for i in unresolved:
            if keys[i] and labels[i] != "DATE":
                resolved[i] = self._lookup(keys[i], labels[i], fuzzy=True)

        self._resolve_unknown(mentions, labels, keys, resolved)

        entities = []
        for mention, res in zip(mentions, resolved):
            assert res is not None
            if res.source == "unknown" and self.is_common_noun(mention.text, res.label):
                self.stats["generic"] += 1
                continue
            if res.source == "unknown" and _two_letter_acronym(mention_key(mention.text)):
                self.stats["rank"] += 1  # एसपी, डीसी, सीएस alone: an officer's rank, not a name
                continue
            if res.source not in ("country", "state", "curated") and NameLexicon.default().is_language_name(mention.text):
                self.stats["language"] += 1  # डोगरी, सिंधी, बोडो (not Bodø, Norway): a language, not a place
                continue
            if res.source == "unknown" and language == "mr" and not NameLexicon.default().has_name_evidence(mention.text, res.label):
                self.stats["no-evidence"] += 1
                continue
            self.stats[res.how] += 1
            entities.append(
                Entity(
                    text=mention.text,
                    label=res.label,  # type: ignore[arg-type]
                    start=mention.start,
                    end=mention.end,
                    confidence=max(0.0, min(1.0, mention.confidence * res.score)),
                    canonical=res.canonical.strip() or " ".join(mention.text.split()) or "?",  # never empty
                    kb_id=res.kb_id,
                    entity_id=res.entity_id,
                )
            )
        return entities

    def _label(self, mention: Mention) -> str:
        """The mention's label; for a name the KB does not know that ends in a generic head, the head's label
        ("नेहरू कॉलोनी" tagged PERSON is a LOC, ``NameLexicon.label_by_head``); a lone initialism of three or more
        letters tagged PERSON is an ORG."""
        label = LABEL_ALIASES.get(mention.label.upper(), "ORG")
        if label in NAME_LABELS and not self.kb.exact(mention_key(mention.text)):
            if label == "PERSON" and len(_acronym_of(mention.text) or "") >= 3:
                return "ORG"  # "जेएसडीएमए" alone is an organisation's initials, not a person
            return NameLexicon.default().label_by_head(mention.text) or label
        return label

    def _split_place_pair(self, text: str, mention: Mention) -> list[Mention]:
        """"लुधियाना-सहरसा" (a train's route, a road): two places joined by a hyphen or slash are two mentions, when
        the KB knows each side as a place and not the whole."""
        if LABEL_ALIASES.get(mention.label.upper()) not in ("LOC", "ORG") or self.kb.exact(mention_key(mention.text)):
            return [mention]
        match = _PLACE_PAIR.fullmatch(mention.text)
        if not match:
            return [mention]
        parts = []
        for group in (1, 2):
            surface = match.group(group)
            if not any(e.label == "LOC" for e in self.kb.exact(mention_key(surface))):
                return [mention]
            start = mention.start + match.start(group)
            parts.append(replace(mention, text=surface, start=start, end=start + len(surface), label="LOC"))
        return parts

    def _without_trailing_words(self, mention: Mention) -> Mention:
        """A name the KB knows followed by common words the model swept into the span ("मुंबई रवाना होगी" ->
        "मुंबई"): cut back to the known name. Only when the whole span is unknown, the words cut are common, not
        generic heads and not from people's names, and what is left is an exact KB name (whose label it takes)."""
        label = LABEL_ALIASES.get(mention.label.upper())
        words = mention.text.split()
        if label not in NAME_LABELS or len(words) < 2 or self.kb.exact(mention_key(mention.text)):
            return mention
        lexicon = NameLexicon.default()
        heads = lexicon.translate_heads(words)
        k = len(words)
        while k > 1 and heads[k - 1] is None and not lexicon.is_name_token(words[k - 1]) and lexicon.is_common(words[k - 1], SWEPT_WORD_ZIPF):
            k -= 1
        known = {e.label for e in self.kb.exact(mention_key(" ".join(words[:k])))} if k < len(words) else set()
        if not known:
            return mention
        end = mention.start + [m.end() for m in _NON_SPACE.finditer(mention.text)][k - 1]  # the end of word k
        # The model's label on such a swept-up span is as unreliable as its end: the KB's wins when it has one.
        new_label = mention.label if label in known or len(known) > 1 else known.pop()
        return replace(mention, text=mention.text[: end - mention.start], end=end, label=new_label)

    def _without_roles(self, mention: Mention) -> Mention:
        """A PERSON mention the KB does not know, without its leading role words ("लेखपाल मनोज तिवारी" -> "मनोज
        तिवारी"; ``NameLexicon.role_prefix``): the role is context, the name is the entity."""
        if LABEL_ALIASES.get(mention.label.upper()) != "PERSON" or self.kb.exact(mention_key(mention.text)):
            return mention
        words = mention.text.split()
        k = NameLexicon.default().role_prefix(words)
        if k == 0:
            return mention
        start = mention.start + mention.text.index(words[k], sum(len(w) for w in words[:k]))
        return replace(mention, text=mention.text[start - mention.start :], start=start)

    def _place_name(self, word: str) -> str | None:
        """The canonical of a country, state or city the KB knows by exactly this word, else None.

        Only by an alias that is this word with its titles ("भवन" is not "राष्ट्रपति भवन")."""
        key = name_key(word)
        names = {
            e.canonical
            for e in self.kb.exact(mention_key(word))
            if e.label == "LOC" and any(name_key(a) == key for a in (e.canonical, *e.aliases))
        }
        return names.pop() if len(names) == 1 else None

    def is_common_noun(self, text: str, label: str) -> bool:
        """Is ``text``, when the KB does not resolve it, a common noun phrase rather than a name (left out by ``link``)?

        ``is_generic_phrase`` (ORG/LOC of frequent words), or ``NameLexicon.is_common_noun_phrase`` (no word from
        people's names, all words common: "मरीज", "अवकाश", "चौक") unless, for ORG/LOC, one of its words is a name the
        KB knows ("सहारनपुर चौक").
        """
        words = text.split()
        # "पंजाब सरकार", "सहारनपुर चौक": an ORG/LOC phrase with a place the KB knows in it is a name, however common
        # its words are in Hindi.
        if label != "PERSON" and len(words) > 1 and (
            any(self._place_name(w) for w in words) or self._place_name(" ".join(words[:-1]))
        ):
            return False
        if is_generic_phrase(text, label):
            return True
        if not NameLexicon.default().is_common_noun_phrase(strip_title_words(text), label):
            return False
        # a word the KB knows as a name makes it a name, however common the word is in Hindi.
        return label == "PERSON" or not any(self.kb.exact(mention_key(w)) for w in words)

    # -- KB lookups ---------------------------------------------------------------------------------
    def _lookup(self, key: str, label: str, fuzzy: bool) -> _Resolved | None:
        cache_key = (key, label + ("~" if fuzzy else ""))
        if cache_key in self._cache:
            return self._cache[cache_key]
        result = self._lookup_fuzzy(key, label) if fuzzy else self._lookup_exact(key, label)
        if result is not None and result.label == "ORG" and _two_letter_acronym(key):
            # Two-letter spelled-out acronyms (एसपी, डीसी, डीएम, सीएस) are ranks and offices far more often than the
            # organisations whose Latin initials they spell (SP = Samajwadi Party is सपा in Hindi).
            result = None
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[cache_key] = result
        return result

    def _lookup_exact(self, key: str, label: str) -> _Resolved | None:
        entry = self._choose(self.kb.exact(key), label)
        if entry is None and label == "LOC" and (bare := NameLexicon.default().without_place_descriptor(key)):
            place = self._choose(self.kb.exact(bare), label)
            if place is not None:
                return _from_entry(place, 0.95)
        if entry is None and label == "ORG" and (bare := strip_org_head(key)):
            headless = self._choose(self.kb.exact(bare), label)
            if headless is not None:
                return _from_entry(headless, 0.9)
        if entry is None and is_devanagari(key):
            for variant in [key, *glued_stems(key)]:
                acronym = devanagari_acronym(variant.replace(" ", ""))
                if variant != key:
                    entry = self._choose(self.kb.exact(variant), label)
                # Two-letter spelled-out acronyms (एसपी, डीसी, डीएम, सीएस) are ranks and offices far more often than
                # the organisations whose Latin initials they match (SP = Samajwadi Party is सपा in Hindi).
                if entry is None and acronym and len(acronym) >= 3:
                    entry = self._choose(self.kb.exact(acronym.casefold()), label)
                if entry is not None:
                    return _from_entry(entry, 1.0 if variant == key else 0.9)
        return _from_entry(entry, 1.0) if entry else None

    def _lookup_fuzzy(self, key: str, label: str) -> _Resolved | None:
        if len(key) >= FUZZY_MIN_LEN:
            threshold = FUZZY_THRESHOLD if len(key) >= 8 else FUZZY_THRESHOLD_SHORT
            hit = self.kb.fuzzy(key, threshold)
            if hit is not None:
                entry = self._choose_weak(self.kb.exact(hit[0]), label)
                if entry is not None:
                    return replace(_from_entry(entry, hit[1] / 100.0), how="fuzzy")
        if is_devanagari(key):
            roman = name_key(romanise(key))
            if roman and roman.isascii():
                entry = self._choose_weak(self.kb.exact(roman), label)
                if entry is not None:
                    return replace(_from_entry(entry, 0.9), how="roman")
                if len(roman) >= FUZZY_MIN_LEN + 2:
                    hit = self.kb.fuzzy(roman, ROMAN_FUZZY_THRESHOLD)
                    if hit is not None:
                        entry = self._choose_weak(self.kb.exact(hit[0]), label)
                        if entry is not None:
                            return replace(_from_entry(entry, 0.8 * hit[1] / 100.0), how="roman")
        return None

    @staticmethod
    def _choose_weak(candidates: list[KBEntry], label: str) -> KBEntry | None:
        """For approximate matches (fuzzy, romanised): small gazetteer towns abroad are more often a wrong hit
        (अलीगंज -> Kaliganj, रतनपुर -> Ratnapura) than the intended place, so only South Asian or big cities."""
        return Canonicalizer._choose(
            [c for c in candidates if c.source != "city" or c.country in NEAR_COUNTRIES or c.prior >= BIG_CITY],
            label,
        )

    @staticmethod
    def _choose(candidates: list[KBEntry], label: str) -> KBEntry | None:
        """Same-label candidates first; across labels only where NER noise is likelier than a true clash.

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

    # -- within one article -------------------------------------------------------------------------
    def _complete_from_context(
        self, text: str, mentions: list[Mention], labels: list[str], resolved: list[_Resolved | None]
    ) -> None:
        """A truncated span (किम जोंग | उन, व्हाइट | हाउस, नरेंद्र मोदी | स्टेडियम) takes the longer KB name the text
        continues into (longest match wins, also over a KB hit of the span itself).

        Only the neighbouring words (same sentence, whitespace-separated) are tried, and only an exact KB key of
        two or more words that is longer than the span's own key counts; the entity's offsets stay the NER's.
        """
        for i, mention in enumerate(mentions):
            if labels[i] == "DATE" or not text:
                continue
            left, right = _words_around(text, mention.start, mention.end)
            best: _Resolved | None = None
            best_len = len(mention_key(mention.text)) if resolved[i] is not None else 0
            for n_left in range(len(left), -1, -1):
                for n_right in range(len(right), -1, -1):
                    if n_left == n_right == 0:
                        continue
                    phrase = " ".join([*left[len(left) - n_left :], mention.text, *right[:n_right]])
                    key = mention_key(phrase)
                    if len(key.split()) < 2 or len(key) <= best_len:
                        continue
                    hit = self._lookup(key, labels[i], fuzzy=False)
                    if hit is not None:
                        best, best_len = hit, len(key)
            if best is not None:
                resolved[i] = replace(best, score=0.9 * best.score, how="context")

    def _inner_spans(self, labels: list[str], keys: list[str], resolved: list[_Resolved | None]) -> None:
        """An over-long NER span ("देवेंद्र फडणवीस यांनी घेतली", "पुणे आणि") takes the longest KB name it starts with.

        Only prefixes, and only where the name visibly ends (a particle follows, a glued case ending closes it,
        or another known name follows): a dropped leading word changes the meaning ("चीनी विदेश मंत्रालय" is not
        India's विदेश मंत्रालय) and so does a dropped name word ("दिल्ली डेयरडेविल्स"). A single word only counts
        for a hand-curated or country entry.
        """
        for i, key in enumerate(keys):
            words = key.split()
            if resolved[i] is not None or labels[i] == "DATE" or len(words) < 2:
                continue
            for size in range(len(words) - 1, 0, -1):
                prefix = " ".join(words[:size])
                hit = self._lookup(prefix, labels[i], fuzzy=False)
                if hit is None or (size == 1 and hit.source == "city"):
                    continue
                # "दिल्ली डेयरडेविल्स" is a team, not Delhi: the name must visibly end where the prefix ends
                ends = (
                    words[size] in particles()  # "फडणवीस यांनी घेतली", "पुणे आणि"
                    or not self.kb.exact(prefix)  # a glued case ending closed it ("ऑस्ट्रेलियाविरुद्धची मालिका")
                    or self._starts_known_name(words[size:], labels[i])  # two names run together
                )
                if ends:
                    resolved[i] = replace(hit, score=0.8 * hit.score, how="inner")
                    break

    def _starts_known_name(self, words: list[str], label: str) -> bool:
        for size in range(len(words), 0, -1):
            for fuzzy in (False, True):  # fuzzy too: "उत्तर कोरियाई" (a demonym) still starts North Korea
                hit = self._lookup(" ".join(words[:size]), label, fuzzy=fuzzy)
                if hit is not None and (size > 1 or hit.source != "city"):
                    return True
        return False

    def _resolve_short_mentions(
        self,
        mentions: list[Mention],
        labels: list[str],
        keys: list[str],
        resolved: list[_Resolved | None],
    ) -> None:
        """पुतिन / Mr Kim / श्री लावरोव -> the longer PERSON mention in the same article that contains it.

        Also ORG mentions that start a longer ORG mention ("Chennai" after "Chennai Super Kings"): news shortens
        team and company names that way, and a city of the same name is the wrong reading there.
        """
        for kind in ("PERSON", "ORG"):
            members = [
                i
                for i in range(len(mentions))
                if keys[i] and (resolved[i].label == kind if resolved[i] else labels[i] == kind)
            ]
            longs = [i for i in members if len(keys[i].split()) >= 2]
            if not longs:
                continue
            # Long mentions by key: an article repeats its names, so matching a short mention against each distinct
            # long name (and remembering the answer per short key) keeps this linear in the mentions.
            by_key: dict[str, list[int]] = {}
            for j in longs:
                by_key.setdefault(keys[j], []).append(j)
            matches: dict[str, list[str]] = {}
            for i in range(len(mentions)):
                res = resolved[i]
                surname_mislabelled = kind == "PERSON" and res is None and len(keys[i].split()) == 1
                if not keys[i] or (labels[i] != kind and (res is None or res.label != kind) and not surname_mislabelled):
                    continue
                if res is not None and res.label == kind and (kind == "ORG" or len(keys[i].split()) > 1):
                    continue  # a KB hit of this kind on a full name (or any ORG hit) stands
                if keys[i] not in matches:
                    variants = [keys[i], *glued_stems(keys[i])]
                    fits = _tokens_subset if kind == "PERSON" else _tokens_prefix
                    matches[keys[i]] = [k for k in by_key if any(_contained(v, k, fits) for v in variants)]
                options = sorted(j for k in matches[keys[i]] for j in by_key[k] if j != i)
                if not options:
                    continue
                # Prefer the long mention that is itself a KB hit, then the most repeated name, then the earliest.
                counts = Counter(keys[j] for j in options)
                best = max(options, key=lambda j: (resolved[j] is not None, counts[keys[j]], -mentions[j].start))
                target = resolved[best]
                if target is None:
                    target = self._lookup(keys[best], kind, fuzzy=True)
                    resolved[best] = target
                if target is None:
                    if i in by_key.get(keys[i], ()):  # a long mention itself renamed: keep the index true
                        by_key[keys[i]].remove(i)
                        by_key.setdefault(keys[best], []).append(i)
                        matches.clear()
                    keys[i] = keys[best]  # joins the unknown long name's cluster below
                    labels[i] = kind
                    resolved[i] = None
                else:
                    resolved[i] = replace(target, score=0.95, how="short")

    def _join_acronyms(
        self, mentions: list[Mention], labels: list[str], keys: list[str], resolved: list[_Resolved | None]
    ) -> None:
        full: dict[str, int] = {}  # initials -> first ORG mention with a multi-word name
        for j, m in enumerate(mentions):
            if (resolved[j].label if resolved[j] else labels[j]) != "ORG" or len(keys[j].split()) < 2:
                continue
            name = resolved[j].canonical if resolved[j] else _romanise_with_heads(strip_title_words(m.text), self._place_name)
            full.setdefault(initials(name), j)
            # "RML" for Ram Manohar Lohia Hospital, "PMCH" for Patna Medical College and Hospital: the press drops a
            # trailing generic word from many initialisms
            words = strip_title_words(m.text).split()
            heads = NameLexicon.default().translate_heads(words)
            k = len(words)
            while k > 1 and heads[k - 1] is not None:
                k -= 1
            if 1 < k < len(words) and not resolved[j]:
                full.setdefault(initials(_romanise_with_heads(" ".join(words[:k]), self._place_name)), j)
        for i, m in enumerate(mentions):
            if resolved[i] is not None or labels[i] not in ("ORG", "LOC"):
                continue
            acronym = _acronym_of(m.text)
            j = full.get(acronym) if acronym else None
            if j is None or j == i:
                continue
            if resolved[j] is not None:
                resolved[i] = replace(resolved[j], score=0.9, how="acronym")
            else:
                keys[i], labels[i] = keys[j], "ORG"  # same cluster as the full name below

    def _resolve_unknown(
        self,
        mentions: list[Mention],
        labels: list[str],
        keys: list[str],
        resolved: list[_Resolved | None],
    ) -> None:
        """Cluster the unresolved mentions of the article and give each cluster a canonical and an id.

        An unresolved initialism (TTP, टीटीपी) joins the ORG mention of the article whose name it abbreviates.
        """
        self._join_acronyms(mentions, labels, keys, resolved)
        clusters: list[list[int]] = []
        by_label: dict[str, list[int]] = defaultdict(list)  # label -> cluster indexes
        for i, res in enumerate(resolved):
            if res is not None:
                continue
            label = labels[i]
            key = keys[i] or name_key(mentions[i].text) or mentions[i].text
            skel = skeleton(name_key(romanise(key)))
            joined = None
            for c in by_label[label]:
                j = clusters[c][0]
                other = keys[j] or name_key(mentions[j].text)
                if skel == skeleton(name_key(romanise(other))) or fuzz.ratio(key, other) >= IN_ARTICLE_JOIN:
                    joined = c
                    break
            if joined is None:
                clusters.append([i])
                by_label[label].append(len(clusters) - 1)
            else:
                clusters[joined].append(i)
        for members in clusters:
            label = labels[members[0]]
            canonical = _cluster_canonical([mentions[i].text for i in members], [keys[i] for i in members], label, self._place_name)
            entity_id = stable_id(label, canonical)
            for i in members:
                resolved[i] = _Resolved(canonical, label, None, entity_id, 1.0, "unknown", "unknown")


_CONTEXT_WORD = f"[\\w{DEVANAGARI_WORD_CHARS}]+"
_RIGHT_WORDS = re.compile(f"^((?:[ \\t]+{_CONTEXT_WORD}){{1,3}})")
_LEFT_WORDS = re.compile(f"((?:{_CONTEXT_WORD}[ \\t]+){{1,2}})$")


def _words_around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """Up to two words right before and three right after a span, not crossing punctuation or lines."""
    before = _LEFT_WORDS.search(text[max(0, start - 60) : start])
    after = _RIGHT_WORDS.match(text[end : end + 80])
    return (before.group(1).split() if before else []), (after.group(1).split() if after else [])


def _propagate_same_key(labels: list[str], keys: list[str], resolved: list[_Resolved | None]) -> None:
    """An unresolved mention takes the entity of a resolved mention with the same key and NER label."""
    known: dict[tuple[str, str], _Resolved] = {}
    for label, key, res in zip(labels, keys, resolved):
        if res is not None and key and label != "DATE":
            known.setdefault((label, key), res)
    for i, (label, key) in enumerate(zip(labels, keys)):
        if resolved[i] is None and (label, key) in known:
            resolved[i] = replace(known[(label, key)], how="same-key")


def _from_entry(entry: KBEntry, score: float) -> _Resolved:
    entity_id = entry.kb_id or stable_id(entry.label, entry.canonical)
    return _Resolved(entry.canonical, entry.label, entry.kb_id, entity_id, score, entry.source)


_OPEN_BRACKET = re.compile(r"\s*[(\[]\s*")
_CLOSE_BRACKET = re.compile(r"\s*[)\]]")


def _join_bracketed_abbreviations(
    text: str, mentions: list[Mention], labels: list[str], keys: list[str], resolved: list[_Resolved | None]
) -> None:
    """"मौसम विज्ञान विभाग (आईएमडी)": the abbreviation in brackets right after a name is that name, here and in every
    later mention of it. Whichever of the two the KB resolved gives both its entity; if neither, they share the full
    name's key, so they form one cluster with the full name's canonical."""
    for i in range(len(mentions) - 1):
        full, abbr = mentions[i], mentions[i + 1]
        gap, after = text[full.end : abbr.start], text[abbr.end : abbr.end + 3]
        if labels[i] not in ("ORG", "LOC") or not _OPEN_BRACKET.fullmatch(gap) or not _CLOSE_BRACKET.match(after):
            continue
        if _acronym_of(abbr.text) is None or len(full.text.split()) < 2:
            continue
        same = [k for k, key in enumerate(keys) if key == keys[i + 1]]
        if resolved[i] is not None and resolved[i + 1] is None:
            for k in same:
                resolved[k] = replace(resolved[i], how="abbreviation")
        elif resolved[i] is None and resolved[i + 1] is not None:
            resolved[i] = replace(resolved[i + 1], how="abbreviation")
        elif resolved[i] is None:
            for k in same:
                keys[k], labels[k] = keys[i], labels[i]


_PLACE_PAIR = re.compile(r"(\S+)\s*[-–/]\s*(\S+)")
_NON_SPACE = re.compile(r"\S+")


def is_nameless(text: str) -> bool:
    """A mention with no name in it: punctuation only, or titles alone ("डॉ.", "श्री"); ``link`` leaves it out."""
    return not mention_key(text) or all(name_key(w) in TITLE_KEYS for w in text.split())


def _two_letter_acronym(key: str) -> bool:
    return is_devanagari(key) and " " not in key and len(devanagari_acronym(key) or "xyz") == 2


def _roman_tokens(key: str) -> list[str]:
    """Tokens of a key in Latin script (romanised if Devanagari), so "Mr Kim" can find "किम जोंग उन"."""
    return name_key(romanise(key)).split() if is_devanagari(key) else key.split()


def _contained(short: str, long: str, fits) -> bool:  # type: ignore[no-untyped-def]
    """Is the key ``short`` a shorter part of ``long``? Same script: compare keys; mixed: romanise (slow path)."""
    if is_devanagari(short) == is_devanagari(long):
        short_tokens, long_tokens = short.split(), long.split()
    else:
        short_tokens, long_tokens = _roman_tokens(short), _roman_tokens(long)
    return len(long_tokens) > len(short_tokens) and fits(short_tokens, long_tokens)


def _tokens_subset(short: list[str], long: list[str]) -> bool:
    remaining = list(long)
    for token in short:
        match = next((t for t in remaining if t == token or (len(token) > 3 and fuzz.ratio(t, token) >= TOKEN_MATCH)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def _tokens_prefix(short: list[str], long: list[str]) -> bool:
    return long[: len(short)] == short


def _cluster_canonical(
    surfaces: list[str], keys: list[str], label: str = "PERSON", place_name: Callable[[str], str | None] | None = None
) -> str:
    """An English surface if the article gives one, else the romanised most frequent full surface.

    For ORG/LOC, generic words are put in English as the Indian press writes such names ("लोकनायक अस्पताल" ->
    "Loknayak Hospital", ``NameLexicon.translate_heads``); the rest is romanised.
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
        return _romanise_with_heads(kept, place_name)
    return romanise(kept)


def _romanise_with_heads(name: str, place_name: Callable[[str], str | None] | None = None) -> str:
    """Generic words in English, places the KB knows by their canonical ("झारखंड राज्य आपदा प्रबंधन प्राधिकरण" ->
    "Jharkhand State Disaster Management Authority"), the rest romanised."""
    # "प्रेमनगर" -> "Prem Nagar": a locality glued to नगर is two words in English (towns the KB knows, such as
    # Ahmednagar, never get here)
    from services.nlp.word_frequency import hindi_zipf

    words = [
        part for w in name.split()
        for part in (w if hindi_zipf(w) >= 3.5 else _GLUED_NAGAR.sub(r"\1 \2", w)).split()
    ]  # a word common in Hindi (Zipf >= 3.5: महानगर "metropolis", श्रीनगर) stays one word
    lexicon = NameLexicon.default()
    heads = lexicon.translate_heads(words)
    places = [place_name(w) if h is None and place_name is not None else None for w, h in zip(words, heads)]
    last = max((k for k, h in enumerate(heads) if h), default=-1)
    if last > 0 and heads[last] in lexicon.config.of_heads and all(h == "" for h in heads[last + 1 :]):
        # "पंजाब सरकार" -> "Government of Punjab", "उत्तर प्रदेश सरकार" -> "Government of Uttar Pradesh"
        whole = place_name(" ".join(words[:last])) if place_name is not None and last > 1 else None
        if whole is not None or all(places[k] is not None for k in range(last)):
            return f"{heads[last]} of {whole or ' '.join(p for p in places[:last] if p)}"
    # English words in Devanagari ("मुंबई स्कूल स्पोर्ट्स एसोसिएशन" -> Mumbai School Sports Association), only in a
    # name with another English word in it: alone, a look-alike may be a Hindi word
    loans = [EnglishLoanwords.default().english(w) if h is None else None for w, h in zip(words, heads)]
    if sum(1 for h in heads if h) + sum(1 for w in loans if w) >= 2:
        heads = [loan if loan is not None else head for head, loan in zip(heads, loans)]
    parts: list[str] = []
    run: list[str] = []
    for word, head, place in zip(words, heads, places):
        if place is not None and _same_spelling(place, romanise(word)):
            # the English spelling of the same name (पंजाब नेशनल बैंक -> Punjab, दिल्ली पुलिस -> Delhi), not another
            # name of the place (भारत पेट्रोलियम is Bharat, not India, Petroleum; गंगा पब्लिक स्कूल is not Ganges)
            head = place
        if head is None:
            run.append(word)
            continue
        if run:
            parts.append(romanise(" ".join(run)))
            run = []
        if head:
            parts.append(head)
    if run:
        parts.append(romanise(" ".join(run)))
    return " ".join(p for p in parts if p)


_GLUED_NAGAR = re.compile(r"^([\u0900-\u097f]{2,}?)(नगर)$")


def _same_spelling(a: str, b: str) -> bool:
    """Do two Latin spellings differ only in vowels, doubled letters, h and spaces (Delhi / Dilli, Assam / Asam)?"""

    def squash(text: str) -> str:
        text = re.sub(r"[^a-z]", "", text.lower().replace("h", ""))
        text = re.sub(r"(.)\1+", r"\1", text)
        return text[:1] + re.sub("[aeiouwy]", "", text[1:])

    return squash(a) == squash(b)


_INITIALS_SKIP = {"of", "and", "the", "for", "in", "on", "e", "i", "a", "&"}


def initials(name: str) -> str:
    """``Tahrik-E-Taliban Pakistan`` -> ``TTP``, ``Athletics Federation of India`` -> ``AFI``."""
    parts = re.split(r"[\s\-]+", name)
    return "".join(p[0].upper() for p in parts if p and p.casefold() not in _INITIALS_SKIP and p[0].isalpha())


def _acronym_of(surface: str) -> str | None:
    """The initialism a surface spells (``TTP``, ``टीटीपी``), or None."""
    word = surface.strip().replace(".", "")
    if word.isascii():
        return word if 2 <= len(word) <= 6 and word.isalpha() and word.isupper() else None
    return devanagari_acronym(word) if " " not in word else None
