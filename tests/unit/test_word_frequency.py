"""The frequency-band component the Hindi NER config can embed (services/nlp/word_frequency.py)."""

from __future__ import annotations

import spacy

from services.nlp.word_frequency import COMPONENT, zipf_band


def test_rare_names_and_common_words_fall_in_different_bands() -> None:
    assert zipf_band("राजपक्षे") == "zipf0"
    assert zipf_band("सरकार") == "zipf6"
    assert zipf_band("ने") > zipf_band("मंत्रालय") > zipf_band("गोताबाया")


def test_component_sets_a_band_on_every_token() -> None:
    nlp = spacy.blank("hi")
    nlp.add_pipe(COMPONENT)
    doc = nlp("रक्षा सचिव गोताबाया राजपक्षे ने कहा")
    assert [t.tag_ for t in doc][2:4] == ["zipf0", "zipf0"]
    assert all(t.tag_.startswith("zipf") for t in doc)


def test_zero_width_joiners_inside_a_word_do_not_change_its_frequency() -> None:
    # real news (Dainik Jagran) writes "राज्‍य", "स्‍वास्‍थ्‍य" with U+200D; the linker made LOC "Rajya" of the first
    from services.nlp.word_frequency import hindi_zipf

    assert hindi_zipf("राज्\u200dय") == hindi_zipf("राज्य") > 5
    assert hindi_zipf("स्\u200dवास्\u200dथ्\u200dय") == hindi_zipf("स्वास्थ्य")
