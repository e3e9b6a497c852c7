"""A pronoun speaker and the gender the article gives a person (corpus_cli/extract/speaker_gender.py)."""

from corpus_cli.extract import speakers as sp
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.speaker_gender import clashes, first_name_gender, person_gender, pronoun_gender, title_gender
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())


def test_a_title_or_the_pronouns_after_a_surname_tell_a_gender():
    text = ("Ms. Whitfield runs the clinic. Gordon Fisk said he would help. Fisk said his plan was ready. Fisk "
            "added that he had the money. Jean Kirby met him.")
    memo: dict = {}
    assert person_gender(text, "Dana Whitfield", memo) == "f"
    assert person_gender(text, "Gordon Fisk", memo) == "m"
    # No pronoun of hers follows her name, and Jean is a name given to both; Ann is a woman's.
    assert person_gender(text, "Jean Kirby", memo) is None and person_gender(text, "Ann Kirby", memo) == "f"
    assert pronoun_gender("She") == "f" and pronoun_gender("he ") == "m" and pronoun_gender("they") is None
    assert clashes("f", text, "Gordon Fisk", memo) and not clashes("m", text, "Gordon Fisk", memo)
    assert not clashes("f", text, "Jean Kirby", memo) and not clashes(None, text, "Gordon Fisk", memo)
    assert clashes("m", text, "Ann Kirby", memo)


def test_a_pronoun_that_is_not_the_subject_of_what_a_person_says_tells_nothing():
    # "Fisk told Kirby she ...", "Fisk met her": those pronouns are another person's.
    text = "Jordan Fisk told Dana Kirby she could stay. Fisk met her later. Dana Kirby said she would."
    assert person_gender(text, "Jordan Fisk", {}) is None and person_gender(text, "Dana Kirby", {}) == "f"
    # Two people of one surname: the first name's gender, where nine in ten people of that name have one.
    assert person_gender("Mr. Holt and Mrs. Holt spoke.", "Margaret Holt", {}) == "f"
    assert person_gender("Mr. Holt and Mrs. Holt spoke.", "Robert Holt", {}) == "m"
    assert person_gender("Mr. Holt and Mrs. Holt spoke.", "Jean Holt", {}) is None  # a name given to both
    # Both pronouns said: no gender.
    assert person_gender("Lee said he would. Lee said she might.", "Dana Lee", {}) is None


def test_a_pronoun_skips_the_person_the_article_calls_the_other_way():
    text = ("Dana Whitfield runs the clinic. Gordon Fisk said he would fund it. Fisk said his plan was ready, and "
            "Fisk added that he had the money.\n\nDana Whitfield thanked the donors. Gordon Fisk spoke after "
            "her.\n\n\"We will keep the doors open,\" she said.")
    qs = text.index("\"We")
    state = sp.State(persons=sp.known_persons(text, GAZ, GAZ.find(text), [(qs, qs + 30)]), text=text)
    assert state.pronoun_at(qs + 32, GAZ) == "Gordon Fisk"  # no gender asked: the subject named last
    assert state.pronoun_at(qs + 32, GAZ, "f") == "Dana Whitfield"
    assert state.person_at(qs, "f") == "Dana Whitfield" and state.person_at(qs) == "Gordon Fisk"
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert (q.speaker, q.speaker_mention) == ("Dana Whitfield", "she")


def test_a_pronoun_skips_the_opener_of_a_sentence_before_it():
    # "While Comey spoke" and "The Vermont senator": the subject is Comey, and "The Vermont" is no person.
    text = ("James Comey met the panel on Monday. Following Wednesday's hearing, members were split. While Comey "
            "spoke, the chairman waited. The Vermont senator left.\n\n\"We will see,\" he said.")
    qs = text.index("\"We")
    state = sp.State(persons=sp.known_persons(text, GAZ, GAZ.find(text), [(qs, qs + 14)]), text=text)
    assert state.pronoun_at(qs + 16, GAZ) == "James Comey"
    # A word the article also writes in lower case opens no name; a name stays whole.
    text = "Sanders spoke as well. Well Senator Sanders, the mark of a man."
    assert sp.drop_lower_openers("Well Senator Sanders", text, {}) == "Senator Sanders"
    assert sp.drop_lower_openers("As for Donald Trump", text, {}) == "Donald Trump"
    assert sp.drop_lower_openers("Mark Cuban", text, {}) == "Cuban"  # "mark" is a word here
    assert sp.drop_lower_openers("Mark Cuban", "Mark Cuban spoke.", {}) == "Mark Cuban"


