#!/usr/bin/env python3
"""make bench: throughput, scale, memory and query latency, side by side in one run.

Generates corpora of realistic dumps (scripts/corpus_gen.py: mutations of the samples with other
boilerplate, dates and names; HTML pages around the same kind of articles) and prints:
  - files/s for text dumps and for HTML, with 1 and N workers, and the same HTML through bare
    trafilatura.bare_extraction in one process (the floor);
  - the same ratio to bare trafilatura, and files/s with 1 and N workers for HTML and text dumps, on copies
    of the real pages of ../shared/bench/aeb (skipped with a message when it is absent), which are heavier for
    trafilatura than the generated pages and have longer text dumps;
  - for each corpus size: ingest time, files/s, peak RSS of the largest process, database bytes per
    article, and the time of a re-run on the unchanged tree;
  - ingest time and peak RSS of trees where every file fails (their errors must not pile up in memory);
  - p50/p95 latency of query --actor, --source, --search and show on the largest database, measured in
    the library (what the database costs) and through the CLI (with Python's start-up).
Ratios matter more than absolute figures: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import generate  # noqa: E402

PY = sys.executable
# Runs a command; prints its output, then the largest process's peak RSS (KiB) and the CPU seconds of the
# command and every process it waited for (an ingest's workers).
RSS_WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stdout.write(r.stdout); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(u.ru_maxrss, u.ru_utime + u.ru_stime)")


def fresh(db: Path) -> Path:
    """An empty database path (a kept folder may hold one from an earlier run)."""
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    return db


def ingest(paths: list[Path], db: Path, workers: int) -> tuple[dict, float, int, float]:
    """Run `corpus ingest`; return its JSON summary, wall seconds, the largest process's peak RSS (KiB) and
    the CPU seconds of all its processes."""
    cmd = [PY, "-c", RSS_WRAPPER, PY, "-m", "corpus_cli", "ingest", *map(str, paths), "--db", str(db), "--json",
           "--workers", str(workers)]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    lines = r.stdout.strip().splitlines()
    if len(lines) < 2:
        sys.exit(f"bench: ingest failed: {r.stderr.strip()}")
    rss, cpu = lines[-1].split()
    return json.loads(lines[0]), wall, int(rss), float(cpu)


def bare_trafilatura(files: list[Path], fast: bool = True) -> tuple[float, float, float]:
    """Seconds of bare trafilatura on ``files`` in one process: (extraction loop only, whole process: start-up,
    import, reading and extraction, the same span an ingest's wall time covers; the whole process's CPU).
    ``fast``: the options corpus uses (trafilatura's own extraction, no fallback extractors); False: the
    fallbacks too, as bare_extraction does by default."""
    code = (
        "import sys, time, trafilatura\n"
        "fast = sys.argv[1] == 'fast'\n"
        "files = sys.argv[2:]\n"
        "datas = [open(f, 'rb').read() for f in files]\n"
        "t0 = time.perf_counter()\n"
        "for d in datas:\n"
        "    trafilatura.bare_extraction(d, with_metadata=True, include_comments=False, deduplicate=False, fast=fast,\n"
        "        date_extraction_params={'extensive_search': True, 'original_date': True, 'max_date': '2099-12-31'})\n"
        "print(time.perf_counter() - t0)\n"
    )
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([PY, "-c", code, "fast" if fast else "full", *map(str, files)], capture_output=True, text=True,
                       check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return float(r.stdout.strip().splitlines()[-1]), wall, cpu


def throughput_row(kind: str, paths: list[Path], count: int, base: Path, n_cpu: int, n_rounds: int):
    """(files/s with 1 worker, with N, CPU ms/file with 1, with N, every round's speed-up) on ``count`` files: 1 and N
    workers back to back, N first in every other round; the round with the median speed-up is reported (a
    single pair gave 1.33x in one run and 1.78x in the next on the same code)."""
    pairs = []
    for r in range(n_rounds):
        got = {}
        for w in ((n_cpu, 1) if r % 2 else (1, n_cpu)):
            _, wall, _, cpu_s = ingest(paths, fresh(base / f"tp-{kind}-{w}.db"), w)
            got[w] = (count / wall, cpu_s / count * 1000)
        pairs.append((got[n_cpu][0] / got[1][0], got[1], got[n_cpu]))
    _, (one, cpu1), (many, cpun) = sorted(pairs)[len(pairs) // 2]
    return one, many, cpu1, cpun, [p[0] for p in pairs]


def ratio_rounds(root: Path, files: list[Path], db: Path, n_rounds: int, with_fallbacks: bool = False) -> list[tuple]:
    """Corpus with one worker against bare trafilatura on ``files`` (the tree ``root``), round by round: each round
    (time ratio to the whole bare process, to its extraction loop, bare files/s whole and loop, CPU
    ratio[, time ratio to bare_extraction with its fallbacks, its files/s]). The machine's speed drifts by 20% and
    more from minute to minute: the two run back to back in each round, bare trafilatura first in every other one,
    so that a drift within a round favours neither side; the median round is reported."""
    sides = {"ours": lambda: ingest([root], fresh(db), 1), "bare": lambda: bare_trafilatura(files)}
    rounds = []
    for r in range(n_rounds):
        got = {side: sides[side]() for side in (("bare", "ours") if r % 2 else ("ours", "bare"))}
        (_, ours, _, ours_cpu), (bare, bare_wall, bare_cpu) = got["ours"], got["bare"]
        row = (ours / bare_wall, ours / bare, len(files) / bare_wall, len(files) / bare, ours_cpu / bare_cpu)
        if with_fallbacks:
            _, full_wall, _ = bare_trafilatura(files, fast=False)
            row += (ours / full_wall, len(files) / full_wall)
        rounds.append(row)
    return rounds


_PARAGRAPH = re.compile(rb"<p\b[^>]*>", re.I)


def real_tree(aeb: Path, variant: str, root: Path, copies: int) -> list[Path]:
    """``copies`` copies of the benchmark's real pages of ``variant`` (html, txt_nowrap) in ``root``, each copy
    after the first with its own words in the body ("Copy 2. " at the start of every paragraph of a page, and of every
    line of 20 words or more of a text dump), so that ingest stores them as articles of their own (a page whose body
    is not in paragraphs stays a duplicate)."""
    out = []
    for src in sorted(p for p in (aeb / variant).iterdir() if p.is_file()):
        data = src.read_bytes()
        name = src.name
        if name.endswith(".gz"):
            data, name = gzip.decompress(data), name[:-3]
        for k in range(copies):
            page = data
            mark = f"Copy {k + 1}. ".encode()
            if k and variant == "html":
                page = _PARAGRAPH.sub(lambda m, mark=mark: m.group() + mark, data)
            elif k:
                page = b"\n".join(mark + line if line.count(b" ") >= 20 else line for line in data.split(b"\n"))
            dest = root / f"copy-{k + 1}" / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(page)
            out.append(dest)
    return out


def real_pages(aeb: Path, base: Path, copies: int, n_cpu: int, n_rounds: int, n_throughput_rounds: int) -> None:
    """The ratio to bare trafilatura, and files/s with 1 and N workers for HTML and text dumps, on the benchmark's
    real pages, which are heavier for trafilatura than the generated ones (more markup around the article) and have
    longer text dumps."""
    print(f"\nReal pages ({aeb}/html and txt_nowrap, {copies} copies of each page)")
    if not (aeb / "html").is_dir() or not (aeb / "txt_nowrap").is_dir():
        print(f"skipped: {aeb} not found (the benchmark pages live in ../shared beside the checkout; --shared DIR)")
        return
    html_files = real_tree(aeb, "html", base / "real-html", copies)
    rounds = ratio_rounds(base / "real-html", html_files, base / "real-html.db", n_rounds)
    ratio_wall, ratio_loop, bare_fps, loop_fps, ratio_cpu = sorted(rounds)[len(rounds) // 2]
    print(f"HTML, {len(html_files)} pages: bare trafilatura.bare_extraction with corpus's options, one process: "
          f"{bare_fps:.1f} files/s whole process ({loop_fps:.1f} in its extraction loop alone); corpus with 1 worker "
          f"takes {ratio_wall:.2f}x the whole process's time ({ratio_loop:.2f}x the loop's) and {ratio_cpu:.2f}x its "
          f"CPU time; median of {len(rounds)} rounds (all rounds: {', '.join(f'{x[0]:.2f}x' for x in rounds)})")
    text_files = real_tree(aeb, "txt_nowrap", base / "real-text", copies)
    for kind, root, count in (("HTML", base / "real-html", len(html_files)),
                              ("text dumps", base / "real-text", len(text_files))):
        one, many, cpu1, cpun, speedups = throughput_row(f"real-{kind[:4]}", [root], count, base, n_cpu,
                                                         n_throughput_rounds)
        print(f"{kind}, {count} files: 1 worker {one:.1f} files/s, {n_cpu} workers {many:.1f} ({many / one:.2f}x; "
              f"rounds {', '.join(f'{x:.2f}x' for x in speedups)}); CPU ms/file {cpu1:.2f} and {cpun:.2f}")


def failing_tree(root: Path, n: int) -> Path:
    """``n`` small files that every run fails on (NUL bytes: binary content), 1,000 to a folder."""
    done = root.parent / f"{root.name}.done"  # beside the tree: inside it, it would be ingested too
    if not done.exists():
        for i in range(n):
            folder = root / f"{i // 1000:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{i:06d}.txt").write_bytes(b"\x00\x01 not text \xff" * (1 + i % 7))
        done.touch()
    return root


def db_bytes(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def query_latency(db: Path, reps: int, cli_reps: int) -> list[tuple[str, float, float, float, float]]:
    from corpus_cli.store import queries
    from corpus_cli.store.connect import open_db

    conn = open_db(str(db), create=False)
    n = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    # The sources queried are the corpus's own: its most common publisher and cited sources.
    common = [r[0] for r in conn.execute(
        "SELECT s.name FROM sources s JOIN article_sources x ON x.source_id = s.id GROUP BY s.id "
        "ORDER BY count(*) DESC LIMIT 3")] or ["none"]
    rng = random.Random(0)
    cases = [
        ("query --actor", lambda: queries.query_articles(conn, actor=rng.choice(["North Korea", "DPRK", "Kim Jong Un", "Russia"])),
         ["query", "--actor", "North Korea"]),
        ("query --source", lambda: queries.query_articles(conn, source=rng.choice(common)),
         ["query", "--source", common[0]]),
        ("query --search", lambda: queries.query_articles(conn, search=rng.choice(["sanctions", "missiles", "ceasefire talks"])),
         ["query", "--search", "sanctions"]),
        ("show", lambda: queries.article(conn, rng.randint(1, n)), ["show", str(max(1, n // 2))]),
    ]
    out = []
    for name, fn, argv in cases:
        lib = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            lib.append((time.perf_counter() - t0) * 1000)
        cli = []
        for _ in range(cli_reps):
            t0 = time.perf_counter()
            subprocess.run([PY, "-m", "corpus_cli", *argv, "--db", str(db), "--format", "json"], capture_output=True,
                           check=True)
            cli.append((time.perf_counter() - t0) * 1000)
        out.append((name, pct(lib, 0.5), pct(lib, 0.95), pct(cli, 0.5), pct(cli, 0.95)))
    return out


def _generate(base: Path, n_text: int, n_html: int, n_cpu: int) -> list[Path]:
    """The generated text dumps and HTML pages under ``base`` (kept from an earlier run with --keep); the text
    dumps' folders of 1,000."""
    t0 = time.perf_counter()
    text_root, html_root = base / "text", base / "html"
    if not (text_root / "done").exists() or int((text_root / "done").read_text()) < n_text:
        generate(text_root, n_text, "text", seed=0)
        (text_root / "done").write_text(str(n_text))
    if not (html_root / "done").exists():
        generate(html_root, n_html, "html", seed=1)
        (html_root / "done").write_text(str(n_html))
    os.sync()  # the generated files' writes are flushed before anything is timed (they slowed the first rows)
    print(f"bench: generated {n_text} text dumps and {n_html} HTML pages in {time.perf_counter() - t0:.0f}s "
          f"({os.cpu_count()} cores; N = {n_cpu} workers)")
    return sorted(p for p in text_root.iterdir() if p.is_dir())


def _throughput(a, base: Path, n_text: int, text_paths: list[Path], n_cpu: int) -> None:
    """Files a second with 1 and N workers, and corpus against bare trafilatura on the HTML pages."""
    html_root = base / "html"
    rows = [(kind, count, *throughput_row(kind, paths, count, base, n_cpu, a.throughput_rounds))
            for kind, paths, count in (("text", text_paths, n_text), ("html", [html_root], a.html))]
    html_files = sorted(html_root.rglob("*.html"))
    rounds = ratio_rounds(html_root, html_files, base / "tp-html-ratio.db", a.rounds, with_fallbacks=True)
    ratio_wall, ratio_loop, bare_fps, loop_fps, ratio_cpu, ratio_full, full_fps = sorted(rounds)[len(rounds) // 2]
    print(f"\nThroughput (end to end, files/s; {n_text} text dumps, {a.html} HTML pages)")
    print("(workers clean and extract; the main process stores what they give, in input order. CPU ms/file: all")
    print(" processes' CPU time over the files; 1000 / it is the files/s one core gives)")
    print(f"{'input':<8}{'files':>7}{'1 worker':>11}{f'{n_cpu} workers':>12}{'speed-up':>10}{'CPU ms/file':>13}"
          f"{f'({n_cpu} w.)':>9}")
    for kind, count, one, many, cpu1, cpun, _ in rows:
        print(f"{kind:<8}{count:>7}{one:>11.1f}{many:>12.1f}{many / one:>9.2f}x{cpu1:>13.2f}{cpun:>9.2f}")
    print(f"(the round with the median speed-up of {a.throughput_rounds}; all rounds: "
          + "; ".join(f"{r[0]} {', '.join(f'{x:.2f}x' for x in r[6])}" for r in rows) + ")")
    print(f"bare trafilatura.bare_extraction with corpus's options, one process: {bare_fps:.1f} files/s whole process "
          f"({loop_fps:.1f} in its extraction loop alone); corpus with 1 worker takes {ratio_wall:.2f}x the whole "
          f"process's time ({ratio_loop:.2f}x the loop's) and {ratio_cpu:.2f}x its CPU time (worker and writer "
          f"together); median of {len(rounds)} rounds run back to back (all rounds: "
          f"{', '.join(f'{x[0]:.2f}x' for x in rounds)})")
    print(f"for reference, bare_extraction with its fallback extractors (its default): {full_fps:.1f} files/s; "
          f"corpus with 1 worker takes {ratio_full:.2f}x its time")


def _scale(sizes: list[int], base: Path, text_dirs, n_cpu: int) -> Path:
    """Ingest and re-run times, memory and size at each corpus size; the largest database."""
    print(f"\nScale (text dumps, {n_cpu} workers)")
    print(f"{'files':>8}{'ingest s':>10}{'files/s':>9}{'peak RSS MB':>13}{'bytes/article':>15}{'re-run s':>10}")
    largest = None
    for n in sizes:
        db = fresh(base / f"scale-{n}.db")
        s, wall, rss, _ = ingest(text_dirs(n), db, n_cpu)
        arts = s["new_articles"]
        size = db_bytes(db)
        s2, wall2, _, _ = ingest(text_dirs(n), db, n_cpu)
        assert s2["new_articles"] == 0 and s2["unchanged"] == n, s2
        print(f"{n:>8}{wall:>10.1f}{n / wall:>9.1f}{rss / 1024:>13.0f}{size / max(1, arts):>15.0f}{wall2:>10.2f}")
        largest = db
    return largest


def _failing_and_queries(a, sizes: list[int], base: Path, largest: Path, n_cpu: int) -> None:
    """Runs of files that all fail (memory must stay flat), then query latency on the largest database."""
    print(f"\nFailing files (every file binary, {n_cpu} workers): memory must not grow with the failures either")
    print(f"{'files':>8}{'ingest s':>10}{'files/s':>9}{'peak RSS MB':>13}")
    for n in sizes[1:] or sizes:
        root = failing_tree(base / f"failing-{n}", n)
        s, wall, rss, _ = ingest([root], fresh(base / f"failing-{n}.db"), n_cpu)
        assert s["failed"] == len(s["errors"]) == n, {k: v for k, v in s.items() if k != "errors"}
        print(f"{n:>8}{wall:>10.1f}{n / wall:>9.1f}{rss / 1024:>13.0f}")
    print(f"\nQueries on the {sizes[-1]}-article database (ms)")
    print(f"{'command':<16}{'p50 lib':>9}{'p95 lib':>9}{'p50 CLI':>9}{'p95 CLI':>9}")
    for name, p50, p95, c50, c95 in query_latency(largest, a.reps, a.cli_reps):
        print(f"{name:<16}{p50:>9.1f}{p95:>9.1f}{c50:>9.0f}{c95:>9.0f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes (text dumps), comma-separated")
    ap.add_argument("--html", type=int, default=500, help="HTML pages for the throughput rows")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--reps", type=int, default=50, help="repetitions of each query (library)")
    ap.add_argument("--cli-reps", type=int, default=10, help="repetitions of each query (CLI)")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--rounds", type=int, default=5, help="back-to-back rounds of corpus vs bare trafilatura")
    ap.add_argument("--throughput-rounds", type=int, default=3,
                    help="back-to-back rounds of 1 and N workers for each throughput row")
    ap.add_argument("--shared", type=Path, default=Path("../shared"),
                    help="the shared folder beside the checkout, for the rows on real pages (skipped without it)")
    ap.add_argument("--real-copies", type=int, default=5, help="copies of each real page in the rows on real pages")
    a = ap.parse_args()
    sizes = sorted(int(s) for s in a.sizes.split(","))
    n_cpu = a.workers
    tmpdir = None
    if a.keep:
        base = a.keep
        base.mkdir(parents=True, exist_ok=True)
    else:
        tmpdir = tempfile.TemporaryDirectory(prefix="corpus-bench-")
        base = Path(tmpdir.name)
    dirs = _generate(base, sizes[-1], a.html, n_cpu)

    def text_dirs(n: int) -> list[Path]:
        return dirs[: max(1, n // 1000)]

    _throughput(a, base, sizes[0], text_dirs(sizes[0]), n_cpu)
    real_pages(a.shared / "bench" / "aeb", base, a.real_copies, n_cpu, a.rounds, a.throughput_rounds)

    largest = _scale(sizes, base, text_dirs, n_cpu)
    _failing_and_queries(a, sizes, base, largest, n_cpu)
    if tmpdir:
        tmpdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
