"""A small stand-in for ``../shared/corpora`` in a temporary folder, for the tests of scripts that read it."""

from __future__ import annotations

import csv
from pathlib import Path


def write_fake_corpora(root: Path, day_files: dict[str, str], bbc_texts: list[str]) -> None:
    """Under ``root``: ``hindi-news/outlets-2020/<name>`` for each of ``day_files`` (name -> text), a BBC Hindi
    ``articles.csv`` with one row per text of ``bbc_texts`` (columns label, text) and an empty ``marathi-news``."""
    outlets = root / "hindi-news" / "outlets-2020"
    outlets.mkdir(parents=True)
    for name, text in day_files.items():
        (outlets / name).write_text(text, encoding="utf-8")
    bbc = root / "hindi-news" / "bbc-hindi"
    bbc.mkdir(parents=True)
    with (bbc / "articles.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["label", "text"])
        writer.writeheader()
        writer.writerows({"label": f"l{k}", "text": text} for k, text in enumerate(bbc_texts))
    (root / "marathi-news").mkdir()
