"""Pipeline wiring: order of stages, per-record failure isolation, offsets check (stages replaced by small fakes
that satisfy the stage protocols of ``services.nlp.stages``), and ``Pipeline.from_config``."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from services.config import NlpSettings
from services.nlp import stages
from services.nlp.pipeline import Pipeline, PipelineItem
from services.nlp.types import CleanedText, Mention, StageError
from services.records import Entity, LanguageInfo, RawArticle


class Cleaner:
    version = "clean-fake"

    def clean(self, text: str | None = None, *, html: str | None = None, title: str | None = None) -> CleanedText:
        body = (text or html or "").strip()
        if body == "EMPTY":
            raise StageError("clean", "EmptyAfterCleaning", "nothing left")
        return CleanedText(text=body, title=title, input_chars=len(text or ""))


class Language:
    version = "lang-fake"

    def __init__(self) -> None:
        self.hints: list[str | None] = []

    def identify(self, text: str, hint: str | None = None) -> LanguageInfo:
        self.hints.append(hint)
        return LanguageInfo(code=hint or "hi", confidence=0.9)

    def identify_batch(self, texts: list[str], hints: list[str | None] | None = None) -> list[LanguageInfo]:
        return [self.identify(t, h) for t, h in zip(texts, hints or [None] * len(texts))]


class Recognizer:
    """Tags every 'Putin'; raises on the poison pill, also when called on a whole batch containing it."""

    version = "ner-fake"

    def extract(self, text: str, language: LanguageInfo | None = None) -> list[Mention]:
        if "POISON" in text:
            raise ValueError("model exploded")
        start = text.find("Putin")
        return [Mention("Putin", "PERSON", start, start + 5)] if start >= 0 else []

    def extract_batch(self, texts: list[str], languages: list[LanguageInfo] | None = None) -> list[list[Mention]]:
        return [self.extract(t) for t in texts]


class Linker:
    version = "kb-fake"

    def link(self, text: str, mentions: list[Mention], language: str | None = None) -> list[Entity]:
        return [Entity(text=m.text, label=m.label, start=m.start, end=m.end, canonical="Vladimir Putin",
                       kb_id="Q7747", entity_id="Q7747") for m in mentions]

    def link_batch(self, texts: list[str], mentions: list[list[Mention]], languages: list[str] | None = None) -> list[list[Entity]]:
        return [self.link(t, m) for t, m in zip(texts, mentions)]


class BadOffsetLinker(Linker):
    def link(self, text: str, mentions: list[Mention], language: str | None = None) -> list[Entity]:
        return [e.model_copy(update={"start": e.start + 1, "end": e.end + 1}) for e in super().link(text, mentions)]


# The fakes are stages in the type checker's eyes too (structural typing: no base class).
_FAKES: tuple[stages.Cleaner, stages.LanguageIdentifier, stages.EntityRecognizer, stages.EntityLinker] = (
    Cleaner(), Language(), Recognizer(), Linker()
)


def _pipeline(linker: stages.EntityLinker | None = None, observed: list | None = None,
              language: Language | None = None) -> Pipeline:
    return Pipeline(Cleaner(), language or Language(), Recognizer(), linker or Linker(),
                    observer=(lambda stage, s: observed.append(stage)) if observed is not None else None)


def _item(text: str, id_: str) -> PipelineItem:
    return PipelineItem(RawArticle(id=id_, text=text))


def test_poison_pill_fails_alone_and_rest_of_batch_is_enriched() -> None:
    observed: list[str] = []
    results = _pipeline(observed=observed).enrich_batch(
        [_item("Putin spoke.", "a"), _item("POISON Putin", "b"), _item("EMPTY", "c"), _item("No one.", "d")]
    )
    assert [type(r).__name__ for r in results] == ["EnrichedArticle", "StageError", "StageError", "EnrichedArticle"]
    assert (results[1].stage, results[1].error_type) == ("entities", "ValueError")
    assert (results[2].stage, results[2].error_type) == ("clean", "EmptyAfterCleaning")
    assert results[0].entities[0].canonical == "Vladimir Putin" and results[3].entities == []
    assert results[0].id == "a" and results[0].pipeline_version.count(";") == 5
    assert observed == ["clean", "language", "entities", "canonical"]


def test_entity_offsets_are_checked() -> None:
    [result] = _pipeline(BadOffsetLinker()).enrich_batch([_item("Putin spoke.", "a")])
    assert isinstance(result, StageError) and result.error_type == "BadOffsets"


def test_language_hint_reaches_the_language_stage() -> None:
    language = Language()
    items = [PipelineItem(RawArticle(id="a", text="Putin spoke.", language_hint="mr")), _item("No one.", "b")]
    results = _pipeline(language=language).enrich_batch(items)
    assert language.hints == ["mr", None]
    assert [r.language.code for r in results] == ["mr", "hi"]


def test_all_four_stages_or_none() -> None:
    with pytest.raises(TypeError, match="all four stages or none"):
        Pipeline(Cleaner(), Language(), Recognizer())


def test_stage_names_are_one_set() -> None:
    from services import metrics

    assert stages.STAGES == ("clean", "language", "entities", "canonical")
    assert set(stages.STAGES) <= set(stages.FAILURE_STAGES) == metrics.DLQ_STAGES
    assert metrics.STAGES == {*stages.STAGES, "record"}
    observed: list[str] = []
    _pipeline(observed=observed).enrich_batch([_item("Putin spoke.", "a")])
    assert tuple(observed) == stages.STAGES


PROTOCOL_OF = {
    "services.nlp.clean:Cleaner": stages.Cleaner,
    "services.nlp.language:LanguageIdentifier": stages.LanguageIdentifier,
    "services.nlp.entities:EntityRecognizer": stages.EntityRecognizer,
    "services.nlp.kb_mentions:KbAugmentedRecognizer": stages.EntityRecognizer,
    "services.nlp.linking.linker:Canonicalizer": stages.EntityLinker,
}


@pytest.mark.parametrize("target", sorted(PROTOCOL_OF))
def test_real_stages_keep_the_protocol_signatures(target: str) -> None:
    """No type checker runs in CI: the real classes' stage methods take the protocol's parameters, by name."""
    import importlib

    module, name = target.split(":")
    cls = getattr(importlib.import_module(module), name)
    protocol = PROTOCOL_OF[target]
    methods = [m for m in vars(protocol) if not m.startswith("_") and callable(getattr(protocol, m))]
    assert methods
    for method in methods:
        want = list(inspect.signature(getattr(protocol, method)).parameters.values())
        have = inspect.signature(getattr(cls, method)).parameters
        for param in want:
            assert param.name in have, f"{name}.{method} lacks parameter {param.name!r}"
            if param.default is not inspect.Parameter.empty:
                assert have[param.name].default == param.default, f"{name}.{method}({param.name}) default differs"


def test_from_config_builds_the_real_stages() -> None:
    from services.nlp.linking import Canonicalizer
    from services.nlp.clean import Cleaner as RuleCleaner
    from services.nlp.entities import EntityRecognizer
    from services.nlp.kb_mentions import KbAugmentedRecognizer
    from services.nlp.language import LanguageIdentifier

    nlp = NlpSettings(language_min_words=4, language_hint_weight=0.5)
    pipeline = Pipeline.from_config(nlp)
    assert isinstance(pipeline.cleaner, RuleCleaner) and isinstance(pipeline.canonicalizer, Canonicalizer)
    assert isinstance(pipeline.language, LanguageIdentifier)
    assert (pipeline.language.min_words, pipeline.language.hint_weight) == (4, 0.5)
    recognizer = pipeline.recognizer
    assert isinstance(recognizer, KbAugmentedRecognizer) and isinstance(recognizer.recognizer, EntityRecognizer)
    assert recognizer.recognizer.hi_model_path == nlp.hi_model and pipeline.canonicalizer.kb_dir == nlp.kb_dir

    plain = Pipeline.from_config(NlpSettings(kb_names=False))
    assert isinstance(plain.recognizer, EntityRecognizer)
    assert type(Pipeline().recognizer) is KbAugmentedRecognizer  # Pipeline() = the default configuration


def test_from_config_honours_the_rule_files(tmp_path: Path) -> None:
    from services.nlp.entities import RULES_PATH

    rules = tmp_path / "entity_rules.yaml"
    rules.write_text(RULES_PATH.read_text(encoding="utf-8").replace("person_roles: [", "person_roles: [समाचारपति, ", 1), "utf-8")
    cleaning = tmp_path / "cleaning_rules.yaml"
    cleaning.write_text("version: test-7\n", encoding="utf-8")
    pipeline = Pipeline.from_config(NlpSettings(entity_rules=rules, cleaning_rules=cleaning, kb_names=False))
    assert "समाचारपति" in pipeline.recognizer.rules.person_roles  # type: ignore[attr-defined]
    assert pipeline.cleaner.version.startswith("clean-rules-test-7")


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        # real outlet text (Dainik Jagran, 2020): a ZWJ after the virama, as the outlet's CMS writes most conjuncts
        ("पानीपत की धूपसिंह नगर निवासी महिला पांच दिन पहले दिल्\u200dली मदरसे से बेटे को लेकर आई थी ।", ("LOC", "Delhi"), None),
        (
            "छत्\u200dतीसगढ़ में मुख्\u200dयमंत्री भूपेश बघेल ने बैठक में फैसला लिया कि राज्\u200dय के सभी स्\u200dकूलों को बंद करा दिया जाए ।",
            ("LOC", "Chhattisgarh"),
            ("PERSON", "Rajya"),
        ),
    ],
)
def test_words_written_with_joiners_are_read_as_without(text: str, wanted: tuple[str, str], unwanted: tuple[str, str] | None) -> None:
    found = {(e.label, e.canonical) for e in Pipeline().enrich_texts([text])[0].entities}
    assert wanted in found, found
    assert unwanted not in found, found
