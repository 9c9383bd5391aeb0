"""Entity linking: give every NER mention a canonical English name, a Wikidata id where known, and a stable id.

``Canonicalizer.link`` for one article, in four moves (one module each):

1. ``spans.prepare``: the recogniser's mentions become ``MentionState`` records (``state``): a mention with an
   unknown label is left out and counted, never guessed; place pairs are split, role words and swept-in words cut.
2. ``strategies.STRATEGIES``, in order: date, exact, context, inner, same-key, short, abbreviation, fuzzy,
   person-name, place-name, acronym, unknown (``strategies`` says what each does); KB questions go through ``candidates.Candidates`` (cached).
3. ``filters.FILTERS``: resolved mentions that are not names (common nouns, ranks, language names, Marathi words
   without evidence of a name) are left out, each counted by the rule's name.
4. One ``Entity`` per remaining mention, in the order given; ``stats`` counts the strategy that resolved each.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

from services.nlp.linking.candidates import Candidates
from services.nlp.linking.filters import dropped_by, is_common_noun
from services.nlp.linking.kb import DEFAULT_KB_DIR, META_FILE, KnowledgeBase
from services.nlp.linking.keys import name_key, particles
from services.nlp.linking.roman import romanise
from services.nlp.linking.spans import prepare, well_known_place
from services.nlp.linking.state import ENTITY_LABELS, LinkerThresholds, entity_label
from services.nlp.linking.strategies import Article, resolve
from services.nlp.scripts import is_devanagari
from services.nlp.types import Mention
from services.records import Entity

log = logging.getLogger(__name__)
_MAX_WARNED_LABELS = 16


class Canonicalizer:
    """Links mentions to the knowledge base in ``kb_dir`` (default ``services/nlp/data/kb``); loads it once, on
    first use (``kb``) or on ``load``.

    ``version`` is the KB's version ("kb-missing" until a KB is found); ``stats`` counts mentions by the strategy
    that resolved them (exact, fuzzy, short, unknown...) and by the reason they were left out (generic, rank,
    language, no-evidence, unknown-label).
    """

    def __init__(self, kb_dir: Path | None = None, thresholds: LinkerThresholds | None = None) -> None:
        """A linker over the KB in ``kb_dir`` (None: the shipped one; loaded on first use) with the tuning values
        ``thresholds`` (None: the defaults, ``LinkerThresholds()``)."""
        self.kb_dir = Path(kb_dir) if kb_dir is not None else DEFAULT_KB_DIR
        self.thresholds = thresholds if thresholds is not None else LinkerThresholds()
        self._kb: KnowledgeBase | None = None
        self._candidates: Candidates | None = None
        self.stats: Counter[str] = Counter()  # mentions by resolution step (exact, fuzzy, short, unknown...)
        self._warned_labels: set[str] = set()
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

    @property
    def candidates(self) -> Candidates:
        """The cached KB lookups over ``kb`` (made on first use; raises as ``kb``)."""
        if self._candidates is None or self._candidates.kb is not self.kb:
            self._candidates = Candidates(self.kb, self.thresholds)
        return self._candidates

    def load(self) -> "Canonicalizer":
        """Load the KB, stop-word lists, word frequencies, transliterator and the romaniser's English index now
        (readiness, warm-up), not on the first article; returns ``self``. Raises as ``kb``."""
        _ = self.kb
        particles()
        romanise("नमस्ते")
        from services.nlp.word_frequency import hindi_zipf

        hindi_zipf("सरकार")  # loads wordfreq's Hindi list (generic phrases here, the entity rules)
        from services.nlp.name_romaniser import default as romaniser

        romaniser().warm()  # the English list and its index the rerank reads (~1-2 s once, not on the first article)
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
        """Entities for one article (``text``: the cleaned text the mentions' offsets index), one per mention, in
        the order given; ``language`` the article's (ISO 639-1, or None).

        Except: a mention whose label is not PERSON/ORG/LOC/DATE (or an alias of one: PER, GPE, FAC, TIME...) is
        left out and counted (``stats["unknown-label"]``); a mention nothing in the KB resolves that is a common
        noun phrase (``is_common_noun``: "केंद्र सरकार", "विधानसभा", "डेटा सेंटर", "मरीज", "लॉकडाउन") is not a name and
        is left out; so is a title alone ("डॉ."), and a language's name (डोगरी, सिंधी, बोडो) unless a country or
        Indian state. In a Marathi article (``language`` "mr"), where the Hindi model also tags verbs and common
        nouns (Marathi has no word-frequency list), an unresolved mention needs evidence of a name
        (``NameLexicon.has_name_evidence``: a word from people's names, a generic head, an acronym).
        A PERSON mention may lose leading role words (its ``start`` moves right); a left-out ORG/LOC mention that starts
        with a place the KB knows keeps that place, as a LOC entity of its first word ("पुणे शाखेच्या" -> Pune;
        ``_place_first``). Raises as ``kb`` (KB missing).
        """
        dropped: Counter[str] = Counter()
        states = prepare(self.kb, text, mentions, dropped, language, self.thresholds.swept_word_zipf)
        if dropped:
            self.stats.update(dropped)
            self._warn_unknown_labels(mentions)
        candidates = self.candidates
        resolve(Article(text, language, states, candidates))

        entities = []
        for state in states:
            res = state.resolved
            assert res is not None  # the last strategy ("unknown") resolves every mention
            reason = dropped_by(state, candidates, language)
            if reason is not None:
                self.stats[reason] += 1
                place = self._place_first(state.mention) if res.label in ("ORG", "LOC") else None
                if place is not None:
                    entities.append(place)  # "पुणे शाखेच्या" (Pune branch) is no name, Pune is
                    self.stats["place-of-dropped"] += 1
                continue
            self.stats[res.how] += 1
            mention = state.mention
            entities.append(
                Entity(
                    text=mention.text,
                    label=res.label,  # type: ignore[arg-type]  # one of ENTITY_LABELS (state.py)
                    start=mention.start,
                    end=mention.end,
                    confidence=max(0.0, min(1.0, mention.confidence * res.score)),
                    canonical=res.canonical.strip() or " ".join(mention.text.split()) or "?",  # never empty
                    kb_id=res.kb_id,
                    entity_id=res.entity_id,
                )
            )
        return entities

    def _place_first(self, mention: Mention) -> Entity | None:
        """The place a dropped ORG/LOC mention starts with, as its own LOC entity: the first word when the KB knows one
        place by it (``Candidates.place_name``: a country, an Indian state or town, a curated place), and more words follow. The model's ORG
        "पुणे शाखेच्या" (Pune's branch, Marathi daily) is no name and goes, Pune stays; None otherwise."""
        words = mention.text.split()
        if len(words) < 2 or not is_devanagari(words[0]):
            return None
        if self.candidates.place_name(words[0]) is None:
            return None
        found = self.candidates.lookup(name_key(words[0]), "LOC", False)
        if found is None or found.label != "LOC" or not any(well_known_place(e) for e in self.kb.exact(name_key(words[0]))):
            return None  # a town abroad named like a word: कोरोना is the US city Corona
        end = mention.start + len(words[0])
        return Entity(
            text=words[0], label="LOC", start=mention.start, end=end, confidence=max(0.0, min(1.0, mention.confidence * found.score)),
            canonical=found.canonical, kb_id=found.kb_id, entity_id=found.entity_id,
        )

    def _warn_unknown_labels(self, mentions: list[Mention]) -> None:
        """One warning per unknown label (the first few distinct ones): a recogniser emits a label nobody mapped."""
        for label in sorted({m.label for m in mentions if entity_label(m.label) is None} - self._warned_labels):
            if len(self._warned_labels) >= _MAX_WARNED_LABELS:
                return
            self._warned_labels.add(label)
            log.warning("mentions labelled %r are left out: not one of %s or their aliases", label, sorted(ENTITY_LABELS))

    def is_common_noun(self, text: str, label: str) -> bool:
        """Is ``text``, when the KB does not resolve it, a common noun phrase rather than a name (left out by
        ``link``)? ``filters.is_common_noun`` over this linker's KB; raises as ``kb``."""
        return is_common_noun(self.candidates, text, label)
