"""Speakers who speak for someone else: "a Trump spokeswoman", "a senior Cruz adviser", "the official", "Current
and former officials". The person such a mention names is the one spoken for, never the speaker; the speaker is
an organisation named there, the person the article earlier introduced in that role, or nobody (#26)."""

from __future__ import annotations

import bisect
import re

from corpus_cli.extract.roles import PERSON_ROLES, TITLES

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
_NAMED_AFTER = re.compile(r",?[ \t]+((?:(?:of[ \t]+)?[A-Z][\w.'’-]*[ \t]?){1,5})")
_LOOK_BACK = 3000
_NEAR_QUALIFIER = 100  # characters around a title where the description's qualifier stands ("New Jersey Gov.")
_TRIES = 6  # earlier uses of a description's word, latest first ("the president" ... "President Obama")
# A title's abbreviations before a name ("Gov. Chris Christie" for "the governor").
_HEAD_WORD = {head: re.compile(rf"\b(?:{head}|{short})(?![\w])", re.I) for head, short in (
    ("governor", r"gov\."), ("senator", r"sen\."), ("congressman", r"rep\."), ("congresswoman", r"rep\."),
    ("representative", r"rep\."), ("general", r"gen\."), ("president", r"pres\."))}
# Words a definite description of one person is headed by ("the governor", "the billionaire businessman").
_PERSON_HEADS = (PERSON_ROLES | TITLES | frozenset("""senator congressman congresswoman businessman businesswoman
billionaire mogul developer candidate nominee front-runner frontrunner speaker justice judge general attorney mayor
pastor bishop pope king queen prince princess coach actor actress author writer host anchor comedian singer star
inspector""".split())) - frozenset("""house state foreign defence defense national security interior finance economy
press first senior former acting interim deputy treasury democrat republican""".split()) - AGENT_WORDS
# Words before a title that make it another office ("Vice President", "former Gov.").
_RANKS = frozenset("former vice deputy lieutenant ex assistant acting then".split())
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
    return True, _holder(text, persons, lo + last.start(), lo + last.end())


def _holder(text: str, persons: list[tuple[int, str]], start: int, end: int) -> str | None:
    """The person a role word at ``start``-``end`` is given to: the name after it ("spokesman Josh Earnest",
    "the White House spokesman, Josh Earnest,", "Secretary of State John Kerry") or before it ("Brian Fallon, a
    Clinton spokesman"), or None."""
    after = _NAMED_AFTER.match(text, end)
    after_words = set(after.group(1).split()) if after else set()
    before = None
    for k in range(bisect.bisect_left(persons, (start - 100, "")), len(persons)):
        p, name = persons[k]
        if p > end + 3:
            break
        surname = name.split()[-1]
        if surname in after_words:
            return name
        at = text.find(surname, p, start)
        if (at >= 0 and _DESCRIBED_BEFORE.fullmatch(text, at + len(surname), start)
                and not _SENTENCE_END.search(text, at, start)):
            before = name  # not "..., the Republican nominee. The president": another sentence
    return before


def described_head(mention: str) -> str | None:
    """The noun a definite description of a person is headed by ("the governor", "the former secretary of state",
    "the billionaire businessman", "the New Jersey governor"), or None."""
    if not definite(mention) or agent_head(mention):
        return None
    words = mention.split()[1:]
    if "of" in words:
        words = words[: words.index("of")]
    head = words[-1] if words else ""
    return head if head in _PERSON_HEADS else None


def qualified_description(mention: str) -> bool:
    """A description with a capitalised word of its own ("the Florida senator"): a place, party or body that
    names no speaker, but tells which one."""
    return any(w[:1].isupper() for w in mention.split()[1:])


def described_person(text: str, persons: list[tuple[int, str]], pos: int, mention: str, head: str) -> str | None:
    """The person the article last described by ``head`` before ``mention`` (at ``pos``): "Gov. Chris Christie" or
    "Chris Christie, the New Jersey governor," for a later "the governor"; None when it gave no one that word."""
    at = _mention_at(text, mention, pos)
    end = pos if at is None else at
    lo = max(0, end - _LOOK_BACK)
    words = _HEAD_WORD.get(head) or re.compile(rf"\b{head}\b", re.I)
    said = mention.split()[1:]
    ranks = {w.lower() for w in said} & _RANKS
    qualified = qualified_description(mention)
    for k, m in enumerate(reversed(list(words.finditer(text, lo, end)))):
        if k >= _TRIES:
            break
        before = [w.strip(".,").lower() for w in text[max(lo, m.start() - 30) : m.start()].split()[-3:]]
        if set(before) & _RANKS != ranks:
            continue  # "the former president" is not "Vice President Joe Biden", nor "the president" a former one
        if qualified and not all(w in text[max(lo, m.start() - _NEAR_QUALIFIER) : min(end, m.end() + _NEAR_QUALIFIER)]
                                 for w in said if w[:1].isupper()):
            continue  # "the Florida senator" is the senator named with Florida, not "Texas Sen. Ted Cruz"
        if (who := _holder(text, persons, m.start(), m.end())) is not None:
            return who
    return None
