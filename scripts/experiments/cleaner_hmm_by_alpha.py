import pickle, sys
from pathlib import Path
from statistics import mean
import numpy as np
sys.path.insert(0, "scripts")
import cleaner_data as cd, cleaner_fit as cf
bench = Path("/work/shared/bench")
pages = cd.pages(bench); fold_of = cf.folds(pages)
docs = [d for r in cd.RENDERERS for d in cf.analyses(pages, {}, r)]
doc_fold = np.asarray([fold_of[d.page] for d in docs])
allc = pickle.load(open(cd.CACHE / "exp_counts.pkl", "rb"))
sc = cf.scorer(bench)
for al in (0.0, 0.3, 0.6, 1.0):
    sub = [{k[1:]: v for k, v in c.items() if k[0] == al} for c in allc]
    ch = [cf.choose_step(sc, pages, docs, sub, doc_fold != f) for f in range(5)]
    groups = {}
    for d, c, f in zip(docs, sub, doc_fold):
        groups.setdefault((pages[d.page].set, d.renderer), []).append(c[ch[f]])
    t = {k: sc.aggregate(v)["f1"] for k, v in groups.items()}
    print(al, ch, "mean", round(mean(t.values()), 4), "dragnet w3m", round(t[("dragnet", "w3m")], 4), "aeb w3m", round(t[("aeb", "w3m")], 4), "cp w3m", round(t[("cleanportal","w3m")],4))
