#!/usr/bin/env python3
"""Consensus among trafilatura's modes as a choice of a page's body, measured on held-out sites (#22).

Every page of shared/bench/{aeb,dragnet,cleanportal} in each of make fit-html-choice's modes (cached by
scripts/html_modes.py). Printed, per set, the shingle F1 (aeb/score.py) after corpus's title step of:

1. the medoid: among a set of candidate modes, the text closest (shingle F1 between texts, summed) to the other
   voters' texts; nothing fitted, so every page is held out;
2. a learned choice: a logistic regression (scikit-learn, the train extra) on each candidate's agreement with the
   others and its shape, fitted on four folds of sites (make fit-html-choice's folds) and applied to the fifth;
3. paragraph voting on the held-out choice's text: its lines kept when k voters hold them, and lines most voters
   hold added;
4. two extractors of another kind, readability and jusText (corpus_cli.clean.html._voters, cached by
   scripts/html_modes.py): alone, as candidates of a medoid or of a learned choice, and as the voters of
   corpus_cli.clean.html_tail, the body's trailing lines neither holds dropped (shipped, with html_pick's choice:
   make fit-html-choice).

Skips (exit 0) with a message when the shared folder is absent.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_html_choice as fc  # noqa: E402

from corpus_cli.clean import html_choice, html_tail  # noqa: E402
from corpus_cli.clean.html import drop_title  # noqa: E402

ALL = tuple(fc.html_modes.MODES)
VOTERS = fc.html_modes.VOTERS
# (candidates, voters): the medoid is chosen among the candidates by its agreement with the voters.
SUBSETS = [
    (("fast", "full"), ("fast", "full", "prec_full")),
    (("fast", "full", "prec_full"), ("fast", "full", "prec_full")),
    (("fast", "full", "rec"), ("fast", "full", "rec")),
    (("fast", "full", "prec", "rec"), ("fast", "full", "prec", "rec")),
    (("fast", "full", "prec_full", "rec_full"), ("fast", "full", "prec_full", "rec_full")),
    (("fast", "full", "prec", "rec", "prec_full", "rec_full"), ("fast", "full", "prec", "rec", "prec_full",
                                                                 "rec_full")),
    (ALL, ALL),
    (("fast", "full"), ALL),
]


class Texts:
    """Each page's text in each mode (title step applied), its shingles, and the agreement between modes."""

    def __init__(self, data) -> None:
        self.data, sc = data, data.sc
        self.text, self.sh, self.sim = [], [], []
        for p in data.pages:
            m = data.modes[f"{p.set}/{p.id}"]
            t = {mode: drop_title(got["text"].strip(), got["title"]) for mode, got in m.items()}
            sh = {mode: sc.shingles(x) for mode, x in t.items()}
            self.text.append(t)
            self.sh.append(sh)
            self.sim.append({})

    def agree(self, i: int, a: str, b: str) -> float:
        if a == b:
            return 1.0
        key = min(a, b), max(a, b)
        if key not in self.sim[i]:
            self.sim[i][key] = _sim(self.sh[i][a], self.sh[i][b])
        return self.sim[i][key]

    def medoid(self, i: int, candidates, voters) -> str:
        """The candidate whose text agrees most with the voters' (the first candidate wins ties)."""
        return max(candidates, key=lambda c: (sum(self.agree(i, c, v) for v in voters if v != c),
                                              -candidates.index(c)))


def _sim(a, b) -> float:
    """Shingle F1 between two texts' shingle multisets (1 when both are empty)."""
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def f1_of(data, texts: list[str]) -> dict[str, float]:
    out = {}
    for s in fc.cd.SETS:
        counts = [data.sc.doc_counts(p.gold, texts[i]) for i, p in enumerate(data.pages) if p.set == s]
        out[s] = data.sc.aggregate(counts)["f1"]
    return out


def row(label: str, f: dict[str, float], extra: str = "") -> str:
    return f"{label:<64}" + "".join(f"{f[s]:>12.4f}" for s in fc.cd.SETS) + f"  {extra}"


def medoid_table(tx: Texts, chosen: list[str]) -> list[str]:
    data, n = tx.data, len(tx.data.pages)
    lines = [row("the held-out choice (shipped)", f1_of(data, [tx.text[i][chosen[i]] for i in range(n)]))]
    for cands, voters in SUBSETS:
        picks = [tx.medoid(i, list(cands), voters) for i in range(n)]
        moved = sum(p != "fast" for p in picks) / n
        label = f"medoid of {'+'.join(cands)}" + ("" if voters == cands else f" by {len(voters)} voters")
        lines.append(row(label[:64], f1_of(data, [tx.text[i][picks[i]] for i in range(n)]),
                         f"not fast on {moved:.0%}"))
    return lines


