"""The labelled actor sentences (tests/data/actors_gold.json) through the real matcher and the scorer that
make bench-actors uses. The floors are the issue's targets."""

import importlib.util
import json
from pathlib import Path

from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_actors", ROOT / "scripts" / "bench_actors.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
SENTENCES = json.loads((ROOT / "tests" / "data" / "actors_gold.json").read_text(encoding="utf-8"))["sentences"]


def test_scorer_counts_mentions():
    class M:
        def __init__(self, name, count):
            self.name, self.count = name, count

    r = bench.score([{"case": "x", "text": "", "actors": {"A": 2, "B": 1}}], lambda t: [M("A", 1), M("C", 1)])
    assert (r["precision"], r["recall"]) == (0.5, 1 / 3)


def test_mention_targets():
    assert len(SENTENCES) >= 40
    gaz = Gazetteer(load_gazetteer_file())
    r = bench.score(SENTENCES, lambda text: bench.article_mentions(text, gaz))
    assert r["precision"] >= 0.95 and r["recall"] >= 0.95, r["failures"]
