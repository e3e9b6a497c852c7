#!/usr/bin/env python3
"""make train-cleaner: fit the text-dump cleaner's line model on the labelled bench pages, by site.

1. Every page of shared/bench/{aeb,dragnet,cleanportal} dumped by five renderers (scripts/cleaner_data.py; cached
   under .train-cache/cleaner/).
2. Each dump goes through the cleaner's hand rules (corpus_cli.clean.text.analyse); each line is labelled by
   aligning it with the gold body: a line is article when half its 4-word shingles (its words, when it has fewer
   than four) are in the gold's. Rows are weighted by the line's words, each dump weighing the same in all, as the
   shingle F1 the cleaner is scored by does.
3. Folds by site (GroupKFold over the pages' sites, every renderer of a page in one fold): a model is fitted on
   the other folds' sites and the real clean_text with it cleans the held-out pages. The held-out figures per set and
   renderer are printed beside the hand rules' on the same pages (make bench-clean prints them again from the cache).
4. The shipped model is fitted on every page: corpus_cli/data/text_cleaner.json.

Needs the train extra (pip install -e '.[train]': scikit-learn, html2text) and w3m, lynx and links (apt).
Fixed seeds; the renders and the folds' models are cached, so a second run only fits.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import re
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402

from corpus_cli.clean import model as cm  # noqa: E402
from corpus_cli.clean.text import analyse, clean_text  # noqa: E402

FOLDS = 5
MAX_ROWS = 400_000
STEP_ADD = (0.5, 0.7, 0.9, 1.01)  # 1.01: the model adds nothing
STEP_DROP = (0.0, 0.05, 0.15, 0.3)  # 0.0: the model drops nothing
SEED = 0
OUT = HERE.parent / "corpus_cli" / "data" / cm.MODEL_FILE
_WORD = re.compile(r"\w+", re.UNICODE)
PARAMS = dict(max_iter=60, max_leaf_nodes=12, learning_rate=0.15, min_samples_leaf=100, l2_regularization=1.0,
              early_stopping=False, random_state=SEED)


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


def dataset(pages: list[cd.Page], dumps: dict, renderer: str) -> dict[str, np.ndarray]:
    """Feature rows, labels, weights and the index of the dump each row comes from (page * renderers + renderer),
    for one renderer's dumps; cached in .train-cache/cleaner/."""
    cache = cd.CACHE / f"dataset_{renderer}.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    X, y, w, dump_of = [], [], [], []
    r = cd.RENDERERS.index(renderer)
    for k, page in enumerate(pages):
        text = dumps.get((page.set, page.id, renderer), "")
        an = analyse(text) if text.strip() else None
        if an is None or not an.lines:
            continue
        rows = cm.features(an.lines, an.counts, an.a, an.b, an.rule_kept)
        words = np.array([ln.words + 1.0 for ln in an.lines])
        X.append(np.asarray(rows, dtype=np.float32))
        y.append(np.asarray(labels(an.lines, page.gold), dtype=np.int8))
        w.append(words / words.sum())
        dump_of.append(np.full(len(rows), k * len(cd.RENDERERS) + r, dtype=np.int32))
    data = {"X": np.concatenate(X), "y": np.concatenate(y), "w": np.concatenate(w), "dump": np.concatenate(dump_of)}
    cache.write_bytes(pickle.dumps(data))
    return data


