"""Whether a person is "he" or "she" as the article itself shows it (#26): a title before the surname ("Mr.
Clyburn", "Ms. Weingarten"), else the pronoun that follows the surname and its reporting verb ("Warren said she").
A pronoun speaker is then not resolved to a person the article calls the other way ("Trump met Ms. Kelly. ...
she said")."""

from __future__ import annotations

import re

from corpus_cli.extract.cues import VERBS


def pronoun_gender(word: str) -> str | None:
    """"m" for "he", "f" for "she", None for any other word."""
    w = word.strip().lower()
    return "m" if w == "he" else "f" if w == "she" else None


def person_gender(text: str, person: str, memo: dict) -> str | None:
    """"m", "f" or None (not known) for ``person``, a full name, from ``text``; remembered in ``memo`` (the
    article's State.memo) by surname."""
    surname = person.split()[-1] if person.strip() else ""
    key = ("gender", surname)
    if key not in memo:
        memo[key] = _read(text, surname) if surname[:1].isupper() and len(surname) > 2 else None
    return memo[key]


def _read(text: str, surname: str) -> str | None:
    word = re.escape(surname)
    # Two people of one surname ("Mr. Clinton", "Mrs. Clinton"): no gender.
    titles = {"m" if t == "Mr" else "f" for t in re.findall(rf"\b(Mr|Mrs|Ms|Miss)\.?[ \t]+{word}\b", text)}
    if titles:
        return titles.pop() if len(titles) == 1 else None
    # Only a pronoun that is the subject of what the person says: other pronouns after a name are as often
    # another person's ("Warren asked Stumpf why he ...").
    said = {"m" if p == "he" else "f" for p in re.findall(rf"\b{word}[ \t]+(?:{VERBS})[ \t]+(?:that[ \t]+)?(he|she)\b",
                                                           text)}
    return said.pop() if len(said) == 1 else None


def clashes(gender: str | None, text: str, person: str | None, memo: dict) -> bool:
    """Whether ``person`` is known to be of the other gender than a pronoun's ``gender``."""
    if gender is None or not person:
        return False
    known = person_gender(text, person, memo)
    return known is not None and known != gender
