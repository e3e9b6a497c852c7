"""corpus serve in a real browser: headless Chromium loads the search page, an article page, the actor facet
and the canned queries of a demo database (the bundled samples), checks what each page shows and saves a
screenshot of each under --out.

Usage: python scripts/browser_check.py [--out bench-out/browser] [--chromium PATH]
Exit 0 when every page shows what it should, 1 when one does not, 2 when Chromium is not installed.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [sys.executable, "-m", "corpus_cli"]

# (name, path, what the page must show)
PAGES = [
    ("search", "/corpus/articles?_search=Pyongyang",
     ["rows where search matches", "North Korea", "publisher_id", "Ukrainska Pravda", "language", "date"]),
    ("article", "/corpus/articles/1",
     ["North Korea shares blame", "Links from other tables", "rows</a>", "from article_id in quotes"]),
    ("actor-facet", "/corpus/mentions?_sort_desc=count",
     ["actor_id", "North Korea", "Kim Jong Un"]),
    ("database", "/corpus", ["articles from", "An actor's timeline", "Quotes by speaker",
                             "A story's copies across outlets", "Articles that cite a source"]),
    ("timeline", "/corpus/actor_timeline?actor=DPRK", ["North Korea", "mentions"]),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"corpus serve exited with {server.returncode}: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"corpus serve did not answer at {url} within {seconds:g} s")


def chromium(binary: str, *args: str) -> str:
    cmd = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--hide-scrollbars", "--window-size=1366,1100", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90).stdout


def check(binary: str, base: str, out: Path) -> list[str]:
    failures = []
    for name, path, expected in PAGES:
        dom = chromium(binary, "--dump-dom", base + path)
        shot = out / f"{name}.png"
        chromium(binary, f"--screenshot={shot}", base + path)
        missing = [text for text in expected if text not in dom]
        ok = not missing and shot.is_file()
        print(f"{'ok  ' if ok else 'FAIL'} {path} -> {shot}" + (f" (missing: {missing})" if missing else ""))
        if not ok:
            failures.append(path)
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "bench-out" / "browser"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = ap.parse_args()
    if not args.chromium:
        print("Chromium not found: install it (apt-get install chromium) or pass --chromium PATH")
        return 2
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    db = out / "corpus.db"
    subprocess.run([*CORPUS, "ingest", str(ROOT / "data" / "samples"), "--db", str(db), "-q"], check=True)
    port = free_port()
    server = subprocess.Popen([*CORPUS, "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/corpus", server)
        failures = check(args.chromium, base, out)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{len(PAGES) - len(failures)} of {len(PAGES)} pages as expected; screenshots in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
