"""Migration m007: a database holding quotes from before reported speech keeps them and takes `indirect` ones."""

import sqlite3

import pytest

from corpus_cli.store import migrations
from corpus_cli.store.connect import connect

INSERT = ("INSERT INTO quotes (article_id, text, kind, speaker, start, \"end\", confidence, quote_key) "
          "VALUES (1, ?, ?, ?, 0, 5, 0.5, 'k')")


def test_quotes_survive_and_indirect_is_allowed(tmp_path):
    conn = connect(str(tmp_path / "old.db"))
    migrations.apply(conn, stop_before="m007_quotes_of_reported_speech")
    conn.execute("INSERT INTO articles (id, content_hash, text, kind, created_at) VALUES (1, 'sha256:x', 'T', 'text', 'now')")
    conn.execute(INSERT, ["We will", "direct", "A B"])
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(INSERT, ["x y z", "indirect", None])
    migrations.apply(conn)
    conn.execute(INSERT, ["x y z", "indirect", None])
    rows = conn.execute("SELECT text, kind, speaker FROM quotes ORDER BY id").fetchall()
    assert rows == [("We will", "direct", "A B"), ("x y z", "indirect", None)]
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'quotes'")}
    assert {"quotes_article", "quotes_speaker", "quotes_key"} <= indexes
    conn.close()
