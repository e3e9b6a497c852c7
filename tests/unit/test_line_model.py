"""The text cleaner's learned line model: the shipped file, the compiled trees and the region step."""

from __future__ import annotations

import math

import pytest

from corpus_cli.clean import model as cm
from corpus_cli.clean.text import analyse, clean_text, line_key

WORDS = cm.FEATURES.index("words")  # log(1 + words)
PROSE = [
    "The finance ministers of the region met on Tuesday to agree on a common plan for the energy crisis.",
    "They said that the plan would be published next week, after the parliaments of all members had voted.",
    "Critics of the plan warned that it did little for the households that had been hit hardest this winter.",
]


def _stump(feature: int, threshold: float, low: float, high: float, baseline: float = 0.0) -> dict:
    """A model of one tree of one split: ``low`` log-odds when row[feature] <= threshold, else ``high``."""
    tree = {"feature": [feature, 0, 0], "threshold": [threshold, 0.0, 0.0], "left": [1, -1, -1],
            "right": [2, -1, -1], "value": [0.0, low, high]}
    return {"features": list(cm.FEATURES), "baseline": baseline, "trees": [tree, tree]}


def test_the_shipped_model_loads_and_reads_the_features_the_cleaner_computes():
    model = cm.default_model()
    an = analyse("\n".join(["Home", "News", *PROSE, "Share this", "© 2024 Example"]))
    rows = cm.features(an.lines, an.counts, an.a, an.b, an.rule_kept)
    assert len(rows) == len(an.lines) and all(len(r) == len(cm.FEATURES) for r in rows)
    assert all(0.0 <= p <= 1.0 for p in model.probabilities(rows))


def test_compiled_trees_add_up_to_the_log_odds_of_each_row():
    model = cm.LineModel(_stump(WORDS, math.log1p(5), -2.0, 1.5, baseline=0.25))
    short, long_ = [0.0] * len(cm.FEATURES), [0.0] * len(cm.FEATURES)
    short[WORDS], long_[WORDS] = math.log1p(3), math.log1p(20)
    p_short, p_long = model.probabilities([short, long_])
    assert p_short == pytest.approx(1 / (1 + math.exp(-(0.25 - 4.0))))
    assert p_long == pytest.approx(1 / (1 + math.exp(-(0.25 + 3.0))))


def test_a_model_of_other_features_is_refused():
    d = _stump(0, 0.0, 0.0, 0.0)
    d["features"] = d["features"][:-1]
    with pytest.raises(ValueError):
        cm.LineModel(d)


def _lines(*texts: str):
    return analyse("\n\n".join(texts)).lines


def test_the_best_span_crosses_a_weak_line_inside_the_article_but_not_a_gap_of_boilerplate():
    lines = _lines("Home", *PROSE, "Share this", PROSE[0] + " Again.", *[f"Menu {i}" for i in range(8)], PROSE[1])
    p = [0.1, 0.9, 0.9, 0.9, 0.3, 0.9] + [0.1] * 8 + [0.9]
    assert cm.best_span(lines, p, 0.5) == (1, 6)  # "Share this" is crossed; the menus are not
    assert cm.best_span(lines, [0.1] * len(lines), 0.5) == (0, 0)


def test_pick_keeps_the_span_lines_that_reach_keep_and_falls_back_to_the_rules():
    an = analyse("\n\n".join(["Home", *PROSE, "The next steps", "Menu"]))
    assert [ln.kind for ln in an.lines] == ["BAD", "GOOD", "GOOD", "GOOD", "SHORT", "BAD"]
    p = [0.9, 0.9, 0.9, 0.9, 0.4, 0.9]
    assert cm.pick(an.lines, p, an.a, an.b, {1, 2, 3}, 0.5, 0.5) == [1, 2, 3]  # boilerplate by shape stays out
    assert cm.pick(an.lines, p, an.a, an.b, {1, 2, 3}, 0.3, 0.35) == [1, 2, 3, 4]
    # the model finds no article: the rules' lines
    assert cm.pick(an.lines, [0.0] * 6, an.a, an.b, {2, 3}, 0.5, 0.5) == [2, 3]


def test_lines_above_the_rules_body_stay_out_when_the_model_agrees_on_where_the_body_is():
    an = analyse("\n\n".join(["A short standfirst line", *PROSE]))
    assert (an.a, an.b) == (1, 4)
    assert cm.pick(an.lines, [0.9] * 4, an.a, an.b, {1, 2, 3}, 0.5, 0.5) == [1, 2, 3]
    assert cm.pick(an.lines, [0.9, 0.1, 0.1, 0.1], an.a, an.b, {1, 2, 3}, 0.5, 0.5) == [0]


