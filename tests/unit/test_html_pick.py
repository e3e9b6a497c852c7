"""Whether readability's or jusText's text replaces trafilatura's body (#22), with the shipped model."""

from __future__ import annotations

import pytest

from corpus_cli.clean import html_pick

P = ("The harbour authority said on Monday that the new quay would open in spring, after two years of delays caused "
     "by flooding and a dispute with the builders over the cost of the foundations.")
ARTICLE = "\n".join(f"{P} Paragraph {i} adds that the works employ {i * 40} people." for i in range(8))
THREAD = "\n".join(f"Reader {i} wrote: I have lived by this harbour for {i + 3} years and never saw such a mess, "
                   "thanks for nothing." for i in range(12))


def test_agreement_is_the_shingle_f1_of_two_texts():
    a, b = html_pick.shingles("one two three four five"), html_pick.shingles("two three four five six")
    assert html_pick.agreement(a, a) == 1.0
    assert html_pick.agreement(a, b) == pytest.approx(2 * 1 / 4)
    assert html_pick.agreement(a, html_pick.shingles("seven eight nine ten")) == 0.0
    assert html_pick.agreement(html_pick.shingles(""), html_pick.shingles("")) == 1.0


def test_the_shipped_model_has_a_weight_for_every_feature():
    m = html_pick.model()
    assert len(m["coef"]) == len(html_pick.features(P, {"readability": P, "justext": P})["readability"])
    assert 0 < m["threshold"] < 1


def test_a_body_both_others_disagree_with_gives_way_to_their_article():
    assert html_pick.pick(THREAD, {"readability": ARTICLE, "justext": ARTICLE}) == "readability"


@pytest.mark.parametrize("texts", [
    {"readability": ARTICLE, "justext": ARTICLE},  # all three agree
    {"readability": THREAD, "justext": ""},  # the others found something else, or nothing
    {"readability": "", "justext": ""},
])
def test_the_body_stays_where_the_others_do_not_outvote_it(texts):
    assert html_pick.pick(ARTICLE, texts) is None


def test_a_candidate_without_words_is_never_taken():
    assert html_pick.probabilities(THREAD, {"readability": ARTICLE, "justext": "  "})["justext"] == 0.0
