#!/usr/bin/env python3
"""Whether encoder_numpy.py's forward pass and encoder_wordpiece.py's tokenizer give the labels torch and
transformers give (#26, an experiment, not shipped), and what each costs on one thread. Every sentence of PolNeAR
dev (reported_finetune_data.article_sentences) is run through, none scored: the tokenizers' ids and offsets
compared sentence by sentence, the logits and argmax of each piece under float32 and float16 weights and both
GELUs, the content units each tagger gives, and the CPU milliseconds an article, sentences of like length batched
32 at a time as reported_finetune.tag does.

    PYTHONPATH=. nice -n 10 ../enc1/.venv/bin/python scripts/experiments/encoder_numpy_check.py --shared ../shared \\
        --state ../enc2/.train-cache/finetune/politico-e1.pt --npz .train-cache/enc3/politico-e1
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ["HF_HUB_OFFLINE"] = "1"
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import numpy as np  # noqa: E402
import polnear  # noqa: E402
import reported_finetune as rf  # noqa: E402
import reported_finetune_data as rd  # noqa: E402
from encoder_numpy import Encoder, config_eps, export  # noqa: E402
from encoder_wordpiece import WordPiece  # noqa: E402

BATCH = 32  # reported_finetune.tag's batch
# Strings PolNeAR hardly has: accents, CJK and Hangul, controls, zero-width and odd spaces, ligatures, a word past
# 100 characters, emoji, scripts with marks of their own, full-width forms, title-case digraphs.
HARD = ["Café naïve résumé Ångström", "日本語のテキスト and 中文", "zero\u200bwidth soft\u00adhyphen", "İstanbul ǅemal ß ẞ",
        "ﬁne ligature ①②", "x" * 120 + " ok", "emoji 😀👍🏽 done", "ctrl\x00\x07\x1fchars\ufffd",
        "tab\tnew\nline\r\u00a0nbsp\u2003em", "Ελληνικά ά ΐ", "हिन्दी भाषा", "العربية", "“quotes” — dash… ‘single’",
        "Cʼmon O’Brien's", "ﬀ Ⅻ ㎏", "\u0301lead mark", "a\u0300\u0301b", "supercalifragilisticexpialidocious",
        "$1,000.50 @user #tag 50%", "한국어 텍스트", "Ｆｕｌｌ ｗｉｄｔｈ", "\u2028sep\u2029", "ǈ ǋ Σ ς"]


def padded(rows: list[list[int]], cls: int, sep: int) -> tuple[np.ndarray, np.ndarray]:
    """[CLS] ids [SEP], padded with 0 (the [PAD] id), and the mask."""
    n = max(len(r) for r in rows) + 2
    ids = np.zeros((len(rows), n), dtype=np.int64)
    mask = np.zeros((len(rows), n), dtype=np.int64)
    for j, r in enumerate(rows):
        ids[j, : len(r) + 2] = [cls, *r, sep]
        mask[j, : len(r) + 2] = 1
    return ids, mask


def run(forward, rows: list[list[int]], cls: int, sep: int) -> list[np.ndarray]:
    """Each row's logits (its own pieces only), rows of like length batched as reported_finetune.tag does."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    out: list = [None] * len(rows)
    for k in range(0, len(rows), BATCH):
        idx = order[k : k + BATCH]
        ids, mask = padded([rows[i] for i in idx], cls, sep)
        for i, row in zip(idx, forward(ids, mask)):
            out[i] = row[1 : len(rows[i]) + 1]
    return out


def compare_tokens(sents: list[str], tok, wp: WordPiece, cap: int) -> tuple[list, list]:
    """Each sentence's pieces by the fast tokenizer and by ours (cut at ``cap``); the sentences that differ are
    printed (the first 10)."""
    fast, ours, differ = [], [], 0
    for s in sents:
        en = tok(s, return_offsets_mapping=True, add_special_tokens=False)
        a = (en["input_ids"][:cap], [tuple(o) for o in en["offset_mapping"]][:cap])
        b = tuple(x[:cap] for x in wp.encode(s))
        fast.append(a)
        ours.append(b)
        if a[0] != b[0] or a[1] != b[1]:
            differ += 1
            if differ <= 10:
                print(f"  differs ({'ids' if a[0] != b[0] else 'offsets'}): {s[:120]!r}")
    print(f"tokenizer: {len(sents) - differ} of {len(sents)} strings identical (ids and offsets)", flush=True)
    return fast, ours


def timed(label: str, fn, n_articles: int = 0):
    """``fn``'s result; its CPU seconds printed (and per article, given ``n_articles``)."""
    t0, w0 = time.process_time(), time.time()
    out = fn()
    cpu, wall = time.process_time() - t0, time.time() - w0
    each = f", {1000 * cpu / n_articles:.0f} ms an article" if n_articles else ""
    print(f"{label}: {cpu:.2f} CPU s ({wall:.2f} s wall){each}", flush=True)
    return out


def tagged(sents: list[list[str]], encode, forward, cls: int, sep: int, cap: int) -> list[tuple[list, list]]:
    """Each article's (pieces, logits) for every sentence: ``encode`` a sentence to (ids, offsets), cut at
    ``cap``, then ``forward`` over like-length batches."""
    out = []
    for article in sents:
        enc = [tuple(x[:cap] for x in encode(s)) for s in article]
        out.append((enc, run(forward, [e[0] for e in enc], cls, sep)))
    return out


