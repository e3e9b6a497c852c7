#!/usr/bin/env python3
"""make crash-test: kill -9 a 500-file ingest at random moments, then check the database.

For each trial: start `corpus ingest` on a generated tree of 500 dumps (text and HTML), SIGKILL it after a
random delay (in odd trials the main process alone, as the kernel's out-of-memory killer or a watchdog's
`kill PID` does; in even trials the whole process group), check that no process of the killed run is left a few
seconds later, run `PRAGMA integrity_check`, `PRAGMA foreign_key_check` and FTS5's integrity check of the full-text
index, check that the killed run is recorded as interrupted, run the ingest again to completion (without --wait: a
lock left to a dead run's workers would make it exit 75), and compare the
articles (content hash and the files that gave each) with those of one uninterrupted run. Exits 1 on the first difference.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate  # noqa: E402

CORPUS = [sys.executable, "-m", "corpus_cli"]


def ingest(tree: Path, db: Path, workers: int) -> subprocess.CompletedProcess:
    return subprocess.run(CORPUS + ["ingest", str(tree), "--db", str(db), "--quiet", "--workers", str(workers)],
                          capture_output=True, text=True)


def articles(db: Path) -> dict[str, tuple]:
    """Each article by its content hash: its files, and its story's first article and the article it is a
    version of, by their hashes (a killed run completed must give the clusters of an uninterrupted one)."""
    out = subprocess.run(CORPUS + ["export", "--db", str(db)], capture_output=True, text=True, check=True)
    arts = [json.loads(x) for x in out.stdout.splitlines()]
    by_id = {a["id"]: a["content_hash"] for a in arts}
    return {a["content_hash"]: (sorted(a["files"]), by_id.get(a.get("cluster")), by_id.get(a.get("version_of")))
            for a in arts}


def survivors(pgid: int, seconds: float = 10.0) -> list[int]:
    """Processes of the group ``pgid`` still alive (zombies aside) after up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[0] != "Z" and int(fields[2]) == pgid:
                alive.append(int(stat.parent.name))
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.1)


def _inspect(db: Path) -> tuple[str | None, int]:
    """(what is wrong with a killed run's database or None, its articles)."""
    if not db.exists():
        return None, 0
    conn = sqlite3.connect(db)
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    # Killed before the schema was created: an empty database, which the re-run must take.
    has_schema = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchone()
    stored = orphans = 0
    if has_schema:
        try:  # FTS5's check of the full-text index against the articles
            conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as e:
            check = f"full-text index: {e}"
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_files f WHERE f.article_id = a.id)").fetchone()[0]
    conn.close()
    if check != "ok" or fk or orphans:
        return f"integrity={check} fk={fk[:3]} articles without a file={orphans}", stored
    return None, stored


def _kill(tree: Path, db: Path, workers: int, delay: float, alone: bool) -> list[int]:
    """An ingest killed after ``delay`` seconds, alone or with its workers; the processes of it left running."""
    p = subprocess.Popen(CORPUS + ["ingest", str(tree), "--db", str(db), "--quiet", "--workers", str(workers)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    if alone:
        os.kill(p.pid, signal.SIGKILL)  # the main process only: its workers must end by themselves
    else:
        os.killpg(p.pid, signal.SIGKILL)  # the ingest and its workers, all at once
    p.wait()
    return survivors(p.pid) if Path("/proc/self/stat").exists() else []


def _trial(trial: int, tree: Path, db: Path, workers: int, delay: float, ref: dict) -> int | None:
    """One kill and its completing run: the articles stored when killed, or None (said why) when inconsistent."""
    alone = trial % 2 == 1
    left = _kill(tree, db, workers, delay, alone)
    if left:
        print(f"trial {trial}: killed {'alone' if alone else 'as a group'} after {delay:.2f}s: processes "
              f"{left} of the killed run are still running")
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        return None
    problem, stored = _inspect(db)
    if problem:
        print(f"trial {trial}: killed after {delay:.2f}s: {problem}")
        return None
    r = ingest(tree, db, workers)
    if r.returncode != 0:
        print(f"trial {trial}: the completing run failed ({r.returncode}): {r.stderr.strip()}")
        return None
    got = articles(db)
    conn = sqlite3.connect(db)
    statuses = [s for (s,) in conn.execute("SELECT status FROM runs ORDER BY id")]
    conn.close()
    if got != ref:
        missing, extra = len(set(ref) - set(got)), len(set(got) - set(ref))
        print(f"trial {trial}: killed after {delay:.2f}s: {missing} articles missing, {extra} extra, "
              f"{sum(ref.get(h) != f for h, f in got.items())} with other files")
        return None
    if statuses and statuses[0] == "running":
        print(f"trial {trial}: the killed run is still marked running: {statuses}")
        return None
    print(f"trial {trial:2d}: killed {'alone' if alone else 'group'} after {delay:5.2f}s with {stored:3d} "
          "articles stored; no process left; "
          f"integrity ok; re-run completed; {len(got)} articles = uninterrupted run; runs {statuses}")
    return stored


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory(prefix="crash-test-") as d:
        tmp = Path(d)
        tree = tmp / "tree"
        generate(tree, a.files * 7 // 10, "text", seed=a.seed)
        generate(tree, a.files - a.files * 7 // 10, "html", seed=a.seed + 1)
        ref_db = tmp / "ref.db"
        t0 = time.monotonic()
        r = ingest(tree, ref_db, a.workers)
        full = time.monotonic() - t0
        if r.returncode != 0:
            print(f"crash-test: the uninterrupted run failed ({r.returncode}): {r.stderr.strip()}")
            return 1
        ref = articles(ref_db)
        print(f"crash-test: {a.files} files, {len(ref)} articles, uninterrupted run {full:.2f}s")
        killed_stored = []
        for trial in range(1, a.trials + 1):
            stored = _trial(trial, tree, tmp / f"t{trial}.db", a.workers, rng.uniform(0.05, full * 0.95), ref)
            if stored is None:
                return 1
            killed_stored.append(stored)
        print(f"crash-test: {a.trials} kills, all consistent (articles stored when killed: "
              f"min {min(killed_stored)}, max {max(killed_stored)})")
    return 0

if __name__ == "__main__":
    sys.exit(main())
