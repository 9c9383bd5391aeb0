"""Which words are names and which are common words, for the entity rules and the linker.

Why: on real Indian news the models tag roles ("लेखपाल मनोज तिवारी"), common nouns ("मरीज", "लॉकडाउन", "चौक") and
Marathi verbs as entities, and unknown organisations come out as romanised Hindi ("Kriplani Aspatal"). Word
frequency alone cannot tell "तिवारी" (Zipf 4.6, a surname) from "सिपाही" (4.4, constable); name lists can. Data:

- ``data/lexicon/person_name_tokens.tsv``: words of people's names in Devanagari (election candidates 2021 and
  cricketers, MIT, the ``indicate`` project; Indian first names, CC BY 3.0, Alok Parlikar, CMU 2011), built by
  ``scripts/build_lexicon_data.py``;
- ``data/lexicon/role_words.tsv``: words seen before people's names in real Hindi news (learned from
  ``../shared/corpora/hindi-news``, same script), e.g. बीडीओ, थानाध्यक्ष, उपायुक्त;
- ``data/lexicon/language_names.txt``: language names in Hindi, Marathi and Nepali (Unicode CLDR via Babel);
- ``data/lexicon/marathi_doc_freq.tsv``: document frequency of Marathi words in 88 real Marathi news articles
  (wordfreq has no Marathi list), same script;
- ``data/lexicon/name_word_usage.tsv``: words of people's names that are everyday Hindi words too, with the share of
  their uses in real Hindi news next to a name (गंभीर 0.19, शाह 0.69), same script;
- ``data/lexicon/common_noun_usage.tsv``: words of real Hindi news with the share of their uses right after a
  determiner or quantifier or right before a light verb (``common_noun_cues`` in ``linking.yaml``: क्वारंटाइन 0.37,
  दिल्ली 0.00), same script;
- wordfreq's Hindi Zipf frequencies (``word_frequency.hindi_zipf``);
- ``data/lexicon/linking.yaml``: English words for generic heads of Indian organisation/place names and the
  thresholds, validated on load (an unknown key raises ``pydantic.ValidationError``).
"""

from __future__ import annotations

import re
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from services.nlp import data_dirs
from services.nlp.scripts import DEVANAGARI_WORD_RE

LEXICON_DIR = data_dirs.SHIPPED_LEXICON_DIR  # the shipped files; default() reads data_dirs.lexicon_dir()
_DEVANAGARI_WORDS = DEVANAGARI_WORD_RE
SHARED_NAME_MIN_COUNT = 5
# A given name this common in Hindi (उत्तर, the lists hold such words too) is no evidence that a name follows.
GIVEN_NAME_MAX_ZIPF = 5.4
EVIDENCE_MIN_COUNT = 3  # name-list entries (person_name_tokens.tsv) that make a word evidence of a name in Marathi text


