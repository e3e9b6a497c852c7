"""`corpus export --format parquet`: the corpus as four Parquet tables (articles, quotes, mentions, sources), for
DuckDB, Spark, pandas and the other tools that come after corpus.

Layout: DIR/<table>/part-NNNNN.parquet. Part N of every table holds the same articles (at most
``articles_per_file`` of them), so the files of a large corpus can be read, joined or shipped part by part; each
batch of articles is one row group. The directory appears whole or not at all: it is written beside DIR and
renamed into place at the end.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus_cli.errors import UsageError
from corpus_cli.store import tables

DEFAULT_ARTICLES_PER_FILE = 100_000
BATCH_ARTICLES = 10_000  # articles a row group, and what memory holds at a time (about 50 MB of news text)
# zstd: news text compresses better than with snappy (docs/scaling.md); DuckDB, pandas and Spark 3.2+ read it.
COMPRESSION = "zstd"

_STR, _INT, _STRS = pa.string(), pa.int64(), pa.list_(pa.string())
SCHEMAS = {
    "articles": pa.schema([
        ("id", _INT), ("content_hash", _STR), ("title", _STR), ("date", _STR), ("authors", _STRS),
        ("publisher", _STR), ("url", _STR), ("language", _STR), ("tags", _STRS), ("text", _STR), ("files", _STRS),
        ("duplicate_of", _INT), ("cluster", _INT), ("version_of", _INT)]),
    "quotes": pa.schema([
        ("article_id", _INT), ("text", _STR), ("kind", _STR), ("speaker", _STR), ("speaker_mention", _STR),
        ("start", _INT), ("end", _INT), ("cue", _STR), ("confidence", pa.float64()), ("affiliation", _STR)]),
    "mentions": pa.schema([
        ("article_id", _INT), ("name", _STR), ("type", _STR), ("count", _INT), ("first_pos", _INT)]),
    "sources": pa.schema([("article_id", _INT), ("name", _STR), ("role", _STR)]),
}
assert [tuple(s.names) for s in SCHEMAS.values()] == [tables.ARTICLE_COLUMNS, tables.QUOTE_COLUMNS,
                                                      tables.MENTION_COLUMNS, tables.SOURCE_COLUMNS]


@dataclass
class Counts:
    articles: int = 0
    quotes: int = 0
    mentions: int = 0
    sources: int = 0
    files: int = 0  # parts of each table

    def __str__(self) -> str:
        return (f"{self.articles} articles, {self.quotes} quotes, {self.mentions} mentions, {self.sources} sources "
                f"in {self.files} file(s) a table")


def _table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows)) if rows else [[] for _ in schema.names]
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema)


def _write_part(root: Path, part: int, db, batch: tables.Batch | None, limit: int,
                counts: Counts) -> tables.Batch | None:
    """Part ``part`` of each table, from ``batch`` on: up to ``limit`` articles, one row group a batch.
    Returns the first batch of the next part (None when the corpus ends)."""
    writers = {name: pq.ParquetWriter(root / name / f"part-{part:05d}.parquet", schema, compression=COMPRESSION)
               for name, schema in SCHEMAS.items()}
    try:
        done = 0
        while batch is not None:
            for name, schema in SCHEMAS.items():
                rows = getattr(batch, name)
                writers[name].write_table(_table(rows, schema))
                setattr(counts, name, getattr(counts, name) + len(rows))
            done += len(batch.articles)
            last_id = batch.articles[-1][0]
            remaining = limit - done  # none left: this batch starts the next part
            batch = tables.batch_after(db, last_id, min(BATCH_ARTICLES, remaining or limit))
            if not remaining:
                break
    finally:
        for w in writers.values():
            w.close()
    counts.files += 1
    return batch


def export(db, out_dir: str, articles_per_file: int = DEFAULT_ARTICLES_PER_FILE) -> Counts:
    """Write the corpus of ``db`` to ``out_dir`` (which must not exist, or be empty). Raises UsageError."""
    if articles_per_file < 1:
        raise UsageError(f"--articles-per-file must be at least 1 (got {articles_per_file})")
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out_dir}: already exists and is not an empty directory")
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    counts = Counts()
    try:
        for name in SCHEMAS:
            (tmp / name).mkdir(parents=True)
        with tables.snapshot(db):
            # Part 0 is written even for an empty corpus: every table then has a file that gives its columns.
            batch = tables.batch_after(db, 0, min(BATCH_ARTICLES, articles_per_file))
            part = 0
            while part == 0 or batch is not None:
                batch = _write_part(tmp, part, db, batch, articles_per_file, counts)
                part += 1
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except OSError as e:
        raise UsageError(f"{out_dir}: cannot write ({e.strerror or e})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return counts
