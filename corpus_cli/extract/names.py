"""Names of people and organisations in capitalised runs, shared by the quote and discovery extractors:
what a run of capitalised words is (a person, an organisation, a role), its titles dropped, and whether two
spellings are one name."""

from __future__ import annotations

import functools
import re

from corpus_cli.extract.roles import GROUP_WORDS, NAME_PARTICLES, ORG_WORDS, PLACE_FIRST_WORDS, PLACE_WORDS, TITLES
from corpus_cli.gazetteer import Gazetteer, name_cache

CAP = r"[A-ZÀ-ÖØ-ÞА-ЯЁЇІЄҐ]"
# Possessive (*+): a word never gives back letters to look for the space after it, so a failed run costs one
# pass over its word, not one per letter.
_NAME_WORD = rf"{CAP}[\w’'.-]*+"
_NAME_GLUE = r"[ \t]+(?:(?:von|van|der|den|de|da|di|du|la|le|bin|al|el|dos|das|of|for|the|and)[ \t]+)*"
NAME_RUN = re.compile(rf"{_NAME_WORD}(?:{_NAME_GLUE}{_NAME_WORD})*")  # a capitalised run
# Capitalised runs of two words or more: NAME_RUN's matches that hold a space or a tab, found without
# visiting the one-word runs (most runs: a sentence's first word) in Python.
NAME_RUNS_2 = re.compile(rf"{_NAME_WORD}(?:{_NAME_GLUE}{_NAME_WORD})+")
_THE_START = re.compile(r"^(?:The|the)\s+")
NOT_NAMES = frozenset("""
the a an in on at but and this that these those when if after before speaking according while as it he she they
we i our his her their its there here last next earlier later since under beyond following furthermore however
meanwhile details source quote background monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december photo video read also see more
moreover still instead indeed yet thus now then so finally first second third besides likewise similarly
with unlike said says
""".split())
_TRAILING_GLUE = {"of", "for", "the", "and"}
# Function words that open a sentence or a question and never a name ("To Sexton, ...", "For President Obama",
# "Does Rubio ...?"); only before a name, since inside one some are glue ("Center for American Progress"). Not
# "who", "is", "will", "may", "can": acronyms and first names ("WHO", "IS", "Will Fitzgibbon").
FUNCTION_OPENERS = frozenset("""
to for from into onto about against among amid upon through during within without toward towards despite except
than like does did had has have was were are should would could must might shall what why how where whether whose
which though although because unless until once whereas nor neither either
""".split())


def drop_openers(toks: list[str]) -> list[str]:
    """The tokens of a capitalised run without the sentence openers before the name ("But", "The", "To")."""
    k = 0
    while k < len(toks) and (toks[k].lower() in NOT_NAMES or (
            k < len(toks) - 1 and toks[k].lower() in FUNCTION_OPENERS and not toks[k].isupper())):
        k += 1  # a function word alone may be a surname: "From said" is Al From
    return toks[k:]


def drop_lower_openers(run: str, text: str, memo: dict) -> str:
    """A sentence's leading run without the words before its last that open sentences or that ``text`` also
    writes in lower case, and the glue words after them ("The Vermont", "As for Trump", "While Comey",
    "Following Wednesday's", "Well Senator Sanders"); ``memo``: the article's (written_lower)."""
    toks = run.split()
    k = 0
    while k < len(toks) - 1 and (toks[k].lower() in NOT_NAMES or written_lower(toks[k], text, memo)
                                 or not toks[k][:1].isupper()):
        k += 1
    return " ".join(toks[k:])


# A possessive ending ("Trump's", "Sanders'"), to read the owner's name without it.
POSSESSIVE = re.compile(r"['’]s?$")


def written_lower(word: str, text: str, memo: dict) -> bool:
    """Whether ``text`` also writes a capitalised ``word`` in lower case (a word, not a name)."""
    if "lower words" not in memo:  # the text's lower-case words, read once
        memo["lower words"] = {w.rstrip(".") for w in _WORD.findall(text) if w[:1].islower()}
    low = word.lower()
    return low != word and low in memo["lower words"]


_WORD = re.compile(r"[\w’'.-]+")


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def only_after_the(name: str, text: str, memo: dict) -> bool:
    """Whether ``text`` writes ``name`` only after "the" ("the Islamic State", "the Wisconsin Republican", "the
    Village Voice"): a body, a place or a description, never a person's own name."""
    key = ("after the", name)
    if key not in memo:
        at = [m.start() for m in re.finditer(re.escape(name), text)]
        memo[key] = bool(at) and all(_THE_BEFORE.search(text, max(0, k - 5), k) for k in at)
    return memo[key]


_TITLE_DOT = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof)\.[ \t]*$")
# Where a sentence opens, so any word is capitalised: the text's start, a line's, after a full stop, a colon or an
# opening quotation mark or dash (a mark after a comma closes a quote).
_OPENING = re.compile(r"(?:^|\n|[.!?:;][\"”’')\]]*|(?<!,)[\"“‘'(\[—–-])[ \t]*$")  # not '"...," X said'


