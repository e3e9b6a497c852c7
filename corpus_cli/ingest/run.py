"""One ingest run: discover -> process (in this process or in workers) -> store, with one writer.

Documents are stored in input order whatever the number of workers, so the same tree always gives the
same database.
"""

from __future__ import annotations

import gc
import itertools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from corpus_cli.clean.model import default_model
from corpus_cli.errors import ClusterLost, UsageError
from corpus_cli.ingest.discover import Found, discover, readable
from corpus_cli.ingest.lifeline import check_stop, stop_on_signals
from corpus_cli.ingest.pool import WorkerPool, freeze_long_lived
from corpus_cli.ingest.process import Context, Job, Options, Outcome, process_file
from corpus_cli.store import actors, clusters, faults, runs
from corpus_cli.store.connect import open_db
from corpus_cli.store.lock import WriterLock
from corpus_cli.store.writer import BatchWriter


@dataclass
class Summary:
    files_seen: int = 0
    new_articles: int = 0
    duplicates: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped_records: int = 0  # WARC records that are not pages (requests, images, redirects ...)
    run_id: int | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id, "files_seen": self.files_seen, "new_articles": self.new_articles,
            "duplicates": self.duplicates, "unchanged": self.unchanged, "failed": self.failed,
            "skipped_records": self.skipped_records, "seconds": round(self.seconds, 3),
        }


OnFile = Callable[[Outcome | None, Found], None]
OnError = Callable[[str, str], None]


