"""NER mentions plus knowledge-base names the model missed (ट्रम्प, यूक्रेन, Tesla).

The statistical model's recall on people and organisations is its weak side; the KB knows thousands of
spellings of well-known entities. A KB-name mention is added where the model found nothing (the model's
spans win on overlap, which measured best in ``benchmarks/entity_quality.py --gazetteer add``), and replaces a
model span of the same label that it contains (the model cut a known name short: "किम" of "किम यो जोंग").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from services.nlp.institutions import institution_mentions
from services.nlp.locative_places import locative_places
from services.nlp.types import Mention
from services.records import LanguageInfo


class KbAugmentedRecognizer:
    """Wraps an entity recogniser; ``kb_provider`` returns the linker's KnowledgeBase (loaded lazily)."""

    def __init__(self, recognizer: object, kb_provider: Callable[[], object]) -> None:
        self.recognizer = recognizer
        self._kb_provider = kb_provider
        self._gazetteer: object | None = None

    @property
    def version(self) -> str:
        """The wrapped recogniser's version with ``+kb-names``."""
        return f"{getattr(self.recognizer, 'version', type(self.recognizer).__name__)}+kb-names"

    def _finder(self):  # type: ignore[no-untyped-def]
        if self._gazetteer is None:
            from services.nlp.linking.gazetteer import Gazetteer

            self._gazetteer = Gazetteer(self._kb_provider())  # type: ignore[arg-type]
        return self._gazetteer

    def _augment(self, text: str, found: list[Mention], language: LanguageInfo | None = None) -> list[Mention]:
        marathi = language is not None and language.code == "mr"  # names carry glued case endings: पाकिस्तानसह
        names = self._finder().find(text, glued_case_endings=marathi)  # type: ignore[attr-defined]
        # A known full name that contains a shorter model span of the same label replaces it: the model cut it short
        # ("किम" of "किम यो जोंग"). Any other overlap keeps the model's span. Both lists are sorted and free of
        # overlaps (resolve_overlaps, Gazetteer.find), so each name looks only at the mentions near it (bisect):
        # linear in the article, not names x mentions.
        found = sorted(found, key=lambda m: (m.start, m.end))
        starts = [m.start for m in found]

        def inside(g: Mention) -> list[Mention]:
            return found[bisect_left(starts, g.start) : bisect_left(starts, g.end)]

        longer = [
            g for g in names
            if any(g.label == m.label and m.end <= g.end and g.end - g.start > m.end - m.start for m in inside(g))
        ]
        # ... together with every other fragment inside it ("Ursula von der" PERSON + "Leyen" LOC).
        dropped = {id(m) for g in longer for m in inside(g) if m.end <= g.end}
        kept = [m for m in found if id(m) not in dropped]
        extended = len(kept) < len(found)
        kept_starts = [m.start for m in kept]

        def overlaps_kept(g: Mention) -> bool:
            k = bisect_left(kept_starts, g.end) - 1  # the last kept mention starting before g ends
            return k >= 0 and kept[k].end > g.start

        extra = [g for g in names if not overlaps_kept(g)]
        merged = sorted(kept + extra, key=lambda m: (m.start, m.end)) if extra or extended else found
        merged = locative_places(text, merged, self._kb_provider())  # "बांसी में": towns the KB knows in English
        return institution_mentions(text, merged)  # "रांची पुलिस": a place with an organisation's head after it

    def extract(self, text: str, language: LanguageInfo | None = None) -> list[Mention]:
        """The wrapped recogniser's mentions in ``text`` plus KB names it missed (character offsets
        into ``text``); raises what the wrapped recogniser or the KB loading raises."""
        return self._augment(text, self.recognizer.extract(text, language), language)  # type: ignore[attr-defined]

    def extract_batch(self, texts: list[str], languages: list[LanguageInfo] | None = None) -> list[list[Mention]]:
        """``extract`` for each text, the wrapped recogniser run once over the batch: one list of
        mentions per text, same order. ``languages``, if given, must be as long as ``texts`` (``ValueError``)."""
        found = self.recognizer.extract_batch(texts, languages)  # type: ignore[attr-defined]
        langs = list(languages) if languages is not None else [None] * len(texts)
        return [self._augment(t, m, lang) for t, m, lang in zip(texts, found, langs)]
