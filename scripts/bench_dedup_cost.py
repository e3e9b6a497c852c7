#!/usr/bin/env python3
"""make bench-dedup-cost: what near-duplicate detection adds to ingesting text dumps (#23; the target: at most 15%).

Copies this checkout's corpus_cli twice into a temporary folder, the second without near-duplicates (the
fingerprint stage taken out of process.py's list and the writer given no thresholds, so no candidate is looked
up), then ingests the AEB text dumps in both forms (../shared/bench/aeb/txt_nowrap and txt_w3m: 362 files,
every w3m dump a copy of its unwrapped one) into a fresh database with each, one worker, in turns (the other
one first in every other round), and prints the CPU seconds (user + sys) of each run and its worker: each
round's ratio, and the medians, minimum and maximum. CPU time, not wall time: the machine is shared; rounds in
turns so that a drift of its speed favours neither side. --instructions N also counts the instructions
(valgrind) of one ingest with each on the first N dumps of each form: a figure that does not drift.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What "off" changes, each (file, text, replacement); a checkout where a text is missing stops the bench.
OFF = [
    ("ingest/process.py", ', Stage("fingerprint", fingerprint_article),\n', ",\n"),
    ("ingest/run.py", "near=options.near)", "near=None)"),
]


def trees(tmp: Path) -> dict[str, Path]:
    out = {}
    for side in ("on", "off"):
        shutil.copytree(ROOT / "corpus_cli", tmp / side / "corpus_cli", ignore=shutil.ignore_patterns("__pycache__"))
        out[side] = tmp / side
    for rel, old, new in OFF:
        path = out["off"] / "corpus_cli" / rel
        text = path.read_text(encoding="utf-8")
        if old not in text:
            sys.exit(f"bench-dedup-cost: {rel} no longer holds {old.strip()!r}: update OFF in {Path(__file__).name}")
        path.write_text(text.replace(old, new), encoding="utf-8")
    return out


def run(tree: Path, inputs: list[Path], tmp: Path) -> tuple[float, dict]:
    """CPU seconds of one ingest (the process and its worker) with ``tree``'s corpus_cli, and its summary."""
    db = tmp / "cost.db"
    for p in tmp.glob("cost.db*"):
        p.unlink()
    env = dict(os.environ, PYTHONPATH=str(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([sys.executable, "-m", "corpus_cli", "ingest", *map(str, inputs), "--workers", "1", "--db",
                        str(db), "--json"], env=env, capture_output=True, text=True, cwd=tmp)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"bench-dedup-cost: ingest failed ({tree.name}): {r.stderr.strip()[-300:]}")
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, json.loads(r.stdout)


def instructions(tree: Path, inputs: list[Path], files: int, tmp: Path) -> int | None:
    """Instructions (valgrind) of one ingest of the first ``files`` dumps of each form, the process and its
    worker together; None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    sub = []
    for src in inputs:
        dst = tmp / "subset" / src.name
        if not dst.exists():
            dst.mkdir(parents=True)
            for f in sorted(src.iterdir())[:files]:
                shutil.copy(f, dst / f.name)
        sub.append(dst)
    for p in tmp.glob("count.db*"):
        p.unlink()
    r = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                        sys.executable, "-m", "corpus_cli", "ingest", *map(str, sub), "--workers", "1", "--db",
                        str(tmp / "count.db"), "-q"], env=dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0"),
                       capture_output=True, text=True, cwd=tmp)
    refs = re.findall(r"I\s+refs:\s+([\d,]+)", r.stderr)  # one line a process: the run and its worker
    return sum(int(x.replace(",", "")) for x in refs) if r.returncode == 0 and refs else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--rounds", type=int, default=9, help="rounds, each one run with and one without")
    ap.add_argument("--instructions", type=int, default=0, metavar="N",
                    help="also count instructions with valgrind, on the first N dumps of each form (slow: ~50x)")
    a = ap.parse_args()
    aeb = a.shared / "bench" / "aeb"
    inputs = [aeb / "txt_nowrap", aeb / "txt_w3m"]
    if not all(p.is_dir() for p in inputs):
        print(f"bench-dedup-cost: skipped: no AEB text dumps in {aeb}")
        return 0
    cpu: dict[str, list[float]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory(prefix="corpus-dedup-cost-") as tmp:
        sides = trees(Path(tmp))
        print(f"bench-dedup-cost: {len(list(inputs[0].iterdir())) + len(list(inputs[1].iterdir()))} AEB text dumps, "
              f"CPU seconds of an ingest with and without near-duplicates, {a.rounds} rounds in turns")
        for r in range(a.rounds):
            for side in (("on", "off") if r % 2 == 0 else ("off", "on")):
                seconds, summary = run(sides[side], inputs, Path(tmp))
                cpu[side].append(seconds)
            print(f"round {r + 1}: with {cpu['on'][-1]:.2f} s, without {cpu['off'][-1]:.2f} s, "
                  f"{cpu['on'][-1] / cpu['off'][-1] - 1:+.1%} ({summary['new_articles']} articles)", flush=True)
        if a.instructions:
            counts = {side: instructions(sides[side], inputs, a.instructions, Path(tmp)) for side in sides}
            if None in counts.values():
                print("bench-dedup-cost: instructions not counted (valgrind missing or the run failed)")
            else:
                print(f"instructions, first {a.instructions} dumps of each form: with {counts['on'] / 1e9:.3f} G, "
                      f"without {counts['off'] / 1e9:.3f} G, {counts['on'] / counts['off'] - 1:+.2%}")
    if not cpu["on"]:
        return 0
    ratios = [on / off - 1 for on, off in zip(cpu["on"], cpu["off"])]
    for side, label in (("on", "with"), ("off", "without")):
        v = cpu[side]
        print(f"{label:8} median {statistics.median(v):.2f} s, min {min(v):.2f}, max {max(v):.2f}")
    print(f"added: {statistics.median(cpu['on']) / statistics.median(cpu['off']) - 1:+.1%} (ratio of the medians); "
          f"per round median {statistics.median(ratios):+.1%}, min {min(ratios):+.1%}, max {max(ratios):+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
