#!/usr/bin/env python3
"""An experiment (#26, not shipped): the fine-tuned tagger of reported_finetune.py with corpus's rules behind it,
on two held-out folds (politico, breitbart: each tagged by its saved fold model, reported_finetune.py --save).

Over the tagger's content runs (3+ words, no quotation mark), each step alone and then together, scored by
polnear.py's rules:
  S  speakers: a run with no source run, or one that is no plausible speaker (reported_facts.plausible_speaker),
     takes the mention of a kept candidate of the pipeline that matches it (polnear's half-overlap rule), else
     corpus's subject of the cue (reported_subjects.cue_subject on the text before the cue run), else the
     sentence's subject (reported_subjects.sentence_subject on the text before the run);
  N  the same for a run with no source run only (a source run the tagger found kept, plausible or not);
  B  the README's belief rule: a run whose cue run holds a belief or intention word (reported_model.BELIEF_WORDS,
     as reported.py reads a tagger's cue) dropped;
  U  union: the pipeline's kept contents (make train-reported held out, 0.35) that match no tagger run added;
  C  the pipeline's cue finder: a run whose cue run holds no word the fold token model gives 0.05 or more dropped
     (kept when "according" is in it; a run with no cue run dropped);
  T  tidy: a leading "that", comma or dash, and a dateline ("CITY (Reuters) -") taken off the content;
  F  a floor on the mean content probability (B-C + I-C) of the run's wordpieces, chosen on the other fold.
The pipeline's candidates and token models are those that never saw the held-out publisher. Dev is not read.

    PYTHONPATH=. nice -n 10 ../enc1/.venv/bin/python scripts/experiments/reported_finetune_post.py \
        --shared ../shared --weights ../enc2/.train-cache/finetune
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import polnear  # noqa: E402
import reported_finetune  # noqa: E402, F401  (one thread, offline: set on import)
import reported_finetune_data as rd  # noqa: E402
import reported_finetune_post_tag as pt  # noqa: E402
import train_reported as tr  # noqa: E402

from corpus_cli.extract.reported_facts import plausible_speaker  # noqa: E402
from corpus_cli.extract.reported_model import BELIEF_WORDS, CueModel, may_be_cue, tokens  # noqa: E402
from corpus_cli.extract.reported_subjects import _DATELINE, cue_subject, sentence_subject  # noqa: E402
from corpus_cli.extract.reported_tagger import _runs  # noqa: E402

FOLDS = ("politico", "breitbart")
STEPS = "SNBUCTF"
FLOORS = [round(0.30 + 0.05 * k, 2) for k in range(14)]
_WORD = re.compile(r"[A-Za-z]+")
_LEAD = re.compile(r"^(?:\s|[,;:—–-]|that\b)+", re.IGNORECASE)


def pipeline_kept(articles: list[dict], pub: str, cands: dict, threshold: float, a) -> dict[str, list]:
    """make train-reported's kept candidates of ``pub``'s articles, the candidate model fitted without it."""
    train = [c for x in articles if x["publisher_code"] != pub for c in cands[x["article"]]]
    model = CueModel(*tr.fit_candidates(train, a), 0.0, [])
    out = {}
    for x in articles:
        if x["publisher_code"] == pub:
            for c in cands[x["article"]]:
                c.p = model.probability(c.features)
            out[x["article"]] = tr.kept(cands[x["article"]], threshold)
    return out


def token_model(articles: list[dict], pub: str, a) -> CueModel:
    """The cue words and token model fitted without ``pub`` (train_reported.fold_models' fit, one fold)."""
    others = [x for x in articles if x["publisher_code"] != pub]
    model = CueModel({}, 0.0, 0.0, tr.cue_words(others, a.min_count)[0])
    model.token_model = tr.fit_tokens([r for x in others for r in tr.token_rows(x)], model.cue_set, a)
    return model


def cue_found(sentence: str, cue: tuple[int, int] | None, model: CueModel) -> bool:
    """Whether the cue run holds "according" or a word the token model gives 0.05 or more."""
    if cue is None:
        return False
    toks = tokens(sentence)
    words = [t.group() for t in toks]
    for i, t in enumerate(toks):
        if cue[0] <= t.start() < cue[1]:
            w = words[i]
            if w.lower() == "according":
                return True
            if may_be_cue(w) and model.token_model.word_probability(words, i, w.lower() in model.cue_set) >= 0.05:
                return True
    return False


def run_rows(tagged: list, model: CueModel) -> list[SimpleNamespace]:
    """Every content run of an article's tagged sentences with what the steps read: its text, source, the
    subject of its cue, its mean content probability, whether its cue holds a belief word or a cue word."""
    out = []
    for s in tagged:
        for r in _runs(s.text, s.spans, s.labels):
            text = s.text[r.start : r.end]
            if len(polnear.words(text)) < 3:
                continue
            probs = [p for (a, b), p in zip(s.offsets, s.content) if a < r.end and b > r.start]
            cue_text = s.text[r.cue[0] : r.cue[1]] if r.cue else ""
            subject = cue_subject(s.text[: r.cue[0]].rstrip())[0] if r.cue else None
            out.append(SimpleNamespace(
                text=text, source=s.text[r.source[0] : r.source[1]] if r.source else None,
                subject=subject or sentence_subject(s.text[: r.start]),
                prob=sum(probs) / max(1, len(probs)), cue=cue_found(s.text, r.cue, model),
                belief=bool(BELIEF_WORDS.intersection(w.lower() for w in _WORD.findall(cue_text))),
                match=None))
    return out


def matching(w: Counter, kept: list) -> SimpleNamespace | None:
    """The kept candidate whose words (``.words``) overlap ``w`` most, at least half each way (polnear's rule)."""
    best, best_ov = None, 0.5
    for c in kept:
        if (ov := polnear._overlap(w, c.words)) >= best_ov:
            best, best_ov = c, ov
    return best


def tidy(text: str) -> str:
    """The content without a dateline, and a leading "that", comma or dash."""
    while True:
        cut = _LEAD.sub("", _DATELINE.sub("", text))
        if cut == text:
            return text
        text = cut


def predict(rows: list, kept: list, steps: str, floor: float) -> list[SimpleNamespace]:
    """An article's predictions: its runs under the steps named (letters of STEPS), at ``floor`` when F is."""
    out = []
    for r in rows:
        if ("B" in steps and r.belief) or ("C" in steps and not r.cue) or ("F" in steps and r.prob < floor):
            continue
        text = tidy(r.text) if "T" in steps else r.text
        if len(polnear.words(text)) < 3:
            continue
        who = r.source
        if ("S" in steps and not plausible_speaker(who)) or ("N" in steps and who is None):
            who = (r.match.speaker_mention if r.match is not None else None) or r.subject or who
        out.append(SimpleNamespace(text=text, kind="indirect", speaker=None, speaker_mention=who,
                                   words=Counter(polnear.words(text))))
    if "U" in steps:
        out += [c for c in kept if matching(c.words, out) is None]
    return out


def score(fold: SimpleNamespace, steps: str, floor: float = 0.0) -> dict:
    preds = {k: predict(fold.rows[k], fold.kept[k], steps, floor) for k in fold.rows}
    return rd.tally(fold.articles, preds)


def floor_chosen(fold: SimpleNamespace, steps: str) -> float:
    """The floor of highest end-to-end F1 on ``fold`` (polnear.highest_within: the highest within 0.001)."""
    return polnear.highest_within({f: score(fold, steps, f)["e2e_f1"] for f in FLOORS})


def folds(shared: Path, weights: Path, threshold: float) -> dict[str, SimpleNamespace]:
    """Each fold's held-out articles, their run rows and the pipeline's kept candidates."""
    articles = polnear.load(shared, "train")
    a = rd.train_args(shared)
    cands = rd.candidates(articles, a)
    out = {}
    for pub in FOLDS:
        tagged = pt.tagged_fold(articles, pub, weights, rd.CACHE)
        model = token_model(articles, pub, a)
        held = [x for x in articles if x["publisher_code"] == pub]
        kept = pipeline_kept(articles, pub, cands, threshold, a)
        rows = {k: run_rows(v, model) for k, v in tagged.items()}
        for k, rs in rows.items():
            for c in kept[k]:
                c.words = Counter(polnear.words(c.text))
            for r in rs:
                r.match = matching(Counter(polnear.words(r.text)), kept[k])
        out[pub] = SimpleNamespace(articles=held, kept=kept, rows=rows)
        print(f"{pub}: {len(held)} articles, {sum(map(len, out[pub].rows.values()))} runs", flush=True)
    return out


def report(fs: dict[str, SimpleNamespace], steps: str, quiet: bool = False) -> list[dict]:
    """Both folds' figures under ``steps``, the floor (if any) chosen on the other fold; printed unless quiet."""
    out = []
    for pub, other in zip(FOLDS, reversed(FOLDS)):
        floor = floor_chosen(fs[other], steps) if "F" in steps else 0.0
        f = score(fs[pub], steps, floor)
        if not quiet:
            rd.show(f"{steps or 'tagger'} ({pub}{f', floor {floor:.2f}' if 'F' in steps else ''})", f)
        out.append(f)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--weights", type=Path, default=ROOT.parent / "enc2" / ".train-cache" / "finetune",
                    help="the folder of reported_finetune.py --save's politico-e1.pt and breitbart-e1.pt")
    ap.add_argument("--threshold", type=float, default=0.35, help="the pipeline's threshold (make train-reported)")
    a = ap.parse_args()
    if polnear.missing(a.shared, "reported_finetune_post"):
        return 0
    if not all((a.weights / f"{p}-e1.pt").is_file() for p in FOLDS):
        raise SystemExit(f"reported_finetune_post: no {FOLDS[0]}-e1.pt and {FOLDS[1]}-e1.pt in {a.weights}")
    fs = folds(a.shared, a.weights, a.threshold)
    for pub in FOLDS:
        rd.show(f"pipeline alone ({pub}, {a.threshold})", rd.tally(fs[pub].articles, fs[pub].kept))
    for steps in ["", *STEPS]:
        report(fs, steps)
    combos = ["".join(c) for n in range(2, len(STEPS) + 1) for c in itertools.combinations(STEPS, n)
              if not ("S" in c and "N" in c)]
    ranked = sorted(((report(fs, s, quiet=True), s) for s in combos), key=lambda x: -min(f["e2e_f1"] for f in x[0]))
    print("\nbest together (the lower fold's end-to-end F1 first):")
    for figs, steps in ranked[:8]:
        print(f"  {steps:<7} " + "  ".join(f"F1={f['f1']:.4f} e2e={f['e2e_f1']:.4f}" for f in figs))
    for _, steps in ranked[:3]:
        report(fs, steps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
