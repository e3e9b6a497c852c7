#!/usr/bin/env python3
"""Experiment (#26, rtag): does a learned sequence tagger break the reported-speech candidate model's bound?

Each sentence of PolNeAR's paragraphs is tagged token by token, BIO-style: content (C), source (S), cue (Q), O
(the PARC attribution-tagging setup), by a linear-chain CRF (python-crfsuite, a training-only tool: pip install
python-crfsuite in your own venv; it is no dependency of corpus). The facts of a token are in
reported_tagger_seq.py. Held out by publisher on train (fit on six publishers, tag the seventh), scored by
polnear.py's rules:

- alone: each CONTENT run of 3+ words without quotation marks is a reported content, its speaker the SOURCE run
  nearest the CUE run nearest it;
- fact: make train-reported's candidates (scripts/train_reported.py, each fold's cue words and token model)
  with the tagger's agreement as facts of the candidate model (the share of a candidate's words tagged content,
  whether its ends agree, whether a tagged run matches it);
- extra: the tagger's runs that match no candidate added as candidates of their own (with the facts above);
- both: fact and extra.

The token model's cue probability (a fact of the tagger) comes from each fold's own token model (fitted
without the publisher held out), as train_reported does. --dev fits on all of train and scores dev once
(tagger features from the shipped reported.json). Prints training time, model size (state features kept, the
JSON a Viterbi would read), tagging time per article in pure Python. Skips when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import polnear  # noqa: E402
import reported_tagger_seq as seq  # noqa: E402
import train_reported as tr  # noqa: E402

from corpus_cli.extract.reported import Candidate  # noqa: E402
from corpus_cli.extract.reported_model import CueModel, default_model  # noqa: E402
from corpus_cli.extract.spans import PARAGRAPH  # noqa: E402

CACHE = Path("/tmp/rtag_folds.pkl")
VARIANTS = ("fact", "extra", "both")


def train_args() -> SimpleNamespace:
    """make train-reported's defaults (scripts/train_reported.py's argument parser)."""
    return SimpleNamespace(min_count=3, epochs=8, token_epochs=4, token_min_count=3, token_threshold=0.1,
                           cue_min_count=5, l2=0.01, rate=0.3)


def folds_and_candidates(articles: list[dict], a) -> tuple[dict[str, CueModel], dict[str, list]]:
    """train_reported's fold models and held-out candidates, cached in /tmp (they take minutes)."""
    if CACHE.exists() and not a.refresh:
        return pickle.loads(CACHE.read_bytes())
    folds = tr.fold_models(articles, train_args())
    cands = {x["article"]: tr.article_candidates(x, folds[x["publisher_code"]]) for x in articles}
    CACHE.write_bytes(pickle.dumps((folds, cands)))
    return folds, cands


def fit_crf(sents: list, a, path: Path) -> float:
    """Fit the CRF on ``sents``; seconds taken."""
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sents:
        trainer.append(s.facts, s.labels)
    trainer.set_params({"c1": a.c1, "c2": a.c2, "max_iterations": a.iters, "feature.minfreq": a.minfreq,
                        "feature.possible_transitions": True})
    trainer.train(str(path))
    return time.perf_counter() - t0


def tag(sents: list, path: Path) -> None:
    """Each sentence's labels and per-token content probability (marginals), set on the sentence."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    for s in sents:
        tagger.set(s.facts)
        s.pred = tagger.tag()
        s.pc = [tagger.marginal("B-C", i) + tagger.marginal("I-C", i) for i in range(len(s.toks))]
    tagger.close()


def export(path: Path) -> dict:
    """The CRF's weights as a Viterbi in Python would read them: {"state": {fact: {label: w}}, "trans": ...}."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    state: dict[str, dict[str, float]] = {}
    for (fact, label), w in info.state_features.items():
        state.setdefault(fact, {})[label] = round(w, 3)
    trans: dict[str, dict[str, float]] = {}
    for (p, q), w in info.transitions.items():
        trans.setdefault(p, {})[q] = round(w, 3)
    tagger.close()
    return {"state": state, "trans": trans}


