"""Issue 12 training helpers: the vector text leaves the gold's articles out (training/build_vectors.py), and
training/with_model.py points the pipeline's own setting at the candidate model, not only the recogniser default."""

from __future__ import annotations

from pathlib import Path

import pytest

import services.config as config
from tests.unit.fake_corpora import write_fake_corpora
from training import build_vectors, with_model


def _corpora(root: Path) -> None:
    write_fake_corpora(
        root,
        {"AU-2020-APR-01.txt": "गोल्ड वाली ख़बर\n\nपहला अनुच्छेद।\n", "AU-2020-APR-02.txt": "दूसरी ख़बर\n\nदूसरा अनुच्छेद।\n"},
        ["पंक्ति शून्य", "पंक्ति एक"],
    )
    (root / "marathi-news" / "b1.txt").write_text("मराठी बातमी\n", encoding="utf-8")


def test_news_documents_leave_out_the_gold_ids(tmp_path: Path) -> None:
    _corpora(tmp_path)
    exclude = {"hindi-news/outlets-2020/AU-2020-APR-01.txt", "hindi-news/bbc-hindi/articles.csv#1", "marathi-news/b1.txt"}
    ids = [i for i, _ in build_vectors.news_documents(tmp_path, exclude)]
    assert ids == ["hindi-news/outlets-2020/AU-2020-APR-02.txt", "hindi-news/bbc-hindi/articles.csv#0"]


def test_line_key_ignores_spacing_zero_width_joiners_and_case() -> None:
    assert build_vectors.line_key("दूसरा  अनुच्छेद ।") == build_vectors.line_key("दूसरा\u200dअनुच्छेद।")
    assert build_vectors.line_key("BBC Hindi") == build_vectors.line_key("bbc hindi")


def test_with_model_points_the_nlp_settings_at_the_candidate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("config.cfg", "meta.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(config, "NlpSettings", config.NlpSettings)  # restored after the test
    monkeypatch.setenv("SAMACHAR_NLP__HI_MODEL", str(config.NlpSettings().hi_model))  # restored after the test
    with_model._point_settings_at(tmp_path)
    assert config.NlpSettings().hi_model == tmp_path  # what Pipeline() builds its recogniser from
    assert config.Settings().nlp.hi_model == tmp_path  # the service's settings
    assert config.NlpSettings(hi_model=config.NLP_DATA / "hi_ner").hi_model == config.NLP_DATA / "hi_ner"
