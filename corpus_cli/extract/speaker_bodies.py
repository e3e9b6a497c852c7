"""Who "the agency", "the department" or "the ministry" is (#26): the body the article last named with that word
or an acronym the gazetteer knows as an organisation ("the Central Intelligence Agency", "the Labor Department",
"the FBI", "Russia's defence ministry": Russia), else the last body remembered as a speaker, never the person named
last, since a body is no person."""

from __future__ import annotations

import functools
import re

from corpus_cli.extract.names import classify_run, drop_openers
from corpus_cli.gazetteer import Gazetteer

# "the agency", "The Ministry", "the agency, which fell short": a body named only by its kind.
BODY_MENTION = re.compile(r"^the\s+(agency|department|ministry)(?:\s*,.*)?$", re.I | re.S)
_LOOK_BACK = 3000  # characters before a mention searched for the body it names: a few paragraphs
# The words that head a body's name of each kind: in US news an agency is as often a department or an office.
_HEADS = {"agency": "Agency|Department|Bureau|Office|Administration|Service|Commission",
          "department": "Department", "ministry": "Ministry"}


@functools.lru_cache(maxsize=8)
def _named(noun: str) -> re.Pattern:
    """A body's name headed by one of ``noun``'s words ("Labor Department", "Department of Justice"), an owner's
    body ("Russia's defence ministry": group "owner") or, for an agency or a department, an acronym ("FBI"; a
    ministry's is rare, and "told the BBC" would be taken for one)."""
    heads = _HEADS[noun]
    return re.compile(
        rf"(?P<name>(?:[A-Z][\w.&’'-]*[ \t]+){{0,4}}(?:{heads})"
        rf"(?:[ \t]+(?:of|for)(?:[ \t]+the)?(?:[ \t]+[A-Z][\w’'-]*){{1,4}})?)"
        rf"|(?P<owner>[A-Z][\w.-]*)['’]s[ \t]+(?:[a-z-]+[ \t]+){{0,3}}{noun}\b"
        + (r"|\b(?P<acronym>[A-Z]{2,5})\b(?![-\d])" if noun != "ministry" else ""))  # not "EB-5"; "told the BBC"


def mention_at(text: str, pos: int, mention: str) -> int:
    """Where ``mention`` first stands in ``text`` from ``pos`` (a quote's or its sentence's start) on, else ``pos``:
    the body may be named in the mention's own sentence ("... the Justice Department, while the department was
    ..."). Not speaker_agents.mention_at, which takes the nearest use either side of ``pos``."""
    m = re.compile(re.escape(mention), re.I).search(text, pos, pos + 2000)
    return m.start() if m else pos


def named_body(text: str, pos: int, noun: str, gaz: Gazetteer | None) -> str | None:
    """The body ``text`` last named before ``pos`` as a ``noun`` ("agency", "department", "ministry"): its actor
    where the gazetteer knows it, else its name; None where the article named none."""
    # Only the few paragraphs before: an article of many such mentions is not read again from its start each time.
    for m in reversed(list(_named(noun.lower()).finditer(text, max(0, pos - _LOOK_BACK), pos))):
        if m.group("name"):
            name = " ".join(drop_openers(m.group("name").split()))  # "A Government Accountability Office"
            actor = gaz.resolve(name) if gaz is not None else None
            return actor.name if actor is not None else (classify_run(name, gaz)[1] or name)
        name = m.group("owner") or m.group("acronym")
        actor = gaz.resolve(name) if gaz is not None else None
        if m.group("owner"):
            if actor is not None and actor.type in ("organisation", "country"):
                return actor.name  # "Russia's defence ministry": Russia
        elif actor is None or actor.type == "organisation":
            return actor.name if actor is not None else name  # "the FBI", not "the US"
    return None


def last_body(speaker: str | None, persons: list[tuple[int, str]], pos: int, gaz: Gazetteer | None) -> str | None:
    """The last ``speaker`` when it is a body, else the last of the five names remembered before ``pos``
    (State.persons: people named, and speakers) that is one: an organisation the gazetteer knows, or a name an
    organisation's word ends ("Congressional Budget Office")."""
    names = [speaker] if speaker else []
    names += [name for at, name in reversed(persons) if at < pos][:5]
    for name in names:
        actor = gaz.resolve(name) if gaz is not None else None
        if (actor.type == "organisation") if actor is not None else classify_run(name, gaz)[0] == "org":
            return name if actor is None else actor.name
    return None
