"""EntityRecognizer on seed-like sentences: labels, exact offsets, Latin runs, batching, rules."""

from __future__ import annotations

import pytest

from services.nlp.entities import EntityRecognizer, Rules, english_spans, latin_runs, resolve_overlaps
from services.nlp.entity_components import HindiDates, RoleNames
from services.nlp.types import Mention
from services.records import LanguageInfo, LanguageSegment

SEED_SENTENCES = [
    "रूसी राष्ट्रपति व्लादिमीर पुतिन ने किम जोंग उन के न्यौते को स्वीकार कर लिया है।",
    "उत्तर कोरिया के नेता किम जोंग उन रूस की यात्रा पर हैं।",
    "पुतिन ने बुधवार को मॉस्को में कहा कि रूस उत्तर कोरिया की मदद करेगा।",
    "उत्तर कोरिया की सरकारी समाचार एजेंसी केसीएनए ने बताया कि किम जोंग उन मॉस्को पहुंचे।",
    "क्रेमलिन के प्रवक्ता दमित्री पेस्कोव ने बताया कि पुतिन और किम जोंग उन ने बंदूकें भेंट कीं।",
]


@pytest.fixture(scope="module")
def recognizer() -> EntityRecognizer:
    return EntityRecognizer()


@pytest.fixture(scope="module")
def seed_mentions(recognizer: EntityRecognizer) -> list[list[Mention]]:
    return recognizer.extract_batch(SEED_SENTENCES)


def found(mentions: list[Mention], label: str) -> set[str]:
    return {m.text for m in mentions if m.label == label}


def test_persons(seed_mentions: list[list[Mention]]) -> None:
    assert "व्लादिमीर पुतिन" in found(seed_mentions[0], "PERSON")
    assert "पुतिन" in found(seed_mentions[2], "PERSON")
    assert "किम जोंग उन" in found(seed_mentions[1], "PERSON")
    assert "दमित्री पेस्कोव" in found(seed_mentions[4], "PERSON")


def test_model_alone_without_gazetteer() -> None:
    """The statistical model (no curated names) still finds the core entities of the seeds."""
    bare = EntityRecognizer(exclude={"samachar_gazetteer"})
    assert "samachar_gazetteer" not in bare.hi.pipe_names
    mentions = bare.extract_batch(SEED_SENTENCES)
    assert all(m.source != "gazetteer" for ms in mentions for m in ms)
    assert "व्लादिमीर पुतिन" in found(mentions[0], "PERSON")
    assert {"उत्तर कोरिया", "रूस"} <= found(mentions[1], "LOC")
    assert "मॉस्को" in found(mentions[2], "LOC")
    assert "केसीएनए" in found(mentions[3], "ORG")


def test_locations(seed_mentions: list[list[Mention]]) -> None:
    assert {"उत्तर कोरिया", "रूस"} <= found(seed_mentions[1], "LOC")
    assert {"मॉस्को", "रूस", "उत्तर कोरिया"} <= found(seed_mentions[2], "LOC")


def test_acronym_and_kremlin_are_org(seed_mentions: list[list[Mention]]) -> None:
    # केसीएनए is an agency (ORG). क्रेमलिन, used for the Russian presidency, is ORG as in OntoNotes/HiNER use.
    assert "केसीएनए" in found(seed_mentions[3], "ORG")
    assert "क्रेमलिन" in found(seed_mentions[4], "ORG") | found(seed_mentions[4], "LOC")


def test_hindi_date_rule(seed_mentions: list[list[Mention]]) -> None:
    assert "बुधवार" in found(seed_mentions[2], "DATE")


def test_offsets_exact_sorted_and_disjoint(seed_mentions: list[list[Mention]]) -> None:
    for text, mentions in zip(SEED_SENTENCES, seed_mentions, strict=True):
        assert mentions, text
        for m in mentions:
            assert text[m.start : m.end] == m.text
            assert m.label in {"PERSON", "ORG", "LOC", "DATE"}
        starts = [m.start for m in mentions]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_latin_run_inside_hindi_goes_to_english(recognizer: EntityRecognizer) -> None:
    text = "रूस के राष्ट्रपति Vladimir Putin ने कहा कि बातचीत अच्छी रही।"
    mentions = recognizer.extract(text)
    putin = [m for m in mentions if m.text == "Vladimir Putin"]
    assert putin and putin[0].label == "PERSON" and putin[0].source == "en-model"
    assert text[putin[0].start : putin[0].end] == "Vladimir Putin"


