"""What a worker does with one input file: the declared list of stages, from its bytes to its articles.

File stages turn a job into documents (read, decode); document stages turn each document into an article (clean,
prose check, the extractors, the content hash). Each stage is a function of the state it fills in, so that the
bench scripts time and count the very stages ingest runs.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from corpus_cli.clean.html import clean_html
from corpus_cli.clean.metadata import normalize_date
from corpus_cli.clean.normalize import content_hash, file_hash
from corpus_cli.clean.prose import is_prose
from corpus_cli.clean.text import clean_text
from corpus_cli.dedup.near import Params, default_params, fingerprint
from corpus_cli.errors import InputError
from corpus_cli.extract.discovery import discovered_mentions
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.reported_encoder import default_reader
from corpus_cli.extract.sources import cited_sources, publisher_from_url
from corpus_cli.gazetteer import Gazetteer
from corpus_cli.ingest import limits, readers
from corpus_cli.ingest.discover import Found
from corpus_cli.models import Article, Cleaned, Mention, Quote, RawDoc, SourceRef

# Quotes, actors and sources are looked for in the first this-many characters of a body: a news article
# is far shorter, and the extractors' cost grows with the length of a paragraph.
EXTRACT_MAX_CHARS = 200_000
DEFAULT_TIMEOUT = 120.0  # seconds one file may take; a bug or a hostile input never hangs a cron run
INLINE_FILES = 32  # runs with at most this many files to process are done in one process (no worker pool)


@dataclass
class Options:
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = limits.DEFAULT_MAX_BYTES
    max_decompressed: int = limits.DEFAULT_MAX_DECOMPRESSED
    min_age: float = 0.0
    publisher: str | None = None
    retry_failed: bool = False
    workers: int = 1
    capitals: bool | None = None  # None: as the database says (on by default)
    inline_files: int = INLINE_FILES
    cluster: str | None = None  # tcp://HOST:PORT of a Dask scheduler: the per-file work goes there (ingest/cluster.py)
    near: Params = field(default_factory=default_params)  # near-duplicate thresholds (--near-containment, ...)
    html_extraction: str = "auto"  # clean/html.py EXTRACTIONS (--html-extraction)
    reported: str = "rules"  # extract/reported_encoder.py REPORTED_CHOICES (--reported)
    reported_model: str | None = None  # the encoder's model file ($CORPUS_REPORTED_ENCODER; None: the shipped one)


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
class FileWork:
    """One input file on its way through FILE_STAGES."""

    job: Job
    ctx: Context
    out: Outcome
    data: bytes = b""
    raws: list[RawDoc] = field(default_factory=list)


@dataclass
class Doc:
    """One document on its way through DOC_STAGES."""

    raw: RawDoc
    ctx: Context
    sidecar_publisher: str | None = None
    kind: str = ""  # the reader that gave the text: the document's, or the other one (clean)
    cleaned: Cleaned = field(default_factory=lambda: Cleaned(text=""))
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    head: str = ""
    hits: Any = None
    cited: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    article: Article | None = None


class Changing(Exception):
    """The file changed between discovery and reading: retried next run, never half-stored."""


def read(w: FileWork) -> None:
    f, max_bytes = w.job.found, w.ctx.options.max_bytes
    w.data = _read(f.open_path, f.size, f.mtime_ns, max_bytes)
    w.out.file_hash = file_hash(w.data)
    w.out.unchanged = w.job.known_hash is not None and w.job.known_hash == w.out.file_hash


def _read(path: str, size: int, mtime_ns: int, max_bytes: int) -> bytes:
    if size > max_bytes:
        raise InputError(f"larger than the limit of {max_bytes} bytes (--max-bytes)")
    try:
        with open(path, "rb") as f:
            # The size seen at discovery, plus one byte to notice growth: read(max_bytes + 1) would have Python
            # allocate and shrink a buffer of the limit's size for every file.
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
        raise Changing()
    return data


def decode(w: FileWork) -> None:
    w.raws = readers.read_bytes(w.job.found.path, w.data, w.ctx.options.max_decompressed, w.out.problems,
                                w.out.skipped)
    w.out.fmt = (w.raws[0].kind if w.raws[0].container == "file" else w.raws[0].container) if w.raws else None


def _clean(kind: str, content: str, d: Doc) -> Cleaned:
    if kind == "html":
        return clean_html(content, d.raw.url, d.ctx.options.html_extraction)
    return clean_text(content, title=d.raw.title, learned=d.ctx.learned)


def clean(d: Doc) -> None:
    """The document's reader; the other one when it finds nothing and the file could be either (#21)."""
    raw, first = d.raw, None
    try:
        d.cleaned, d.kind = _clean(raw.kind, raw.content, d), raw.kind
    except InputError as e:
        if raw.fallback is None:
            raise
        first = e
    if raw.fallback is not None and (first is not None or not is_prose(d.cleaned.text)):
        other = "text" if raw.kind == "html" else "html"
        try:
            cleaned = _clean(other, raw.fallback, d)
        except InputError:
            cleaned = None
        if cleaned is not None and is_prose(cleaned.text):
            d.cleaned, d.kind = cleaned, other
        elif first is not None:
            raise first
    d.title = raw.title or d.cleaned.title
    # A crawl record says which URL was fetched; the page's canonical link may name another host or scheme (#25).
    d.url = raw.url if raw.container == "warc" and raw.url else d.cleaned.url or raw.url