def only_opening(word: str, text: str, memo: dict) -> bool:
    """Whether ``text`` writes the capitalised ``word`` only where a sentence opens, never after a lower-case word,
    a comma, a title ("Mr.") or another capitalised word ("Even so", "Perhaps": no name; '"...," Cruz said' is one)."""
    key = ("opening", word)
    if key not in memo:
        at = [m.start() for m in re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])", text)]
        memo[key] = bool(at) and all(_OPENING.search(text, max(0, k - 6), k) and not _TITLE_DOT.search(text, max(0, k - 8), k)
                                     for k in at)
    return memo[key]


def common_word(name: str, text: str, memo: dict) -> bool:
    """Whether a one-word name is a common word, no person: one that opens sentences ("Even", "Although") or
    that ``text`` also writes in lower case ("Polls", "Many", "Top")."""
    word = name.strip(" ,")
    return " " not in word and (word.lower() in NOT_NAMES or written_lower(word, text, memo))


def runs(text: str) -> list[str]:
    """The capitalised runs of ``text``, without sentence openers and trailing glue words."""
    out = []
    for m in NAME_RUN.finditer(text):
        toks = drop_openers(m.group().split())
        while toks and toks[-1].lower() in _TRAILING_GLUE:
            toks = toks[:-1]
        if toks:
            out.append(" ".join(toks).strip(" .,"))
    return out


_TRANSLIT = re.compile(r"(?<=[bcdfghklmnprstvz])(?:ie|ye|je)|[iyj]+")


def _translit_key(word: str) -> str:
    """A word with the letters that transliterations of one Cyrillic name disagree on folded together:
    runs of i/y/j (Tykhyy, Tykhii, Tykhyi) and ie/ye after a consonant (Bielieskov, Beleskov)."""
    return _TRANSLIT.sub(lambda m: "e" if m.group()[-1] == "e" else "i", word)


@functools.lru_cache(maxsize=1 << 14)  # an article compares the same few names again and again
def similar_spelling(a: str, b: str) -> bool:
    """Spelling variants of one name: one edit apart (Tykhyi / Tykhii), or the same once the letters that
    transliterations disagree on are folded (Tykhyy / Tykhii, Bielieskov / Beleskov)."""
    a, b = a.casefold(), b.casefold()
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and a[:1] == b[:1] and _translit_key(a) == _translit_key(b):
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1 :] == a for k in range(len(b)))


def _country(token: str, gaz: Gazetteer | None) -> bool:
    actor = gaz.resolve(token) if gaz is not None else None
    return actor is not None and actor.type == "country"


def strip_titles(tokens: list[str], gaz: Gazetteer | None) -> list[str]:
    """Drop titles, ranks and nationality words standing before a name ("US" in capitals may be a name's)."""
    k = 0
    while k < len(tokens) - 1 and (tokens[k].lower().strip(".,") in TITLES
                                   or (_country(tokens[k], gaz) and not tokens[k].isupper())):
        k += 1
    # "Former Indiana Gov. Mike Pence": a title further on, with a name of two words or more after it.
    for j in range(len(tokens) - 3, k - 1, -1):
        if tokens[j].lower().strip(".,") in TITLES:
            return tokens[j + 1 :]
    return tokens[k:]


def is_role_run(run: str, gaz: Gazetteer | None) -> bool:
    """A run made only of titles and nationality words ("US Treasury Secretary" is a role, not a name)."""
    return all(t.lower().strip(".,") in TITLES or _country(t, gaz) for t in run.split())


@name_cache  # names recur across a corpus
def classify_run(run: str, gaz: Gazetteer | None) -> tuple[str, str]:
    """(kind, name) of a capitalised run: ("org", canonical or as written) or ("person", name without titles)."""
    toks = run.split()
    if len(toks) > 1 and toks[-1].lower().strip(".,") in _WEEKDAYS:
        while len(toks) > 1 and toks[-1].lower().strip(".,") in _WEEKDAYS:
            toks.pop()  # "said Pence Thursday", "told MSNBC Monday": when, not who
        run = " ".join(toks)
    if gaz is not None:
        actor = gaz.resolve(run)
        if actor is not None:
            return ("person" if actor.type == "person" else "org"), actor.name
        # "Russian leader Vladimir Putin": a known name at the end. A tail of more words than the longest name
        # names nothing (a wall of capitalised words would otherwise cost time growing with its square).
        for k in range(max(1, len(toks) - gaz.max_words), len(toks)):
            actor = gaz.resolve(" ".join(toks[k:]))
            if actor is not None and actor.type == "person":
                return "person", actor.name
    if (of := _person_of(toks, gaz)) is not None:
        return "person", of
    if any(t.lower().strip(".,") in ORG_WORDS for t in toks):
        # "Senate Majority Leader Mitch McConnell": a name after a title is the person the body's word describes.
        tail = strip_titles(toks, gaz)
        if len(tail) < len(toks) and len(tail) >= 2 and not any(t.lower().strip(".,") in ORG_WORDS for t in tail):
            return "person", " ".join(tail)
        return "org", _THE_START.sub("", run)
    return "person", " ".join(strip_titles(toks, gaz))


