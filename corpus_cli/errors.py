"""Error types and the documented exit codes (README, "Exit codes")."""

from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1  # some inputs failed: recorded in the database, the rest stored
EXIT_USAGE = 2  # bad command line or argument
EXIT_DB_UNUSABLE = 3  # the database file cannot be opened, is not SQLite, or is corrupt
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: an optional extra the command needs is not installed
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug or a broken install; one line, never a traceback
EXIT_STORAGE = 74  # EX_IOERR: no space left (disk full, quota, file-size limit) or a disk I/O error
EXIT_TEMPFAIL = 75  # EX_TEMPFAIL: another ingest holds the database; try again later
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT); SIGTERM gives 143 and SIGHUP 129: 128 + the signal's number


class CorpusError(Exception):
    """An error that ends a command with a one-line message and an exit code."""

    exit_code = EXIT_USAGE


class UsageError(CorpusError):
    exit_code = EXIT_USAGE


class DatabaseUnusable(CorpusError):
    exit_code = EXIT_DB_UNUSABLE


class DatabaseBusy(CorpusError):
    exit_code = EXIT_TEMPFAIL


class MissingExtra(CorpusError):
    """A command needs an optional extra that is not installed (corpus serve without `web`)."""

    exit_code = EXIT_UNAVAILABLE


class ClusterLost(CorpusError):
    """The Dask scheduler of `ingest --cluster` cannot be reached or went away: the run ends as an interrupted
    one (what was stored is kept; the next run carries on)."""

    exit_code = EXIT_UNAVAILABLE


class StorageFull(CorpusError):
    """No space left for the database: the batch in hand was rolled back and the run marked failed."""

    exit_code = EXIT_STORAGE


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is: the run stops in order, and the command exits 128 + the signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


class PackageDataError(CorpusError):
    """A file shipped inside the package is missing or unreadable: a broken install, not the user's input."""

    exit_code = EXIT_INTERNAL


class InputError(Exception):
    """One input document cannot be read or cleaned; recorded, never raised out of a batch."""
