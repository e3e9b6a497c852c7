"""All output: tables, JSON/JSONL/CSV, the ingest progress and summary. The one place that prints article
text, and it never lets markup or terminal control sequences through."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported where it prints: JSON, JSONL and CSV output start faster without it
    from rich.console import Console

FORMATS = ("table", "json", "jsonl", "csv")
# CSI/OSC escape sequences first (so their parameters go too), then any other C0/C1 control character.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitize(value) -> str:
    """Text safe for a terminal: no escape sequences, no control characters (newlines and tabs stay)."""
    if value is None:
        return ""
    return _ESCAPES.sub("", str(value))


def stdout_console() -> Console:
    from rich.console import Console

    return Console(markup=False, highlight=False, emoji=False, soft_wrap=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, markup=False, highlight=False, emoji=False, soft_wrap=True)


def default_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "json"


def _cell(v) -> str:
    if isinstance(v, list):
        return ", ".join(sanitize(x if not isinstance(x, dict) else x.get("name", x)) for x in v)
    return sanitize(v)


# Columns a table keeps whole when it must fit the terminal (ids, counts, dates, short codes); the others are cut
# with an ellipsis.
_WHOLE = frozenset({"id", "article_id", "run_id", "date", "mentions", "articles", "published", "cited", "kind", "type"})


def fit_widths(natural: list[int], whole: list[bool], total: int) -> list[int]:
    """Column widths (content only) for a table of ``total`` characters with rich's borders and padding: the
    ``whole`` columns keep their natural width, the others share the rest, the narrow ones whole first."""
    room = total - 3 * len(natural) - 1 - sum(n for n, w in zip(natural, whole) if w)
    widths = [n if w else 0 for n, w in zip(natural, whole)]
    flexible = sorted((n, i) for i, (n, w) in enumerate(zip(natural, whole)) if not w)
    for k, (n, i) in enumerate(flexible):
        share = max(room // (len(flexible) - k), 1)  # an even share of what is left: a narrow column takes less
        widths[i] = min(n, share)
        room -= widths[i]
    return widths


def _fitted_table(title: str | None, columns: list[str], cells: list[list[str]], total: int):
    """A table as wide as the terminal at most: one line a row, long cells cut with an ellipsis."""
    from rich.cells import cell_len
    from rich.table import Table

    natural = [max([len(c)] + [cell_len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    widths = fit_widths(natural, [c in _WHOLE for c in columns], total)
    table = Table(title=title, show_lines=False)
    for c, width in zip(columns, widths):
        table.add_column(c, no_wrap=True, overflow="ellipsis", width=width)
    return table


def emit(rows: list[dict], fmt: str, columns: list[str] | None = None, title: str | None = None,
         wide: bool = True) -> None:
    """Print rows in the chosen format (data to stdout). A table that is not ``wide`` fits the terminal."""
    columns = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        sys.stdout.write(buf.getvalue())
    else:
        from rich.table import Table
        from rich.text import Text

        console = stdout_console()
        # A fitted table shows the day of a date (the time is in --wide, JSON and CSV).
        short = {"date"} if not wide else set()
        cells = [[_cell(r.get(c))[:10] if c in short else _cell(r.get(c)) for c in columns] for r in rows]
        if wide:
            table = Table(title=title, show_lines=False)
            for c in columns:
                table.add_column(c, overflow="fold")
        else:
            table = _fitted_table(title, columns, cells, console.width)
        for row in cells:
            table.add_row(*map(Text, row))
        console.print(table)


def emit_article(art: dict, fmt: str) -> None:
    if fmt in ("json", "jsonl"):
        sys.stdout.write(json.dumps(art, ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n")
        return
    if fmt == "csv":
        emit([{k: v for k, v in art.items() if k not in ("quotes", "actors", "sources")}], "csv")
        return
    from rich.text import Text

    c = stdout_console()
    c.print(Text(sanitize(art.get("title") or "(no title)"), style="bold"))
    meta = [
        ("id", art["id"]), ("date", art.get("date")), ("authors", ", ".join(art.get("authors") or [])),
        ("publisher", art.get("publisher")), ("url", art.get("url")), ("language", art.get("language")),
        ("tags", ", ".join(art.get("tags") or [])), ("hash", art.get("content_hash")),
        ("files", "\n".join(art.get("files") or [])),
    ]
    for k, v in meta:
        if v:
            c.print(Text(f"{k}: ", style="dim") + Text(sanitize(v)))
    c.print()
    c.print(Text(sanitize(art.get("text"))))
    if art.get("quotes"):
        c.print()
        c.print(Text("Quotes", style="bold"))
        for q in art["quotes"]:
            who = q.get("speaker") or "(unknown speaker)"
            c.print(Text(f"- {sanitize(who)} ({q.get('kind')}): ") + Text(sanitize(q.get("text"))))
    if art.get("actors"):
        c.print()
        c.print(Text("Actors: ", style="bold") + Text(
            ", ".join(f"{sanitize(a['name'])} ({a['count']})" for a in art["actors"])))
    if art.get("sources"):
        c.print(Text("Sources: ", style="bold") + Text(
            ", ".join(f"{sanitize(s['name'])} [{s['role']}]" for s in art["sources"])))
    for label, key in (("Copies of this story", "copies"), ("Versions", "versions")):
        if art.get(key):
            c.print()
            c.print(Text(label, style="bold"))
            for m in art[key]:
                c.print(Text(f"- {m['id']} {m.get('date') or ''} ") + Text(sanitize(m.get("publisher") or "")) +
                        Text(f" ({m.get('kind')}): ") + Text(sanitize(m.get("title") or "(no title)")))


def emit_stream(items: Iterable[dict], fmt: str) -> None:
    """Stream articles (export): JSON Lines by default, a JSON array, or CSV."""
    if fmt == "json":
        sys.stdout.write("[")
        for i, item in enumerate(items):
            sys.stdout.write(("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False))
        sys.stdout.write("\n]\n")
    elif fmt == "csv":
        cols = ["id", "content_hash", "title", "date", "authors", "publisher", "url", "language", "tags", "text",
                "files", "duplicate_of", "cluster", "version_of"]
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        for item in items:
            w.writerow([_cell(item.get(c)) for c in cols])
    else:
        for item in items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def error_line(path: str, reason: str) -> str:
    return f"error: {sanitize(path)!r}: {sanitize(reason)}" if "\n" in path else f"error: {sanitize(path)}: {sanitize(reason)}"


def summary_line(s: dict) -> str:
    return (
        f"{s['files_seen']} files: {s['new_articles']} new articles, {s['duplicates']} duplicates, "
        f"{s['unchanged']} unchanged, {s['failed']} failed"
        + (f", {s['skipped_records']} WARC records skipped" if s.get("skipped_records") else "")
        + f" ({s['seconds']:.2f}s)"
    )


def to_devnull(stream) -> None:
    """Point ``stream`` (stdout or stderr) at /dev/null once its reader has gone: later writes, and the flush at
    exit, cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stream.fileno())
    os.close(devnull)


