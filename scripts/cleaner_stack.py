"""The text cleaner's second stage in make train-cleaner (scripts/train_cleaner.py): a second model stacked on the
line model, whose features add the context of the first model's scores (corpus_cli/clean/context.py).

Its training rows must carry first scores like those it will see: scores of a model that did not see the page's
site. So the first stage is also fitted on every three folds of five (ten pair models): for held-out fold f, the
second stage's rows of fold g (g != f) take the first scores of the model fitted without f and g, and nothing of
fold f is in either stage. The shipped second stage is fitted on every page's scores from the five fold models."""

from __future__ import annotations

import hashlib
import inspect
import json
from itertools import combinations

import cleaner_data as cd
import cleaner_fit as cf
import numpy as np

from corpus_cli.clean import context as cx
from corpus_cli.clean import model as cm


def np_probabilities(d: dict, X: np.ndarray) -> np.ndarray:
    """The exported trees' probabilities over the rows of X, with numpy (the training's fast path; the package
    compiles the same trees to Python, and export() checks the two agree)."""
    z = np.full(len(X), float(d["baseline"]))
    rows = np.arange(len(X))
    for t in d["trees"]:
        feat, thr = np.asarray(t["feature"]), np.asarray(t["threshold"])
        left, right, value = np.asarray(t["left"]), np.asarray(t["right"]), np.asarray(t["value"])
        node = np.zeros(len(X), dtype=np.int64)
        while True:
            inner = left[node] >= 0
            if not inner.any():
                break
            go = np.where(X[rows, feat[node]] <= thr[node], left[node], right[node])
            node = np.where(inner, go, node)
        z += value[node]
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def _tag(*parts) -> str:
    src = inspect.getsource(cx)  # the context's code: a change to it refits the second stage
    return hashlib.sha256(json.dumps([cm.FEATURES, cf.PARAMS, cf.MAX_ROWS, *parts]).encode()
                          + src.encode()).hexdigest()[:12]


def pair_models(data: dict, row_fold: np.ndarray) -> dict[tuple[int, int], dict]:
    """The first stage fitted without each pair of folds; cached."""
    cache = cd.CACHE / f"pairs-{_tag('pairs')}.json"
    if cache.is_file():
        return {tuple(map(int, k.split(","))): v for k, v in json.loads(cache.read_text(encoding="utf-8")).items()}
    out = {}
    for f, g in combinations(range(cf.FOLDS), 2):
        tr = np.flatnonzero((row_fold != f) & (row_fold != g))
        out[(f, g)] = cf.fit(data["X"][tr], data["y"][tr], data["w"][tr])
        print(f"pair {f},{g}: fitted on {len(tr)} lines", flush=True)
    cache.write_text(json.dumps({f"{f},{g}": m for (f, g), m in out.items()}), encoding="utf-8")
    return out


def _second_rows(data: dict, words: list[np.ndarray], take: np.ndarray, first_of) -> np.ndarray:
    """The second stage's rows (first features, then context) of the dataset rows ``take``; ``first_of(doc)``:
    the first-stage model whose scores the dump ``doc`` gets."""
    out = np.empty((len(take), len(cm.SECOND_FEATURES)), dtype=np.float32)
    docs = data["doc"][take]
    starts = data["start"]
    bounds = np.flatnonzero(np.diff(docs)) + 1
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(take)]):
        j = int(docs[lo])
        X = data["X"][starts[j] : starts[j + 1]]
        p = np_probabilities(first_of(j), X)
        ctx = np.asarray(cx.context(words[j].tolist(), p.tolist()), dtype=np.float32)
        local = take[lo:hi] - starts[j]
        out[lo:hi, : X.shape[1]] = X[local]
        out[lo:hi, X.shape[1] :] = ctx[local]
    return out


def _sample(rows: np.ndarray) -> np.ndarray:
    if len(rows) <= cf.MAX_ROWS:
        return rows
    return np.sort(np.random.default_rng(cf.SEED).choice(rows, cf.MAX_ROWS, replace=False))


def _fit_second(data, words, take, first_of) -> dict:
    X2 = _second_rows(data, words, take, first_of)
    return cf.fit(X2, data["y"][take], data["w"][take], names=cm.SECOND_FEATURES)


def second_models(data: dict, words: list[np.ndarray], doc_fold: np.ndarray, folds: list[dict],
                  pairs: dict) -> tuple[list[dict], dict]:
    """(the five held-out folds' second stages, the shipped one); cached."""
    cache = cd.CACHE / f"second-{_tag('second', cm.SECOND_FEATURES)}.json"
    if cache.is_file():
        got = json.loads(cache.read_text(encoding="utf-8"))
        return got["folds"], got["final"]
    row_fold = doc_fold[data["doc"]]
    out = []
    for f in range(cf.FOLDS):
        take = _sample(np.flatnonzero(row_fold != f))
        out.append(_fit_second(data, words, take, lambda j, f=f: pairs[tuple(sorted((f, int(doc_fold[j]))))]))
        print(f"second stage, fold {f}: fitted", flush=True)
    final = _fit_second(data, words, _sample(np.arange(len(data["y"]))), lambda j: folds[int(doc_fold[j])])
    cache.write_text(json.dumps({"folds": out, "final": final}), encoding="utf-8")
    return out, final
