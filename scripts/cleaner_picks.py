#!/usr/bin/env python3
"""Variants of the region step's look past the span (`pick` in corpus_cli/clean/model.py), held out by site (#22).

    python scripts/cleaner_picks.py --shared /work/shared --folds FILE --cache probs.pkl --out-dir DIR
        [--variant shipped span_only held_gap2 ...] [--theta 0.5] [--keep 0.2]

The first run analyses every cached dump (make train-cleaner's renders; the unseen tools' too once rendered) as
clean_text does, scores its lines with the fold model of FILE (a folds-*.json of make train-cleaner's cache) that
did not see its site and saves that to --cache (a pickle: give a file of your own, and a new one for other folds);
later runs only pick and score, so a change of the step past the span's end is measured in seconds. Each variant's
per-page counts are written to DIR/NAME.json in scripts/cleaner_folds.py's format (compare two with its --compare).
"shipped" is model.pick as it is and "span_only" main's step before txt8 (nothing past the span but a data table);
with the same folds and thresholds they give cleaner_folds.py's figures. The others are the steps tried in
docs/performance.md (txt8), described by EXTENSIONS' functions. Nothing in the repository is written.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402
import cleaner_folds as cfo  # noqa: E402

from corpus_cli.clean import head as headmod  # noqa: E402
from corpus_cli.clean import model as cm  # noqa: E402
from corpus_cli.clean import text as ct  # noqa: E402
from corpus_cli.clean.lines import line_key  # noqa: E402

_JOB: dict = {}


def _prepare(job: tuple[int, str]):
    k, renderer = job
    page, fold = _JOB["pages"][k], _JOB["fold_of"][k]
    text = cd.cached_render(page, renderer)
    if not text.strip():
        return None
    an = ct.analyse(text)
    lines = an.lines
    byline = headmod.find_byline(lines[: an.a])
    title = headmod.find_title(lines[: an.a], byline[0], None)
    p = _JOB["models"][fold].probabilities(cm.features(lines, an.counts, an.a, an.b, an.rule_kept))
    top = -1 if byline[0] is None else byline[0]
    return (page.set, renderer, page.id, fold, an, p, top, line_key(title) if title else None)


def prepare(a: argparse.Namespace) -> list:
    raw = json.loads(a.folds.read_text(encoding="utf-8"))
    models = [cm.LineModel({**m, "theta": 0.5, "keep": 0.2}) for m in raw]
    pages = cd.pages(a.shared / "bench")
    _JOB.update(pages=pages, fold_of=cf.folds(pages), models=models)
    renderers = [r for r in a.renderers if (cd.CACHE / "renders" / r).is_dir()]
    jobs = [(k, r) for k in range(len(pages)) for r in renderers]
    with ProcessPoolExecutor(a.workers) as pool:
        return [x for x in pool.map(_prepare, jobs, chunksize=20) if x]


def body(d, chosen: list[int]) -> str:
    _, _, _, _, an, _, top, title_key = d
    lines = an.lines
    return "\n\n".join(lines[i].text for i in chosen if i > top and lines[i].key != title_key)


def pick_with(an, p, theta: float, keep_at: float, extend) -> list[int]:
    """model.pick with ``extend`` as its step past the span's end (model.past_rules_body's signature)."""
    return cm.pick(an.lines, p, an.a, an.b, an.rule_kept, theta, keep_at, past_span=extend)


def _span_only(lines, p, a, b, kept, start, end, theta, keep_at):
    return end


def _second_look(level):
    """Past the span's end, as far as the rules' body goes: the extension [end, j) with the largest positive sum of
    (words + 1) * (p - level(theta, keep))."""
    def extend(lines, p, a, b, kept, start, end, theta, keep_at):
        t, best, cur, j = level(theta, keep_at), 0.0, 0.0, end
        for i in range(end, b):
            cur += (lines[i].words + 1) * (p[i] - t)
            if cur > best:
                best, j = cur, i + 1
        return j
    return extend


def _bridge(gap_lines: int, gap_words: int):
    """Past the span's end, inside the rules' body: at most gap_lines lines of at most gap_words words each scoring
    under theta, bridged when lines scoring over keep follow, one of them prose, up to a line under keep."""
    def extend(lines, p, a, b, kept, start, end, theta, keep_at):
        while end < b:
            j = end
            while j < b and j - end < gap_lines and p[j] < theta and lines[j].words <= gap_words:
                j += 1
            k = j
            while k < b and p[k] >= keep_at:
                k += 1
            if k == j or not any(lines[i].kind == "GOOD" for i in range(j, k)):
                break
            end = k
        return end
    return extend


def _held(level, prose: bool = False, gap: int = 0, gap_words: int = 8, whole: bool = False):
    """Past the span's end, inside the rules' body: the lines the rules keep that score over level(theta, keep)
    (prose only, if ``prose``), across at most ``gap`` lines the rules drop of at most ``gap_words`` words each;
    ``whole``: only when that reaches the rules' body's end. level keep, no gap: the shipped step."""
    def ok(lines, p, kept, i, t):
        return i in kept and p[i] >= t and (not prose or lines[i].kind in ("GOOD", "NEAR"))

    def extend(lines, p, a, b, kept, start, end, theta, keep_at):
        t, j = level(theta, keep_at), end
        while j < b:
            k = j
            while k < b and k - j < gap and k not in kept and lines[k].words <= gap_words:
                k += 1
            if k >= b or not ok(lines, p, kept, k, t):
                break
            j = k + 1
        return end if whole and j < b else j
    return extend


def _keep(theta: float, keep: float) -> float:
    return keep


def _mid(theta: float, keep: float) -> float:
    return (theta + keep) / 2


EXTENSIONS = {
    "span_only": _span_only, "held": _held(_keep), "held_prose": _held(_keep, prose=True), "held_mid": _held(_mid),
    "held_gap2": _held(_keep, gap=2), "held_gap2_prose": _held(_keep, prose=True, gap=2),
    "held_whole": _held(_keep, whole=True), "held_gap2_whole": _held(_keep, gap=2, whole=True),
    "look_keep": _second_look(_keep), "look_mid": _second_look(_mid), "bridge2": _bridge(2, 8),
    "bridge3": _bridge(3, 12),
}


def chosen_lines(name: str, an, p, theta: float, keep_at: float) -> list[int]:
    if name == "shipped":
        return cm.pick(an.lines, p, an.a, an.b, an.rule_kept, theta, keep_at)
    return pick_with(an, p, theta, keep_at, EXTENSIONS[name])


def _score(job):
    name, lo, hi = job
    sc, docs, theta, keep, gold = _JOB["sc"], _JOB["docs"], _JOB["theta"], _JOB["keep"], _JOB["gold"]
    out = []
    for d in docs[lo:hi]:
        s, r, pid, fold, an, p = d[:6]
        chosen = chosen_lines(name, an, p, theta[fold], keep[fold])
        out.append([s, r, pid, fold, list(sc.doc_counts(gold[(s, pid)], body(d, chosen)))])
    return out


def score(name: str, workers: int) -> list:
    n = len(_JOB["docs"])
    step = n // (workers * 4) + 1
    with ProcessPoolExecutor(workers) as pool:
        parts = pool.map(_score, [(name, i, i + step) for i in range(0, n, step)])
        return [r for part in parts for r in part]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--folds", type=Path, required=True)
    ap.add_argument("--theta", type=float, nargs="+", default=[0.5])
    ap.add_argument("--keep", type=float, nargs="+", default=[0.2])
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--variant", nargs="*", default=["shipped"], choices=["shipped", *EXTENSIONS])
    ap.add_argument("--renderers", nargs="*", default=[*cd.RENDERERS, *cd.UNSEEN])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out-dir", type=Path, required=True)
    a = ap.parse_args()
    if not (a.shared / "bench" / "aeb" / "score.py").is_file():
        print(f"cleaner-picks: skipped: {a.shared / 'bench'} not found")
        return 0
    if not a.cache.is_file() and not a.folds.is_file():
        print(f"cleaner-picks: {a.folds} not found: run make train-cleaner first")
        return 1
    if a.cache.is_file():
        docs = pickle.loads(a.cache.read_bytes())
    else:
        docs = prepare(a)
        a.cache.write_bytes(pickle.dumps(docs))
    pages = cd.pages(a.shared / "bench")
    _JOB.update(docs=docs, sc=cd.scorer(a.shared / "bench"), theta=cfo.per_fold(a.theta), keep=cfo.per_fold(a.keep),
                gold={(p.set, p.id): p.gold for p in pages})
    a.out_dir.mkdir(parents=True, exist_ok=True)
    for name in a.variant:
        rows = score(name, a.workers)
        (a.out_dir / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
        print(f"cleaner-picks: {name}: {len(rows)} dumps scored", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
