"""Cron under real faults (#21): the main process killed alone, SIGTERM and SIGHUP, a full disk, a database made
read-only, deleted or replaced. Real processes, real signals, a real file-size limit."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import sample_copies

CORPUS = [sys.executable, "-m", "corpus_cli"]
SENTENCE = " The ministry said on day {copy} that the talks would go on."
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find processes")


def _group(pgid: int) -> list[int]:
    """Live processes (zombies aside) of the process group ``pgid``."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(stat.parent.name))
    return out


def _gone(pgid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while _group(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _group(pgid)


def _start(tree: Path, db_path: str) -> subprocess.Popen:
    """An ingest with two workers in a session of its own, returned once its workers run."""
    proc = subprocess.Popen(CORPUS + ["ingest", str(tree), "--db", db_path, "--workers", "2", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_group(proc.pid)) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_group(proc.pid)) >= 3, "the run ended before its workers could be seen"
    return proc


def _articles(db_path: str) -> dict[str, list[str]]:
    out = subprocess.run(CORPUS + ["export", "--db", db_path], capture_output=True, text=True, check=True)
    return {a["content_hash"]: sorted(a["files"]) for a in map(json.loads, out.stdout.splitlines())}


@pytest.fixture
def tree(tmp_path) -> Path:
    """More files than a run does in one process: a run with workers."""
    d = tmp_path / "tree"
    sample_copies(d, 7, SENTENCE, "c{copy:02d}/{name}")
    return d


@pytest.fixture
def reference(tree, tmp_path) -> dict[str, list[str]]:
    """The articles of one uninterrupted run."""
    ref = str(tmp_path / "ref.db")
    subprocess.run(CORPUS + ["ingest", str(tree), "--db", ref, "--workers", "2", "--quiet"], check=True)
    return _articles(ref)


@needs_proc
def test_main_process_killed_alone_leaves_no_worker_and_no_lock(tree, db_path, reference):
    proc = _start(tree, db_path)
    os.kill(proc.pid, signal.SIGKILL)  # as the out-of-memory killer or a watchdog's `kill -9 PID` does
    proc.wait()
    assert _gone(proc.pid), f"processes of the killed run still running: {_group(proc.pid)}"
    r = subprocess.run(CORPUS + ["ingest", str(tree), "--db", db_path, "--workers", "2", "--quiet"],
                       capture_output=True, text=True, timeout=300)  # no --wait: the lock is free
    assert r.returncode == 0, r.stderr
    assert _articles(db_path) == reference


@needs_proc
@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_stop_the_run_in_order(tree, db_path, reference, sig, code):
    proc = _start(tree, db_path)
    proc.send_signal(sig)  # to the main process alone, as `timeout` and systemd do
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert err.count("\n") == 1 and "stopped by" in err and "Traceback" not in err
    assert _gone(proc.pid)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    r = subprocess.run(CORPUS + ["ingest", str(tree), "--db", db_path, "--workers", "2", "--quiet"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert _articles(db_path) == reference


def test_disk_full_is_one_line_exit_74_and_the_next_run_completes(tree, db_path, reference):
    """A file-size limit (ulimit -f) reached mid-run: SQLite cannot grow the database or its journal, as on a
    full disk or over a quota."""
    subprocess.run(CORPUS + ["ingest", str(next(tree.rglob("*.txt"))), "--db", db_path, "--quiet"], check=True)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the journal starts empty: the run must grow it
    conn.close()
    # Below the database's size: it is read and rewritten in place, but the journal cannot grow past the limit.
    limit = 128 * 1024
    assert os.path.getsize(db_path) > limit

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = subprocess.run(CORPUS + ["ingest", str(tree), "--db", db_path, "--workers", "1"], capture_output=True,
                       text=True, timeout=300, preexec_fn=small_files)
    assert r.returncode == 74, r.stderr
    assert r.stderr.count("\n") == 1 and "no space left" in r.stderr and "Traceback" not in r.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    again = subprocess.run(CORPUS + ["ingest", str(tree), "--db", db_path, "--workers", "1", "--quiet"],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _articles(db_path) == reference


def test_storage_faults_are_told_apart_from_bugs(tmp_path):
    """SQLite's own errors for a read-only database and a full one, classified; any other error is none of them."""
    from corpus_cli.errors import EXIT_DB_UNUSABLE, EXIT_STORAGE
    from corpus_cli.store import faults
    from corpus_cli.store.connect import open_db

    path = str(tmp_path / "c.db")
    open_db(path).close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as e:
        ro.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
    fault = faults.classify(e.value, path)
    assert fault.exit_code == EXIT_DB_UNUSABLE and "read-only" in str(fault)
    full = sqlite3.connect(path)
    full.execute(f"PRAGMA max_page_count = {full.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(sqlite3.OperationalError) as e:
        full.execute("INSERT INTO boilerplate_lines VALUES (?, 1)", ["x" * 100_000])
        full.commit()
    fault = faults.classify(e.value, path)
    assert fault.exit_code == EXIT_STORAGE and str(fault).startswith("no space left")
    assert faults.classify(sqlite3.IntegrityError("UNIQUE constraint failed"), path) is None
    assert faults.classify(OSError(28, "No space left on device"), path).exit_code == EXIT_STORAGE


def test_a_database_deleted_or_replaced_during_a_run_is_noticed(tmp_path, samples):
    from corpus_cli.errors import DatabaseUnusable
    from corpus_cli.ingest.process import Options
    from corpus_cli.ingest.run import ingest
    from corpus_cli.store.connect import open_db

    for fate in ("deleted", "replaced"):
        path = str(tmp_path / f"{fate}.db")
        conn = open_db(path)

        def meddle(out, found, path=path, fate=fate):
            if os.path.exists(path):
                os.unlink(path)
                if fate == "replaced":
                    open_db(path).close()

        with pytest.raises(DatabaseUnusable, match="deleted or replaced during this run"):
            ingest(conn, [str(samples)], Options(workers=1), db_path=path, on_file=meddle)
