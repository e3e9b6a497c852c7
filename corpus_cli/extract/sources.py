"""Sources an article cites ("Source: X", "according to X", "citing X", "as reported by X", "X reported",
wire credits) and the name of its publisher from a URL."""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlsplit

from corpus_cli.extract.roles import PERSON_ROLE
from corpus_cli.gazetteer import Gazetteer

# One capitalised word; inner dots only between letters ("U.S"), so every character has one way to match
# (nested optional runs here once made a page take minutes).
_CAP = r"(?:[A-Z][\w’'&-]*(?:\.[\w’'&-]+)*|\d+[A-Z]\w*)"
_JOIN = r"(?:of|the|for|and|de|du|des|der|di|la|le|&)"
# A proper name: capitalised words, with "of"/"the"/"for" allowed between them, and an acronym in brackets.
_SP = r"[ \t]"  # names never run across a line
_NAME = rf"{_CAP}(?:{_SP}+(?:{_JOIN}{_SP}+)*{_CAP})*(?:{_SP}*\([A-Z][\w.]*\))?"
_LEAD = rf"(?:(?:the|a|an){_SP}+)?(?:[a-z][\w-]*{_SP}+){{0,3}}?"

# Phrases that begin a word, written without their leading \b and found with _at_word_starts: a pattern that
# opens with \b is tried at every character, one that opens with a letter only where that letter stands.
_CITING = re.compile(rf"(?:according to|citing|as reported by|reported by|cited by|quoted by)\s+{_LEAD}(?P<name>{_NAME})")
_WIRE_CREDIT = re.compile(r"\((?P<name>Reuters|AP|AFP|dpa|Bloomberg|Yonhap|UNIAN|Ukrinform|Interfax|TASS|PA|ANI|PTI|EFE)\)")
# "KCNA reported": found from the verb, looking back a bounded window for the name before it.
_REPORTED = re.compile(r"(?:reported|reports|said in a report|wrote)\b")
_NAME_BEFORE = re.compile(rf"(?<![\w,])(?P<name>{_NAME}),?{_SP}+$")
_SOURCE_LINE = re.compile(r"^\s*(?:source|sources|джерело|источник)\s*:\s*(?P<rest>.+)$", re.I | re.M)
_HEADLINE_WIRE = re.compile(r"\s[–—-]\s*(?P<name>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s*$")
# "citing the ... Treaty": documents are not sources.
_DOCUMENT = re.compile(r"\b(?:Treaty|Agreement|Accord|Act|Law|Resolution|Convention|Charter|Protocol|Constitution|Code)$")
_ARTICLE_BEFORE_NAME = re.compile(r"^(?:The|A|An)\s+(?=[A-Z])")
_ARTICLE_START = re.compile(r"^(?:The|A|An)\s+")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")
_ACRONYM_AT_END = re.compile(r"\(([A-Z][\w.]*)\)\s*$")
_BRACKETS_AT_END = re.compile(r"\s*\([^)]*\)\s*$")
_SOURCE_NAME_END = re.compile(r",|\s+(?:at|during|on|in)\s+")  # "Source: X, ...", "Source: X at a briefing"
_CITING_PHRASE = re.compile(r"\bciting\s+(?P<phrase>[^,;]+)")
_NOT_SOURCES = {"The", "This", "That", "He", "She", "They", "It", "We", "I", "In", "On", "At", "But", "And"}


def _at_word_starts(pattern: re.Pattern, text: str):
    """The matches ``re.compile(r"\b" + pattern.pattern).finditer(text)`` gives, for a pattern whose every
    match begins with a word character: one starting inside a word is dropped, and the search goes on from
    the character after its start (its end could hide a match that begins at a word)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        yield m
        pos = m.end()


def _clean_name(name: str) -> str | None:
    name = name.strip(" .,;:")
    # "the US Department of State" is the department; "The Independent", "The Guardian": the article is part
    # of a one-word name, and stays.
    if len(name.split()) > 2:
        name = _ARTICLE_BEFORE_NAME.sub("", name)
    if not name or name in _NOT_SOURCES or len(name) < 2 or _DOCUMENT.search(name):
        return None
    return name


def _last_person(phrase: str) -> str | None:
    """The last run of two or more capitalised words in ``phrase``, after any role words."""
    m = PERSON_ROLE.search(phrase)
    tail = phrase[m.end():] if m else phrase
    runs = _CAPITALISED_RUN.findall(tail)
    return runs[0] if runs and m else (runs[-1] if runs else None)


def _canonical(name: str, gaz: Gazetteer | None) -> str:
    acr = _ACRONYM_AT_END.search(name)
    base = _BRACKETS_AT_END.sub("", name)
    if gaz is not None:
        bare = _ARTICLE_START.sub("", base)
        for cand in ([acr.group(1)] if acr else []) + [base, bare]:
            actor = gaz.resolve(cand)
            if actor is not None and actor.type != "country":
                return actor.name
    return acr.group(1) if acr else base


def cited_sources(text: str, gaz: Gazetteer | None = None, title: str | None = None,
                  wires: list[str] | None = None) -> list[str]:
    """Names of the sources the article cites, in order of first appearance, without repeats."""
    found: list[tuple[int, str]] = []
    for m in _SOURCE_LINE.finditer(text):
        rest = m.group("rest")
        first = _clean_name(_SOURCE_NAME_END.split(rest, maxsplit=1)[0])
        if first and first[:1].isupper():
            found.append((m.start(), first))
        for c in _CITING_PHRASE.finditer(rest):
            person = _last_person(c.group("phrase"))
            if person:
                found.append((m.start() + c.start(), person))
    for m in itertools.chain(_at_word_starts(_CITING, text), _WIRE_CREDIT.finditer(text)):
        name = _clean_name(m.group("name"))
        # "citing Foreign Ministry spokesman Heorhii Tykhyi": the person, not the ministry.
        follow = text[m.end("name") : m.end("name") + 120].split("\n", 1)[0]
        if PERSON_ROLE.match(follow.strip()):
            name = _last_person(m.group("name") + follow) or name
        if name:
            found.append((m.start("name"), name))
    for v in _at_word_starts(_REPORTED, text):
        lo = max(0, v.start() - 120)
        m = _NAME_BEFORE.search(text, lo, v.start())
        if m:
            name = _clean_name(m.group("name"))
            if name:
                found.append((m.start("name"), name))
    if title:
        m = _HEADLINE_WIRE.search(title)
        if m:
            found.append((-1, m.group("name")))
    for w in wires or []:
        found.append((-2, w))
    out: list[str] = []
    seen: set[str] = set()
    for _, name in sorted(found, key=lambda x: x[0]):
        canon = _canonical(name, gaz)
        key = canon.casefold()
        if key not in seen:
            seen.add(key)
            out.append(canon)
    return out


def publisher_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())
    return host or None
