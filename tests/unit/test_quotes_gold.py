"""The labelled quote set (tests/data/quotes_gold.json) through the real extractor and the scorer that
make bench-quotes uses. The floors are the issue's targets: a change that falls below them fails."""

import importlib.util
import json
from pathlib import Path

from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_quotes", ROOT / "scripts" / "bench_quotes.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
GAZ = Gazetteer(load_gazetteer_file())
ITEMS = json.loads((ROOT / "tests" / "data" / "quotes_gold.json").read_text(encoding="utf-8"))["items"]


def _same(pred, gold):
    return pred is not None and pred.casefold() == gold.casefold()


def test_gold_set_covers_the_cases():
    assert len(ITEMS) >= 60
    cases = {i["case"].split("-")[0] for i in ITEMS}
    for needed in ("direct", "partial", "split", "multi", "labelled", "single", "guillemets", "nested", "according",
                   "pronoun", "surname", "role", "org", "affiliation", "unbalanced", "negative"):
        assert needed in cases, needed


def test_overlap_rule():
    assert bench.overlap_ok("we will not accept any deal", "We will not accept any deal that rewards aggression")
    assert not bench.overlap_ok("we will not", "We will not accept any deal that rewards aggression today")


def test_quote_and_speaker_targets():
    r = bench.score(ITEMS, lambda t: [q for q in extract_quotes(t, GAZ) if q.kind != "indirect"], _same)
    assert r["f1"] >= 0.95, r["failures"]
    assert r["speaker_accuracy"] >= 0.95, [f for f in r["failures"] if f[1] == "speaker"]
