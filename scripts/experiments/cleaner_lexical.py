#!/usr/bin/env python3
"""A lexical score as one more feature of the text cleaner's line model: a logistic model over a line's words
(each word of its first 30, its first word, its first two words; features seen on three sites or more), whose
log-odds the trees read. Out of fold at every level: for held-out fold f, the training rows of fold g carry scores
from a logistic fitted without f and g, and fold f's dumps scores from one fitted without f, so the trees never read
a score of a line its logistic saw. Compared with the same trees without the score, on the same folds by site.

    python scripts/experiments/cleaner_lexical.py --shared /work/shared

Needs make train-cleaner's caches; reuses scripts/experiments/cleaner_topic.py's fit and scoring. Measured with
corpus_cli/clean/model.py as in main (without the topic features: `git checkout main -- corpus_cli/clean/model.py
corpus_cli/clean/text.py scripts/cleaner_fit.py` first), the baseline read from cleaner_topic.py's cached
"without" run.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402
import cleaner_topic as ctp  # noqa: E402
import train_cleaner as tc  # noqa: E402

from corpus_cli.clean import model as cm  # noqa: E402

MIN_SITES = 3
WORDS = 30


def tokens(key: str) -> set[str]:
    words = key.split()[:WORDS]
    out = {"w:" + w for w in words}
    if words:
        out.add("f:" + words[0])
        out.add("f2:" + " ".join(words[:2]))
    return out


def matrix(keys: list[str], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr, idx = [0], []
    for k in keys:
        idx.extend(sorted(vocab[t] for t in tokens(k) if t in vocab))
        indptr.append(len(idx))
    return csr_matrix((np.ones(len(idx), dtype=np.float32), idx, indptr), shape=(len(keys), len(vocab)))


def lexical_fit(X, y, w):
    from sklearn.linear_model import SGDClassifier

    return SGDClassifier(loss="log_loss", alpha=1e-6, max_iter=5, tol=None, random_state=cf.SEED).fit(
        X, y, sample_weight=w * len(w) / w.sum())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    a = ap.parse_args()
    bench = a.shared / "bench"
    pages, _, _, docs, data, doc_fold = tc.training(bench)
    plain = [np.asarray(cf.rows(d, learned=False), dtype=np.float32) for d in docs]
    train_keys = [ln.key for d in docs for ln in (d.known or d.plain).lines]
    plain_keys = [[ln.key for ln in d.plain.lines] for d in docs]
    sites = defaultdict(set)
    for k, j in zip(train_keys, data["doc"]):
        for t in tokens(k):
            sites[t].add(pages[docs[j].page].site)
    vocab = {t: i for i, t in enumerate(sorted(t for t, s in sites.items() if len(s) >= MIN_SITES))}
    print(f"lexical: {len(vocab)} features on {MIN_SITES}+ sites", flush=True)
    Xl = matrix(train_keys, vocab)
    row_fold = doc_fold[data["doc"]]
    y, w = data["y"], data["w"]
    probs: list = [None] * len(docs)
    for f in range(cf.FOLDS):
        col = np.zeros(len(y), dtype=np.float32)
        for g in range(cf.FOLDS):
            if g != f:
                inner = np.flatnonzero((row_fold != f) & (row_fold != g))
                rows_g = np.flatnonzero(row_fold == g)
                col[rows_g] = lexical_fit(Xl[inner], y[inner], w[inner]).decision_function(Xl[rows_g])
        outer = lexical_fit(Xl[row_fold != f], y[row_fold != f], w[row_fold != f])
        tr = np.flatnonzero(row_fold != f)
        clf = ctp._fit(np.column_stack([data["X"][tr], col[tr]]), y[tr], w[tr])
        for j in np.flatnonzero(doc_fold == f):
            lex = outer.decision_function(matrix(plain_keys[j], vocab)).astype(np.float32)
            probs[j] = clf.predict_proba(np.column_stack([plain[j], lex]))[:, 1].tolist()
        print(f"lexical: fold {f} done", flush=True)
    sc = cf.scorer(bench)
    every = list(range(len(cm.FEATURES)))
    # The same trees without the score: cleaner_topic.py's cached "without" when the topic features are not in
    # the shipped FEATURES.
    base, chosen0 = ctp.scores(sc, pages, docs, doc_fold, ctp.fold_probs(data, docs, doc_fold, plain, every, "without"))
    lex, chosen1 = ctp.scores(sc, pages, docs, doc_fold, probs)
    print(f"thresholds per fold: without {chosen0}, with {chosen1}")
    print(f"{'set':<12}{'renderer':<11}{'without':>9}{'lexical':>9}{'gain':>8}")
    for s in cd.SETS:
        for r in cd.RENDERERS:
            print(f"{s:<12}{r:<11}{base[(s, r)]:>9.4f}{lex[(s, r)]:>9.4f}{lex[(s, r)] - base[(s, r)]:>+8.4f}")
    for s in cd.SETS:
        for r in ("w3m", "html2text"):
            gains = [lex[(s, r, f)] - base[(s, r, f)] for f in range(cf.FOLDS) if (s, r, f) in lex]
            print(f"{s} {r} per fold gain: " + " ".join(f"{g:+.4f}" for g in gains))
    return 0


if __name__ == "__main__":
    sys.exit(main())
