"""Copies and versions in the store (#23): the LSH bands of every article, the cluster a new article joins
(``duplicate_of``: the first article of its story, in input order) and the earlier article it is a new
version of (``version_of``). Only the writer calls these, inside its batch."""

from __future__ import annotations

import sqlite3

from corpus_cli.dedup.near import MAX_BAND_STORIES, Params, fingerprint, is_copy
from corpus_cli.dedup.shingles import text_shingles
from corpus_cli.models import Article

# Only the first article of each story has bands (save_bands): a copy is checked against its story's first
# article, and a band holds one article a story however often the story is copied, so a lookup costs the same
# in a corpus of a thousand copies of one wire story. A band that many stories share is skipped (see
# MAX_BAND_STORIES). Oldest story first: the first verified is the earliest.
_CANDIDATES = (
    "SELECT DISTINCT a.id, a.text FROM article_bands b JOIN articles a ON a.id = b.article_id "
    "WHERE b.band IN (SELECT band FROM article_bands WHERE band IN ({}) AND article_id < ? "
    "GROUP BY band HAVING count(*) <= ?) AND a.id < ? ORDER BY a.id"
)


def candidates(conn: sqlite3.Connection, bands: list[int], before: int = 2**62) -> list[tuple[int, str]]:
    """(id, text) of the stories' first articles with ids below ``before`` that share a band held by at most
    MAX_BAND_STORIES of them, oldest first."""
    if not bands:
        return []
    return conn.execute(_CANDIDATES.format(",".join("?" * len(bands))),
                        [*bands, before, MAX_BAND_STORIES, before]).fetchall()


def find_root(conn: sqlite3.Connection, text: str, bands: list[int], params: Params,
              before: int = 2**62) -> int | None:
    """The root of the earliest cluster holding a copy of ``text`` among the articles with ids below
    ``before`` (None: it starts its own)."""
    rows = candidates(conn, bands, before)
    if not rows:
        return None
    mine = text_shingles(text)
    for root, other in rows:
        if is_copy(mine, text_shingles(other), params):
            return root
    return None


def find_version(conn: sqlite3.Connection, art: Article, publisher_id: int | None, root: int | None) -> int | None:
    """The latest earlier article this one is an edited version of: the same URL, or the same title and
    publisher with a body in the same cluster (a recurring title alone, "Morning briefing", is no version)."""
    if art.url:
        row = conn.execute("SELECT id FROM articles WHERE url = ? ORDER BY id DESC LIMIT 1", [art.url]).fetchone()
        if row:
            return row[0]
    if art.title and publisher_id is not None and root is not None:
        row = conn.execute(
            "SELECT id FROM articles WHERE (id = ? OR duplicate_of = ?) AND title = ? AND publisher_id = ? "
            "ORDER BY id DESC LIMIT 1", [root, root, art.title, publisher_id]).fetchone()
        if row:
            return row[0]
    return None


def save_bands(conn: sqlite3.Connection, article_id: int, bands: list[int], root: int | None) -> None:
    """The bands of an article that starts a story (``root`` None); a copy's are not kept (see _CANDIDATES)."""
    if root is not None:
        return
    conn.executemany("INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)",
                     [(b, article_id) for b in bands])


BACKFILL_BATCH = 500


def backfill(conn: sqlite3.Connection, params: Params) -> int:
    """Bands and clusters for the articles stored before bands existed, in id order as ingest would have
    clustered them, a batch a transaction (a killed run goes on where it stopped). Returns how many."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'near_backfill'").fetchone()
    if row is None:
        return 0
    done, upto = (int(x) for x in row[0].split("/"))
    total = 0
    while done < upto:
        conn.execute("BEGIN")
        rows = conn.execute("SELECT id, text FROM articles WHERE id > ? AND id <= ? ORDER BY id LIMIT ?",
                            [done, upto, BACKFILL_BATCH]).fetchall()
        for article_id, text in rows:
            fp = fingerprint(text, params)
            root = find_root(conn, text, fp.bands, params, before=article_id)
            if root is not None:
                conn.execute("UPDATE articles SET duplicate_of = ? WHERE id = ? AND duplicate_of IS NULL",
                             [root, article_id])
            save_bands(conn, article_id, fp.bands, root)
        done = rows[-1][0] if rows else upto
        conn.execute("UPDATE meta SET value = ? WHERE key = 'near_backfill'", [f"{done}/{upto}"])
        conn.execute("COMMIT")
        total += len(rows)
    conn.execute("DELETE FROM meta WHERE key = 'near_backfill'")
    return total
