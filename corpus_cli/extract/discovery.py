"""Actors the gazetteer does not know, discovered in an article's clean body.

Only names with evidence of what they are become actors (a capitalised run alone could be a street, a
ship or a headline):
- people who speak a quote or reported speech with a reporting verb (the quote extractor resolved them), unless
  the text says otherwise: the name holds a word the article writes in lower case, stands in a title-case
  headline, describes the speaker ("the former Vermont Democratic governor"), or, reached through a pronoun or a
  description, is only ever "a/the/at/in X";
- people named with a title or role: "Foreign Minister Choe Son Hui", "spokesperson Maria Zakharova",
  "Andriy Kostin, Ukraine's prosecutor general,";
- organisations introduced with their acronym: "the Korean Central News Agency (KCNA)".

Within the article, a person's later mentions by surname or by a spelling variant (one letter off, or the
letters transliterations disagree on: Tykhyi / Tykhii / Tykhyy) count for the full name; an organisation's
acronym counts for it. Across the corpus, the store merges
discovered actors whose names have the same alias key (case, accents, hyphens: "Choe Son-hui" is
"Choe Son Hui").
"""

from __future__ import annotations

import re

from corpus_cli.extract.cyrillic import person_tokens
from corpus_cli.extract.names import (
    NAME_RUNS_2,
    NOT_NAMES,
    POSSESSIVE,
    classify_run,
    drop_openers,
    place_or_thing,
    similar_spelling,
    strip_titles,
    written_lower,
)
from corpus_cli.extract.roles import GROUP_WORDS, NAME_PARTICLES, ORG_WORDS, PERSON_ROLE, PERSON_ROLES, TITLES
from corpus_cli.extract.spans import line_around
from corpus_cli.gazetteer import Gazetteer, name_cache
from corpus_cli.models import Mention, Quote
from corpus_cli.textshape import title_like

# Sentence openers that a capitalised run can start with ("Although Ford said", "To LeBron James").
_OPENERS = frozenset("""
although though to which what who whom why how would could should will can did does do is are was were has have
had one yet so if because whether both either neither each every all some many most few several no not for without
whatever with from by against about endorsed like another other others don’t don't doesn’t doesn't didn’t didn't
celebrating
""".split())
# What may follow a speaker's name in its mention without making the name a modifier ("Harlan Boyce at ...").
_FUNCTION_WORDS = frozenset("""at in on of for from with by to and or but who whom whose which that as after before
during since while when where about over under near outside inside""".split())
_WORD_BEFORE = re.compile(r"(\w+)[ \t]+$")  # the word right before a name: "spokesperson Olena Bilyk"
_APPOSITIVE = re.compile(r",[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?[^,.;:!?\n\"“”«»()]{0,60}?" + PERSON_ROLE.pattern,
                         re.I)
_ACRONYM_AFTER = re.compile(r"[ \t]*\((?P<acr>[A-Z][A-Z0-9&-]{1,9})\)")
_CAP_WORD = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁЇІЄҐ]\w*")  # capitalised words (Latin and Cyrillic scripts)
_SENTENCE_OPENS = re.compile(r"(?:[.!?:][\"”’']?[ \t]+|\n[ \t]*|^)$")  # what stands before a sentence's first word
_THING_BEFORE = re.compile(r"(?<![\w-])(?:[Aa]n?|[Tt]he|at|in)[ \t]+$")  # "the Golden Bear", "at SunTrust"
# A word that describes before a name ("Front-runner", "Botox-maker", "Dublin-based"): a hyphen, then lower case.
_DESCRIPTOR = re.compile(r"^[\w.]+-[a-z][\w-]*$")


def _person_name(tokens: list[str], gaz: Gazetteer, strict: bool = True) -> str | None:
    """The tokens as a person's full name, or None when they cannot be one (``strict``: cyrillic.person_tokens)."""
    tokens = [t if len(t) == 2 and t.endswith(".") else t.strip(".,") for t in tokens]  # initials keep their dot
    if tokens and POSSESSIVE.search(tokens[-1]):
        tokens[-1] = POSSESSIVE.sub("", tokens[-1])  # "Donald Trump's announcement"
    if not 2 <= len(tokens) <= 4:
        return None
    tokens = person_tokens(tokens, strict=strict)  # in Cyrillic: where a first name stands, in the nominative
    if tokens is None:
        return None
    for t in tokens:
        low = t.lower()
        if t in NAME_PARTICLES:
            continue
        if (not t[:1].isupper() or low in NOT_NAMES or low in _OPENERS or low in ORG_WORDS or low in GROUP_WORDS or low in TITLES
                or POSSESSIVE.search(t) or "." in t[:-1]
                or (len(t) > 1 and t.isupper() and not t.endswith("."))):
            return None
        actor = gaz.resolve(t)
        if actor is not None and actor.type in ("country", "place", "organisation"):
            return None
    if place_or_thing(tokens) or len(tokens[-1]) == 2 and tokens[-1].endswith("."):
        return None  # a place or a body; a name cut after an initial ("Robert C. "Bobby" Scott")
    name = " ".join(tokens)
    if gaz.resolve(name) is not None:
        return None  # the gazetteer counts it
    kind, _ = classify_run(name, gaz)
    return name if kind == "person" else None


