"""Pipeline wiring: order of stages, per-record failure isolation, offsets check (stages replaced by small fakes)."""

from __future__ import annotations

from services.nlp.pipeline import Pipeline, PipelineItem
from services.nlp.types import CleanedText, Mention, StageError
from services.records import Entity, LanguageInfo, RawArticle


class Cleaner:
    version = "clean-fake"

    def clean(self, text: str | None, *, html: str | None = None, title: str | None = None) -> CleanedText:
        body = (text or html or "").strip()
        if body == "EMPTY":
            raise StageError("clean", "EmptyAfterCleaning", "nothing left")
        return CleanedText(text=body, title=title, input_chars=len(text or ""))


class Language:
    version = "lang-fake"

    def identify(self, text: str) -> LanguageInfo:
        return LanguageInfo(code="hi", confidence=0.9)

    def identify_batch(self, texts: list[str]) -> list[LanguageInfo]:
        return [self.identify(t) for t in texts]


class Recognizer:
    """Tags every 'Putin'; raises on the poison pill, also when called on a whole batch containing it."""

    version = "ner-fake"

    def extract(self, text: str, language: LanguageInfo | None = None) -> list[Mention]:
        if "POISON" in text:
            raise ValueError("model exploded")
        start = text.find("Putin")
        return [Mention("Putin", "PERSON", start, start + 5)] if start >= 0 else []

    def extract_batch(self, texts: list[str], languages: list[LanguageInfo]) -> list[list[Mention]]:
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


def _pipeline(linker: object | None = None, observed: list | None = None) -> Pipeline:
    return Pipeline(Cleaner(), Language(), Recognizer(), linker or Linker(),
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
