"""Actors the gazetteer does not know, found in text (corpus_cli/extract/discovery.py), on sentences of our own."""

import pytest

from corpus_cli.extract.discovery import discovered_mentions
from corpus_cli.extract.names import similar_spelling
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())


def found(text: str) -> dict[str, tuple[str, int]]:
    ms = discovered_mentions(text, GAZ, extract_quotes(text, GAZ, GAZ.find(text)))
    return {m.name: (m.type, m.count) for m in ms}


@pytest.mark.parametrize("text, name", [
    ("Interior Minister Ihor Klymenko visited the site.", "Ihor Klymenko"),
    ("The briefing was led by spokesperson Olena Bilyk on Monday.", "Olena Bilyk"),
    ("Andriy Kostin, Ukraine's prosecutor general, opened a case.", "Andriy Kostin"),
    ("Defence Minister Rustem Umerov's plan was approved.", "Rustem Umerov"),
    ("The letter was signed by Senator John W. Hickenlooper on Friday.", "John W. Hickenlooper"),
    ('"We are ready," said Hanna Maliar.', "Hanna Maliar"),
    ("Source: Yurii Ihnat, spokesman for the Air Force", "Yurii Ihnat"),
])
def test_people_named_with_a_title_a_role_or_a_quote(text, name):
    assert found(text) == {name: ("person", 1)}


@pytest.mark.parametrize("text", [
    "Crowds gathered on Independence Square and along Khreshchatyk Street.",
    "The film Star Wars and the novel War and Peace were on the list.",
    "Naftogaz and Energoatom said the Burshtyn Power Plant was damaged.",
    "Although Ford said it would build the plant, analysts doubted it.",
    "President Vladimir Putin spoke.",  # the gazetteer's, not discovered
    "said spokesperson Olena Bilyk. Bilyk Street was closed.",  # street, and "Bilyk Street" is no person
])
def test_no_person_without_evidence_or_when_known(text):
    assert all(kind != "person" or name == "Olena Bilyk" for name, (kind, _) in found(text).items())


def test_later_mentions_by_surname_and_spelling_variant_count():
    text = ("Military spokesman Dmytro Lykhovyi spoke first. Lykhovii then answered questions, "
            "and Lykhovyy left.")
    assert found(text) == {"Dmytro Lykhovyi": ("person", 3)}


def test_two_spellings_of_one_person_are_one_actor():
    text = "Analyst Mykola Bielieskov wrote the report. Analyst Mykola Beleskov presented it."
    assert found(text) == {"Mykola Bielieskov": ("person", 2)}


def test_a_shared_surname_counts_only_full_names():
    text = "Deputy Minister Anna Kovalenko met commander Oleh Kovalenko. Kovalenko spoke first."
    assert found(text) == {"Anna Kovalenko": ("person", 1), "Oleh Kovalenko": ("person", 1)}


def test_organisation_introduced_with_its_acronym():
    text = "The State Emergency Service of Ukraine (SESU) said the fire was out; SESU crews stayed."
    ms = discovered_mentions(text, GAZ, [])
    assert [(m.name, m.type, m.count, m.aliases) for m in ms] == [
        ("State Emergency Service of Ukraine", "organisation", 2, ["SESU"])]


def test_known_acronym_is_not_rediscovered_and_counts_once():
    text = "The International Atomic Energy Agency (IAEA) sent inspectors."
    assert found(text) == {}
    assert [(m.name, m.count) for m in GAZ.mentions(text)] == [("IAEA", 1)]


@pytest.mark.parametrize("a, b, same", [
    ("Tykhyi", "Tykhii", True), ("Tykhyy", "Tykhii", True), ("Bielieskov", "Beleskov", True),
    ("Mariia", "Maria", True), ("Johnson", "Jackson", False), ("Kim", "Kym", False), ("Smith", "Smyth", True),
])
def test_spelling_variants(a, b, same):
    assert similar_spelling(a, b) is same


def _people(text: str) -> list[str]:
    quotes = extract_quotes(text, GAZ, GAZ.find(text))
    return [m.name for m in discovered_mentions(text, GAZ, quotes) if m.type == "person"]


@pytest.mark.parametrize("text, person", [
    # A headline in title case: its capitalised words are not a name.
    ("Senator Whitfield Just Responded To Her Critics With One Brutal Line That Left Them Speechless.\n\n"
     "The senator spoke on Monday.", None),
    # A word the article also writes in lower case ("action") is no part of a name.
    ('The summit called for action on Monday. "We will keep going," Climate Action said in a statement.', None),
    # Words before a noun in the speaker's description ("the former ... governor") describe, they do not speak.
    ('Ruth Kenney, the former Vermont Democratic governor, predicted that the party would unite. "The party will '
     'come together in the end," the former Vermont Democratic governor said.', "Ruth Kenney"),
    # A group, and a descriptor before a name.
    ('"We are not going anywhere," Establishment Republicans said in a statement on Monday.', None),
    ('"The deal will close by spring," said Dublin-based Shire Tobin in a statement.', "Shire Tobin"),
    # Named "the Harbor Ledger" wherever a sentence does not open with it: an outlet; a person is not "the X".
    ('Reporters at the Harbor Ledger have covered the trial for a year. "We will keep reporting on it," the Harbor '
     'Ledger said in an editorial.', None),
    ('Harbor Ledger is a reporter. "We will keep reporting on it," said Harbor Ledger, who covers the courts.',
     "Harbor Ledger"),
    # A surname that is also a word ("young voters") is a name where the surname alone speaks ("Young said").
    ('Many young voters stayed home. "We lost them," said Tom Young, a party organiser. Young said the party would '
     'try again.', "Tom Young"),
])
def test_a_speaker_is_a_person_only_where_the_text_says_so(text, person):
    assert _people(text) == ([person] if person else [])
