#!/usr/bin/env python3
"""Where reported speech's candidates start and end against PolNeAR train's `indirect` contents, held out.

The candidates and their held-out scores are make train-reported's (scripts/train_reported.py folds by
publisher). For each gold content of one piece (3+ words): is there a candidate starting where it starts (within
6 characters), does one of those end where it ends, and does the best-scored one end there, past it or short of
it (and does it still match, half of each side's words); what follows the gold's end inside a longer kept content.
Then two bounds at the chosen threshold: the right end among a kept cue's candidates, and the right keep-or-drop
for each cue with the model's end.
Usage: scripts/reported_ends.py --shared ../shared [--cache /tmp/folds.pickle]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import polnear  # noqa: E402
import reported_errors  # noqa: E402
import train_reported as tr  # noqa: E402

_NEXT = re.compile(r"\s*([,;:—–(\-]?)\s*(\w+)?")
_bag = reported_errors._bag


def tally_ends(article: dict, cands: list, stats: Counter, after: Counter) -> None:
    text = article["text"]
    spans = [(sum(c.sentence) + c.c.start, sum(c.sentence) + c.c.end, c) for c in cands]
    for at in article["attributions"]:
        if at["kind"] != "indirect" or len(at["content_spans"]) != 1 or len(polnear.words(at["content"])) < 3:
            continue
        c0, c1 = at["content_spans"][0]
        while c1 > c0 and text[c1 - 1] in " .,;":
            c1 -= 1
        same = [x for x in spans if abs(x[0] - c0) <= 6]
        stats["gold, one piece"] += 1
        if not same:
            stats["no candidate starts there"] += 1
            continue
        best = max(same, key=lambda x: x[2].p)
        if not any(abs(x[1] - c1) <= 2 for x in same):
            stats["a candidate starts there, none ends there"] += 1
        elif abs(best[1] - c1) <= 2:
            stats["the best-scored candidate ends there"] += 1
        else:
            ok = polnear._overlap(_bag(at["content"]), _bag(text[best[0] : best[1]])) >= 0.5
            where = "past the gold's end" if best[1] > c1 else "short of the gold's end"
            stats[f"the best-scored ends {where}, {'still matching' if ok else 'not matching'}"] += 1
            if best[1] > c1 and not ok:
                m = _NEXT.match(text, c1)
                after[f"{m.group(1)} {(m.group(2) or '').lower()}".strip()] += 1


def oracle(articles: list[dict], cands: dict, threshold: float, right_end: bool) -> dict:
    """Figures when each cue keeps its matching candidate (right_end) or is kept exactly when one matches."""
    for lst in cands.values():
        cues: dict = {}
        for c in lst:
            c.model_p = getattr(c, "model_p", c.p)
            c.p = c.model_p
            cues.setdefault((c.sentence, c.c.anchor), []).append(c)
        for group in cues.values():
            top = max(x.p for x in group)
            if right_end:
                matching = [x for x in group if x.label]
                if top >= threshold and matching and not any(x.label and x.p == top for x in group):
                    matching[0].p = top + 1e-6
            else:
                hit = any(x.label for x in group)
                best = max(group, key=lambda x: x.p)
                for x in group:
                    x.p = (0.99 if x is best else x.p / 2) if hit else 0.0
    return tr.tally(articles, cands, threshold).figures()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, help="keep the fold token models here (they do not depend on reported.py)")
    ap.add_argument("--cue-min-count", type=int, default=5, help="as make train-reported")
    a = ap.parse_args()
    reported_errors.train_defaults(a)
    if polnear.missing(a.shared, "reported_ends", "--shared"):
        return 0
    articles = polnear.load(a.shared, "train")
    folds = reported_errors.fold_models(articles, a)
    cands = {art["article"]: tr.article_candidates(art, folds[art["publisher_code"]]) for art in articles}
    threshold = tr.held_out_threshold(articles, cands, a)
    stats, after = Counter(), Counter()
    for art in articles:
        tally_ends(art, cands[art["article"]], stats, after)
    for k, n in sorted(stats.items()):
        print(f"  {k:70} {n:6}")
    print("what follows the gold's end in a longer best-scored candidate that fails:",
          ", ".join(f"'{k}' {n}" for k, n in after.most_common(12)))
    for name, right_end in (("the right end of each kept cue", True), ("the right keep-or-drop of each cue", False)):
        r = oracle(articles, cands, threshold, right_end)
        print(f"bound, {name}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
              f"end-to-end F1={r['e2e_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
