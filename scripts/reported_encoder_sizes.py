#!/usr/bin/env python3
"""What a smaller model file costs the fine-tuned reported-speech tagger (#26): each exported .npz
(scripts/export_reported_encoder.py) run by corpus_cli/extract/encoder.py on a PolNeAR train publisher held out of
its fine-tuning, the tagger alone scored by polnear.py's indirect rules as enc2 scored it (a content unit: a content
run of 3+ words with no quotation mark; its speaker the source run nearest the cue run nearest it). Beside each:
word labels changed against the first model given (and piece labels, over sentences cut alike), file size, load
and tagging CPU time on one thread. --torch also runs the fold's state dict in torch and transformers (enc1's venv)
on the same pieces: the parity of the float32 export. Dev is not read.

    PYTHONPATH=. nice -n 10 ../enc1/.venv/bin/python scripts/reported_encoder_sizes.py --shared ../shared \\
        --torch ../enc2/.train-cache/finetune/{pub}-e1.pt \\
        --model f32=.train-cache/encoder/{pub}-f32.npz --model int8=.train-cache/encoder/{pub}-int8.npz
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ["HF_HUB_OFFLINE"] = "1"
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
import numpy as np  # noqa: E402
import polnear  # noqa: E402
import train_reported_encoder_data as data  # noqa: E402

from corpus_cli.extract.encoder import EncodedSentence, Encoder  # noqa: E402
from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402


def units(tagged: list[EncodedSentence]) -> list[SimpleNamespace]:
    """An article's content units (train_reported_encoder_data.units of each sentence)."""
    return [u for t in tagged for u in data.units(t.text, t.spans, t.labels)]


def score(held: list[dict], tagged: dict[str, list[EncodedSentence]]) -> dict:
    t = polnear.Tally()
    for x in held:
        t.add(x["article"], polnear.gold_units(x)[1], units(tagged[x["article"]]))
    return t.figures()


def torch_tagger(state: Path, enc: Encoder):
    """The state dict in transformers' BertForTokenClassification, as a tagger of ``enc``'s pieces."""
    import torch
    from export_reported_encoder import base_dir
    from transformers import AutoModelForTokenClassification

    torch.set_num_threads(1)
    model = AutoModelForTokenClassification.from_pretrained(base_dir(), num_labels=len(LABELS))
    model.load_state_dict(torch.load(state, map_location="cpu", weights_only=True))
    model.eval()

    def logits(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask.astype(np.int64))
                         ).logits.numpy()
    enc.logits = logits  # the same tokenizer, batching and decoding; torch's forward pass
    return enc


def tag_fold(enc: Encoder, held: list[dict], sents: dict[str, list[str]]) -> tuple[dict, float]:
    cpu = time.process_time()
    out = {x["article"]: enc.tag(sents[x["article"]]) for x in held}
    return out, time.process_time() - cpu


def changed(ref: dict, got: dict) -> tuple[int, int, int, int]:
    """(word labels changed, words, piece labels changed, pieces) against ``ref``; pieces over the sentences
    cut into the same pieces only."""
    words = wrong = pieces = pwrong = 0
    for art, sents in ref.items():
        for a, b in zip(sents, got[art]):
            words += len(a.labels)
            wrong += sum(x != y for x, y in zip(a.labels, b.labels))
            if a.offsets == b.offsets:
                pieces += len(a.offsets)
                pwrong += int((a.probs.argmax(-1) != b.probs.argmax(-1)).sum())
    return wrong, words, pwrong, pieces


def row(name: str, f: dict, diff: tuple | None, size: float, load: float, ms: float) -> str:
    d = f"{diff[0]} of {diff[1]} words, {diff[2]} of {diff[3]} pieces" if diff else "(reference)"
    return (f"| {name} | {f['predicted']} | {f['precision']:.4f} | {f['recall']:.4f} | {f['f1']:.4f} | "
            f"{f['speaker_accuracy']:.4f} | {f['e2e_f1']:.4f} | {d} | {size:.1f} | {load:.2f} | {ms:.0f} |")


def run_fold(pub: str, held: list[dict], a: argparse.Namespace) -> None:
    sents = {x["article"]: data.article_sentences(x) for x in held}
    print(f"\n{pub} held out: {len(held)} articles, {sum(map(len, sents.values()))} sentences", flush=True)
    print("| model | predicted | P | R | F1 | speaker | end to end | labels changed | MB | load s | ms an article |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |", flush=True)
    ref = None
    models = [(name, Path(p.format(pub=pub))) for name, p in (m.split("=", 1) for m in a.model)]
    if a.torch:
        models.insert(0, ("torch", Path(a.torch.format(pub=pub))))
    for name, path in models:
        cpu = time.process_time()
        if name == "torch":
            enc = torch_tagger(path, Encoder.load(models[1][1]))
        else:
            enc = Encoder.load(path)
        load = time.process_time() - cpu
        tagged, secs = tag_fold(enc, held, sents)
        diff = changed(ref, tagged) if ref is not None else None
        ref = ref or tagged
        size = path.stat().st_size / 1e6
        print(row(name, score(held, tagged), diff, size, load, 1000 * secs / len(held)), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--publishers", type=lambda v: v.split(","), default=["politico", "breitbart"])
    ap.add_argument("--model", action="append", default=[], metavar="NAME=PATH",
                    help="a .npz to run; {pub} in PATH is the held-out publisher (repeat; the first is the "
                         "reference for labels changed)")
    ap.add_argument("--torch", metavar="STATE", help="the fold's state dict ({pub}): torch first, the reference")
    a = ap.parse_args()
    if polnear.missing(a.shared, "reported_encoder_sizes"):
        return 0
    if not a.model:
        raise SystemExit("reported_encoder_sizes: give at least one --model NAME=PATH")
    articles = polnear.load(a.shared, "train")
    for pub in a.publishers:
        run_fold(pub, [x for x in articles if x["publisher_code"] == pub], a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