def tagger_units(article: dict, sents: list, cands: list | None = None, min_p: float = 0.0) -> list:
    """The tagger's contents whose words' mean content probability is ``min_p`` or more; with ``cands``, each
    takes the speaker of the likeliest candidate it matches (the rules' subject), else its SOURCE run."""
    out = []
    for s in sents:
        for u in seq.units(s, s.pred, article["text"]):
            if sum(s.pc[u.span[0] : u.span[1]]) / (u.span[1] - u.span[0]) < min_p:
                continue
            w = Counter(polnear.words(u.text))
            same = [c for c in cands or () if c.speaker_mention and
                    polnear._overlap(w, Counter(polnear.words(c.text))) >= 0.5]
            if same:
                u.speaker_mention = max(same, key=lambda c: c.p).speaker_mention
            out.append(u)
    return out


def stripped_spans(article: dict, cands: list) -> list[tuple[int, int, float]]:
    """(start, end, held-out probability) of each candidate's content in the article, without its spaces."""
    out = []
    for c in cands:
        a = c.sentence[0] + c.sentence[1] + c.c.start
        b = c.sentence[0] + c.sentence[1] + c.c.end
        raw = article["text"][a:b]
        out.append((a + len(raw) - len(raw.lstrip()), b - len(raw) + len(raw.rstrip()), c.p))
    return out


def figures_line(name: str, f: dict) -> str:
    return (f"{name}: gold={f['gold']} predicted={f['predicted']} P={f['precision']:.3f} R={f['recall']:.3f} "
            f"F1={f['f1']:.3f} speaker={f['speaker_accuracy']:.3f} end-to-end F1={f['e2e_f1']:.3f}")


def held_out_tagging(articles: list[dict], sents: dict[str, list], a) -> dict:
    """Fit on six publishers, tag the seventh, for each; the tagger's own figures. Returns timing and sizes."""
    stats = {"fit_s": [], "state_features": [], "json_bytes": []}
    for pub in sorted({x["publisher_code"] for x in articles}):
        path = Path(f"/tmp/{a.name}_{pub}.crfsuite")
        train = [s for x in articles if x["publisher_code"] != pub for s in sents[x["article"]]]
        stats["fit_s"].append(fit_crf(train, a, path))
        tag([s for x in articles if x["publisher_code"] == pub for s in sents[x["article"]]], path)
        w = export(path)
        stats["state_features"].append(sum(len(v) for v in w["state"].values()))
        stats["json_bytes"].append(len(json.dumps(w, separators=(",", ":"))))
        print(f"fold {pub}: fit {stats['fit_s'][-1]:.0f} s, {stats['state_features'][-1]} state weights",
              flush=True)
    return stats


def alone_figures(articles: list[dict], sents: dict, cands: dict) -> None:
    """The tagger's own contents: its SOURCE runs as speakers, then the rules' speakers, at run thresholds."""
    for min_p, rules in [(0.0, False)] + [(p / 10, True) for p in range(0, 8)]:
        t = polnear.Tally()
        for x in articles:
            t.add(x["article"], polnear.gold_units(x)[1],
                  tagger_units(x, sents[x["article"]], cands[x["article"]] if rules else None, min_p))
        name = f"tagger alone, held out, run mean >= {min_p:.1f}, speakers {'rules' if rules else 'SOURCE'}"
        print(figures_line(name, t.figures()), flush=True)


def _bucket(v: float) -> int:
    return min(9, int(v * 10))


def sentence_of(sents: list, pos: int):
    """The tagged sentence holding absolute offset ``pos``."""
    k = bisect_right([s.toks[0][1] for s in sents], pos) - 1
    return sents[max(0, k)]


