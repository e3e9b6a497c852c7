"""`--reported encoder`: the fine-tuned tagger's reported speech in corpus's quotes (extract/reported_encoder.py)."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from corpus_cli.errors import EXIT_USAGE, PackageDataError
from corpus_cli.extract import reported_encoder as renc
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.reported_tagger import LABELS, TOKEN
from tests.conftest import write

MODEL = Path(renc.__file__).resolve().parents[1] / "data" / "reported_encoder.npz"
needs_model = pytest.mark.skipif(not MODEL.is_file(), reason="corpus_cli/data/reported_encoder.npz not shipped yet")

ARTICLE = """Senate vote set for next week

Senator John Smith spoke to reporters in Washington on Monday after the committee met.

He said the bill would pass the Senate next week with votes from both parties.

"We have the votes, and we will win this fight," Smith said at the Capitol.

Trump believes that the wall will be built by the end of his first year in office.

Trump wants to build the wall by the end of his first year in office.
"""


def _sentence(text: str, labels: list[str], content_p: float) -> SimpleNamespace:
    """A tagged sentence as the encoder gives it (one wordpiece a word), every content word at ``content_p``."""
    np = pytest.importorskip("numpy")
    spans = [m.span() for m in TOKEN.finditer(text)]
    probs = np.zeros((len(spans), len(LABELS)), dtype=np.float32)
    for k, lab in enumerate(labels):
        p = content_p if lab.endswith("-C") else 0.9
        probs[k, LABELS.index(lab)] = p
        probs[k, 0 if lab != "O" else 1] += 1 - p
    return SimpleNamespace(text=text, spans=spans, labels=labels, offsets=spans, probs=probs)


def test_floor_belief_rules_and_subject_of_the_cue():
    floor = renc.Reader(None, floor=0.5).keep  # no run filter: the floor on the mean content probability
    said = "The governor, who spoke on Monday, said taxes would rise next year."
    labels = ["O"] * 8 + ["B-Q", "B-C"] + ["I-C"] * 4 + ["O"]  # no source run: the cue's subject speaks
    (c,) = renc.candidates(_sentence(said, labels, 0.9), 0, len(said), floor)
    assert said[c.start : c.end] == "taxes would rise next year" and c.who == "The governor" and c.cue == "said"
    assert renc.candidates(_sentence(said, labels, 0.4), 0, len(said), floor) == []  # under the floor
    # A belief its subject holds is a claim ascribed to them; an intention, or a belief in the passive, is not.
    held = ["B-S", "I-S", "B-Q", "B-C", "I-C", "I-C", "I-C", "I-C", "O"]
    believes = "The governor believes taxes would rise next year."
    (c,) = renc.candidates(_sentence(believes, held, 0.9), 0, len(believes), floor)
    assert c.who == "The governor" and c.cue == "believes"
    wants = "The governor wants taxes to rise next year."
    assert renc.candidates(_sentence(wants, held, 0.9), 0, len(wants), floor) == []
    expected = "Taxes are widely expected to rise next year."
    passive = ["O", "B-Q", "I-Q", "I-Q", "B-C", "I-C", "I-C", "I-C", "O"]
    assert renc.candidates(_sentence(expected, passive, 0.9), 0, len(expected), floor) == []
    # The part after a quote: offsets count from where it starts, runs before it are not its own.
    (c,) = renc.candidates(_sentence(said, labels, 0.9), 30, len(said), floor)
    assert said[30 + c.start : 30 + c.end] == "taxes would rise next year"
    assert renc.candidates(_sentence(said, labels, 0.9), 0, 30, floor) == []


def _rows(*rows: dict[str, float]):
    """Pieces' probabilities over LABELS, each row given as {label: p} with the rest on "O"."""
    np = pytest.importorskip("numpy")
    out = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    for k, row in enumerate(rows):
        for lab, p in row.items():
            out[k, LABELS.index(lab)] = p
        out[k, 0] += 1 - sum(row.values())
    return out


def test_labels_are_the_likeliest_bio_sequence_not_each_pieces_argmax():
    from corpus_cli.extract.encoder import bio_path

    def labels(probs):
        return [LABELS[k] for k in bio_path(probs)]

    # "..., though it ...": an O between two content pieces, by a little, splits the content piece by piece.
    joined = _rows({"B-C": 0.9}, {"I-C": 0.8}, {"I-C": 0.45}, {"I-C": 0.9, "B-C": 0.05})
    assert [LABELS[k] for k in joined.argmax(-1)] == ["B-C", "I-C", "O", "I-C"]
    assert labels(joined) == ["B-C", "I-C", "I-C", "I-C"]
    # Far from the content, the O stays, and what follows cannot be inside a run it is not in.
    apart = _rows({"B-C": 0.9}, {"I-C": 0.8}, {"I-C": 0.05}, {"I-C": 0.6, "B-C": 0.3})
    assert labels(apart) == ["B-C", "I-C", "O", "B-C"]
    # No run opens on an I- label, however likely.
    assert labels(_rows({"I-S": 0.7, "B-S": 0.2}, {"I-S": 0.9})) == ["B-S", "I-S"]
    assert bio_path(_rows()) == []


