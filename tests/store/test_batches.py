"""The writer stores many files per transaction, each file whole or not at all, and indexes new articles for
full-text search when a batch commits."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import Cli, sample_copies, table_rows, write

# Each copy of a sample names its copy with a word of its own, to be searched for.
SENTENCE = ' The ministry said on day {copy} that talks would go on, codeword{copy}. "We are ready," said Anna Kovalenko.'
GOOD = ("The foreign ministry said on Tuesday that the talks on the border crossings would resume next week in "
        "Geneva, after a pause of three months. Delegations from both sides confirmed they would attend.")


REFUSED = "A title the database refuses"


def _refusing(db_path: str) -> None:
    """A database that refuses one title (a real constraint of SQLite's, as a bug of ours or a constraint
    added later would be): writing that article raises IntegrityError."""
    from corpus_cli.store.connect import open_db

    db = open_db(db_path)
    db.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.title = '{REFUSED}' "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    db.close()


def _unstorable(path) -> None:
    """A JSON file of two records: the first is a good article from a new publisher, the second has the title the
    database refuses. The first record's rows are written before the second fails."""
    write(path, json.dumps([
        {"title": "Talks resume in Geneva", "text": GOOD + " Zanzibarite delegates arrive.", "publisher": "Zanzibar Daily"},
        {"title": REFUSED, "text": GOOD + " A second record."},
    ]))


def _same_publisher(path) -> None:
    """A good article from the publisher the unstorable file names first."""
    write(path, json.dumps({"title": "Delegates arrive", "text": GOOD.replace("Tuesday", "Friday"),
                            "publisher": "Zanzibar Daily"}))


def _fts_in_step(db: str) -> bool:
    """FTS5's own check of the full-text index against the articles table (it fails on a missing or extra row)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _stored(db: str, root) -> dict[str, list]:
    """Every table but the files' own rows (the failed file has one, which moves the ids after it), and what each
    file gave, by its path under ``root``."""
    rows = table_rows(db)
    del rows["files"], rows["article_files"]
    conn = sqlite3.connect(db)
    rows["by_path"] = conn.execute(
        "SELECT f.path, f.status, x.part, a.content_hash FROM files f LEFT JOIN article_files x ON x.file_id = f.id "
        "LEFT JOIN articles a ON a.id = x.article_id WHERE f.status != 'failed' ORDER BY f.path, x.part",
    ).fetchall()
    rows["by_path"] = [(path[len(str(root)):], *rest) for path, *rest in rows["by_path"]]
    conn.close()
    return rows


@pytest.mark.parametrize("workers", ["inline", "1", "2"])
def test_a_file_that_fails_halfway_leaves_its_batch_as_if_it_were_not_there(tmp_path, workers):
    """The bad file sits in the middle of a batch, and its first record is written before its second fails: the
    database then holds what the same tree without that file gives, and the file's failure."""
    from corpus_cli.ingest.process import INLINE_FILES, Options
    from corpus_cli.ingest.run import ingest
    from corpus_cli.store.connect import open_db

    clean, bad = tmp_path / "clean", tmp_path / "bad"
    n = sample_copies(clean, 8, SENTENCE)
    sample_copies(bad, 8, SENTENCE)
    _unstorable(bad / "c3" / "zz.json")  # after the files of c0 to c3, before those of c4 to c7
    for tree in (clean, bad):
        _same_publisher(tree / "c5" / "zz.json")
        n += tree is clean
    assert n > INLINE_FILES
    inline = 10**6 if workers == "inline" else INLINE_FILES
    opts = Options(workers=1 if workers == "inline" else int(workers), inline_files=inline)
    dbs = {}
    for name, tree in (("clean", clean), ("bad", bad)):
        dbs[name] = str(tmp_path / f"{name}.db")
        _refusing(dbs[name])
        summary = ingest(open_db(dbs[name]), [str(tree)], opts, db_path=dbs[name])
        assert summary.new_articles == n
    assert (summary.files_seen, summary.failed) == (n + 1, 1)

    conn = sqlite3.connect(dbs["bad"])
    status, reason = conn.execute("SELECT status, reason FROM files WHERE path LIKE '%zz.json'").fetchone()
    assert (status, reason) == ("failed", "could not be stored (IntegrityError: refused)")
    assert conn.execute("SELECT count(*) FROM errors WHERE path LIKE '%zz.json'").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM articles WHERE text LIKE '%Zanzibarite%'").fetchone()[0] == 0
    conn.close()
    # The same articles, actors, quotes, mentions, sources and learned lines, with the same ids.
    assert _stored(dbs["bad"], bad) == _stored(dbs["clean"], clean)
    assert _fts_in_step(dbs["bad"])


