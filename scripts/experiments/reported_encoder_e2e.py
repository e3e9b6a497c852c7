#!/usr/bin/env python3
"""An experiment (#26, not shipped): the encoder in both steps of reported speech, held out by publisher on
PolNeAR train. Each fold's token model is make train-reported's with each word's probability replaced by the
held-out one of the token model with the encoder's vectors (reported_encoder_tokens.py; a word that model was not
asked about keeps the fold's own); every candidate comes from those folds; then make train-reported's candidate
model (held out, its threshold rule) and the candidate model with the encoder's facts (reported_encoder.py),
the encoder's first three layers only, each candidate sentence encoded once more (cached). Setup as
scripts/experiments/reported_encoder.py. Run: nice -n 10 .venv/bin/python
scripts/experiments/reported_encoder_e2e.py --shared ../shared
"""

from __future__ import annotations

import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core: two are shared by several jobs (set before numpy loads)
import numpy as np  # noqa: E402
import reported_encoder as re_  # noqa: E402  (puts the project and scripts/ on the path)
import reported_encoder_tokens as rt  # noqa: E402
import reported_encoder_vectors as rv  # noqa: E402

import polnear  # noqa: E402  # isort: skip
import train_reported as tr  # noqa: E402  # isort: skip


class HeldOutTokens:
    """A fold's token model answering with the encoder token model's held-out probability where it has one."""

    def __init__(self, base, probs: dict):
        self.base, self.probs, self.threshold = base, probs, base.threshold

    def word_probability(self, toks: list[str], i: int, listed: bool) -> float:
        p = self.probs.get((tuple(toks), i))
        return self.base.word_probability(toks, i, listed) if p is None else p


def token_probabilities(articles: list[dict], a) -> dict:
    """Each word's held-out probability of heading a cue, by the token model with the encoder's vectors."""
    per = [tr.token_rows(art) for art in articles]
    rows = [r for rs in per for r in rs]
    pubs = np.array([art["publisher_code"] for art, rs in zip(articles, per) for _ in rs])
    texts, places, keys = rt.token_places(articles)
    vectors, _ = rv.cached(texts, re_.CACHE, (rt.LAYER,))
    p = rt.held_out(articles, rows, pubs, rt.word_vectors(vectors, places), a)
    rt.show(f"token facts + layer {rt.LAYER} ({a.dims}d)", p, np.array([r.label for r in rows], dtype=bool))
    return dict(zip(keys, p.tolist()))


def wire_tokens(shared, a, articles: list[dict], arts: list[dict]) -> dict:
    """The token model with the encoder's vectors fitted on all of train, asked about the wire texts' words."""
    from scipy.sparse import csr_matrix, hstack

    every = [r for art in articles + arts for r in tr.token_rows(art)]
    texts, places, _ = rt.token_places(articles)
    wtexts, wplaces, keys = rt.token_places(arts)
    train = np.arange(len(every)) < len(places)
    assert len(every) == len(places) + len(wplaces)
    dense = np.vstack([rt.word_vectors(rv.cached(texts, re_.CACHE, (rt.LAYER,))[0], places),
                       rt.word_vectors(rv.encode(wtexts, *rv.load(rt.LAYER), (rt.LAYER,))[0], wplaces)])
    cue_set = set(tr.cue_words(articles, a.min_count)[0])
    x = hstack([rt.sparse(every, np.array([r.word in cue_set for r in every]), train, a.token_min_count),
                csr_matrix(re_.reduce(dense, train, a.dims))]).tocsr()
    clf = re_.classifier(a.c[0], 0).fit(x[train], [r.label for r in every[: len(places)]])
    return dict(zip(keys, clf.predict_proba(x[~train])[:, 1].tolist()))


def wire_check(shared, a, articles: list[dict], rows: list, dense: np.ndarray, threshold: float) -> None:
    """Both steps with the encoder, fitted on all of train, against the shipped model on the wire-news texts."""
    import reported_encoder_wire as rw

    from corpus_cli.extract.reported_model import CueModel, default_model

    shipped = default_model()
    arts = rw.wire_articles(shared)
    model = CueModel(shipped.weights, shipped.bias, shipped.threshold, shipped.cues,
                     HeldOutTokens(shipped.token_model, wire_tokens(shared, a, articles, arts)))
    main = {x["article"]: tr.article_candidates(x, shipped) for x in arts}
    enc = {x["article"]: tr.article_candidates(x, model) for x in arts}
    new = [x for art in arts for x in enc[art["article"]]]
    texts, places = re_.sentence_places(arts, enc)
    wire = re_.dense_facts(rv.encode(texts, *rv.load(rt.LAYER), (rt.LAYER,))[0], places, rt.LAYER)
    every = rows + new
    train = np.arange(len(every)) < len(rows)
    x = re_.both(every, np.vstack([dense, wire]), a)(train)
    clf = re_.classifier(a.c[0], 0).fit(x[train], [r.label for r in rows])
    print(f"wire check, both steps with the encoder: threshold {threshold:.2f} (held out)")
    rw.compare(arts, main, shipped, threshold, clf.predict_proba(x[~train])[:, 1], enc)


def main() -> int:
    e = re_.parse_args()
    if polnear.missing(e.shared, "reported_encoder_e2e"):
        return 0
    a = re_.train_args(e.shared)
    a.dims, a.c, a.mlp = e.dims, e.c, 0
    articles = polnear.load(e.shared, "train")
    probs = token_probabilities(articles, a)
    folds = tr.fold_models(articles, a)
    for model in folds.values():
        model.token_model = HeldOutTokens(model.token_model, probs)
    cands = {art["article"]: tr.article_candidates(art, folds[art["publisher_code"]]) for art in articles}
    print("the encoder's token model, make train-reported's candidate model:", flush=True)
    best = tr.held_out_threshold(articles, cands, a)
    re_.show("encoder tokens, sparse candidates", best, tr.tally(articles, cands, best).figures())
    rows = []
    for art in articles:
        art["_cands"] = cands[art["article"]]
        for x in art["_cands"]:
            x.publisher = art["publisher_code"]
            rows.append(x)
    texts, places = re_.sentence_places(articles, cands)
    t0 = time.time()
    vectors, cpu = rv.cached(texts, re_.CACHE, (rt.LAYER,))
    print(f"encoder, first {rt.LAYER} layers: {len(texts)} candidate sentences, {cpu:.0f} CPU s when encoded "
          f"({1000 * cpu / len(articles):.0f} ms an article); read in {time.time() - t0:.0f} s", flush=True)
    dense = re_.dense_facts(vectors, places, rt.LAYER)
    best, f = re_.held_out(articles, rows, re_.both(rows, dense, a), a.c[0])
    re_.show(f"encoder tokens, sparse + layer {rt.LAYER}", best, f)
    if e.wire:
        wire_check(e.shared, a, articles, rows, dense, best)
    return 0


if __name__ == "__main__":
    sys.exit(main())
