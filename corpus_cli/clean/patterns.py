"""The text cleaner's patterns: boilerplate by a line's own shape (labels, calls to action, captions, comment
threads, teasers), and the checks built on them. Pure functions of one line."""

from __future__ import annotations

import re

from corpus_cli.clean import metadata as md
from corpus_cli.textshape import title_like, trie

WORD = re.compile(r"\w+", re.UNICODE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\ufeff]")
# A table's or line block's frame around a line ("| text |", pandoc's "| " line blocks): no part of its text.
FRAME = re.compile(r"^(?:\s*\|(?=\s|$))+|(?:\s\|)+\s*$")
# lynx -dump's first block: the titles of the page head's <link> elements ("   #Site » Feed Site » Comments Feed").
LINK_HEADER = re.compile(r"^ {3,4}#(?=[^\s#])")
# Where an inline frame was, a text browser writes a line of its own: links and elinks "IFrame", lynx "IFRAME: url".
IFRAME = re.compile(r"^\s*(?:IFrame|IFRAME:.*)\s*$")
BULLET = re.compile(r"^\s*(?:[•·●▪■□◦○◆◇►▸‣⁃*+]|[-–—](?=\s)|\d{1,2}[.)](?=\s))\s*")
SENTENCE_END = re.compile(r"[.!?…。！？:;][\"'”’»)\]]*\s*$")
TIMESTAMP = re.compile(r"^(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d+\s*(?:min|mins|minutes|hours?|h|hrs?|days?)\s+ago)$", re.I)
_NO_LETTERS = re.compile(r"^[\W\d_]*$")

# Boilerplate by shape. Words are kept to the few languages of our users' sources plus English; the
# structural rules above do most of the work for other languages.
AD_LABEL = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|promoted|ad|ads|anzeige|werbung|publicité|publicidad|"
    r"pubblicità|реклама|scroll to continue(?: with content)?|continue reading(?: the main story)?|"
    r"story continues below(?: advertisement)?|article continues below|skip (?:to|ad).*)\s*[:.]?$",
    re.I,
)
# Calls to action and captions, each kind with the words a line must hold for it to match (lower case, one
# space between words): a line is searched only for the kinds whose words it holds, since one pattern for all
# of them costs each line holding a common word ("like", "find", "share") a full search.
CTA_KINDS = tuple((needles, re.compile(p, re.I)) for needles, p in (
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
    # "Підписуйтесь на наш Telegram-канал!", "Подписывайтесь на нас в Telegram"
    (("підписуйтес", "подписывайтес", "приєднуйтес", "присоединяйтес"),
     r"^(?:підписуйтес|подписывайтес|приєднуйтес|присоединяйтес)[ья]\b"),
))
CAPTION_KINDS = tuple((needles, re.compile(p, re.I)) for needles, p in (
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
    r"das könnte sie auch interessieren|вам также может понравиться|back to gallery|"
    r"новини партнерів|новости партнеров|популярне|популярное|головне за день|главное за день)\b\s*:?",
    re.I,
)
# A heading of its own over a list of other stories ("You may also like...", "Related articles").
RELATED_HEAD = re.compile(_RELATED.pattern + r"[\s.:…]*$", re.I)
UI = re.compile(
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
COMMENTS_MARK = re.compile(
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
# Tried at each capital only, looking back for the three letters: far fewer tries than at each letter.
_GLUE_HINT = re.compile(r"[A-Z](?<=[a-z]{3}[A-Z])(?:[a-z]|(?<=[AI])\s)")
_COUNT_WORDS = r"(?:comments?|responses?|replies|shares?|views?)$"
_COUNT_SUFFIX = re.compile(r"\b\d[\d,.]*\s*" + _COUNT_WORDS, re.I)
# Its last word fills at most the line's last nine characters: searched there first, the whole line only when
# one is there (the full search looks for a number at every word of a line).
_COUNT_TAIL = re.compile(_COUNT_WORDS, re.I)


def comment_head(t: str) -> bool:
    """"X said:" (``t`` stripped). The pattern ends in a colon: other lines are not tried against it."""
    return t.endswith(":") and bool(_COMMENT_HEAD.match(t))


def count_suffix(t: str) -> bool:
    """"34 comments", "1,234 views" at the end of ``t`` (stripped)."""
    return bool(_COUNT_TAIL.search(t, max(0, len(t) - 9)) and _COUNT_SUFFIX.search(t))


def ends_sentence(text: str) -> bool:
    # Only the tail matters: an end-anchored search over a whole hostile line is tried at every position.
    return bool(SENTENCE_END.search(text[-16:]))


# Boilerplate lines are short: longer lines are not matched against the patterns above (which would
# also make a single enormous line slow).
PATTERN_MAX_WORDS = 80
# Calls to action, cookie and copyright notices are short; the longest in the samples has 30 words.
CTA_MAX_WORDS = 60


def _date_only(t: str) -> bool:
    """A date or time with little else on the line: a dateline, byline or comment stamp."""
    found = md.find_date(t)
    return bool(found) and len(WORD.findall(t[: found[1]] + t[found[2] :])) <= 5


def shape_bad(t: str, words: int, key: str) -> bool:
    """Boilerplate by the line's own shape: timestamps, labels, calls to action, captions, datelines."""
    if words > PATTERN_MAX_WORDS or len(t) > 20 * PATTERN_MAX_WORDS:
        return False
    if not key or _NO_LETTERS.match(t) or TIMESTAMP.match(t):
        return True
    if AD_LABEL.match(t) or UI.match(t) or _RELATED.match(t) or _IMAGE_ONLY.match(t):
        return True
    if comment_head(t) or COMMENTS_MARK.match(t) or count_suffix(t):
        return True
    m = _TEASER_GLUE.match(t) if _GLUE_HINT.search(t[:200]) else None
    if m and title_like(m.group(), 3, 0.75):
        return True
    # A headline run into its story's dateline: "Deportees return home from US NEW DELHI: Their dream...".
    m = _DATELINE_GLUE.search(t, 0, 200)
    if m and m.start() >= 15 and not SENTENCE_END.search(t[: m.start() + 1][-16:]):
        return True
    if words <= 12:
        if _date_only(t):
            return True
    # Agency captions open the same way whatever their length: "In this photo issued by ITV, ...".
    if _CAPTION_OPENER.match(t):
        return True
    if words > CTA_MAX_WORDS:
        return False
    if cta_like(t):
        return True
    if words <= 25 and caption_like(t):
        return True
    return False


def _any_needle(kinds) -> re.Pattern:
    """One pattern for every word of ``kinds``, searched in the lower-cased line: most lines hold none, and one
    search in C tells so. The words are a trie (one branch tried at each character), and a space in them is any
    run of white space, so the line need not be re-spaced first (timed with make bench-lines)."""
    return re.compile(trie(n for needles, _ in kinds for n in needles).replace("\\ ", "\\s+"))


_CTA_NEEDLES, _CAPTION_NEEDLES = _any_needle(CTA_KINDS), _any_needle(CAPTION_KINDS)


def _kind_match(t: str, kinds, any_needle: re.Pattern) -> bool:
    lower = t.lower()
    if not any_needle.search(lower):
        return False
    low = " ".join(lower.split())  # the patterns' spaces are any white space
    return any(any(n in low for n in needles) and rx.search(t) for needles, rx in kinds)


def cta_like(t: str) -> bool:
    return _kind_match(t, CTA_KINDS, _CTA_NEEDLES)


def caption_like(t: str) -> bool:
    return _kind_match(t, CAPTION_KINDS, _CAPTION_NEEDLES)