class Run:
    """One run over ``paths``: each failure is recorded in the errors table and handed to ``on_error`` (path,
    reason) as it happens; the summary keeps only counts, so that a tree of 100,000 bad files takes no more
    memory than a good one."""

    def __init__(self, conn: sqlite3.Connection, paths: list[str], options: Options, db_path: str | None = None,
                 on_file: OnFile | None = None, run_args: dict | None = None, on_error: OnError | None = None):
        self.started = time.monotonic()
        self.conn, self.paths, self.options = conn, paths, options
        self.db_path = db_path or faults.db_file(conn)
        # A database deleted or replaced under the run is noticed at the next commit, not written on blind.
        self.identity = faults.Identity(db_path) if db_path else None
        self.on_file, self.on_error = on_file, on_error
        self.summary = Summary()
        capitals = actors.capitals_setting(conn, options.capitals)
        default_model()  # a broken install ends the run here, not file by file
        self.ctx = Context(gazetteer=actors.load_gazetteer(conn, capitals),
                           learned=runs.learned_boilerplate(conn), options=options)
        self.run_id = self.summary.run_id = runs.start_run(conn, run_args or {"paths": paths})
        self.exclude: set[str] = set()
        if db_path:  # the database's own files are never input
            base = os.path.abspath(db_path)
            self.exclude = {base, base + "-wal", base + "-shm", base + ".lock", base + "-journal"}
        # Articles stored before near-duplicates were found get their bands and clusters first (#23).
        clusters.backfill(conn, options.near)
        self.batch = BatchWriter(conn, self.run_id, self.ctx.gazetteer, near=options.near)

    def fail(self, path: str, reason: str, record_file: bool, size=None, mtime_ns=None, fhash=None) -> None:
        self.summary.failed += 1
        self.batch.record_failure(path, reason, *((size, mtime_ns, fhash) if record_file else (None, None, None)))
        if self.on_error:
            self.on_error(path, reason)

    def jobs(self) -> Iterator[Job]:
        """The files to process; the others (unreadable, too fresh, unchanged) are counted here."""
        now, s, opts = time.time(), self.summary, self.options
        for found in discover(self.paths, self.exclude):
            check_stop()  # a tree of unchanged files yields no job for a long time
            s.files_seen += 1
            if found.error:
                self.fail(found.path, found.error, False)
                if self.on_file:
                    self.on_file(None, found)
                continue
            if opts.min_age and now - found.mtime_ns / 1e9 < opts.min_age:
                s.files_seen -= 1  # not ours yet: it may still be being written
                continue
            row = runs.file_state(self.conn, found.path)
            if row and row[0] == found.size and row[1] == found.mtime_ns and (
                row[3] != "failed" or not opts.retry_failed
            ):
                s.unchanged += 1
                if self.on_file:
                    self.on_file(None, found)
                continue
            yield Job(found, row[2] if row and row[3] != "failed" else None)

    def handle(self, out: Outcome, found: Found) -> None:
        """Store one file's outcome, in input order."""
        check_stop()
        s = self.summary
        if out.unchanged:
            self.batch.touch_file(out.path, out.size, out.mtime_ns)
            s.unchanged += 1
        elif out.error:
            self.fail(out.path, out.error, out.record_failure, out.size, out.mtime_ns, out.file_hash)
        else:
            self._store(out)
        self.batch.done_one()
        if self.identity and not self.batch.n:  # the batch was just committed
            self.identity.check()
        if self.on_file:
            self.on_file(out, found)

    def _store(self, out: Outcome) -> None:
        try:
            new, dup = self.batch.store_file(out.path, out.size, out.mtime_ns, out.file_hash or "", out.fmt or "",
                                             out.docs, out.problems)
        except (sqlite3.IntegrityError, ValueError, OverflowError) as e:
            # What this file wrote was undone (BatchWriter.write); the batch and the run go on.
            self.fail(out.path, f"could not be stored ({type(e).__name__}: {e})", True, out.size, out.mtime_ns,
                      out.file_hash)
            return
        self.summary.new_articles += new
        self.summary.duplicates += dup
        self.summary.skipped_records += out.skipped.total()
        for p in out.problems:
            self.summary.failed += 1
            if self.on_error:
                self.on_error(out.path, p)

    def execute(self) -> Summary:
        status = "failed"
        try:
            self._process_all()
            status = "partial" if self.summary.failed else "ok"
        except (KeyboardInterrupt, ClusterLost):  # Ctrl-C, SIGTERM, SIGHUP; a Dask scheduler gone
            status = "interrupted"
            raise
        except (sqlite3.Error, OSError) as e:
            fault = faults.classify(e, self.db_path)
            if fault is None:
                raise
            self.batch.abandon()  # the batch in hand cannot be stored: the next run stores its files
            raise fault from None
        finally:
            self._finish(status)
        return self.summary

    def _process_all(self) -> None:
        queue = self.jobs()
        # A small run (a cron job's new files, an unchanged tree) is done in this process: starting worker
        # processes would cost more than it saves.
        head = list(itertools.islice(queue, self.options.inline_files + 1))
        if head:  # an unchanged tree needs none of this
            freeze_long_lived()
        if self.options.cluster:  # dask is imported only here
            from corpus_cli.ingest.cluster import ClusterPool

            ClusterPool(self.options.cluster, self.ctx, self.handle).run(itertools.chain(head, queue))
        elif len(head) <= self.options.inline_files:
            for job in head:
                self.handle(process_file(job, self.ctx), job.found)
        else:  # with one worker too: it extracts while this process stores
            WorkerPool(self.ctx, self.handle).run(itertools.chain(head, queue))

    def _finish(self, status: str) -> None:
        """Keep the open batch's whole files (BatchWriter.write undoes a file cut short) and mark the run."""
        try:
            self.batch.commit()
            self.summary.seconds = time.monotonic() - self.started
            runs.finish_run(self.conn, self.run_id, self.summary.as_dict(), status)
            if self.identity:
                self.identity.check()
        except (sqlite3.Error, OSError) as e:
            # Nothing more can be written (a full disk): the run stays marked running, which the next run reads
            # as interrupted.
            self.batch.abandon()
            raise faults.classify(e, self.db_path) or e from None
        finally:
            gc.unfreeze()  # a program that goes on after the run gets its collector back whole


def ingest(conn: sqlite3.Connection, paths: list[str], options: Options, db_path: str | None = None,
           on_file: OnFile | None = None, run_args: dict | None = None, on_error: OnError | None = None) -> Summary:
    """Ingest ``paths`` into the open database ``conn``."""
    return Run(conn, paths, options, db_path, on_file, run_args, on_error).execute()


def ingest_paths(db_path: str, paths: list[str], options: Options, wait: float = 0.0, on_file: OnFile | None = None,
                 on_error: OnError | None = None) -> tuple[Summary, sqlite3.Connection]:
    """``corpus ingest``: take the writer's lock (waiting up to ``wait`` seconds), open the database and run.
    Returns the summary and the database, still open for reading the run's errors."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {readable(missing[0])}")
    with stop_on_signals(), WriterLock(db_path, wait=wait):
        conn = open_db(db_path)
        summary = ingest(conn, list(paths), options, db_path=db_path, on_file=on_file, on_error=on_error,
                         run_args={"paths": [readable(os.path.abspath(p)) for p in paths]})
        check_stop()  # a signal at the very end: still a stopped run, as the caller asked
    return summary, conn
