"""Caches of pure functions of a string that keep a worker's memory flat: bounded in entries, and holding only
short strings (a menu line, a name), since long ones (a paragraph, a hostile wall of text) rarely recur and each
would stay in memory."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def short_string_cache(max_chars: int, maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A decorator: ``fn(text, *args)`` with an LRU cache of ``maxsize`` entries for ``text`` up to ``max_chars``
    characters; a longer ``text`` is worked out each time."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        cached = functools.lru_cache(maxsize=maxsize)(fn)

        @functools.wraps(fn)
        def call(text: str, *args):
            return cached(text, *args) if len(text) <= max_chars else fn(text, *args)

        return call

    return wrap
