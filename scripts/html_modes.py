"""The bench pages' HTML through trafilatura in each mode corpus could use, cached for make fit-html-choice and
make bench-clean (#22).

Every page of shared/bench/{aeb,dragnet,cleanportal}/html is read by corpus's own reader and extracted by
corpus_cli.clean.html.extract (the code ingest runs) with each of MODES; the text, the title and the CPU
milliseconds of each run (trafilatura's text caches emptied before it) are kept in .train-cache/html/modes.json (git-ignored): all pages take about 10 CPU
minutes. Metadata comes with every run, so each mode's time is what a user calling it alone would pay. The texts
of readability and jusText alone (corpus_cli.clean.html._voters, what auto's html_pick and html_tail read) and
their CPU ms are kept in .train-cache/html/voters.json.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import cleaner_data as cd  # noqa: E402

CACHE = ROOT / ".train-cache" / "html" / "modes.json"
VOTERS_CACHE = ROOT / ".train-cache" / "html" / "voters.json"
VOTERS = ("readability", "justext")  # corpus_cli.clean.html._voters' order
MODES = {
    "fast": {"fast": True},  # corpus before #22: trafilatura's own extraction, no fallbacks
    "full": {"fast": False},  # with readability and jusText, as trafilatura does by default
    "prec": {"fast": True, "favor_precision": True},
    "rec": {"fast": True, "favor_recall": True},
    "prec_full": {"fast": False, "favor_precision": True},
    "rec_full": {"fast": False, "favor_recall": True},
    "comments": {"fast": True, "include_comments": True},  # corpus's comment drop off
    "notables": {"fast": True, "include_tables": False},  # corpus's tables off
}


def _page(bench: Path, set_: str, pid: str) -> tuple[str, str | None]:
    """A bench page's HTML as corpus's reader decodes it, and its URL."""
    from corpus_cli.clean import html
    from corpus_cli.ingest.readers import read_bytes

    path = bench / set_ / "html" / f"{pid}.html.gz"
    raw = read_bytes(str(path), path.read_bytes())[0]
    return html._XML_DECL.sub("", raw.content, count=1), raw.url


def run_page(args: tuple[Path, str, str]) -> tuple[str, dict]:
    from corpus_cli.clean import html
    from corpus_cli.errors import InputError

    bench, set_, pid = args
    content, url = _page(bench, set_, pid)
    out = {}
    for mode, options in MODES.items():
        html._page_text_caches.spend(html.CACHE_BUDGET_CHARS + 1)  # empty: a mode must not reuse another's trims
        t0 = time.process_time()
        try:
            doc = html.extract(content, url, **options)
        except InputError:
            doc = None
        ms = (time.process_time() - t0) * 1000
        out[mode] = {"text": (doc.text or "") if doc else "", "title": (doc.title or "") if doc else "", "ms": ms}
    return f"{set_}/{pid}", out


def _cached(bench: Path, path: Path, run, wanted: set[str], what: str, workers: int) -> dict[str, dict]:
    """``run`` on every bench page, keyed "set/id", from ``path`` when it holds ``wanted`` for them all."""
    pages = cd.pages(bench)
    keys = [f"{p.set}/{p.id}" for p in pages]
    if path.is_file():
        cached = json.loads(path.read_text(encoding="utf-8"))
        if all(k in cached and set(cached[k]) >= wanted for k in keys):
            return cached
    print(f"html-modes: {what} on {len(pages)} pages (cached in {path})", file=sys.stderr)
    with ProcessPoolExecutor(workers) as ex:
        out = dict(ex.map(run, [(bench, p.set, p.id) for p in pages], chunksize=4))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out), encoding="utf-8")
    return out


def modes(bench: Path, workers: int = 2) -> dict[str, dict]:
    """{"set/id": {mode: {"text", "title", "ms"}}} for every bench page."""
    return _cached(bench, CACHE, run_page, set(MODES), f"extracting in {len(MODES)} modes", workers)


def run_voters(args: tuple[Path, str, str]) -> tuple[str, dict]:
    from corpus_cli.clean import html

    bench, set_, pid = args
    content, url = _page(bench, set_, pid)
    out = {}
    for name, voter in zip(VOTERS, html._voters(content, url)):
        html._page_text_caches.spend(html.CACHE_BUDGET_CHARS + 1)
        t0 = time.process_time()
        text = voter()  # the first voter's time holds the page's parse
        out[name] = {"text": text, "ms": (time.process_time() - t0) * 1000}
    return f"{set_}/{pid}", out


def voters(bench: Path, workers: int = 2) -> dict[str, dict]:
    """{"set/id": {"readability"|"justext": {"text", "ms"}}} for every bench page."""
    return _cached(bench, VOTERS_CACHE, run_voters, set(VOTERS), "readability and jusText", workers)


if __name__ == "__main__":
    modes(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared") / "bench")
