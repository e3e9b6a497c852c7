"""Every read of the database. User input only ever reaches SQL as a bound parameter."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from sqlite3 import Connection

from corpus_cli.errors import UsageError
from corpus_cli.gazetteer import alias_key
from corpus_cli.store import stories


def resolve_actors(db: Connection, name: str, members: bool = False) -> list[int]:
    """Ids of the actors ``name`` refers to (any alias, case-insensitive); with ``members``, also the
    actors affiliated with them, all the way down."""
    key = alias_key(name)
    ids = [r[0] for r in db.execute("SELECT DISTINCT actor_id FROM actor_aliases WHERE alias_key = ?", [key])]
    if members and ids:
        frontier = list(ids)
        while frontier:
            marks = ",".join("?" * len(frontier))
            children = [r[0] for r in db.execute(f"SELECT id FROM actors WHERE member_of IN ({marks})", frontier)]
            frontier = [c for c in children if c not in ids]
            ids.extend(frontier)
    return ids


def resolve_sources(db: Connection, name: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM sources WHERE name = ? COLLATE NOCASE", [name.strip()])]


def fts_query(search: str) -> str:
    """The search as FTS5 syntax; plain words when it is not valid FTS5 (each word quoted)."""
    words = re.findall(r"\w+", search)
    return " ".join('"' + w + '"' for w in words)


def _since_until(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    def check(v, name):
        if v is None:
            return None
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?)?)?", v.strip()):
            raise UsageError(f"--{name} takes a date like 2025-04-30 (got {v!r})")
        return v.strip()

    until_v = check(until, "until")
    # "--until 2025-04-30" includes that whole day.
    if until_v and len(until_v) <= 10:
        until_v = until_v + "\uffff"
    return check(since, "since"), until_v


def _date_filter(where: list[str], params: list, since: str | None, until: str | None) -> None:
    s, u = _since_until(since, until)
    if s:
        where.append("a.date >= ?")
        params.append(s)
    if u:
        where.append("a.date <= ?")
        params.append(u)


SEARCH_WALK_MIN = 1000  # matches from which walking the date index beats sorting the matches


def _fts_term(db: Connection, search: str) -> tuple[str, bool]:
    """The FTS5 query to run (``search`` itself, or its words when it is not valid FTS5 syntax) and
    whether it matches at least SEARCH_WALK_MIN articles (counted up to there only)."""
    probe = "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)"
    try:
        n = db.execute(probe, [search, SEARCH_WALK_MIN]).fetchone()[0]
    except sqlite3.OperationalError:
        plain = fts_query(search)
        if not plain:
            raise UsageError(f"--search: nothing to search for in {search!r}") from None
        search = plain
        n = db.execute(probe, [search, SEARCH_WALK_MIN]).fetchone()[0]
    return search, n >= SEARCH_WALK_MIN


@dataclass
class _Plan:
    """The parts of query_articles' SQL, filled in by each filter in turn."""

    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    joins: str = ""
    rank: str | None = None
    order: str = ""
    walk_dates: bool = False


def query_articles(db: Connection, actor: str | None = None, source: str | None = None, role: str | None = None,
                   since: str | None = None, until: str | None = None, search: str | None = None,
                   limit: int | None = 50, members: bool = False, all_copies: bool = False) -> list[dict]:
    """Articles matching the filters; one row per story (the first article of each cluster, with its number
    of ``copies``) unless ``all_copies``."""
    if source is not None and role is None and actor is None and not search and limit:
        # Both roles, each walked newest first to the limit, merged by date (no sort of the whole set).
        rows = {r["id"]: r for rl in ("publisher", "cited")
                for r in query_articles(db, source=source, role=rl, since=since, until=until, limit=limit,
                                        all_copies=all_copies)}
        return sorted(rows.values(), key=lambda r: (r["date"] or "", -r["id"]), reverse=True)[:limit]
    plan = _Plan()
    if not all_copies:
        plan.where.append("a.duplicate_of IS NULL")
    if actor is not None and not _by_actor(db, plan, actor, members):
        return []
    if source is not None and not _by_source(db, plan, source, role, plain=actor is None and not search and bool(limit)):
        return []
    _date_filter(plan.where, plan.params, since, until)
    if search:
        _by_search(db, plan, search, alone=actor is None and source is None and bool(limit))
    return _article_rows(db, plan, limit)


def _by_actor(db: Connection, plan: _Plan, actor: str, members: bool) -> bool:
    """Rank by mentions of ``actor`` (and its members); False when no actor has that name."""
    ids = resolve_actors(db, actor, members)
    if not ids:
        return False
    if len(ids) == 1:
        # One actor: walk the (actor_id, count DESC) index in rank order and stop at the limit.
        plan.joins += " JOIN mentions m ON m.article_id = a.id AND m.actor_id = ?"
        plan.params.append(ids[0])
        plan.rank = "m.count"
    else:
        marks = ",".join("?" * len(ids))
        plan.joins += (
            f" JOIN (SELECT article_id, SUM(count) AS n FROM mentions WHERE actor_id IN ({marks}) "
            "GROUP BY article_id) m ON m.article_id = a.id"
        )
        plan.params.extend(ids)
        plan.rank = "m.n"
    return True


