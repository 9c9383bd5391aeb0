"""A place followed by the head of an institution is the institution: "हजारीबाग मेडिकल कॉलेज अस्पताल", "रांची पुलिस",
"अहमदाबाद अपराध शाखा", "दुमका मेडिकल कॉलेज"; and a place followed by the head of a place is that place
("सहारनपुर चौक", "जालंधर कैंट", "पटना जं.").

Why here, after the knowledge-base names are merged (``kb_mentions``): on real news the model tags the place alone
("अहमदाबाद"), the place and half the head ("अहमदाबाद अपराध" as a PERSON), or only the head ("कॉलेज अस्पताल"), and
many district towns are found by the KB-name finder only. Once every place is a mention, a LOC mention directly
followed (one space) by words that are all generic heads (``NameLexicon.translate_heads``) becomes one mention over
both, labelled by the last head (``head_labels`` in ``data/lexicon/linking.yaml``: Police, Medical College -> ORG;
Chowk, Cantt, Junction -> LOC),
and the mentions inside the head words go; the linker then names it (Hazaribagh Medical College Hospital, Ranchi
Police, Ahmedabad Crime Branch). A place before थाना (police station) stays the place in an address ("निवासी ककरहवा
थाना दुधारा") and before "क्षेत्र" (the station's area: "रामपुर कारखाना थाना क्षेत्र").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from services.nlp.types import Mention

if TYPE_CHECKING:
    from services.nlp.name_lexicon import NameLexicon

MAX_HEAD_WORDS: Final = 4
_WORD: Final = re.compile(r"[^\s,;:!?।॥()\[\]\"'“”‘’]+")  # a word without the punctuation after it ("चौक,")


# After "X थाना" the station's area ("थाना क्षेत्र"), before X an address ("निवासी X थाना Y"): X is the place. Also
# read by the recogniser's head phrases (entity_components.HeadPhrases).
POLICE_AREA_WORDS: Final = frozenset({"क्षेत्र", "इलाके", "इलाका", "अंतर्गत"})
ADDRESS_WORDS: Final = frozenset({"निवासी", "ग्राम", "गांव", "गाँव"})
_AREA_AFTER: Final = re.compile(r"\s+(?:" + "|".join(sorted(POLICE_AREA_WORDS)) + r")(?![\u0900-\u097f])")
_ADDRESS_BEFORE: Final = re.compile(r"(?:" + "|".join(sorted(ADDRESS_WORDS)) + r")\s+$")
_POLICE_STATION_END: Final = re.compile(r"\s+(?:थाना|थाने)$")


def _place_of_police_station(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` ("X थाना") the place X of an address or of a police station's area?"""
    return bool(_AREA_AFTER.match(text, end) or _ADDRESS_BEFORE.search(text, max(0, start - 12), start))


def _before_cut_head(text: str, m: Mention, lexicon: NameLexicon) -> Mention:
    """A PERSON/ORG mention that ends in the first word of a head of two or more words, the rest of which follows
    it ("अहमदाबाद अपराध" + "शाखा": the model cut "Crime Branch" in two and took the place for a person), as a LOC
    mention of the words before that head word ("अहमदाबाद"), for the institution rule below; else ``m``."""
    from services.nlp.entity_components import ROLE_RULE

    words = list(_WORD.finditer(m.text))
    if m.label not in ("PERSON", "ORG") or len(words) < 2 or m.end >= len(text) or text[m.end] != " ":
        return m
    after = list(_WORD.finditer(text, m.end + 1, min(len(text), m.end + 1 + 60)))[: MAX_HEAD_WORDS - 1]
    if not after or after[0].start() != m.end + 1:
        return m
    heads = lexicon.translate_heads([words[-1].group(0), *(w.group(0) for w in after)])
    if not heads[0] or len(heads) < 2 or heads[1] != "":
        return m
    return ROLE_RULE.mention(text, m.start, m.start + words[-2].end(), "LOC")


def institution_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (sorted by start, disjoint, character offsets into ``text``) with each LOC mention that an
    organisation head follows replaced by an ORG mention over the place and the head (and the mentions inside the
    head dropped); the list is returned unchanged when there is none. Shapes: list in, list out, sorted by start.
    Raises nothing of its own."""
    from services.nlp.entity_components import ROLE_RULE
    from services.nlp.name_lexicon import NameLexicon

    lexicon = NameLexicon.default()
    given = mentions
    cut = [_before_cut_head(text, m, lexicon) for m in mentions]
    out: list[Mention] = []
    skip_until = -1
    changed = any(c is not m for c, m in zip(cut, mentions))
    for k, m in enumerate(cut):
        if m.start < skip_until:
            continue  # inside a head taken by the institution before it
        station = _POLICE_STATION_END.search(m.text) if m.label == "ORG" else None
        if station is not None and _place_of_police_station(text, m.start, m.end):
            out.append(ROLE_RULE.mention(text, m.start, m.start + station.start(), "LOC"))  # the model's "X थाना"
            changed = True
            continue
        if m.label != "LOC" or m.end >= len(text) or text[m.end] != " ":
            out.append(m)
            continue
        words = list(_WORD.finditer(text, m.end + 1, min(len(text), m.end + 1 + 120)))[:MAX_HEAD_WORDS]
        # the words must follow one another with one space, and be heads: "मेडिकल कॉलेज अस्पताल"
        run = []
        for w in words:
            if run and w.start() != run[-1].end() + 1:
                break
            if w.start() != m.end + 1 and not run:
                break
            run.append(w)
        heads = lexicon.translate_heads([w.group(0) for w in run])
        n = 0
        while n < len(heads) and heads[n] is not None:
            n += 1
        label = None
        while n > 0 and (label := lexicon.label_by_head(" ".join(["x", *(w.group(0) for w in run[:n])]))) is None:
            n -= 1
        if n == 0 or label is None:
            out.append(m)
            continue
        end = run[n - 1].end()
        if heads[0] == "Police Station" and _place_of_police_station(text, m.start, end):
            out.append(m)  # "रामपुर कारखाना थाना क्षेत्र", "निवासी ककरहवा थाना दुधारा": the place, not the station
            continue
        out.append(ROLE_RULE.mention(text, m.start, end, label))
        skip_until = end
        changed = True
    return out if changed else given
