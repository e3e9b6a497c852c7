#!/usr/bin/env python3
"""make bench-writer: how many articles a second the one writer sustains, and how that changes as the database
grows (docs/scaling.md).

Generates --files documents (scripts/corpus_gen.py), cleans and extracts them once, then stores them round after
round into one database, as ingest stores them (BatchWriter, store_file, the full-text index per batch), each
round's copies made distinct articles (a sentence naming the round added to the text, the content hash and path
recomputed before the clock starts). Only storing is timed: this is the ceiling on a run's speed however many
workers, local or on a cluster, do the rest. Prints articles a second per slice of the run and the database's
size per article. Wall time and the writer's CPU time are both shown: on a busy machine the CPU time tells what
an idle core would sustain (SQLite in WAL mode with synchronous=NORMAL does not wait for the disk at a commit).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def outcomes(base: Path, files: int, kind: str) -> list:
    """Each generated file cleaned and extracted, as a worker hands it to the writer."""
    from corpus_gen import generate

    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.process import Context, Job, Options, process_file

    generate(base / kind, files, kind, seed=7)
    ctx = Context(gazetteer=Gazetteer(list(load_gazetteer_file())), learned=frozenset(), options=Options())
    return [o for o in (process_file(Job(f, None), ctx) for f in discover([str(base / kind)], set())) if o.docs]


def round_copy(outs: list, r: int) -> list:
    """The outcomes as other files holding other articles: round ``r``'s copies."""
    from corpus_cli.clean.normalize import content_hash

    copies = []
    for o in outs:
        docs = []
        for part, art, keys in o.docs:
            text = f"{art.text}\n\nFiled in round {r}."
            docs.append((part, dataclasses.replace(art, text=text, content_hash=content_hash(text)), keys))
        copies.append(dataclasses.replace(o, path=f"{o.path}.r{r}", docs=docs))
    return copies


def _row(label: str, n: int, wall: float, cpu: float) -> str:
    return f"{label:>10}{n / wall:>12,.0f}{wall / n * 1000:>12.3f}{cpu / n * 1000:>8.3f}{n / cpu:>11,.0f}"


def main() -> int:
    from corpus_cli.store.actors import load_gazetteer
    from corpus_cli.store.connect import open_db
    from corpus_cli.store.runs import start_run
    from corpus_cli.store.writer import BatchWriter

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000, help="distinct documents generated and extracted once")
    ap.add_argument("--articles", type=int, default=200_000, help="articles stored in all")
    ap.add_argument("--kind", choices=("text", "html"), default="text")
    ap.add_argument("--slices", type=int, default=10, help="lines printed, each a part of the run")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="corpus-writer-") as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        outs = outcomes(base, a.files, a.kind)
        print(f"bench-writer: {len(outs)} {a.kind} documents extracted in {time.perf_counter() - t0:.1f} s; "
              f"storing {a.articles:,} articles into one database")
        db_path = base / "w.db"
        db = open_db(str(db_path))
        batch = BatchWriter(db, start_run(db, {}), load_gazetteer(db))
        rounds = -(-a.articles // len(outs))
        per_slice = max(1, rounds // a.slices)
        stored, spent, cpu, slice_stored, slice_spent, slice_cpu = 0, 0.0, 0.0, 0, 0.0, 0.0
        print(f"{'articles':>10}{'articles/s':>12}{'ms/article':>12}{'CPU ms':>8}{'CPU art/s':>11}"
              f"{'bytes/article':>15}")
        for r in range(rounds):
            copies = round_copy(outs, r)
            t, c = time.perf_counter(), time.process_time()
            for o in copies:
                batch.store_file(o.path, o.size, o.mtime_ns, o.file_hash or "", o.fmt or "", o.docs, o.problems)
                batch.done_one()
            batch.commit()
            dt, dc = time.perf_counter() - t, time.process_time() - c
            n = sum(len(o.docs) for o in copies)
            stored, spent, cpu = stored + n, spent + dt, cpu + dc
            slice_stored, slice_spent, slice_cpu = slice_stored + n, slice_spent + dt, slice_cpu + dc
            if (r + 1) % per_slice == 0 or r == rounds - 1:
                size = sum(os.path.getsize(p) for p in base.glob("w.db*"))
                print(_row(f"{stored:,}", slice_stored, slice_spent, slice_cpu) + f"{size / stored:>15,.0f}")
                slice_stored, slice_spent, slice_cpu = 0, 0.0, 0.0
        print(_row("all", stored, spent, cpu))
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
