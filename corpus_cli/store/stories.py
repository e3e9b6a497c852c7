"""Reads of stories (#23): an article's cluster (its copies, rooted at the first article of the story) and its
versions, the clusters largest first, and how many stories and copies the corpus holds."""

from __future__ import annotations

from sqlite3 import Connection

_MEMBER = ("SELECT a.id, a.title, p.name, a.date, a.kind, a.url FROM articles a "
           "LEFT JOIN sources p ON p.id = a.publisher_id WHERE {} ORDER BY a.id")
_MEMBER_KEYS = ["id", "title", "publisher", "date", "kind", "url"]
# Every article an article was edited from (up the chain) and every later version of it (down).
_VERSIONS = """
WITH RECURSIVE up(id) AS (
    SELECT version_of FROM articles WHERE id = :id AND version_of IS NOT NULL
    UNION SELECT a.version_of FROM articles a JOIN up ON a.id = up.id WHERE a.version_of IS NOT NULL
), down(id) AS (
    SELECT id FROM articles WHERE version_of = :id
    UNION SELECT a.id FROM articles a JOIN down ON a.version_of = down.id
)
SELECT id FROM up UNION SELECT id FROM down
"""


def copies_counts(db: Connection, ids: list[int]) -> dict[int, int]:
    """For each of ``ids`` that roots a cluster, how many copies it has (the others of its story)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(db.execute(
        f"SELECT duplicate_of, count(*) FROM articles WHERE duplicate_of IN ({marks}) GROUP BY duplicate_of", ids))


def story(db: Connection, article_id: int) -> dict:
    """``cluster`` (the root's id), ``copies`` (the cluster's other articles) and ``versions`` (earlier and
    later versions) of one article, each a list of {id, title, publisher, date, kind, url} in id order."""
    root = db.execute("SELECT coalesce(duplicate_of, id) FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    members = [dict(zip(_MEMBER_KEYS, r)) for r in db.execute(
        _MEMBER.format("(a.id = ? OR a.duplicate_of = ?) AND a.id != ?"), [root, root, article_id])]
    version_ids = [r[0] for r in db.execute(_VERSIONS, {"id": article_id})]
    versions = []
    if version_ids:
        marks = ",".join("?" * len(version_ids))
        versions = [dict(zip(_MEMBER_KEYS, r)) for r in db.execute(_MEMBER.format(f"a.id IN ({marks})"), version_ids)]
    return {"cluster": root, "copies": members, "versions": versions}


def clusters(db: Connection, limit: int | None = 50, min_size: int = 2) -> list[dict]:
    """Clusters of at least ``min_size`` articles, largest first (then the oldest root first): the root's
    id and title, the size, the publishers (in order of first appearance) and the first and last dates."""
    sql = ("SELECT duplicate_of, count(*) + 1 AS size FROM articles WHERE duplicate_of IS NOT NULL "
           "GROUP BY duplicate_of HAVING size >= ? ORDER BY size DESC, duplicate_of" + (" LIMIT ?" if limit else ""))
    out = []
    for root, size in db.execute(sql, [min_size, limit] if limit else [min_size]).fetchall():
        members = db.execute(_MEMBER.format("a.id = ? OR a.duplicate_of = ?"), [root, root]).fetchall()
        publishers = list(dict.fromkeys(m[2] for m in members if m[2]))
        dates = sorted(m[3] for m in members if m[3])
        out.append({"id": root, "title": members[0][1], "size": size, "publishers": publishers,
                    "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None})
    return out


def counts(db: Connection) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "stories": one("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"),
        "copies": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "clusters": one("SELECT count(DISTINCT duplicate_of) FROM articles WHERE duplicate_of IS NOT NULL"),
        "versions": one("SELECT count(*) FROM articles WHERE version_of IS NOT NULL"),
    }
