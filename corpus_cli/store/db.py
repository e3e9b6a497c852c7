"""Opening the database and every write to it."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from corpus_cli.errors import DatabaseBusy, DatabaseUnusable, UsageError
from corpus_cli.gazetteer import ActorDef, Gazetteer, alias_key, gazetteer_digest, load_gazetteer_file
from corpus_cli.models import Article, Mention
from corpus_cli.store import migrations
from corpus_cli.store.reader import connect

LEARN_MIN_ARTICLES = 3  # a short line seen in this many distinct articles is boilerplate


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_db(path: str, create: bool = True) -> Database:
    """Open (and migrate) the corpus database. Raises DatabaseUnusable with a one-line reason."""
    if not create and not os.path.exists(path):
        raise DatabaseUnusable(f"{path}: no such database (run 'corpus ingest' first, or pass --db)")
    if os.path.isdir(path):
        raise DatabaseUnusable(f"{path}: is a directory, not a database file")
    try:
        conn = connect(path)
        # No sqlite-utils plugins: no third-party code touches our connection, and none is looked up (pluggy reads
        # every installed package's entry points): opening the database took 16-28 ms with the lookup and 2-3 ms
        # without, in every command (open_db timed five times each way; the command is in the CHANGELOG).
        db = Database(conn, execute_plugins=False)
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrations.apply(db)
        sync_gazetteer(db)
    except sqlite3.DatabaseError as e:
        raise DatabaseUnusable(f"{path}: database is unusable ({e})") from None
    except OSError as e:
        raise DatabaseUnusable(f"{path}: cannot open database ({e.strerror or e})") from None
    return db


class WriterLock:
    """One writer at a time: an exclusive flock on ``<db>.lock``, released when the process ends
    (kill -9 included)."""

    def __init__(self, db_path: str, wait: float = 0.0):
        self.path = db_path + ".lock"
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise DatabaseUnusable(f"{self.path}: cannot create lock file ({e.strerror})") from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    os.close(self.fd)
                    self.fd = None
                    raise DatabaseBusy(
                        f"another ingest is writing to {self.path[:-5]}; try again later (or use --wait SECONDS)"
                    ) from None
                time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


# --- actors -------------------------------------------------------------------------------------------


def _upsert_actor(db: Database, a: ActorDef, origin: str) -> int:
    row = db.execute("SELECT id, origin FROM actors WHERE name = ?", [a.name]).fetchone()
    if row:
        actor_id = row[0]
        # A gazetteer or user definition takes over a discovered actor of the same name.
        keep_origin = row[1] if row[1] == "user" or origin == "discovered" else origin
        db.execute(
            "UPDATE actors SET type = ?, origin = ?, iso2 = coalesce(?, iso2), iso3 = coalesce(?, iso3) WHERE id = ?",
            [a.type, keep_origin, a.iso2, a.iso3, actor_id],
        )
    else:
        actor_id = db.execute(
            "INSERT INTO actors (name, type, origin, iso2, iso3) VALUES (?, ?, ?, ?, ?)",
            [a.name, a.type, origin, a.iso2, a.iso3],
        ).lastrowid
    names = [(a.name, "name")] + [(x, "alias") for x in a.aliases] + [(x, "context") for x in a.context_aliases]
    if a.capital:
        names.append((a.capital, "capital"))
    for alias, kind in names:
        key = alias_key(alias)
        if key:
            db.execute(
                "INSERT OR IGNORE INTO actor_aliases (alias_key, actor_id, alias, kind) VALUES (?, ?, ?, ?)",
                [key, actor_id, alias, kind],
            )
    return actor_id


def _link_members(db: Database, actors: list[ActorDef]) -> None:
    for a in actors:
        if a.member_of:
            parent = db.execute("SELECT id FROM actors WHERE name = ?", [a.member_of]).fetchone()
            if parent:
                db.execute("UPDATE actors SET member_of = ? WHERE name = ?", [parent[0], a.name])


def sync_gazetteer(db: Database) -> None:
    """Load the shipped gazetteer into the actors tables when it changed since the last open."""
    digest = gazetteer_digest()
    row = db.execute("SELECT value FROM meta WHERE key = 'gazetteer'").fetchone()
    if row and row[0] == digest:
        return
    actors = load_gazetteer_file()
    with db.atomic():
        for a in actors:
            _upsert_actor(db, a, "gazetteer")
        _link_members(db, list(actors))
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('gazetteer', ?)", [digest])


def user_actors(db: Database) -> list[ActorDef]:
    """Actors added by users (corpus actors add/import), with their aliases, for the matcher."""
    out = []
    for actor_id, name, type_, parent in db.execute(
        "SELECT a.id, a.name, a.type, p.name FROM actors a LEFT JOIN actors p ON p.id = a.member_of "
        "WHERE a.origin = 'user' ORDER BY a.id"
    ).fetchall():
        aliases = [r[0] for r in db.execute(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? AND kind = 'alias' ORDER BY alias", [actor_id]
        )]
        out.append(ActorDef(name=name, type=type_, aliases=aliases, member_of=parent, origin="user"))
    return out


ACTOR_TYPES = ("country", "organisation", "person", "place")


def add_user_actors(db: Database, actors: list[ActorDef]) -> int:
    """Store user-defined actors (or more aliases for existing ones) and re-link the articles that name
    them. Returns the number of articles whose mentions were recomputed."""
    for a in actors:
        if a.type not in ACTOR_TYPES:
            raise UsageError(f"actor type must be one of {', '.join(ACTOR_TYPES)} (got {a.type!r})")
        if not a.name.strip():
            raise UsageError("an actor needs a name")
    with db.atomic():
        for a in actors:
            _upsert_actor(db, a, "user")
        for a in actors:
            if a.member_of:
                parent = db.execute("SELECT id FROM actors WHERE name = ?", [a.member_of]).fetchone()
                if parent is None:
                    raise UsageError(f"--member-of: no actor named {a.member_of!r}")
                db.execute("UPDATE actors SET member_of = ? WHERE name = ?", [parent[0], a.name])
    return relink(db, [n for a in actors for n in [a.name, *a.aliases]])


def relink(db: Database, names: list[str]) -> int:
    """Recompute actor mentions for the articles whose text contains any of ``names`` (found through the
    full-text index, so a corpus of any size is re-linked in proportion to the articles concerned)."""
    words = [alias_key(n) for n in names if alias_key(n)]
    if not words:
        return 0
    match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
    ids = [r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [match])]
    gaz = load_gazetteer(db)
    forget_ids()
    with db.atomic():
        for article_id in ids:
            text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
            db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
            db.conn.executemany(
                "INSERT INTO mentions (article_id, actor_id, count, first_pos) VALUES (?, ?, ?, ?)",
                [(article_id, _actor_id(db, m.name, gaz), m.count, m.first_pos) for m in gaz.mentions(text[:200_000])],
            )
    return len(ids)


def capitals_setting(db: Database, choice: bool | None = None) -> bool:
    """Whether a capital counts for its country in this database: fixed by the first ingest that says so
    (--capitals / --no-capitals) so that all its articles are linked the same way; on by default."""
    row = db.execute("SELECT value FROM meta WHERE key = 'capitals'").fetchone()
    if choice is None:
        return row is None or row[0] == "1"
    if row is not None and (row[0] == "1") != choice:
        raise UsageError(
            f"this database links capitals {'to' if row[0] == '1' else 'apart from'} their countries; "
            "re-ingest into a new database to change it"
        )
    with db.atomic():
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('capitals', ?)", ["1" if choice else "0"])
    return choice


def load_gazetteer(db: Database, capitals: bool | None = None) -> Gazetteer:
    if capitals is None:
        capitals = capitals_setting(db)
    return Gazetteer(list(load_gazetteer_file()) + user_actors(db), capitals=capitals)


def learned_boilerplate(db: Database) -> frozenset[str]:
    return frozenset(
        r[0] for r in db.execute("SELECT line_key FROM boilerplate_lines WHERE articles >= ?", [LEARN_MIN_ARTICLES])
    )


# --- runs and errors ----------------------------------------------------------------------------------


def start_run(db: Database, args: dict) -> int:
    with db.atomic():
        # A run still marked running holds no lock any more (we hold it now): it was killed. What it
        # was learning is dropped with it.
        db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        db.execute("DELETE FROM boilerplate_pending")
        return db.execute(
            "INSERT INTO runs (started_at, status, args) VALUES (?, 'running', ?)", [now(), json.dumps(args)]
        ).lastrowid


def finish_run(db: Database, run_id: int, counts: dict, status: str) -> None:
    with db.atomic():
        if status in ("ok", "partial"):
            db.execute(
                "INSERT INTO boilerplate_lines (line_key, articles) SELECT line_key, articles FROM boilerplate_pending "
                "WHERE run_id = ? ON CONFLICT(line_key) DO UPDATE SET articles = articles + excluded.articles",
                [run_id],
            )
        db.execute("DELETE FROM boilerplate_pending WHERE run_id = ?", [run_id])
        db.execute(
            "UPDATE runs SET ended_at = ?, status = ?, files_seen = ?, new_articles = ?, duplicates = ?, "
            "unchanged = ?, failed = ? WHERE id = ?",
            [now(), status, counts["files_seen"], counts["new_articles"], counts["duplicates"], counts["unchanged"],
             counts["failed"], run_id],
        )


def _record_error(db: Database, run_id: int, path: str, reason: str) -> None:
    db.execute("INSERT INTO errors (run_id, path, reason, at) VALUES (?, ?, ?, ?)", [run_id, path, reason, now()])


def record_file_failure(db: Database, run_id: int, path: str, reason: str, size=None, mtime_ns=None,
                        file_hash=None) -> None:
    """A file that gave nothing (in a batch: BatchWriter.write)."""
    _record_error(db, run_id, path, reason)
    if size is not None:
        _upsert_file(db, path, size, mtime_ns, file_hash, None, "failed", reason, run_id)


def _upsert_file(db, path, size, mtime_ns, file_hash, fmt, status, reason, run_id) -> tuple[int, bool]:
    """The file's id, and whether it was known before."""
    row = db.execute("SELECT id FROM files WHERE path = ?", [path]).fetchone()
    if row:
        db.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, file_hash = ?, format = coalesce(?, format), status = ?, "
            "reason = ?, run_id = ?, seen_at = ? WHERE id = ?",
            [size, mtime_ns, file_hash, fmt, status, reason, run_id, now(), row[0]],
        )
        return row[0], True
    return db.execute(
        "INSERT INTO files (path, size, mtime_ns, file_hash, format, status, reason, run_id, seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [path, size, mtime_ns, file_hash, fmt, status, reason, run_id, now()],
    ).lastrowid, False


