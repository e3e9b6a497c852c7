"""Markdown dumps (html2text's, a user's pandoc or Markdown export): their marks are undone before the text cleaner
reads the lines, where Markdown would read them, and nowhere else."""

import pytest

from corpus_cli.clean.markdown import unmark
from corpus_cli.clean.text import clean_text

PROSE = [
    "The city council voted on Tuesday to extend the night bus service until the end of the year, after a long debate.",
    "Residents of the northern districts had complained for months that the last buses left before the trains arrived.",
    "The mayor said the extension would cost less than expected because two older routes will be merged into one.",
]
# The same article as html2text writes it with its defaults: wrapped at 78, links and images inline, emphasis, escapes.
MARKED = """\
  * [Home](https://example.org/)
  * [World](https://example.org/world)

# Night buses extended

The _city council_ voted on Tuesday to extend the [night bus
service](https://example.org/buses_(night)/extended-until-the-end-of-the-
year "Night buses") until the end of the year, after a **long** debate.

![A night bus at the depot](https://example.org/img/bus_1.jpg)

> Residents of the northern districts had complained for months that the last buses left before the trains arrived.

The mayor said the extension would cost _less than expected_ because two older routes will be merged into one.

* * *

## Most read

  * [Ferry timetable changes](https://example.org/ferry)
"""


# The same dump as a plain-text tool writes it: the words, no marks.
PLAIN = """\
  * Home
  * World

Night buses extended

The city council voted on Tuesday to extend the night bus
service until the end of the year, after a long debate.

A night bus at the depot

Residents of the northern districts had complained for months that the last buses left before the trains arrived.

The mayor said the extension would cost less than expected because two older routes will be merged into one.

* * *

Most read

  * Ferry timetable changes
"""


def test_a_markdown_dump_cleans_like_its_words():
    r, plain = clean_text(MARKED), clean_text(PLAIN)
    assert (r.text, r.title) == (plain.text, plain.title)
    assert r.text.startswith(PROSE[0]) and r.text.endswith("\n\n".join(PROSE[1:]))
    assert r.title == "Night buses extended"


@pytest.mark.parametrize("marked, plain", [
    ("_Reuters_ said **on Monday** that __few__ had *seen* it", "Reuters said on Monday that few had seen it"),
    ("_**both**_ marks, ***three*** marks, *a **nested** pair*", "both marks, three marks, a nested pair"),
    ("![alt text](a.png) and [![logo](l.png)](https://x.org) and [](https://y.org)", "alt text and logo and "),
    ("[a link](<https://x.org/a b> 'title') ends", "a link ends"),
    ("## A heading ##", "A heading"),
    ("> > a quote in a quote", "a quote in a quote"),
    ("1\\. not a list, \\- not a bullet, \\*not em\\*, \\[not a link\\](x), \\\\n", "1. not a list, - not a bullet, "
     "*not em*, [not a link](x), \\n"),
])
def test_marks_markdown_reads_are_undone(marked, plain):
    assert unmark([marked]) == [plain]


@pytest.mark.parametrize("line", [
    "snake_case, file_name_v2 and 2*3*4 stay", "###", "# ", "an _unmatched mark and a lone * star", "* * *", "***", "---",
    "#hashtag and C:\\path", "                    # a list item lynx indents", "{* template *} {* junk *}",
    "[a bracket] (and a parenthesis)", "a _mark_in the middle_of words",
])
def test_marks_markdown_shows_as_they_are_stay(line):
    assert unmark([line]) == [line]


def test_a_link_html2text_wrapped_is_one_line_again():
    # html2text wraps a link's text, and breaks a long address after a hyphen
    assert unmark(["see the [night bus", "service](https://example.org/night-", "bus-service) today", "", "[x](y)"]) == [
        "see the night bus service today", "", "x"]


def test_a_line_of_many_openers_and_closers_is_read_once():
    line = "_a " * 50_000 + "b_ " * 50_000 + "**c " * 30_000
    assert unmark([line]) == ["a " * 50_000 + "b " * 50_000 + "**c " * 30_000]  # nested pairs, as CommonMark reads
    assert unmark(["x*" * 100_000]) == ["x*" * 100_000]
    assert unmark(["# a" + " " * 200_000 + "b ##"]) == ["a" + " " * 200_000 + "b"]


def test_a_pipe_table_is_laid_out_in_columns():
    # html2text writes tables as pipe tables; a plain dump lays their cells out in columns, with no "|" in them
    table = ["**Team** | Played | Points", "---|---|---", "Rovers | 12 | 30", "| United | 12 | 27 |", "", "a | b"]
    assert unmark(table) == ["Team     Played   Points", "Rovers   12       30", "United   12       27", "", "a | b"]
    assert unmark(["| :-- | --: |"]) == ["| :-- | --: |"]  # a delimiter row under no row is no table's


def test_a_results_table_in_markdown_is_kept_like_the_plain_one():
    rows = [("Pos", "Team", "Points", "Wins"), ("1", "Northern Lights", "5040", "5"), ("2", "Harbour United", "5035", "7"),
            ("3", "River Rovers", "5033", "4"), ("4", "Hill Town", "5027", "6"), ("5", "Old Port", "2380", "2")]
    marked = [" | ".join(rows[0]), "---|---|---|---", *(" | ".join(r) for r in rows[1:])]
    dump = "\n".join(["League table", "", PROSE[0], "", *marked, "", PROSE[1], "", "RECENT NEWS",
                      "Storm closes the airport for a day"])
    laid_out = [f"{a:<3}   {b:<15}   {c:<6}   {d}" for a, b, c, d in rows]
    assert clean_text(dump).text.split("\n\n") == [PROSE[0], *laid_out, PROSE[1]]
