"""The text cleaner's sequence step: what the line model's first scores say about each line's neighbourhood (the
scores of the lines around it, how much of the dump's likely article lies above and below it, where the best span
of them lies), the extra features of a second model stacked on the first (web2text's and stacked CRFs' shape: a
line between two article paragraphs is likely article whatever its own shape). Pure Python."""

from __future__ import annotations

_OFFSETS = (-5, -3, -2, -1, 1, 2, 3, 5)
_WINDOWS = (2, 6, 15)  # lines each side of the word-weighted mean scores
REACH = 10  # lines each side in which the highest score is looked for
SPAN_THETA = 0.5  # the span of the first scores the second model sees: a line is article when more likely than not
CONTEXT = (tuple(f"p@{o:+d}" for o in _OFFSETS) + tuple(f"p~{w}" for w in _WINDOWS)
           + ("p", "mass_above", "mass_below", "max_above", "max_below", "in_span", "span_before", "span_after",
              "span_share", "span_inside"))


def _span(words: list[int], p: list[float]) -> tuple[int, int]:
    """The run of lines whose sum of (words + 1) * (p - SPAN_THETA) is the largest (Kadane)."""
    best, span, cur, start = 0.0, (0, 0), 0.0, 0
    for i, w in enumerate(words):
        if cur <= 0:
            cur, start = 0.0, i
        cur += (w + 1) * (p[i] - SPAN_THETA)
        if cur > best:
            best, span = cur, (start, i + 1)
    return span


def _window_max(p: list[float], backwards: bool) -> list[float]:
    """For each line, the highest score of the REACH lines above it (or below), -1 where there are none."""
    n, out = len(p), []
    for i in range(n):
        near = p[max(0, i - REACH) : i] if backwards else p[i + 1 : i + 1 + REACH]
        out.append(max(near) if near else -1.0)
    return out


def context(words: list[int], p: list[float]) -> list[list[float]]:
    """One row of CONTEXT per line, from the lines' word counts and the first model's scores ``p``."""
    n = len(p)
    wt = [w + 1.0 for w in words]
    cw, cm = [0.0], [0.0]  # running sums: weights, weights times scores
    for w, s in zip(wt, p):
        cw.append(cw[-1] + w)
        cm.append(cm[-1] + w * s)
    mass = cm[n] or 1.0
    start, end = _span(words, p)
    share = (cm[end] - cm[start]) / mass
    above, below = _window_max(p, True), _window_max(p, False)
    rows = []
    for i in range(n):
        row = [p[i + o] if 0 <= i + o < n else -1.0 for o in _OFFSETS]
        for r in _WINDOWS:
            lo, hi = max(0, i - r), min(n, i + r + 1)
            row.append((cm[hi] - cm[lo]) / (cw[hi] - cw[lo]))
        row += [p[i], cm[i] / mass, (cm[n] - cm[i + 1]) / mass, above[i], below[i], float(start <= i < end),
                float(min(50, max(0, start - i))), float(min(50, max(0, i - end + 1))), share,
                float(min(50, max(0, i - start + 1)) if start <= i < end else 0)]
        rows.append(row)
    return rows
