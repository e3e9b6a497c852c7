"""Error analysis on held-out folds: where gold words are lost / non-gold words kept, by position vs kept span."""
import json, pickle, sys
from collections import defaultdict
from pathlib import Path
import numpy as np
sys.path.insert(0, "scripts")
import cleaner_data as cd, cleaner_fit as cf, cleaner_stack as cs
from corpus_cli.clean import model as cm

renderer = sys.argv[1] if len(sys.argv) > 1 else "w3m"
stacked = sys.argv[2] == "2" if len(sys.argv) > 2 else True
bench = Path("/work/shared/bench")
pages = cd.pages(bench)
fold_of = cf.folds(pages)
docs = cf.analyses(pages, {}, renderer)
folds = json.loads(next(cd.CACHE.glob("folds-*.json")).read_text())
sec = json.loads(next(cd.CACHE.glob("second-*.json")).read_text())["folds"] if stacked else [None]*5
models = [cm.LineModel({**m, "second": s, "theta": 0.5, "keep": 0.2}) for m, s in zip(folds, sec)]
agg = defaultdict(lambda: defaultdict(float))
for d in docs:
    pg = pages[d.page]
    an = d.plain
    m = models[fold_of[d.page]]
    kept = set(m.keep(an.lines, an.counts, an.a, an.b, an.rule_kept))
    lo, hi = (min(kept), max(kept)) if kept else (0, -1)
    gw = sum(ln.words for ln, y in zip(an.lines, d.labels) if y) or 1
    kw = sum(an.lines[i].words for i in kept) or 1
    a = agg[pg.set]
    a["n"] += 1
    for i, (ln, y) in enumerate(zip(an.lines, d.labels)):
        pos = "above" if i < lo else "below" if i > hi else "inside"
        if y and i not in kept:
            a[f"lost_{pos}"] += ln.words / gw
            if pos != "inside" and ln.kind:
                a[f"lost_{pos}_{ln.kind}"] += ln.words / gw
        if not y and i in kept:
            a[f"extra_{pos}"] += ln.words / kw
    cov = sum(an.lines[i].words for i in kept if d.labels[i]) / gw
    if cov < 0.3:
        a["wrong_block"] += 1
for s, a in agg.items():
    n = a.pop("n")
    print(s, int(n), {k: round(v / n, 4) if k != "wrong_block" else int(v) for k, v in sorted(a.items())})
