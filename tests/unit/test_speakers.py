"""Speakers in US and UK reporting style (issue #26), on sentences written for each case."""

import pytest

from corpus_cli.extract import speaker_subjects as ss
from corpus_cli.extract import speakers as sp
from corpus_cli.extract.names import run_person
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.spans import quote_spans
from corpus_cli.extract.speaker_after import dash_attribution
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())


def _one(text):
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert len(quotes) == 1, quotes
    return quotes[0]


@pytest.mark.parametrize("text, speaker, mention", [
    # Two apostrophes as quotation marks, an honorific resolved to the full name used before.
    ("Senator Elena Marquette visited the plant.\n\n''We will keep this factory open,'' said Ms. Marquette.",
     "Elena Marquette", "Ms. Marquette"),
    ("Harold P. Vance spoke on Monday. ''The budget is a moral document,'' Mr. Vance said.",
     "Harold P. Vance", "Mr. Vance"),
    # A middle initial does not end the speaker's name.
    ("''Nobody expected the turnout to be this high,'' said Thomas E. Okafor, the county clerk.",
     "Thomas E. Okafor", "Thomas E. Okafor"),
    # A straight opening mark closed by a curly one.
    ("\"The committee has done its work here,” Dana Whitfield said.", "Dana Whitfield", "Dana Whitfield"),
    # The subject opens a comma insertion before the verb.
    ("Maria Delgado, speaking at a town hall in Dayton, Ohio, said the plan was \"a promise we can keep.\"",
     "Maria Delgado", "Maria Delgado"),
])
def test_named_speakers(text, speaker, mention):
    q = _one(text)
    assert (q.speaker, q.speaker_mention) == (speaker, mention)


@pytest.mark.parametrize("text, mention", [
    ("Gordon Fisk met the reporters.\n\n\"There should be fewer rules for small firms,\" the businessman replied.",
     "the businessman"),
    ("\"We regret the error and have corrected the story,\" the newspaper said in a statement.", "the newspaper"),
])
def test_described_speakers_are_kept_as_mentions_not_guessed(text, mention):
    q = _one(text)
    assert q.speaker_mention == mention
    assert q.speaker != "Gordon Fisk"


def _discovered_people(text: str) -> set[str]:
    """The people discovery adds for ``text``, as ingest finds them (after its quotes)."""
    from corpus_cli.extract.discovery import discovered_mentions

    return {m.name for m in discovered_mentions(text, GAZ, extract_quotes(text, GAZ, GAZ.find(text)))
            if m.type == "person"}


def test_two_apostrophes_are_one_mark():
    par = "''It is over,'' she said."
    assert [par[s:e] for s, e in quote_spans(par)] == ["''It is over,''"]


def test_discovered_people_are_people():
    text = ("Harlan Boyce met voters in West Virginia on Monday. \"We will bring the mines back,\" he said.\n\n"
            "The John Birch Society said the plan was sound. \"It is a fine plan,\" said the New York businessman.\n\n"
            "Former Indiana Gov. Mike Pence spoke next. \"We are ready,\" Pence said.")
    people = _discovered_people(text)
    assert people == {"Mike Pence"} | ({"Harlan Boyce"} & people)
    assert not people & {"West Virginia", "John Birch Society", "New York", "Indiana Gov"}


@pytest.mark.parametrize("text, speaker, mention", [
    # A party and state after the name do not end it.
    ("\"There is energy in a whole host of races,\" Rep. Earl Blumenauer (D-Ore.) said.",
     "Earl Blumenauer", "Rep. Earl Blumenauer"),
    ("\"That is not the view of Republicans in the Senate,\" Senate Majority Leader Mitch McConnell, R-Ky., said.",
     "Mitch McConnell", "Senate Majority Leader Mitch McConnell"),
    # Cue verbs learned from the train split's misses.
    ("\"Jeb wants to be a tough guy tonight,\" Ronald Drummel shot back.", "Ronald Drummel", "Ronald Drummel"),
    ("\"Imagine the two of them on one stage,\" mused Stuart Burkhardt.", "Stuart Burkhardt", "Stuart Burkhardt"),
])
def test_us_style_speakers(text, speaker, mention):
    q = _one(text)
    assert (q.speaker, q.speaker_mention) == (speaker, mention)


def test_the_newspaper_is_the_publisher():
    text = "\"We regret the error and have corrected the story,\" the newspaper said in a statement."
    q = extract_quotes(text, GAZ, GAZ.find(text), publisher="The Daily Ledger")[0]
    assert (q.speaker, q.speaker_mention) == ("The Daily Ledger", "the newspaper")