_HONORIFICS = frozenset("mr mrs ms dr sen rep gov gen".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _person_of(toks: list[str], gaz: Gazetteer | None) -> str | None:
    """The person of "Ted Cruz of Texas", "Mr. Burman of the Tax Policy Center": the name before "of" when it is a
    full name, or a surname after an honorific; not a title's "of" ("Chief of Staff Katie Walsh"), a body's
    ("Supporters of Sanders") or a place's."""
    if "of" not in toks:
        return None
    k = toks.index("of")
    before, after = toks[:k], toks[k + 1 :]
    name = strip_titles(before, gaz)
    if not name or not after or not (after[0][:1].isupper() or after[0] == "the") or any(
            not t[:1].isupper() or t.lower().strip(".,") in ORG_WORDS | PLACE_WORDS | GROUP_WORDS for t in before) or (
            name[-1].lower().strip(".,") in TITLES or place_or_thing(name)):
        return None
    titled = len(name) < len(before) and before[-len(name) - 1].lower().strip(".") in _HONORIFICS
    return " ".join(name) if len(name) >= 2 or titled else None


def first_part(toks: list[str]) -> list[str]:
    """A run's words up to a sentence end or a sentence opener inside it ("Democracy Alliance. He said",
    "U.S. While Clinton"): what follows is another run."""
    for i, t in enumerate(toks):
        if i and t.lower() in NOT_NAMES:
            return toks[:i]
        if i < len(toks) - 1 and t.endswith(".") and len(t) > 2 and "." not in t[:-1] and t.lower().strip(".") not in TITLES:
            return toks[: i + 1]
    return toks


def place_or_thing(words: list[str]) -> bool:
    """Words that name a place, a body or a thing rather than a person ("New York", "John Birch Society")."""
    return (words[0].lower().strip(".,") in PLACE_FIRST_WORDS
            or words[-1].lower().strip(".,’'s") in PLACE_WORDS or words[-1].lower().strip(".,") in PLACE_WORDS)


@name_cache  # names recur across a corpus
def run_person(run: str, gaz: Gazetteer | None) -> str | None:
    """The full name of the person a capitalised run names, or None."""
    toks = first_part(drop_openers(run.split()))
    # "North Carolina’s Ada Fisher", "Sanders’ Jewish faith": an owner and what it owns; the person is after it.
    owner = max((k for k, t in enumerate(toks[:-1]) if POSSESSIVE.search(t)), default=-1)
    toks = toks[owner + 1 :]
    if len(toks) < 2:
        return None
    kind, name = classify_run(" ".join(toks), gaz)
    words = name.split()
    if (kind == "person" and 2 <= len(words) <= 4 and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
            and not place_or_thing(words)):
        return name
    return None


def same_person(name: str, words: list[str], latin: list[list[str]], person: str) -> bool:
    """Whether ``person``, a full name, is the one ``name`` (split into ``words``; ``latin``: a Cyrillic surname's
    spellings) names: the same, its surname or a spelling variant, or its last words."""
    if person == name:
        return True
    pw = person.split()
    # A first name alone names its person only as written ("Hillary said"): "Comey" is no spelling of Corey
    # Lewandowski's first name, nor "Christie" of Christine Todd Whitman's.
    if len(words) == 1 and (similar_spelling(words[0], pw[-1]) or words[0].casefold() == pw[0].casefold()
                            or any(similar_spelling(w[0], pw[-1]) for w in latin)):
        return True
    return len(words) > 1 and len(pw) > len(words) and person.endswith(name)


# Words that end no noun phrase as its head: prepositions, conjunctions, relatives, auxiliaries.
_NOT_NOUN = r"(?!(?:in|of|with|for|on|at|to|from|by|the|and|or|who|that|which|as|is|was|has)\b)"
_PLURAL_AFTER = re.compile(rf"[ \t]+(?:{_NOT_NOUN}[a-z][\w-]*[ \t]+){{0,2}}{_NOT_NOUN}[a-z][\w-]*[^suiy\W]s")


def plural_qualified(mention: str, run: str) -> bool:
    """Whether ``mention`` ends with a lower-case plural that its capitalised ``run`` qualifies ("Democratic
    leaders", "Clinton supporters", "Jewish groups"): many people, none of them the run's."""
    return _PLURAL_AFTER.fullmatch(mention, mention.rfind(run) + len(run)) is not None
