"""Where the NLP's vocabulary data is read from: the lexicon directory and the romaniser directory.

Why: the lexicons (``lexicon.lexicon()``/``merged()``, ``NameLexicon.default()``, ``EnglishLoanwords.default()``)
and the name romaniser (``name_romaniser.default()``) are loaded once per process and shared by every recogniser and
linker in it, so they cannot take a directory per instance. ``Pipeline.from_config`` calls ``configure`` with the
settings' ``lexicon_dir`` and ``romaniser_dir`` before anything is loaded; the loaders read ``lexicon_dir()`` and
``romaniser_dir()``. Without ``configure`` the shipped data (``services/nlp/data``) is read.

Once a directory has been read, the process is committed to it: configuring another one raises ``DataDirInUse``
(the loaded data would otherwise silently mix with, or stand in for, the configured one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

SHIPPED_LEXICON_DIR: Final = Path(__file__).resolve().parent / "data" / "lexicon"
SHIPPED_ROMANISER_DIR: Final = Path(__file__).resolve().parent / "data" / "romaniser"

_dirs: dict[str, Path] = {"lexicon": SHIPPED_LEXICON_DIR, "romaniser": SHIPPED_ROMANISER_DIR}
_read: set[str] = set()  # the kinds a loader has asked for: fixed for the rest of the process


class DataDirInUse(RuntimeError):
    """A data directory was configured after the loaders had read another one in this process."""


def configure(*, lexicon_dir: Path | str | None = None, romaniser_dir: Path | str | None = None) -> None:
    """Make the process-wide loaders read ``lexicon_dir`` / ``romaniser_dir`` (None leaves one as it is).

    Raises ``DataDirInUse`` if a loader has already read a different directory of that kind in this process
    (configuring the directory already in use is a no-op).
    """
    for kind, value in (("lexicon", lexicon_dir), ("romaniser", romaniser_dir)):
        if value is None:
            continue
        path = Path(value).resolve()
        if path == _dirs[kind]:
            continue
        if kind in _read:
            raise DataDirInUse(
                f"the {kind} data of {_dirs[kind]} is already loaded in this process; cannot switch to {path} "
                f"(SAMACHAR_NLP__{kind.upper()}_DIR must be set before the first pipeline is built)"
            )
        _dirs[kind] = path


def lexicon_dir() -> Path:
    """The lexicon directory the loaders read (``hi/mr/ne/en.yaml``, ``linking.yaml``, the name/role word lists,
    ``english_pronunciations.tsv``); from this call on it can no longer be changed by ``configure``."""
    _read.add("lexicon")
    return _dirs["lexicon"]


def romaniser_dir() -> Path:
    """The romaniser directory the loaders read (``dictionary.tsv``, ``model.tsv``); from this call on it can no
    longer be changed by ``configure``."""
    _read.add("romaniser")
    return _dirs["romaniser"]
