"""End to end through the real CLI, on real files and a real SQLite database."""

import codecs
import gzip
import json
import re
import sqlite3

from tests.conftest import age, sample_copies, table_rows, write

SAMPLE_000 = "000_2fac385cc17db37a.txt"


def ids(rows):
    return sorted(r["id"] for r in rows)


def test_ingest_samples_then_rerun_adds_nothing(cli, samples):
    r = cli("ingest", str(samples), "--workers", "1")
    assert r.exit_code == 0, r.output
    assert "5 new articles" in r.stderr
    assert len(cli.export()) == 5
    r = cli("ingest", str(samples), "--json")
    assert r.exit_code == 0
    s = json.loads(r.stdout)
    assert (s["files_seen"], s["new_articles"], s["unchanged"], s["failed"]) == (5, 0, 5, 0)


def test_same_article_in_other_dumps_adds_files_not_articles(cli, sample_copy):
    original = (sample_copy / SAMPLE_000).read_text(encoding="utf-8")
    # Other headlines in the RECENT NEWS list and an extra ad line: same article.
    other = original.replace("Putin orders Volgograd airport to be renamed Stalingrad", "Storm hits the coast")
    other = other.replace("Background:", "Advertisement:\n\nBackground:")
    write(sample_copy / "copies" / "other-boilerplate.txt", other)
    write(sample_copy / "copies" / "crlf-bom.txt", codecs.BOM_UTF8 + original.replace("\n", "\r\n").encode())
    write(sample_copy / "copies" / "utf16.txt", original.encode("utf-16"))
    write(sample_copy / "copies" / "trailing.txt.gz", gzip.compress(original.replace("\n", "   \n").encode()))
    r = cli("ingest", str(sample_copy), "--workers", "1", "--json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert (s["files_seen"], s["new_articles"], s["duplicates"]) == (9, 5, 4)
    art = [a for a in cli.export() if a["title"] and a["title"].startswith("North Korea shares blame")][0]
    assert len(art["files"]) == 5
    assert all(f.startswith("/") for f in art["files"])


def test_query_by_actor_and_alias(cli, samples):
    cli("ingest", str(samples), "--workers", "1")
    nk = ids(cli.json("query", "--actor", "North Korea"))
    assert len(nk) == 5
    assert ids(cli.json("query", "--actor", "DPRK")) == nk
    assert ids(cli.json("query", "--actor", "north korean")) == nk
    assert ids(cli.json("query", "--actor", "Kim Jong-un")) == ids(cli.json("query", "--actor", "Kim Jong Un"))
    trump = cli.json("query", "--actor", "Donald Trump")
    assert [r["files"][0].rsplit("/", 1)[1] for r in trump] == ["004_37658971a4556726.txt"]
    assert cli.json("query", "--actor", "Nobody Atall") == []


def test_query_json_shape_and_filters(cli, samples):
    cli("ingest", str(samples), "--workers", "1")
    rows = cli.json("query", "--actor", "North Korea")
    for r in rows:
        assert {"id", "title", "date", "publisher", "files"} <= set(r)
    assert [r["mentions"] for r in rows] == sorted((r["mentions"] for r in rows), reverse=True)
    since = cli.json("query", "--since", "2025-01-01")
    assert {r["date"][:10] for r in since} == {"2025-04-28", "2025-04-30"}
    until = cli.json("query", "--until", "2025-04-28")
    assert [r["date"][:10] for r in until] == ["2025-04-28", "2023-08-16"]
    assert len(cli.json("query", "--search", "Patreon")) == 0  # promo lines are not in bodies
    found = cli.json("query", "--search", "desperation call")
    assert len(found) == 2
    assert len(cli.json("query", "--limit", "2")) == 2
    pubs = cli.json("query", "--source", "Ukrainska Pravda", "--role", "publisher")
    assert len(pubs) == 3
    assert len(cli.json("query", "--source", "european pravda", "--role", "cited")) == 2


def test_export_contract(cli, samples):
    cli("ingest", str(samples), "--workers", "1")
    keys = {"id", "content_hash", "title", "date", "authors", "publisher", "url", "language", "tags", "text",
            "files", "duplicate_of", "quotes", "actors", "sources"}
    arts = cli.export()
    for a in arts:
        assert keys <= set(a)
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", a["content_hash"])
        assert isinstance(a["authors"], list) and isinstance(a["tags"], list)
        for q in a["quotes"]:
            assert {"text", "kind", "speaker", "speaker_mention", "start", "end"} <= set(q)
            assert a["text"][q["start"] : q["end"]] == q["text"]
        for x in a["actors"]:
            assert {"name", "type", "count"} <= set(x)
        for s in a["sources"]:
            assert s["role"] in ("publisher", "cited")
    by_title = {a["title"]: a for a in arts}
    a = by_title["North Korea shares blame for Russia's war in Ukraine, says US State Department"]
    assert a["date"] == "2025-04-30T08:53" and a["authors"] == ["Iryna Balachuk"] and a["publisher"] == "Ukrainska Pravda"
    assert a["tags"] == ["USA", "North Korea", "Russo-Ukrainian war"]
    assert {"name": "Tammy Bruce", "role": "cited"} in a["sources"]
    b = by_title["North Korea doubles its “unconditional” support for Russian war in Ukraine"]
    assert b["authors"] == ["Lauren Walker"] and {"name": "Associated Press", "role": "cited"} in b["sources"]


def test_html_json_and_gzip_inputs(cli, tmp_path, fixtures):
    page = (fixtures / "article.html").read_bytes()
    d = tmp_path / "mixed"
    write(d / "page.html", page)
    write(d / "page-copy.htm.gz", gzip.compress(page))
    rec = {"url": "https://e.example/n", "title": "Night buses", "date": "2025-02-01T10:00:00Z",
           "text": "The city council voted on Tuesday to extend the night bus service until the end of the year.\n\n"
                   "Residents had complained for months that the last buses left before the trains arrived."}
    write(d / "feed.jsonl", json.dumps(rec) + "\n" + json.dumps({"html": page.decode()}) + "\n")
    r = cli("ingest", str(d), "--workers", "1", "--json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert (s["new_articles"], s["duplicates"]) == (2, 2)
    arts = {a["title"]: a for a in cli.export()}
    html = arts["Harbour workers strike over pay in Gdansk"]
    assert html["publisher"] == "Baltic Ledger" and html["date"] == "2025-03-14"
    assert html["authors"] == ["Marta Nowak"] and html["url"].startswith("https://balticledger.example/")
    assert "Several hundred harbour workers" in html["text"] and "Privacy policy" not in html["text"]
    assert "Ferry timetable" not in html["text"]
    assert len(html["files"]) == 3
    assert [q["speaker"] for q in html["quotes"] if q["kind"] != "indirect"] == ["Piotr Zielinski"]
    assert {"name": "Reuters", "role": "cited"} in html["sources"]
    js = arts["Night buses"]
    assert js["url"] == "https://e.example/n" and js["date"] == "2025-02-01T10:00+00:00"


def test_bad_files_are_recorded_and_do_not_stop_the_batch(cli, sample_copy):
    write(sample_copy / "bad" / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(300))
    write(sample_copy / "bad" / "empty.txt", b"")
    write(sample_copy / "bad" / "fake.gz", b"not gzip at all")
    r = cli("ingest", str(sample_copy), "--workers", "1")
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    errs = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errs) == 3 and any("image.txt: binary file (PNG image)" in e for e in errs)
    assert len(cli.export()) == 5
    recorded = cli.json("errors")
    assert {e["reason"] for e in recorded} == {"binary file (PNG image)", "empty file", "named .gz but is not gzip data"}
    # Unchanged bad files are not retried (and not reported again) on the next run.
    r = cli("ingest", str(sample_copy), "--workers", "1", "--quiet")
    assert r.exit_code == 0 and r.output == ""


def test_quiet_prints_nothing_on_success(cli, samples):
    r = cli("ingest", str(samples), "--quiet", "--workers", "1")
    assert r.exit_code == 0 and r.output == ""


def test_usage_errors_exit_2(cli, tmp_path):
    assert cli("ingest", str(tmp_path / "missing")).exit_code == 2
    assert cli("query", "--format", "yaml").exit_code == 2
    r = cli("show", "1")
    assert r.exit_code == 3 and "no such database" in r.stderr


def test_unusable_database_exits_3(cli, tmp_path, samples):
    bad = write(tmp_path / "junk.db", b"this is not a database, just text" * 100)
    r = cli("ingest", str(samples), "--db", str(bad), db=False)
    assert r.exit_code == 3 and "unusable" in r.stderr and "Traceback" not in r.output


def test_second_writer_gets_75(cli, samples, db_path):
    from corpus_cli.store.lock import WriterLock

    with WriterLock(db_path):
        r = cli("ingest", str(samples))
    assert r.exit_code == 75 and "try again later" in r.stderr
    assert cli("ingest", str(samples), "--workers", "1").exit_code == 0


def test_show_and_stats(cli, samples):
    cli("ingest", str(samples), "--workers", "1")
    art = cli.json("show", "1")
    assert art["id"] == 1 and art["quotes"]
    r = cli("show", "1", "--format", "table")
    assert "Quotes" in r.stdout and "Tammy Bruce" in r.stdout
    s = cli.json("stats")
    assert (s["articles"], s["files"], s["runs"]) == (5, 5, 1)
    assert cli("show", "999").exit_code == 2


def test_article_text_never_interprets_markup_or_escapes(cli, tmp_path):
    evil = ("[red]Not markup[/red] and \x1b[31mred\x1b[0m and \x1b]0;title\x07 in a long sentence about the city "
            "council, which voted on Tuesday to extend the night bus service until the end of the year.")
    write(tmp_path / "in" / "evil.txt", evil + "\n\n" + evil.replace("city", "town"))
    cli("ingest", str(tmp_path / "in"), "--workers", "1")
    out = cli("show", "1", "--format", "table").stdout
    assert "[red]Not markup[/red]" in out
    assert "\x1b" not in out and "\x07" not in out


def test_malformed_fts_query_is_not_a_traceback(cli, samples):
    cli("ingest", str(samples), "--workers", "1")
    for q in ['"unbalanced', "AND OR", "Korea*)(", "NEAR("]:
        r = cli("query", "--search", q, "--format", "json")
        assert r.exit_code in (0, 2) and "Traceback" not in r.output


def test_min_age_skips_fresh_files(cli, tmp_path, samples):
    d = tmp_path / "in"
    for p in samples.glob("*.txt"):
        write(d / p.name, p.read_bytes())
    age(d / SAMPLE_000)
    s = json.loads(cli("ingest", str(d), "--min-age", "600", "--json", "--workers", "1").stdout)
    assert s["new_articles"] == 1


def test_workers_give_the_same_database(tmp_path, samples, fixtures):
    """One process (a small run), one worker and two workers beside the writer: the same database."""
    from corpus_cli.ingest.process import INLINE_FILES, Options
    from corpus_cli.ingest.run import ingest
    from corpus_cli.store.connect import open_db
    from tests.conftest import Cli

    d = tmp_path / "tree"
    # More files than a run done in one process; each copy a distinct article, with a sentence and a quote.
    n = sample_copies(d, INLINE_FILES // 5 + 2,
                      ' The ministry said on day {copy} that talks would go on. "We are ready," said Anna Kovalenko.')
    write(d / "html" / "a.html", (fixtures / "article.html").read_bytes())
    assert n > INLINE_FILES
    dumps, tables = [], []
    for workers in ("1", "2"):
        c = Cli(str(tmp_path / f"w{workers}.db"))
        assert c("ingest", str(d), "--workers", workers).exit_code == 0
        dumps.append(c.export())
        tables.append(table_rows(c.db))
    one = str(tmp_path / "inline.db")
    s = ingest(open_db(one), [str(d)], Options(workers=1, inline_files=10**6), db_path=one)
    assert (s.new_articles, s.failed) == (n + 1, 0)
    dumps.append(Cli(one).export())
    tables.append(table_rows(one))
    assert len(dumps[0]) == n + 1
    assert all(d == dumps[0] for d in dumps[1:])
    assert all(t == tables[0] for t in tables[1:])


def test_boilerplate_is_counted_once_per_new_article(tmp_path, samples):
    """What a run learns: each short line's key counted once for every new article whose dump holds it,
    whatever batches the writer cut the run into; a duplicate article teaches nothing."""
    from collections import Counter

    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
    from corpus_cli.ingest import readers
    from corpus_cli.ingest.process import Context, Options, process_doc
    from corpus_cli.ingest.run import ingest
    from corpus_cli.store.connect import open_db

    d = tmp_path / "tree"
    sample_copies(d, 9, " Talks went on for {copy} days and more.")
    first = sorted(samples.glob("*.txt"))[0]
    write(d / "dup" / first.name, (d / "c0" / first.name).read_bytes())  # the same article again
    ctx = Context(Gazetteer(load_gazetteer_file()), frozenset(), Options())
    expected: Counter[str] = Counter()
    seen: set[str] = set()
    for f in sorted(p for p in d.rglob("*.txt")):
        raw = readers.read_bytes(str(f), f.read_bytes())[0]
        article, keys = process_doc(raw, ctx)
        if article.content_hash not in seen:
            seen.add(article.content_hash)
            expected.update(keys)
    db_path = str(tmp_path / "c.db")
    db = open_db(db_path)
    summary = ingest(db, [str(d)], Options(workers=2), db_path=db_path)
    assert (summary.new_articles, summary.duplicates) == (45, 1)
    learned = dict(db.execute("SELECT line_key, articles FROM boilerplate_lines").fetchall())
    assert learned == dict(expected)
    assert max(learned.values()) >= 9  # lines shared by the copies were counted across files
    assert db.execute("SELECT count(*) FROM boilerplate_pending").fetchone()[0] == 0


def test_publisher_option_and_sidecar(cli, tmp_path, samples):
    d = tmp_path / "in"
    write(d / "site" / "a.txt", (samples / "004_37658971a4556726.txt").read_bytes())
    write(d / "site" / ".corpus.json", json.dumps({"publisher": "Example Daily"}))
    cli("ingest", str(d), "--workers", "1")
    assert cli.export()[0]["publisher"] == "Example Daily"


def test_schema_after_migrating_an_empty_database(db_path):
    from corpus_cli.store.connect import open_db

    open_db(db_path)
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "files", "article_files", "sources", "article_sources", "actors", "actor_aliases",
            "mentions", "quotes", "runs", "errors", "boilerplate_lines", "articles_fts"} <= tables
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    # New articles are indexed when their batch commits; edits and deletes by hand are kept in step by triggers.
    assert {"articles_ad", "articles_au"} <= triggers and "articles_ai" not in triggers
    fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(mentions)")}
    assert fks == {("articles", "article_id"), ("actors", "actor_id")}
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
    assert cols[:4] == ["id", "content_hash", "title", "date"]
    plans = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT article_id FROM mentions WHERE actor_id = 1"))
    assert "USING" in plans and "INDEX" in plans.upper()


