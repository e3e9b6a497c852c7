"""The one way of opening the database: a plain sqlite3 connection (``connect``), in autocommit mode (a statement
outside ``atomic`` commits by itself). sqlite-utils is used for migrations only, and imported only when a
database needs migrating: importing it is most of what a read command costs."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from corpus_cli.errors import DatabaseUnusable
from corpus_cli.gazetteer import gazetteer_digest, packaged_gazetteer_stamp
from corpus_cli.store import faults

BUSY_TIMEOUT_MS = 10_000  # readers wait this long for a writer's commit before giving up
# The name of the last migration in store/migrations.py (tests/cli/test_cli.py checks that it is).
LATEST_MIGRATION = "m008_near_duplicates"
# The meta key of "<the gazetteer file's stamp> <its digest>", recorded when a writer opens the database.
GAZETTEER_STAMP = "gazetteer_file"


def default_db_path() -> str:
    return os.environ.get("CORPUS_DB") or "corpus.db"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(path: str) -> sqlite3.Connection:
    """A connection to ``path`` that waits up to BUSY_TIMEOUT_MS for a writer's commit."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction (a savepoint inside one already open): all of the block's writes, or none."""
    nested = conn.in_transaction
    conn.execute("SAVEPOINT atomic" if nested else "BEGIN")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # an error may have ended the transaction already
            conn.execute("ROLLBACK TO atomic" if nested else "ROLLBACK")
            if nested:
                conn.execute("RELEASE atomic")
        raise
    conn.execute("RELEASE atomic" if nested else "COMMIT")


def open_db(path: str, create: bool = True) -> sqlite3.Connection:
    """Open the corpus database for writing: migrated, the shipped gazetteer loaded. Raises DatabaseUnusable with
    a one-line reason."""
    # Imported here: the read commands open an up-to-date database without them (see open_reader).
    from corpus_cli.store import migrations
    from corpus_cli.store.actors import sync_gazetteer

    if not create and not os.path.exists(path):
        raise DatabaseUnusable(f"{path}: no such database (run 'corpus ingest' first, or pass --db)")
    if os.path.isdir(path):
        raise DatabaseUnusable(f"{path}: is a directory, not a database file")
    try:
        conn = connect(path)
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrations.apply(conn)
        sync_gazetteer(conn)
    except sqlite3.DatabaseError as e:
        raise faults.classify(e, path) or DatabaseUnusable(f"{path}: database is unusable ({e})") from None
    except OSError as e:
        raise faults.classify(e, path) or DatabaseUnusable(
            f"{path}: cannot open database ({e.strerror or e})") from None
    return conn


def _up_to_date(path: str) -> sqlite3.Connection | None:
    """A connection to ``path`` when nothing in it needs migrating or syncing, else None."""
    try:
        conn = connect(path)
    except (sqlite3.Error, OSError):
        return None
    try:
        current = (
            conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            and conn.execute("SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'corpus' AND name = ?",
                             [LATEST_MIGRATION]).fetchone() is not None
            and gazetteer_current(conn)
        )
    except sqlite3.Error:  # not a database, or not ours yet: open_db says why, or migrates it
        current = False
    if current:
        return conn
    conn.close()
    return None


def gazetteer_current(conn: sqlite3.Connection) -> bool:
    """Whether the database holds the shipped gazetteer. The file is hashed only when its stamp is not the one
    recorded with the database's digest: most commands are spared the hash and its import."""
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('gazetteer', ?)", [GAZETTEER_STAMP]))
    stamp = packaged_gazetteer_stamp()
    if stamp is not None and "gazetteer" in meta and meta.get(GAZETTEER_STAMP) == f"{stamp} {meta['gazetteer']}":
        return True
    return meta.get("gazetteer") == gazetteer_digest()


def open_reader(path: str) -> sqlite3.Connection:
    """A connection for reading the corpus at ``path``: opened directly when it is up to date, else through
    open_db, which migrates it. Raises DatabaseUnusable with a one-line reason."""
    conn = _up_to_date(path) if os.path.isfile(path) else None  # connecting would create a missing file
    return conn if conn is not None else open_db(path, create=False)
