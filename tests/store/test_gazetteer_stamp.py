"""A read command on an up-to-date database does not hash the shipped gazetteer: the digest recorded with the
file's stamp (path, size, modification time) at the last sync stands while the stamp does; another stamp
means the file is hashed and compared as before."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from corpus_cli.gazetteer import gazetteer_digest, packaged_gazetteer_stamp
from corpus_cli.store.connect import GAZETTEER_STAMP

WATCHED = ("hashlib", "importlib.resources", "sqlite_utils")


def _query(db_path: str) -> tuple[list, dict[str, bool]]:
    """``corpus query --actor "North Korea"`` in a Python of its own: its rows and which WATCHED modules it imported."""
    code = ("import sys, json; from corpus_cli.cli import app; sys.argv = ['corpus', 'query', '--actor', "
            "'North Korea', '--db', sys.argv[1], '--format', 'json']\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps({{m: m in sys.modules for m in {WATCHED!r}}}), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, db_path], capture_output=True, text=True, check=True)
    return json.loads(r.stdout), json.loads(r.stderr.strip().splitlines()[-1])


def _meta(db_path: str, sql: str = "", *args: str) -> dict[str, str]:
    conn = sqlite3.connect(db_path)
    try:
        if sql:
            conn.execute(sql, args)
            conn.commit()
        return dict(conn.execute("SELECT key, value FROM meta"))
    finally:
        conn.close()


def test_an_ingest_records_the_stamp_and_a_query_then_hashes_nothing(cli, samples, db_path):
    cli("ingest", str(samples), "--workers", "1")
    meta = _meta(db_path)
    assert meta[GAZETTEER_STAMP] == f"{packaged_gazetteer_stamp()} {gazetteer_digest()}"
    rows, imported = _query(db_path)
    assert len(rows) >= 3 and rows == cli.json("query", "--actor", "North Korea")
    assert imported == {"hashlib": False, "importlib.resources": False, "sqlite_utils": False}


def test_another_stamp_means_the_file_is_hashed(cli, samples, db_path):
    cli("ingest", str(samples), "--workers", "1")
    expected = cli.json("query", "--actor", "North Korea")
    # The file moved or changed since the sync: hashed, found the same, read directly all the same.
    _meta(db_path, "UPDATE meta SET value = ? WHERE key = ?", f"/elsewhere:1:2 {gazetteer_digest()}", GAZETTEER_STAMP)
    rows, imported = _query(db_path)
    assert rows == expected and imported["hashlib"] and not imported["sqlite_utils"]
    # A database synced from another gazetteer: brought up to date through open_db, which records the stamp.
    _meta(db_path, "UPDATE meta SET value = 'old' WHERE key = 'gazetteer'")
    rows, imported = _query(db_path)
    assert rows == expected and imported["sqlite_utils"]
    assert _meta(db_path)[GAZETTEER_STAMP] == f"{packaged_gazetteer_stamp()} {gazetteer_digest()}"
    assert _query(db_path)[1] == {"hashlib": False, "importlib.resources": False, "sqlite_utils": False}
