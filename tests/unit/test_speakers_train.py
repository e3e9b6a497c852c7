"""make train-speakers's fit: the mean of several shuffles' weights (scripts/train_speakers.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_speakers  # noqa: E402


def _rows():
    # Rows whose order matters to AdaGrad: the same facts, labels that disagree in part.
    out = []
    for k in range(40):
        out.append(SimpleNamespace(features=["verb_after", f"pos=b{k % 3}"], label=k % 4 != 0))
        out.append(SimpleNamespace(features=["syn=prep", f"pos=a{k % 2}"], label=k % 5 == 0))
    return out


def test_the_fit_of_several_shuffles_is_the_mean_of_their_weights():
    rows = _rows()
    one = [train_speakers.fit(rows, 4, 0.01, 0.1, 1, seed) for seed in (26, 1, 2)]
    assert one[0] != one[1]  # the order moves the weights: what the mean is for
    mean, bias = train_speakers.fit(rows, 4, 0.01, 0.1, 3, 26)
    for f in ("verb_after", "syn=prep"):
        assert abs(mean[f] - sum(w[f] for w, _ in one) / 3) < 0.002
    assert abs(bias - sum(b for _, b in one) / 3) < 0.002
    assert mean["verb_after"] > 0 > mean["syn=prep"]
