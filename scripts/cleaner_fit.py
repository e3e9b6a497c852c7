"""The parts of make train-cleaner (scripts/train_cleaner.py): labels, the analyses of every dump, feature rows,
the boosted trees' fit and export, the folds by site, the region step's thresholds and the held-out figures."""

from __future__ import annotations

import pickle
import re
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from statistics import mean

import cleaner_data as cd
import numpy as np

from corpus_cli.clean import model as cm
from corpus_cli.clean import text as ct

FOLDS = 5
SEED = 0
MAX_ROWS = 600_000  # a fixed sample of the lines: the fit on all of them took too long on two cores
PARAMS = dict(max_iter=80, max_leaf_nodes=16, learning_rate=0.15, min_samples_leaf=100, l2_regularization=1.0,
              early_stopping=False, random_state=SEED)
LEARN_MIN = 3  # as the store's LEARN_MIN_ARTICLES: a short line in three other articles is learned boilerplate
THETAS = (0.3, 0.4, 0.5, 0.6)
KEEPS = (0.2, 0.35, 0.5)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Doc:
    page: int  # index in the pages
    renderer: str
    plain: ct.Analysis  # as the first dump of its site
    labels: list[int]
    learned: frozenset[str]  # the lines a corpus holding the site's other pages has learned
    known: ct.Analysis | None  # as one more dump of a known site (None: no learned line in it)


def _grams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def labels(lines, gold: str) -> list[int]:
    """1 for the lines of the gold body, by shingle containment."""
    toks = _WORD.findall(gold)
    grams = {n: _grams(toks, n) for n in (1, 2, 3, 4)}
    out = []
    for ln in lines:
        t = _WORD.findall(ln.text)
        if not t:
            out.append(0)
        elif len(t) < 4:
            out.append(int(tuple(t) in grams[len(t)]))
        else:
            sh = [tuple(t[i : i + 4]) for i in range(len(t) - 3)]
            out.append(int(sum(s in grams[4] for s in sh) * 2 >= len(sh)))
    return out


def _keys(text: str) -> set[str]:
    """The keys a store would learn from this dump: its lines of 1 to 25 words."""
    return {ln.key for ln in ct.analyse(text).lines if 0 < ln.words <= 25} if text.strip() else set()


def _analyse(job: tuple[str, str, frozenset[str]]):
    text, gold, learned = job
    if not text.strip():
        return None
    an = ct.analyse(text)
    if not an.lines:
        return None
    return an, labels(an.lines, gold), ct.analyse(text, learned) if learned else None


def analyses(pages: list[cd.Page], dumps: dict, renderer: str) -> list[Doc]:
    """Every dump of one renderer, analysed with and without its site's learned lines; cached."""
    cache = cd.CACHE / f"analyses_{renderer}.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    texts = [dumps.get((p.set, p.id, renderer), "") for p in pages]
    with ProcessPoolExecutor(2) as pool:
        keys = list(pool.map(_keys, texts, chunksize=20))
    site: dict[str, Counter] = defaultdict(Counter)
    for p, k in zip(pages, keys):
        site[p.site].update(k)
    learned = [frozenset(x for x in k if site[p.site][x] - 1 >= LEARN_MIN) for p, k in zip(pages, keys)]
    with ProcessPoolExecutor(2) as pool:
        done = list(pool.map(_analyse, [(t, p.gold, lr) for t, p, lr in zip(texts, pages, learned)], chunksize=20))
    docs = [Doc(k, renderer, r[0], r[1], learned[k], r[2]) for k, r in enumerate(done) if r is not None]
    cache.write_bytes(pickle.dumps(docs))
    return docs


def rows(d: Doc, learned: bool) -> list[list[float]]:
    an, lrn = (d.known, d.learned) if learned and d.known is not None else (d.plain, frozenset())
    return cm.features(an.lines, an.counts, an.a, an.b, an.rule_kept, lrn, an.language)


