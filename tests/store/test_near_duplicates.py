"""One story, one cluster (#23), end to end on real databases: identities that do not move when the corpus
learns, copies and syndicated versions of a story clustered, versions of an article linked, and what the read
commands show of them."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from corpus_cli.clean.text import clean_text
from corpus_cli.store import runs
from tests.conftest import SAMPLES, write

WIRE = "002_157707319908cf4a.txt"


def wire_copy(raw: str) -> str:
    """A syndicated copy of a dump: a dateline, straight quotes, a copy edit, its last third cut."""
    lines = raw.split("\n")
    first = next(i for i, ln in enumerate(lines) if len(ln) > 120)
    lines[first] = "WASHINGTON (AP) — " + lines[first]
    text = "\n".join(lines[: len(lines) * 2 // 3]).replace("“", '"').replace("”", '"').replace("’", "'")
    return text.replace(" said ", " says ", 1)


def _clusters(db_path: str) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT id, duplicate_of, version_of, content_hash FROM articles ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_truncated_wire_copy_is_a_copy_and_different_stories_are_not(cli, sample_copy, db_path):
    write(sample_copy / "zz_wire.txt", wire_copy((SAMPLES / WIRE).read_text(encoding="utf-8")))
    assert cli("ingest", str(sample_copy), "-q").exit_code == 0
    arts = {Path(a["files"][0]).name: a for a in cli.export()}
    root = arts[WIRE]["id"]
    assert arts["zz_wire.txt"]["duplicate_of"] == root and arts["zz_wire.txt"]["cluster"] == root
    assert all(a["duplicate_of"] is None and a["cluster"] == a["id"] for n, a in arts.items() if n != "zz_wire.txt")
    # One row per story, with its copies; every copy on request.
    rows = cli.json("query")
    assert len(rows) == 5 and {r["id"]: r["copies"] for r in rows}[root] == 1
    assert len(cli.json("query", "--all-copies")) == 6
    stats = cli.json("stats")
    assert (stats["articles"], stats["stories"], stats["copies"], stats["clusters"]) == (6, 5, 1, 1)
    (cluster,) = cli.json("duplicates")
    assert (cluster["id"], cluster["size"]) == (root, 2)
    shown = cli.json("show", str(root))
    assert [c["id"] for c in shown["copies"]] == [arts["zz_wire.txt"]["id"]]
    # Only the first article of each story is looked up: a band holds one article a story.
    conn = sqlite3.connect(db_path)
    banded = {i for (i,) in conn.execute("SELECT DISTINCT article_id FROM article_bands")}
    conn.close()
    assert banded == {a["id"] for a in arts.values() if a["duplicate_of"] is None}


def test_an_html_page_and_a_text_dump_of_one_article_are_one_cluster(cli, fixtures, tmp_path):
    html = (fixtures / "article.html").read_text(encoding="utf-8")
    # The page as a text dump: its text, line by line, with its menu still in.
    dump = "\n\n".join(t.strip() for t in re.sub(r"<[^>]+>", "\n", html.split("<body>", 1)[1]).split("\n")
                       if t.strip())
    d = tmp_path / "in"
    write(d / "a_page.html", html)
    write(d / "b_dump.txt", dump)
    assert cli("ingest", str(d), "-q").exit_code == 0
    page, text = sorted(cli.export(), key=lambda a: a["id"])
    assert page["content_hash"] != text["content_hash"]
    assert text["duplicate_of"] == page["id"]


def _learning_dumps(tree: Path, n: int) -> None:
    """``n`` different dumps that all show the line "Background" (a label the corpus will learn)."""
    for i in range(n):
        src = sorted(SAMPLES.glob("*.txt"))[i % 5].read_text(encoding="utf-8").split("\n")
        k = max(range(len(src)), key=lambda j: len(src[j]))
        src[k] += f" Reporter {i} added this sentence on day {i}."
        src.insert(k, "Background\n")
        write(tree / f"other{i:02d}.txt", "\n".join(src))


def test_the_same_dump_is_one_article_before_and_after_the_corpus_learns(cli, tmp_path, db_path):
    lines = (SAMPLES / WIRE).read_text(encoding="utf-8").split("\n")
    k = next(i for i, ln in enumerate(lines) if ln.startswith("Last week"))
    dump = "\n".join(lines[:k] + ["Background", ""] + lines[k:])
    write(tmp_path / "first" / "story.txt", dump)
    assert cli("ingest", str(tmp_path / "first"), "-q").exit_code == 0
    _learning_dumps(tmp_path / "others", 50)
    assert cli("ingest", str(tmp_path / "others"), "-q").exit_code == 0
    conn = sqlite3.connect(db_path)
    learned = runs.learned_boilerplate(conn)
    conn.close()
    # The corpus has learned the label: the dump's body is cleaned differently now ...
    assert clean_text(dump, learned=learned).text != clean_text(dump).text
    # ... and the same dump, saved again as UTF-16, is still the same article.
    write(tmp_path / "again" / "story-utf16.txt", dump.encode("utf-16"))
    before = _clusters(db_path)
    assert cli("ingest", str(tmp_path / "again"), "-q").exit_code == 0
    assert _clusters(db_path) == before
    first = cli.json("show", "1")
    assert len(first["files"]) == 2


def test_an_edited_article_at_the_same_url_is_a_new_version(cli, tmp_path, db_path):
    body = (SAMPLES / WIRE).read_text(encoding="utf-8")
    url = "https://news.example/2025/north-korea-support"
    edited = body.replace("Last week,", "Last week, in a report published in New York,")
    for d, text in (("v1", body), ("v2", edited)):
        write(tmp_path / d / "a.jsonl", json.dumps({"url": url, "title": "Support", "text": text}) + "\n")
    for d in ("v1", "v2"):
        assert cli("ingest", str(tmp_path / d), "-q").exit_code == 0
    (one, two) = _clusters(db_path)
    assert two[2] == one[0] and two[1] == one[0]  # a version of the first, and a copy of its story
    shown = cli.json("show", str(one[0]))
    assert [v["id"] for v in shown["versions"]] == [two[0]]


def test_clusters_do_not_depend_on_the_number_of_workers(cli, tmp_path):
    from tests.conftest import Cli, sample_copies

    tree = tmp_path / "tree"
    sample_copies(tree, 7, " On day {copy} the agency added this sentence.")
    write(tree / "zz" / "wire.txt", wire_copy((SAMPLES / WIRE).read_text(encoding="utf-8")))
    got = []
    for workers in ("1", "2"):
        other = Cli(str(tmp_path / f"w{workers}.db"))
        assert other("ingest", str(tree), "--workers", workers, "-q").exit_code == 0
        got.append(_clusters(other.db))
    assert got[0] == got[1]
    assert sum(1 for r in got[0] if r[1] is not None) >= 30  # the copies of each sample joined its story


def test_bad_thresholds_are_a_usage_error(cli, samples):
    r = cli("ingest", str(samples), "--near-containment", "1.5")
    assert r.exit_code == 2 and "--near-containment" in r.output
