"""Ukrainian and Russian: names in Latin letters (KMU 2010, BGN/PCGN), dates, quote speakers."""

import pytest

from corpus_cli.translit import latin_spellings


@pytest.mark.parametrize("name, expected", [
    ("Георгій Тихий", ["Heorhii Tykhyi"]),  # і: Ukrainian only
    ("Юлія Євтушенко", ["Yuliia Yevtushenko"]),  # ю, я, є at a word's start and inside it
    ("Андрій Сибіга", ["Andrii Sybiha"]),
    ("Згурівка", ["Zghurivka"]),  # зг is zgh
    ("Ковальчук-Мар'яненко", ["Kovalchuk-Marianenko"]),  # apostrophe and soft sign dropped
    ("Дмитрий Песков", ["Dmytryi Peskov", "Dmitriy Peskov"]),  # no letter tells: both standards
    ("Сергей Лавров", ["Serhei Lavrov", "Sergey Lavrov"]),
    ("Мария Захарова", ["Maryia Zakharova", "Mariya Zakharova"]),  # я after a vowel is ya in BGN/PCGN
    ("Алексей Навальный", ["Aleksey Navalnyy"]),  # ы: Russian only
    ("Olena Bilyk", []),
])
def test_latin_spellings(name, expected):
    assert latin_spellings(name) == expected


@pytest.mark.parametrize("line, expected", [
    ("Олег Павлюк — Понеділок, 28 квітня 2025, 20:01", "2025-04-28T20:01"),
    ("Москва, 28 апреля 2025", "2025-04-28"),
    ("5 травня 2024 року о 14:30", "2024-05-05T14:30"),
    ("Среда, 1 мая 2024 года, 10:15", "2024-05-01T10:15"),
    ("1 грудня 2023 р.", "2023-12-01"),
    ("маяк 2025", None),
])
def test_dates_in_ukrainian_and_russian(line, expected):
    from corpus_cli.clean.metadata import find_date

    found = find_date(line)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("mention, expected", [
    ("Олени Білик", "Олена Білик"),
    ("міністра оборони Рустема Умєрова", "міністра оборони Рустем Умєров"),
    ("Игоря Кузнецова", "Игорь Кузнецов"),
    ("Ігоря Клименка", "Ігор Клименко"),
    ("Марії Петрової", "Марія Петрова"),
    ("Натальи Беловой", "Наталья Белова"),
    ("Сергея Лаврова", "Сергей Лавров"),
    ("Пескова", "Песков"),
    ("Maria Lopez", "Maria Lopez"),  # not Cyrillic: as it is
])
def test_a_name_after_a_genitive_cue_in_the_nominative(mention, expected):
    from corpus_cli.extract.declension import nominative

    assert nominative(mention) == expected


@pytest.mark.parametrize("text, speaker, cue", [
    ("«Мы не видим предпосылок для переговоров», — заявил Дмитрий Песков.", "Dmitry Peskov", "заявил"),
    ("За словами Олени Білик, «ремонт мосту завершать до кінця року».", "Олена Білик", "за словами"),
    ("«Те, кто сражался, — герои», — говорится в заявлении Ким Чен Ына.", "Kim Jong Un", "говорится в заявлении"),
    ("Голова громади Петро Лисенко провів зустріч. «Школу відбудуємо до вересня», – сказав він.", "Петро Лисенко",
     "сказав"),
])
def test_speakers_of_ukrainian_and_russian_quotes(text, speaker, cue):
    from corpus_cli.extract.quotes import extract_quotes
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    quotes = [q for q in extract_quotes(text, Gazetteer(load_gazetteer_file())) if q.kind != "indirect"]
    assert [(q.speaker, q.cue) for q in quotes] == [(speaker, cue)]


@pytest.mark.parametrize("line, expected", [
    ("Montag, 28. April 2025, 20:01 Uhr", "2025-04-28T20:01"),
    ("Stand: 3. März 2024", "2024-03-03"),
    ("Publié le 1er mai 2025 à 08h15", "2025-05-01T08:15"),
    ("lundi 28 avril 2025 à 20 h 01", "2025-04-28T20:01"),
    ("12 févr. 2024", "2024-02-12"),
    ("Madrid, lunes, 28 de abril de 2025 - 20:01", "2025-04-28T20:01"),
    ("3 sept. 2024", "2024-09-03"),
    ("poniedziałek, 28 kwietnia 2025 r., godz. 20:01", "2025-04-28T20:01"),
    ("Warszawa, 5 października 2023", "2023-10-05"),
    ("Opublikowano: 1 lipca 2024 o godz. 7:30", "2024-07-01T07:30"),
    ("Die Mairegel von 2025", None),  # a month's letters inside a word are not a month
])
def test_dates_in_german_french_spanish_and_polish(line, expected):
    from corpus_cli.clean.metadata import find_date

    found = find_date(line)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("line, expected", [
    ("Von Anna Schmidt und Jonas Weber, dpa", (["Anna Schmidt", "Jonas Weber"], ["dpa"])),
    ("Par Claire Dubois et Marc Lefèvre", (["Claire Dubois", "Marc Lefèvre"], [])),
    ("Por Lucía Fernández y Javier Ortega", (["Lucía Fernández", "Javier Ortega"], [])),
    ("Tomasz Wiśniewski i Anna Zielińska, PAP", (["Tomasz Wiśniewski", "Anna Zielińska"], ["PAP"])),
    ("Autor: Katarzyna Nowak", (["Katarzyna Nowak"], [])),
    ("Publié le", None),
])
def test_bylines_in_german_french_spanish_and_polish(line, expected):
    from corpus_cli.clean.metadata import parse_byline

    assert parse_byline(line) == expected


