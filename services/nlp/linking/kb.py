"""The entity knowledge base on disk (built by ``scripts/build_kb.py``) and its lookup indexes.

Why a separate module: loading and indexing (~40k entries, exact key, skeleton and fuzzy indexes) is one job;
deciding which candidate a mention means is the linker's (``candidates``, ``strategies``).
"""

from __future__ import annotations

import gzip
import json
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from services.nlp.linking.keys import KEYS_VERSION, mention_key, name_key, skeleton
from services.nlp.linking.state import NAME_LABELS

DEFAULT_KB_DIR = Path(__file__).resolve().parents[1] / "data" / "kb"
ENTITIES_FILE = "kb.json.gz"
META_FILE = "meta.json"  # human-readable summary; the loader reads the meta inside ENTITIES_FILE

# Higher wins among candidates of one key: hand-checked lists over bulk gazetteers.
SOURCE_RANK = {"curated": 3, "country": 2, "state": 2, "cricketer": 2, "city": 1, "candidate": 1}
FUZZY_POOL_MIN_PRIOR = 100_000.0  # cities smaller than this are matched exactly only (too many near-homographs)


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One knowledge-base entity: English ``canonical`` name, ``label`` (PERSON/ORG/LOC), Wikidata ``kb_id``
    (or None), ``source`` list it came from, ``prior`` (popularity: population or curated rank) and its ``aliases``
    (spellings in any script)."""
    canonical: str
    label: str  # PERSON | ORG | LOC
    kb_id: str | None
    source: str  # curated | country | city
    prior: float  # popularity proxy (population, or a curated rank) to break ties between homonyms
    aliases: tuple[str, ...]
    match: tuple[str, ...] | None = None  # names safe to search for in running text (None: all aliases)
    country: str | None = None  # ISO code of a city / curated place

    @property
    def rank(self) -> tuple[int, float]:
        """Sort key between homonyms: (rank of the source, curated first; prior). Higher is preferred."""
        return (SOURCE_RANK.get(self.source, 0), self.prior)


class KnowledgeBase:
    """Read-only, in-memory KB: key -> entries, skeleton -> keys, and a fuzzy pool of well-known keys.

    The indexes are stored in the KB file by the build script, so loading is one ``json.loads`` (fast); if the
    key functions changed since the build (``keys_version``), they are recomputed from the aliases (slow).
    Raises ``FileNotFoundError`` without ``kb.json.gz`` in ``kb_dir``, ``ValueError`` (or ``KeyError``) when an
    entry is malformed, e.g. a label other than PERSON/ORG/LOC.
    """

    def __init__(self, kb_dir: Path | None = None) -> None:
        self.kb_dir = Path(kb_dir) if kb_dir is not None else DEFAULT_KB_DIR
        path = self.kb_dir / ENTITIES_FILE
        if not path.exists():
            raise FileNotFoundError(f"no knowledge base at {self.kb_dir}; run `python scripts/build_kb.py`")
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
        self.meta: dict = doc["meta"]
        self.version: str = str(self.meta.get("version", "kb-unknown"))
        self.entries: list[KBEntry] = [
            KBEntry(
                r["canonical"],
                r["label"],
                r.get("kb_id"),
                r["source"],
                float(r["prior"]),
                tuple(r["aliases"]),
                tuple(r["match"]) if "match" in r else None,
                r.get("country"),
            )
            for r in doc["entries"]
        ]
        unknown = {e.label for e in self.entries}.difference(NAME_LABELS)
        if unknown:  # a KB label becomes the entity's label: never pass on one the records do not know
            raise ValueError(f"{path}: entity labels {sorted(unknown)} are not one of {list(NAME_LABELS)}")
        index = doc["index"] if self.meta.get("keys_version") == KEYS_VERSION else build_index(doc["entries"])
        self.by_key: dict[str, list[int]] = index["keys"]
        self.by_skeleton: dict[str, list[str]] = index["skeletons"]
        # Fuzzy pool blocked by first letter and sorted by length: a query only scans keys that start like it
        # (spelling variants almost always do; vowel-only variants are caught by the skeleton index anyway)
        # and whose length can reach the threshold (ratio >= t needs len in [L*t/(2-t), L*(2-t)/t]).
        grouped: dict[str, list[str]] = defaultdict(list)
        for k in index["pool"]:
            grouped[k[:1]].append(k)
        self._pools: dict[str, tuple[list[int], list[str]]] = {}
        for first, keys in grouped.items():
            keys.sort(key=len)
            self._pools[first] = ([len(k) for k in keys], keys)

    def __len__(self) -> int:
        return len(self.entries)

    def exact(self, key: str) -> list[KBEntry]:
        """Entries indexed under ``key`` (a ``name_key``/``mention_key`` string), KB order; [] if none."""
        return [self.entries[i] for i in self.by_key.get(key, ())]

    def fuzzy(self, key: str, threshold: float) -> tuple[str, float] | None:
        """Best KB key within ``threshold`` (rapidfuzz ratio, 0..100): same-skeleton keys first, then the pool."""
        best: tuple[str, float] | None = None
        for candidate in self.by_skeleton.get(skeleton(key), ()):
            score = fuzz.ratio(key, candidate)
            if score >= threshold and (best is None or score > best[1]):
                best = (candidate, score)
        if best is not None:
            return best
        lengths, keys = self._pools.get(key[:1], ([], []))
        t = threshold / 100.0
        lo = bisect_left(lengths, int(len(key) * t / (2 - t)))
        hi = bisect_right(lengths, int(len(key) * (2 - t) / t) + 1)
        for found in process.extract(key, keys[lo:hi], scorer=fuzz.ratio, score_cutoff=threshold, limit=5):
            if not _changes_consonants(key, found[0]):
                return found[0], float(found[1])
        return None


def _changes_consonants(key: str, candidate: str) -> bool:
    """Does turning ``key`` into ``candidate`` (folded keys) replace a consonant, or add or drop more than one? A
    vowel, a consonant more or less is a spelling variant (रॉयटर / रॉयटर्स); one consonant for another is another
    name (राजपुर is Rajpur, not Raipur; रणबीर is not Ranveer, रणवीर), and so is a word with a suffix more (उच्च
    न्यायालय, a High Court, is not उच्चतम न्यायालय, the Supreme Court)."""
    added = 0  # consonants inserted or deleted
    for op, i, j in Levenshtein.editops(key, candidate):
        if op == "replace" and (_is_consonant(key[i]) or _is_consonant(candidate[j])):
            return True
        if (op == "delete" and _is_consonant(key[i])) or (op == "insert" and _is_consonant(candidate[j])):
            added += 1
    return added > 1


def _is_consonant(ch: str) -> bool:
    """A Latin consonant letter or a Devanagari consonant (क..ह, nukta forms), for ``_changes_consonants``."""
    return ("a" <= ch <= "z" and ch not in "aeiouy") or "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f"


def build_index(rows: list[dict]) -> dict:
    """Key, skeleton and fuzzy-pool indexes over KB rows (dicts with canonical/aliases/source/prior)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    by_skeleton: dict[str, set[str]] = defaultdict(set)
    pool: set[str] = set()
    for index, row in enumerate(rows):
        # bulk name lists (cricketers, candidates: "fuzzy": false) are matched exactly only, like small towns
        fuzzy_ok = row.get("fuzzy", True) and (row["source"] != "city" or float(row["prior"]) >= FUZZY_POOL_MIN_PRIOR)
        for key in keys_of(row["canonical"], row["aliases"]):
            by_key[key].append(index)
            by_skeleton[skeleton(key)].add(key)
            if fuzzy_ok and len(key) >= 4:
                pool.add(key)
    return {
        "keys": dict(sorted(by_key.items())),
        "skeletons": {s: sorted(k) for s, k in sorted(by_skeleton.items())},
        "pool": sorted(pool),
    }


@lru_cache(maxsize=1)
def _shared_name_keys() -> frozenset[str]:
    from services.nlp.name_lexicon import NameLexicon

    return frozenset(name_key(w) for w in NameLexicon.default().shared_name_words)


def _shared_name_word(key: str) -> bool:
    """Is ``key`` (a folded one-word key) a word of many people's names (``NameLexicon.shared_name_words``)?"""
    return key in _shared_name_keys()


def keys_of(canonical: str, aliases: list[str]) -> list[str]:
    """Index keys of a KB entry (used by the build script so that loading does not recompute them)."""
    keys: set[str] = set()
    for alias in (canonical, *aliases):
        full, stripped = name_key(alias), mention_key(alias)
        keys.add(full)
        # "सम्राट चौधरी" is a name, not the title सम्राट + चौधरी: a title stripped down to a word shared by many people's
        # names would make every चौधरी in the news this person ("शेख हसीना" -> "हसीना" stays a key). The linker tries
        # the whole name first, then without titles.
        if stripped != full and len(stripped.split()) == 1 and len(full.split()) > 1 and _shared_name_word(stripped):
            continue
        keys.add(stripped)
    keys.discard("")
    return sorted(keys)
