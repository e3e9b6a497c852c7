"""One writer at a time: an exclusive flock on ``<db>.lock``, held by the process that took it and by no other.

A forked child shares its parent's open files, and with them the flock: a worker left running after its run was
killed would hold the lock, and every later ingest would exit 75. So the descriptor is closed in every child at
the moment it is forked (and is close-on-exec for any program started)."""

from __future__ import annotations

import errno
import fcntl
import os
import time

from corpus_cli.errors import DatabaseBusy, DatabaseUnusable
from corpus_cli.store import faults


class _Held:
    """Descriptors of the locks this process holds."""

    def __init__(self) -> None:
        self.fds: set[int] = set()

    def close_in_child(self) -> None:
        # Closing a child's copy leaves the parent's lock in place (flock belongs to the open file, which the
        # parent still has open); LOCK_UN here would release it for both.
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self.fds.clear()


_held = _Held()
os.register_at_fork(after_in_child=_held.close_in_child)


class WriterLock:
    """An exclusive flock on ``<db>.lock``, released when the process ends (kill -9 included)."""

    def __init__(self, db_path: str, wait: float = 0.0):
        self.path = db_path + ".lock"
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise faults.classify(e, self.path[:-5]) or DatabaseUnusable(
                f"{self.path}: cannot create lock file ({e.strerror})") from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                _held.fds.add(self.fd)
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
            _held.fds.discard(self.fd)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
