#!/usr/bin/env python3
"""Fit the share of marked-up lines from which a file that is not an HTML document is read as HTML (#21).

A file that begins as an HTML document (doctype, <html>, <head>, <body>) is HTML whatever this says; the share
decides for the rest: fragments of pages, and text dumps with stray tags. Labelled data: the pages (HTML) and
the w3m / unwrapped dumps (text) of ../shared/bench, each page read as if its document markers were absent.
Fitted on the AEB set, evaluated on the held-out dragnet set (other sites). Writes corpus_cli/data/sniff.json
with --write; prints the figures either way (docs/performance.md has them).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def shares(directory: Path) -> list[float]:
    from corpus_cli.ingest import sniff
    from corpus_cli.ingest.readers import decode

    out = []
    for p in sorted(directory.iterdir()):
        data = p.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        out.append(sniff.markup_share(decode(data)))
    return out


def errors(pages: list[float], dumps: list[float], t: float) -> int:
    return sum(s < t for s in pages) + sum(s >= t for s in dumps)


def fit(pages: list[float], dumps: list[float]) -> float:
    """The threshold with the fewest errors; among equals, the middle of the widest gap between scores."""
    points = sorted(set(pages + dumps + [0.0, 1.0]))
    candidates = [(a + b) / 2 for a, b in zip(points, points[1:])]
    best = min(errors(pages, dumps, t) for t in candidates)
    tied = [t for t in candidates if errors(pages, dumps, t) == best]
    return round(max(tied, key=lambda t: min(abs(t - s) for s in pages + dumps)), 3)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--write", action="store_true", help="write corpus_cli/data/sniff.json")
    a = ap.parse_args()
    bench = a.shared / "bench"
    if not (bench / "aeb" / "html").is_dir() or not (bench / "dragnet" / "html").is_dir():
        print(f"fit-sniff: {bench} has no aeb/ and dragnet/ pages: skipped")
        return 0
    fit_pages, held_pages = shares(bench / "aeb" / "html"), shares(bench / "dragnet" / "html")
    fit_dumps = shares(bench / "aeb" / "txt_w3m") + shares(bench / "aeb" / "txt_nowrap")
    held_dumps = shares(bench / "dragnet" / "txt_w3m")
    t = fit(fit_pages, fit_dumps)
    for name, pages, dumps in (("fit (aeb)", fit_pages, fit_dumps), ("held out (dragnet)", held_pages, held_dumps)):
        wrong_pages, wrong_dumps = sum(s < t for s in pages), sum(s >= t for s in dumps)
        print(f"{name}: threshold {t}: pages read as dumps {wrong_pages}/{len(pages)}, dumps read as HTML "
              f"{wrong_dumps}/{len(dumps)}, accuracy {1 - (wrong_pages + wrong_dumps) / (len(pages) + len(dumps)):.4f}")
    if a.write:
        out = ROOT / "corpus_cli" / "data" / "sniff.json"
        out.write_text(json.dumps({"markup_lines": t, "fitted_on": "aeb pages vs aeb w3m and unwrapped dumps",
                                   "script": "scripts/fit_sniff.py"}, indent=2) + "\n")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
