"""The entity linker: mentions in, entities with a canonical English name, Wikidata id and stable id out.

Modules, in the order a mention meets them:

* ``keys``: fold spellings into comparable keys (``name_key``, ``mention_key``, ``skeleton``);
* ``kb``: the knowledge base on disk and its indexes (``KnowledgeBase``, loaded once);
* ``state``: the per-mention record the steps share (``MentionState``, ``Resolution``) and the labels;
* ``spans``: mention boundaries and labels before resolution (place pairs, role words, swept-in words);
* ``candidates``: KB lookups for a key and label, exact or approximate, cached (``Candidates``);
* ``strategies``: the ordered resolution steps (``STRATEGIES``);
* ``naming``: names and ``sam:`` ids of entities the KB does not know (``stable_id``, ``initials``);
* ``roman``: readable Roman spelling of Devanagari names (``romanise``), spelled-out initialisms;
* ``filters``: drop rules for resolved mentions that are not names (``FILTERS``);
* ``linker``: ``Canonicalizer``, the stage (``link``, ``link_batch``);
* ``dates`` (ISO form of DATE mentions) and ``gazetteer`` (KB names in running text, for the recogniser).

The names below are importable from the package itself (``from services.nlp.linking import Canonicalizer``);
they are loaded on first access, so importing ``linking.keys`` alone stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Canonicalizer": "linker",
    "KnowledgeBase": "kb",
    "KBEntry": "kb",
    "Gazetteer": "gazetteer",
    "MentionState": "state",
    "Resolution": "state",
    "STRATEGIES": "strategies",
    "FILTERS": "filters",
    "is_generic_phrase": "filters",
    "is_nameless": "spans",
    "stable_id": "naming",
    "initials": "naming",
    "iso_date": "dates",
    "name_key": "keys",
    "mention_key": "keys",
    "skeleton": "keys",
    "romanise": "roman",
    "devanagari_acronym": "roman",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from services.nlp.linking.dates import iso_date
    from services.nlp.linking.filters import FILTERS, is_generic_phrase
    from services.nlp.linking.gazetteer import Gazetteer
    from services.nlp.linking.kb import KBEntry, KnowledgeBase
    from services.nlp.linking.keys import mention_key, name_key, skeleton
    from services.nlp.linking.linker import Canonicalizer
    from services.nlp.linking.naming import initials, stable_id
    from services.nlp.linking.roman import devanagari_acronym, romanise
    from services.nlp.linking.spans import is_nameless
    from services.nlp.linking.state import MentionState, Resolution
    from services.nlp.linking.strategies import STRATEGIES


def __getattr__(name: str) -> Any:
    """Load an exported name from its module on first access; ``AttributeError`` for any other name."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