def test_language_segments_are_used(recognizer: EntityRecognizer) -> None:
    text = "बैठक में Vladimir Putin मौजूद थे।"
    start = text.index("Vladimir")
    segments = [
        LanguageSegment(start=0, end=start, code="hi", script="Deva"),
        LanguageSegment(start=start, end=start + len("Vladimir Putin"), code="en", script="Latn"),
        LanguageSegment(start=start + len("Vladimir Putin"), end=len(text), code="hi", script="Deva"),
    ]
    mentions = recognizer.extract(text, LanguageInfo(code="hi", confidence=0.9, segments=segments))
    assert any(m.text == "Vladimir Putin" and m.label == "PERSON" for m in mentions)


def test_english_text(recognizer: EntityRecognizer) -> None:
    text = "Vladimir Putin met Kim Jong Un in Moscow on Wednesday."
    mentions = recognizer.extract(text, LanguageInfo(code="en", confidence=0.99))
    assert found(mentions, "PERSON") >= {"Vladimir Putin"}
    assert "Moscow" in found(mentions, "LOC")
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_empty_and_blank_text(recognizer: EntityRecognizer) -> None:
    assert recognizer.extract("") == []
    assert recognizer.extract("   \n ") == []
    assert recognizer.extract_batch([]) == []


def test_batch_equals_singles(recognizer: EntityRecognizer, seed_mentions: list[list[Mention]]) -> None:
    assert [recognizer.extract(t) for t in SEED_SENTENCES] == seed_mentions


def test_batch_rejects_mismatched_languages(recognizer: EntityRecognizer) -> None:
    with pytest.raises(ValueError):
        recognizer.extract_batch(["a", "b"], [LanguageInfo(code="en", confidence=1.0)])


def test_tag_tokens_bio(recognizer: EntityRecognizer) -> None:
    tokens = ["रूसी", "राष्ट्रपति", "व्लादिमीर", "पुतिन", "ने", "मॉस्को", "में", "कहा", "है।"]
    tags = recognizer.tag_tokens([tokens])[0]
    assert len(tags) == len(tokens)
    assert tags[2:4] == ["B-PERSON", "I-PERSON"]
    assert tags[5] == "B-LOCATION"
    assert tags[-1] == "O"


def test_version(recognizer: EntityRecognizer) -> None:
    assert recognizer.version.startswith("hi_ner-") and "+en_core_web_sm-" in recognizer.version


def test_rules_acronyms_and_dates() -> None:
    rules = Rules()
    assert rules.acronym_label("एनएचके") == "ORG"
    assert rules.acronym_label("बीबीसी") == "ORG"
    assert rules.acronym_label("यूके") == "LOC"
    assert rules.acronym_label("एक") is None
    assert rules.acronym_label("भारत") is None
    text = "23 जुलाई 2000 को और सन 1947 में, फिर मार्च निकला और 5000 लोग आए।"
    dates = {m.text for m in resolve_overlaps(HindiDates(rules).find_in_text(text))}
    assert dates == {"23 जुलाई 2000", "1947"}


def test_latin_runs_and_segments() -> None:
    text = "पुतिन (Vladimir Putin) ने 2019 में कहा"
    runs = latin_runs(text)
    assert [text[r.start : r.end] for r in runs] == ["Vladimir Putin"]
    assert english_spans(text, LanguageInfo(code="hi", confidence=1.0)) == runs


def test_resolve_overlaps_prefers_longest() -> None:
    a = Mention("किम जोंग उन", "PERSON", 0, 11, 0.85, "hi-model")
    b = Mention("किम", "PERSON", 0, 3, 0.9, "rule")
    c = Mention("रूस", "LOC", 20, 23, 0.85, "hi-model")
    assert resolve_overlaps([c, b, a]) == [a, c]


