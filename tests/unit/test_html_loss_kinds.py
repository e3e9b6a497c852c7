"""The standfirst rule make html-errors measures (scripts/html_loss_kinds.py), on pages written here."""

import importlib.util
from pathlib import Path

from lxml import html

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("html_loss_kinds", ROOT / "scripts" / "html_loss_kinds.py")
kinds = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kinds)

DESCRIPTION = "The council voted to close the old bridge to lorries while engineers check its piers."


def _page(body: str) -> str:
    return f'<html><head><meta name="description" content="{DESCRIPTION}"></head><body>{body}</body></html>'


def test_the_visible_element_that_is_the_description_is_the_standfirst():
    tree = html.fromstring(_page(f"<article><h1>Bridge shut</h1><p class='dek'><em>{DESCRIPTION}</em></p>"
                                 "<p>The bridge carries the main road.</p></article>"))
    assert kinds.standfirst(tree, DESCRIPTION) == DESCRIPTION


def test_a_cut_description_finds_the_whole_standfirst():
    whole = DESCRIPTION[:-1] + " this week."
    tree = html.fromstring(_page(f"<h2>{whole}</h2><p>Body.</p>"))
    assert kinds.standfirst(tree, DESCRIPTION[:80] + "…") == whole


def test_teasers_hidden_copies_and_the_head_are_not_standfirsts():
    tree = html.fromstring(_page(f"<ul><li>{DESCRIPTION}</li></ul><p><a href='/x'>{DESCRIPTION}</a></p>"
                                 f"<div style='display: none'>{DESCRIPTION}</div><p>Body.</p>"))
    assert kinds.standfirst(tree, DESCRIPTION) == ""


def test_a_short_description_finds_nothing():
    tree = html.fromstring(_page("<p>Bridge shut</p>"))
    assert kinds.standfirst(tree, "Bridge shut") == ""
