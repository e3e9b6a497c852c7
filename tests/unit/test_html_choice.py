"""When trafilatura's fallback extractors run on an HTML page and when their text is kept (#22)."""

from __future__ import annotations

import pytest

from corpus_cli.clean import html, html_choice, html_pick, html_tail
from tests.conftest import FIXTURES

P = {"short_chars": 2000, "list_line_chars": 15, "elsewhere_below": 0.5}
PARAGRAPH = ("The harbour authority said on Monday that the new quay would open in spring, after two years of "
             "delays caused by flooding and a dispute with the builders over the cost of the foundations. ")
ARTICLE = "\n".join(PARAGRAPH * 2 for _ in range(8))  # long, paragraphs of prose
LINKS = "\n".join(f"Story {i}" for i in range(300))  # long, but a list of short lines


@pytest.mark.parametrize("fast_text, runs", [
    (ARTICLE, False),
    (PARAGRAPH, True),  # short
    (LINKS, True),  # a list of links
    ("", False),  # nothing found: no article, the fallbacks do not make one up
])
def test_the_fallbacks_run_on_weak_pages_only(fast_text, runs):
    assert html_choice.run_fallbacks(fast_text, P) is runs


@pytest.mark.parametrize("fast_text, full_text, kept", [
    (LINKS, PARAGRAPH * 3, True),  # a body found among the links
    (LINKS, LINKS + "\nMore stories", False),  # the fallbacks' text is no shorter
    (PARAGRAPH, "A different story altogether, found elsewhere on the page by readability.\n" * 5, True),
    (PARAGRAPH, PARAGRAPH + "\nReader comment one\nReader comment two, longer than the first", False),
    (PARAGRAPH, PARAGRAPH, False),
    (PARAGRAPH, "", False),
    (ARTICLE, "Something else entirely", False),  # a strong fast text is never replaced
])
def test_the_fallbacks_text_replaces_a_weak_one_only_where_it_looks_better(fast_text, full_text, kept):
    assert html_choice.prefer_fallbacks(fast_text, full_text, P) is kept


def test_containment_counts_whole_lines_by_their_characters():
    assert html_choice.containment("aaaa\nbb", "bb\ncc") == pytest.approx(2 / 6)
    assert html_choice.containment("", "bb") == 0.0


def test_the_shipped_thresholds_are_numbers_for_every_check():
    params = html_choice.params()
    assert set(params) == set(P) and all(isinstance(v, (int, float)) and v >= 0 for v in params.values())


@pytest.mark.parametrize("page", [
    (FIXTURES / "article.html").read_text(encoding="utf-8"),
    "<html><head><title>Quay</title></head><body><ul>" + "".join(
        f'<li><a href="/s{i}">Story {i}</a></li>' for i in range(60)) + "</ul><div><p>" + PARAGRAPH * 3
    + "</p></div></body></html>",
])
def test_auto_takes_the_text_its_choice_names_and_keeps_the_first_runs_metadata(page):
    """Whatever the page, auto's body is the fast text or the fallbacks' one, as html_choice decides on the two,
    or readability's or jusText's as html_pick decides, its tail trimmed by html_tail; the metadata is the same in
    every mode."""
    fast = (html.extract(page, None, fast=True).text or "").strip()
    full_doc = html.extract(page, None, fast=False)
    full = (full_doc.text or "").strip() if full_doc is not None else ""
    chosen = full if html_choice.run_fallbacks(fast) and html_choice.prefer_fallbacks(fast, full) else fast
    got = {mode: html.clean_html(page, None, mode) for mode in html.EXTRACTIONS}
    body = html.drop_title(chosen, got["auto"].title)
    others = dict(zip(html_pick.CANDIDATES, (html.drop_title(v().strip(), got["auto"].title)
                                             for v in html._voters(page, None))))
    body = others.get(html_pick.pick(body, others), body)
    assert got["auto"].text == html_tail.trim_tail(body, [lambda t=t: t for t in others.values()])
    assert got["fast"].text == html.drop_title(fast, got["fast"].title)
    for mode in ("fast", "full"):
        c, a = got[mode], got["auto"]
        assert (c.title, c.authors, c.date, c.tags, c.publisher, c.url) == (
            a.title, a.authors, a.date, a.tags, a.publisher, a.url)
