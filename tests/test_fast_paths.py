"""Fast paths agree with the plain definitions they replace, on text made of the pieces that matter to them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_cli.extract.quotes import NAME_RUN, NAME_RUNS_2
from corpus_cli.extract.sources import _CITING, _REPORTED, _at_word_starts, cited_sources
from corpus_cli.ingest.readers import _looks_binary_text

PIECES = ["reported", "reports", "wrote", "said in a report", "according to", "citing", "exciting", "misreported",
          "Reuters", "the", "Ministry", "of", "de", "la", "Foo", "McDonald", "iPhone", "O’Brien", "U.S.", "Kim", "x",
          "_", "é", "Ä", "Жан", "7", " ", " ", "  ", "\t", "\n", "(", ")", ",", ".", "-", "’", "'", "(AFP)"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_word_start_search_finds_what_a_leading_word_boundary_finds(text):
    for pattern in (_CITING, _REPORTED):
        reference = re.compile(r"\b" + pattern.pattern)
        assert [m.span() for m in _at_word_starts(pattern, text)] == [m.span() for m in reference.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_two_word_runs_are_the_name_runs_with_a_space(text):
    runs = [m.span() for m in NAME_RUN.finditer(text) if " " in m.group() or "\t" in m.group()]
    assert [m.span() for m in NAME_RUNS_2.finditer(text)] == runs


def test_a_word_inside_another_does_not_hide_a_cited_source():
    # "exciting" holds "citing": the search goes on inside the rejected match and finds the real cue.
    assert cited_sources("It was exciting according to Reuters, officials said.") == ["Reuters"]


CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0, 40)] + list("abé€\ufffd\x7f\x85😀")), max_size=80))
def test_binary_text_check_counts_what_the_regex_counts(text):
    sample = text[:8192]
    expected = bool(sample) and len(CONTROL.findall(sample)) > 0.05 * len(sample)
    assert _looks_binary_text(text) == expected
