"""Resolution strategies: the ordered steps that give each mention of one article its entity.

Each strategy is a function over the article (``Article``: its text, language and ``MentionState`` records) that
resolves some mentions still open (or, for the in-article ones, improves what earlier steps found); ``STRATEGIES``
is their order, declared once: adding a step is adding one entry. The name of each is the ``how`` of what it
resolves (``Canonicalizer.stats`` counts them).

1. ``date``: a DATE mention's canonical is the ISO date when the mention names one ("जुलाई 2000" -> "2000-07"),
   else the text.
2. ``exact``: KB hit on the mention key (titles stripped, spelling folded: ``keys``), also via a spelled-out
   initialism (केसीएनए -> kcna) or with a glued Marathi case ending removed (मुंबईतील -> मुंबई); a place before an
   institution is its campus the KB names the other way round ("पटना एम्स" -> AIIMS Patna); a head glued to the
   name is looked up spaced ("गृहमंत्रालय" -> गृह मंत्रालय, Ministry of Home Affairs).
3. ``context``: the longest KB name the text continues into around the span (NER cut "किम जोंग | उन", or tagged
   "नरेंद्र मोदी" inside "नरेंद्र मोदी स्टेडियम").
4. ``inner``: an over-long span takes the KB name it starts with where that name visibly ends ("देवेंद्र फडणवीस
   यांनी घेतली").
5. ``same-key``: repeats of a resolved mention.
6. ``short``: a short PERSON mention (पुतिन, किम, श्री लावरोव, Mr Kim, or a surname NER tagged ORG) whose words are
   part of a longer PERSON mention in the same article takes that mention's entity (most mentioned one first);
   an ORG mention that starts a longer ORG mention ("Chennai" after "Chennai Super Kings") likewise.
7. ``abbreviation``: "मौसम विज्ञान विभाग (आईएमडी)": a bracketed abbreviation and the name before it are one entity.
8. ``fuzzy``: rapidfuzz ratio on keys (blocked by vowel-free skeleton, then first letter and length), or the
   romanised Devanagari key among Latin aliases (``how`` "roman"). Approximate hits never pick small towns abroad.
8b. ``person-name``: an unresolved ORG/LOC of two or three words that is a person's name by its words (a given
   name, then words of people's names, no generic head) is a PERSON ("दीनू सोलंकी", "पल्लवी त्यागी");
   ``place-name``: an unresolved PERSON whose words romanise to Indian places of the KB is a LOC ("बस्ती").
9. ``acronym``: an unknown initialism joins the ORG it abbreviates (TTP).
10. ``unknown``: the rest are unknown names: those sharing a skeleton or near-identical are one entity;
    canonical = an English surface if the article has one, else a readable romanisation (``naming``); id = ``sam:``
    + hash(label + skeleton of the canonical), so spelling variants of an unknown name get one id across articles.

After ``unknown`` every mention is resolved; the drop rules (``filters``) then leave out what is not a name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import NamedTuple

from rapidfuzz import fuzz, process

from services.nlp.linking.candidates import Candidates, from_entry, indian_places_named
from services.nlp.linking.dates import iso_date
from services.nlp.linking.kb import KnowledgeBase
from services.nlp.linking.keys import glued_stems, marathi_z_variant, mention_key, name_key, particles, skeleton, strip_title_words
from services.nlp.linking.naming import (
    acronym_of,
    cluster_canonical,
    initials,
    romanise_with_heads,
    stable_id,
    without_marathi_case_ending,
)
from services.nlp.linking.roman import devanagari_acronym, prefetch, romanise, words_of
from services.nlp.linking.spans import from_word
from services.nlp.linking.state import MentionState, Resolution
from services.nlp.name_lexicon import NameLexicon
from services.nlp.scripts import DEVANAGARI_WORD_CHARS, DEVANAGARI_WORD_RE, is_devanagari

# The fuzzy ratios (token_match, in_article_join) are settings: LinkerThresholds (state.py), read from
# ``article.candidates.thresholds``.


@dataclass(slots=True)
class Article:
    """One article while its mentions are resolved: the cleaned ``text`` (mention offsets index it), its
    ``language`` (``link``'s argument, may be None), the ``mentions`` in text order and the KB ``candidates``."""

    text: str
    language: str | None
    mentions: list[MentionState]
    candidates: Candidates


class Strategy(NamedTuple):
    """A resolution step: ``name`` (the ``how`` of what it resolves) and ``resolve(article)``, which sets or
    refines ``MentionState.resolved`` (and, to cluster unknown names, ``key``/``label``) in place."""

    name: str
    resolve: Callable[[Article], None]


# -- 1. date -------------------------------------------------------------------------------------------
def resolve_dates(article: Article) -> None:
    """DATE mentions: the ISO date the mention names ("जुलाई 2000" -> "2000-07"), else its text, as canonical."""
    for state in article.mentions:
        if state.label == "DATE":
            canonical = iso_date(state.mention.text) or " ".join(state.mention.text.split())
            state.resolved = Resolution(canonical, "DATE", None, stable_id("DATE", canonical), 1.0, "date", "date")


# -- 2. exact ------------------------------------------------------------------------------------------
def exact_key(article: Article) -> None:
    """KB hit on the key: the name as written first ("सम्राट चौधरी"), then without titles ("राष्ट्रपति पुतिन"); in a
    Marathi article also with झ read as ज़, the z Marathi writes झ ("अझीम प्रेमजी" = अज़ीम प्रेमजी, "बेझोस")."""
    lookup = article.candidates.lookup
    kb = article.candidates.kb
    marathi = article.language == "mr"
    for state in article.mentions:
        if state.label != "DATE" and state.key:
            full = name_key(state.mention.text)
            state.resolved = lookup(full, state.label, False) if full != state.key else None
            if state.resolved is None:
                state.resolved = lookup(state.key, state.label, False)
                if state.resolved is not None and not _named_so_without_titles(kb, state):
                    state.resolved = None  # "मुख्यमंत्री कार्यालय", "कार्यालय": not the PMO ("प्रधानमंत्री कार्यालय")
            if state.resolved is None and marathi and (z_key := marathi_z_variant(state.key)) is not None:
                state.resolved = lookup(z_key, state.label, False)
            if state.resolved is None:
                state.resolved = _campus_before_institution(article, state)
            if state.resolved is None and state.label in ("ORG", "LOC"):
                state.resolved = _head_glued_on(article, state)


def _head_glued_on(article: Article, state: MentionState) -> Resolution | None:
    """"गृहमंत्रालय", "राष्ट्रीय लोकदल": a name written solid with its head that the KB holds spaced ("गृह मंत्रालय":
    Ministry of Home Affairs, "राष्ट्रीय लोक दल": Rashtriya Lok Dal; ``NameLexicon.glued_head``); None otherwise."""
    words = state.mention.text.split()
    split = NameLexicon.default().glued_head(words[-1]) if words else None
    if split is None:
        return None
    spaced = " ".join([*words[:-1], *split])
    found = article.candidates.lookup(name_key(spaced), state.label, False)  # titles kept: गृह of गृह मंत्रालय
    return found if found is not None else article.candidates.lookup(mention_key(spaced), state.label, False)


def _campus_before_institution(article: Article, state: MentionState) -> Resolution | None:
    """"पटना एम्स" (Patna's AIIMS): a place the KB knows, then one word, is the organisation the KB knows by the
    other order ("एम्स पटना": AIIMS Patna), as the press names a campus of AIIMS, IIT or IIM; None otherwise."""
    words = state.key.split()
    if len(words) != 2 or article.candidates.place_name(words[0]) is None:
        return None
    found = article.candidates.lookup(f"{words[1]} {words[0]}", "ORG", False)
    return found if found is not None and found.label == "ORG" else None


def _named_so_without_titles(kb: KnowledgeBase, state: MentionState) -> bool:
    """Does the KB entry a mention's title-free key found carry that name without a title too? Keys drop title
    words (प्रधानमंत्री, मुख्यमंत्री, राष्ट्रपति), so the curated "प्रधानमंत्री कार्यालय" is also filed under
    "कार्यालय", where "मुख्यमंत्री कार्यालय" (a chief minister's office) finds it. True unless an entry found directly
    under the key is the resolved one and none of its names has exactly that key; other ways of resolving (a
    descriptor or head left out, a case ending, an initialism) are not judged here."""
    res = state.resolved
    assert res is not None
    if res.label not in ("ORG", "LOC") or " " in state.key:
        return True  # people keep their titles' stripping (शेख हसीना); a longer key is a name of its own
    entries = [e for e in kb.exact(state.key) if e.canonical == res.canonical and e.label == res.label]
    return not entries or any(name_key(a) == state.key for e in entries for a in (e.canonical, *e.aliases))


# -- 3. context ----------------------------------------------------------------------------------------
_CONTEXT_WORD = f"[\\w{DEVANAGARI_WORD_CHARS}]+"
_RIGHT_WORDS = re.compile(f"^((?:[ \\t]+{_CONTEXT_WORD}){{1,3}})")
_LEFT_WORDS = re.compile(f"((?:{_CONTEXT_WORD}[ \\t]+){{1,2}})$")


def _words_around(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """Up to two words right before and three right after a span, not crossing punctuation or lines."""
    before = _LEFT_WORDS.search(text[max(0, start - 60) : start])
    after = _RIGHT_WORDS.match(text[end : end + 80])
    return (before.group(1).split() if before else []), (after.group(1).split() if after else [])


def complete_from_context(article: Article) -> None:
    """A truncated span (किम जोंग | उन, व्हाइट | हाउस, नरेंद्र मोदी | स्टेडियम) takes the longer KB name the text
    continues into (longest match wins, also over a KB hit of the span itself).

    Only the neighbouring words (same sentence, whitespace-separated) are tried, and only an exact KB key of
    two or more words that is longer than the span's own key counts; the entity's offsets stay the NER's.
    """
    text = article.text
    lookup = article.candidates.lookup
    for state in article.mentions:
        if state.label == "DATE" or not text:
            continue
        mention = state.mention
        left, right = _words_around(text, mention.start, mention.end)
        best: Resolution | None = None
        best_len = len(mention_key(mention.text)) if state.resolved is not None else 0
        for n_left in range(len(left), -1, -1):
            for n_right in range(len(right), -1, -1):
                if n_left == n_right == 0:
                    continue
                phrase = " ".join([*left[len(left) - n_left :], mention.text, *right[:n_right]])
                key = mention_key(phrase)
                if len(key.split()) < 2 or len(key) <= best_len:
                    continue
                hit = lookup(key, state.label, False)
                if hit is not None:
                    best, best_len = hit, len(key)
        if best is not None:
            state.resolved = replace(best, score=0.9 * best.score, how="context")


# -- 4. inner ------------------------------------------------------------------------------------------
def inner_spans(article: Article) -> None:
    """An over-long NER span ("देवेंद्र फडणवीस यांनी घेतली", "पुणे आणि") takes the longest KB name it starts with.

    Only prefixes, and only where the name visibly ends (a particle follows, a glued case ending closes it,
    or another known name follows): a dropped leading word changes the meaning ("चीनी विदेश मंत्रालय" is not
    India's विदेश मंत्रालय) and so does a dropped name word ("दिल्ली डेयरडेविल्स"). A single word only counts
    for a hand-curated or country entry.
    """
    candidates = article.candidates
    for state in article.mentions:
        words = state.key.split()
        if state.resolved is not None or state.label == "DATE" or len(words) < 2:
            continue
        for size in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:size])
            hit = candidates.lookup(prefix, state.label, False)
            if hit is None or (size == 1 and hit.source == "city"):
                continue
            # "दिल्ली डेयरडेविल्स" is a team, not Delhi: the name must visibly end where the prefix ends
            ends = (
                words[size] in particles()  # "फडणवीस यांनी घेतली", "पुणे आणि"
                or not candidates.kb.exact(prefix)  # a glued case ending closed it ("ऑस्ट्रेलियाविरुद्धची मालिका")
                or _starts_known_name(candidates, words[size:], state.label)  # two names run together
            )
            if ends:
                state.resolved = replace(hit, score=0.8 * hit.score, how="inner")
                break


