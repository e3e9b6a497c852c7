"""Markdown's marks in a text dump (html2text's, a user's pandoc or Markdown export): undone where Markdown would
read them, so that the line model and the stored body see the words ("_Reuters_" is one token that no reader's
"Reuters" matches). Links and images become their text, emphasis its words, a heading or quote its line, an escape
its character. A mark Markdown would show as it is stays: "snake_case", "2*3*4", a lone "_" or "*"."""

from __future__ import annotations

import re

# A backslash before ASCII punctuation is an escape (CommonMark): html2text writes "1\.", "\-", "\\", "\[".
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Escaped marks stand aside while the others are read: the 32 ASCII punctuation characters as the 32 Unicode
# noncharacters U+FDD0..U+FDEF, which no text holds (any in the dump are dropped first).
_PUNCT = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())
_HIDE = {ord(c): 0xFDD0 + i for i, c in enumerate(_PUNCT)}
_SHOW = {v: k for k, v in _HIDE.items()}
_NONCHAR = re.compile("[\ufdd0-\ufdef]")
# "[text](url)", "![alt](src)", "[text](<url> "title")". html2text wraps the text onto the next line and breaks a
# long address after a hyphen ("...-wagon-as-" / "a-seductive-ev/)"): the pieces are one line again. An image inside
# a link ("[![alt](src)](href)") is undone first, then the link around it.
_LINK = re.compile(r"!?\[((?:[^\[\]\n]|\n(?![ \t]*\n))*)\]\([ \t]*(?:<[^<>\n]*>|"
                   r"(?:[^\s()]|(?<=-)\s)*(?:\([^\s()]*\)(?:[^\s()]|(?<=-)\s)*)*)"
                   r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)")
# An ATX heading's marks ("## Title ##") and a block quote's ("> > text"), indented three spaces at most (lynx
# indents its "#" bullets further). Marks with no heading ("###") are a separator between parts of a page: they stay.
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(\S.*)")
_QUOTE = re.compile(r"^ {0,3}>(?:[ \t]?>)*[ \t]?")
# A pipe table's delimiter row ("---|---|---", "| :-- | --: |"): the rows around it are a table's.
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_RUN = re.compile(r"\*+|_+")
_ALNUM = re.compile(r"[^\W_]")
_HINT = re.compile(r"[\\\[*_#>|]")
_DEPTH = 16  # openers a closer looks back through: nesting is shallow; a hostile line's thousands are not read


def _kind(ch: str) -> int:
    """0 white space (or the line's edge), 1 punctuation, 2 a word character."""
    if not ch or ch.isspace():
        return 0
    return 2 if ch.isalnum() else 1


def _emphasis(line: str) -> str:
    """``line`` without the emphasis runs that pair up as CommonMark pairs them, except that "*" never opens or
    closes inside a word (as "_" does not): a pair is two runs of the same mark and length with a word between."""
    runs = list(_RUN.finditer(line))
    if len(runs) < 2:
        return line
    drop: list[tuple[int, int]] = []
    openers: list[re.Match] = []
    for m in runs:
        before = _kind(line[m.start() - 1] if m.start() else "")
        after = _kind(line[m.end()] if m.end() < len(line) else "")
        left = after and (after == 2 or before < 2)
        right = before and (before == 2 or after < 2)
        if right and (not left or after == 1):
            for k in range(len(openers) - 1, max(-1, len(openers) - 1 - _DEPTH), -1):
                o = openers[k]
                if o.group() == m.group() and _ALNUM.search(line, o.end(), m.start()):
                    drop += [o.span(), m.span()]
                    del openers[k:]
                    break
            else:
                if left and before == 1:
                    openers.append(m)
            continue
        if left and (not right or before == 1):
            openers.append(m)
    if not drop:
        return line
    out, at = [], 0
    for s, e in sorted(drop):
        out.append(line[at:s])
        at = e
    return "".join(out) + line[at:]


def _line(line: str) -> str:
    first = line.lstrip(" ")[:1]
    if first == "#":
        m = _HEADING.match(line)
        if m:
            line = m.group(1).rstrip()
            bare = line.rstrip("#")
            if bare != line and bare[-1:] in (" ", "\t"):  # a closing sequence: "## Title ##"
                line = bare.rstrip()
    elif first == ">":
        line = _QUOTE.sub("", line, 1)
    return _emphasis(line) if "*" in line or "_" in line else line


def _tables(lines: list[str]) -> list[str]:
    """Pipe tables laid out as a browser's dump lays tables out: cells in aligned columns, no delimiter row (a "|"
    between cells reads as a menu's separator)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not (out and "|" in out[-1] and _DELIMITER.match(lines[i])):
            out.append(lines[i])
            i += 1
            continue
        rows = [_cells(out.pop())]
        i += 1
        while i < len(lines) and "|" in lines[i]:
            rows.append(_cells(lines[i]))
            i += 1
        widths = [max(len(r[k]) for r in rows if k < len(r)) for k in range(max(map(len, rows)))]
        out.extend("   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
    return out


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") else row
    return [c.strip() for c in row.split("|")]


def _link_text(m: re.Match) -> str:
    return m.group(1).replace("\n", " ")


def unmark(lines: list[str]) -> list[str]:
    """``lines`` (a dump's, unwrapped) with their Markdown marks undone; a link wrapped over lines joins them."""
    if not any(_HINT.search(x) for x in lines):
        return lines
    hidden = False
    if any("\\" in x for x in lines):
        text = "\n".join(lines)
        hidden = bool(_ESCAPE.search(text))
        text = _ESCAPE.sub(lambda m: m.group(1).translate(_HIDE), _NONCHAR.sub("", text)) if hidden else text
        lines = text.split("\n")
    if any("](" in x for x in lines):
        text = "\n".join(lines)
        for _ in range(2):  # an image inside a link, then the link
            text = _LINK.sub(_link_text, text)
        lines = text.split("\n")
    lines = [_line(x) for x in lines]
    if any("-|" in x or "|-" in x or "| -" in x or "- |" in x for x in lines):
        lines = _tables(lines)
    # str.translate is slow: only the lines that hold an escaped mark need it
    return [x.translate(_SHOW) if _NONCHAR.search(x) else x for x in lines] if hidden else lines
