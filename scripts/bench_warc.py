"""WARC input against the same pages as files: the AEB pages of ../shared/bench/aeb/html written into one
WARC (a request and a response record each, the page's URL from ground-truth.json), both ingested with the
real CLI into fresh databases, and the two compared: articles, content hashes, URLs.

Usage: python scripts/bench_warc.py [--shared ../shared] [--out bench-out/warc]
The WARC is built under --out (git-ignored), never committed: the pages belong to their sites.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CORPUS = [sys.executable, "-m", "corpus_cli"]


def build_warc(html_dir: Path, truth: dict, path: Path) -> int:
    pages = sorted(html_dir.glob("*.html.gz"))
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "corpus scripts/bench_warc.py"}))
        for page in pages:
            uri = truth[page.name.split(".")[0]]["url"]
            request = w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            w.write_record(request)
            # No charset in the header: the page's own <meta> decides, as it does when the file is ingested.
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = gzip.decompress(page.read_bytes())
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                                warc_headers_dict={"WARC-Date": "2020-01-01T00:00:00Z"}))
    return len(pages)


def ingest(target: Path, db: Path) -> dict:
    db.unlink(missing_ok=True)
    r = subprocess.run([*CORPUS, "ingest", str(target), "--db", str(db), "--json"], capture_output=True, text=True)
    return json.loads(r.stdout)


def articles(db: Path) -> dict[str, str | None]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT content_hash, url FROM articles"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench-out/warc")
    args = ap.parse_args()
    aeb = Path(args.shared) / "bench" / "aeb"
    if not (aeb / "html").is_dir():
        print(f"skipped: {aeb / 'html'} not found (the benchmark pages are not here)")
        return 0
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    warc = out / "aeb.warc.gz"
    n = build_warc(aeb / "html", truth, warc)
    from_files = ingest(aeb / "html", out / "files.db")
    from_warc = ingest(warc, out / "warc.db")
    a, b = articles(out / "files.db"), articles(out / "warc.db")
    target = {t["url"] for t in truth.values()}
    print(f"pages: {n}; WARC {warc.stat().st_size / 1e6:.1f} MB")
    print(f"HTML files: {from_files['new_articles']} articles, {from_files['failed']} failed")
    print(f"WARC:       {from_warc['new_articles']} articles, {from_warc['failed']} failed, "
          f"{from_warc['skipped_records']} records skipped")
    print(f"same content hashes: {len(a.keys() & b.keys())}; only from files: {len(a.keys() - b.keys())}; "
          f"only from the WARC: {len(b.keys() - a.keys())}")
    print(f"WARC articles whose URL is the WARC-Target-URI: {sum(u in target for u in b.values())} of {len(b)}")
    return 0 if a.keys() == b.keys() else 1


if __name__ == "__main__":
    sys.exit(main())
