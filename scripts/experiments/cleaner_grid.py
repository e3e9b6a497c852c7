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
probs = pickle.loads((cd.CACHE / "exp_p1.pkl").read_bytes())
sc = cf.scorer(bench)
cf.THETAS = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6)
cf.KEEPS = (0.1, 0.15, 0.2, 0.35, 0.5)
counts = cf.step_counts(sc, pages, docs, probs)
pickle.dump(counts, open(cd.CACHE / "exp_grid.pkl", "wb"))
def table(ch):
    groups = {}
    for d, c, f in zip(docs, counts, doc_fold):
        groups.setdefault((pages[d.page].set, d.renderer), []).append(c[ch[f]])
    return {k: sc.aggregate(v)["f1"] for k, v in groups.items()}
old = table([(0.5, 0.2)] * 5)
ch = [cf.choose_step(sc, pages, docs, counts, doc_fold != f) for f in range(5)]
new = table(ch)
print(ch)
for k in old: print(k, round(old[k], 4), round(new[k], 4))
print("mean", round(mean(old.values()), 4), round(mean(new.values()), 4))
