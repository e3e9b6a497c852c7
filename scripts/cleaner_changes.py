#!/usr/bin/env python3
"""Which cached dumps' bodies a change to the text cleaner changes, per renderer (#22).

    python scripts/cleaner_changes.py --base 2cdb3bd [--renderers w3m lynx] [--examples 3]

Cleans every dump make train-cleaner and make cleaner-unseen cached (.train-cache/cleaner/renders/) with the shipped
model twice: with the working tree's corpus_cli and with --base's (git archive into a temporary folder, run in a
child process). Prints per renderer the dumps, those whose body differs and the first place they differ in a few.
Nothing in the repository is written.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402


def dumps(renderers: list[str]) -> list[Path]:
    return [f for r in renderers for f in sorted((cd.CACHE / "renders" / r).glob("*/*.txt"))]


def bodies(files: list[Path]) -> dict[str, str]:
    """Each non-empty dump's body, cleaned by the corpus_cli this process imports."""
    from corpus_cli.clean import text as ct

    out = {}
    for f in files:
        text = f.read_text(encoding="utf-8")
        if text.strip():
            out[str(f.relative_to(cd.CACHE / "renders"))] = ct.clean_text(text).text
    return out


def base_bodies(rev: str, renderers: list[str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", rev, "corpus_cli"], check=True,
                                 capture_output=True).stdout
        tar = Path(tmp) / "base.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as t:
            t.extractall(tmp, filter="data")
        out = Path(tmp) / "bodies.json"
        subprocess.run([sys.executable, __file__, "--bodies", str(out), "--renderers", *renderers], check=True,
                       env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"})
        return json.loads(out.read_text(encoding="utf-8"))


def report(before: dict[str, str], after: dict[str, str], renderers: list[str], examples: int) -> str:
    rows = []
    for r in renderers:
        mine = sorted(k for k in after if k.startswith(r + "/"))
        changed = [k for k in mine if before.get(k) != after[k]]
        rows.append(f"{r:<12}{len(mine):>6} dumps{len(changed):>6} bodies changed")
        for k in changed[:examples]:
            x, y = before.get(k, ""), after[k]
            at = next((i for i, (a, b) in enumerate(zip(x + "\0", y + "\0")) if a != b), 0)
            rows.append(f"    {k[len(r) + 1 :][:30]}: {x[max(0, at - 30) : at + 40]!r} -> {y[max(0, at - 30) : at + 40]!r}")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="main", help="the revision whose corpus_cli cleans the dumps first")
    ap.add_argument("--renderers", nargs="*", default=[*cd.RENDERERS, *cd.UNSEEN])
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--bodies", type=Path, help=argparse.SUPPRESS)  # the child process's output
    a = ap.parse_args()
    if a.bodies:
        a.bodies.write_text(json.dumps(bodies(dumps(a.renderers))), encoding="utf-8")
        return 0
    if not (cd.CACHE / "renders").is_dir():
        print("cleaner-changes: no cached renders: run make train-cleaner first")
        return 0
    print(report(base_bodies(a.base, a.renderers), bodies(dumps(a.renderers)), a.renderers, a.examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
