"""A spaCy component that writes each word's Hindi frequency band into ``Token.tag_`` ("zipf0".."zipf8").

Why: the Hindi NER model has no pretrained vectors, so a word it never saw in training is just a hash to it. How
common the word is in Hindi at large (wordfreq's Zipf scale, from billions of words) tells a rare name
("राजपक्षे", Zipf 0) from an ordinary word ("सरकार", 6.2). The tok2vec layer embeds ``TAG`` next to NORM /
PREFIX / SUFFIX / SHAPE (the pipeline has no tagger; spaCy's ``Doc.to_array`` offers no free lexeme slot). Registered on import: ``services.nlp.entities`` imports this module before loading the
model, and training passes it to ``spacy train --code``.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "samachar_zipf_band"


_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d"))


def hindi_zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in Hindi (0 = unseen, ~7 = the commonest); its list loads on first use.

    The one place that asks wordfreq: the entity rules and the canonicaliser's generic-phrase check use it too.
    Zero-width joiners are left out first: some outlets write them inside conjuncts ("राज्‍य", "स्‍वास्‍थ्‍य"), which
    only changes how the word is drawn, and wordfreq would count "राज्‍य" (3.9) apart from "राज्य" (5.7).
    """
    from wordfreq import zipf_frequency

    return zipf_frequency(word.translate(_JOINERS), "hi")


@lru_cache(maxsize=200_000)
def zipf_band(text: str) -> str:
    """"zipf" + the word's Zipf frequency in Hindi rounded down ("zipf0" = unseen / rare, "zipf7" = the commonest)."""
    return f"zipf{int(hindi_zipf(text))}"


@Language.component(COMPONENT)
def set_zipf_band(doc: Doc) -> Doc:
    """spaCy component: set each token's ``tag_`` to its Hindi frequency band (``zipf0``..``zipf7``); returns ``doc``."""
    for token in doc:
        token.tag_ = zipf_band(token.text)
    return doc
