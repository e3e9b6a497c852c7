"""Logistic regression over sparse binary features, by AdaGrad with L2: the one fit behind make train-reported
and make train-speakers (their rows carry ``features``, a list of strings, and ``label``)."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence

from corpus_cli.logistic import sigmoid


def fit(rows: Sequence, epochs: int, l2: float, rate: float, *, shuffle_seed: int | None = None,
        places: int = 4, min_weight: float = 1e-4) -> tuple[dict[str, float], float]:
    """Weights and bias; rows in their given order, or shuffled once with ``shuffle_seed``. Weights are rounded
    to ``places`` and those under ``min_weight`` left out: they change no choice, and the shipped file is smaller."""
    rows = list(rows)
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(rows)
    w: dict[str, float] = defaultdict(float)
    g2: dict[str, float] = defaultdict(lambda: 1e-8)
    b, gb = 0.0, 1e-8
    for _ in range(epochs):
        for r in rows:
            z = b + sum(w[f] for f in r.features)
            err = sigmoid(z) - r.label
            gb += err * err
            b -= rate * err / math.sqrt(gb)
            for f in r.features:
                g = err + l2 * w[f]
                g2[f] += g * g
                w[f] -= rate * g / math.sqrt(g2[f])
    return {f: round(v, places) for f, v in w.items() if abs(v) >= min_weight}, round(b, places)
