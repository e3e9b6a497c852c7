"""The text cleaner's lines: repairing and unwrapping a dump, and the facts of each line (words, key, bullet,
sentence end, stop-word share, boilerplate shape) that the classifier reads."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from corpus_cli.clean import lang as langmod
from corpus_cli.clean import metadata as md
from corpus_cli.clean.patterns import BULLET, CONTROL, FRAME, IFRAME, LINK_HEADER, WORD, ends_sentence, shape_bad
from corpus_cli.memo import short_string_cache

KEY_CHARS = 2000  # a line's key is made from its first this-many characters


def line_key(line: str) -> str:
    """The form under which a line is compared with others (in the dump and across the corpus)."""
    line = line[:KEY_CHARS]
    text = line.lower() if line.isascii() else unicodedata.normalize("NFKC", line).casefold()
    return " ".join(WORD.findall(text))


@dataclass
class Line:
    text: str
    words: int
    key: str
    bullet: bool
    ends: bool  # ends like a sentence
    stop: float  # share of stop words
    repeated: bool = False  # shown more than once in the dump
    shape_bad: bool = False  # boilerplate by its own shape (see shape_bad)
    comments: bool = False  # starts or heads a comment thread
    related: bool = False  # a heading over other stories ("You may also like")
    table: bool = False  # a row of a data table in the article
    kind: str = "SHORT"
    weight: float = 0.0


def repair(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = md.repair_entities(text)
    text = CONTROL.sub("", text).replace("\t", "    ")
    return "\n".join(FRAME.sub("", line.rstrip()) for line in _drop_link_header(text.split("\n"))
                     if not IFRAME.match(line))


def _drop_link_header(lines: list[str]) -> list[str]:
    """Without lynx's block of the page head's link titles, when the dump opens with it: its words are no part
    of the page's text, and its "Comments Feed" reads as a comment thread's mark above the article."""
    first = next((i for i, x in enumerate(lines) if x.strip()), None)
    if first is None or not LINK_HEADER.match(lines[first]):
        return lines
    end = next((i for i in range(first, len(lines)) if not lines[i].strip()), len(lines))
    return lines[:first] + lines[end:]


def _first_word_len(line: str) -> int:
    stripped = line.lstrip()
    return len(stripped.split(" ", 1)[0]) if stripped else 0


def _wrapped(block: list[str], page_width: float) -> list[bool] | None:
    """Where each line of one block (consecutive non-blank lines) goes on in the next, when a dump tool wrapped the
    block at its width; None when it did not. Wrapped prose shows it in most of its lines: each ends where the next
    line's first word would not have fitted. A list of similar-length headlines does that in one or two lines at
    most. ``page_width``: the width the dump's wrapped blocks were wrapped at."""
    if len(block) < 2:
        return None
    width = max(len(x) for x in block)
    if width < 40:  # narrower than any dump tool's page or column: nothing was wrapped
        return None
    if sum(1 for x in block if "  " in x.strip()) * 2 >= len(block):
        return None  # a table's rows, laid out in columns: each row is a line of its own
    fits = [len(block[i]) + 1 + _first_word_len(block[i + 1]) > width and _first_word_len(block[i + 1]) <= 25
            for i in range(len(block) - 1)]
    if sum(fits) >= max(2, 0.6 * len(fits)):
        return fits
    # Two lines: the second goes on in lower case, or the first is as long as the dump's wrapped lines get (lynx
    # cuts "... missing for five years in" / "Portland, Oregon, ..." at 80 columns).
    if len(fits) == 1 and fits[0] and (block[1].strip()[:1].islower()
                                       or len(block[0]) + 1 + _first_word_len(block[1]) > page_width
                                       and WORD.search(block[0]) and WORD.search(block[1])
                                       and not BULLET.match(block[0])):
        return fits
    return None


