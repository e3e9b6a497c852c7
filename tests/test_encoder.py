"""The fine-tuned reported-speech tagger's runtime (#26): the WordPiece tokenizer on a vocabulary written here, the
.npz loader and forward pass on a tiny random model written here in the format, and the shipped model on a plain
sentence when it is installed."""

from __future__ import annotations

import json
import math

import pytest

np = pytest.importorskip("numpy")  # the encoder extra; part of dev, so make test runs these

from corpus_cli.extract import encoder as enc_mod  # noqa: E402
from corpus_cli.extract.encoder import Encoder, ModelError, bio_path, erf, load_default  # noqa: E402
from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402
from corpus_cli.extract.wordpiece import WordPiece  # noqa: E402

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
VOCAB = SPECIAL + ["the", "talk", "##s", "##ing", "cafe", "t", "##a", "##l", "##k", ",", ".", "said", "x", "##x",
                   "日", "over", "##lap"]


def encode(vocab: list[str], text: str) -> list[tuple[str, str]]:
    """Each piece and the text its offsets cover."""
    ids, offsets = WordPiece(vocab).encode(text)
    return [(vocab[k], text[a:b]) for k, (a, b) in zip(ids, offsets)]


def test_pieces_and_offsets_into_the_original_text():
    assert encode(VOCAB, "The  talks, talking.") == [
        ("the", "The"), ("talk", "talk"), ("##s", "s"), (",", ","), ("talk", "talk"), ("##ing", "ing"), (".", ".")]


def test_accents_stripped_and_lowercased_with_offsets_kept():
    assert encode(VOCAB, "CAFÉ said") == [("cafe", "CAFÉ"), ("said", "said")]
    # a decomposed accent (e + U+0301): the mark is dropped, the piece ends before it as the fast tokenizer's does
    assert encode(VOCAB, "cafe\u0301.") == [("cafe", "cafe"), (".", ".")]


def test_controls_dropped_and_cjk_a_word_of_its_own():
    assert encode(VOCAB, "ta\x07lk") == [("talk", "ta\x07lk")]
    got = encode(VOCAB, "the\u200b talk日said")
    assert got == [("the", "the"), ("talk", "talk"), ("日", "日"), ("said", "said")]


def test_unknown_words_are_one_unk_over_the_whole_word():
    assert encode(VOCAB, "the qz.") == [("the", "the"), ("[UNK]", "qz"), (".", ".")]
    # a word past 100 characters is [UNK] though its pieces exist
    assert encode(VOCAB, "x" * 101 + " the") == [("[UNK]", "x" * 101), ("the", "the")]
    assert [p for p, _ in encode(VOCAB, "x" * 100)] == ["x"] + ["##x"] * 99


def test_a_pruned_vocabulary_falls_back_to_shorter_pieces():
    pruned = [p for p in VOCAB if p not in ("talk", "##lap")]
    assert encode(pruned, "talks") == [("t", "t"), ("##a", "a"), ("##l", "l"), ("##k", "k"), ("##s", "s")]
    assert [p for p, _ in encode(VOCAB, "overlap")] == ["over", "##lap"]
    assert [p for p, _ in encode(pruned, "overlap")] == ["[UNK]"]  # no "##p" to end on: the whole word [UNK]


def test_erf_is_within_its_bound():
    xs = np.linspace(-5, 5, 2001, dtype=np.float64)
    assert max(abs(float(e) - math.erf(float(x))) for x, e in zip(xs, erf(xs.copy()))) < 2e-7


# -- a tiny random model in the format of scripts/export_reported_encoder.py --------------------------------------

D, M, HEADS, LAYERS = 16, 32, 4, 2