def check_prose(d: Doc) -> None:
    if not is_prose(d.cleaned.text):
        raise InputError("no article text found")


def find_actors(d: Doc) -> None:
    d.head = d.cleaned.text[:EXTRACT_MAX_CHARS]
    d.hits = d.ctx.gazetteer.find(d.head)


def find_cited(d: Doc) -> None:
    r, opts = d.cleaned, d.ctx.options
    d.publisher = opts.publisher or d.sidecar_publisher or d.raw.publisher or r.publisher or publisher_from_url(d.url)
    pub = d.publisher
    d.cited = [n for n in cited_sources(d.head, d.ctx.gazetteer, d.title, r.wires)
               if not pub or n.casefold() != pub.casefold()]


def find_quotes(d: Doc) -> None:
    opts = d.ctx.options
    # The encoder was fitted on English news: an article in another language keeps the rules.
    encoder = opts.reported == "encoder" and d.cleaned.language in (None, "en")
    reader = default_reader(opts.reported_model) if encoder else None
    d.quotes = extract_quotes(d.head, d.ctx.gazetteer, d.hits, d.publisher, reader=reader)


def count_mentions(d: Doc) -> None:
    d.mentions = d.ctx.gazetteer.mentions(d.head, d.hits)


def discover_actors(d: Doc) -> None:
    d.mentions = d.mentions + discovered_mentions(d.head, d.ctx.gazetteer, d.quotes)


def hash_article(d: Doc) -> None:
    r, text = d.cleaned, d.cleaned.text
    # The hash is of what the article is (its body before corpus-learned lines went, #23); the stored body's
    # own hash too, where it differs, finds articles stored before identities were kept.
    identity = content_hash(r.identity_text) if r.identity_text is not None else None
    d.article = Article(
        text=text, content_hash=identity or content_hash(text), kind=d.kind or d.raw.kind, title=d.title,
        body_hash=content_hash(text) if identity else None,
        date=normalize_date(d.raw.date) or r.date or normalize_date(d.raw.fetched), authors=r.authors, tags=r.tags, url=d.url, language=r.language,
        publisher=d.publisher, quotes=d.quotes, mentions=d.mentions, sources=[SourceRef(n, "cited") for n in d.cited],
    )


def fingerprint_article(d: Doc) -> None:
    assert d.article is not None
    d.article.bands = fingerprint(d.article.text, d.ctx.options.near).bands


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Any], None]


FILE_STAGES = (Stage("read", read), Stage("decode", decode))
DOC_STAGES = (
    Stage("clean", clean), Stage("prose check", check_prose), Stage("actors", find_actors),
    Stage("cited sources", find_cited), Stage("quotes", find_quotes), Stage("mentions", count_mentions),
    Stage("discovery", discover_actors), Stage("content hash", hash_article), Stage("fingerprint", fingerprint_article),
)


def process_doc(raw: RawDoc, ctx: Context, sidecar_publisher: str | None = None) -> tuple[Article, list[str]]:
    """Clean and extract one document. Raises InputError."""
    d = Doc(raw, ctx, sidecar_publisher)
    for stage in DOC_STAGES:
        stage.run(d)
    assert d.article is not None
    return d.article, d.cleaned.line_keys


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
        _process_file(FileWork(job, ctx, out))
    except _Timeout:
        out.docs, out.error = [], f"processing took longer than {ctx.options.timeout:g} s (--timeout)"
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return out


def _process_file(w: FileWork) -> None:
    out = w.out
    try:
        for stage in FILE_STAGES:
            stage.run(w)
            if out.unchanged:
                return
        for raw in w.raws:
            try:
                article, keys = process_doc(raw, w.ctx, w.job.found.publisher)
                out.docs.append((raw.part, article, keys))
                if raw.container == "file":  # the reader that found the text
                    out.fmt = article.kind
            except InputError as e:
                if len(w.raws) == 1:
                    raise
                out.problems.append(f"record {raw.part}: {e}")
    except Changing:
        out.error, out.record_failure = "file changed while being read; it will be retried next run", False
    except InputError as e:
        out.error = str(e)
    except RecursionError:
        out.error = "input nested too deeply to process"
    except MemoryError:
        out.error = "input too large to process in memory"
    except Exception as e:  # noqa: BLE001 - one bad document never stops a batch
        out.error = f"internal error while processing ({type(e).__name__}: {e})"
