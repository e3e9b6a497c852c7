"""The text cleaner's learned step: which lines of a dump are the article, from each line's facts, the hand rules'
verdicts, the same of its neighbours and where the dump's prose lies, scored by boosted trees fitted by
scripts/train_cleaner.py (make train-cleaner) and shipped as corpus_cli/data/text_cleaner.json. The article is then
the span of lines the scores favour most (a learned region step in place of the rules' region), with the lines of
it the model keeps. Pure Python: no numpy at run time."""

from __future__ import annotations

import functools
import math
import re

from corpus_cli import package_data
from corpus_cli.clean.lines import Line
from corpus_cli.logistic import sigmoid

MODEL_FILE = "text_cleaner.json"
_DIGIT = re.compile(r"\d")
_OWN = ("words", "ends", "stop", "bullet", "shape_bad", "count", "good", "near", "short", "bad", "weight", "thread",
        "table", "learned", "caps", "digits", "colon", "separator", "chars", "commas", "in_region", "rule_kept")
_CONTEXT = ("position", "lines", "before_region", "after_region", "region_share", "kept_near", "good_near",
            "before_block", "after_block", "block_share", "marks_above", "prose_above", "prose_below")
_NEIGHBOUR = ("words", "ends", "stop", "good", "bad", "kept")
_NEIGHBOUR_AT = (0, 1, 2, 6, 9, 21)  # their places in a row of _OWN
_OFFSETS = (-3, -2, -1, 1, 2, 3)
FEATURES = _OWN + _CONTEXT + tuple(f"{f}@{o:+d}" for o in _OFFSETS for f in _NEIGHBOUR)
_NONE = (-1.0,) * len(_NEIGHBOUR)  # the neighbour of the first or last lines
NEAR = 5  # lines each side that the shares of kept and prose lines around a line count


def _own(ln: Line, count: int, learned: frozenset[str], in_region: bool, rule_kept: bool) -> tuple[float, ...]:
    t = ln.text
    # Shape of the line's start (its first 30 words, 300 characters): enough to tell a title or a table row.
    words = t.split(None, 30)[:30]
    caps = sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0
    digits = len(_DIGIT.findall(t, 0, 300)) / min(len(t), 300) if t else 0.0
    kind = ln.kind
    return (math.log1p(ln.words), float(ln.ends), ln.stop, float(ln.bullet), float(ln.shape_bad), float(min(count, 10)),
            float(kind == "GOOD"), float(kind == "NEAR"), float(kind == "SHORT"), float(kind == "BAD"),
            max(-100.0, min(80.0, ln.weight)), float(ln.comments or ln.related), float(ln.table),
            float(ln.key in learned), caps, digits, float(t.endswith(":")),
            float("|" in t or " · " in t or " / " in t), math.log1p(len(t)), t.count(",") / (ln.words or 1),
            float(in_region), float(rule_kept))


def prose_block(lines: list[Line]) -> tuple[int, int, int]:
    """(start, end, words) of the dump's longest block of prose: GOOD and NEAR lines one after another, one short
    line between two of them allowed (a subheading)."""
    best = (0, 0, 0)
    start, words, last, gap = -1, 0, 0, False
    for i, ln in enumerate(lines):
        if ln.kind in ("GOOD", "NEAR"):
            if start < 0:
                start, words = i, 0
            words, last, gap = words + ln.words, i, False
        elif start >= 0 and ln.kind == "SHORT" and not gap:
            gap = True
        elif start >= 0:
            best = max(best, (start, last + 1, words), key=lambda s: s[2])
            start, gap = -1, False
    if start >= 0:
        best = max(best, (start, last + 1, words), key=lambda s: s[2])
    return best


def _running(lines: list[Line], kept: set[int]) -> tuple[list[int], list[int], list[int], list[int]]:
    """Running counts over the lines (index i: before line i) of kept lines, GOOD lines, comment or related marks
    and GOOD lines' words."""
    k, g, m, p = [0], [0], [0], [0]
    for i, ln in enumerate(lines):
        good = ln.kind == "GOOD"
        k.append(k[-1] + (i in kept))
        g.append(g[-1] + good)
        m.append(m[-1] + (ln.comments or ln.related))
        p.append(p[-1] + (ln.words if good else 0))
    return k, g, m, p


def features(lines: list[Line], counts: dict[str, int], a: int, b: int, kept: set[int],
             learned: frozenset[str] = frozenset()) -> list[list[float]]:
    """One row of FEATURES per line, after the rules have classified the lines (region [a, b), ``kept``);
    ``learned``: the line keys the corpus has learned are boilerplate."""
    n = len(lines)
    own = [_own(ln, counts.get(ln.key, 0), learned, a <= i < b, i in kept) for i, ln in enumerate(lines)]
    total = sum(ln.words for ln in lines) or 1
    region = sum(ln.words for ln in lines[a:b]) / total
    s, e, block = prose_block(lines)
    block /= total
    small = [_NONE] * 3 + [tuple(o[j] for j in _NEIGHBOUR_AT) for o in own] + [_NONE] * 3
    ck, cg, cm, cp = _running(lines, kept)
    size = math.log1p(n)
    rows = []
    for i, o in enumerate(own):
        lo, hi = max(0, i - NEAR), min(n, i + NEAR + 1)
        rows.append([*o, i / n, size, float(min(50, max(0, a - i))), float(min(50, max(0, i - b + 1))), region,
                     (ck[hi] - ck[lo]) / (hi - lo), (cg[hi] - cg[lo]) / (hi - lo), float(min(50, max(0, s - i))),
                     float(min(50, max(0, i - e + 1))), block, float(min(3, cm[i])), cp[i] / total,
                     (cp[n] - cp[i + 1]) / total,
                     *small[i], *small[i + 1], *small[i + 2], *small[i + 4], *small[i + 5], *small[i + 6]])
    return rows


