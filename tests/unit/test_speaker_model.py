"""The speaker ranking model (#26): candidates around a quote, their features, and the shipped model's choice."""

import pytest

from corpus_cli.extract import speakers as sp
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.speaker_candidates import before_word, window_candidates
from corpus_cli.extract.speaker_model import Shape, SpeakerModel, _shape, default_model
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

GAZ = Gazetteer(load_gazetteer_file())
# The hand rules' choice alone: the one candidate that passes the threshold.
RULES_ALONE = SpeakerModel({"kind=rules": 5.0}, -2.5, 0.5, 0.5)


def _quotes(text, model=None):
    return [q for q in extract_quotes(text, GAZ, GAZ.find(text), speakers=model) if q.kind != "indirect"]


def _candidates(text, quote):
    qs = text.index(quote)
    state = sp.State(persons=sp.known_persons(text, GAZ, GAZ.find(text), [(qs, qs + len(quote))]), text=text)
    found = {c.mention: c for c in window_candidates(text, qs, qs + len(quote), state, GAZ)}
    for c in found.values():
        c.read()
    return found


def test_candidates_are_names_titles_nominals_and_pronouns_around_the_quote():
    text = ("Rep. James Clyburn met voters in Columbia on Monday. A spokeswoman for the campaign declined to "
            "comment.\n\n\"We are going to win this state,\" Mr. Clyburn said. He smiled.")
    found = _candidates(text, "\"We are going to win this state,\"")
    assert {"Rep. James Clyburn", "A spokeswoman", "Mr. Clyburn", "He"} <= set(found)
    clyburn = found["Mr. Clyburn"]
    assert clyburn.speaker == "James Clyburn" and clyburn.cue == "said"
    assert {"verb_after", "pos=a0", "kind=name", "titled"} <= set(clyburn.features)
    assert "pos=b-2" in found["Rep. James Clyburn"].features and "pos=b-1" in found["A spokeswoman"].features
    assert {"kind=pronoun", "pos=a1", "opens_sentence"} <= set(found["He"].features)
    assert "Columbia" in found and "verb_after" not in found["Columbia"].features


def _all_candidates(text, quote):
    qs = text.index(quote)
    state = sp.State(persons=sp.known_persons(text, GAZ, GAZ.find(text), [(qs, qs + len(quote))]), text=text)
    return [(c.mention, set(c.read())) for c in window_candidates(text, qs, qs + len(quote), state, GAZ)]


def test_a_candidates_verbs_are_those_of_its_features_read_in_full():
    # What a mention adds to a nearer one of its actor is told without reading it (Candidate.verbs).
    text = ("Cruz told reporters on Tuesday that he would stay. According to Kasich, the race is open. Kasich, the "
            "governor, said it twice. \"We will win Ohio,\" said Mr. Kasich, adding that Cruz had said so too.")
    qs = text.index("\"We")
    state = sp.State(persons=sp.known_persons(text, GAZ, GAZ.find(text), [(qs, qs + 19)]), text=text)
    cands = window_candidates(text, qs, qs + 19, state, GAZ)
    told = [c.verbs() for c in cands]
    assert sum(bool(t) for t in told) >= 3  # "Cruz told", "According to Kasich", "said Mr. Kasich"
    assert told == [[f for f in c.read() if f.startswith(("verb", "according", "appos"))] for c in cands]


def test_where_a_candidate_stands_against_the_reporting_verb():
    text = ("Kasich's new ad labels Cruz a liar. Cruz told reporters Tuesday at Baldwin Wallace University in "
            "Berea: \"This is a desperate campaign.\" \"We will win Ohio,\" said Mr. Kasich to Jim Acosta. \"Not "
            "now,\" he told Dana Bash.")
    first = _all_candidates(text, "\"This is a desperate campaign.\"")
    cruz = [fs for m, fs in first if m == "Cruz"]
    assert {"syn=subject", "syn=subject&kind=name", "pos=b0"} <= cruz[0]  # "Cruz told reporters ...:"
    assert "syn=object" in cruz[1] and "syn=subject" not in cruz[1]  # "labels Cruz", another sentence
    found = dict(first)
    assert {"syn=b_noverb", "syn=prep"} <= found["Berea"]
    assert {"syn=time_place", "syn=prep"} <= found["Baldwin Wallace University"]
    second = dict(_all_candidates(text, "\"We will win Ohio,\""))
    assert "syn=inverted" in second["Mr. Kasich"]
    assert {"syn=a_far", "syn=to"} <= second["Jim Acosta"]  # after the verb's subject
    third = dict(_all_candidates(text, "\"Not now,\""))
    assert {"syn=a_listener", "syn=listener"} <= third["Dana Bash"]