def test_the_model_leads_where_it_disagrees_with_the_rules():
    short_in = _stump(WORDS, math.log1p(6), 5.0, -5.0)  # a model that takes short lines for the article
    items = [f"Short item number {i} here" for i in range(6)]
    dump = "\n\n".join([*PROSE, *items])
    assert clean_text(dump, model=cm.RulesOnly()).text == "\n\n".join(PROSE)
    assert clean_text(dump, model=cm.LineModel(short_in)).text == "\n\n".join(items)


def test_the_byline_and_what_is_above_it_never_go_into_the_body():
    everything = cm.LineModel({**_stump(WORDS, -1.0, 5.0, 5.0), "theta": 0.5, "keep": 0.5})
    dump = "\n\n".join(["Home", "News", "By Jane Smith", *PROSE, "Menu one", "Menu two"])
    body = clean_text(dump, model=everything).text
    assert body.startswith(PROSE[0]) and "Menu two" in body
    assert "Jane Smith" not in body and "Home" not in body


def test_the_longest_prose_block_allows_one_short_line_between_two_paragraphs():
    lines = _lines("Home", PROSE[0], "Menu", "Other", PROSE[1], "Subheading", PROSE[2], PROSE[0] + " More.")
    assert [ln.kind for ln in lines][4:] == ["GOOD", "SHORT", "GOOD", "GOOD"]
    start, end, words = cm.prose_block(lines)
    assert (start, end) == (4, 8) and words == sum(ln.words for ln in lines[4:8] if ln.kind == "GOOD")


def test_a_learned_line_is_a_feature():
    an = analyse("\n\n".join([*PROSE, "Read our weekly newsletter"]))
    learned = frozenset({line_key("Read our weekly newsletter")})
    col = cm.FEATURES.index("learned")
    rows = cm.features(an.lines, an.counts, an.a, an.b, an.rule_kept, learned)
    assert [r[col] for r in rows] == [0.0, 0.0, 0.0, 1.0]


def test_rules_only_keeps_what_the_hand_rules_keep():
    dump = "\n".join(["Home", "World", "Sport", *PROSE, "Related stories", "Other story one", "Other story two"])
    assert clean_text(dump, model=cm.RulesOnly()).text == "\n\n".join(PROSE)


def test_lines_the_corpus_learned_stay_boilerplate_whatever_the_model_says():
    promo = "Read our weekly newsletter for the best analysis."
    keep_all = cm.LineModel({**_stump(WORDS, -1.0, 5.0, 5.0), "theta": 0.5, "keep": 0.5})
    dump = "\n\n".join([PROSE[0], promo, PROSE[1], PROSE[2]])  # blank lines: no line is re-joined
    assert promo in clean_text(dump, model=keep_all).text
    learned = frozenset({line_key(promo)})
    assert promo not in clean_text(dump, learned=learned, model=keep_all).text


def test_a_data_table_the_rules_keep_right_after_the_span_goes_with_it():
    # A model that doubts every table row (rows of figures): the standings that end the article stay in it.
    doubts_tables = cm.LineModel(_stump(cm.FEATURES.index("table"), 0.5, 5.0, -5.0))
    rows = ["Pos   Team              Points   Wins", "1     Northern Lights   5040     5",
            "2     Harbour United     5035     7", "3     River Rovers       5033     4",
            "4     Hill Town          5027     6"]
    dump = "\n".join(["League table", "", "\n\n".join(PROSE), "", *rows, "", "RECENT NEWS", "Storm closes the airport"])
    assert clean_text(dump, model=cm.RulesOnly()).text.split("\n\n") == [*PROSE, *rows]
    assert clean_text(dump, model=doubts_tables).text.split("\n\n") == [*PROSE, *rows]


def test_the_span_goes_on_over_what_the_rules_body_keeps_past_it_and_the_model_does_not_call_boilerplate():
    # An article that goes on after an inline box: its last paragraph scores under theta, over keep.
    more = ["The ministers meet again in March, when the first figures of the plan are due.",
            "Several of them said they expected the households to see the first help before the summer."]
    an = analyse("\n\n".join([*PROSE, "Related", "Storm closes the airport for a day", *more, "Follow us on Twitter"]))
    assert (an.a, an.b, sorted(an.rule_kept)) == (0, 7, [0, 1, 2, 4, 5, 6])
    p = [0.9, 0.9, 0.9, 0.3, 0.9, 0.6, 0.4, 0.1]
    assert cm.best_span(an.lines, p, 0.5) == (0, 6)
    assert cm.pick(an.lines, p, an.a, an.b, an.rule_kept, 0.5, 0.2) == [0, 1, 2, 4, 5, 6]
    # Not a line the model calls boilerplate (under keep), nor one the rules drop.
    assert cm.pick(an.lines, p[:6] + [0.1, 0.1], an.a, an.b, an.rule_kept, 0.5, 0.2) == [0, 1, 2, 4, 5]
    assert cm.pick(an.lines, p, an.a, an.b, an.rule_kept - {6}, 0.5, 0.2) == [0, 1, 2, 4, 5]
