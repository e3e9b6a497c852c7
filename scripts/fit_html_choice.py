#!/usr/bin/env python3
"""make fit-html-choice: fit when corpus runs trafilatura's fallback extractors on a page, and when it keeps their
text (corpus_cli/clean/html_choice.py, #22), then when readability's or jusText's text replaces that body
(corpus_cli/clean/html_pick.py), by site; print held-out figures; write both with --write.

The pages of shared/bench/{aeb,dragnet,cleanportal} are extracted in every mode once (scripts/html_modes.py,
cached). Five folds by site (sites shuffled with a fixed seed, dealt out largest first): the thresholds are searched
on four folds' pages, maximising the mean over the three sets of the shingle F1 (aeb/score.py's method), and the
real html_choice functions with them choose the text of the fifth fold's pages. Every figure printed for the choice
comes from pages whose sites were held out of its fit; the modes themselves are fitted on nothing. html_pick's
logistic regression (scikit-learn, the train extra) and threshold are fitted on the same four folds, on the bodies
that fold's thresholds choose, and applied to the fifth; html_tail, fitted on nothing, follows (auto's text). The
thresholds and the weights shipped are fitted on all pages. Skips (exit 0) with a message when the shared folder
is absent.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import cleaner_data as cd  # noqa: E402
import html_modes  # noqa: E402

from corpus_cli.clean import html_choice, html_pick, html_tail  # noqa: E402
from corpus_cli.clean.html import drop_title  # noqa: E402

FOLDS, SEED = 5, 0
PICK_TAUS = (0.5, 0.6, 0.7, 0.8)  # html_pick's threshold, searched with its weights
PICK_MARGIN = 0.005  # a candidate is labelled better when its page F1 beats the body's by this much
OUT = ROOT / "corpus_cli" / "data" / html_choice.PARAMS_FILE
GRID = {
    "short_chars": [0, 250, 500, 750, 1000, 1500, 2000, 3000],
    "list_line_chars": [0, 15, 20, 25, 30, 35, 40, 50],
    "elsewhere_below": [0.01, 0.05, 0.1, 0.2, 0.3, 0.5],
}
VARIANTS = [  # (label, mode, title dropped)
    ("corpus before (fast, comments off, tables, title dropped)", "fast", True),
    ("  title kept in the body", "fast", False),
    ("  comments kept", "comments", True),
    ("  tables left out", "notables", True),
    ("trafilatura with fallbacks (fast=False)", "full", True),
    ("favor_precision", "prec", True),
    ("favor_recall", "rec", True),
    ("favor_precision, fallbacks", "prec_full", True),
    ("favor_recall, fallbacks", "rec_full", True),
]


def folds(pages: list) -> list[int]:
    sites = sorted({p.site for p in pages})
    random.Random(SEED).shuffle(sites)
    return cd.deal_folds(pages, sites, FOLDS)


scorer = cd.scorer


class Pages:
    """Each page's shingle counts in every mode and what the choice reads, computed once."""

    def __init__(self, bench: Path, sc) -> None:
        self.sc, self.pages = sc, cd.pages(bench)
        self.modes = html_modes.modes(bench)
        self.voters = html_modes.voters(bench)
        self.counts, self.ms = {}, {}
        for i, p in enumerate(self.pages):
            m = self.modes[f"{p.set}/{p.id}"]
            for mode, got in m.items():
                self.counts[mode, i, True] = sc.doc_counts(p.gold, drop_title(got["text"].strip(), got["title"]))
                self.counts[mode, i, False] = sc.doc_counts(p.gold, got["text"].strip())
                self.ms.setdefault(mode, []).append(got["ms"])

    def choose(self, i: int, t: dict) -> tuple[str, bool]:
        """The mode corpus's choice takes on page ``i`` with thresholds ``t``, and whether it ran the fallbacks."""
        m = self.modes[f"{self.pages[i].set}/{self.pages[i].id}"]
        fast, full = m["fast"]["text"].strip(), m["full"]["text"].strip()
        ran = html_choice.run_fallbacks(fast, t)
        return ("full" if ran and html_choice.prefer_fallbacks(fast, full, t) else "fast"), ran

    def voters_ms(self, i: int) -> list[float]:
        got = self.voters[f"{self.pages[i].set}/{self.pages[i].id}"]
        return [got[c]["ms"] for c in html_pick.CANDIDATES]

    def f1_text(self, idx, texts: dict[int, str]) -> dict[str, float]:
        """Each set's F1 of ``texts`` (page index: text) over pages ``idx``."""
        out = {}
        for s in cd.SETS:
            counts = [self.sc.doc_counts(self.pages[i].gold, texts[i]) for i in idx if self.pages[i].set == s]
            if counts:
                out[s] = self.sc.aggregate(counts)["f1"]
        return out

    def f1(self, idx: list[int], pick) -> dict[str, float]:
        out = {}
        for s in cd.SETS:
            counts = [self.counts[pick(i), i, True] for i in idx if self.pages[i].set == s]
            if counts:
                out[s] = self.sc.aggregate(counts)["f1"]
        return out