def touch_file(db: Database, path: str, size: int, mtime_ns: int) -> None:
    """The file's bytes are unchanged (same hash) but its size/mtime record is stale (in a batch)."""
    db.execute("UPDATE files SET size = ?, mtime_ns = ?, seen_at = ? WHERE path = ?", [size, mtime_ns, now(), path])


# --- batches ------------------------------------------------------------------------------------------


class BatchWriter:
    """Stores many files per transaction (commits cost more than the rows). Each file's writes are one call of
    ``write``, and a file is stored whole or not at all.

    No savepoint per file: SQLite copies every page a savepoint's statements change into a journal, and the
    full-text index writes out what it holds at each savepoint. Storing 2,000 generated text dumps made 124 write
    calls (249 KiB) a file with a savepoint each and 13 (28 KiB) without. Instead, when a file's writes
    fail halfway (a constraint refuses an article, an interrupt, a full disk), the batch is rolled back and the files
    written before it in the batch are written again: they succeeded on the same state, and the transaction again
    holds only whole files. Should that fail too, ``commit`` rolls the batch back, and a run killed mid-batch
    loses only that batch's uncommitted files either way: the next run stores them again.

    New articles enter the full-text index when the batch commits, in one statement and the same transaction,
    rather than one at a time from a trigger (make bench-stages, storage of a text dump, this and the older writer
    in turns: 0.68 and 1.04 ms before, 0.32 and 0.40 after; the CHANGELOG has more).

    ``lines`` counts the line keys of the batch's new articles (boilerplate learning for run ``run_id``;
    store_file adds to it). Each key is written once when the batch commits, in the same transaction, instead
    of one upsert per line of every article (make bench-stages, storage of a text dump: 0.24 ms of 0.90 went
    to those upserts)."""

    def __init__(self, db: Database, run_id: int, max_files: int = 200, max_seconds: float = 1.0):
        self.db, self.max_files, self.max_seconds, self.run_id = db, max_files, max_seconds, run_id
        self.n, self.t0 = 0, 0.0
        self.lines: Counter[str] = Counter()
        self.written: list[tuple[Callable[..., Any], tuple]] = []  # this batch's files, to write again
        self.whole = True  # False: a file's writes were cut short and not undone; commit must not keep them
        self.indexed_up_to = 0  # articles with a larger id are not in the full-text index yet

    def begin(self) -> None:
        if not self.db.conn.in_transaction:
            self.db.conn.execute("BEGIN")
            self.n, self.t0 = 0, time.monotonic()
            self.indexed_up_to = self.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]

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

    def _write_again(self) -> None:
        """Undo the batch, a failed file's first writes with it, and write the batch's whole files again."""
        self.whole = False
        if self.db.conn.in_transaction:  # a full disk may have rolled it back already
            self.db.conn.execute("ROLLBACK")
        forget_ids()  # ids created in the batch are gone
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
            raise DatabaseUnusable(
                f"the database refused writes it had taken a moment before ({type(e).__name__}: {e}); the files of "
                "the last second are not stored, and the next run stores them") from None
        self.whole = True

    def done_one(self) -> None:
        self.n += 1
        if self.n >= self.max_files or time.monotonic() - self.t0 >= self.max_seconds:
            self.commit()

    def commit(self) -> None:
        conn = self.db.conn
        if not self.whole:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            forget_ids()
            self.lines.clear()
        elif conn.in_transaction:
            if self.lines:
                _learn_lines(self.db, self.run_id, self.lines)
                self.lines.clear()
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles WHERE id > ?",
                [self.indexed_up_to])
            conn.execute("COMMIT")
        self.written.clear()
        self.whole = True