def held_out_choice(data) -> tuple[list[str], list[int]]:
    """The mode make fit-html-choice's held-out choice takes on each page, and each page's fold."""
    fold_of = fc.folds(data.pages)
    params = [fc.fit(data, [i for i, f in enumerate(fold_of) if f != k]) for k in range(fc.FOLDS)]
    return [data.choose(i, params[fold_of[i]])[0] for i in range(len(data.pages))], fold_of


def features(tx: Texts, i: int, c: str, voters, base: str) -> list[float]:
    """A candidate's agreement with the other voters and with the base text, and its shape beside the base's."""
    t, b = tx.text[i][c], tx.text[i][base]
    others = [tx.agree(i, c, v) for v in voters if v != c]
    shape = [math.log1p(len(t)) - math.log1p(len(b)), math.log1p(html_choice.mean_line_chars(t)),
             math.log1p(len(b)), math.log1p(html_choice.mean_line_chars(b))]
    return [statistics.mean(others), min(others), tx.agree(i, c, base)] + shape + [float(c == m) for m in voters]


def doc_f1(data, i: int, text: str) -> float:
    tp, fp, fn = data.sc.doc_counts(data.pages[i].gold, text)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def learned_choice(tx: Texts, fold_of: list[int], voters, taus=(0.5, 0.6, 0.7, 0.8), base: str = "fast"):
    """Per page, the base text or the candidate most likely to beat it, when that likelihood passes a threshold
    searched (with the model) on the fitting folds; both are fitted on four folds of sites and applied to the
    fifth. Returns the picks and the folds' thresholds."""
    from sklearn.linear_model import LogisticRegression

    data, n = tx.data, len(tx.data.pages)
    cands = [c for c in voters if c != base]
    f1 = [{c: doc_f1(data, i, tx.text[i][c]) for c in voters} for i in range(n)]
    x = [{c: features(tx, i, c, voters, base) for c in cands} for i in range(n)]
    picks, chosen_tau = [""] * n, {}
    for k in range(fc.FOLDS):
        fit = [i for i in range(n) if fold_of[i] != k]
        model = LogisticRegression(max_iter=3000, C=1.0).fit(
            [x[i][c] for i in fit for c in cands], [int(f1[i][c] > f1[i][base] + 0.005) for i in fit for c in cands])

        def pick(i, tau, model=model):
            p = dict(zip(cands, model.predict_proba([x[i][c] for c in cands])[:, 1]))
            best = max(cands, key=p.get)
            return best if p[best] > tau else base

        def score(tau, fit=fit, pick=pick):
            got = {i: pick(i, tau) for i in fit}
            return statistics.mean(f1_of_idx(data, fit, lambda i: tx.text[i][got[i]]).values())

        tau = max(taus, key=score)
        chosen_tau[k] = tau
        for i in range(n):
            if fold_of[i] == k:
                picks[i] = pick(i, tau)
    return picks, chosen_tau


def f1_of_idx(data, idx: list[int], text_of) -> dict[str, float]:
    out = {}
    for s in fc.cd.SETS:
        counts = [data.sc.doc_counts(data.pages[i].gold, text_of(i)) for i in idx if data.pages[i].set == s]
        if counts:
            out[s] = data.sc.aggregate(counts)["f1"]
    return out


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def voted(tx: Texts, i: int, chosen: str, voters, keep_k: int, add_k: int) -> str:
    """``chosen``'s lines held by at least keep_k voters, with the lines at least add_k voters hold and it lacks
    put after the line that precedes them in the first voter holding them."""
    held = {v: set(_lines(tx.text[i][v])) for v in voters}
    count = lambda line: sum(line in h for h in held.values())  # noqa: E731
    out = [line for line in _lines(tx.text[i][chosen]) if count(line) >= keep_k]
    if add_k <= len(voters):
        have = set(out)
        for v in voters:
            prev = None
            for line in _lines(tx.text[i][v]):
                if line not in have and count(line) >= add_k:
                    out.insert(out.index(prev) + 1 if prev in have else len(out) if have else 0, line)
                    have.add(line)
                prev = line if line in have else prev
    return "\n".join(out)


def voting_table(tx: Texts, chosen: list[str]) -> list[str]:
    n, lines = len(tx.data.pages), []
    for voters in (("fast", "full", "prec_full"), ("fast", "full", "prec", "rec"), ALL):
        for keep_k, add_k in ((2, 99), (1, len(voters) - 1), (1, len(voters)), (2, len(voters) - 1)):
            if keep_k > len(voters) or add_k < 2:
                continue
            texts = [voted(tx, i, chosen[i], voters, keep_k, add_k) for i in range(n)]
            label = f"vote {len(voters)} modes: keep if >= {keep_k}" + (f", add if >= {add_k}" if add_k < 99 else "")
            lines.append(row(label, f1_of(tx.data, texts)))
    return lines


