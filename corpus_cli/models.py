"""Dataclasses passed between the pipeline's stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawDoc:
    """One document read from an input file (a JSON Lines file gives several)."""

    path: str  # absolute path of the input file
    part: int  # record number inside the file (0 for whole-file documents)
    kind: str  # "html" or "text"
    content: str  # decoded HTML or text
    url: str | None = None
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    container: str = "file"  # "file", "json" for a record of a JSON / JSON Lines file, "warc" for a WARC/ARC record
    fetched: str | None = None  # when a crawler fetched it (WARC-Date): the date if the page shows none
    fallback: str | None = None  # what the other reader (text for html, html for text) gets if this one finds nothing


@dataclass
class Cleaned:
    """What a cleaner (HTML or text dump) gives: the body and the metadata the page shows."""

    text: str
    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    publisher: str | None = None  # a hint: site name, promo line
    wires: list[str] = field(default_factory=list)  # wire services credited in the byline
    line_keys: list[str] = field(default_factory=list)  # short lines of a text dump, for corpus learning
    # The body cleaned without corpus-learned lines, where that differs from ``text``: the article's identity.
    identity_text: str | None = None


# "direct": a whole sentence or more in quotation marks; "partial": quoted words inside a sentence;
# "indirect": reported speech, no quotation marks ("Trump said he would ...").
QUOTE_KINDS = ("direct", "partial", "indirect")


@dataclass
class Quote:
    text: str
    kind: str  # one of QUOTE_KINDS
    start: int  # offsets into the stored article text
    end: int
    speaker: str | None = None  # resolved actor name
    speaker_mention: str | None = None  # the words the text uses
    cue: str | None = None  # reporting verb or label ("said", "according to", "Quote:")
    confidence: float = 0.0
    affiliation: str | None = None
    key: str = ""  # normalised quote key (same quote across outlets)


@dataclass
class Mention:
    name: str  # canonical actor name
    type: str
    count: int
    first_pos: int
    aliases: list[str] = field(default_factory=list)  # other names found for a discovered actor ("KCNA")


@dataclass
class SourceRef:
    name: str
    role: str  # "publisher" or "cited"


@dataclass
class Article:
    """A cleaned, extracted document, ready to store."""

    text: str
    content_hash: str
    kind: str
    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    language: str | None = None
    publisher: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    body_hash: str | None = None  # the stored body's content hash, where it differs from content_hash (#23)
    bands: list[int] = field(default_factory=list)  # LSH band keys of the body (dedup/minhash.py)