def test_a_described_speaker_carries_on_to_the_next_quote():
    text = ("Gordon Fisk runs the plant.\n\n\"We are sorry to hear it,\" the company said in a statement. "
            "\"We have no formal relationship with him.\"\n\n\"We wish them well.\"")
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [(q.speaker, q.speaker_mention) for q in quotes] == [(None, "the company")] * 3


@pytest.mark.parametrize("text, mention", [
    # A participle cue belongs to the subject of the reporting verb before it, or to the sentence's subject.
    ("Mateen left early, Abel Nefzi said, adding, \"He was not very religious.\"", "Abel Nefzi"),
    ("At Sunday night's debate, Bernard Sandoval compared himself to his rival, saying, \"I get no speaking fees.\"",
     "Bernard Sandoval"),
    # No cue at all: the sentence's subject, not a capitalised word that opens it.
    ("In the depths of the recession, Paul Rydell worried that aid was becoming \"a hammock for the able.\"",
     "Paul Rydell"),
])
def test_speaker_is_the_subject_of_the_sentence(text, mention):
    assert _one(text).speaker_mention == mention


def test_a_capitalised_opener_is_not_a_speaker():
    q = _one("Containment is connected to the party, one which historians call \"a foundation of our culture.\"")
    assert q.speaker_mention != "Containment"


@pytest.mark.parametrize("text, speaker, affiliation", [
    ("\"Markets will stay nervous for a while,\" Chris Weston, chief market strategist in Melbourne at IG Ltd., said.",
     "Chris Weston", "chief market strategist in Melbourne at IG Ltd."),
    ("\"We have never seen a race like this,\" said Bill Hyers, a Democratic strategist who managed the campaign.",
     "Bill Hyers", "a Democratic strategist who managed the campaign"),
    ("Harlan Dorsey, a professor at Ohio State University, said the plan was \"a recipe for trouble.\"",
     "Harlan Dorsey", "a professor at Ohio State University"),
    ("\"It will pass,\" said Doug Schoen, a former adviser to Mr. Clinton.", "Doug Schoen",
     "a former adviser to Mr. Clinton"),
    # An insertion that describes no one is not an affiliation.
    ("Maria Delgado, speaking at a town hall in Dayton, Ohio, said the plan was \"a promise we can keep.\"",
     "Maria Delgado", None),
])
def test_a_description_after_the_name_is_the_affiliation(text, speaker, affiliation):
    q = _one(text)
    assert (q.speaker, q.speaker_mention, q.affiliation) == (speaker, speaker, affiliation)


@pytest.mark.parametrize("text, speaker, affiliation", [
    ("The mayor's press secretary, Dana Whitlock, said the budget was \"a fair deal for every family.\"",
     "Dana Whitlock", "The mayor's press secretary"),
    ("One of her advisers, Tomas Reyna, told reporters: \"We expected a closer count tonight.\"",
     "Tomas Reyna", "One of her advisers"),
    ("The Transport Secretary, Grant Holloway, said the line would \"stay open through the winter.\"",
     "Grant Holloway", "The Transport Secretary"),
])
def test_a_description_before_the_name_is_the_affiliation(text, speaker, affiliation):
    # "<description>, <Name>, said": the name speaks; the description is theirs, not a speaker of its own.
    q = _one(text)
    assert (q.speaker, q.speaker_mention, q.affiliation) == (speaker, speaker, affiliation)


@pytest.mark.parametrize("head, subject", [
    ("Her campaign manager, Jeff Weaver,", "Her campaign manager, Jeff Weaver"),
    ("Last week, President Obama,", "President Obama,"),  # a time, not a description
    ("Clinton, during a town hall in Columbus, Ohio,", "Clinton"),  # an insertion ending in a place
    # The description is the first name's; the name after it is an organisation of the description.
    ("Dana Whitlock, a spokeswoman for the parent company, Corvell Foods,",
     "Dana Whitlock, a spokeswoman for the parent company, Corvell Foods"),
])
def test_a_name_after_its_description_is_the_clause_subject(head, subject):
    assert ss.clause_subject(head, quoted=True) == subject


def test_a_verb_after_a_comma_closed_quote_names_the_speaker():
    q = _one("\"France will always be France,\" an angry Hollande retaliated.")
    assert q.speaker_mention == "an angry Hollande"


def test_the_cue_later_in_the_sentence():
    q = _one("\"Many would call that an embarrassment\" if she did not win by more, said David Wasserman.")
    assert q.speaker == "David Wasserman"


