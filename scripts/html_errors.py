#!/usr/bin/env python3
"""make html-errors: where corpus's HTML bodies lose shingle F1 on sites held out of the choice's fit (#22).

The bodies are those of make fit-html-choice's held-out table (each page's mode chosen with the thresholds of the
folds that did not hold its site; the title step applied). Printed per set:

1. the loss, as the scorer averages it: recall lost to gold shingles the body misses, split by where they lie in
   the gold (its first 15% of words, the middle, its last 15%; "title" is the part of the head made of the page's
   title), and precision lost to shingles the gold lacks, split by where they lie in the body;
2. the same loss by kind of gold line (title, standfirst, byline, date, short, other prose) and what adding each
   kind back would give, a standfirst rule, the text cleaner's boilerplate shapes on the bodies and favor_precision
   as a third text (scripts/html_loss_kinds.py);
3. bounds, not methods: the best prefix of each body's paragraphs (cut where the gold is known) and the best
   subset of its paragraphs (those with half their shingles in the gold);
4. a learned post-cleaning of the paragraphs (scripts/html_paragraphs.py), held out by the same folds, from the
   paragraphs' text alone and with the class and id words of their elements in the page.

Skips (exit 0) with a message when the shared folder is absent; 4 and favor_precision's choice in 2 need the train
extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_html_choice as fc  # noqa: E402
import html_loss_kinds  # noqa: E402
import html_paragraphs as hp  # noqa: E402

from corpus_cli.clean.html import drop_title  # noqa: E402

EDGE = 0.15  # the share of a text's words counted as its head, and as its tail
PARTS = ("r_title", "r_head", "r_mid", "r_tail", "p_head", "p_mid", "p_tail")


def held_out_bodies(data) -> tuple[list[str], list[int], list[str]]:
    """Each page's body as the held-out choice gives it, its fold, and the chosen text before the title step."""
    fold_of = fc.folds(data.pages)
    params = [fc.fit(data, [i for i, f in enumerate(fold_of) if f != k]) for k in range(fc.FOLDS)]
    bodies, chosen = [], []
    for i, p in enumerate(data.pages):
        got = data.modes[f"{p.set}/{p.id}"][data.choose(i, params[fold_of[i]])[0]]
        chosen.append(got["text"].strip())
        bodies.append(drop_title(chosen[-1], got["title"]))
    return bodies, fold_of, chosen


def _unmatched(seq: list[tuple], other: Counter) -> list[int]:
    """Positions in ``seq`` of the shingles ``other`` does not cover (multiset: each match used once)."""
    left, out = Counter(other), []
    for j, s in enumerate(seq):
        if left[s] > 0:
            left[s] -= 1
        else:
            out.append(j)
    return out


def _where(positions: list[int], n: int) -> tuple[int, int, int]:
    head = sum(1 for j in positions if j < EDGE * n)
    tail = sum(1 for j in positions if j >= (1 - EDGE) * n)
    return head, len(positions) - head - tail, tail


def page_loss(sc, gold: str, body: str, title: str) -> dict[str, float] | None:
    """One page's recall and precision losses by part (shares of its gold's and its body's shingles)."""
    toks, ptoks = sc.tokens(gold), sc.tokens(body)
    g = [tuple(toks[j : j + 4]) for j in range(max(1, len(toks) - 3))] if toks else []
    b = [tuple(ptoks[j : j + 4]) for j in range(max(1, len(ptoks) - 3))] if ptoks else []
    if not g:
        return None
    missed = _unmatched(g, Counter(b))
    extra = _unmatched(b, Counter(g))
    titled = set(sc.shingles(title)) if title else set()
    in_title = sum(1 for j in missed if j < EDGE * len(g) and g[j] in titled)
    rh, rm, rt = _where(missed, len(g))
    ph, pm, pt = _where(extra, len(b))
    out = {"r_title": in_title / len(g), "r_head": (rh - in_title) / len(g), "r_mid": rm / len(g),
           "r_tail": rt / len(g)}
    if b:  # the scorer's precision averages over pages with a body only
        out.update({"p_head": ph / len(b), "p_mid": pm / len(b), "p_tail": pt / len(b)})
    return out