def fit(X, y, w) -> dict:
    """Boosted trees on the rows, exported as the JSON the package reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    if len(X) > MAX_ROWS:  # a fixed sample of the lines: the fit on all of them took too long on two cores
        rows = np.sort(np.random.default_rng(SEED).choice(len(X), MAX_ROWS, replace=False))
        X, y, w = X[rows], y[rows], w[rows]
    clf = HistGradientBoostingClassifier(**PARAMS).fit(X, y, sample_weight=w * len(w) / w.sum())
    trees = []
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({"feature": nodes["feature_idx"].tolist(), "threshold": nodes["num_threshold"].tolist(),
                      "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
                      "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(), "value": nodes["value"].tolist()})
    d = {"features": list(cm.FEATURES), "baseline": float(np.ravel(clf._baseline_prediction)[0]), "trees": trees}
    # The pure-Python trees must agree with scikit-learn's.
    sample = X[:: max(1, len(X) // 2000)]
    ours = cm.LineModel.from_dict(d).probabilities(sample.tolist())
    assert np.allclose(ours, clf.predict_proba(sample)[:, 1], atol=1e-4), "exported trees disagree"
    return d


def folds(pages: list[cd.Page]) -> list[int]:
    """The fold of each page: sites shuffled with a fixed seed, then dealt out by size (largest first)."""
    sites = sorted({p.site for p in pages})
    rng = np.random.default_rng(SEED)
    rng.shuffle(sites)
    size = {s: 0 for s in sites}
    for p in pages:
        size[p.site] += 1
    load, fold_of = [0] * FOLDS, {}
    for s in sorted(sites, key=lambda s: -size[s]):  # stable: equal sizes keep the shuffled order
        f = load.index(min(load))
        fold_of[s] = f
        load[f] += size[s]
    return [fold_of[p.site] for p in pages]


def _scorer(bench: Path):
    spec = importlib.util.spec_from_file_location("aeb_score", bench / "aeb" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def held_out(bench: Path, pages, fold_of, dumps, models: list) -> dict:
    """Shingle F1 per (set, renderer) of the rules and of each page's held-out fold model."""
    sc = _scorer(bench)
    counts: dict[tuple[str, str, str], list] = {}
    for page, f in zip(pages, fold_of):
        for r in cd.RENDERERS:
            text = dumps.get((page.set, page.id, r), "")
            if not text.strip():
                continue
            for name, m in (("rules", cm.RulesOnly()), ("model", models[f])):
                pred = clean_text(text, model=m).text
                counts.setdefault((page.set, r, name), []).append(sc.doc_counts(page.gold, pred))
    return {"|".join(k): {**sc.aggregate(v), "n": len(v)} for k, v in counts.items()}


def choose_step(sc, pages, fold_of, dumps, fold_models) -> tuple[float, float]:
    """How the model amends the rules (the ``add`` and ``drop`` probabilities of LineModel.keep), by the mean shingle
    F1 over sets and renderers of the held-out folds (before the title is taken out of the body)."""
    from statistics import mean

    variants = [(add, drop) for add in STEP_ADD for drop in STEP_DROP]
    counts: dict = {}
    compiled = [cm.LineModel(m) for m in fold_models]
    for page, f in zip(pages, fold_of):
        for rend in cd.RENDERERS:
            text = dumps.get((page.set, page.id, rend), "")
            if not text.strip():
                continue
            an = analyse(text)
            p = compiled[f].probabilities(cm.features(an.lines, an.counts, an.a, an.b, an.rule_kept))
            for add, drop in variants:
                kept = cm.pick(an.lines, p, an.a, an.b, an.rule_kept, add, drop)
                pred = "\n\n".join(an.lines[i].text for i in kept)
                counts.setdefault((add, drop, page.set, rend), []).append(sc.doc_counts(page.gold, pred))
    figures = {k: sc.aggregate(v)["f1"] for k, v in counts.items()}
    score = {v: mean(x for k, x in figures.items() if k[:2] == v) for v in variants}
    for v in variants:
        print(f"add {v[0]}, drop {v[1]}: mean held-out F1 {score[v]:.4f}", flush=True)
    return max(variants, key=score.__getitem__)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    a = ap.parse_args()
    bench = a.shared / "bench"
    if not (bench / "aeb" / "score.py").is_file():
        print(f"train-cleaner: skipped: {bench} not found")
        return 0
    pages = cd.pages(bench)
    fold_of = folds(pages)
    dumps = cd.renders(bench, pages)
    parts = [dataset(pages, dumps, r) for r in cd.RENDERERS]
    data = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    page_fold = np.repeat(np.asarray(fold_of), len(cd.RENDERERS))[data["dump"]]
    print(f"train-cleaner: {len(pages)} pages of {len({p.site for p in pages})} sites, {len(data['y'])} lines, "
          f"{data['y'].mean():.3f} article")
    fold_file = cd.CACHE / "folds.json"
    if fold_file.is_file():
        fold_models = json.loads(fold_file.read_text(encoding="utf-8"))
    else:
        fold_models = []
        for f in range(FOLDS):
            tr = page_fold != f
            fold_models.append(fit(data["X"][tr], data["y"][tr], data["w"][tr]))
            print(f"fold {f}: fitted on {tr.sum()} lines")
        fold_file.write_text(json.dumps(fold_models), encoding="utf-8")
    add, drop = choose_step(_scorer(bench), pages, fold_of, dumps, fold_models)
    models = [cm.LineModel({**m, "add": add, "drop": drop}) for m in fold_models]
    figures = held_out(bench, pages, fold_of, dumps, models)
    (cd.CACHE / "heldout.json").write_text(json.dumps(figures, indent=1))
    print(cd.held_out_report())
    final = {**fit(data["X"], data["y"], data["w"]), "add": add, "drop": drop}
    OUT.write_text(json.dumps(final, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"train-cleaner: wrote {OUT} ({OUT.stat().st_size // 1024} kB, {len(final['trees'])} trees)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