def _by_source(db: Connection, plan: _Plan, source: str, role: str | None, plain: bool) -> bool:
    """Articles published by or citing ``source``; False when no source has that name."""
    ids = resolve_sources(db, source)
    if not ids:
        return False
    if len(ids) == 1 and role and plain:
        # The common case, newest first: walk (source_id, role, date) and stop at the limit.
        plan.joins += " JOIN article_sources x ON x.article_id = a.id AND x.source_id = ? AND x.role = ?"
        plan.params.extend([ids[0], role])
        plan.rank = None
        plan.order = " ORDER BY x.date DESC, a.id"
    else:
        marks = ",".join("?" * len(ids))
        role_sql = " AND role = ?" if role else ""
        plan.where.append(f"a.id IN (SELECT article_id FROM article_sources WHERE source_id IN ({marks}){role_sql})")
        plan.params.extend(ids)
        if role:
            plan.params.append(role)
    return True


def _by_search(db: Connection, plan: _Plan, search: str, alone: bool) -> None:
    search, common = _fts_term(db, search)
    # A word in thousands of articles: walk the date index newest first and stop at the limit, instead of
    # sorting every match; a rarer word is answered from its matches.
    plan.walk_dates = common and alone
    plan.where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
    plan.params.append(search)


def _article_rows(db: Connection, plan: _Plan, limit: int | None) -> list[dict]:
    rank, params = plan.rank, plan.params
    sql = (
        f"SELECT a.id, a.title, a.date, p.name AS publisher, a.url, a.language, {rank or 'NULL'} AS mentions "
        f"FROM articles a{' INDEXED BY articles_date' if plan.walk_dates else ''}{plan.joins} "
        "LEFT JOIN sources p ON p.id = a.publisher_id"
        + (" WHERE " + " AND ".join(plan.where) if plan.where else "")
        + (f" ORDER BY {rank} DESC, a.date DESC, a.id" if rank else (plan.order or " ORDER BY a.date DESC, a.id"))
        + (" LIMIT ?" if limit else "")
    )
    if limit:
        params.append(limit)
    out = []
    rows = db.execute(sql, params).fetchall()
    copies = stories.copies_counts(db, [r[0] for r in rows])
    for r in rows:
        d = dict(zip(["id", "title", "date", "publisher", "url", "language", "mentions"], r))
        d["copies"] = copies.get(d["id"], 0)
        d["files"] = article_files(db, d["id"])
        out.append(d)
    return out


def article_files(db: Connection, article_id: int) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT f.path FROM article_files af JOIN files f ON f.id = af.file_id "
        "WHERE af.article_id = ? ORDER BY f.path", [article_id])]


def article(db: Connection, article_id: int) -> dict | None:
    """One article in the export contract's shape (README, "Export format")."""
    row = db.execute(
        "SELECT a.id, a.content_hash, a.title, a.date, a.authors, p.name, a.url, a.language, a.tags, a.text, "
        "a.duplicate_of, coalesce(a.duplicate_of, a.id), a.version_of FROM articles a "
        "LEFT JOIN sources p ON p.id = a.publisher_id WHERE a.id = ?",
        [article_id],
    ).fetchone()
    if row is None:
        return None
    keys = ["id", "content_hash", "title", "date", "authors", "publisher", "url", "language", "tags", "text",
            "duplicate_of", "cluster", "version_of"]
    d = dict(zip(keys, row))
    d["authors"] = json.loads(d["authors"] or "[]")
    d["tags"] = json.loads(d["tags"] or "[]")
    d["files"] = article_files(db, article_id)
    d["quotes"] = [
        dict(zip(["text", "kind", "speaker", "speaker_mention", "start", "end", "cue", "confidence", "affiliation"], q))
        for q in db.execute(
            'SELECT text, kind, speaker, speaker_mention, start, "end", cue, confidence, affiliation FROM quotes '
            "WHERE article_id = ? ORDER BY start", [article_id])
    ]
    d["actors"] = [
        dict(zip(["name", "type", "count"], m))
        for m in db.execute(
            "SELECT ac.name, ac.type, m.count FROM mentions m JOIN actors ac ON ac.id = m.actor_id "
            "WHERE m.article_id = ? ORDER BY m.count DESC, m.first_pos", [article_id])
    ]
    d["sources"] = [
        dict(zip(["name", "role"], s))
        for s in db.execute(
            "SELECT s.name, x.role FROM article_sources x JOIN sources s ON s.id = x.source_id "
            "WHERE x.article_id = ? ORDER BY x.role DESC, s.name", [article_id])
    ]
    return d


