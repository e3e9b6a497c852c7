"""The corpus as four flat tables (articles, quotes, mentions, sources), read in batches of articles: what
the Parquet export writes. Each row holds what the JSON Lines export shows of it, plus the article id that
joins the tables, and each table's rows come in that export's order (README, "Export format")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from sqlite3 import Connection

# Each table's columns, in order; the Parquet writer gives them their types.
ARTICLE_COLUMNS = ("id", "content_hash", "title", "date", "authors", "publisher", "url", "language", "tags", "text",
                   "files", "duplicate_of", "cluster", "version_of")
QUOTE_COLUMNS = ("article_id", "text", "kind", "speaker", "speaker_mention", "start", "end", "cue", "confidence",
                 "affiliation")
MENTION_COLUMNS = ("article_id", "name", "type", "count", "first_pos")
SOURCE_COLUMNS = ("article_id", "name", "role")

_ARTICLES = (
    "SELECT a.id, a.content_hash, a.title, a.date, a.authors, p.name, a.url, a.language, a.tags, a.text, "
    "a.duplicate_of, coalesce(a.duplicate_of, a.id), a.version_of FROM articles a "
    "LEFT JOIN sources p ON p.id = a.publisher_id WHERE a.id > ? ORDER BY a.id LIMIT ?"
)
_FILES = (
    "SELECT DISTINCT af.article_id, f.path FROM article_files af JOIN files f ON f.id = af.file_id "
    "WHERE af.article_id BETWEEN ? AND ? ORDER BY af.article_id, f.path"
)
_QUOTES = (
    'SELECT article_id, text, kind, speaker, speaker_mention, start, "end", cue, confidence, affiliation FROM quotes '
    "WHERE article_id BETWEEN ? AND ? ORDER BY article_id, start, id"
)
_MENTIONS = (
    "SELECT m.article_id, ac.name, ac.type, m.count, m.first_pos FROM mentions m JOIN actors ac ON ac.id = m.actor_id "
    "WHERE m.article_id BETWEEN ? AND ? ORDER BY m.article_id, m.count DESC, m.first_pos"
)
_SOURCES = (
    "SELECT x.article_id, s.name, x.role FROM article_sources x JOIN sources s ON s.id = x.source_id "
    "WHERE x.article_id BETWEEN ? AND ? ORDER BY x.article_id, x.role DESC, s.name"
)


@dataclass
class Batch:
    """Consecutive articles and the quotes, mentions and sources that belong to them, as rows (tuples in each
    table's column order)."""

    articles: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    sources: list[tuple] = field(default_factory=list)


@contextmanager
def snapshot(db: Connection) -> Iterator[None]:
    """One read transaction around an export: the tables agree with each other while an ingest commits."""
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("ROLLBACK")


def batch_after(db: Connection, last_id: int, size: int) -> Batch | None:
    """Up to ``size`` articles with ids above ``last_id``, in id order, with their rows in the other tables
    (None when there are no more): a handful of queries a batch instead of five an article."""
    rows = db.execute(_ARTICLES, [last_id, size]).fetchall()
    if not rows:
        return None
    lo, hi = rows[0][0], rows[-1][0]
    files: dict[int, list[str]] = {}
    for article_id, path in db.execute(_FILES, [lo, hi]):
        files.setdefault(article_id, []).append(path)
    batch = Batch()
    for r in rows:
        batch.articles.append((*r[:4], json.loads(r[4] or "[]"), *r[5:8], json.loads(r[8] or "[]"), r[9],
                               files.get(r[0], []), *r[10:13]))
    batch.quotes = db.execute(_QUOTES, [lo, hi]).fetchall()
    batch.mentions = db.execute(_MENTIONS, [lo, hi]).fetchall()
    batch.sources = db.execute(_SOURCES, [lo, hi]).fetchall()
    return batch
