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


def test_a_rare_cue_word_says_so_and_the_model_learns_what_rare_words_are_worth():
    # Rare words' candidates are mostly no speech here: the fit weighs "cue_rare" against them, and the
    # shipped model adds the fact at run time for a word it has no weight of.
    rows = ([SimpleNamespace(features=["cue=said", "form=after"], label=True)] * 6
            + [SimpleNamespace(features=[f"cue=w{i}", "form=after"], label=False) for i in range(6)])
    args = SimpleNamespace(cue_min_count=5, epochs=8, l2=0.01, rate=0.3)
    weights, bias = train_reported.fit_candidates(rows, args)
    assert weights["cue_rare"] < 0 and "cue_rare|form=after" in weights
    model = train_reported.CueModel(weights, bias, 0.5, [])
    assert model.probability(["cue=said", "form=after"]) > 0.5 > model.probability(["cue=unseen", "form=after"])
