"""The NER training data augmentation (training/prepare.py): well-formed BIO, labels kept, names drawn from the pool."""

from __future__ import annotations

from training.prepare import augment, entity_phrases, kb_names

SENTENCES = [
    [("मोदी", "B-PERSON"), ("ने", "O"), ("दिल्ली", "B-LOCATION"), ("में", "O"), ("कहा", "O")],
    [("भारतीय", "B-ORGANIZATION"), ("रिज़र्व", "I-ORGANIZATION"), ("बैंक", "I-ORGANIZATION"), ("ने", "O"), ("कहा", "O")],
    [("बारिश", "O"), ("हुई", "O")],
]


def _well_formed(sentence: list[tuple[str, str]]) -> bool:
    prev = "O"
    for _, tag in sentence:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            return False
        prev = tag
    return True


def test_copies_keep_context_and_labels_and_skip_entity_free_sentences() -> None:
    out = augment(SENTENCES, copies=3, seed=1)
    assert len(out) == 6  # 2 sentences with PERSON/ORG x 3 copies; the one without entities is not copied
    for s in out:
        assert _well_formed(s)
        assert s[-1] == ("कहा", "O")
        assert {label for _, label, _ in entity_phrases(s)} <= {"PERSON", "LOC", "ORG"}


def test_extra_names_enter_the_pool() -> None:
    extra = {"PERSON": [("अनन्या", "बिड़ला")] * 50}
    out = augment(SENTENCES, copies=5, seed=2, extra_names=extra)
    persons = {phrase for s in out for phrase, label, _ in entity_phrases(s) if label == "PERSON"}
    assert ("अनन्या", "बिड़ला") in persons


def test_same_seed_same_output_and_off_by_default() -> None:
    assert augment(SENTENCES, 2, 7) == augment(SENTENCES, 2, 7)
    assert augment(SENTENCES, 2, 7) == augment(SENTENCES, 2, 7, extra_names=None, recombine=0.0)


def test_kb_names_are_devanagari_person_and_org_aliases() -> None:
    names = kb_names()
    assert set(names) <= {"PERSON", "ORG"} and names["PERSON"] and names["ORG"]
    assert all(any("\u0900" <= ch <= "\u097f" for ch in "".join(n)) for n in names["PERSON"][:200])


def test_learning_curve_subset_keeps_the_first_fraction(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """training/learning_curve.py trains on the first N % of the (already shuffled) train split, in order."""
    import spacy
    from spacy.tokens import DocBin

    from training.learning_curve import subset
    from training.prepare import to_doc

    vocab = spacy.blank("hi").vocab
    sentences = [[(f"शब्द{i}", "O"), ("दिल्ली", "B-LOCATION")] for i in range(8)]
    DocBin(docs=[to_doc(vocab, s) for s in sentences]).to_disk(tmp_path / "train.spacy")
    assert subset(tmp_path / "train.spacy", 0.25, tmp_path / "quarter.spacy") == 2
    docs = list(DocBin().from_disk(tmp_path / "quarter.spacy").get_docs(vocab))
    assert [d[0].text for d in docs] == ["शब्द0", "शब्द1"]
    assert [(e.text, e.label_) for e in docs[0].ents] == [("दिल्ली", "LOC")]
