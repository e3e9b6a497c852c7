"""Actors, sources and quotes on the samples' clean text and on sentences written for each case."""

import pytest

from corpus_cli.clean.text import clean_text
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.sources import cited_sources
from corpus_cli.extract.spans import quote_key
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
from tests.conftest import SAMPLES

GAZ = Gazetteer(load_gazetteer_file())
BODY = {p.name[:3]: clean_text(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The DPRK denied it.", ["North Korea"]),
        ("North Korean troops moved.", ["North Korea"]),
        ("Kim Jong-un spoke, and later Kim Jong Un left.", ["Kim Jong Un"]),
        ("Zelenskyy met Zelenskiy's aides; Zelensky agreed.", ["Volodymyr Zelensky"]),
        ("The US said so. Let us wait.", ["United States"]),
        ("Pyongyang said the talks were over.", ["North Korea"]),
        ("The State Department warned.", ["US Department of State"]),
    ],
)
def test_actor_aliases(text, expected):
    assert sorted({m.name for m in GAZ.mentions(text)}) == expected


def test_lower_case_us_is_not_the_united_states():
    assert GAZ.mentions("Join us for the talks.") == []


def test_capitals_can_be_switched_off():
    assert Gazetteer(load_gazetteer_file(), capitals=False).mentions("Pyongyang said no.") == []


def test_bare_surname_counts_only_after_the_full_name():
    assert [m.name for m in GAZ.mentions("Kim said no.")] == []
    m = GAZ.mentions("Kim Jong Un arrived. Kim said no.")
    assert [(x.name, x.count) for x in m] == [("Kim Jong Un", 2)]


def test_mentions_are_counted_in_the_body_only():
    # Dump 000 names Trump only in its headline lists: the clean body does not.
    assert "Donald Trump" not in {m.name for m in GAZ.mentions(BODY["000"].text)}
    assert "Donald Trump" in {m.name for m in GAZ.mentions(BODY["004"].text)}


# Every quote of three words or more in the samples, with its speaker.
SAMPLE_QUOTES = {
    "000": [
        ("Well, we know this is pretty simple", "Tammy Bruce"),
        ("to be concerned by North Korea", "Tammy Bruce"),
        ("North Korea’s military deployment to Russia", "Tammy Bruce"),
        ("impose a broad prohibition", "Tammy Bruce"),
        ("a desperation call from Russia", "European Union"),
    ],
    "001": [
        ("This once again underlines", "Heorhii Tykhyi"),
        ("Their missiles were very inaccurate", "Heorhii Tykhyi"),
        ("and the international community has to pressure", "Heorhii Tykhyi"),
        ("a desperation call from Russia", "European Union"),
    ],
    "002": [("unconditionally supported Russia", "KCNA")],
    "003": [("I will also note that our information", "Vedant Patel")],
    "004": [
        ("annihilate and wipe out", "Kim Jong Un"),
        ("They who fought for justice", "Kim Jong Un"),
        ("We continue to be concerned", "US Department of State"),
        ("There was no reason for Putin", "Donald Trump"),
        ("It makes me think that maybe", "Donald Trump"),
    ],
}


@pytest.mark.parametrize("key", sorted(SAMPLE_QUOTES))
def test_sample_quotes_have_their_speakers(key):
    text = BODY[key].text
    quotes = extract_quotes(text, GAZ)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    for start, speaker in SAMPLE_QUOTES[key]:
        hits = [q for q in quotes if q.text.startswith(start)]
        assert hits, f"{key}: quote {start!r} not found"
        assert hits[0].speaker == speaker, f"{key}: {start!r} attributed to {hits[0].speaker!r}"


def test_quote_mention_and_kind():
    text = BODY["001"].text
    q = {x.text[:12]: x for x in extract_quotes(text, GAZ)}
    assert q["very telling"].kind == "partial" and q["very telling"].speaker_mention == "Tykhii"
    assert q["This once ag"].kind == "direct" and q["This once ag"].cue == "said"


def test_nested_single_quotes_are_part_of_the_outer_quote():
    quotes = extract_quotes("He continued, “Through ‘Banking’ or ‘Secondary Sanctions?’ Too many are dying!”", GAZ)
    assert len(quotes) == 1 and "‘Banking’" in quotes[0].text


def test_unbalanced_mark_spoils_only_its_paragraph():
    text = 'He said "this never closes.\n\n"We will stay," Trump said.'
    quotes = extract_quotes(text, GAZ)
    assert [q.speaker for q in quotes if q.text.startswith("We will stay")] == ["Donald Trump"]


def test_markup_values_and_bare_figures_are_not_quotes():
    text = ('<tweet author="@reporter_one" datetime="2016-06-28">Scanner traffic says the road is shut.</tweet>\n\n'
            'The fund grew "2,400 - 3,100" a year, Smith said. "We will stay open all night," the mayor said.')
    quotes = extract_quotes(text, GAZ)
    assert [q.text for q in quotes if q.kind != "indirect"] == ["We will stay open all night,"]


def test_quote_key_is_the_same_across_outlets():
    assert quote_key("“Their words cannot be trusted,”") == quote_key('"Their words cannot be trusted"')


@pytest.mark.parametrize(
    "key,expected",
    [
        ("000", ["Tammy Bruce"]),
        ("001", ["European Pravda", "Heorhii Tykhyi"]),
        ("002", ["Associated Press", "KCNA"]),
        ("003", ["Vedant Patel", "European Pravda", "US Department of State"]),
        ("004", ["The Independent", "PA"]),
    ],
)
def test_cited_sources(key, expected):
    r = BODY[key]
    assert cited_sources(r.text, GAZ, r.title, r.wires) == expected


def test_offsets_of_an_unclosed_quote_that_starts_with_a_space():
    # Found by fuzzing: the stripped quote text and its start offset disagreed.
    text = 'He said " with Russia and more words here\n\nNext paragraph.'
    for q in extract_quotes(text, GAZ):
        assert text[q.start : q.end] == q.text
