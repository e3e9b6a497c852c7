#!/usr/bin/env python3
"""make gazetteer: build corpus_cli/data/actors.json from maintained sources plus data/actors_curated.json.

Countries and territories come from pycountry (ISO 3166-1: names, official and common names, codes) and
countryinfo (demonyms, alternative spellings, capitals); curated aliases news uses ("DPRK", "Britain",
"North Koreans") and the organisations, institutions and people come from data/actors_curated.json.
ISO codes are stored as fields, not aliases (two-letter codes such as "IN", "IT" or "NO" are English
words), except the handful that news prints as names (listed in CODE_ALIASES).
Names in other languages (CLDR's country names, curated aliases, people and organisations, case forms
of Ukrainian and Russian names) come from data/actors_curated_i18n.json through scripts/gazetteer_i18n.py.
Needs the optional extra: pip install -e '.[gazetteer]'.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from gazetteer_i18n import add_languages, drop_shared_forms

ROOT = Path(__file__).resolve().parents[1]
CODE_ALIASES = {"US", "USA", "UK", "UAE", "PRC", "ROK", "DPRK", "DRC"}


def _plural(demonym: str) -> list[str]:
    # "North Korean" -> "North Koreans"; "British", "Swiss", "Chinese" have no plural form.
    if re.search(r"(?:an|i|er|ite)$", demonym):
        return [demonym + "s"]
    return []


def countries() -> list[dict]:
    import pycountry
    from countryinfo import CountryInfo

    out = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names = [getattr(c, "common_name", None) or c.name]
        aliases = [c.name, getattr(c, "official_name", None)]
        capital = None
        try:
            info = CountryInfo(c.alpha_2).info()
        except Exception:  # noqa: BLE001 - a territory countryinfo does not know
            info = {}
        if info:
            aliases.append(info.get("name"))
            for alt in info.get("altSpellings") or []:
                if len(alt) > 3 and not alt.isupper() and "," not in alt:
                    aliases.append(alt)
            demonym = info.get("demonym")
            if demonym:
                aliases += [demonym, *_plural(demonym)]
            # "Washington D.C." is written "Washington" when it stands for the government.
            capital = re.sub(r",?\s+D\.C\.$", "", info.get("capital") or "") or None
        name = names[0]
        if "," in name:  # "Korea, Republic of" -> use the plain name countryinfo gives
            name = info.get("name") or name
        seen = {name}
        clean = []
        for a in aliases:
            if a and a not in seen and "," not in a:
                seen.add(a)
                clean.append(a)
        out.append({"name": name, "type": "country", "iso2": c.alpha_2, "iso3": c.alpha_3, "aliases": clean,
                    "capital": capital})
    return out


def main() -> int:
    curated = json.loads((ROOT / "data" / "actors_curated.json").read_text(encoding="utf-8"))
    built = countries()
    by_iso = {c["iso2"]: c for c in built}
    for iso, extra in curated["country_aliases"].items():
        c = by_iso.get(iso)
        if c is None:
            print(f"build_gazetteer: no country with ISO code {iso}", file=sys.stderr)
            return 1
        for a in extra:
            if a not in c["aliases"] and a != c["name"]:
                c["aliases"].append(a)
    # News names some countries differently from ISO; the curated file's first alias can rename them.
    renames = {"KP": "North Korea", "KR": "South Korea", "RU": "Russia", "US": "United States", "GB": "United Kingdom",
               "IR": "Iran", "SY": "Syria", "VN": "Vietnam", "LA": "Laos", "MD": "Moldova", "TZ": "Tanzania",
               "BO": "Bolivia", "VE": "Venezuela", "TW": "Taiwan", "CZ": "Czechia", "TR": "Turkey"}
    for iso, name in renames.items():
        c = by_iso[iso]
        if c["name"] != name:
            c["aliases"] = [c["name"]] + [a for a in c["aliases"] if a != name]
            c["name"] = name
    for c in built:
        c["aliases"] = [a for a in c["aliases"] if a not in CODE_ALIASES or a in curated["country_aliases"].get(c["iso2"], [])]
    # A demonym or spelling several territories share ("American": US, Northern Mariana Islands, ...) says
    # nothing about which one is meant: kept only where it is curated, dropped elsewhere.
    owners: dict[str, list[str]] = {}
    for c in built:
        for a in c["aliases"]:
            owners.setdefault(a.casefold(), []).append(c["iso2"])
    for c in built:
        curated_here = {a.casefold() for a in curated["country_aliases"].get(c["iso2"], [])}
        c["aliases"] = [a for a in c["aliases"] if len(owners[a.casefold()]) == 1 or a.casefold() in curated_here]
    i18n = json.loads((ROOT / "data" / "actors_curated_i18n.json").read_text(encoding="utf-8"))
    actors = curated["actors"] + i18n["new_actors"]
    add_languages(built, actors, i18n)
    drop_shared_forms(built + actors)
    data = {
        "version": 3,
        "about": "Actor gazetteer (generated by scripts/build_gazetteer.py; edit data/actors_curated.json instead). "
                 "Countries: pycountry (ISO 3166-1) and countryinfo (demonyms, spellings, capitals). "
                 "Names in other languages: CLDR (babel), data/actors_curated_i18n.json; case forms: pymorphy3. "
                 "context_aliases match only in an article that names the actor in full; forms and capitals "
                 "match in text but are not stored as aliases.",
        "actors": built + actors,
    }
    # One actor a line: a rebuild's diff shows which actors changed, and the file stays small to load.
    head = json.dumps({k: v for k, v in data.items() if k != "actors"}, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(a, ensure_ascii=False) for a in data["actors"])
    (ROOT / "corpus_cli" / "data" / "actors.json").write_text(f'{head}, "actors": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"build_gazetteer: {len(built)} countries and territories, {len(actors)} curated actors, "
          f"{sum(len(a.get('forms') or []) for a in data['actors'])} case forms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
