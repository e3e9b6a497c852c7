"""Dev, once, for scripts/experiments/reported_tagger.py --dev VARIANT: the tagger fitted on all of train (its
cue-probability facts from each train article's fold token model, as held out), dev's facts from the shipped
reported.json; the candidate model (with the tagger's facts or runs, or without: the baseline through the same
steps) fitted on all of train's candidates at its held-out threshold. Speakers are the candidates' mentions as
make train-reported scores them (make bench-quotes resolves them further, so its figures differ a little)."""

from __future__ import annotations

from pathlib import Path

import polnear
import reported_tagger as rt
import reported_tagger_seq as seq
import train_reported as tr

from corpus_cli.extract.reported_model import CueModel, default_model


def _tally(articles: list[dict], rows: dict, threshold: float) -> dict:
    return tr.tally(articles, rows, threshold).figures()


def _candidate_figures(train: list[dict], dev: list[dict], rows: dict, dev_rows: dict, name: str) -> None:
    """The candidate model fitted on all of ``rows`` at its held-out threshold, its probabilities set on
    ``dev_rows`` and dev's figures printed."""
    a = rt.train_args()
    best = tr.held_out_threshold(train, rows, a)
    model = CueModel(*tr.fit_candidates([c for v in rows.values() for c in v], a), best, [])
    for v in dev_rows.values():
        for c in v:
            c.p = model.probability(c.features)
    print(rt.figures_line(f"dev, {name}, threshold {best:.2f}", _tally(dev, dev_rows, best)), flush=True)


def dev(a, train: list[dict], sents: dict, cands: dict, variant: str) -> None:
    """Score dev once: the baseline candidate model, the tagger alone (its SOURCE runs, then the rules'
    speakers, runs at --min-p), and the candidate model with ``variant``."""
    path = Path(f"/tmp/{a.name}_all.crfsuite")
    secs = rt.fit_crf([s for x in train for s in sents[x["article"]]], a, path)
    print(f"dev: tagger fitted on all of train in {secs:.0f} s")
    articles = polnear.load(a.shared, "dev")
    model = default_model()
    dcands = {x["article"]: tr.article_candidates(x, model) for x in articles}
    _candidate_figures(train, articles, cands, dcands, "candidate model alone")
    dsents = {x["article"]: seq.article_sentences(x, model, spans=rt.stripped_spans(x, dcands[x["article"]])
                                                  if a.cand_facts else None) for x in articles}
    rt.tag([s for v in dsents.values() for s in v], path)
    for min_p, rules in ((0.0, False), (a.min_p, True)):
        t = polnear.Tally()
        for x in articles:
            t.add(x["article"], polnear.gold_units(x)[1],
                  rt.tagger_units(x, dsents[x["article"]], dcands[x["article"]] if rules else None, min_p))
        print(rt.figures_line(f"dev, tagger alone, run mean >= {min_p}, speakers {'rules' if rules else 'SOURCE'}",
                              t.figures()), flush=True)
    if variant == "alone":
        return
    rows = {x["article"]: rt.with_tagger(x, cands[x["article"]], sents[x["article"]], variant) for x in train}
    drows = {x["article"]: rt.with_tagger(x, dcands[x["article"]], dsents[x["article"]], variant) for x in articles}
    _candidate_figures(train, articles, rows, drows, f"candidate model + tagger ({variant})")
