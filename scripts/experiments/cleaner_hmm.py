"""Experiment: forward-backward smoothing of the first stage's held-out scores with transitions learned on the
other folds' labels; grid (alpha, theta, keep) chosen per fold on other folds; compared with no smoothing."""
import json, math, sys, time, pickle
from pathlib import Path
from statistics import mean
import numpy as np
sys.path.insert(0, "scripts")
import cleaner_data as cd, cleaner_fit as cf
from corpus_cli.clean import model as cm

bench = Path("/work/shared/bench")
pages = cd.pages(bench); fold_of = cf.folds(pages)
docs = [d for r in cd.RENDERERS for d in cf.analyses(pages, {}, r)]
doc_fold = np.asarray([fold_of[d.page] for d in docs])
folds = json.loads(next(cd.CACHE.glob("folds-*.json")).read_text())
pp = cd.CACHE / "exp_p1.pkl"
if pp.is_file():
    probs = pickle.loads(pp.read_bytes())
else:
    models = [cm.LineModel(m) for m in folds]
    probs = [models[f].probabilities(cf.rows(d, False)) for d, f in zip(docs, doc_fold)]
    pp.write_bytes(pickle.dumps(probs))
print("probs ready", flush=True)

def trans(use):
    c = np.ones((2, 2)); first = np.ones(2); n1 = 1.0; n = 2.0
    for d, u in zip(docs, use):
        if not u: continue
        y = d.labels
        first[y[0]] += 1
        for a, b in zip(y, y[1:]):
            c[a, b] += 1
        n1 += sum(y); n += len(y)
    return c / c.sum(1, keepdims=True), first / first.sum(), n1 / n

def smooth(p, T, pi, prior, alpha):
    lp = math.log(prior / (1 - prior))
    e = []
    for x in p:
        x = min(max(x, 1e-4), 1 - 1e-4)
        r = alpha * (math.log(x / (1 - x)) - lp)
        e.append((1.0, math.exp(max(-30, min(30, r)))))
    n = len(p); f = []; a = [pi[0] * e[0][0], pi[1] * e[0][1]]; s = sum(a); a = [a[0] / s, a[1] / s]; f.append(a)
    for i in range(1, n):
        a0 = (f[-1][0] * T[0][0] + f[-1][1] * T[1][0]) * e[i][0]
        a1 = (f[-1][0] * T[0][1] + f[-1][1] * T[1][1]) * e[i][1]
        s = a0 + a1; f.append([a0 / s, a1 / s])
    b = [1.0, 1.0]; q = [0.0] * n
    for i in range(n - 1, -1, -1):
        g0, g1 = f[i][0] * b[0], f[i][1] * b[1]
        q[i] = g1 / (g0 + g1)
        b0 = T[0][0] * e[i][0] * b[0] + T[0][1] * e[i][1] * b[1]
        b1 = T[1][0] * e[i][0] * b[0] + T[1][1] * e[i][1] * b[1]
        s = b0 + b1; b = [b0 / s, b1 / s]
    return q

sc = cf.scorer(bench)
ALPHAS = (0.0, 0.3, 0.6, 1.0)  # 0.0: no smoothing (the raw scores)
TR = [trans(doc_fold != f) for f in range(5)]
allc = []
t0 = time.time()
for k, (d, p, f) in enumerate(zip(docs, probs, doc_fold)):
    T, pi, prior = TR[f]
    mine = {}
    for al in ALPHAS:
        q = p if al == 0 else smooth(p, T.tolist(), pi.tolist(), prior, al)
        c = cf.step_counts(sc, pages, [d], [q])[0]
        mine.update({(al, *kk): v for kk, v in c.items()})
    allc.append(mine)
    if k % 2000 == 0: print(k, time.time() - t0, flush=True)
pickle.dump(allc, open(cd.CACHE / "exp_counts.pkl", "wb"))
def table(choice):
    groups = {}
    for d, c, f in zip(docs, allc, doc_fold):
        groups.setdefault((pages[d.page].set, d.renderer), []).append(c[choice[f]])
    return {k: sc.aggregate(v)["f1"] for k, v in groups.items()}
base_choice = [cf.choose_step(sc, pages, docs, [{kk[1:]: v for kk, v in c.items() if kk[0] == 0.0} for c in allc], doc_fold != f) for f in range(5)]
hmm_choice = [cf.choose_step(sc, pages, docs, allc, doc_fold != f) for f in range(5)]
print("base", base_choice, "hmm", hmm_choice)
b = table([(0.0, *c) for c in base_choice]); h = table(hmm_choice)
for k in b: print(k, round(b[k], 4), round(h[k], 4))
print("mean", round(mean(b.values()), 4), round(mean(h.values()), 4))
