"""Runs, their errors, the state of each input file, and the boilerplate lines runs have learned."""

from __future__ import annotations

import json
import sqlite3

from corpus_cli.store.connect import atomic, now

LEARN_MIN_ARTICLES = 3  # a short line seen in this many distinct articles is boilerplate


def start_run(conn: sqlite3.Connection, args: dict) -> int:
    with atomic(conn):
        # A run still marked running holds no lock any more (we hold it now): it was killed. What it
        # was learning is dropped with it.
        conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        conn.execute("DELETE FROM boilerplate_pending")
        return conn.execute(
            "INSERT INTO runs (started_at, status, args) VALUES (?, 'running', ?)", [now(), json.dumps(args)]
        ).lastrowid


def finish_run(conn: sqlite3.Connection, run_id: int, counts: dict, status: str) -> None:
    with atomic(conn):
        if status in ("ok", "partial"):
            conn.execute(
                "INSERT INTO boilerplate_lines (line_key, articles) SELECT line_key, articles FROM boilerplate_pending "
                "WHERE run_id = ? ON CONFLICT(line_key) DO UPDATE SET articles = articles + excluded.articles",
                [run_id],
            )
        conn.execute("DELETE FROM boilerplate_pending WHERE run_id = ?", [run_id])
        conn.execute(
            "UPDATE runs SET ended_at = ?, status = ?, files_seen = ?, new_articles = ?, duplicates = ?, "
            "unchanged = ?, failed = ? WHERE id = ?",
            [now(), status, counts["files_seen"], counts["new_articles"], counts["duplicates"], counts["unchanged"],
             counts["failed"], run_id],
        )


def learned_boilerplate(conn: sqlite3.Connection) -> frozenset[str]:
    return frozenset(
        r[0] for r in conn.execute("SELECT line_key FROM boilerplate_lines WHERE articles >= ?", [LEARN_MIN_ARTICLES])
    )


def learn_lines(conn: sqlite3.Connection, run_id: int, counts) -> None:
    """Count each line key for ``counts[key]`` more articles of the run (merged when the run completes)."""
    conn.executemany(
        "INSERT INTO boilerplate_pending (run_id, line_key, articles) VALUES (?, ?, ?) "
        "ON CONFLICT(run_id, line_key) DO UPDATE SET articles = articles + excluded.articles",
        [(run_id, k, n) for k, n in counts.items()])


def record_error(conn: sqlite3.Connection, run_id: int, path: str, reason: str) -> None:
    conn.execute("INSERT INTO errors (run_id, path, reason, at) VALUES (?, ?, ?, ?)", [run_id, path, reason, now()])


def file_state(conn: sqlite3.Connection, path: str) -> tuple | None:
    """(size, mtime_ns, file_hash, status) of the file as the last run that saw it left it, or None."""
    return conn.execute("SELECT size, mtime_ns, file_hash, status FROM files WHERE path = ?", [path]).fetchone()


def record_file_failure(conn: sqlite3.Connection, run_id: int, path: str, reason: str, size=None, mtime_ns=None,
                        file_hash=None) -> None:
    """A file that gave nothing (in a batch: BatchWriter.record_failure)."""
    record_error(conn, run_id, path, reason)
    if size is not None:
        upsert_file(conn, path, size, mtime_ns, file_hash, None, "failed", reason, run_id)


def upsert_file(conn, path, size, mtime_ns, file_hash, fmt, status, reason, run_id) -> tuple[int, bool]:
    """The file's id, and whether it was known before."""
    row = conn.execute("SELECT id FROM files WHERE path = ?", [path]).fetchone()
    if row:
        conn.execute(
            "UPDATE files SET size = ?, mtime_ns = ?, file_hash = ?, format = coalesce(?, format), status = ?, "
            "reason = ?, run_id = ?, seen_at = ? WHERE id = ?",
            [size, mtime_ns, file_hash, fmt, status, reason, run_id, now(), row[0]],
        )
        return row[0], True
    return conn.execute(
        "INSERT INTO files (path, size, mtime_ns, file_hash, format, status, reason, run_id, seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [path, size, mtime_ns, file_hash, fmt, status, reason, run_id, now()],
    ).lastrowid, False


def touch_file(conn: sqlite3.Connection, path: str, size: int, mtime_ns: int) -> None:
    """The file's bytes are unchanged (same hash) but its size/mtime record is stale (in a batch)."""
    conn.execute("UPDATE files SET size = ?, mtime_ns = ?, seen_at = ? WHERE path = ?", [size, mtime_ns, now(), path])
