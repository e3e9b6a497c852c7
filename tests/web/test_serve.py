"""corpus serve's datasette, through datasette's own test client, on a real database of the bundled samples."""

from __future__ import annotations

import asyncio
import sqlite3
import sys

import pytest

from corpus_cli.cli import app
from corpus_cli.web.server import make_app
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> str:
    from typer.testing import CliRunner

    path = str(tmp_path_factory.mktemp("web") / "corpus.db")
    r = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", path, "-q"])
    assert r.exit_code == 0, r.output
    return path


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def get_json(ds, path: str) -> dict:
    response = get(ds, path)
    assert response.status_code == 200, response.text
    return response.json()


def test_full_text_search_on_articles_under_the_files_stem(corpus_db):
    ds = make_app(corpus_db)
    rows = get_json(ds, "/corpus/articles.json?_search=Pyongyang&_shape=array")
    assert rows and all("pyongyang" in (r["title"] + r["text"]).lower() for r in rows)
    assert len(rows) < 5  # a search, not every article
    assert get_json(ds, "/corpus/articles.json?_search=zzzunfindable&_shape=array") == []


def test_articles_are_faceted_by_publisher_language_and_date_with_names(corpus_db):
    data = get_json(make_app(corpus_db), "/corpus/articles.json?_labels=on")
    facets = data["facet_results"]
    assert {"publisher_id", "language", "date"} <= set(facets)
    assert [(f["label"], f["count"]) for f in facets["publisher_id"]["results"]] == [("Ukrainska Pravda", 3)]
    assert data["rows"][0]["publisher_id"] in (None, {"value": 1, "label": "Ukrainska Pravda"})


def test_actor_and_quote_kind_facets_show_names(corpus_db):
    ds = make_app(corpus_db)
    actors = get_json(ds, "/corpus/mentions.json")["facet_results"]["actor_id"]["results"]
    assert ("North Korea", 5) in [(f["label"], f["count"]) for f in actors]
    quotes = get_json(ds, "/corpus/quotes.json")["facet_results"]
    assert {f["value"] for f in quotes["kind"]["results"]} <= {"direct", "partial", "indirect"}
    assert "Tammy Bruce" in {f["label"] for f in quotes["speaker_id"]["results"]}


def test_canned_queries(corpus_db):
    ds = make_app(corpus_db)
    timeline = get_json(ds, "/corpus/actor_timeline.json?actor=DPRK&_shape=array")
    assert len(timeline) == 5 and all(r["mentions"] > 0 for r in timeline)
    dates = [r["date"] or "" for r in timeline]  # undated articles last (SQLite sorts NULL lowest)
    assert dates == sorted(dates, reverse=True)
    quotes = get_json(ds, "/corpus/quotes_by_speaker.json?speaker=tammy+bruce&_shape=array")
    with sqlite3.connect(corpus_db) as con:  # every kind the extractors give her, whatever they give today
        by_bruce = con.execute("SELECT count(*) FROM quotes WHERE speaker = 'Tammy Bruce'").fetchone()[0]
    assert len(quotes) == by_bruce >= 4 and {q["speaker"] for q in quotes} == {"Tammy Bruce"}
    citing = get_json(ds, "/corpus/citing_source.json?source=KCNA&_shape=array")
    assert [r["article_id"] for r in citing] == [3]


def test_a_storys_copies_follow_duplicate_of_both_ways(corpus_db, tmp_path):
    path = str(tmp_path / "copies.db")
    with sqlite3.connect(corpus_db) as src, sqlite3.connect(path) as con:
        src.backup(con)  # the file alone would miss what is still in its write-ahead log
        # What the near-duplicate finder records: 2 and 4 copy 1, 5 copies 4.
        con.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?", [(1, 2), (1, 4), (4, 5)])
    ds = make_app(path)
    for start in (1, 5):
        rows = get_json(ds, f"/copies/story_copies.json?article={start}&_shape=array")
        assert sorted(r["article_id"] for r in rows) == [1, 2, 4, 5]
    assert [r["article_id"] for r in get_json(ds, "/copies/story_copies.json?article=3&_shape=array")] == [3]


def test_read_only(corpus_db):
    ds = make_app(corpus_db)
    response = get(ds, "/corpus.json?sql=DELETE+FROM+articles")
    assert response.status_code == 400
    db = ds.get_database("corpus")
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        asyncio.run(db.execute_write("DELETE FROM articles"))
    assert get_json(ds, "/corpus/articles.json?_shape=array&_size=max").__len__() == 5


def test_bookkeeping_tables_hidden_and_pages_titled(corpus_db):
    ds = make_app(corpus_db)
    tables = {t["name"]: t for t in get_json(ds, "/corpus.json")["tables"]}
    assert tables["boilerplate_lines"]["hidden"] and not tables["articles"]["hidden"]
    page = get(ds, "/corpus/articles/1").text  # an article: its fields, then its quotes, actors, sources
    assert "North Korea shares blame" in page and '<a href="/corpus/mentions?article_id=1">' in page
    listing = get(ds, "/corpus/articles?_search=Pyongyang").text
    assert '<a href="/corpus/sources/1">Ukrainska Pravda</a>' in listing  # the publisher's name, not its id
    with sqlite3.connect(corpus_db) as con:  # the extractors' count, whatever it is today
        quotes = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert f"5 articles from 1 outlet, dated 2023-08-16 to 2025-04-30; {quotes} quotes." in get(ds, "/").text


def test_serve_without_a_database_is_one_line(tmp_path):
    from typer.testing import CliRunner

    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 3 and "Traceback" not in r.output


def test_serve_without_the_web_extra_says_how_to_install_it(corpus_db, monkeypatch):
    from typer.testing import CliRunner

    monkeypatch.setitem(sys.modules, "datasette.app", None)  # as if datasette were not installed
    r = CliRunner().invoke(app, ["serve", "--db", corpus_db])
    assert r.exit_code == 69
    assert r.output.strip() == "corpus: corpus serve needs the web extra: pip install 'corpus-cli[web]'"


def test_serve_refuses_a_port_in_use(corpus_db):
    import socket

    from typer.testing import CliRunner

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = CliRunner().invoke(app, ["serve", "--db", corpus_db, "--port", str(busy.getsockname()[1])])
    assert r.exit_code == 2 and "cannot listen on 127.0.0.1:" in r.output and "Traceback" not in r.output
