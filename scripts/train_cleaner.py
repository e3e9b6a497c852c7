#!/usr/bin/env python3
"""make train-cleaner: fit the text-dump cleaner's line model on the labelled bench pages, by site.

1. Every page of shared/bench/{aeb,dragnet,cleanportal} dumped by five renderers (scripts/cleaner_data.py; cached
   under .train-cache/cleaner/).
2. Each dump goes through the cleaner's hand rules (corpus_cli.clean.text.analyse) twice: as the first dump of its
   site a corpus sees, and as one more dump of a site the corpus knows, where the short lines seen in three or more
   other pages of the same site (same renderer) are the corpus's learned lines (the store's boilerplate table at run
   time). Each line is labelled by aligning it with the gold body: a line is article when half its 4-word shingles
   (its words, when it has fewer than four) are in the gold's. Rows are weighted by the line's words, each dump
   weighing the same in all, as the shingle F1 the cleaner is scored by does.
3. Folds by site (every page of a site, in every renderer, in one fold): a model is fitted on the other folds' sites,
   with a second stage stacked on it (scripts/cleaner_stack.py: the first model's scores of the lines around each
   line as features, from first models that did not see the page's site either); its scores on the held-out fold's
   pages give the region step's two thresholds (chosen for each fold on the other folds' pages), and the real
   clean_text with it cleans the held-out pages. The held-out figures per set and renderer are printed beside the
   hand rules' on the same pages (make bench-clean prints them again).
4. The shipped model is fitted on every page, its second stage on every page's held-out first scores, with the
   thresholds chosen on all held-out folds: corpus_cli/data/text_cleaner.json.

Needs the train extra (pip install -e '.[train]': scikit-learn, html2text) and w3m, lynx and links (apt).
Fixed seeds; renders, analyses and the folds' models are cached, so a second run only scores and fits the last model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402
import cleaner_stack as cs  # noqa: E402

from corpus_cli.clean import model as cm  # noqa: E402

OUT = HERE.parent / "corpus_cli" / "data" / cm.MODEL_FILE


def _fold_models(data: dict, row_fold: np.ndarray) -> list[dict]:
    """The five folds' models, fitted or read from the cache (valid for the same features and parameters)."""
    tag = hashlib.sha256(json.dumps([cm.FEATURES, cf.PARAMS, cf.MAX_ROWS]).encode()).hexdigest()[:12]
    cache = cd.CACHE / f"folds-{tag}.json"
    if cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))
    models = []
    for f in range(cf.FOLDS):
        tr = np.flatnonzero(row_fold != f)
        models.append(cf.fit(data["X"][tr], data["y"][tr], data["w"][tr]))
        print(f"fold {f}: fitted on {len(tr)} lines", flush=True)
    cache.write_text(json.dumps(models), encoding="utf-8")
    return models


def _stacked(data: dict, docs: list, doc_fold: np.ndarray) -> tuple[list[dict], dict]:
    """The five folds' models, each with its second stage (scripts/cleaner_stack.py), and the shipped second stage."""
    fold_models = _fold_models(data, doc_fold[data["doc"]])
    pairs = cs.pair_models(data, doc_fold[data["doc"]])
    words = [np.asarray([ln.words for ln in (d.known or d.plain).lines]) for d in docs]
    seconds, final = cs.second_models(data, words, doc_fold, fold_models, pairs)
    return [{**m, "second": s} for m, s in zip(fold_models, seconds)], final


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    a = ap.parse_args()
    bench = a.shared / "bench"
    if not (bench / "aeb" / "score.py").is_file():
        print(f"train-cleaner: skipped: {bench} not found")
        return 0
    pages = cd.pages(bench)
    fold_of = cf.folds(pages)
    dumps = cd.renders(bench, pages)
    docs = [d for r in cd.RENDERERS for d in cf.analyses(pages, dumps, r)]
    data = cf.dataset(docs)
    doc_fold = np.asarray([fold_of[d.page] for d in docs])
    print(f"train-cleaner: {len(pages)} pages of {len({p.site for p in pages})} sites, {len(docs)} dumps, "
          f"{len(data['y'])} lines, {data['y'].mean():.3f} article", flush=True)
    fold_models, second_final = _stacked(data, docs, doc_fold)
    compiled = [cm.LineModel(m) for m in fold_models]
    probs = [compiled[f].scores(d.plain.lines, cf.rows(d, learned=False)) for d, f in zip(docs, doc_fold)]
    sc = cf.scorer(bench)
    counts = cf.step_counts(sc, pages, docs, probs)
    thresholds = [cf.choose_step(sc, pages, docs, counts, doc_fold != f) for f in range(cf.FOLDS)]
    for f, t in enumerate(thresholds):
        print(f"fold {f}: theta {t[0]}, keep {t[1]} (chosen on the other folds' pages)")
    models = [cm.LineModel({**m, "theta": t[0], "keep": t[1]}) for m, t in zip(fold_models, thresholds)]
    figures = cf.held_out(sc, pages, docs, dumps, doc_fold, models)
    (cd.CACHE / "heldout.json").write_text(json.dumps(figures, indent=1))
    print(cd.held_out_report())
    theta, keep = cf.choose_step(sc, pages, docs, counts, [True] * len(docs))
    final = {**cf.fit(data["X"], data["y"], data["w"]), "second": second_final, "theta": theta, "keep": keep}
    OUT.write_text(json.dumps(final, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"train-cleaner: wrote {OUT} ({OUT.stat().st_size // 1024} kB, {len(final['trees'])} trees, theta {theta}, "
          f"keep {keep})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
