#!/usr/bin/env python3
"""Bagging the text cleaner's line model over seeds: the shipped features' five fold models (held out by site, as
cleaner_topic.py fits them) refitted with each seed of --seeds, and each dump's line probabilities averaged over the
first k seeds' fold models before the region step; its thresholds chosen per fold on the other folds' pages, and
every dump scored per set and renderer and, for the sets named with --per-fold, per fold.

    python scripts/experiments/cleaner_bag.py --shared /work/shared [--seeds 0 1 2]

The first seed is the shipped one (cleaner_fit.SEED). Needs make train-cleaner's caches; each seed's probabilities
are cached under .train-cache/ with cleaner_topic.py's keys, so its shipped and seed-1 runs are reused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402
import cleaner_topic as ct  # noqa: E402

from corpus_cli.clean import model as cm  # noqa: E402
from corpus_cli.clean import topic  # noqa: E402


def mean_probs(runs: list[list[list[float]]]) -> list[list[float]]:
    """Each dump's line probabilities averaged over the runs."""
    return [np.mean([r[j] for r in runs], axis=0).tolist() for j in range(len(runs[0]))]


def report(result: dict, names: list[str], per_fold: list[str]) -> None:
    print(f"{'set':<12}{'renderer':<11}" + "".join(f"{n:>10}" for n in names))
    for s in cd.SETS:
        for r in cd.RENDERERS:
            print(f"{s:<12}{r:<11}" + "".join(f"{result[n][(s, r)]:>10.4f}" for n in names))
    cells = [(s, r) for s in cd.SETS for r in cd.RENDERERS]
    print(f"{'mean of 15':<23}" + "".join(f"{np.mean([result[n][c] for c in cells]):>10.4f}" for n in names))
    for s in per_fold:
        for r in ("w3m",):
            for n in names:
                f1 = [result[n][(s, r, f)] for f in range(cf.FOLDS) if (s, r, f) in result[n]]
                gain = [result[n][(s, r, f)] - result[names[0]][(s, r, f)] for f in range(cf.FOLDS)
                        if (s, r, f) in result[n]]
                print(f"{s} {r} {n} per fold: " + " ".join(f"{x:.4f}" for x in f1)
                      + "  gain: " + " ".join(f"{g:+.4f}" for g in gain))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--seeds", nargs="+", type=int, default=[cf.SEED, 1, 2])
    ap.add_argument("--per-fold", nargs="*", default=["dragnet", "aeb"])
    a = ap.parse_args()
    pages, docs, data, doc_fold, plain, sc = ct.load(a.shared / "bench")
    cols = [i for i, f in enumerate(cm.FEATURES) if f not in topic.FEATURES]
    # The names cleaner_topic.py gave these runs, so that its cached probabilities are found.
    runs = [ct.fold_probs(data, docs, doc_fold, plain, cols, "without" if s == cf.SEED else "with", s)
            for s in a.seeds]
    variants = {f"seed {s}": [p] for s, p in zip(a.seeds, runs)}
    for k in range(2, len(runs) + 1):
        variants[f"mean {k}"] = runs[:k]
    if len(runs) == 3:
        variants[f"mean {a.seeds[1]},{a.seeds[2]}"] = runs[1:]
    result = {}
    for name, rs in variants.items():
        result[name], chosen = ct.scores(sc, pages, docs, doc_fold, rs[0] if len(rs) == 1 else mean_probs(rs))
        print(f"{name}: thresholds per fold {chosen}", flush=True)
    report(result, list(variants), a.per_fold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
