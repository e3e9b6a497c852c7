"""The reported-speech tagger (corpus_cli/extract/reported_tagger.py): its Viterbi, its model file, the labels
make train-reported fits it on (scripts/reported_tagger_fit.py), and what it adds to the rules."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from corpus_cli.extract.reported import candidates
from corpus_cli.extract.reported_model import SILENT, CueModel, default_model
from corpus_cli.extract.reported_tagger import (
    LABELS,
    SURE,
    TOKEN,
    Tagged,
    Tagger,
    _runs,
    agreement,
    cue_probs,
    cue_threshold,
    runs_of,
    token_facts,
    word_counts,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import reported_tagger_fit  # noqa: E402

from corpus_cli.logistic import Logistic  # noqa: E402


def _toy() -> Tagger:
    state = {"w=said": {"B-Q": 2.0, "O": 0.5}, "w=he": {"B-S": 1.5, "B-C": 1.0}, "w=no": {"I-C": 0.7, "B-C": 0.6},
             "p1=said": {"B-C": 1.2, "I-C": -0.3}, "i=0": {"O": 0.4}}
    trans = {"B-S": {"B-Q": 1.0, "I-S": 0.2}, "B-Q": {"B-C": 0.8, "I-Q": -1.0}, "B-C": {"I-C": 1.1, "O": -0.5},
             "O": {"I-C": -2.0}}
    return Tagger.from_dict({"state": state, "trans": trans, "gate": True, "speaker": "source"})


def test_viterbi_finds_the_best_sequence_a_search_of_all_finds():
    tagger = _toy()
    facts = [["w=he", "i=0"], ["w=said", "p1=he"], ["w=no", "p1=said"], ["w=no", "p1=no"]]

    def total(seq):
        s = 0.0
        for i, lab in enumerate(seq):
            s += sum(w for f in facts[i] for k, w in tagger.state.get(f, ()) if LABELS[k] == lab)
            if i:
                s += tagger.trans[LABELS.index(seq[i - 1])][LABELS.index(lab)]
        return s

    best = max(itertools.product(LABELS, repeat=len(facts)), key=total)
    assert tagger.labels(facts) == list(best)
    assert tagger.labels(facts)[:3] == ["B-S", "B-Q", "B-C"]


def test_the_model_file_reads_back_as_written(tmp_path):
    tagger = _toy()
    path = tmp_path / "tagger.json"
    reported_tagger_fit.write(tagger, path)
    again = Tagger.from_dict(json.loads(path.read_text(encoding="utf-8")))
    assert again == tagger


def test_runs_and_agreement_read_the_labels():
    assert runs_of(["O", "B-C", "I-C", "O", "I-C", "B-C", "I-C"], "C") == [(1, 3), (4, 5), (5, 7)]
    text = "He said the bill would pass"
    spans = [(0, 2), (3, 7), (8, 11), (12, 16), (17, 22), (23, 27)]
    labels = ["B-S", "B-Q", "B-C", "I-C", "I-C", "I-C"]
    runs = _runs(text, spans, labels)
    assert [(r.start, r.end, r.cue, r.source) for r in runs] == [(8, 27, (3, 7), (0, 2))]
    tagged = Tagged(text, spans, labels, runs, [word_counts(text[8:27])])
    assert agreement(tagged, 8, 27, "form=after") == ["tag_share=9", "tag_start=True", "tag_end=True",
                                                       "tag_match=True", "tag_match|form=after=True"]
    assert "tag_start=False" in agreement(tagged, 12, 27, "form=after")


def test_training_labels_come_from_the_attributions_spans():
    text = "The mayor said the bridge would reopen in May."
    at = {"kind": "indirect", "cue": "said", "content": "the bridge would reopen in May",
          "content_spans": [[15, 45]], "source_spans": [[0, 9]]}
    article = {"text": text, "attributions": [at]}
    model = CueModel({}, 0.0, 0.5, [])
    sents = reported_tagger_fit.article_sentences(article, model)
    assert len(sents) == 1
    assert sents[0].labels == ["B-S", "I-S", "B-Q", "B-C", "I-C", "I-C", "I-C", "I-C", "I-C", "O"]
    assert "cLw=said" in sents[0].facts[4]


def test_the_shipped_model_reads_a_tagger_only_when_fitted_with_one():
    model = default_model()
    assert model.tagged is (model.tagger is not None)
    again = CueModel.from_dict({**model.to_dict(), "tagged": True})
    assert again.tagged and "tagged" in again.to_dict() and "tagged" not in model.to_dict()


# Written for this test: "insisted" after an inserted phrase leaves the rules no subject, so they give no
# candidate; a tagger that reads the content gives one (labels as a fitted tagger gives them).
# Three insertions before the cue: the rules look past two at most (reported_subjects), so they find no speaker.
MEMO = "The treasurer, in a memo, to staff, on Friday, insisted the budget would balance by the end of the year."


def _memo_tagged() -> Tagged:
    spans = [m.span() for m in TOKEN.finditer(MEMO)]
    words = [MEMO[a:b] for a, b in spans]
    labels = ["O"] * len(words)
    labels[words.index("insisted")] = "B-Q"
    first = words.index("budget") - 1
    labels[first : len(words) - 1] = ["B-C"] + ["I-C"] * (len(words) - 2 - first)
    labels[0:2] = ["B-S", "I-S"]
    runs = _runs(MEMO, spans, labels)
    return Tagged(MEMO, spans, labels, runs, [word_counts(MEMO[r.start : r.end]) for r in runs])


def test_a_tagger_content_is_a_candidate_where_the_rules_find_none():
    model = default_model()
    rules = CueModel(model.weights, model.bias, model.threshold, model.cues, model.token_model)
    assert candidates(MEMO, rules) == []
    found = candidates(MEMO, rules, tagged=_memo_tagged())
    assert [(MEMO[c.start : c.end], c.who, c.cue, c.features[:2]) for c in found] == [
        ("the budget would balance by the end of the year", "The treasurer", "insisted", ("tagger", "form=tagger"))]
    assert "tag_match=True" in found[0].features and "tagger|src=True" in found[0].features


def test_a_belief_verb_gives_no_tagger_candidate():
    text = "The treasurer believes the budget will balance by the end of the year."
    spans = [m.span() for m in TOKEN.finditer(text)]
    labels = ["B-S", "I-S", "B-Q"] + ["B-C"] + ["I-C"] * (len(spans) - 5) + ["O"]
    runs = _runs(text, spans, labels)
    tagged = Tagged(text, spans, labels, runs, [word_counts(text[r.start : r.end]) for r in runs])
    model = CueModel({}, 0.0, 0.5, [])
    assert not [c for c in candidates(text, model, tagged=tagged) if "form=tagger" in c.features]


def test_precomputed_weights_sum_as_the_facts_do():
    # The run-time path (a word's weights read once) against the facts crfsuite is fitted on.
    model = default_model()
    tagger = _toy()
    tagger.state.update({"w|n1=the|budget": ((1, 0.4),), "cLw=insisted": ((2, 0.3),), "sh=Xx": ((0, -0.2),),
                         "p2=memo": ((4, 0.1),), "n3=would": ((1, 0.2),), "cR=none": ((0, 0.05),)})
    for text in (MEMO, 'He said "no" twice, according to aides, and that was that.', "Yes."):
        words = [t.group() for t in TOKEN.finditer(text)]
        probs = cue_probs(words, model)
        facts = token_facts(words, probs, cue_threshold(model))
        fast = tagger.emissions(words, probs, cue_threshold(model))
        slow = [[sum(x) for x in zip(*map(tagger._vec, f))] for f in facts]
        assert all(abs(a - b) < 1e-9 for r, q in zip(fast, slow) for a, b in zip(r, q))
        assert any(any(r) for r in fast) and tagger.viterbi(fast) == tagger.labels(facts)


def _with(model: CueModel, **use) -> CueModel:
    """``model``'s rules with a tagger used as ``use`` says (its weights play no part: the tagging is given)."""
    out = CueModel(model.weights, model.bias, model.threshold, model.cues, model.token_model)
    out.tagger = Tagger({}, [[0.0] * len(LABELS) for _ in LABELS], **use)
    return out


