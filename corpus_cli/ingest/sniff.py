"""HTML page or text dump? Decided by the document's structure, not by the first tag in it.

A page is HTML when it says so (a doctype, or <html>, <head> or <body> near its start) or when enough of its
lines carry markup (a share fitted on labelled pages and dumps). A text dump with a few tags (a tracking-pixel line left by the dump tool, <br> at the ends of its
lines, a <p> caption) is a text dump: its tags are taken out before the text cleaner reads it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus_cli import package_data

# Near the start of a page: what only an HTML document (not a dump with stray tags) begins with.
_DOCUMENT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>/]|<\?xml[^>]*>\s*<html", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>|<!--.{0,2000}?-->", re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_BREAKS_AT_END = re.compile(r"(?:[ \t]*<br\s*/?>)+[ \t]*(?=\r?$)", re.I | re.M)
SAMPLE_LINES = 200  # the first lines (not blank) whose markup is counted


@lru_cache(maxsize=1)
def markup_lines() -> float:
    """The share of marked-up lines from which a file that is not an HTML document is HTML: fitted on labelled
    pages and dumps by scripts/fit_sniff.py (docs/performance.md), shipped in corpus_cli/data/sniff.json."""
    return package_data.load("sniff.json", "the format threshold", lambda d: float(d["markup_lines"]))


def is_document(data: bytes) -> bool:
    """The bytes begin an HTML document (doctype, <html>, <head> or <body> in the first 4 kB)."""
    return bool(_DOCUMENT.search(data[:4096]))


def markup_share(text: str) -> float:
    """The share of the text's first lines (blank ones aside) that carry a tag other than <br>."""
    lines = [ln for ln in text[:65536].splitlines() if ln.strip()][:SAMPLE_LINES]
    if not lines:
        return 0.0
    return sum(1 for ln in lines if _TAG.search(_BREAK.sub("", ln))) / len(lines)


def mostly_markup(text: str) -> bool:
    """Enough of the text's lines carry markup for it to be a fragment of a page rather than a dump."""
    return markup_share(text) >= markup_lines()


def has_tags(text: str) -> bool:
    return _TAG.search(text) is not None


def detag(text: str) -> str:
    """A text dump without its stray tags: <br> ends a line, other tags go, and a line that held only tags goes
    with them (as if the dump tool had not left it)."""
    out = []
    for line in _BREAK.sub("\n", _BREAKS_AT_END.sub("", text)).split("\n"):
        if not _TAG.search(line):
            out.append(line)
            continue
        bare = _TAG.sub("", line).rstrip()
        if bare.strip():
            out.append(bare)
    return "\n".join(out)