def _tokens(run: str) -> tuple[list[str], bool]:
    """The run's words up to a sentence end inside it ("Olena Bilyk. Bilyk said"; initials and "Mr." do
    not end one), and whether it was cut there."""
    toks = run.split()
    for i, t in enumerate(toks[:-1]):
        if t.endswith(".") and len(t) > 2 and t.lower().strip(".") not in TITLES:
            return toks[: i + 1], True
    return toks, False


def _runs(text: str) -> list[re.Match]:
    """Capitalised runs of two words or more (a name needs two)."""
    return list(NAME_RUNS_2.finditer(text))


def _occurrences(text: str, name: str) -> list[int]:
    """Where ``name`` stands in ``text`` as whole words."""
    out, i = [], text.find(name)
    while i >= 0:
        j = i + len(name)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and (
                j == len(text) or not (text[j].isalnum() or text[j] == "_")):
            out.append(i)
        i = text.find(name, i + 1)
    return out


@name_cache  # names and headings recur across a corpus
def _run_name(run: str, gaz: Gazetteer) -> tuple[str | None, bool, bool, int]:
    """What a capitalised run says by itself: (the person's name in it, titled, cut at a sentence end,
    offset of the name's first word in the run)."""
    toks, cut = _tokens(run)
    toks = drop_openers(toks)
    if len(toks) < 2:
        return None, False, cut, 0
    bare = strip_titles(toks, gaz)
    titled = any(t.lower().strip(".,") in TITLES for t in toks[: len(toks) - len(bare)])
    return _person_name(bare, gaz), titled, cut, run.index(bare[0])


def _titled_people(text: str, gaz: Gazetteer, runs: list[re.Match]) -> list[tuple[int, str]]:
    """(position, full name) of people named with a title or a role."""
    out = []
    for m in runs:
        name, titled, cut, offset = _run_name(m.group(), gaz)
        if name is None:
            continue
        if not titled:
            before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            titled = bool((before and before.group(1).lower() in PERSON_ROLES)
                          or (not cut and _APPOSITIVE.match(text, m.end())))
        if titled:
            out.append((m.start() + offset, name))
    return out


def _acronym_orgs(text: str, gaz: Gazetteer, runs: list[re.Match]) -> list[tuple[int, str, str]]:
    """(position, name, acronym) of organisations introduced with their acronym."""
    out = []
    for m in runs:
        a = _ACRONYM_AFTER.match(text, m.end())
        if not a:
            continue
        toks = m.group().split()
        toks = drop_openers(toks)
        acr = a.group("acr")
        if (len(toks) < 2 or not any(t.lower() in ORG_WORDS for t in toks) or toks[0][:1] != acr[:1]
                or gaz.resolve(acr) is not None):
            continue
        name = " ".join(toks)
        if gaz.resolve(name) is None:
            out.append((m.start() + m.group().index(toks[0]), name, acr))
    return out


def _speakers(quotes: list[Quote], gaz: Gazetteer, text: str) -> list[tuple[int, str]]:
    """(position, name) of the people who speak quotes, as the quote extractor resolved them."""
    out, memo = [], {}
    for q in quotes:
        # A speaker guessed without a reporting verb, or carried on from a paragraph before, is no evidence.
        if not q.speaker or q.cue in (None, "continued") or gaz.resolve(q.speaker) is not None:
            continue
        toks, cut = _tokens(q.speaker)
        if cut or _modifier(q) or _headline(q, text):
            continue  # "Ken Doctor. That's": a sentence break inside is not one name
        while toks and _DESCRIPTOR.search(toks[0]):  # "Front-runner Hillary Rodham Clinton", "Dublin-based Shire"
            toks = toks[1:]
        # Named at the quote ("— заявил Матиас Йорш"), not through a pronoun: the name's own evidence.
        direct = bool(q.speaker_mention) and q.speaker in q.speaker_mention
        name = _person_name(strip_titles(toks, gaz), gaz, strict=not direct)
        if name and _thing_context(name, text, strict=not direct):
            continue
        # "Young said", "Mr. Young said": the surname alone speaks, so a surname that is also a word is one.
        by_surname = bool(name) and q.speaker_mention != name and (q.speaker_mention or "").split()[-1:] == [
            name.split()[-1]]
        if name and not _common_words(name, text, memo, strict=not direct, surname_speaks=by_surname):
            out.append((q.start, name))
    return out


