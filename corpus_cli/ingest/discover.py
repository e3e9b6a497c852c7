"""Walking the input paths: streaming, sorted (the same tree is always seen in the same order), following
directory symlinks once (loops are cut), reading per-directory sidecar files."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

SIDECAR = ".corpus.json"


@dataclass
class Found:
    path: str  # absolute, as text that can be stored and printed (see readable)
    size: int = 0
    mtime_ns: int = 0
    publisher: str | None = None  # from the nearest sidecar file
    error: str | None = None
    os_path: str | None = None  # the name to open, when it is not ``path`` (a name that is not UTF-8)

    @property
    def open_path(self) -> str:
        return self.os_path or self.path


def readable(path: str) -> str:
    """``path`` as text that can be stored and printed. A file system takes any bytes in a name, and Python gives
    those that are not UTF-8 as lone surrogates, which SQLite and the terminal refuse: each such byte is written
    as \\xNN instead ("caf\\xe9.txt", a Latin-1 name)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _sidecar(dirpath: str, inherited: str | None) -> str | None:
    p = os.path.join(dirpath, SIDECAR)
    try:
        with open(p, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        return inherited
    except (OSError, ValueError):
        return inherited
    value = data.get("publisher") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else inherited


def _entry(path: str, publisher: str | None) -> Found:
    shown = readable(path)
    found = Found(shown, publisher=publisher, os_path=path if shown != path else None)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        found.error = "dangling symlink" if os.path.islink(path) else "file vanished before it was read"
        return found
    except OSError as e:
        found.error = "symlink loop" if e.errno == 40 else f"cannot stat ({e.strerror})"  # 40: ELOOP
        return found
    if not stat.S_ISREG(st.st_mode):
        found.error = "not a regular file"
        return found
    found.size, found.mtime_ns = st.st_size, st.st_mtime_ns
    return found


def discover(paths: list[str], exclude: set[str] = frozenset()) -> Iterator[Found]:
    seen_dirs: set[tuple[int, int]] = set()
    for top in paths:
        top = os.path.abspath(top)
        if not os.path.isdir(top):
            if top not in exclude:
                yield _entry(top, _sidecar(os.path.dirname(top), None))
            continue
        stack: list[tuple[str, str | None]] = [(top, None)]
        while stack:
            d, inherited = stack.pop()
            try:
                st = os.stat(d)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue  # a directory symlink loop, or a tree already walked
            seen_dirs.add((st.st_dev, st.st_ino))
            publisher = _sidecar(d, inherited)
            try:
                names = sorted(os.listdir(d))
            except OSError as e:
                yield Found(readable(d), publisher=publisher, error=f"cannot list directory ({e.strerror})")
                continue
            subdirs = []
            for name in names:
                if name == SIDECAR or name.startswith("."):
                    continue
                p = os.path.join(d, name)
                if p in exclude:
                    continue
                if os.path.isdir(p):
                    subdirs.append(p)
                else:
                    yield _entry(p, publisher)
            stack.extend((s, publisher) for s in reversed(subdirs))
