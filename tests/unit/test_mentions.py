"""A chosen speaker's words without the words read along with them (corpus_cli/extract/mentions.py)."""

import sys
from pathlib import Path

import pytest

from corpus_cli.extract.mentions import tidy
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
from corpus_cli.models import Quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import polnear  # noqa: E402

GAZ = Gazetteer(load_gazetteer_file())


def _only(text: str):
    quotes = extract_quotes(text, GAZ, GAZ.find(text))
    assert len(quotes) == 1
    return quotes[0]


def test_a_dateline_before_the_speaker_is_not_their_words():
    q = _only('WASHINGTON (AP) — Attorney General Loretta Lynch told reporters on Tuesday: "The department will '
              'follow the facts wherever they lead."')
    assert (q.speaker_mention, q.speaker) == ("Attorney General Loretta Lynch", "Loretta Lynch")


def test_a_relative_clause_after_the_name_is_the_affiliation():
    q = _only('"We have nothing to hide and we never did," said Peter Okafor, who ran the campaign\'s field office '
              'in Lagos until March.')
    assert q.speaker_mention == "Peter Okafor"
    assert q.affiliation == "who ran the campaign's field office in Lagos until March"


def test_when_it_was_said_is_not_the_speaker():
    q = _only('Rep. Bobby Scott at the time called the bill "a disaster for working families across the country."')
    assert q.speaker_mention == "Rep. Bobby Scott"


@pytest.mark.parametrize("mention, speaker, tidied", [
    ("When Trump", "Donald Trump", "Trump"),
    ("Trump released a marketing video that", None, "Trump"),
    ("The statement noted they", None, "The statement"),
    ("Senate Minority Whip Dick Durbin in an interview", None, "Senate Minority Whip Dick Durbin"),
    ("the Kentucky Republican on Tuesday", None, "the Kentucky Republican"),
    ("Blunt, after a long pause", None, "Blunt"),
    ("GOP. As The Post's Ruth Marcus", None, "The Post's Ruth Marcus"),
    ("Jason Sims — a teacher from Mount Pleasant —", None, "Jason Sims"),
    ("''Folks recognize that we have time,'' Mr. Coleman", "Tom Coleman", "Mr. Coleman"),
    ("(Mr. Obama hasn't", "Barack Obama", "Mr. Obama"),
    ("Likewise, a paper from the Brookings Institution had this to", None, "a paper from the Brookings Institution"),
])
def test_words_around_the_speaker_go(mention, speaker, tidied):
    assert tidy(mention, speaker) == tidied


@pytest.mark.parametrize("mention", [
    "the chairman of the committee", "The retired neurosurgeon", "Officials at Homeland Security Investigations",
    "NRA and the Chamber of Commerce", "Seventy-four percent of Democratic registered voters", "Soviet states",
    "Sen. Ted Cruz (R-Texas)", "U.S. Rep. John Lewis", "a retired general", "which", "he",
])
def test_a_noun_phrase_stays_whole(mention):
    assert tidy(mention) == mention


def test_the_speakers_own_words_are_never_cut():
    # The resolved speaker's words stand whole in the mention even where a cut would fall inside them.
    assert tidy("Even Rendell", "Even Rendell") == "Even Rendell"
    assert tidy("invoked the famous story John F. Kennedy", "John F. Kennedy").endswith("John F. Kennedy")


def test_the_bench_counts_the_mention_words_the_gold_source_holds():
    text = "We will build the bridge next year"
    gold = [(text, "Mayor Ann Kirby"), ("They will never stop asking", "he")]
    said = Quote(text=text, kind="direct", start=0, end=len(text), speaker="Ann Kirby",
                 speaker_mention="Mayor Ann Kirby at the time")
    other = Quote(text="They will never stop asking", kind="direct", start=0, end=27, speaker="Tom Reed",
                  speaker_mention="Tom Reed")
    tally = polnear.Tally()
    tally.add("a", gold, [said, other])
    # "Mayor Ann Kirby at the time": "the" is not counted; five words, three in the source. A pronoun source
    # ("he") takes no part.
    assert tally.figures()["mention_precision"] == 0.6


def test_the_bench_counts_actors_that_share_no_word_with_the_gold_source():
    texts = ["We will build the bridge next year", "The budget is already spent", "Nobody asked us about it"]
    gold = [(texts[0], "a Twitter spokesman"), (texts[1], "Mayor Ann Kirby"), (texts[2], "Tom Reed")]
    # The mention is right each time, so the README's rules count every speaker right; the actor is another
    # person for the first quote, the same one for the second, and none for the third.
    preds = [Quote(text=t, kind="direct", start=0, end=len(t), speaker=who, speaker_mention=mention)
             for t, who, mention in zip(texts, ["Rita Katz", "Ann Kirby", None],
                                        ["a Twitter spokesman", "Mayor Ann Kirby", "Tom Reed"])]
    tally = polnear.Tally()
    tally.add("a", gold, preds)
    f = tally.figures()
    assert (f["speaker_accuracy"], f["actors_given"], f["actor_wrong"]) == (1.0, 2, 0.5)


