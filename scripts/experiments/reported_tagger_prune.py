#!/usr/bin/env python3
"""How small the reported-speech tagger can be (#26, rtag): one fold's CRF (written by reported_tagger.py to
/tmp/NAME_PUB.crfsuite) exported, its state weights under a floor dropped, and the publisher it did not see
tagged by the pure-Python Viterbi: the tagger's own content figures (speakers by the rules) and the size of the
JSON that would ship, per floor. Skips when ../shared is absent."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import polnear  # noqa: E402
import reported_tagger as rt  # noqa: E402
import reported_tagger_seq as seq  # noqa: E402
import train_reported as tr  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--name", default="rtag")
    ap.add_argument("--pub", default="breitbart")
    ap.add_argument("--cand-facts", action="store_true")
    a = ap.parse_args()
    if polnear.missing(a.shared, "reported_tagger_prune", "--shared"):
        return 0
    articles = polnear.load(a.shared, "train")
    a.refresh = False
    folds, cands = rt.folds_and_candidates(articles, a)
    tr.held_out_threshold(articles, cands, rt.train_args())  # the candidates' held-out probabilities
    held = [x for x in articles if x["publisher_code"] == a.pub]
    sents = {x["article"]: seq.article_sentences(x, folds[a.pub], spans=rt.stripped_spans(x, cands[x["article"]])
                                                 if a.cand_facts else None) for x in held}
    w = rt.export(Path(f"/tmp/{a.name}_{a.pub}.crfsuite"))
    for floor in (0.0, 0.05, 0.1, 0.2, 0.3):
        state = {f: kept for f, v in w["state"].items() if (kept := {k: x for k, x in v.items() if abs(x) >= floor})}
        t0 = time.perf_counter()
        for v in sents.values():
            for s in v:
                s.pred = seq.viterbi(s.facts, state, w["trans"])
                s.pc = [1.0] * len(s.toks)
        dt = (time.perf_counter() - t0) / len(held)
        t = polnear.Tally()
        for x in held:
            t.add(x["article"], polnear.gold_units(x)[1], rt.tagger_units(x, sents[x["article"]], cands[x["article"]]))
        size = len(json.dumps({"state": state, "trans": w["trans"]}, separators=(",", ":")))
        print(rt.figures_line(f"{a.pub}, floor {floor}: {sum(map(len, state.values()))} weights, {size / 1e6:.2f} MB, "
                              f"Viterbi {dt * 1000:.0f} ms an article", t.figures()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
