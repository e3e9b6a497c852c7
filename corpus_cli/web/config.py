"""What datasette is told about a corpus database: titles, descriptions, facets, labels, full-text search and
canned queries, generated from the database when the server starts. Written for datasette 0.65's metadata (the
1.0 alphas moved facets and canned queries elsewhere); the web extra pins it."""

from __future__ import annotations

import sqlite3

# Tables of the corpus's own bookkeeping, not of interest to a reader.
HIDDEN = ("boilerplate_lines", "boilerplate_pending", "meta", "_sqlite_migrations")

# An actor typed by name or by any alias it goes by ("DPRK" for North Korea), case aside.
_ACTOR_IDS = """(SELECT id FROM actors WHERE name = :{p} COLLATE NOCASE
       UNION SELECT actor_id FROM actor_aliases WHERE alias = :{p} COLLATE NOCASE)"""

QUERIES = {
    "actor_timeline": {
        "title": "An actor's timeline",
        "description": "Articles about an actor (its name or any alias: DPRK, Pyongyang ...), newest first.",
        "sql": f"""SELECT a.date, a.id AS article_id, a.title, s.name AS publisher, m.count AS mentions
FROM mentions m JOIN articles a ON a.id = m.article_id LEFT JOIN sources s ON s.id = a.publisher_id
WHERE m.actor_id IN {_ACTOR_IDS.format(p="actor")}
ORDER BY a.date DESC, m.count DESC LIMIT 1000""",
    },
    "quotes_by_speaker": {
        "title": "Quotes by speaker",
        "description": "What a speaker (name or alias) was quoted as saying, newest first.",
        "sql": f"""SELECT a.date, q.speaker, q.kind, q.text, q.cue, a.title, q.article_id
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE q.speaker_id IN {_ACTOR_IDS.format(p="speaker")} OR q.speaker = :speaker COLLATE NOCASE
ORDER BY a.date DESC LIMIT 1000""",
    },
    "story_copies": {
        "title": "A story's copies across outlets",
        "description": "Every article linked to this one through duplicate_of (copies, rewrites, later versions), "
                       "with its outlet and the number of files it came from.",
        # Both ways along duplicate_of, however the copies chain: the article's whole story.
        "sql": """WITH RECURSIVE story(id) AS (
    SELECT id FROM articles WHERE id = :article
    UNION
    SELECT CASE WHEN a.id = story.id THEN a.duplicate_of ELSE a.id END
    FROM articles a JOIN story ON a.duplicate_of = story.id OR (a.id = story.id AND a.duplicate_of IS NOT NULL)
)
SELECT a.id AS article_id, a.date, s.name AS publisher, a.title, a.url, a.duplicate_of,
       (SELECT count(*) FROM article_files f WHERE f.article_id = a.id) AS files
FROM story JOIN articles a ON a.id = story.id LEFT JOIN sources s ON s.id = a.publisher_id
ORDER BY a.date, a.id""",
    },
    "citing_source": {
        "title": "Articles that cite a source",
        "description": "Articles naming a source (an agency, a newspaper, a ministry) as where they got something.",
        "sql": """SELECT a.date, a.id AS article_id, a.title, p.name AS publisher
FROM sources c JOIN article_sources x ON x.source_id = c.id AND x.role = 'cited'
JOIN articles a ON a.id = x.article_id LEFT JOIN sources p ON p.id = a.publisher_id
WHERE c.name = :source
ORDER BY x.date DESC LIMIT 1000""",
    },
}

TABLES = {
    "articles": {
        "description": "One row per distinct article body. Search title and text with the box above; "
                       "publisher_id and duplicate_of show names and titles.",
        "label_column": "title",
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "sort_desc": "date",
        "facets": ["publisher_id", "language", {"date": "date"}],
        "columns": {
            "content_hash": "sha256 of the body's normal form: the article's identity",
            "duplicate_of": "the article this one copies (near-duplicates and versions)",
            "kind": "html or text (a plain-text dump)",
        },
    },
    "mentions": {
        "description": "Which actors each article is about, and how often it names them.",
        "facets": ["actor_id"],
        "sort_desc": "count",
    },
    "quotes": {
        "description": "Quotes with their speakers: direct (a whole sentence or more), partial, or indirect (reported speech).",
        "label_column": "text",
        "facets": ["kind", "speaker_id"],
    },
    "actors": {
        "description": "Countries, organisations, people and places, from the gazetteer, added by hand or discovered.",
        "label_column": "name",
        "facets": ["type", "origin"],
    },
    "sources": {"description": "Outlets that publish articles and sources that articles cite.", "label_column": "name"},
    "article_sources": {"description": "Publisher and cited sources of each article.", "facets": ["role", "source_id"]},
    "files": {"description": "Every input file and what became of it.", "label_column": "path",
              "facets": ["status", "format"]},
    "article_files": {"description": "Which article each file (and record of a JSON Lines or WARC file) gave."},
    "runs": {"description": "Each ingest: when, how it ended, what it counted.", "sort_desc": "id"},
    "errors": {"description": "Each input that failed, and why.", "sort_desc": "id"},
    "actor_aliases": {"description": "Every name an actor goes by.", "facets": ["kind"]},
}


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _summary(conn: sqlite3.Connection) -> str:
    n, first, last = conn.execute("SELECT count(*), min(date), max(date) FROM articles").fetchone()
    outlets = conn.execute("SELECT count(DISTINCT publisher_id) FROM articles").fetchone()[0]
    quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    span = f", dated {first[:10]} to {last[:10]}" if first and last else ""
    return f"{_count(n, 'article')} from {_count(outlets, 'outlet')}{span}; {_count(quotes, 'quote')}."


def metadata(conn: sqlite3.Connection, name: str) -> dict:
    """Datasette metadata for the corpus database served as ``name`` (its file's stem, as datasette names it)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    tables = {t: dict(cfg) for t, cfg in TABLES.items() if t in present}
    tables.update({t: {"hidden": True} for t in HIDDEN if t in present})
    summary = _summary(conn)
    return {
        "title": "corpus",
        "extra_css_urls": ["/corpus-static/corpus.css"],
        "description": f"A news corpus built by corpus ingest: {summary}",
        "databases": {
            name: {
                "description": summary + " Start with articles (search, facets) or a query below.",
                "tables": tables,
                "queries": QUERIES,
            }
        },
    }


# Read-only browsing of a corpus: pages of 50 rows, long bodies cut in tables, a time limit per query.
SETTINGS = {
    "default_page_size": 50,
    "truncate_cells_html": 200,
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "suggest_facets": False,
    "allow_download": False,
}
