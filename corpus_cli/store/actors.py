"""Actors in the database: the shipped gazetteer kept in step, actors added by users, re-linking the articles
that name them, and the id of an actor by name for the writer."""

from __future__ import annotations

import sqlite3

from corpus_cli.errors import UsageError
from corpus_cli.gazetteer import (
    ActorDef,
    Gazetteer,
    alias_key,
    gazetteer_digest,
    load_gazetteer_file,
    packaged_gazetteer_stamp,
)
from corpus_cli.models import Mention
from corpus_cli.store.connect import GAZETTEER_STAMP, atomic
from corpus_cli.store.ids import IdCache
from corpus_cli.translit import latin_spellings

ACTOR_TYPES = ("country", "organisation", "person", "place")


def upsert_actor(conn: sqlite3.Connection, a: ActorDef, origin: str) -> int:
    row = conn.execute("SELECT id, origin FROM actors WHERE name = ?", [a.name]).fetchone()
    if row:
        actor_id = row[0]
        # A gazetteer or user definition takes over a discovered actor of the same name.
        keep_origin = row[1] if row[1] == "user" or origin == "discovered" else origin
        conn.execute(
            "UPDATE actors SET type = ?, origin = ?, iso2 = coalesce(?, iso2), iso3 = coalesce(?, iso3) WHERE id = ?",
            [a.type, keep_origin, a.iso2, a.iso3, actor_id],
        )
    else:
        actor_id = conn.execute(
            "INSERT INTO actors (name, type, origin, iso2, iso3) VALUES (?, ?, ?, ?, ?)",
            [a.name, a.type, origin, a.iso2, a.iso3],
        ).lastrowid
    names = [(a.name, "name")] + [(x, "alias") for x in a.aliases] + [(x, "context") for x in a.context_aliases]
    if a.capital:
        names.append((a.capital, "capital"))
    for alias, kind in names:
        key = alias_key(alias)
        if key:
            conn.execute(
                "INSERT OR IGNORE INTO actor_aliases (alias_key, actor_id, alias, kind) VALUES (?, ?, ?, ?)",
                [key, actor_id, alias, kind],
            )
    return actor_id


def _link_members(conn: sqlite3.Connection, actors: list[ActorDef], strict: bool) -> None:
    """Each actor's member_of, by name; with ``strict``, an unknown name is the user's error, else it is skipped."""
    for a in actors:
        if a.member_of:
            parent = conn.execute("SELECT id FROM actors WHERE name = ?", [a.member_of]).fetchone()
            if parent:
                conn.execute("UPDATE actors SET member_of = ? WHERE name = ?", [parent[0], a.name])
            elif strict:
                raise UsageError(f"--member-of: no actor named {a.member_of!r}")


def sync_gazetteer(conn: sqlite3.Connection) -> None:
    """Load the shipped gazetteer into the actors tables when it changed since the last open; record the file's
    stamp with its digest (store/connect.py, gazetteer_current)."""
    stamp = packaged_gazetteer_stamp()  # taken before the file is read: a later change gives another stamp
    digest = gazetteer_digest()
    row = conn.execute("SELECT value FROM meta WHERE key = 'gazetteer'").fetchone()
    if not (row and row[0] == digest):
        actors = load_gazetteer_file()
        with atomic(conn):
            for a in actors:
                upsert_actor(conn, a, "gazetteer")
            _link_members(conn, list(actors), strict=False)
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('gazetteer', ?)", [digest])
    stamped = conn.execute("SELECT value FROM meta WHERE key = ?", [GAZETTEER_STAMP]).fetchone()
    if stamp is not None and stamped != (f"{stamp} {digest}",):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [GAZETTEER_STAMP, f"{stamp} {digest}"])


def user_actors(conn: sqlite3.Connection) -> list[ActorDef]:
    """Actors added by users (corpus actors add/import), with their aliases, for the matcher."""
    out = []
    for actor_id, name, type_, parent in conn.execute(
        "SELECT a.id, a.name, a.type, p.name FROM actors a LEFT JOIN actors p ON p.id = a.member_of "
        "WHERE a.origin = 'user' ORDER BY a.id"
    ).fetchall():
        aliases = [r[0] for r in conn.execute(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? AND kind = 'alias' ORDER BY alias", [actor_id]
        )]
        out.append(ActorDef(name=name, type=type_, aliases=aliases, member_of=parent, origin="user"))
    return out