# Ids of sources and actors by name, for the writer. Cleared whenever a batch is rolled back, since an id it
# created may be gone, and when it holds IDS_CACHE names: a corpus names ever more people and outlets (the 181 AEB
# pages discovered 437 actors), and the writer's memory stays flat. A name no longer held is looked up by index.
IDS_CACHE = 20_000
_IDS: dict[tuple[str, str], int] = {}


def forget_ids() -> None:
    _IDS.clear()


def _remember(key: tuple[str, str], id_: int) -> int:
    if len(_IDS) >= IDS_CACHE:
        _IDS.clear()
    _IDS[key] = id_
    return id_


# --- articles -----------------------------------------------------------------------------------------


def _source_id(db: Database, name: str) -> int:
    # Held as written: the table's NOCASE tells "REUTERS" and "Reuters" to be one source, and "ÉCOLE" and "école" (it
    # folds ASCII letters only) to be two, as it does when a later run looks them up.
    key = ("s", name)
    if key in _IDS:
        return _IDS[key]
    row = db.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()
    return _remember(key, row[0] if row else db.execute("INSERT INTO sources (name) VALUES (?)", [name]).lastrowid)


def _actor_id(db: Database, name: str, gaz: Gazetteer | None, found: Mention | None = None) -> int:
    key = ("a", name)
    if key in _IDS:
        return _IDS[key]
    return _remember(key, _actor_id_uncached(db, name, gaz, found))


