#!/usr/bin/env python3
"""Score a fine-tuned reported-speech tagger (scripts/train_reported_encoder.py --publishers-out P) on the publisher
it never saw (#26): the tagger alone, as enc2's experiment scored it (docs/performance.md). Each sentence of P's
PolNeAR train articles tagged by the argmax of each piece (a token takes its first piece's label, "O" past the cut);
a content unit is a content run of 3+ words with no quotation mark, its speaker the source run nearest the cue run
nearest it (reported_tagger's runs); scored by polnear.py's indirect rules. One thread. Dev is not read.
    python scripts/train_reported_encoder_score.py --shared ../shared --publisher politico \\
        .train-cache/encoder/politico-e1.pt .train-cache/encoder/politico.pt
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import polnear  # noqa: E402
import train_reported_encoder_data as data  # noqa: E402

from corpus_cli.extract.encoder import word_labels  # noqa: E402
from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402

NAME = "train_reported_encoder_score"


def tag(model, tok, articles: list[dict]) -> tuple[dict[str, list], float]:
    """Each article's content units, and the CPU seconds the tokenizing and the forward passes took."""
    import torch

    preds, cpu = {}, time.process_time()
    with torch.no_grad():
        for x in articles:
            sents = data.article_sentences(x)
            enc = [tok(s, return_offsets_mapping=True, add_special_tokens=False) for s in sents]
            rows = [SimpleNamespace(ids=en["input_ids"][: data.MAX_PIECES - 2]) for en in enc]
            order = sorted(range(len(rows)), key=lambda i: len(rows[i].ids))  # like lengths batched
            out: list = [None] * len(rows)
            for k in range(0, len(rows), 32):
                idx = order[k : k + 32]
                ids, mask, _ = data.tensors([rows[i] for i in idx], tok, with_labels=False)
                for i, row in zip(idx, model(input_ids=ids, attention_mask=mask).logits.argmax(-1)):
                    out[i] = row[1 : len(rows[i].ids) + 1].tolist()
            preds[x["article"]] = [p for s, en, labs in zip(sents, enc, out)
                                   for p in data.units(s, *word_labels(s, en["offset_mapping"], [LABELS[k] for k in labs]))]
    return preds, time.process_time() - cpu


def figures(articles: list[dict], preds: dict[str, list]) -> dict:
    t = polnear.Tally()
    for a in articles:
        t.add(a["article"], polnear.gold_units(a)[1], preds[a["article"]])
    return t.figures()


def score(weights: Path, base: Path, tok, held: list[dict], pub: str) -> bool:
    """Print the tagger's figures on ``held``; False (and one line) when ``weights`` is no state dict of it."""
    import torch
    from transformers import AutoModelForTokenClassification

    model = AutoModelForTokenClassification.from_pretrained(str(base), num_labels=len(LABELS))
    try:
        model.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
    except Exception as err:  # a truncated, foreign or mismatched file: whatever torch raises, one line
        print(f"{NAME}: {weights}: not a state dict of the tagger ({type(err).__name__})", file=sys.stderr)
        return False
    preds, cpu = tag(model.eval(), tok, held)
    f = figures(held, preds)
    print(f"{pub} held out, {weights.name}: gold={f['gold']} predicted={f['predicted']} P={f['precision']:.4f} "
          f"R={f['recall']:.4f} F1={f['f1']:.4f} speaker={f['speaker_accuracy']:.4f} "
          f"end-to-end F1={f['e2e_f1']:.4f} ({1000 * cpu / len(held):.0f} CPU ms an article)", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("weights", type=Path, nargs="+", help="state dicts written by train_reported_encoder.py")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--publisher", required=True, help="the publisher the weights were trained without")
    e = ap.parse_args(argv)
    base = data.base_or_exit(e.shared, NAME)
    if isinstance(base, int):
        return base
    if absent := [w for w in e.weights if not w.is_file()]:
        print(f"{NAME}: {absent[0]}: not found", file=sys.stderr)
        return 2
    held = [x for x in polnear.load(e.shared, "train") if x["publisher_code"] == e.publisher]
    if not held:
        print(f"{NAME}: no publisher {e.publisher!r} in PolNeAR train", file=sys.stderr)
        return 2
    import torch
    from transformers import AutoTokenizer

    torch.set_num_threads(1)
    tok = AutoTokenizer.from_pretrained(str(base))
    return 0 if all([score(w, base, tok, held, e.publisher) for w in e.weights]) else 2


if __name__ == "__main__":
    sys.exit(main())
