"""Hostile input: each kind ingested in one batch together with the five good samples.

For each: the good files are stored, the bad one gets a recorded error naming the file and the reason (or
is stored correctly where it is a valid article), no traceback is printed, and the exit code says "some
failed" (1) only where something failed.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import sqlite3
from collections.abc import Callable

import pytest

from tests.conftest import SAMPLES, write

ARTICLE = (
    "The city council voted on Tuesday to extend the night bus service until the end of the year, after a long "
    "debate in which residents of the northern districts complained that the last buses left too early.\n\n"
    "The mayor said the extension would cost less than expected because two older routes will be merged.\n"
)
CYRILLIC = (
    "Міська рада у вівторок проголосувала за продовження роботи нічних автобусів до кінця року після довгої "
    "дискусії, у якій мешканці північних районів скаржилися, що останні автобуси їдуть надто рано.\n\n"
    "Мер заявив, що продовження коштуватиме менше, ніж очікувалося, бо два старі маршрути об'єднають.\n"
)


def _nested_html(depth: int) -> bytes:
    return (b"<html><body>" + b"<div>" * depth + b"<p>deep</p>" + b"</div>" * depth + b"</body></html>")


def _random_bytes(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


# kind -> (file name, bytes or a function that makes them, expected: "stored" | "failed" | "partial"). The large
# inputs are made only when their case runs (the `case` fixture), not when the module is imported.
CASES: dict[str, tuple[str, bytes | Callable[[], bytes], str]] = {
    "empty": ("empty.txt", b"", "failed"),
    "whitespace-only": ("blank.txt", b" \n\t\r\n   \n", "failed"),
    "png-image": ("photo.txt", b"\x89PNG\r\n\x1a\n" + _random_bytes(2000), "failed"),
    "jpeg-image": ("photo.html", b"\xff\xd8\xff\xe0" + _random_bytes(2000), "failed"),
    "elf-executable": ("run.txt", b"\x7fELF\x02\x01\x01\x00" + _random_bytes(4000), "failed"),
    "windows-executable": ("setup.html", b"MZ\x90\x00" + _random_bytes(4000), "failed"),
    "zip-archive": ("archive.json", b"PK\x03\x04" + _random_bytes(500), "failed"),
    "random-binary": ("noise.txt", _random_bytes(20000), "failed"),
    "nul-bytes": ("nul.txt", ARTICLE.encode()[:120] + b"\x00\x00\x00" * 200 + ARTICLE.encode(), "failed"),
    "invalid-utf8": ("bad-utf8.txt", ARTICLE.encode().replace(b"northern", b"north\xff\xfeern"), "stored"),
    "utf16-le-no-bom": ("u16le.txt", CYRILLIC.encode("utf-16-le"), "stored"),
    "utf16-be-no-bom": ("u16be.txt", ARTICLE.encode("utf-16-be"), "stored"),
    "cp1251": ("cp1251.txt", CYRILLIC.encode("cp1251"), "stored"),
    "koi8-r": ("koi8.txt", CYRILLIC.replace("і", "и").replace("ї", "и").replace("є", "е").encode("koi8-r"), "stored"),
    "cp1252": ("cp1252.txt", (ARTICLE + "Café owners said the “late buses” help.\n").encode("cp1252"), "stored"),
    "mixed-line-endings": ("mixed.txt", ARTICLE.replace("\n\n", "\r\n\r\n", 1).encode() + b"\rEnd of story here.\r", "stored"),
    "ten-mb-single-line": ("long-line.txt", lambda: ("The council met again today and voted. " * 262_144).encode(), "stored"),
    "over-size-limit": ("huge.txt", b"x", "failed"),  # made sparse at 50 MB below
    "html-100k-nested-tags": ("nested.html", lambda: _nested_html(100_000), "failed"),
    "html-only-navigation": ("nav.html", b"<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>", "failed"),
    "entity-bomb": ("entities.html", lambda: b"<!DOCTYPE html [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
                    b"<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><html><body><p>&c;&c;&c;</p>" + b"&amp;" * 200_000
                    + b"</body></html>", "failed"),
    "truncated-gzip": ("cut.txt.gz", gzip.compress(ARTICLE.encode() * 50)[:-30], "failed"),
    "gzip-bomb": ("bomb.txt.gz", lambda: gzip.compress(b"A" * (64 * 1024 * 1024), compresslevel=9), "failed"),
    "gz-not-gzip": ("fake.gz", b"this is plain text pretending to be compressed", "failed"),
    "jsonl-broken-lines": ("feed.jsonl", (json.dumps({"text": ARTICLE}) + "\n{not json\n" + json.dumps({"text": CYRILLIC}) + "\n").encode(), "partial"),
    "json-half-a-character": ("cut.json", json.dumps({"title": "Buses \ud83d late", "text": ARTICLE + "\udcf0"}).encode(), "stored"),
    "json-not-an-article": ("config.json", b'{"debug": true, "servers": ["a", "b"]}', "failed"),
    "json-deeply-nested": ("deep.json", lambda: b"[" * 100_000 + b"]" * 100_000, "failed"),
    "double-gzip": ("twice.txt.gz", gzip.compress(gzip.compress(ARTICLE.encode())), "failed"),
    "terminal-escapes": ("escapes.txt", (ARTICLE.replace("mayor", "\x1b[31mmayor\x1b[0m\x1b]0;pwned\x07")).encode(), "stored"),
    "html-lying-charset": ("lies.html", ('<html><head><meta charset="utf-8"></head><body><article><p>' + CYRILLIC.replace("\n", " ")
                           + "</p></article></body></html>").encode("cp1251"), "stored"),
    "xml-declaration": ("decl.html", ('<?xml version="1.0" encoding="utf-8"?><html><body><article><p>' + ARTICLE.replace("\n", " ")
                        + "</p></article></body></html>").encode(), "stored"),
}


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "batch"
    shutil.copytree(SAMPLES, d)
    return d


def _ingest(cli, d, *extra):
    r = cli("ingest", str(d), "--workers", "1", "--json", *extra)
    assert "Traceback" not in r.output
    return r, json.loads(r.stdout)


@pytest.fixture(params=sorted(CASES))
def case(request) -> tuple[str, str, bytes, str]:
    """(kind, file name, bytes, expected) of one hostile case, its bytes made now."""
    name, data, expected = CASES[request.param]
    return request.param, name, data() if callable(data) else data, expected


def test_hostile_file_in_a_good_batch(case, batch, cli):
    kind, name, data, expected = case
    path = write(batch / "bad" / name, data)
    if kind == "over-size-limit":
        with open(path, "wb") as f:
            f.truncate(50 * 1000 * 1000)
    r, s = _ingest(cli, batch)
    arts = cli.export()
    sample_arts = [a for a in arts if any("/bad/" not in f for f in a["files"])]
    assert len(sample_arts) == 5, f"{kind}: the good files must all be stored"
    errors = [e for e in s["errors"] if e["path"] == str(path)]
    if expected == "stored":
        assert r.exit_code == 0 and not errors, f"{kind}: {s['errors']}"
        assert any(str(path) in a["files"] for a in arts)
    elif expected == "partial":
        assert r.exit_code == 1 and errors
        assert any(str(path) in a["files"] for a in arts)
    else:
        assert r.exit_code == 1, f"{kind}: expected a recorded failure"
        assert len(errors) == 1 and errors[0]["reason"]
        assert "\n" not in errors[0]["reason"]
        recorded = cli.json("errors")
        assert any(e["path"] == str(path) for e in recorded)


def test_hostile_kinds_count():
    # the suite covers at least 30 kinds (plus the file-system cases below)
    assert len(CASES) >= 30


def test_symlink_loops_and_dangling_links(batch, cli):
    bad = batch / "links"
    bad.mkdir()
    os.symlink(bad / "self.txt", bad / "self.txt")  # a file link pointing at itself
    os.symlink(batch, bad / "up")  # a directory loop
    os.symlink(bad / "missing.txt", bad / "dangling.txt")
    r, s = _ingest(cli, batch)
    reasons = {os.path.basename(e["path"]): e["reason"] for e in s["errors"]}
    assert reasons == {"self.txt": "symlink loop", "dangling.txt": "dangling symlink"}
    assert r.exit_code == 1 and s["new_articles"] == 5


def test_odd_file_names(batch, cli):
    names = ["new\nline.txt", "rtl\u202egnp.txt", "emoji \U0001f4f0 news.txt", "combin\u0301ing.txt", "  spaces  .txt"]
    for i, n in enumerate(names):
        write(batch / "odd" / n, ARTICLE.replace("Tuesday", f"day {i}"))
    r, s = _ingest(cli, batch)
    assert r.exit_code == 0 and s["new_articles"] == 10
    stored = {os.path.basename(f) for a in cli.export() for f in a["files"]}
    assert set(names) <= stored


def test_names_that_are_not_utf8(batch, cli):
    """A file system takes any bytes in a name (a Latin-1 or cp1251 archive unpacked as is): such files are read and
    stored like any other, their names shown and stored with each undecodable byte as \\xNN, and known again by
    the next run; a missing path given with such a name is one line of error."""
    odd = os.fsencode(batch) + b"/odd"
    os.makedirs(odd)
    with open(odd + b"/caf\xe9.txt", "wb") as f:
        f.write(ARTICLE.encode())
    with open(odd + b"/\xcd\xee\xe2\xee\xf1\xf2\xe8.txt", "wb") as f:  # "Новости" in cp1251
        f.write(b"")
    r, s = _ingest(cli, batch)
    shown = os.path.join(str(batch), "odd")
    assert s["new_articles"] == 6 and r.exit_code == 1
    assert [(e["path"], e["reason"]) for e in s["errors"]] == [(shown + "/\\xcd\\xee\\xe2\\xee\\xf1\\xf2\\xe8.txt", "empty file")]
    assert any(shown + "/caf\\xe9.txt" in a["files"] for a in cli.export())
    again = json.loads(cli("ingest", str(batch), "--workers", "1", "--json").stdout)
    assert (again["new_articles"], again["unchanged"]) == (0, 7)
    alone = cli("ingest", os.fsdecode(odd + b"/caf\xe9.txt"), "--workers", "1")  # named on the command line
    assert alone.exit_code == 0
    args = sqlite3.connect(cli.db).execute("SELECT args FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(args)["paths"] == [shown + "/caf\\xe9.txt"]
    missing = cli("ingest", os.fsdecode(odd + b"/gone\xff.txt"), "--workers", "1")
    assert missing.exit_code == 2 and missing.stderr.strip() == f"corpus: no such file or directory: {shown}/gone\\xff.txt"


def test_error_line_for_a_name_with_a_newline_stays_one_line(batch, cli):
    write(batch / "odd" / "bad\nname.txt", b"")
    r = cli("ingest", str(batch), "--workers", "1")
    lines = [x for x in r.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "empty file" in lines[0]


def test_directory_where_a_file_was_expected_and_a_fifo(batch, cli):
    (batch / "article.html").mkdir()  # a directory named like a file: walked, not read
    write(batch / "article.html" / "inner.txt", ARTICLE)
    os.mkfifo(batch / "pipe.txt")  # opening a FIFO would block: it must be refused, not read
    r, s = _ingest(cli, batch)
    assert s["new_articles"] == 6
    assert [(os.path.basename(e["path"]), e["reason"]) for e in s["errors"]] == [("pipe.txt", "not a regular file")]


def test_file_deleted_or_changed_between_discovery_and_reading(tmp_path):
    """The pipeline's per-file stage, on real files, with a discovery record gone stale."""
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
    from corpus_cli.ingest.discover import discover
    from corpus_cli.ingest.process import Context, Job, Options, process_file

    a = write(tmp_path / "d" / "a.txt", ARTICLE)
    b = write(tmp_path / "d" / "b.txt", ARTICLE.replace("Tuesday", "Monday"))
    found = {f.path: f for f in discover([str(tmp_path / "d")])}
    os.remove(a)
    with open(b, "a", encoding="utf-8") as fh:
        fh.write("A late paragraph was appended while the run was going on.\n")
    ctx = Context(Gazetteer(load_gazetteer_file()), frozenset(), Options())
    gone = process_file(Job(found[str(a)], None), ctx)
    changed = process_file(Job(found[str(b)], None), ctx)
    assert gone.error == "file vanished before it was read" and not gone.docs
    assert "changed while being read" in changed.error and not changed.docs
    assert changed.record_failure is False  # retried next run, not recorded as a failed file


