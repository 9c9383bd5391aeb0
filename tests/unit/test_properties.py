"""Property tests: arbitrary text and bytes through every NLP stage and the payload parser.

Contract checked (README, ``services/nlp/types.py``): a stage either returns its result or raises the documented
``StageError`` -- nothing else escapes -- and every offset points into the text it describes
(``text[start:end] == surface``). Bounded (``max_examples``) and derandomized, so CI is deterministic; explicit
``@example``s pin inputs that once broke something.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from services.nlp.types import Mention, StageError
from services.payload import parse_raw_article
from services.records import EnrichedArticle, LanguageInfo, RawArticle

# Deeper on demand: SAMACHAR_PROPERTY_EXAMPLES=5000 SAMACHAR_PROPERTY_RANDOM=1 pytest tests/unit/test_properties.py
EXAMPLES = int(os.environ.get("SAMACHAR_PROPERTY_EXAMPLES", "150"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("SAMACHAR_PROPERTY_RANDOM"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LABELS = ["PERSON", "ORG", "LOC", "DATE", "GPE", "PER", "MISC", "organization", ""]

# Pieces that make random text look like (broken) scraped news: scripts, marks, joiners, markup, dates.
FRAGMENTS = [
    "नरेंद्र मोदी", "व्लादिमीर पुतिन", "नई दिल्ली", "उत्तर कोरिया", "संयुक्त राष्ट्र", "13 सितंबर 2023", "।", "॥",
    "श्री", "डॉ.", "Vladimir Putin", "New Delhi", "Mr. Kim", "NATO", "U.S.", "12/09/2023", "Sept. 13, 2023",
    "க்ஷ", "习近平", "Путин", "بوتين", "\u200d", "\u200c", "\u094d", "\u093c", "\ufeff", "\u00ad", "\u2028", "\u0301",
    "<p>", "</p>", "<script>x</script>", "&nbsp;", "&amp;", "[link](http://x.in/a)", "![img](a.png)", "#टैग",
    "https://abplive.com/news", "@handle", "\n\n", "\n", "\t", "\r\n", " ", "  ", ".", ",", "(", ")", "\"", "'",
    "—", "…", "🙂", "👨‍👩‍👧", "0", "१२३", "Ⅻ", "ﬁ", "\x00", "\x07", "\x1b[0m", "{", "}", "[1, 2]", "क़", "क़",
]
structured_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)
any_text = st.text(max_size=400) | structured_text
BOM_PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]


@lru_cache(maxsize=1)
def _stages() -> tuple:
    from services.nlp.pipeline import Pipeline

    # What production runs: the default NlpSettings (KB-name recogniser around the models, shipped rules and data).
    pipeline = Pipeline.from_config()
    return pipeline.cleaner, pipeline.language, pipeline.recognizer, pipeline.canonicalizer, pipeline


def _check_spans(text: str, spans: list, what: str) -> None:
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), f"{what} {span!r} outside text of {len(text)} chars"
        assert text[span.start:span.end] == span.text, f"{what} {span!r} is not at its offsets in {text!r}"


@PROPERTY
@given(text=any_text, as_html=st.booleans())
@example(text="\x00", as_html=False)
@example(text="<html><body></body></html>", as_html=True)
def test_cleaner_returns_text_or_stage_error(text: str, as_html: bool) -> None:
    cleaner = _stages()[0]
    try:
        cleaned = cleaner.clean(None, html=text) if as_html else cleaner.clean(text)
    except StageError as err:
        assert err.stage == "clean" and err.error_type and err.message
        return
    assert isinstance(cleaned.text, str) and cleaned.text.strip()
    assert cleaned.input_chars >= 0 and all(v >= 0 for v in cleaned.removed.values())


@PROPERTY
@given(text=any_text)
def test_language_segments_stay_inside_the_text(text: str) -> None:
    language = _stages()[1]
    try:
        info = language.identify(text)
    except StageError as err:
        assert err.stage == "language"
        return
    assert 0.0 <= info.confidence <= 1.0 and info.code
    previous_end = 0
    for seg in info.segments:
        assert previous_end <= seg.start <= seg.end <= len(text), (seg, len(text))
        previous_end = seg.end
    if info.segments:  # documented: contiguous and covering the whole text
        assert info.segments[0].start == 0 and info.segments[-1].end == len(text)
        assert all(a.end == b.start for a, b in zip(info.segments, info.segments[1:]))


@PROPERTY
@given(text=any_text)
@example(text="श्री नरेंद्र मोदी ने 13 सितंबर 2023 को Vladimir Putin से मुलाकात की।")
def test_entity_offsets_point_into_the_text(text: str) -> None:
    _, language, recognizer, _, _ = _stages()
    info = _language_or_none(language, text)
    try:
        mentions = recognizer.extract(text, info)
    except StageError as err:
        assert err.stage == "entities"
        return
    _check_spans(text, mentions, "mention")
    assert all(m.label in ("PERSON", "ORG", "LOC", "DATE") for m in mentions), mentions


@st.composite
def text_with_mentions(draw: st.DrawFn) -> tuple[str, list[Mention]]:
    """Any text with any spans of it as mentions (any label, overlapping allowed): what a model could emit."""
    text = draw(any_text.filter(bool))
    mentions = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 40)))
        mentions.append(Mention(text=text[start:end], label=draw(st.sampled_from(LABELS)), start=start, end=end,
                                confidence=draw(st.floats(0, 1))))
    return text, mentions


@PROPERTY
@given(case=text_with_mentions())
@example(case=("पुतिन और पुतिन", [Mention("पुतिन", "PERSON", 0, 5), Mention("पुतिन", "PERSON", 9, 14)]))
@example(case=("।", [Mention("।", "PERSON", 0, 1, confidence=0.0)]))  # found by hypothesis: canonical was ''
def test_canonical_entities_keep_their_offsets(case: tuple[str, list[Mention]]) -> None:
    text, mentions = case
    canonicalizer = _stages()[3]
    try:
        entities = canonicalizer.link(text, mentions)
    except StageError as err:
        assert err.stage == "canonical"
        return
    _check_spans(text, entities, "entity")
    for ent in entities:
        assert ent.canonical.strip() and ent.entity_id and ent.label in ("PERSON", "ORG", "LOC", "DATE"), ent


@PROPERTY
@given(texts=st.lists(any_text.filter(str.strip), min_size=1, max_size=4))
def test_pipeline_returns_one_result_per_text(texts: list[str]) -> None:
    """Any batch of valid articles (RawArticle refuses blank text, so blank text never reaches the pipeline)."""
    pipeline = _stages()[4]
    results = pipeline.enrich_texts(texts)  # must not raise, whatever the input
    assert len(results) == len(texts)
    for result in results:
        if isinstance(result, StageError):
            assert result.stage and result.error_type and result.message
            continue
        assert isinstance(result, EnrichedArticle)
        _check_spans(result.text, result.entities, "entity")
        for seg in result.language.segments:
            assert 0 <= seg.start <= seg.end <= len(result.text)


@PROPERTY
@given(prefix=st.sampled_from(BOM_PREFIXES), body=st.binary(max_size=600), key=st.none() | st.binary(max_size=20))
@example(prefix=b"\xff\xfe", body=b"\x00\xd8", key=None)
@example(prefix=b"", body=b"{\"text\": \"\\ud800\"}", key=b"k")
def test_payload_parser_never_raises_anything_else(prefix: bytes, body: bytes, key: bytes | None) -> None:
    _check_parse(prefix + body, key)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
envelope_fields = st.sampled_from(["id", "text", "html", "url", "source", "title", "published_at", "language_hint",
                                   "source_file", "extra"])


@PROPERTY
@given(obj=st.dictionaries(envelope_fields, json_values | any_text, max_size=6), indent=st.none() | st.integers(0, 2))
def test_payload_parser_on_arbitrary_envelopes(obj: dict, indent: int | None) -> None:
    _check_parse(json.dumps(obj, indent=indent, ensure_ascii=False).encode("utf-8"), None)


@PROPERTY
@given(text=any_text, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_text_round_trips_through_the_parser(text: str, codec: str) -> None:
    """Valid text in an accepted encoding is never rejected as an encoding error, and is kept exactly."""
    if text.startswith("\ufeff"):
        return  # a leading BOM character is taken as the encoding mark (documented: "BOM tolerated")
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    try:
        article = parse_raw_article(data, b"key", max_bytes=1 << 20)
    except StageError as err:
        assert err.error_type in ("EmptyPayload", "BinaryPayload", "InvalidEnvelope"), err.message
        return
    if not text.lstrip().startswith("{"):
        assert article.text == text and article.id == "key"


def _check_parse(data: bytes, key: bytes | None) -> None:
    try:
        article = parse_raw_article(data, key, max_bytes=4096)
    except StageError as err:
        assert err.stage in ("decode", "validate") and err.error_type and err.message
        return
    assert isinstance(article, RawArticle) and article.id
    assert (article.text and article.text.strip()) or (article.html and article.html.strip())


def _language_or_none(language: object, text: str) -> LanguageInfo | None:
    try:
        return language.identify(text)  # type: ignore[attr-defined]
    except StageError:
        return None


@pytest.mark.parametrize("text", ["\x00" * 3, "\u200b\u200c\u200d", "\ufeff", "<p></p>", "[](http://x)", "#टैग #टैग", "।।।"])
def test_degenerate_inputs_give_stage_errors_not_crashes(text: str) -> None:
    results = _stages()[4].enrich_texts([text])
    assert len(results) == 1 and isinstance(results[0], (StageError, EnrichedArticle))