def _starts_known_name(candidates: Candidates, words: list[str], label: str) -> bool:
    for size in range(len(words), 0, -1):
        for fuzzy in (False, True):  # fuzzy too: "उत्तर कोरियाई" (a demonym) still starts North Korea
            hit = candidates.lookup(" ".join(words[:size]), label, fuzzy)
            if hit is not None and (size > 1 or hit.source != "city"):
                return True
    return False


# -- 5. same-key ---------------------------------------------------------------------------------------
def same_key(article: Article) -> None:
    """An unresolved mention takes the entity of a resolved mention with the same key and working label."""
    known: dict[tuple[str, str], Resolution] = {}
    for state in article.mentions:
        if state.resolved is not None and state.key and state.label != "DATE":
            known.setdefault((state.label, state.key), state.resolved)
    for state in article.mentions:
        if state.resolved is None and (state.label, state.key) in known:
            state.resolved = replace(known[(state.label, state.key)], how="same-key")


# -- 6. short ------------------------------------------------------------------------------------------
def short_mentions(article: Article) -> None:
    """पुतिन / Mr Kim / श्री लावरोव -> the longer PERSON mention in the same article that contains it.

    Also ORG mentions that start a longer ORG mention ("Chennai" after "Chennai Super Kings"): news shortens
    team and company names that way, and a city of the same name is the wrong reading there. And an unresolved word
    alone that ends a longer ORG or LOC mention (no KB name, no word of people's names, no initialism, rarer than
    ``SHORT_NAME_WORD_MAX_ZIPF``; any label: the model takes "मरकज" for a person too) is that name: "मरकज" after
    "निजामुद्दीन मरकज" is the Nizamuddin Markaz. When the long
    mention is itself unknown (even approximately), the short one takes its key and label, so both form one
    cluster in ``unknown``.
    """
    states = article.mentions
    token_match = article.candidates.thresholds.token_match
    for kind in ("PERSON", "ORG", "LOC"):
        members = [i for i, s in enumerate(states) if s.key and s.kind == kind]
        longs = [i for i in members if len(states[i].key.split()) >= 2]
        if not longs:
            continue
        # Long mentions by key: an article repeats its names, so matching a short mention against each distinct
        # long name (and remembering the answer per short key) keeps this linear in the mentions.
        by_key: dict[str, list[int]] = {}
        for j in longs:
            by_key.setdefault(states[j].key, []).append(j)
        matches: dict[str, list[str]] = {}
        contained = _ContainedKeys()
        for i, state in enumerate(states):
            res = state.resolved
            one_word = len(state.key.split()) == 1
            surname_mislabelled = kind == "PERSON" and res is None and one_word
            # a word of a place's or organisation's name alone, which the model may have taken for a person: "मरकज"
            # after "निजामुद्दीन मरकज", "हबीबपुर" after "जगिना हबीबपुर" (no word of people's names, no common word)
            edge_word = (
                kind != "PERSON" and res is None and one_word and _name_word_alone(state)
                and not article.candidates.kb.exact(state.key)  # a town the KB knows is the town ("सोनीपत")
            )
            if kind == "LOC" and not edge_word:
                continue
            if not state.key or (state.label != kind and (res is None or res.label != kind) and not (surname_mislabelled or edge_word)):
                continue
            if res is not None and res.label == kind and (kind == "ORG" or len(state.key.split()) > 1):
                continue  # a KB hit of this kind on a full name (or any ORG hit) stands
            if state.key not in matches:
                variants = [state.key, *glued_stems(state.key)]
                fits = (
                    partial(_tokens_subset, token_match=token_match) if kind == "PERSON"
                    else _tokens_edge if edge_word else _tokens_prefix
                )
                matches[state.key] = [k for k in by_key if any(contained(v, k, fits) for v in variants)]
            options = sorted(j for k in matches[state.key] for j in by_key[k] if j != i)
            if not options:
                continue
            # Prefer the long mention that is itself a KB hit, then the most repeated name, then the earliest.
            counts = Counter(states[j].key for j in options)
            best = states[max(options, key=lambda j: (states[j].resolved is not None, counts[states[j].key], -states[j].mention.start))]
            target = best.resolved
            if target is None:
                target = article.candidates.lookup(best.key, kind, True)
                best.resolved = target
            if target is None:
                if i in by_key.get(state.key, ()):  # a long mention itself renamed: keep the index true
                    by_key[state.key].remove(i)
                    by_key.setdefault(best.key, []).append(i)
                    matches.clear()
                state.key = best.key  # joins the unknown long name's cluster in ``unknown``
                state.label = kind
                state.resolved = None
            else:
                state.resolved = replace(target, score=0.95, how="short")


