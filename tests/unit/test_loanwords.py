"""English words written in Devanagari inside names (services/nlp/loanwords.py, issue 14)."""

from __future__ import annotations

import pytest

from services.nlp.linking import Canonicalizer
from services.nlp.loanwords import EnglishLoanwords, devanagari_phones, skeleton_of, vowel_cost
from services.nlp.types import Mention


@pytest.fixture(scope="module")
def loans() -> EnglishLoanwords:
    return EnglishLoanwords.default()


@pytest.mark.parametrize(
    "word, english",
    [
        ("फोर्ब्स", "Forbes"),  # real news: a plural /z/ written स
        ("एअरलाइन्स", "Airlines"),  # real Marathi news
        ("मोटर्स", "Motors"),
        ("इंडियन", "Indian"),  # य a glide after ि
        ("मलेरिया", "Malaria"),
        ("एयरपोर्ट", "Airport"),  # ... after े
        ("डायरेक्टर", "Director"),  # ाय the diphthong of "di-"
    ],
)
def test_glides_diphthongs_and_plurals_are_read_as_english_writes_them(loans: EnglishLoanwords, word: str, english: str) -> None:
    assert loans.english(word) == english


@pytest.mark.parametrize(
    "word, english",
    [
        ("एक्सप्रेस", "Express"),  # "एर्नाकुलम एक्सप्रेस": unstressed IH written े
        ("एक्सचेंज", "Exchange"),
        ("बैंक", "Bank"),  # NG before K written with anusvara
        ("बँक", "Bank"),  # Marathi: chandrabindu after a consonant is the "a" of "bank" (common in Marathi news)
        ("ऑर्केस्ट्रा", "Orchestra"),  # "बवेरियन स्टेट ऑर्केस्ट्रा": a final schwa written ा
        ("प्लाज्मा", "Plasma"),
        ("कांफ्रेस", "Conference"),  # "हुर्रियत कांफ्रेस": "-ence" without its nasal
        ("काउन्सिल", "Council"),  # ाउ for "ou", न्स for "ns"
    ],
)
def test_common_hindi_and_marathi_spellings_of_english_words(loans: EnglishLoanwords, word: str, english: str) -> None:
    assert loans.english(word) == english


@pytest.mark.parametrize("word", ["किराना", "कुराना", "नवादा", "मांगा", "मांगे", "कमरा"])
def test_hindi_words_ending_in_aa_stay_hindi(loans: EnglishLoanwords, word: str) -> None:
    """grocery, a surname, a district, "asked", "demands", room: Hindi words of the news corpus that a final ा read
    as an English schwa (or ंग as "ng") would turn into "Corona", "Nevada", "Manga", "camera"."""
    assert loans.english(word) is None


@pytest.mark.parametrize("word", ["मांस", "बाजार", "पलायन", "कायनात", "माचिस", "रायपुर", "स्‍थान"])
def test_hindi_words_are_not_read_through_a_glide_or_plural(loans: EnglishLoanwords, word: str) -> None:
    """meat, market, exodus, universe, matchbox, a city, place: Hindi words that the readings above must not turn
    into "manage", "bizarre", "plan", "cannot", "matches", "rapper" or "stone"."""
    assert loans.english(word) is None


@pytest.mark.parametrize(
    "word, english",
    [
        ("एसोसिएशन", "Association"),
        ("इन्वेस्टिगेशन", "Investigation"),  # too rare in the news to be in any list: matched by sound
        ("सिक्योरिटी", "Security"),
        ("फाउंडेशन", "Foundation"),
        ("सेंटर", "Centre"),  # British spelling, as the Indian press writes
        ("पुलिस", "Police"),
        ("नॅशनल", "National"),  # common in Marathi news, but ॅ is an English vowel ("Nashnal Pension Scheme")
        ("रिलायन्स", "Reliance"),  # common in Marathi news, four consonants
    ],
)
def test_english_words_in_devanagari(loans: EnglishLoanwords, word: str, english: str) -> None:
    assert loans.english(word) == english


@pytest.mark.parametrize(
    "word",
    [
        "आर्थिक",  # "arctic": far more common in Hindi than its look-alike in English
        "जनता",  # "Janet": the vowels differ
        "लोगों",  # a Hindi plural ending
        "बस्ती",  # "busty": the name of a place and a Hindi word (स्थ / names)
        "फक्त",  # a common Marathi word ("only")
        "परत",  # a common Marathi word ("back"), not "Perth"
        "मात्र",  # a common Marathi word ("but"), not "matter"
        "टीम",  # two consonants: team or time?
        "राम",  # a name
    ],
)
def test_hindi_and_marathi_words_stay_hindi(loans: EnglishLoanwords, word: str) -> None:
    assert loans.english(word) is None


def test_sound_classes() -> None:
    assert devanagari_phones("टीम") == ["t", "I", "m", "ə"]
    assert devanagari_phones("team") is None
    assert skeleton_of(devanagari_phones("सेंटर") or []) == "s n t r"
    with pytest.raises(ValueError):
        vowel_cost(["t", "I", "m"], ["t", "I"])


