#!/usr/bin/env python3
"""make speaker-variants: other ways of ranking a quote's candidate speakers, against the shipped logistic model,
each held out by publisher on PolNeAR train (the candidates and labels of make train-speakers).

For each variant, a model is fitted with one publisher held out at a time and picks the best candidate of each of
that publisher's labelled quotes; printed: how often the pick is right, and against the shipped features and
settings, how many quotes the variant gets right that they get wrong and the reverse (the noise of a change).
Variants: without the verb-position facts (speaker_syntax.py: the verb's subject, object or listener, a place
preposition, a time or place run), feature conjunctions (kind, place, cue, agreement with the rules), features of
the candidate's group (the most-named actor, how many candidates stand in the quote's sentence or by a reporting
verb), the fitting rate, a ranking fit (a softmax over a quote's candidates and "none", alone and mixed evenly
with the shipped fit), and gradient-boosted trees over the same features (scikit-learn, the train extra;
skipped without it).
Nothing is written: the figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import polnear  # noqa: E402
import train_speakers as ts  # noqa: E402

from corpus_cli.extract.speaker_model import SpeakerModel  # noqa: E402
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file  # noqa: E402

SEED = 26
_CUES = ("verb_after", "verb_before", "according", "appos_verb")


def _first(fs: list[str], prefix: str, default: str) -> str:
    return next((f for f in fs if f.startswith(prefix) and "&" not in f), default)


def conjunctions(fs: list[str]) -> list[str]:
    """The shipped features and their crossings: agreement, kind and place; reporting cue, kind and place."""
    pos, kind, agree = _first(fs, "pos=", "pos=none"), _first(fs, "kind=", "kind=?"), _first(fs, "agree=", "agree=?")
    cues = [f for f in fs if f in _CUES] or ["nocue"]
    out = fs + [f"x:{agree}&{kind}&{pos}", f"x:{_first(fs, 'run=', 'run=none')}&{pos}"]
    return out + [f"x:{c}&{kind}&{pos}" for c in cues] + [f"x:{agree}&{c}" for c in cues]


def without_syntax(fs: list[str]) -> list[str]:
    """The features before the verb-position family (speaker_syntax.py): how much that family brings."""
    return [f for f in fs if "syn=" not in f and not f.startswith("subject_rival")]


def _freq(fs: list[str]) -> int:
    return max([int(f[5:]) for f in fs if f.startswith("freq=") and f[5:].isdigit()] or [0])


def group_features(group: list) -> list[list[str]]:
    """Each candidate's features and facts of its group that one candidate alone cannot give."""
    top = max(_freq(r.features) for r in group)
    own = sum("pos=b0" in r.features or "pos=a0" in r.features for r in group)
    cued = sum(any(c in r.features for c in _CUES) for r in group)
    out = []
    for r in group:
        fs = list(r.features) + [f"g:{_first(r.features, 'agree=', 'agree=?')}&n={min(len(group) // 4, 4)}"]
        if _freq(fs) and _freq(fs) == top:
            fs.append("g:most_named")
        if "pos=b0" in fs or "pos=a0" in fs:
            fs.append(f"g:own_of={min(own, 3)}")
        if any(c in fs for c in _CUES):
            fs.append(f"g:cue_of={min(cued, 3)}")
        out.append(fs)
    return out


def logistic(featurize, rate: float):
    """A variant: the shipped fit (4 epochs, L2 0.01) at ``rate`` over ``featurize(group)``'s features."""
    def score(train: list[list], test: list[list]) -> list[list[float]]:
        rows = [SimpleRow(fs, r.label) for g in train for r, fs in zip(g, featurize(g))]
        model = SpeakerModel(*ts.fit(rows, 4, 0.01, rate), 0.0, 0.5)
        return [[model.probability(fs) for fs in featurize(g)] for g in test]
    return score


def ranked(featurize, mix: bool):
    """A variant: a softmax over each quote's candidates and a "none" option of score 0, fitted by AdaGrad with L2
    at rate 0.3 (a quote with no right candidate teaches "none"); with ``mix``, the even mix of its weights and the
    shipped fit's."""
    def score(train: list[list], test: list[list]) -> list[list[float]]:
        groups = [[SimpleRow(fs, r.label) for r, fs in zip(g, featurize(g))] for g in train]
        w, b = softmax_fit(groups, 4, 0.01, 0.3)
        if mix:
            pw, pb = ts.fit([r for g in groups for r in g], 4, 0.01, 0.1)
            w, b = {f: (w.get(f, 0.0) + pw.get(f, 0.0)) / 2 for f in w.keys() | pw.keys()}, (b + pb) / 2
        return [[b + sum(w.get(f, 0.0) for f in fs) for fs in featurize(g)] for g in test]
    return score