def test_words_inside_quotation_marks_are_no_candidates():
    text = "Dana Whitfield spoke first.\n\n\"Ask Gordon Fisk about it,\" she said."
    assert "Gordon Fisk" not in _candidates(text, "\"Ask Gordon Fisk about it,\"")


def test_the_word_before_a_mention():
    assert before_word("the crowd cheered, said ") == ("said", "said")
    assert before_word("was first reported by ") == ("by", "reported")
    assert before_word("a plan, according to ") == ("to", "according to")
    assert before_word("he said, ") == (",", None)
    assert before_word("") == ("^", None)


def test_the_rules_alone_model_keeps_the_rules_choice():
    text = "\"There should be fewer rules for small firms,\" said Gordon Fisk, a shop owner in Dayton."
    q = _quotes(text, RULES_ALONE)[0]
    assert (q.speaker, q.speaker_mention, q.cue) == ("Gordon Fisk", "Gordon Fisk", "said")


@pytest.mark.parametrize("text, speaker, mention", [
    # A document "reads": the rules know no such cue. (A quote signed on the dash line after it, once here, is
    # the rules' now: tests/unit/test_speakers.py.)
    ("The campaign sent a fundraising email on Thursday.\n\n\"Our political revolution has already changed this "
     "race,\" read the email.", None, "the email"),
])
def test_the_model_finds_a_speaker_the_rules_miss(text, speaker, mention):
    before = _quotes(text, RULES_ALONE)[0]
    assert (before.speaker, before.speaker_mention) == (None, None)
    q = _quotes(text)[0]
    assert (q.speaker, q.speaker_mention) == (speaker, mention)


def test_no_speaker_rather_than_a_wrong_one():
    shipped = default_model()
    never = SpeakerModel(shipped.weights, shipped.bias, 1.01, 1.01)  # no probability reaches 1.01
    text = "\"There should be fewer rules for small firms,\" said Gordon Fisk."
    q = _quotes(text, never)[0]
    assert (q.speaker, q.speaker_mention, q.cue) == (None, None, None)
    assert shipped.weights and 0.0 <= shipped.threshold < 1.0 and 0.0 <= shipped.guess_threshold < 1.0


def test_a_description_next_to_a_reporting_verb_is_a_candidate_whatever_its_head():
    # Heads the listed nominals lack ("wife", "executive") stand as speakers through the verb next to them.
    text = ("Walter Hale spoke at the fair on Sunday. Later his wife said the family would stay. \"We are not "
            "going anywhere,\" said one former executive who asked not to be named.")
    found = _candidates(text, "\"We are not going anywhere,\"")
    assert {"kind=nominal", "open_head", "verb_after"} <= set(found["his wife"].features)
    assert {"kind=nominal", "open_head", "syn=inverted"} <= set(found["one former executive"].features)
    # Without a reporting verb next to it a description with an unlisted head is no candidate; a listed head is
    # one, without the open fact.
    text = ("The crowd cheered for an hour. A spokeswoman for the campaign stood by.\n\n\"This is the best night "
            "of the year,\" Hale said.")
    found = _candidates(text, "\"This is the best night of the year,\"")
    assert "The crowd" not in found and "open_head" not in found["A spokeswoman"].features


def test_a_relative_pronoun_ends_no_description():
    text = "\"We will build it,\" said the owner who bought the plant, and the man who asked said so too."
    found = _candidates(text, "\"We will build it,\"")
    assert "the owner" in found and not any(w in m.split() for m in found for w in ("who", "which", "that"))


