"""The normal form of a cleaned body and the content hash taken over it.

The content hash is a contract (README, "Content hash"): two bodies that differ only in the ways listed
here are the same article.

Normal form, in order:
1. Unicode NFKC (full-width letters, ligatures, non-breaking and other odd spaces become plain ones).
2. Invisible characters removed: zero-width space/joiners, word joiner, soft hyphen, BOM.
3. Quote marks folded: every single quote or apostrophe (' ‘ ’ ‚ ‛ ′ ʼ ´ `) becomes ', every double quote
   (" “ ” „ ‟ ″ « » ‹ › 「 」) becomes ". Dashes (‐ ‑ ‒ – — ―) become -.
4. Line endings: CR LF and lone CR become LF.
5. Whitespace: runs of spaces and tabs become one space; lines are stripped; runs of blank lines
   become one paragraph break; leading and trailing blank lines go.

The hash is ``sha256:`` followed by the hex SHA-256 of the UTF-8 bytes of that normal form.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

HASH_ALGORITHM = "sha256"

_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u200b\u200c\u200d\u2060\u00ad\ufeff", None),
        **dict.fromkeys("'‘’‚‛′ʼ´`", "'"),
        **dict.fromkeys('"“”„‟″«»‹›「」', '"'),
        **dict.fromkeys("‐‑‒–—―", "-"),
    }
)
_SPACES = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")  # a lone space is already its own normal form
_BLANKS = re.compile(r"\n{3,}")


# The characters _FOLD changes (it maps ' and " to themselves), replaced match by match: str.translate
# looks up every character of the text, and a body holds only a few of these.
_FOLD_MAP = {chr(k): v or "" for k, v in _FOLD.items() if chr(k) != v}
_FOLDED = re.compile("[" + re.escape("".join(_FOLD_MAP)) + "]")


def normal_form(text: str) -> str:
    """Return the documented normal form of ``text`` (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    text = _FOLDED.sub(lambda m: _FOLD_MAP[m.group()], text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NFKC turns U+2028/U+2029 into themselves; treat them as line breaks too.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:  # most bodies have none: skip the scan
        text = _SPACES.sub(" ", text)
    text = "\n".join([line.strip() for line in text.split("\n")])
    if "\n\n\n" in text:  # a regex scan of every character costs more than the whole rest
        text = _BLANKS.sub("\n\n", text)
    return text.strip("\n")


def content_hash(text: str) -> str:
    """``sha256:<hex>`` over the normal form of ``text``."""
    digest = hashlib.sha256(normal_form(text).encode("utf-8")).hexdigest()
    return f"{HASH_ALGORITHM}:{digest}"


def file_hash(data: bytes) -> str:
    return f"{HASH_ALGORITHM}:{hashlib.sha256(data).hexdigest()}"
