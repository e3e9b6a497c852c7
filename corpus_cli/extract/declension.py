"""A person's name after a cue that puts it in the genitive ("за словами Олени Білик", "по словам Игоря
Кузнецова", "говорится в заявлении Ким Чен Ына") back in the nominative, by the endings of Ukrainian and
Russian names. The first name tells the gender; names the gazetteer knows are resolved through their case
forms instead, so these rules only meet names it does not know."""

from __future__ import annotations

import re

# (genitive ending, nominative ending), longest first: feminine first names, then masculine ones.
_FEMININE_FIRST = (("ії", "ія"), ("ии", "ия"), ("ьи", "ья"), ("и", "а"), ("ы", "а"))
_MASCULINE_FIRST = (("ія", "ій"), ("ия", "ий"), ("ея", "ей"), ("ая", "ай"), ("я", "ь"), ("а", ""))
_MASCULINE_FIRST_UK = (("оря", "ор"), ("ія", "ій"), ("я", "ь"), ("а", ""))  # Ігоря: Ігор
_FEMININE_SURNAME = (("ської", "ська"), ("цької", "цька"), ("ской", "ская"), ("цкой", "цкая"), ("ої", "а"),
                     ("ой", "а"), ("ої", "а"))
_MASCULINE_SURNAME = (("ського", "ський"), ("цького", "цький"), ("ского", "ский"), ("цкого", "цкий"),
                      ("ого", "ий"), ("ченка", "ченко"), ("енка", "енко"), ("ова", "ов"), ("ева", "ев"),
                      ("єва", "єв"), ("ина", "ин"), ("іна", "ін"), ("ына", "ын"), ("я", "ь"), ("а", ""),
                      ("и", "а"), ("ы", "а"))  # Кулеби: Кулеба
_CYRILLIC_WORD = re.compile("^[А-ЯЁЇІЄҐ][а-яёїієґ'-]+$")
# Cues after which a name stands in the genitive.
GENITIVE_CUES = frozenset({"за словами", "по словам", "говорится в заявлении", "говорится в сообщении",
                           "йдеться у заяві", "йдеться в заяві"})


def _swap(word: str, table: tuple[tuple[str, str], ...]) -> str:
    for gen, nom in table:
        if word.endswith(gen) and len(word) > len(gen) + 1:
            return word[: len(word) - len(gen)] + nom
    return word


def nominative(mention: str) -> str:
    """The name that ends ``mention`` ("міністра оборони Рустема Умєрова"), its words in the genitive, in the
    nominative ("міністра оборони Рустем Умєров"); a mention that does not end in a name in Cyrillic, as it is."""
    words = mention.split()
    k = len(words)
    while k > 0 and _CYRILLIC_WORD.match(words[k - 1]):
        k -= 1
    if k == len(words) or len(words) - k > 4:
        return mention
    return " ".join([*words[:k], _nominative(words[k:], mention)])


def _nominative(words: list[str], name: str) -> str:
    if len(words) == 1:
        return _swap(words[0], _MASCULINE_SURNAME)
    feminine = words[0].endswith(("и", "ы", "ї"))
    ukrainian = any(ch in name for ch in "іїєґІЇЄҐ")
    first = _swap(words[0], _FEMININE_FIRST if feminine else _MASCULINE_FIRST_UK if ukrainian else _MASCULINE_FIRST)
    rest = [_swap(w, _FEMININE_SURNAME if feminine else _MASCULINE_SURNAME) for w in words[1:]]
    return " ".join([first, *rest])


# A surname's (or patronymic's) ending in a case -> its nominative ending, by gender; longest first. Used once
# the first name before it told the case and the gender (extract/cyrillic.py).
_SURNAME_CASES = {
    ("masc", "gent"): (("овича", "ович"), ("евича", "евич"), ("ича", "ич"), *_MASCULINE_SURNAME),
    ("femn", "gent"): (("овны", "овна"), ("евны", "евна"), ("ївни", "ївна"), ("івни", "івна"), *_FEMININE_SURNAME),
    ("femn", "accs"): (("ську", "ська"), ("цьку", "цька"), ("скую", "ская"), ("цкую", "цкая"), ("овну", "овна"),
                       ("евну", "евна"), ("ову", "ова"), ("еву", "ева"), ("ину", "ина"), ("у", "а"), ("ю", "я")),
    ("masc", "ablt"): (("овичем", "ович"), ("евичем", "евич"), ("ським", "ський"), ("цьким", "цький"),
                       ("ским", "ский"), ("цким", "цкий"), ("енком", "енко"), ("ым", ""), ("ом", ""), ("ем", "ь")),
    ("femn", "ablt"): (("ською", "ська"), ("цькою", "цька"), ("ской", "ская"), ("цкой", "цкая"), ("овной", "овна"),
                       ("овою", "ова"), ("евою", "ева"), ("ою", "а"), ("ой", "а"), ("ей", "я")),
}


def surname_nominative(word: str, gender: str, case: str) -> str:
    """A surname or patronymic in ``case`` ("Калоевым", masculine, instrumental) in the nominative ("Калоев");
    a case or gender without a table leaves it as it is."""
    table = _SURNAME_CASES.get((gender, case))
    return _swap(word, table) if table and _CYRILLIC_WORD.match(word) else word
