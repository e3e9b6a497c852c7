"""Schema, as append-only migrations applied on every open. Never edit a migration that has shipped:
add a new one. The one use of sqlite-utils: its Migrations, on a Database wrapped around our connection."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

migrations = Migrations("corpus")

_INITIAL = [
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'interrupted')),
        files_seen INTEGER NOT NULL DEFAULT 0,
        new_articles INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        args TEXT
    )""",
    """CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    )""",
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        date TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        url TEXT,
        language TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('html', 'text')),
        publisher_id INTEGER REFERENCES sources(id),
        duplicate_of INTEGER REFERENCES articles(id),
        run_id INTEGER REFERENCES runs(id),
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX articles_date ON articles(date)",
    "CREATE INDEX articles_publisher ON articles(publisher_id)",
    """CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        size INTEGER,
        mtime_ns INTEGER,
        file_hash TEXT,
        format TEXT,
        status TEXT NOT NULL CHECK (status IN ('stored', 'duplicate', 'partial', 'failed')),
        reason TEXT,
        run_id INTEGER REFERENCES runs(id),
        seen_at TEXT NOT NULL
    )""",
    """CREATE TABLE article_files (
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        part INTEGER NOT NULL DEFAULT 0,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (file_id, part)
    )""",
    "CREATE INDEX article_files_article ON article_files(article_id)",
    """CREATE TABLE article_sources (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        role TEXT NOT NULL CHECK (role IN ('publisher', 'cited')),
        PRIMARY KEY (article_id, source_id, role)
    )""",
    "CREATE INDEX article_sources_source ON article_sources(source_id, role)",
    """CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('country', 'organisation', 'person', 'place')),
        member_of INTEGER REFERENCES actors(id),
        origin TEXT NOT NULL CHECK (origin IN ('gazetteer', 'user', 'discovered')),
        iso2 TEXT,
        iso3 TEXT
    )""",
    "CREATE INDEX actors_member_of ON actors(member_of)",
    """CREATE TABLE actor_aliases (
        alias_key TEXT NOT NULL,
        actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('name', 'alias', 'capital', 'context')),
        PRIMARY KEY (alias_key, actor_id)
    )""",
    "CREATE INDEX actor_aliases_actor ON actor_aliases(actor_id)",
    """CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        count INTEGER NOT NULL,
        first_pos INTEGER NOT NULL,
        PRIMARY KEY (article_id, actor_id)
    )""",
    "CREATE INDEX mentions_actor ON mentions(actor_id, count DESC)",
    """CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'partial')),
        speaker_id INTEGER REFERENCES actors(id),
        speaker TEXT,
        speaker_mention TEXT,
        cue TEXT,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL,
        affiliation TEXT,
        quote_key TEXT NOT NULL
    )""",
    "CREATE INDEX quotes_article ON quotes(article_id)",
    "CREATE INDEX quotes_speaker ON quotes(speaker_id)",
    "CREATE INDEX quotes_key ON quotes(quote_key)",
    """CREATE TABLE errors (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id),
        path TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX errors_run ON errors(run_id)",
    # Short lines of text dumps, with the number of distinct articles whose dump showed them; lines seen
    # in many articles are boilerplate (menus, promo lines, footers).
    """CREATE TABLE boilerplate_lines (
        line_key TEXT PRIMARY KEY,
        articles INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT
    )""",
]


@migrations()
def m001_initial(db: Database) -> None:
    for sql in _INITIAL:
        db.execute(sql)
    db["articles"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True, tokenize="unicode61")


@migrations()
def m002_learning_staged_per_run(db: Database) -> None:
    # Lines learned by a run count only once the run completes: a run killed halfway must not change how
    # the rest of the same tree is cleaned when it is ingested again (the crash test compares the two).
    db.execute(
        """CREATE TABLE boilerplate_pending (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            line_key TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX boilerplate_pending_run ON boilerplate_pending(run_id)")


@migrations()
def m003_source_links_carry_the_date(db: Database) -> None:
    # "The newest articles citing X" walks this index and stops at the limit, instead of sorting every
    # article of a common source by date.
    db.execute("ALTER TABLE article_sources ADD COLUMN date TEXT")
    db.execute("UPDATE article_sources SET date = (SELECT date FROM articles a WHERE a.id = article_id)")
    db.execute("CREATE INDEX article_sources_source_date ON article_sources(source_id, role, date)")


@migrations()
def m004_learning_counted_per_line(db: Database) -> None:
    # One row per distinct line a run has seen, with its count, instead of one row per line of every
    # article: merging at the end of a run needs no sort, and without a foreign key SQLite does not collect
    # every row id before deleting. What a killed run was learning is dropped when the next run starts.
    db.execute("DROP TABLE boilerplate_pending")
    db.execute(
        """CREATE TABLE boilerplate_pending (
            run_id INTEGER NOT NULL,
            line_key TEXT NOT NULL,
            articles INTEGER NOT NULL,
            PRIMARY KEY (run_id, line_key)
        ) WITHOUT ROWID"""
    )


@migrations()
def m005_one_index_per_source(db: Database) -> None:
    # (source_id, role) is the start of (source_id, role, date): the shorter index answered nothing the
    # longer does not, and cost an update for every source an article names.
    db.execute("DROP INDEX IF EXISTS article_sources_source")


@migrations()
def m006_full_text_indexed_per_batch(db: Database) -> None:
    # New articles enter the full-text index when their batch commits (BatchWriter.commit), in one statement,
    # instead of from a trigger article by article: the index wrote out a segment for each file.
    db.execute("DROP TRIGGER IF EXISTS articles_ai")


@migrations()
def m007_quotes_of_reported_speech(db: Database) -> None:
    # Reported speech is stored as quotes of kind 'indirect' (issue #26); SQLite changes a CHECK constraint only
    # by rebuilding the table.
    db.execute(
        """CREATE TABLE quotes_new (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('direct', 'partial', 'indirect')),
            speaker_id INTEGER REFERENCES actors(id),
            speaker TEXT,
            speaker_mention TEXT,
            cue TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            confidence REAL NOT NULL,
            affiliation TEXT,
            quote_key TEXT NOT NULL
        )"""
    )
    db.execute("INSERT INTO quotes_new SELECT id, article_id, text, kind, speaker_id, speaker, speaker_mention, cue, start, "
               '"end", confidence, affiliation, quote_key FROM quotes')
    db.execute("DROP TABLE quotes")
    db.execute("ALTER TABLE quotes_new RENAME TO quotes")
    for index in ("quotes_article ON quotes(article_id)", "quotes_speaker ON quotes(speaker_id)",
                  "quotes_key ON quotes(quote_key)"):
        db.execute(f"CREATE INDEX {index}")


@migrations()
def m008_near_duplicates(db: Database) -> None:
    # #23: each article's LSH bands (dedup/minhash.py), its cluster (duplicate_of: the first article of its
    # story) and the earlier article it is an edited version of. Content hashes stay as they are; articles
    # stored before get bands and clusters at the next ingest (store/clusters.backfill), in id order.
    # Each step may run twice (a database whose record of this migration was lost).
    db.execute("CREATE TABLE IF NOT EXISTS article_bands (band INTEGER NOT NULL, article_id INTEGER NOT NULL, "
               "PRIMARY KEY (band, article_id)) WITHOUT ROWID")
    if "version_of" not in db["articles"].columns_dict:
        db.execute("ALTER TABLE articles ADD COLUMN version_of INTEGER REFERENCES articles(id)")
    db.execute("CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of)")
    db.execute("CREATE INDEX IF NOT EXISTS articles_version_of ON articles(version_of)")
    db.execute("CREATE INDEX IF NOT EXISTS articles_url ON articles(url)")
    # Setting an article's cluster must not take it out of the full-text index and put it back.
    db.execute("DROP TRIGGER IF EXISTS articles_au")
    db.execute(
        'CREATE TRIGGER "articles_au" AFTER UPDATE OF "title", "text" ON "articles" BEGIN\n'
        '  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "text") '
        'VALUES(\'delete\', old.rowid, old."title", old."text");\n'
        '  INSERT INTO "articles_fts" (rowid, "title", "text") VALUES (new.rowid, new."title", new."text");\n'
        "END")
    db.execute("INSERT OR IGNORE INTO meta (key, value) SELECT 'near_backfill', '0/' || max(id) FROM articles "
               "HAVING max(id) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM article_bands)")


def apply(conn: sqlite3.Connection, stop_before: str | None = None) -> None:
    """Apply the pending migrations (those before ``stop_before`` only, to build an older schema in tests)."""
    # No plugins: no third-party code touches our connection, and pluggy's entry-point scan is skipped.
    migrations.apply(Database(conn, execute_plugins=False), stop_before=stop_before)