def _actor_id_uncached(db: Database, name: str, gaz: Gazetteer | None, found: Mention | None) -> int:
    row = db.execute("SELECT id FROM actors WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    actor = gaz.actors.get(name) if gaz is not None else None
    if actor is not None:
        return _upsert_actor(db, actor, actor.origin if actor.origin != "gazetteer" else "gazetteer")
    # A discovered actor: the one already stored under the same alias key ("Choe Son-hui" is "Choe Son Hui"),
    # which learns this spelling as an alias; else a new actor.
    key = alias_key(name)
    row = db.execute(
        "SELECT a.id FROM actor_aliases x JOIN actors a ON a.id = x.actor_id WHERE x.alias_key = ? "
        "ORDER BY a.origin = 'discovered', a.id LIMIT 1", [key]).fetchone() if key else None
    if row:
        db.execute("INSERT OR IGNORE INTO actor_aliases (alias_key, actor_id, alias, kind) VALUES (?, ?, ?, 'alias')",
                   [key, row[0], name])
        return row[0]
    if found is not None:
        kind, aliases = found.type, found.aliases
    else:  # a quote's speaker that no mention carried
        words = name.split()
        kind = "person" if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) else "organisation"
        aliases = []
    return _upsert_actor(db, ActorDef(name=name, type=kind, aliases=list(aliases)), "discovered")


