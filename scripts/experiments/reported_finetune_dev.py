#!/usr/bin/env python3
"""An experiment (#26, not shipped): the fine-tuned tagger of reported_finetune.py fitted on all of PolNeAR train
(its defaults: one epoch, seed 0, nothing frozen) and scored alone on dev, once, by polnear.py's rules and with
`''` counted as quotation marks.

    PYTHONPATH=. nice -n 10 ../enc1/.venv/bin/python scripts/experiments/reported_finetune_dev.py --shared ../shared
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import SimpleNamespace

os.environ["HF_HUB_OFFLINE"] = "1"
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "scripts" / "experiments")]
import polnear  # noqa: E402
import reported_finetune as rf  # noqa: E402
import reported_finetune_data as rd  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--save", type=Path, help="save the fitted state dict to this file")
    a = ap.parse_args()
    import torch
    from transformers import AutoTokenizer

    e = SimpleNamespace(epochs=1, batch=32, lr=5e-5, seed=0, max_pieces=128, freeze=-1)
    tok = AutoTokenizer.from_pretrained(rf.model_dir())
    rows = [r for x in polnear.load(a.shared, "train") for r in rd.piece_rows(x, tok, e.max_pieces)[0]]
    torch.set_num_threads(1)
    model = rf.fine_tune(rows, tok, e)
    if a.save:
        torch.save(model.state_dict(), a.save)
    dev = polnear.load(a.shared, "dev")
    preds, cpu = rf.tag(model, tok, dev, e.max_pieces)
    print(f"tagged {len(dev)} dev articles in {cpu:.1f} CPU s: {1000 * cpu / len(dev):.0f} ms an article")
    for typewriter in (False, True):
        t = polnear.Tally()
        for x in dev:
            t.add(x["article"], polnear.gold_units(x, typewriter)[1], preds[x["article"]])
        rd.show(f"dev, fine-tuned tagger alone, {'typewriter' if typewriter else 'README'}", t.figures())
    return 0


if __name__ == "__main__":
    sys.exit(main())
