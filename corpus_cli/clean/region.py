"""The text cleaner's classifier and body region: each line's kind and weight, the heaviest run of prose,
and which lines of it stay."""

from __future__ import annotations

import re

from corpus_cli.clean.lines import Line
from corpus_cli.clean.patterns import BULLET, COMMENTS_MARK, PATTERN_MAX_WORDS, RELATED_HEAD, comment_head


def _is_bad(line: Line, counts: dict[str, int], learned: frozenset[str]) -> bool:
    if line.shape_bad:
        return True
    if line.words > PATTERN_MAX_WORDS:
        return False
    # Repeated in the same dump and short: menu items, section links. (Longer repeated lines only lose
    # their prose weight, below: interview questions and list items repeat inside articles too.)
    if counts.get(line.key, 0) > 1 and line.words <= 3:
        return True
    # Learned from the corpus: short lines seen in many other articles. Section labels ("Background:")
    # recur too, and belong to the article.
    if line.key in learned and line.words <= 25 and not (line.words <= 3 and line.text.endswith(":")):
        return True
    return False


# Weights of the body-region search, set by hand on the AEB pages, one at a time (see docs/performance.md).
RUN_CAP = 6  # beyond six lines a run is surely not the article; the cap keeps single huge runs finite
SHORT_WEIGHT = -1.5  # a heading or menu item: crossing one costs a little
BAD_BASE = 3.0  # boilerplate costs this plus half a point a word
NEAR_FACTOR = 0.5  # a short sentence weighs half its words
GOOD_MIN_WORDS = 10  # a sentence-ending line this long (with stop words) is prose


_COLUMN_GAP = re.compile(r"\S {2,}\S")
_DIGIT = re.compile(r"\d")
TABLE_MIN_ROWS = 4  # a standings or results table; a sidebar's three-row ticker is not one


def _table_rows(lines: list[Line]) -> set[int]:
    """Lines that are the rows of a data table: four or more in a row laid out in three or more columns
    (cells apart by two or more spaces), each with a figure in it, plus the header row above them."""
    rows: set[int] = set()
    run: list[int] = []
    for i, ln in enumerate(lines + [None]):
        cells = re.split(r" {2,}", ln.text) if ln is not None and _COLUMN_GAP.search(ln.text) else []
        if len(cells) >= 3 and _DIGIT.search(ln.text):
            run.append(i)
            continue
        if len(run) >= TABLE_MIN_ROWS:
            rows.update(run)
            head = run[0] - 1
            if head >= 0 and len(re.split(r" {2,}", lines[head].text)) >= 3:
                rows.add(head)
        run = []
    return rows


def classify(lines: list[Line], counts: dict[str, int], learned: frozenset[str], has_stops: bool) -> None:
    """Set each line's kind and weight."""
    table = _table_rows(lines) if any("  " in ln.text for ln in lines) else set()  # lines are stripped
    for i, ln in enumerate(lines):
        if i in table and not ln.shape_bad and ln.key not in learned:
            # A table's rows carry the article's figures (standings, results): they count like short prose.
            ln.kind, ln.weight = "NEAR", NEAR_FACTOR * min(ln.words, 20)
            ln.table = True
            continue
        if _is_bad(ln, counts, learned):
            ln.kind = "BAD"
            ln.weight = -(BAD_BASE + 0.5 * ln.words)
            # The start of a comment thread ends the article: the body region must not reach across it.
            t = BULLET.sub("", ln.text)
            ln.related = not ln.bullet and ln.words <= 6 and bool(RELATED_HEAD.match(t))
            if COMMENTS_MARK.match(t) or comment_head(t):
                ln.weight = -60.0
                # "• Comments" in a share bar (Facebook, Twitter, Comments, Print) links to the thread;
                # a heading of its own, or a commenter's "X said:", starts it.
                ln.comments = not ln.bullet or comment_head(t)
            continue
        if counts.get(ln.key, 0) > 1 and not (ln.ends and ln.words >= 8):
            ln.kind, ln.weight, ln.repeated = "BAD", -(BAD_BASE + 0.5 * ln.words), True
            continue
        # Where the language is unknown, stop-word density cannot vote: sentence shape decides.
        stop_ok = ln.stop >= 0.2 if has_stops else True
        stop_good = ln.stop >= 0.25 if has_stops else True
        if ln.words >= GOOD_MIN_WORDS and ln.ends and stop_ok or ln.words >= 2 * GOOD_MIN_WORDS and stop_good:
            ln.kind, ln.weight = "GOOD", float(min(ln.words, 80))
        elif ln.words >= 5 and ln.ends and stop_ok:
            ln.kind = "NEAR"
            ln.weight = NEAR_FACTOR * ln.words
        else:
            ln.kind, ln.weight = "SHORT", SHORT_WEIGHT
    # A run of non-prose lines costs more the longer it is: one heading or ad label inside an article is
    # cheap to cross, a block of related headlines or a footer is not.
    run = 0
    for ln in lines:
        if ln.weight < 0:
            run += 1
            ln.weight *= min(run, RUN_CAP)
        else:
            run = 0


