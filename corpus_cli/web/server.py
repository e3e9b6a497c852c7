"""Running datasette on a corpus database: read-only, configured by web/config.py."""

from __future__ import annotations

import os
import threading
import webbrowser
from collections.abc import Callable
from importlib import resources

from corpus_cli.errors import MissingExtra, UsageError
from corpus_cli.store import connect
from corpus_cli.web import config

INSTALL_HINT = "corpus serve needs the web extra: pip install 'corpus-cli[web]'"


def _datasette():
    try:
        from datasette.app import Datasette
    except ImportError:
        raise MissingExtra(INSTALL_HINT) from None
    return Datasette


def _read_only() -> None:
    """Every connection datasette opens refuses writes: its write connection for plugins too (``mode=ro`` covers
    only the others), so no installed datasette plugin can change the corpus."""
    from datasette import hookimpl
    from datasette.plugins import pm

    # datasette's plugin manager is its own process-wide registry: registered once, it serves every instance.
    if pm.get_plugin("corpus_read_only") is not None:
        return

    class ReadOnly:
        @staticmethod
        @hookimpl
        def prepare_connection(conn, database) -> None:
            if not database.startswith("_"):  # datasette's own _internal is written as it reads the schema
                conn.execute("PRAGMA query_only = 1")

    pm.register(ReadOnly, name="corpus_read_only")


def make_app(db_path: str):
    """A datasette instance serving ``db_path`` as /<its stem>, read-only (datasette opens a database it may
    not write with ``mode=ro``, which still sees what a running ingest commits; ``immutable`` would not)."""
    Datasette = _datasette()
    _read_only()
    conn = connect.open_reader(db_path)  # one-line errors for a missing or foreign file; migrates an old one
    try:
        name = os.path.splitext(os.path.basename(db_path))[0]
        meta = config.metadata(conn, name)
    finally:
        conn.close()
    static = str(resources.files("corpus_cli.web") / "static")  # the stylesheet: article pages as readable cards
    return Datasette(files=[db_path], metadata=meta, settings=config.SETTINGS, cors=False,
                     static_mounts=[("corpus-static", static)])


def _check_port(host: str, port: int) -> None:
    """A one-line error now rather than uvicorn's log line and exit status 1 (which means "some inputs failed")."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(infos[0][4])
    except OSError as e:
        raise UsageError(f"cannot listen on {host}:{port} ({e.strerror or e})") from None


def serve(db_path: str, host: str, port: int, open_browser: bool, on_ready: Callable[[str], None]) -> None:
    """Serve until interrupted; ``on_ready`` is given the line to show once the server is about to start."""
    import asyncio

    import uvicorn

    ds = make_app(db_path)
    _check_port(host, port)
    asyncio.run(ds.invoke_startup())
    name = next(n for n, d in ds.databases.items() if d.path == db_path)
    url = f"http://{host}:{port}/{name}"
    on_ready(f"corpus: serving {name} read-only at {url} (Ctrl-C to stop)")
    if open_browser:
        # After a moment: the browser's first request then finds the server listening.
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
