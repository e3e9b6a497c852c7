#!/usr/bin/env python3
"""Fit the run filter of `corpus ingest --reported encoder` (#26): which of the tagger's content runs are kept.

The runs are those of the training recipe's fold models (scripts/train_reported_encoder.py --publishers-out P,
exported as shipped) on the publisher each never saw, PolNeAR train's politico and breitbart: read as a user's
model reads new text, not as the shipped model reads the train it saw. A run is labelled by whether it matches a
gold indirect content (scripts/polnear.py's rule, greedy and one to one); its features are
reported_encoder.run_features. A logistic model (Newton's method, an L2 penalty, deterministic) is fitted on one
publisher's runs, its threshold chosen there (the highest within 0.001 of the best reported-speech F1, through
corpus's own extract_quotes), and scored on the other, both ways, beside the content floor it replaces. The file
written (--out) is the model fitted on both publishers' runs, its threshold chosen on both. Dev is not read.

    OPENBLAS_NUM_THREADS=1 nice -n 10 .venv/bin/python scripts/fit_reported_filter.py --shared ../shared \\
        --model politico=PATH.npz --model breitbart=PATH.npz [--out corpus_cli/data/reported_encoder_filter.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
import polnear  # noqa: E402
from bench_reported_encoder import FOLDS, Cached, fold_args, fold_models, tallies  # noqa: E402

from corpus_cli.extract import reported_encoder as renc  # noqa: E402

THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 20)]
L2 = 1.0  # on standardised features: enough to keep the weights finite where a feature separates
STEPS = 25


class Run:
    """A candidate content run of an article: its text (as polnear.match reads a prediction) and features."""

    def __init__(self, text: str, features: dict[str, float]):
        self.text, self.features = text, features


def article_runs(x: dict, reader: renc.Reader) -> list[Run]:
    """Every candidate run of an article that the rules behind the tagger let through, whatever the filter would
    say, paragraph by paragraph (extract_quotes also skips transcript turns and "Source:" lines: few in PolNeAR)."""
    from corpus_cli.extract.quotes import PARAGRAPH
    from corpus_cli.extract.reported_model import default_model
    from corpus_cli.extract.spans import quote_spans

    text = x["text"]
    paragraphs = [(m.start(), m.group()) for m in PARAGRAPH.finditer(text)]
    par_spans = [quote_spans(par) for _, par in paragraphs]
    tagged = renc.tag_article(paragraphs, par_spans, reader, default_model())
    out: list[Run] = []
    for (base, par), spans in zip(paragraphs, par_spans):
        seen: list[dict] = []

        def keep(features: dict[str, float], seen=seen) -> bool:
            seen.append(features)
            return True

        # keep is asked once for each candidate it then gives, in order: the two lists pair up.
        found = renc.paragraph_reported(base, par, spans, tagged, keep)
        out += [Run(par[a + c.start : a + c.end], f) for (a, c), f in zip(found, seen)]
    return out


def labelled(articles: list[dict], reader: renc.Reader) -> list[tuple[list[float], int]]:
    """(features in RUN_FEATURES order, 1 when the run matches a gold indirect content) of every run."""
    rows = []
    for x in articles:
        runs = article_runs(x, reader)
        gold = polnear.gold_units(x)[1]
        hit = {p for _, p in polnear.match(gold, runs)}
        rows += [([r.features[n] for n in renc.RUN_FEATURES], int(k in hit)) for k, r in enumerate(runs)]
    return rows


def fit(rows: list[tuple[list[float], int]]) -> tuple[list[float], float]:
    """Logistic regression by Newton's method on standardised features, the weights given back on the raw ones."""
    import numpy as np

    x = np.array([f for f, _ in rows], dtype=np.float64)
    y = np.array([t for _, t in rows], dtype=np.float64)
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd == 0] = 1.0
    z = np.c_[np.ones(len(x)), (x - mu) / sd]
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * L2
    penalty[0, 0] = 0.0  # the bias is not penalised
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + penalty @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + penalty
        w -= np.linalg.solve(hess, grad)
    weights = w[1:] / sd
    return [round(float(v), 6) for v in weights], round(float(w[0] - (weights * mu).sum()), 6)


