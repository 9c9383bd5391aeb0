"""Per-language vocabulary shared by the recogniser and the linker: ``data/lexicon/{hi,mr,ne,en}.yaml``.

Why: titles, spelled-out letter names, month names and organisation heads used to exist twice, once in the
recogniser's ``entity_rules.yaml`` and once as constants in the linker (now ``linking.keys``, ``linking.roman``,
``linking.dates``), with different contents. Each list now exists once per language, in data, read through a pydantic
model that forbids unknown keys (a misspelt key is an error at load, not a silently empty list).

The recogniser's Devanagari rules read the Hindi file (``lexicon("hi")``); the linker reads every language
(``merged()``). ``linking.yaml`` beside these files is the linker's learned name/role lexicon
(``services/nlp/name_lexicon.py``), a different thing.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.nlp import data_dirs

LEXICON_DIR: Final = data_dirs.SHIPPED_LEXICON_DIR  # the shipped files; loaders read data_dirs.lexicon_dir()
LANGUAGES: Final = ("hi", "mr", "ne", "en")  # file names; merged() keeps this order (first spelling wins)

Words = tuple[str, ...]


class LanguageLexicon(BaseModel):
    """One language's vocabulary file. Every field is optional (a language lists what it has); unknown keys raise
    ``pydantic.ValidationError``. Words are written as they appear in text (the linker folds them with name_key)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    titles: Words = Field((), description="titles/honorifics before a name, no identity of their own")
    titles_kept_in_keys: Words = Field((), description="titles the linker keeps in keys (part of KB names)")
    honorifics: Words = Field(
        (), description="abbreviated honorifics that only stand before a name (डॉ, श्री): never a name's last word"
    )
    letter_names: dict[str, Words] = Field({}, description="Latin letter (A-Z) -> spellings, preferred first")
    months: dict[int, Words] = Field({}, description="month number (1-12) -> spellings")
    weekdays: Words = Field((), description="names of the days of the week")
    org_heads: Words = Field((), description="generic heads of organisation names")
    org_heads_without_identity: Words = Field((), description="heads the linker may drop to find an ORG")
    name_case_endings: Words = Field(
        (), description="case endings the linker takes off the last word of an unknown name before naming it"
    )
    disease_names: Words = Field(
        (), description="names of diseases and epidemics (कोरोना, डेंगू): common nouns, never an entity of their own"
    )
    weather_terms: Words = Field(
        (), description="weather and natural-disaster words (तूफान, पश्चिमी विक्षोभ, बाढ़): common nouns, never an entity"
    )
    common_acronyms: Words = Field(
        (), description="initialisms that are common nouns, not organisations (PPE, OPD, ICU, FIR): in Latin letters"
    )
    person_cues: Words = Field(
        (), description="words that follow a person's name and nothing else (Marathi honorific यांनी, यांचा): the "
        "name words right before one are a PERSON"
    )
    phrase_final_endings: Words = Field(
        (), description="case endings glued to the last word of a noun phrase (Marathi च्या, मुळे): a word inside a "
        "name never carries one"
    )

    @field_validator("letter_names")
    @classmethod
    def _letters(cls, value: dict[str, Words]) -> dict[str, Words]:
        bad = sorted(k for k in value if k not in string.ascii_uppercase or len(k) != 1)
        if bad:
            raise ValueError(f"letter_names keys must be single letters A-Z, not {bad}")
        return value

    @field_validator("months")
    @classmethod
    def _month_numbers(cls, value: dict[int, Words]) -> dict[int, Words]:
        bad = sorted(k for k in value if not 1 <= k <= 12)
        if bad:
            raise ValueError(f"months keys must be 1..12, not {bad}")
        return value

    @model_validator(mode="after")
    def _subsets(self) -> LanguageLexicon:
        for subset, of in (("titles_kept_in_keys", "titles"), ("org_heads_without_identity", "org_heads")):
            missing = sorted(set(getattr(self, subset)) - set(getattr(self, of)))
            if missing:
                raise ValueError(f"{subset} must also be listed in {of}: {missing}")
        return self

    @property
    def month_words(self) -> Words:
        """Every month spelling of this language, in file order."""
        return tuple(w for number in sorted(self.months) for w in self.months[number])


def load(path: Path) -> LanguageLexicon:
    """Read and validate one lexicon file; raises ``ValueError`` naming the file (pydantic's message inside)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return LanguageLexicon.model_validate(data)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise ValueError(f"{path}: {exc}") from exc


@cache
def lexicon(language: str) -> LanguageLexicon:
    """The lexicon of ``language`` (one of ``LANGUAGES``) from the configured lexicon directory
    (``data_dirs.lexicon_dir()``, loaded once per process); ``KeyError`` for another language."""
    if language not in LANGUAGES:
        raise KeyError(f"no lexicon for language {language!r} (have {', '.join(LANGUAGES)})")
    return load(data_dirs.lexicon_dir() / f"{language}.yaml")


@cache
def merged() -> LanguageLexicon:
    """All languages' lexicons in one (lists concatenated in ``LANGUAGES`` order, duplicates dropped): the linker's
    view, which folds names whatever language the article is in."""
    lexicons = [lexicon(lang) for lang in LANGUAGES]

    def union(field: str) -> Words:
        return tuple(dict.fromkeys(w for lex in lexicons for w in getattr(lex, field)))

    def union_map(field: str) -> dict[Any, Words]:
        out: dict[Any, Words] = {}
        for lex in lexicons:
            for key, words in getattr(lex, field).items():
                out[key] = tuple(dict.fromkeys((*out.get(key, ()), *words)))
        return out

    return LanguageLexicon(
        titles=union("titles"),
        titles_kept_in_keys=union("titles_kept_in_keys"),
        letter_names=union_map("letter_names"),
        months=union_map("months"),
        weekdays=union("weekdays"),
        org_heads=union("org_heads"),
        org_heads_without_identity=union("org_heads_without_identity"),
        disease_names=union("disease_names"),
        weather_terms=union("weather_terms"),
        common_acronyms=union("common_acronyms"),
    )
