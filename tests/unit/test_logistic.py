"""The logistic models' shared formula and file shape (corpus_cli/logistic.py)."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from corpus_cli.extract.reported_model import CueModel, TokenModel
from corpus_cli.extract.speaker_model import SpeakerModel
from corpus_cli.logistic import sigmoid


@pytest.mark.parametrize("z", [-1e6, -31.0, -2.5, 0.0, 0.7, 31.0, 1e6])
def test_sigmoid_is_the_logistic_clamped_at_thirty(z):
    c = max(-30.0, min(30.0, z))
    assert sigmoid(z) == pytest.approx(math.exp(c) / (1.0 + math.exp(c)), rel=1e-12)
    assert 0.0 < sigmoid(z) < 1.0


def test_probability_sums_the_known_features_and_the_bias():
    m = TokenModel({"a": 1.0, "b": -0.5}, bias=0.25, threshold=0.5, floor=-3.0)
    assert m.probability(["a", "b", "unknown"]) == sigmoid(0.75)
    assert m.probability([]) == sigmoid(0.25)


@pytest.mark.parametrize("name, cls", [("reported.json", CueModel), ("speakers.json", SpeakerModel)])
def test_a_shipped_model_file_reads_back_to_the_same_text(name, cls):
    raw = resources.files("corpus_cli.data").joinpath(name).read_text(encoding="utf-8")
    model = cls.from_dict(json.loads(raw))
    assert json.dumps(model.to_dict(), indent=0, ensure_ascii=False) + "\n" == raw


def test_fields_of_a_subclass_round_trip():
    cue = CueModel({"x": 2.0}, -1.0, 0.4, ["quipped"], TokenModel({"w=said": 3.0}, -2.0, 0.3, floor=-4.0))
    back = CueModel.from_dict(json.loads(json.dumps(cue.to_dict())))
    assert (back.weights, back.bias, back.threshold, back.cues) == ({"x": 2.0}, -1.0, 0.4, ["quipped"])
    assert back.token_model is not None and back.token_model.floor == -4.0
    assert "quipped" in back.cue_set
    assert list(cue.to_dict()) == ["bias", "threshold", "cues", "weights", "tokens"]
    sp = SpeakerModel({"k": 1.0}, 0.0, 0.5, 0.9)
    assert SpeakerModel.from_dict(sp.to_dict()).guess_threshold == 0.9
