#!/usr/bin/env python3
"""Where PolNeAR train's `indirect` contents stand, and how many a candidate family could find at best.

For each gold content of 3+ words: how many sentences it spans; for those in one sentence, where its cue stands
(before the content: "X said (that) ...", after it: "..., X said.", inside it: "..., X said, ...") and whether
the clause after the cue, the sentence before it, or the sentence less its source and cue matches the content
by the bench's rule (half of each side's words), and how many stand in a sentence with quotation marks. The cue
is placed as make train-reported places it.
Usage: scripts/reported_bounds.py --shared ../shared
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

from corpus_cli.extract.spans import PARAGRAPH, sentences  # noqa: E402

_MARKS = re.compile(r"[\"“”]|''")


def _ok(gold: str, text: str) -> bool:
    return polnear._overlap(Counter(polnear.words(gold)), Counter(polnear.words(text))) >= 0.5


def _families(text: str, at: dict, s0: int, s1: int, cue_at: int, cue_end: int) -> dict[str, bool]:
    """Which candidate families would match the content: after the cue, before it, the sentence less both."""
    rest = text[s0:s1]
    for a, b in sorted([(cue_at, cue_end)] + [tuple(x) for x in at["source_spans"] or [] if s0 <= x[0] < s1],
                       reverse=True):
        rest = rest[: a - s0] + " " + rest[b - s0 :]
    found = {"after": _ok(at["content"], text[cue_end:s1]), "before": _ok(at["content"], text[s0:cue_at]),
             "rest": _ok(at["content"], rest)}
    found["any"] = any(found.values())
    return found


def tally(article: dict, stats: Counter) -> None:
    text = article["text"]
    sents = [(m.start() + a, m.start() + b) for m in PARAGRAPH.finditer(text) for a, b in sentences(m.group())]
    for at in article["attributions"]:
        if at["kind"] != "indirect" or not at["content_spans"] or len(polnear.words(at["content"])) < 3:
            continue
        stats["gold"] += 1
        c0, c1 = at["content_spans"][0][0], at["content_spans"][-1][1]
        held = [s for s in sents if s[0] < c1 and c0 < s[1]]
        stats[f"sentences={min(len(held), 3)}"] += 1
        cue = (at["cue"] or "").strip()
        if len(held) != 1 or not cue:
            continue
        s0, s1 = held[0]
        stats["in a sentence with quotation marks"] += bool(_MARKS.search(text, s0, s1))
        places = [s0 + m.start() for m in re.finditer(re.escape(cue), text[s0:s1])]
        if not places:
            stats["cue not in its sentence"] += 1
            continue
        cue_at = min(places, key=lambda p: min(abs(p - c0), abs(p - c1)))
        cue_end = cue_at + len(cue)
        where = "after the cue" if cue_end <= c0 else "before the cue" if cue_at >= c1 else "around the cue"
        stats[where] += 1
        for family, hit in _families(text, at, s0, s1, cue_at, cue_end).items():
            stats[f"{where}: {family} matches"] += hit


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    if polnear.missing(a.shared, "reported_bounds", "--shared"):
        return 0
    stats: Counter = Counter()
    for article in polnear.load(a.shared, "train"):
        tally(article, stats)
    for k in sorted(stats):
        print(f"{k:40} {stats[k]:6} ({stats[k] / stats['gold']:.3f} of gold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