def test_a_file_over_the_time_limit_fails_and_the_run_goes_on(batch, cli):
    """--timeout: a page that takes longer is recorded as failed with the limit in its reason; the files done
    within it are stored."""
    body = "".join(f"<p>{ARTICLE} Paragraph {i} of a very long page.</p>" for i in range(8000))
    write(batch / "huge.html", f"<html><head><title>Long</title></head><body><article>{body}</article></body></html>")
    r, s = _ingest(cli, batch, "--timeout", "0.25")
    assert r.exit_code == 1
    assert s["errors"] == [{"path": str(batch / "huge.html"), "reason": "processing took longer than 0.25 s (--timeout)"}]
    assert s["new_articles"] == 5
    r, s = _ingest(cli, batch, "--timeout", "0", "--retry-failed")  # no limit: the same page is stored
    assert r.exit_code == 0 and s["failed"] == 0


def test_changed_file_is_retried_next_run(batch, cli):
    p = write(batch / "late.txt", ARTICLE)
    _ingest(cli, batch)
    p.write_text(ARTICLE + "\nA correction was appended to the story later in the day by the editors.\n")
    r, s = _ingest(cli, batch)
    assert (s["new_articles"], s["unchanged"]) == (1, 5)


def test_each_failure_is_reported_when_its_file_is_done_and_matches_the_record(batch, cli, db_path):
    """Failures are handed on (and printed) as each file is done, not kept for the end of the run; the JSON
    summary's errors are the run's recorded errors, in order."""
    from corpus_cli.ingest.process import Options
    from corpus_cli.ingest.run import ingest
    from corpus_cli.store.connect import open_db

    for name, data in (("empty.txt", b""), ("nul.txt", b"\x00" * 50), ("cut.txt.gz", gzip.compress(b"x" * 900)[:-9])):
        write(batch / "bad" / name, data)
    os.symlink(batch / "missing.txt", batch / "bad" / "dangling.txt")  # fails at discovery, before reading
    events: list[tuple[str, str]] = []
    summary = ingest(open_db(db_path), [str(batch)], Options(workers=1, inline_files=0), db_path=db_path,
                     on_file=lambda out, found: events.append(("done", found.path)),
                     on_error=lambda path, reason: events.append(("error", path)))
    failed = [path for kind, path in events if kind == "error"]
    assert summary.failed == len(failed) == 4 and summary.new_articles == 5
    for i, (kind, path) in enumerate(events):
        if kind == "error":  # reported when its own file is done, before any later file
            assert events[i + 1] == ("done", path)

    r = cli("ingest", str(batch), "--retry-failed", "--workers", "1")
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 1 and len(lines) == 5 and lines[-1].startswith("9 files:")
    recorded = cli.json("errors", "--run", "2")
    assert {e["path"] for e in recorded} == set(failed)
    assert lines[:4] == [f"error: {e['path']}: {e['reason']}" for e in recorded]
    r, s = _ingest(cli, batch, "--retry-failed")
    assert [(e["path"], e["reason"]) for e in s["errors"]] == [
        (e["path"], e["reason"]) for e in cli.json("errors", "--run", str(s["run_id"]))]
    assert len(s["errors"]) == 4


