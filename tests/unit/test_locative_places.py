"""Indian towns the model missed, found by their context and the KB (services/nlp/locative_places.py)."""

from __future__ import annotations

import pytest

from services.nlp.linking import Canonicalizer
from services.nlp.locative_places import locative_places


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return Canonicalizer().kb


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("उसे बांसी में महामाया कालेज में क्वारंटीन किया गया।", "बांसी"),  # real news: the model found nothing
        ("वह तिलहर में रहता है।", "तिलहर"),  # invented, same kind: a town the KB knows only as Tilhar
    ],
)
def test_a_rare_word_before_a_place_word_that_romanises_to_an_indian_town_is_a_place(kb, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    assert [(m.text, m.label) for m in locative_places(text, [], kb)] == [(place, "LOC")]


@pytest.mark.parametrize(
    "text",
    [
        "लॉकडाउन में लोग घरों में रहे।",  # a loanword is no town
        "मरीज को आइसोलेशन में रखा गया।",
        "सुनीता में बहुत हिम्मत है।",  # a given name
        "वह तिलहर का रहने वाला है।",  # no place word next to it (का is too common)
    ],
)
def test_no_place_without_context_town_or_for_common_words(kb, text: str) -> None:  # type: ignore[no-untyped-def]
    assert locative_places(text, [], kb) == []


def test_words_already_found_are_left_alone(kb) -> None:  # type: ignore[no-untyped-def]
    from services.nlp.types import Mention

    text = "वह तिलहर में रहता है।"
    found = [Mention("तिलहर", "PERSON", 3, 8, 0.9, "hi-model")]
    assert locative_places(text, found, kb) is found
