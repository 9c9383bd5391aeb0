"""Run a script with a candidate Hindi NER model in place of the bundled one (nothing is overwritten).

    OMP_NUM_THREADS=1 .venv/bin/python training/with_model.py MODEL_DIR benchmarks/entity_quality.py --split real-dev

Why: ``EntityRecognizer`` loads ``services.nlp.entities.DEFAULT_HI_MODEL`` when no path is given
(``benchmarks/ner_speed.py``), and the pipeline (``Pipeline()``, so ``benchmarks/entity_quality.py``) loads the
``hi_model`` setting, ``SAMACHAR_NLP__HI_MODEL``; this points both at MODEL_DIR for one run, so a candidate is
judged by exactly the code that would ship it. (Before the setting was honoured here, entity_quality.py ran with the
bundled model whatever MODEL_DIR was.)
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _point_settings_at(model: Path) -> None:
    """Make ``hi_model`` default to ``model`` for ``Settings()`` (through ``SAMACHAR_NLP__HI_MODEL``) and for a bare
    ``NlpSettings()`` (what ``Pipeline()`` builds: a plain model that reads no environment), by replacing
    ``services.config.NlpSettings`` with a subclass whose only change is that default. ``Pipeline`` imports the class
    from ``services.config`` when it is called, so it sees the subclass."""
    from pydantic import Field

    import services.config as config

    os.environ["SAMACHAR_NLP__HI_MODEL"] = str(model)
    base = config.NlpSettings

    class CandidateNlpSettings(base):  # type: ignore[valid-type, misc]
        hi_model: Path = Field(model, description=base.model_fields["hi_model"].description)

    CandidateNlpSettings.__name__ = CandidateNlpSettings.__qualname__ = base.__name__
    config.NlpSettings = CandidateNlpSettings  # type: ignore[misc]


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    model, script = Path(sys.argv[1]).resolve(), sys.argv[2]
    if not (model / "meta.json").is_file():
        raise SystemExit(f"{model}: not a spaCy pipeline directory")
    import services.nlp.entities as entities

    entities.DEFAULT_HI_MODEL = model
    _point_settings_at(model)
    sys.argv = [script, *sys.argv[3:]]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
