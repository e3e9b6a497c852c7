#!/usr/bin/env python3
"""`corpus ingest --reported encoder` held out: corpus's own extract_quotes with the fine-tuned tagger behind it, on
PolNeAR train's politico and breitbart articles, each tagged by the fold model that never saw its publisher (fitted
on the other six), scored by scripts/polnear.py's rules (indirect P/R/F1, speaker, end to end; direct beside it).

The floor on a run's content probability is chosen on one fold (the highest end-to-end F1 within 0.001,
polnear.highest_within) and reported on the other, both ways; the shipped floor (reported_encoder.FLOOR) is the
mean of the two choices. The gate (tag only sentences with a cue word or "according", the token model fitted
without the held-out publisher) is scored with and without. Timing: the encoder's CPU seconds an article, one
thread. Dev is not read.

    OPENBLAS_NUM_THREADS=1 nice -n 10 .venv/bin/python scripts/bench_reported_encoder.py --shared ../shared \\
        --model politico=PATH.npz --model breitbart=PATH.npz
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
import polnear  # noqa: E402

FOLDS = ("politico", "breitbart")
FLOORS = [round(0.30 + 0.05 * k, 2) for k in range(14)]


class Cached:
    """An encoder whose tagged sentences are kept, so that every floor and gate is scored from one tagging; the
    CPU seconds of the real tagging are counted."""

    def __init__(self, encoder):
        self.encoder, self.memo, self.cpu = encoder, {}, 0.0

    def tag(self, sentences: list[str]) -> list:
        new = list(dict.fromkeys(s for s in sentences if s not in self.memo))
        if new:
            t = time.process_time()
            self.memo.update(zip(new, self.encoder.tag(new)))
            self.cpu += time.process_time() - t
        return [self.memo[s] for s in sentences]


def gate_model(articles: list[dict], pub: str):
    """The cue words and token model fitted without ``pub`` (train_reported.fold_models' fit, one fold), at
    make train-reported's defaults."""
    import train_reported as tr

    from corpus_cli.extract.reported_model import CueModel

    argv, sys.argv[1:] = sys.argv[1:], []
    try:
        a = tr.parse_args()
    finally:
        sys.argv[1:] = argv
    others = [x for x in articles if x["publisher_code"] != pub]
    model = CueModel({}, 0.0, 0.0, tr.cue_words(others, a.min_count)[0])
    model.token_model = tr.fit_tokens([r for x in others for r in tr.token_rows(x)], model.cue_set, a)
    return model


def tallies(articles: list[dict], gaz, hits: dict, model, reader, into=None) -> tuple:
    """(direct, indirect) polnear tallies of extract_quotes over ``articles`` (reader None: the rules), added to
    ``into`` if given."""
    from corpus_cli.extract.quotes import extract_quotes

    def extract(x):
        return extract_quotes(x["text"], gaz, hits[x["article"]], polnear.PUBLISHERS.get(x["publisher_code"]),
                              model=model, reader=reader)

    out = iter([extract(x) for x in articles])
    return polnear.score(articles, lambda _t: next(out), into=into)


def score(articles: list[dict], gaz, hits: dict, model, reader) -> tuple[dict, dict]:
    """(direct, indirect) figures of extract_quotes over ``articles`` (reader None: the rules)."""
    quotes, indirect = tallies(articles, gaz, hits, model, reader)
    return quotes.figures(), indirect.figures()


def show(name: str, f: dict) -> None:
    print(f"  {name:<44} {f['predicted']:>6} P={f['precision']:.4f} R={f['recall']:.4f} F1={f['f1']:.4f} "
          f"speaker={f['speaker_accuracy']:.4f} e2e={f['e2e_f1']:.4f}", flush=True)


def fold(articles: list[dict], pub: str, path: Path, gaz) -> dict:
    """One fold's articles tagged (every sentence once), and its figures at every floor, with and without gate."""
    from corpus_cli.extract.encoder import Encoder
    from corpus_cli.extract.reported_encoder import Reader

    held = [x for x in articles if x["publisher_code"] == pub]
    hits = {x["article"]: gaz.find(x["text"]) for x in held}
    model = gate_model(articles, pub)
    enc = Cached(Encoder.load(str(path)))
    cpu = {}
    for gate in (True, False):  # the gated sentences first: their CPU time alone
        before = enc.cpu
        score(held, gaz, hits, model, Reader(enc, 0.0, gate))
        cpu[gate] = (enc.cpu - before) * 1000 / len(held)
    figs = {(gate, fl): score(held, gaz, hits, model, Reader(enc, fl, gate)) for gate in (True, False) for fl in FLOORS}
    t = time.process_time()
    rules = score(held, gaz, hits, None, None)
    ms = (time.process_time() - t) * 1000 / len(held)
    print(f"{pub}: {len(held)} articles; tagging {cpu[True]:.0f} ms an article gated, +{cpu[False]:.0f} ms for "
          f"the rest; extract_quotes with the rules {ms:.0f} ms (CPU, one thread)", flush=True)
    return {"held": held, "figs": figs, "rules": rules, "cpu": cpu}


def fold_args(ap: argparse.ArgumentParser) -> None:
    """--shared and the fold models' --model FOLD=PATH (this script's and fit_reported_filter's)."""
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", action="append", default=[], metavar="FOLD=PATH",
                    help="a fold's model file (.npz), the publisher held out: politico=... and breitbart=...")