@pytest.mark.parametrize("text, mention", [
    # A verb that shares the sentence's subject: "..., but told", "exasperated, famously responded".
    ("Clara Whitby, who spoke to the mayors, did not name him, but told them the city needs \"a steady hand.\"",
     "Clara Whitby"),
    ("Clara Whitby, exasperated, famously responded: \"What difference does it make?\"", "Clara Whitby"),
    # A participle after a place with commas in it: the clause that opens with a subject and its verb.
    ("Speaking in Salem, New Hampshire, Ronald Drummel went after his rival, calling him \"a total stiff.\"",
     "Ronald Drummel"),
])
def test_the_sentence_subject_speaks(text, mention):
    assert _one(text).speaker_mention == mention


def test_a_show_title_is_neither_a_quote_nor_the_next_speaker():
    text = ("\"We are not winning yet,\" Clara Whitby said on ABC's \"This Week\" on Sunday. "
            "\"I think we will hear more from the president.\"")
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [(q.text[:12], q.speaker) for q in quotes] == [("We are not w", "Clara Whitby"),
                                                          ("I think we w", "Clara Whitby")]


def test_transcript_turns_are_quotes_of_their_speaker():
    text = ("Mike Pence spoke to Chris Wallace on Sunday.\n\nWALLACE: Governor, what do you expect tonight?\n\n"
            "PENCE: Well, look, I think people will see a clear choice.\n\nWALLACE: And the polls?\n\n"
            "PENCE: We are not worried about the polls, Chris.")
    quotes = extract_quotes(text, GAZ, GAZ.find(text))
    assert [(q.speaker, q.speaker_mention, q.cue) for q in quotes] == [
        ("Chris Wallace", "WALLACE", "transcript"), ("Mike Pence", "PENCE", "transcript")] * 2
    assert quotes[1].text == "Well, look, I think people will see a clear choice."
    assert text[quotes[1].start:quotes[1].end] == quotes[1].text


def test_labels_without_a_dialogue_are_not_speakers():
    text = ("UPDATE: The vote was moved to Friday.\n\nWASHINGTON: Lawmakers met on Monday.\n\n"
            "NOTE: This story has been corrected.")
    assert extract_quotes(text, GAZ, GAZ.find(text)) == []


def test_places_and_openers_are_not_discovered_people():
    text = ("\"We are ready for the convention,\" said Harlan Boyce at Quicken Loans Arena.\n\n"
            "Like Corker, Menendez Ortiz also rejected the bill, arguing that it was \"a waste of time.\"\n\n"
            "\"It is not over,\" Don't Republicans said, and Another Slaughter said \"we will see.\"")
    people = _discovered_people(text)
    assert "Harlan Boyce" in people
    assert not people & {"Quicken Loans Arena", "Like Corker", "Don't Republicans", "Another Slaughter"}


def test_a_pronoun_is_the_subject_of_the_sentences_before():
    text = ("Hilda Carrow spoke in Ohio. Carrow said Wednesday that she called Bernard Sandoval to congratulate him "
            "on what she called \"an extraordinary campaign.\" She said she admires \"his determination.\"")
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [q.speaker for q in quotes] == ["Hilda Carrow", "Hilda Carrow"]


@pytest.mark.parametrize("text, speaker", [
    ("Former Vermont Gov. Harlan Pettibone spoke to voters in Iowa on Monday. \"We will win this state,\" he said.",
     "Harlan Pettibone"),
    ("Walter J. Okafor, president of the Lindell Institute, praised the law. \"It helped millions of kids,\" he said.",
     "Walter J. Okafor"),
    ("Ohio Sen. Mara Lindqvist campaigned in Dayton. She said, \"We will win.\"", "Mara Lindqvist"),
])
def test_a_pronoun_reads_its_subject_through_a_title_or_an_initial(text, speaker):
    # The dot of "Gov." or "J." does not end the subject a pronoun goes back to ("Vermont Gov" is no one).
    assert _one(text).speaker == speaker


def test_a_quote_that_closes_its_sentence_belongs_to_the_cue_before_it():
    text = "Benjamin Brafman said, \"The zeal of this case is unusual.\" He added, \"We found none like it.\""
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [(q.speaker_mention, q.speaker) for q in quotes] == [("Benjamin Brafman", "Benjamin Brafman"),
                                                               ("He", "Benjamin Brafman")]


def test_a_surname_read_as_a_country_adjective_is_the_person_named_before():
    text = "Mark Cuban spoke on Sunday.\n\n\"It is too early to tell,\" Cuban said."
    q = _one(text)
    assert (q.speaker, q.speaker_mention) == ("Mark Cuban", "Cuban")


