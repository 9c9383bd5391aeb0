"""ISO form of a DATE mention when the mention itself says which date: "जुलाई 2000" -> "2000-07".

Why not dateparser: relative dates ("बुधवार", "पिछले सप्ताह") need the publication date and are left as text
(the spec allows that); absolute ones follow a few patterns, and the month names of the lexicon (Hindi, Marathi,
Nepali and English: ``data/lexicon/*.yaml``) resolve them deterministically and fast.
"""

from __future__ import annotations

import re
from functools import lru_cache

from services.nlp.lexicon import merged
from services.nlp.scripts import DEVANAGARI


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Month names of every language (data/lexicon/*.yaml ``months``, shared with the recogniser's DATE rules) ->
    month number; read on first use (the configured lexicon directory, services/nlp/data_dirs)."""
    return {name: number for number, names in merged().months.items() for name in names}


_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_TOKEN = re.compile(rf"[\w{DEVANAGARI}]+")


def iso_date(text: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` if the text names an absolute date, else None."""
    text = text.translate(_DIGITS).casefold()
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        return _valid(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    numeric = re.search(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b", text)  # Indian order: day/month/year
    if numeric:
        return _valid(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
    year = day = month = None
    months = _months()
    for token in _TOKEN.findall(text):
        token = token.rstrip(".")
        if token in months and month is None:
            month = months[token]
        elif token.isdigit() and len(token) == 4 and 1000 <= int(token) <= 2100 and year is None:
            year = int(token)
        elif re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", token) and day is None:
            day = int(re.sub(r"\D", "", token))
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return _valid(year, month, day)


def _valid(year: int, month: int, day: int) -> str | None:
    from datetime import date

    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