def tiny_arrays(max_pieces: int = 32, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def r(*shape):
        return (rng.standard_normal(shape) * 0.3).astype(np.float32)

    e = "bert.embeddings."
    w = {e + "word_embeddings.weight": r(len(VOCAB), D), e + "position_embeddings.weight": r(max_pieces, D),
         e + "token_type_embeddings.weight": r(2, D), e + "LayerNorm.weight": 1 + r(D), e + "LayerNorm.bias": r(D),
         "classifier.weight": r(len(LABELS), D), "classifier.bias": r(len(LABELS))}
    for i in range(LAYERS):
        p = f"bert.encoder.layer.{i}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            w |= {p + name + ".weight": r(D, D), p + name + ".bias": r(D)}
        w |= {p + "intermediate.dense.weight": r(M, D), p + "intermediate.dense.bias": r(M),
              p + "output.dense.weight": r(D, M), p + "output.dense.bias": r(D)}
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            w |= {p + name + ".weight": 1 + r(D), p + name + ".bias": r(D)}
    meta = {"format": 1, "labels": list(LABELS), "layers": LAYERS, "heads": HEADS, "eps": 1e-12,
            "max_pieces": max_pieces, "lowercase": True, "base": "test"}
    return w | {"meta": np.array(json.dumps(meta)), "vocab": np.array(VOCAB)}


def int8(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for k, v in arrays.items():
        if v.ndim == 2:
            scale = np.abs(v).max(1) / 127
            out[k + ".q"], out[k + ".scale"] = np.rint(v / scale[:, None]).astype(np.int8), scale.astype(np.float32)
        else:
            out[k] = v
    return out


def write(path, arrays) -> str:
    np.savez_compressed(path, **arrays)
    return str(path)


SENTENCES = ["The talks, said the cafe.", "Talking.", "", "the talk said the talks said over the cafe talking"]


def test_tag_gives_word_labels_offsets_and_probabilities(tmp_path):
    enc = Encoder.load(write(tmp_path / "m.npz", tiny_arrays()))
    tagged = enc.tag(SENTENCES)
    assert [t.text for t in tagged] == SENTENCES
    first = tagged[0]
    assert [first.text[a:b] for a, b in first.spans] == ["The", "talks", ",", "said", "the", "cafe", "."]
    assert [first.text[a:b] for a, b in first.offsets] == ["The", "talk", "s", ",", "said", "the", "cafe", "."]
    assert first.probs.shape == (8, len(LABELS)) and first.probs.dtype == np.float32
    assert np.allclose(first.probs.sum(1), 1, atol=1e-5)
    # a word's label is that of its first piece, in the likeliest BIO sequence of the pieces' labels
    piece = [LABELS[k] for k in bio_path(first.probs)]
    assert not piece[0].startswith("I-")
    assert first.labels == [piece[0], piece[1], piece[3], piece[4], piece[5], piece[6], piece[7]]
    assert tagged[2].spans == [] and tagged[2].probs.shape == (0, len(LABELS))


# Strings news hardly has (enc3's hard list): each is tagged, its offsets inside it and its words labelled.
HARD = ["Café naïve", "日本語のテキスト and 中文", "zero\u200bwidth soft\u00adhyphen", "İstanbul ǅemal ß", "ﬁne ①②",
        "x" * 120 + " ok", "emoji 😀👍🏽 done", "ctrl\x00\x07\x1fchars\ufffd", "tab\tnew\nline\r\u00a0nbsp", "\u0301lead",
        "a\u0300\u0301b", "“quotes” — dash… ‘single’", "Ｆｕｌｌ ｗｉｄｔｈ", "\u2028sep\u2029", "   ", "\x00"]


def test_hostile_strings_are_tagged_with_offsets_inside_them(tmp_path):
    enc = Encoder.load(write(tmp_path / "m.npz", tiny_arrays()))
    for t in enc.tag(HARD):
        assert all(0 <= a < b <= len(t.text) for a, b in t.offsets)
        assert len(t.probs) == len(t.offsets) and len(t.labels) == len(t.spans)


def test_pieces_past_the_cut_are_o(tmp_path):
    enc = Encoder.load(write(tmp_path / "m.npz", tiny_arrays(max_pieces=6)))
    t = enc.tag(["the talk said the cafe said the talk"])[0]
    assert t.probs.shape == (4, len(LABELS)) and len(t.offsets) == 4
    assert t.labels[4:] == ["O"] * 4


def test_a_sentence_alone_and_in_a_batch_give_the_same_probabilities(tmp_path):
    enc = Encoder.load(write(tmp_path / "m.npz", tiny_arrays()))
    batch = enc.tag(SENTENCES)
    for s, b in zip(SENTENCES, batch):
        alone = enc.tag([s])[0]
        assert np.allclose(alone.probs, b.probs, atol=1e-5) and alone.labels == b.labels


def test_int8_rows_give_nearly_the_float32_probabilities(tmp_path):
    f32 = Encoder.load(write(tmp_path / "f.npz", tiny_arrays())).tag(SENTENCES)
    q8 = Encoder.load(write(tmp_path / "q.npz", int8(tiny_arrays()))).tag(SENTENCES)
    other = Encoder.load(write(tmp_path / "o.npz", int8(tiny_arrays(seed=1)))).tag(SENTENCES)
    for a, b, c in zip(f32, q8, other):
        assert np.abs(a.probs - b.probs).max(initial=0) < 0.05
        if len(a.offsets):  # another model's probabilities are far: the bound above can fail
            assert np.abs(a.probs - c.probs).max() > 0.3


def test_a_missing_truncated_or_foreign_file_is_one_model_error_naming_it(tmp_path):
    with pytest.raises(ModelError, match="nothere.npz"):
        Encoder.load(tmp_path / "nothere.npz")
    good = tmp_path / "m.npz"
    write(good, tiny_arrays())
    cut = tmp_path / "cut.npz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ModelError, match="cut.npz"):
        Encoder.load(cut)
    text = tmp_path / "text.npz"
    text.write_text("not a model\n")
    with pytest.raises(ModelError, match=r"text.npz: .*\(not an .npz file\)$"):
        Encoder.load(text)
    one = tmp_path / "one.npz"
    with one.open("wb") as f:
        np.save(f, np.zeros(3))
    with pytest.raises(ModelError, match="one.npz"):
        Encoder.load(one)


@pytest.mark.parametrize("change", [
    lambda a: a.pop("bert.encoder.layer.1.output.dense.weight"),
    lambda a: a.pop("meta"),
    lambda a: a.pop("vocab"),
    lambda a: a.update(vocab=np.array([v for v in VOCAB if v != "[CLS]"])),
    lambda a: a.update(meta=np.array(json.dumps({**json.loads(str(a["meta"])), "labels": ["O", "B-C"]}))),
    lambda a: a.update(meta=np.array(json.dumps({**json.loads(str(a["meta"])), "format": 2}))),
    lambda a: a.update(meta=np.array("{not json")),
    lambda a: a.update({"classifier.weight": np.zeros((len(LABELS), D + 1), np.float32)}),
    lambda a: a.update({"bert.encoder.layer.0.intermediate.dense.bias": np.zeros(M + 1, np.float32)}),
])
def test_a_model_missing_a_part_or_out_of_shape_is_a_model_error(tmp_path, change):
    arrays = tiny_arrays()
    change(arrays)
    with pytest.raises(ModelError, match="broken.npz"):
        Encoder.load(write(tmp_path / "broken.npz", arrays))


def test_int8_without_its_scales_is_a_model_error(tmp_path):
    arrays = int8(tiny_arrays())
    arrays.pop("classifier.weight.scale")
    with pytest.raises(ModelError, match="classifier.weight"):
        Encoder.load(write(tmp_path / "noscale.npz", arrays))


@pytest.mark.skipif(not enc_mod.default_path().is_file(), reason="no shipped model in this checkout")
def test_the_shipped_model_tags_a_plain_report():
    enc = load_default()
    assert load_default() is enc  # loaded once a process
    t = enc.tag(["Officials said the talks would resume in May."])[0]
    got = dict(zip((t.text[a:b] for a, b in t.spans), t.labels))
    assert got["said"] == "B-Q"
    assert got["Officials"] in ("B-S", "I-S")
    assert [got[w] for w in "the talks would resume in May".split()] == ["B-C"] + ["I-C"] * 5
