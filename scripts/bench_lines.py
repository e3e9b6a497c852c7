#!/usr/bin/env python3
"""make bench-lines: what the text cleaner's checks cost a line, in one process.

Generates text dumps (scripts/corpus_gen.py, as make bench does), splits them into lines as the cleaner does,
and times each check on the lines seen only once (the ones no per-line cache helps with: prose, bylines, dates),
best of nine passes (the Markdown step among them); then clean_text on every dump, once, and on the 181 real dumps of
../shared/bench/aeb/txt_nowrap (best of three passes; skipped with a message when ../shared is absent). Prints
microseconds a line (milliseconds a dump for clean_text).

``--against DIR`` times a second checkout of corpus (a `git worktree` of an older commit) the same way, each in a
process of its own and in turns (the machine is noisy), and prints the two side by side: how a change to the
cleaner is measured.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
ROUNDS = 9
TURNS = 3  # processes per checkout with --against, taking turns; the best of each is printed


def _best(fn, items) -> float:
    """Microseconds an item, best of ROUNDS passes."""
    best = float("inf")
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for x in items:
            fn(x)
        best = min(best, time.perf_counter() - t0)
    return best / len(items) * 1e6


def measure(root: Path, folder: Path, aeb: Path | None) -> dict[str, float]:
    """The figures for the checkout at ``root``, on the dumps in ``folder`` (and the real ones in ``aeb``)."""
    sys.path.insert(0, str(root))
    from corpus_cli.clean import lang
    from corpus_cli.clean import metadata as md
    from corpus_cli.clean import text as cleaner

    try:  # the cleaner's parts since it was split by job; an older checkout keeps them all in text.py
        from corpus_cli.clean import lines as cl
        from corpus_cli.clean import patterns as pt

        facts, cta_like, caption_like = cl.facts, pt.cta_like, pt.caption_like
    except ImportError:
        cl = cleaner
        facts, cta_like, caption_like = cleaner._facts, cleaner._cta_like, cleaner._caption_like

    docs = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]
    seen: dict[str, int] = {}
    for d in docs:
        for x in cl.join_continuations(cl.unwrap(cl.repair(d).split("\n"))):
            if x := x.strip():
                seen[x] = seen.get(x, 0) + 1
    once = [x for x, n in seen.items() if n == 1]
    short = [x for x in once if len(cl.WORD.findall(x)) <= 12]
    figures = {
        "lines seen once": len(once),
        "line facts (words, key, shape)": _best(lambda x: facts(x, "en"), once),
        "call-to-action check": _best(cta_like, once),
        "caption check": _best(caption_like, once),
        "publisher hint": _best(md.publisher_hint, once),
        "date search": _best(md.find_date, once),
        "date search, lines of <= 12 words": _best(md.find_date, short),
    }
    try:  # an older checkout has no Markdown step
        from corpus_cli.clean.markdown import unmark

        figures["Markdown marks"] = _best(lambda x: unmark([x]), once)
    except ImportError:
        pass
    samples = [d[: cleaner.LANG_SAMPLE] for d in docs]
    figures["language (us a dump)"] = _best(lang.detect, samples)
    for d in docs[:100]:  # the per-line cache as a worker has it after its first files
        cleaner.clean_text(d)
    figures["clean_text (ms a dump)"] = _timed(cleaner.clean_text, docs[100:]) / max(1, len(docs) - 100) * 1000
    if aeb is not None:
        real = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(aeb.iterdir()) if p.is_file()]
        figures["clean_text, AEB txt_nowrap (ms a dump)"] = min(
            _timed(cleaner.clean_text, real) for _ in range(3)) / len(real) * 1000
    return figures


def _timed(fn, items) -> float:
    """CPU seconds of ``fn`` over ``items``, one pass."""
    t0 = time.process_time()
    for x in items:
        fn(x)
    return time.process_time() - t0


def _cell(name: str, value: float, width: int) -> str:
    """A figure right-aligned in ``width``; "-" for a check the checkout does not have."""
    if value != value:
        return f"{'-':>{width}s}"
    return f"{value:>{width}.0f}" if name == "lines seen once" else f"{value:>{width}.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1500, help="text dumps to generate")
    ap.add_argument("--against", type=Path, help="another checkout of corpus, timed the same way")
    ap.add_argument("--shared", type=Path, default=HERE.parent / "shared",
                    help="the shared folder (for its AEB text dumps) [default: ../shared]")
    ap.add_argument("--root", type=Path, default=HERE, help=argparse.SUPPRESS)  # the checkout one process times
    ap.add_argument("--dumps", type=Path, help=argparse.SUPPRESS)  # dumps already generated
    ap.add_argument("--aeb", type=Path, help=argparse.SUPPRESS)  # the real dumps, when found
    args = ap.parse_args()
    if args.dumps:  # one measurement, for the parent process
        print(json.dumps(measure(args.root, args.dumps, args.aeb)))
        return 0
    aeb = args.shared / "bench" / "aeb" / "txt_nowrap"
    if not aeb.is_dir():
        print(f"bench-lines: {aeb} not found: the real dumps are skipped")
    if args.against and not (args.against / "corpus_cli" / "clean" / "text.py").is_file():
        sys.exit(f"bench-lines: {args.against} is not a checkout of corpus (no corpus_cli/clean/text.py)")
    sys.path.insert(0, str(HERE / "scripts"))
    from corpus_gen import generate

    roots = [HERE] + ([args.against.resolve()] if args.against else [])
    with tempfile.TemporaryDirectory(prefix="corpus-bench-lines-") as tmp:
        generate(Path(tmp), args.files, "text", seed=1)
        runs: dict[Path, list[dict]] = {r: [] for r in roots}
        for _ in range(TURNS if args.against else 1):
            for r in roots:
                out = subprocess.run([sys.executable, __file__, "--root", str(r), "--dumps", tmp]
                                     + (["--aeb", str(aeb)] if aeb.is_dir() else []), capture_output=True, text=True)
                if out.returncode:
                    sys.exit(f"bench-lines: timing {r} failed: {out.stderr.strip().splitlines()[-1:]}")
                runs[r].append(json.loads(out.stdout))
    names = list(runs[HERE][0])
    print(f"bench-lines: {args.files} generated text dumps; microseconds a line, best of {ROUNDS} passes"
          + (f", best of {TURNS} processes each" if args.against else ""))
    head = f"{'':36s}{'this checkout':>15s}" + (f"{'--against':>12s}" if args.against else "")
    print(head)
    for name in names:
        cells = [min(run.get(name, float("nan")) for run in runs[r]) for r in roots]
        print(f"{name:36s}" + "".join(_cell(name, c, 15) for c in cells[:1]) + "".join(
            _cell(name, c, 12) for c in cells[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
