"""The entity rules as spaCy components: each rule is one registered factory (``samachar_*``) that adds its mentions
to the Doc, and a last component resolves their overlaps.

Why components: a rule is then one class here plus its name in the pipeline order (``entities.SCRIPT_PIPELINES``);
its source name, confidence and rank are declared on the class (``Source``), so nothing elsewhere needs a new entry,
and ``samachar eval-ner`` runs the very pipeline the service runs.

What a component sees and writes (in ``doc.user_data`` under these names, which components use directly as it is
cheaper; each is also a read-only Doc extension, ``doc._.<name>``, registered on import):

- ``doc._.samachar_skip``: character spans ``[start, end)`` of the doc that another script's pipeline reads (Latin
  runs inside Hindi text); rules that honour it (``RuleComponent.honours_skip``) add nothing overlapping them.
- ``doc._.samachar_model_tokens``: token indices the model's entities cover (after ``samachar_hi_model_entities``
  merged and extended them); later rules leave them to the model.
- ``doc._.samachar_candidates``: every component's ``Mention`` list (character offsets into ``doc.text``), in
  pipeline order, overlapping each other.
- ``doc._.samachar_mentions``: the output of ``samachar_resolve_overlaps``: candidates without line breaks,
  overlaps resolved (``resolve_overlaps``), sorted by start. Character offsets: a mention may end inside a token
  (edge punctuation trimmed: "स्कीम-" -> "स्कीम"), so these are not ``doc.ents``.

The rules' settings are ``Rules`` (``data/entity_rules.yaml`` over the Hindi lexicon ``data/lexicon/hi.yaml``); each
factory takes the rules file's path as its ``rules`` config value and shares one ``Rules`` per path (``load_rules``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Final, NamedTuple

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from services.nlp.institutions import ADDRESS_WORDS, POLICE_AREA_WORDS
from services.nlp.lexicon import lexicon
from services.nlp.scripts import DEVANAGARI_ALL_BLOCKS, DEVANAGARI_DIGITS, DEVANAGARI_WORD_RE, LATIN_ACCENTED, LATIN_LETTERS
from services.nlp.types import Mention
from services.records import ENTITY_LABELS, LABEL_ALIASES, NAME_LABELS

DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_PATH = DATA_DIR / "entity_rules.yaml"

# CoNLL / model label -> emitted label (and back, for BIO tagging in evaluation).
# Every label set below derives from ``services.records.EntityLabel`` (ENTITY_LABELS, NAME_LABELS, LABEL_ALIASES).
HI_LABELS = {alias: label for alias, label in LABEL_ALIASES.items() if label in NAME_LABELS}  # PER, LOCATION, ...
CONLL_LABELS = {label: {"LOC": "LOCATION", "ORG": "ORGANIZATION"}.get(label, label) for label in NAME_LABELS}
# NORP ("Russian", "Americans") is an adjective/demonym, not an organisation: dropped, like HiNER which
# tags "रूसी" as O in most sentences.
# TIME ("10 am") is no date of the record's kind either: only the spaCy labels below are kept.
EN_LABELS = {**{label: label for label in ENTITY_LABELS}, "GPE": "LOC", "FAC": "LOC"}

_DEVANAGARI = DEVANAGARI_ALL_BLOCKS
_LATIN_LETTER = re.compile(f"[{LATIN_LETTERS}{LATIN_ACCENTED}]")
_HAS_DEVANAGARI = re.compile(rf"[{_DEVANAGARI}]")
_DEVANAGARI_WORD = DEVANAGARI_WORD_RE
_DIGIT = re.compile(f"[0-9{DEVANAGARI_DIGITS}]")
_EDGE_JUNK = " \t\r\n\"'“”‘’()[]{}<>|,;:!?*#_–—-/\\"
LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]+")


@dataclass(frozen=True, slots=True)
class RecogniserThresholds:
    """The entity rules' tuning values (``NlpSettings.recogniser_*``; the defaults are the tuned ones), on wordfreq's
    Hindi Zipf scale (log10 of occurrences per billion words: 6 is very common, 3 rare). Every entity component
    gets them as factory config (``dataclasses.asdict``) beside ``rules``."""

    head_name_max_zipf: float = 3.2
    """A word before a generic head (अस्पताल, थाना) or in a list of places this rare is a name (सफदरजंग 3.1; कोविड
    3.7 and निजी are not)."""
    surname_max_zipf: float = 5.0
    """A surname from the name lists at least this common in Hindi (सरकार 6.2, राय) is a word first, no name."""
    rare_given_name_zipf: float = 3.5
    """A given name rarer than this (हरप्रीत) vouches for the rare word after it (बाजवा) as a surname."""


# -- sources: where a mention comes from, declared by the component that makes it ----------------------------------

# Views of the declared sources (name -> confidence, name -> rank), filled by ``Source``; read them, do not edit.
CONFIDENCE: dict[str, float] = {}
SOURCE_RANK: dict[str, int] = {}
UNDECLARED_RANK = 9  # the rank of a mention whose source no component declared (the linker's KB names: "kb")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a mention comes from: ``name`` (``Mention.source``), the ``confidence`` in [0, 1] its mentions carry,
    and its ``rank`` among overlapping mentions of equal length and confidence (lower wins; ``resolve_overlaps``).

    Creating one declares it (``CONFIDENCE``, ``SOURCE_RANK``); several components may share a source if they
    declare it alike. Raises ``ValueError`` when a name is declared again with another confidence or rank.
    """

    name: str
    confidence: float
    rank: int

    def __post_init__(self) -> None:
        known = CONFIDENCE.get(self.name), SOURCE_RANK.get(self.name)
        if known != (None, None) and known != (self.confidence, self.rank):
            raise ValueError(f"entity source {self.name!r} declared as confidence/rank {known}, now "
                             f"{(self.confidence, self.rank)}")
        CONFIDENCE[self.name] = self.confidence
        SOURCE_RANK[self.name] = self.rank

    def mention(self, text: str, start: int, end: int, label: str) -> Mention:
        """A mention of ``text[start:end]`` from this source, edge punctuation trimmed ("स्कीम-", "साहजिकच,")."""
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        return Mention(text[start:end], label, start, end, self.confidence, self.name)

    def tokens_mention(self, text: str, tokens: Sequence[_Tok], first: int, end: int, label: str) -> Mention:
        """``mention`` of the characters of ``tokens[first:end]`` (token indexes, ``end`` exclusive) in ``text``."""
        return self.mention(text, tokens[first].idx, tokens[end - 1].idx + len(tokens[end - 1].text), label)


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions, preferring longer, then more confident, then the source of lower rank (model
    over rule; ``Source.rank``, ``UNDECLARED_RANK`` if undeclared); empty mentions are dropped; sorted by start."""
    ranked = sorted(
        mentions,
        key=lambda m: (-(m.end - m.start), -m.confidence, SOURCE_RANK.get(m.source, UNDECLARED_RANK), m.start, m.label),
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


# -- the rules' settings ----------------------------------------------------------------------------------------

# Top-level keys of entity_rules.yaml; any other key is a mistake (titles, letter names, months, weekdays and
# organisation heads moved to the per-language lexicon, data/lexicon/hi.yaml).
RULE_KEYS = frozenset({
    "person_roles", "role_name_end", "role_name_max_tokens", "role_inside", "role_name_common_zipf", "edge_particles",
    "name_particles", "acronym_min_letters", "acronym_loc", "acronym_stop", "year_before", "year_after", "gazetteer",
    "place_list_heads", "place_list_joiners", "village_name_parts",
})  # fmt: skip


class Rules:
    """The settings of the hand-written rules, from ``entity_rules.yaml`` (acronyms, role names, Hindi dates,
    gazetteer, place lists) over the Hindi vocabulary of ``data/lexicon/hi.yaml`` (titles, letter names, months,
    weekdays, organisation heads). The rules themselves are the components below (one rule on a doc:
    ``RoleNames(rules).find(doc, covered)``; on a text: ``HindiDates(rules).find_in_text(text)``).

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

    # -- shared tests of words and spans -----------------------------------------------------------------------
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

    def acronym_label(self, token: str) -> str | None:
        """ORG/LOC for a Devanagari-spelled acronym token (केसीएनए, बीबीसी, यूके), else None."""
        if token in self.acronym_loc:
            return "LOC"
        if token in self.acronym_stop or not self.acronym.fullmatch(token):
            return None
        return "ORG"


