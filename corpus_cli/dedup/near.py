"""Near-duplicates: which earlier story a new article is a copy of (#23).

Candidates come from shared LSH bands (minhash.py); each is verified by containment, the share of the
shorter text's shingles found in the longer one, so that a wire story cut short, or given a new headline
and a dateline, still matches its full copy (Jaccard similarity alone misses those). The parameters are
fitted by scripts/bench_dedup.py --fit and ship as corpus_cli/data/dedup.json.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from corpus_cli import package_data
from corpus_cli.dedup import minhash as mh
from corpus_cli.dedup.shingles import shingles, words
from corpus_cli.errors import UsageError

# A band shared by more stories than this is not looked up: stories that all share it are not copies of each
# other (a copy adds no band), so it comes from phrases common to many texts (a publisher's lede boilerplate,
# stock phrases), not from a copy; looking it up would verify a number of candidates that grows with the
# corpus. A copy still matches its story through its other bands (make bench-dedup-scale, docs/performance.md).
MAX_BAND_STORIES = 16


@dataclass(frozen=True)
class Params:
    containment: float  # a candidate is a copy when at least this share of the shorter text is in the longer
    min_shingles: int  # shorter texts are too short to tell a copy from a shared quote or formula


def default_params() -> Params:
    return package_data.load("dedup.json", "the near-duplicate thresholds",
                             lambda d: Params(containment=float(d["containment"]), min_shingles=int(d["min_shingles"])))


def near_params(base: Params, containment: float | None, min_shingles: int | None) -> Params:
    """``base`` with the thresholds a user gave (ingest's --near-containment, --near-min-shingles)."""
    if containment is not None and not 0.0 < containment <= 1.0:
        raise UsageError(f"--near-containment takes a share above 0 and at most 1 (got {containment})")
    if min_shingles is not None and min_shingles < 1:
        raise UsageError(f"--near-min-shingles takes a count of at least 1 (got {min_shingles})")
    return Params(containment=base.containment if containment is None else containment,
                  min_shingles=base.min_shingles if min_shingles is None else min_shingles)


def containment(a: set[int], b: set[int]) -> float:
    """Share of the smaller set found in the larger one (0.0 when either is empty)."""
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if not small:
        return 0.0
    return len(small & big) / len(small)


def is_copy(a: set[int], b: set[int], params: Params) -> bool:
    return min(len(a), len(b)) >= params.min_shingles and containment(a, b) >= params.containment


def pick_root(new: set[int], candidates: Iterable[tuple[int, set[int]]], params: Params) -> int | None:
    """The root of the earliest cluster (the smallest root id) that holds a copy of ``new``, or None.
    ``candidates`` are (root id, shingles) of the earlier articles that share a band with ``new``."""
    for root, other in sorted(candidates, key=lambda c: c[0]):
        if is_copy(new, other, params):
            return root
    return None


@dataclass
class Fingerprint:
    """What a worker computes for one article: its shingles and its LSH band keys (none when too short)."""

    shingles: set[int]
    bands: list[int]


def fingerprint(text: str, params: Params) -> Fingerprint:
    ws = words(text)
    sh = shingles(ws)
    if len(sh) < params.min_shingles:
        return Fingerprint(sh, [])
    keys = mh.bands(mh.signature(sh), mh.FULL_ROWS, mh.FULL_BANDS, 0)
    head = shingles(ws[:mh.PREFIX_WORDS]) if len(ws) > mh.PREFIX_WORDS else sh
    return Fingerprint(sh, keys + mh.bands(mh.signature(head), mh.PREFIX_ROWS, mh.PREFIX_BANDS, 1))


class NearIndex:
    """Clusters in memory, in the order articles are added (the benchmark and tests; the store keeps the
    same bands in SQLite). ``add`` returns the new article's root: its own key when it starts a cluster."""

    def __init__(self, params: Params):
        self.params = params
        self._by_band: dict[int, list[int]] = {}
        self._shingles: dict[int, set[int]] = {}
        self.root: dict[int, int] = {}

    def candidates(self, fp: Fingerprint) -> list[int]:
        lists = (self._by_band.get(b, ()) for b in fp.bands)
        return sorted({key for keys in lists if len(keys) <= MAX_BAND_STORIES for key in keys})

    def add(self, key: int, text: str) -> int:
        fp = fingerprint(text, self.params)
        cands = [(self.root[c], self._shingles[c]) for c in self.candidates(fp)]
        root = pick_root(fp.shingles, cands, self.params)
        self.root[key] = key if root is None else root
        if root is None:  # only a story's first article is looked up (as the store keeps bands)
            self._shingles[key] = fp.shingles
            for b in fp.bands:
                self._by_band.setdefault(b, []).append(key)
        return self.root[key]
