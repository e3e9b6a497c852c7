#!/usr/bin/env python3
"""The fine-tuned tagger of reported_finetune.py without torch (#26, an experiment, not shipped): its state dict
exported once to a .npz (torch used only there), and BERT's forward pass (all-MiniLM-L6-v2: 6 layers, 384 wide,
12 heads) with the linear head in numpy.

Export (enc1's venv, which has torch):
    PYTHONPATH=. ../enc1/.venv/bin/python scripts/experiments/encoder_numpy.py \\
        ../enc2/.train-cache/finetune/politico-e1.pt .train-cache/enc3/politico-e1 [--float16]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

HEADS = 12  # all-MiniLM-L6-v2's config.json (num_attention_heads)
QKV = ("query", "key", "value")


def export(state: Path, out: Path, dtype: str) -> Path:
    """The state dict's float tensors as arrays of ``dtype`` in ``out``.npz, named as in the state dict."""
    import torch

    sd = torch.load(state, map_location="cpu", weights_only=True)
    arrays = {k: v.numpy().astype(dtype) for k, v in sd.items() if v.is_floating_point()}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **arrays)
    return out.with_suffix(".npz")


class Encoder:
    """The weights of a .npz from ``export``, cast to float32 at load and laid out for numpy: each weight
    transposed to (in, out) and contiguous, a layer's query, key and value fused into one matrix (one product
    instead of three); ``eps`` from the model's config.json."""

    def __init__(self, path: Path, eps: float, gelu: str = "erf"):
        try:
            with np.load(path) as z:
                w = {k: z[k].astype(np.float32) for k in z.files}
        except (OSError, ValueError) as err:
            raise SystemExit(f"encoder_numpy: cannot read {path}: {err}") from None
        self.eps, self.gelu = eps, {"erf": gelu_erf, "tanh": gelu_tanh}[gelu]
        self.w = {k[:-7]: np.ascontiguousarray(v.T) for k, v in w.items() if k.endswith("dense.weight")}
        self.w |= {k: v for k, v in w.items() if "LayerNorm" in k or k.endswith("dense.bias") or "embeddings" in k}
        self.w |= {"classifier": np.ascontiguousarray(w["classifier.weight"].T), "classifier.bias": w["classifier.bias"]}
        self.layers = 1 + max(int(k.split(".")[3]) for k in w if k.startswith("bert.encoder.layer."))
        for i in range(self.layers):
            p = f"bert.encoder.layer.{i}.attention.self."
            self.w[p + "qkv"] = np.ascontiguousarray(np.concatenate([w[p + m + ".weight"] for m in QKV]).T)
            self.w[p + "qkv.bias"] = np.concatenate([w[p + m + ".bias"] for m in QKV])

    def norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        x = x - mu
        var = (x * x).mean(-1, keepdims=True)
        return x / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name] + self.w[name + ".bias"]

    def attention(self, x: np.ndarray, bias: np.ndarray, p: str, shape: tuple[int, int]) -> np.ndarray:
        """Multi-head self-attention over ``x`` (batch * length, width); ``bias`` (batch, 1, 1, length) shuts
        out the padding."""
        (b, n), d = shape, x.shape[1]
        h = d // HEADS
        qkv = self.dense(x, p + ".attention.self.qkv").reshape(b, n, 3, HEADS, h).transpose(2, 0, 3, 1, 4)
        s = qkv[0] @ qkv[1].transpose(0, 1, 3, 2) * (1.0 / math.sqrt(h)) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        return (s @ qkv[2]).transpose(0, 2, 1, 3).reshape(b * n, d)

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(batch, length, labels) logits for ``ids`` padded as ``mask`` (1 a piece, 0 padding)."""
        e, (b, n) = "bert.embeddings.", ids.shape
        x = (self.w[e + "word_embeddings.weight"][ids] + self.w[e + "position_embeddings.weight"][:n]
             + self.w[e + "token_type_embeddings.weight"][0])
        x = self.norm(x.reshape(b * n, -1), e + "LayerNorm")
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for i in range(self.layers):
            p = f"bert.encoder.layer.{i}"
            x = self.norm(self.dense(self.attention(x, bias, p, (b, n)), p + ".attention.output.dense") + x,
                          p + ".attention.output.LayerNorm")
            y = self.gelu(self.dense(x, p + ".intermediate.dense"))
            x = self.norm(self.dense(y, p + ".output.dense") + x, p + ".output.LayerNorm")
        return self.dense(x, "classifier").reshape(b, n, -1)


def erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz and Stegun 7.1.26, a rational approximation of erf (absolute error under 1.5e-7), computed
    in place on a few buffers (fresh temporaries for each step made it a large share of the forward pass)."""
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


def gelu_erf(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), with erf approximated as above."""
    y = erf(x * (1.0 / math.sqrt(2.0)))
    y += 1.0
    y *= x
    y *= 0.5
    return y


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """The tanh approximation of GELU (Hendrycks and Gimpel)."""
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * (x * x * x))))


def config_eps(model_dir: str) -> float:
    """layer_norm_eps of the model's config.json."""
    return float(json.loads(Path(model_dir, "config.json").read_text())["layer_norm_eps"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("state", type=Path, help="a state dict saved by reported_finetune.py --save")
    ap.add_argument("out", type=Path, help="the .npz to write (its suffix added)")
    ap.add_argument("--float16", action="store_true", help="store the weights as float16")
    a = ap.parse_args()
    if not a.state.is_file():
        raise SystemExit(f"encoder_numpy: no such file: {a.state}")
    t0 = time.time()
    path = export(a.state, a.out, "float16" if a.float16 else "float32")
    print(f"wrote {path}: {path.stat().st_size / 1e6:.1f} MB in {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