def _insert_article(db: Database, art: Article, run_id: int, gaz: Gazetteer | None) -> int:
    publisher_id = _source_id(db, art.publisher) if art.publisher else None
    article_id = db.execute(
        "INSERT INTO articles (content_hash, title, date, authors, url, language, tags, text, kind, publisher_id, "
        "run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [art.content_hash, art.title, art.date, json.dumps(art.authors, ensure_ascii=False), art.url, art.language,
         json.dumps(art.tags, ensure_ascii=False), art.text, art.kind, publisher_id, run_id, now()],
    ).lastrowid
    link = "INSERT OR IGNORE INTO article_sources (article_id, source_id, role, date) VALUES (?, ?, ?, ?)"
    if publisher_id:
        db.execute(link, [article_id, publisher_id, "publisher", art.date])
    for s in art.sources:
        if s.role == "cited":
            db.execute(link, [article_id, _source_id(db, s.name), "cited", art.date])
    db.conn.executemany(
        "INSERT INTO mentions (article_id, actor_id, count, first_pos) VALUES (?, ?, ?, ?)",
        [(article_id, _actor_id(db, m.name, gaz, m), m.count, m.first_pos) for m in art.mentions],
    )
    db.conn.executemany(
        'INSERT INTO quotes (article_id, text, kind, speaker_id, speaker, speaker_mention, cue, start, "end", '
        "confidence, affiliation, quote_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(article_id, q.text, q.kind, _actor_id(db, q.speaker, gaz) if q.speaker else None, q.speaker,
          q.speaker_mention, q.cue, q.start, q.end, q.confidence, q.affiliation, q.key) for q in art.quotes],
    )
    return article_id


def _learn_lines(db: Database, run_id: int, counts: Counter[str]) -> None:
    """Count each line key for ``counts[key]`` more articles of the run."""
    db.conn.executemany(
        "INSERT INTO boilerplate_pending (run_id, line_key, articles) VALUES (?, ?, ?) "
        "ON CONFLICT(run_id, line_key) DO UPDATE SET articles = articles + excluded.articles",
        [(run_id, k, n) for k, n in counts.items()])


def store_file(db: Database, run_id: int, path: str, size: int, mtime_ns: int, file_hash: str, fmt: str,
               docs: list[tuple[int, Article, list[str]]], problems: list[str],
               gaz: Gazetteer | None, lines: Counter[str]) -> tuple[int, int]:
    """Store one input file and every article it gave (in a batch: BatchWriter.write). Returns (new,
    duplicates). The line keys of its new articles are added to ``lines`` (a BatchWriter's, written when it
    commits) once the file is stored."""
    new = dup = 0
    learn: list[str] = []
    status = "partial" if problems else "stored"
    file_id, known = _upsert_file(db, path, size, mtime_ns, file_hash, fmt, status, "; ".join(problems) or None,
                                  run_id)
    if known:  # what the file gave last time; it is stored again below
        db.execute("DELETE FROM article_files WHERE file_id = ?", [file_id])
    all_dup = bool(docs)
    for part, art, line_keys in docs:
        row = db.execute("SELECT id FROM articles WHERE content_hash = ?", [art.content_hash]).fetchone()
        if row:
            article_id = row[0]
            dup += 1
        else:
            article_id = _insert_article(db, art, run_id, gaz)
            learn.extend(line_keys)
            new += 1
            all_dup = False
        db.execute(
            "INSERT OR REPLACE INTO article_files (file_id, part, article_id) VALUES (?, ?, ?)",
            [file_id, part, article_id],
        )
    if all_dup and not problems:
        db.execute("UPDATE files SET status = 'duplicate' WHERE id = ?", [file_id])
    for p in problems:
        _record_error(db, run_id, path, p)
    lines.update(learn)  # once the file is stored: a file that fails halfway teaches nothing
    return new, dup
