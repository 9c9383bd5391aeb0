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
    put both in one unknown-name cluster); ``resolved``: the entity once a strategy found one, else None.
    """

    mention: Mention
    label: str
    key: str
    resolved: Resolution | None = None

    @property
    def text(self) -> str:
        """The mention's surface."""
        return self.mention.text

    @property
    def kind(self) -> str:
        """The resolved entity's label if resolved, else the working label."""
        return self.resolved.label if self.resolved is not None else self.label
