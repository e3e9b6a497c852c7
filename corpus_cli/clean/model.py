"""The text cleaner's learned step: which lines of a dump are the article, from each line's facts, the hand rules'
verdicts and the same of its neighbours, scored by boosted trees fitted by scripts/train_cleaner.py
(make train-cleaner) and shipped as corpus_cli/data/text_cleaner.json. Pure Python: no numpy at run time."""

from __future__ import annotations

import functools
import json
import math
import re
from importlib import resources

from corpus_cli.clean.lines import Line
from corpus_cli.errors import PackageDataError

MODEL_FILE = "text_cleaner.json"
_DIGIT = re.compile(r"\d")
_KINDS = ("GOOD", "NEAR", "SHORT", "BAD")
_OWN = ("words", "ends", "stop", "bullet", "shape_bad", "count", "good", "near", "short", "bad", "weight", "in_region",
        "rule_kept", "thread", "caps", "digits", "colon", "separator", "chars", "commas")
_NEIGHBOUR = ("words", "ends", "stop", "good", "rule_kept")
_OFFSETS = (-2, -1, 1, 2)  # features() spells these out: small[i + 2] is the line itself
FEATURES = (_OWN + ("position", "before_region", "after_region", "kept_near")
            + tuple(f"{f}@{o:+d}" for o in _OFFSETS for f in _NEIGHBOUR))
_NONE = (-1.0,) * len(_NEIGHBOUR)  # the neighbour of the first or last line


def _own(ln: Line, count: int, in_region: bool, rule_kept: bool) -> tuple[float, ...]:
    t = ln.text
    # Shape of the line's start (its first 30 words, 300 characters): enough to tell a title or a table row.
    words = t.split(None, 30)[:30]
    caps = sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0
    digits = len(_DIGIT.findall(t, 0, 300)) / min(len(t), 300) if t else 0.0
    return (math.log1p(ln.words), float(ln.ends), ln.stop, float(ln.bullet), float(ln.shape_bad), float(min(count, 10)),
            float(ln.kind == "GOOD"), float(ln.kind == "NEAR"), float(ln.kind == "SHORT"), float(ln.kind == "BAD"),
            max(-100.0, min(80.0, ln.weight)), float(in_region), float(rule_kept), float(ln.comments or ln.related),
            caps, digits, float(t.endswith(":")), float("|" in t or " · " in t or " / " in t), math.log1p(len(t)),
            t.count(",") / (ln.words or 1))


def features(lines: list[Line], counts: dict[str, int], a: int, b: int, kept: set[int]) -> list[list[float]]:
    """One row of FEATURES per line, after the rules have classified the lines (region [a, b), ``kept``)."""
    n = len(lines)
    own = [_own(ln, counts.get(ln.key, 0), a <= i < b, i in kept) for i, ln in enumerate(lines)]
    pad = [_NONE, _NONE]
    small = pad + [(o[0], o[1], o[2], o[6], o[12]) for o in own] + pad
    cum = [0]  # kept lines before each index, for the share kept within five lines
    for i in range(n):
        cum.append(cum[-1] + (i in kept))
    rows = []
    for i, o in enumerate(own):
        lo, hi = max(0, i - 5), min(n, i + 6)
        rows.append([*o, i / n, float(min(50, max(0, a - i))), float(min(50, max(0, i - b + 1))),
                     (cum[hi] - cum[lo]) / (hi - lo), *small[i], *small[i + 1], *small[i + 3], *small[i + 4]])
    return rows


def _tree_source(t: dict, node: int = 0) -> str:
    """One tree as a Python expression of the row ``x``: nested conditionals, no loop to walk at run time."""
    left, right = int(t["left"][node]), int(t["right"][node])
    if left < 0:
        return repr(float(t["value"][node]))
    feature, threshold = int(t["feature"][node]), float(t["threshold"][node])
    return f"({_tree_source(t, left)} if x[{feature}] <= {threshold!r} else {_tree_source(t, right)})"


class LineModel:
    """Boosted trees over FEATURES giving the log-odds that a line belongs to the article."""

    def __init__(self, d: dict) -> None:
        if tuple(d["features"]) != FEATURES:
            raise ValueError("the model was fitted on other features")
        # The model amends the rules' choice: a line they keep goes when its probability is under `drop`, a line
        # they drop comes back when it reaches `add` (both chosen on held-out sites by make train-cleaner).
        self.add, self.drop = float(d.get("add", 0.5)), float(d.get("drop", 0.5))
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
        return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, f(row))))) for row in rows]

    def keep(self, lines: list[Line], counts: dict[str, int], a: int, b: int, kept: set[int]) -> list[int]:
        """Indexes of the article's lines."""
        p = self.probabilities(features(lines, counts, a, b, kept))
        return pick(lines, p, a, b, kept, self.add, self.drop)


def allowed(lines: list[Line], a: int, b: int, i: int) -> bool:
    """What the model may add: never above the rules' body (the title and byline go to their fields), never
    boilerplate the rules know by its shape, repetition or the corpus (the bench sets' gold keeps captions and
    bylines; ours does not), nor a line after a comment thread's mark."""
    if i < a or lines[i].kind == "BAD":
        return False
    return not any(lines[j].comments for j in range(b, i))


def pick(lines: list[Line], p: list[float], a: int, b: int, kept: set[int], add: float, drop: float) -> list[int]:
    """The rules' lines whose probability ``p`` reaches ``drop`` (a data table's rows always: the bench sets have
    few tables), and the others that reach ``add``."""
    chosen = [i for i, x in enumerate(p)
              if (x >= drop or lines[i].table if i in kept else x >= add and allowed(lines, a, b, i))]
    # Dropping every line the rules kept leaves no article: on a dump of a line or two the model knows too little.
    return chosen if not kept or not kept.isdisjoint(chosen) else sorted(kept)


class RulesOnly:
    """The hand rules alone, without the model: the baseline make bench-clean compares with."""

    def keep(self, lines: list[Line], counts: dict[str, int], a: int, b: int, kept: set[int]) -> list[int]:
        return sorted(kept)


@functools.lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The shipped model, read once per process."""
    try:
        text = resources.files("corpus_cli.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        return LineModel.from_dict(json.loads(text))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise PackageDataError(f"corpus_cli/data/{MODEL_FILE}: cannot read the text cleaner's model ({e})") from None
