"""The plain-text dump cleaner: finds the article body in a page dumped to text, with the metadata it shows.

How it works (README, "How text dumps are cleaned"):
1. Repair: line endings, broken entities ("& nbsp"), control characters.
2. Unwrap: a dump tool that wrapped lines at a fixed width leaves lines that end just short of it; a line
   is joined to the next when the next one's first word would not have fitted.
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

import re
import unicodedata
from dataclasses import dataclass

from corpus_cli.clean import lang as langmod
from corpus_cli.clean import metadata as md
from corpus_cli.memo import short_string_cache
from corpus_cli.models import Cleaned
from corpus_cli.textshape import title_like, trie

# Characters of prose-like lines the language is told from (1,500 was tried: it told 2 more of the
# 181 aeb pages wrong).
LANG_SAMPLE = 3000
WORD = re.compile(r"\w+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\ufeff]")
_BULLET = re.compile(r"^\s*(?:[•·●▪■□◦○◆◇►▸‣⁃*+]|[-–—](?=\s)|\d{1,2}[.)](?=\s))\s*")
_SENTENCE_END = re.compile(r"[.!?…。！？:;][\"'”’»)\]]*\s*$")
_TIMESTAMP = re.compile(r"^(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d+\s*(?:min|mins|minutes|hours?|h|hrs?|days?)\s+ago)$", re.I)
_NO_LETTERS = re.compile(r"^[\W\d_]*$")

# Boilerplate by shape. Words are kept to the few languages of our users' sources plus English; the
# structural rules above do most of the work for other languages.
_AD_LABEL = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|promoted|ad|ads|anzeige|werbung|publicité|publicidad|"
    r"pubblicità|реклама|scroll to continue(?: with content)?|continue reading(?: the main story)?|"
    r"story continues below(?: advertisement)?|article continues below|skip (?:to|ad).*)\s*[:.]?$",
    re.I,
)
# Calls to action and captions, each kind with the words a line must hold for it to match (lower case, one
# space between words):
# a line is searched only for the kinds whose words it holds. (One pattern for all of them, run on every
# line that held any of the words, cost 28 us a line; "like", "find", "share" are common words.)
_CTA_KINDS = tuple((needles, re.compile(p, re.I)) for needles, p in (
    (("patreon", "twitter", "on x", "facebook", "telegram", "instagram", "youtube", "tiktok", "google news",
      "linkedin", "threads", "whatsapp"),
     r"\b(?:follow|like|join|support|subscribe to|find)\s+(?:us|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s+on\s+"
     r"(?:Patreon|Twitter|X|Facebook|Telegram|Instagram|YouTube|TikTok|Google News|LinkedIn|Threads|WhatsApp)\b"),
    (("follow",), r"^follow\b.{0,80}\bon (?:facebook|twitter|instagram|telegram|youtube|tiktok|linkedin)\b"),
    (("newsletter",), r"\b(?:sign up for|subscribe to) (?:our|the) (?:\w+ )?newsletter\b|"
                      r"^sign up (?:for|to) (?:our |the |e-?mail )?newsletters?\b"),
    (("become",), r"\bbecome (?:our|a) (?:patron|member|subscriber)\b"),
    (("place where",), r"\bis the place where you will find\b"),
    (("share", "tweet"), r"\b(?:share|tweet) (?:this|on)\b.*\b(?:facebook|twitter|whatsapp|email)\b|^share (?:to|on|via|with) \w+"),
    (("rights reserved", "©"), r"\ball rights reserved\b|©"),
    (("cookie",), r"\bcookies?\b.*\b(?:accept|consent|policy|settings)\b"),
    (("privacy", "terms of"), r"\bprivacy policy\b|\bterms of (?:use|service)\b"),
    (("subscribe",), r"\bsubscribe now\b|\bunsubscribe at any time\b|\bsuccessfully subscribed\b"),
    (("download",), r"\bdownload (?:our|the) app\b"),
))
_CAPTION_KINDS = tuple((needles, re.compile(p, re.I)) for needles, p in (
    (("photo", "image", "picture", "illustration", "video", "credit", "фото", "ілюстрац"),
     r"(?:^|[\s.(\[])(?:photo|image|picture|illustration|video|stock photo|photograph|credit|фото|ілюстрація)s?\s*"
     r"(?::|by\b|credit\b|\.{2,})"),
    (("getty", "shutterstock", "ap photo", "reuters/", "/"),
     r"(?:getty images|shutterstock|ap photo|reuters/|afp via getty|/ ?(?:reuters|afp|ap|epa))\s*\S*$"),
))
_CAPTION_OPENER = re.compile(r"^in (?:this|these|an? (?:undated|handout|file)) (?:\w+ )?(?:photos?|images?|pictures?|frame grab)\b", re.I)
_RELATED = re.compile(
    r"^(?:see also|read also|read more|also read|related(?: articles?| stories| news)?|more on this|"
    r"recommended|you may also like|most read|most popular|trending|latest news|recent news|"
    r"читайте також|читайте также|lesen sie auch|à lire aussi|lire aussi|leer más|leia também|"
    r"top stories|more from|more stories|watch|listen|você pode gostar|vous aimerez aussi|también te puede interesar|"
    r"das könnte sie auch interessieren|вам также может понравиться|back to gallery)\b\s*:?",
    re.I,
)
# A heading of its own over a list of other stories ("You may also like...", "Related articles").
_RELATED_HEAD = re.compile(_RELATED.pattern + r"[\s.:…]*$", re.I)
_UI = re.compile(
    r"^(?:share(?: this(?: article| story)?)?|tweet|email|print|comments?|leave a comment|\d+ comments?|"
    r"reply|log ?in|sign ?in|sign ?up|register|subscribe|menu|search|home|close|back to top|next|previous|"
    r"tagged|tags|topics|\d+\s*min(?:ute)?s?\s*read|reading time.*|listen to (?:this )?article.*|"
    r"updated|published|posted|loading\.*|show more|load more|view (?:all|more)|all news|all sections|"
    r"(?:image|photo|picture|slide)s? \d+ (?:of|/) \d+|\d+ / \d+)\s*:?$",
    re.I,
)


# Images rendered as their alt text or file name in brackets: "[gettyimages-1186543739]".
_IMAGE_ONLY = re.compile(r"^(?:\[[^\]]*\]\s*)+$")
# Comment threads: "21. devindenv says:", "Catherine on September 13, 2018 at 5:23 pm said:", "34 Comments".
_COMMENT_HEAD = re.compile(r"^(?:\d+\.\s*)?\S+(?:\s+\S+){0,6}\s+(?:says|said|wrote|writes|replied)\s*:$", re.I)
_COMMENTS_MARK = re.compile(
    r"^[\[(]?\s*(?:\d+\s+)?(?:(?:top|most|best|highest)[ -]rated\s+|newest\s+|oldest\s+|all\s+|readers?['’]?\s+)?"
    r"(?:comments?|responses?|replies|reactions?)\b\s*(?:\(\d+\)\s*)?[\])]?(?:\s+(?:to|on)\b.*)?$|^(?:leave|post|add|write) "
    r"(?:a|your) (?:reply|comment)\b|^join the (?:discussion|conversation)\b|^(?:show|view|load) (?:\d+ )?comments\b",
    re.I,
)
# A teaser: a link's headline glued to the first words of its story when the page was dumped
# ("Cheese ShopsWondering where to find ..."): a title-case run ending in a word glued to a capital.
# Three lower-case letters then a capital that starts a word ("ShopsWondering", "SteakhouseA 24-year-old");
# brand names glue two letters ("MacBook", "AirPods") or end in a lone capital ("SpaceX").
_TEASER_GLUE = re.compile(r"^(?:[\w’'$:,.?!&-]+\s+){3,14}?[\w’'-]*[a-z]{3}(?:[A-Z][a-z]|[AI]\s)")
_DATELINE_GLUE = re.compile(r"\s(?:[A-Z]{2,}[.,]?\s){0,3}[A-Z]{3,}:\s+[A-Z\"“‘]")
# Tried at each capital only, looking back for the three letters (at each letter, looking ahead, it took 5.3 us
# a line of prose, 1.9 this way).
_GLUE_HINT = re.compile(r"[A-Z](?<=[a-z]{3}[A-Z])(?:[a-z]|(?<=[AI])\s)")
_COUNT_WORDS = r"(?:comments?|responses?|replies|shares?|views?)$"
_COUNT_SUFFIX = re.compile(r"\b\d[\d,.]*\s*" + _COUNT_WORDS, re.I)
# Its last word fills at most the line's last nine characters: searched there first, the whole line only when
# one is there (the full search looks for a number at every word of a line).
_COUNT_TAIL = re.compile(_COUNT_WORDS, re.I)


def _comment_head(t: str) -> bool:
    """"X said:" (``t`` stripped). The pattern ends in a colon: other lines are not tried against it."""
    return t.endswith(":") and bool(_COMMENT_HEAD.match(t))


def _count_suffix(t: str) -> bool:
    """"34 comments", "1,234 views" at the end of ``t`` (stripped)."""
    return bool(_COUNT_TAIL.search(t, max(0, len(t) - 9)) and _COUNT_SUFFIX.search(t))


def _ends_sentence(text: str) -> bool:
    # Only the tail matters; searching a whole 10 MB line for an end-anchored pattern is quadratic.
    return bool(_SENTENCE_END.search(text[-16:]))


# Boilerplate lines are short: longer lines are not matched against the patterns above (which would
# also make a single enormous line slow).
PATTERN_MAX_WORDS = 80
# Calls to action, cookie and copyright notices are short; the longest in the samples has 30 words.
CTA_MAX_WORDS = 60


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
    shape_bad: bool = False  # boilerplate by its own shape (see _shape_bad)
    comments: bool = False  # starts or heads a comment thread
    related: bool = False  # a heading over other stories ("You may also like")
    kind: str = "SHORT"
    weight: float = 0.0


def repair(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = md.repair_entities(text)
    text = _CONTROL.sub("", text).replace("\t", "    ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _first_word_len(line: str) -> int:
    stripped = line.lstrip()
    return len(stripped.split(" ", 1)[0]) if stripped else 0


def _unwrap_block(block: list[str]) -> list[str]:
    """Join the lines of one block (consecutive non-blank lines) that a dump tool wrapped at the block's
    width. Wrapped prose shows it in most of its lines: each ends where the next line's first word would
    not have fitted. A list of similar-length headlines does that in one or two lines at most."""
    if len(block) < 2:
        return block
    width = max(len(x) for x in block)
    if width < 40:  # narrower than any dump tool's page or column: nothing was wrapped
        return block
    if sum(1 for x in block if "  " in x.strip()) * 2 >= len(block):
        return block  # a table's rows, laid out in columns: each row is a line of its own
    fits = [len(block[i]) + 1 + _first_word_len(block[i + 1]) > width and _first_word_len(block[i + 1]) <= 25
            for i in range(len(block) - 1)]
    lower = [bool(block[i + 1].strip()[:1].islower()) for i in range(len(block) - 1)]
    wrapped_block = sum(fits) >= max(2, 0.6 * len(fits)) or (len(fits) == 1 and fits[0] and lower[0])
    if not wrapped_block:
        return block
    out = [block[0]]
    for i in range(1, len(block)):
        if fits[i - 1]:
            out[-1] = out[-1].rstrip() + " " + block[i].strip()
        else:
            out.append(block[i])
    return out


def unwrap(lines: list[str]) -> list[str]:
    """Re-join lines wrapped at a fixed width by the tool that dumped the page, block by block (a page's
    columns and table cells wrap at widths of their own)."""
    out: list[str] = []
    block: list[str] = []
    for line in lines + [""]:
        if line.strip() and not _BULLET.match(line.strip()[:3]) or (line.strip() and not block):
            block.append(line)
            continue
        if line.strip():  # a bullet starts a new item: close the block before it
            out.extend(_unwrap_block(block))
            block = [line]
            continue
        out.extend(_unwrap_block(block))
        block = []
        out.append(line)
    return out[:-1]


def join_continuations(lines: list[str]) -> list[str]:
    """Re-join a line wrapped inside a narrower column (a table cell, an indented block): the next line
    goes on in lower case and this one does not end a sentence."""
    out: list[str] = []
    for line in lines:
        s = line.strip()
        if out and s and s[0].islower() and not _BULLET.match(s):
            prev = out[-1].rstrip()
            if len(prev) >= 30 and not _ends_sentence(prev) and not prev.endswith(":"):
                out[-1] = prev + " " + s
                continue
        out.append(line)
    return out


def _features(text: str, stops: frozenset[str], language: str | None = None) -> Line:
    stripped = text.strip()
    words, key, bullet, ends, stop, shape_bad = _line_facts(stripped, language)
    return Line(text=stripped, words=words, key=key, bullet=bullet, ends=ends, stop=stop, repeated=False,
                shape_bad=shape_bad)


# Lines recur across the dumps of one site (menus, headline lists, footers): what depends on a line's
# text alone is worked out once per worker. Paragraphs of prose, longer, are each seen once: caching them
# only churned the cache, and the worker's memory with it (generated dumps, 2 workers: each worker was at
# 86 MB after 30,000 dumps when every line was cached, 70 MB with lines up to 300 characters).
# 20,000 lines hold a site's menus and footers many times over; make bench showed 200,000 grow a worker
# by about 200 MB over a 100,000-file run.
CACHED_LINE_CHARS = 300


def _facts(stripped: str, language: str | None) -> tuple[int, str, bool, bool, float, bool]:
    stops = langmod.stopwords(language)
    bullet = bool(_BULLET.match(stripped))
    body = _BULLET.sub("", stripped) if bullet else stripped
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
    return n, key, bullet, _ends_sentence(body), stop, _shape_bad(body, n, key)


_line_facts = short_string_cache(CACHED_LINE_CHARS, 20_000)(_facts)
# Looked for in every line of a dump that names no outlet, and the same lines recur (menus, footers).
_publisher_hint = short_string_cache(CACHED_LINE_CHARS, 20_000)(md.publisher_hint)


def _date_only(t: str) -> bool:
    """A date or time with little else on the line: a dateline, byline or comment stamp."""
    found = md.find_date(t)
    return bool(found) and len(WORD.findall(t[: found[1]] + t[found[2] :])) <= 5


def _shape_bad(t: str, words: int, key: str) -> bool:
    """Boilerplate by the line's own shape: timestamps, labels, calls to action, captions, datelines."""
    if words > PATTERN_MAX_WORDS or len(t) > 20 * PATTERN_MAX_WORDS:
        return False
    if not key or _NO_LETTERS.match(t) or _TIMESTAMP.match(t):
        return True
    if _AD_LABEL.match(t) or _UI.match(t) or _RELATED.match(t) or _IMAGE_ONLY.match(t):
        return True
    if _comment_head(t) or _COMMENTS_MARK.match(t) or _count_suffix(t):
        return True
    m = _TEASER_GLUE.match(t) if _GLUE_HINT.search(t[:200]) else None
    if m and title_like(m.group(), 3, 0.75):
        return True
    # A headline run into its story's dateline: "Deportees return home from US NEW DELHI: Their dream...".
    m = _DATELINE_GLUE.search(t, 0, 200)
    if m and m.start() >= 15 and not _SENTENCE_END.search(t[: m.start() + 1][-16:]):
        return True
    if words <= 12:
        if _date_only(t):
            return True
    # Agency captions open the same way whatever their length: "In this photo issued by ITV, ...".
    if _CAPTION_OPENER.match(t):
        return True
    if words > CTA_MAX_WORDS:
        return False
    if _cta_like(t):
        return True
    if words <= 25 and _caption_like(t):
        return True
    return False


