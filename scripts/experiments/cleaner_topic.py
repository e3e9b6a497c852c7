#!/usr/bin/env python3
"""The text cleaner's line model with and without some of its features (by default the topic features of
corpus_cli/clean/topic.py), on make train-cleaner's folds by site: each variant's five fold models are fitted on the
other folds' sites, the region step's thresholds chosen per fold on the other folds' pages, and every dump scored
(shingle F1, before the title and byline are taken out, as the thresholds are chosen) per set and renderer and, for
the sets named with --per-fold, per fold.

    python scripts/experiments/cleaner_topic.py --shared /work/shared [--drop topic_head ...] [--use ...]
    python scripts/experiments/cleaner_topic.py --shared /work/shared --use --seed 1   # the refit's own noise

Needs make train-cleaner's caches (renders, analyses). Probabilities are cached per variant under .train-cache/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402
import train_cleaner as tc  # noqa: E402

from corpus_cli.clean import model as cm  # noqa: E402
from corpus_cli.clean import topic  # noqa: E402


def _fit(X, y, w, seed: int = cf.SEED):
    from sklearn.ensemble import HistGradientBoostingClassifier

    if len(X) > cf.MAX_ROWS:
        take = np.sort(np.random.default_rng(seed).choice(len(X), cf.MAX_ROWS, replace=False))
        X, y, w = X[take], y[take], w[take]
    params = {**cf.PARAMS, "random_state": seed}
    return HistGradientBoostingClassifier(**params).fit(X, y, sample_weight=w * len(w) / w.sum())


def fold_probs(data, docs, doc_fold, plain, cols, name, seed: int = cf.SEED):
    """Each dump's line probabilities from the fold model that did not see its site, with the features ``cols``."""
    # Keyed by the topic features' values too: one changed under the same name refits.
    mine = [c for c in cols if cm.FEATURES[c] in topic.FEATURES]
    digest = hashlib.sha256(np.ascontiguousarray(data["X"][::97][:, mine]).tobytes()).hexdigest()
    key = [name, [cm.FEATURES[c] for c in cols], cf.PARAMS, cf.MAX_ROWS, len(docs), digest]
    key += [seed] if seed != cf.SEED else []  # the seed of the row sample and the trees
    cache = cd.CACHE / f"topic-probs-{hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]}.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    row_fold = doc_fold[data["doc"]]
    probs = [None] * len(docs)
    for f in range(cf.FOLDS):
        tr = np.flatnonzero(row_fold != f)
        clf = _fit(data["X"][tr][:, cols], data["y"][tr], data["w"][tr], seed)
        for j in np.flatnonzero(doc_fold == f):
            probs[j] = clf.predict_proba(plain[j][:, cols])[:, 1].tolist()
        print(f"{name}: fold {f} fitted on {len(tr)} lines", flush=True)
    cache.write_bytes(pickle.dumps(probs))
    return probs


def scores(sc, pages, docs, doc_fold, probs) -> tuple[dict, list]:
    """F1 per (set, renderer) and per (set, renderer, fold), each fold at the thresholds chosen on the others."""
    counts = cf.step_counts(sc, pages, docs, probs)
    chosen = [cf.choose_step(sc, pages, docs, counts, doc_fold != f) for f in range(cf.FOLDS)]
    groups: dict = {}
    for d, c, f in zip(docs, counts, doc_fold):
        s = pages[d.page].set
        groups.setdefault((s, d.renderer), []).append(c[chosen[f]])
        groups.setdefault((s, d.renderer, int(f)), []).append(c[chosen[f]])
    return {k: sc.aggregate(v)["f1"] for k, v in groups.items()}, chosen


def load(bench: Path):
    """make train-cleaner's pages, dumps, training rows and folds, each dump's rows without learned lines, and the
    scorer."""
    pages, _, _, docs, data, doc_fold = tc.training(bench)
    plain = [np.asarray(cf.rows(d, learned=False), dtype=np.float32) for d in docs]
    return pages, docs, data, doc_fold, plain, cf.scorer(bench)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--drop", nargs="*", default=list(topic.FEATURES), help="features the variant leaves out")
    ap.add_argument("--use", nargs="*", help="of the features dropped, those the other variant keeps (default: all)")
    ap.add_argument("--seed", type=int, default=cf.SEED, help="the other variant's seed (its noise: --use alone)")
    ap.add_argument("--per-fold", nargs="*", default=["dragnet"])
    a = ap.parse_args()
    pages, docs, data, doc_fold, plain, sc = load(a.shared / "bench")
    less = [i for i, f in enumerate(cm.FEATURES) if f not in a.drop]
    more = [i for i, f in enumerate(cm.FEATURES) if f not in a.drop or a.use is None or f in a.use]
    result = {}
    for name, cols in (("without", less), ("with", more)):
        seed = a.seed if name == "with" else cf.SEED
        result[name], chosen = scores(sc, pages, docs, doc_fold, fold_probs(data, docs, doc_fold, plain, cols, name, seed))
        print(f"{name}: thresholds per fold {chosen}")
    print(f"variant: without {' '.join(a.drop)} / with {' '.join(a.use) if a.use is not None else 'them all'}")
    print(f"{'set':<12}{'renderer':<11}{'without':>9}{'with':>9}{'gain':>8}")
    for s in cd.SETS:
        for r in cd.RENDERERS:
            x, y = result["without"][(s, r)], result["with"][(s, r)]
            print(f"{s:<12}{r:<11}{x:>9.4f}{y:>9.4f}{y - x:>+8.4f}")
    for s in a.per_fold:
        for r in cd.RENDERERS:
            gains = [result["with"][(s, r, f)] - result["without"][(s, r, f)] for f in range(cf.FOLDS)
                     if (s, r, f) in result["with"]]
            print(f"{s} {r} per fold gain: " + " ".join(f"{g:+.4f}" for g in gains))
    return 0


if __name__ == "__main__":
    sys.exit(main())
