"""The batch writer: one per run, many files per transaction, each file whole or not at all."""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from corpus_cli.dedup.near import Params
from corpus_cli.errors import DatabaseUnusable
from corpus_cli.gazetteer import Gazetteer
from corpus_cli.models import Article
from corpus_cli.store import clusters, faults, runs
from corpus_cli.store.actors import actor_id
from corpus_cli.store.connect import now
from corpus_cli.store.ids import IdCache

# The writer's page cache, in KiB (far above SQLite's default): a batch's inserts under random keys (LSH bands,
# content hashes) dirty pages all over the database, and a cache that cannot hold them spills each to the WAL
# more than once a batch. Chosen with MAX_FILES by make bench-writer (docs/scaling.md).
CACHE_KIB = 65536
# Files a transaction at most (max_seconds bounds it in time too): every page a batch dirties is written to the
# WAL once a commit, so more files a commit share those writes (docs/scaling.md).
MAX_FILES = 1000


class BatchWriter:
    """Stores many files per transaction: commits cost more than the rows. A file's writes are one call of
    ``write``; when they fail halfway, the batch is rolled back and its whole files written again, since a
    savepoint per file costs more than the rare replay (docs/performance.md). New articles enter the full-text
    index, and the batch's boilerplate line keys (``lines``) are counted, once, when the batch commits."""

    def __init__(self, conn: sqlite3.Connection, run_id: int, gazetteer: Gazetteer | None = None,
                 max_files: int = MAX_FILES, max_seconds: float = 1.0, near: Params | None = None):
        self.conn, self.run_id, self.gazetteer = conn, run_id, gazetteer
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # this connection only: readers keep the default
        self.near = near  # None: no near-duplicate clusters (the articles' bands are stored all the same)
        self.max_files, self.max_seconds = max_files, max_seconds
        self.n, self.t0 = 0, 0.0
        self.ids = IdCache()  # ids created in a batch go when it is rolled back
        self.lines: Counter[str] = Counter()
        self.written: list[tuple[Callable[..., Any], tuple]] = []  # this batch's files, to write again
        self.whole = True  # False: a file's writes were cut short and not undone; commit must not keep them
        self.indexed_up_to = 0  # articles with a larger id are not in the full-text index yet

    def begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self.n, self.t0 = 0, time.monotonic()
            self.indexed_up_to = self.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]

    def write(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)``: all the writes of one file (or of one failure), in the batch's transaction."""
        self.begin()
        try:
            result = fn(*args)
        except BaseException:
            self._write_again()
            raise
        self.written.append((fn, args))
        return result

    def store_file(self, path: str, size: int, mtime_ns: int, file_hash: str, fmt: str,
                   docs: list[tuple[int, Article, list[str]]], problems: list[str]) -> tuple[int, int]:
        """One input file and every article it gave: (new, duplicates)."""
        return self.write(store_file, self, path, size, mtime_ns, file_hash, fmt, docs, problems)

    def record_failure(self, path: str, reason: str, size=None, mtime_ns=None, file_hash=None) -> None:
        self.write(runs.record_file_failure, self.conn, self.run_id, path, reason, size, mtime_ns, file_hash)

    def touch_file(self, path: str, size: int, mtime_ns: int) -> None:
        self.write(runs.touch_file, self.conn, path, size, mtime_ns)

    def _write_again(self) -> None:
        """Undo the batch, a failed file's first writes with it, and write the batch's whole files again."""
        self.whole = False
        if self.conn.in_transaction:  # a full disk may have rolled it back already
            self.conn.execute("ROLLBACK")
        self.ids.clear()  # ids created in the batch are gone
        self.lines.clear()  # store_file counts them again
        again, self.written = self.written, []
        n, t0 = self.n, self.t0
        try:
            self.begin()
            self.n, self.t0 = n, t0
            for fn, args in again:
                fn(*args)
                self.written.append((fn, args))
        except Exception as e:  # the batch is not kept (commit rolls it back); the run ends with this reason
            fault = faults.classify(e, faults.db_file(self.conn))
            if fault is not None:
                raise fault from None
            raise DatabaseUnusable(
                f"the database refused writes it had taken a moment before ({type(e).__name__}: {e}); the files of "
                "the last second are not stored, and the next run stores them") from None
        self.whole = True

    def abandon(self) -> None:
        """Drop the batch in hand (nothing more can be written): its files are stored by the next run."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.ids.clear()
        self.lines.clear()
        self.written.clear()
        self.whole = True

    def done_one(self) -> None:
        self.n += 1
        if self.n >= self.max_files or time.monotonic() - self.t0 >= self.max_seconds:
            self.commit()

    def commit(self) -> None:
        conn = self.conn
        if not self.whole:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self.ids.clear()
            self.lines.clear()
        elif conn.in_transaction:
            if self.lines:
                runs.learn_lines(conn, self.run_id, self.lines)
                self.lines.clear()
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id > ?",
                [self.indexed_up_to])
            conn.execute("COMMIT")
        self.written.clear()
        self.whole = True


def store_file(w: BatchWriter, path: str, size: int, mtime_ns: int, file_hash: str, fmt: str,
               docs: list[tuple[int, Article, list[str]]], problems: list[str]) -> tuple[int, int]:
    """Store one input file and every article it gave (in ``w``'s batch). Returns (new, duplicates). The line
    keys of its new articles are added to ``w.lines`` once the file is stored."""
    conn, run_id = w.conn, w.run_id
    new = dup = 0
    learn: list[str] = []
    status = "partial" if problems else "stored"
    file_id, known = runs.upsert_file(conn, path, size, mtime_ns, file_hash, fmt, status,
                                      "; ".join(problems) or None, run_id)
    if known:  # what the file gave last time; it is stored again below
        conn.execute("DELETE FROM article_files WHERE file_id = ?", [file_id])
    all_dup = bool(docs)
    for part, art, line_keys in docs:
        row = conn.execute("SELECT id FROM articles WHERE content_hash = ?", [art.content_hash]).fetchone()
        if row is None and art.body_hash:  # stored before identities were kept, under its body's hash (#23)
            row = conn.execute("SELECT id FROM articles WHERE content_hash = ?", [art.body_hash]).fetchone()
        if row:
            article_id = row[0]
            dup += 1
        else:
            article_id = _insert_article(w, art)
            learn.extend(line_keys)
            new += 1
            all_dup = False
        conn.execute(
            "INSERT OR REPLACE INTO article_files (file_id, part, article_id) VALUES (?, ?, ?)",
            [file_id, part, article_id],
        )
    if all_dup and not problems:
        conn.execute("UPDATE files SET status = 'duplicate' WHERE id = ?", [file_id])
    for p in problems:
        runs.record_error(conn, run_id, path, p)
    w.lines.update(learn)  # once the file is stored: a file that fails halfway teaches nothing
    return new, dup


def _source_id(w: BatchWriter, name: str) -> int:
    # Held as written: the table's NOCASE tells "REUTERS" and "Reuters" to be one source, and "ÉCOLE" and "école" (it
    # folds ASCII letters only) to be two, as it does when a later run looks them up.
    key = ("s", name)
    known = w.ids.get(key)
    if known is not None:
        return known
    row = w.conn.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()
    return w.ids.remember(key, row[0] if row else w.conn.execute(
        "INSERT INTO sources (name) VALUES (?)", [name]).lastrowid)


def _insert_article(w: BatchWriter, art: Article) -> int:
    conn, gaz = w.conn, w.gazetteer
    publisher_id = _source_id(w, art.publisher) if art.publisher else None
    root = clusters.find_root(conn, art.text, art.bands, w.near) if w.near else None
    version_of = clusters.find_version(conn, art, publisher_id, root)
    article_id = conn.execute(
        "INSERT INTO articles (content_hash, title, date, authors, url, language, tags, text, kind, publisher_id, "
        "run_id, created_at, duplicate_of, version_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [art.content_hash, art.title, art.date, json.dumps(art.authors, ensure_ascii=False), art.url, art.language,
         json.dumps(art.tags, ensure_ascii=False), art.text, art.kind, publisher_id, w.run_id, now(), root, version_of],
    ).lastrowid
    clusters.save_bands(conn, article_id, art.bands, root)
    link = "INSERT OR IGNORE INTO article_sources (article_id, source_id, role, date) VALUES (?, ?, ?, ?)"
    if publisher_id:
        conn.execute(link, [article_id, publisher_id, "publisher", art.date])
    for s in art.sources:
        if s.role == "cited":
            conn.execute(link, [article_id, _source_id(w, s.name), "cited", art.date])
    conn.executemany(
        "INSERT INTO mentions (article_id, actor_id, count, first_pos) VALUES (?, ?, ?, ?)",
        [(article_id, actor_id(conn, w.ids, m.name, gaz, m), m.count, m.first_pos) for m in art.mentions],
    )
    conn.executemany(
        'INSERT INTO quotes (article_id, text, kind, speaker_id, speaker, speaker_mention, cue, start, "end", '
        "confidence, affiliation, quote_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(article_id, q.text, q.kind, actor_id(conn, w.ids, q.speaker, gaz) if q.speaker else None, q.speaker,
          q.speaker_mention, q.cue, q.start, q.end, q.confidence, q.affiliation, q.key) for q in art.quotes],
    )
    return article_id
