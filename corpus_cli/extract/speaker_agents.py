"""Speakers who speak for someone else: "a Trump spokeswoman", "a senior Cruz adviser", "the official", "Current
and former officials". The person such a mention names is the one spoken for, never the speaker; the speaker is
an organisation named there, the person the article earlier introduced in that role, or nobody (#26). Also the
look-back both this and speaker_descriptions.py use: who an earlier role word was given to."""

from __future__ import annotations

import bisect
import re

from corpus_cli.extract.cues import FINITE_WORDS, VERB_WORDS
from corpus_cli.extract.spans import QUOTED, SENTENCE_BREAK

# Role nouns of people who speak for others, by family: a later "the spokeswoman" takes up a "spokesman" or a
# "representative", not an "adviser".
_FAMILIES = {
    "spokes": """spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople spokespersons representative
                 representatives речник речниця представник представниця представитель пресс-секретарь""",
    "official": "official officials",
    "source": "source sources",
    "aide": """aide aides adviser advisers advisor advisors staffer staffers strategist strategists operative
               operatives insider insiders confidant confidants""",
}
FAMILY = {w: f for f, words in _FAMILIES.items() for w in words.split()}
AGENT_WORDS = frozenset(FAMILY)
_AGENT_WORD = re.compile(rf"\b(?:{'|'.join(sorted(AGENT_WORDS))})\b", re.I)
_DEFINITE = re.compile(r"^the\s", re.I)
_POSSESSIVE = re.compile(r"\w['’]s?\s")
# "Brian Fallon, a Clinton spokesman": what stands between a person's surname and the role that describes them.
_DESCRIBED_BEFORE = re.compile(r",\s+(?:(?!(?:who|whom|which|that|when|and|or|but|said|says|told)\b)[\w.'’-]+\s+){0,5}")
# "spokesman Josh Earnest", "the White House spokesman, Josh Earnest,", "Secretary of State John Kerry": the
# capitalised words after a role.
_NAMED_AFTER = re.compile(r",?[ \t]+((?:(?:of[ \t]+)?[^\W\d_a-zа-яіїєґ][\w.'’-]*[ \t]?){1,5})")
_NEAR_QUALIFIER = 60  # characters around a role word where the mention's own words ("Pentagon") stand
LOOK_BACK = 3000  # characters before a mention searched for its role: a few paragraphs
_NEAR = 600  # characters either side of a quote where its speaker's mention stands
# "an" ends "Republican", "ic" "Democratic": a party's adjective, no organisation ("a Democratic aide").
_ADJECTIVE_ENDS = ("ic", "an", "ish", "ese", "ian", "al")
# Words after a role noun that leave it the head ("a spokesman for", "officials familiar with"); any other ("the
# official statement", "spokesman Josh Earnest") makes it a word of something else.
_HEAD_NEXT = frozenset("""for to of at with from in on close familiar involved who that briefed speaking traveling
travelling working based""".split()) | {""}


def agent_head(mention: str) -> bool:
    """Whether a speaking-for role noun is the head of ``mention`` ("a Trump campaign spokeswoman",
    "officials familiar with the talks"), not a word before a name ("spokesman Josh Earnest")."""
    return _head_word(mention) is not None


def _head_word(mention: str) -> str | None:
    words = mention.split()
    for k, w in enumerate(words):
        if w[-1:] == "," and w.lower()[:-1] not in AGENT_WORDS:
            return None  # "Sara Walker, 44, a home-care aide": a name first, described after
        word = w.lower().strip(",.;:")
        if word not in AGENT_WORDS or (k and w[:1].isupper() and words[k - 1].lower() not in ("the", "a", "an")):
            continue  # "Business Insider", "House of Representatives" are names; "the Spokesman" is not
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if nxt.lower() in _HEAD_NEXT or (w[-1:] == "," and nxt[:1].islower()):
            return word  # not "spokesman Josh Earnest", "a spokeswoman, Anna White", "the official statement"
    return None