def _tagged(text: str, labels: list[str], cue_words: frozenset = frozenset()) -> Tagged:
    spans = [m.span() for m in TOKEN.finditer(text)]
    runs = _runs(text, spans, labels)
    return Tagged(text, spans, labels, runs, [word_counts(text[r.start : r.end]) for r in runs], cue_words)


WIRE = "Russian forces fired dozens of missiles at power plants overnight, the energy ministry said on Monday."


def test_a_sentence_the_tagger_is_silent_on_gets_no_agreement_facts():
    # Fitted on one field's news, the tagger labels nothing in another's: its silence is no evidence ("spoken").
    silent = _tagged(WIRE, ["O"] * len(TOKEN.findall(WIRE)))
    model = default_model()
    found = candidates(WIRE, _with(model, facts="spoken"), tagged=silent)
    assert found and not [f for c in found for f in c.features if f.startswith("tag_")]
    assert all("tag_match=False" in c.features for c in candidates(WIRE, _with(model, facts="all"), tagged=silent))


def test_sure_agreement_facts_need_a_cue_word_the_token_model_is_sure_of():
    # "experienced" is a listed cue word, but the token model doubts it here: the tagger does not vouch for it.
    text = "The northern army experienced significant losses on the front in the east."
    words = TOKEN.findall(text)
    labels = ["O"] * len(words)
    labels[words.index("experienced")] = "B-Q"
    labels[4:-1] = ["B-C"] + ["I-C"] * (len(words) - 6)
    model = default_model()
    for facts, expect in (("spoken", True), ("sure", False)):
        found = candidates(text, _with(model, facts=facts, candidates="none"), tagged=_tagged(text, labels))
        assert found and all(any(f.startswith("tag_") for f in c.features) is expect for c in found)