@pytest.mark.parametrize("prefix, mention", [
    # Two verbs of one subject, the first with a quotation of its own: the subject opens the sentence.
    ("Harriet Olsen issued a statement calling the vote \"a disgrace\" and said the council will ", "Harriet Olsen"),
    ("Walter Brandt, the county clerk, criticized the count in Dayton and said that it was ", "Walter Brandt"),
    # A coordinated clause with a subject of its own.
    ("Two years ago, she backed the mayor over Brandt and said, ", "she"),
    # The subject after its verb, between the parts of a quote or after an opener.
    ("\"It is a hard call,\" said the Ohio senator, ", "the Ohio senator"),
    ("But, said Okafor, ", "Okafor"),
    # The name right before an inserted clause, not an opener before it.
    ("Of the mayor, Brandt, who has given money to both parties, said, ", "Brandt"),
    # An adverb between a described subject and its verb.
    ("Nora Quist, who coined the phrase, once said, ", "Nora Quist"),
    # The subject of the clause the verb stands in.
    ("The hearing grew so tense over the budget that Ohio Gov. Mara Lindqvist said, ", "Ohio Gov. Mara Lindqvist"),
    # A passive's agent asks the question.
    ("Okafor was asked by Channel 4 moderator Dana Whitfield whether the plan would ", "Dana Whitfield"),
    # The name a long part ends with, before an inserted clause.
    ("Most historians and the public see it plainly (Nora Quist, who coined the phrase, once said, ", "Nora Quist"),
    # A lone function word is no speaker.
    ("It has become such a fixture at rallies that Okafor on Sunday thanked its members \"for coming\" and called ",
     None),
    # Role words before a name describe it: a participle's subject is the name.
    ("Democratic presidential candidate Mara Lindqvist took to Twitter, writing: ",
     "Democratic presidential candidate Mara Lindqvist"),
])
def test_the_subject_of_the_reporting_verb(prefix, mention):
    assert ss.subject_before(prefix)[0] == mention


@pytest.mark.parametrize("text, speaker", [
    # A paragraph that is all quote after one ending on a colon: that sentence's subject, not the last speaker.
    ("\"We will win,\" Ted Okafor said.\n\nMara Lindqvist continued:\n\n\"You look at the questions and you see "
     "a media that is biased against us.\"", "Mara Lindqvist"),
    ("17-year-old Jared Whitby echoed:\n\n\"He speaks his mind, and that might be what the country needs.\"",
     "Jared Whitby"),
])
def test_a_colon_before_the_paragraph_names_the_speaker(text, speaker):
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert quotes[-1].speaker == speaker


def test_a_transcript_heading_is_no_speaker():
    text = "Transcript as follows:\n\n\"Tonight we arrived in Cleveland, and we went to a restaurant together.\""
    assert _one(text).speaker_mention != "Transcript"


def test_a_short_sentence_before_the_quote_names_who_speaks_in_it():
    text = ("\"We will win,\" Ted Okafor said.\n\nIowa State University professor Dana Whitby agreed. "
            "\"Mainstream Republicans are running out of time to find someone.\"")
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert quotes[-1].speaker == "Dana Whitby"


def test_reported_speech_of_a_described_name_keeps_the_description_apart():
    text = "The city's chief planner, Rosa Albright, said the new bridge would open before the summer."
    (q,) = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "indirect"]
    assert (q.speaker, q.speaker_mention, q.affiliation) == ("Rosa Albright", "Rosa Albright", "The city's chief planner")


@pytest.mark.parametrize("text, speakers", [
    # The attribution as the next short paragraph, opening with a dash (a fact check, a round-up of quotes).
    ("Harold Vance spoke first at the hearing.\n\n\"The bridge will open in the spring, as we promised.\"\n\n"
     "- Elena Marquette, the county's road commissioner.\n\nThe bridge was promised for last year too.",
     ["Elena Marquette"]),
    # On the quote's own line, one attribution a quote.
    ("Readers wrote to us about the valley road.\n\"We were never asked about the road.\" ― Dana Whitfield\n"
     "\"Nobody at the council listens to the valley.\" ― Tomas Reyes\n", ["Dana Whitfield", "Tomas Reyes"]),
])
def test_a_dash_line_after_the_quote_names_its_speaker(text, speakers):
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [(q.speaker, q.cue) for q in quotes] == [(s, "—") for s in speakers]


@pytest.mark.parametrize("after", [
    " — and then the council voted against it.\n",
    " — Voters in the valley who watched the debate said they were unmoved by it.\n",
    "\n\n- The mayor has said so before.\n",
])
def test_a_dash_that_carries_a_sentence_on_names_no_one(after):
    assert dash_attribution(after, 0) is None


@pytest.mark.parametrize("text", [
    "Gordon Fisk has run the mill since 1998. \"We have orders through June.\" Perhaps, he said, the mill \"will "
    "hire again in the fall.\"",
    "Gordon Fisk has run the mill since 1998. \"We have orders through June.\" To which he added that the mill "
    "was hiring.",
])
def test_an_opener_before_the_pronoun_is_not_the_speaker(text):
    first = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"][0]
    assert (first.speaker_mention, first.speaker) == ("he", "Gordon Fisk")


