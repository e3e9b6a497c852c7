"""Reported speech (quotes of kind ``indirect``): the forms the README lists, with the shipped model."""

from __future__ import annotations

import pytest

from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.reported_model import CueModel, default_model, may_be_cue, not_speech
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())

CASES = [
    # (text, reported content, speaker mention)
    ("Senator Elizabeth Warren said that the bill would hurt working families.",
     "the bill would hurt working families", "Senator Elizabeth Warren"),
    ("Mr. Trump told reporters on Monday that he would not attend the debate.",
     "he would not attend the debate", "Mr. Trump"),
    ("He told the New York Times that he obtained access to the accounts by guessing passwords.",
     "he obtained access to the accounts by guessing passwords", "He"),
    ("According to the campaign, the senator raised $5 million in the first quarter.",
     "the senator raised $5 million in the first quarter", "the campaign"),
    ("The senator raised $5 million in the first quarter, according to the campaign.",
     "The senator raised $5 million in the first quarter", "the campaign"),
    ("The ad was paid for by Mr. Trump, who has argued that the trade deals cost American jobs.",
     "the trade deals cost American jobs", "Mr. Trump"),
    ("The wage increase will raise prices for consumers, opponents say.",
     "The wage increase will raise prices for consumers", "opponents"),
    ("Among Trump voters, 74 percent said they are set on voting for the real estate mogul.",
     "they are set on voting for the real estate mogul", "74 percent"),
    ("Clinton has repeatedly denied that she sent classified material from her private server.",
     "she sent classified material from her private server", "Clinton"),
    # A content may open with a number.
    ("Officials said 2016 has seen the worst four-day start in a new year on record.",
     "2016 has seen the worst four-day start in a new year on record", "Officials"),
    # The writer's connective is not the source's words.
    ("Furthermore, the senator raised $5 million in the first quarter, according to the campaign.",
     "the senator raised $5 million in the first quarter", "the campaign"),
    # A wire report: the dateline is no one's words, and the phrase after the cue's own circumstance is not
    # what was said.
    ("LVIV, Ukraine (Reuters) - Russian forces fired dozens of missiles at power plants overnight, the energy "
     "ministry said on Monday, in the third such attack this month.",
     "Russian forces fired dozens of missiles at power plants overnight", "the energy ministry"),
    # The source's description is not what it said; a clause in that place is.
    ("According to the Institute for the Study of War, a Washington-based think tank, Russian forces have made "
     "gains near the town.", "Russian forces have made gains near the town", "the Institute for the Study of War"),
    ("According to officials, a missile hit the station, killing two.", "a missile hit the station, killing two",
     "officials"),
]


