"""The plain-text dump cleaner: finds the article body in a page dumped to text, with the metadata it shows.
Its parts: patterns.py (boilerplate shapes), lines.py (steps 1-2 and each line's facts), markdown.py (2),
region.py (3-5), head.py (6).

How it works (README, "How text dumps are cleaned"):
1. Repair: line endings, broken entities ("& nbsp"), control characters, "|" frames around a line, lynx's link
   titles above the page, the lines where an inline frame was.
2. Unwrap: a dump tool that wrapped lines at a fixed width leaves lines that end just short of it; a line
   is joined to the next when the next one's first word would not have fitted. Markdown's marks (links, emphasis,
   headings, escapes, pipe tables) are undone then (markdown.py).
3. Classify each line: BAD (boilerplate by shape: timestamps, ad labels, calls to action, captions, "See also"
   links, lines repeated in the same dump, lines learned from the corpus), GOOD (prose: long, sentence
   punctuation, stop words of the page's language), NEAR (shorter prose) or SHORT (headings, labels, menu items).
4. Body region: the contiguous run of lines with the largest total weight (prose weighs by its length,
   boilerplate against it), so menus and headline lists around the article fall away and a short
   boilerplate line inside it does not cut it in two.
5. Inside the region: BAD lines go; SHORT lines stay only as headings or labels followed by the article.
6. Metadata from the lines around the body: title (a headline shown twice is one title), byline and date,
   tags, publisher hints from promotional lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus_cli.clean import head as headmod
from corpus_cli.clean import lang as langmod
from corpus_cli.clean.lines import Line, features, join_continuations, line_key, repair, unwrap
from corpus_cli.clean.markdown import unmark
from corpus_cli.clean.model import LineModel, RulesOnly, default_model
from corpus_cli.clean.region import best_region, classify, keep_in_region, trailing_list
from corpus_cli.models import Cleaned

__all__ = ["LANG_SAMPLE", "Analysis", "analyse", "clean_text", "line_key", "unwrap"]

# Characters of prose-like lines the language is told from (fewer told more AEB pages' language wrong).
LANG_SAMPLE = 3000


def _language(raw_lines: list[str], text: str) -> str | None:
    """The page's language, from its prose-like lines (menus of a bilingual site would mislead it)."""
    prose, size = [], 0
    for x in raw_lines:
        x = x.strip()
        # Chinese and Japanese put no spaces between words and take two columns a character (lynx wraps them at
        # 40 characters): thirty of their characters are a sentence's worth.
        if len(x) >= 80 or len(x.split()) >= 8 or not x.isascii() and len(langmod.WIDE.findall(x)) >= 30:
            prose.append(x)
            size += len(x)
            if size >= LANG_SAMPLE:
                break
    return langmod.detect(" ".join(prose)[:LANG_SAMPLE] or text[:LANG_SAMPLE])


@dataclass
class Analysis:
    """A dump's lines and, once classified by the hand rules, the body region [a, b) and the lines the rules keep
    (the learned model's input; scripts/train_cleaner.py reads it too)."""

    lines: list[Line]
    counts: dict[str, int]
    language: str | None
    has_stops: bool
    a: int = 0
    b: int = 0
    rule_kept: set[int] = field(default_factory=set)


def _lines(text: str) -> Analysis:
    # Markdown's marks go once the lines are unwrapped: the tool wrapped the marked-up text.
    raw_lines = unmark(join_continuations(unwrap(repair(text).split("\n"))))
    language = _language(raw_lines, text)
    lines = [features(x, language) for x in raw_lines if x.strip()]
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.key] = counts.get(ln.key, 0) + 1
    return Analysis(lines, counts, language, bool(langmod.stopwords(language)))


def _classify(an: Analysis, learned: frozenset[str]) -> Analysis:
    for ln in an.lines:  # flags a previous classification may have set
        ln.repeated = ln.comments = ln.related = ln.table = False
    classify(an.lines, an.counts, learned, an.has_stops)
    an.a, an.b = best_region(an.lines)
    an.rule_kept = set(keep_in_region(an.lines, an.a, an.b) + trailing_list(an.lines, an.b))
    return an


def analyse(text: str, learned: frozenset[str] = frozenset()) -> Analysis:
    """``text``'s lines classified by the hand rules."""
    return _classify(_lines(text), learned)


def _pick_body(an: Analysis, learned: frozenset[str], title: str | None, model: LineModel | RulesOnly,
               known: tuple | None = None) -> tuple[int, int, tuple, str | None, str]:
    """(region start, region end, byline, title, body) of the lines classified with ``learned``. ``known``:
    an earlier pick's result, whose byline and title stand when the region starts at the same line."""
    lines = _classify(an, learned).lines
    a, b = an.a, an.b
    if known is not None and known[0] == a:  # the same head lines: the same byline and title
        byline, found_title = known[2], known[3]
    else:
        head = lines[:a]
        byline = headmod.find_byline(head)
        found_title = headmod.find_title(head, byline[0], title)
    # The byline and what is above it go to their fields; what the corpus learned is boilerplate stays so.
    top = -1 if byline[0] is None else byline[0]
    kept = [i for i in model.keep(lines, an.counts, a, b, an.rule_kept, learned)
            if i > top and not (lines[i].kind == "BAD" and lines[i].key in learned)]
    title_key = line_key(found_title) if found_title else None
    body = "\n\n".join(lines[i].text for i in kept if lines[i].key != title_key)
    return a, b, byline, found_title, body


def clean_text(text: str, title: str | None = None, learned: frozenset[str] = frozenset(),
               model: LineModel | RulesOnly | None = None) -> Cleaned:
    """Clean one plain-text dump. ``title`` is a title known from elsewhere (a JSON record);
    ``learned`` holds line keys the corpus has learned to be boilerplate; ``model`` replaces the shipped
    line model (make bench-clean scores each fold's model on the sites it was not fitted on)."""
    model = model or default_model()
    an = _lines(text)
    lines = an.lines
    picked = _pick_body(an, learned, title, model)
    a, b, (_, date, authors, wires), found_title, body = picked
    head = lines[:a]
    cleaned = Cleaned(
        text=body,
        title=found_title,
        date=date or headmod.first_date(head),
        authors=authors,
        wires=wires,
        tags=headmod.find_tags(lines[b : b + 6]),
        # The prose lines the language was told from are mostly the body: tell it again only if that failed.
        language=an.language or langmod.detect(body[:LANG_SAMPLE]),
        publisher=headmod.find_publisher(lines),
        line_keys=sorted({ln.key for ln in lines if 0 < ln.words <= 25}),
    )
    # The article's identity is its body as cleaned without what the corpus learned: the same dump must be
    # the same article whenever it arrives (#23). Where no learned line is in the dump, that is the body.
    if learned and not learned.isdisjoint([ln.key for ln in lines]):
        unlearned = _pick_body(an, frozenset(), title, model, picked)[4]
        cleaned.identity_text = unlearned if unlearned != body else None
    return cleaned