def test_run_filter_weighs_the_runs_features():
    said = "The governor, who spoke on Monday, said taxes would rise next year."
    labels = ["O"] * 8 + ["B-Q", "B-C"] + ["I-C"] * 4 + ["O"]
    s = _sentence(said, labels, 0.9)
    seen = []
    renc.candidates(s, 0, len(said), lambda f: seen.append(f) or True)
    (f,) = seen
    assert set(f) == set(renc.RUN_FEATURES)
    assert f["mean"] == f["min"] == f["max"] == pytest.approx(0.9) and f["first_b"] == pytest.approx(0.9)
    assert (f["source"], f["cue"], f["short"]) == (0.0, 1.0, 0.0)
    assert f["end"] == pytest.approx((len(said) - 1) / len(said))  # the run ends the sentence, before its stop
    # A filter that holds runs without a source against them drops this one, which the floor keeps.
    weights = [4.0 if n == "mean" else -8.0 if n == "cue" else 0.0 for n in renc.RUN_FEATURES]
    against = renc.Reader(None, run_filter=renc.RunFilter(tuple(weights), 0.0, 0.5))
    assert renc.candidates(s, 0, len(said), against.keep) == []
    weights[renc.RUN_FEATURES.index("cue")] = 0.0
    kept = renc.Reader(None, run_filter=renc.RunFilter.from_dict(renc.RunFilter(tuple(weights), 0.0, 0.5).to_dict()))
    assert len(renc.candidates(s, 0, len(said), kept.keep)) == 1


def test_the_shipped_run_filter_and_a_broken_one(tmp_path, monkeypatch):
    f = renc.default_filter()
    assert len(f.weights) == len(renc.RUN_FEATURES) and 0 < f.threshold < 1
    for bad in ('{"features": ["mean"], "weights": [1], "bias": 0, "threshold": 0.5}', "not json"):
        monkeypatch.setattr(renc, "FILTER_FILE", write(tmp_path / "filter.json", bad))
        renc.default_filter.cache_clear()
        with pytest.raises(PackageDataError, match="filter.json: unreadable run filter"):
            renc.default_filter()
    renc.default_filter.cache_clear()


def test_bad_choice_and_missing_model_are_usage_errors(cli, tmp_path, monkeypatch):
    write(tmp_path / "in" / "a.txt", ARTICLE)
    r = cli("ingest", str(tmp_path / "in"), "--reported", "neural")
    assert r.exit_code == EXIT_USAGE and "--reported must be one of rules, encoder" in r.output
    pytest.importorskip("numpy")
    for bad in (tmp_path / "missing.npz", write(tmp_path / "garbage.npz", b"PK\x03\x04 not a zip file")):
        monkeypatch.setenv(renc.MODEL_ENV, str(bad))
        r = cli("ingest", str(tmp_path / "in"), "--reported", "encoder")
        assert r.exit_code == EXIT_USAGE, r.output
        assert str(bad) in r.output and len(r.output.strip().splitlines()) == 1 and "Traceback" not in r.output
        assert not Path(cli.db).exists()  # before any file is read or the database made


@needs_model
def test_encoder_finds_reported_speech_and_leaves_quotes_alone():
    reader = renc.default_reader()
    rules, enc = extract_quotes(ARTICLE), extract_quotes(ARTICLE, reader=reader)
    direct = [(q.kind, q.text, q.speaker, q.start) for q in rules if q.kind != "indirect"]
    assert direct and direct == [(q.kind, q.text, q.speaker, q.start) for q in enc if q.kind != "indirect"]
    said = [q for q in enc if q.kind == "indirect" and "bill would pass" in q.text]
    assert said and said[0].speaker == "John Smith"  # "He" resolved as the rules' speakers are
    # A belief Trump holds is his (README, Quotes); what he wants is not.
    assert [q.speaker for q in enc if q.kind == "indirect" and "wall" in q.text] == ["Trump"]
    assert not [q for q in enc if q.kind == "indirect" and "build the wall" in q.text]


@needs_model
def test_cyrillic_keeps_the_rules():
    # The English sentence is read differently by the encoder ("that the bill would pass"): not in this article.
    uk = "Міністр оборони заявив, що війська повернуться додому наступного тижня після довгих переговорів у столиці."
    text = f"Новини\n\n{uk}\n\n{uk}\n\nThe senator said that the bill would pass, according to aides.\n"
    assert not renc.english(text)
    assert extract_quotes(text, reader=renc.default_reader()) == extract_quotes(text)


@needs_model
def test_ingest_with_the_encoder(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", ARTICLE)
    r = cli("ingest", str(tmp_path / "in"), "--reported", "encoder")
    assert r.exit_code == 0, r.output
    (art,) = cli.export()
    said = [q for q in art["quotes"] if q["kind"] == "indirect" and "bill would pass" in q["text"]]
    assert said and said[0]["speaker"] == "John Smith", json.dumps(art["quotes"])


def _blas_threads_in_child(out) -> None:
    from threadpoolctl import threadpool_info

    renc.default_reader()
    out.put(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))


@needs_model
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: BLAS runs one thread anyway")
def test_a_worker_process_runs_numpy_on_one_blas_thread():
    pytest.importorskip("threadpoolctl")
    renc.default_reader()  # the parent loads the model first, as ingest does before its workers start
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_blas_threads_in_child, args=(out,))
    child.start()
    threads = out.get(timeout=60)
    child.join(timeout=60)
    assert threads == 1
