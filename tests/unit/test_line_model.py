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


def test_the_model_adds_no_line_above_the_body_no_boilerplate_and_nothing_after_a_comment_thread():
    everything = cm.LineModel({**_stump(WORDS, -1.0, 5.0, 5.0), "add": 0.5, "drop": 0.5})
    after = "Another paragraph of prose that the rules left out, far below the article and its menus."
    comment = "A reader wrote a long reply under the article, which is not part of the article at all."
    dump = "\n\n".join(["Home", "By Jane Smith", *PROSE, *[f"Menu {i}" for i in range(12)], "Photo: Getty Images",
                         after, "12 Comments", comment])
    body = clean_text(dump, model=everything).text
    assert body.startswith(PROSE[0]) and after in body  # added: a line the rules dropped
    assert "Photo:" not in body and comment not in body and "Jane Smith" not in body


def test_the_model_drops_a_rule_kept_line_only_under_its_drop_probability():
    short_out = _stump(WORDS, math.log1p(5), -5.0, 5.0)  # lines of five words or fewer are not article
    dump = "\n\n".join([PROSE[0], "Background:", PROSE[1], PROSE[2]])
    assert clean_text(dump, model=cm.RulesOnly()).text == dump
    assert clean_text(dump, model=cm.LineModel({**short_out, "drop": 0.5})).text == "\n\n".join(PROSE)
    assert clean_text(dump, model=cm.LineModel({**short_out, "drop": 0.0})).text == dump
    # A model that would drop every line the rules kept leaves the rules' choice.
    nothing = _stump(WORDS, -1.0, -5.0, -5.0)
    assert clean_text(dump, model=cm.LineModel({**nothing, "drop": 0.5})).text == dump


def test_rules_only_keeps_what_the_hand_rules_keep():
    dump = "\n".join(["Home", "World", "Sport", *PROSE, "Related stories", "Other story one", "Other story two"])
    assert clean_text(dump, model=cm.RulesOnly()).text == "\n\n".join(PROSE)


def test_lines_the_corpus_learned_stay_boilerplate_whatever_the_model_says():
    promo = "Read our weekly newsletter for the best analysis."
    keep_all = cm.LineModel({**_stump(WORDS, -1.0, 5.0, 5.0), "add": 0.5, "drop": 0.5})
    dump = "\n\n".join([PROSE[0], promo, PROSE[1], PROSE[2]])  # blank lines: no line is re-joined
    assert promo in clean_text(dump, model=keep_all).text
    learned = frozenset({line_key(promo)})
    assert promo not in clean_text(dump, learned=learned, model=keep_all).text
