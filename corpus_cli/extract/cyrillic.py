"""People's names in Cyrillic: whether a capitalised run holds one, where it starts, and the name in the
nominative (issue #28).

A run in Cyrillic names a person only where one of its words is a first name that the pymorphy3 dictionaries
tag as one (corpus_cli/data/first_names.json, compiled by `make gazetteer`): "Острове Уайт" (an island),
"Западном Иерусалиме" (a place) name nobody, and words before the first name are not the name's
("Роскосмоса Анатолий Перминов": the agency, in the genitive, before its head). A name is written in one
script ("Компания Microsoft" is a company). The first name tells gender and case; a later word of the other
gender ends the name ("Роман Коноплев Русской службе": the service), and a name in the genitive, accusative or
instrumental is put in the nominative ("Виталием Калоевым" is Виталий Калоев).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from corpus_cli import package_data
from corpus_cli.extract.declension import surname_nominative

FIRST_NAMES_RESOURCE = "first_names.json"
_CYRILLIC = re.compile("[А-ЯЁЇІЄҐа-яёїієґ]")
_LATIN = re.compile("[A-Za-zÀ-ÖØ-öø-ſ]")
_INITIAL = re.compile("^[А-ЯЁЇІЄҐ]\\.$")
_PATRONYMIC = re.compile("(?:ович|евич|йович|ич|івна|ївна|овна|евна|ична|инична)$")
# A first name's ending in a case -> the nominative's, with the gender and the case: tried when the word is not
# a first name in the nominative. Genitive (Олега, Сергія, Сергея, Ігоря, Олени, Марії, Натальи), feminine
# accusative (Олену, Марію), instrumental (Олегом, Сергієм, Ігорем, Оленою, Натальей).
_ENDINGS = (
    ("а", "", "masc", "gent"), ("я", "й", "masc", "gent"), ("я", "ь", "masc", "gent"), ("я", "", "masc", "gent"),
    ("и", "а", "femn", "gent"), ("ы", "а", "femn", "gent"), ("и", "я", "femn", "gent"), ("ї", "я", "femn", "gent"),
    ("у", "а", "femn", "accs"), ("ю", "я", "femn", "accs"),
    ("ом", "", "masc", "ablt"), ("ем", "й", "masc", "ablt"), ("ем", "ь", "masc", "ablt"), ("ем", "", "masc", "ablt"),
    ("єм", "й", "masc", "ablt"), ("ою", "а", "femn", "ablt"), ("ею", "я", "femn", "ablt"), ("єю", "я", "femn", "ablt"),
    ("ой", "а", "femn", "ablt"), ("ей", "я", "femn", "ablt"),
)
# Surname endings of one gender only, in the nominative: after a first name of the other, the name has ended.
_FEMININE_ONLY = ("ская", "цкая", "ской", "цкой", "ська", "цька", "ської", "цької", "ова", "ева", "ёва")
_MASCULINE_ONLY = ("ов", "ев", "ёв", "ский", "цкий", "ський", "цький")
_FEMININE_NOMINATIVE = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ська", "цька", "ая", "яя")
# Endings of adjectives and nouns in cases other than the nominative, which no first name has.
_OBLIQUE = ("ом", "ем", "ой", "ей", "ых", "их", "ого", "его", "ому", "ему", "ую", "юю", "ими", "ыми", "ами", "ях", "ах")


@dataclass(frozen=True)
class FirstNames:
    masc: frozenset[str]
    femn: frozenset[str]

    def readings(self, word: str) -> list[tuple[str, str, str]]:
        """(the word in the nominative, gender, case) of each way ``word`` is a first name, the nominative first."""
        low = word.lower().replace("ё", "е")
        out = [(word, gender, "nomn") for gender, names in (("masc", self.masc), ("femn", self.femn)) if low in names]
        for ending, nominative, gender, case in _ENDINGS:
            if low.endswith(ending) and len(low) > len(ending) + 1:
                stem = low[: len(low) - len(ending)] + nominative
                if stem in (self.masc if gender == "masc" else self.femn):
                    out.append((word[: len(word) - len(ending)] + nominative, gender, case))
        return out

    def parse(self, word: str) -> tuple[str, str, str] | None:
        found = self.readings(word)
        return found[0] if found else None


def cyrillic_letters(text: str) -> int:
    """How many Cyrillic letters (Ukrainian's and Russian's) ``text`` holds."""
    return len(_CYRILLIC.findall(text))


@functools.lru_cache(maxsize=1)
def packaged_first_names() -> FirstNames:
    """The shipped first names, read once per process (only when a run in Cyrillic is met)."""
    return package_data.load(FIRST_NAMES_RESOURCE, "first names",
                             lambda d: FirstNames(frozenset(d["masc"].split()), frozenset(d["femn"].split())))


def person_tokens(tokens: list[str], names: FirstNames | None = None, strict: bool = True) -> list[str] | None:
    """The words of the person's name in ``tokens`` (a capitalised run without its titles), in the nominative;
    None when they hold no name. Runs not in Cyrillic are returned as they are. Not ``strict`` (a name written
    right at its reporting verb, "— заявил Матиас Йорш"): a first name the dictionaries lack will do, unless the
    run opens with an adjective's or a noun's oblique ending ("Западном Иерусалиме")."""
    cyrillic = [bool(_CYRILLIC.search(t)) for t in tokens]
    if not any(cyrillic):
        return tokens
    if not all(cyrillic) or any(_LATIN.search(t) for t in tokens):
        return None
    names = names or packaged_first_names()
    found = next(((i, f) for i, t in enumerate(tokens[:-1])
                  if (f := names.parse(t) or ((t, "", "nomn") if _INITIAL.match(t) else None))), None)
    if found is None:
        return None if strict or tokens[0].lower().endswith(_OBLIQUE) else tokens
    i, first = found
    if i == 1 and len(tokens) == 3 and _PATRONYMIC.search(tokens[2]):
        return tokens  # surname first, as official lists write it: "Путин Владимир Владимирович"
    if first[1] == "femn" and first[2] == "nomn":
        first = _agreeing(first, names.readings(tokens[i]), tokens[i + 1])
    name, gender, case = first
    rest = tokens[i + 1 :]
    if case == "nomn":
        other = {"masc": _FEMININE_ONLY, "femn": _MASCULINE_ONLY}.get(gender, ())
        k = next((j for j, w in enumerate(rest) if w.lower().endswith(other) and not names.parse(w)), len(rest))
        return [name, *rest[:k]] if k else None
    return [name, *(surname_nominative(w, gender, case) for w in rest)]


def _agreeing(first: tuple[str, str, str], readings: list[tuple[str, str, str]], nxt: str) -> tuple[str, str, str]:
    """A feminine first name that is also a masculine one in another case ("Арсенія": Арсеній in the genitive)
    reads as the one the surname after it agrees with ("Арсенія Яценюка" is his; "Романа Неговелова" may be hers)."""
    other = next((r for r in readings if r[1] == "masc" and r[2] != "nomn"), None)
    if other and not nxt.lower().endswith(_FEMININE_NOMINATIVE) and surname_nominative(nxt, "masc", other[2]) != nxt:
        return other
    return first


def people_first(found: list[str]) -> list[str]:
    """The capitalised runs of a speaker mention in Cyrillic narrowed to the people they name, when they name
    any ("речник Повітряних сил Юрій Гнатенко": Юрій Гнатенко, not the genitive "Повітряних"; "МИД России
    Мария Захарова": Мария Захарова); other mentions' runs as they are."""
    if not any(_CYRILLIC.search(r) for r in found):
        return found
    people = [" ".join(p) for r in found if len(r.split()) >= 2 and (p := person_tokens(r.split()))]
    return people or found


def source_person(rest: str) -> str | None:
    """The person a "Джерело:" / "Источник:" line names after a role ("речниця Ірина Шевчук на брифінгу"), or
    None when it names an organisation or a channel ("Повітряні сили в Telegram")."""
    if not _CYRILLIC.search(rest):
        return None
    for run in _RUN.findall(rest):
        people = person_tokens(run.split())
        if people and len(people) >= 2:
            return " ".join(people)
    return None


# Capitalised runs in Cyrillic (a name's words, one space or tab apart).
_RUN = re.compile("[А-ЯЁЇІЄҐ][а-яёїієґʼ'’-]*(?:[ \t]+[А-ЯЁЇІЄҐ][а-яёїієґʼ'’-]*)+")
# After a quote: its attribution by a dash ("», – заявив"); before one: what introduces speech (a colon, a
# comma, a dash, "що" / "что").
_DASH_AFTER = re.compile(r"^\s*[,.!?…]?\s*[—–-]")
_SPEECH_BEFORE = re.compile(r"(?:[:,—–-]|\bщо|\bчто|\bмовляв|\bмол)\s*$", re.I)


def name_in_guillemets(mark: str, inner: str, prefix: str, after: str) -> bool:
    """A short capitalised «...» inside a sentence in Cyrillic, after a word that is not a cue for speech and
    without a dash attribution after it, names a party, a company, a film or a book ("партія «Слуга народу»",
    "фильм «Брат»"), and is not a quote."""
    head = prefix.rstrip()
    return bool(mark in "«„" and head and _CYRILLIC.search(head[-40:] + inner) and inner[:1].isupper() and len(inner.split()) <= 6
                and inner.rstrip()[-1:] not in ".!?…," and not _SPEECH_BEFORE.search(head)
                and not _DASH_AFTER.match(after))
