"""Where the quotations of a paragraph stand: quoted spans (curly, straight, guillemet and single marks;
single marks inside double ones are nested, not separate quotes; an unbalanced mark spoils only its own
paragraph), sentence bounds, and the key that makes one quote carried by several outlets one."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

# Where a sentence ends (not at a title's or an initial's dot), and quotations, which the readers of speakers leave
# out (a quotation's "We" opens no sentence, its "spokesman" gives no one a role).
SENTENCE_BREAK = re.compile(r"[.!?](?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)"
                             r"(?<!\b[A-Z]\.)[\"”’]?\s+|\n+")
QUOTED = re.compile(r"[“\"][^“”\"\n]*[”\"]")

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“”", "‹": "›", "「": "」"}
_MARK = re.compile(r"[“«„‹「\"‘']")


def _close_pattern(close: str) -> re.Pattern:
    """The closing mark(s); a closing single quote is not an apostrophe inside a word (don't)."""
    body = "[" + re.escape(close) + "]"
    return re.compile(body + r"(?![^\W_])" if close == "’'" else body)


_CLOSERS = {close: _close_pattern(close) for close in [*_OPEN_CLOSE.values(), '"”', "’'"]}
_CLOSERS["''"] = re.compile("''")
# A sentence ends at . ! ? before a capital, but not after an honorific or an initial ("Mr. Trump", "E. Perez").
# (The mark comes first, the look-behinds after it: a pattern that opens with a look-behind is tried at every character.)
_SENT_END = re.compile(r"[.!?](?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)"
                       r"(?<!\bGen\.)(?<!\b[A-Z]\.)[\"'”’»]{0,2}\s+(?=[\"“‘«'A-ZА-Я])")
PARAGRAPH = re.compile(r"[^\n]+")
WORD = re.compile(r"\w+")
CLOSING_MARKS = "”»\"’'“"


def _closer(par: str, i: int) -> str | None:
    """The closing mark(s) for the mark at ``par[i]``, or None when it opens nothing (an apostrophe)."""
    ch = par[i]
    if par.startswith("''", i) and i + 2 < len(par) and not par[i + 2].isspace():
        return "''"  # two apostrophes: the New York Times' quotation marks
    if ch in _OPEN_CLOSE:
        return _OPEN_CLOSE[ch]
    if ch == '"':
        return '"”'  # typed straight, closed curly by an editor's autocorrect
    if ch in "‘'" and (i == 0 or not par[i - 1].isalnum()) and i + 1 < len(par) and par[i + 1].isalnum():
        return "’'"
    return None


def quote_spans(par: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level quoted span in a paragraph, including its marks."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(par)
    while i < n:
        m = _MARK.search(par, i)
        if m is None:
            break
        i = m.start()
        close = _closer(par, i)
        if close is None:
            i += 1
            continue
        width = len(close) if close == "''" else 1
        cm = _CLOSERS[close].search(par, i + width)
        j = cm.start() if cm else n
        if j >= n:
            # Unclosed: a paragraph that opens with a mark and runs on (the quote continues in the next
            # paragraph, news style). Elsewhere an unbalanced mark spoils only this paragraph.
            if i == 0 or par[:i].strip() == "":
                spans.append((i, n))
            break
        spans.append((i, j + width))
        i = j + width
    return spans


def mark_width(par: str, s: int) -> int:
    """How many characters the quotation mark at ``par[s]`` takes (two for ``''``)."""
    return 2 if par.startswith("''", s) else 1


def quote_key(text: str) -> str:
    """Normalised key: the same quote carried by several outlets gives the same key."""
    t = text.lower() if text.isascii() else unicodedata.normalize("NFKD", text.casefold())
    if not t.isascii():
        # Accents off: the combining marks among the quote's distinct characters, then all of them in one pass
        # (cheaper than a test per character).
        marks = [ch for ch in set(t) if unicodedata.combining(ch)]
        if marks:
            t = t.translate(dict.fromkeys(map(ord, marks)))
    return " ".join(WORD.findall(t))


def sentences(par: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph."""
    out, start = [], 0
    for m in _SENT_END.finditer(par):
        out.append((start, m.start() + 1))
        start = m.end()
    out.append((start, len(par)))
    return out


def sentence_ends(par: str) -> list[int]:
    """Where each sentence break of a paragraph ends, in order (``sentence_start``'s input)."""
    return [m.end() for m in _SENT_END.finditer(par)]


def sentence_start(par: str, pos: int, ends: list[int] | None = None) -> int:
    """Where the sentence holding ``pos`` starts in the paragraph; ``ends`` (``sentence_ends(par)``) computed once
    keeps a paragraph of many quotes linear."""
    ends = sentence_ends(par) if ends is None else ends
    k = bisect_right(ends, pos)
    return ends[k - 1] if k else 0


def line_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the line holding ``text[start:end]`` before and after it (a headline's other words)."""
    b = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : start], text[end : len(text) if b < 0 else b]