def units(sents: list[str], enc: list, logits: list) -> list[tuple]:
    """An article's content units (text and speaker) from the argmax of each piece."""
    return [(p.text, p.speaker_mention) for s, e, lg in zip(sents, enc, logits)
            for p in rd.predictions(s, *rd.token_labels(s, e[1], lg.argmax(-1).tolist()))]


def agree(name: str, sents: list[list[str]], ref: list, got: list) -> None:
    """The logits' largest difference and the share of pieces whose argmax agrees, over the sentences both
    tokenized alike; and the articles whose content units are identical."""
    diff, same, pieces, skipped, arts = 0.0, 0, 0, 0, 0
    for art, (e0, l0), (e1, l1) in zip(sents, ref, got):
        for a, b, x, y in zip(e0, e1, l0, l1):
            if a[0] != b[0]:
                skipped += 1
                continue
            diff = max(diff, float(np.abs(x - y).max()) if len(x) else 0.0)
            same += int((x.argmax(-1) == y.argmax(-1)).sum())
            pieces += len(x)
        arts += units(art, e0, l0) == units(art, e1, l1)
    print(f"{name}: logits max abs diff {diff:.2e}; argmax identical for {same} of {pieces} pieces "
          f"({same / max(pieces, 1):.6f}); {skipped} sentences tokenized apart skipped; "
          f"content units identical in {arts} of {len(sents)} articles", flush=True)


def torch_forward(state: Path):
    """The fine-tuned model of reported_finetune.py as a function of numpy ids and mask, one thread."""
    import torch
    from transformers import AutoModelForTokenClassification

    torch.set_num_threads(1)
    model = AutoModelForTokenClassification.from_pretrained(rf.model_dir(), num_labels=len(rd.LABEL_ID))
    model.load_state_dict(torch.load(state, map_location="cpu", weights_only=True))
    model.eval()

    def forward(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.numpy()
    return forward


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--state", type=Path, required=True, help="a state dict saved by reported_finetune.py --save")
    ap.add_argument("--npz", type=Path, required=True,
                    help="the exported weights' stem: STEM.npz and STEM-f16.npz (exported from --state if absent)")
    ap.add_argument("--max-pieces", type=int, default=128, help="wordpieces a sentence keeps, [CLS] and [SEP] too")
    ap.add_argument("--train-tokens", action="store_true",
                    help="also compare the tokenizers on every PolNeAR train sentence")
    ap.add_argument("--limit", type=int, default=0, help="this many dev articles only (a smoke test)")
    return ap.parse_args()


def main() -> int:
    a = parse_args()
    if polnear.missing(a.shared, "encoder_numpy_check"):
        return 0
    if not a.state.is_file():
        raise SystemExit(f"encoder_numpy_check: no such file: {a.state}")
    from transformers import AutoTokenizer

    dev = polnear.load(a.shared, "dev")[: a.limit or None]
    sents = [rd.article_sentences(x) for x in dev]
    tok, wp = AutoTokenizer.from_pretrained(rf.model_dir()), WordPiece(Path(rf.model_dir(), "vocab.txt"))
    cap, cls, sep = a.max_pieces - 2, tok.cls_token_id, tok.sep_token_id
    print(f"PolNeAR dev: {len(dev)} articles, {sum(map(len, sents))} sentences", flush=True)
    compare_tokens([s for art in sents for s in art], tok, wp, cap)
    compare_tokens(HARD, tok, wp, cap)
    if a.train_tokens:
        compare_tokens([s for x in polnear.load(a.shared, "train") for s in rd.article_sentences(x)], tok, wp, cap)
    wp = timed("our tokenizer load", lambda: WordPiece(Path(rf.model_dir(), "vocab.txt")))

    def fast(s: str) -> tuple[list, list]:
        en = tok(s, return_offsets_mapping=True, add_special_tokens=False)
        return en["input_ids"], [tuple(o) for o in en["offset_mapping"]]

    flat = [s for art in sents for s in art]
    timed("fast tokenizer alone", lambda: [fast(s) for s in flat], len(dev))
    timed("our tokenizer alone", lambda: [wp.encode(s) for s in flat], len(dev))
    forward = timed("torch load", lambda: torch_forward(a.state))
    ref = timed("torch + fast tokenizer", lambda: tagged(sents, fast, forward, cls, sep, cap), len(dev))
    eps = config_eps(rf.model_dir())
    for stem, gelu in ((a.npz, "erf"), (a.npz, "tanh"), (Path(f"{a.npz}-f16"), "erf")):
        path = stem.with_suffix(".npz")
        if not path.exists():
            export(a.state, stem, "float16" if stem.name.endswith("-f16") else "float32")
        enc = timed(f"load {path} ({path.stat().st_size / 1e6:.1f} MB)", lambda p=path, g=gelu: Encoder(p, eps, g))
        name = f"numpy {path.name}, GELU {gelu}"
        got = timed(f"{name} + our tokenizer", lambda f=enc.logits: tagged(sents, wp.encode, f, cls, sep, cap),
                    len(dev))
        agree(name, sents, ref, got)
    return 0


if __name__ == "__main__":
    sys.exit(main())
