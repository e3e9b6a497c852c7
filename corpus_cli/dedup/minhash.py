"""MinHash signatures by one-permutation hashing, and their LSH bands (#23).

One pass over a text's shingle hashes fills BINS bins (the low bits of a hash pick its bin, the rest is the
value; each bin keeps its smallest): the cost of 128 classic MinHash permutations for the price of one,
in pure Python (no numpy in the base install; datasketch would need it and hashes each shingle 128 times).
Empty bins borrow from the next filled bin to their right (rotation densification, Shrivastava and Li 2014),
so two texts agree on a bin with probability close to their Jaccard similarity.

A band is a few consecutive bins; two texts that agree on all rows of any band are candidates: a pair of
Jaccard similarity J is one with probability 1 - (1 - J ** rows) ** bands. A copy cut to a third of its
original has a Jaccard similarity near 0.3 however faithful it is, so the bands of the whole text are
joined by bands of its first words (a lede survives syndication: cut endings, new headlines and datelines
change little of it). The numbers of bands and rows were chosen on the fit split of make bench-dedup's sets.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable

BINS = 128
BIN_BITS = 7  # 2 ** BIN_BITS == BINS
FULL_ROWS, FULL_BANDS = 4, 24
PREFIX_WORDS = 100
PREFIX_ROWS, PREFIX_BANDS = 3, 16
_EMPTY = 1 << 32  # above every value (a CRC-32 has 32 bits, BIN_BITS of them choose the bin)
_HOP = 1 << (32 - BIN_BITS)  # a borrowed value is offset by this per bin hopped, as densification asks


def signature(hashes: Iterable[int]) -> list[int] | None:
    """The BINS values of the one-permutation MinHash of ``hashes``; None when there are none."""
    mins = [_EMPTY] * BINS
    mask = BINS - 1
    for h in hashes:
        b = h & mask
        v = h >> BIN_BITS
        if v < mins[b]:
            mins[b] = v
    if all(v == _EMPTY for v in mins):
        return None
    out = list(mins)
    for i, v in enumerate(mins):
        if v == _EMPTY:
            hop = 1
            while mins[(i + hop) % BINS] == _EMPTY:
                hop += 1
            out[i] = mins[(i + hop) % BINS] + hop * _HOP
    return out


def bands(sig: list[int], rows: int, count: int, tag: int) -> list[int]:
    """One key per band (``count`` bands of ``rows`` bins from the start of ``sig``): a signed 64-bit hash of
    ``tag`` (which kind of band), the band's number and its rows, an SQLite integer."""
    pack = struct.Struct("<HH" + "Q" * rows).pack
    keys = []
    for k in range(count):
        packed = pack(tag, k, *sig[k * rows:(k + 1) * rows])
        keys.append(int.from_bytes(hashlib.blake2b(packed, digest_size=8).digest(), "little", signed=True))
    return keys