def _common_words(name: str, text: str, memo: dict, strict: bool, surname_speaks: bool = False) -> bool:
    """The name holds a word the article also writes as a common word: after its first word, anywhere in lower
    case ("Trump Addresses Munich Attack", "Climate Action"); its first word, in lower case and never capitalised
    after a lower-case word or a comma, so only where a sentence opens ("Given Obama", "Even Rendell"; not "Hope
    Hicks", who is "spokeswoman Hope Hicks" somewhere). ``strict`` (a speaker reached through a pronoun or a
    description, not named at the quote): its first word in lower case anywhere. ``surname_speaks`` (the surname
    alone named the speaker: "Young said"): the words after the first are the name's. ``memo``: the article's
    (names.written_lower)."""
    first, *rest = name.split()
    if not surname_speaks and any(written_lower(w, text, memo) for w in rest if w not in NAME_PARTICLES):
        return True
    return written_lower(first, text, memo) and (strict or not re.search(rf"[a-z,;][ \t]+{re.escape(first)}(?![\w-])", text))


def _modifier(q: Quote) -> bool:
    """The speaker's words stand before a noun in the mention ("the former Vermont Democratic governor", "a
    Bloomberg Politics poll"): they describe the speaker, they are not who speaks."""
    m = q.speaker_mention or ""
    at = m.find(q.speaker)
    rest = m[at + len(q.speaker) :].split(None, 1) if at >= 0 else []
    word = rest[0].strip(",;:").lower() if rest else ""
    return word.isalpha() and rest[0][:1].islower() and not word.endswith("ly") and word not in _FUNCTION_WORDS


def _headline(q: Quote, text: str) -> bool:
    """The words of the quote's line outside the quote, after its last dash or colon, are a headline in title
    case ("WATCH What Hillary Does When A Guy Walks Up And ..."); reported speech's own words count too."""
    before, after = line_around(text, q.start, q.end)
    if q.kind == "indirect":
        line = before + text[q.start : q.end] + after
    else:
        line = re.split(r"\s[-—–]\s|:\s", before)[-1]
    return title_like(line, min_words=5, share=0.8)


def _thing_context(name: str, text: str, strict: bool) -> bool:
    """Every place the article names it, a determiner or a place preposition stands before it ("a Roman Catholic",
    "the Golden Bear restaurant", "at SunTrust Robinson Humphrey"): a thing or a place, not a person. Not
    ``strict`` (named at the quote): places where a sentence opens do not count, and one place must be such."""
    places = _occurrences(text, name)
    if not strict:
        places = [p for p in places if not _SENTENCE_OPENS.search(text, max(0, p - 4), p) and p > 0]
    return bool(places) and all(_THING_BEFORE.search(text, max(0, p - 8), p) for p in places)


def discovered_mentions(text: str, gaz: Gazetteer, quotes: list[Quote]) -> list[Mention]:
    """Mentions of actors the gazetteer does not know (see the module docstring)."""
    runs = _runs(text)
    people: list[str] = []
    for _, name in sorted(_speakers(quotes, gaz, text) + _titled_people(text, gaz, runs)):
        # One person under two spellings (Heorhii Tykhyi / Heorhii Tykhii) is the name seen first.
        words = name.split()
        if not any(name == p or (len(p.split()) == len(words) and similar_spelling(p.split()[-1], words[-1])
                                 and all(similar_spelling(x, y) for x, y in zip(p.split()[:-1], words[:-1])))
                   for p in people):
            people.append(name)
    surnames: dict[str, int] = {}
    for p in people:
        key = p.split()[-1].casefold()
        surnames[key] = surnames.get(key, 0) + 1
    # The capitalised words, each once (the Latin Extended-A range holds both cases); where a variant of a surname
    # stands is looked for only once it is one: a capitalised word is a whole run of word characters, so its
    # places are where it stands as a whole word.
    capitalised = {w for w in _CAP_WORD.findall(text) if w[0].isupper()} if people else set()
    out: list[Mention] = []
    for name in people:
        surname = name.split()[-1]
        full = _occurrences(text, name)
        places = {p + len(name) - len(surname) for p in full}
        if surnames[surname.casefold()] == 1:  # two people of one surname: only full names count
            n = len(surname)
            # Variants keep the first letter (Tykhyi / Tykhii): that test leaves few words to compare.
            for w in capitalised:
                if w[0] == surname[0] and n - 2 <= len(w) <= n + 2 and similar_spelling(w, surname):
                    places.update(_occurrences(text, w))
        if places:
            first = min(places | set(full))
            out.append(Mention(name=name, type="person", count=len(places), first_pos=first))
    seen_orgs: set[str] = set()
    for pos, name, acr in _acronym_orgs(text, gaz, runs):
        if name in seen_orgs:
            continue
        seen_orgs.add(name)
        full = _occurrences(text, name)
        short = [m.start() for m in re.finditer(r"(?<![\w(])" + re.escape(acr) + r"(?![\w)])", text)]
        out.append(Mention(name=name, type="organisation", count=len(full) + len(short),
                           first_pos=min(full + short + [pos]), aliases=[acr]))
    return out
