"""The ingest pipeline: discover -> read -> clean -> extract (pure, in worker processes) -> store (one writer).

Documents are stored in input order whatever the number of workers, so the same tree always gives the
same database.
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
import sqlite3
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from sqlite_utils import Database

from corpus_cli.clean import lang as langmod
from corpus_cli.clean.html import clean_html
from corpus_cli.clean.metadata import normalize_date
from corpus_cli.clean.normalize import content_hash, file_hash
from corpus_cli.clean.text import clean_text
from corpus_cli.errors import InputError
from corpus_cli.extract.discovery import discovered_mentions
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.sources import cited_sources, publisher_from_url
from corpus_cli.gazetteer import Gazetteer
from corpus_cli.ingest import readers
from corpus_cli.ingest.discover import Found, discover
from corpus_cli.models import Article, RawDoc, SourceRef
from corpus_cli.store import db as store

# Quotes, actors and sources are looked for in the first this-many characters of a body: a news article
# is far shorter, and the extractors' cost grows with the length of a paragraph.
EXTRACT_MAX_CHARS = 200_000
# Runs with at most this many files to process are done in one process (no worker pool).
INLINE_FILES = 32
CHUNK_FILES = 8  # files handed to a worker at a time
DEFAULT_TIMEOUT = 120.0  # seconds one file may take; a bug or a hostile input never hangs a cron run


@dataclass
class Options:
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = readers.DEFAULT_MAX_BYTES
    max_decompressed: int = readers.DEFAULT_MAX_DECOMPRESSED
    min_age: float = 0.0
    publisher: str | None = None
    retry_failed: bool = False
    workers: int = 1
    capitals: bool | None = None  # None: as the database says (on by default)
    inline_files: int = INLINE_FILES


@dataclass
class Context:
    """What a worker needs, built once per run (snapshot of the database's learned state)."""

    gazetteer: Gazetteer
    learned: frozenset[str]
    options: Options


@dataclass
class Job:
    found: Found
    known_hash: str | None  # the file's hash from the last run, when size or mtime changed


@dataclass
class Outcome:
    path: str
    size: int = 0
    mtime_ns: int = 0
    file_hash: str | None = None
    fmt: str | None = None
    docs: list[tuple[int, Article, list[str]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    record_failure: bool = True  # False: retry next run (file changing under us)
    unchanged: bool = False
    skipped: Counter = field(default_factory=Counter)  # WARC records that are not pages, by reason


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


MIN_WORDS = 5  # fewer words than a headline is not an article


def _is_prose(text: str) -> bool:
    """Enough words, and mostly letters: not a wall of punctuation (an entity bomb left unexpanded)."""
    sample = text[:2000]  # enough to tell prose from a wall of punctuation
    words = sample.split()
    visible = sum(map(len, words))
    letters = sum(map(str.isalnum, sample))
    return len(words) >= MIN_WORDS and visible > 0 and letters >= 0.3 * visible


def process_doc(raw: RawDoc, ctx: Context, sidecar_publisher: str | None = None) -> tuple[Article, list[str]]:
    """Clean and extract one document. Raises InputError."""
    opts = ctx.options
    if raw.kind == "html":
        r = clean_html(raw.content, raw.url)
    else:
        r = clean_text(raw.content, title=raw.title, learned=ctx.learned)
    text, title, url = r.text, raw.title or r.title, r.url or raw.url
    if not _is_prose(text):
        raise InputError("no article text found")
    publisher = opts.publisher or sidecar_publisher or raw.publisher or r.publisher or publisher_from_url(url)
    gaz = ctx.gazetteer
    head = text[:EXTRACT_MAX_CHARS]
    hits = gaz.find(head)
    cited = [n for n in cited_sources(head, gaz, title, r.wires) if not publisher or n.casefold() != publisher.casefold()]
    quotes = extract_quotes(head, gaz, hits)
    mentions = gaz.mentions(head, hits) + discovered_mentions(head, gaz, quotes)
    article = Article(
        text=text,
        content_hash=content_hash(text),
        kind=raw.kind,
        title=title,
        date=normalize_date(raw.date) or r.date or normalize_date(raw.fetched),
        authors=r.authors,
        tags=r.tags,
        url=url,
        language=r.language,
        publisher=publisher,
        quotes=quotes,
        mentions=mentions,
        sources=[SourceRef(n, "cited") for n in cited],
    )
    return article, r.line_keys


def _read(path: str, size: int, mtime_ns: int, max_bytes: int) -> bytes:
    if size > max_bytes:
        raise InputError(f"larger than the limit of {max_bytes} bytes (--max-bytes)")
    try:
        with open(path, "rb") as f:
            # The size seen at discovery, plus one byte to notice growth: read(max_bytes + 1) would have
            # Python allocate and shrink a 20 MiB buffer for every file (0.10 -> 0.03 ms a 40 kB page).
            data = f.read(size + 1)
            st = os.fstat(f.fileno())
    except FileNotFoundError:
        raise InputError("file vanished before it was read") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file") from None
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"larger than the limit of {max_bytes} bytes (--max-bytes)")
    if st.st_size != size or st.st_mtime_ns != mtime_ns or len(data) != size:
        raise _Changing()
    return data


class _Changing(Exception):
    """The file changed between discovery and reading: retried next run, never half-stored."""


class _Timeout(BaseException):  # not an Exception: the per-document handler must not swallow it
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def process_file(job: Job, ctx: Context) -> Outcome:
    """Everything but storage for one input file. Never raises, and gives up after ``options.timeout``."""
    f = job.found
    out = Outcome(path=f.path, size=f.size, mtime_ns=f.mtime_ns)
    use_alarm = ctx.options.timeout > 0 and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _on_alarm) if use_alarm else None
    try:
        if use_alarm:  # set inside the try: an alarm that comes before the file is started is caught too
            signal.setitimer(signal.ITIMER_REAL, ctx.options.timeout)
        _process_file(job, ctx, out)
    except _Timeout:
        out.docs, out.error = [], f"processing took longer than {ctx.options.timeout:g} s (--timeout)"
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return out


def _process_file(job: Job, ctx: Context, out: Outcome) -> None:
    f = job.found
    try:
        data = _read(f.open_path, f.size, f.mtime_ns, ctx.options.max_bytes)
        out.file_hash = file_hash(data)
        if job.known_hash is not None and job.known_hash == out.file_hash:
            out.unchanged = True
            return
        raws = readers.read_bytes(f.path, data, ctx.options.max_decompressed, out.problems, out.skipped)
        out.fmt = (raws[0].kind if raws[0].container == "file" else raws[0].container) if raws else None
        for raw in raws:
            try:
                article, keys = process_doc(raw, ctx, f.publisher)
                out.docs.append((raw.part, article, keys))
            except InputError as e:
                if len(raws) == 1:
                    raise
                out.problems.append(f"record {raw.part}: {e}")
    except _Changing:
        out.error, out.record_failure = "file changed while being read; it will be retried next run", False
    except InputError as e:
        out.error = str(e)
    except RecursionError:
        out.error = "input nested too deeply to process"
    except MemoryError:
        out.error = "input too large to process in memory"
    except Exception as e:  # noqa: BLE001 - one bad document never stops a batch
        out.error = f"internal error while processing ({type(e).__name__}: {e})"


_WORKER_CTX: Context | None = None


def _freeze_long_lived() -> None:
    """The gazetteer, the stop-word index and the imported modules live as long as the run. Moved out of the
    garbage collector's sight, they no longer slow each collection that trafilatura's and lxml's allocations
    set off: bare_extraction took 17-18 ms a page with them tracked and 15-16 without (250 generated pages)."""
    langmod.stopwords("en")  # builds the stop-word index now, so that it is frozen too
    gc.collect()
    gc.freeze()


def _init_worker(ctx: Context) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx
    _freeze_long_lived()


def _work(jobs: list[Job]) -> list[Outcome]:
    assert _WORKER_CTX is not None
    return [process_file(job, _WORKER_CTX) for job in jobs]


def _chunks(jobs, size: int):
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


WORKER_DIED = "a worker process died while processing this file (out of memory, or a crash in a parser)"


def _run_pool(jobs: Iterator[Job], ctx: Context, handle: Callable[[Outcome, Found], None]) -> None:
    """Clean and extract ``jobs`` in worker processes while this process stores: files go to the workers a few
    at a time (each hand-over costs the writer more than storing a small file), within a bounded window, so
    memory stays flat whatever the tree's size; outcomes are handed to ``handle`` in input order.

    A worker that dies (killed for memory, a crash in a parser) breaks the pool. The files that were in flight
    are then tried again one at a time in a fresh pool: the one that kills a worker again is recorded as
    failed, and the run goes on."""
    workers = ctx.options.workers
    pending: deque[tuple[Future | None, list[Job]]] = deque()  # None: not taken by a broken pool

    def new_pool(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n, initializer=_init_worker, initargs=(ctx,))

    pool = new_pool(workers)

    def submit(chunk: list[Job]) -> None:
        try:
            pending.append((pool.submit(_work, chunk), chunk))
        except BrokenProcessPool:
            pending.append((None, chunk))

    def retry_one_by_one() -> None:
        nonlocal pool
        suspects = [job for _, chunk in pending for job in chunk]
        pending.clear()
        pool.shutdown(wait=True, cancel_futures=True)
        pool = new_pool(1)
        for job in suspects:
            try:
                out = pool.submit(_work, [job]).result()[0]
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool(1)
                f = job.found
                out = Outcome(path=f.path, size=f.size, mtime_ns=f.mtime_ns, error=WORKER_DIED)
            handle(out, job.found)
        pool.shutdown(wait=True, cancel_futures=True)
        pool = new_pool(workers)

    def store_oldest() -> None:
        fut, chunk = pending[0]
        try:
            if fut is None:
                raise BrokenProcessPool
            outs = fut.result()
        except BrokenProcessPool:
            retry_one_by_one()
            return
        pending.popleft()
        for out, job in zip(outs, chunk):
            handle(out, job.found)

    try:
        for chunk in _chunks(jobs, CHUNK_FILES):
            submit(chunk)
            if len(pending) >= workers * 4:
                store_oldest()
        while pending:
            store_oldest()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ingest(db: Database, paths: list[str], options: Options, db_path: str | None = None,
           on_file: Callable[[Outcome | None, Found], None] | None = None,
           run_args: dict | None = None, on_error: Callable[[str, str], None] | None = None) -> Summary:
    """Ingest ``paths`` into ``db``. Each failure is recorded in the errors table and handed to ``on_error``
    (path, reason) as it happens; the summary keeps only counts, so that a tree of 100,000 bad files takes
    no more memory than a good one."""
    started = time.monotonic()
    summary = Summary()
    capitals = store.capitals_setting(db, options.capitals)
    ctx = Context(gazetteer=store.load_gazetteer(db, capitals), learned=store.learned_boilerplate(db), options=options)
    store.forget_ids()
    run_id = store.start_run(db, run_args or {"paths": paths})
    summary.run_id = run_id
    exclude = set()
    if db_path:
        base = os.path.abspath(db_path)
        exclude = {base, base + "-wal", base + "-shm", base + ".lock", base + "-journal"}

    def fail(path: str, reason: str, record_file: bool, size=None, mtime_ns=None, fhash=None) -> None:
        summary.failed += 1
        batch.write(store.record_file_failure, db, run_id, path, reason, *(
            (size, mtime_ns, fhash) if record_file else (None, None, None)))
        if on_error:
            on_error(path, reason)

    def jobs():
        now = time.time()
        for found in discover(paths, exclude):
            summary.files_seen += 1
            if found.error:
                fail(found.path, found.error, False)
                if on_file:
                    on_file(None, found)
                continue
            if options.min_age and now - found.mtime_ns / 1e9 < options.min_age:
                summary.files_seen -= 1  # not ours yet: it may still be being written
                continue
            row = db.execute(
                "SELECT size, mtime_ns, file_hash, status FROM files WHERE path = ?", [found.path]
            ).fetchone()
            if row and row[0] == found.size and row[1] == found.mtime_ns and (
                row[3] != "failed" or not options.retry_failed
            ):
                summary.unchanged += 1
                if on_file:
                    on_file(None, found)
                continue
            yield Job(found, row[2] if row and row[3] != "failed" else None)

    batch = store.BatchWriter(db, run_id)

    def handle(out: Outcome, found: Found) -> None:
        if out.unchanged:
            batch.write(store.touch_file, db, out.path, out.size, out.mtime_ns)
            summary.unchanged += 1
        elif out.error:
            fail(out.path, out.error, out.record_failure, out.size, out.mtime_ns, out.file_hash)
        else:
            try:
                new, dup = batch.write(store.store_file, db, run_id, out.path, out.size, out.mtime_ns,
                                       out.file_hash or "", out.fmt or "", out.docs, out.problems, ctx.gazetteer,
                                       batch.lines)
            except (sqlite3.IntegrityError, ValueError, OverflowError) as e:
                # What this file wrote was undone (BatchWriter.write); the batch and the run go on.
                fail(out.path, f"could not be stored ({type(e).__name__}: {e})", True, out.size, out.mtime_ns,
                     out.file_hash)
            else:
                summary.new_articles += new
                summary.duplicates += dup
                summary.skipped_records += out.skipped.total()
                for p in out.problems:
                    summary.failed += 1
                    if on_error:
                        on_error(out.path, p)
        batch.done_one()
        if on_file:
            on_file(out, found)

    status = "failed"
    try:
        queue = jobs()
        # A small run (a cron job's new files, an unchanged tree) is done in this process: starting worker
        # processes would cost more than it saves.
        head = list(itertools.islice(queue, options.inline_files + 1))
        if head:  # an unchanged tree needs none of this
            _freeze_long_lived()
        if len(head) <= options.inline_files:
            for job in head:
                handle(process_file(job, ctx), job.found)
        else:
            # With one worker too: it extracts while this process stores.
            _run_pool(itertools.chain(head, queue), ctx, handle)
        status = "partial" if summary.failed else "ok"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        # Every file in the open batch is whole (BatchWriter.write undoes a file cut short): keep them.
        batch.commit()
        summary.seconds = time.monotonic() - started
        store.finish_run(db, run_id, summary.as_dict(), status)
        gc.unfreeze()  # a program that goes on after the run gets its collector back whole
    return summary
