"""`corpus ingest --cluster tcp://HOST:PORT`: the per-file work (read, clean, extract) on a Dask distributed
cluster, the outcomes streamed back to this process, the one writer, in input order: the database is the one a
local run gives, same rows and same ids.

Workers read the files by path (a shared filesystem, mounted at the same place). At most a window of chunks is
in flight, so the client's memory stays flat however large the tree. A worker that dies has its tasks run again
by the scheduler on the others; a chunk that keeps killing workers is tried one file at a time, and the file that
kills a worker again fails alone, as with the local pool. When the scheduler goes away the run stops as an
interrupted run does (ClusterLost): what was stored is kept, and the next run carries on from there.

Only imported with --cluster: dask is an extra (`corpus-cli[cluster]`) and `corpus query` never loads it.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import logging
import os
import re
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError

from corpus_cli.errors import ClusterLost, MissingExtra, UsageError
from corpus_cli.extract.reported_encoder import default_reader
from corpus_cli.ingest.discover import Found
from corpus_cli.ingest.process import Context, Job, Outcome, process_file

try:
    from distributed import Client
    from distributed.scheduler import KilledWorker
except ModuleNotFoundError as e:  # the message names the extra to install
    if (e.name or "").split(".")[0] not in ("dask", "distributed"):
        raise
    raise MissingExtra("--cluster needs dask.distributed: pip install 'corpus-cli[cluster]'") from None

CHUNK_FILES = 8  # files a task: each task costs the scheduler and the writer a round trip
WINDOW_PER_THREAD = 4  # chunks in flight per worker thread of the cluster
CONNECT_SECONDS = 10.0
DEADLINE_REPEAT = 0.05  # seconds between two tries of the deadline's exception
CONTEXT_LOSSES = 5  # times in a row the context may be lost before the run gives up
POLL_SECONDS = 2.0  # how often a wait for a result checks that the scheduler is still there
WORKERS_WAIT = 120.0  # seconds to wait for a worker (a cluster starting, or a nanny restarting the one it had)
NOT_VISIBLE = ("the cluster worker on {host} cannot see this file (workers read input by path: the same "
               "shared filesystem, mounted at the same place)")
NO_ENCODER = "the cluster worker on {host} cannot read reported speech with --reported encoder ({why})"
WORKER_DIED = "a cluster worker died while processing this file (out of memory, or a crash in a parser)"


class _ContextLost(Exception):
    """Every worker holding the run's context died: it must be scattered again."""


class _Deadline(BaseException):  # not an Exception: process_file's per-document handler must not swallow it
    pass


def _within_deadline(job: Job, ctx: Context) -> Outcome:
    """process_file in a worker thread, given up after --timeout: SIGALRM reaches only a main thread, so a watcher
    raises _Deadline in this thread instead (between two Python instructions, as the alarm's handler does)."""
    limit = ctx.options.timeout
    if limit <= 0 or threading.current_thread() is threading.main_thread():
        return process_file(job, ctx)
    ident, lock, active, done = threading.get_ident(), threading.Lock(), [True], threading.Event()

    def watch() -> None:
        if done.wait(limit):
            return
        # Again and again until the file gives up: C code that clears every error (an import, a C-level
        # hasattr) can swallow one.
        while True:
            with lock:  # never once the file is done: the exception would land in the worker's own code
                if not active[0]:
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(_Deadline))
            if done.wait(DEADLINE_REPEAT):
                return

    watcher = threading.Thread(target=watch, daemon=True)
    try:
        try:
            watcher.start()
            return process_file(job, ctx)
        finally:
            with lock:
                active[0] = False
            done.set()
    except _Deadline:
        f = job.found
        return Outcome(path=f.path, size=f.size, mtime_ns=f.mtime_ns,
                       error=f"processing took longer than {limit:g} s (--timeout)")


def _no_encoder(ctx: Context) -> str | None:
    """Why this worker cannot load the encoder's model file (None: it can, or the rules are used). The client
    loaded it before the run, but a worker is another machine: its numpy or its copy of the file may be missing."""
    if ctx.options.reported != "encoder":
        return None
    try:
        default_reader(ctx.options.reported_model)
    except (UsageError, MissingExtra) as e:
        return str(e)
    return None


def _work(jobs: list[Job], ctx: Context) -> list[Outcome]:
    """A task: one chunk of files, on a worker."""
    if why := _no_encoder(ctx):
        # Not the files' fault either: none is recorded as failed for good, and the next run tries them again.
        error = NO_ENCODER.format(host=socket.gethostname(), why=why)
        return [Outcome(path=j.found.path, size=j.found.size, mtime_ns=j.found.mtime_ns, record_failure=False,
                        error=error) for j in jobs]
    outs = []
    for job in jobs:
        f = job.found
        if not os.path.exists(f.open_path):
            # Not the file's fault: it is not recorded as failed for good, and the next run tries it again.
            outs.append(Outcome(path=f.path, size=f.size, mtime_ns=f.mtime_ns, record_failure=False,
                                error=NOT_VISIBLE.format(host=socket.gethostname())))
        else:
            outs.append(_within_deadline(job, ctx))
    return outs


def scheduler_address(address: str) -> str:
    """``tcp://HOST:PORT`` (``HOST:PORT`` taken as tcp). Raises UsageError."""
    full = address if "://" in address else f"tcp://{address}"
    m = re.fullmatch(r"tcp://(\[[0-9a-fA-F:.]+\]|[^:/\s]+):(\d{1,5})", full)
    if not m or not 0 < int(m.group(2)) < 65536:
        raise UsageError(f"--cluster takes the scheduler's address, tcp://HOST:PORT (got {address!r})")
    return full


