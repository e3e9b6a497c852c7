from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "corpus.db")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    monkeypatch.delenv("CORPUS_DB", raising=False)
    monkeypatch.chdir(tmp_path)


class Cli:
    def __init__(self, db: str):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, db: bool = True):
        argv = list(args) + (["--db", self.db] if db else [])
        return self.runner.invoke(app, argv, catch_exceptions=False)

    def json(self, *args: str):
        r = self(*args, "--format", "json")
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    def export(self) -> list[dict]:
        r = self("export", "--format", "jsonl")
        assert r.exit_code == 0, r.output
        return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


@pytest.fixture
def cli(db_path) -> Cli:
    return Cli(db_path)


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """The five samples copied to a fresh directory (tests may add files beside them)."""
    d = tmp_path / "in"
    shutil.copytree(SAMPLES, d)
    return d


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def age(path: Path, seconds: float = 3600) -> None:
    st = path.stat()
    os.utime(path, (st.st_atime - seconds, st.st_mtime - seconds))


def sample_copies(tree: Path, copies: int, sentence: str, path: str = "c{copy}/{name}") -> int:
    """Each sample dump written ``copies`` times under ``tree`` (at ``path``, formatted with ``copy`` and
    ``name``), every copy a distinct article: ``sentence`` (formatted with ``copy``) is added to its longest
    line, a paragraph of the article. Returns the number of files written."""
    n = 0
    for copy in range(copies):
        for p in sorted(SAMPLES.glob("*.txt")):
            lines = p.read_text(encoding="utf-8").split("\n")
            k = max(range(len(lines)), key=lambda i: len(lines[i]))
            lines[k] += sentence.format(copy=copy)
            write(tree / path.format(copy=copy, name=p.name), "\n".join(lines))
            n += 1
    return n


def table_rows(db: str) -> dict[str, list[tuple]]:
    """The rows of the main tables of database ``db``, in order: two databases with the same rows hold the same
    corpus."""
    conn = sqlite3.connect(db)
    out = {t: conn.execute(f"SELECT {cols} FROM {t} ORDER BY {order}").fetchall() for t, cols, order in (
        ("articles", "id, content_hash, title, date, text, publisher_id", "rowid"),
        ("actors", "id, name, type, origin", "rowid"), ("sources", "id, name", "rowid"),
        ("quotes", "article_id, text, speaker_id, speaker", "rowid"),
        ("mentions", "article_id, actor_id, count", "rowid"), ("article_files", "file_id, part, article_id", "rowid"),
        ("article_sources", "article_id, source_id, role", "rowid"), ("files", "id, path, status", "rowid"),
        ("boilerplate_lines", "line_key, articles", "line_key"))}
    conn.close()
    return out