def spoken_for(named: tuple[tuple[str, str], ...], known_person) -> str | None:
    """The organisation a speaking-for mention names (``named``: its capitalised runs classified, last first), or
    None when it names a person ("a senior Cruz adviser": ``known_person("Cruz")``) or nothing that speaks. A word
    the gazetteer does not know is an organisation when it is no person of the article and no adjective ("a
    spokeswoman for YouTube", "FBI officials"; not "a Democratic aide")."""
    for kind, name in named:
        if name.lower() in AGENT_WORDS:
            continue  # "Officials familiar with the talks": the sentence's first word, capitalised
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


def mention_at(text: str, mention: str, pos: int) -> int | None:
    """Where ``mention`` stands nearest to ``pos`` (its quote's or sentence's start), or None."""
    best = None
    for m in re.finditer(re.escape(mention), text[max(0, pos - _NEAR) : pos + _NEAR]):
        at = max(0, pos - _NEAR) + m.start()
        if best is None or abs(at - pos) < abs(best - pos):
            best = at
    return best


def look_back(text: str, pos: int, mention: str) -> tuple[int, str]:
    """(where, text before ``mention``): the article before the mention (or before the sentence at ``pos`` when it
    is not found there) up to LOOK_BACK characters, its quotations blanked."""
    at = mention_at(text, mention, pos)
    if at is None:
        at = 0
        for m in SENTENCE_BREAK.finditer(text, max(0, pos - LOOK_BACK), pos):
            at = m.end()  # the mention is somewhere in the sentence at ``pos``: its roles are its own
        at = at or pos
    lo = max(0, at - LOOK_BACK)
    return lo, QUOTED.sub(lambda q: " " * len(q.group()), text[lo:at])


def introduces(window: str, m: re.Match) -> bool:
    """Whether the role word ``m`` of ``window`` gives the role to someone (a name, a new "a spokesman", "officials
    said"), not a definite mention taking up an earlier one ("the spokesman") nor a word before another noun ("the
    official figures"); a capitalised "Representative" is a congressman's title."""
    if m.group() in ("Representative", "Representatives"):
        return False
    before = window[max(0, m.start() - 40) : m.start()].split()
    if before and before[-1].lower() == "the" or (len(before) > 1 and before[-2].lower() == "the"
                                                   and before[-1][:1].islower()):
        return False  # "the spokesman", "the chief spokesman": one introduced before
    nxt = window[m.end() :].split(None, 1)
    word = nxt[0] if nxt else ""
    bare = word.strip(",.;:")
    return (not word[:1].islower() or bare in _HEAD_NEXT or word[-1:] in ",.;:" or bare in VERB_WORDS
            or bare in FINITE_WORDS or bare.endswith("ly"))  # "officials said", "a spokesman later told"


def holder(text: str, persons: list[tuple[int, str]], start: int, end: int) -> str | None:
    """The person a role word at ``start``-``end`` is given to: the name after it ("spokesman Josh Earnest",
    "the White House spokesman, Josh Earnest,") or before it ("Brian Fallon, a Clinton spokesman"), or None."""
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
                and not SENTENCE_BREAK.search(text, at, start)):
            before = name  # not "..., the Republican nominee. The president": another sentence
    return before


def role_taken_up(text: str, persons: list[tuple[int, str]], pos: int, mention: str) -> tuple[bool, str | None]:
    """(whether the article gave a speaking-for role before ``mention``, the person it gave it to): a later "the
    spokesman" is whoever the article last gave such a role, named ("spokesman Josh Earnest", "Brian Fallon, a
    Clinton spokesman") or not ("a White House official said": (True, None)); a name given another kind of role
    ("Stephen Miller, a senior adviser" before "the spokesman") is not it: (True, None)."""
    lo, window = look_back(text, pos, mention)
    last = None
    for m in _AGENT_WORD.finditer(window):
        if introduces(window, m):
            last = m
    if last is None:
        return False, None
    named = holder(text, persons, lo + last.start(), lo + last.end())
    same = FAMILY.get(last.group().lower()) == FAMILY.get(_head_word(mention) or "")
    # "the Pentagon spokesman" is not "White House spokesman Josh Earnest": its own words stand by the role.
    near = window[max(0, last.start() - _NEAR_QUALIFIER) : last.end() + _NEAR_QUALIFIER]
    own = all(w in near for w in mention.split()[1:] if w[:1].isupper() and w.lower() not in AGENT_WORDS)
    return True, named if same and own else None
