"""The wire-news check of scripts/experiments/reported_encoder.py: the encoder's candidate model fitted on all of
PolNeAR train (as make train-reported fits the shipped one: on the held-out candidates of every fold), read on
texts that are not political news from 2016: tests/unit/test_reported.py's sentences and the reported candidates
of the seed articles as corpus ingest cleans them; what it keeps and drops listed against the shipped model."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def test_sentences() -> list[str]:
    """The sentences of tests/unit/test_reported.py, each once: every string of six words or more that opens
    with a capital or a quotation mark and ends a sentence (the contents it expects do not end with a stop)."""
    tree = ast.parse((ROOT / "tests" / "unit" / "test_reported.py").read_text(encoding="utf-8"))
    out: list[str] = [ast.get_docstring(tree) or ""]
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in out:
            v = node.value
            if len(v.split()) >= 6 and (v[0].isupper() or v[0] in "\"'") and v.rstrip().endswith((".", '"')):
                out.append(v)
    return out[1:]


def seed_texts(shared: Path) -> list[str]:
    """The seed articles' texts as ``corpus ingest`` stores them (cleaned)."""
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "seeds.db"
        subprocess.run([str(Path(sys.executable).parent / "corpus"), "ingest", str(shared / "seeds"), "--db",
                        str(db), "-q"], check=True)
        with sqlite3.connect(db) as con:
            return [r[0] for r in con.execute("SELECT text FROM articles ORDER BY id")]


def wire_articles(shared: Path) -> list[dict]:
    tests = [{"article": f"test{i}", "text": t, "attributions": []} for i, t in enumerate(test_sentences())]
    seeds = [{"article": f"seed{i}", "text": t, "attributions": []} for i, t in enumerate(seed_texts(shared))]
    return tests + seeds


def compare(articles: list[dict], cands: dict[str, list], shipped, threshold: float, probs: np.ndarray,
            enc_cands: dict[str, list] | None = None) -> None:
    """Each article's kept contents, by the shipped model and by the encoder's (``probs`` of ``enc_cands``, by
    default the same candidates), side by side: '=' both keep it, '-' only the shipped model, '+' only the
    encoder's."""
    import train_reported as tr

    enc_cands = enc_cands or cands
    for x in (x for art in articles for x in enc_cands[art["article"]]):
        x.__dict__.pop("p_main", None)
    for x, p in zip([x for art in articles for x in enc_cands[art["article"]]], probs):
        x.p_enc = float(p)
    totals = {"=": 0, "-": 0, "+": 0}
    for art in articles:
        for x in cands[art["article"]]:
            x.p = x.p_main = shipped.probability(x.features)
        main = {(x.text, x.speaker_mention): x for x in tr.kept(cands[art["article"]], shipped.threshold)}
        for x in enc_cands[art["article"]]:
            x.p = x.p_enc
        enc = {(x.text, x.speaker_mention): x for x in tr.kept(enc_cands[art["article"]], threshold)}
        if art["article"].startswith("test"):
            print(f"  [{art['text'][:90]}]")
        for key in list(main) + [k for k in enc if k not in main]:
            tag = "=" if key in main and key in enc else "-" if key in main else "+"
            totals[tag] += 1
            x = main.get(key) or enc[key]
            pm, pe = (f"{v:.2f}" if v is not None else " -- " for v in (getattr(x, "p_main", None),
                                                                        getattr(enc.get(key, x), "p_enc", None)))
            print(f"  {tag} main {pm} enc {pe} "
                  f"{x.c.cue or '':>12} | {x.speaker_mention} | {x.text[:110]}")
    print(f"wire check: kept by both {totals['=']}, by main only {totals['-']}, by the encoder's only {totals['+']}")
