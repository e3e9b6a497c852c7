"""The logistic models' one formula and file shape: a sum of weights over a list of string features, turned
into a probability; the speaker, cue and token models extend Logistic, the line cleaner and the trainer
(scripts/sparse_logistic.py) call sigmoid."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

L = TypeVar("L", bound="Logistic")


def sigmoid(z: float) -> float:
    """1/(1+e^-z), with z clamped so that a far-off score cannot overflow math.exp."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score(weights: dict[str, float], bias: float, features: Iterable[str]) -> float:
    """The log-odds: the bias plus the weights of the features (an unknown feature weighs nothing)."""
    return bias + sum(weights.get(f, 0.0) for f in features)


@dataclass
class Logistic:
    """Weights, bias and threshold of a model over string features, and its model file: bias, threshold, the
    fields ``EXTRA`` names (each read back through its converter), then the weights in order."""

    weights: dict[str, float]
    bias: float
    threshold: float
    EXTRA: ClassVar[dict[str, Callable[[Any], Any]]] = {}

    def probability(self, features: Iterable[str]) -> float:
        return sigmoid(score(self.weights, self.bias, features))

    def to_dict(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, **{k: getattr(self, k) for k in self.EXTRA},
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls: type[L], d: dict) -> L:
        return cls({str(k): float(v) for k, v in d["weights"].items()}, float(d["bias"]), float(d["threshold"]),
                   **{k: read(d[k]) for k, read in cls.EXTRA.items()})
