"""The labels, decoding and baselines of scripts/experiments/reported_finetune.py (#26, not shipped): PolNeAR
train's sentences as reported_tagger_fit cuts them, each wordpiece's BIO label from its ``paint``; a tagged
sentence's content runs as the scorer's predictions (reported_tagger's runs: the CRF's rule); and the same
publisher under the CRF tagger alone and under make train-reported's held-out candidate model."""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from pathlib import Path
from types import SimpleNamespace

import polnear
import reported_tagger_fit as rtf
import train_reported as tr

from corpus_cli.extract.reported_model import CueModel
from corpus_cli.extract.reported_tagger import LABELS, TOKEN, _runs
from corpus_cli.extract.spans import PARAGRAPH, sentences

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".train-cache" / "finetune"
LABEL_ID = {lab: k for k, lab in enumerate(LABELS)}
# The sources make train-reported's candidates come from: their hash keys the cached candidates.
_SOURCES = ["scripts/train_reported.py", *(f"corpus_cli/extract/{n}" for n in (
    "reported.py", "reported_facts.py", "reported_model.py", "reported_subjects.py", "cues.py", "spans.py"))]


def train_args(shared: Path) -> argparse.Namespace:
    """make train-reported's own options at their defaults (read from its parser, not copied)."""
    saved, sys.argv = sys.argv, [sys.argv[0], "--shared", str(shared)]
    try:
        return tr.parse_args()
    finally:
        sys.argv = saved


def article_sentences(article: dict) -> list[str]:
    """The sentences of an article's paragraphs, as reported_tagger_fit.article_sentences cuts them."""
    text = article["text"]
    return [text[m.start() + a : m.start() + b] for m in PARAGRAPH.finditer(text) for a, b in sentences(m.group())
            if TOKEN.search(text[m.start() + a : m.start() + b])]


def piece_rows(article: dict, tok, max_pieces: int) -> tuple[list[SimpleNamespace], int]:
    """Each sentence's wordpiece ids and labels (BIO over content, source and cue, B at the first piece of a run
    of one attribution: reported_tagger_fit's own labelling over the pieces' first characters), cut at
    ``max_pieces``; and how many sentences were cut."""
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


def token_labels(sentence: str, offsets: list[tuple[int, int]], piece_labels: list[int]
                 ) -> tuple[list[tuple[int, int]], list[str]]:
    """The sentence's tokens (reported_tagger.TOKEN) and each one's label: that of the piece holding its first
    character ("O" past a cut)."""
    spans = [t.span() for t in TOKEN.finditer(sentence)]
    labels, k = [], 0
    for s, _ in spans:
        while k < len(piece_labels) and offsets[k][1] <= s:
            k += 1
        labels.append(LABELS[piece_labels[k]] if k < len(piece_labels) and offsets[k][0] <= s else "O")
    return spans, labels


def predictions(sentence: str, spans: list[tuple[int, int]], labels: list[str]) -> list[SimpleNamespace]:
    """A tagged sentence's content units: content runs of 3+ words without a quotation mark, each one's speaker
    the source run nearest the cue run nearest it (reported_tagger's runs, as rtag counted them)."""
    out = []
    for r in _runs(sentence, spans, labels):
        text = sentence[r.start : r.end]
        if len(polnear.words(text)) >= 3:
            who = sentence[r.source[0] : r.source[1]] if r.source else None
            out.append(SimpleNamespace(text=text, kind="indirect", speaker=None, speaker_mention=who))
    return out


def tally(articles: list[dict], preds: dict[str, list]) -> dict:
    t = polnear.Tally()
    for a in articles:
        t.add(a["article"], polnear.gold_units(a)[1], preds[a["article"]])
    return t.figures()


def show(name: str, f: dict) -> None:
    print(f"{name:<44} predicted={f['predicted']:>5} P={f['precision']:.4f} R={f['recall']:.4f} F1={f['f1']:.4f} "
          f"speaker={f['speaker_accuracy']:.4f} end-to-end F1={f['e2e_f1']:.4f}", flush=True)


def crf_alone(articles: list[dict], pubs: list[str], a) -> dict[str, dict]:
    """The CRF tagger alone (make train-reported TAGGER=1's fit, every sentence tagged) fitted on the six
    publishers other than each of ``pubs``, its facts each article's from the fold token model that never saw it;
    each held-out publisher's figures."""
    folds = tr.fold_models(articles, a)
    sents = {x["article"]: rtf.article_sentences(x, folds[x["publisher_code"]]) for x in articles}
    out = {}
    for pub in pubs:
        train = [s for x in articles if x["publisher_code"] != pub for s in sents[x["article"]]]
        tagger, secs = rtf.fit(train, a)
        tagger.gate = False
        print(f"CRF without {pub}: fitted on {len(train)} sentences in {secs:.0f} s", flush=True)
        held = [x for x in articles if x["publisher_code"] == pub]
        preds = {x["article"]: [p for s in article_sentences(x) if (t := tagger.tag(s, folds[pub]))
                                for p in predictions(s, t.spans, t.labels)] for x in held}
        out[pub] = tally(held, preds)
    return out


def candidates(articles: list[dict], a) -> dict[str, list]:
    """Every article's candidates from the fold models that never saw its publisher (cached, keyed by the code
    that makes them)."""
    key = hashlib.sha1(b"".join((ROOT / p).read_bytes() for p in _SOURCES)).hexdigest()[:16]
    path = CACHE / f"candidates-{key}.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    folds = tr.fold_models(articles, a)
    cands = {art["article"]: tr.article_candidates(art, folds[art["publisher_code"]]) for art in articles}
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(cands, f, protocol=pickle.HIGHEST_PROTOCOL)
    return cands


def shipped_held_out(articles: list[dict], pub: str, a, threshold: float) -> dict:
    """make train-reported's pipeline with ``pub`` held out: its candidates (fold models without it), the
    candidate model fitted on the other six publishers' candidates, kept at ``threshold``; ``pub``'s figures."""
    cands = candidates(articles, a)
    train = [c for x in articles if x["publisher_code"] != pub for c in cands[x["article"]]]
    model = CueModel(*tr.fit_candidates(train, a), 0.0, [])
    held = [x for x in articles if x["publisher_code"] == pub]
    for x in held:
        for c in cands[x["article"]]:
            c.p = model.probability(c.features)
    return tr.tally(held, cands, threshold).figures()