@pytest.mark.parametrize("mode", ["default", "--quiet", "--json"])
def test_a_closed_output_neither_stops_the_run_nor_hides_its_failures(batch, db_path, mode):
    """`corpus ingest dir 2>&1 | head -1` in a script: once the reader of stderr (or, with --json, of stdout) has
    gone, the run still ingests every file, records every failure and exits 1."""
    import sqlite3
    import subprocess
    import sys

    for name in ("a-empty.txt", "b-empty.txt", "c-empty.txt"):
        write(batch / "bad" / name, b"")
    p = subprocess.Popen([sys.executable, "-m", "corpus_cli", "ingest", str(batch), "--db", db_path]
                         + ([mode] if mode != "default" else []), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    closed, other = (p.stdout, p.stderr) if mode == "--json" else (p.stderr, p.stdout)
    closed.close()  # the reader goes away before the first line
    rest = other.read()
    assert p.wait(timeout=120) == 1 and b"Traceback" not in rest
    conn = sqlite3.connect(db_path)
    assert dict(conn.execute("SELECT status, count(*) FROM files GROUP BY status")) == {"stored": 5, "failed": 3}
    assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == 3


def test_walls_of_capitalised_words_do_not_stay_in_the_name_caches():
    """The extractors cache what a name says; a run of thousands of capitalised words is worked out each time, not
    kept: before, a worker grew by about 210 kB for every page that held one."""
    import tracemalloc

    from corpus_cli.extract.discovery import discovered_mentions
    from corpus_cli.extract.quotes import extract_quotes
    from corpus_cli.extract.sources import cited_sources
    from corpus_cli.gazetteer import CACHED_NAME_CHARS, Gazetteer, load_gazetteer_file

    gaz, rnd = Gazetteer(load_gazetteer_file()), random.Random(3)

    def extract(i: int) -> None:
        run = " ".join(rnd.choice(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"]) for _ in range(4000))
        assert len(run) > 100 * CACHED_NAME_CHARS
        text = f"Report {i}. {run} Vladimir Putin said on Monday that “the talks would go on,” the minister added."
        quotes = extract_quotes(text, gaz, gaz.find(text))
        discovered_mentions(text, gaz, quotes)
        cited_sources(text, gaz)

    extract(0)  # the short names' entries, once
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(1, 21):  # 20 runs of about 28 kB: a cache that kept them would hold 550 kB and more
            extract(i)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 100_000


def _words(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(["alpha", "bravo", "charlie", "delta", "echo"]) for _ in range(n))


# Each a page's body of about 250 kB or 85 kB: one huge paragraph, or dated elements whose text htmldate reads.
_HUGE_PARTS = {
    "paragraph of 250 kB": lambda rnd: f"<p>{_words(rnd, 45_000)}.</p>",
    "paragraph of 85 kB": lambda rnd: f"<p>{_words(rnd, 15_000)}.</p>",
    "dated elements": lambda rnd: "".join(f"<time>2024 {_words(rnd, 1_500)}</time><abbr class='published'>2024 "
                                          f"{_words(rnd, 1_500)}</abbr>" for _ in range(5)),
}


@pytest.mark.parametrize("part", _HUGE_PARTS)
def test_huge_pages_do_not_stay_in_trafilaturas_caches(part):
    """trafilatura keeps the last 1,024 strings it trimmed and lines it processed, htmldate the last 8,192 texts it
    read a date from: what they hold of past pages stays within a few bytes a character of CACHE_BUDGET_CHARS,
    however large the pages and however many."""
    import tracemalloc

    from corpus_cli.clean.html import CACHE_BUDGET_CHARS, clean_html

    rnd = random.Random(5)

    def page(i: int) -> str:
        return (f"<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1><p>The council met on "
                f"Tuesday and voted to extend the night buses.</p>{_HUGE_PARTS[part](rnd)}</article></body></html>")

    clean_html(page(0))
    pages = 4 * CACHE_BUDGET_CHARS // len(page(0)) + 1
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(1, pages + 1):  # kept, their texts would hold about 3 bytes a character: 6 MB and more
            clean_html(page(i))
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 5 * CACHE_BUDGET_CHARS
