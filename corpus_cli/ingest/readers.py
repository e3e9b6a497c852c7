"""Bytes to documents: format detection from content, decompression, decoding.

Every function here is pure (bytes in, documents out) and raises InputError with a one-line reason
for input it cannot use.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections import Counter

from corpus_cli.errors import InputError
from corpus_cli.ingest.limits import DEFAULT_MAX_DECOMPRESSED
from corpus_cli.models import RawDoc

_MAGIC = [
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3\x00", "SQLite database"),
]

_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main|header|table|span|a|h[1-6]|br|ul)[\s>/]",
    re.I,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing to expand past ``limit`` bytes (decompression bombs)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    chunk = data
    try:
        while chunk:
            out += d.decompress(chunk, limit + 1 - len(out))
            if len(out) > limit:
                raise InputError(f"gzip expands past the limit of {limit} bytes (--max-decompressed)")
            chunk = d.unconsumed_tail
            if d.eof:
                break
        if not d.eof:
            out += d.flush()
            if not d.eof:
                raise InputError("truncated gzip stream")
    except zlib.error as e:
        raise InputError(f"corrupt gzip data ({e})") from None
    return bytes(out)


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    ok = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return ok / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs or one repeated high byte in every other position. Cyrillic UTF-16-LE
    is even valid UTF-8 (all bytes below 0x80), so both byte orders are tried and scored on how much of
    the result is printable text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2 and len(data) == len(sample):
        return None
    best, best_score = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample[: len(sample) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        score = _printable_ratio(text)
        if score > best_score:
            best, best_score = enc, score
    if best is None or best_score < 0.97:
        return None
    try:
        return data.decode(best)
    except UnicodeDecodeError:
        return None


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _control_ratio(data: bytes) -> float:
    sample = data[:4096]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / max(1, len(sample))


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to text: BOM, then strict UTF-8, then UTF-16 without BOM, then a declared charset,
    then detection. UTF-8 is never re-read as latin-1."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(f"invalid {enc} text after its byte-order mark") from None
    # Text in UTF-8 or a legacy charset has (almost) no control bytes; UTF-16 is full of them.
    if _control_ratio(data) > 0.05:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:65536]:
        raise InputError("binary content (NUL bytes)")
    # UTF-8 with a few corrupt bytes: legacy 8-bit text almost never forms valid multi-byte sequences, so
    # many of them mean UTF-8, and re-reading it in a legacy charset would mangle every one of them.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good_multibyte = len(lenient) - len(lenient.encode("ascii", "ignore")) - bad
    if good_multibyte >= 3 * bad:
        return lenient
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return lenient


def _check_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what})")


# Control characters U+0000-U+0008 and U+000E-U+001F: in UTF-8 each is the one byte of that value, and no
# other character's bytes fall below 0x80, so counting them in the encoded text counts them exactly.
_BINARY_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def _looks_binary_text(text: str) -> bool:
    """Over 5% control characters or replacement characters (U+FFFD) in the first 8,192 characters."""
    sample = text[:8192]
    if not sample:
        return False
    raw = sample.encode("utf-8", "surrogatepass")  # bytes.translate: a regex scan cost 6 ns a character
    controls = len(raw) - len(raw.translate(None, _BINARY_BYTES))
    return controls + sample.count("\ufffd") > 0.05 * len(sample)


# An escaped UTF-16 surrogate ("\ud83d"): JSON may hold one without its other half (a scraper that cut an emoji's
# escape in two), which json.loads gives back as a lone surrogate: no valid text, and SQLite cannot store it.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _keep(value: str) -> str:
    return value


def _valid_unicode(value: str) -> str:
    """Each lone surrogate replaced by U+FFFD, as a byte that cannot be decoded is."""
    return value if value.isascii() else _SURROGATE.sub("\ufffd", value)


def _record_docs(path: str, records: list, source: str, text: str) -> list[RawDoc]:
    """The documents of a JSON file's ``records`` (``text``: the file's text, for its escapes)."""
    docs = []
    fix = _valid_unicode if _SURROGATE_ESCAPE.search(text) else _keep
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            continue
        body = rec.get("html")
        kind = "html"
        if not (isinstance(body, str) and body.strip()):
            body, kind = rec.get("text"), "text"
        if not (isinstance(body, str) and body.strip()):
            continue
        body = fix(body)

        def field(name, rec=rec):
            v = rec.get(name)
            return fix(v.strip()) if isinstance(v, str) and v.strip() else None

        docs.append(
            RawDoc(
                path=path,
                part=i,
                kind=kind,
                content=body,
                url=field("url"),
                title=field("title"),
                date=field("date"),
                publisher=field("publisher") or field("source"),
                container="json",
            )
        )
    if not docs:
        raise InputError(f"{source} holds no article (no record with an 'html' or 'text' field)")
    return docs


def _parse_json(path: str, text: str, problems: list[str]) -> list[RawDoc] | None:
    """JSON object/array, or JSON Lines; None when the content is not JSON at all.

    Broken JSON Lines records are skipped and described in ``problems``; the good ones are kept."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        value = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):
        pass
    else:
        records = value if isinstance(value, list) else [value]
        return _record_docs(path, records, "JSON", stripped)
    records: list = []
    broken: list[int] = []
    for lineno, line in enumerate(stripped.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            records.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            broken.append(lineno)
            records.append(None)  # keep record numbers stable
    if not any(isinstance(r, dict) for r in records):
        return None  # text that happens to start with a bracket
    if broken:
        shown = ", ".join(map(str, broken[:5])) + (" ..." if len(broken) > 5 else "")
        problems.append(f"JSON Lines: {len(broken)} broken record(s) skipped (line {shown})")
    return _record_docs(path, records, "JSON Lines", stripped)


def sniff_html(data: bytes) -> bool:
    head = data[:4096].lstrip()
    if head[:1] in (b"{", b"["):
        return False  # JSON records carry HTML inside strings
    return bool(_HTML_START.search(head[:1024])) or head[:5].lower() == b"<?xml" and b"<html" in head.lower()


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag of its first 4,096 bytes."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def read_bytes(
    path: str, data: bytes, max_decompressed: int = DEFAULT_MAX_DECOMPRESSED, problems: list[str] | None = None,
    skipped: Counter | None = None,
) -> list[RawDoc]:
    """Turn one file's bytes into documents. Raises InputError; partial problems (broken JSON Lines
    records) are appended to ``problems``, WARC records that are not pages counted in ``skipped``."""
    # Imported here: the read commands import this module for its limits alone, and start-up counts there.
    from corpus_cli.ingest import warc

    if problems is None:
        problems = []
    if warc.is_archive(data):
        return warc.read_archive(path, data, max_decompressed, problems, Counter() if skipped is None else skipped)
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, max_decompressed)
    elif path.lower().endswith(".gz"):
        raise InputError("named .gz but is not gzip data")
    if not data.strip():
        raise InputError("empty file")
    _check_binary(data)
    declared = None
    is_html = sniff_html(data.lstrip(codecs.BOM_UTF8))
    if is_html:
        declared = meta_charset(data)
    text = decode(data, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_binary_text(text):
        raise InputError("binary content (not text)")
    if not text.strip():
        raise InputError("empty file (whitespace only)")
    if not is_html:
        docs = _parse_json(path, text, problems)
        if docs is not None:
            return docs
        # UTF-16 or other encodings hide the HTML signature from the byte sniffer.
        is_html = sniff_html(text.lstrip()[:1024].encode("utf-8", "replace"))
    return [_page_or_dump(path, data, text, is_html)]


def _page_or_dump(path: str, data: bytes, text: str, tagged: bool) -> RawDoc:
    """An HTML page, or a text dump (``tagged``: a tag was seen near its start). A document (doctype, <html>...)
    is HTML; so is markup on most lines, with the text dump as the fallback; a dump with a few tags is a dump
    without them, with the page as the fallback. README, "Formats"."""
    from corpus_cli.ingest import sniff  # here, as warc in read_bytes

    if tagged and not sniff.is_document(data.lstrip(codecs.BOM_UTF8)) and not sniff.is_document(
            text.lstrip()[:4096].encode("utf-8", "replace")):
        if sniff.mostly_markup(text):
            return RawDoc(path=path, part=0, kind="html", content=text, fallback=sniff.detag(text))
        return RawDoc(path=path, part=0, kind="text", content=sniff.detag(text), fallback=text)
    if not tagged and sniff.has_tags(text):
        return RawDoc(path=path, part=0, kind="text", content=text, fallback=text)
    return RawDoc(path=path, part=0, kind="html" if tagged else "text", content=text)