def write_json_summary(s: dict, errors: Iterable[tuple[str, str]]) -> None:
    """The summary as one JSON object, with ``errors`` (path, reason pairs, read from the database) written
    one by one: a run with 100,000 failures does not build them all in memory."""
    head = {k: v for k, v in s.items() if k != "seconds"}
    out = sys.stdout
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "errors": [')
    for i, (path, reason) in enumerate(errors):
        out.write((", " if i else "") + json.dumps({"path": path, "reason": reason}, ensure_ascii=False))
    out.write(f'], "seconds": {json.dumps(s["seconds"])}}}\n')


class IngestView:
    """What an ingest shows: a progress bar on a terminal, each failure as it happens, then the summary (a line
    on stderr, or JSON on stdout)."""

    def __init__(self, quiet: bool, json_out: bool):
        self.quiet, self.json_out = quiet, json_out
        # rich is imported only when it is needed
        self.err = stderr_console() if not quiet and not json_out and sys.stderr.isatty() else None
        self.progress = self.task = None

    def __enter__(self) -> IngestView:
        if self.err is not None:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                     TextColumn("{task.completed} files"), TimeElapsedColumn(), console=self.err,
                                     transient=True)
            self.task = self.progress.add_task("ingesting", total=None)
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def on_file(self, out, found) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def on_error(self, path: str, reason: str) -> None:
        """Each failure as it happens (a long run's log shows it at once; nothing piles up in memory): above the
        progress bar through its console, else written directly (rich's print is slow for a tree of bad files)."""
        line = error_line(path, reason)
        try:
            if self.err is not None:
                self.err.print(line)
            else:
                sys.stderr.write(line + "\n")
                sys.stderr.flush()
        except OSError:
            # Nobody reads stderr any more (`2>&1 | head`): the run goes on, each failure is still recorded.
            to_devnull(sys.stderr)

    def finish(self, s: dict, errors: Iterable[tuple[str, str]]) -> None:
        """The summary: JSON with the run's errors on stdout, or one line on stderr (with --quiet, only when
        something failed). A reader gone away is no error: the exit code still tells what happened."""
        if self.json_out:
            try:
                write_json_summary(s, errors)
                sys.stdout.flush()
            except BrokenPipeError:
                to_devnull(sys.stdout)
        elif not self.quiet or s["failed"]:
            try:
                (self.err or stderr_console()).print(summary_line(s))
            except OSError:
                to_devnull(sys.stderr)
