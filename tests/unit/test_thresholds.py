"""The linker's and the entity rules' tuning values are settings (SAMACHAR_NLP__LINKER_*, __RECOGNISER_*): the
defaults are the tuned values, and a configured value reaches the stages and changes what they do."""

from __future__ import annotations

import dataclasses

import pytest

from services.config import NlpSettings, Settings
from services.nlp.entities import EntityRecognizer
from services.nlp.entity_components import RecogniserThresholds
from services.nlp.linking import Canonicalizer
from services.nlp.linking.filters import is_generic_phrase
from services.nlp.linking.state import LinkerThresholds
from services.nlp.pipeline import Pipeline
from services.nlp.types import Mention


def test_the_settings_defaults_are_the_constructors_defaults() -> None:
    nlp = NlpSettings()
    for thresholds, prefix in ((LinkerThresholds(), "linker_"), (RecogniserThresholds(), "recogniser_")):
        for field in dataclasses.fields(thresholds):
            assert getattr(nlp, prefix + field.name) == getattr(thresholds, field.name), field.name


def test_configured_thresholds_reach_the_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMACHAR_NLP__LINKER_IN_ARTICLE_JOIN", "95")
    monkeypatch.setenv("SAMACHAR_NLP__RECOGNISER_HEAD_NAME_MAX_ZIPF", "2.5")
    pipeline = Pipeline.from_config(Settings().nlp)
    assert pipeline.canonicalizer.thresholds == LinkerThresholds(in_article_join=95.0)  # type: ignore[attr-defined]
    models = getattr(pipeline.recognizer, "recognizer", pipeline.recognizer)
    assert models.thresholds == RecogniserThresholds(head_name_max_zipf=2.5)


def test_a_stricter_fuzzy_threshold_leaves_a_misspelt_name_unknown() -> None:
    surface = "दमित्रि पेसकौव"
    mention = [Mention(surface, "PERSON", 0, len(surface))]
    assert Canonicalizer().link(surface, mention)[0].canonical == "Dmitry Peskov"
    strict = Canonicalizer(thresholds=LinkerThresholds(fuzzy_threshold=100.0, roman_fuzzy_threshold=100.0))
    entity = strict.link(surface, mention)[0]
    assert entity.kb_id is None and entity.canonical != "Dmitry Peskov"


def test_the_generic_zipf_decides_a_common_phrase() -> None:
    assert is_generic_phrase("केंद्र सरकार", "ORG")
    assert not is_generic_phrase("केंद्र सरकार", "ORG", zipf=9.0)


def test_the_head_name_zipf_decides_a_name_before_a_head() -> None:
    text = "मरीज को सफदरजंग अस्पताल भेजा गया।"
    found = {m.text for m in EntityRecognizer().extract(text)}
    assert "सफदरजंग अस्पताल" in found
    strict = EntityRecognizer(thresholds=RecogniserThresholds(head_name_max_zipf=0.0))
    assert "सफदरजंग अस्पताल" not in {m.text for m in strict.extract(text)}