def test_role_rule_names_unknown_person_after_role_noun() -> None:
    """A name no model knows, right after a role noun, is a PERSON; common words and numbers after one are not."""
    import spacy

    rules = Rules()
    nlp = spacy.blank("hi")

    def names(text: str, covered: set[int] = frozenset()) -> list[tuple[str, str]]:
        return [(m.text, m.source) for m in RoleNames(rules).find(nlp(text), set(covered))]

    assert names("श्रीलंका के रक्षा सचिव गोताबाया राजपक्षे ने बीबीसी से कहा") == [("गोताबाया राजपक्षे", "role-rule")]
    assert names("अगले बल्लेबाज जैकब ओरम भी जल्दी आउट हुए") == [("जैकब ओरम", "role-rule")]
    # Ranks HiNER keeps inside the span start it.
    assert names("जनरल स्टैनली मैक्रिस्टल ने कहा") == [("जनरल स्टैनली मैक्रिस्टल", "role-rule")]
    # A common word, a number or a Latin token after the role is not a name; nor is a run that does not end.
    assert names("प्रवक्ता ने कहा कि सरकार काम करेगी") == []
    assert names("नेता मैदान में हैं") == []
    assert names("मंत्री 2019 में आए") == []
    assert names("एक प्रमुख active ज्वालामुखी है") == []
    assert names("सचिव गोताबाया राजपक्षे बीबीसी इंटरव्यू दिया") == []
    # Tokens a model entity already covers are left to the model.
    doc_tokens = [t.text for t in nlp("रक्षा सचिव गोताबाया राजपक्षे ने कहा")]
    assert names("रक्षा सचिव गोताबाया राजपक्षे ने कहा", {doc_tokens.index("गोताबाया")}) == []
    # Roles learned from real news start a name of two words or more (real news, Amar Ujala: the district magistrate
    # "आंद्रा वामसी" was missed); a learned word that is no role leaves one word alone ("रेड क्रॉस की टीम").
    assert names("इसके बाद जिलाधिकारी आंद्रा वामसी ने अधिकारियों के साथ बैठक की") == [("आंद्रा वामसी", "role-rule")]
    assert names("नवादा में रेड क्रॉस की टीम पहुंची") == []


def test_org_head_after_model_org_joins_the_name() -> None:
    """A model ORG followed by a generic head (पार्टी, समूह) is extended over it; a LOC before सरकार is not."""
    import spacy
    from spacy.tokens import Span as SpacySpan

    recognizer = EntityRecognizer()
    nlp = spacy.blank("hi")
    doc = nlp("डीएमडीके पार्टी ने रूस सरकार से बात की")
    doc.ents = [SpacySpan(doc, 0, 1, label="ORG"), SpacySpan(doc, 3, 4, label="LOC")]
    mentions = {(m.text, m.label) for m in recognizer.candidates(doc)}
    assert ("डीएमडीके पार्टी", "ORG") in mentions
    assert ("रूस", "LOC") in mentions and not any(text.startswith("रूस ") for text, _ in mentions)


def test_edge_particles_are_trimmed_and_particle_only_spans_dropped() -> None:
    """Marathi text through the Hindi model: "अमित शाह आणि" is Amit Shah; "यांनी" alone is no one."""
    import spacy
    from spacy.tokens import Span as SpacySpan

    recognizer = EntityRecognizer()
    doc = spacy.blank("hi")("अमित शाह आणि राहुल गांधी यांनी सांगितले")
    doc.ents = [SpacySpan(doc, 0, 3, label="PERSON"), SpacySpan(doc, 5, 6, label="PERSON")]
    mentions = [(m.text, m.label) for m in recognizer.candidates(doc)]
    assert mentions == [("अमित शाह", "PERSON")]


def test_latin_text_that_is_not_english_skips_the_english_model() -> None:
    """Romanised Hindi and German are Latin script but not English: the English model would tag "jari hai" as a
    PERSON. Known names in them are still found by the knowledge base (KbAugmentedRecognizer)."""
    from services.nlp.entities import EntityRecognizer, looks_english

    assert not looks_english("Corona ke marij badhe, Lucknow mein lockdown jari hai aur police ne kaha")
    assert not looks_english("Die Polizei in Berlin sagte am Montag, dass die Ausgangssperre weitergeht")
    assert looks_english("The police in Lucknow said the lockdown will continue")
    assert looks_english("Narendra Modi")
    found = EntityRecognizer().extract("Corona ke marij badhe, Lucknow mein lockdown jari hai aur police ne kaha ki sab theek hai")
    assert not [m for m in found if m.source == "en-model"]