def fold_models(a: argparse.Namespace, command: str) -> dict[str, str] | None:
    """The model file of each fold; None when --shared has no PolNeAR (the skip line printed)."""
    if polnear.missing(a.shared, command, "--shared"):
        return None
    models = dict(m.split("=", 1) for m in a.model)
    if sorted(models) != sorted(FOLDS) or not all(Path(p).is_file() for p in models.values()):
        raise SystemExit(f"{command}: give --model FOLD=PATH for {' and '.join(FOLDS)}, files that exist")
    return models


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    fold_args(ap)
    a = ap.parse_args()
    if (models := fold_models(a, "bench_reported_encoder")) is None:
        return 0
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    gaz = Gazetteer(load_gazetteer_file())
    articles = polnear.load(a.shared, "train")
    res = {pub: fold(articles, pub, Path(models[pub]), gaz) for pub in FOLDS}
    report(res)
    return 0


def report(res: dict) -> None:
    """Each fold at the floor chosen on the other, with and without the gate; the rules' direct and indirect."""
    chosen = {}
    for gate in (True, False):
        for pub, other in zip(FOLDS, reversed(FOLDS)):
            chosen[(gate, pub)] = polnear.highest_within({f: res[other]["figs"][(gate, f)][1]["e2e_f1"] for f in FLOORS})
    for pub in FOLDS:
        r = res[pub]
        print(f"\n{pub} held out ({len(r['held'])} articles), indirect:")
        show("rules (the shipped models: seen this publisher)", r["rules"][1])
        for gate in (False, True):
            how = "gated" if gate else "every sentence"
            show(f"encoder, {how}, no floor", r["figs"][(gate, FLOORS[0])][1])
            show(f"encoder, {how}, floor {chosen[(gate, pub)]:.2f} (the other's)", r["figs"][(gate, chosen[(gate, pub)])][1])
        print("  direct+partial:")
        show("rules", r["rules"][0])
        show(f"encoder, every sentence, floor {chosen[(False, pub)]:.2f}", r["figs"][(False, chosen[(False, pub)])][0])
    for gate in (False, True):
        how = "gated" if gate else "every sentence"
        fls = [chosen[(gate, p)] for p in FOLDS]
        print(f"\nfloors ({how}): " + ", ".join(f"{p} held out {f:.2f} (chosen on the other)" for p, f in zip(FOLDS, fls))
              + f"; their mean {sum(fls) / len(fls):.3f}")
        for pub in FOLDS:
            print(f"  {pub} at every floor, e2e: "
                  + " ".join(f"{f:.2f}:{res[pub]['figs'][(gate, f)][1]['e2e_f1']:.4f}" for f in FLOORS))


if __name__ == "__main__":
    sys.exit(main())
