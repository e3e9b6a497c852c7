"""The text cleaner's topic features: how far a line's content words are those of the dump's article."""

from __future__ import annotations

from corpus_cli.clean import topic
from corpus_cli.clean.model import prose_block
from corpus_cli.clean.text import analyse

ARTICLE = [
    "The finance ministers of the region met on Tuesday to agree on a common energy plan for the winter.",
    "The ministers said the energy plan would be published next week, after the parliaments had voted on it.",
    "Critics of the energy plan warned the ministers that households had been hit hardest this winter.",
    "Several ministers admitted that the plan left questions about winter prices and storage open.",
]
TEASER = "Local football club celebrates promotion after dramatic penalty shootout against rivals."


def _rows(texts: list[str]):
    an = analyse("\n\n".join(texts))
    s, e, _ = prose_block(an.lines)
    return an.lines, dict(zip(topic.FEATURES, zip(*topic.topic_rows(an.lines, s, e, an.language)))), (s, e)


def test_a_line_about_the_article_shares_its_words_and_a_teaser_does_not():
    lines, f, (s, e) = _rows(["Energy ministers agree winter plan", *ARTICLE, TEASER])
    teaser = len(lines) - 1
    assert (s, e) == (1, teaser + 1)  # the teaser is prose, in the block: its own words do not count
    assert f["topic_block"][teaser] == 0.0 and f["topic_hits"][teaser] == 0.0
    assert all(f["topic_block"][i] > 0.3 for i in range(s, teaser))
    # The title above the block shares the block's words; the block's first lines share the title's.
    assert f["topic_block"][0] > 0.5 and f["topic_head"][1] > 0.0 and f["topic_head"][teaser] == 0.0


def test_a_line_without_content_words_has_no_topic():
    lines, f, _ = _rows(["Home", *ARTICLE, "To top"])
    assert f["content"][0] == 0.0 and f["topic_block"][0] == topic.NONE and f["topic_head"][0] == topic.NONE
    assert f["topic_near"][1] != topic.NONE  # its neighbours have words