# -- issue 11: long texts (item 4) and line breaks (item 5) ---------------------------------------------------------


def test_english_text_over_a_million_characters_is_tagged(recognizer: EntityRecognizer) -> None:
    """Failed before with spaCy's E088 (text longer than nlp.max_length): the models read chunks, never max_length."""
    para = "Prime Minister Narendra Modi met President Joe Biden in Washington on Monday. The talks covered trade. "
    text = (para * (1_000_001 // len(para) + 1))[:1_000_001]
    assert len(text) > recognizer.en.max_length
    mentions = recognizer.extract(text, LanguageInfo(code="en", confidence=0.99))
    assert all(text[m.start : m.end] == m.text for m in mentions)
    tail = [m for m in mentions if m.start > 990_000]
    assert {"Narendra Modi", "Washington"} <= {m.text for m in tail}
    assert recognizer.en.max_length == 1_000_000  # never raised


def test_hindi_text_over_a_million_characters_is_tagged(recognizer: EntityRecognizer) -> None:
    """One line without a break, longer than nlp.max_length: cut at sentence ends, offsets into the whole text."""
    sentence = "प्रधानमंत्री नरेंद्र मोदी ने सोमवार को मुंबई का दौरा किया। "
    text = (sentence * (1_000_001 // len(sentence) + 1))[:1_000_001]
    assert "\n" not in text and len(text) > recognizer.hi.max_length
    mentions = recognizer.extract(text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert "मुंबई" in {m.text for m in mentions if m.start > 990_000 and m.label == "LOC"}
    assert recognizer.hi.max_length == 1_000_000


def test_chunks_end_at_line_breaks_and_sentence_ends() -> None:
    from services.nlp.entities import chunk_spans, line_spans

    text = "पहली पंक्ति\n\n  दूसरी पंक्ति। और वाक्य।\r\nतीसरी"
    assert [text[s.start : s.end] for s in line_spans(text)] == ["पहली पंक्ति", "दूसरी पंक्ति। और वाक्य।", "तीसरी"]
    assert [text[s.start : s.end] for s in chunk_spans(text)] == [text.strip()]
    chunks = chunk_spans(text, max_chars=25)
    assert all(s.end - s.start <= 25 for s in chunks)
    assert [text[s.start : s.end] for s in chunks] == ["पहली पंक्ति", "दूसरी पंक्ति। और वाक्य।", "तीसरी"]
    long_line = "यह एक वाक्य है। " * 100
    pieces = [long_line[s.start : s.end] for s in chunk_spans(long_line, max_chars=100)]
    assert all(len(p) <= 100 and p.endswith("।") for p in pieces)
    assert " ".join(pieces) == long_line.strip()
    no_space = "क" * 250
    assert [(s.start, s.end) for s in chunk_spans(no_space, max_chars=100)] == [(0, 100), (100, 200), (200, 250)]


def test_entity_never_spans_a_line_break(recognizer: EntityRecognizer) -> None:
    """The issue's example gave the LOC "जलभराव\\n": a headline without a danda is its own sentence."""
    text = "बारिश से जलभराव\nदिल्ली में रविवार सुबह बारिश हुई"
    mentions = recognizer.extract(text)
    assert all("\n" not in m.text for m in mentions)
    assert all(m.end <= 15 or m.start >= 16 for m in mentions)
    assert "दिल्ली" in found(mentions, "LOC")
    assert "जलभराव" not in {m.text for m in mentions}  # waterlogging, not a place: the headline is its own sentence


MULTI_LINE_TEXTS = [
    "बारिश से जलभराव\nदिल्ली में रविवार सुबह बारिश हुई",
    "रोहतक-कटिहार 4.30 बजे\nसूरत-गया 11.30 बजे\nनई दिल्ली-मुजफ्फरपुर सुबह 9.30 बजे\nजालंधर कैंट-मुजफ्फरपुर शाम 5.15 बजे",
    "प्रधानमंत्री नरेंद्र\nमोदी ने कहा\n\nराष्ट्रपति जो\nबाइडन वॉशिंगटन में",
    "पुलिस अधीक्षक\nराजेश कुमार ने बताया\nकेसीएनए\nउत्तर कोरिया\nकी समाचार एजेंसी है।",
    "Prime Minister Narendra\nModi met Joe\nBiden in New\nDelhi on Monday.\r\nThe Reserve Bank of\nIndia said so.",
    "रूस के राष्ट्रपति व्लादिमीर\nपुतिन और Kim Jong\nUn ने मॉस्को\nमें मुलाकात की\u2028अमेरिका\u2029चीन",
    "दिल्ली\nमुंबई\nकोलकाता\nचेन्नई\nबेंगलुरु\nहैदराबाद",
]


@pytest.mark.parametrize("text", MULTI_LINE_TEXTS)
def test_property_no_mention_contains_a_line_break(recognizer: EntityRecognizer, text: str) -> None:
    for variant in (text, text.replace("\n", "\n\n"), text.replace("\n", " \n ")):
        for m in recognizer.extract(variant):
            assert variant[m.start : m.end] == m.text
            assert not any(c in m.text for c in "\n\r\u2028\u2029"), m


# -- issue 13 item 4: the rules are spaCy components, one pipeline per script ---------------------------------------


def test_pipelines_are_the_declared_components_in_order(recognizer: EntityRecognizer) -> None:
    from services.nlp.entities import RESOLVER, SCRIPT_PIPELINES

    for script, nlp in (("Deva", recognizer.hi), ("Latn", recognizer.en)):
        assert nlp.pipe_names[0] == "samachar_line_breaks"
        assert nlp.pipe_names[-len(SCRIPT_PIPELINES[script]) - 1 :] == [*SCRIPT_PIPELINES[script], RESOLVER]
    doc = recognizer.hi("रूसी राष्ट्रपति व्लादिमीर पुतिन ने बुधवार को मॉस्को में कहा।")
    assert doc._.samachar_mentions == resolve_overlaps(doc._.samachar_candidates)
    assert {m.source for m in doc._.samachar_candidates} >= {"hi-model", "gazetteer", "rule"}


def test_a_new_rule_is_one_component_with_its_own_source() -> None:
    """A component declares its source's confidence and rank; nothing else needs an entry (no KeyError)."""
    from services.nlp.entities import RESOLVER
    from services.nlp.entity_components import CONFIDENCE, SOURCE_RANK, RuleComponent, Source, entity_component

    @entity_component("samachar_test_weekend")
    class Weekend(RuleComponent):
        source = Source("test-weekend", confidence=0.6, rank=4)
        honours_skip = False

        def find(self, doc, covered):  # type: ignore[no-untyped-def]
            return [self.source.mention(doc.text, t.idx, t.idx + len(t.text), "DATE") for t in doc if t.text == "सप्ताहांत"]

    assert (CONFIDENCE["test-weekend"], SOURCE_RANK["test-weekend"]) == (0.6, 4)
    with pytest.raises(ValueError):
        Source("test-weekend", confidence=0.9, rank=4)  # one source, one confidence
    recognizer = EntityRecognizer()
    recognizer.hi.add_pipe("samachar_test_weekend", before=RESOLVER)
    found = recognizer.extract("सप्ताहांत पर दिल्ली में बारिश हुई।")
    assert ("सप्ताहांत", "DATE", "test-weekend") in {(m.text, m.label, m.source) for m in found}


def test_routing_follows_the_language_segments(recognizer: EntityRecognizer) -> None:
    """The language stage's segments decide which pipeline reads a text; without them the script does."""
    from services.nlp.entities import reads_devanagari

    text = "मुंबई में बारिश हुई।"
    marathi = LanguageInfo(code="mr", confidence=0.9, segments=[LanguageSegment(start=0, end=len(text), code="mr")])
    latin_only = LanguageInfo(code="en", confidence=0.9, segments=[LanguageSegment(start=0, end=len(text), code="en", script="Latn")])
    assert reads_devanagari(text, None) and reads_devanagari(text, LanguageInfo(code="hi", confidence=1.0))
    assert reads_devanagari(text, marathi)  # no script given: Marathi is written in Devanagari
    assert not reads_devanagari(text, latin_only)
    assert "मुंबई" in found(recognizer.extract(text, marathi), "LOC")
    assert recognizer.extract(text, latin_only) == []
