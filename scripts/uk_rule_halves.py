#!/usr/bin/env python3
"""A held-out figure for the Ukrainian institution rule (gazetteer.Gazetteer._in_a_name), whose list of
organisation words was written looking at all of ner_uk_ru uk dev: the list re-derived on half a alone (a word
stays only if taking it out lowers half a's countries F1), then both halves scored with it. Half b is then
held out from the list, not from the rule's shape (docs/languages.md says which figure is which).

Scores in one process: each document through the text cleaner (no corpus-learned lines), then the gazetteer's
country mentions; on this set that gives the figures `make bench-actors` gives. Prints the kept words; write a
copy of corpus_cli with them and run scripts/bench_actors_i18n.py with PYTHONPATH pointing at it to check.
Needs the gazetteer extra and ../shared.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    path = a.shared / "bench" / "ner_uk_ru" / "uk_dev.jsonl"
    if not path.exists():
        print(f"uk_rule_halves: {path} not found: skipped")
        return 0
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_actors_i18n import country_table, half, lemmas

    import corpus_cli.gazetteer as g
    from corpus_cli.clean.text import clean_text

    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    table = country_table("uk")
    texts = {d["doc"]: clean_text(d["text"]).text for d in docs}
    gold = {d["doc"]: {table.get(lemmas(e["text"], "uk")) for e in d["entities"] if e["type"] == "LOC"} - {None}
            for d in docs}
    actors = g.load_gazetteer_file()

    def f1(which: str) -> float:
        gaz = g.Gazetteer(actors)
        iso = {x.name: x.iso2 for x in gaz.actors.values() if x.type == "country"}
        tp = fp = fn = 0
        for d in docs:
            if half(d["doc"]) == which:
                t = texts[d["doc"]]
                pred = {iso.get(m.name) for m in gaz.mentions(t, gaz.find(t)) if m.type == "country"} - {None}
                tp, fp, fn = tp + len(gold[d["doc"]] & pred), fp + len(pred - gold[d["doc"]]), fn + len(gold[d["doc"]] - pred)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    full = g._ORG_STEMS
    base = f1("a")
    print(f"all {len(full)} words: half a F1 {base:.3f}, half b {f1('b'):.3f}")
    keep = []
    for stem in full:
        g._ORG_STEMS = tuple(x for x in full if x != stem)
        if f1("a") < base:
            keep.append(stem)
    g._ORG_STEMS = tuple(keep)
    print(f"the {len(keep)} words half a supports ({' '.join(keep)}): half a F1 {f1('a'):.3f}, half b {f1('b'):.3f}")
    g._ORG_STEMS = ()
    print(f"no words: half a F1 {f1('a'):.3f}, half b {f1('b'):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
