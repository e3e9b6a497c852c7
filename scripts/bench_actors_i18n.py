#!/usr/bin/env python3
"""make bench-actors (second part): countries and people on Ukrainian and Russian news with annotated
entities, ../shared/bench/ner_uk_ru (its README says how the project is measured there).

Each document is ingested as a text file by `corpus ingest`, and `corpus export` says which actors it names.
Gold countries of a document: its LOC mentions that name a country, i.e. whose words are, up to case
endings (pymorphy3 lemmas), the country's CLDR name in the document's language or one of the common short
forms below. Predicted: the document's exported actors of type country. Precision, recall and F1 over
(document, country) pairs, per language. A person actor found is right when a PER mention of its document
names it (resolved by the gazetteer, or the same surname up to case endings).

Each dev file is also split in two fixed halves by a hash of the document id: rules are designed on half a
and half b is held out, so its figures are the ones to report (docs/languages.md).

Needs the gazetteer extra (babel, pymorphy3): pip install -e '.[gazetteer]'.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Short forms news writes for a country that CLDR does not give as its name, fixed before the first run.
SHORT_FORMS = {
    "uk": {"США": "US", "РФ": "RU", "КНДР": "KP", "КНР": "CN", "ОАЕ": "AE", "ПАР": "ZA", "Британія": "GB",
           "Великобританія": "GB", "Білорусія": "BY", "Молдавія": "MD", "Голландія": "NL", "Російська Федерація": "RU",
           "Сполучені Штати Америки": "US", "Туреччина": "TR"},
    "ru": {"США": "US", "РФ": "RU", "КНДР": "KP", "КНР": "CN", "ОАЭ": "AE", "ЮАР": "ZA", "Британия": "GB",
           "Белоруссия": "BY", "Молдавия": "MD", "Голландия": "NL", "Киргизия": "KG", "Российская Федерация": "RU",
           "Соединенные Штаты Америки": "US", "Северная Корея": "KP", "Южная Корея": "KR", "Украина": "UA"},
}


def lemmas(text: str, lang: str) -> tuple[str, ...]:
    from gazetteer_i18n import morph

    words = [w for w in text.replace("'", " ").replace("’", " ").replace("ʼ", " ").split() if w]
    return tuple(morph(lang).parse(w)[0].normal_form.replace("ё", "е") for w in words)


def country_table(lang: str) -> dict[tuple[str, ...], str]:
    """Lemmas of each country name in ``lang`` -> ISO alpha-2."""
    from gazetteer_i18n import cldr_names

    table = {}
    for iso, names in cldr_names([lang]).items():
        table[lemmas(names[lang], lang)] = iso
    for name, iso in SHORT_FORMS[lang].items():
        table[lemmas(name, lang)] = iso
    return table


def predicted(docs: list[dict], tmp: Path, python: str) -> dict[str, list[dict]]:
    """doc id -> the actors `corpus export` gives for it."""
    src = tmp / "docs"
    src.mkdir()
    for d in docs:
        (src / f"{d['doc']}.txt").write_text(d["text"], encoding="utf-8")
    db = str(tmp / "bench.db")
    corpus = [python, "-m", "corpus_cli"]
    # Run from the temporary folder: `python -m` would import the corpus_cli of the current directory.
    subprocess.run([*corpus, "ingest", str(src), "--db", db, "-q"], check=False, cwd=tmp)
    out = subprocess.run([*corpus, "export", "--db", db], check=True, capture_output=True, text=True, cwd=tmp).stdout
    actors = {}
    for line in out.splitlines():
        art = json.loads(line)
        for f in art["files"]:
            actors[Path(f).stem] = art["actors"]
    return actors


def _same_surname(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    n = min(len(a), len(b))
    return n >= 3 and a[: max(3, n - 2)] == b[: max(3, n - 2)] and abs(len(a) - len(b)) <= 3


def half(doc: str) -> str:
    """A document's fixed half of a dev file: "a" (rules are designed on it) or "b" (held out, reported)."""
    return "ab"[int(hashlib.sha256(doc.encode()).hexdigest(), 16) % 2]


def _doc_tally(d: dict, found: list[dict], lang: str, gaz, table, iso_of, verbose: bool) -> list[int]:
    """[tp, fp, fn, right persons, persons] of one document."""
    gold = {table.get(lemmas(e["text"], lang)) for e in d["entities"] if e["type"] == "LOC"} - {None}
    pred = {iso_of.get(a["name"]) for a in found if a["type"] == "country"} - {None}
    if verbose and gold != pred:
        print(f"{lang} {half(d['doc'])} {d['doc']:24} missed={sorted(gold - pred)} extra={sorted(pred - gold)}")
    pers = [e["text"] for e in d["entities"] if e["type"] == "PER"]
    right = n = 0
    for a in found:
        if a["type"] != "person":
            continue
        n += 1
        ok = any((gaz.resolve(m) or gaz.resolve(m.split()[-1]) or _NoActor).name == a["name"]
                 or _same_surname(m.split()[-1], a["name"].split()[-1]) for m in pers)
        right += ok
        if verbose and not ok:
            print(f"{lang} {half(d['doc'])} {d['doc']:24} person not a PER mention: {a['name']}")
    return [len(gold & pred), len(pred - gold), len(gold - pred), right, n]


def score(docs: list[dict], actors: dict[str, list[dict]], lang: str, gaz, verbose: bool) -> dict[str, dict]:
    """Figures for all of ``docs`` ("all") and for each half ("a", "b")."""
    table = country_table(lang)
    iso_of = {a.name: a.iso2 for a in gaz.actors.values() if a.type == "country"}
    sums = {k: [0] * 5 for k in ("all", "a", "b")}
    for d in docs:
        t = _doc_tally(d, actors.get(d["doc"], []), lang, gaz, table, iso_of, verbose)
        for k in ("all", half(d["doc"])):
            sums[k] = [x + y for x, y in zip(sums[k], t)]
    out = {}
    for k, (tp, fp, fn, p_right, p_all) in sums.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[k] = {"docs": sum(1 for d in docs if k in ("all", half(d["doc"]))), "pairs": tp + fn, "P": p, "R": r,
                  "F1": 2 * p * r / (p + r) if p + r else 0.0, "persons": p_all,
                  "person_P": p_right / p_all if p_all else 0.0}
    return out


class _NoActor:
    name = None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--python", default=sys.executable, help="the Python whose corpus_cli ingests (another checkout's)")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    bench = a.shared / "bench" / "ner_uk_ru"
    if not bench.is_dir():
        print(f"bench-actors: {bench} not found: Ukrainian and Russian figures skipped")
        return 0
    sys.path.insert(0, str(ROOT / "scripts"))
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    gaz = Gazetteer(load_gazetteer_file())
    for lang in ("uk", "ru"):
        docs = [json.loads(line) for line in (bench / f"{lang}_dev.jsonl").read_text(encoding="utf-8").splitlines()]
        with tempfile.TemporaryDirectory() as tmp:
            scores = score(docs, predicted(docs, Path(tmp), a.python), lang, gaz, a.verbose)
        for k, r in scores.items():
            part = {"all": "dev", "a": "dev half a", "b": "dev half b"}[k]
            print(f"ner_uk_ru {lang} {part}: {r['docs']} docs, {r['pairs']} gold (document, country) pairs: "
                  f"countries P={r['P']:.3f} R={r['R']:.3f} F1={r['F1']:.3f}; "
                  f"person actors {r['persons']}, precision against PER mentions {r['person_P']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