@pytest.mark.parametrize("run, expected", [
    ("Роман Коноплев", "Роман Коноплев"),
    ("Роскосмоса Анатолий Перминов", "Анатолий Перминов"),  # the agency, in the genitive, is not the name's
    ("Київради Андрій Задерейко", "Андрій Задерейко"),
    ("Роман Коноплев Русской", "Роман Коноплев"),  # a feminine word after a masculine name is not the name's
    ("Виталием Калоевым", "Виталий Калоев"),  # instrumental
    ("Арсенія Яценюка", "Арсеній Яценюк"),  # genitive
    ("Олени Білик", "Олена Білик"),
    ("Натальей Беловой", "Наталья Белова"),
    ("Путин Владимир Владимирович", "Путин Владимир Владимирович"),  # surname first, as lists write it
    ("Н. Кан", "Н. Кан"),
    ("Острове Уайт", None),  # an island: no first name
    ("Западном Иерусалиме", None),
    ("Компания Microsoft", None),  # a person's name is in one script
    ("Olena Bilyk", "Olena Bilyk"),  # not Cyrillic: as it is
])
def test_a_person_in_cyrillic_starts_at_a_first_name(run, expected):
    from corpus_cli.extract.cyrillic import person_tokens

    words = person_tokens(run.split())
    assert (" ".join(words) if words else None) == expected


@pytest.mark.parametrize("inner, prefix, after, name", [
    ("Слуга народу", "Депутатка від партії ", " Галина Третяк подала законопроєкт.", True),
    ("Брат", "Фильм ", " снова покажут в кинотеатрах.", True),
    ("Ми вистояли", "", ", – сказав Олександр Мельник.", False),  # a dash attribution follows
    ("Ми чекаємо", "Він заявив: ", ".", False),  # after a colon: speech
    ("Ремонт мосту завершать до кінця року", "За словами Олени Білик, ", ".", False),
    ("Школу відбудуємо до вересня.", "Він сказав ", "", False),  # a sentence
    ("Le Monde", "Selon le journal ", ".", False),  # not Cyrillic: the extractor's other rules decide
])
def test_a_short_name_in_guillemets_is_not_a_quote(inner, prefix, after, name):
    from corpus_cli.extract.cyrillic import name_in_guillemets

    assert name_in_guillemets("«", inner, prefix, after) is name


@pytest.mark.parametrize("text, speaker, cue", [
    # An organisation in the genitive before the name is not the speaker.
    ("«Обстріли тривали всю ніч», – повідомив речник Одеської обласної адміністрації Максим Ткаченко.",
     "Максим Ткаченко", "повідомив"),
    ("«Мост откроют в срок», — сказал глава Росавтодора Роман Новиков.", "Роман Новиков", "сказал"),
    # The person of a "Джерело:" line speaks the "Цитата:" after it; the label is never a speaker.
    ("Джерело: речник міськради Остап Литвин на брифінгу\n\nЦитата: «Тролейбуси вийдуть на маршрути зранку».",
     "Остап Литвин", "Quote:"),
])
def test_speakers_after_a_genitive_organisation_or_a_source_line(text, speaker, cue):
    from corpus_cli.extract.quotes import extract_quotes
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    quotes = [q for q in extract_quotes(text, Gazetteer(load_gazetteer_file())) if q.kind != "indirect"]
    assert [(q.speaker, q.cue) for q in quotes] == [(speaker, cue)]


def test_names_in_guillemets_are_not_quotes():
    from corpus_cli.extract.quotes import extract_quotes
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    text = "Партія «Нова сила» подала список до комісії, а журнал «Світ техніки» написав про це першим."
    assert [q.text for q in extract_quotes(text, Gazetteer(load_gazetteer_file())) if q.kind != "indirect"] == []


def test_the_first_names_are_read_once_a_process():
    from corpus_cli.extract.cyrillic import packaged_first_names

    assert packaged_first_names() is packaged_first_names()  # every Cyrillic run asks for them