def all_article_ids(db: Connection) -> Iterator[int]:
    for r in db.execute("SELECT id FROM articles ORDER BY id"):
        yield r[0]


def stats(db: Connection) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    last = db.execute(
        "SELECT id, started_at, ended_at, status, files_seen, new_articles, duplicates, unchanged, failed "
        "FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return {
        "articles": one("SELECT count(*) FROM articles"),
        **stories.counts(db),
        "files": one("SELECT count(*) FROM files"),
        "files_failed": one("SELECT count(*) FROM files WHERE status = 'failed'"),
        "duplicate_files": one("SELECT count(*) FROM files WHERE status = 'duplicate'"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "actors_mentioned": one("SELECT count(DISTINCT actor_id) FROM mentions"),
        "sources": one("SELECT count(*) FROM sources"),
        "runs": one("SELECT count(*) FROM runs"),
        "errors": one("SELECT count(*) FROM errors"),
        "languages": dict(db.execute(
            "SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        "last_run": dict(zip(["id", "started_at", "ended_at", "status", "files_seen", "new_articles", "duplicates",
                              "unchanged", "failed"], last)) if last else None,
    }


def quotes(db: Connection, speaker: str | None = None, about: str | None = None, search: str | None = None,
           since: str | None = None, until: str | None = None, limit: int | None = 100,
           kind: str | None = None) -> list[dict]:
    where, params = [], []
    if kind:
        where.append("q.kind = ?")
        params.append(kind)
    if speaker:
        ids = resolve_actors(db, speaker)
        cond = "lower(q.speaker) = lower(?)"
        params.append(speaker.strip())
        if ids:
            cond = f"({cond} OR q.speaker_id IN ({','.join('?' * len(ids))}))"
            params.extend(ids)
        where.append(cond)
    if about:
        ids = resolve_actors(db, about)
        if not ids:
            return []
        where.append(f"q.article_id IN (SELECT article_id FROM mentions WHERE actor_id IN ({','.join('?' * len(ids))}))")
        params.extend(ids)
    if search:
        where.append("q.text LIKE ? ESCAPE '\\'")
        params.append("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    _date_filter(where, params, since, until)
    sql = (
        'SELECT q.id, q.article_id, a.title, a.date, q.speaker, q.speaker_mention, q.kind, q.cue, q.text, '
        'q.confidence, q.quote_key FROM quotes q JOIN articles a ON a.id = q.article_id'
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY a.date DESC, q.article_id, q.start" + (" LIMIT ?" if limit else "")
    )
    if limit:
        params.append(limit)
    keys = ["id", "article_id", "title", "date", "speaker", "speaker_mention", "kind", "cue", "text", "confidence",
            "quote_key"]
    return [dict(zip(keys, r)) for r in db.execute(sql, params)]


def actors(db: Connection, type_: str | None = None, search: str | None = None, limit: int | None = None) -> list[dict]:
    where, params = [], []
    if type_:
        where.append("a.type = ?")
        params.append(type_)
    if search:
        where.append("a.id IN (SELECT actor_id FROM actor_aliases WHERE alias_key LIKE ?)")
        params.append("%" + alias_key(search) + "%")
    sql = (
        "SELECT a.id, a.name, a.type, p.name, a.origin, "
        "(SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS articles, "
        "(SELECT group_concat(alias, '; ') FROM (SELECT alias FROM actor_aliases x WHERE x.actor_id = a.id "
        "AND x.kind != 'name' ORDER BY alias)) FROM actors a LEFT JOIN actors p ON p.id = a.member_of"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY articles DESC, a.name" + (" LIMIT ?" if limit else "")
    )
    if limit:
        params.append(limit)
    keys = ["id", "name", "type", "member_of", "origin", "articles", "aliases"]
    return [dict(zip(keys, r)) for r in db.execute(sql, params)]


def sources(db: Connection) -> list[dict]:
    rows = db.execute(
        "SELECT s.id, s.name, sum(x.role = 'publisher'), sum(x.role = 'cited') FROM sources s "
        "JOIN article_sources x ON x.source_id = s.id GROUP BY s.id ORDER BY count(*) DESC, s.name"
    ).fetchall()
    return [dict(zip(["id", "name", "published", "cited"], r)) for r in rows]


def run_errors(db: Connection, run_id: int) -> Iterator[tuple[str, str]]:
    """(path, reason) of each failure of one run, in the order they were recorded, read as they are used."""
    yield from db.execute("SELECT path, reason FROM errors WHERE run_id = ? ORDER BY id", [run_id])


def errors(db: Connection, run: int | None = None, since: str | None = None) -> list[dict]:
    where, params = [], []
    if run is not None:
        where.append("run_id = ?")
        params.append(run)
    if since:
        where.append("at >= ?")
        params.append(since)
    sql = "SELECT id, run_id, at, path, reason FROM errors" + (
        " WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return [dict(zip(["id", "run_id", "at", "path", "reason"], r)) for r in db.execute(sql, params)]