@pytest.mark.parametrize(("text", "content", "mention"), CASES)
def test_reported_forms(text, content, mention):
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert [(q.text, q.speaker_mention) for q in indirect] == [(content, mention)]
    q = indirect[0]
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize("text", [
    "Trump believes the election will be rigged against him.",  # belief, not speech (README, Quotes)
    # Effort, not speech: the token model is never asked about "striving".
    "Governor Maria Alvarez is striving to win back voters in the rural counties before the vote.",
    'Mr. Sanders said the system was "rigged against working people."',  # a partial quote, not reported speech
    "By the time those primaries said goodbye to the field, the race was over.",
    "The report was released on Monday and runs to 40 pages.",
    # An object, not speech: a rare word the token model doubts, and no clause after it.
    "Beyond money, Iran has also been supplying Syria with a large amount of heavy artillery.",
    # Intention, not speech: "seeking" is never asked about.
    "The government is seeking closer ties with its neighbours across the sea.",
    # What happened to someone, not what they said: a word political news seldom shows as a cue.
    "The northern army experienced significant losses on the front in the east.",
    # Where the quote was said, after it: its circumstances, not reported speech.
    '"We will win this state," Maria Alvarez said at a news conference in Iowa on Monday.',
])
def test_not_reported(text):
    assert [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"] == []


def test_no_content_runs_past_the_attribution_of_its_sentence():
    # The earlier verb's object ends where the sentence's own ", X said" begins.
    text = ("Russian drones struck an apartment block in the city of Kharkiv overnight, killing at least three "
            "people, regional Governor Oleh Syniehubov said Tuesday.")
    contents = [q.text for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert not any("Syniehubov" in c for c in contents)


def test_the_words_after_a_closing_cue_are_the_sentences():
    # What follows a closing cue, after a comma with a subordinator, is not the cue's content.
    text = ("Britain will send another 500 million pounds of military aid to Ukraine, Defence Secretary John Healey "
            "said on Monday, as allies met in Brussels to discuss air defence.")
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert [(q.text, q.speaker_mention) for q in indirect] == [
        ("Britain will send another 500 million pounds of military aid to Ukraine", "Defence Secretary John Healey")]


def test_a_participle_after_a_comma_names_no_speaker_after_it():
    # "..., citing the treaty between X and Y": the participle's object, not "..., said X".
    text = ("At the end of April, the country's leader confirmed that troops had been sent to the front, citing the "
            "Comprehensive Strategic Partnership Treaty between Pyongyang and Moscow.")
    quotes = extract_quotes(text, GAZ)
    assert quotes and not [q for q in quotes if "Treaty" in (q.speaker_mention or "") or q.speaker == "Moscow"]


def test_a_name_is_one_word_of_a_described_speaker():
    text = ("Analysts at the Institute for the Study of War said the Russian advance had slowed in recent weeks, "
            "citing geolocated footage.")
    said = [q for q in extract_quotes(text, GAZ) if q.cue == "said"]
    assert [(q.speaker_mention, q.speaker) for q in said] == [
        ("Analysts at the Institute for the Study of War", "Institute for the Study of War")]


@pytest.mark.parametrize(("text", "content"), [
    ("The Kremlin said late on Tuesday it was ready to discuss a prisoner exchange.",
     "it was ready to discuss a prisoner exchange"),
    ("Senator Jane Doe said Tuesday she would vote against the bill.", "she would vote against the bill"),
    ("The governor said on Friday night the roads would stay closed.", "the roads would stay closed"),
    ("He said Monday was the last day to register for the vote.", "Monday was the last day to register for the vote"),
])
def test_when_it_was_said_is_no_part_of_the_content(text, content):
    assert [q.text for q in extract_quotes(text, GAZ) if q.kind == "indirect"] == [content]


def test_a_dated_dateline_is_no_part_of_a_closing_cues_content():
    text = ("MOSCOW, Nov 3 (Reuters) - Air defences destroyed 25 drones over several regions overnight, the defence "
            "ministry said.")
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert [q.text for q in indirect] == ["Air defences destroyed 25 drones over several regions overnight"]


def test_what_a_report_cites_is_not_its_content():
    # "X reported, citing Y, that Z": Z is what X reported; the clause after ", that" is no part of "citing Y".
    text = ("The state news agency reported, citing a source in the emergency services, that a fire broke out at an "
            "oil depot in the region.")
    by_cue = {q.cue: q.text for q in extract_quotes(text, GAZ) if q.kind == "indirect"}
    assert by_cue.get("reported") == "a fire broke out at an oil depot in the region"
    assert "fire" not in by_cue.get("citing", "")


def test_words_of_where_after_a_closing_cue_are_no_content():
    text = ("Debris fell on a residential building in Kyiv, Mayor Vitali Klitschko wrote on Telegram, but no one "
            "was hurt.")
    assert not any(q.text.startswith("on Telegram") for q in extract_quotes(text, GAZ))


def test_a_participle_takes_the_subject_past_an_opening_connective():
    text = ("Separately, Hungary's Prime Minister Viktor Orban criticised the plan to use frozen Russian assets, "
            "saying it would undermine trust in the euro.")
    said = [q for q in extract_quotes(text, GAZ) if q.cue == "saying"]
    assert [(q.text, q.speaker) for q in said] == [("it would undermine trust in the euro", "Viktor Orban")]


def test_one_content_found_by_two_cues_is_one_quote():
    text = "On top of that, opponents say, the wage increase will raise prices for consumers."
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert len(indirect) == 1
    assert "the wage increase will raise prices for consumers" in indirect[0].text
    assert indirect[0].speaker_mention == "opponents"


def test_the_model_decides():
    text = "Senator Elizabeth Warren said that the bill would hurt working families."
    shipped = default_model()
    never = CueModel(shipped.weights, shipped.bias, 1.01, shipped.cues, shipped.token_model)  # none reaches 1.01
    assert [q for q in extract_quotes(text, GAZ, model=never) if q.kind == "indirect"] == []
    assert shipped.cues and 0.0 < shipped.threshold < 1.0


def test_a_cue_no_list_holds_is_found_by_the_token_model():
    # "grumbled" is in neither the hand list nor train's counted cue words: the token model reads its shape.
    shipped = default_model()
    assert "grumbled" not in shipped.cue_set and shipped.token_model is not None
    text = "Mr. Jones grumbled that the bill would hurt working families."
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert [(q.text, q.speaker_mention, q.cue) for q in indirect] == [
        ("the bill would hurt working families", "Mr. Jones", "grumbled")]


@pytest.mark.parametrize("word", ["believes", "thinks", "hopes", "wants", "expects", "seems", "seeking", "the", "of"])
def test_belief_verbs_and_function_words_are_never_cues(word):
    assert not may_be_cue(word)


@pytest.mark.parametrize(("cue", "out"), [("believes", False), ("fear", False), ("did not think", False),
                                           ("said", False), ("wants", True), ("plans", True), ("seems", True),
                                           ("is expected", True), ("was widely believed", True), ("sought", True)])
def test_intentions_and_passive_beliefs_are_not_speech(cue, out):
    assert not_speech(cue.split()) is out


def test_the_token_model_weighs_context():
    tm = default_model().token_model
    toks = "Mr. Jones said that the bill failed".replace(".", "").split()
    said = tm.word_probability(toks, toks.index("said"), True)
    bill = tm.word_probability(toks, toks.index("bill"), False)
    assert said >= tm.threshold > bill


def test_a_content_may_stop_before_the_next_clause():
    # The candidates of one cue end before a trailing clause, before the next clause, or at the sentence's end.
    from corpus_cli.extract.reported import _clause_ends

    s = "Trump said he would build a wall, and has promised that Mexico will pay, which it denies."
    start = s.index("he would")
    ends = [s[start:e] for e, _ in _clause_ends(s, start, len(s) - 1)]
    assert ends == ["he would build a wall, and has promised that Mexico will pay", "he would build a wall",
                    "he would build a wall, and has promised that Mexico will pay, which it denies"]


def test_reported_speech_after_a_quote_in_its_sentence():
    # The quoted words are the direct quote's; what follows the quote in its sentence is reported speech.
    text = '"We will win this state," Maria Alvarez said, adding that the campaign had raised $5 million in May.'
    quotes = extract_quotes(text, GAZ)
    assert [(q.kind, q.text) for q in quotes if q.kind != "indirect"] == [("direct", "We will win this state,")]
    indirect = [q for q in quotes if q.kind == "indirect"]
    # The content may keep its "adding that": half of each side's words is what PolNeAR's scoring asks.
    assert [(q.text.endswith("the campaign had raised $5 million in May"), q.speaker_mention) for q in indirect] == [
        (True, "Maria Alvarez")]


def test_a_participle_after_a_quote_has_the_sentence_subject():
    # The comma stands inside the quotation marks; the participle's subject is the sentence's, before the quote.
    text = ('Maria Alvarez insisted that the party had "grown a lot," claiming that it had doubled its members in the'
            ' county since May.')
    indirect = [(q.text, q.speaker_mention) for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert indirect == [("it had doubled its members in the county since May", "Maria Alvarez")]


def test_a_titled_subject_is_read_through_the_title_dot():
    # "Sen. Maria Alvarez" is one name: the reported speech's speaker is not cut at the title's dot.
    text = 'Sen. Maria Alvarez insisted that the party had "grown a lot," claiming that it had doubled its members.'
    indirect = [(q.text, q.speaker_mention) for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert indirect == [("it had doubled its members", "Sen. Maria Alvarez")]


def test_end_facts_say_what_a_content_leaves_out_and_runs_past():
    # What follows a content's end ("c" a comma, then the kind of word; after a conjunction the next word's kind)
    # and the first clause break inside it are facts the candidate model weighs.
    from corpus_cli.extract.reported_facts import end_facts

    s = "Trump said he would build a wall, and he promised that Mexico would pay for it."
    start = s.index("he would")
    short, whole = s.index(", and"), len(s) - 1
    assert end_facts(s, start, short) == ["after=cconj+pron", "rest_fin=aux", "inner=none"]
    assert end_facts(s, start, whole) == ["after=end", "inner=cconj+pron"]
    s = "Clinton said the deal was flawed, saying that it would cost jobs."
    start = s.index("the deal")
    assert end_facts(s, start, s.index(", saying"))[0] == "after=cing"
    assert end_facts(s, start, len(s) - 1)[-1] == "inner=cing"


@pytest.mark.parametrize(("head", "subject"), [
    ("WASHINGTON — Senator Maria Alvarez", "Senator Maria Alvarez"),  # a dateline is not the subject
    ("PORTLAND, Ore. (Reuters) - Governor Tina Kotek", "Governor Tina Kotek"),
    ("MOSCOW, Nov 3 (Reuters) - Governor Ivan Petrov", "Governor Ivan Petrov"),  # a wire's dated dateline
    ("KYIV, Ukraine, March 5 (Reuters) - Governor Oleh Petrenko", "Governor Oleh Petrenko"),
    ("Perhaps not surprisingly, Senator Maria Alvarez", "Senator Maria Alvarez"),  # nor an opening adverb
    ("Reached by phone on Tuesday, Mr. Castillo", "Mr. Castillo"),
    ("Senator Maria Alvarez", "Senator Maria Alvarez"),
])
def test_the_sentence_subject_is_read_past_a_dateline_and_an_opener(head, subject):
    from corpus_cli.extract.reported import sentence_subject

    assert sentence_subject(head) == subject


def test_a_name_ending_in_ly_is_no_adverb_before_the_cue():
    # "Schlafly said": the name is the subject, not an adverb between the subject and its verb.
    text = "Mrs. Schlafly said she considered the disclosure a deliberate attempt to embarrass her."
    indirect = [(q.text, q.speaker_mention) for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert indirect == [("she considered the disclosure a deliberate attempt to embarrass her", "Mrs. Schlafly")]


def test_a_share_written_with_a_hyphen_is_a_speaker():
    # "three-quarters of the voters said": a poll's share, the speaker of what they said.
    from corpus_cli.extract.reported_facts import plausible_speaker

    assert plausible_speaker("three-quarters of the voters")
    assert plausible_speaker("two-thirds of Republicans")


def test_a_cue_takes_the_noun_phrase_right_before_it_when_its_clause_has_no_subject():
    # "where President Maria Alvarez has promised": the clause opens with "where", so its subject is the name
    # before the cue, not the sentence's first words.
    from corpus_cli.extract.reported import candidates

    s = "The council will send the bill to the capital, where President Maria Alvarez has promised to veto it."
    found = [(c.who, s[c.start : c.end]) for c in candidates(s, default_model()) if c.cue == "promised"]
    assert found == [("President Maria Alvarez", "to veto it")]
    s = "The plan passed easily, even though a number of residents said they opposed it."
    assert {c.who for c in candidates(s, default_model()) if c.cue == "said"} == {"number of residents"}


def test_the_noun_phrase_before_a_cue_is_whole_words():
    # The noun phrase's first word starts a word: not "epublican field officers" of "Republican field officers",
    # nor "s top aides" of "the party's top aides".
    from corpus_cli.extract.reported import candidates

    s = "A survey on Tuesday of leading Republican field officers found both men unknown in the state."
    assert {c.who for c in candidates(s, default_model()) if c.cue == "found"} == {"field officers"}
    s = "His remarks angered the party's top aides, who then expressed alarm about the House majority."
    assert {c.who for c in candidates(s, default_model()) if c.cue == "expressed"} == {"top aides"}


def test_what_follows_a_participle_is_not_the_verb_before_its_content():
    # "said, adding that ...": the words after "said" are the participle's content, never "said"'s.
    text = "Maria Alvarez said on Tuesday, noting that repairs to the northern line could take a week."
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert all(q.cue == "noting" and q.text.startswith("repairs") for q in indirect)


def test_a_participle_after_a_quote_reports_its_content():
    text = '"The line will reopen," Maria Alvarez said, adding that repairs could take a week.'
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert [(q.text, q.cue, q.speaker) for q in indirect] == [("repairs could take a week", "adding", "Maria Alvarez")]


@pytest.mark.parametrize(("text", "content", "mention"), [
    ("The treasurer, in a memo to staff, insisted that the budget would be balanced by June.",
     "the budget would be balanced by June", "The treasurer"),
    ("The company, in a filing with regulators on Friday, said it would close three of its plants.",
     "it would close three of its plants", "The company"),
])
def test_the_subject_stands_before_an_insertion_that_ends_at_the_cue(text, content, mention):
    # The clause before the cue is an insertion ("in a memo to staff"); its subject opens the words before it.
    indirect = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert [(q.text, q.speaker_mention) for q in indirect] == [(content, mention)]


@pytest.mark.parametrize(("text", "speaker"), [
    # The verb before a second one is no part of its subject: the speaker is who thanked, not who was thanked.
    ("Senator Ilse Varga thanked Portland and said it was good to be home again.", "Ilse Varga"),
    ("Ilse Varga spoke in Portland, recalling that the mill had closed in 1998.", "Ilse Varga"),
])
def test_a_verb_inside_the_subject_ends_it(text, speaker):
    [q] = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert q.speaker == speaker, (q.speaker, q.speaker_mention)


@pytest.mark.parametrize(("text", "mention"), [
    # A participle before "by" is the noun phrase's own, and a word after a count describes what is counted.
    ("A poll conducted by Marquand University showed that the senator had lost ground.",
     "A poll conducted by Marquand University"),
    ("Two injured workers said that the guard rail had been missing for weeks.", "Two injured workers"),
    ("Three hundred workers said that the plant should stay open.", "Three hundred workers"),
])
def test_a_participle_of_the_noun_phrase_does_not_end_it(text, mention):
    [q] = [q for q in extract_quotes(text, GAZ) if q.kind == "indirect"]
    assert q.speaker_mention == mention
