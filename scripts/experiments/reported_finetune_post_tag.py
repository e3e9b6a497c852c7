"""The tagged runs of scripts/experiments/reported_finetune_post.py (#26, not shipped): each held-out publisher's
120 articles tagged once by its saved fold model (reported_finetune.py --save) and cached, per sentence its
tokens, their labels (argmax) and each wordpiece's probability of a content label (B-C + I-C), so every rule put
behind the tagger is scored without running the encoder again."""

from __future__ import annotations

import pickle
from pathlib import Path
from types import SimpleNamespace

import reported_finetune as rf
import reported_finetune_data as rd

from corpus_cli.extract.reported_tagger import LABELS

CONTENT = [k for k, lab in enumerate(LABELS) if lab.endswith("-C")]


def tag_sentences(model, tok, sents: list[str], max_pieces: int) -> list[SimpleNamespace]:
    """Each sentence tagged: its tokens' spans and labels, its pieces' offsets and content probabilities."""
    import torch

    enc = [tok(s, return_offsets_mapping=True, add_special_tokens=False) for s in sents]
    rows = [SimpleNamespace(ids=en["input_ids"][: max_pieces - 2]) for en in enc]
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].ids))
    out: list = [None] * len(rows)
    with torch.no_grad():
        for k in range(0, len(rows), 32):
            idx = order[k : k + 32]
            ids, mask, _ = rf.tensors([rows[i] for i in idx], tok, with_labels=False)
            probs = model(input_ids=ids, attention_mask=mask).logits.softmax(-1)
            for i, row in zip(idx, probs):
                n = len(rows[i].ids)
                row = row[1 : n + 1]
                labs = row.argmax(-1).tolist()
                spans, labels = rd.token_labels(sents[i], enc[i]["offset_mapping"], labs)
                out[i] = SimpleNamespace(text=sents[i], spans=spans, labels=labels,
                                         offsets=list(enc[i]["offset_mapping"][:n]),
                                         content=row[:, CONTENT].sum(-1).tolist())
    return out


def tagged_fold(articles: list[dict], pub: str, weights: Path, cache: Path) -> dict[str, list]:
    """``pub``'s held-out articles, each a list of tagged sentences (cached in ``cache``)."""
    path = cache / f"post-runs-{pub}.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    torch.set_num_threads(1)
    tok = AutoTokenizer.from_pretrained(rf.model_dir())
    model = AutoModelForTokenClassification.from_pretrained(rf.model_dir(), num_labels=len(LABELS))
    model.load_state_dict(torch.load(weights / f"{pub}-e1.pt", map_location="cpu"))
    model.eval()
    out = {x["article"]: tag_sentences(model, tok, rd.article_sentences(x), 128)
           for x in articles if x["publisher_code"] == pub}
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(out, f, protocol=pickle.HIGHEST_PROTOCOL)
    return out
