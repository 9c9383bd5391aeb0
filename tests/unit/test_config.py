"""Settings: the NLP section from the environment, defaults that match the modules, one-line errors at start-up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services import cli
from services.config import ConfigError, NlpSettings, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_nlp_defaults_are_the_shipped_data_the_modules_load() -> None:
    from services.nlp import clean, entities, language, name_lexicon, name_romaniser
    from services.nlp.linking import kb as linking_kb

    nlp = Settings().nlp
    assert nlp.hi_model.resolve() == entities.DEFAULT_HI_MODEL.resolve()
    assert nlp.entity_rules.resolve() == entities.RULES_PATH.resolve()
    assert nlp.cleaning_rules.resolve() == clean.DEFAULT_RULES.resolve()
    assert nlp.kb_dir.resolve() == linking_kb.DEFAULT_KB_DIR.resolve()
    assert nlp.lexicon_dir.resolve() == name_lexicon.LEXICON_DIR.resolve()
    assert nlp.romaniser_dir.resolve() == name_romaniser.DATA_DIR.resolve()
    lid = language.LanguageIdentifier()
    assert (nlp.language_min_words, nlp.language_min_letters, nlp.language_min_words_latin_run, nlp.language_hint_weight) == (
        lid.min_words, lid.min_letters, lid.min_words_latin_run, lid.hint_weight
    )


def test_nlp_settings_from_nested_environment_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\n", encoding="utf-8")
    monkeypatch.setenv("SAMACHAR_NLP__CLEANING_RULES", str(rules))
    monkeypatch.setenv("SAMACHAR_NLP__LANGUAGE_HINT_WEIGHT", "0.35")
    monkeypatch.setenv("SAMACHAR_NLP__KB_NAMES", "false")
    monkeypatch.setenv("SAMACHAR_BATCH_SIZE", "7")  # the flat settings still read as before
    settings = Settings()
    assert settings.nlp.cleaning_rules == rules and settings.nlp.language_hint_weight == 0.35
    assert settings.nlp.kb_names is False and settings.batch_size == 7
    assert settings.nlp.kb_dir == NlpSettings().kb_dir


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SAMACHAR_NLP__HI_MODEL", "/nonexistent/hi_ner", "no such directory: /nonexistent/hi_ner"),
        ("SAMACHAR_NLP__HI_MODEL", str(ROOT / "services"), "has no config.cfg, meta.json"),
        ("SAMACHAR_NLP__EN_MODEL", "xx_no_such_model", "no installed spaCy package or directory named 'xx_no_such_model'"),
        ("SAMACHAR_NLP__KB_DIR", str(ROOT / "seeds"), "has no kb.json.gz"),
        ("SAMACHAR_NLP__CLEANING_RULES", "/nonexistent/rules.yaml", "no such file"),
        ("SAMACHAR_NLP__ENTITY_RULES", str(ROOT / "services"), "no such file"),
        ("SAMACHAR_NLP__LEXICON_DIR", str(ROOT / "seeds"), "has no hi.yaml"),
        ("SAMACHAR_NLP__ROMANISER_DIR", "/nonexistent/romaniser", "no such directory: /nonexistent/romaniser"),
        ("SAMACHAR_NLP__ROMANISER_DIR", str(ROOT / "seeds"), "has no dictionary.tsv, model.tsv"),
        ("SAMACHAR_NLP__LANGUAGE_HINT_WEIGHT", "2", "less than or equal to 1"),
        ("SAMACHAR_NLP__HI_MODLE", "x", "Extra inputs are not permitted"),  # a misspelt setting is an error
    ],
)
def test_a_wrong_nlp_setting_fails_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as info:
        Settings()
    text = str(info.value)
    assert "\n" not in text and text.startswith(f"invalid configuration: {variable}: ") and message in text


def test_the_cli_prints_the_config_error_as_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAMACHAR_NLP__KB_DIR", "/nonexistent/kb")
    assert cli.main(["enrich", str(ROOT / "seeds")]) == 2
    err = capsys.readouterr().err
    assert err == "samachar: invalid configuration: SAMACHAR_NLP__KB_DIR: no such directory: /nonexistent/kb\n"


def test_every_nlp_setting_is_in_the_readme_configuration_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"SAMACHAR_NLP__([A-Z0-9_]+)", section))
    assert documented == {name.upper() for name in NlpSettings.model_fields}


def test_child_processes_get_the_same_nlp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """``samachar demo`` and the integration tests hand Settings to a worker through its environment."""
    from services.demo import settings_env

    settings = Settings(batch_size=3, nlp={"language_hint_weight": 0.4, "kb_names": False})
    for name, value in settings_env(settings).items():
        if name.startswith("SAMACHAR_"):
            monkeypatch.setenv(name, value)
    rebuilt = Settings()
    assert rebuilt.nlp == settings.nlp and rebuilt.batch_size == 3


def test_an_unparsable_nested_section_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMACHAR_NLP", "{not json")
    with pytest.raises(ConfigError, match='^invalid configuration: error parsing value for field "nlp"'):
        Settings()