def _roman_tokens(key: str) -> list[str]:
    """Tokens of a key in Latin script (romanised if Devanagari), so "Mr Kim" can find "किम जोंग उन"."""
    return name_key(romanise(key)).split() if is_devanagari(key) else key.split()


def _contained(short: str, long: str, fits: Callable[[list[str], list[str]], bool]) -> bool:
    """Is the key ``short`` a shorter part of ``long``? Same script: compare keys; mixed: romanise (slow path)."""
    if is_devanagari(short) == is_devanagari(long):
        short_tokens, long_tokens = short.split(), long.split()
    else:
        short_tokens, long_tokens = _roman_tokens(short), _roman_tokens(long)
    return len(long_tokens) > len(short_tokens) and fits(short_tokens, long_tokens)


class _ContainedKeys:
    """``_contained`` with each key's script, tokens and romanised tokens worked out once per article, not once per
    pair of keys (an article of many names compares every short key with every long one)."""

    def __init__(self) -> None:
        self._deva: dict[str, bool] = {}
        self._tokens: dict[str, list[str]] = {}
        self._roman: dict[str, list[str]] = {}

    def _is_deva(self, key: str) -> bool:
        deva = self._deva.get(key)
        if deva is None:
            deva = self._deva[key] = is_devanagari(key)
        return deva

    def __call__(self, short: str, long: str, fits: Callable[[list[str], list[str]], bool]) -> bool:
        if self._is_deva(short) == self._is_deva(long):
            cache = self._tokens
            short_tokens = cache.get(short) or cache.setdefault(short, short.split())
            long_tokens = cache.get(long) or cache.setdefault(long, long.split())
        else:
            cache = self._roman
            short_tokens = cache[short] if short in cache else cache.setdefault(short, _roman_tokens(short))
            long_tokens = cache[long] if long in cache else cache.setdefault(long, _roman_tokens(long))
        return len(long_tokens) > len(short_tokens) and fits(short_tokens, long_tokens)


