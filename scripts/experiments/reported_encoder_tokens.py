#!/usr/bin/env python3
"""An experiment (#26, not shipped): the token (cue-head) model of make train-reported with the encoder's vector
of each word added. Every word train_reported.token_rows asks about, with its facts and label from that function;
its vector the middle layer's (3) at the word's first wordpiece, each sentence piece (up to its first quotation
mark, as reported.py reads it) encoded once by the encoder's first three layers (cached under
.train-cache/encoder/). Held out by publisher: the cue words and the model fitted on six publishers score the
seventh; cue heads kept and words kept at the token thresholds, the shipped facts alone (scikit-learn) beside
the facts with the vector (PCA fitted on the training folds). Setup as scripts/experiments/reported_encoder.py.
Run: nice -n 10 .venv/bin/python scripts/experiments/reported_encoder_tokens.py --shared ../shared
"""

from __future__ import annotations

import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core: two are shared by several jobs (set before numpy loads)
import numpy as np  # noqa: E402
import reported_encoder as re_  # noqa: E402  (puts the project and scripts/ on the path)
import reported_encoder_vectors as rv  # noqa: E402

import polnear  # noqa: E402  # isort: skip
import train_reported as tr  # noqa: E402  # isort: skip
from corpus_cli.extract.reported_model import may_be_cue, tokens  # noqa: E402  # isort: skip
from corpus_cli.extract.spans import PARAGRAPH, quote_spans, sentences  # noqa: E402  # isort: skip

LAYER = 3
THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.5)


def token_places(articles: list[dict]) -> tuple[list[str], list[tuple[int, int]], list[tuple]]:
    """The sentence pieces train_reported.token_rows reads, and for each of its rows, in its order, the piece's
    index and the word's character in it, and the word as reported.py asks about it (the piece's words, its
    place among them)."""
    texts: list[str] = []
    places: list[tuple[int, int]] = []
    keys: list[tuple] = []
    for art in articles:
        for m in PARAGRAPH.finditer(art["text"]):
            par = m.group()
            spans = quote_spans(par)
            for a, b in sentences(par):
                if any(s < a < e for s, e in spans):
                    continue
                piece = par[a : min([b] + [s for s, e in spans if a <= s < b])]
                toks = tokens(piece)
                words = tuple(t.group() for t in toks)
                at = [i for i, w in enumerate(words) if may_be_cue(w)]
                if at:
                    places += [(len(texts), toks[i].start()) for i in at]
                    keys += [(words, i) for i in at]
                    texts.append(piece)
    return texts, places, keys


def word_vectors(vectors: list[dict], places: list[tuple[int, int]]) -> np.ndarray:
    out = np.zeros((len(places), vectors[0][f"l{LAYER}"].shape[1]), dtype=np.float32)
    for k, (s, c) in enumerate(places):
        if (i := rv.piece_at(vectors[s]["offsets"], c)) is not None:
            out[k] = vectors[s][f"l{LAYER}"][i]
    return out


def sparse(rows: list, listed: np.ndarray, train: np.ndarray, min_count: int):
    """The token facts as train_reported.fit_tokens keeps them (seen in --token-min-count training rows), and
    "listed", one-hot."""
    from collections import Counter

    from scipy.sparse import csr_matrix

    seen = Counter(f for r, t in zip(rows, train) if t for f in r.features)
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in seen.items() if n >= min_count))}
    vocab["listed"] = len(vocab)
    ind = [[vocab[f] for f in set(r.features) if f in vocab] + ([vocab["listed"]] if lst else [])
           for r, lst in zip(rows, listed)]
    indptr = np.cumsum([0] + [len(x) for x in ind])
    return csr_matrix((np.ones(indptr[-1], dtype=np.float32), np.concatenate([np.array(x, dtype=np.int64)
                                                                              for x in ind]), indptr),
                      shape=(len(rows), len(vocab)))


def held_out(articles: list[dict], rows: list, pubs: np.ndarray, dense: np.ndarray | None, a) -> np.ndarray:
    """Each publisher's rows scored by the cue words and a logistic model fitted on the other six."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    p = np.zeros(len(rows))
    y = np.array([r.label for r in rows], dtype=np.int8)
    for pub in sorted(set(pubs)):
        train = pubs != pub
        cue_set = set(tr.cue_words([x for x in articles if x["publisher_code"] != pub], a.min_count)[0])
        x = sparse(rows, np.array([r.word in cue_set for r in rows]), train, a.token_min_count)
        if dense is not None:
            x = hstack([x, csr_matrix(re_.reduce(dense, train, a.dims))]).tocsr()
        clf = LogisticRegression(C=a.c[0], max_iter=3000).fit(x[train], y[train])
        p[~train] = clf.predict_proba(x[~train])[:, 1]
    return p


def show(name: str, p: np.ndarray, y: np.ndarray) -> None:
    for t in THRESHOLDS:
        k = p >= t
        print(f"{name}, threshold {t:.2f}: words kept {k.sum()} of {len(p)}, cue heads kept {(k & y).sum()} of "
              f"{y.sum()} (R={(k & y).sum() / max(1, y.sum()):.3f}, P={(k & y).sum() / max(1, k.sum()):.3f})",
              flush=True)


def main() -> int:
    e = re_.parse_args()
    if polnear.missing(e.shared, "reported_encoder_tokens"):
        return 0
    a = re_.train_args(e.shared)
    a.dims, a.c = e.dims, e.c
    articles = polnear.load(e.shared, "train")
    per = [tr.token_rows(art) for art in articles]
    rows = [r for rs in per for r in rs]
    pubs = np.array([art["publisher_code"] for art, rs in zip(articles, per) for _ in rs])
    texts, places, _ = token_places(articles)
    assert len(places) == len(rows), (len(places), len(rows))
    t0 = time.time()
    vectors, cpu = rv.cached(texts, re_.CACHE, (LAYER,))
    print(f"encoder, first {LAYER} layers: {len(texts)} pieces, {cpu:.0f} CPU s when encoded "
          f"({1000 * cpu / len(articles):.0f} ms an article); read in {time.time() - t0:.0f} s", flush=True)
    y = np.array([r.label for r in rows], dtype=bool)
    show("token facts, sklearn", held_out(articles, rows, pubs, None, a), y)
    show(f"token facts + layer {LAYER} ({a.dims}d)", held_out(articles, rows, pubs, word_vectors(vectors, places), a), y)
    return 0


if __name__ == "__main__":
    sys.exit(main())