def fit(data: Pages, idx: list[int]) -> dict:
    """The thresholds with the best mean F1 over the sets on pages ``idx``; among equals, the fewest fallback runs."""
    best = None
    for values in itertools.product(*GRID.values()):
        t = dict(zip(GRID, values))
        picks = {i: data.choose(i, t) for i in idx}
        f = data.f1(idx, lambda i, picks=picks: picks[i][0])
        key = (round(statistics.mean(f.values()), 6), -sum(r for _, r in picks.values()))
        if best is None or key > best[0]:
            best = (key, t)
    return best[1]


def pick_inputs(data: Pages, i: int, t: dict) -> tuple[str, dict[str, str]]:
    """Page ``i``'s body as the choice with thresholds ``t`` takes it, and the candidates' texts (title step)."""
    key = f"{data.pages[i].set}/{data.pages[i].id}"
    m, v = data.modes[key], data.voters[key]
    mode = data.choose(i, t)[0]
    return (drop_title(m[mode]["text"].strip(), m[mode]["title"]),
            {c: drop_title(v[c]["text"].strip(), m["fast"]["title"]) for c in html_pick.CANDIDATES})


def page_f1(data: Pages, i: int, text: str) -> float:
    tp, fp, fn = data.sc.doc_counts(data.pages[i].gold, text)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fit_pick(data: Pages, idx: list[int], inputs: dict) -> dict:
    """html_pick's weights (a logistic regression: scikit-learn, the train extra) and threshold, on pages ``idx``:
    a candidate is labelled better where its page F1 beats the body's; the threshold maximises the sets' mean F1."""
    from sklearn.linear_model import LogisticRegression

    x, y = [], []
    for i in idx:
        body, texts = inputs[i]
        base = page_f1(data, i, body)
        for c, row in html_pick.features(body, texts).items():
            x.append(row)
            y.append(int(page_f1(data, i, texts[c]) > base + PICK_MARGIN))
    lr = LogisticRegression(max_iter=3000).fit(x, y)
    m = {"coef": [round(float(c), 6) for c in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6)}
    probs = {i: html_pick.probabilities(*inputs[i], {**m, "threshold": 0.5}) for i in idx}

    def mean_f1(tau: float) -> float:
        picked = {i: inputs[i][1].get(html_pick.best(probs[i], tau), inputs[i][0]) for i in idx}
        return statistics.mean(data.f1_text(idx, picked).values())

    return {**m, "threshold": max(PICK_TAUS, key=mean_f1)}


def bodies(inputs: dict, i: int, m: dict) -> tuple[str, str]:
    """Page ``i``'s text after html_pick, and after html_tail too (what auto keeps)."""
    body, texts = inputs[i]
    picked = texts.get(html_pick.pick(body, texts, m), body)
    return picked, html_tail.trim_tail(picked, [lambda t=t: t for t in texts.values()])