def add_voters(tx: Texts, bench: Path, chosen: list[str]) -> dict[str, list[float]]:
    """The voters' texts (title step applied) and the held-out choice's as "choice" in each page's texts; their ms."""
    got, ms = fc.html_modes.voters(bench), {v: [] for v in VOTERS}
    for i, p in enumerate(tx.data.pages):
        title = tx.data.modes[f"{p.set}/{p.id}"]["fast"]["title"]
        for v in VOTERS:
            tx.text[i][v] = drop_title(got[f"{p.set}/{p.id}"][v]["text"].strip(), title)
            tx.sh[i][v] = tx.data.sc.shingles(tx.text[i][v])
            ms[v].append(got[f"{p.set}/{p.id}"][v]["ms"])
        tx.text[i]["choice"], tx.sh[i]["choice"] = tx.text[i][chosen[i]], tx.sh[i][chosen[i]]
    return ms


def tail_cost(tx: Texts, i: int, body: str, ms: dict[str, list[float]]) -> float:
    """The voters' ms trim_tail spends on page ``i`` (jusText only where readability leaves the last line)."""
    spent = []
    calls = [lambda v=v: spent.append(ms[v][i]) or tx.text[i][v] for v in VOTERS]
    html_tail.trim_tail(body, calls)
    return sum(spent)


def voters_table(tx: Texts, fold_of: list[int], ms: dict[str, list[float]]) -> list[str]:
    n, data = len(tx.data.pages), tx.data
    lines = [row(f"{name} alone", f1_of(data, [tx.text[i][v] for i in range(n)]),
                 f"{statistics.mean(ms[v]):.1f} ms/page") for v, name in zip(VOTERS, ("readability", "jusText"))]
    cands = ["choice", *VOTERS]
    picks = [tx.medoid(i, cands, cands) for i in range(n)]
    lines.append(row("medoid of the choice, readability, jusText", f1_of(data, [tx.text[i][picks[i]] for i in
                                                                                    range(n)])))
    picks, taus = learned_choice(tx, fold_of, ("choice", *VOTERS), base="choice")
    chosen = [tx.text[i][p] for i, p in enumerate(picks)]
    lines.append(row("learned choice among the choice, readability, jusText", f1_of(data, chosen),
                     f"not the choice on {sum(p != 'choice' for p in picks)} pages"))
    for label, vs in (("readability", VOTERS[:1]), ("jusText", VOTERS[1:]), ("readability, jusText", VOTERS)):
        texts = [html_tail.trim_tail(tx.text[i]["choice"], [lambda i=i, v=v: tx.text[i][v] for v in vs])
                 for i in range(n)]
        moved = sum(t != tx.text[i]["choice"] for i, t in enumerate(texts))
        lines.append(row(f"tail held by neither of {label} dropped"[:64], f1_of(data, texts), f"{moved} pages"))
    cost = statistics.mean(tail_cost(tx, i, tx.text[i]["choice"], ms) for i in range(n))
    lines.append(f"  the shipped vote's voters: {cost:.1f} ms/page (jusText where readability leaves the last line)")
    texts = [html_tail.trim_tail(chosen[i], [lambda i=i, v=v: tx.text[i][v] for v in VOTERS]) for i in range(n)]
    lines.append(row("learned choice, then the tail vote", f1_of(data, texts)))
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--voters-only", action="store_true", help="only the rows of readability and jusText (4.)")
    a = ap.parse_args()
    data = fc.load(a.shared, "html-consensus")
    if data is None:
        return 0
    bench = Path(a.shared) / "bench"
    tx = Texts(data)
    chosen, fold_of = held_out_choice(data)
    ms = add_voters(tx, bench, chosen)
    print(f"{'variant':<64}" + "".join(f"{s:>12}" for s in fc.cd.SETS))
    if not a.voters_only:
        print("\n".join(medoid_table(tx, chosen)), flush=True)
        for voters in (("fast", "full", "prec_full"), ("fast", "full", "prec", "rec"), ALL):
            picks, taus = learned_choice(tx, fold_of, voters)
            moved = sum(p != "fast" for p in picks) / len(picks)
            print(row(f"learned choice among {'+'.join(voters)}"[:64],
                      f1_of(data, [tx.text[i][p] for i, p in enumerate(picks)]),
                      f"not fast on {moved:.0%}, thresholds {sorted(set(taus.values()))}"), flush=True)
        print("\n".join(voting_table(tx, chosen)), flush=True)
    print("\n".join(voters_table(tx, fold_of, ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