def test_a_sentences_opening_word_is_no_speaker():
    # "Nearly" is how the sentence opens; the article writes "nearly" too. "Kelly" ends in "-ly" but is a name.
    text = ("Nearly half of the voters said they would stay home, and nearly all of them said the race was over. "
            "Megyn Kelly said the debate would go on. Kelly added that the network was ready.")
    said = {q.speaker_mention: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text))}
    assert said["Nearly half of the voters"] is None
    assert said["Megyn Kelly"] == said["Kelly"] == "Megyn Kelly"


def test_a_contracted_pronoun_goes_back_to_its_person():
    # "He's reported from ..." read "He's" as a name; it is the pronoun "he" (#26, spk9), so it goes back to Mark Lee.
    text = ("Mark Lee covers the campaign for the paper. He's reported from every debate this year, and he says "
            "the race is close.")
    said = {q.speaker_mention: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text))}
    assert said["He's"] == "Mark Lee"
    assert said["he"] == "Mark Lee"


@pytest.mark.parametrize("text, mention, speaker", [
    ("Russia's defence ministry said its forces had taken the village of Pishchane in the east.",
     "Russia's defence ministry", "Russia"),
    ("NATO's secretary general said: \"We will keep supporting Ukraine for as long as it takes.\"",
     "NATO's secretary general", "NATO"),
    # A person's campaign manager is not that person, and "Trump's" is no one's name: the mention alone.
    ("Trump's campaign manager said the rally had been \"a great success for everyone.\"",
     "Trump's campaign manager", None),
])
def test_a_country_or_body_behind_a_possessive_is_the_speaker(text, mention, speaker):
    said = {q.speaker_mention: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text))}
    assert said[mention] == speaker


@pytest.mark.parametrize("text, mention", [
    ('The Prime Minister\'s official spokesman said: "We urge both sides to return to the table."',
     "The Prime Minister's official spokesman"),
    ("The State Department's inspector general said the office had not been told of the server.",
     "The State Department's inspector general"),
])
def test_a_titles_possessive_names_no_speaker(text, mention):
    # "Minister's" is whose spokesman, not who spoke: no speaker rather than a title's possessive.
    said = {q.speaker_mention: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text))}
    assert said[mention] is None


def test_a_body_named_with_its_owner_keeps_its_owner_when_named_again():
    # "the air force" after "Ukraine's air force said": the same body, so the same actor speaks.
    text = ("Russia fired forty drones at the port overnight, Ukraine's air force said on Sunday. "
            '"Most of them were shot down over the sea," the air force said in a statement.')
    said = {q.speaker_mention: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text))}
    assert said["Ukraine's air force"] == said["the air force"] == "Ukraine"


def test_a_speaker_that_tidies_to_nothing_is_no_speaker():
    # A dash read as a speaker tidies to an empty name: no speaker, and no error.
    from corpus_cli.extract.mentions import tidy_quotes

    q = Quote(text="We will win this seat.", kind="direct", start=0, end=22, speaker="-", speaker_mention="-")
    tidy_quotes([q], GAZ, "- said it.")
    assert not q.speaker


@pytest.mark.parametrize("speaker, expected", [
    ("Maria Delgado's", "Maria Delgado"),  # a full name with "'s" is its person, known before or not
    ("Maria Delgado’s", "Maria Delgado"),
    ("Harrow's", "Harrow's"),  # one word may be a firm's own name
])
def test_a_possessive_speaker_alone_is_its_owner_when_a_full_name(speaker, expected):
    from corpus_cli.extract.mentions import tidy_quotes

    text = f"The Ledger reports that {speaker} team avoided the press."
    q = Quote(text="keep the details under wraps", kind="partial", start=0, end=10, speaker=speaker,
              speaker_mention=speaker)
    tidy_quotes([q], GAZ, text)
    assert q.speaker == expected


@pytest.mark.parametrize("text, speaker", [
    # A stop word or an adverb that the article capitalises only where a sentence opens is no name, though the
    # article never writes it in lower case.
    ("Despite the storm, officials reopened the bridge.\n\nDespite said the repairs would take a week.", None),
    ("Hastily, the council met again.\n\nHastily announced that the bridge would reopen.", None),
    # A name capitalised after a comma, as a speaker after a quote, is one.
    ("\"We are ready,\" Shortly said. Shortly added that the bridge would reopen.", "Shortly"),
])
def test_a_function_word_opening_sentences_is_no_speaker(text, speaker):
    speakers = {q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text))}
    assert speakers == {speaker}, speakers