def softmax_fit(groups: list[list], epochs: int, l2: float, rate: float) -> tuple[dict[str, float], float]:
    """Weights and bias maximising each group's right candidates' share of the softmax over its candidates and
    "none" (score 0), groups shuffled with the fixed seed."""
    groups = [g for g in groups if g and not all(r.label for r in g)]
    random.Random(SEED).shuffle(groups)
    # Weights, AdaGrad's sums of squared gradients, the bias and its sum.
    w, g2, b, gb = defaultdict(float), defaultdict(lambda: 1e-8), 0.0, 1e-8
    for _ in range(epochs):
        for g in groups:
            zs = [b + sum(w[f] for f in r.features) for r in g]
            top = max(0.0, *zs)
            es = [math.exp(z - top) for z in zs]
            total = sum(es) + math.exp(-top)
            right = sum(e for e, r in zip(es, g) if r.label) or math.exp(-top)  # none is right: no right candidate
            errs = [e / total - (e / right if r.label else 0.0) for e, r in zip(es, g)]
            grads: dict[str, float] = defaultdict(float)  # the group's gradient, one AdaGrad step a feature
            for err, r in zip(errs, g):
                for f in r.features:
                    grads[f] += err
            for f, grad in grads.items():
                grad += l2 * w[f]
                g2[f] += grad * grad
                w[f] -= rate * grad / math.sqrt(g2[f])
            gb += sum(errs) ** 2
            b -= rate * sum(errs) / math.sqrt(gb)
    return dict(w), b


class SimpleRow:
    def __init__(self, features: list[str], label: bool):
        self.features, self.label = features, label


def trees(n_estimators: int, depth: int):
    """A variant: gradient-boosted trees over the features seen at least 20 times in the training folds."""
    def score(train: list[list], test: list[list]) -> list[list[float]]:
        from scipy.sparse import csr_matrix
        from sklearn.ensemble import GradientBoostingClassifier

        counts = Counter(f for g in train for r in g for f in r.features)
        vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= 20))}

        def matrix(rows: list) -> csr_matrix:
            cells = [(i, vocab[f]) for i, r in enumerate(rows) for f in r.features if f in vocab]
            return csr_matrix(([1.0] * len(cells), ([c[0] for c in cells], [c[1] for c in cells])),
                              shape=(len(rows), len(vocab)))
        rows = [r for g in train for r in g]
        clf = GradientBoostingClassifier(n_estimators=n_estimators, max_depth=depth, learning_rate=0.1,
                                         random_state=SEED).fit(matrix(rows), [r.label for r in rows])
        return [list(clf.predict_proba(matrix(g))[:, 1]) for g in test]
    return score


def held_out_picks(by_pub: dict[str, list[list]], score) -> list[bool]:
    """Whether each labelled quote's best candidate is right, each publisher scored by a fit without it."""
    out = []
    for pub in sorted(by_pub):
        train = [g for p, gs in by_pub.items() if p != pub for g in gs]
        for g, ps in zip(by_pub[pub], score(train, by_pub[pub])):
            out.append(bool(g[max(range(len(g)), key=lambda i: ps[i])].label))
    return out


def variants(with_trees: bool) -> dict:
    out = {
        "shipped features and fit": logistic(lambda g: [r.features for r in g], 0.1),
        "without verb position": logistic(lambda g: [without_syntax(r.features) for r in g], 0.1),
        "conjunctions": logistic(lambda g: [conjunctions(r.features) for r in g], 0.1),
        "group features": logistic(group_features, 0.1),
        "fitting rate 0.3": logistic(lambda g: [r.features for r in g], 0.3),
        "fitting rate 0.5": logistic(lambda g: [r.features for r in g], 0.5),
        "conjunctions, rate 0.3": logistic(lambda g: [conjunctions(r.features) for r in g], 0.3),
        "ranked (softmax, none)": ranked(lambda g: [r.features for r in g], False),
        "ranked, mixed with shipped": ranked(lambda g: [r.features for r in g], True),
    }
    if with_trees:
        out["trees 100 x depth 3"] = trees(100, 3)
        out["trees 300 x depth 4"] = trees(300, 4)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    if polnear.missing(a.shared, "speaker-variants"):
        return 0
    try:
        import sklearn  # noqa: F401
        with_trees = True
    except ImportError:
        print("speaker-variants: scikit-learn not installed (the train extra): no trees")
        with_trees = False
    gaz = Gazetteer(load_gazetteer_file())
    by_pub: dict[str, list[list]] = {}
    for x in polnear.load(a.shared, "train"):
        by_pub.setdefault(x["publisher_code"], []).extend(ts.article_groups(x, gaz))
    n = sum(map(len, by_pub.values()))
    base = None
    for name, score in variants(with_trees).items():
        picks = held_out_picks(by_pub, score)
        base = base or picks
        gain = sum(p and not b for p, b in zip(picks, base))
        loss = sum(b and not p for p, b in zip(picks, base))
        print(f"{name:26} right {sum(picks) / n:.3f} of {n}; against the shipped: +{gain} -{loss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