def add_user_actors(conn: sqlite3.Connection, actors: list[ActorDef]) -> int:
    """Store user-defined actors (or more aliases for existing ones) and re-link the articles that name
    them. Returns the number of articles whose mentions were recomputed."""
    for a in actors:
        if a.type not in ACTOR_TYPES:
            raise UsageError(f"actor type must be one of {', '.join(ACTOR_TYPES)} (got {a.type!r})")
        if not a.name.strip():
            raise UsageError("an actor needs a name")
    with atomic(conn):
        for a in actors:
            upsert_actor(conn, a, "user")
        _link_members(conn, actors, strict=True)
    return relink(conn, [n for a in actors for n in [a.name, *a.aliases]])


def relink(conn: sqlite3.Connection, names: list[str]) -> int:
    """Recompute actor mentions for the articles whose text contains any of ``names`` (found through the
    full-text index, so a corpus of any size is re-linked in proportion to the articles concerned)."""
    words = [alias_key(n) for n in names if alias_key(n)]
    if not words:
        return 0
    match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
    ids = [r[0] for r in conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [match])]
    gaz = load_gazetteer(conn)
    cache = IdCache()
    with atomic(conn):
        for article_id in ids:
            text = conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
            conn.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
            conn.executemany(
                "INSERT INTO mentions (article_id, actor_id, count, first_pos) VALUES (?, ?, ?, ?)",
                [(article_id, actor_id(conn, cache, m.name, gaz), m.count, m.first_pos)
                 for m in gaz.mentions(text[:200_000])],
            )
    return len(ids)


def capitals_setting(conn: sqlite3.Connection, choice: bool | None = None) -> bool:
    """Whether a capital counts for its country in this database: fixed by the first ingest that says so
    (--capitals / --no-capitals) so that all its articles are linked the same way; on by default."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'capitals'").fetchone()
    if choice is None:
        return row is None or row[0] == "1"
    if row is not None and (row[0] == "1") != choice:
        raise UsageError(
            f"this database links capitals {'to' if row[0] == '1' else 'apart from'} their countries; "
            "re-ingest into a new database to change it"
        )
    with atomic(conn):
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('capitals', ?)", ["1" if choice else "0"])
    return choice


def load_gazetteer(conn: sqlite3.Connection, capitals: bool | None = None) -> Gazetteer:
    """The matcher for this database: the shipped gazetteer and the users' actors."""
    if capitals is None:
        capitals = capitals_setting(conn)
    return Gazetteer(list(load_gazetteer_file()) + user_actors(conn), capitals=capitals)


def actor_id(conn: sqlite3.Connection, cache: IdCache, name: str, gaz: Gazetteer | None,
             found: Mention | None = None) -> int | None:
    """The id of the actor ``name``, stored now when it is new and the gazetteer or an article's mention
    (``found``) says what it is; None for a name neither knows nor the store holds (a quote's speaker that
    discovery did not take: "Tax Policy Center", "When Clinton")."""
    key = ("a", name)
    known = cache.get(key)
    if known is not None:
        return known
    id_ = _actor_id_uncached(conn, name, gaz, found)
    return cache.remember(key, id_) if id_ is not None else None


def _actor_id_uncached(conn: sqlite3.Connection, name: str, gaz: Gazetteer | None,
                       found: Mention | None) -> int | None:
    row = conn.execute("SELECT id FROM actors WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    actor = gaz.actors.get(name) if gaz is not None else None
    if actor is not None:
        return upsert_actor(conn, actor, actor.origin if actor.origin != "gazetteer" else "gazetteer")
    # A discovered actor: the one already stored under the same alias key ("Choe Son-hui" is "Choe Son Hui") or,
    # for a name in Cyrillic, under its Latin spelling (Георгій Тихий is Heorhii Tykhyi), which learns this
    # spelling as an alias; else a new actor.
    key = alias_key(name)
    latin = latin_spellings(name)
    keys = [k for k in [key, *map(alias_key, latin)] if k]
    marks = ",".join("?" * len(keys))
    row = conn.execute(
        f"SELECT a.id FROM actor_aliases x JOIN actors a ON a.id = x.actor_id WHERE x.alias_key IN ({marks}) "
        "ORDER BY x.alias_key != ?, a.origin = 'discovered', a.id LIMIT 1", [*keys, key]).fetchone() if key else None
    if row:
        conn.execute("INSERT OR IGNORE INTO actor_aliases (alias_key, actor_id, alias, kind) VALUES (?, ?, ?, 'alias')",
                     [key, row[0], name])
        return row[0]
    if found is None:
        # A quote's speaker that no mention carried: discovery weighed the evidence and did not take it, so it
        # is no actor (its words stay in the quote's speaker).
        return None
    return upsert_actor(conn, ActorDef(name=name, type=found.type, aliases=[*found.aliases, *latin]), "discovered")