def test_an_organisation_after_a_persons_description_is_not_the_speaker():
    text = "Dana Whitlock, a spokeswoman for the parent company, Corvell Foods, said the recall would end next week."
    (q,) = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "indirect"]
    assert q.speaker == "Dana Whitlock"


@pytest.mark.parametrize("text, mention", [
    ("\"We do not understand the need to change the rules,\" the two senators write in the letter.",
     "the two senators"),
    ("Critics argue that the plan \"will never pass the Senate in this form.\"", "Critics"),
])
def test_a_plural_subjects_present_verb_is_a_cue(text, mention):
    q = _one(text)
    assert (q.speaker_mention, q.cue) == (mention, text.split(mention)[1].split()[0])


@pytest.mark.parametrize("text, speaker", [
    # "Polls show ...": reported speech's one-word subject, a word the article also writes in lower case.
    ("Polls show a tight race, and the polls have been close all year.\n\n\"It could go either way,\" said Nadia "
     "Ferrante, an analyst at the Pell Institute. \"And yet the turnout will decide it,\" she said.", "Nadia Ferrante"),
    # A one-word possessive speaker names its owner, by the full name used before.
    ("Governor Ellen Voss toured the plant on Monday. Voss's office said the plan was final.\n\n\"We are done with "
     "this,\" she said.", "Ellen Voss"),
])
def test_a_common_word_or_a_possessive_is_no_pronouns_person(text, speaker):
    last = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"][-1]
    assert (last.speaker_mention.lower(), last.speaker) == ("she", speaker)


def test_a_contracted_pronoun_goes_back_as_the_pronoun_does():
    text = "Senator Walter Brandt spoke in Ohio on Monday.\n\nHe's said that the plant will close next year."
    (q,) = extract_quotes(text, GAZ, GAZ.find(text))
    assert (q.kind, q.speaker_mention, q.speaker) == ("indirect", "He's", "Walter Brandt")


def test_a_run_opened_by_the_is_no_pronouns_person():
    # "The Dayton Rotary chapter has backed him": a description opens the sentence, not a person's name.
    text = ("Arvid Lund spoke in Dayton on Monday. The Dayton Rotary chapter has backed him for years.\n\n"
            "\"We will win this state,\" he said.")
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [(q.speaker_mention, q.speaker) for q in quotes] == [("he", "Arvid Lund")]


def test_a_name_written_only_after_the_is_no_person():
    text = ("Odile Brenner spoke on Monday about the fight against the Crimson Banner. Voters in the Crimson "
            "Banner's home town were not there.")
    names = {name for _, name in sp.known_persons(text, GAZ, None, [])}
    assert names == {"Odile Brenner"}


def test_an_owners_possessive_is_not_part_of_the_persons_name():
    assert run_person("North Carolina’s Ada Fisher", GAZ) == "Ada Fisher"
    assert run_person("Sanders’ Jewish", GAZ) is None


def test_a_participle_clause_before_the_subject_is_no_speaker():
    prefix = ("Recalling that moment, Dorian Vale, who was chief strategist for the governor's campaigns, said of "
              "the senator: ")
    assert ss.subject_before(prefix) == ("Dorian Vale", "said")
    text = prefix + "\"The question is whether he will rally behind the nominee.\""
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [(q.speaker_mention, q.speaker) for q in quotes] == [("Dorian Vale", "Dorian Vale")]


def test_a_plural_a_name_qualifies_is_not_that_person():
    state = sp.State(persons=[(0, "Odile Brenner")], text="Odile Brenner spoke on Monday.")
    for mention in ("Brenner supporters", "Democratic leaders", "Jewish groups"):
        assert sp.resolve(mention, state, GAZ, 40) == (None, 0.0), mention
    # A body stays the body ("White House officials"), a person in full stays the person.
    assert sp.resolve("White House officials", state, GAZ, 40)[0] == "White House"
    assert sp.resolve("Brenner", state, GAZ, 40)[0] == "Odile Brenner"


def test_an_opening_subordinate_clause_does_not_name_the_speaker():
    # "After X said that ..., Y said:": the main clause's verb and subject, not the one in the "After" clause.
    prefix = ("After Ardis Quell argued that the plan would cost too much, Corwin Baylor said only that his "
              "rival's ")
    assert ss.subject_before(prefix) == ("Corwin Baylor", "said")
    # The quote inside the subordinate clause stays its subject's.
    assert ss.subject_before("After Ardis Quell said that students might do better at ") == ("Ardis Quell", "said")


