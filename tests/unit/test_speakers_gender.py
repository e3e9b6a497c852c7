"""A pronoun speaker and the gender the article gives a person (corpus_cli/extract/speaker_gender.py)."""

from corpus_cli.extract import speakers as sp
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.speaker_gender import clashes, person_gender, pronoun_gender
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())


def test_a_title_or_the_pronouns_after_a_surname_tell_a_gender():
    text = ("Ms. Whitfield runs the clinic. Gordon Fisk said he would help. Fisk said his plan was ready. Fisk "
            "added that he had the money. Ann Kirby met him.")
    memo: dict = {}
    assert person_gender(text, "Dana Whitfield", memo) == "f"
    assert person_gender(text, "Gordon Fisk", memo) == "m"
    assert person_gender(text, "Ann Kirby", memo) is None  # no pronoun of hers follows her name
    assert pronoun_gender("She") == "f" and pronoun_gender("he ") == "m" and pronoun_gender("they") is None
    assert clashes("f", text, "Gordon Fisk", memo) and not clashes("m", text, "Gordon Fisk", memo)
    assert not clashes("f", text, "Ann Kirby", memo) and not clashes(None, text, "Gordon Fisk", memo)


def test_a_pronoun_that_is_not_the_subject_of_what_a_person_says_tells_nothing():
    # "Fisk told Kirby she ...", "Fisk met her": those pronouns are another person's.
    text = "Gordon Fisk told Ann Kirby she could stay. Fisk met her later. Ann Kirby said she would."
    assert person_gender(text, "Gordon Fisk", {}) is None and person_gender(text, "Ann Kirby", {}) == "f"
    # Two people of one surname, or both pronouns said: no gender.
    assert person_gender("Mr. Clinton and Mrs. Clinton spoke.", "Hillary Clinton", {}) is None
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
