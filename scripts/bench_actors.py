#!/usr/bin/env python3
"""make bench-actors: precision and recall of actor mentions on tests/data/actors_gold.json.

Scores what ingest stores: gazetteer mentions plus actors discovered in the text (titles, roles, speakers,
organisations with their acronym).

Each sentence's gold lists the actors it names with how many times; a predicted mention counts as right up
to the gold count of its actor (micro-averaged over all sentences).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "actors_gold.json"


def score(sentences: list[dict], mentions) -> dict:
    tp = n_pred = n_gold = 0
    failures = []
    for s in sentences:
        gold = Counter(s["actors"])
        pred = Counter({m.name: m.count for m in mentions(s["text"])})
        hit = sum((gold & pred).values())
        tp += hit
        n_pred += sum(pred.values())
        n_gold += sum(gold.values())
        if gold != pred:
            failures.append((s["case"], dict(gold - pred), dict(pred - gold)))
    return {"sentences": len(sentences), "gold": n_gold, "predicted": n_pred,
            "precision": tp / n_pred if n_pred else 0.0, "recall": tp / n_gold if n_gold else 0.0,
            "failures": failures}


def article_mentions(text: str, gaz):
    """What ingest stores for a text: gazetteer mentions and the actors discovered in it."""
    from corpus_cli.extract.discovery import discovered_mentions
    from corpus_cli.extract.quotes import extract_quotes

    hits = gaz.find(text)
    return gaz.mentions(text, hits) + discovered_mentions(text, gaz, extract_quotes(text, gaz, hits))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    gaz = Gazetteer(load_gazetteer_file())
    r = score(json.loads(a.gold.read_text(encoding="utf-8"))["sentences"], lambda text: article_mentions(text, gaz))
    if a.verbose:
        for case, missed, extra in r["failures"]:
            print(f"{case:28} missed={missed} extra={extra}")
    print(f"bench-actors: {r['sentences']} sentences, {r['gold']} gold mentions, {r['predicted']} predicted")
    print(f"mentions: P={r['precision']:.3f} R={r['recall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
