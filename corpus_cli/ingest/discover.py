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
    path: str  # absolute
    size: int = 0
    mtime_ns: int = 0
    publisher: str | None = None  # from the nearest sidecar file
    error: str | None = None


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
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return Found(path, publisher=publisher, error="dangling symlink")
        return Found(path, publisher=publisher, error="file vanished before it was read")
    except OSError as e:
        if e.errno == 40:  # ELOOP
            return Found(path, publisher=publisher, error="symlink loop")
        return Found(path, publisher=publisher, error=f"cannot stat ({e.strerror})")
    if not stat.S_ISREG(st.st_mode):
        return Found(path, publisher=publisher, error="not a regular file")
    return Found(path, size=st.st_size, mtime_ns=st.st_mtime_ns, publisher=publisher)


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
                yield Found(d, publisher=publisher, error=f"cannot list directory ({e.strerror})")
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
