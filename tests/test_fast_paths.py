"""Fast paths agree with the plain definitions they replace, on text made of the pieces that matter to them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_cli.clean import metadata as md
from corpus_cli.clean import text as cleaner
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


# Lines made of the words the call-to-action, caption and publisher patterns look for, with near misses.
LINE_PIECES = ["Follow", "follow", "us", "Ukrainska Pravda", "on", "On", "X", "x", "Twitter", "Patreon", "Telegram",
               "Support", "Subscribe to", "our", "newsletter", "Sign up", "share", "Share", "this", "via", "tweet",
               "become", "a", "patron", "is the place where", "you will find", "All Rights Reserved", "©", "(c)",
               "Copyright", "2024", "cookies", "accept", "Privacy Policy", "terms of use", "download the app",
               "Photo:", "PHOTO", "image by", "Credit", "Getty Images", "AP Photo/", "Reuters", "/", "Фото:",
               "ілюстрація", "In this photo", "the", "president", "said", "İ", "ß", "K", " ", "  ", "\t", ".", ":",
               ",", "(", ")"]
LINE = st.lists(st.sampled_from(LINE_PIECES), max_size=25).map(" ".join)


def _plain_kind_match(t: str, kinds) -> bool:
    low = " ".join(t.lower().split())
    return any(any(n in low for n in needles) and rx.search(t) for needles, rx in kinds)


@settings(max_examples=500, deadline=None)
@given(LINE)
def test_the_one_search_for_any_word_finds_what_the_word_by_word_test_finds(line):
    assert cleaner._cta_like(line) == _plain_kind_match(line, cleaner._CTA_KINDS)
    assert cleaner._caption_like(line) == _plain_kind_match(line, cleaner._CAPTION_KINDS)
    low = line.lower()
    plain = None
    for pat, needles in ((md._PUBLISHER_CTA, (" on ",)), (md._PUBLISHER_IS, ("is the place where",)),
                         (md._COPYRIGHT, ("©", "(c)", "copyright"))):
        m = pat.search(line) if any(n in low for n in needles) else None
        name = re.sub(r"\s+(?:All|Inc|Ltd|LLC)\.?$", "", m.group("name").strip(" .,")) if m else ""
        if name and name.lower() not in {"the", "all", "us"}:
            plain = name
            break
    assert md.publisher_hint(line) == plain


def test_lines_with_the_words_are_still_found():
    assert cleaner._cta_like("Follow Ukrainska Pravda on Twitter")
    assert cleaner._caption_like("Photo: Getty Images")
    assert md.publisher_hint("Support Ukrainska Pravda on Patreon!") == "Ukrainska Pravda"
    assert not cleaner._cta_like("The president said the talks would go on.")
