"""The fine-tuned reported-speech tagger (#26) in numpy: all-MiniLM-L6-v2 (BERT, 6 layers) fine-tuned as a 7-label
BIO tagger of content, source and cue, its weights in one .npz (scripts/export_reported_encoder.py writes it;
corpus_cli/data/reported_encoder.npz is the shipped one) and BERT's forward pass written out here, so tagging
needs numpy and nothing else (no torch). Opt-in: nothing on corpus's default path imports this module.

    enc = Encoder.load(path)        # ModelError naming the file when it is missing or not a model
    enc.tag(sentences)              # one EncodedSentence a sentence, in order
"""

from __future__ import annotations

import functools
import json
import math
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus_cli.errors import PackageDataError
from corpus_cli.extract.reported_tagger import LABELS, TOKEN, best_path
from corpus_cli.extract.wordpiece import WordPiece

FORMAT = 1
DATA_FILE = "reported_encoder.npz"
BATCH = 32  # sentences a forward pass: like lengths together (sorted), so little padding
SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")
QKV = ("query", "key", "value")
_EMB = "bert.embeddings."
_LAYER = "bert.encoder.layer.{}."
# A layer's matrices, relative to _LAYER, with their (rows, columns) in terms of width d and intermediate size m.
_LAYER_MATRICES = {"attention.self.query": "dd", "attention.self.key": "dd", "attention.self.value": "dd",
                   "attention.output.dense": "dd", "intermediate.dense": "md", "output.dense": "dm"}
_LAYER_NORMS = ("attention.output.LayerNorm", "output.LayerNorm")


# Which label may follow which (an I- label only on its own run, after the B- or I- of its kind), as best_path
# reads transitions (to q from p), and which may open a sentence.
_BARRED = -1e30
_BIO_COLS = [[0.0 if not q.startswith("I-") or p[2:] == q[2:] else _BARRED for p in LABELS] for q in LABELS]
_OPENING = np.array([0.0 if not lab.startswith("I-") else _BARRED for lab in LABELS])


def bio_path(probs: np.ndarray) -> list[int]:
    """The likeliest label sequence among those BIO allows (Viterbi over the pieces' log probabilities). Each
    piece's own argmax can open a run with an I- label or let one O split a content ("..., though it ..."), and
    the runs read from it then break where the model's probabilities do not."""
    logp = np.log(np.clip(probs.astype(np.float64), 1e-12, 1.0))
    if len(logp):
        logp[0] += _OPENING
    return best_path(logp.tolist(), _BIO_COLS)


class ModelError(PackageDataError):
    """A model file that is missing, truncated or not in the format: one line naming the file (exit 70)."""


@dataclass(eq=False)
class EncodedSentence:
    """A tagged sentence: its word tokens (reported_tagger.TOKEN spans) and each one's label (the label of the piece
    holding its first character in the likeliest BIO sequence, bio_path; "O" past the piece cut); its pieces'
    (start, end) offsets in ``text`` and their probabilities over LABELS (n_pieces x 7, float32)."""

    text: str
    spans: list[tuple[int, int]]
    labels: list[str]
    offsets: list[tuple[int, int]]
    probs: np.ndarray


def _read_arrays(source, name: str) -> dict[str, np.ndarray]:
    try:
        z = np.load(source, allow_pickle=False)
        if not isinstance(z, np.lib.npyio.NpzFile):
            raise ValueError("a single array, not an .npz")
        with z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as e:
        # numpy's refusal of pickled data suggests loading it unsafely: not advice to pass on
        why = "not an .npz file" if "pickle" in str(e) else str(e) or type(e).__name__
        raise ModelError(f"{name}: cannot read the reported-speech encoder ({why})") from None


def _matrix(z: dict[str, np.ndarray], key: str) -> np.ndarray:
    """A 2-D weight as float32: stored so, or as int8 rows with one float32 scale a row (dequantised here, once)."""
    if key in z:
        return z[key].astype(np.float32)
    q, scale = z[key + ".q"], z[key + ".scale"]
    if q.dtype != np.int8 or q.ndim != 2 or scale.shape != (q.shape[0],):
        raise ValueError(f"{key}: int8 rows and one scale a row expected")
    return q.astype(np.float32) * scale.astype(np.float32)[:, None]


def _check(w: dict[str, np.ndarray], shapes: dict[str, tuple[int, ...]]) -> None:
    for key, shape in shapes.items():
        if key not in w:
            raise KeyError(key)
        if w[key].shape != shape:
            raise ValueError(f"{key} has shape {w[key].shape}, expected {shape}")


def _meta(z: dict[str, np.ndarray]) -> dict:
    meta = json.loads(str(z["meta"][()]))
    if meta.get("format") != FORMAT:
        raise ValueError(f"format {meta.get('format')!r}, this corpus reads {FORMAT}")
    if tuple(meta.get("labels", ())) != LABELS:
        raise ValueError(f"labels {meta.get('labels')!r}, expected {list(LABELS)}")
    for k in ("layers", "heads", "max_pieces"):
        if not isinstance(meta.get(k), int) or meta[k] < 1:
            raise ValueError(f"meta {k!r} is {meta.get(k)!r}")
    if not isinstance(meta.get("eps"), (int, float)):
        raise ValueError(f"meta 'eps' is {meta.get('eps')!r}")
    return meta