def test_a_title_tells_apart_two_people_of_one_surname():
    assert first_name_gender("Margaret Holt") == "f" and first_name_gender("Robert Holt") == "m"
    assert first_name_gender("Holt") is None and first_name_gender("Jean Holt") is None
    assert title_gender("Mrs. Holt", "Holt") == "f" and title_gender("said Mr. Holt's aide", "Holt") == "m"
    assert title_gender("Holt", "Holt") is None and title_gender("Ms. Holt", "Fisk") is None
    # Whichever of the two was named last, "Mrs. Holt" is Margaret and "Mr. Holt" Robert; a name that tells no
    # gender comes before one that tells the other; a possessive ("Robert Holt's") names its owner.
    text = ("Margaret Holt founded the charity in 1990. Her husband, Robert Holt, joined it later, and Robert "
            "Holt's company paid for the building.\n\n\"We owe them a great deal,\" Mrs. Holt said.\n\n"
            "\"It was her idea,\" Mr. Holt said.")
    got = {q.speaker_mention: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"}
    assert got == {"Mrs. Holt": "Margaret Holt", "Mr. Holt": "Robert Holt"}
    flipped = text.replace("Mrs. Holt said", "Mr. Holt says").replace("Mr. Holt said", "Mrs. Holt said")
    got = {q.speaker_mention: q.speaker for q in extract_quotes(flipped, GAZ, GAZ.find(flipped)) if q.kind == "direct"}
    assert got == {"Mr. Holt": "Robert Holt", "Mrs. Holt": "Margaret Holt"}
    state = sp.State(persons=[(0, "Margaret Holt"), (10, "Jean Holt"), (20, "Robert Holt's")], text=text)
    assert state.match_known("Holt", 30, "f") == "Margaret Holt" and state.match_known("Holt", 30, "m") == "Robert Holt"
    assert state.match_known("Holt", 15, "m") == "Jean Holt" and state.match_known("Holt", 5, "m") == "Margaret Holt"
    assert state.match_known("Holt", 30) == "Robert Holt"  # no title: the one named last


def test_a_pronoun_skips_the_person_of_one_surname_whose_first_name_is_the_other_gender():
    text = ("Margaret Holt met donors with Robert Holt. Mr. Holt spoke first; Mrs. Holt spoke after Robert Holt."
            "\n\n\"The roof comes first,\" she said.")
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert (q.speaker, q.speaker_mention) == ("Margaret Holt", "she")


def test_a_pronoun_goes_by_the_first_name_where_the_article_tells_no_gender():
    # Nothing in the article says Robert Fisk is "he"; his first name does, so "she" is Margaret Holt.
    text = 'Margaret Holt ran the meeting. Robert Fisk spoke after her.\n\n"The roof comes first," she said.'
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert (q.speaker, q.speaker_mention) == ("Margaret Holt", "she")
    # Only men named: no speaker rather than a wrong one.
    text = 'Robert Fisk met Gordon Abelard at noon.\n\n"The roof comes first," she said.'
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert (q.speaker, q.speaker_mention) == (None, "she")


def test_a_pronoun_looks_back_over_five_people_not_five_mentions():
    men = ["Robert Fisk", "Gordon Abelard", "Thomas Kirby", "Edward Lane", "Henry Marsh"]
    state = sp.State(persons=[(0, "Margaret Holt")] + [(10 + k, "Robert Fisk") for k in range(6)], text="")
    assert state.person_at(50, "f") == "Margaret Holt"  # Robert Fisk named six times is one person
    state = sp.State(persons=[(0, "Margaret Holt")] + [(10 + k, m) for k, m in enumerate(men)], text="")
    assert state.person_at(50, "f") is None and state.person_at(50, "m") == "Henry Marsh"
    assert state.person_at(50) == "Henry Marsh"
