"""KB names the model missed are added; the model's own spans win where they overlap, unless a known name contains them."""

from __future__ import annotations

from services.nlp.linking import Canonicalizer
from services.nlp.kb_mentions import KbAugmentedRecognizer
from services.nlp.types import Mention


class FixedRecognizer:
    version = "fixed"

    def __init__(self, found: list[Mention]) -> None:
        self.found = found

    def extract(self, text: str, language: object = None) -> list[Mention]:
        return list(self.found)

    def extract_batch(self, texts: list[str], languages: object = None) -> list[list[Mention]]:
        return [list(self.found) for _ in texts]


KB = Canonicalizer().kb
TEXT = "अमेरिकी राष्ट्रपति डोनाल्ड ट्रंप ने यूक्रेन पर बयान दिया।"


def test_adds_kb_names_the_model_missed() -> None:
    rec = KbAugmentedRecognizer(FixedRecognizer([]), lambda: KB)
    found = {TEXT[m.start:m.end] for m in rec.extract(TEXT)}
    assert "यूक्रेन" in found
    assert any("ट्रंप" in f for f in found)
    assert rec.version == "fixed+kb-names"


def test_model_span_wins_on_overlap_and_order_is_by_offset() -> None:
    start = TEXT.index("ट्रंप")
    model = Mention("ट्रंप ने", "PERSON", start, start + len("ट्रंप ने"), 0.5, "hi-model")  # not inside the KB name
    [mentions] = KbAugmentedRecognizer(FixedRecognizer([model]), lambda: KB).extract_batch([TEXT])
    assert model in mentions
    assert not any(m.source != "hi-model" and m.start < model.end and model.start < m.end for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(TEXT[m.start:m.end] == m.text for m in mentions)


def test_known_full_name_replaces_a_model_span_cut_short() -> None:
    """"डोनाल्ड" (PERSON) inside the KB name "डोनाल्ड ट्रंप" becomes the full name; so do other fragments inside it."""
    start = TEXT.index("डोनाल्ड")
    first = Mention("डोनाल्ड", "PERSON", start, start + len("डोनाल्ड"), 0.5, "hi-model")
    second_start = TEXT.index("ट्रंप")
    fragment = Mention("ट्रंप", "LOC", second_start, second_start + len("ट्रंप"), 0.5, "hi-model")
    mentions = KbAugmentedRecognizer(FixedRecognizer([first, fragment]), lambda: KB).extract(TEXT)
    assert first not in mentions and fragment not in mentions
    assert ("डोनाल्ड ट्रंप", "PERSON") in {(m.text, m.label) for m in mentions}


def test_an_all_capital_acronym_that_spells_a_stop_word_is_found_as_written() -> None:
    """Real news (Dainik Jagran, Geneva): "WHO" in a Hindi headline was found by nothing (its key "who" is an English
    stop word, so the gazetteer skipped the alias); the English words "who" stay no name."""
    rec = KbAugmentedRecognizer(FixedRecognizer([]), lambda: KB)
    text = "कोविड-19: यह मान लेना भारी भूल होगी कि गर्मी में खत्म हो जाएगा कोरोना वायरस, WHO ने दी चेतावनी"
    assert [(m.text, m.label) for m in rec.extract(text)] == [("WHO", "ORG")]
    assert rec.extract("He asked who said it, and Who knows.") == []
