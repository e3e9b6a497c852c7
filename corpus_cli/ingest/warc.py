"""WARC and ARC files (crawls: wget --warc-file, Browsertrix, Common Crawl) to documents.

Each HTML ``response`` record with status 200 is one document, a part of the file as a JSON Lines record is
(its record number, counted over every record, so it stays the same when the file is read again). Other records
are skipped and counted; a record that cannot be used fails alone.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from contextlib import redirect_stderr

from corpus_cli.errors import InputError
from corpus_cli.models import RawDoc

# The records of an archive may expand together to this many times its size: HTML compresses 4 to 8 times,
# a decompression bomb a thousand. Each record alone stays within --max-decompressed.
EXPANSION = 20
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


def is_archive(data: bytes) -> bool:
    """WARC or ARC content, plain or gzip-compressed (told by content, not by name)."""
    head = data[:16]
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/") or head.startswith(b"filedesc://")


def _skip_reason(record) -> str | None:
    """Why a record is not an article (None: it is an HTML page to read)."""
    if record.rec_type != "response":
        return f"{record.rec_type or 'unknown'} records"
    http = record.http_headers
    if http is None:
        return "responses without HTTP headers"
    if http.get_statuscode() != "200":
        return "non-200 responses"
    ctype = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype not in _HTML_TYPES:
        return "non-HTML responses"
    return None


def _doc(path: str, part: int, record, limit: int) -> RawDoc:
    from corpus_cli.ingest import readers

    try:
        payload = record.content_stream().read(limit + 1)
    except (OSError, EOFError, ValueError, zlib.error) as e:
        raise InputError(f"unreadable payload ({type(e).__name__})") from None
    if len(payload) > limit:
        raise InputError(f"payload larger than the limit of {limit} bytes (--max-decompressed)")
    if getattr(record.raw_stream, "limit", 0) > 0:  # bytes its Content-Length promised never came
        raise InputError("truncated record (the file ends inside it)")
    if not payload.strip():
        raise InputError("empty response")
    m = _CHARSET.search(record.http_headers.get_header("Content-Type") or "")
    declared = m.group(1) if m else readers.meta_charset(payload)
    text = readers.decode(payload, declared).lstrip("\ufeff")
    headers = record.rec_headers
    return RawDoc(path=path, part=part, kind="html", content=text, container="warc",
                  url=(headers.get_header("WARC-Target-URI") or "").strip("<> ") or None,
                  fetched=headers.get_header("WARC-Date"))


def read_archive(path: str, data: bytes, limit: int, problems: list[str], skipped: Counter) -> list[RawDoc]:
    """The HTML pages of a WARC/ARC file's bytes. Records skipped are counted in ``skipped`` by reason; records
    that fail are described in ``problems``. ``limit``: the most one record may expand to."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    docs: list[RawDoc] = []
    index, total, cut = -1, 0, False
    budget = max(limit, EXPANSION * len(data))
    records = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    # warcio writes its warnings (a wrong Content-Length) to stderr: they are counted below instead.
    with redirect_stderr(io.StringIO()):
        try:
            for index, record in enumerate(records):
                total += record.length or 0
                if total > budget:
                    problems.append(f"records from {index} on skipped: they expand past {budget} bytes (the larger "
                                    f"of --max-decompressed and {EXPANSION} times the file's size)")
                    cut = True
                    break
                why = _skip_reason(record)
                if why:
                    skipped[why] += 1
                    continue
                try:
                    docs.append(_doc(path, index, record, limit))
                except InputError as e:
                    problems.append(f"record {index}: {e}")
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as e:
            reason = next((line.strip() for line in str(e).splitlines() if line.strip()), type(e).__name__)
            problems.append(f"records past {index} unreadable ({reason})")
            cut = True
    if not cut and records.offset < len(data):  # warcio ends quietly at a record whose header is cut short
        problems.append(f"records past {index} unreadable (the file ends inside a record)")
    if records.err_count:
        problems.append(f"{records.err_count} record(s) with a wrong Content-Length")
    if not docs:
        seen = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) or "no records"
        raise InputError("; ".join(problems) if problems else f"WARC holds no HTML page ({seen})")
    return docs
