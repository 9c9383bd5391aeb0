"""Readable Roman spelling of Devanagari names the knowledge base does not know.

Why: an unknown person still needs a ``canonical`` a reader of the English feed can use. Aksharamukha's
``RomanColloquial`` scheme with Hindi schwa deletion gives "alekjendar kozlov" for अलेक्जेंडर कोज़लोव (not the
scholarly "alekjeṃḍar kozalova"); a few fixes on top: anusvara before sibilants/h is "n" (फ़्रांस -> frans, not
frams), spelled-out initialisms become letters (केसीएनए -> KCNA, वीके सिंह -> VK Singh), सिंह -> Singh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from services.nlp.linking.keys import name_key
from services.nlp.lexicon import merged
from services.nlp.scripts import is_devanagari


@lru_cache(maxsize=1)
def letter_names() -> dict[str, tuple[str, ...]]:
    """Devanagari names of the Latin letters, as Hindi/Marathi news spells initialisms (बीजेपी = BJP, डीपीआरके =
    DPRK), preferred spelling first: ``letter_names`` of data/lexicon/*.yaml, shared with the recogniser's acronym
    rule; read on first use (the configured lexicon directory, services/nlp/data_dirs)."""
    return dict(merged().letter_names)


@lru_cache(maxsize=1)
def _spelling_to_letter() -> list[tuple[str, str]]:
    """(spelling, letter) pairs, matched against both raw text and folded keys (name_key: ई->इ, no nukta/halant),
    longest spelling first."""
    return sorted(
        {
            (form, letter)
            for letter, spellings in letter_names().items()
            for spelling in spellings
            for form in (spelling.replace("\u093c", ""), name_key(spelling))
        },
        key=lambda pair: -len(pair[0]),
    )


def __getattr__(name: str) -> dict[str, tuple[str, ...]]:
    """``LETTER_NAMES``: ``letter_names()`` (loaded on first use)."""
    if name == "LETTER_NAMES":
        return letter_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_ANUSVARA_BEFORE_FRICATIVE = re.compile("\u0902(?=[\u0936\u0937\u0938\u0939\u092f\u0930\u0932\u0935\u095b])")
_SINGH = {"सिंह", "सिन्ह", "सिंघ"}
_ROMAN_INITIALISM = re.compile(r"^(?:[A-Za-z]\.?){2,6}$")


@lru_cache(maxsize=1)
def _spellings_by_first_char() -> dict[str, list[tuple[str, str]]]:
    """``_spelling_to_letter`` by first character, each list in its order (longest spelling first): a position is
    tried only against the spellings that can start there."""
    out: dict[str, list[tuple[str, str]]] = {}
    for spelling, letter in _spelling_to_letter():
        if spelling:
            out.setdefault(spelling[0], []).append((spelling, letter))
    return out


@lru_cache(maxsize=65536)
def devanagari_acronym(token: str) -> str | None:
    """``केसीएनए`` -> ``KCNA`` when the whole token is 2..6 spelled Latin letter names, else None."""
    token = token.replace(".", "").replace("\u093c", "")

    by_first = _spellings_by_first_char()
    dead: set[int] = set()  # positions from which no spelling reaches the end (keeps the search linear)

    def spell(pos: int) -> list[str] | None:  # longest letter name first, backtracking: एसी is A-C, not S-?
        if pos == len(token):
            return []
        if pos in dead:
            return None
        for spelling, letter in by_first.get(token[pos], ()):
            if token.startswith(spelling, pos) and (rest := spell(pos + len(spelling))) is not None:
                return [letter, *rest]
        dead.add(pos)
        return None

    letters = spell(0) if len(token) <= 24 else None
    return "".join(letters) if letters is not None and 2 <= len(letters) <= 6 else None


def join_spaced_initials(name: str) -> str:
    """A person's name whose first two or more words are each one spelled Latin letter, before at least one other
    word, with those letters as one word: "सी के मिश्रा" -> "सीके मिश्रा" (which ``romanise`` spells CK Mishra, not
    "Si Ke Mishra"). Other names are returned unchanged. Letters are the lexicons' ``letter_names``."""
    words = name.split()
    letters = _letter_of()  # spelling -> letter, built once
    k = 0
    while k < len(words) and words[k].rstrip(".").replace("\u093c", "") in letters:
        k += 1
    if k < 2 or k == len(words):
        return name
    return " ".join(["".join(w.rstrip(".") for w in words[:k]), *words[k:]])


def acronym_to_devanagari(acronym: str) -> str | None:
    """``BJP`` -> ``बीजेपी`` (first spelling of each letter); None unless 2..6 letters A-Z."""
    letters = acronym.replace(".", "").upper()
    if not (2 <= len(letters) <= 6 and letters.isascii() and letters.isalpha()):
        return None
    names = letter_names()
    return "".join(names[ch][0] for ch in letters)


@lru_cache(maxsize=1)
def _transliterator():  # type: ignore[no-untyped-def]
    from aksharamukha import transliterate

    return transliterate


_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 200_000


def _prepare(word: str) -> str:
    return _ANUSVARA_BEFORE_FRICATIVE.sub("\u0928\u094d", word)


def _finish(roman: str) -> str:
    roman = re.sub(r"[^A-Za-z\-]", "", roman).replace("kj", "x")  # एक्जाम, अलेक्जेंडर: loanword "x"
    return roman[:1].upper() + roman[1:]


def _special(word: str) -> str | None:
    """Words not sent to the transliterator: spelled-out initialisms, an initial with its full stop ("ए." -> A,
    "एन." -> N) and सिंह."""
    if word in _SINGH:
        return "Singh"
    return initial_letter(word) or devanagari_acronym(word)


def initial_letter(word: str) -> str | None:
    """The Latin letter a Devanagari initial with its full stop spells ("ए." -> "A", "एन." -> "N"), else None."""
    return letter_of(word) if word.endswith(".") else None


def letter_of(word: str) -> str | None:
    """The Latin letter a word spells when it is one Devanagari letter name, with or without its full stop
    ("एन" -> "N", "डी." -> "D"); None for anything else ("एनडी", "राम"). Spellings: the lexicons' ``letter_names``."""
    return _letter_of().get(word.rstrip(".").replace("\u093c", "")) if word.count(".") <= 1 else None


@lru_cache(maxsize=1)
def _letter_of() -> dict[str, str]:
    return dict(reversed(_spelling_to_letter()))  # the longest spelling of a letter wins on a clash


def prefetch(words: Iterable[str]) -> None:
    """Romanise many words in one transliterator call (its per-call overhead dominates single words)."""
    from services.nlp.name_romaniser import default

    learned = default()
    todo = sorted({w for w in words if is_devanagari(w) and w not in _CACHE and _special(w) is None and not learned.known(w)})
    if todo:
        _transliterate(todo)


def _transliterate(todo: list[str]) -> None:
    if len(_CACHE) > _CACHE_LIMIT:
        _CACHE.clear()
    joined = "\n".join(_prepare(w) for w in todo)
    out = _transliterator().process("Devanagari", "RomanColloquial", joined, pre_options=["RemoveSchwaHindi"]).split("\n")
    if len(out) != len(todo):  # the transliterator merged or split lines: fall back to one call per word
        out = [_transliterator().process("Devanagari", "RomanColloquial", _prepare(w), pre_options=["RemoveSchwaHindi"]) for w in todo]
    for word, roman in zip(todo, out):
        _CACHE[word] = _finish(roman)


def _romanise_word(word: str) -> str:
    if not is_devanagari(word):
        return word
    special = _special(word)
    if special is not None:
        return special
    if word not in _CACHE:
        _transliterate([word])
    return _CACHE[word]


def words_of(text: str) -> list[str]:
    """The words ``romanise`` transliterates one by one (for ``prefetch``)."""
    return text.replace("-", " - ").split()


def romanise(text: str) -> str:
    """Readable Title Case Roman form of a name; Latin text is only tidied (spaces, Title Case if all lower).

    Devanagari words go through the learned ``name_romaniser`` (Indian-English spellings from name lists:
    सूद -> Sood), which keeps the initialism / सिंह special cases and falls back to aksharamukha.
    """
    from services.nlp.name_romaniser import default

    return default().romanise_name(text)


def romanise_aksharamukha(text: str) -> str:
    """``romanise`` with aksharamukha only (the behaviour before the learned romaniser; a benchmark baseline)."""
    words = words_of(text)
    out = []
    for word in words:
        if is_devanagari(word):
            out.append(_romanise_word(word))
        elif word.islower() and not _ROMAN_INITIALISM.match(word):
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(w for w in out if w).replace(" - ", "-")
