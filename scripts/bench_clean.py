#!/usr/bin/env python3
"""make bench-clean: body-extraction quality on sites held out of every fit.

HTML: ingests ../shared/bench/{aeb,dragnet,cleanportal}/html each into a fresh database with the real CLI, exports,
writes one predicted body per page and scores it with the benchmark's own scorer (nothing of the HTML path is
fitted on these pages). Text dumps: the text cleaner's line model is fitted on these pages, so its figures come from
make train-cleaner's folds by site (each page cleaned by the real clean_text with the model of the folds that did not
hold its site), per set and renderer, beside the hand rules alone on the same pages.
Skips (exit 0) with a message when ../shared is not beside the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETS = ["aeb", "dragnet", "cleanportal"]


def page_id(path: str) -> str:
    """The page's id in the ground truth: its file name without the extension (cleanportal's ids hold dots)."""
    name = Path(path).name
    for ext in (".html.gz", ".html"):
        if name.endswith(ext):
            return name[: -len(ext)]
    return name.split(".", 1)[0]


def run_variant(corpus: list[str], bench: Path, variant: str, workers: int, tmp: Path, extraction: str) -> dict:
    db = tmp / f"{variant}-{extraction}.db"
    src = bench / variant / "html"
    n_files = sum(1 for _ in src.iterdir())
    t0 = time.perf_counter()
    r = subprocess.run(corpus + ["ingest", str(src), "--db", str(db), "--json", "--workers", str(workers),
                                 "--html-extraction", extraction], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        sys.exit(f"bench-clean: ingest of {variant} failed ({r.returncode}): {r.stderr.strip()}")
    summary = json.loads(r.stdout)
    out = tmp / f"pred_{variant}_{extraction}"
    out.mkdir()
    exp = subprocess.run(corpus + ["export", "--db", str(db)], capture_output=True, text=True, check=True)
    for line in exp.stdout.splitlines():
        art = json.loads(line)
        for f in art["files"]:
            (out / f"{page_id(f)}.txt").write_text(art["text"], encoding="utf-8")
    score = subprocess.run([sys.executable, str(bench / "aeb" / "score.py"), str(out), "--json", "--gt",
                            str(bench / variant / "ground-truth.json")], capture_output=True, text=True, check=True)
    res = json.loads(score.stdout)
    res.update(files=n_files, seconds=seconds, failed=summary["failed"], files_per_s=n_files / seconds)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared", help="the shared folder beside the checkout")
    ap.add_argument("--workers", type=int, default=1, help="ingest workers (1 gives a per-core figure)")
    ap.add_argument("--sets", nargs="*", default=SETS)
    a = ap.parse_args()
    bench = Path(a.shared) / "bench"
    if not (bench / "aeb" / "score.py").exists():
        print(f"bench-clean: skipped: {bench} not found (the benchmark pages live in ../shared beside the checkout)")
        return 0
    corpus = [sys.executable, "-m", "corpus_cli"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-clean-") as d:
        for v in a.sets:
            for extraction in ("fast", "auto"):  # the two in turn: drift in the machine's load hits both alike
                rows.append((v, extraction, run_variant(corpus, bench, v, a.workers, Path(d), extraction)))
    print(f"\nbench-clean: HTML of {bench} through corpus ingest ({a.workers} worker{'s' if a.workers > 1 else ''}, "
          f"{os.cpu_count()} cores on this machine). --html-extraction fast is nothing fitted; auto uses the shipped "
          "thresholds, fitted on all these pages: not a held-out figure (those are in the table after it)")
    print(f"{'set':<12}{'extraction':<12}{'docs':>6}{'P':>8}{'R':>8}{'F1':>8}{'empty':>7}{'failed':>8}{'files/s':>10}")
    for v, extraction, r in rows:
        print(f"{v:<12}{extraction:<12}{r['n_docs']:>6}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
              f"{r['n_missing_or_empty']:>7}{r['failed']:>8}{r['files_per_s']:>10.1f}")
    print("reference (README of the benchmark): trafilatura on the HTML, defaults: aeb 0.953, dragnet 0.852, "
          "cleanportal 0.914")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import cleaner_data
    import fit_html_choice

    print("\nbench-clean: HTML, trafilatura's modes and corpus's post-cleaning on and off (nothing fitted), and "
          "corpus's choice of fallbacks on sites held out of its fit (make fit-html-choice's folds); shingle F1, "
          "CPU ms a page (fallbacks' time only where they ran; 'ran': share of pages)")
    print(fit_html_choice.held_out(fit_html_choice.Pages(bench, fit_html_choice.scorer(bench))))

    print("\nbench-clean: text dumps, sites held out of the fit: the figures the last make train-cleaner saved (its "
          "folds' models; run it again after changing the cleaner)")
    print(cleaner_data.held_out_report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
