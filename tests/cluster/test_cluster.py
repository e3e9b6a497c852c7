"""`corpus ingest --cluster`: a real distributed.LocalCluster (two worker processes) and a real scheduler process;
the database compared with a local run's, row by row (ids and content hashes included)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

import corpus_cli.ingest
from corpus_cli.errors import ClusterLost
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
from corpus_cli.ingest import cluster as dask_pool
from corpus_cli.ingest.discover import discover
from corpus_cli.ingest.process import Context, Job, Options
from corpus_cli.ingest.run import ingest_paths
from tests.conftest import FIXTURES, sample_copies, table_rows, write


@pytest.fixture(scope="module")
def local_cluster():
    """Two worker processes of one thread each, shared by the tests of this module (starting one takes seconds)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        with Client(lc) as client:
            yield lc, client


def _tree(root: Path, copies: int = 2) -> Path:
    """Text dumps and HTML pages, every one a distinct article, and one file that fails."""
    tree = root / "in"
    sample_copies(tree, copies, " Filed as copy {copy}.")
    page = (FIXTURES / "article.html").read_text(encoding="utf-8")
    for i in range(copies * 4):
        write(tree / "html" / f"page{i}.html", page.replace("harbour workers", f"harbour workers of pier {i}"))
    write(tree / "bad" / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(300))
    return tree


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A tree of 37 files and the database a local run makes of it, for the cluster runs to match."""
    root = tmp_path_factory.mktemp("reference")
    tree = _tree(root, copies=4)
    summary, conn = ingest_paths(str(root / "local.db"), [str(tree)], Options(workers=1))
    conn.close()
    return tree, str(root / "local.db"), summary


def test_a_cluster_run_gives_the_database_a_local_run_gives(local_cluster, reference, cli):
    lc, _ = local_cluster
    tree, local_db, local = reference
    r = cli("ingest", str(tree), "--cluster", lc.scheduler_address, "--json")
    assert r.exit_code == 1, r.output  # the image fails, on the cluster as at home
    s = json.loads(r.stdout)
    assert (s["new_articles"], s["failed"]) == (local.new_articles, local.failed) == (local.new_articles, 1)
    assert [e["path"] for e in s["errors"]] == [str(tree / "bad" / "image.txt")]
    assert table_rows(cli.db) == table_rows(local_db)


def test_workers_killed_mid_run_lose_and_double_nothing(local_cluster, reference, tmp_path):
    lc, client = local_cluster
    client.wait_for_workers(2, timeout=60)
    tree, local_db, _ = reference
    killed: list[str] = []

    def kill(workers: list[str]) -> None:
        for w, pid in client.run(os.getpid, workers=workers).items():
            os.kill(pid, signal.SIGKILL)
            killed.append(w)

    def on_file(out, found):
        on_file.stored += 1
        if on_file.stored == 1:  # the first file stored: kill a worker with a task in hand; the other takes it over
            for _ in range(200):
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    kill(busy[:1])
                    break
                time.sleep(0.01)
        elif on_file.stored == 20 and killed:  # then every worker, and the run's context with them
            kill(list(client.scheduler_info()["workers"]))

    on_file.stored = 0
    summary, conn = ingest_paths(str(tmp_path / "cluster.db"), [str(tree)],
                                 Options(workers=1, cluster=lc.scheduler_address), on_file=on_file)
    conn.close()
    assert len(killed) >= 2, "no worker had a task in hand to kill"
    assert summary.failed == 1  # the image alone
    assert table_rows(str(tmp_path / "cluster.db")) == table_rows(local_db)


def test_a_path_no_worker_can_see_and_a_file_over_its_time_fail_alone(local_cluster, tmp_path):
    _, client = local_cluster
    paras = "".join(f"<p>Paragraph {i} of the report says the harbour workers of pier {i} met again.</p>"
                    for i in range(1000))  # about a second of trafilatura's time
    page = (FIXTURES / "article.html").read_text(encoding="utf-8").replace("</article>", paras + "</article>")
    found = next(discover([str(write(tmp_path / "long.html", page))], set()))
    gone = next(discover([str(write(tmp_path / "gone.html", b"<p>soon gone</p>"))], set()))
    os.unlink(gone.open_path)
    ctx = Context(gazetteer=Gazetteer(list(load_gazetteer_file())), learned=frozenset(),
                  options=Options(timeout=0.05))
    outs = client.submit(dask_pool._work, [Job(gone, None), Job(found, None)], ctx, pure=False).result()
    assert "cannot see this file" in outs[0].error and outs[0].record_failure is False
    # A worker runs tasks in a thread, out of SIGALRM's reach: the deadline still holds there.
    assert outs[1].error == "processing took longer than 0.05 s (--timeout)" and not outs[1].docs


def test_a_worker_that_cannot_load_the_encoder_fails_its_files_for_this_run_only(local_cluster, tmp_path):
    _, client = local_cluster
    found = next(discover([str(write(tmp_path / "a.txt", "The minister said the port would reopen on Monday."))],
                          set()))
    ctx = Context(gazetteer=Gazetteer(list(load_gazetteer_file())), learned=frozenset(),
                  options=Options(reported="encoder", reported_model=str(tmp_path / "not-on-this-worker.npz")))
    out, = client.submit(dask_pool._work, [Job(found, None)], ctx, pure=False).result()
    assert out.error.startswith("the cluster worker on ") and "not-on-this-worker.npz" in out.error
    assert out.record_failure is False and not out.docs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_scheduler_gone_stops_the_run_as_interrupted_and_the_next_run_resumes(reference, cli):
    """The cluster started as the README says: `dask scheduler`, then `dask worker ADDRESS`."""
    tree, local_db, _ = reference
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).parent / "dask")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 **quiet)
    worker = subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-dashboard"], **quiet)
    try:
        with Client(address, timeout=60) as c:
            c.wait_for_workers(1, timeout=60)
        stored: list[str] = []

        def kill_scheduler(out, found):
            stored.append(found.path)
            if len(stored) == 3:
                scheduler.kill()

        with pytest.raises(ClusterLost, match="lost the Dask scheduler"):
            ingest_paths(cli.db, [str(tree)], Options(workers=1, cluster=address), on_file=kill_scheduler)
    finally:
        for p in (scheduler, worker):
            p.kill()
            p.wait()
    assert cli.json("stats")["last_run"]["status"] == "interrupted"
    r = cli("ingest", str(tree), "--cluster", address)  # nobody there now
    assert r.exit_code == 69 and "cannot reach the Dask scheduler" in r.stderr and "Traceback" not in r.output
    r = cli("ingest", str(tree), "--json")  # the next run resumes (here on the local pool)
    assert r.exit_code == 0 and json.loads(r.stdout)["unchanged"] >= 3  # the image failed in the first run
    assert table_rows(cli.db)["articles"] == table_rows(local_db)["articles"]


def test_without_cluster_dask_is_never_imported(tmp_path, samples):
    code = (
        "import sys; from corpus_cli.cli import app\n"
        "for argv in (['ingest', sys.argv[1], '-q', '--db', 'c.db'], ['query', '--db', 'c.db', '-f', 'json']):\n"
        "    try: app(argv, prog_name='corpus')\n"
        "    except SystemExit as e: assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(samples)], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_cluster_address_is_checked_before_anything_runs(cli, samples):
    r = cli("ingest", str(samples), "--cluster", "http://somewhere")
    assert r.exit_code == 2 and "tcp://HOST:PORT" in r.stderr
    assert not Path(cli.db).exists()


def test_without_the_extra_cluster_says_which_to_install(cli, samples, monkeypatch):
    # As if dask.distributed were not installed: its import fails the way a missing module's does.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "corpus_cli.ingest.cluster")
    monkeypatch.delattr(corpus_cli.ingest, "cluster")
    r = cli("ingest", str(samples), "--cluster", "tcp://127.0.0.1:8786")
    assert r.exit_code == 69 and "pip install 'corpus-cli[cluster]'" in r.stderr, r.output
    assert not Path(cli.db).exists()