def test_a_tagger_content_with_cue_needs_a_cue_word_the_token_model_takes():
    model = default_model()
    insisted = TOKEN.findall(MEMO).index("insisted")
    base = _memo_tagged()
    for cue_words, n in ((frozenset(), 0), (frozenset([insisted]), 1)):
        tagged = Tagged(base.text, base.spans, base.labels, base.runs, base.run_words, cue_words)
        found = candidates(MEMO, _with(model, candidates="cue"), tagged=tagged)
        assert len([c for c in found if "form=tagger" in c.features]) == n
    assert len([c for c in candidates(MEMO, _with(model, candidates="none"), tagged=base)
                if "form=tagger" in c.features]) == 0


def test_tagging_keeps_which_words_the_token_model_takes_for_cues():
    model = default_model()
    tagged = _toy().tag(MEMO, model)
    words = TOKEN.findall(MEMO)
    probs = cue_probs(words, model)
    assert tagged.cue_words == {i for i, p in enumerate(probs) if p >= cue_threshold(model)}
    assert tagged.sure_words == {i for i, p in enumerate(probs) if p >= SURE} and _toy().sure == SURE
    assert words.index("insisted") in tagged.cue_words


def test_with_plain_a_silent_sentence_is_weighed_by_the_rules_own_model():
    # "+plain": where the tagger labels nothing, the candidates carry no facts of it and the rules' model decides.
    silent = _tagged(WIRE, ["O"] * len(TOKEN.findall(WIRE)))
    model = default_model()
    tagged_model = _with(model, facts="sure+plain")
    tagged_model.weights = {**model.weights, "tag_silent": -50.0}  # were the tagged model asked, it would say no
    tagged_model.plain = Logistic(model.weights, model.bias, model.threshold)
    found = candidates(WIRE, tagged_model, tagged=silent)
    assert found and all(c.features[-1] == SILENT and not any(f.startswith("tag_s") and f != SILENT
                                                              for f in c.features) for c in found)
    assert [tagged_model.probability(c.features) for c in found] == [
        model.probability(c.features[:-1]) for c in found]
    again = CueModel.from_dict(tagged_model.to_dict())
    assert again.plain == tagged_model.plain
    assert [again.probability(c.features) for c in found] == [model.probability(c.features[:-1]) for c in found]
    tagged_model.plain = None
    assert all(tagged_model.probability(c.features) < 1e-9 for c in found)
