"""What the linker knows about one mention while it resolves an article: the ``MentionState`` record.

Why one record: the resolution strategies (``strategies.py``) each read and refine the same few facts about a
mention (its working label, its key, the entity it resolved to, if any); keeping them together means a strategy
changes one object instead of keeping four parallel lists in step.

Labels: the linker's labels are the record labels (``services.records.EntityLabel``: PERSON, ORG, LOC, DATE).
A recogniser label outside them is mapped only through the explicit ``records.LABEL_ALIASES`` (PER, GPE, FAC, TIME...);
any other label (MISC, NORP, "") is *unknown*: ``link`` leaves such a mention out and counts it
(``Canonicalizer.stats["unknown-label"]``), it never guesses ORG.
"""

from __future__ import annotations

from dataclasses import dataclass

from services import records
from services.nlp.types import Mention

ENTITY_LABELS: frozenset[str] = frozenset(records.ENTITY_LABELS)  # PERSON, ORG, LOC, DATE
NAME_LABELS = records.NAME_LABELS  # labels of names (the KB's labels): PERSON, ORG, LOC; DATE is resolved apart
LABEL_ALIASES: dict[str, str] = records.LABEL_ALIASES  # PER -> PERSON, GPE/FAC -> LOC, TIME -> DATE, ...


@dataclass(frozen=True, slots=True)
class LinkerThresholds:
    """The linker's tuning values (``NlpSettings.linker_*``; the defaults are the tuned ones).

    Fuzzy scores are rapidfuzz ``fuzz.ratio`` (0..100) between folded keys; Zipf values are wordfreq's Hindi
    frequency scale (log10 of occurrences per billion words: 6 is very common, 3 rare).
    """

    fuzzy_threshold: float = 88.0
    """KB keys of 8+ characters match approximately from this ratio (दिमित्री/दमित्री पेसकोव ~96, किम जोंग उन/इल ~82)."""
    fuzzy_threshold_short: float = 92.0
    """The same for keys of 5..7 characters (shorter keys are matched exactly only)."""
    roman_fuzzy_threshold: float = 92.0
    """A Devanagari key's romanisation matches a Latin KB key approximately from this ratio."""
    token_match: float = 85.0
    """Two name words are the same word (a short mention "पुतिन" finding its full name) from this ratio."""
    in_article_join: float = 88.0
    """Two unknown names in one article are one entity (one ``sam:`` id) from this ratio of their keys."""
    generic_zipf: float = 4.5
    """An unknown ORG/LOC made only of Hindi words at least this frequent is a common noun phrase and left out."""
    generic_plural_zipf: float = 3.0
    """An unknown ORG/LOC ending in a plural whose singular is at least this frequent is left out."""
    swept_word_zipf: float = 4.0
    """Words at least this frequent after a known name, swept into its span by the model, are cut off."""


def entity_label(label: str) -> str | None:
    """The linker's label (PERSON/ORG/LOC/DATE) for a recogniser label, case-insensitive ("per" -> PERSON,
    "GPE" -> LOC); None for a label it does not know (MISC, NORP, ""). Never raises."""
    return LABEL_ALIASES.get(label.upper())


@dataclass(slots=True)
class Resolution:
    """The entity a mention resolved to: English ``canonical`` name, ``label``, Wikidata ``kb_id`` (or None),
    ``entity_id`` (the kb_id, else a ``sam:`` id), ``score`` in 0..1 (multiplies the mention's confidence),
    ``source`` (the KB list: curated, country, state, city...; "date" or "unknown") and ``how`` (the strategy that
    resolved it, counted in ``Canonicalizer.stats``)."""

    canonical: str
    label: str
    kb_id: str | None
    entity_id: str
    score: float
    source: str = "unknown"  # KB source (curated, country, state, city), "date" or "unknown"
    how: str = "exact"  # which strategy resolved it (counted in Canonicalizer.stats)


@dataclass(slots=True)
class MentionState:
    """One mention of an article while the strategies resolve it.

    ``mention``: the span after boundary fixes (``spans.prepare``), offsets into the article text; ``label``: its
    working label (one of ``ENTITY_LABELS``; a strategy may change it to join a cluster, e.g. a surname NER tagged
    ORG joining a PERSON); ``key``: ``keys.mention_key`` of the surface (a strategy may set another mention's key to
    put both in one unknown-name cluster); ``resolved``: the entity once a strategy found one, else None;
    ``after_title``: a title word stands right before the mention in the text.
    """

    mention: Mention
    label: str
    key: str
    resolved: Resolution | None = None
    after_title: bool = False  # a title (डॉक्टर, श्री, Mr) stands right before the mention: "डॉक्टर ली" is a person

    @property
    def text(self) -> str:
        """The mention's surface."""
        return self.mention.text

    @property
    def kind(self) -> str:
        """The resolved entity's label if resolved, else the working label."""
        return self.resolved.label if self.resolved is not None else self.label
