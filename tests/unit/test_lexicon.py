"""The per-language lexicon (services/nlp/lexicon.py): validated, and the one source of the recogniser's and the
linker's titles, letter names, months and organisation heads."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.nlp.linking import keys as linking_keys
from services.nlp.linking import roman as linking_roman
from services.nlp.linking.dates import iso_date
from services.nlp.entities import RULES_PATH, Rules
from services.nlp.entity_components import HindiDates
from services.nlp.lexicon import LANGUAGES, LanguageLexicon, lexicon, load, merged


def test_every_shipped_lexicon_validates() -> None:
    for language in LANGUAGES:
        assert isinstance(lexicon(language), LanguageLexicon)
    with pytest.raises(KeyError):
        lexicon("xx")


def test_a_misspelt_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "hi.yaml"
    path.write_text("titels: [श्री]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="titels"):
        load(path)


@pytest.mark.parametrize(
    "text",
    [
        "months:\n  13: [x]\n",
        "letter_names:\n  AB: [x]\n",
        "titles: [a]\ntitles_kept_in_keys: [b]\n",
        "org_heads: [a]\norg_heads_without_identity: [b]\n",
    ],
)
def test_lexicon_values_are_checked(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hi.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        load(path)


def test_recogniser_reads_the_hindi_lexicon() -> None:
    rules, hi = Rules(), lexicon("hi")
    assert rules.titles == set(hi.titles) and rules.org_heads == set(hi.org_heads)
    assert rules.acronym.fullmatch("केसीएनए") and rules.acronym.fullmatch("डबल्यूएचओ")
    assert [m.text for m in HindiDates(rules).find_in_text("23 अप्रेल 2020 को, सोमवार")][:2] == ["23 अप्रेल 2020", "सोमवार"]


def test_linker_reads_every_language() -> None:
    lex = merged()
    kept = {linking_keys.name_key(w) for w in lex.titles_kept_in_keys}
    assert {linking_keys.name_key(w) for w in lex.titles} - kept == linking_keys.TITLE_KEYS
    assert linking_keys.ORG_HEAD_KEYS == {linking_keys.name_key(w) for w in lex.org_heads_without_identity}
    assert linking_roman.LETTER_NAMES == lex.letter_names
    assert linking_roman.devanagari_acronym("आयआयटी") == "IIT"  # Marathi spelling of I
    for number, names in lex.months.items():
        for name in names:
            assert iso_date(f"{name} 2020") == f"2020-{number:02d}", name


def test_titles_kept_in_keys_stay_in_keys() -> None:
    assert linking_keys.mention_key("पोप लियो") == "पोप लियो"
    assert linking_keys.mention_key("राजदूत लियो") == "लियो"


def test_entity_rules_refuse_unknown_keys(tmp_path: Path) -> None:
    rules = tmp_path / "entity_rules.yaml"
    rules.write_text(RULES_PATH.read_text(encoding="utf-8") + "titles: [श्री]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="titles"):
        Rules(rules)
