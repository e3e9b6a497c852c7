"""What a dump's line is about, beside its shape: how far its content words are those of the dump's article, for the
text cleaner's line model (#22). Other stories, teasers and comments are prose of the article's shape; their words
are another story's. Pure Python, a few set look-ups a line."""

from __future__ import annotations

import math
from collections import Counter

from corpus_cli.clean import lang as langmod
from corpus_cli.clean.lines import Line

FEATURES = ("content", "topic_block", "topic_hits", "topic_head", "topic_dump", "topic_near")
STEM = 6  # a word's first letters stand for it: "minister" and "ministers" are one
MIN_LEN = 4  # shorter words are mostly function words or abbreviations
HEAD_LINES = 10  # lines above the prose block that hold the title, the deck and the byline
NEAR = 3  # lines each side whose topic is averaged
NONE = -1.0  # a line without content words


def stems(ln: Line, stop: frozenset[str]) -> frozenset[str]:
    """The line's content words, cut to their stems: words of MIN_LEN letters or more, not figures, not ``stop``."""
    return frozenset(w[:STEM] for w in ln.key.split() if len(w) >= MIN_LEN and w not in stop and not w.isdigit())


def _share(words: frozenset[str], weight: dict[str, float], other: Counter, own: bool) -> tuple[float, float]:
    """The share of ``words`` found in ``other`` (line counts, the line's own left out), and their idf weight."""
    found = [w for w in words if other[w] > own]
    return (len(found) / len(words) if words else NONE), sum(weight[w] for w in found)


def topic_rows(lines: list[Line], s: int, e: int, language: str | None = None) -> list[tuple[float, ...]]:
    """One row of FEATURES per line; [s, e) is the dump's longest block of prose (model.prose_block), ``language``
    the dump's (its stop words are not content words)."""
    stop = langmod.stopwords(language)
    sets = [stems(ln, stop) for ln in lines]
    df: Counter = Counter()
    for t in sets:
        df.update(t)
    n = len(lines) + 1
    # Words in many of the dump's lines (menus, function words) tell less than the article's own words.
    idf = {w: math.log(n / c) for w, c in df.items()}
    block: Counter = Counter()
    for t in sets[s:e]:
        block.update(t)
    h = max(0, s - HEAD_LINES)
    head: Counter = Counter()
    for t in sets[h:s]:  # a title shown twice is BAD by repetition, and the best of the head
        head.update(t)
    own = []
    for i, t in enumerate(sets):
        b, hits = _share(t, idf, block, s <= i < e)
        hd = _share(t, idf, head, h <= i < s)[0]
        dump = sum(1 for w in t if df[w] > 1) / len(t) if t else NONE
        own.append((math.log1p(len(t)), b, math.log1p(hits), hd, dump))
    rows = []
    for i, o in enumerate(own):
        num = den = 0.0
        for j in range(max(0, i - NEAR), min(len(own), i + NEAR + 1)):
            if j != i and own[j][1] != NONE:
                num, den = num + own[j][1] * own[j][0], den + own[j][0]
        rows.append((*o, num / den if den else NONE))
    return rows