@pytest.mark.parametrize("text, speaker, cue", [
    ("\"Schools need the money now,\" Marta Quillen, the district superintendent, proclaimed to a cheering crowd.",
     "Marta Quillen", "proclaimed"),
    ("As Oren Haskell puts it, the city council is \"running out of patience with the contractor.\"",
     "Oren Haskell", "puts it"),
    ("Dana Keeling calls the new levy \"a tax on the working poor of this county.\"", "Dana Keeling", "calls"),
    ("\"You know, it happens to everyone,\" Lena Forsythe went on, smiling.", "Lena Forsythe", "went on"),
])
def test_present_forms_and_phrases_are_cues(text, speaker, cue):
    q = _one(text)
    assert (q.speaker, q.cue) == (speaker, cue)


@pytest.mark.parametrize("prefix, who", [
    ("Marisol Tena thanked the volunteers for what she calls ", "she"),
    ("The levy is one which Valley State historian Abel Druce calls ", "Valley State historian Abel Druce"),
])
def test_a_relative_clauses_subject_is_its_verbs(prefix, who):
    assert ss.subject_before(prefix) == (who, "calls")


@pytest.mark.parametrize("text, speaker", [
    # Role words between two runs after the verb: the first run describes the person named after them.
    ("Willis Hargrove campaigned in Iowa.\n\n\"We are not worried about the polls at all,\" said Hargrove "
     "spokesman Dana Tellamy.", "Dana Tellamy"),
    ("The committee met on Tuesday.\n\n\"This is a partisan exercise and nothing more,\" said Judiciary ranking "
     "Democrat Alma Pruett.", "Alma Pruett"),
    ("\"The state cannot afford another delay,\" said former Nevada governor Carl Wendt.", "Carl Wendt"),
    # A function word between them keeps the first: a place, an occasion.
    ("\"The state cannot afford another delay,\" said Marta Lindqvist in Dayton on Monday.", "Marta Lindqvist"),
    ("\"The state cannot afford another delay,\" said Carl Wendt during the Nevada Debate.", "Carl Wendt"),
])
def test_a_run_that_describes_the_name_after_it_is_not_the_speaker(text, speaker):
    assert _one(text).speaker == speaker


@pytest.mark.parametrize("text, speaker", [
    # A pronoun after a sentence whose subject is a person's thing: the person, never "Name's".
    ("Margit Holloway's campaign bus reached Dayton on Monday. She said the county would decide the race.",
     "Margit Holloway"),
    # A possessive mention names the person it belongs to when the article named them before.
    ("Senator Ruben Okafor spoke on Friday. Okafor's claim that the bill would wait angered the caucus.",
     "Ruben Okafor"),
])
def test_a_possessive_is_its_owner_not_a_name(text, speaker):
    speakers = {q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.speaker}
    assert speaker in speakers and not any(s.endswith(("'s", "’s")) for s in speakers), speakers


def test_a_persons_spokeswoman_is_not_that_person():
    # Her campaign, spokeswoman or rivals speak for her, but are not her: the mention alone, no speaker.
    q = _one("Margit Holloway's bus reached Dayton.\n\n\"We will keep this factory open,\" Holloway's spokeswoman said.")
    assert (q.speaker, q.speaker_mention) == (None, "Holloway's spokeswoman")


@pytest.mark.parametrize("text, speaker, mention", [
    # Someone speaking for a person is not that person, nor the person named last.
    ("Senator Teodor Brannigan toured the mill.\n\n\"We expect a vote in March,\" a senior Brannigan adviser said.",
     None, "a senior Brannigan adviser"),
    ("Governor Lydia Farrow met the strikers.\n\n\"Nothing has been agreed,\" a spokeswoman for Farrow said.",
     None, "a spokeswoman for Farrow"),
    # An organisation named in the mention speaks, known to the gazetteer or not.
    ("Analyst Rena Voss tracks the accounts.\n\n\"We remove such posts within hours,\" a Twitter spokesman said.",
     "Twitter", "a Twitter spokesman"),
    ("Analyst Rena Voss tracks the accounts.\n\n\"We remove such posts within hours,\" a NATO official said.",
     "NATO", "a NATO official"),
    # Unnamed officials are nobody known, not the person named last.
    ("Mayor Dorian Pell opened the bridge.\n\n\"The cracks were found in May,\" officials familiar with the "
     "inspection said.", None, "officials familiar with the inspection"),
    # "The spokesman" is whoever the article gave that role last: named, or not.
    ("Gideon Marr, a spokesman for the union, spoke to reporters. Talks went on all night.\n\n\"We are close,\" "
     "the spokesman said.", "Gideon Marr", "the spokesman"),
    ("Senator Odile Kask criticised the deal. A spokesman for the buyer said the price was fair.\n\n\"We paid what "
     "it was worth,\" the spokesman said.", None, "the spokesman"),
    # An article that gives no one the role: the person it named last (the briefing's own speaker).
    ("Matthew Miller fielded questions for an hour.\n\n\"We are not going to get ahead of the investigation,\" "
     "the spokesman said.", "Matthew Miller", "the spokesman"),
    # A role of another kind is no one's "the spokesman"; the organisation the mention names speaks.
    ("Stephen Miller, a senior adviser to the mayor, spoke on Monday. Talks went on.\n\n\"We have no comment,\" "
     "the Pentagon spokesman said.", "Pentagon", "the Pentagon spokesman"),
    # A role word used as an adjective gives no one the role ("the official figures").
    ("Matthew Miller fielded questions after the official figures came out.\n\n\"We are not going to get ahead "
     "of the investigation,\" the spokesman said.", "Matthew Miller", "the spokesman"),
])
def test_who_speaks_for_someone_else(text, speaker, mention):
    q = _one(text)
    assert (q.speaker, q.speaker_mention) == (speaker, mention)