def _any_needle(kinds) -> re.Pattern:
    """One pattern for every word of ``kinds``, searched in the lower-cased line: most lines hold none, and one
    search in C tells so. The words are a trie (one branch tried at each character), and a space in them is any
    run of white space, so the line need not be re-spaced first (make bench-lines, lines seen once in generated
    dumps: the call-to-action check 16.1 -> 10.9 us a line, the caption check 9.4 -> 6.2)."""
    return re.compile(trie(n for needles, _ in kinds for n in needles).replace("\\ ", "\\s+"))


_CTA_NEEDLES, _CAPTION_NEEDLES = _any_needle(_CTA_KINDS), _any_needle(_CAPTION_KINDS)


def _kind_match(t: str, kinds, any_needle: re.Pattern) -> bool:
    lower = t.lower()
    if not any_needle.search(lower):
        return False
    low = " ".join(lower.split())  # the patterns' spaces are any white space
    return any(any(n in low for n in needles) and rx.search(t) for needles, rx in kinds)


def _cta_like(t: str) -> bool:
    return _kind_match(t, _CTA_KINDS, _CTA_NEEDLES)


def _caption_like(t: str) -> bool:
    return _kind_match(t, _CAPTION_KINDS, _CAPTION_NEEDLES)


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


# Weights of the body-region search. Checked one at a time on the AEB pages (both halves separately):
# each sits where a change either way loses F1 or makes no difference.
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
            continue
        if _is_bad(ln, counts, learned):
            ln.kind = "BAD"
            ln.weight = -(BAD_BASE + 0.5 * ln.words)
            # The start of a comment thread ends the article: the body region must not reach across it.
            t = _BULLET.sub("", ln.text)
            ln.related = not ln.bullet and ln.words <= 6 and bool(_RELATED_HEAD.match(t))
            if _COMMENTS_MARK.match(t) or _comment_head(t):
                ln.weight = -60.0
                # "• Comments" in a share bar (Facebook, Twitter, Comments, Print) links to the thread;
                # a heading of its own, or a commenter's "X said:", starts it.
                ln.comments = not ln.bullet or _comment_head(t)
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
FIRST_REGION_SHARE = 0.6  # insensitive from 0.5 to 0.75 on the AEB pages; 1.0 (heaviest run) loses 0.01 F1


