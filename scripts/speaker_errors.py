#!/usr/bin/env python3
"""Speaker errors on a PolNeAR split (train by default: fit there, report on dev), counted by category, to
pick which to fix first. With --show CATEGORY, each error of that category with the text around the quote.

    .venv/bin/python scripts/speaker_errors.py --shared ../shared [--split train] [--show no-cue]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NOMINAL_START = ("the ", "a ", "an ", "one ", "some ", "many ", "two ", "three ", "several ", "other ")


def category(pred, gold: str) -> str:
    """Why a speaker is wrong, roughly: what was predicted against what the gold source is."""
    g = gold.strip().lower()
    if not (pred.speaker or pred.speaker_mention):
        return "none-given"
    if pred.cue == "continued":
        return "continued"
    if pred.cue is None:
        return "no-cue"
    if pred.cue in (":",):
        return "colon"
    if g.startswith(_NOMINAL_START) or g.split()[0] in {"who", "which", "that"}:
        return "gold-nominal"
    mention = (pred.speaker_mention or "").lower()
    if mention in {"he", "she", "they"}:
        return "pronoun"
    if pred.speaker_mention and pred.speaker_mention[:1].islower():
        return "mention-lowercase"
    return "wrong-name"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--split", default="train")
    ap.add_argument("--show", help="list the errors of this category (or 'extra' for false positives)")
    ap.add_argument("--sample", type=int, default=40)
    a = ap.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    import polnear

    from corpus_cli.extract.quotes import extract_quotes
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    gaz = Gazetteer(load_gazetteer_file())
    articles = polnear.load(a.shared, a.split)
    texts = {x["article"]: x["text"] for x in articles}
    pubs = iter([polnear.PUBLISHERS.get(x["publisher_code"]) for x in articles])
    quotes, _ = polnear.score(articles, lambda t: extract_quotes(t, gaz, gaz.find(t), next(pubs)))
    counts: Counter = Counter()
    shown = []
    for art, kind, text, gold, pred in quotes.failures:
        cat = category(pred, gold) if kind == "speaker" else kind
        counts[cat] += 1
        if cat == a.show:
            shown.append((art, gold, pred, text))
    for cat, n in counts.most_common():
        print(f"{cat:18} {n:5}")
    random.Random(7).shuffle(shown)
    for art, gold, pred, text in shown[: a.sample]:
        t = texts[art]
        ctx = t[max(0, pred.start - 160): pred.end + 120].replace("\n", " ¶ ") if pred else text
        said = f"{pred.speaker_mention!r}->{pred.speaker!r} cue={pred.cue!r}" if pred else ""
        print(f"\n[{art[:30]}] gold={gold!r} pred={said}\n   {ctx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
