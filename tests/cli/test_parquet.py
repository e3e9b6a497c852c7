"""`corpus export --format parquet`: read back with pyarrow and compared with the JSON Lines export."""

import json
import sys

import pyarrow.dataset as ds
import pyarrow.parquet as pq

import corpus_cli.export
from tests.conftest import write


def _ingest_mixed(cli, samples, fixtures, tmp_path):
    """The five samples, an HTML page, a JSON record with no quotes or actors: seven articles."""
    d = tmp_path / "mixed"
    write(d / "page.html", (fixtures / "article.html").read_bytes())
    rec = {"title": "Night buses", "text": "The city council voted on Tuesday to extend the night bus service.\n\n"
                                           "Residents had complained for months about the last buses."}
    write(d / "feed.jsonl", json.dumps(rec) + "\n")
    for path in (samples, d):
        r = cli("ingest", str(path), "--workers", "1")
        assert r.exit_code == 0, r.output


def _rebuilt(out) -> list[dict]:
    """The articles of a Parquet export, each with its rows of the other tables, in the JSON Lines shape."""
    arts = {a["id"]: {**a, "quotes": [], "actors": [], "sources": []}
            for a in ds.dataset(out / "articles").to_table().to_pylist()}
    for table, key, drop in (("quotes", "quotes", ()), ("mentions", "actors", ("first_pos",)), ("sources", "sources", ())):
        for row in ds.dataset(out / table).to_table().to_pylist():
            arts[row.pop("article_id")][key].append({k: v for k, v in row.items() if k not in drop})
    return [arts[i] for i in sorted(arts)]


def test_parquet_tables_hold_what_the_jsonl_export_holds(cli, samples, fixtures, tmp_path):
    _ingest_mixed(cli, samples, fixtures, tmp_path)
    jsonl = cli.export()
    assert len(jsonl) == 7 and any(a["quotes"] for a in jsonl) and any(not a["actors"] for a in jsonl)
    out = tmp_path / "pq"
    r = cli("export", "--format", "parquet", "--out", str(out), "--articles-per-file", "3")
    assert r.exit_code == 0, r.output
    assert "7 articles" in r.stderr and "3 file(s) a table" in r.stderr
    assert _rebuilt(out) == jsonl
    # Part N of every table holds the rows of the same articles; file order is article order.
    for part in range(3):
        ids = pq.read_table(out / "articles" / f"part-{part:05d}.parquet", columns=["id"])["id"].to_pylist()
        assert len(ids) == (3 if part < 2 else 1) and ids == sorted(ids)
        for table in ("quotes", "mentions", "sources"):
            refs = pq.read_table(out / table / f"part-{part:05d}.parquet", columns=["article_id"])
            assert set(refs["article_id"].to_pylist()) <= set(ids)
    assert pq.read_schema(out / "quotes" / "part-00000.parquet").field("confidence").type == "double"
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_one_file_a_table_when_the_corpus_fits_and_an_empty_corpus_has_its_columns(cli, samples, tmp_path):
    assert cli("actors", "add", "Nobody Inc").exit_code == 0  # a database with no articles
    empty = tmp_path / "empty"
    empty.mkdir()  # an empty directory may be the target
    r = cli("export", "--format", "parquet", "--out", str(empty))
    assert r.exit_code == 0, r.output
    for table in ("articles", "quotes", "mentions", "sources"):
        files = sorted((empty / table).iterdir())
        assert [f.name for f in files] == ["part-00000.parquet"]
        assert pq.read_table(files[0]).num_rows == 0
    assert "article_id" in pq.read_schema(empty / "mentions" / "part-00000.parquet").names
    cli("ingest", str(samples), "--workers", "1")
    full = tmp_path / "full"
    assert cli("export", "--format", "parquet", "--out", str(full)).exit_code == 0
    assert [f.name for f in (full / "articles").iterdir()] == ["part-00000.parquet"]
    assert pq.read_table(full / "articles").num_rows == 5


def test_parquet_export_usage_errors(cli, samples, tmp_path):
    cli("ingest", str(samples), "--workers", "1")
    taken = tmp_path / "taken"
    write(taken / "keep.txt", "mine")
    cases = [
        (["--format", "parquet", "--out", str(taken)], "already exists and is not an empty directory"),
        (["--format", "parquet"], "--out DIR goes with --format parquet"),
        (["--format", "jsonl", "--out", str(tmp_path / "x")], "--out DIR goes with --format parquet"),
        (["--format", "parquet", "--out", str(tmp_path / "y"), "--articles-per-file", "0"], "at least 1"),
        (["--format", "parquet", "--out", str(taken / "keep.txt" / "z")], "cannot write"),
    ]
    for args, message in cases:
        r = cli("export", *args)
        assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.output, (args, r.output)
    assert [p.name for p in taken.iterdir()] == ["keep.txt"]
    assert not (tmp_path / "y").exists()
    assert not [p for p in tmp_path.rglob("*") if ".partial-" in p.name]


def test_without_pyarrow_parquet_says_which_extra_to_install(cli, samples, tmp_path, monkeypatch):
    cli("ingest", str(samples), "--workers", "1")
    # As if pyarrow were not installed: its import fails the way a missing module's does.
    for name in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)
    # corpus's module is imported again, without it.
    monkeypatch.delitem(sys.modules, "corpus_cli.export.parquet", raising=False)
    monkeypatch.delattr(corpus_cli.export, "parquet", raising=False)
    r = cli("export", "--format", "parquet", "--out", str(tmp_path / "pq"))
    assert r.exit_code == 2 and "pip install 'corpus-cli[parquet]'" in r.stderr, r.output
    assert not (tmp_path / "pq").exists()
