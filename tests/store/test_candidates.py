"""Near-duplicate candidates in SQLite (#23): a band that many stories share is not looked up, a copy is still
found through its other bands, and the lookup uses the bands' primary key (its cost does not grow with the
corpus: make bench-dedup-scale)."""

from __future__ import annotations

import random

import pytest

from corpus_cli.dedup.near import MAX_BAND_STORIES, default_params
from corpus_cli.store import clusters
from corpus_cli.store.connect import open_db
from corpus_cli.store.runs import start_run

COMMON, OWN = 7, 9


def _text(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(200)) + "."


def _stories(conn, n: int) -> list[int]:
    """``n`` stories that all post the band COMMON; the first one also posts OWN."""
    run = start_run(conn, {})
    ids = []
    for i in range(n):
        ids.append(conn.execute(
            "INSERT INTO articles (content_hash, text, kind, run_id, created_at) VALUES (?, ?, 'text', ?, '')",
            [f"sha256:{i}", _text(i), run]).lastrowid)
        clusters.save_bands(conn, ids[-1], [COMMON] + ([OWN] if i == 0 else []), None)
    return ids


@pytest.fixture
def conn(tmp_path):
    c = open_db(str(tmp_path / "c.db"))
    yield c
    c.close()


def test_a_band_shared_by_many_stories_is_not_looked_up(conn):
    ids = _stories(conn, MAX_BAND_STORIES + 1)
    assert clusters.candidates(conn, [COMMON]) == []
    # A copy of the first story still finds it through its own band, and only it.
    assert [r[0] for r in clusters.candidates(conn, [COMMON, OWN])] == [ids[0]]
    copy = _text(0).replace("w", "W", 3)
    assert clusters.find_root(conn, copy, [COMMON, OWN], default_params()) == ids[0]
    # The count is of the stories before the article looked up (a backfill sees the corpus as ingest did).
    assert len(clusters.candidates(conn, [COMMON], before=ids[-1])) == MAX_BAND_STORIES


def test_a_band_shared_by_few_stories_gives_them_all_oldest_first(conn):
    ids = _stories(conn, MAX_BAND_STORIES)
    assert [r[0] for r in clusters.candidates(conn, [COMMON, 12345])] == ids


def test_the_lookup_uses_the_bands_primary_key(conn):
    _stories(conn, 3)
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    clusters.candidates(conn, [COMMON, OWN, 1, 2])
    conn.set_trace_callback(None)
    plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + seen[-1])]
    assert not any(r.startswith("SCAN") for r in plan), plan
    assert any("article_bands USING PRIMARY KEY" in r or "USING COVERING INDEX" in r for r in plan), plan
