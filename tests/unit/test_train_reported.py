"""make train-reported's candidate fit: a rare cue word's own facts are left out (scripts/train_reported.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_reported  # noqa: E402


def test_a_cue_word_under_the_count_gets_no_weight_and_the_general_facts_learn():
    rows = ([SimpleNamespace(features=["cue=said", "form=after"], label=True)] * 6
            + [SimpleNamespace(features=["cue=paving", "form=after", "cp=0"], label=False)] * 2
            + [SimpleNamespace(features=["cue=said", "cp=0"], label=False)] * 6)
    args = SimpleNamespace(cue_min_count=5, epochs=4, l2=0.01, rate=0.3)
    weights, _ = train_reported.fit_candidates(rows, args)
    assert "cue=said" in weights and "cue=paving" not in weights
    assert weights["cp=0"] < 0 < weights["form=after"]
    every, _ = train_reported.fit_candidates(rows, SimpleNamespace(**{**vars(args), "cue_min_count": 1}))
    assert every["cue=paving"] < 0
