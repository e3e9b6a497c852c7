"""Storage faults told apart from bugs: a full disk, a quota, a file-size limit, a read-only database, a database
deleted or replaced during a run. Each becomes one line and a documented exit code (errors.py), never 70."""

from __future__ import annotations

import errno
import os
import resource
import sqlite3

from corpus_cli.errors import DatabaseUnusable, StorageFull

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def _no_space(path: str, detail: str) -> StorageFull:
    return StorageFull(f"no space left to write {path} ({detail}): this run's last batch was rolled back; free "
                       "some space (or raise the quota or ulimit -f) and run again")


def _file_limit_reached(path: str) -> bool:
    """The process's file-size limit (ulimit -f) is at or below the size of the database or its journal."""
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    sizes = [os.stat(p).st_size for p in (path, path + "-wal", path + "-journal") if os.path.exists(p)]
    return any(s + 65536 >= limit for s in sizes)


def _disk_full(path: str) -> bool:
    try:
        st = os.statvfs(os.path.dirname(os.path.abspath(path)) or ".")
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 1024 * 1024


def classify(exc: BaseException, path: str) -> Exception | None:
    """The storage fault ``exc`` is (an error to raise in its place), or None when it is none of them."""
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
        return _no_space(path, exc.strerror or os.strerror(exc.errno))
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL" or "database or disk is full" in str(exc):
        return _no_space(path, "database or disk is full")
    if name.startswith("SQLITE_READONLY") or "readonly database" in str(exc):
        return DatabaseUnusable(f"{path}: the database or its directory is read-only ({exc}); "
                                "make both writable by this user, or pass --db")
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in str(exc):
        # SQLite reports a full disk as SQLITE_FULL, but a quota or a file-size limit as a write error.
        if _file_limit_reached(path):
            return _no_space(path, "file size limit reached, ulimit -f")
        if _disk_full(path):
            return _no_space(path, "disk full")
        return _no_space(path, f"{exc}: disk full, quota exceeded, or a failing disk")
    return None


def db_file(conn: sqlite3.Connection) -> str:
    """The file of the connection's main database (for messages and size checks)."""
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        return "the database"
    return row[2] if row and row[2] else "the database"


class Identity:
    """Which file a database path names: a database deleted or replaced during a run is noticed at the next
    commit, instead of the run writing on into a file nobody will read."""

    def __init__(self, path: str):
        self.path = path
        self.key = self._key()

    def _key(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def check(self) -> None:
        if self.key is not None and self._key() != self.key:
            raise DatabaseUnusable(
                f"{self.path}: the database was deleted or replaced during this run; what the run stored went with "
                "the old file, and the next run stores it again")
