"""Local worker processes: they clean and extract while the run's process stores."""

from __future__ import annotations

import gc
import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait

from corpus_cli.clean import lang as langmod
from corpus_cli.clean.model import default_model
from corpus_cli.ingest.discover import Found
from corpus_cli.ingest.lifeline import check_stop, default_signals, deferred, die_with_parent
from corpus_cli.ingest.process import Context, Job, Outcome, process_file

CHUNK_FILES = 8  # files handed to a worker at a time
# Seconds a dead worker may go unseen by the executor before the pool is taken for broken: it sees a death at once,
# unless the worker died in the middle of sending a result (see _result).
DEATH_UNSEEN = 5.0
WORKER_DIED = "a worker process died while processing this file (out of memory, or a crash in a parser)"


def freeze_long_lived() -> None:
    """The gazetteer, the stop-word index and the imported modules live as long as the run: moved out of the
    garbage collector's sight, they no longer slow each collection that the parsers' allocations set off."""
    langmod.stopwords("en")  # builds the stop-word index now, so that it is frozen too
    default_model()  # and reads the text cleaner's model
    gc.collect()
    gc.freeze()


class _WorkerState:
    """What a worker process got from its initializer (one per process)."""

    ctx: Context | None = None


_worker = _WorkerState()


def _init_worker(ctx: Context, parent_pid: int) -> None:
    die_with_parent(parent_pid)  # a worker never outlives its run (#21)
    default_signals()
    _worker.ctx = ctx
    freeze_long_lived()


def _work(jobs: list[Job]) -> list[Outcome]:
    assert _worker.ctx is not None
    return [process_file(job, _worker.ctx) for job in jobs]


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _a_worker_died(pool: ProcessPoolExecutor) -> bool:
    try:
        sentinels = [p.sentinel for p in list((getattr(pool, "_processes", None) or {}).values())]
        return bool(sentinels) and bool(wait(sentinels, timeout=0))
    except (ValueError, OSError):  # a process already closed: the executor is tearing the pool down itself
        return False


def _result(fut: Future, pool: ProcessPoolExecutor) -> list[Outcome]:
    """The future's outcomes, waited for in short spans so that a stop signal is seen (lifeline.deferred).

    A worker killed while it writes a result leaves half a message in the results pipe; the executor's thread
    waits for the rest of it and never sees the death, so the future would never end. A worker dead for
    DEATH_UNSEEN seconds with the pool not broken is that: the pool is stopped (its reader then gets end-of-file)
    and counted as broken, and the files in flight are tried again as after any death."""
    died = None
    while True:
        check_stop()
        try:
            return fut.result(timeout=0.1)
        except TimeoutError:
            pass
        if died is None:
            died = time.monotonic() if _a_worker_died(pool) else None
        elif time.monotonic() - died > DEATH_UNSEEN:
            stop_workers(pool)
            raise BrokenProcessPool("a worker process died while sending its result")


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Ends the work in hand at once: the executor has no public way to, and waiting could take a chunk's worth of
    files. A worker killed while it sends a result leaves half a message in the pipe, and the executor's reader
    thread would wait for the rest forever (shutdown then never returns): with the parent's end of the pipe closed
    too, once the workers are gone the reader gets end-of-file and the pool ends as broken."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    results = getattr(pool, "_result_queue", None)
    if results is not None:
        results._writer.close()


class WorkerPool:
    """Files go to the workers a few at a time (each hand-over costs the writer more than storing a small file),
    within a bounded window, so memory stays flat whatever the tree's size; outcomes are handed to ``handle`` in
    input order.

    A worker that dies (killed for memory, a crash in a parser) breaks the pool. The files that were in flight
    are then tried again one at a time in a fresh pool: the one that kills a worker again is recorded as
    failed, and the run goes on."""

    def __init__(self, ctx: Context, handle: Callable[[Outcome, Found], None]):
        self.ctx, self.handle, self.workers = ctx, handle, ctx.options.workers
        self.pending: deque[tuple[Future | None, list[Job]]] = deque()  # None: not taken by a broken pool
        self.pool = self._new_pool(self.workers)

    def _new_pool(self, n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n, initializer=_init_worker, initargs=(self.ctx, os.getpid()))

    def _renew(self, n: int) -> None:
        stop_workers(self.pool)  # a broken pool's results are not wanted: its files are tried again
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool(n)

    def run(self, jobs: Iterable[Job]) -> None:
        with deferred():
            self._run(jobs)

    def _run(self, jobs: Iterable[Job]) -> None:
        try:
            for chunk in _chunks(jobs, CHUNK_FILES):
                self._submit(chunk)
                if len(self.pending) >= self.workers * 4:
                    self._store_oldest()
            while self.pending:
                self._store_oldest()
        except BaseException:  # Ctrl-C, SIGTERM, a storage fault: the files in the workers' hands are not wanted
            stop_workers(self.pool)
            raise
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, chunk: list[Job]) -> None:
        try:
            self.pending.append((self.pool.submit(_work, chunk), chunk))
        except BrokenProcessPool:
            self.pending.append((None, chunk))

    def _store_oldest(self) -> None:
        fut, chunk = self.pending[0]
        try:
            if fut is None:
                raise BrokenProcessPool
            outs = _result(fut, self.pool)
        except BrokenProcessPool:
            self._retry_one_by_one()
            return
        self.pending.popleft()
        for out, job in zip(outs, chunk):
            self.handle(out, job.found)

    def _retry_one_by_one(self) -> None:
        suspects = [job for _, chunk in self.pending for job in chunk]
        self.pending.clear()
        self._renew(1)
        for job in suspects:
            try:
                out = _result(self.pool.submit(_work, [job]), self.pool)[0]
            except BrokenProcessPool:
                self._renew(1)
                f = job.found
                out = Outcome(path=f.path, size=f.size, mtime_ns=f.mtime_ns, error=WORKER_DIED)
            self.handle(out, job.found)
        self._renew(self.workers)