def figures(parts: list[tuple[list[dict], renc.Reader]], gaz, hits: dict) -> dict:
    """Reported-speech figures of extract_quotes over each part's articles read with its reader, pooled."""
    into = (polnear.Tally(), polnear.Tally())
    for articles, reader in parts:
        tallies(articles, gaz, hits, None, reader, into)
    return into[1].figures()


def choose(folds: list[tuple[list[dict], Cached]], gaz, hits, weights, bias) -> tuple[float, dict]:
    """The threshold (and its figures) with the highest reported-speech F1 over ``folds`` (each publisher's
    articles with its own fold model), the highest of those within 0.001."""
    figs = {t: figures([(arts, renc.Reader(enc, run_filter=renc.RunFilter(tuple(weights), bias, t)))
                        for arts, enc in folds], gaz, hits) for t in THRESHOLDS}
    t = polnear.highest_within({t: f["f1"] for t, f in figs.items()})
    return t, figs[t]


def show(name: str, f: dict) -> None:
    print(f"  {name:<40} {f['predicted']:>6} P={f['precision']:.4f} R={f['recall']:.4f} F1={f['f1']:.4f} "
          f"speaker={f['speaker_accuracy']:.4f} e2e={f['e2e_f1']:.4f}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    fold_args(ap)
    ap.add_argument("--out", type=Path, default=renc.FILTER_FILE, help="where the fitted filter is written")
    a = ap.parse_args()
    if (models := fold_models(a, "fit_reported_filter")) is None:
        return 0
    from corpus_cli.extract.encoder import Encoder
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file

    gaz = Gazetteer(load_gazetteer_file())
    articles = polnear.load(a.shared, "train")
    held = {pub: [x for x in articles if x["publisher_code"] == pub] for pub in FOLDS}
    hits = {x["article"]: gaz.find(x["text"]) for pub in FOLDS for x in held[pub]}
    enc = {pub: Cached(Encoder.load(models[pub])) for pub in FOLDS}
    rows = {pub: labelled(held[pub], renc.Reader(enc[pub])) for pub in FOLDS}
    for pub in FOLDS:
        print(f"{pub}: {len(rows[pub])} runs, {sum(t for _, t in rows[pub])} matching a gold content", flush=True)
    chosen = {}
    for pub, other in zip(FOLDS, reversed(FOLDS)):
        w, b = fit(rows[other])
        chosen[pub], _ = choose([(held[other], enc[other])], gaz, hits, w, b)
        print(f"\n{pub} held out ({len(held[pub])} articles), reported speech; the filter fitted on {other}:")
        show(f"content floor {renc.FLOOR}", figures([(held[pub], renc.Reader(enc[pub]))], gaz, hits))
        filt = renc.RunFilter(tuple(w), b, chosen[pub])
        show(f"run filter, threshold {chosen[pub]:.2f} ({other}'s)",
             figures([(held[pub], renc.Reader(enc[pub], run_filter=filt))], gaz, hits))
    w, b = fit(rows[FOLDS[0]] + rows[FOLDS[1]])
    t, f = choose([(held[pub], enc[pub]) for pub in FOLDS], gaz, hits, w, b)
    print(f"\nfitted on both: threshold {t:.2f} (the folds chose {', '.join(f'{chosen[p]:.2f}' for p in FOLDS)})")
    show("both, in sample", f)
    filt = renc.RunFilter(tuple(w), b, t)
    a.out.write_text("{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in filt.to_dict().items())
                     + "\n}\n", encoding="utf-8")
    print(f"wrote {a.out}")
    return 0



if __name__ == "__main__":
    sys.exit(main())
