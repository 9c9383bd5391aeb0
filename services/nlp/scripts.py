"""Unicode ranges of the scripts the NLP reads, written once.

Why: the Devanagari range was written about thirteen times in ten files, and not always the same range: some code
wants *any* Devanagari character (is this text Hindi/Marathi at all?), some only the letters of a word (no danda, no
digits), some word characters that may be digits but never a danda. Each of those is one named constant here, so a
regex states which one it means and nobody widens a range by copying the wrong one.

The constants are regex character-class *contents* (no brackets: ``f"[{DEVANAGARI}]"``, ``f"[^{DEVANAGARI}]+"``,
``rf"[\\w{DEVANAGARI_WORD_CHARS}]"``), written as the characters themselves, so they work in raw and plain pattern
strings alike. None contains a character that is special inside a class (``]``, ``\\``, ``^``).
"""

from __future__ import annotations

import re
from typing import Final

# --- Devanagari ------------------------------------------------------------------------------------------------
# The Devanagari block U+0900-U+097F: letters, vowel signs, virama, nukta, danda/double danda (U+0964-5), digits
# (U+0966-F), abbreviation sign ॰ (U+0970). "Any Devanagari": is a text / character Devanagari at all.
DEVANAGARI: Final = "\u0900-\u097f"
# Devanagari Extended (U+A8E0-U+A8FF: cantillation marks, spacing signs) and Vedic Extensions (U+1CD0-U+1CFF).
DEVANAGARI_EXTENDED: Final = "\ua8e0-\ua8ff"
VEDIC_EXTENSIONS: Final = "\u1cd0-\u1cff"
# Every Devanagari block: what the recogniser treats as Devanagari when it splits a text into Devanagari and
# Latin runs (a Vedic sign inside a Hindi word must not start a "Latin" run).
DEVANAGARI_ALL_BLOCKS: Final = DEVANAGARI + DEVANAGARI_EXTENDED + VEDIC_EXTENSIONS
# Letters and signs of a word only: the block WITHOUT danda (U+0964-5), digits (U+0966-F) and ॰ (U+0970).
# What a *name word* is made of (name lists, lexicon words, "is this token a Devanagari word").
DEVANAGARI_LETTERS: Final = "\u0900-\u0963\u0971-\u097f"
# Word characters of running text: the block WITHOUT the danda only (digits and ॰ stay word characters), for
# tokenising text into words next to ``\w`` (a danda ends a word, "१५" is one).
DEVANAGARI_WORD_CHARS: Final = "\u0900-\u0963\u0966-\u097f"
DANDAS: Final = "\u0964\u0965"  # । ॥
DEVANAGARI_DIGITS: Final = "\u0966-\u096f"  # ० - ९

# --- Latin ------------------------------------------------------------------------------------------------------
LATIN_LETTERS: Final = "A-Za-z"  # ASCII letters only
# Latin-1 Supplement letters to Latin Extended-B (U+00C0-U+024F: é, ñ, ł, ș...), added to LATIN_LETTERS where
# accented Latin counts as Latin (splitting runs); this range also holds × and ÷, harmless there.
LATIN_ACCENTED: Final = "\u00c0-\u024f"

# --- Other characters that sit inside words --------------------------------------------------------------------
COMBINING_DIACRITICS: Final = "\u0300-\u036f"  # combining accents of decomposed Latin text
ZERO_WIDTH_JOINERS: Final = "\u200c\u200d"  # ZWNJ, ZWJ: shape Devanagari conjuncts, part of the word

DEVANAGARI_CHAR_RE: Final = re.compile(f"[{DEVANAGARI}]")
DEVANAGARI_WORD_RE: Final = re.compile(f"[{DEVANAGARI_LETTERS}]+")  # a run of Devanagari letters (no danda/digits)
LATIN_WORD_RE: Final = re.compile(f"[{LATIN_LETTERS}]+")  # a run of ASCII letters


def is_devanagari(text: str) -> bool:
    """Does ``text`` contain any character of the Devanagari block (``DEVANAGARI``; extended blocks not counted)?"""
    return bool(DEVANAGARI_CHAR_RE.search(text))


def is_devanagari_word(word: str) -> bool:
    """Is ``word`` made only of Devanagari letters and signs (``DEVANAGARI_LETTERS``: no danda, digit, ॰, space)?"""
    return DEVANAGARI_WORD_RE.fullmatch(word) is not None
