"""A pronoun speaker's person (speakers.State.subject_before) and the words after a quote (speaker_after.py)."""

from corpus_cli.extract import speaker_clauses as sc
from corpus_cli.extract import speaker_subjects as ss
from corpus_cli.extract import speakers as sp
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.speaker_after import after
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())


def _pronoun(text: str, gender: str | None = None) -> str | None:
    """Whom the pronoun of the article's last quote refers to."""
    qs = text.rindex('"We')
    state = sp.State(persons=sp.known_persons(text, GAZ, GAZ.find(text), [(qs, len(text))]), text=text)
    return state.pronoun_at(qs, GAZ, gender)


def test_a_surname_after_a_title_or_before_a_reporting_verb_is_the_subject():
    # "Mayor Tolliver" and "Tolliver said" name a person, though never in full: not the person named before.
    text = ('Marla Quince chairs the board. In Springfield, Mayor Tolliver opened the hearing on Monday. '
            '"We are late," he said.')
    assert _pronoun(text, "m") == "Tolliver"
    text = ('Marla Quince chairs the board. At the hearing, Tolliver said the plan was late. "We are late," he said.')
    assert _pronoun(text, "m") == "Tolliver"
    # A capitalised word the article also writes in lower case is still no one.
    text = ('Marla Quince chairs the board. Polls said the race was close, as polls do. "We are late," he said.')
    assert _pronoun(text) == "Marla Quince"


def test_role_words_before_a_name_describe_the_subject():
    text = ('Gordon Fisk spoke first. Democratic front-runner Dana Whitfield, also campaigning in Ohio, said Fisk '
            'was wrong. "We will win," she said.')
    assert _pronoun(text, "f") == "Dana Whitfield"
    assert sc.role_named("Republican presidential candidate Alma Rusk took the stage", "Republican") == "Alma Rusk"
    assert sc.role_named("Ohio voters met Alma Rusk", "Ohio") is None  # "voters" is no role
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert q.speaker == "Dana Whitfield"


def test_words_that_carry_the_sentence_on_after_a_quote_are_no_speaker():
    # A partial quote mid-sentence: the words after it run on, and the speaker, if any, follows a comma.
    assert after(' fostered by rival campaigns and their donors, the unions say. They met.')[:2] == ("the unions", "say")
    assert after(' than the old rule, since it gives more power to the towns, Petra Lind said.')[:2] == (
        "Petra Lind", "said")
    assert after(' between the two parties and since May she has often said so.')[0] is None
    # A description that opens in lower case still names the speaker.
    assert after(' retired Gen. Corwin Baylor said.', True)[:2] == ("retired Gen. Corwin Baylor", "said")
    text = 'Organisers called it "a rally for everyone" fostered by the mayor and her allies, the unions say.'
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"][0]
    assert q.speaker_mention == "the unions"


def test_a_cyrillic_roles_next_word_is_its_body_not_a_surname():
    text = "Речник Митної служби Олена Грищук розповіла про зміни. «Черги зменшились», – сказала вона."
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert "Митної" not in (q.speaker or "")


def test_a_thing_of_a_person_is_not_the_person():
    # "Footage of Corwin Abelard" is footage: a pronoun after it goes to the person named, not to "Footage of ...".
    text = ('Dana Whitfield spoke first. Footage of Corwin Abelard again appears on the screen. '
            '"We will win," she said.')
    assert _pronoun(text, "f") == "Dana Whitfield"


def test_a_count_before_a_surname_is_not_a_first_name():
    # "Some Abelard emails", "Both Abelard and Fisk": a surname after a count, no person called "Some Abelard".
    text = ('Corwin Abelard ran the office. Some Abelard emails were lost. Both Abelard and Gordon Fisk '
            'left in May. "We are late," Abelard said.')
    persons = {name for _, name in sp.known_persons(text, GAZ, GAZ.find(text), [])}
    assert "Some Abelard" not in persons and "Both Abelard" not in persons
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert q.speaker == "Corwin Abelard"