def test_every_new_article_is_in_the_full_text_index(tmp_path):
    """Articles stored in several runs and batches, an unchanged file, a changed one and a duplicate: every article
    is found by a word of its own, and FTS5's integrity check finds the index in step with the articles."""
    tree = tmp_path / "tree"
    n = sample_copies(tree, 4, SENTENCE, "c{copy}/{name}")
    cli = Cli(str(tmp_path / "c.db"))
    assert cli("ingest", str(tree), "--workers", "1").exit_code == 0
    sample_copies(tree, 9, SENTENCE, "d{copy}/{name}")  # copies 0-3 again (duplicates), then 4-8: new
    changed = sorted(tree.glob("c0/*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("codeword0.", "codeword0 and codeword99."))
    assert cli("ingest", str(tree), "--workers", "2").exit_code == 0
    assert _fts_in_step(cli.db)
    conn = sqlite3.connect(cli.db)
    for word in [f"codeword{copy}" for copy in range(9)] + ["codeword99"]:
        found = {r["id"] for r in cli.json("query", "--search", word, "--limit", "0", "--all-copies")}
        holding = {i for (i,) in conn.execute("SELECT id FROM articles WHERE instr(text, ?)", [word])}
        assert found == holding and len(found) >= (1 if word == "codeword99" else n // 4), word
    conn.close()


def test_the_index_check_notices_an_article_left_out(tmp_path):
    """The check the tests above rely on fails when an article is stored without its full-text entry."""
    cli = Cli(str(tmp_path / "c.db"))
    sample_copies(tmp_path / "tree", 1, SENTENCE)
    assert cli("ingest", str(tmp_path / "tree"), "--workers", "1").exit_code == 0
    assert _fts_in_step(cli.db)
    conn = sqlite3.connect(cli.db)
    conn.execute("INSERT INTO articles (content_hash, text, kind, run_id, created_at) "
                 "SELECT 'x' || content_hash, text, kind, run_id, created_at FROM articles LIMIT 1")
    conn.commit()
    conn.close()
    assert not _fts_in_step(cli.db)


def test_a_batch_that_cannot_be_written_again_is_not_kept(tmp_path):
    """When the files before a failed one are refused on being written again (the database changed its mind: a
    disk going bad), the run ends with a one-line reason, nothing of that batch is kept, and the next run stores it."""
    from corpus_cli.errors import DatabaseUnusable
    from corpus_cli.ingest.process import Options
    from corpus_cli.ingest.run import ingest
    from corpus_cli.store.connect import open_db

    tree = tmp_path / "tree"
    write(tree / "a.json", json.dumps({"title": "Flaky", "text": GOOD}))
    write(tree / "b.json", json.dumps({"title": REFUSED, "text": GOOD.replace("Tuesday", "Friday")}))
    db_path = str(tmp_path / "c.db")
    _refusing(db_path)
    db = open_db(db_path)
    calls = []
    db.create_function("refused_before", 0, lambda: len(calls) > 0 or calls.append(1) or 0)
    db.execute("CREATE TRIGGER flaky BEFORE INSERT ON articles WHEN NEW.title = 'Flaky' AND refused_before() "
                    "BEGIN SELECT RAISE(ABORT, 'refused the second time'); END")
    with pytest.raises(DatabaseUnusable, match="refused writes it had taken a moment before .*IntegrityError: refused "
                                                "the second time.* the next run stores them"):
        ingest(db, [str(tree)], Options(workers=1), db_path=db_path)
    assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert db.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    db.execute("DROP TRIGGER flaky")
    summary = ingest(db, [str(tree)], Options(workers=1), db_path=db_path)
    assert (summary.new_articles, summary.failed) == (1, 1)
    assert _fts_in_step(db_path)


def test_the_writers_ids_stay_bounded_and_right_over_a_corpus_of_many_names(tmp_path):
    """The writer's ids by name hold at most IDS_CACHE names; a name seen again after they were let go is the
    actor and the source stored the first time (no second row)."""
    from corpus_cli.models import Article, Mention, SourceRef
    from corpus_cli.store.actors import load_gazetteer
    from corpus_cli.store.connect import open_db
    from corpus_cli.store.ids import IDS_CACHE
    from corpus_cli.store.runs import start_run
    from corpus_cli.store.writer import BatchWriter

    db = open_db(str(tmp_path / "c.db"))
    run_id = start_run(db, {})
    batch = BatchWriter(db, run_id, load_gazetteer(db))
    per_article = 1_000
    articles = IDS_CACHE // per_article + 2
    for a in range(articles):
        # The first names of every article recur in all of them; the rest are new to the corpus.
        names = [f"Recurring Person{i}" for i in range(10)] + [
            f"Person{a}x{i} Surname" for i in range(per_article - 10)]
        art = Article(text=f"{GOOD} Article {a}.", content_hash=f"sha256:{a}", kind="text", publisher="Same Daily",
                      mentions=[Mention(n, "person", 1, i) for i, n in enumerate(names)],
                      sources=[SourceRef("Cited Agency", "cited")])
        batch.store_file(f"/f{a}.txt", 1, 1, f"sha256:f{a}", "text", [(0, art, [])], [])
        batch.done_one()
        assert len(batch.ids) <= IDS_CACHE
    batch.commit()
    assert db.execute("SELECT count(*) FROM actors WHERE name LIKE 'Recurring Person%'").fetchall() == [(10,)]
    assert db.execute("SELECT count(*) FROM sources").fetchall() == [(2,)]
    recurring = db.execute("SELECT count(DISTINCT m.article_id), count(DISTINCT m.actor_id) FROM mentions m "
                               "JOIN actors a ON a.id = m.actor_id WHERE a.name LIKE 'Recurring Person%'").fetchall()
    assert recurring == [(articles, 10)]
    assert db.execute("SELECT count(*) FROM article_sources").fetchall() == [(2 * articles,)]


def test_source_names_are_told_apart_the_same_way_in_one_run_or_in_several(tmp_path):
    """The writer's ids by name never join two names the database tells apart: "ÉCOLE Daily" and "école Daily" (SQLite's
    NOCASE folds ASCII letters only) give the same rows whether stored in one run or in two."""
    tree = tmp_path / "tree"
    for i, publisher in enumerate(["ÉCOLE Daily", "école Daily", "REUTERS"], 1):
        write(tree / f"{i}.json", json.dumps({"title": f"Talks {i}", "publisher": publisher,
                                              "text": f"{GOOD} Paragraph number {i}."}))
    one, several = Cli(str(tmp_path / "one.db")), Cli(str(tmp_path / "several.db"))
    assert one("ingest", str(tree), "--workers", "1").exit_code == 0
    for i in (1, 2, 3):
        assert several("ingest", str(tree / f"{i}.json"), "--workers", "1").exit_code == 0

    def sources(db: str):
        conn = sqlite3.connect(db)
        return conn.execute("SELECT a.title, s.name FROM articles a JOIN sources s ON s.id = a.publisher_id "
                            "ORDER BY a.title").fetchall()

    assert sources(one.db) == sources(several.db) == [
        ("Talks 1", "ÉCOLE Daily"), ("Talks 2", "école Daily"), ("Talks 3", "REUTERS")]


def test_the_writer_commits_every_max_files_with_its_own_page_cache(tmp_path):
    """A batch commits once it holds MAX_FILES files (a reader then sees them all, and none of the next file's
    before the next commit); the larger page cache is the writer's connection's only, not a reader's."""
    from corpus_cli.models import Article
    from corpus_cli.store.actors import load_gazetteer
    from corpus_cli.store.connect import connect, open_db
    from corpus_cli.store.runs import start_run
    from corpus_cli.store.writer import CACHE_KIB, MAX_FILES, BatchWriter

    path = str(tmp_path / "c.db")
    db = open_db(path)
    batch = BatchWriter(db, start_run(db, {}), load_gazetteer(db), max_seconds=1e9)
    reader = connect(path)
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
    assert reader.execute("PRAGMA cache_size").fetchone()[0] != -CACHE_KIB
    seen = lambda: reader.execute("SELECT count(*) FROM articles").fetchone()[0]  # noqa: E731
    for a in range(MAX_FILES + 1):
        art = Article(text=f"{GOOD} Article {a}.", content_hash=f"sha256:{a}", kind="text")
        batch.store_file(f"/f{a}.txt", 1, 1, f"sha256:f{a}", "text", [(0, art, [])], [])
        batch.done_one()
        assert seen() == (0 if a < MAX_FILES - 1 else MAX_FILES)
    batch.commit()
    assert seen() == MAX_FILES + 1
    reader.close()
    db.close()
