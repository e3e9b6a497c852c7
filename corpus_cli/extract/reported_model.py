"""Which reported-speech candidates are kept: a logistic model over a candidate's facts (its cue word, its
form, the kind of subject, a "that", the content's length), fitted on PolNeAR's train split by
scripts/train_reported.py (make train-reported) and shipped as corpus_cli/data/reported.json with the cue
words it learned from train's annotations. Pure Python: a sum of weights."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from corpus_cli import package_data
from corpus_cli.extract.cues import INDIRECT_VERBS

MODEL_FILE = "reported.json"


@dataclass
class CueModel:
    """Weights of candidate features, the bias, the acceptance threshold and the cue words to look for."""

    weights: dict[str, float]
    bias: float
    threshold: float
    cues: list[str]  # cue words learned from train's annotations, beside the hand list in cues.py
    cue_set: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.cue_set = frozenset(INDIRECT_VERBS.split("|")) | frozenset(self.cues)

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "cues": self.cues,
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, d: dict) -> CueModel:
        return cls({str(k): float(v) for k, v in d["weights"].items()}, float(d["bias"]), float(d["threshold"]),
                   [str(c) for c in d["cues"]])


@functools.lru_cache(maxsize=1)
def default_model() -> CueModel:
    """The shipped model, read once per process."""
    return package_data.load(MODEL_FILE, "the reported-speech model", CueModel.from_dict)