@lru_cache(maxsize=8)
def load_rules(path: str | Path = RULES_PATH) -> Rules:
    """The ``Rules`` of the file at ``path``, read once per resolved path and shared by every component that names
    it (treat it as read-only). Raises ``OSError`` / ``ValueError`` as ``Rules`` does."""
    return _load_rules(str(Path(path).resolve()))


@lru_cache(maxsize=8)
def _load_rules(resolved: str) -> Rules:
    return Rules(Path(resolved))


# -- Doc state shared by the components ---------------------------------------------------------------------------

SKIP, MODEL_TOKENS, CANDIDATES, MENTIONS = "samachar_skip", "samachar_model_tokens", "samachar_candidates", "samachar_mentions"


def _reader(key: str) -> Callable[[Doc], Any]:
    return lambda doc: doc.user_data.get(key)


for _name in (SKIP, MODEL_TOKENS, CANDIDATES, MENTIONS):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_reader(_name))


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` into a text."""
    start: int
    end: int


def candidates(doc: Doc) -> list[Mention]:
    """The doc's candidate mentions so far (``samachar_candidates``), created empty on first use."""
    found = doc.user_data.get(CANDIDATES)
    if found is None:
        found = doc.user_data[CANDIDATES] = []
    return found


def overlaps(start: int, end: int, spans: Iterable[Span]) -> bool:
    """Does ``[start, end)`` overlap any of ``spans``?"""
    return any(start < s.end and s.start < end for s in spans)


class _Tok(NamedTuple):
    text: str
    idx: int
    i: int


def token_view(doc: Doc) -> list[_Tok]:
    """The doc's tokens as plain tuples (text, idx, i), built once per doc: every rule walks all tokens, and spaCy
    makes a new ``Token`` object per access (four rules x every token was a tenth of the NER stage's time)."""
    view = doc.user_data.get("samachar_tokens")
    if view is None:
        view = [_Tok(t.text, t.idx, t.i) for t in doc]
        doc.user_data["samachar_tokens"] = view
    return view


def one_space_apart(tokens: Sequence[_Tok], a: int, b: int) -> bool:
    """Does token ``b`` start one space after token ``a`` ends (no punctuation, line break or second space)?"""
    return tokens[b].idx == tokens[a].idx + len(tokens[a].text) + 1


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins all its tokens on every access: once per mention made a long
    line quadratic)."""
    text = doc.user_data.get("samachar_text")
    if text is None:
        text = doc.user_data["samachar_text"] = doc.text
    return text


def candidate_tokens(doc: Doc) -> list[tuple[Mention, int, int]]:
    """Each candidate mention found so far with its token range ``[first, end)``: the token its start falls in to the
    first token starting at or after its end (bisect over the token offsets: linear in the doc, not mentions x
    tokens)."""
    starts = [t.idx for t in token_view(doc)]
    return [
        (m, max(bisect.bisect_right(starts, m.start) - 1, 0), bisect.bisect_left(starts, m.end))
        for m in candidates(doc)
    ]


# -- components ---------------------------------------------------------------------------------------------------

COMPONENTS: dict[str, type[RuleComponent]] = {}
"""Every entity component by factory name (``samachar_...``), in the order they were registered."""


def entity_component(name: str) -> Callable[[type[RuleComponent]], type[RuleComponent]]:
    """Class decorator: register ``cls`` as the spaCy factory ``name``, config ``{"rules": <path of
    entity_rules.yaml>, <each RecogniserThresholds field>: float}``; the factory builds
    ``cls(load_rules(rules), RecogniserThresholds(...))``."""

    def register(cls: type[RuleComponent]) -> type[RuleComponent]:
        cls.name = name
        COMPONENTS[name] = cls
        if not Language.has_factory(name):
            # No annotations: spaCy validates the config against the factory's signature.
            def make(nlp, name, rules, head_name_max_zipf, surname_max_zipf, rare_given_name_zipf):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202, ARG001, E501
                thresholds = RecogniserThresholds(
                    head_name_max_zipf=float(head_name_max_zipf),
                    surname_max_zipf=float(surname_max_zipf),
                    rare_given_name_zipf=float(rare_given_name_zipf),
                )
                return cls(load_rules(rules), thresholds)

            Language.factory(
                name, default_config={"rules": str(RULES_PATH), **asdict(RecogniserThresholds())}, func=make
            )
        return cls

    return register


class RuleComponent:
    """Base of the entity components: ``__call__(doc)`` appends ``find(doc, covered)`` to the doc's candidates
    (``covered``: the model entities' tokens, ``doc._.samachar_model_tokens``), leaving out mentions that overlap
    ``doc._.samachar_skip`` when ``honours_skip``; returns ``doc``.

    A subclass declares ``source`` (a ``Source``) and implements ``find``; mentions carry character offsets into
    ``doc.text``. Register it with ``@entity_component("samachar_...")`` and add the name to a pipeline of
    ``entities.SCRIPT_PIPELINES``.
    """

    name: ClassVar[str] = ""
    source: ClassVar[Source]
    honours_skip: ClassVar[bool] = True

    def __init__(self, rules: Rules, thresholds: RecogniserThresholds | None = None) -> None:
        """A component reading ``rules`` (``load_rules``) and ``thresholds`` (None: the defaults)."""
        self.rules = rules
        self.thresholds = thresholds if thresholds is not None else RecogniserThresholds()

    def __call__(self, doc: Doc) -> Doc:
        data = doc.user_data
        found = self.find(doc, data.get(MODEL_TOKENS) or set())
        skip = data.get(SKIP)
        if skip and self.honours_skip:
            found = [m for m in found if not overlaps(m.start, m.end, skip)]
        candidates(doc).extend(found)
        return doc

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:
        """This rule's mentions in ``doc`` (character offsets into ``doc.text``), leaving the tokens ``covered``
        alone where the rule says so."""
        raise NotImplementedError


@entity_component("samachar_hi_model_entities")
class HindiModelEntities(RuleComponent):
    """The Hindi model's entities (``doc.ents``) as mentions, refined: a run of entities ending in a generic head is
    one name with the head's label, a name particle and name before a name join it (PERSON), an organisation head or
    a generic head after it joins it, edge function words are trimmed, bare titles tagged PERSON are dropped, and
    spans with Latin letters or overlapping ``doc._.samachar_skip`` are left out. Sets ``doc._.samachar_model_tokens``
    (the tokens of the refined spans) for the rules after it."""

    source = Source("hi-model", confidence=0.85, rank=1)

    def __call__(self, doc: Doc) -> Doc:
        skip = doc.user_data.get(SKIP) or []
        text = doc_text(doc)
        rules = self.rules
        found: list[Mention] = []
        covered: set[int] = set()
        entity_tokens = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        for ent, label in self._merged_ents(doc):
            span = ent
            if (extended := self._with_particles(span, entity_tokens)) is not span:
                span, label = extended, "PERSON"  # a name word, a particle, a name: a person's name (ओ ब्रायन tagged ORG)
            if label == "ORG" and ent.end < len(doc) and ent.end not in entity_tokens and doc[ent.end].text in rules.org_heads:
                span = doc[ent.start : ent.end + 1]  # "तृणमूल" + "कांग्रेस": the head belongs to the name
            elif (head := self._following_head(doc, ent.end, entity_tokens)) is not None:
                # "राम मनोहर लोहिया" + "अस्पताल", "दिल्ली" + "पुलिस": a name followed by a generic head names an
                # organisation or place; the head's label wins (NameLexicon.head_labels).
                span, label = doc[ent.start : head[0]], head[1]
            covered.update(range(span.start, span.end))
            span = rules.trim_particles(span)
            if span is None:
                continue
            if label == "PERSON" and all(tok.text in rules.titles for tok in span):
                continue  # a bare title ("राष्ट्रपति") is not a name
            if _LATIN_LETTER.search(span.text) or overlaps(span.start_char, span.end_char, skip):
                continue
            found.append(self.source.mention(text, span.start_char, span.end_char, label))
        doc.user_data[MODEL_TOKENS] = covered
        candidates(doc).extend(found)
        return doc

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
    def _merged_ents(doc: Doc) -> list[tuple[Any, str]]:
        """The model's entities with our labels; a run of adjacent entities whose last one ends in a generic head
        with a label is one name ("राम मनोहर" PERSON + "लोहिया अस्पताल" LOC -> ORG "राम मनोहर लोहिया अस्पताल"; a
        lone head too: "बवेरियन स्टेट" ORG + "ऑर्केस्ट्रा" LOC -> ORG "बवेरियन स्टेट ऑर्केस्ट्रा"), and an entity
        ending in such a head takes its label ("लोहिया अस्पताल" is an ORG, not a LOC)."""
        from services.nlp.name_lexicon import NameLexicon

        lexicon = NameLexicon.default()
        ents = [(ent, HI_LABELS[ent.label_]) for ent in doc.ents if ent.label_ in HI_LABELS]
        out: list[tuple[Any, str]] = []
        for ent, label in ents:
            head_label = lexicon.label_by_head(ent.text)
            if head_label is None and out and out[-1][0].end == ent.start and lexicon.label_by_head(out[-1][0].text) is None:
                # a head alone right after a name ends it: "बवेरियन स्टेट" ORG + "ऑर्केस्ट्रा" (tagged LOC)
                head_label = lexicon.label_by_head(f"x {ent.text}") if " " not in ent.text else None
            if head_label is not None:
                start = ent.start
                while out and out[-1][0].end == start and lexicon.label_by_head(out[-1][0].text) is None:
                    start = out.pop()[0].start
                out.append((doc[start : ent.end], head_label))
            else:
                out.append((ent, label))
        return out

    def _following_head(self, doc: Doc, end: int, taken: set[int]) -> tuple[int, str] | None:
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


@entity_component("samachar_acronyms")
class Acronyms(RuleComponent):
    """ORG (or LOC: ``acronym_loc``) for a Devanagari-spelled acronym token the model missed (केसीएनए, बीबीसी): at
    least ``acronym_min_letters`` spelled letter names, not in ``acronym_stop``, not a rank (बीडीओ, एसएसपी), not right
    before a model PERSON (initials: "वीवीएस लक्ष्मण")."""

    source = Source("rule", confidence=0.9, rank=2)
    honours_skip = False  # a Devanagari token never overlaps a Latin run

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        text = doc_text(doc)
        found: list[Mention] = []
        persons = {i for ent in doc.ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
        for tok in token_view(doc):
            if tok.i in covered or tok.i + 1 in persons:  # initials before a name: "वीवीएस लक्ष्मण"
                continue
            label = self.rules.acronym_label(tok.text)
            if label is not None and not self.rules.is_role_word(tok.text):  # बीडीओ, एसएसपी: a rank, not an ORG
                found.append(self.source.mention(text, tok.idx, tok.idx + len(tok.text), label))
        return found


@entity_component("samachar_gazetteer")
class Gazetteer(RuleComponent):
    """The curated names of ``entity_rules.yaml``'s ``gazetteer`` (whole words, longest first) with their listed
    labels, wherever they occur (model entities or not)."""

    source = Source("gazetteer", confidence=0.95, rank=0)

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        return self.find_in_text(doc_text(doc))

    def find_in_text(self, text: str) -> list[Mention]:
        """The gazetteer names in ``text`` (character offsets into it)."""
        rules = self.rules
        if rules.gazetteer is None:
            return []
        return [
            Mention(m.group(), rules.gazetteer_labels[m.group()], m.start(), m.end(), self.source.confidence, self.source.name)
            for m in rules.gazetteer.finditer(text)
        ]


ROLE_RULE = Source("role-rule", confidence=0.7, rank=3)
"""The source of the rules that find names the model missed from the words around them (less sure than the model)."""


@entity_component("samachar_role_names")
class RoleNames(RuleComponent):
    """PERSON for the uncovered name-like tokens right after a role noun ("सचिव गोताबाया राजपक्षे ने"): up to
    ``role_name_max_tokens`` words that are no role, digit, Latin or common word, ending at ``role_name_end`` (or the
    doc's end); a rank in ``role_inside`` (जनरल) starts the span. Role nouns are ``person_roles`` and the words
    learned to stand before names in real news (``NameLexicon.role_words``, seen ``MIN_LEARNED_ROLE_COUNT`` times or
    more: जिलाधिकारी, सीएमओ, महानिदेशक); after a learned one the name needs two words or more ("जिलाधिकारी आंद्रा
    वामसी ने"), since some learned words are no roles ("रेड क्रॉस")."""

    source = ROLE_RULE
    MIN_LEARNED_ROLE_COUNT: ClassVar[int] = 10

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.name_lexicon import NameLexicon

        rules = self.rules
        counts = NameLexicon.default().role_word_counts
        found: list[Mention] = []
        tokens = token_view(doc)
        for tok in tokens[:-1]:
            listed = tok.text in rules.person_roles
            if not listed and counts.get(tok.text, 0) < self.MIN_LEARNED_ROLE_COUNT:
                continue
            first = end = tok.i + 1
            while (
                end < len(tokens)
                and end - first < rules.role_name_max_tokens
                and end not in covered
                and tokens[end].text not in rules.role_name_end
                and tokens[end].text not in rules.person_roles
                and not tokens[end].text.isspace()  # a line break ends the name
                and not _DIGIT.search(tokens[end].text)
                and not _LATIN_LETTER.search(tokens[end].text)
                and not rules.is_common_word(tokens[end].text)
            ):
                end += 1
            if end - first >= (1 if listed else 2) and (end == len(tokens) or tokens[end].text in rules.role_name_end):
                begin = tok if tok.text in rules.role_inside else tokens[first]
                start_char, end_char = begin.idx, tokens[end - 1].idx + len(tokens[end - 1].text)
                found.append(self.source.mention(doc_text(doc), start_char, end_char, "PERSON"))
        return found


@entity_component("samachar_given_name_pairs")
class GivenNamePairs(RuleComponent):
    """PERSON for a given name followed by a surname that no model entity covers ("विकास चौधरी", "हरप्रीत बाजवा").

    From the name lists (``NameLexicon``): the first word is a given name; the next is a surname (the last word of
    listed names, never a given name: so not "हर संभव", "नीति समीक्षा") that is no everyday word (Zipf <
    ``thresholds.surname_max_zipf``), or, after a rare given name (``thresholds.rare_given_name_zipf``: हरप्रीत),
    any rare word (बाजवा) that is no role or function word; a third surname-like word joins ("भुवनेश प्रताप सिंह").
    A given name, a middle name (``NameLexicon.middle_names``: कुमार, चंद्र, लाल) and a surname, or a rare word that is
    no role or English word, are one name too ("प्रेम कुमार धूमल"; not "दिलीप कुमार आइसोलेशन", "विकास कुमार पेंटिंग").
    A given name that is also a role word (``person_roles``, learned ``role_words``: अधिकारी) starts no pair.
    """

    source = ROLE_RULE

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.loanwords import EnglishLoanwords
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        lexicon = NameLexicon.default()
        rules = self.rules
        surname_max_zipf = self.thresholds.surname_max_zipf
        rare_given = self.thresholds.rare_given_name_zipf

        def surname(word: str) -> bool:
            return word in lexicon.surnames and hindi_zipf(word) < surname_max_zipf and not lexicon.is_role_word(word)

        def rare_second(word: str) -> bool:
            # after a rare given name: a rare word that is no learned role (बाजवा, Zipf 3.1, is a name), no Marathi
            # word (wordfreq has no Marathi: "प्रगती करीत", "बसेल असा"), English word or generic head ("महामाया
            # पॉलिटेक्निक कालेज")
            return (
                word not in lexicon.role_words and word not in lexicon.marathi_common
                and EnglishLoanwords.default().english(word) is None and lexicon.translate_heads([word])[0] is None
            )

        found: list[Mention] = []
        tokens = token_view(doc)
        k = 0
        while k < len(tokens) - 1:
            first, second = tokens[k].text, tokens[k + 1].text
            if (
                k in covered or k + 1 in covered or first not in lexicon.given_names or not _DEVANAGARI_WORD.fullmatch(second)
                # a role the lists also hold as a name (अधिकारी: Suvendu Adhikari) is the role before a name here:
                # "स्वास्थ्य अधिकारी फर्नांडो सिमोन" is Fernando Simón, not "Adhikari Fernando"
                or first in rules.person_roles or first in lexicon.role_words
            ):
                k += 1
                continue
            rare_pair = hindi_zipf(first) < rare_given and hindi_zipf(second) < rare_given + 0.5
            third = tokens[k + 2].text if k + 2 < len(tokens) and k + 2 not in covered else ""
            if second in lexicon.middle_names and _DEVANAGARI_WORD.fullmatch(third) and (
                surname(third) or (
                    hindi_zipf(third) < rare_given and third not in lexicon.role_words
                    and EnglishLoanwords.default().english(third) is None  # "दिलीप कुमार आइसोलेशन में"
                )
            ) and third not in rules.edge_particles and third not in rules.role_name_end:
                # a middle name between the given name and the surname: "प्रेम कुमार धूमल"
                found.append(self.source.tokens_mention(doc_text(doc), tokens, k, k + 3, "PERSON"))
                k += 3
                continue
            if second in rules.edge_particles or second in rules.role_name_end or not (
                surname(second) or (rare_pair and rare_second(second))
            ):
                k += 1
                continue
            end = k + 2
            if end < len(tokens) and end not in covered and surname(tokens[end].text):
                end += 1
            found.append(self.source.tokens_mention(doc_text(doc), tokens, k, end, "PERSON"))
            k = end
        return found


@entity_component("samachar_person_edges")
class PersonEdges(RuleComponent):
    """A person mention found so far, grown over the name words the model left out at its edges: a surname after it
    ("सुरिंदर" + "भारद्वाज", which the model took for a place; "मोहम्मद शाहबाज़" + "टुम्बी"), and initials before a
    surname alone ("डीएच" + "गोस्वामी" -> D H Goswami). A word after it joins when it is a Devanagari word of people's
    names (``NameLexicon.person_tokens``) rarer than ``MAX_NAME_WORD_ZIPF`` or a word rarer than ``MAX_RARE_ZIPF`` that
    is no English word (``loanwords``: "दिलीप कुमार आइसोलेशन में"), and no role, function word (``edge_particles``, ``role_name_end``) or place the KB-name finder found; at most
    ``MAX_WORDS`` words. Initials are a spelled-out acronym of two or three letters that stands before no names in
    the news (``role_words``: बीडीओ, सीओ are ranks). A given name rarer than ``MAX_GIVEN_BEFORE_ZIPF`` joins a name of
    two or more words that starts with a given or middle name ("कन्हैया" + "मयूर पटेल": first, father's and family name;
    "गोपी" + "नाथ मुंडे": a given name written in two words)."""

    source = ROLE_RULE
    MAX_WORDS: ClassVar[int] = 1
    MAX_NAME_WORD_ZIPF: ClassVar[float] = 5.0
    MAX_RARE_ZIPF: ClassVar[float] = 1.0
    MAX_GIVEN_BEFORE_ZIPF: ClassVar[float] = 4.5
    MAX_INITIALS: ClassVar[int] = 3
    MAX_LONE_INITIAL_ZIPF: ClassVar[float] = 5.5

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.linking.roman import devanagari_acronym, letter_of
        from services.nlp.loanwords import EnglishLoanwords
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        names = NameLexicon.default()
        rules = self.rules
        tokens = token_view(doc)
        words = [t.text for t in tokens]
        text = doc_text(doc)
        owner: dict[int, Mention] = {}  # token -> the longest mention found so far that covers it
        spans: list[tuple[int, int]] = []
        for m, first, end in candidate_tokens(doc):
            for k in range(first, end):
                if k not in owner or owner[k].end - owner[k].start < m.end - m.start:
                    owner[k] = m
            if m.label == "PERSON":
                spans.append((first, end))

        marathi_endings = tuple(lexicon("mr").name_case_endings)

        def name_word(k: int) -> bool:
            w = words[k]
            if not _DEVANAGARI_WORD.fullmatch(w) or w in rules.edge_particles or w in rules.role_name_end:
                return False
            if w in names.marathi_common or any(e in w for e in marathi_endings if len(e) > 2):
                return False  # Marathi words are rare in Hindi: "भट्टाचार्य यांच्याशिवाय" ends at the name
            other = owner.get(k)
            if other is not None and (other.label != "LOC" or other.source == "gazetteer" or " " in other.text):
                return False  # a mention of its own (a single-word model LOC may be a surname: भारद्वाज)
            zipf = hindi_zipf(w)
            return not names.is_role_word(w) and (
                (names.is_name_token(w) and zipf < self.MAX_NAME_WORD_ZIPF)
                or (
                    zipf < self.MAX_RARE_ZIPF and not w.endswith(marathi_endings)  # "भारती एअरटेलचा"
                    and EnglishLoanwords.default().english(w) is None  # "दिलीप कुमार आइसोलेशन में"
                )
            )

        def given_before(k: int) -> bool:  # a given name no everyday word (कन्हैया, not राम or विकास) nor a role
            w = words[k]
            return (
                w in names.given_names and hindi_zipf(w) < self.MAX_GIVEN_BEFORE_ZIPF and w not in names.role_words
                and w not in names.marathi_common and w not in rules.edge_particles
            )

        person_of_letters = {  # the model's PERSON "जी एस" (or "डॉ एस") before "अयंगर": initials it cut off the name
            k for m, a, b in candidate_tokens(doc) if m.label == "PERSON" for k in range(a, b)
            if all(letter_of(words[j]) or words[j] in rules.titles for j in range(a, b)) and letter_of(words[b - 1])
        }

        def letter_before(k: int) -> bool:
            """Is token ``k - 1`` an initial before token ``k``? के (the letter K, and "of") only between two
            initials: "एस के सिंह" is S K Singh, "सिंह के" is Singh's."""
            w = words[k - 1]
            if not letter_of(w) or w in names.role_words or (k - 1 in owner and k - 1 not in person_of_letters):
                return False
            if w not in rules.edge_particles:
                return True
            return w == "के" and k >= 2 and one_space_apart(tokens, k - 2, k - 1) and bool(letter_of(words[k - 2])) and (
                words[k - 2] not in rules.edge_particles and words[k - 2] not in names.role_words
            )

        def spelled_initials_before(first: int) -> int:
            """The first token of a run of one to MAX_INITIALS single-letter initials right before token ``first``
            ("डी" + "प्रदीप कुमार", "जी एस" + "अयंगर"), or ``first``. A lone letter must be rarer than
            MAX_LONE_INITIAL_ZIPF (not के, जी, आई); no letter is a function word (but के between two letters: "एस के"
            + "सिंह") or a rank, and no PERSON ends right before the run (then it is a particle: "डेरेक" + "ओ ब्रायन");
            a PERSON of a title and letters the model found ("डॉ एस") gives up its letters to the name."""
            k = first
            while k > 0 and first - k < self.MAX_INITIALS and one_space_apart(tokens, k - 1, k) and letter_before(k):
                k -= 1
            if k == first or (first - k == 1 and hindi_zipf(words[k]) >= self.MAX_LONE_INITIAL_ZIPF):
                return first
            if (
                k > 0 and k - 1 in owner and owner[k - 1].label == "PERSON" and one_space_apart(tokens, k - 1, k)
                and k - 1 not in person_of_letters  # "डॉ" of the model's "डॉ एस" before "के सिंह" is a title
            ):
                return first
            return k

        found: list[Mention] = []
        for first, end in spans:
            new_first, new_end = first, end
            if words[end - 1].endswith(marathi_endings) and not names.is_name_token(words[end - 1]):
                continue  # "बायोकॉनच्या": a glued case ending closes the phrase (रोहित, अमित end in त as names do)
            while new_end < len(words) and new_end - end < self.MAX_WORDS and one_space_apart(tokens, new_end - 1, new_end) and name_word(new_end):
                new_end += 1
            if end - first == 1 and first > 0 and first - 1 not in owner:
                initials = devanagari_acronym(words[first - 1])
                if initials is not None and 2 <= len(initials) <= 3 and words[first - 1] not in names.role_words:
                    new_first = first - 1
            elif (
                end - first >= 2 and first > 0 and first - 1 not in owner
                and (words[first] in names.given_names or words[first] in names.middle_names)
                and one_space_apart(tokens, first - 1, first) and given_before(first - 1)
            ):
                # a first name before a given or middle name and a surname: "कन्हैया" + "मयूर पटेल", "गोपी" + "नाथ मुंडे"
                new_first = first - 1
            if new_first == first:
                new_first = spelled_initials_before(first)
            if (new_first, new_end) != (first, end):
                found.append(self.source.tokens_mention(text, tokens, new_first, new_end, "PERSON"))
        return found


@entity_component("samachar_age_names")
class AgeNames(RuleComponent):
    """PERSON for the name before an age in brackets and after "son of": Hindi local news writes "बलजीत (उम्र 24
    वर्ष)", "सरबजीत (20) पुत्र जगराम निवासी ककरहवा", and the model misses such one-word names. An age is ``(``, an
    optional उम्र / आयु, one to three digits, an optional वर्ष / साल, ``)``; the name is the one to three words right
    before it that are Devanagari, no function word (``edge_particles``), role or word commoner than
    ``MAX_NAME_ZIPF``, and found by nothing else yet; with a bare number ("(20)": case counts follow districts,
    "बेगूसराय (26)"), the first of them must be a given name (``NameLexicon.given_names``). After पुत्र / पुत्री /
    पत्नी (son, daughter, wife of) one to three such words are a PERSON too when an age or "निवासी" (resident of)
    stands in the sentence before."""

    source = ROLE_RULE
    MAX_NAME_ZIPF: ClassVar[float] = 5.0
    AGE_WORDS: ClassVar[frozenset[str]] = frozenset({"उम्र", "आयु"})
    YEAR_WORDS: ClassVar[frozenset[str]] = frozenset({"वर्ष", "साल"})
    KIN_WORDS: ClassVar[frozenset[str]] = frozenset({"पुत्र", "पुत्री", "पत्नी"})

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        names = NameLexicon.default()
        rules = self.rules
        tokens = token_view(doc)
        words = [t.text for t in tokens]
        text = doc_text(doc)
        taken = {k for _, first, end in candidate_tokens(doc) for k in range(first, end)}  # inside a mention so far

        def name_word(k: int) -> bool:
            w = words[k]
            return (
                k not in taken and bool(_DEVANAGARI_WORD.fullmatch(w)) and w not in rules.edge_particles
                and w not in rules.role_name_end and not names.is_role_word(w) and hindi_zipf(w) < self.MAX_NAME_ZIPF
            )

        def age_at(k: int) -> int:  # tokens of an age in brackets starting at k ("(", ["उम्र"], digits, ["वर्ष"], ")"), 0 if none
            j = k + 1 if k < len(words) and words[k] == "(" else -1
            if j < 0:
                return 0
            strong = False
            if j < len(words) and words[j] in self.AGE_WORDS:
                j, strong = j + 1, True
            if not (j < len(words) and words[j].isdigit() and len(words[j]) <= 3):
                return 0
            j += 1
            if j < len(words) and words[j] in self.YEAR_WORDS:
                j, strong = j + 1, True
            if not (j < len(words) and words[j] == ")"):
                return 0
            return (j + 1 - k) * (1 if strong else -1)

        def mention(a: int, b: int) -> Mention:
            return self.source.tokens_mention(text, tokens, a, b, "PERSON")

        found: list[Mention] = []
        aged_before = False  # an age or "निवासी" earlier in the doc: kin words then introduce names
        for k in range(1, len(words)):
            age = age_at(k)
            if age:
                start = k
                while start > 0 and k - start < 3 and name_word(start - 1):
                    start -= 1
                if start < k and (age > 0 or words[start] in names.given_names):
                    found.append(mention(start, k))
                aged_before = True
            if words[k] == "निवासी":
                aged_before = True
            if words[k - 1] in self.KIN_WORDS and aged_before:
                end = k
                while end < len(words) and end - k < 3 and name_word(end):
                    end += 1
                if end > k and (end == len(words) or words[end] in ("निवासी", ",", "।") or words[end] in rules.edge_particles):
                    found.append(mention(k, end))
        return found


HEAD_NAME_WORD_MAX_ZIPF: Final = 4.0
# Heads of places named after people, where a word of people's names of that Zipf still joins before a one-word head:
# "अम्बेडकर स्मारक" (Ambedkar Memorial; अम्बेडकर 4.09 is common in Hindi), "नेहरू पार्क"
NAMED_AFTER_HEADS: Final = frozenset({"Memorial", "Park", "Garden", "Stadium"})
NAMED_AFTER_MAX_ZIPF: Final = 5.0
"""A word of people's names (``NameLexicon.is_name_token``) rarer than this is a name before a head of two or more
words even when it is too common for ``head_name_max_zipf``: "महामाया पॉलिटेक्निक कालेज" (3.3). Above it the name
lists hold common words too (थाना, कैंसर, प्रसिद्ध, गंभीर: 4.6-5.0 in the lists' noise). Before a one-word head a
person's name is more often the subject: "मलाला अस्पताल में" (Malala is in hospital)."""


@entity_component("samachar_head_phrases")
class HeadPhrases(RuleComponent):
    """ORG/LOC for rare words before a strong generic head (``phrase_heads``) that no model entity covers
    ("सफदरजंग अस्पताल", "मुंडेरवा थाना"): up to three Devanagari words rarer than ``thresholds.head_name_max_zipf`` (not roles or
    function words) right before the head; common words before a head ("निजी अस्पताल", "कोविड अस्पताल") name nothing.
    An organisation head of two words or an acronym right before a place the model found is that place's
    institution ("सदर अस्पताल भागलपुर", "सीएचसी मुंडेरवा": ORG). Before थाना (police station) in an address or before
    "क्षेत्र" (area), the name is a LOC: "निवासी ककरहवा थाना", "रामपुर कारखाना थाना क्षेत्र"."""

    source = ROLE_RULE

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.linking.roman import devanagari_acronym
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        lexicon = NameLexicon.default()
        rules = self.rules
        max_zipf = self.thresholds.head_name_max_zipf
        tokens = token_view(doc)
        words = [t.text for t in tokens]
        heads = lexicon.translate_heads(words)
        places = {ent.start: ent.end for ent in doc.ents if HI_LABELS.get(ent.label_) == "LOC" and len(ent) <= 3}
        found: list[Mention] = []
        k = 0
        while k < len(tokens):
            if not heads[k] or k in covered:
                k += 1
                continue
            # the run of heads ("मेडिकल कॉलेज", "पॉलिटेक्निक कालेज"), labelled and judged by its last head
            end, last = k + 1, k
            while end < len(tokens) and heads[end] is not None and end not in covered:
                last = end if heads[end] else last
                end += 1
            label = lexicon.label_by_head(" ".join(["x", *words[k:end]]))
            if heads[last] not in lexicon.config.phrase_heads:
                label = None
            start = k
            while (
                start > 0 and k - start < 3 and start - 1 not in covered and heads[start - 1] is None
                and _DEVANAGARI_WORD.fullmatch(words[start - 1]) and words[start - 1] not in rules.edge_particles
                and words[start - 1] not in lexicon.role_words
                and (
                    hindi_zipf(words[start - 1]) < max_zipf
                    or end - k >= 2 and lexicon.is_name_token(words[start - 1]) and hindi_zipf(words[start - 1]) < HEAD_NAME_WORD_MAX_ZIPF
                    or heads[last] in NAMED_AFTER_HEADS and lexicon.is_name_token(words[start - 1])
                    and hindi_zipf(words[start - 1]) < NAMED_AFTER_MAX_ZIPF
                )
            ):
                start -= 1
            # after "X थाना": the police station's area, so X is a place; before X: an address ("निवासी X थाना Y")
            area = end < len(words) and words[end] in POLICE_AREA_WORDS or start > 0 and words[start - 1] in ADDRESS_WORDS
            if label == "ORG" and heads[k] == "Police Station" and start < k and area:
                # "रामपुर कारखाना थाना क्षेत्र" (the police station's area), "निवासी ककरहवा थाना दुधारा" (an address):
                # the name before थाना is the place
                found.append(self.source.tokens_mention(doc_text(doc), tokens, start, k, "LOC"))
            elif label is not None and start < k:
                found.append(self.source.tokens_mention(doc_text(doc), tokens, start, end, label))
            elif label == "ORG" and start == k and (end - k >= 2 or devanagari_acronym(words[k])) and end in places:
                # a kind of institution and the place it serves: "सदर अस्पताल भागलपुर", "सीएचसी मुंडेरवा"
                last = places[end] - 1
                found.append(self.source.tokens_mention(doc_text(doc), tokens, k, last + 1, "ORG"))
            k = end
        return found


@entity_component("samachar_place_lists")
class PlaceLists(RuleComponent):
    """LOC for each item of a list of places before a word that says what they are (``place_list_heads``):
    "छातर, जाजवान, ढांडा खेड़ी और इंटल कलां गांव" -> छातर, जाजवान, ढांडा खेड़ी, इंटल कलां. An item is one to three
    Devanagari words rarer than ``thresholds.head_name_max_zipf`` or village name parts (``village_name_parts``: कलां,
    खुर्द), no function word; items are joined by ``place_list_joiners`` (a comma, और, व). Items a model entity
    covers are left to it (the walk goes on through them)."""

    source = ROLE_RULE

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.word_frequency import hindi_zipf

        rules = self.rules
        max_zipf = self.thresholds.head_name_max_zipf
        tokens = token_view(doc)
        words = [t.text for t in tokens]
        text = doc_text(doc)
        found: list[Mention] = []

        def name_word(k: int) -> bool:
            w = words[k]
            return (
                bool(_DEVANAGARI_WORD.fullmatch(w)) and w not in rules.edge_particles and w not in rules.place_list_heads
                and (w in rules.village_name_parts or hindi_zipf(w) < max_zipf)
            )

        for i, word in enumerate(words):
            if word not in rules.place_list_heads:
                continue
            end = i  # exclusive end of the item being read, walking back from the head
            while end > 0:
                start = end
                while start > 0 and end - start < 3 and (start - 1 in covered or name_word(start - 1)):
                    start -= 1
                if start == end or all(words[k] in rules.village_name_parts for k in range(start, end)):
                    break
                if not any(k in covered for k in range(start, end)):
                    found.append(self.source.tokens_mention(text, tokens, start, end, "LOC"))
                if start > 0 and words[start - 1] in rules.place_list_joiners:
                    end = start - 1
                else:
                    break
        return found


@entity_component("samachar_coordinated_places")
class CoordinatedPlaces(RuleComponent):
    """LOC for the unrecognised items of a coordinated list whose other items are places: in "संगतपुरा गांव के आसपास
    के जाजवान, ढांडा खेड़ी, ईंटल कलां, ईंटल खुर्द, जुलानी, दरियावाला, जलालपुर कलां, जलालपुर खुर्द को बफर जोन" the model
    finds two or three villages and cuts "जलालपुर कलां" in two; news lists villages, localities and blocks this way
    ("विकासनगर, जीवनगढ़, अंबाड़ी, डाकपत्थर, ढकरानी क्षेत्र में").

    Items are joined by ``place_list_joiners`` (a comma, और, व ...). An inner item is one to three item words; the
    first and last items are the item words next to the list: the mention found so far that ends (starts) there, or
    up to three words found by nothing, the last one ending at a word with a Marathi phrase-final case ending
    (lexicon ``phrase_final_endings``: "न्युझीलंडमधील"); a list with no first (last) item starts after (ends before)
    its first (last) joiner. An item word is inside a mention found so far, or a Devanagari word that is no function
    word (``edge_particles``) and is a village name part (कलां, खुर्द) or rarer than ``thresholds.head_name_max_zipf``.
    When at least ``MIN_PLACES`` items overlap LOC mentions found so far, none overlaps a PERSON and ORG items are
    outnumbered ``PLACES_PER_ORG`` times over ("मंडी चौक, आईएसबीटी, कारगी, पटेलनगर": the bus terminal), every
    item that is not exactly one LOC mention becomes one (the longer span then wins over the model's pieces), unless
    a word of it is common (``MAX_FOUND_WORD_ZIPF``: "दो वेस्टइंडीज", a numeral the model took for a place)."""

    source = ROLE_RULE
    MIN_PLACES: ClassVar[int] = 2
    # A list of places may hold an organisation that stands for a place ("... मंडी चौक, आईएसबीटी, कारगी ...": the bus
    # terminal) when places outnumber organisations this many times over; one PERSON item and it is no list of places.
    PLACES_PER_ORG: ClassVar[int] = 3
    MAX_ITEM_WORDS: ClassVar[int] = 3
    # A word of a merged item that only the model took for a place must be rarer than this (wordfreq Hindi Zipf):
    # जलालपुर 3.3, मंडी 4.3 pass; numerals and function words (दो 6.2, तीन 5.7) do not.
    MAX_FOUND_WORD_ZIPF: ClassVar[float] = 5.0

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.word_frequency import hindi_zipf

        rules = self.rules
        max_zipf = self.thresholds.head_name_max_zipf
        phrase_final = tuple(lexicon("mr").phrase_final_endings)
        tokens = token_view(doc)
        words = [t.text for t in tokens]
        text = doc_text(doc)
        label_at: dict[int, set[str]] = {}  # token -> labels of the mentions found so far that cover it
        ending_at: dict[int, int] = {}  # last token of a mention found so far -> its first token
        starting_at: dict[int, int] = {}  # first token -> end token (exclusive)
        for m, first, end in candidate_tokens(doc):
            for k in range(first, end):
                label_at.setdefault(k, set()).add(m.label)
            ending_at[end - 1] = min(first, ending_at.get(end - 1, first))
            starting_at[first] = max(end, starting_at.get(first, end))

        def name_word(k: int) -> bool:
            w = words[k]
            return (
                bool(_DEVANAGARI_WORD.fullmatch(w)) and w not in rules.edge_particles and w not in rules.place_list_joiners
                and (w in rules.village_name_parts or hindi_zipf(w) < max_zipf)
            )

        def item_word(k: int) -> bool:
            return k in label_at or name_word(k)

        def first_item(joiner: int) -> int | None:  # start token of the item before ``joiner``
            if joiner - 1 in ending_at:
                return ending_at[joiner - 1]
            start = joiner
            while start > 0 and joiner - start < self.MAX_ITEM_WORDS and start - 1 not in label_at and item_word(start - 1):
                start -= 1
            return start if start < joiner else None

        def last_item(joiner: int) -> int | None:  # end token (exclusive) of the item after ``joiner``
            if joiner + 1 in starting_at:
                return starting_at[joiner + 1]
            end = joiner + 1
            while end < len(words) and end - joiner - 1 < self.MAX_ITEM_WORDS and end not in label_at and item_word(end):
                end += 1
                if words[end - 1].endswith(phrase_final):
                    break
            return end if end > joiner + 1 else None

        joiners = [k for k, w in enumerate(words) if w in rules.place_list_joiners]
        found: list[Mention] = []
        k = 0
        while k < len(joiners):
            run = [joiners[k]]  # one list: joiners with one inner item between each two
            while k + 1 < len(joiners):
                gap = range(run[-1] + 1, joiners[k + 1])
                if not 1 <= len(gap) <= self.MAX_ITEM_WORDS or not all(item_word(j) for j in gap):
                    break
                k += 1
                run.append(joiners[k])
            k += 1
            items = [(run[i] + 1, run[i + 1]) for i in range(len(run) - 1)]
            first, last = first_item(run[0]), last_item(run[-1])
            if first is not None:
                items.insert(0, (first, run[0]))
            if last is not None:
                items.append((run[-1] + 1, last))
            labels = [set().union(*(label_at.get(j, set()) for j in range(a, b))) for a, b in items]
            places = sum("LOC" in ls for ls in labels)
            organisations = sum("ORG" in ls for ls in labels)
            if places < self.MIN_PLACES or any("PERSON" in ls for ls in labels) or organisations * self.PLACES_PER_ORG > places:
                continue
            for (a, b), ls in zip(items, labels, strict=True):
                exact = a in starting_at and starting_at[a] == b and "LOC" in ls
                if ls <= {"LOC"} and not exact and all(
                    name_word(j) or (j in label_at and hindi_zipf(words[j]) < self.MAX_FOUND_WORD_ZIPF) for j in range(a, b)
                ):
                    found.append(self.source.tokens_mention(text, tokens, a, b, "LOC"))
        return found


@entity_component("samachar_particle_names")
class ParticleNames(RuleComponent):
    """PERSON for a name word, name particles and a name word that no model entity covers ("डेरेक ओ ब्रायन",
    "उर्सुला वॉन डेर लेयेन", "मोहम्मद बिन सलमान"): the particles (``name_particles``) join foreign and Arabic
    names; the words around them must be Devanagari, not common Hindi words and not roles."""

    source = ROLE_RULE

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.name_lexicon import NameLexicon

        rules = self.rules
        role_words = NameLexicon.default().role_words
        tokens = token_view(doc)
        found: list[Mention] = []
        k = 1
        while k < len(tokens) - 1:
            if tokens[k].text not in rules.name_particles or k in covered:
                k += 1
                continue
            end = k
            while end < len(tokens) and tokens[end].text in rules.name_particles and end not in covered:
                end += 1
            before, after = k - 1, end
            if after < len(tokens) and all(
                j not in covered and _DEVANAGARI_WORD.fullmatch(tokens[j].text) and not rules.is_common_word(tokens[j].text)
                and tokens[j].text not in role_words
                for j in (before, after)
            ):
                found.append(self.source.tokens_mention(doc_text(doc), tokens, before, after + 1, "PERSON"))
                k = after + 1
            else:
                k = end
        return found


@entity_component("samachar_person_cues")
class PersonCues(RuleComponent):
    """PERSON for the name right before a Marathi honorific pronoun that follows people's names (lexicon
    ``person_cues``: "वॉरन बफे यांचा क्रमांक", "कार्लोस व्हरेला यांनी") that no mention covers: the word before the cue,
    with up to ``MAX_WORDS`` words before it when they are name words too. A name word here is a Devanagari word
    that is no English word, generic head, role or function word, and a word of people's names rarer in Hindi than
    ``MAX_NAME_ZIPF``, or no common Marathi word (``NameLexicon.marathi_common``) rarer than ``MAX_ZIPF`` (the word
    before the cue) or ``MAX_FIRST_ZIPF`` (the word before that): so not "शेतकरी यांना" (farmers), "अनुत्पादित कर्ज
    यांचा" (bad loans), "उमेदवार डोनाल्ड ट्रम्प"."""

    source = ROLE_RULE
    MAX_ZIPF: ClassVar[float] = 3.0
    MAX_FIRST_ZIPF: ClassVar[float] = 0.5  # the word before the last one, if no name word: unknown to Hindi
    MAX_NAME_ZIPF: ClassVar[float] = 4.5  # जेटली, ट्रम्प, अंबानी 4.3; तेजी ("a rise", a name word too) 4.8
    MAX_WORDS: ClassVar[int] = 3

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        from services.nlp.loanwords import EnglishLoanwords
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        cues = frozenset(lexicon("mr").person_cues)
        tokens = token_view(doc)
        if not any(t.text in cues for t in tokens):
            return []
        names = NameLexicon.default()
        rules = self.rules

        def name_word(k: int, max_zipf: float) -> bool:
            w = tokens[k].text
            if k in covered or not _DEVANAGARI_WORD.fullmatch(w) or w in rules.edge_particles or w in names.role_words:
                return False
            if names.translate_heads([w])[0] is not None or EnglishLoanwords.default().english(w) is not None:
                return False
            if names.is_name_token(w):
                return hindi_zipf(w) < self.MAX_NAME_ZIPF
            return max_zipf > 0 and w not in names.marathi_common and hindi_zipf(w) < max_zipf

        found: list[Mention] = []
        for k, tok in enumerate(tokens):
            if tok.text not in cues or k == 0 or not one_space_apart(tokens, k - 1, k) or not name_word(k - 1, self.MAX_ZIPF):
                continue
            start = k - 1
            # the words before: words of people's names, or right before the last word one Hindi never writes (वॉरन
            # of "वॉरन बफे"); no third such word ("उमेदवार डोनाल्ड ट्रम्प": उमेदवार, "candidate", is unknown to Hindi too)
            while start > 0 and k - start < self.MAX_WORDS and one_space_apart(tokens, start - 1, start) and name_word(
                start - 1, self.MAX_FIRST_ZIPF if start == k - 1 else 0.0
            ):
                start -= 1
            found.append(self.source.tokens_mention(doc_text(doc), tokens, start, k, "PERSON"))
        return found


@entity_component("samachar_hindi_dates")
class HindiDates(RuleComponent):
    """DATE for explicit Hindi date expressions in the doc's text: day + month [+ year], month + year, weekdays,
    years after सन/वर्ष (``year_before``) or before में/तक (``year_after``); they may overlap each other and are
    not held back by ``doc._.samachar_skip``."""

    source = Source("rule", confidence=0.9, rank=2)
    honours_skip = False

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        return self.find_in_text(doc_text(doc))

    def find_in_text(self, text: str) -> list[Mention]:
        """The dates in ``text`` (character offsets into it)."""
        found: list[Mention] = []
        for pattern in self.rules.date_patterns:
            for m in pattern.finditer(text):
                found.append(Mention(m.group("d"), "DATE", m.start("d"), m.end("d"), self.source.confidence, self.source.name))
        return found


@entity_component("samachar_en_model_entities")
class EnglishModelEntities(RuleComponent):
    """The English model's entities (``doc.ents``) with our labels (``EN_LABELS``; NORP and others dropped), without a
    leading "the " or a possessive "'s" ("the Kremlin's" -> "Kremlin")."""

    source = Source("en-model", confidence=0.8, rank=1)

    def find(self, doc: Doc, covered: set[int]) -> list[Mention]:  # noqa: D102
        text = doc_text(doc)
        found: list[Mention] = []
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
                found.append(Mention(text[start:end], label, start, end, self.source.confidence, self.source.name))
        return found


RESOLVER = "samachar_resolve_overlaps"


@Language.component(RESOLVER)
def resolve_doc_overlaps(doc: Doc) -> Doc:
    """The last component of every entity pipeline: ``doc._.samachar_mentions`` = the candidates that contain no line
    break, overlaps resolved (``resolve_overlaps``), sorted by start; returns ``doc``."""
    found = doc.user_data.get(CANDIDATES) or ()
    doc.user_data[MENTIONS] = resolve_overlaps(m for m in found if not LINE_BREAK.search(m.text))
    return doc