def _teasers_follow(lines: list[Line], h: int, span: int = 15) -> bool:
    """After a "Related"/"You may also like" heading: a list of other stories follows (their leads stand
    one by one between titles and images), not the rest of the article (paragraphs one after another)."""
    def para(ln: Line) -> bool:
        return ln.kind == "GOOD" and not ln.bullet  # _BULLET also covers numbered items ("1. ")

    window = lines[h + 1 : h + 1 + span]
    return not any(para(x) and para(y) for x, y in zip(window, window[1:]))


def _best_region(lines: list[Line]) -> tuple[int, int]:
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


def _trailing_list(lines: list[Line], b: int) -> list[int]:
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


def _keep_in_region(lines: list[Line], a: int, b: int) -> list[int]:
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


def _find_title(head: list[Line], byline_idx: int | None, known: str | None) -> str | None:
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
            and not _TIMESTAMP.match(t)
            and not md.find_date(t)
            and not _UI.match(t)
            and not _AD_LABEL.match(t)
            and not _caption_like(t)
            and not _cta_like(t)
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


def _byline(head: list[Line]) -> tuple[int | None, str | None, list[str], list[str]]:
    """(index in head, date, authors, wires) of the byline, searching upwards from the body."""
    date = None
    for i in range(len(head) - 1, -1, -1):
        t = head[i].text
        found = md.find_date(t)
        if found:
            iso, s, _ = found
            before = t[:s].strip(" ,|-–—·")
            parsed = md.parse_byline(before) if before else None
            authors, wires = parsed if parsed else ([], [])
            # The byline's own date (with a time) beats a page header's date.
            return i, iso, authors, wires
        parsed = md.parse_byline(t) if md._BY.match(t) or " with " in t.lower() else None
        if parsed:
            authors, wires = parsed
            # A date header further up still gives the date.
            for ln in head[:i]:
                found = md.find_date(ln.text)
                if found:
                    date = found[0]
            return i, date, authors, wires
    return None, None, [], []