def test_an_attribution_inside_a_quote_whose_marks_do_not_pair():
    # '“... again," Dana Whitfield continued.': a curly mark opens, a straight one closes, so the quote runs to its
    # paragraph's end with its attribution inside; the name there speaks, not the previous speaker.
    text = ('Gordon Fisk spoke first. "We will win," he said.\n\n'
            '“I was clear about it then and I will say so again," Dana Whitfield continued.')
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][-1]
    assert q.text.startswith("I was clear")
    assert (q.speaker, q.cue) == ("Dana Whitfield", "continued")


def test_a_verb_inside_an_opening_participle_clause_is_not_the_main_clauses():
    # "Continuing to explain ...": "explain" is no reporting verb of the sentence, and "Appearing" no subject.
    assert ss.subject_before("Continuing to explain her view, Dana Whitfield rejected the plan, saying that if "
                             "she ") == ("Dana Whitfield", "saying")
    assert ss.subject_before("Appearing before supporters at the party headquarters, Alma Rusk, 70, said it was early "
                             "but added, ") == ("Alma Rusk", "added")
    text = ('Gordon Fisk spoke first. Appearing before supporters at the party headquarters, Alma Rusk, 70, said it was '
            'early but added, "I think you all know the results."')
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][-1]
    assert q.speaker == "Alma Rusk"


def test_a_relative_clause_after_a_speakers_name_describes_them():
    # '"...," Dana Whitfield, who was chief of staff under Barack Obama, told reporters': she speaks, not the
    # person the clause names (a gazetteer person, whom a mention's names would otherwise put first).
    text = ('"We kept every promise," Dana Whitfield, who was chief of staff under Barack Obama, told reporters.')
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][-1]
    assert (q.speaker, q.affiliation) == ("Dana Whitfield", "who was chief of staff under Barack Obama")
    assert ss.appositive("Of Fisk, Whitfield, who has given money to Alma Rusk", None)[0] == "Whitfield"
    # A clause that holds commas of its own: the name before it, not the last name inside it.
    assert ss.subject_before("Dana Whitfield, whose hometown, Springfield, may flood, argues that the plan will "
                             ) == ("Dana Whitfield", "argues")


def test_a_person_named_after_and_is_named():
    # "Mr. Fisk and Margaret Holt": the run's name ends at "and", and Margaret Holt, named after it, is a person a
    # later "Holt" finds; "Immigration and Customs Enforcement" names no one after its "and".
    text = ('Mr. Fisk and Margaret Holt toured the site. Agents of Immigration and Customs Enforcement came too. '
            '"It will be ready," Holt said.')
    persons = {name for _, name in sp.known_persons(text, GAZ, GAZ.find(text), [])}
    assert "Margaret Holt" in persons and "Customs Enforcement" not in persons
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert q.speaker == "Margaret Holt"


def test_a_name_after_a_sentence_end_inside_a_run_is_named():
    # "... on Saturday. Rachel Holt, the chancellor," is one capitalised run; its name ends at "Saturday.", and the
    # next sentence's "Rachel Holt" is a person a later "Ms Holt" finds. "St. Louis" and "De Blasio" are no such end
    # and no first name; "One California delegate" is a count, no person.
    text = ('Gordon Fisk arrived in Kyiv on Saturday. Rachel Holt, the chancellor, stayed in St. Louis. One '
            'California delegate left.\n\n"The numbers simply do not add up," Ms Holt told reporters.')
    persons = {name for _, name in sp.known_persons(text, GAZ, GAZ.find(text), [])}
    assert "Rachel Holt" in persons and "One California" not in persons and "Louis" not in persons
    q = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"][0]
    assert q.speaker == "Rachel Holt"


def test_a_weekday_after_a_name_is_when_not_who():
    # "said Pence Thursday": the day is when he said it; a later "Pence" is the full name named before.
    text = ('Gordon Pence spoke in Ohio.\n\n"We will win this state," said Pence Thursday.\n\n'
            '"And the next one," Pence added.')
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"]
    assert [q.speaker for q in quotes] == ["Gordon Pence", "Gordon Pence"]
