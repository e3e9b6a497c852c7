"""Processes that cannot outlive their run: a worker ends as soon as the process that started it is gone, and the
run's process turns SIGTERM and SIGHUP into an orderly stop, as Ctrl-C does."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from corpus_cli.errors import Terminated

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_SECONDS = 1.0  # where there is no parent-death signal, how often a worker looks for its parent


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` (its parent) ends, killed with -9 included: the kernel's
    parent-death signal on Linux, a thread that watches for the parent elsewhere."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent_pid:  # the parent died before the signal was asked for
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class _StopRequest:
    """The signal that asked the run to stop, and whether raising it must wait for check_stop."""

    signum: int | None = None
    defer = False


_stop = _StopRequest()


def _on_signal(signum, frame):
    _stop.signum = signum
    if not _stop.defer:
        raise Terminated(signum)


def check_stop() -> None:
    """Raise Terminated when SIGTERM or SIGHUP asked the run to stop."""
    if _stop.signum is not None:
        raise Terminated(_stop.signum)


@contextmanager
def deferred() -> Iterator[None]:
    """While worker processes are started and waited for, a stop signal is only recorded, and check_stop raises it:
    raised inside the fork machinery's hooks, it would be printed and lost, or leave their locks held."""
    before, _stop.defer = _stop.defer, True
    try:
        yield
    finally:
        _stop.defer = before


def _quiet_terminated(hook):
    def unraisable(u) -> None:
        # Raised inside a finalizer, it is dropped there; check_stop raises it again at the next file.
        if not isinstance(u.exc_value, Terminated):
            hook(u)

    return unraisable


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the run as Ctrl-C does (Terminated, a KeyboardInterrupt, in the main thread): it
    stops taking files, keeps its whole files, is marked interrupted and stops its workers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _stop.signum = None
    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGTERM, signal.SIGHUP)}
    hook, sys.unraisablehook = sys.unraisablehook, _quiet_terminated(sys.unraisablehook)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        sys.unraisablehook = hook
        _stop.signum = None


def default_signals() -> None:
    """In a worker: SIGTERM and SIGHUP end it at once (it inherited the run's handlers with its memory)."""
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)