def _reachable(address: str) -> None:
    """A refused connection is told at once; distributed's own client would retry until its timeout."""
    host, port = address[len("tcp://"):].rsplit(":", 1)
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as e:
        raise ClusterLost(f"cannot reach the Dask scheduler at {address} ({e.strerror or e})") from None


def _chunks(jobs: Iterable[Job], size: int):
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class ClusterPool:
    """The cluster counterpart of the local WorkerPool: ``run(jobs)`` hands each outcome to ``handle`` in input
    order."""

    def __init__(self, address: str, ctx: Context, handle: Callable[[Outcome, Found], None]):
        self.address, self.ctx, self.handle = address, ctx, handle
        self.pending: deque = deque()  # (future, chunk), oldest first
        self.ctx_future = None
        self.lost_in_a_row = 0  # times the context was lost with no chunk stored since

    def run(self, jobs: Iterable[Job]) -> None:
        _reachable(self.address)
        quiet = _Quiet()
        try:
            client = Client(self.address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as e:
            quiet.restore()
            raise ClusterLost(f"cannot reach the Dask scheduler at {self.address} ({type(e).__name__}: {e})") from None
        try:
            self._run(client, jobs)
        finally:
            for fut, _ in self.pending:
                fut.release()
            self.pending.clear()
            with contextlib.suppress(OSError, TimeoutError):  # a client whose scheduler is gone may not close
                client.close(timeout=CONNECT_SECONDS)
            quiet.restore()

    def _run(self, client: Client, jobs: Iterable[Job]) -> None:
        try:
            threads = sum(client.nthreads().values())
        except (OSError, TimeoutError) as e:
            raise self._lost(e) from None
        self._scatter(client)
        window = max(2, threads * WINDOW_PER_THREAD)
        for chunk in _chunks(jobs, CHUNK_FILES):
            self.pending.append((self._submit(client, chunk), chunk))
            if len(self.pending) >= window:
                self._store_oldest(client)
        while self.pending:
            self._store_oldest(client)

    def _scatter(self, client: Client) -> None:
        """The run's context to every worker, once (not once per task)."""
        try:
            client.wait_for_workers(1, timeout=WORKERS_WAIT)
        except (OSError, TimeoutError) as e:
            if client.status != "running":
                raise self._lost(e) from None
            raise ClusterLost(f"no worker joined the Dask scheduler at {self.address} in {WORKERS_WAIT:g} s; the "
                              "files stored so far are kept and the next run carries on from there") from None
        try:
            self.ctx_future = client.scatter(self.ctx, broadcast=True, hash=False)
        except (OSError, TimeoutError) as e:
            raise self._lost(e) from None

    def _submit(self, client: Client, chunk: list[Job]):
        try:
            return client.submit(_work, chunk, self.ctx_future, pure=False)
        except (OSError, TimeoutError) as e:
            raise self._lost(e) from None

    def _result(self, client: Client, fut) -> list[Outcome]:
        """The outcomes of a task, waiting as long as the scheduler is there: a chunk may wait its turn behind
        a long queue, so no time limit, but a client that lost its scheduler stops waiting within a poll."""
        while True:
            try:
                return fut.result(timeout=POLL_SECONDS)
            except TimeoutError as e:
                if client.status != "running":
                    raise self._lost(e) from None
            except CancelledError as e:
                # With the scheduler still there, a task is cancelled when what it needs is gone: the context,
                # when every worker that held it died.
                if client.status == "running":
                    raise _ContextLost from None
                raise self._lost(e) from None
            except OSError as e:  # KilledWorker is for the caller
                raise self._lost(e) from None

    def _store_oldest(self, client: Client) -> None:
        fut, chunk = self.pending[0]
        try:
            outs = self._result(client, fut)
        except KilledWorker:
            outs = [self._alone(client, job) for job in chunk]
        except _ContextLost:
            self._again(client)
            return
        self.pending.popleft()
        self.lost_in_a_row = 0
        for out, job in zip(outs, chunk):
            self.handle(out, job.found)

    def _again(self, client: Client) -> None:
        """The context scattered again and every chunk in flight submitted again (none of them was stored)."""
        self.lost_in_a_row += 1
        if self.lost_in_a_row > CONTEXT_LOSSES:
            raise ClusterLost(f"the Dask cluster at {self.address} keeps losing its workers; the files stored so far "
                              "are kept and the next run carries on from there")
        chunks = [chunk for _, chunk in self.pending]
        for fut, _ in self.pending:
            fut.release()
        self._scatter(client)
        self.pending = deque((self._submit(client, chunk), chunk) for chunk in chunks)

    def _alone(self, client: Client, job: Job) -> Outcome:
        """A file of a chunk whose workers kept dying: on its own, so that only the one that kills fails."""
        for _ in range(CONTEXT_LOSSES):
            try:
                return self._result(client, self._submit(client, [job]))[0]
            except KilledWorker:
                break
            except _ContextLost:
                self._scatter(client)
        f = job.found
        return Outcome(path=f.path, size=f.size, mtime_ns=f.mtime_ns, error=WORKER_DIED)

    def _lost(self, e: BaseException) -> ClusterLost:
        return ClusterLost(f"lost the Dask scheduler at {self.address} ({type(e).__name__}); the files stored so far "
                           "are kept and the next run carries on from there")


class _Quiet:
    """distributed logs its connection troubles to stderr; corpus reports them in one line of its own. Its
    loggers are silenced for the run and given back their levels after it."""

    def __init__(self) -> None:
        names = ["distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))]
        self.levels = {n: logging.getLogger(n).level for n in names}
        for n in names:
            logging.getLogger(n).setLevel(logging.CRITICAL)

    def restore(self) -> None:
        for n, level in self.levels.items():
            logging.getLogger(n).setLevel(level)
