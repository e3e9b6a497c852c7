"""Ukrainian and Russian dumps end to end: one actor across scripts, metadata, quotes (tests/fixtures/*_uk.txt,
*_ru.txt are written for this project in the layouts of the seeds)."""

import shutil

import pytest

from tests.conftest import SAMPLES


@pytest.fixture
def corpus(cli, tmp_path, fixtures):
    d = tmp_path / "in"
    d.mkdir()
    for name in ("up_uk.txt", "wire_ru.txt"):
        shutil.copy(fixtures / name, d / name)
    shutil.copy(SAMPLES / "000_2fac385cc17db37a.txt", d / "en.txt")
    r = cli("ingest", str(d), "--workers", "1")
    assert r.exit_code == 0, r.output
    return {a["files"][0].rsplit("/", 1)[1]: a for a in cli.export()}


def files(rows) -> list[str]:
    return sorted(r["files"][0].rsplit("/", 1)[1] for r in rows)


def test_one_actor_across_scripts(cli, corpus):
    everyone = ["en.txt", "up_uk.txt", "wire_ru.txt"]
    assert files(cli.json("query", "--actor", "North Korea")) == everyone
    assert files(cli.json("query", "--actor", "КНДР")) == everyone
    assert files(cli.json("query", "--actor", "Північна Корея")) == everyone
    assert files(cli.json("query", "--actor", "Северная Корея")) == everyone
    assert files(cli.json("query", "--actor", "Russia")) == everyone


def test_actors_of_the_ukrainian_and_russian_dumps(corpus):
    uk = {a["name"]: a["count"] for a in corpus["up_uk.txt"]["actors"]}
    assert {"North Korea", "Russia", "Ukraine", "Vladimir Putin", "Kim Jong Un", "Heorhii Tykhyi",
            "Ministry of Foreign Affairs of Ukraine"} <= set(uk)
    assert uk["North Korea"] >= 4  # Північну Корею, Пхеньян, Пхеньяні, Північної Кореї, КНДР
    ru = {a["name"] for a in corpus["wire_ru.txt"]["actors"]}
    assert {"North Korea", "Russia", "Kim Jong Un", "Dmitry Peskov", "Kremlin", "KCNA"} <= ru
    assert not any(a["type"] == "person" and a["name"] not in ("Kim Jong Un", "Dmitry Peskov")
                   for a in corpus["wire_ru.txt"]["actors"])


def test_title_and_date_of_the_ukrainian_dump(corpus):
    uk = corpus["up_uk.txt"]
    assert uk["title"].startswith("Україна закликає посилити санкції")
    assert uk["date"].startswith("2025-04-28")
    assert uk["language"] == "uk"