def _weights(z: dict[str, np.ndarray], meta: dict, n_vocab: int) -> dict[str, np.ndarray]:
    """Every weight as float32 in the state dict's names and layout, their shapes checked against each other."""
    w = {k: v.astype(np.float32) for k, v in z.items()
         if v.ndim == 1 and k not in ("vocab",) and not k.endswith(".scale")}
    names = {k.removesuffix(".q") for k, v in z.items() if v.ndim == 2}
    w |= {k: _matrix(z, k) for k in names}
    d = w[_EMB + "word_embeddings.weight"].shape[1]
    m = w[_LAYER.format(0) + "intermediate.dense.weight"].shape[0]
    if d % meta["heads"]:
        raise ValueError(f"width {d} is not a multiple of {meta['heads']} heads")
    shapes = {_EMB + "word_embeddings.weight": (n_vocab, d), _EMB + "LayerNorm.weight": (d,),
              _EMB + "LayerNorm.bias": (d,), "classifier.weight": (len(LABELS), d), "classifier.bias": (len(LABELS),)}
    for i in range(meta["layers"]):
        for name, (r, c) in _LAYER_MATRICES.items():
            dims = {"d": d, "m": m}
            shapes[_LAYER.format(i) + name + ".weight"] = (dims[r], dims[c])
            shapes[_LAYER.format(i) + name + ".bias"] = (dims[r],)
        for name in _LAYER_NORMS:
            shapes |= {_LAYER.format(i) + name + ".weight": (d,), _LAYER.format(i) + name + ".bias": (d,)}
    _check(w, shapes)
    for key in ("position_embeddings.weight", "token_type_embeddings.weight"):
        if w[_EMB + key].ndim != 2 or w[_EMB + key].shape[1] != d:
            raise ValueError(f"{_EMB + key} has shape {w[_EMB + key].shape}")
    if w[_EMB + "position_embeddings.weight"].shape[0] < meta["max_pieces"]:
        raise ValueError(f"fewer positions than max_pieces {meta['max_pieces']}")
    return w


def erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz and Stegun 7.1.26, a rational approximation of erf (absolute error under 1.5e-7); in place on
    a few buffers, since fresh temporaries for each step were a large share of the forward pass."""
    a = np.abs(x)
    t = a * 0.3275911
    t += 1.0
    np.reciprocal(t, out=t)
    y = t * 1.061405429
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += c
        y *= t
    np.multiply(a, a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    y *= a
    np.subtract(1.0, y, out=y)
    return np.copysign(y, x, out=y)


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x) (the tanh form changes labels: docs/performance.md)."""
    y = erf(x * (1.0 / math.sqrt(2.0)))
    y += 1.0
    y *= x
    y *= 0.5
    return y


def _softmax(x: np.ndarray) -> np.ndarray:
    x = np.exp(x - x.max(-1, keepdims=True))
    x /= x.sum(-1, keepdims=True)
    return x


