"""make fit-reported-filter's fit (scripts/fit_reported_filter.py): the logistic model learns what separates the
runs and is given back on the raw features; without PolNeAR the script skips."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
pytest.importorskip("numpy")
import fit_reported_filter as frf  # noqa: E402

from corpus_cli.extract import reported_encoder as renc  # noqa: E402


def _row(rng: random.Random, matches: bool) -> tuple[list[float], int]:
    f = {n: rng.random() for n in renc.RUN_FEATURES}
    f["mean"] = rng.uniform(0.6, 1.0) if matches else rng.uniform(0.2, 0.7)  # overlapping: no perfect split
    f["log_words"] = rng.uniform(1, 4) * 10  # a feature on another scale, standardised inside the fit
    return [f[n] for n in renc.RUN_FEATURES], int(matches)


def test_the_fit_learns_the_separating_feature_on_raw_values():
    rng = random.Random(0)
    rows = [_row(rng, k % 2 == 0) for k in range(600)]
    weights, bias = frf.fit(rows)
    assert weights == frf.fit(rows)[0]  # deterministic
    mean = renc.RUN_FEATURES.index("mean")
    assert weights[mean] > 5 and all(abs(w) < abs(weights[mean]) / 5 for k, w in enumerate(weights) if k != mean)
    filt = renc.RunFilter(tuple(weights), bias, 0.5)
    right = sum((filt.probability(dict(zip(renc.RUN_FEATURES, f))) >= 0.5) == bool(t) for f, t in rows)
    assert right / len(rows) > 0.85


def test_the_fit_script_skips_without_polnear(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["fit_reported_filter.py", "--shared", str(tmp_path)])
    assert frf.main() == 0
    assert "fit_reported_filter: skipped" in capsys.readouterr().out
