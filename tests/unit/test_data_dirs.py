"""SAMACHAR_NLP__LEXICON_DIR / SAMACHAR_NLP__ROMANISER_DIR: every vocabulary loader reads the configured directory.

The loaders are process-wide, so each configuration runs in a subprocess of its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from services.nlp import data_dirs

ROOT = Path(__file__).resolve().parents[2]

# Built from the settings, then asked what the linker's vocabulary makes of a title, a head word and a name.
PROBE = """
import json
from services.config import Settings
from services.nlp.pipeline import Pipeline
from services.nlp.linking import keys
from services.nlp.name_lexicon import NameLexicon
from services.nlp import name_romaniser

Pipeline.from_config(Settings().nlp)
print(json.dumps({
    "title_stripped": keys.strip_titles(keys.name_key("ज़ुबलक पुतिन")),
    "head": NameLexicon.default().label_by_head("अमर ज़ुबलकघर"),
    "roman": name_romaniser.romanise_name("अंकित"),
}, ensure_ascii=False))
"""


def _probe(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def shipped() -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMACHAR_NLP__")}
    return _probe({**env, "SAMACHAR_NLP__LEXICON_DIR": str(data_dirs.SHIPPED_LEXICON_DIR)})


def test_a_configured_lexicon_dir_is_what_the_linker_reads(tmp_path: Path, shipped: dict[str, object]) -> None:
    lexicon = tmp_path / "lexicon"
    shutil.copytree(data_dirs.SHIPPED_LEXICON_DIR, lexicon)
    hi = lexicon / "hi.yaml"
    hi.write_text(hi.read_text(encoding="utf-8").replace("titles: [श्री,", "titles: [ज़ुबलक, श्री,", 1), encoding="utf-8")
    linking = lexicon / "linking.yaml"
    linking.write_text(
        linking.read_text(encoding="utf-8").replace("head_words:\n", "head_words:\n  ज़ुबलकघर: Council\n", 1),
        encoding="utf-8",
    )
    assert shipped["title_stripped"] != "पुतिन"
    got = _probe({"SAMACHAR_NLP__LEXICON_DIR": str(lexicon)})
    assert got["title_stripped"] == "पुतिन"  # the new title is dropped from keys
    assert shipped["head"] is None and got["head"] == "ORG"  # the new head word labels the phrase
    assert got["roman"] == shipped["roman"]


def test_a_configured_romaniser_dir_is_what_the_linker_reads(tmp_path: Path, shipped: dict[str, object]) -> None:
    romaniser = tmp_path / "romaniser"
    shutil.copytree(data_dirs.SHIPPED_ROMANISER_DIR, romaniser)
    dictionary = romaniser / "dictionary.tsv"
    text = dictionary.read_text(encoding="utf-8")
    assert "\nअंकित\tAnkit\t" in text
    dictionary.write_text(text.replace("\nअंकित\tAnkit\t", "\nअंकित\tAnkeet\t", 1), encoding="utf-8")
    assert shipped["roman"] == "Ankit"
    got = _probe({"SAMACHAR_NLP__ROMANISER_DIR": str(romaniser)})
    assert got["roman"] == "Ankeet"
    assert got["title_stripped"] == shipped["title_stripped"]


def test_switching_directories_after_a_loader_read_one_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(data_dirs, "_dirs", dict(data_dirs._dirs))
    monkeypatch.setattr(data_dirs, "_read", set())
    data_dirs.configure(lexicon_dir=tmp_path)  # nothing read yet: allowed
    assert data_dirs.lexicon_dir() == tmp_path.resolve()
    data_dirs.configure(lexicon_dir=tmp_path)  # the same directory again: fine
    with pytest.raises(data_dirs.DataDirInUse, match="SAMACHAR_NLP__LEXICON_DIR"):
        data_dirs.configure(lexicon_dir=data_dirs.SHIPPED_LEXICON_DIR)
    data_dirs.configure(romaniser_dir=tmp_path)  # the romaniser was not read: still free
