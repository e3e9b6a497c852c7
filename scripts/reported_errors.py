#!/usr/bin/env python3
"""Where reported speech loses, held out on PolNeAR train: each gold `indirect` content (3+ words) the kept
candidates miss, and each kept candidate that matches none, by cause.

The folds are make train-reported's (scripts/train_reported.py): each publisher's candidates come from the cue
words and token model fitted without it, and are scored by a candidate model fitted without it, at the threshold
those held-out scores choose. A miss is "another end kept" when a candidate would match but the model kept
another of the same words, "dropped" when one would match and none near it was kept, "bounds" when a kept
content shares a quarter to a half of its words (too long or too short: the smaller share is the kept content's
or the gold's), "partial" when only a candidate sharing a quarter or more exists,
else "no candidate" (by where the gold stands: a sentence with quotation marks, several sentences, neither).
An extra is "bounds" likewise, "quote" when it shares half its words with a direct or mixed content, "other
attribution" with any other attribution, else "no attribution" (a false cue).
Usage: scripts/reported_errors.py --shared ../shared [--cache /tmp/folds.pickle] [--show CAUSE]
"""

from __future__ import annotations

import argparse
import pickle
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import polnear  # noqa: E402
import train_reported as tr  # noqa: E402

_MARKS = re.compile(r"[\"“”]|''")


def _bag(s: str) -> Counter:
    return Counter(polnear.words(s))


def context(article: dict, c) -> str:
    """The sentence around a candidate, its cue word in brackets and its content between bars."""
    base = c.sentence[0] + c.sentence[1]
    text, cand = article["text"], c.c
    lo, hi = base + min(cand.start, max(cand.anchor, 0)) - 60, base + max(cand.end, cand.anchor) + 40
    cue = [(base + cand.anchor, "["), (base + cand.anchor + len(cand.cue), "]")] if cand.anchor >= 0 else []
    marks = sorted([(base + cand.start, "|"), (base + cand.end, "|"), *cue], reverse=True)
    out = text[max(0, lo) : hi]
    for at, mark in marks:
        if lo <= at <= hi:
            out = out[: at - max(0, lo)] + mark + out[at - max(0, lo) :]
    return " ".join(out.split()) + f"  p={c.p:.2f}"


def _miss_cause(article: dict, gold: str, kept: list, cands: list) -> str:
    g = _bag(gold)
    best = max((polnear.shares(g, _bag(c.text)) for c in kept), key=min, default=(0.0, 0.0))
    if any(min(polnear.shares(g, _bag(c.text))) >= 0.5 for c in cands):
        return "another end kept" if min(best) >= 0.25 else "dropped by the model"
    if min(best) >= 0.25:
        return "bounds: too long" if best[1] < best[0] else "bounds: too short"
    if any(min(polnear.shares(g, _bag(c.text))) >= 0.25 for c in cands):
        return "partial candidates only"
    at = next(x for x in article["attributions"] if x["content"] == gold)
    c0, c1 = at["content_spans"][0][0], at["content_spans"][-1][1]
    text = article["text"]
    if len(at["content_spans"]) > 1 or re.search(r"[.!?]\s+[A-Z\"“]", text[c0:c1]):
        return "no candidate: several sentences or pieces"
    if _MARKS.search(text, max(0, c0 - 300), min(len(text), c1 + 300)):
        return "no candidate: quotation marks near"
    return "no candidate: other"


def _extra_cause(article: dict, pred, gold_indirect: list) -> str:
    p = _bag(pred.text)
    best = max((polnear.shares(_bag(g), p) for g, _ in gold_indirect), key=min, default=(0.0, 0.0))
    if min(best) >= 0.25:
        return "bounds: too long" if best[1] < best[0] else "bounds: too short"
    for at in article["attributions"]:
        if polnear.shares(_bag(at["content"]), p)[1] >= 0.5:
            return "quote" if at["kind"] in ("direct", "mixed") else "other attribution"
    return "no attribution"


def train_defaults(a) -> None:
    """Give ``a`` make train-reported's settings."""
    for k, v in dict(min_count=3, epochs=8, token_epochs=4, token_min_count=3, token_threshold=0.1, l2=0.01,
                     rate=0.3).items():
        setattr(a, k, v)


def fold_models(articles: list[dict], a) -> dict:
    """make train-reported's fold models (cue words and token model without each publisher), kept in --cache."""
    if a.cache and a.cache.exists():
        return pickle.loads(a.cache.read_bytes())
    folds = tr.fold_models(articles, a)
    if a.cache:
        a.cache.write_bytes(pickle.dumps(folds))
    return folds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, help="keep the fold token models here (they do not depend on reported.py)")
    ap.add_argument("--show", help="print a sample of the cases of this cause")
    ap.add_argument("--cue-min-count", type=int, default=5, help="as make train-reported")
    a = ap.parse_args()
    train_defaults(a)
    if polnear.missing(a.shared, "reported_errors", "--shared"):
        return 0
    articles = polnear.load(a.shared, "train")
    folds = fold_models(articles, a)
    cands = {art["article"]: tr.article_candidates(art, folds[art["publisher_code"]]) for art in articles}
    threshold = tr.held_out_threshold(articles, cands, a)
    misses, extras = Counter(), Counter()
    shown: list[str] = []
    for art in articles:
        gold = polnear.gold_units(art)[1]
        kept = tr.kept(cands[art["article"]], threshold)
        pairs = polnear.match(gold, kept)
        got_g, got_p = {g for g, _ in pairs}, {p for _, p in pairs}
        for k, (g, _) in enumerate(gold):
            if k not in got_g:
                misses[cause := _miss_cause(art, g, kept, cands[art["article"]])] += 1
                if cause == a.show:
                    near = max(cands[art["article"]], key=lambda c: min(polnear.shares(_bag(g), _bag(c.text))))
                    shown.append(f"miss  {cause}: {g[:160]!r}\n      best: {context(art, near)} {near.features}")
        for k, p in enumerate(kept):
            if k not in got_p:
                extras[cause := _extra_cause(art, p, gold)] += 1
                shown += [f"extra {cause}: {context(art, p)} {p.features}"] if cause == a.show else []
    for name, counts in (("missed gold contents", misses), ("kept contents matching none", extras)):
        print(f"{name}: {sum(counts.values())}")
        for cause, n in counts.most_common():
            print(f"  {cause:45} {n:6}")
    for line in random.Random(0).sample(shown, min(40, len(shown))):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
