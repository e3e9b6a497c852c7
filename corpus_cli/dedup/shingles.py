"""Word shingles of an article body: the units near-duplicate detection compares (#23).

A shingle is five consecutive words, folded to lower case, punctuation dropped: quote styles, dashes and
spacing do not change a text's shingles, and one edited word changes at most five of them. Each shingle is
its CRC-32, a stable value (Python's own hash of a string changes from process to process).
"""

from __future__ import annotations

import re
import unicodedata
import zlib

SHINGLE_WORDS = 5
# Beyond this many words the rest of a text adds cost, not evidence: copies share their start.
MAX_WORDS = 4000

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text``, NFKC-normalised and case-folded."""
    if not text.isascii():  # ASCII is its own NFKC form
        text = unicodedata.normalize("NFKC", text)
    return _WORD.findall(text.casefold())[:MAX_WORDS]


def shingles(ws: list[str]) -> set[int]:
    """The CRC-32 of each run of SHINGLE_WORDS words of ``ws`` joined by spaces, as UTF-8 (fewer words than
    that make one shingle, all of them)."""
    if len(ws) < SHINGLE_WORDS:
        return {zlib.crc32(" ".join(ws).encode())} if ws else set()
    runs = zip(*(ws[i:] for i in range(SHINGLE_WORDS)))
    return set(map(zlib.crc32, map(str.encode, map(" ".join, runs))))  # maps: every step runs in C


def text_shingles(text: str) -> set[int]:
    return shingles(words(text))
