#!/usr/bin/env python3
"""make cleaner-unseen: the text-dump cleaner on dump shapes it was not fitted on (#22).

1. Held-out renderer: for each renderer R of --leave-out, the five site folds' models of make train-cleaner are
   fitted again without R's dumps (and the region step's thresholds chosen without them); R's dumps of each fold's
   held-out sites are cleaned with them, beside the same dumps cleaned with R in training (make train-cleaner's
   folds). Both are held out by site; only the first is held out by renderer too.
2. Unseen tools (cleaner_data.UNSEEN): the pages dumped by tools no model was fitted on, cleaned by make
   train-cleaner's fold models (each page by the model of the folds that do not hold its site).

Shingle F1 per set and renderer, printed and saved in .train-cache/cleaner/unseen.json; nothing in the repository is
written (the shipped model is not refitted). Needs what make train-cleaner needs, inscriptis and html-text (pip,
the train extra), elinks and pandoc (apt); a tool that is not installed is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402
import train_cleaner as tc  # noqa: E402


def _scores(sc, pages, docs, dumps, doc_fold, models, renderer: str) -> dict:
    """make held_out's figures for one renderer's dumps only."""
    mine = [i for i, d in enumerate(docs) if d.renderer == renderer]
    return cf.held_out(sc, pages, [docs[i] for i in mine], dumps, doc_fold[mine], models)


def _table(figures: dict) -> str:
    head = (f"{'set':<12}{'renderer':<12}{'pages':>6}{'rules':>8}{'model':>8}{'R out':>8}{'rules+l':>9}{'model+l':>9}"
            f"{'R out+l':>9}")
    rows = [head]
    for r in [*cd.RENDERERS, *cd.UNSEEN]:
        for s in cd.SETS:
            got = {k: figures.get(f"{s}|{r}|{k}") for k in ("rules", "model", "out", "rules+learned",
                                                             "model+learned", "out+learned")}
            if not got["model"]:
                continue
            cells = [f"{got[k]['f1']:.3f}" if got[k] else "-" for k in ("rules", "model", "out")]
            more = [f"{got[k]['f1']:.3f}" if got[k] else "-" for k in ("rules+learned", "model+learned",
                                                                       "out+learned")]
            rows.append(f"{s:<12}{r:<12}{got['model']['n']:>6}" + "".join(f"{c:>8}" for c in cells)
                        + "".join(f"{c:>9}" for c in more))
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--leave-out", nargs="*", default=list(cd.RENDERERS), choices=cd.RENDERERS,
                    help="renderers to hold out of training one at a time (default: all five)")
    ap.add_argument("--unseen", nargs="*", default=list(cd.UNSEEN), choices=cd.UNSEEN)
    a = ap.parse_args()
    bench = a.shared / "bench"
    if not (bench / "aeb" / "score.py").is_file():
        print(f"cleaner-unseen: skipped: {bench} not found")
        return 0
    pages, fold_of, dumps, docs, data, doc_fold = tc.training(bench)
    sc = cf.scorer(bench)
    models, _, _ = tc.fold_cleaners(sc, pages, docs, data, doc_fold)
    figures = {}
    for r in a.leave_out:
        figures.update(_scores(sc, pages, docs, dumps, doc_fold, models, r))
        out_models, _, _ = tc.fold_cleaners(sc, pages, docs, data, doc_fold, leave_out=r)
        out = _scores(sc, pages, docs, dumps, doc_fold, out_models, r)
        figures.update({k.replace("|model", "|out"): v for k, v in out.items() if "|model" in k})
        print(f"cleaner-unseen: {r} held out of training", flush=True)
    unseen = [r for r in a.unseen if cd.installed(r)]
    if unseen:
        new = cd.renders(bench, pages, unseen)
        for r in unseen:
            udocs = cf.analyses(pages, new, r)
            figures.update(cf.held_out(sc, pages, udocs, new, np.asarray([fold_of[d.page] for d in udocs]), models))
    figures["versions"] = {**cd.render_versions(), **{k: v for k, v in cd.tool_versions().items()
                                                      if k in ("inscriptis", "html-text", "scikit-learn")}}
    (cd.CACHE / "unseen.json").write_text(json.dumps(figures, indent=1))
    print(_table(figures))
    print("model: the renderer in training; R out: fitted without it; +l: the site's other pages learned")
    print("renders and fit by: " + ", ".join(f"{k} {v}" for k, v in figures["versions"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
