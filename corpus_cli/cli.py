"""Typer commands only: parse, call one library function, render, map errors to exit codes."""

from __future__ import annotations

import functools
import json
import os
import signal
import sys

import typer

from corpus_cli import render
from corpus_cli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_SOME_FAILED, CorpusError, UsageError
from corpus_cli.ingest import limits
from corpus_cli.models import QUOTE_KINDS
from corpus_cli.store import connect, queries, stories

app = typer.Typer(
    help="Turn directories of raw news dumps (HTML, text, JSON) into a clean, deduplicated SQLite corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DbOpt = typer.Option(None, "--db", help="Database file [default: $CORPUS_DB, else ./corpus.db].")
WideOpt = typer.Option(False, "--wide", help="Tables: every column, cells whole (default: fit the terminal).")
FormatOpt = typer.Option(None, "--format", "-f", help="table | json | jsonl | csv [default: table on a terminal, else json].")


def _fail(message: str, code: int) -> None:
    render.stderr_console().print(f"corpus: {render.sanitize(message)}")
    raise typer.Exit(code)


def command(fn):
    """Map library errors to one line on stderr and a documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except CorpusError as e:
            _fail(str(e), e.exit_code)
        except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM / SIGHUP during an ingest (errors.Terminated)
            signum = getattr(e, "signum", None)
            _fail("interrupted" if signum is None else f"stopped by {signal.Signals(signum).name}",
                  getattr(e, "exit_code", EXIT_INTERRUPTED))
        except BrokenPipeError:
            # The reader went away (| head): stop quietly.
            render.to_devnull(sys.stdout)
            raise typer.Exit(0) from None
        except Exception as e:  # noqa: BLE001 - never a traceback to the user
            _fail(f"internal error: {type(e).__name__}: {e}", EXIT_INTERNAL)

    return wrapper


def _fmt(value: str | None) -> str:
    if value is not None and value not in render.FORMATS:
        raise UsageError(f"--format must be one of {', '.join(render.FORMATS)} (got {value!r})")
    return render.default_format(value)


def _open(db_path: str | None):
    """The database for a command that only reads (sqlite-utils is imported only when it needs migrating)."""
    return connect.open_reader(db_path or connect.default_db_path())


def _add_actors(db_path: str | None, wait: float, actors) -> int:
    """Store user actors under the writer's lock; the number of articles re-linked."""
    from corpus_cli.store.actors import add_user_actors
    from corpus_cli.store.lock import WriterLock

    path = db_path or connect.default_db_path()
    with WriterLock(path, wait=wait):
        return add_user_actors(connect.open_db(path), actors)


@app.command()
@command
def ingest(
    paths: list[str] = typer.Argument(..., help="Files and directories (searched recursively)."),
    db: str | None = DbOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing unless something failed."),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON summary on stdout."),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes beside the writer [default: number of cores; runs of 32 files or fewer: none]."),
    max_bytes: int = typer.Option(limits.DEFAULT_MAX_BYTES, "--max-bytes", help="Largest input file read."),
    max_decompressed: int = typer.Option(limits.DEFAULT_MAX_DECOMPRESSED, "--max-decompressed",
                                         help="Largest size a .gz file may expand to."),
    min_age: float = typer.Option(0.0, "--min-age", help="Skip files modified less than SECONDS ago."),
    publisher: str | None = typer.Option(None, "--publisher", help="Publisher of every article in this run."),
    wait: float = typer.Option(0.0, "--wait", help="Wait up to SECONDS for another ingest to finish."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Read again files that failed before."),
    timeout: float = typer.Option(120.0, "--timeout", help="Give up on a file after SECONDS (0: no limit)."),
    capitals: bool | None = typer.Option(None, "--capitals/--no-capitals",
                                         help="Count a capital ('Pyongyang said') for its country [default: on; fixed per database]."),
    cluster: str | None = typer.Option(None, "--cluster", help="Clean and extract on this Dask scheduler, tcp://HOST:PORT."),
    near_containment: float | None = typer.Option(
        None, "--near-containment", help="A copy shares at least this share of the shorter text's 5-word shingles "
        "with the longer [default: 0.75, fitted: README, Near-duplicates]."),
    near_min_shingles: int | None = typer.Option(
        None, "--near-min-shingles", help="Texts with fewer shingles are never near-duplicates [default: 20]."),
    html_extraction: str = typer.Option(
        "auto", "--html-extraction", help="auto | fast | full: trafilatura's fallback extractors on weak pages, "
        "never, or always (README, Cleaning HTML)."),
    reported: str = typer.Option(
        "rules", "--reported", help="rules | encoder: reported speech by the rules, or by the fine-tuned tagger "
        "(needs the encoder extra; about half a second of CPU an article; README, Reported speech)."),
) -> None:
    """Ingest files and directories into the corpus.

    Example: corpus ingest dumps/ --db corpus.db
    """
    from corpus_cli.clean.html import EXTRACTIONS
    from corpus_cli.dedup.near import near_params
    from corpus_cli.extract.reported_encoder import reported_choice
    from corpus_cli.ingest.process import Options
    from corpus_cli.ingest.run import ingest_paths

    opts = Options(capitals=capitals, timeout=timeout, max_bytes=max_bytes, max_decompressed=max_decompressed,
                   min_age=min_age, publisher=publisher, retry_failed=retry_failed,
                   workers=workers or os.cpu_count() or 1, cluster=cluster and _cluster_address(cluster))
    opts.near = near_params(opts.near, near_containment, near_min_shingles)
    if html_extraction not in EXTRACTIONS:
        raise UsageError(f"--html-extraction must be one of {', '.join(EXTRACTIONS)} (got {html_extraction!r})")
    opts.html_extraction = html_extraction
    opts.reported, opts.reported_model = reported_choice(reported)
    with render.IngestView(quiet, json_out) as view:
        summary, database = ingest_paths(db or connect.default_db_path(), list(paths), opts, wait=wait,
                                         on_file=view.on_file, on_error=None if json_out else view.on_error)
    view.finish(summary.as_dict(), queries.run_errors(database, summary.run_id))
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _cluster_address(address: str) -> str:
    from corpus_cli.ingest.cluster import scheduler_address  # dask is imported with --cluster only

    return scheduler_address(address)


@app.command()
@command
def query(
    actor: str | None = typer.Option(None, "--actor", "-a", help="Articles about this actor (any alias)."),
    members: bool = typer.Option(False, "--members", help="With --actor: include actors affiliated with it."),
    source: str | None = typer.Option(None, "--source", "-s", help="Articles published by or citing this source."),
    role: str | None = typer.Option(None, "--role", help="With --source: publisher | cited."),
    since: str | None = typer.Option(None, "--since", help="Articles dated on or after this date."),
    until: str | None = typer.Option(None, "--until", help="Articles dated on or before this date."),
    search: str | None = typer.Option(None, "--search", help="Full-text search of title and text (FTS5)."),
    limit: int = typer.Option(50, "--limit", "-n", help="At most this many articles (0: no limit)."),
    all_copies: bool = typer.Option(False, "--all-copies", help="Every copy of a story, not one row per story."),
    db: str | None = DbOpt,
    fmt: str | None = FormatOpt,
    wide: bool = WideOpt,
) -> None:
    """Find articles, ranked by mentions of the actor, then by date; one row per story, with its copies.

    Example: corpus query --actor "North Korea" --since 2025-01-01
    """
    if role is not None and role not in ("publisher", "cited"):
        raise UsageError(f"--role must be publisher or cited (got {role!r})")
    f = _fmt(fmt)
    database = _open(db)
    rows = queries.query_articles(database, actor=actor, source=source, role=role, since=since, until=until,
                                  search=search, limit=limit or None, members=members, all_copies=all_copies)
    # A fitted table has no file paths: they stay in --wide, JSON and CSV; nor a column of copies none has.
    copies = ["copies"] if f == "csv" or any(r["copies"] for r in rows) else []
    cols = ["id", "date", "title", "publisher", "mentions", *copies] + (["files"] if wide or f == "csv" else [])
    render.emit(rows, f, cols if f in ("table", "csv") else None, wide=wide)


@app.command()
@command
def show(article_id: int = typer.Argument(..., help="Article id."), db: str | None = DbOpt,
         fmt: str | None = FormatOpt) -> None:
    """Show one article: metadata, clean text, quotes, actors, sources, and its story's copies and versions.

    Example: corpus show 3
    """
    f = _fmt(fmt)
    database = _open(db)
    art = queries.article(database, article_id)
    if art is None:
        raise UsageError(f"no article with id {article_id}")
    story = stories.story(database, article_id)
    art["copies"], art["versions"] = story["copies"], story["versions"]
    render.emit_article(art, f)


@app.command()
@command
def duplicates(limit: int = typer.Option(50, "--limit", "-n", help="At most this many clusters (0: no limit)."),
               min_size: int = typer.Option(2, "--min-size", help="Clusters of at least this many articles."),
               db: str | None = DbOpt, fmt: str | None = FormatOpt) -> None:
    """Stories told more than once (copies, syndication), largest cluster first, with publishers and dates.

    Example: corpus duplicates --min-size 3
    """
    f = _fmt(fmt)
    rows = stories.clusters(_open(db), limit=limit or None, min_size=min_size)
    render.emit(rows, f, ["id", "size", "title", "publishers", "first_date", "last_date"] if f == "table" else None)


@app.command()
@command
def stats(db: str | None = DbOpt, fmt: str | None = FormatOpt) -> None:
    """Counts of articles, files, quotes, actors, sources, runs and errors.

    Example: corpus stats --format json
    """
    f = _fmt(fmt)
    database = _open(db)
    s = queries.stats(database)
    if f == "table":
        rows = [{"what": k, "count": json.dumps(v) if isinstance(v, dict) else v} for k, v in s.items()]
        render.emit(rows, "table")
    else:
        render.emit([s], f) if f != "json" else sys.stdout.write(json.dumps(s, indent=2) + "\n")


@app.command()
@command
def export(db: str | None = DbOpt,
           fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | json | csv | parquet."),
           out: str | None = typer.Option(None, "--out", "-o", help="With --format parquet: the directory to create."),
           per_file: int = typer.Option(100_000, "--articles-per-file",
                                        help="With --format parquet: articles in each file of a table.")) -> None:
    """Every article with its quotes, actors, sources and files (the scripts' contract: README).

    Example: corpus export > corpus.jsonl; corpus export --format parquet --out corpus-parquet
    """
    if fmt not in ("jsonl", "json", "csv", "parquet"):
        raise UsageError(f"--format must be jsonl, json, csv or parquet (got {fmt!r})")
    if (fmt == "parquet") != (out is not None):
        raise UsageError("--out DIR goes with --format parquet (the other formats are written to stdout)")
    database = _open(db)
    if fmt == "parquet":
        from corpus_cli.export import to_parquet

        n = to_parquet(database, out, per_file)
        render.stderr_console().print(f"{n} under {render.sanitize(out)}")
        return
    render.emit_stream((queries.article(database, i) for i in queries.all_article_ids(database)), fmt)


@app.command("quotes")
@command
def quotes_cmd(
    speaker: str | None = typer.Option(None, "--speaker", help="Quotes by this speaker (any alias)."),
    about: str | None = typer.Option(None, "--about", help="Quotes in articles about this actor."),
    search: str | None = typer.Option(None, "--search", help="Quotes containing these words."),
    since: str | None = typer.Option(None, "--since", help="From articles dated on or after this date."),
    until: str | None = typer.Option(None, "--until", help="From articles dated on or before this date."),
    kind: str | None = typer.Option(None, "--kind", help="direct | partial | indirect (reported speech)."),
    limit: int = typer.Option(100, "--limit", "-n", help="At most this many quotes (0: no limit)."),
    db: str | None = DbOpt,
    fmt: str | None = FormatOpt,
    wide: bool = WideOpt,
) -> None:
    """Quotes with their speakers: quoted words and reported speech.

    Example: corpus quotes --speaker "Tammy Bruce" --kind direct
    """
    f = _fmt(fmt)
    if kind is not None and kind not in QUOTE_KINDS:
        raise UsageError(f"--kind must be one of {', '.join(QUOTE_KINDS)} (got {kind!r})")
    database = _open(db)
    rows = queries.quotes(database, speaker=speaker, about=about, search=search, since=since, until=until,
                          limit=limit or None, kind=kind)
    render.emit(rows, f, ["article_id", "date", "speaker", "kind", "text"] if f == "table" else None, wide=wide)


actors_app = typer.Typer(help="Actors: list them, add your own, import a file of them.", no_args_is_help=False)
app.add_typer(actors_app, name="actors")


@actors_app.callback(invoke_without_command=True)
@command
def actors_cmd(
    ctx: typer.Context,
    search: str | None = typer.Option(None, "--search", help="Only actors with a name or alias containing this."),
    type_: str | None = typer.Option(None, "--type", help="country | organisation | person | place."),
    limit: int = typer.Option(0, "--limit", "-n", help="At most this many actors (0: no limit)."),
    db: str | None = DbOpt,
    fmt: str | None = FormatOpt,
    wide: bool = WideOpt,
) -> None:
    """Actors with the number of articles about each.

    Example: corpus actors --type person --search kim
    """
    if ctx.invoked_subcommand is not None:
        return
    f = _fmt(fmt)
    database = _open(db)
    rows = queries.actors(database, type_=type_, search=search, limit=limit or None)
    render.emit(rows, f, ["name", "type", "member_of", "articles", "aliases"] if f == "table" else None, wide=wide)


@actors_app.command("add")
@command
def actors_add(
    name: str = typer.Argument(..., help="Canonical name."),
    alias: list[str] = typer.Option([], "--alias", help="Another name (repeat the option for more)."),
    type_: str = typer.Option("organisation", "--type", help="country | organisation | person | place."),
    member_of: str | None = typer.Option(None, "--member-of", help="The actor it belongs to (an existing name)."),
    db: str | None = DbOpt,
    wait: float = typer.Option(10.0, "--wait", help="Wait up to SECONDS for a running ingest."),
) -> None:
    """Add an actor (or aliases of an existing one); articles that name it are re-linked.

    Example: corpus actors add "Wagner Group" --alias Wagner --alias PMC Wagner --member-of Russia
    """
    from corpus_cli.gazetteer import ActorDef

    n = _add_actors(db, wait, [ActorDef(name=name.strip(), type=type_, aliases=list(alias), member_of=member_of,
                                        origin="user")])
    render.stderr_console().print(f"added {render.sanitize(name)}; {n} articles re-linked")


@actors_app.command("import")
@command
def actors_import(
    file: str = typer.Argument(..., help='JSON: a list of {"name", "type", "aliases", "member_of"} (or {"actors": [...]}).'),
    db: str | None = DbOpt,
    wait: float = typer.Option(10.0, "--wait", help="Wait up to SECONDS for a running ingest."),
) -> None:
    """Add the actors of a JSON file (the gazetteer's format); articles that name them are re-linked.

    Example: corpus actors import my-actors.json
    """
    from corpus_cli.gazetteer import ActorDef

    try:
        with open(file, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as e:
        raise UsageError(f"{file}: cannot read ({e.strerror})") from None
    except ValueError as e:
        raise UsageError(f"{file}: not valid JSON ({e})") from None
    items = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(x, dict) and isinstance(x.get("name"), str) for x in items):
        raise UsageError(f"{file}: expected a list of objects with a \"name\"")
    actors = [ActorDef.from_dict({**x, "type": x.get("type") or "organisation"}, origin="user") for x in items]
    n = _add_actors(db, wait, actors)
    render.stderr_console().print(f"imported {len(actors)} actors; {n} articles re-linked")


@app.command("sources")
@command
def sources_cmd(db: str | None = DbOpt, fmt: str | None = FormatOpt, wide: bool = WideOpt) -> None:
    """Sources with the number of articles they published and that cite them.

    Example: corpus sources
    """
    f = _fmt(fmt)
    database = _open(db)
    render.emit(queries.sources(database), f, ["name", "published", "cited"] if f == "table" else None, wide=wide)


@app.command("errors")
@command
def errors_cmd(
    run: int | None = typer.Option(None, "--run", help="Only errors of this run id."),
    since: str | None = typer.Option(None, "--since", help="Only errors recorded on or after this date."),
    db: str | None = DbOpt,
    fmt: str | None = FormatOpt,
) -> None:
    """Recorded failures: file and reason.

    Example: corpus errors --run 3
    """
    f = _fmt(fmt)
    database = _open(db)
    render.emit(queries.errors(database, run=run, since=since), f, ["run_id", "at", "path", "reason"] if f == "table" else None)


@app.command()
@command
def serve(db: str | None = DbOpt,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: the network too)."),
          port: int = typer.Option(8001, "--port", "-p", help="Port to listen on."),
          open_: bool = typer.Option(False, "--open", help="Open it in a web browser.")) -> None:
    """Browse, search and facet the corpus in a web browser (datasette, read-only; needs the web extra).

    Example: corpus serve --db corpus.db --open
    """
    from corpus_cli.web import server
    server.serve(db or connect.default_db_path(), host, port, open_, on_ready=render.stderr_console().print)


def main() -> None:
    app(prog_name="corpus")
