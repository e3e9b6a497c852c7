"""The packaged gazetteer in Ukrainian, Russian and the other languages it ships (make gazetteer)."""

import pytest

from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(load_gazetteer_file())


def names(gaz: Gazetteer, text: str) -> list[str]:
    return [n for n, _, _ in gaz.find(text)]


@pytest.mark.parametrize("text, expected", [
    # Case endings: nominative, genitive, accusative, instrumental, locative.
    ("Північна Корея відправила війська.", ["North Korea"]),
    ("Війська Північної Кореї воюють на Курщині.", ["North Korea"]),
    ("Сеул закликав Північну Корею припинити.", ["South Korea", "North Korea"]),
    ("Россия и Северная Корея подписали договор.", ["Russia", "North Korea"]),
    ("Договор между Россией и КНДР вступил в силу.", ["Russia", "North Korea"]),
    ("Санкции против России продлены.", ["Russia"]),
    ("Делегація прибула до Ізраїлю, а потім була в Ізраїлі.", ["Israel", "Israel"]),
    ("Співпраця з Російською Федерацією припинена.", ["Russia"]),
    # News short forms and organisations, capitals as their countries.
    ("У МЗС України заявили, що ЄС і НАТО готують відповідь.",
     ["Ministry of Foreign Affairs of Ukraine", "European Union", "NATO"]),
    ("В МИДе России отметили позицию ООН.", ["Ministry of Foreign Affairs of Russia", "United Nations"]),
    ("У Кремлі мовчать, Пхеньян теж.", ["Kremlin", "North Korea"]),
    # People in Cyrillic, declined.
    ("Зустріч Зеленського з Трампом.", ["Volodymyr Zelensky", "Donald Trump"]),
    ("Ким Чен Ын встретился с Владимиром Путиным.", ["Kim Jong Un", "Vladimir Putin"]),
    ("Кім Чен Ин привітав Путіна.", ["Kim Jong Un", "Vladimir Putin"]),
    # CLDR names in the other languages.
    ("Nordkorea und Russland", ["North Korea", "Russia"]),
    ("La Corée du Nord et la Russie", ["North Korea", "Russia"]),
    ("Corea del Norte envió tropas a Rusia", ["North Korea", "Russia"]),
    ("Korea Północna i Rosja", ["North Korea", "Russia"]),
    ("أرسلت كوريا الشمالية جنودا إلى روسيا", ["North Korea", "Russia"]),
])
def test_names_in_other_languages(gaz, text, expected):
    assert names(gaz, text) == expected


@pytest.mark.parametrize("text", [
    "рф и кндр в нижнем регистре не названия",  # acronyms count only in capitals
    "Того же мнения придерживаются эксперты.",  # Togo's Russian name is "of that"
    "Ми мали на увазі інше.",  # Mali's Ukrainian name is "had"
])
def test_common_words_are_not_countries(gaz, text):
    assert names(gaz, text) == []


@pytest.mark.parametrize("text, expected", [
    # The name of a Ukrainian institution or law ends in the country: the institution's, not a mention.
    ("Вищий господарський суд України відправив справу на новий розгляд.", []),
    ("Це сказано в управлінні ДСНС України у Львові.", []),
    ("Порушено норми Повітряного кодексу України.", []),
    ("Будинок по вул. Р. Люксембург.", []),
    ("Дом на ул. Р. Люксембург.", []),
    ("Вона представляє партію «Україна майбутнього» у раді.", []),
    ("Згідно із законом «Про основи соціальної захищеності інвалідів в Україні» норматив змінено.", []),
    # Anything else that names the country counts, speech in « » too.
    ("«Україна не визнає окупації», – заявив міністр.", ["Ukraine"]),
    ("Фірма є резидентом України.", ["Ukraine"]),
    ("В Україні такі правила діють давно.", ["Ukraine"]),
    ("Угода між Польщею та Україною.", ["Poland", "Ukraine"]),
    # Russian counts the country in an institution's name ("ГУ МЧС России").
    ("Рабочая группа ГУ МЧС России выехала на место.", ["Russia"]),
])
def test_a_country_ending_a_ukrainian_name(gaz, text, expected):
    assert names(gaz, text) == expected


def test_cyrillic_aliases_resolve_to_one_actor(gaz):
    for name in ("КНДР", "Північна Корея", "Северной Кореи", "North Korea", "DPRK"):
        assert gaz.resolve(name).name == "North Korea"
    assert gaz.resolve("Путіна").name == gaz.resolve("Putin").name == "Vladimir Putin"
