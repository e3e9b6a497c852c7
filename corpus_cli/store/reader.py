"""Opening the database for the commands that only read (query, show, export, quotes, actors, sources, stats,
errors), without importing sqlite-utils.

sqlite-utils takes 0.14-0.17 s to import here, most of what a query command costs (the query itself takes
milliseconds). A database that is up to date (its last migration applied, the shipped gazetteer loaded) is read
through a plain sqlite3 connection; any other goes through ``db.open_db``, which migrates it first.
"""

from __future__ import annotations

import os
import sqlite3

from corpus_cli.gazetteer import gazetteer_digest

BUSY_TIMEOUT_MS = 10_000  # readers wait this long for a writer's commit before giving up
# The name of the last migration in store/migrations.py (tests/test_cli.py checks that it is).
LATEST_MIGRATION = "m006_full_text_indexed_per_batch"


def default_db_path() -> str:
    return os.environ.get("CORPUS_DB") or "corpus.db"


def connect(path: str) -> sqlite3.Connection:
    """A connection to ``path`` that waits up to BUSY_TIMEOUT_MS for a writer's commit."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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
            and conn.execute("SELECT value FROM meta WHERE key = 'gazetteer'").fetchone() == (gazetteer_digest(),)
        )
    except sqlite3.Error:  # not a database, or not ours yet: open_db says why, or migrates it
        current = False
    if current:
        return conn
    conn.close()
    return None


def open_reader(path: str):
    """A connection for reading the corpus at ``path`` (sqlite3's, or open_db's Database: both answer
    ``execute``). Raises DatabaseUnusable with a one-line reason (open_db's, for a database it cannot read)."""
    conn = _up_to_date(path) if os.path.isfile(path) else None  # connecting would create a missing file
    if conn is not None:
        return conn
    from corpus_cli.store.db import open_db

    return open_db(path, create=False)
