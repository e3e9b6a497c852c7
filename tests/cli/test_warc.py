"""WARC and ARC input, end to end: real archives written with warcio, ingested by the real CLI."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import FIXTURES

ARTICLE = (FIXTURES / "article.html").read_bytes()  # dated 2025-03-14 in its own metadata
UNDATED = b"""<html><head><title>Ferry service to Hel resumes after storm</title></head><body><article>
<h1>Ferry service to Hel resumes after storm</h1>
<p>The ferry line between Gdynia and the Hel peninsula resumed on Tuesday after three days of storms kept every
boat in harbour, the operator said in a short notice to passengers.</p>
<p>Crews spent the morning checking the landing stages, which waves had damaged at two places, and the first boat
left with about forty passengers on board shortly after noon.</p>
</article></body></html>"""


def _record(writer, uri, rec_type="response", body=b"", status="200 OK", ctype="text/html; charset=utf-8",
            date="2024-05-06T07:08:09Z"):
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1") if rec_type == "response" else None
    rec = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(body), http_headers=http,
                                    warc_headers_dict={"WARC-Date": date})
    writer.write_record(rec)


def make_warc(path: Path, gz: bool = True) -> Path:
    """warcinfo, a request, two pages, a 404 page, an image and a page without article text (records 0-6)."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        _record(w, "https://balticledger.example/harbour", "request", b"GET /harbour HTTP/1.1\r\n\r\n")
        _record(w, "https://balticledger.example/harbour", body=ARTICLE)
        _record(w, "https://balticledger.example/ferry", body=UNDATED)
        _record(w, "https://balticledger.example/gone", body=UNDATED.replace(b"Ferry", b"Lost"), status="404 Not Found")
        _record(w, "https://balticledger.example/logo.png", body=b"\x89PNG\r\n", ctype="image/png")
        _record(w, "https://balticledger.example/empty", body=b"<html><body><p>Menu</p></body></html>")
    return path


def _rows(db: str, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("gz", [True, False])
def test_warc_pages_become_articles_and_other_records_are_counted(cli, tmp_path, gz):
    warc = make_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    r = cli("ingest", str(warc), "--json")
    s = json.loads(r.stdout)
    assert r.exit_code == 1  # the page without article text failed alone
    assert (s["new_articles"], s["failed"], s["skipped_records"]) == (2, 1, 4)
    assert s["errors"] == [{"path": str(warc), "reason": "record 6: no article text found"}]
    arts = {a["url"]: a for a in cli.export()}
    # The fetched URL, though the harbour page names another canonical one.
    assert set(arts) == {"https://balticledger.example/harbour", "https://balticledger.example/ferry"}
    assert arts["https://balticledger.example/ferry"]["date"].startswith("2024-05-06")  # WARC-Date: page has none
    assert arts["https://balticledger.example/harbour"]["date"].startswith("2025-03-14")
    assert _rows(cli.db, "SELECT format, status FROM files") == [("warc", "partial")]
    assert sorted(_rows(cli.db, "SELECT part FROM article_files")) == [(2,), (3,)]

    r = cli("ingest", str(warc), "--json")
    s = json.loads(r.stdout)
    assert (s["unchanged"], s["new_articles"]) == (1, 0)


def test_warc_summary_line_counts_skipped_records(cli, tmp_path):
    r = cli("ingest", str(make_warc(tmp_path / "c.warc.gz")))
    assert "2 new articles" in r.stderr and "4 WARC records skipped" in r.stderr


def test_truncated_warc_keeps_the_records_before_the_cut(cli, tmp_path):
    whole = make_warc(tmp_path / "whole.warc", gz=False).read_bytes()
    cut = whole.index(b"https://balticledger.example/ferry") + 200  # inside the fourth record
    broken = tmp_path / "broken.warc"
    broken.write_bytes(whole[:cut])
    r = cli("ingest", str(broken), "--json")
    s = json.loads(r.stdout)
    assert s["new_articles"] == 1
    assert [e["reason"] for e in s["errors"]] == ["records past 2 unreadable (the file ends inside a record)"]
    assert "Traceback" not in r.output
    broken.write_bytes(whole[: whole.index(b"https://balticledger.example/ferry") + 700])  # inside the page
    r = cli("ingest", str(broken), "--json")
    s = json.loads(r.stdout)
    assert [e["reason"] for e in s["errors"]] == ["record 3: truncated record (the file ends inside it)"]


def test_warc_without_pages_fails_with_what_it_held(cli, tmp_path):
    path = tmp_path / "requests.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        _record(w, "https://example.org/", "request", b"GET / HTTP/1.1\r\n\r\n")
        _record(w, "https://example.org/a.css", body=b"p{}", ctype="text/css")
    r = cli("ingest", str(path), "--json")
    s = json.loads(r.stdout)
    assert r.exit_code == 1
    assert s["errors"][0]["reason"] == "WARC holds no HTML page (1 non-HTML responses, 1 request records)"


def _arc_record(uri: str, date: str, body: bytes) -> bytes:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    return f"{uri} 192.0.2.1 {date} text/html {len(http)}\n".encode() + http + b"\n"


def test_arc_file(cli, tmp_path):
    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    head = f"filedesc://crawl.arc 0.0.0.0 20240506070809 text/plain {len(desc)}\n".encode() + desc + b"\n"
    path = tmp_path / "crawl.arc.gz"
    path.write_bytes(gzip.compress(head) + gzip.compress(_arc_record("https://example.org/ferry", "20240506070809", UNDATED)))
    r = cli("ingest", str(path), "--json")
    assert r.exit_code == 0, r.output
    (art,) = cli.export()
    assert (art["url"], art["date"][:10]) == ("https://example.org/ferry", "2024-05-06")


def test_a_record_claiming_more_than_the_file_can_hold_is_refused(cli, tmp_path):
    whole = make_warc(tmp_path / "w.warc", gz=False).read_bytes()
    at = whole.index(b"Content-Length: ", whole.index(b"https://balticledger.example/ferry"))
    end = whole.index(b"\r\n", at)
    lying = tmp_path / "lying.warc"
    lying.write_bytes(whole[:at] + b"Content-Length: 999999999999" + whole[end:])
    s = json.loads(cli("ingest", str(lying), "--json").stdout)
    assert s["new_articles"] == 1
    assert [e["reason"] for e in s["errors"]] == [
        "records from 3 on skipped: they expand past 20971520 bytes (the larger of --max-decompressed and 20 times "
        "the file's size)"]
