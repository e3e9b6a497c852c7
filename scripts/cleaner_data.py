"""The labelled pages the text-dump cleaner learns from: the bench sets' pages, their sites, and their text dumps.

Used by scripts/train_cleaner.py (make train-cleaner) and scripts/bench_clean.py (make bench-clean). Every page of
shared/bench/{aeb,dragnet,cleanportal} is rendered to text by several tools, as users' dumps come from many:

- w3m:       the sets' own txt_w3m dumps (w3m -dump -cols 200)
- nowrap:    w3m -dump -cols 100000 (aeb: its txt_nowrap), a browser's copy-and-paste shape, one paragraph a line
- lynx:      lynx -dump -nolist -width 80
- links:     links -dump -width 120
- html2text: the html2text library (Markdown-like, wrapped at 78, links and images left out)

UNSEEN tools are never in training: scripts/cleaner_unseen.py scores the cleaner on their dumps.

- inscriptis: the inscriptis library (a layout-preserving renderer: tables as columns, no wrapping)
- elinks:     elinks -dump -no-references -no-numbering (apt; wrapped at 80, lists bulleted, tables drawn)
- pandoc:     pandoc -f html -t plain --wrap=none (apt; Markdown-like plain text, one paragraph a line)
- html-text:  the html-text library, extract_text(guess_layout=True) (a browser's text: one block a line)

Renders are cached under .train-cache/cleaner/renders/ (git-ignored): rendering all pages takes minutes.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

SETS = ("aeb", "dragnet", "cleanportal")
RENDERERS = ("w3m", "nowrap", "lynx", "links", "html2text")
UNSEEN = ("inscriptis", "elinks", "pandoc", "html-text")
CACHE = Path(__file__).resolve().parents[1] / ".train-cache" / "cleaner"
_CANONICAL = re.compile(rb"""(?:rel=["']canonical["'][^>]*href|property=["']og:url["'][^>]*content)=["']([^"']+)""", re.I)
_HREF = re.compile(rb"""href=["'](https?://[^"'/]+)""", re.I)
# Hosts every page links to: they tell nothing of the page's own site.
_COMMON = re.compile(r"(facebook|twitter|google|youtube|linkedin|pinterest|addthis|feedburner|doubleclick|"
                     r"wordpress\.org|w3\.org|creativecommons|digg|reddit|stumbleupon|apple|amazon)\.")


@dataclass(frozen=True)
class Page:
    set: str
    id: str
    site: str
    gold: str


def _host(url: str) -> str:
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _site_from_html(raw: bytes) -> str:
    """A page's site when the set gives no URL (dragnet): its canonical URL, else the host it links to most."""
    m = _CANONICAL.search(raw)
    if m:
        return _host(m.group(1).decode("ascii", "replace"))
    hosts = Counter(_host(h.decode("ascii", "replace")) for h in _HREF.findall(raw))
    for host, _ in hosts.most_common():
        if host and not _COMMON.search(host):
            return host
    return ""


def _site(set_: str, pid: str, url: str | None, html: Path) -> str:
    if set_ == "cleanportal":  # four portals, named in the file name (bbc.co.uk_news_01)
        return pid.split("_")[0]
    site = _host(url) if url else _site_from_html(gzip.decompress(html.read_bytes()))
    return site or f"{set_}:{pid}"  # unknown: a site of its own


def deal_folds(pages: list[Page], shuffled_sites: list[str], folds: int) -> list[int]:
    """The fold of each page: sites (already shuffled with the caller's fixed seed) dealt out by size, largest
    first, each to the fold holding the fewest pages so far."""
    size = Counter(p.site for p in pages)
    load, fold_of = [0] * folds, {}
    for s in sorted(shuffled_sites, key=lambda s: -size[s]):  # stable: equal sizes keep the shuffled order
        f = load.index(min(load))
        fold_of[s], load[f] = f, load[f] + size[s]
    return [fold_of[p.site] for p in pages]


def scorer(bench: Path):
    """shared/bench/aeb/score.py as a module: the shingle F1 every cleaning figure uses."""
    spec = importlib.util.spec_from_file_location("aeb_score", bench / "aeb" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def pages(bench: Path) -> list[Page]:
    """Every labelled page of the three sets, with its site, in a fixed order."""
    out = []
    for set_ in SETS:
        gt = json.loads((bench / set_ / "ground-truth.json").read_text(encoding="utf-8"))
        for pid in sorted(gt):
            html = bench / set_ / "html" / f"{pid}.html.gz"
            if not html.is_file():
                continue
            site = _site(set_, pid, gt[pid].get("url"), html)
            out.append(Page(set_, pid, site, gt[pid].get("articleBody") or ""))
    return out


def _decode(raw: bytes) -> str:
    m = re.search(rb"""charset=["']?([\w-]+)""", raw[:4000], re.I)
    for enc in ([m.group(1).decode("ascii")] if m else []) + ["utf-8", "cp1252"]:
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def _tool(cmd: list[str], html: bytes) -> str:
    r = subprocess.run(cmd, input=html, capture_output=True, timeout=60)
    return r.stdout.decode("utf-8", "replace")


def render(bench: Path, page: Page, renderer: str) -> str:
    """``page`` dumped to text by ``renderer``."""
    base = bench / page.set
    if renderer == "w3m":
        return (base / "txt_w3m" / f"{page.id}.txt").read_text(encoding="utf-8", errors="replace")
    if renderer == "nowrap" and (base / "txt_nowrap").is_dir():
        return (base / "txt_nowrap" / f"{page.id}.txt").read_text(encoding="utf-8", errors="replace")
    html = gzip.decompress((base / "html" / f"{page.id}.html.gz").read_bytes())
    if renderer == "nowrap":
        return _tool(["w3m", "-dump", "-cols", "100000", "-T", "text/html", "-O", "UTF-8"], html)
    if renderer == "lynx":
        return _tool(["lynx", "-dump", "-nolist", "-width", "80", "-display_charset=UTF-8", "-stdin"], html)
    if renderer == "links":
        return _via_file(["links", "-dump", "-width", "120", "-codepage", "utf-8"], html)
    if renderer in UNSEEN:
        return _unseen(html, renderer)
    import html2text

    h = html2text.HTML2Text()
    h.ignore_links, h.ignore_images, h.unicode_snob = True, True, True
    return h.handle(_decode(html))


def _via_file(cmd: list[str], html: bytes) -> str:
    # links and elinks read a file, not standard input
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(html)
        f.flush()
        r = subprocess.run([*cmd, f.name], capture_output=True, timeout=60)
    return r.stdout.decode("utf-8", "replace")


def _unseen(html: bytes, renderer: str) -> str:
    """``html`` dumped by one of the UNSEEN tools."""
    if renderer == "elinks":  # -no-home: no ~/.elinks written or read
        return _via_file(["elinks", "-no-home", "-dump", "-no-references", "-no-numbering", "-dump-charset",
                          "UTF-8"], html)
    if renderer == "pandoc":  # pandoc reads UTF-8 only; --sandbox: it fetches no iframe or image
        return _tool(["pandoc", "--sandbox", "-f", "html", "-t", "plain", "--wrap=none"],
                     _decode(html).encode("utf-8"))
    if renderer == "html-text":
        import html_text

        return html_text.extract_text(_decode(html), guess_layout=True)
    from inscriptis import get_text

    return get_text(_decode(html))


def _render_path(page: Page, renderer: str) -> Path:
    return CACHE / "renders" / renderer / page.set / f"{page.id}.txt"


def cached_render(page: Page, renderer: str) -> str:
    """A page's dump by ``renderer`` as the cache holds it ("" when it was never rendered)."""
    path = _render_path(page, renderer)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _render_cached(args: tuple[Path, Page, str]) -> str:
    bench, page, renderer = args
    path = _render_path(page, renderer)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    try:
        text = render(bench, page, renderer)
    except (OSError, subprocess.SubprocessError, UnicodeError, ValueError):
        text = ""  # a tool that fails on a page: the page has no dump of that shape
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


_VERSION_OF = {"w3m": ["w3m", "-version"], "lynx": ["lynx", "-version"], "links": ["links", "-version"],
               "elinks": ["elinks", "-version"], "pandoc": ["pandoc", "--version"]}


def tool_versions() -> dict[str, str]:
    """The renderers' versions and the Python packages' that render and fit: the dumps, hence the fitted model and
    its held-out figures, change with them."""
    from importlib import metadata

    out = {}
    for name, cmd in _VERSION_OF.items():
        try:
            first = subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()
            out[name] = first[0].split(",")[0].strip() if first else "unknown"
        except (OSError, subprocess.SubprocessError):
            out[name] = "missing"
    for dist in ("html2text", "inscriptis", "html-text", "scikit-learn"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "missing"
    return out


def installed(renderer: str) -> bool:
    """Whether ``renderer``'s tool is here (a missing one would leave an empty dump of every page in the cache)."""
    if renderer in _VERSION_OF:
        found = shutil.which(renderer) is not None
    else:
        found = importlib.util.find_spec(renderer.replace("-", "_")) is not None
    if not found:
        print(f"cleaner-unseen: {renderer} not installed: skipped", file=sys.stderr)
    return found


def render_versions() -> dict[str, str]:
    """The versions the cached renders were made with (written by the run that first filled the cache)."""
    path = CACHE / "renders" / "versions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def renders(bench: Path, todo: list[Page], renderers=RENDERERS, workers: int = 2) -> dict[tuple[str, str, str], str]:
    """{(set, id, renderer): dump} for every page and renderer, from the cache or rendered now."""
    versions = CACHE / "renders" / "versions.json"
    # The tools that render what is not cached yet (all of it, on a first run); a tool first used later (or missing
    # then) gets its version when it first renders.
    known, now = {k: v for k, v in render_versions().items() if v != "missing"}, tool_versions()
    if set(now) - set(known):
        versions.parent.mkdir(parents=True, exist_ok=True)
        versions.write_text(json.dumps({**now, **known}, indent=1), encoding="utf-8")
    jobs = [(bench, p, r) for r in renderers for p in todo]
    with ProcessPoolExecutor(workers) as pool:
        texts = list(pool.map(_render_cached, jobs, chunksize=16))
    return {(p.set, p.id, r): t for (_, p, r), t in zip(jobs, texts)}


def held_out_report() -> str:
    """The held-out figures make train-cleaner saved, as a table (or how to get them)."""
    cache = CACHE / "heldout.json"
    if not cache.is_file():
        return "no held-out figures yet: run make train-cleaner first (they are cached in .train-cache/cleaner/)"
    figures = json.loads(cache.read_text(encoding="utf-8"))
    # "+learned": the same dumps cleaned with the lines a corpus holding their site's other pages has learned.
    rows = [f"{'set':<12}{'renderer':<11}{'pages':>6}{'rules F1':>10}{'model F1':>10}{'P':>7}{'R':>7}"
            f"{'rules+learned':>15}{'model+learned':>15}"]
    for s in SETS:
        for r in RENDERERS:
            a, b = figures.get(f"{s}|{r}|rules"), figures.get(f"{s}|{r}|model")
            c, d = figures.get(f"{s}|{r}|rules+learned"), figures.get(f"{s}|{r}|model+learned")
            if a and b and c and d:
                rows.append(f"{s:<12}{r:<11}{b['n']:>6}{a['f1']:>10.3f}{b['f1']:>10.3f}{b['precision']:>7.3f}"
                            f"{b['recall']:>7.3f}{c['f1']:>15.3f}{d['f1']:>15.3f}")
    if "versions" in figures:
        rows.append("renders and fit by: " + ", ".join(f"{k} {v}" for k, v in figures["versions"].items()))
    return "\n".join(rows)


if __name__ == "__main__":  # render everything once: python scripts/cleaner_data.py ../shared/bench
    all_pages = pages(Path(sys.argv[1]))
    print(len(all_pages), "pages,", len({p.site for p in all_pages}), "sites")
    done = renders(Path(sys.argv[1]), all_pages)
    print(len(done), "dumps,", sum(1 for t in done.values() if not t.strip()), "empty")
