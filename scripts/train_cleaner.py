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
3. Folds by site (every page of a site, in every renderer, in one fold): a model is fitted on the other folds' sites;
   its probabilities on the held-out fold's pages give the region step's two thresholds (chosen for each fold on the
   other folds' pages), and the real clean_text with it cleans the held-out pages. The held-out figures per set and
   renderer are printed beside the hand rules' on the same pages (make bench-clean prints them again).
4. The shipped model is fitted on every page, with the thresholds chosen on all held-out folds:
   corpus_cli/data/text_cleaner.json.

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

from corpus_cli.clean import model as cm  # noqa: E402

OUT = HERE.parent / "corpus_cli" / "data" / cm.MODEL_FILE


def _fold_models(data: dict, row_fold: np.ndarray, leave_out: str | None = None) -> list[dict]:
    """The five folds' models, fitted or read from the cache (valid for the same features and parameters);
    ``leave_out``: a renderer none of whose rows is fitted on."""
    key = [cm.FEATURES, cf.PARAMS, cf.MAX_ROWS] + ([leave_out] if leave_out else [])
    tag = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]
    cache = cd.CACHE / f"folds-{tag}.json"
    if cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))
    kept = data["renderer"] != leave_out
    models = []
    for f in range(cf.FOLDS):
        tr = np.flatnonzero((row_fold != f) & kept)
        models.append(cf.fit(data["X"][tr], data["y"][tr], data["w"][tr]))
        print(f"fold {f}: fitted on {len(tr)} lines" + (f" (no {leave_out})" if leave_out else ""), flush=True)
    cache.write_text(json.dumps(models), encoding="utf-8")
    return models


def fold_cleaners(sc, pages, docs, data: dict, doc_fold: np.ndarray, leave_out: str | None = None):
    """Each fold's cleaner: its model fitted on the other folds' sites, the region step's thresholds chosen on the
    other folds' pages; ``leave_out``: a renderer whose dumps are in neither. Also the dumps the thresholds were
    chosen on and their step counts."""
    fold_models = _fold_models(data, doc_fold[data["doc"]], leave_out)
    compiled = [cm.LineModel(m) for m in fold_models]
    use = [i for i, d in enumerate(docs) if d.renderer != leave_out]
    chosen_on = [docs[i] for i in use]
    probs = [compiled[doc_fold[i]].probabilities(cf.rows(docs[i], learned=False)) for i in use]
    counts = cf.step_counts(sc, pages, chosen_on, probs)
    thresholds = [cf.choose_step(sc, pages, chosen_on, counts, doc_fold[use] != f) for f in range(cf.FOLDS)]
    for f, t in enumerate(thresholds):
        print(f"fold {f}: theta {t[0]}, keep {t[1]} (chosen on the other folds' pages)")
    models = [cm.LineModel({**m, "theta": t[0], "keep": t[1]}) for m, t in zip(fold_models, thresholds)]
    return models, chosen_on, counts


def training(bench: Path):
    """The pages, their folds, every renderer's dumps, their analyses and the feature rows."""
    pages = cd.pages(bench)
    fold_of = cf.folds(pages)
    dumps = cd.renders(bench, pages)
    docs = [d for r in cd.RENDERERS for d in cf.analyses(pages, dumps, r)]
    data = cf.dataset(docs)
    doc_fold = np.asarray([fold_of[d.page] for d in docs])
    print(f"train-cleaner: {len(pages)} pages of {len({p.site for p in pages})} sites, {len(docs)} dumps, "
          f"{len(data['y'])} lines, {data['y'].mean():.3f} article", flush=True)
    return pages, fold_of, dumps, docs, data, doc_fold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    a = ap.parse_args()
    bench = a.shared / "bench"
    if not (bench / "aeb" / "score.py").is_file():
        print(f"train-cleaner: skipped: {bench} not found")
        return 0
    pages, _, dumps, docs, data, doc_fold = training(bench)
    sc = cf.scorer(bench)
    models, _, counts = fold_cleaners(sc, pages, docs, data, doc_fold)
    figures = cf.held_out(sc, pages, docs, dumps, doc_fold, models)
    # The renders' tools as they were when the cache was filled; the fit's scikit-learn as it is now.
    figures["versions"] = {**cd.render_versions(), "scikit-learn": cd.tool_versions()["scikit-learn"]}
    (cd.CACHE / "heldout.json").write_text(json.dumps(figures, indent=1))
    print(cd.held_out_report())
    theta, keep = cf.choose_step(sc, pages, docs, counts, [True] * len(docs))
    final = {**cf.fit(data["X"], data["y"], data["w"]), "theta": theta, "keep": keep}
    OUT.write_text(json.dumps(final, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"train-cleaner: wrote {OUT} ({OUT.stat().st_size // 1024} kB, {len(final['trees'])} trees, theta {theta}, "
          f"keep {keep})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