def clean_text(text: str, title: str | None = None, learned: frozenset[str] = frozenset()) -> Cleaned:
    """Clean one plain-text dump. ``title`` is a title known from elsewhere (a JSON record);
    ``learned`` holds line keys the corpus has learned to be boilerplate."""
    raw_lines = join_continuations(unwrap(repair(text).split("\n")))
    # The page's language, from its prose-like lines (menus of a bilingual site would mislead it).
    prose, size = [], 0
    for x in raw_lines:
        x = x.strip()
        if len(x) >= 80 or len(x.split()) >= 8:
            prose.append(x)
            size += len(x)
            if size >= LANG_SAMPLE:
                break
    language = langmod.detect(" ".join(prose)[:LANG_SAMPLE] or text[:LANG_SAMPLE])
    stops = langmod.stopwords(language)
    lines = [_features(x, stops, language) for x in raw_lines if x.strip()]
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.key] = counts.get(ln.key, 0) + 1
    classify(lines, counts, learned, bool(stops))
    a, b = _best_region(lines)
    kept = _keep_in_region(lines, a, b) + _trailing_list(lines, b)

    head = lines[:a]
    byline_idx, date, authors, wires = _byline(head)
    found_title = _find_title(head, byline_idx, title)
    title_key = line_key(found_title) if found_title else None
    body_lines = [lines[i].text for i in kept if lines[i].key != title_key]
    if date is None:
        for ln in head:
            found = md.find_date(ln.text)
            if found:
                date = found[0]
                break

    tags: list[str] = []
    for ln in lines[b : b + 6]:
        parsed = md.parse_tag_line(ln.text)
        if parsed:
            tags = parsed
            break
        if md.is_glued(ln.text) and not ln.ends and ln.words <= 15:
            tags = md.split_glued(ln.text)
            break

    publisher = None
    for ln in lines:
        publisher = _publisher_hint(ln.text)
        if publisher:
            break

    body = "\n\n".join(body_lines)
    return Cleaned(
        text=body,
        title=found_title,
        date=date,
        authors=authors,
        wires=wires,
        tags=tags,
        # The prose lines the language was told from are mostly the body: tell it again only if that failed.
        language=language or langmod.detect(body[:LANG_SAMPLE]),
        publisher=publisher,
        line_keys=sorted({ln.key for ln in lines if 0 < ln.words <= 25}),
    )
