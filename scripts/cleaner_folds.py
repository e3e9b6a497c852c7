#!/usr/bin/env python3
"""The text cleaner held out by site with a given set of fold models, and two such runs compared (#22).

    python scripts/cleaner_folds.py --shared /work/shared --out run.json [--folds FILE] [--theta 0.4 0.5 0.5 0.5 0.5]
    python scripts/cleaner_folds.py --compare before.json after.json [--pages 5]

The first form cleans every cached dump of make train-cleaner (.train-cache/cleaner/renders/; the unseen tools' too
once make cleaner-unseen has rendered them) with the working tree's clean_text and the fold model that did not see
the page's site, and writes each page's shingle counts to --out. --folds: a fold-model file of make train-cleaner's
cache (default: the one for the working tree's features and parameters), so a change to the cleaner can be scored
with the models of an earlier fit, or a refit with the same code; --theta and --keep: the region step's thresholds
per fold (one value: every fold), as make train-cleaner printed them. The second form prints F1 per set and renderer
for both runs, the pages that moved, the gain per fold and the pages that moved most. Nothing in the repository is
written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402

from corpus_cli.clean import model as cm  # noqa: E402
from corpus_cli.clean import text as ct  # noqa: E402

_JOB: dict = {}  # what each worker process cleans with (set before the pool starts)


def fold_file() -> Path:
    key = [cm.FEATURES, cf.PARAMS, cf.MAX_ROWS]
    return cd.CACHE / f"folds-{hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]}.json"


def per_fold(values: list[float]) -> list[float]:
    """One value a fold, from one value for every fold or one for each."""
    if len(values) not in (1, cf.FOLDS):
        raise SystemExit(f"{Path(sys.argv[0]).name}: give one value or {cf.FOLDS}")
    return values * cf.FOLDS if len(values) == 1 else values


def _clean(job: tuple[int, str]) -> list | None:
    k, renderer = job
    page, fold = _JOB["pages"][k], _JOB["fold_of"][k]
    text = cd.cached_render(page, renderer)
    if not text.strip():
        return None
    body = ct.clean_text(text, model=_JOB["models"][fold]).text
    return [page.set, renderer, page.id, fold, list(_JOB["sc"].doc_counts(page.gold, body))]


def run(a: argparse.Namespace) -> int:
    folds = a.folds or fold_file()
    if not folds.is_file():
        print(f"cleaner-folds: {folds} not found: run make train-cleaner first")
        return 1
    raw = json.loads(folds.read_text(encoding="utf-8"))
    models = [cm.LineModel({**m, "theta": t, "keep": k})
              for m, t, k in zip(raw, per_fold(a.theta), per_fold(a.keep))]
    pages = cd.pages(a.shared / "bench")
    _JOB.update(pages=pages, fold_of=cf.folds(pages), models=models, sc=cd.scorer(a.shared / "bench"))
    renderers = [r for r in a.renderers if (cd.CACHE / "renders" / r).is_dir()]
    jobs = [(k, r) for k in range(len(pages)) for r in renderers]
    with ProcessPoolExecutor(a.workers) as pool:  # forked workers share _JOB
        rows = [x for x in pool.map(_clean, jobs, chunksize=20) if x]
    a.out.write_text(json.dumps(rows), encoding="utf-8")
    print(f"cleaner-folds: {len(rows)} dumps of {', '.join(renderers)} scored, {a.out} written")
    return 0


def _f1(sc, counts: list) -> float:
    return sc.aggregate(counts)["f1"]


def compare(sc, before: list, after: list, shown: int) -> str:
    """F1 per set and renderer before and after, the pages that moved and the gain per fold."""
    a = {tuple(r[:3]): r for r in before}
    b = {tuple(r[:3]): r for r in after}
    groups: dict[tuple[str, str], list] = {}
    for key in sorted(set(a) & set(b)):
        groups.setdefault(key[:2], []).append(key)
    out = []
    for (s, r), keys in sorted(groups.items(), key=lambda g: (cd.SETS.index(g[0][0]), g[0][1])):
        fa, fb = _f1(sc, [a[k][4] for k in keys]), _f1(sc, [b[k][4] for k in keys])
        per = []
        for f in range(cf.FOLDS):
            mine = [k for k in keys if a[k][3] == f]
            if mine:
                per.append(_f1(sc, [b[k][4] for k in mine]) - _f1(sc, [a[k][4] for k in mine]))
        moved = sum(1 for k in keys if a[k][4] != b[k][4])
        out.append(f"{s:<12}{r:<11}{len(keys):>6} {fa:.4f} -> {fb:.4f} ({fb - fa:+.4f}) moved {moved:>4}  "
                   "folds " + " ".join(f"{x:+.4f}" for x in per))
    keys = sorted(set(a) & set(b), key=lambda k: _f1(sc, [b[k][4]]) - _f1(sc, [a[k][4]]))
    for k in keys[:shown] + keys[len(keys) - shown :] if shown else ():
        out.append(f"  {k[0]} {k[1]} {k[2][:16]} (fold {a[k][3]}): {_f1(sc, [a[k][4]]):.3f} -> "
                   f"{_f1(sc, [b[k][4]]):.3f}")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, help="where each page's counts are written")
    ap.add_argument("--folds", type=Path, help="the fold models (a folds-*.json of make train-cleaner's cache)")
    ap.add_argument("--theta", type=float, nargs="+", default=[0.5])
    ap.add_argument("--keep", type=float, nargs="+", default=[0.2])
    ap.add_argument("--renderers", nargs="*", default=[*cd.RENDERERS, *cd.UNSEEN])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--pages", type=int, default=0, help="with --compare: the pages that lost and gained most")
    a = ap.parse_args()
    if not (a.shared / "bench" / "aeb" / "score.py").is_file():
        print(f"cleaner-folds: skipped: {a.shared / 'bench'} not found")
        return 0
    if a.compare:
        runs = [json.loads(p.read_text(encoding="utf-8")) for p in a.compare]
        print(compare(cd.scorer(a.shared / "bench"), *runs, a.pages))
        return 0
    if a.out is None:
        ap.error("--out or --compare is needed")
    return run(a)


if __name__ == "__main__":
    sys.exit(main())
