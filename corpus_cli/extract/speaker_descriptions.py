"""Definite descriptions of one person as speakers: "the governor", "the former president", "the New Jersey
governor", "the billionaire businessman" are the person the article gave that title or word ("Gov. Chris
Christie", "Chris Christie, the New Jersey governor,"), not the person named last nor the place they hold (#26)."""

from __future__ import annotations

import bisect
import re

from corpus_cli.extract.names import NAME_RUN, POSSESSIVE, classify_run, first_part
from corpus_cli.extract.roles import PERSON_ROLES, TITLES
from corpus_cli.extract.speaker_agents import AGENT_WORDS, definite, holder, look_back

# Words a definite description of one person is headed by ("the governor", "the billionaire businessman").
_PERSON_HEADS = (PERSON_ROLES | TITLES | frozenset("""senator congressman congresswoman businessman businesswoman
billionaire mogul developer candidate nominee front-runner frontrunner speaker justice judge general attorney mayor
pastor bishop pope king queen prince princess coach actor actress author writer host anchor comedian singer star
inspector""".split())) - frozenset("""house state foreign defence defense national security interior finance economy
press first senior former acting interim deputy treasury democrat republican""".split()) - AGENT_WORDS
# A title's abbreviations before a name ("Gov. Chris Christie" for "the governor").
_HEAD_WORD = {head: re.compile(rf"\b(?:{head}|{short})(?![\w])", re.I) for head, short in (
    ("governor", r"gov\."), ("senator", r"sen\."), ("congressman", r"rep\."), ("congresswoman", r"rep\."),
    ("general", r"gen\."), ("president", r"pres\."))}
# Words before a title that make it another office ("Vice President", "former Gov.").
_RANKS = frozenset("former vice deputy lieutenant ex assistant acting then".split())
_NEAR_QUALIFIER = 100  # characters around a title where a description's own place or party stands ("Ohio Gov.")
_INTRODUCTIONS = 6  # earlier uses of a description's word looked at, latest first ("the president" ... "President
# Obama"); uses that only take one up ("the governor said") do not count


def described_head(mention: str) -> str | None:
    """The noun a definite description of a person is headed by ("the governor", "the former secretary of state",
    "the billionaire businessman", "the New Jersey governor"), or None."""
    if not definite(mention):
        return None
    words = mention.split()[1:]
    if "of" in words:
        words = words[: words.index("of")]
    if words and words[-1][:1].isupper() and any(w.lower() not in _PERSON_HEADS for w in words if w[:1].isupper()):
        return None  # "The Brennan Center for Justice" is a name; "the Prime Minister", "the Governor" are not
    head = words[-1].lower() if words else ""
    return head if head in _PERSON_HEADS else None


def _qualifiers(mention: str) -> list[str]:
    """A description's capitalised words that are no title ("Florida" of "the Florida senator"; none of "the Prime
    Minister"): a place, party or body that names no speaker, but tells which one."""
    return [w for w in mention.split()[1:] if w[:1].isupper() and w.lower().strip(".,") not in _PERSON_HEADS]


def qualified_description(mention: str) -> bool:
    """A description with a place, party or body of its own ("the Florida senator", "the GOP front-runner")."""
    return bool(_qualifiers(mention))


def titled_name(text: str, persons: list[tuple[int, str]], end: int) -> str | None:
    """The name a capitalised title ending at ``end`` stands before ("President Obama", "Mayor Bill de Blasio"):
    the full name the article used for it before, else the name as written; None when no name follows."""
    run = NAME_RUN.match(text, end + 1) if text[end : end + 1] in (" ", "\t") else None
    if run is None:
        return None
    toks = first_part(run.group().split())  # "Jacob J. Lew. Because", "Obama Says ...", "Bush and Senator Rubio"
    kind, name = classify_run(POSSESSIVE.sub("", " ".join(toks).rstrip(".")), None)  # "President Obama's plan"
    words = name.split()
    if kind != "person" or not words or len(words) > 4:
        return None
    for _, person in reversed(persons[: bisect.bisect_left(persons, (end, ""))]):
        if person == name or person.endswith(" " + name):  # "Barack Obama" for "President Obama"
            return person
    return name


def described_person(text: str, persons: list[tuple[int, str]], pos: int, mention: str, head: str) -> str | None:
    """The person the article last described by ``head`` before ``mention`` (at ``pos``): "Gov. Chris Christie" or
    "Chris Christie, the New Jersey governor," for a later "the governor", of the same rank and, when the
    description is qualified, with its qualifier near; None when it gave no one that word."""
    lo, window = look_back(text, pos, mention)
    words = _HEAD_WORD.get(head) or re.compile(rf"\b{re.escape(head)}\b", re.I)
    said = mention.split()[1:]
    ranks = {w.lower() for w in said} & _RANKS
    qualifiers = _qualifiers(mention)
    tries = 0
    for m in reversed(list(words.finditer(window))):
        before = [w.strip(".,").lower() for w in window[max(0, m.start() - 30) : m.start()].split()[-3:]]
        who = holder(text, persons, lo + m.start(), lo + m.end()) or (
            titled_name(text, persons, lo + m.end()) if m.group()[:1].isupper() else None)
        if who is None and before[-1:] == ["the"]:
            continue  # "the governor said": a description taking up an earlier one
        tries += 1
        if tries > _INTRODUCTIONS:
            break
        if set(before) & _RANKS != ranks:
            continue  # "the former president" is not "Vice President Joe Biden", nor "the president" a former one
        near = window[max(0, m.start() - _NEAR_QUALIFIER) : m.end() + _NEAR_QUALIFIER]
        if not all(w in near for w in qualifiers):
            continue  # "the Florida senator" is the senator named with Florida, not "Texas Sen. Ted Cruz"
        if who is not None:
            return who
    return None