ARTICLE_MIN = 40.0  # weight of a paragraph or two of prose (a GOOD line weighs its words)
# Not simply the heaviest run: a page that scrolls on into the next article shows its own first (set on AEB pages).
FIRST_REGION_SHARE = 0.6


def _teasers_follow(lines: list[Line], h: int, span: int = 15) -> bool:
    """After a "Related"/"You may also like" heading: a list of other stories follows (their leads stand
    one by one between titles and images), not the rest of the article (paragraphs one after another)."""
    def para(ln: Line) -> bool:
        return ln.kind == "GOOD" and not ln.bullet  # BULLET also covers numbered items ("1. ")

    window = lines[h + 1 : h + 1 + span]
    return not any(para(x) and para(y) for x, y in zip(window, window[1:]))


def best_region(lines: list[Line]) -> tuple[int, int]:
    """The body region [start, end): of the runs with a positive total weight (Kadane's segments), the
    first that weighs at least FIRST_REGION_SHARE of the heaviest. Pages that scroll on into the next
    article, or into comments, carry their own article first."""
    segments: list[tuple[float, int, int]] = []
    best, best_span = 0.0, (0, 0)
    cur, start = 0.0, 0
    for i, ln in enumerate(lines):
        if cur <= 0:
            if best > 0:
                segments.append((best, *best_span))
            best, cur, start = 0.0, 0.0, i
        cur += ln.weight
        if cur > best:
            best, best_span = cur, (start, i + 1)
    if best > 0:
        segments.append((best, *best_span))
    if not segments:
        return 0, 0
    # Comments follow their article: after a run of prose the size of a paragraph or two, the first
    # comment-thread mark ends the search (a long thread outweighs a short article).
    first = next((seg for seg in segments if seg[0] >= ARTICLE_MIN), None)
    if first is not None:
        mark = next((i for i in range(first[1], len(lines)) if lines[i].comments or (
            lines[i].related and _teasers_follow(lines, i))), None)
        if mark is not None:
            segments = [(sc, a, min(b, mark)) for sc, a, b in segments if a < mark]
    top = max(s[0] for s in segments)
    for score, a, b in segments:
        if score >= FIRST_REGION_SHARE * top:
            return a, b
    return 0, 0


def trailing_list(lines: list[Line], b: int) -> list[int]:
    """A list the article announces right after its last paragraph ("Tour dates:", "The qualified
    teams:"): a label ending in a colon, then three or more items. Returns their indexes (or none)."""
    if b >= len(lines) or b == 0:
        return []
    intro = lines[b]
    if not (intro.text.endswith(":") and 2 <= intro.words <= 15 and intro.kind != "BAD"):
        return []
    end = b + 1
    while end < len(lines) and lines[end].kind in ("SHORT", "NEAR") and lines[end].words >= 2:
        end += 1
    return list(range(b, end)) if end - b - 1 >= LIST_MIN_ITEMS else []


LIST_MIN_ITEMS = 3  # fewer items after a colon are as likely a promo box's links


def keep_in_region(lines: list[Line], a: int, b: int) -> list[int]:
    """Indexes of the lines kept from the body region [a, b)."""
    kept = []
    i = a
    while i < b:
        ln = lines[i]
        if ln.kind in ("GOOD", "NEAR"):
            kept.append(i)
            i += 1
            continue
        if ln.kind == "BAD":
            i += 1
            continue
        # A run of short lines (headings, labels, list items) stays when the article goes on after it:
        # one heading or label, or a list whose items are bullets or sentences of two words or more.
        j = i
        while j < b and lines[j].kind != "GOOD" and lines[j].kind != "NEAR":
            j += 1
        run = [k for k in range(i, j) if lines[k].kind == "SHORT"]
        if j < b and run:
            if len(run) == 1 and lines[run[0]].words <= 20:
                kept.extend(run)
            else:
                items = [k for k in run if (lines[k].bullet or lines[k].ends) and lines[k].words >= 2]
                heads = [k for k in run if k not in items]
                if len(items) >= len(run) - 1:
                    kept.extend(items)
                    # a heading that introduces the list ("In favour of giving now:")
                    kept.extend(k for k in heads if k == run[0] and lines[k].words <= 12)
        i = j
    return sorted(kept)