def test_the_spokesman_again_is_the_same_spokesman():
    # Each later "the spokesman" takes up the one the article introduced, not the "the spokesman" before it.
    text = ("Gideon Marr, a spokesman for the union, spoke to reporters. Talks went on all night.\n\n\"We are close,\" "
            "the spokesman said. \"We will sign soon,\" the Spokesman added.\n\n\"It is a good deal,\" the spokesman "
            "said later.")
    quotes = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"]
    assert [q.speaker for q in quotes] == ["Gideon Marr"] * 3


def test_officials_opening_a_sentence_are_no_organisation():
    text = "Mayor Dorian Pell opened the bridge.\n\nOfficials familiar with the inspection said the cracks were found in May."
    [q] = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "indirect"]
    assert (q.speaker, q.speaker_mention) == (None, "Officials familiar with the inspection")


def test_a_name_that_ends_in_a_possessive_stays_whole():
    # "Harrow's" is a shop's name here, and the article names no person so.
    text = "Harrow's said it would close the store in Leeds because of falling sales over the year."
    [q] = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "indirect"]
    assert q.speaker == "Harrow's"


@pytest.mark.parametrize("text, speaker", [
    # A function word that opens the sentence is not the first name ("To Sexton", "Though Kaine" were speakers).
    ("Though Marta Quill is a Catholic, she backs the law. \"I am a strong supporter of the ruling,\" Quill said.",
     "Marta Quill"),
    ("For Dennis Arkwright, the vote came too late. \"We waited three years for this bill,\" Arkwright said.",
     "Dennis Arkwright"),
    # Alone, such a word may be a surname.
    ("Al From founded the council in 1985. \"We built it from nothing at all,\" From said.", "Al From"),
])
def test_a_sentences_function_word_is_no_part_of_the_name(text, speaker):
    assert _one(text).speaker == speaker


