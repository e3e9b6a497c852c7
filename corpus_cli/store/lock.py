"""One writer at a time: an exclusive flock on ``<db>.lock``."""

from __future__ import annotations

import errno
import fcntl
import os
import time

from corpus_cli.errors import DatabaseBusy, DatabaseUnusable


class WriterLock:
    """An exclusive flock on ``<db>.lock``, released when the process ends (kill -9 included)."""

    def __init__(self, db_path: str, wait: float = 0.0):
        self.path = db_path + ".lock"
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise DatabaseUnusable(f"{self.path}: cannot create lock file ({e.strerror})") from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    os.close(self.fd)
                    self.fd = None
                    raise DatabaseBusy(
                        f"another ingest is writing to {self.path[:-5]}; try again later (or use --wait SECONDS)"
                    ) from None
                time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
