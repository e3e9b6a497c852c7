"""Ukrainian and Russian dumps end to end: one actor across scripts, metadata, quotes (tests/fixtures/*_uk.txt,
*_ru.txt are written for this project in the layouts of the seeds)."""

import shutil

import pytest

from tests.conftest import SAMPLES, write


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


def test_title_date_and_author_of_the_ukrainian_and_russian_dumps(corpus):
    uk = corpus["up_uk.txt"]  # "Олег Павлюк — Понеділок, 28 квітня 2025, 20:01" is the byline, not the title
    assert uk["title"].startswith("Україна закликає посилити санкції")
    assert (uk["date"], uk["authors"], uk["language"]) == ("2025-04-28T20:01", ["Олег Павлюк"], "uk")
    ru = corpus["wire_ru.txt"]  # "Москва, 28 апреля 2025" is the dateline, not the title
    assert ru["title"] == "КНДР впервые признала участие своих войск в боях на стороне России"
    assert (ru["date"], ru["authors"], ru["language"]) == ("2025-04-28", ["Ирина Соколова"], "ru")


UK_SPEAKER = ("Київ погодив нову енергетичну угоду\n\nМіська рада схвалила план у понеділок після довгої дискусії.\n\n"
              "«Цієї зими в нас буде опалення, і це головне», – заявила Олена Білик, голова ради.\n\n"
              "Угоду ще має схвалити міністерство.\n")
EN_SPEAKER = ("Kyiv agrees new energy deal\n\nThe city council approved the plan on Monday after a long debate.\n\n"
              "\"We will have heating this winter, and that is what matters,\" said Olena Bilyk, the head of the "
              "council.\n\nThe deal still needs approval from the ministry.\n")


@pytest.mark.parametrize("first, second", [(UK_SPEAKER, EN_SPEAKER), (EN_SPEAKER, UK_SPEAKER)])
def test_a_discovered_person_is_one_actor_in_cyrillic_and_latin(cli, tmp_path, first, second):
    for i, text in enumerate((first, second)):
        write(tmp_path / "in" / f"{i}.txt", text)
    r = cli("ingest", str(tmp_path / "in"), "--workers", "1")
    assert r.exit_code == 0, r.output
    people = [a for a in cli.json("actors") if a["origin"] == "discovered" and a["type"] == "person"]
    assert len(people) == 1 and people[0]["articles"] == 2
    assert files(cli.json("query", "--actor", "Olena Bilyk")) == ["0.txt", "1.txt"]
    assert files(cli.json("query", "--actor", "Олена Білик")) == ["0.txt", "1.txt"]


def test_quotes_and_boilerplate_of_the_ukrainian_and_russian_dumps(corpus):
    uk = corpus["up_uk.txt"]
    assert [(q["speaker"], q["cue"]) for q in uk["quotes"]] == [("Heorhii Tykhyi", "заявив"),
                                                                ("Heorhii Tykhyi", "наголосив")]
    assert "Підписуйтесь" not in uk["text"] and "Новини партнерів" not in uk["text"]
    assert "Реклама" not in uk["text"] and "Читайте також" not in uk["text"]
    ru = corpus["wire_ru.txt"]
    assert [(q["speaker"], q["cue"]) for q in ru["quotes"]] == [("Kim Jong Un", "говорится в заявлении"),
                                                                ("Dmitry Peskov", "сказал")]
    assert "Реклама" not in ru["text"] and "Читайте также" not in ru["text"]


# Dumps written for this project in common layouts: the byline before or above the date, a dateline before it.
@pytest.mark.parametrize("name, title, authors", [
    ("news_de.txt", "Stadtrat beschließt neues Konzept für die Fernwärme", ["Anna Schmidt", "Jonas Weber"]),
    ("news_fr.txt", "Le conseil municipal adopte un nouveau plan pour les transports", ["Claire Dubois", "Marc Lefèvre"]),
    ("news_es.txt", "El ayuntamiento aprueba un nuevo plan de agua para los barrios del sur",
     ["Lucía Fernández", "Javier Ortega"]),
    ("news_pl.txt", "Rada miasta przyjęła nowy plan budowy ścieżek rowerowych", ["Tomasz Wiśniewski", "Anna Zielińska"]),
])
def test_title_date_and_authors_in_german_french_spanish_and_polish(cli, tmp_path, fixtures, name, title, authors):
    shutil.copy(fixtures / name, tmp_path / name)
    r = cli("ingest", str(tmp_path / name), "--workers", "1")
    assert r.exit_code == 0, r.output
    [art] = cli.export()
    assert (art["title"], art["date"], art["authors"]) == (title, "2025-04-28T20:01", authors)
    assert art["language"] == name[5:7]
    assert art["text"].split("\n")[0].startswith(("Der Stadtrat", "Le conseil", "El ayuntamiento", "Rada miasta"))