def agreement(span: tuple[int, int], text: str, form: str, sent, runs: list) -> list[str]:
    """Facts of a candidate from the tagger: the mean content probability of its words (bucketed), whether its
    first word opens a tagged content and the word after it is outside one, whether a tagged run matches it
    (the bench's rule; also crossed with the candidate's form)."""
    idx = [i for i, (_, s, e) in enumerate(sent.toks) if span[0] <= s and e <= span[1]]
    if not idx:
        return ["tag_none"]
    mean = sum(sent.pc[i] for i in idx) / len(idx)
    first, after = idx[0], idx[-1] + 1
    starts = sent.pred[first] == "B-C" or (sent.pred[first] == "I-C" and (not first or sent.pred[first - 1] == "O"))
    ends = after >= len(sent.toks) or sent.pred[after] != "I-C"
    w = Counter(polnear.words(text))
    match = any(polnear._overlap(w, Counter(polnear.words(r.text))) >= 0.5 for r in runs)
    return [f"tag_mean={_bucket(mean)}", f"tag_start={starts}", f"tag_end={ends}", f"tag_match={match}",
            f"tag_match|{form}={match}"]


def with_tagger(article: dict, cands: list, sents: list, variant: str) -> list:
    """An article's candidates with the tagger's facts ("fact", "both") and its unmatched runs as candidates
    of their own ("extra", "both"), as train_reported's rows (features, label, sentence, c)."""
    text = article["text"]
    runs = tagger_units(article, sents)
    out = []
    for c in cands:
        base = c.sentence[0] + c.sentence[1]
        extra = agreement((base + c.c.start, base + c.c.end), c.text, c.features[1],
                          sentence_of(sents, base + c.c.start), runs) if variant != "extra" else []
        out.append(SimpleNamespace(**{**vars(c), "features": list(c.features) + extra}))
    if variant == "fact":
        return out
    gold = [Counter(polnear.words(g)) for g, _ in polnear.gold_units(article)[1]]
    known = [Counter(polnear.words(c.text)) for c in cands]
    for k, r in enumerate(runs):
        w = Counter(polnear.words(r.text))
        if len(polnear.words(r.text)) < 3 or any(polnear._overlap(w, x) >= 0.5 for x in known):
            continue
        sent = sentence_of(sents, r.start)
        par = next(m.start() for m in PARAGRAPH.finditer(text) if m.start() <= r.start <= m.end())
        facts = ["form=tagger", f"tagger|src={r.speaker_mention is not None}", f"tagger|cue={r.cue is not None}",
                 f"tagger|len={min(len(w), 30) // 5}"] + (agreement((r.start, r.end), r.text, "form=tagger", sent, runs)
                                                        if variant == "both" else [])
        c = Candidate(r.speaker_mention, r.cue or "", r.start, r.end, tuple(facts), -1000 - k)
        out.append(SimpleNamespace(text=r.text, kind="indirect", speaker=None, speaker_mention=r.speaker_mention,
                                   features=facts, label=any(polnear._overlap(g, w) >= 0.5 for g in gold), p=0.0,
                                   sentence=(par, sent.toks[0][1] - par), c=c))
    return out