def losses(data, bodies: list[str]) -> str:
    lines = [f"{'set':<12}" + "".join(f"{k:>9}" for k in PARTS) + "   (mean loss a page, of the scorer's P or R)"]
    for s in fc.cd.SETS:
        rows = []
        for i, p in enumerate(data.pages):
            title = data.modes[f"{p.set}/{p.id}"]["fast"]["title"]
            if p.set == s and (row := page_loss(data.sc, p.gold, bodies[i], title)) is not None:
                rows.append(row)
        means = [sum(r[k] for r in rows if k in r) / max(1, sum(1 for r in rows if k in r)) for k in PARTS]
        lines.append(f"{s:<12}" + "".join(f"{m:>9.4f}" for m in means))
    return "\n".join(lines)


def _best(sc, gold: str, candidates) -> tuple:
    best, score = None, -1.0
    for text in candidates:
        c = sc.doc_counts(gold, text)
        if sc._prec(*c) + sc._rec(*c) > score + 1e-9:
            best, score = c, sc._prec(*c) + sc._rec(*c)
    return best


def bounds(data, bodies: list[str]) -> str:
    sc, by = data.sc, {}
    for i, p in enumerate(data.pages):
        paras = hp.paragraphs(bodies[i])
        n = len(paras)
        cuts = range(1, n + 1) if n <= 80 else sorted({n * k // 80 for k in range(1, 81)})
        kept = [q for q, y in zip(paras, hp.labels(paras, p.gold)[0]) if y]
        row = by.setdefault(p.set, ([], [], []))
        row[0].append(sc.doc_counts(p.gold, bodies[i]))
        row[1].append(_best(sc, p.gold, ["\n".join(paras[:j]) for j in cuts] + [bodies[i]]))
        row[2].append(_best(sc, p.gold, ["\n".join(kept), bodies[i]]))
    lines = [f"{'set':<12}{'chosen':>9}{'best cut':>10}{'best drop':>10}   (F1; bounds, the gold is known)"]
    for s, (a, b, c) in by.items():
        lines.append(f"{s:<12}" + "".join(f"{sc.aggregate(x)['f1']:>{w}.4f}" for x, w in ((a, 9), (b, 10), (c, 10))))
    return "\n".join(lines)


def _page_dom(args: tuple[Path, str, str]) -> dict[str, list[str]]:
    from corpus_cli.clean import html
    from corpus_cli.ingest.readers import read_bytes

    bench, set_, pid = args
    path = bench / set_ / "html" / f"{pid}.html.gz"
    return hp.dom_words(html._XML_DECL.sub("", read_bytes(str(path), path.read_bytes())[0].content, count=1))


def learned(data, bench: Path, bodies: list[str], fold_of: list[int]) -> str:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return "learned post-cleaning: skipped (needs the train extra: pip install -e '.[train]')"
    with ProcessPoolExecutor(2) as ex:
        dom = list(ex.map(_page_dom, [(bench, p.set, p.id) for p in data.pages], chunksize=8))
    lines = [f"{'post-cleaning, held-out sites':<36}" + "".join(f"{s:>12}" for s in fc.cd.SETS)]
    base = hp._f1s(data.sc, data.pages, range(len(bodies)), lambda i: bodies[i])
    lines.append(f"{'none (the choice alone)':<36}" + "".join(f"{base[s]:>12.4f}" for s in fc.cd.SETS))
    for how, words in (("drop", None), ("cut", None), ("drop", dom), ("cut", dom)):
        f = hp.held_out(data.sc, data.pages, bodies, fold_of, how, words)
        label = f"logistic, {how}" + (", class/id words" if words else "")
        lines.append(f"{label:<36}" + "".join(f"{f[s]:>12.4f}" for s in fc.cd.SETS))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--kinds-only", action="store_true", help="print part 2 alone (scripts/html_loss_kinds.py)")
    a = ap.parse_args()
    data = fc.load(a.shared, "html-errors")
    if data is None:
        return 0
    bench = Path(a.shared) / "bench"
    bodies, fold_of, chosen = held_out_bodies(data)
    kinds = html_loss_kinds.report(data, bench, bodies, chosen, fold_of)
    if a.kinds_only:
        print(kinds)
        return 0
    print(losses(data, bodies), kinds, bounds(data, bodies), learned(data, bench, bodies, fold_of), sep="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