class LinkingLexicon(BaseModel):
    """The validated contents of ``linking.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    head_words: dict[str, str]
    common_zipf: float = Field(ge=0, le=8)
    marathi_common_share: float = Field(gt=0, le=1)
    person_token_min_count: int = Field(ge=1)
    name_use_min_share: float = Field(ge=0, le=1)
    generic_zipf: float = Field(ge=0, le=8)
    generic_with_head_zipf: float = Field(ge=0, le=8)
    head_labels: dict[Literal["LOC", "ORG"], list[str]]
    phrase_heads: list[str]
    place_descriptors: list[str]
    of_heads: list[str]
    demonym_endings: list[tuple[str, str]]
    place_after_heads: list[str]
    compass_words: dict[str, str]
    english_function_words: dict[str, str]
    common_noun_cues: dict[Literal["before", "after"], list[str]]
    common_usage_min_share: float = Field(ge=0, le=1)


def _read_tsv(path: Path, column: int = 1) -> dict[str, str]:
    """First column -> column ``column`` (0-based) of a tab-separated file (``#`` lines are comments)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            out[fields[0]] = fields[column]
    return out


def _read_words(path: Path) -> frozenset[str]:
    """The entries of a one-entry-a-line file (``#`` lines are comments; an entry may hold spaces)."""
    return frozenset(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    )


class NameLexicon:
    """Name words, role words, common words and head-word translations; ``NameLexicon.default()`` loads once.

    Raises ``FileNotFoundError`` if a data file is missing and ``pydantic.ValidationError`` for a malformed
    ``linking.yaml``.
    """

    def __init__(self, directory: Path = LEXICON_DIR) -> None:
        self.config = LinkingLexicon.model_validate(yaml.safe_load((directory / "linking.yaml").read_text(encoding="utf-8")))
        counts = _read_tsv(directory / "person_name_tokens.tsv")
        # word -> how many name-list entries (and labelled PERSON mentions) use it
        self.person_token_counts: dict[str, int] = {w: int(n) for w, n in counts.items()}
        self.person_tokens = frozenset(w for w, n in self.person_token_counts.items() if n >= self.config.person_token_min_count)
        # Words in many people's names (कुमार, सिंह, चौधरी, दास): alone they name nobody in particular.
        self.shared_name_words = frozenset(w for w, n in counts.items() if int(n) >= SHARED_NAME_MIN_COUNT)
        roles = _read_tsv(directory / "role_words.tsv")  # word -> occurrences in the news it was learned from
        self.role_words = frozenset(roles)
        self.role_word_counts: dict[str, int] = {w: int(n) for w, n in roles.items()}
        self.surnames = _read_words(directory / "surnames.txt")
        self.given_names = _read_words(directory / "given_names.txt")
        # everyday words that are given names the lists spell otherwise (अमन: Aman), no role words before a name
        self.spelled_given_names = _read_words(directory / "spelled_given_names.txt")
        self.middle_names = _read_words(directory / "middle_names.txt")
        usage = _read_tsv(directory / "name_word_usage.tsv", column=2)
        self.name_use_share: dict[str, float] = {w: float(v) for w, v in usage.items()}  # share of uses next to a name
        usage = _read_tsv(directory / "common_noun_usage.tsv", column=2)
        self.common_use_share: dict[str, float] = {w: float(v) for w, v in usage.items()}  # share of common-noun uses
        shares = _read_tsv(directory / "marathi_doc_freq.tsv")
        self.marathi_common = frozenset(w for w, s in shares.items() if float(s) >= self.config.marathi_common_share)
        from services.nlp.linking.keys import name_key

        self.language_keys = frozenset(name_key(name) for name in _read_words(directory / "language_names.txt"))
        self._endings: tuple[str, ...] | None = None
        self._endings_count: dict[str, int] = {}
        heads = sorted(self.config.head_words.items(), key=lambda kv: -len(kv[0].split()))
        self._heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # first word -> heads, longest first
        for k, v in heads:
            words = tuple(k.split())
            self._heads.setdefault(words[0], []).append((words, v))
        # English head words of one word (the values of ``head_words``, the words of ``head_labels``: Council,
        # Society, Industries, National): a Devanagari word that spells one (``loanwords``: काउन्सिल, सोसाइटी, नॅशनल)
        # is that head too
        self._english_heads = frozenset(
            w for w in (*self.config.head_words.values(), *(w for ws in self.config.head_labels.values() for w in ws))
            if " " not in w
        )

    @staticmethod
    @cache
    def default() -> "NameLexicon":
        """The lexicon of the configured lexicon directory (``data_dirs.lexicon_dir()``), loaded on first call."""
        return NameLexicon(data_dirs.lexicon_dir())

    def is_name_token(self, word: str) -> bool:
        """Does ``word`` (one Devanagari word) occur in people's names in the name lists?"""
        return word in self.person_tokens

    def spells_name_token(self, word: str) -> bool:
        """Is ``word`` a given name (``given_names``) spelled otherwise than a word of people's names, the same by
        ``name_key`` (vowel length, nukta, halant folded)? The name lists spell अनीता, the news also अनिता;
        रवीन्द्र / रविंद्र, ज़ाकिर / जाकिर. Only given names: any word may share a key with a name (दिन, दीन)."""
        from services.nlp.linking.keys import name_key

        return word in self.given_names and name_key(word) in self._person_token_keys

    @cached_property
    def _person_token_keys(self) -> frozenset[str]:
        from services.nlp.linking.keys import name_key

        return frozenset(name_key(w) for w in self.person_tokens)

    def mostly_common_word(self, word: str) -> bool:
        """Is ``word`` an everyday word that real Hindi news seldom uses inside a person's name: its share of uses
        next to a name (``name_word_usage.tsv``) below ``name_use_min_share`` ("गंभीर" serious, "लक्षण" symptom)?
        False for words the table does not hold (rare words, words of no name list)."""
        share = self.name_use_share.get(word)
        return share is not None and share < self.config.name_use_min_share

    def used_as_common_noun(self, word: str) -> bool:
        """Does real Hindi news use ``word`` as a common noun: right after a determiner or quantifier or right before
        a light verb (``common_noun_cues``) in at least ``common_usage_min_share`` of its uses
        (``common_noun_usage.tsv``: "क्वारंटाइन" 0.37, "ट्रायल" 0.15; "सफदरजंग" 0.04)? False for words the table does
        not hold (seen fewer than 10 times, or never so)."""
        return self.common_use_share.get(word, 0.0) >= self.config.common_usage_min_share

    def names_ending_in(self, ending: str) -> int:
        """How many words of people's names in the lists (``person_name_tokens.tsv``) end in ``ending`` and are
        longer than it ("जीत": 61, from बलजीत, मनजीत...; "कर्मी": 0). Counted once per ending, then cached."""
        if ending not in self._endings_count:
            self._endings_count[ending] = sum(1 for w in self.person_token_counts if w.endswith(ending) and w != ending)
        return self._endings_count[ending]

    def is_role_word(self, word: str) -> bool:
        """A role, rank or occupation word rather than part of a name ("लेखपाल", "दरोगा", "डीआईजी").

        Roles are an open class (constables, clerks, coaches, officers of every rank and their acronyms), so no
        list: a word that occurs in no person's name and is common (Zipf >= ``common_zipf``) or was learned as a
        word that stands before names in real news (``role_words.tsv``). Spelled-out acronyms need three or more
        letters (डीआईजी, एसएसपी): two-letter ones are more often initials (वीके सिंह). Foreign first names are
        common words too (किम, डोनाल्ड): callers try the knowledge base with the whole name first.
        """
        from services.nlp.linking.roman import devanagari_acronym

        if word in self.person_tokens or not _DEVANAGARI_WORDS.fullmatch(word) or self.spells_name_token(word):
            return False
        acronym = devanagari_acronym(word)
        if acronym is not None and len(acronym) < 3:
            return False
        return word in self.role_words or (self.is_common(word) and word not in self.spelled_given_names)

    def role_prefix(self, words: list[str]) -> int:
        """How many leading ``words`` of a person mention are roles (``is_role_word``); 0 unless what is left starts
        with a given name ("डोनाल्ड स्मिथ" stays whole: डोनाल्ड is common in Hindi, स्मिथ no given name) or, after
        roles all learned from the news (``role_words``), is two words or more starting with a word that is not
        common ("उपजिलाधिकारी लक्ष्मीराज चौहान" -> "लक्ष्मीराज चौहान")."""
        from services.nlp.linking.roman import devanagari_acronym

        k = 0
        while k < len(words) - 1 and (
            self.is_role_word(words[k])
            # a two-letter acronym before a given name and more is a rank ("एसपी ऋषभ कुमार"); initials go before a
            # surname, which may also be a given name ("एसके सरोज" is S K Saroj)
            or (len(devanagari_acronym(words[k]) or "") == 2 and words[k + 1] in self.given_names and k + 2 < len(words))
        ):
            k += 1
        from services.nlp.word_frequency import hindi_zipf

        first = words[k] if k else ""
        if first in self.given_names and hindi_zipf(first) < GIVEN_NAME_MAX_ZIPF:
            return k
        if k and all(w in self.role_words for w in words[:k]) and k + 1 < len(words) and not self.is_common(first):
            # after learned roles, a name of words no list gives ("उपजिलाधिकारी लक्ष्मीराज चौहान"), two words or more
            return k
        # initials after the rank: "डीआईजी डीजी वंज़ारा" is D G Vanzara
        return k if k and k + 1 < len(words) and 1 <= len(devanagari_acronym(first) or "") <= 3 else 0

    @lru_cache(maxsize=100_000)  # noqa: B019 - one instance per process
    def is_common(self, word: str, zipf: float | None = None) -> bool:
        """Is ``word`` a common Hindi (Zipf >= ``zipf``, default ``common_zipf``) or Marathi word?"""
        from services.nlp.word_frequency import hindi_zipf

        threshold = self.config.common_zipf if zipf is None else zipf
        return word in self.marathi_common or hindi_zipf(word) >= threshold

    def is_language_name(self, text: str) -> bool:
        """Is ``text`` the name of a language (डोगरी, सिंधी, बोडो, Unicode CLDR names in hi/mr/ne)?"""
        from services.nlp.linking.keys import name_key

        return name_key(text) in self.language_keys

    def is_common_noun_phrase(self, text: str, label: str) -> bool:
        """A mention of only common words with no word from people's names ("मरीज", "कोविड पॉजिटिव", "चौक").

        For PERSON (threshold ``common_zipf``), ORG and LOC (``generic_zipf``); callers apply it to mentions the
        knowledge base did not resolve. A PERSON that starts with spelled initials of two or three letters before a
        word that is no English word never is ("डीएस नेगी", "एके शर्मा"; "जीपीएस एंटीना" may be).
        """
        from services.nlp.linking.roman import devanagari_acronym
        from services.nlp.loanwords import EnglishLoanwords

        words = _DEVANAGARI_WORDS.findall(text)
        if not words or len(words) != len(text.split()):
            return False
        if label == "PERSON":
            if (
                len(words) >= 2 and 2 <= len(devanagari_acronym(words[0]) or "") <= 3
                and EnglishLoanwords.default().english(words[1]) is None
            ):
                return False  # initials before a word are a name however common the word ("डीएस नेगी": Zipf 3.7),
                # unless an English word ("जीपीएस एंटीना", "आरके स्टूडियो")
            return all(self.is_common(w) and not self.is_name_token(w) and not self.spells_name_token(w) for w in words)
        # ORG/LOC: generic heads alone ("चौक", "जिला अस्पताल") are common nouns; with a head, the other words must be
        # very common ("बड़ा अस्पताल") for the phrase to be one, as a rarer word names it ("लोकनायक अस्पताल").
        heads = self.translate_heads(words)
        others = [w for w, h in zip(words, heads) if h is None]
        threshold = self.config.generic_zipf if len(others) == len(words) else self.config.generic_with_head_zipf
        # A word from people's names makes an ORG a name ("टाटा"); a LOC without a head is a place or nothing, and a
        # common word that is also somebody's name (युवती) does not make it one.
        protect = label == "ORG" or len(others) < len(words)
        return all(self.is_common(w, threshold) and not (protect and self.is_name_token(w)) for w in others)

    def has_name_evidence(self, text: str, label: str) -> bool:
        """Does ``text`` look like a name by what the lexicon knows, without the KB?

        A word (or its stem without a glued case ending: मोदींनी, पवारांच्या) from people's names that is not a
        common word; for ORG/LOC also a generic head (कंपनी, रुग्णालय...), a spelled-out acronym or Latin letters.
        Used where the NER is least reliable (Marathi text through the Hindi model).
        """
        from services.nlp.linking.keys import glued_stems
        from services.nlp.linking.roman import devanagari_acronym, initial_letter

        from services.nlp.word_frequency import hindi_zipf

        # initials with their full stop ("ए. रघुनाथन") are judged with the name after them
        all_words = text.split()
        words = [w for w in all_words if initial_letter(w) is None] or all_words
        if any(not _DEVANAGARI_WORDS.fullmatch(w) for w in words):
            return label != "PERSON"  # Latin, digits, punctuation: not the Hindi model's verb-and-noun junk
        stems = {v for w in words for v in (w, *glued_stems(w))}
        # (a word of two list entries only is too weak alone: कोर्ट of "कोर्टात", मार्गी of "मार्गी लावण्यासाठी"; as the
        # given name before a word with no case ending it will do: "रमाकांत आचरेकर")
        if any(self.person_token_counts.get(s, 0) >= EVIDENCE_MIN_COUNT and not self.is_common(s, GIVEN_NAME_MAX_ZIPF) for s in stems):
            return True
        if (
            len(words) >= 2 and words[0] in self.given_names and words[0] in self.person_tokens
            and not self.is_common(words[0], GIVEN_NAME_MAX_ZIPF)
            and words[-1] not in self.marathi_common and not words[-1].endswith(self._marathi_endings())
        ):
            return True
        if label == "PERSON":
            # initials before a word unknown to Hindi and Marathi ("एच. वेंकटचलम"); a lone unknown word, or one after
            # a given name, stays unproven: the Hindi model tags Marathi verbs and nouns, and many given names are
            # Marathi words too (एका, लक्ष, नवीन, पण)
            last = words[-1]
            return (
                len(words) < len(all_words) and hindi_zipf(last) < 1.0 and last not in self.marathi_common
                and last not in self.role_words
            )
        if any(h for h in self.translate_heads(words)) or any(
            any(self.translate_heads([*words[:-1], stem])) for stem in self.without_phrase_ending(words[-1])
        ):
            return True  # a generic head, also with a glued case ending ("रिलायन्स फाऊंडेशनच्या")
        return any(len(devanagari_acronym(w) or "") >= 3 for w in words)

    @staticmethod
    def without_phrase_ending(word: str) -> list[str]:
        """``word`` without each Marathi phrase-final case ending it carries (lexicon ``phrase_final_endings``:
        "फाऊंडेशनच्या" -> ["फाऊंडेशन"]); [] when it carries none."""
        from services.nlp.lexicon import lexicon

        return [word[: -len(e)] for e in lexicon("mr").phrase_final_endings if word.endswith(e) and len(word) > len(e) + 1]

    def _marathi_endings(self) -> tuple[str, ...]:
        """The Marathi lexicon's ``name_case_endings`` of two letters or more (ला, ने... are too short to tell)."""
        if self._endings is None:
            from services.nlp.lexicon import lexicon

            self._endings = tuple(e for e in lexicon("mr").name_case_endings if len(e) >= 2)
        return self._endings

    def without_place_descriptor(self, text: str) -> str | None:
        """``text`` without a trailing word that only says it is a place ("संगतपुरा गांव" -> "संगतपुरा", "झूंसी इलाके"
        -> "झूंसी"), or None (also when no letter is left: "43 इलाके" is no place's name)."""
        words = text.split()
        if len(words) > 1 and words[-1] in self.config.place_descriptors:
            rest = " ".join(words[:-1])
            return rest if any(ch.isalpha() for ch in rest) else None
        return None

    def label_by_head(self, text: str) -> str | None:
        """LOC or ORG when the last words of ``text`` are a generic head of that kind (``head_labels``), else None."""
        words = text.split()
        heads = self.translate_heads(words)
        for k in range(len(words) - 1, 0, -1):  # the head that covers the last word; a name needs a word before it
            if heads[k]:
                for label, english in self.config.head_labels.items():
                    if heads[k] in english:
                        return label
                return None
            if heads[k] is None:
                return None
        return None

    def glued_head(self, word: str) -> tuple[str, str] | None:
        """``word`` split into a name part and the one-word head glued to its end ("गृहमंत्रालय" -> ("गृह",
        "मंत्रालय"), "लोकदल" -> ("लोक", "दल")): Hindi news writes some names solid that the KB holds spaced. None when
        no head of ``head_words`` ends it or the part before it is shorter than two letters."""
        for head in self.glueable_heads:
            if word.endswith(head) and len(word) - len(head) >= 2:
                return word[: -len(head)], head
        return None

    @cached_property
    def glueable_heads(self) -> tuple[str, ...]:
        """The one-word heads of ``head_words``, longest first (what ``glued_head`` splits off)."""
        return tuple(sorted((k for k in self.config.head_words if " " not in k), key=len, reverse=True))

    def translate_heads(self, words: list[str]) -> list[str | None]:
        """Per word: the English head word it belongs to (the first word of a multi-word head carries it, the rest
        get ""), or None for a word to romanise. ``["लोकनायक", "अस्पताल"]`` -> ``[None, "Hospital"]``. A word of no
        Hindi head (``head_words``) that is an English word in Devanagari (``loanwords.EnglishLoanwords``) spelling a
        one-word English head (a value of ``head_words`` or a word of ``head_labels``) is that head: ``["उलेमा", "काउन्सिल"]`` -> ``[None, "Council"]``, ``["रेड", "क्रॉस",
        "सोसाइटी"]`` -> ``[None, None, "Society"]``."""
        from services.nlp.loanwords import EnglishLoanwords

        out: list[str | None] = [None] * len(words)
        k = 0
        while k < len(words):
            for key, english in self._heads.get(words[k], ()):
                if tuple(words[k : k + len(key)]) == key:
                    out[k] = english
                    for j in range(k + 1, k + len(key)):
                        out[j] = ""
                    k += len(key)
                    break
            else:
                k += 1
        loans = EnglishLoanwords.default()
        for k, word in enumerate(words):
            if out[k] is None and (english := loans.english(word)) in self._english_heads:
                out[k] = english
        return out
