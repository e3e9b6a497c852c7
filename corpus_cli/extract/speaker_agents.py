"""Speakers who speak for someone else: "a Trump spokeswoman", "a senior Cruz adviser", "the official", "Current
and former officials". The person such a mention names is the one spoken for, never the speaker; the speaker is
an organisation named there, the person the article earlier introduced in that role, or nobody (#26)."""

from __future__ import annotations

import bisect
import re

# Role nouns of people who speak for others.
AGENT_WORDS = frozenset("""spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople spokespersons
representative representatives official officials source sources aide aides adviser advisers advisor advisors staffer
staffers strategist strategists operative operatives insider insiders confidant confidants
речник речниця представник представниця представитель пресс-секретарь""".split())
_AGENT_WORD = re.compile(rf"\b(?:{'|'.join(sorted(AGENT_WORDS))})\b", re.I)
_DEFINITE = re.compile(r"^the\s", re.I)
_POSSESSIVE = re.compile(r"\w['’]s?\s")
# The articles' sentences, for a role taken up in an earlier one ("a source close to him said ... the source said").
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘'A-Z])|\n+")
# "Brian Fallon, a Clinton spokesman": what stands between a person's surname and the role that describes them.
_DESCRIBED_BEFORE = re.compile(r",\s+(?:(?!(?:who|whom|which|that|when|and|or|but|said|says|told)\b)[\w.'’-]+\s+){0,5}")
# "spokesman Josh Earnest", "the White House spokesman, Josh Earnest,": the capitalised words after the role.
_NAMED_AFTER = re.compile(r",?[ \t]+((?:[A-Z][\w.'’-]*[ \t]?){1,4})")
_LOOK_BACK = 3000
_NEAR = 600
_ADJECTIVE_ENDS = ("ic", "an", "ish", "ese", "ian", "al")
# Words after a role noun that leave it the head ("a spokesman for", "officials familiar with"); any other ("the
# official statement", "spokesman Josh Earnest") makes it a word of something else.
_HEAD_NEXT = frozenset("""for to of at with from in on close familiar involved who that briefed speaking traveling
travelling working based""".split()) | {""}


def agent_head(mention: str) -> bool:
    """Whether a speaking-for role noun is the head of ``mention`` ("a Trump campaign spokeswoman",
    "officials familiar with the talks"), not a word before a name ("spokesman Josh Earnest")."""
    words = mention.split()
    for k, w in enumerate(words):
        if w[-1:] == "," and w.lower()[:-1] not in AGENT_WORDS:
            return False  # "Sara Walker, 44, a home-care aide": a name first, described after
        if w.lower().strip(",.;:") not in AGENT_WORDS or (k and w[:1].isupper()):  # "Business Insider" is a name
            continue
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if nxt.lower() in _HEAD_NEXT or (w[-1:] == "," and nxt[:1].islower()):
            return True  # not "spokesman Josh Earnest", "a spokeswoman, Anna White", "the official statement"
    return False


def spoken_for(named: tuple[tuple[str, str], ...], known_person) -> str | None:
    """The organisation a speaking-for mention names (``named``: its capitalised runs classified, last first), or
    None when it names a person ("a senior Cruz adviser": ``known_person("Cruz")``) or nothing that speaks. A word
    the gazetteer does not know is an organisation when it is no person of the article and no adjective ("a
    spokeswoman for YouTube", "FBI officials"; not "a Democratic aide")."""
    for kind, name in named:
        if kind == "org":
            return name
        if len(name.split()) > 1 or known_person(name):
            return None
        if name.isupper() or not name.lower().endswith(_ADJECTIVE_ENDS):
            return name
    return None


def definite(mention: str) -> bool:
    """"the spokesman", not "the prime minister's spokesman" (someone else's) nor "a spokesman" (someone new)."""
    return _DEFINITE.match(mention) is not None and _POSSESSIVE.search(mention) is None


def _mention_at(text: str, mention: str, pos: int) -> int | None:
    """Where ``mention`` stands nearest to ``pos`` (its quote's or sentence's start), or None."""
    best = None
    for m in re.finditer(re.escape(mention), text[max(0, pos - _NEAR) : pos + _NEAR]):
        at = max(0, pos - _NEAR) + m.start()
        if best is None or abs(at - pos) < abs(best - pos):
            best = at
    return best


def role_taken_up(text: str, persons: list[tuple[int, str]], pos: int, mention: str) -> tuple[bool, str | None]:
    """(whether a sentence before the one at ``pos`` names a speaking-for role, the person it gives it to): a
    later "the spokesman" or "the aide" is whoever the article last gave such a role, named ("spokesman Josh
    Earnest", "Brian Fallon, a Clinton spokesman") or not ("a White House official said": (True, None))."""
    at = _mention_at(text, mention, pos)
    lo = max(0, (pos if at is None else at) - _LOOK_BACK)
    window = text[lo : pos if at is None else at]
    cut = len(window)
    if at is None:  # the mention is somewhere in the sentence at ``pos``: that sentence's roles are its own
        cut = 0
        for m in _SENTENCE_END.finditer(window):
            cut = m.start() + 1
    last = None
    for m in _AGENT_WORD.finditer(window, 0, cut):
        last = m
    if last is None:
        return False, None
    start, end = lo + last.start(), lo + last.end()
    after = _NAMED_AFTER.match(text, end)
    after_words = set(after.group(1).split()) if after else set()
    before = None
    for k in range(bisect.bisect_left(persons, (start - 100, "")), len(persons)):
        p, name = persons[k]
        if p > end + 3:
            break
        surname = name.split()[-1]
        if surname in after_words:
            return True, name  # "spokesman Josh Earnest", "the White House spokesman, Josh Earnest,"
        at = text.find(surname, p, start)
        if at >= 0 and _DESCRIBED_BEFORE.fullmatch(text, at + len(surname), start):
            before = name
    return True, before