def combined(articles: list[dict], cands: dict, sents: dict, variant: str) -> dict:
    """The candidate model fitted held out by publisher on the candidates with the tagger's facts or runs."""
    a = train_args()
    rows = {x["article"]: with_tagger(x, cands[x["article"]], sents[x["article"]], variant) for x in articles}
    best = tr.held_out_threshold(articles, rows, a)
    f = tr.tally(articles, rows, best).figures()
    print(figures_line(f"candidate model + tagger ({variant}), held out, threshold {best:.2f}", f), flush=True)
    return f


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--c1", type=float, default=0.1, help="L1 weight (a small model)")
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=100)
    ap.add_argument("--minfreq", type=float, default=3, help="occurrences a fact needs to be weighed")
    ap.add_argument("--variants", default="fact,extra,both", help="combinations with the candidate model")
    ap.add_argument("--cand-facts", action="store_true", help="the candidate model's contents as tagger facts")
    ap.add_argument("--min-p", type=float, default=0.0, help="--dev: the tagger's run threshold (held-out best)")
    ap.add_argument("--name", default="rtag", help="prefix of the files written in /tmp (runs side by side)")
    ap.add_argument("--reuse", action="store_true", help="the held-out tagging of an earlier run (same --name)")
    ap.add_argument("--refresh", action="store_true", help=f"recompute {CACHE}")
    ap.add_argument("--dev", default="", help="after the held-out figures, score dev once with this variant "
                                              "(alone, fact, extra, both)")
    a = ap.parse_args()
    if polnear.missing(a.shared, "reported_tagger", "--shared"):
        return 0
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        print("reported_tagger: skipped (python-crfsuite not installed: pip install python-crfsuite)")
        return 0
    articles = polnear.load(a.shared, "train")
    folds, cands = folds_and_candidates(articles, a)
    base = tr.tally(articles, cands, tr.held_out_threshold(articles, cands, train_args())).figures()
    print(figures_line("candidate model alone (make train-reported), held out", base), flush=True)
    saved = Path(f"/tmp/{a.name}_sents.pkl")
    if a.reuse and saved.exists():
        sents = pickle.loads(saved.read_bytes())  # tagged held out by an earlier run of the same settings
    else:
        sents = held_out_sentences(articles, folds, cands, a)
        saved.write_bytes(pickle.dumps(sents))
        alone_figures(articles, sents, cands)
    for v in filter(None, a.variants.split(",")):
        combined(articles, cands, sents, v)
    if a.dev:
        import reported_tagger_dev

        reported_tagger_dev.dev(a, articles, sents, cands, a.dev)
    return 0


def held_out_sentences(articles: list[dict], folds: dict, cands: dict, a) -> dict:
    """Every train sentence with its facts, tagged by the fold that did not see its publisher; the figures of
    fitting and tagging printed."""
    t0 = time.perf_counter()
    sents = {x["article"]: seq.article_sentences(x, folds[x["publisher_code"]], spans=stripped_spans(
        x, cands[x["article"]]) if a.cand_facts else None) for x in articles}
    print(f"sentences: {sum(map(len, sents.values()))}, tokens {sum(len(s.toks) for v in sents.values() for s in v)}"
          f" ({time.perf_counter() - t0:.0f} s)", flush=True)
    stats = held_out_tagging(articles, sents, a)
    print(f"fit per fold: {sum(stats['fit_s']) / 7:.0f} s; state weights {min(stats['state_features'])} to "
          f"{max(stats['state_features'])}; JSON {max(stats['json_bytes']) / 1e6:.2f} MB at most")
    pub = articles[0]["publisher_code"]
    viterbi_time([x for x in articles if x["publisher_code"] == pub][:40], sents, Path(f"/tmp/{a.name}_{pub}.crfsuite"),
                 cands if a.cand_facts else None)
    return sents


def viterbi_time(articles: list[dict], sents: dict, path: Path, cands: dict | None) -> None:
    """Pure-Python tagging time per article (the token model's cue probabilities, the facts and Viterbi, on
    ``articles``, which the fold at ``path`` did not see), and how often its labels are crfsuite's."""
    w = export(path)
    model = default_model()
    t0 = time.perf_counter()
    total = sum(len(seq.viterbi(s.facts, w["state"], w["trans"])) for x in articles for s in seq.article_sentences(
        x, model, labelled=False, spans=stripped_spans(x, cands[x["article"]]) if cands else None))
    dt = (time.perf_counter() - t0) / len(articles)
    same = sum(p == q for x in articles for s in sents[x["article"]]
               for p, q in zip(seq.viterbi(s.facts, w["state"], w["trans"]), s.pred))
    print(f"pure-Python tagging: {dt * 1000:.0f} ms an article ({len(articles)} articles, {total} tokens); "
          f"labels as crfsuite's: {same / max(1, total):.4f}")

if __name__ == "__main__":
    sys.exit(main())