def best_span(lines: list[Line], p: list[float], theta: float) -> tuple[int, int]:
    """The learned region step: the run of lines [start, end) whose sum of (words + 1) * (p - theta) is the
    largest (Kadane), so a line under ``theta`` inside the article costs less than the article around it gains."""
    best, span = 0.0, (0, 0)
    cur, start = 0.0, 0
    for i, ln in enumerate(lines):
        if cur <= 0:
            cur, start = 0.0, i
        cur += (ln.words + 1) * (p[i] - theta)
        if cur > best:
            best, span = cur, (start, i + 1)
    return span


def _tree_source(t: dict, node: int = 0) -> str:
    """One tree as a Python expression of the row ``x``: nested conditionals, no loop to walk at run time."""
    left, right = int(t["left"][node]), int(t["right"][node])
    if left < 0:
        return repr(float(t["value"][node]))
    feature, threshold = int(t["feature"][node]), float(t["threshold"][node])
    return f"({_tree_source(t, left)} if x[{feature}] <= {threshold!r} else {_tree_source(t, right)})"


class LineModel:
    """Boosted trees over FEATURES giving the log-odds that a line belongs to the article, and the step that turns
    them into the article's lines."""

    def __init__(self, d: dict) -> None:
        if tuple(d["features"]) != FEATURES:
            raise ValueError("the model was fitted on other features")
        # The article is the span best_span finds with `theta`, less its lines under `keep`; both are chosen by
        # make train-cleaner on sites held out of the fit.
        self.theta, self.keep_at = float(d.get("theta", 0.5)), float(d.get("keep", 0.5))
        # The trees compiled once into one function: walking them node by node cost more than the rest of the
        # cleaner. The source holds only the numbers and indexes read (as float and int) from the model file.
        body = " + ".join([repr(float(d["baseline"]))] + [_tree_source(t) for t in d["trees"]])
        scope: dict = {}
        exec(compile(f"def log_odds(x):\n    return {body}\n", MODEL_FILE, "exec"), scope)  # noqa: S102
        self._log_odds = scope["log_odds"]

    @classmethod
    def from_dict(cls, d: dict) -> LineModel:
        return cls(d)

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        f = self._log_odds
        return [sigmoid(f(row)) for row in rows]

    def keep(self, lines: list[Line], counts: dict[str, int], a: int, b: int, kept: set[int],
             learned: frozenset[str] = frozenset()) -> list[int]:
        """Indexes of the article's lines."""
        p = self.probabilities(features(lines, counts, a, b, kept, learned))
        return pick(lines, p, a, b, kept, self.theta, self.keep_at)


def past_rules_body(lines: list[Line], p: list[float], a: int, b: int, kept: set[int], start: int, end: int,
                    theta: float, keep_at: float) -> int:
    """Where the span ends inside the rules' body: past it, the lines the rules keep that the model does not call
    boilerplate (over ``keep_at``) go on with it (a last paragraph after an inline box scores under theta)."""
    while end < b and end in kept and p[end] >= keep_at:
        end += 1
    return end


def pick(lines: list[Line], p: list[float], a: int, b: int, kept: set[int], theta: float, keep_at: float,
         past_span=past_rules_body) -> list[int]:
    """The lines of the best span, and of the rules' body past it, whose probability ``p`` reaches ``keep_at`` (a data
    table's rows always: the bench sets have few tables), less boilerplate the rules know by its shape, repetition
    or the corpus (the bench sets' gold keeps captions, ad labels and bylines that this cleaner drops).
    ``past_span``: the step past the span's end, replaceable so that scripts/cleaner_picks.py can measure others."""
    start, end = best_span(lines, p, theta)
    # A data table the rules keep, right after the span, is the article's too: its rows of figures score low
    # (a standings page whose table is most of the article ended the span at its header).
    while start < end < len(lines) and lines[end].table and end in kept:
        end += 1
    if start < b and a < end:  # the model agrees on where the article is: above the rules' body is the head's
        start = max(start, a)
        end = past_span(lines, p, a, b, kept, start, end, theta, keep_at)
    chosen = [i for i in range(start, end)
              if lines[i].kind != "BAD" and p[i] >= keep_at or lines[i].table and i in kept]
    # A comment thread's heading ends the article, as in the rules (a long thread can outweigh a short article).
    mark = next((i for i in range(chosen[0], end) if lines[i].comments), end) if chosen else end
    chosen = [i for i in chosen if i < mark]
    # A list the rules found announced at the body's end ("Tour dates:") stays with the body (few in the bench sets).
    trailing = [i for i in kept if i >= b]
    if chosen and trailing and chosen[-1] >= b - 1:
        chosen = sorted({*chosen, *trailing})
    # A dump the model finds no article in (a line or two, a page of links) keeps what the rules keep.
    return chosen or sorted(kept)


class RulesOnly:
    """The hand rules alone, without the model: the baseline make bench-clean compares with."""

    def keep(self, lines: list[Line], counts: dict[str, int], a: int, b: int, kept: set[int],
             learned: frozenset[str] = frozenset()) -> list[int]:
        return sorted(kept)


@functools.lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The shipped model, read once per process."""
    return package_data.load(MODEL_FILE, "the text cleaner's model", LineModel.from_dict)