def test_opening_the_database_runs_no_sqlite_utils_plugin(db_path):
    """A sqlite-utils plugin installed beside corpus never touches its connection (nor is looked up)."""
    import subprocess
    import sys

    code = ("import sys; from corpus_cli.store.connect import open_db; open_db(sys.argv[1]); "
            "import sqlite_utils.plugins as p; print(p._plugins_loaded)")
    r = subprocess.run([sys.executable, "-c", code, db_path], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"


def _read_in_a_fresh_process(db_path: str, *args: str) -> tuple[list, bool]:
    """``corpus ARGS --format json`` in a Python of its own: its output, and whether sqlite-utils was imported."""
    import subprocess
    import sys

    code = ("import sys; from corpus_cli.cli import app; sys.argv = ['corpus', *sys.argv[2:], '--db', sys.argv[1], "
            "'--format', 'json']\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
            "print('sqlite_utils' in sys.modules, file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, db_path, *args], capture_output=True, text=True, check=True)
    return json.loads(r.stdout), r.stderr.strip().splitlines()[-1] == "True"


def test_read_commands_on_a_current_database_do_without_sqlite_utils(cli, samples, db_path):
    """Read commands open an up-to-date database with sqlite3 alone (importing sqlite-utils is most of their
    time); one with a migration to apply or an old gazetteer goes through open_db, which brings it up to date."""
    from corpus_cli.store import connect

    cli("ingest", str(samples), "--workers", "1")
    conn = sqlite3.connect(db_path)
    last = conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert last == connect.LATEST_MIGRATION
    expected = cli.json("query", "--actor", "North Korea")
    assert len(expected) >= 3
    rows, imported = _read_in_a_fresh_process(db_path, "query", "--actor", "North Korea")
    assert rows == expected and not imported
    for stale in (f"DELETE FROM _sqlite_migrations WHERE name = '{connect.LATEST_MIGRATION}'",
                  "UPDATE meta SET value = 'old' WHERE key = 'gazetteer'"):
        conn.execute(stale)
        conn.commit()
        rows, imported = _read_in_a_fresh_process(db_path, "query", "--actor", "North Korea")
        assert rows == expected and imported, stale
        _, imported = _read_in_a_fresh_process(db_path, "stats")  # brought up to date by the command before
        assert not imported, stale
    conn.close()


def test_actors_add_relinks_existing_articles(cli, samples, tmp_path):
    cli("ingest", str(samples), "--workers", "1")
    assert cli.json("query", "--actor", "Partnership Treaty") == []
    r = cli("actors", "add", "Comprehensive Strategic Partnership Treaty", "--alias", "Partnership Treaty",
            "--member-of", "Russia")
    assert r.exit_code == 0 and "2 articles re-linked" in r.stderr
    assert len(cli.json("query", "--actor", "partnership treaty")) == 2
    listed = cli.json("actors", "--search", "treaty")
    mine = [a for a in listed if a["name"] == "Comprehensive Strategic Partnership Treaty"][0]
    assert (mine["origin"], mine["member_of"], mine["articles"]) == ("user", "Russia", 2)
    # User actors are matched in articles ingested later too.
    d = tmp_path / "later"
    from tests.conftest import write

    write(d / "new.txt", "Officials said the Partnership Treaty was signed again in a ceremony that lasted an hour.\n"
                         "Diplomats from both countries attended the ceremony and praised the treaty at length.")
    cli("ingest", str(d), "--workers", "1")
    assert len(cli.json("query", "--actor", "Comprehensive Strategic Partnership Treaty")) == 3


def test_actors_import_and_members(cli, samples, tmp_path):
    cli("ingest", str(samples), "--workers", "1")
    f = tmp_path / "actors.json"
    f.write_text(json.dumps([{"name": "Tykhyi Office", "type": "organisation", "aliases": ["Foreign Ministry spokesman"],
                              "member_of": "Ukraine"}]))
    r = cli("actors", "import", str(f))
    assert r.exit_code == 0 and "imported 1 actors" in r.stderr
    kim = ids(cli.json("query", "--actor", "Kim Jong Un"))
    with_members = ids(cli.json("query", "--actor", "North Korea", "--members"))
    assert set(kim) <= set(with_members)
    assert cli("actors", "import", str(tmp_path / "missing.json")).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"actors": [{"aliases": ["no name"]}]}')
    r = cli("actors", "import", str(bad))
    assert r.exit_code == 2 and "name" in r.stderr
    assert cli("actors", "add", "X", "--type", "planet").exit_code == 2


def test_capitals_switch_is_fixed_per_database(cli, tmp_path):
    from tests.conftest import write

    d = write(tmp_path / "cap" / "a.txt", "Pyongyang said on Monday that the talks with the delegation were over for now.\n"
                                          "Officials in the capital gave no further details about the next meeting.").parent
    r = cli("ingest", str(d), "--no-capitals", "--workers", "1")
    assert r.exit_code == 0
    assert cli.json("query", "--actor", "North Korea") == []
    r = cli("ingest", str(d), "--capitals", "--workers", "1")
    assert r.exit_code == 2 and "new database" in r.stderr
    from tests.conftest import Cli

    other = Cli(str(tmp_path / "other.db"))
    other("ingest", str(d), "--workers", "1")
    assert len(other.json("query", "--actor", "North Korea")) == 1


def test_people_found_as_speakers_are_queryable_actors(cli, tmp_path, fixtures):
    from tests.conftest import write

    write(tmp_path / "h" / "page.html", (fixtures / "article.html").read_bytes())
    cli("ingest", str(tmp_path / "h"), "--workers", "1")
    found = cli.json("query", "--actor", "piotr zielinski")
    assert [r["title"] for r in found] == ["Harbour workers strike over pay in Gdansk"]
    person = [a for a in cli.json("actors", "--type", "person") if a["name"] == "Piotr Zielinski"][0]
    assert (person["origin"], person["articles"]) == ("discovered", 1)


def test_a_speaker_named_by_a_possessive_is_the_person_and_queryable(cli, tmp_path):
    write(tmp_path / "p" / "a.txt", "Campaign reaches Dayton\n\nMargit Holloway's campaign bus reached Dayton on Monday "
          "after a long drive from the state capital.\n\nShe said the county would decide the race in the spring, "
          "and thanked the volunteers.\n")
    cli("ingest", str(tmp_path / "p"), "--workers", "1")
    [q] = cli.json("quotes", "--speaker", "Margit Holloway")
    assert (q["speaker"], q["speaker_mention"], q["kind"]) == ("Margit Holloway", "She", "indirect")


def test_discovered_actors_merge_across_the_corpus_by_alias(cli, tmp_path):
    from tests.conftest import write

    body = " The talks lasted three hours and ended without a joint statement from either delegation."
    write(tmp_path / "d" / "a.txt", "Talks in Moscow\n\nForeign Minister Choe Son-hui met the envoy in Moscow on Monday." + body)
    write(tmp_path / "d" / "b.txt", "Talks in Beijing\n\nForeign Minister Choe Son Hui arrived in Beijing on Friday." + body)
    cli("ingest", str(tmp_path / "d"), "--workers", "1")
    people = [a for a in cli.json("actors", "--type", "person") if a["name"].startswith("Choe")]
    assert [(a["name"], a["origin"], a["articles"]) for a in people] == [("Choe Son-hui", "discovered", 2)]
    assert len(cli.json("query", "--actor", "Choe Son Hui")) == 2
    assert len(cli.json("query", "--actor", "choe son-hui")) == 2


def test_html_extraction_modes_ingest_the_same_article_and_a_bad_one_is_refused(cli, tmp_path, fixtures):
    d = tmp_path / "pages"
    write(d / "page.html", (fixtures / "article.html").read_bytes())
    assert cli("ingest", str(d), "--html-extraction", "fast").exit_code == 0
    [art] = cli.export()
    assert art["title"] == "Harbour workers strike over pay in Gdansk" and "Several hundred harbour workers" in art["text"]
    r = cli("ingest", str(d), "--html-extraction", "slow")
    assert r.exit_code == 2 and "--html-extraction must be one of auto, fast, full" in r.stderr
