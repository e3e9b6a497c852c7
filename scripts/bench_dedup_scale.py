#!/usr/bin/env python3
"""make bench-dedup-scale: near-duplicate candidate search as the corpus grows to 100,000 articles (#23).

Generates articles (below), fingerprints them (corpus_cli.dedup.near.fingerprint, two worker processes) and
stores them through the real writer (BatchWriter.store_file: the LSH candidate lookup in SQLite, verification
by containment, bands saved, the full-text index per batch) into one database. At each size (1,000, 10,000,
100,000 by default) the same probe articles, which are never stored, are looked up as the writer looks up a
new article (store/clusters.py: candidates, then find_root): the milliseconds a probe for the lookup in
SQLite and for the whole search (lookup and verification), the candidates a probe, and the share of planted
copies whose story is found. Flat rows from 1,000 to 100,000 mean the search costs the same per article
however large the corpus: it is sublinear in the corpus (an index lookup per band). Also printed: the
writer's milliseconds an article over the articles stored since the last row.

The generated text: words drawn from a Zipf law over 30,000 made-up words; stock phrases (5,000 of them,
also Zipf) spliced into a third of the sentences; most articles belong to a news event of about ten
articles, each taking several of that event's 15 sentences verbatim (shared quotes and facts: the hard
negatives, partly overlapping stories); 5% are syndicated copies of an earlier article (a wire dateline,
the ending cut to 40 to 100%, 2% of the words replaced). Half the probes are such copies of articles among
the first 1,000, half new articles about the events of the first 1,000. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from itertools import accumulate
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
WIRES = ["AP", "Reuters", "AFP", "UPI", "Bloomberg"]
COPY_SHARE = 0.05
EVENT_SHARE = 0.7
EVENT_SPAN = 10  # articles per event, on average
PROBE_BASE = 1000  # probes copy, or write about the events of, the articles among the first PROBE_BASE


class Gen:
    """The vocabulary, the stock phrases and the rules; ``article(i)`` is a pure function of the seed and i,
    so that workers generate any article alone and a copy regenerates its original."""

    def __init__(self, seed: int):
        rng = random.Random(seed)
        words = set()
        while len(words) < 30_000:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
        self.vocab = sorted(words)
        rng.shuffle(self.vocab)
        self.cum = list(accumulate(1 / (r + 1) ** 1.05 for r in range(len(self.vocab))))
        self.phrases = [" ".join(self.words(rng, rng.randint(3, 8))) for _ in range(5000)]
        self.phrase_cum = list(accumulate(1 / (r + 1) for r in range(len(self.phrases))))
        self.seed = seed

    def words(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def sentence(self, rng: random.Random) -> str:
        ws = self.words(rng, rng.randint(8, 30))
        if rng.random() < 0.33:
            at = rng.randrange(len(ws))
            ws[at:at] = rng.choices(self.phrases, cum_weights=self.phrase_cum)
        return " ".join(ws).capitalize() + "."

    def event(self, e: int) -> list[str]:
        rng = random.Random(f"{self.seed}/event/{e}")
        return [self.sentence(rng) for _ in range(15)]

    def fresh(self, rng: random.Random, event: int | None) -> str:
        """A new article: about 200 to 1,000 words in paragraphs, some of them an event's sentences."""
        target = min(1000, max(150, int(rng.lognormvariate(5.9, 0.45))))
        sents = [self.sentence(rng) for _ in range(target // 18)]
        if event is not None:
            for s in rng.sample(self.event(event), rng.randint(2, 6)):
                sents.insert(rng.randint(0, len(sents)), s)
        paras = []
        while sents:
            k = rng.randint(1, 4)
            paras.append(" ".join(sents[:k]))
            sents = sents[k:]
        return "\n\n".join(paras)

    def copy(self, rng: random.Random, text: str) -> str:
        """A syndicated copy of ``text``: a wire dateline, its ending cut, a few words replaced."""
        paras = text.split("\n\n")
        paras = paras[:max(1, round(len(paras) * rng.uniform(0.4, 1.0)))]
        ws = " ".join(paras).split(" ")
        for _ in range(len(ws) // 50):
            ws[rng.randrange(len(ws))] = self.words(rng, 1)[0]
        city = self.words(rng, 1)[0].upper()
        return f"{city} ({rng.choice(WIRES)}) — " + " ".join(ws)

    def article(self, i: int) -> str:
        """Article ``i`` of the stream: a copy of an earlier one, or new (about a recent event, or not)."""
        rng = random.Random(f"{self.seed}/{i}")
        if i > 0 and rng.random() < COPY_SHARE:
            return self.copy(rng, self.article(rng.randrange(i)))
        event = rng.randint(max(0, i // EVENT_SPAN - 20), i // EVENT_SPAN) if rng.random() < EVENT_SHARE else None
        return self.fresh(rng, event)

    def probe(self, j: int) -> tuple[str, int | None]:
        """Probe ``j``: (text, the index of the article it copies, None for a new article)."""
        rng = random.Random(f"{self.seed}/probe/{j}")
        if j % 2 == 0:
            src = rng.randrange(PROBE_BASE)
            return self.copy(rng, self.article(src)), src
        return self.fresh(rng, rng.randrange(PROBE_BASE // EVENT_SPAN)), None


_WORKER: dict = {}  # the generator and thresholds of a worker process (set once by its initializer)


def _init_worker(seed: int) -> None:
    from corpus_cli.dedup.near import default_params

    _WORKER.update(gen=Gen(seed), params=default_params())


def _make(span: tuple[int, int]) -> list[tuple[int, str, str, list[int]]]:
    """Articles ``span[0]`` up to ``span[1]``: (index, text, content hash, LSH bands), as a worker hands them on."""
    from corpus_cli.clean.normalize import content_hash
    from corpus_cli.dedup.near import fingerprint

    gen, params = _WORKER["gen"], _WORKER["params"]
    out = []
    for i in range(*span):
        text = gen.article(i)
        out.append((i, text, content_hash(text), fingerprint(text, params).bands))
    return out


def fill(batch, pool, start: int, stop: int) -> tuple[float, float]:
    """Store articles ``start`` up to ``stop`` through the writer; its wall and CPU seconds (storing only)."""
    from corpus_cli.models import Article

    spans = [(a, min(a + 250, stop)) for a in range(start, stop, 250)]
    wall = cpu = 0.0
    for g in range(0, len(spans), 8):  # a few chunks at a time: imap would hold every article made and not stored
        for chunk in pool.imap(_make, spans[g:g + 8]):
            t, c = time.perf_counter(), time.process_time()
            for i, text, chash, bands in chunk:
                art = Article(text=text, content_hash=chash, kind="text", title=f"Article {i}",
                              publisher=WIRES[i % 5], bands=bands)
                batch.store_file(f"gen/{i:06d}.txt", len(text), 0, chash, "text", [(0, art, [])], [])
                batch.done_one()
            wall, cpu = wall + time.perf_counter() - t, cpu + time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    batch.commit()
    return wall + time.perf_counter() - t, cpu + time.process_time() - c


def probes(gen: Gen, n: int) -> list[tuple[str, list[int], str | None]]:
    """(text, bands, the content hash of the article it copies or None) of ``n`` probes."""
    from corpus_cli.clean.normalize import content_hash
    from corpus_cli.dedup.near import default_params, fingerprint

    params, out = default_params(), []
    for j in range(n):
        text, src = gen.probe(j)
        out.append((text, fingerprint(text, params).bands, None if src is None else content_hash(gen.article(src))))
    return out


def search(conn, probe_set: list, passes: int) -> dict:
    """Each probe looked up ``passes`` times (its fastest pass kept: the machine is shared): milliseconds of the
    lookup and of the whole search, candidates a probe, and the planted copies whose story was found."""
    from corpus_cli.dedup.near import default_params
    from corpus_cli.store import clusters

    params = default_params()
    lookup, whole, cands, new_cands, found, planted = [], [], [], [], 0, 0
    for text, bands, src in probe_set:
        best_l = best_w = float("inf")
        for _ in range(passes):
            t0 = time.perf_counter()
            rows = clusters.candidates(conn, bands)
            t1 = time.perf_counter()
            root = clusters.find_root(conn, text, bands, params)
            t2 = time.perf_counter()
            best_l, best_w = min(best_l, t1 - t0), min(best_w, t2 - t1)
        lookup.append(best_l * 1000)
        whole.append(best_w * 1000)
        cands.append(len(rows))
        if src is None:
            new_cands.append(len(rows))
        else:  # a copy of an article not stored yet (a size below PROBE_BASE) is not counted
            want = conn.execute("SELECT coalesce(duplicate_of, id) FROM articles WHERE content_hash = ?",
                                [src]).fetchone()
            planted += bool(want)
            found += bool(want) and root == want[0]
    return {"lookup": lookup, "whole": whole, "cands": cands, "new": new_cands, "found": found, "planted": planted}


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def row(size: int, conn, got: dict, fill_ms: float) -> str:
    bands, stories = conn.execute("SELECT count(*), count(DISTINCT article_id) FROM article_bands").fetchone()
    c, new = got["cands"], got["new"] or [0]
    return (f"{size:>9,}{stories:>9,}{bands:>11,}{statistics.median(got['lookup']):>9.3f}"
            f"{statistics.median(got['whole']):>9.3f}{statistics.mean(got['whole']):>8.3f}"
            f"{_pct(got['whole'], 0.95):>8.3f}{statistics.mean(c):>8.2f}{statistics.mean(new):>8.2f}{max(c):>5}"
            f"{got['found']:>7}/{got['planted']:<5}{fill_ms:>9.3f}")


HEADER = (f"{'articles':>9}{'stories':>9}{'band rows':>11}{'lookup':>9}{'search':>9}{'mean':>8}{'p95':>8}"
          f"{'cands':>8}{'new':>8}{'max':>5}{'found':>13}{'store ms':>9}")


def main() -> int:
    from corpus_cli.dedup.near import default_params
    from corpus_cli.store.connect import open_db
    from corpus_cli.store.runs import start_run
    from corpus_cli.store.writer import BatchWriter

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes at which the probes are looked up")
    ap.add_argument("--probes", type=int, default=400, help="probe articles (half planted copies)")
    ap.add_argument("--passes", type=int, default=3, help="lookups of each probe (the fastest is kept)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes generating articles")
    ap.add_argument("--seed", type=int, default=23)
    a = ap.parse_args()
    sizes = sorted(int(s) for s in a.sizes.split(","))
    t_start = time.perf_counter()
    gen = Gen(a.seed)
    probe_set = probes(gen, a.probes)
    print(f"bench-dedup-scale: {a.probes} probes ({sum(p[2] is not None for p in probe_set)} planted copies) at "
          f"{', '.join(f'{s:,}' for s in sizes)} articles.\nlookup (p50) and search (p50, mean, p95): milliseconds a "
          f"probe, fastest of {a.passes} passes; cands: candidates a probe, new: a new article's; found: planted "
          "copies whose story was found; store ms: the writer's CPU ms an article stored since the row before")
    print(HEADER)
    with tempfile.TemporaryDirectory(prefix="corpus-dedup-scale-") as tmp, \
            Pool(a.workers, initializer=_init_worker, initargs=(a.seed,)) as pool:
        conn = open_db(str(Path(tmp) / "scale.db"))
        batch = BatchWriter(conn, start_run(conn, {}), None, near=default_params())
        done = 0
        for size in sizes:
            _, cpu = fill(batch, pool, done, size)
            fill_ms, done = cpu / (size - done) * 1000, size
            print(row(size, conn, search(conn, probe_set, a.passes), fill_ms), flush=True)
        conn.close()
    print(f"bench-dedup-scale: {time.perf_counter() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
