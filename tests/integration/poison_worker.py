"""``samachar worker`` with the entities stage patched to raise on a marker string: a poison pill on demand.

Only the test harness is patched (this file lives in tests/); the worker, handler and pipeline code are the real
ones. Run as ``python tests/integration/poison_worker.py`` with the usual SAMACHAR_* environment.
"""

from __future__ import annotations

import sys

from services.nlp import entities

MARKER = "zz-poison-pill-zz"

_original = entities.EntityRecognizer.extract_batch


def _extract_batch(self: entities.EntityRecognizer, texts: list[str], languages: list | None = None) -> list:
    if any(MARKER in text for text in texts):
        raise RuntimeError(f"injected failure: text contains {MARKER}")
    return _original(self, texts, languages)


entities.EntityRecognizer.extract_batch = _extract_batch  # type: ignore[method-assign]

if __name__ == "__main__":
    from services.cli import main

    sys.exit(main(["worker"]))
