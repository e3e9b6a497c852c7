"""Whether a person is "he" or "she" (#26): as the article shows it, by a title before the surname ("Mr.
Clyburn", "Ms. Weingarten"), else the pronoun that follows the surname and its reporting verb ("Warren said she");
where the article tells nothing, or titles two people of one surname both ways ("Mr. Clinton", "Mrs. Clinton"), by
the gender nine in ten people of the person's first name have (corpus_cli/data/first_names.json). A pronoun
speaker is then not resolved to a person of the other gender ("Trump met Ms. Kelly. ... she said"), and a title
tells apart two people of one surname ("Mrs. Clinton" is Hillary)."""

from __future__ import annotations

import functools
import re

from corpus_cli import package_data
from corpus_cli.extract.cues import VERBS
from corpus_cli.extract.cyrillic import FIRST_NAMES_RESOURCE
from corpus_cli.extract.names import POSSESSIVE

_TITLE_GENDER = {"Mr": "m", "Mrs": "f", "Ms": "f", "Miss": "f"}
_TITLE = r"\b(Mr|Mrs|Ms|Miss)\.?[ \t]+"  # a title that tells a gender, before a surname
_TITLED = re.compile(_TITLE + r"([A-Z][\w’'-]*)")


@functools.lru_cache(maxsize=1)
def _latin_first_names() -> dict[str, str]:
    """{first name in lower case: "m" or "f"}, read once per process."""
    return package_data.load(FIRST_NAMES_RESOURCE, "first names", lambda d: {
        **{w: "m" for w in d["latin_masc"].split()}, **{w: "f" for w in d["latin_femn"].split()}})


def first_name_gender(person: str) -> str | None:
    """"m" or "f" where nine in ten people of ``person``'s first name are, else None (a surname alone, a name
    given to both, a name not listed)."""
    words = person.split()
    return _latin_first_names().get(words[0].lower()) if len(words) > 1 else None


def title_gender(mention: str, surname: str) -> str | None:
    """"m" for "Mr. Clinton", "f" for "Mrs. Clinton" or "Ms. Clinton" when ``mention`` titles ``surname`` so."""
    return next((_TITLE_GENDER[t] for t, w in _TITLED.findall(mention) if surname in (w, POSSESSIVE.sub("", w))),
                None)


def pronoun_gender(word: str) -> str | None:
    """"m" for "he", "f" for "she", None for any other word."""
    w = word.strip().lower()
    return "m" if w == "he" else "f" if w == "she" else None


def person_gender(text: str, person: str, memo: dict) -> str | None:
    """"m", "f" or None (not known) for ``person``, a full name, from ``text``, else from the first name; what
    ``text`` tells is remembered in ``memo`` (the article's State.memo) by surname."""
    surname = person.split()[-1] if person.strip() else ""
    key = ("gender", surname)
    if key not in memo:
        memo[key] = _read(text, surname) if surname[:1].isupper() and len(surname) > 2 else None
    return memo[key] or first_name_gender(person)


def _read(text: str, surname: str) -> str | None:
    word = re.escape(surname)
    # Two people of one surname ("Mr. Clinton", "Mrs. Clinton"): the surname tells no gender, their first names may.
    titles = {_TITLE_GENDER[t] for t in re.findall(rf"{_TITLE}{word}\b", text)}
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
