"""Run a script with a candidate Hindi NER model in place of the bundled one (nothing is overwritten).

    OMP_NUM_THREADS=1 .venv/bin/python training/with_model.py MODEL_DIR benchmarks/entity_quality.py --split real-dev

Why: ``EntityRecognizer`` loads ``services.nlp.entities.DEFAULT_HI_MODEL`` when no path is given (the
benchmarks and the pipeline give none); this points that default at MODEL_DIR for one run, so a candidate is
judged by exactly the code that would ship it.
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


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    model, script = Path(sys.argv[1]).resolve(), sys.argv[2]
    if not (model / "meta.json").is_file():
        raise SystemExit(f"{model}: not a spaCy pipeline directory")
    import services.nlp.entities as entities

    entities.DEFAULT_HI_MODEL = model
    sys.argv = [script, *sys.argv[3:]]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