def test_a_clause_after_a_partial_quote_that_opens_on_and_names_its_own_speaker():
    text = ("Marta Quill said she would make the river \"run clean and safe again,\" for instance, and Dennis Arkwright "
            "vowed to \"fix every road in the county\" by spring.")
    said = {q.text: q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"}
    assert said == {"run clean and safe again,": "Marta Quill", "fix every road in the county": "Dennis Arkwright"}


def test_a_quote_that_ends_its_sentence_keeps_the_cue_before_it():
    # The next sentence's "The speechwriter said ..." is a statement of its own, not this quote's attribution.
    q = _one("Tom Rivers said he \"may yet have to vote for her because of his own party.\" The speechwriter said the "
             "deal-breaker was the tax plan.")
    assert (q.speaker, q.speaker_mention, q.cue) == ("Tom Rivers", "Tom Rivers", "said")


def test_a_subordinate_clause_after_a_partial_quote_is_not_its_attribution():
    q = _one("Owen Pratt says he was \"kind of riding the fence for weeks\" until Nora Vance said she was backing the "
             "senator.")
    assert q.speaker == "Owen Pratt"


def test_two_people_who_spoke_together_are_not_one_later():
    text = ("Todd Wilcox and Carlos Beruff spoke in Tampa on Monday.\n\n\"The debate will go ahead in June,\" Wilcox and "
            "Beruff said in a joint statement.\n\n\"We will win this seat in August,\" Wilcox said.")
    said = [(q.speaker_mention, q.speaker) for q in extract_quotes(text, GAZ, GAZ.find(text))]
    assert said == [("Wilcox and Beruff", "Wilcox and Beruff"), ("Wilcox", "Todd Wilcox")]


def test_after_an_opening_clause_a_colon_is_the_main_clauses():
    # "suggested" belongs to the opening "When ..." clause; the quote is Quill's, who speaks without a reporting verb.
    text = ("When Dennis Arkwright suggested that the county would sue, Marta Quill fired back: \"If they sue us, they "
            "will lose in court.\"")
    [q] = [q for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind == "direct"]
    assert q.speaker == "Marta Quill"


def test_they_is_no_one_person():
    text = "Senator Ruth Calloway met the farmers in Ames on Monday.\n\nThey said the price of feed had doubled since the spring."
    [q] = extract_quotes(text, GAZ, GAZ.find(text))
    assert (q.kind, q.speaker_mention, q.speaker) == ("indirect", "They", None)


@pytest.mark.parametrize("text, mention", [
    ("One poll shows that the senator leads by nine points in the state.", "One poll"),
    ("Many of the farmers said the price of feed had doubled since the spring.", "Many of the farmers"),
    ("Some Democrats said the plan would fail in the Senate this year.", "Some Democrats"),
    # A word the article also writes in lower case is a common word, no name.
    ("Voters said the price of feed had doubled. The voters of Ames met on Monday.", "Voters"),
])
def test_a_count_is_no_speakers_name(text, mention):
    [q] = extract_quotes(text, GAZ, GAZ.find(text))
    assert (q.speaker_mention, q.speaker) == (mention, None)


def test_a_surname_is_no_spelling_of_another_persons_first_name():
    # "Hardy" is one letter from "Harry" (as "Comey" from "Corey"): a surname may be misspelt, but a first name
    # names its person only as written, so the one named last does not take the quote.
    text = ("FBI Director Lena Hardy testified on Tuesday, and the committee then heard from Harry Castell.\n\n"
            "\"The review is complete,\" Hardy said.")
    assert _one(text).speaker == "Lena Hardy"


@pytest.mark.parametrize("text, speaker", [
    # "the governor" is the person the article gave that title, not the person named last.
    ("Ohio Gov. Dana Whitcombe met Senator Paul Ferrant on Monday.\n\n\"We will fund the bridge,\" the governor said.",
     "Dana Whitcombe"),
    ("Dana Whitcombe, the Ohio governor, met Senator Paul Ferrant on Monday.\n\n\"We will fund the bridge,\" the "
     "Ohio governor said.", "Dana Whitcombe"),
    # A title written in capitals is the same description.
    ("Ohio Gov. Dana Whitcombe met Senator Paul Ferrant on Monday.\n\n\"We will fund the bridge,\" the Governor said.",
     "Dana Whitcombe"),
    # "the former president" is neither the vice president nor a president who is not a former one.
    ("Former President Lionel Carver spoke first, and Vice President Alan Merrow followed him.\n\n\"We owe them "
     "a debt,\" the former president said.", "Lionel Carver"),
    # A place or a party in the description is no speaker: "the Florida senator" is not Florida.
    ("Polls in Tampa closed at seven.\n\n\"We expect a long night,\" the Florida senator said.", None),
    # A title before a surname alone, or before a name with a particle, gives it too.
    ("President Carver spoke on Monday. Dana Whitcombe attended.\n\n\"We will not stop,\" the president said.",
     "Carver"),
    ("Mayor Alan de Merrow spoke on Monday. Dana Whitcombe attended.\n\n\"We will not stop,\" the mayor said.",
     "Alan de Merrow"),
    ("Lionel Carver arrived. President Carver's plan was read by Dana Whitcombe.\n\n\"We will not stop,\" the "
     "president said.", "Lionel Carver"),
])
def test_a_description_names_the_person_the_article_gave_it(text, speaker):
    assert _one(text).speaker == speaker


@pytest.mark.parametrize("text, speakers", [
    # "of" and a place or a body after a name says where the person is from: the person is the name.
    ("\"We will not wait,\" said Senator Ted Cruz of Texas.\n\n\"Nor will we,\" Cruz added.", ["Ted Cruz", "Ted Cruz"]),
    ("\"The rates are too high,\" said Ross Eisenbrey of the Economic Policy Institute.", ["Ross Eisenbrey"]),
    ("\"Read the bill,\" said Mr. Burman of the Tax Policy Center.", ["Burman"]),
    # A body's or a title's "of" stays: no person's name stands before it.
    ("\"We stand by the figures,\" said Supporters of Sanders.", ["Supporters of Sanders"]),
    ("\"Prices will rise,\" the Public Policy Institute of California said.", ["Public Policy Institute of California"]),
])
def test_a_name_before_of_is_the_person(text, speakers):
    assert [q.speaker for q in extract_quotes(text, GAZ, GAZ.find(text)) if q.kind != "indirect"] == speakers