class Encoder:
    """The tagger of one model file: its tokenizer and its weights, laid out for numpy (each matrix transposed
    to (in, out) and contiguous; a layer's query, key and value fused into one product)."""

    def __init__(self, meta: dict, vocab: list[str], w: dict[str, np.ndarray]):
        self.meta, self.heads, self.eps = meta, meta["heads"], float(meta["eps"])
        self.cap = meta["max_pieces"] - 2  # [CLS] and [SEP] take two
        self.wordpiece = WordPiece(vocab)
        self.cls, self.sep = self.wordpiece.ids["[CLS]"], self.wordpiece.ids["[SEP]"]
        self.w = {k: v for k, v in w.items() if k.endswith(".bias") or "LayerNorm" in k or k.startswith(_EMB)}
        self.w |= {k.removesuffix(".weight"): np.ascontiguousarray(v.T) for k, v in w.items()
                   if v.ndim == 2 and not k.startswith(_EMB) and ".attention.self." not in k}
        self.w[_EMB + "base"] = w[_EMB + "token_type_embeddings.weight"][0] + w[_EMB + "position_embeddings.weight"]
        self.layers = meta["layers"]
        for i in range(self.layers):
            p = _LAYER.format(i) + "attention.self."
            self.w[p + "qkv"] = np.ascontiguousarray(np.concatenate([w[p + m + ".weight"] for m in QKV]).T)
            self.w[p + "qkv.bias"] = np.concatenate([w[p + m + ".bias"] for m in QKV])

    @classmethod
    def load(cls, path: str | Path, name: str | None = None) -> Encoder:
        """The model in the .npz at ``path`` (a path or a binary file); ``name`` is how errors call it."""
        name = name or str(path)
        if isinstance(path, (str, Path)) and not Path(path).is_file():
            raise ModelError(f"{name}: cannot read the reported-speech encoder (no such file)")
        z = _read_arrays(path, name)
        try:
            meta = _meta(z)
            vocab = z["vocab"]
            if vocab.ndim != 1 or vocab.dtype.kind != "U":
                raise ValueError("vocab is not a 1-D array of strings")
            vocab = vocab.tolist()
            if missing := [s for s in SPECIAL if s not in vocab]:
                raise ValueError(f"the vocabulary lacks {missing[0]}")
            return cls(meta, vocab, _weights(z, meta, len(vocab)))
        except KeyError as e:
            raise ModelError(f"{name}: not a reported-speech encoder (no array {e})") from None
        except (ValueError, TypeError, AttributeError, IndexError) as e:
            raise ModelError(f"{name}: not a reported-speech encoder ({e})") from None

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        x = x - x.mean(-1, keepdims=True)
        var = (x * x).mean(-1, keepdims=True)
        x /= np.sqrt(var + self.eps)
        x *= self.w[name + ".weight"]
        x += self.w[name + ".bias"]
        return x

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        y = x @ self.w[name]
        y += self.w[name + ".bias"]
        return y

    def _attention(self, x: np.ndarray, bias: np.ndarray, p: str, b: int, n: int) -> np.ndarray:
        """Multi-head self-attention over ``x`` (b * n, width); ``bias`` (b, 1, 1, n) shuts out the padding."""
        d = x.shape[1]
        h = d // self.heads
        qkv = self._dense(x, p + "attention.self.qkv").reshape(b, n, 3, self.heads, h).transpose(2, 0, 3, 1, 4)
        s = qkv[0] @ qkv[1].transpose(0, 1, 3, 2)
        s *= 1.0 / math.sqrt(h)
        s += bias
        return (_softmax(s) @ qkv[2]).transpose(0, 2, 1, 3).reshape(b * n, d)

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, length, labels) logits of ``ids`` padded as ``mask`` says (1 a piece, 0 padding)."""
        b, n = ids.shape
        x = self.w[_EMB + "word_embeddings.weight"][ids] + self.w[_EMB + "base"][:n]
        x = self._norm(x.reshape(b * n, -1), _EMB + "LayerNorm")
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for i in range(self.layers):
            p = _LAYER.format(i)
            a = self._dense(self._attention(x, bias, p, b, n), p + "attention.output.dense")
            x = self._norm(a + x, p + "attention.output.LayerNorm")
            y = self._dense(gelu(self._dense(x, p + "intermediate.dense")), p + "output.dense")
            x = self._norm(y + x, p + "output.LayerNorm")
        return self._dense(x, "classifier").reshape(b, n, -1)

    def probs(self, rows: list[list[int]]) -> list[np.ndarray]:
        """Each row's (n_pieces x labels) probabilities, rows of like length batched together."""
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        out: list[np.ndarray] = [np.zeros((0, len(LABELS)), np.float32)] * len(rows)
        for k in range(0, len(rows), BATCH):
            idx = order[k : k + BATCH]
            n = max(len(rows[i]) for i in idx) + 2
            ids = np.zeros((len(idx), n), dtype=np.int64)
            mask = np.zeros((len(idx), n), dtype=np.int8)
            for j, i in enumerate(idx):
                ids[j, : len(rows[i]) + 2] = [self.cls, *rows[i], self.sep]
                mask[j, : len(rows[i]) + 2] = 1
            for i, row in zip(idx, _softmax(self.logits(ids, mask))):
                out[i] = np.ascontiguousarray(row[1 : len(rows[i]) + 1])
        return out

    def tag(self, sentences: list[str]) -> list[EncodedSentence]:
        """Each sentence tagged (same order): pieces cut at the model's max_pieces, labels by bio_path."""
        encoded = [self.wordpiece.encode(s) for s in sentences]
        rows = [ids[: self.cap] for ids, _ in encoded]
        out = []
        for s, (_, offsets), p in zip(sentences, encoded, self.probs(rows)):
            offsets = offsets[: len(p)]
            spans, labels = word_labels(s, offsets, [LABELS[k] for k in bio_path(p)])
            out.append(EncodedSentence(s, spans, labels, offsets, p))
        return out


def word_labels(sentence: str, offsets: list[tuple[int, int]], piece_labels: list[str]
                ) -> tuple[list[tuple[int, int]], list[str]]:
    """The sentence's tokens (reported_tagger.TOKEN) and each one's label: that of the piece holding its first
    character ("O" past the cut, or where no piece holds it)."""
    spans = [t.span() for t in TOKEN.finditer(sentence)]
    labels, k = [], 0
    for s, _ in spans:
        while k < len(piece_labels) and offsets[k][1] <= s:
            k += 1
        labels.append(piece_labels[k] if k < len(piece_labels) and offsets[k][0] <= s else "O")
    return spans, labels


def default_path() -> Path:
    """The shipped model file inside the installed package."""
    return Path(__file__).resolve().parents[1] / "data" / DATA_FILE


@functools.cache
def load_default() -> Encoder:
    """The shipped model (corpus_cli/data/reported_encoder.npz), loaded once a process."""
    try:
        return Encoder.load(default_path(), f"corpus_cli/data/{DATA_FILE}")
    except ModelError as e:
        raise ModelError(f"{e}; reinstall corpus-cli") from None
