#!/usr/bin/env python3
"""An experiment (#26, not shipped): the fine-tuned tagger of reported_finetune.py (a saved state dict) read on text
that is not 2016 political news: every sentence of tests/unit/test_reported.py (six words or more) and the five seed
articles as `corpus ingest` stores them. Prints each text's content runs and their source runs.

    PYTHONPATH=. nice -n 10 ../enc1/.venv/bin/python scripts/experiments/reported_finetune_wire.py \
        --shared ../shared --weights .train-cache/finetune/politico-e1.pt
"""

from __future__ import annotations

import argparse
import ast
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import reported_finetune as rf  # noqa: E402

from corpus_cli.extract.reported_tagger import LABELS  # noqa: E402


def test_sentences() -> list[str]:
    """The strings of test_reported.py that are sentences of six words or more, each once."""
    tree = ast.parse((ROOT / "tests" / "unit" / "test_reported.py").read_text(encoding="utf-8"))
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in out:
            v = node.value
            if len(v.split()) >= 6 and (v[0].isupper() or v[0] in "\"'") and v.rstrip().endswith((".", '"')):
                out.append(v)
    return out


def seed_texts(shared: Path, corpus: str) -> list[str]:
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "seeds.db"
        subprocess.run([corpus, "ingest", str(shared / "seeds"), "--db", str(db), "-q"], check=True)
        with sqlite3.connect(db) as con:
            return [r[0] for r in con.execute("SELECT text FROM articles ORDER BY id")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--weights", type=Path, required=True, help="a state dict saved by reported_finetune.py --save")
    ap.add_argument("--corpus", default=str(ROOT / ".venv" / "bin" / "corpus"), help="the corpus command to ingest with")
    a = ap.parse_args()
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    torch.set_num_threads(1)
    tok = AutoTokenizer.from_pretrained(rf.model_dir())
    model = AutoModelForTokenClassification.from_pretrained(rf.model_dir(), num_labels=len(LABELS))
    model.load_state_dict(torch.load(a.weights, map_location="cpu"))
    arts = [{"article": f"test{i}", "text": t} for i, t in enumerate(test_sentences())]
    arts += [{"article": f"seed{i}", "text": t} for i, t in enumerate(seed_texts(a.shared, a.corpus))]
    preds, cpu = rf.tag(model.eval(), tok, arts, 128)
    for x in arts:
        if x["article"].startswith("test"):
            print(f"[{x['text'][:150]}]")
        for p in preds[x["article"]]:
            print(f"   {x['article']:7} | {p.speaker_mention} | {p.text[:130]}")
    print(f"{len(arts)} texts tagged in {cpu:.1f} CPU s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