def dataset(docs: list[Doc]) -> dict[str, np.ndarray]:
    """Feature rows (of each dump as one of a known site where the site has learned lines), labels, weights, and
    the index and renderer of the dump each row comes from."""
    X, y, w, doc, renderer = [], [], [], [], []
    for j, d in enumerate(docs):
        an = d.known or d.plain
        words = np.array([ln.words + 1.0 for ln in an.lines])
        X.append(np.asarray(rows(d, learned=True), dtype=np.float32))
        y.append(np.asarray(d.labels, dtype=np.int8))
        w.append(words / words.sum())
        doc.append(np.full(len(words), j, dtype=np.int32))
        renderer.append(np.full(len(words), d.renderer))
    return {"X": np.concatenate(X), "y": np.concatenate(y), "w": np.concatenate(w), "doc": np.concatenate(doc),
            "renderer": np.concatenate(renderer)}


def fit(X, y, w) -> dict:
    """Boosted trees on the rows, exported as the JSON the package reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    if len(X) > MAX_ROWS:
        take = np.sort(np.random.default_rng(SEED).choice(len(X), MAX_ROWS, replace=False))
        X, y, w = X[take], y[take], w[take]
    clf = HistGradientBoostingClassifier(**PARAMS).fit(X, y, sample_weight=w * len(w) / w.sum())
    return export(clf, X)


def export(clf, X) -> dict:
    trees = []
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({"feature": nodes["feature_idx"].tolist(), "threshold": nodes["num_threshold"].tolist(),
                      "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
                      "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(),
                      "value": nodes["value"].tolist()})
    d = {"features": list(cm.FEATURES), "baseline": float(np.ravel(clf._baseline_prediction)[0]), "trees": trees}
    # The pure-Python trees must agree with scikit-learn's.
    sample = X[:: max(1, len(X) // 2000)]
    ours = cm.LineModel.from_dict(d).probabilities(sample.tolist())
    assert np.allclose(ours, clf.predict_proba(sample)[:, 1], atol=1e-4), "exported trees disagree"
    return d


def folds(pages: list[cd.Page]) -> list[int]:
    """The fold of each page: sites shuffled with a fixed seed, then dealt out by size (largest first)."""
    sites = sorted({p.site for p in pages})
    np.random.default_rng(SEED).shuffle(sites)
    return cd.deal_folds(pages, sites, FOLDS)


scorer = cd.scorer


def step_counts(sc, pages, docs: list[Doc], probs: list[list[float]]) -> list[dict]:
    """Each dump's shingle counts under every (theta, keep) of the region step (before the title and byline are
    taken out of the body)."""
    out = []
    for d, p in zip(docs, probs):
        an, page, seen, mine = d.plain, pages[d.page], {}, {}
        for theta in THETAS:
            for keep in KEEPS:
                kept = tuple(cm.pick(an.lines, p, an.a, an.b, an.rule_kept, theta, keep))
                if kept not in seen:
                    seen[kept] = sc.doc_counts(page.gold, "\n\n".join(an.lines[i].text for i in kept))
                mine[(theta, keep)] = seen[kept]
        out.append(mine)
    return out


def choose_step(sc, pages, docs: list[Doc], counts: list[dict], use) -> tuple[float, float]:
    """The region step's (theta, keep) with the best mean shingle F1 over sets and renderers, on the dumps ``use``
    marks."""
    groups: dict = {}
    for d, c, u in zip(docs, counts, use):
        if u:
            groups.setdefault((pages[d.page].set, d.renderer), []).append(c)
    score = {v: mean(sc.aggregate([c[v] for c in g])["f1"] for g in groups.values()) for v in counts[0]}
    return max(score, key=score.__getitem__)


def held_out(sc, pages, docs: list[Doc], dumps: dict, doc_fold, models: list) -> dict:
    """Shingle F1 per (set, renderer) of the rules and of each dump's held-out fold model, by the real clean_text:
    as the first dump of its site, and with its site's other pages learned ("+learned")."""
    counts: dict[tuple[str, str, str], list] = {}
    for d, f in zip(docs, doc_fold):
        page = pages[d.page]
        text = dumps[(page.set, page.id, d.renderer)]
        for name, m in (("rules", cm.RulesOnly()), ("model", models[f])):
            plain = sc.doc_counts(page.gold, ct.clean_text(text, model=m).text)
            known = sc.doc_counts(page.gold, ct.clean_text(text, learned=d.learned, model=m).text) if d.learned \
                else plain
            counts.setdefault((page.set, d.renderer, name), []).append(plain)
            counts.setdefault((page.set, d.renderer, name + "+learned"), []).append(known)
    return {"|".join(k): {**sc.aggregate(v), "n": len(v)} for k, v in counts.items()}