def _tokens_subset(short: list[str], long: list[str], token_match: float) -> bool:
    remaining = list(long)
    for token in short:
        match = next((t for t in remaining if t == token or (len(token) > 3 and fuzz.ratio(t, token) >= token_match)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def _tokens_prefix(short: list[str], long: list[str]) -> bool:
    return long[: len(short)] == short


def _tokens_edge(short: list[str], long: list[str]) -> bool:
    """One word that ends the longer name, its head ("मरकज" of "निजामुद्दीन मरकज", "जमात" of "तबलीगी जमात"); the
    first word of a name is most often the place it is named after ("तोपखाना बाजार")."""
    return len(short) == 1 and short[0] == long[-1]


SHORT_NAME_WORD_MAX_ZIPF = 4.0  # a word of a place's name alone is no everyday word (wordfreq Zipf below this)


def _name_word_alone(state: MentionState) -> bool:
    """Is the unresolved one-word mention a Devanagari word that no people's name uses, rarer than
    ``SHORT_NAME_WORD_MAX_ZIPF`` and no spelled initialism (a word of a place's or organisation's name, not "पुलिस",
    a surname or "पीजीआई")?"""
    from services.nlp.word_frequency import hindi_zipf

    text = state.mention.text.strip()
    return (
        DEVANAGARI_WORD_RE.fullmatch(text) is not None and hindi_zipf(text) < SHORT_NAME_WORD_MAX_ZIPF
        and not NameLexicon.default().is_name_token(text)
        and devanagari_acronym(text) is None  # an initialism is joined to its full name by ``join_acronyms``
    )


# -- 7. abbreviation -----------------------------------------------------------------------------------
_OPEN_BRACKET = re.compile(r"\s*[(\[]\s*")
_CLOSE_BRACKET = re.compile(r"\s*[)\]]")


def bracketed_abbreviations(article: Article) -> None:
    """"मौसम विज्ञान विभाग (आईएमडी)": the abbreviation in brackets right after a name is that name, here and in every
    later mention of it. Whichever of the two the KB resolved gives both its entity; if neither, they share the full
    name's key, so they form one cluster with the full name's canonical."""
    text, states = article.text, article.mentions
    for i in range(len(states) - 1):
        full, abbr = states[i], states[i + 1]
        gap, after = text[full.mention.end : abbr.mention.start], text[abbr.mention.end : abbr.mention.end + 3]
        if full.label not in ("ORG", "LOC") or not _OPEN_BRACKET.fullmatch(gap) or not _CLOSE_BRACKET.match(after):
            continue
        if acronym_of(abbr.mention.text) is None or len(full.mention.text.split()) < 2:
            continue
        same = [s for s in states if s.key == abbr.key]
        if full.resolved is not None and abbr.resolved is None:
            for s in same:
                s.resolved = replace(full.resolved, how="abbreviation")
        elif full.resolved is None and abbr.resolved is not None:
            full.resolved = replace(abbr.resolved, how="abbreviation")
        elif full.resolved is None:
            for s in same:
                s.key, s.label = full.key, full.label


# -- 8. fuzzy ------------------------------------------------------------------------------------------
def fuzzy_key(article: Article) -> None:
    """Approximate KB hit on the key of each mention still unresolved (``Candidates.lookup(fuzzy=True)``: ``how``
    "fuzzy" or "roman"); their words are romanised in one batch first (the transliterator's per-call cost)."""
    unresolved = [s for s in article.mentions if s.resolved is None]
    prefetch(w for s in unresolved for w in (*words_of(s.key), *words_of(strip_title_words(s.mention.text))))
    lookup = article.candidates.lookup
    for state in unresolved:
        if state.key and state.label != "DATE":
            state.resolved = lookup(state.key, state.label, True)
            if state.resolved is not None and not _named_so_without_titles(article.candidates.kb, state):
                state.resolved = None  # the key itself files a name only with its title (``exact_key``)


# -- 8b. person's name ---------------------------------------------------------------------------------
PERSON_FIRST_MAX_ZIPF = 5.0  # a given name this common in Hindi (उत्तर, दीप) is no evidence of a person
PERSON_FIRST_UNSEEN_ZIPF = 1.0  # a first word this rare (not in the lists: दीनू) before a surname starts a name too


def people_by_name(article: Article) -> None:
    """An unresolved ORG/LOC mention of two or three words that is a person's name by its words is a PERSON: the
    first word a given name (``NameLexicon.given_names``, rarer than ``PERSON_FIRST_MAX_ZIPF``) or a word rarer than
    ``PERSON_FIRST_UNSEEN_ZIPF`` (a given name the lists miss; one plain word, not in a Marathi article, where every
    word is rare in Hindi), every other a word
    of people's names (``is_name_token``) and none a generic head (अस्पताल, नगर, चौक) or a place the KB knows.
    The model tags Indian names as places or organisations ("दीनू सोलंकी" ORG, "लविना ओबरॉय" LOC), also with a rank
    before them ("डीसी अमित कुमार" ORG: the rank is left out, ``NameLexicon.role_prefix``)."""
    from services.nlp.word_frequency import hindi_zipf

    lexicon = NameLexicon.default()
    place_name = article.candidates.place_name
    for state in article.mentions:
        if state.resolved is not None or state.label not in ("ORG", "LOC"):
            continue
        words = strip_title_words(state.mention.text).split()
        roles = lexicon.role_prefix(words) if len(words) > 2 else 0  # "डीसी अमित कुमार": a rank before the name
        words = words[roles:]
        if not 2 <= len(words) <= 3 or any(h is not None for h in lexicon.translate_heads(words)):
            continue
        first_zipf = hindi_zipf(words[0])
        unseen_first = (
            first_zipf < PERSON_FIRST_UNSEEN_ZIPF and article.language != "mr"  # Marathi words are rare in Hindi
            and DEVANAGARI_WORD_RE.fullmatch(words[0]) is not None  # not "गोरखपुर-बस्ती"
        )
        if (
            ((words[0] in lexicon.given_names and first_zipf < PERSON_FIRST_MAX_ZIPF) or unseen_first)
            and all(lexicon.is_name_token(w) and not place_name(w) for w in words[1:])
        ):
            if roles and state.mention.text.split()[roles:] == words:
                state.mention = from_word(state.mention, roles)
                state.key = mention_key(state.mention.text)
            state.label = "PERSON"
            state.resolved = article.candidates.lookup(state.key, "PERSON", False)


def places_by_name(article: Article) -> None:
    """An unresolved PERSON mention of one or two words, none a word of people's names, each the romanised name of
    an Indian place in the KB, is a LOC: the model tags district towns as people ("बस्ती के हर्रैया में" -> बस्ती
    PERSON; Basti is in the KB by its English name only). An unresolved LOC mention of one such word is that place
    ("बस्ती जिले में": the fuzzy step romanises the vowel-folded key, बसति, which names nothing). Not in Marathi
    articles."""
    if article.language == "mr":
        return  # Marathi words the model tags as people are many, and some spell a town (सावली, Saoli)
    lexicon = NameLexicon.default()
    for state in article.mentions:
        if state.resolved is not None or state.label not in ("PERSON", "LOC"):
            continue
        words = state.mention.text.split()
        if not 1 <= len(words) <= (2 if state.label == "PERSON" else 1) or any(lexicon.is_name_token(w) or not is_devanagari(w) for w in words):
            continue
        places = [indian_places_named(article.candidates.kb, w) for w in words]
        if all(places):
            state.label = "LOC"
            if len(words) == 1:  # the town itself (the biggest of its name); two words stay for the pair split
                state.resolved = replace(from_entry(max(places[0], key=lambda e: e.rank), 0.8), how="roman")


# -- 9. acronym ----------------------------------------------------------------------------------------
def join_acronyms(article: Article) -> None:
    """An unresolved initialism (TTP, टीटीपी) tagged ORG/LOC joins the ORG mention of the article whose name it
    abbreviates: its entity if resolved, else its key (one cluster in ``unknown``)."""
    states = article.mentions
    place_name = article.candidates.place_name
    lexicon = NameLexicon.default()
    full: dict[str, MentionState] = {}  # initials -> first ORG mention with a multi-word name
    for state in states:
        if state.kind != "ORG" or len(state.key.split()) < 2:
            continue
        name = state.resolved.canonical if state.resolved else romanise_with_heads(strip_title_words(state.mention.text), place_name)
        full.setdefault(initials(name), state)
        # "RML" for Ram Manohar Lohia Hospital, "PMCH" for Patna Medical College and Hospital: the press drops a
        # trailing generic word from many initialisms
        words = strip_title_words(state.mention.text).split()
        heads = lexicon.translate_heads(words)
        k = len(words)
        while k > 1 and heads[k - 1] is not None:
            k -= 1
        if 1 < k < len(words) and not state.resolved:
            full.setdefault(initials(romanise_with_heads(" ".join(words[:k]), place_name)), state)
    for state in states:
        if state.resolved is not None or state.label not in ("ORG", "LOC"):
            continue
        acronym = acronym_of(state.mention.text)
        target = full.get(acronym) if acronym else None
        if target is None or target is state:
            continue
        if target.resolved is not None:
            state.resolved = replace(target.resolved, score=0.9, how="acronym")
        else:
            state.key, state.label = target.key, "ORG"  # same cluster as the full name in ``unknown``


# -- 10. unknown ---------------------------------------------------------------------------------------
def cluster_unknown(article: Article) -> None:
    """Cluster the unresolved mentions of the article (same working label; same romanised skeleton or rapidfuzz
    ratio >= ``thresholds.in_article_join`` with the cluster's first key) and give each cluster a canonical
    (``naming.cluster_canonical``) and a ``sam:`` id (``naming.stable_id``)."""
    clusters: list[list[MentionState]] = []
    by_label: dict[str, list[int]] = defaultdict(list)  # label -> cluster indexes
    surfaces: dict[int, str] = {}  # the surface named in English: Marathi names without their case ending
    firsts_by_label: dict[str, list[str]] = defaultdict(list)  # label -> each cluster's first key, cluster order
    first_by_skeleton: dict[str, dict[str, int]] = defaultdict(dict)  # label -> skeleton -> its first cluster
    join = article.candidates.thresholds.in_article_join
    skeletons: dict[str, str] = {}

    def roman_skeleton(key: str) -> str:
        skel = skeletons.get(key)
        if skel is None:
            skel = skeletons[key] = skeleton(name_key(romanise(key)))
        return skel

    for state in article.mentions:
        if state.resolved is not None:
            continue
        surface = state.mention.text
        if article.language == "mr":
            surface = without_marathi_case_ending(surface, lambda w: bool(article.candidates.kb.exact(mention_key(w))))
            if surface != state.mention.text:
                state.key = mention_key(surface)
        surfaces[id(state)] = surface
        key = state.key or name_key(state.mention.text) or state.mention.text
        skel = roman_skeleton(key)
        # the first cluster of this label whose first key has the same skeleton or is close enough: the first
        # skeleton match by a lookup, the first close key by one rapidfuzz scan (a long article has many clusters)
        firsts = firsts_by_label[state.label]
        joined = first_by_skeleton[state.label].get(skel)
        if firsts:
            close = process.extract(key, firsts, scorer=fuzz.ratio, score_cutoff=join, limit=None)
            if close:
                first_close = by_label[state.label][min(index for _, _, index in close)]
                joined = first_close if joined is None else min(joined, first_close)
        if joined is None:
            clusters.append([state])
            by_label[state.label].append(len(clusters) - 1)
            other = state.key or name_key(state.mention.text)
            firsts.append(other)
            first_by_skeleton[state.label].setdefault(roman_skeleton(other), len(clusters) - 1)
        else:
            clusters[joined].append(state)
    place_name = article.candidates.place_name
    for members in clusters:
        label = members[0].label
        canonical = cluster_canonical(
            [surfaces[id(s)] for s in members], [s.key for s in members], label, place_name, article.candidates.org_name,
            article.candidates.country_of_demonym,
        )
        entity_id = stable_id(label, canonical)
        for state in members:
            state.resolved = Resolution(canonical, label, None, entity_id, 1.0, "unknown", "unknown")


# The resolution order, declared once. Later strategies see what earlier ones resolved.
STRATEGIES: tuple[Strategy, ...] = (
    Strategy("date", resolve_dates),
    Strategy("exact", exact_key),
    Strategy("context", complete_from_context),
    Strategy("inner", inner_spans),
    Strategy("same-key", same_key),
    Strategy("short", short_mentions),
    Strategy("abbreviation", bracketed_abbreviations),
    Strategy("fuzzy", fuzzy_key),
    Strategy("person-name", people_by_name),
    Strategy("place-name", places_by_name),
    Strategy("acronym", join_acronyms),
    Strategy("unknown", cluster_unknown),
)


def resolve(article: Article, strategies: tuple[Strategy, ...] = STRATEGIES) -> None:
    """Run ``strategies`` in order over ``article``; afterwards every mention has ``resolved`` set."""
    for strategy in strategies:
        strategy.resolve(article)
