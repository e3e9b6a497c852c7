#!/usr/bin/env python3
"""make bench-stages: what each stage of the pipeline costs per document, in one process.

Generates text dumps and HTML pages (scripts/corpus_gen.py, as make bench does) and times each of ingest's
declared stages (corpus_cli/ingest/process.py STAGES) on every document in turn: reading, decoding, cleaning
(trafilatura for HTML), the prose check, actor matching, cited sources, quotes, mention counting, discovery and
the content hash; then storage of the
results in a fresh database, as ingest stores them, without the full-text index and without boilerplate
learning (what each of those costs). Prints milliseconds per document. The machine is noisy: compare stages within
one run, not across runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


STORAGE_ROUNDS = 5
STORAGE_VARIANTS = ("as ingest does", "without the full-text index", "without boilerplate learning")


def _unindexed_writer():
    from corpus_cli.store.writer import BatchWriter

    class Unindexed(BatchWriter):
        """Adds no article to the full-text index when a batch commits."""

        def begin(self) -> None:
            super().begin()
            self.indexed_up_to = 2**62

    return Unindexed


def store_all(db_path: Path, outs, variant: str) -> float:
    """Seconds to store ``outs`` in a fresh database at ``db_path``, as ingest stores them (``variant``: with
    no article added to the full-text index, or without the lines learned as boilerplate)."""
    from corpus_cli.store.actors import load_gazetteer
    from corpus_cli.store.connect import open_db
    from corpus_cli.store.runs import start_run
    from corpus_cli.store.writer import BatchWriter

    db = open_db(str(db_path))
    gaz = load_gazetteer(db)
    run = start_run(db, {})
    writer = BatchWriter if variant != "without the full-text index" else _unindexed_writer()
    batch = writer(db, run, gaz)
    t0 = time.perf_counter()
    for o in outs:
        docs = [(part, art, []) for part, art, _ in o.docs] if variant == "without boilerplate learning" else o.docs
        batch.store_file(o.path, o.size, o.mtime_ns, o.file_hash or "", o.fmt or "", docs, o.problems)
        batch.done_one()
    batch.commit()
    seconds = time.perf_counter() - t0
    db.close()
    return seconds


def _stage_times(base: Path, kind: str, ctx, spent: dict[str, float]) -> None:
    """Each declared stage's seconds over the documents of ``base/kind``, added into ``spent``."""
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.process import DOC_STAGES, FILE_STAGES, Doc, FileWork, Job, Outcome

    def timed(name, fn, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        spent[name] += time.perf_counter() - t0
        return out

    for f in sorted(discover([str(base / kind)], set()), key=lambda x: x.path):
        work = FileWork(Job(f, None), ctx, Outcome(f.path, f.size, f.mtime_ns))
        for stage in FILE_STAGES:
            timed(stage.name, stage.run, work)
        doc = Doc(work.raws[0], ctx)
        for stage in DOC_STAGES:
            timed(stage.name, stage.run, doc)


def _storage_times(base: Path, kind: str, ctx) -> dict[str, float]:
    """The best seconds of each storage variant over ``base/kind``'s outcomes."""
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.process import Job, process_file

    # Storage: the outcomes of the whole files, stored as ingest stores them, in a fresh database each time; then
    # without the full-text index (no article added to it) and without boilerplate learning (no line keys), to show
    # what each costs.
    outs = [process_file(Job(f, None), ctx) for f in discover([str(base / kind)], set())]
    rounds: dict[str, list[float]] = defaultdict(list)
    for r in range(STORAGE_ROUNDS):  # the variants in turn, round after round: drift hits them alike
        for v, variant in enumerate(STORAGE_VARIANTS):
            rounds[variant].append(store_all(base / f"{kind}-{r}-{v}.db", outs, variant))
    return {variant: min(times) for variant, times in rounds.items()}


def main() -> int:
    from corpus_gen import generate

    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
    from corpus_cli.ingest.process import Context, Options

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=500, help="documents of each kind")
    ap.add_argument("--html-extraction", default="auto", help="auto | fast | full, as corpus ingest's option")
    a = ap.parse_args()
    gaz = Gazetteer(list(load_gazetteer_file()))
    options = Options(html_extraction=a.html_extraction)
    with tempfile.TemporaryDirectory(prefix="corpus-stages-") as tmp:
        base = Path(tmp)
        print(f"bench-stages: {a.files} text dumps and {a.files} HTML pages (--html-extraction {a.html_extraction}), "
              "one process, ms per document")
        print(f"{'stage':<14}{'text':>8}{'html':>8}")
        table: dict[str, dict[str, float]] = defaultdict(dict)
        storage: dict[str, dict[str, float]] = defaultdict(dict)
        for kind, seed in (("text", 0), ("html", 1)):
            generate(base / kind, a.files, kind, seed=seed)
            n = sum(1 for p in (base / kind).rglob("*") if p.is_file())
            spent: dict[str, float] = defaultdict(float)
            _stage_times(base, kind, Context(gazetteer=gaz, learned=frozenset(), options=options), spent)
            best = _storage_times(base, kind, Context(gazetteer=Gazetteer(list(load_gazetteer_file())),
                                                      learned=frozenset(), options=options))
            for variant in STORAGE_VARIANTS:
                storage[variant][kind] = best[variant] / n * 1000
            spent["storage"] = best["as ingest does"]
            for name, seconds in spent.items():
                table[name][kind] = seconds / n * 1000
        total = {k: sum(v.get(k, 0.0) for v in table.values()) for k in ("text", "html")}
        for name, row in table.items():
            print(f"{name:<14}{row.get('text', 0):>8.2f}{row.get('html', 0):>8.2f}")
        print(f"{'total':<14}{total['text']:>8.2f}{total['html']:>8.2f}")
        print(f"\nstorage, ms per document (fresh database, best of {STORAGE_ROUNDS} rounds, the variants in turn)")
        for variant in STORAGE_VARIANTS:
            row = storage[variant]
            print(f"{variant:<34}{row['text']:>8.2f}{row['html']:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
