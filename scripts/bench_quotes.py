#!/usr/bin/env python3
"""make bench-quotes: quote precision/recall/F1 and speaker accuracy on tests/data/quotes_gold.json, and on
the PolNeAR dev split of ../shared (skipped with a message when absent), scored by scripts/polnear.py.

A predicted quote matches a gold one when they share at least half of each other's word tokens.
Speaker accuracy is over matched quotes whose gold speaker is named (null in the gold: the text names none).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "quotes_gold.json"
GOLD_UK_RU = ROOT / "tests" / "data" / "quotes_uk_ru.json"
WORD = re.compile(r"\w+")


def toks(s: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(s))


def overlap_ok(a: str, b: str) -> bool:
    ta, tb = toks(a), toks(b)
    common = sum((ta & tb).values())
    return bool(ta) and bool(tb) and common >= 0.5 * sum(ta.values()) and common >= 0.5 * sum(tb.values())


def score(items: list[dict], extract, same_speaker) -> dict:
    tp = fp = fn = sp_ok = sp_n = 0
    failures = []
    for item in items:
        preds = extract(item["text"])
        used = set()
        for g in item["quotes"]:
            hit = next((k for k, p in enumerate(preds) if k not in used and overlap_ok(g["text"], p.text)), None)
            if hit is None:
                fn += 1
                failures.append((item["case"], "missed", g["text"][:60], g["speaker"], None))
                continue
            used.add(hit)
            tp += 1
            if g["speaker"] is not None:
                sp_n += 1
                if same_speaker(preds[hit].speaker, g["speaker"]):
                    sp_ok += 1
                else:
                    failures.append((item["case"], "speaker", g["text"][:60], g["speaker"], preds[hit].speaker))
        for k, p in enumerate(preds):
            if k not in used:
                fp += 1
                failures.append((item["case"], "extra", p.text[:60], None, p.speaker))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"items": len(items), "gold": tp + fn, "predicted": tp + fp, "precision": precision, "recall": recall,
            "f1": f1, "speaker_accuracy": sp_ok / sp_n if sp_n else 0.0, "speakers_scored": sp_n,
            "failures": failures}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss, extra and wrong speaker")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data directory")
    ap.add_argument("--split", default="dev", help="PolNeAR split to score (fit on train, report on dev)")
    ap.add_argument("--typewriter", action="store_true", help="with -v: list the failures of the second reading")
    ap.add_argument("--reported", default="rules", choices=("rules", "encoder"),
                    help="reported speech on PolNeAR as `corpus ingest --reported` reads it")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    from corpus_cli.extract.quotes import extract_quotes
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    gaz = Gazetteer(load_gazetteer_file())

    def same(pred, gold):
        if pred is None:
            return False
        ca, cb = gaz.resolve(pred), gaz.resolve(gold)
        return (ca.name if ca else pred).casefold() == (cb.name if cb else gold).casefold()

    # The English set, then the Ukrainian and Russian one (tests/data/quotes_uk_ru.json) unless --gold names another.
    for path in [a.gold, *([GOLD_UK_RU] if a.gold == GOLD else [])]:
        items = json.loads(path.read_text(encoding="utf-8"))["items"]
        r = score(items, lambda t: [q for q in extract_quotes(t, gaz) if q.kind != "indirect"], same)
        if a.verbose:
            for case, kind, text, gold, pred in r["failures"]:
                print(f"{kind:8} {case:28} gold={gold!r:26} pred={pred!r:26} {text}")
        print(f"bench-quotes {path.name}: {r['items']} items, {r['gold']} gold quotes, {r['predicted']} predicted")
        print(f"quotes: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}   "
              f"speakers: {r['speaker_accuracy']:.3f} of {r['speakers_scored']} matched quotes with a named speaker")
    _polnear(a, gaz, extract_quotes)
    return 0


def _polnear(a, gaz, extract_quotes) -> None:
    """PolNeAR's split scored by its README's rules, as ingest extracts (gazetteer hits found once)."""
    if not (a.shared / "bench" / "polnear").is_dir():
        print(f"polnear: skipped ({a.shared}/bench/polnear not found; pass --shared)")
        return
    import polnear

    reader = None
    if a.reported == "encoder":
        from corpus_cli.extract.reported_encoder import default_reader

        reader = default_reader()
    articles = polnear.load(a.shared, a.split)
    extracted = {x["article"]: extract_quotes(x["text"], gaz, gaz.find(x["text"]),
                                              polnear.PUBLISHERS.get(x["publisher_code"]), reader=reader)
                 for x in articles}
    for typewriter in (False, True):
        quotes, indirect = polnear.score(articles, lambda t, x=iter(extracted.values()): next(x), typewriter)
        print(f"polnear {a.split}: {len(articles)} articles, --reported {a.reported}"
              + (", '' counted as quotation marks (the NYT's)" if typewriter else ", README rules"))
        _report(quotes, indirect, a.verbose and typewriter == a.typewriter)


def _report(quotes, indirect, verbose: bool) -> None:
    for name, tally in (("direct+partial", quotes), ("indirect", indirect)):
        r = tally.figures()
        print(f"  {name:15} gold={r['gold']:5} predicted={r['predicted']:5} P={r['precision']:.3f} "
              f"R={r['recall']:.3f} F1={r['f1']:.3f}  speaker={r['speaker_accuracy']:.3f} "
              f"(of {r['speakers_scored']})  end-to-end F1={r['e2e_f1']:.3f}  "
              f"mention words in the gold source={r['mention_precision']:.3f}  "
              f"speaker actor sharing no word with it={r['actor_wrong']:.3f} (of {r['actors_given']})")
        if verbose:
            for art, kind, text, gold, pred in tally.failures:
                said = f"{pred.speaker_mention!r}->{pred.speaker!r}" if pred else ""
                print(f"    {kind:8} {art[:40]:40} gold={gold!r:24} pred={said:40} {text[:90]!r}")


if __name__ == "__main__":
    sys.exit(main())
