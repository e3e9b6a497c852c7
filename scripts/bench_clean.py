#!/usr/bin/env python3
"""make bench-clean: body-extraction quality and speed on the article-extraction benchmark pages.

Ingests ../shared/bench/aeb/{txt_w3m,txt_nowrap,html} each into a fresh database with the real CLI,
exports, writes one predicted body per page and scores it with the benchmark's own scorer.
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

VARIANTS = ["txt_w3m", "txt_nowrap", "html"]


def page_id(path: str) -> str:
    return Path(path).name.split(".", 1)[0]


def run_variant(corpus: list[str], aeb: Path, variant: str, workers: int, tmp: Path) -> dict:
    db = tmp / f"{variant}.db"
    src = aeb / variant
    n_files = sum(1 for _ in src.iterdir())
    t0 = time.perf_counter()
    r = subprocess.run(corpus + ["ingest", str(src), "--db", str(db), "--json", "--workers", str(workers)],
                       capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        sys.exit(f"bench-clean: ingest of {variant} failed ({r.returncode}): {r.stderr.strip()}")
    summary = json.loads(r.stdout)
    out = tmp / f"pred_{variant}"
    out.mkdir()
    exp = subprocess.run(corpus + ["export", "--db", str(db)], capture_output=True, text=True, check=True)
    for line in exp.stdout.splitlines():
        art = json.loads(line)
        for f in art["files"]:
            (out / f"{page_id(f)}.txt").write_text(art["text"], encoding="utf-8")
    score = subprocess.run([sys.executable, str(aeb / "score.py"), str(out), "--json"], capture_output=True,
                           text=True, check=True)
    res = json.loads(score.stdout)
    res.update(files=n_files, seconds=seconds, failed=summary["failed"], files_per_s=n_files / seconds)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared", help="the shared folder beside the checkout")
    ap.add_argument("--workers", type=int, default=1, help="ingest workers (1 gives a per-core figure)")
    ap.add_argument("--variants", nargs="*", default=VARIANTS)
    a = ap.parse_args()
    aeb = Path(a.shared) / "bench" / "aeb"
    if not (aeb / "score.py").exists():
        print(f"bench-clean: skipped: {aeb} not found (the benchmark pages live in ../shared beside the checkout)")
        return 0
    corpus = [sys.executable, "-m", "corpus_cli"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-clean-") as d:
        for v in a.variants:
            rows.append((v, run_variant(corpus, aeb, v, a.workers, Path(d))))
    print(f"\nbench-clean: {aeb} ({a.workers} worker{'s' if a.workers > 1 else ''}, "
          f"{os.cpu_count()} cores on this machine)")
    print(f"{'input':<12}{'docs':>6}{'P':>8}{'R':>8}{'F1':>8}{'empty':>7}{'failed':>8}{'files/s':>10}")
    for v, r in rows:
        print(f"{v:<12}{r['n_docs']:>6}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
              f"{r['n_missing_or_empty']:>7}{r['failed']:>8}{r['files_per_s']:>10.1f}")
    print("reference (README of the benchmark): trafilatura on the HTML 0.953; best choice of whole dump lines 0.967")
    return 0


if __name__ == "__main__":
    sys.exit(main())