def pick_rows(data: Pages, fold_of: list[int], fold_params: list[dict]) -> list[tuple]:
    """The held-out rows of html_pick and html_tail after the choice: each fold's model fitted on the others."""
    n = len(data.pages)
    picked, tailed, models = {}, {}, []
    for k in range(FOLDS):
        inputs = {i: pick_inputs(data, i, fold_params[k]) for i in range(n)}
        models.append(fit_pick(data, [i for i in range(n) if fold_of[i] != k], inputs))
        for i in range(n):
            if fold_of[i] == k:
                picked[i], tailed[i] = bodies(inputs, i, models[k])
                picked[i] = (picked[i], picked[i] != inputs[i][0])
    ms = statistics.mean(data.ms["choice"][i] + sum(data.voters_ms(i)) for i in range(n))
    moved = sum(p[1] for p in picked.values()) / n
    return [("  then html_pick (held-out sites)", data.f1_text(range(n), {i: p[0] for i, p in picked.items()}),
             ms, moved),
            ("  then html_tail: corpus's auto (held-out sites)", data.f1_text(range(n), tailed), ms, None)]


def report(data: Pages, fold_of: list[int], fold_params: list[dict]) -> str:
    n = len(data.pages)
    rows = [(label, data.f1(list(range(n)), lambda i, m=mode: m), statistics.mean(data.ms[mode]), None)
            for label, mode, _ in VARIANTS]
    rows[1] = (rows[1][0], {s: data.sc.aggregate([data.counts["fast", i, False] for i in range(n)
                                                  if data.pages[i].set == s])["f1"] for s in cd.SETS},
               rows[1][2], None)
    picks = [data.choose(i, fold_params[fold_of[i]]) for i in range(n)]
    ran = sum(r for _, r in picks) / n
    data.ms["choice"] = [data.ms["fast"][i] + (data.ms["full"][i] if picks[i][1] else 0) for i in range(n)]
    rows.append(("corpus's choice of fallbacks (held-out sites)", data.f1(list(range(n)), lambda i: picks[i][0]),
                 statistics.mean(data.ms["choice"]), ran))
    rows += pick_rows(data, fold_of, fold_params)
    lines = [f"{'variant':<58}" + "".join(f"{s:>12}" for s in cd.SETS) + f"{'ms/page':>9}{'ran':>6}"]
    for label, f, ms, r in rows:
        lines.append(f"{label:<58}" + "".join(f"{f[s]:>12.4f}" for s in cd.SETS) + f"{ms:>9.1f}"
                     + (f"{r:>6.0%}" if r is not None else ""))
    return "\n".join(lines)


def held_out(data: Pages) -> str:
    """The folds' thresholds and the held-out table (make bench-clean prints it too)."""
    fold_of = folds(data.pages)
    fold_params = [fit(data, [i for i, f in enumerate(fold_of) if f != k]) for k in range(FOLDS)]
    lines = [f"fold {k}: {t}" for k, t in enumerate(fold_params)]
    return "\n".join(lines + [report(data, fold_of, fold_params)])


def load(shared: str, name: str) -> Pages | None:
    """The bench pages with their modes, or None (a message printed) when the shared folder is absent."""
    bench = Path(shared) / "bench"
    if not (bench / "aeb" / "score.py").exists():
        print(f"{name}: skipped: {bench} not found (the benchmark pages live in ../shared)")
        return None
    return Pages(bench, scorer(bench))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--write", action="store_true", help=f"write the thresholds fitted on all pages to {OUT}")
    a = ap.parse_args()
    data = load(a.shared, "fit-html-choice")
    if data is None:
        return 0
    print(held_out(data))
    everything = list(range(len(data.pages)))
    shipped = fit(data, everything)
    pick = fit_pick(data, everything, {i: pick_inputs(data, i, shipped) for i in everything})
    print(f"all pages: {shipped}\nhtml_pick on all pages: {pick}")
    if a.write:
        OUT.write_text(json.dumps({"thresholds": shipped, "pick": pick,
                                   "fitted_on": "shared/bench aeb, dragnet, cleanportal",
                                   "script": "scripts/fit_html_choice.py"}, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