def _unwrap_block(block: list[str], page_width: float) -> list[str]:
    fits = _wrapped(block, page_width)
    if fits is None:
        return block
    out = [block[0]]
    for i in range(1, len(block)):
        if fits[i - 1]:
            out[-1] = out[-1].rstrip() + " " + block[i].strip()
        else:
            out.append(block[i])
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    """The dump's blocks of consecutive non-blank lines (a bullet starts one) and, as empty blocks, its blank
    lines."""
    out: list[list[str]] = []
    block: list[str] = []
    for line in lines + [""]:
        if line.strip() and not BULLET.match(line.strip()[:3]) or (line.strip() and not block):
            block.append(line)
            continue
        if block:
            out.append(block)
        block = [line] if line.strip() else []
        if not line.strip():
            out.append([])
    return out[:-1]


def unwrap(lines: list[str]) -> list[str]:
    """Re-join lines wrapped at a fixed width by the tool that dumped the page, block by block (a page's
    columns and table cells wrap at widths of their own)."""
    blocks = _blocks(lines)
    # The page's width: that its wrapped blocks agree on (a tool that wraps shows many of one width; in a dump no
    # tool wrapped a block may look wrapped by chance, at a width of its own): none when no two agree.
    widths = sorted((max(map(len, b)) for b in blocks if _wrapped(b, float("inf"))), reverse=True)
    while len(widths) > 1 and widths[0] > widths[1] + 3:
        widths.pop(0)
    page_width = widths[1] if len(widths) > 1 else float("inf")
    out: list[str] = []
    for b in blocks:
        out.extend(_unwrap_block(b, page_width) if b else [""])
    return out


def join_continuations(lines: list[str]) -> list[str]:
    """Re-join a line wrapped inside a narrower column (a table cell, an indented block): the next line
    goes on in lower case and this one does not end a sentence."""
    out: list[str] = []
    for line in lines:
        s = line.strip()
        if out and s and s[0].islower() and not BULLET.match(s):
            prev = out[-1].rstrip()
            if len(prev) >= 30 and not ends_sentence(prev) and not prev.endswith(":"):
                out[-1] = prev + " " + s
                continue
        out.append(line)
    return out


def features(text: str, language: str | None = None) -> Line:
    """A dump line's facts, for the classifier."""
    stripped = text.strip()
    words, key, bullet, ends, stop, shape_bad = _line_facts(stripped, language)
    return Line(text=stripped, words=words, key=key, bullet=bullet, ends=ends, stop=stop, repeated=False,
                shape_bad=shape_bad)


# Lines recur across the dumps of one site (menus, headline lists, footers): what depends on a line's text alone
# is worked out once per worker. Longer lines are prose, seen once: caching them only grows the worker
# (measured with make bench, see docs/performance.md); 20,000 lines hold a site's menus many times over.
CACHED_LINE_CHARS = 300


def facts(stripped: str, language: str | None) -> tuple[int, str, bool, bool, float, bool]:
    stops = langmod.stopwords(language)
    bullet = bool(BULLET.match(stripped))
    body = BULLET.sub("", stripped) if bullet else stripped
    lower = body.lower()
    ascii_ = body.isascii()
    if len(body) <= KEY_CHARS and (ascii_ or len(lower) == len(body) and lower == body.casefold()
                                   and unicodedata.is_normalized("NFKC", body)):
        # Lower-casing changed no character into two (as "İ" is) and normalising would change nothing: the
        # words of the lower-cased line are the line's words in lower case, and its key's: found once, not twice.
        words = WORD.findall(lower)
        key = " ".join(words)
    else:
        words = [w.lower() for w in WORD.findall(body)]
        key = line_key(body)
    n = len(words)
    # Chinese and Japanese do not put spaces between words: count about two characters a word.
    if not ascii_:
        cjk = len(langmod.WIDE.findall(body))
        if cjk:
            n = max(n, cjk // 2)
    stop = (sum(map(stops.__contains__, words)) / len(words)) if (words and stops) else 0.0
    return n, key, bullet, ends_sentence(body), stop, shape_bad(body, n, key)


_line_facts = short_string_cache(CACHED_LINE_CHARS, 20_000)(facts)
