"""A quote's speaker becomes an actor only where discovery or the gazetteer says what it is
(corpus_cli/store/actors.py); its words stay in the quote either way."""

import sqlite3

ARTICLE = """Budget plan faces criticism

By Staff Writer

The new budget plan was published on Monday and drew quick criticism from economists across the country.

"The plan adds two trillion dollars to the debt over ten years," the Harbor Policy Center said in a report released
on Tuesday.

"We will fight this plan in every district," said Peter Okafor, the union leader, at a rally in the capital on
Wednesday.

Lawmakers are expected to vote on the plan next month, after hearings in both chambers.
"""


def test_a_speaker_discovery_did_not_take_is_no_actor(cli, tmp_path, db_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli("ingest", str(tmp_path / "in"), "--workers", "1").exit_code == 0
    db = sqlite3.connect(db_path)
    discovered = {n for (n,) in db.execute("SELECT name FROM actors WHERE origin = 'discovered'")}
    assert "Peter Okafor" in discovered and "Harbor Policy Center" not in discovered
    linked = dict(db.execute("SELECT speaker, speaker_id FROM quotes WHERE speaker IS NOT NULL"))
    assert linked["Harbor Policy Center"] is None and linked["Peter Okafor"] is not None
    # Still found by its words.
    found = cli.json("quotes", "--speaker", "Harbor Policy Center")
    assert found and all(q["speaker"] == "Harbor Policy Center" for q in found)
