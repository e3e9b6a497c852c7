"""Databases made by every earlier schema, holding rows, upgrade to the exact current schema with their rows."""

from __future__ import annotations

import sqlite3

import pytest

from corpus_cli.store import migrations, queries
from corpus_cli.store.connect import LATEST_MIGRATION, connect, open_db

NAMES = [m.name for m in migrations.migrations._migrations]
TEXT = "The ministry of Ruritania said on Tuesday that talks with Graustark would resume in Geneva next week."


def _schema(path: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        conn.close()


def _fill(conn: sqlite3.Connection, version: str) -> None:
    """Rows as corpus wrote them when ``version`` was the next migration to come (not applied yet)."""
    x = conn.execute
    x("INSERT INTO runs (id, started_at, status, args) VALUES (1, '2025-01-01T00:00:00+00:00', 'ok', '{}')")
    x("INSERT INTO sources (id, name) VALUES (1, 'Ruritania Daily')")
    x("INSERT INTO articles (id, content_hash, title, date, text, kind, publisher_id, run_id, created_at) VALUES "
      "(1, 'sha256:old', 'Talks resume', '2025-01-02', ?, 'text', 1, 1, '2025-01-01')", [TEXT])
    # Before m006 a trigger put each new article in the full-text index; from m006 on the writer does.
    if NAMES.index(version) > NAMES.index("m006_full_text_indexed_per_batch"):
        x("INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles")
    x("INSERT INTO files (id, path, size, mtime_ns, file_hash, format, status, run_id, seen_at) VALUES "
      "(1, '/in/a.txt', 10, 1, 'sha256:f', 'text', 'stored', 1, '2025-01-01')")
    x("INSERT INTO article_files (file_id, part, article_id) VALUES (1, 0, 1)")
    if NAMES.index(version) > NAMES.index("m003_source_links_carry_the_date"):
        x("INSERT INTO article_sources (article_id, source_id, role, date) VALUES (1, 1, 'publisher', '2025-01-02')")
    else:  # m003 fills the date in
        x("INSERT INTO article_sources (article_id, source_id, role) VALUES (1, 1, 'publisher')")
    x("INSERT INTO actors (id, name, type, origin) VALUES (1000, 'Anna Kovalenko', 'person', 'discovered')")
    x("INSERT INTO actor_aliases (alias_key, actor_id, alias, kind) VALUES ('anna kovalenko', 1000, 'Anna Kovalenko', "
      "'name')")
    x("INSERT INTO mentions (article_id, actor_id, count, first_pos) VALUES (1, 1000, 2, 5)")
    x("INSERT INTO quotes (article_id, text, kind, speaker_id, speaker, start, \"end\", confidence, quote_key) "
      "VALUES (1, 'We are ready', 'direct', 1000, 'Anna Kovalenko', 0, 12, 0.9, 'we are ready')")
    x("INSERT INTO errors (run_id, path, reason, at) VALUES (1, '/in/b.txt', 'no article text found', '2025-01-01')")
    x("INSERT INTO boilerplate_lines (line_key, articles) VALUES ('share this', 4)")
    if version != "m002_learning_staged_per_run":  # the staging table exists from m002 on, its shape changes in m004
        row = "(1, 'menu', 1)" if NAMES.index(version) > NAMES.index("m004_learning_counted_per_line") else "(1, 'menu')"
        x(f"INSERT INTO boilerplate_pending VALUES {row}")


@pytest.mark.parametrize("version", NAMES[1:])
def test_a_database_of_each_earlier_schema_upgrades_with_its_rows(tmp_path, version):
    old = str(tmp_path / "old.db")
    conn = connect(old)
    migrations.apply(conn, stop_before=version)
    _fill(conn, version)
    conn.close()

    db = open_db(old)
    fresh = str(tmp_path / "fresh.db")
    open_db(fresh).close()
    assert _schema(old) == _schema(fresh)
    assert db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid DESC LIMIT 1").fetchone() == (LATEST_MIGRATION,)
    art = queries.article(db, 1)
    assert (art["title"], art["text"], art["publisher"], art["files"]) == ("Talks resume", TEXT, "Ruritania Daily",
                                                                          ["/in/a.txt"])
    assert art["quotes"][0]["speaker"] == "Anna Kovalenko" and art["actors"][0]["name"] == "Anna Kovalenko"
    # Found by the full-text index and by its publisher's date index (the date was filled in by m003).
    assert [r["id"] for r in queries.query_articles(db, search="Graustark")] == [1]
    assert [r["id"] for r in queries.query_articles(db, source="Ruritania Daily", role="publisher")] == [1]
    assert db.execute("SELECT date FROM article_sources").fetchall() == [("2025-01-02",)]
    assert queries.errors(db)[0]["reason"] == "no article text found"
    assert db.execute("SELECT articles FROM boilerplate_lines WHERE line_key = 'share this'").fetchone() == (4,)
    # What a run was learning when its database was upgraded is dropped, as a killed run's is (m004).
    if NAMES.index(version) <= NAMES.index("m004_learning_counted_per_line"):
        assert db.execute("SELECT count(*) FROM boilerplate_pending").fetchone() == (0,)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")  # raises if out of step


def test_articles_stored_before_near_duplicates_get_their_clusters_at_the_next_ingest(tmp_path, samples):
    """m007 (#23) keeps every content hash; the next ingest gives the older articles bands and clusters, in id
    order, as if they had been stored with them."""
    from corpus_cli.ingest.process import Options
    from corpus_cli.ingest.run import ingest_paths

    story = (samples / "002_157707319908cf4a.txt").read_text(encoding="utf-8")
    body = "\n\n".join(p for p in story.split("\n\n") if len(p) > 100)
    old = str(tmp_path / "old.db")
    conn = connect(old)
    migrations.apply(conn, stop_before="m008_near_duplicates")
    conn.execute("INSERT INTO runs (id, started_at, status) VALUES (1, '2025-01-01', 'ok')")
    for i, text in enumerate((TEXT * 3, body, body[: len(body) * 2 // 3]), start=1):
        conn.execute("INSERT INTO articles (id, content_hash, text, kind, run_id, created_at) VALUES "
                     "(?, ?, ?, 'text', 1, '2025-01-01')", [i, f"sha256:old{i}", text])
    conn.execute("INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text FROM articles")
    conn.commit()
    conn.close()
    (tmp_path / "nothing-new").mkdir()
    summary, db = ingest_paths(old, [str(tmp_path / "nothing-new")], Options(workers=1))
    rows = db.execute("SELECT id, content_hash, duplicate_of FROM articles ORDER BY id").fetchall()
    assert rows == [(1, "sha256:old1", None), (2, "sha256:old2", None), (3, "sha256:old3", 2)]
    # Bands are kept for the first article of a story only; the first, one sentence said three times, is too
    # short to be anyone's copy: it has none.
    assert db.execute("SELECT DISTINCT article_id FROM article_bands ORDER BY 1").fetchall() == [(2,)]
    assert db.execute("SELECT value FROM meta WHERE key = 'near_backfill'").fetchone() is None
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")  # raises if out of step