def test_names_take_the_english_words_of_the_press() -> None:
    canon = Canonicalizer().load()
    text = "मुंबई स्कूल स्पोर्ट्स एसोसिएशन ने बुधवार को बैठक की।"
    surface = "मुंबई स्कूल स्पोर्ट्स एसोसिएशन"
    ents = canon.link(text, [Mention(surface, "ORG", 0, len(surface), 0.9, "hi-model")])
    assert [e.canonical for e in ents] == ["Mumbai School Sports Association"]  # was "Mumbai School Sports Esosieshan"


def test_a_lone_look_alike_stays_romanised() -> None:
    # one English-looking word and nothing else English in the name: not enough to read it as English
    canon = Canonicalizer().load()
    text = "समेत गांव में मेला लगा।"
    ents = canon.link(text, [Mention("समेत", "LOC", 0, 4, 0.9, "hi-model")])
    assert all(e.canonical != "Summit" for e in ents)


@pytest.mark.parametrize(
    "surface, canonical",
    [
        ("उलेमा काउन्सिल", "Ulema Council"),  # real output was "Ulema Kaunsil"
        ("हुर्रियत कांफ्रेस", "Hurriyat Conference"),  # was "Hurriyat Kamfres"
        ("रेड क्रॉस सोसाइटी", "Red Cross Society"),  # the KB's Red Cross and the head (was "Red Cross", head cut off)
    ],
)
def test_an_english_head_in_devanagari_is_written_in_english(surface: str, canonical: str) -> None:
    """One English word is enough when it is an organisation's head (``head_labels``): "Council", "Conference"."""
    canon = Canonicalizer().load()
    text = f"मौलाना ने कहा कि {surface} इस फैसले का विरोध करेगी।"
    start = text.index(surface)
    ents = canon.link(text, [Mention(surface, "ORG", start, start + len(surface), 0.9, "hi-model")])
    assert [e.canonical for e in ents] == [canonical]


@pytest.mark.parametrize(
    "sentence, surface, canonical",
    [
        # BBC Hindi (the MH370 story): "Argenaizeshan" (-isation said -aiz-, the CMU table has -əz-) and "Eyer" (एयर
        # has too few consonants to be read alone; beside other English words it is "Air")
        (
            "लंदन से संचालित कंपनी इंटरनेशनल कमर्शियल एविएशन ऑर्गेनाइजेशन (आईसीएओ) के तत्वावधान में संगोष्ठी हो रही है.",
            "इंटरनेशनल कमर्शियल एविएशन ऑर्गेनाइजेशन",
            "International Commercial Aviation Organisation",
        ),
        (
            "आईसीएओ और इंटरनेशनल एयर ट्रांसपोर्ट एसोसिएशन (आईएटीओ) उड़ानों की स्थिति में सुधार के लिए प्रयास कर रहे हैं.",
            "इंटरनेशनल एयर ट्रांसपोर्ट एसोसिएशन",
            "International Air Transport Association",
        ),
        # BBC Hindi: "Instityoot Af Janomikse And" (British /tju:/ in ट्यू; the CMU table has /tu:/)
        (
            "दिल्ली स्थित इंस्टिट्यूट ऑफ़ जेनोमिक्स एंड इंटिग्रेटिव बायोलॉजी के निदेशक ने बात स्वीकार की.",
            "इंस्टिट्यूट ऑफ़ जेनोमिक्स एंड इंटिग्रेटिव बायोलॉजी",
            "Institute of Genomics and Integrative Biology",
        ),
    ],
)
def test_english_words_as_indian_english_says_them(sentence: str, surface: str, canonical: str) -> None:
    from services.nlp.pipeline import Pipeline

    orgs = [e.canonical for e in Pipeline().enrich_texts([sentence])[0].entities if e.label == "ORG"]
    assert any(name.split()[:2] == canonical.split()[:2] for name in orgs), orgs  # the first words, at least


@pytest.mark.parametrize("word, english", [("एडवांस्ड", "Advanced"), ("बेस्ड", "Based"), ("इंस्टीट्यूशन", "Institution")])
def test_past_participles_and_british_yod(loans: EnglishLoanwords, word: str, english: str) -> None:
    assert loans.english(word) == english  # "-स्ड" is "-sed" (never "best"), "ट्यू" the British /tju:/


def test_short_words_are_english_only_beside_english_words(loans: EnglishLoanwords) -> None:
    assert loans.english("एयर") is None  # alone too ambiguous
    assert loans.english("एयर", among_english=True) == "Air"  # not "are": a schwa fits any written vowel


def test_an_initialism_in_a_name_stays_an_initialism() -> None:
    # BBC Hindi (the Al-Madinah school story): "Bbc Radio Derby" (the pronunciation table holds "bbc" as a word)
    from services.nlp.pipeline import Pipeline

    text = 'ब्रितानी प्रधानमंत्री डेविड कैमरन ने बीबीसी रेडियो डर्बी को कहा, "अगर वो तुरंत कदम नहीं उठाते हैं तो इसे बंद कर देना चाहिए.'
    orgs = [e.canonical for e in Pipeline().enrich_texts([text])[0].entities if e.label == "ORG"]
    assert "BBC Radio Derby" in orgs, orgs
