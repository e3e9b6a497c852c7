"""The text cleaner's head metadata: title, byline, date, tags and publisher, from the lines around the body."""

from __future__ import annotations

from corpus_cli.clean import metadata as md
from corpus_cli.clean.lines import CACHED_LINE_CHARS, Line
from corpus_cli.clean.patterns import AD_LABEL, TIMESTAMP, UI, WORD, caption_like, cta_like
from corpus_cli.memo import short_string_cache

# Looked for in every line of a dump that names no outlet, and the same lines recur (menus, footers).
_publisher_hint = short_string_cache(CACHED_LINE_CHARS, 20_000)(md.publisher_hint)


def find_title(head: list[Line], byline_idx: int | None, known: str | None) -> str | None:
    if known:
        return known
    if not head:
        return None
    counts: dict[str, int] = {}
    for ln in head:
        counts[ln.key] = counts.get(ln.key, 0) + 1

    def headline(ln: Line) -> bool:
        t = ln.text
        return (
            3 <= ln.words <= 40
            and not t.endswith(".")
            and not TIMESTAMP.match(t)
            and not md.find_date(t)
            and not (md.BY_PREFIX.match(t) and md.parse_byline(t))  # a byline is never the title
            and not UI.match(t)
            and not AD_LABEL.match(t)
            and not caption_like(t)
            and not cta_like(t)
            and sum(1 for w in WORD.findall(t) if len(w) > 3) >= 2
        )

    # A headline shown twice (above and below the byline) is the title.
    twice = [ln for ln in head if counts[ln.key] > 1 and headline(ln)]
    if twice:
        return max(twice, key=lambda ln: ln.words).text
    end = byline_idx if byline_idx is not None else len(head)
    for ln in reversed(head[:end]):
        if headline(ln) and counts[ln.key] == 1:
            return ln.text
    return None


def find_byline(head: list[Line]) -> tuple[int | None, str | None, list[str], list[str]]:
    """(index in head, date, authors, wires) of the byline, searching upwards from the body."""
    date = None
    for i in range(len(head) - 1, -1, -1):
        t = head[i].text
        found = md.find_date(t)
        if found:
            iso, s, _ = found
            before = t[:s].strip(" ,|-–—·")
            parsed = md.parse_byline(before) if before else None
            if not parsed and i and md.BY_PREFIX.match(head[i - 1].text):
                # "Par Claire Dubois" on its own line above "Publié le 28 avril 2025": one byline of two lines.
                above = md.parse_byline(head[i - 1].text)
                if above:
                    return i - 1, iso, *above
            authors, wires = parsed if parsed else ([], [])
            # The byline's own date (with a time) beats a page header's date.
            return i, iso, authors, wires
        parsed = md.parse_byline(t) if md.BY_PREFIX.match(t) or " with " in t.lower() else None
        if parsed:
            authors, wires = parsed
            # A date header further up still gives the date.
            for ln in head[:i]:
                found = md.find_date(ln.text)
                if found:
                    date = found[0]
            return i, date, authors, wires
    return None, None, [], []


def first_date(head: list[Line]) -> str | None:
    """The first date shown above the body, when the byline gave none."""
    for ln in head:
        found = md.find_date(ln.text)
        if found:
            return found[0]
    return None


def find_tags(after: list[Line]) -> list[str]:
    """Tags from the lines right after the body: a "Tags:" line, or tag links glued together by the dump."""
    for ln in after:
        parsed = md.parse_tag_line(ln.text)
        if parsed:
            return parsed
        if md.is_glued(ln.text) and not ln.ends and ln.words <= 15:
            return md.split_glued(ln.text)
    return []


def find_publisher(lines: list[Line]) -> str | None:
    """The outlet a promotional or copyright line names ("Support Ukrainska Pravda on Patreon!")."""
    for ln in lines:
        publisher = _publisher_hint(ln.text)
        if publisher:
            return publisher
    return None