def test_a_bare_plural_before_a_reporting_verb_is_a_candidate():
    # '"...," federal prosecutors wrote': no determiner, so only the bare-plural pattern finds it.
    text = ("Walter Hale pleaded guilty in May. \"The harm done is beyond measure,\" federal prosecutors wrote in "
            "a filing. Later, critics said the sentence was light.")
    found = _candidates(text, "\"The harm done is beyond measure,\"")
    assert {"kind=nominal", "open_head", "verb_after"} <= set(found["federal prosecutors"].features)
    assert "critics" in found
    # A function word, a pronoun or a word after another word is none: "this says", "he said voters".
    text = "This says a lot, he said voters said. \"We are tired,\" one of them said."
    assert not any(m in _candidates(text, "\"We are tired,\"") for m in ("This says", "voters", "said voters"))


def test_the_subject_of_the_clause_that_holds_a_quote_without_a_reporting_verb():
    # No listed verb between: the name a finite verb follows is its clause's subject, past an aside in commas.
    text = ("As part of the exchange with Senator Maria Ortega, Whitcombe referenced a county audit that \"fewer "
            "than two percent of the files\" were kept. Daniel Pruitt, the county clerk, disputed the \"missing "
            "boxes\" in a letter.")
    found = dict(_all_candidates(text, "\"fewer than two percent of the files\""))
    assert {"syn=b_clause_verb", "syn=b_clause_verb&kind=name"} <= found["Whitcombe"]
    assert "syn=b_noverb" in found["Senator Maria Ortega"] and "syn=b_clause_verb" not in found["Senator Maria Ortega"]
    assert "syn=b_clause_verb" in dict(_all_candidates(text, "\"missing boxes\""))["Daniel Pruitt"]


def test_a_mention_in_another_clause_of_the_quotes_sentence():
    # ", while", ", but", a semicolon or "and" before a capitalised word open a clause with a subject of its own.
    text = ("Halvorsen suggested that the plan could work, while Okonjo said that the \"stakes are too high.\" "
            "Brandt faults the mayor for \"wasting a year\" and Lindqvist says he is \"not worried.\"")
    first = dict(_all_candidates(text, "\"stakes are too high.\""))
    assert {"syn=subject", "syn=other_clause"} <= first["Halvorsen"]
    assert "syn=subject" in first["Okonjo"] and "syn=other_clause" not in first["Okonjo"]
    second = dict(_all_candidates(text, "\"not worried.\""))
    assert "syn=other_clause" in second["Brandt"] and "syn=other_clause" not in second["Lindqvist"]
    assert "syn=b_clause_verb" in dict(_all_candidates(text, "\"wasting a year\""))["Brandt"]


def test_a_quote_that_ends_with_its_own_full_stop_ends_its_sentence():
    # Blanking a quotation hides its full stop: the capitalised word after it opens the next sentence.
    text = ("Their lawyer, Ada Merriweather, said the firm was \"looking for free publicity.\" He said the deal "
            "was standard. \"It is standard,\" he added.")
    after_stop = dict(_all_candidates(text, "\"looking for free publicity.\""))["He"]
    assert "pos=a1" in after_stop and "pos=a0" not in after_stop and "syn=a_noverb" not in after_stop
    assert "pos=a0" in dict(_all_candidates(text, "\"It is standard,\""))["he"]


@pytest.mark.parametrize(("prefix", "shape"), [("", "empty"), ("  ", "empty"), ("He said,", ","),
                                               ("He said:", ":"), ("He said that", "words")])
def test_the_words_before_a_quote_in_its_sentence_have_a_shape(prefix, shape):
    # An empty prefix is in every string: it is told apart before the marks are looked for.
    s = Shape(qs=0, qe=10, prefix=prefix, par_start=False, par_end=False, inner="x")
    assert f"q_prefix={shape}" in _shape(s, None)


def test_the_shipped_model_was_fitted_on_the_shapes_the_features_give():
    # A feature renamed without a refit weighs nothing in the shipped model.
    shapes = {f.split("&", 1)[1] for f in default_model().weights if "&q_prefix=" in f}
    assert shapes == {"q_prefix=empty", "q_prefix=,", "q_prefix=:", "q_prefix=words"}
