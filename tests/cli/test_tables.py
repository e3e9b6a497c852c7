"""Tables for people: query, quotes, actors and sources fit the terminal; --wide shows everything."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from corpus_cli.cli import app
from corpus_cli.render import fit_widths


@pytest.mark.parametrize(
    "natural, whole, total, expected",
    [
        ([2, 10, 60, 16, 8], [True, True, False, False, True], 80, [2, 10, 28, 16, 8]),  # a long title gives way
        ([2, 10, 20, 16, 8], [True, True, False, False, True], 80, [2, 10, 20, 16, 8]),  # all fits: nothing cut
        ([10, 90, 90], [True, False, False], 80, [10, 30, 30]),  # two long columns share evenly
        ([10, 5, 90], [True, False, False], 60, [10, 5, 35]),  # the narrow one whole, the long one the rest
    ],
)
def test_fit_widths(natural, whole, total, expected):
    widths = fit_widths(natural, whole, total)
    assert widths == expected
    assert sum(widths) + 3 * len(widths) + 1 <= total


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from tests.conftest import SAMPLES

    path = str(tmp_path_factory.mktemp("tables") / "corpus.db")
    assert CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", path, "-q"]).exit_code == 0
    return path


def table(db: str, columns: int, *args: str) -> list[str]:
    r = CliRunner().invoke(app, [*args, "--db", db, "--format", "table"], env={"COLUMNS": str(columns)})
    assert r.exit_code == 0, r.output
    return r.stdout.splitlines()


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("command", [["query", "--actor", "North Korea"], ["quotes"], ["actors", "--limit", "20"],
                                     ["sources"]])
def test_tables_fit_the_terminal(db, command, columns):
    lines = table(db, columns, *command)
    assert len(lines) > 4 and all(cell_len(line) <= columns for line in lines)
    assert not any("data/samples" in line for line in lines)


def test_query_table_cuts_titles_and_leaves_paths_to_wide(db):
    narrow = "\n".join(table(db, 80, "query", "--actor", "North Korea"))
    assert "North Korea shares blame fo…" in narrow and "2025-04-30T" not in narrow  # the day, without the time
    wide = "\n".join(table(db, 200, "query", "--actor", "North Korea", "--wide"))
    assert "data/samples/" in wide and "2025-04-30T08:53" in wide
    assert "North Korea shares blame for Russia's war in Ukraine, says US State Department" in wide
