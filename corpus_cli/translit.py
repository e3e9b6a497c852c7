"""Cyrillic names in Latin letters by the national standards, so that a person written in either script is one
actor: Ukrainian by the Cabinet of Ministers' table of 2010 (KMU 2010: Георгій Тихий -> Heorhii Tykhyi),
Russian by BGN/PCGN (Сергей Лавров -> Sergey Lavrov). A name with letters only Ukrainian has (і ї є ґ) is
Ukrainian (or an apostrophe inside a word), with letters only Russian has (ы э ё ъ) Russian; any other gets
both spellings."""

from __future__ import annotations

import re

# Each table: letter -> (at the start of a word, elsewhere).
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ye", "ie"), "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": ("yi", "i"), "й": ("y", "i"), "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": ("yu", "iu"), "я": ("ya", "ia"), "'": "", "ʼ": "", "’": "",
}
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": ("ye", "e"), "ё": ("yo", "ë"), "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
_WORD = re.compile(r"[^\W\d_]+(?:['ʼ’][^\W\d_]+)*")  # a word, with the apostrophe inside it (Мар'яна)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ONLY_UK = re.compile("[іїєґІЇЄҐ]|\\w['ʼ’]\\w")  # Russian writes ъ where Ukrainian writes an apostrophe
_ONLY_RU = re.compile("[ыэёъЫЭЁЪ]")
_RU_VOWELS = set("аеёиоуыэюяьъ")  # after these, е is ye in BGN/PCGN as at a word's start


def _word(word: str, table: dict, ru: bool) -> str:
    out = []
    low = word.lower()
    for i, ch in enumerate(low):
        rule = table.get(ch, ch)
        if isinstance(rule, tuple):
            initial = i == 0 or (ru and low[i - 1] in _RU_VOWELS)
            rule = rule[0] if initial else rule[1]
        if ch == "г" and table is _UK and i > 0 and low[i - 1] == "з":
            rule = "gh"  # зг is zgh in KMU 2010, not zh
        out.append(rule)
    latin = "".join(out)
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


def latin_spellings(name: str) -> list[str]:
    """``name`` in Latin letters (one spelling a standard), or [] when it holds no Cyrillic."""
    if not _CYRILLIC.search(name):
        return []
    tables = []
    if not _ONLY_RU.search(name):
        tables.append((_UK, False))
    if not _ONLY_UK.search(name):
        tables.append((_RU, True))
    out = []
    for table, ru in tables:
        latin = _WORD.sub(lambda m, t=table, r=ru: _word(m.group(), t, r), name)
        latin = re.sub(r"(?<=\w)['ʼ’](?=\w)", "", latin)
        if latin not in out:
            out.append(latin)
    return out
