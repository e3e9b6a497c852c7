#!/usr/bin/env python3
"""make bench-cluster (and the last row of make bench): the local worker pool against a Dask LocalCluster with
as many worker processes, on the same generated files, through the CLI, in back-to-back rounds.

On one machine the cluster cannot be faster: it does the same work plus the scheduler's round trips and the
pickling of each outcome to the client. The row tells what that costs; docs/scaling.md says where a real
cluster pays. Both databases are compared: the same articles with the same ids and content hashes.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate  # noqa: E402


def ingest(tree: Path, db: Path, extra: list[str]) -> float:
    """Files a second of one `corpus ingest` run into a fresh database."""
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "corpus_cli", "ingest", str(tree), "--db", str(db), "--json", *extra],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"bench-cluster: ingest failed ({r.returncode}): {r.stderr.strip()[-300:]}")
    return json.loads(r.stdout)["files_seen"] / wall


def articles(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, content_hash FROM articles ORDER BY id").fetchall()
    finally:
        conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", type=int, default=1000, help="generated text dumps")
    ap.add_argument("--html", type=int, default=300, help="generated HTML pages")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local workers, and cluster workers")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the two, back to back")
    a = ap.parse_args()
    try:
        from distributed import LocalCluster
    except ModuleNotFoundError:
        print("bench-cluster: skipped, dask.distributed is not installed (pip install 'corpus-cli[cluster]')")
        return 0
    with tempfile.TemporaryDirectory(prefix="corpus-bench-cluster-") as tmp, \
            LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        base = Path(tmp)
        generate(base / "in" / "text", a.text, "text", seed=3)
        generate(base / "in" / "html", a.html, "html", seed=4)
        runs = {"local": [], "cluster": []}
        for _ in range(a.rounds):
            runs["local"].append(ingest(base / "in", base / "local.db", ["--workers", str(a.workers)]))
            runs["cluster"].append(ingest(base / "in", base / "cluster.db", ["--cluster", lc.scheduler_address]))
        same = articles(base / "local.db") == articles(base / "cluster.db")
        local, cluster = (sorted(v)[len(v) // 2] for v in runs.values())
        print(f"bench-cluster: {a.text} text dumps and {a.html} HTML pages, {a.workers} local workers against a "
              f"LocalCluster of {a.workers} worker processes (median of {a.rounds} rounds, files/s)")
        print(f"{'local pool':>12}{'LocalCluster':>14}{'cluster/local':>15}  same articles and ids")
        print(f"{local:>12.1f}{cluster:>14.1f}{cluster / local:>14.2f}x  {'yes' if same else 'NO'}")
        print("rounds: " + ", ".join(f"{x:.1f} / {y:.1f}" for x, y in zip(runs["local"], runs["cluster"])))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
