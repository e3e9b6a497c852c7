#!/usr/bin/env python3
"""make bench-dedup: near-duplicate detection on the labelled sets of scripts/build_dedup_sets.py (#23).

Each file goes through the real pipeline (reader, cleaner, extractors: process_doc) in the manifest's
order, then through the near-duplicate stage (corpus_cli/dedup) as ingest runs it. Prints, per set and per
split, pairwise precision, recall and F1 (a pair of files is positive when both tell the same story), the
share of true pairs the LSH bands make candidates, and the cost per article: the worker's fingerprint and
the writer's verification, beside process_doc's own cost on the text dumps, and the cost of the identity's
second body pick (clean_text when every short line of a dump is learned boilerplate: the worst case).

--fit chooses the containment threshold and the minimum size on the "fit" split of both sets (the highest
mean F1 with precision >= 0.99 on each) and writes corpus_cli/data/dedup.json; the figures to report are the
"held" split's, run without --fit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GRID_CONTAINMENT = [round(0.30 + 0.05 * i, 2) for i in range(14)]  # 0.30 .. 0.95
GRID_MIN_SHINGLES = [5, 10, 20, 40]
PRECISION_FLOOR = 0.99


def load(manifest: Path) -> list[dict]:
    """The manifest's documents, each with its cleaned text and process_doc's seconds."""
    from corpus_cli.errors import InputError
    from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
    from corpus_cli.ingest.process import Context, Options, process_doc
    from corpus_cli.ingest.readers import read_bytes

    ctx = Context(gazetteer=Gazetteer(list(load_gazetteer_file())), learned=frozenset(), options=Options(timeout=0))
    docs = []
    for d in json.loads(manifest.read_text(encoding="utf-8")):
        raw = read_bytes(d["path"], Path(d["path"]).read_bytes())[0]
        t0 = time.perf_counter()
        try:
            art, _ = process_doc(raw, ctx)
        except InputError:
            art = None
        docs.append({**d, "text": art.text if art else "", "kind": raw.kind, "raw": raw.content,
                     "title": raw.title, "seconds": time.perf_counter() - t0})
    return docs


def fingerprints(docs: list[dict]) -> tuple[list, float]:
    """Each document's shingles and bands (for every size: the minimum is applied in cluster()), and the
    seconds it took."""
    from corpus_cli.dedup.near import Params, fingerprint

    params = Params(containment=1.0, min_shingles=1)
    t0 = time.perf_counter()
    fps = [fingerprint(d["text"], params) for d in docs]
    return fps, time.perf_counter() - t0


def cluster(docs: list[dict], fps: list, threshold: float, min_shingles: int,
            cache: dict) -> tuple[list[int], float, float]:
    """Each document's root as the store assigns it (only a story's first article has bands; candidates are
    checked oldest first), the seconds spent verifying, and the share of documents whose story was already
    there that found its first article among their candidates (LSH recall)."""
    from corpus_cli.dedup.near import MAX_BAND_STORIES, containment

    by_band: dict[int, list[int]] = {}
    roots: list[int] = []
    first: dict[str, int] = {}
    found = should = 0
    t_verify = 0.0
    for i, fp in enumerate(fps):
        big = len(fp.shingles) >= min_shingles
        lists = (by_band.get(b, ()) for b in fp.bands) if big else ()
        cands = sorted({j for js in lists if len(js) <= MAX_BAND_STORIES for j in js})
        t0 = time.perf_counter()
        root = None
        for j in cands:
            if (j, i) not in cache:
                cache[(j, i)] = containment(fp.shingles, fps[j].shingles)
            if cache[(j, i)] >= threshold:
                root = j
                break
        t_verify += time.perf_counter() - t0
        story = docs[i]["story"]
        if story in first and big and len(fps[first[story]].shingles) >= min_shingles:
            should += 1
            found += roots[first[story]] in cands
        first.setdefault(story, i)
        roots.append(i if root is None else root)
        if root is None and big:
            for b in fp.bands:
                by_band.setdefault(b, []).append(i)
    return roots, t_verify, found / should if should else 1.0


def pairwise(gold: list[str], pred: list[int], idx: list[int]) -> tuple[float, float, float]:
    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = pairs(Counter((gold[i], pred[i]) for i in idx))
    g, p = pairs(Counter(gold[i] for i in idx)), pairs(Counter(pred[i] for i in idx))
    prec = both / p if p else 1.0
    rec = both / g if g else 1.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def identity_cost(docs: list[dict]) -> float:
    """Median extra seconds of clean_text on a text dump when every short line of it is learned boilerplate
    (the identity's second body pick runs on every dump)."""
    from corpus_cli.clean.text import clean_text

    extra = []
    for d in docs:
        if d["kind"] != "text":
            continue
        keys = frozenset(clean_text(d["raw"], title=d["title"]).line_keys)
        times = []
        for learned in (frozenset(), keys, frozenset(), keys):
            t0 = time.perf_counter()
            clean_text(d["raw"], title=d["title"], learned=learned)
            times.append(time.perf_counter() - t0)
        extra.append(min(times[1], times[3]) - min(times[0], times[2]))
    return statistics.median(extra) if extra else 0.0


def evaluate(sets: dict[str, list[dict]], threshold: float, min_shingles: int) -> dict:
    """{(set, split): (precision, recall, F1, LSH recall, documents, stories, verification seconds)}."""
    out = {}
    for name, docs in sets.items():
        for split in ("fit", "held"):
            part = [d for d in docs if d["split"] == split]
            fps, cache = FPS[(name, split)]
            pred, t_verify, lsh = cluster(part, fps, threshold, min_shingles, cache)
            gold = [d["story"] for d in part]
            p, r, f = pairwise(gold, pred, list(range(len(part))))
            out[(name, split)] = (p, r, f, lsh, len(part), len(set(gold)), t_verify)
    return out


FPS: dict[tuple[str, str], tuple[list, dict]] = {}


def fit(sets: dict[str, list[dict]]) -> tuple[float, int]:
    best = None
    for m in GRID_MIN_SHINGLES:
        for t in GRID_CONTAINMENT:
            res = evaluate(sets, t, m)
            fits = [res[(name, "fit")] for name in sets]
            if all(r[0] >= PRECISION_FLOOR for r in fits):
                score = statistics.mean(r[2] for r in fits)
                # ties go to the higher threshold and the larger minimum: merging stories is worse than missing a copy
                key = (round(score, 4), t, m)
                if best is None or key > best:
                    best = key
    if best is None:
        raise SystemExit(f"no threshold keeps precision >= {PRECISION_FLOOR} on the fit split")
    return best[1], best[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="bench-out/dedup", help="where build_dedup_sets.py wrote the manifests")
    ap.add_argument("--fit", action="store_true", help="fit on the fit split and write corpus_cli/data/dedup.json")
    args = ap.parse_args()
    sets_dir = Path(args.sets)
    if not (sets_dir / "aeb.json").exists():
        print(f"skipped: no labelled sets in {sets_dir} (scripts/build_dedup_sets.py builds them from ../shared)")
        return 0
    from corpus_cli.dedup.near import default_params

    sets, cost = {}, {}
    for name in ("aeb", "syndication"):
        docs = load(sets_dir / f"{name}.json")
        sets[name] = docs
        t_fp = 0.0
        for split in ("fit", "held"):
            fps, seconds = fingerprints([d for d in docs if d["split"] == split])
            FPS[(name, split)] = (fps, {})
            t_fp += seconds
        text = [d["seconds"] for d in docs if d["kind"] == "text"]
        cost[name] = (t_fp / len(docs), statistics.mean(text) if text else 0.0, identity_cost(docs[:200]))
    if args.fit:
        t, m = fit(sets)
        path = ROOT / "corpus_cli" / "data" / "dedup.json"
        path.write_text(json.dumps({"containment": t, "min_shingles": m}, indent=2) + "\n", encoding="utf-8")
        print(f"fitted on the fit split: containment {t}, min_shingles {m} -> {path}")
    params = default_params() if not args.fit else None
    t, m = (params.containment, params.min_shingles) if params else (t, m)
    print(f"containment >= {t}, at least {m} shingles")
    print(f"{'set':12} {'split':5} {'docs':>5} {'stories':>7} {'precision':>9} {'recall':>7} {'F1':>6} {'LSH recall':>10}")
    verify: dict[str, float] = {}
    for (name, split), (p, r, f, lsh, n, st, tv) in evaluate(sets, t, m).items():
        print(f"{name:12} {split:5} {n:5d} {st:7d} {p:9.4f} {r:7.4f} {f:6.4f} {lsh:10.4f}")
        verify[name] = verify.get(name, 0.0) + tv / len(sets[name])
    for name, (fp, doc, ident) in cost.items():
        ver = verify[name]
        share = f"{(fp + ver + ident) / doc:.1%} of process_doc on a text dump" if doc else ""
        print(f"cost {name}: fingerprint {fp * 1e3:.3f} ms, verification {ver * 1e3:.3f} ms, identity's second "
              f"pick {ident * 1e3:.3f} ms a document; process_doc {doc * 1e3:.2f} ms a text dump; {share}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
