"""The main queries use indexes: no full scan of articles for --actor, --source, --since (EXPLAIN QUERY PLAN
of the SQL the query function really runs)."""

import pytest

from corpus_cli.ingest.process import Options
from corpus_cli.ingest.run import ingest
from corpus_cli.store import queries
from corpus_cli.store.connect import open_db
from tests.conftest import SAMPLES


@pytest.fixture
def db(tmp_path):
    d = open_db(str(tmp_path / "c.db"))
    ingest(d, [str(SAMPLES)], Options(workers=1))
    return d


@pytest.mark.parametrize(
    "kwargs",
    [
        {"actor": "North Korea"},
        {"actor": "Kim Jong Un", "members": True},
        {"source": "Ukrainska Pravda", "role": "publisher"},
        {"source": "European Pravda"},
        {"since": "2025-01-01"},
        {"until": "2024-01-01"},
        {"search": "sanctions"},
    ],
)
def test_no_full_scan_of_articles(db, kwargs):
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    queries.query_articles(db, **kwargs)
    db.set_trace_callback(None)
    main = [s for s in seen if "FROM articles a" in s]
    assert main, seen
    # The trace shows the statement with its parameters bound, so it can be explained as it is.
    rows = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + main[0])]
    scans = [r for r in rows if r.split()[:2] in (["SCAN", "a"], ["SCAN", "articles"])]
    assert not scans, rows
    assert any("INDEX" in r or "PRIMARY KEY" in r for r in rows), rows


def test_common_word_search_walks_the_date_index_and_gives_the_same_articles(db, monkeypatch):
    # Every sample matches: lower the threshold so that the phrase counts as a common one.
    sorted_path = queries.query_articles(db, search="North Korea", limit=3)
    monkeypatch.setattr(queries, "SEARCH_WALK_MIN", 1)
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    walked = queries.query_articles(db, search="North Korea", limit=3)
    db.set_trace_callback(None)
    main = [s for s in seen if "FROM articles a" in s][0]
    rows = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + main)]
    assert any("articles_date" in r for r in rows), rows
    assert not any(r.startswith("USE TEMP B-TREE FOR ORDER BY") for r in rows), rows  # no sort of all matches
    assert [r["id"] for r in walked] == [r["id"] for r in sorted_path] and len(walked) == 3
