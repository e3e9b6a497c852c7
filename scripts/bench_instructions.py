#!/usr/bin/env python3
"""make bench-instructions: what each stage costs a document in instructions executed, counted by valgrind.

This machine's timings drift by a quarter and more from one minute to the next, so a change of a few percent cannot
be seen in them. The number of instructions a stage executes does not drift: two runs of the same code on the same
documents give the same count to within a fraction of a percent. It is not time (a cache miss costs more than an
instruction), but for Python code, which spends its time running the interpreter, the two move together.

Generates text dumps and HTML pages (scripts/corpus_gen.py, as make bench does), then runs each stage under
``valgrind --tool=cachegrind --cache-sim=no`` twice, in processes of their own: once with the stage run on every
document and once without it, both after the same set-up and warm-up (the caches a worker fills in its first
files). The difference over the number of documents is the stage's instructions a document. The extractors run on
the bodies the cleaner gave (computed once, by this checkout, for both checkouts); storage stores the files'
outcomes in a fresh database, as ingest does. Storage's count is exact for one checkout but moves by up to a tenth
between two checkouts of the same code (SQLite's work depends on the process's layout): compare it by time.

``--against DIR`` counts a second checkout of corpus (a `git worktree` of an older commit) on the same documents
and prints the two side by side, with the change. Needs valgrind; without it, says so and stops (exit 0).
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
WARM = 20  # documents each process runs through every stage before counting
# (kind, stage): the whole of a file's processing, the cleaner, and each extractor on the cleaned bodies.
STAGES = [("text", "process_file"), ("text", "clean"), ("text", "actors"), ("text", "quotes"),
          ("text", "discovery"), ("text", "cited sources"), ("text", "storage"), ("html", "process_file"),
          ("html", "clean")]
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


# The bench's extractor stages, as the declared document stages (corpus_cli/ingest/process.py DOC_STAGES) they run.
EXTRACTORS = {"actors": ("actors", "mentions"), "quotes": ("quotes",), "discovery": ("discovery",),
              "cited sources": ("cited sources",)}


def child(root: Path, data: Path, kind: str, stage: str, run: bool) -> None:
    """Set up as a worker does, warm up, then run ``stage`` on every document if ``run``."""
    sys.path.insert(0, str(root))
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.process import DOC_STAGES, Context, Doc, Job, Options, process_file
    from corpus_cli.models import Cleaned, RawDoc

    with open(data / f"{kind}.pickle", "rb") as f:
        bodies = pickle.load(f)
    gaz = Gazetteer(list(load_gazetteer_file()))
    ctx = Context(gazetteer=gaz, learned=frozenset(), options=Options(timeout=0))
    found = sorted(discover([str(data / kind)], set()), key=lambda x: x.path)
    jobs = [Job(x, None) for x in found]
    raw = [RawDoc(x.path, 0, kind, Path(x.path).read_text(encoding="utf-8")) for x in found]
    for job in jobs[:WARM]:
        process_file(job, ctx)
    jobs, raw, bodies = jobs[WARM:], raw[WARM:], bodies[WARM:]
    names = [s.name for s in DOC_STAGES]
    if stage in EXTRACTORS:  # the cleaned bodies, taken through the stages before this one
        counted = [s for s in DOC_STAGES if s.name in EXTRACTORS[stage]]
        docs = [Doc(RawDoc(j.found.path, 0, kind, b), ctx, cleaned=Cleaned(text=b)) for j, b in zip(jobs, bodies)]
        for s in DOC_STAGES[names.index("actors"):names.index(EXTRACTORS[stage][0])]:
            for d in docs:
                s.run(d)
    elif stage == "clean":
        counted, docs = [DOC_STAGES[names.index("clean")]], [Doc(r, ctx) for r in raw]
    if stage == "storage":  # the files' outcomes, stored as ingest stores them, in a fresh database
        from corpus_cli.store.actors import load_gazetteer
        from corpus_cli.store.connect import open_db
        from corpus_cli.store.runs import start_run
        from corpus_cli.store.writer import BatchWriter

        outs = [process_file(job, ctx) for job in jobs]
        db = open_db(str(data / f"{os.getpid()}.db"))
        # Batches of MAX_FILES files, as in a run: under valgrind the one-second limit would cut them short.
        batch = BatchWriter(db, start_run(db, {}), load_gazetteer(db), max_seconds=1e9)
    # As a worker does: what lives as long as the run out of the collector's sight, so that a collection set off
    # by the stage does not count every object of the set-up.
    gc.collect()
    gc.freeze()
    if not run:
        return
    if stage == "process_file":
        for job in jobs:
            process_file(job, ctx)
    elif stage == "storage":
        for o in outs:
            batch.store_file(o.path, o.size, o.mtime_ns, o.file_hash or "", o.fmt or "", o.docs, o.problems)
            batch.done_one()
        batch.commit()
    else:
        for d in docs:
            for s in counted:
                s.run(d)


def count(root: Path, data: Path, kind: str, stage: str, run: bool) -> int | None:
    """Instructions of one child process under valgrind; None, with a message, when the checkout could not run it
    (an older checkout may lack what a stage calls)."""
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable,
           __file__, "--child", str(root), "--data", str(data), "--kind", kind, "--stage", stage] + (
        ["--run"] if run else [])
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    m = _REFS.search(out.stderr)
    if out.returncode or not m:
        tail = [ln for ln in out.stderr.splitlines() if not ln.startswith("==")][-1:]
        print(f"bench-instructions: {stage} ({kind}) in {root} failed: {tail}", file=sys.stderr)
        return None
    return int(m.group(1).replace(",", ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=100, help="text dumps counted [default: 100]")
    ap.add_argument("--html", type=int, default=20, help="HTML pages counted [default: 20]")
    ap.add_argument("--against", type=Path, help="another checkout of corpus, counted the same way")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # the checkout one counted process runs
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--kind", help=argparse.SUPPRESS)
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.data, args.kind, args.stage, args.run)
        return 0
    if not shutil.which("valgrind"):
        print("bench-instructions: valgrind not found (apt install valgrind): skipped")
        return 0
    if args.against and not (args.against / "corpus_cli" / "ingest" / "process.py").is_file():
        sys.exit(f"bench-instructions: {args.against} is not a checkout of corpus with declared stages "
                 "(no corpus_cli/ingest/process.py)")
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE / "scripts"))
    from corpus_gen import generate

    from corpus_cli.clean.html import clean_html
    from corpus_cli.clean.text import clean_text

    roots = [HERE] + ([args.against.resolve()] if args.against else [])
    sizes = {"text": args.files, "html": args.html}
    with tempfile.TemporaryDirectory(prefix="corpus-bench-instructions-") as tmp:
        data = Path(tmp)
        for kind, clean in (("text", clean_text), ("html", clean_html)):
            paths = sorted(generate(data / kind, WARM + sizes[kind], kind, seed=3))
            bodies = [clean(p.read_text(encoding="utf-8")).text for p in paths]
            with open(data / f"{kind}.pickle", "wb") as f:
                pickle.dump(bodies, f)
        jobs = [(r, kind, stage, run) for r in roots for kind, stage in STAGES for run in (False, True)]
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # each job is a process of its own
            counts = dict(zip(jobs, pool.map(lambda j: count(j[0], data, j[1], j[2], j[3]), jobs)))
    print(f"bench-instructions: millions of instructions a document (valgrind), {sizes['text']} generated text dumps "
          f"and {sizes['html']} HTML pages, each process after {WARM} of its kind to warm up")
    head = f"{'kind':6s}{'stage':16s}{'this checkout':>15s}"
    print(head + (f"{'--against':>12s}{'change':>9s}" if args.against else ""))
    failed = False
    for kind, stage in STAGES:
        per_doc = []
        for r in roots:
            without, with_ = counts[(r, kind, stage, False)], counts[(r, kind, stage, True)]
            per_doc.append(None if without is None or with_ is None else (with_ - without) / sizes[kind] / 1e6)
        failed |= None in per_doc
        cells = [f"{x:.2f}" if x is not None else "failed" for x in per_doc]
        line = f"{kind:6s}{stage:16s}{cells[0]:>15s}"
        if args.against:
            change = f"{(per_doc[0] / per_doc[1] - 1) * 100:+.1f}%" if None not in per_doc else ""
            line += f"{cells[1]:>12s}{change:>9s}"
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
