"""The gazetteer's names in other languages, for scripts/build_gazetteer.py (make gazetteer).

- Country and territory names from CLDR (babel ships them for every locale), in the languages that
  data/actors_curated_i18n.json lists, plus the aliases news uses that CLDR lacks and the curated
  people and organisations in those languages (from the same file).
- Case forms for the languages that inflect their nouns (Ukrainian, Russian: "Північна Корея",
  "Північної Кореї", "Північну Корею"), generated here with pymorphy3 and its dictionaries. They are
  compiled into the gazetteer as ``forms``, so matching at run time stays a dictionary lookup per word:
  no analyser is loaded by corpus itself (pymorphy3 takes half a second and 20 MB to load its dictionaries).
- A single-word name that is also a common word is dropped: of English (jusText's stop-word list says
  which), or of its own language where pymorphy3 reads it as a function word or a verb ("Того" is "of
  that" in Russian, "Мали" "had" in Ukrainian); others are listed under "drop" in the data file.
"""

from __future__ import annotations

from functools import cache

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# Parts of speech a capitalised word may have at the start of a sentence that no name has.
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "VERB", "INFN", "PRED", "COMP", "GRND"}
STOPLIST_NAMES = {"en": "English", "uk": "Ukrainian", "ru": "Russian", "de": "German", "fr": "French",
                  "es": "Spanish", "pl": "Polish", "ar": "Arabic"}


@cache
def morph(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def stopwords(lang: str) -> frozenset[str]:
    import justext

    return frozenset(w.casefold() for w in justext.get_stoplist(STOPLIST_NAMES[lang]))


def common_word(name: str, lang: str) -> bool:
    """A one-word name that is also a common word of English, or a function word or verb of ``lang``."""
    if len(name.split()) != 1:
        return False
    # Not the language's own stop-word list: those are the most frequent words of its Wikipedia, and
    # hold "Росія" and "Россия".
    return name.casefold() in stopwords("en") or (lang in ("uk", "ru") and function_word(name, lang))


def cldr_names(langs: list[str]) -> dict[str, dict[str, str]]:
    """{ISO alpha-2: {language: CLDR name}}; names with a comma or brackets ("Гонконг, ОАР Китаю") are
    descriptions, not what news writes."""
    from babel import Locale

    out: dict[str, dict[str, str]] = {}
    for lang in langs:
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha() and not any(c in name for c in ",()"):
                out.setdefault(code, {})[lang] = name
    return out


def _like(form: str, word: str) -> str:
    """``form`` written with ``word``'s capitals."""
    if word.isupper() and len(word) > 1:  # an acronym takes its ending in small letters: МИДа, МИДе
        return word + form[len(word):] if form.startswith(word.lower()) else word
    if word[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _parses(word: str, lang: str, person: bool) -> list:
    """The readings of ``word`` as written (a nominative), the likeliest for a name of its kind first: a
    person's name or surname, else a place or a thing ("Ізраїль" the country declines Ізраїлю, the first
    name Ізраїля)."""
    nominative = [p for p in morph(lang).parse(word) if p.tag.case == "nomn"] or morph(lang).parse(word)[:1]

    def rank(p) -> int:
        g = p.tag.grammemes
        if person:
            return 0 if g & {"Name", "Surn", "Patr"} else 1
        if "Geox" in g:
            return 0
        if p.tag.POS == "NOUN":
            return 1 if "anim" not in g else 3
        return 2 if p.tag.POS in ("ADJF", "PRTF") else 3  # "Російська" the adjective, not a surname

    return sorted(nominative, key=rank)


def _inflected(word: str, parse, case: str, number: str | None, gender: str | None) -> str | None:
    if parse.tag.POS not in ("NOUN", "ADJF", "PRTF") or "Fixd" in parse.tag.grammemes:
        return word
    if parse.tag.POS == "NOUN":
        tries = [{case}]
    elif number == "plur":
        tries = [{case, "plur"}]
    else:  # Ukrainian's dictionary marks a feminine adjective by gender alone, Russian's by number too
        tries = [{case, "sing", gender}, {case, gender}] if gender else [{case, "sing"}, {case}]
    for want in tries:
        p = parse.inflect(want)
        if p:
            return _like(p.word, word)
    return None


def case_forms(name: str, lang: str, person: bool) -> list[str]:
    """The name in every case of ``lang`` (uk, ru), without itself. A person's words each take the case
    (Володимира Зеленського); a place's or organisation's words up to its first noun do, what follows
    stays as written (Міністерства закордонних справ України, Республіки Корея)."""
    words = name.split()
    readings = [_parses(w, lang, person) for w in words]
    out: list[str] = []
    if len(words) == 1:  # a single word: every form of each reading of it as a noun (Беліза and Белізу,
        # в Ізраїлі and по Ізраїлеві), in its number
        for p in readings[0]:
            if p.tag.POS == "NOUN" and (person or "anim" not in p.tag.grammemes) and "Fixd" not in p.tag.grammemes:
                for x in p.lexeme:
                    f = _like(x.word, name)
                    if x.tag.case in CASES and x.tag.number == p.tag.number and f != name and f not in out:
                        out.append(f)
    # Before another word, an adjective reading wins: "Російська Федерація", not the noun "Російська".
    firsts = [next((p for p in r if p.tag.POS in ("ADJF", "PRTF")), r[0]) if i < len(words) - 1 and not person
              else r[0] for i, r in enumerate(readings)]
    if out:
        return out
    out = _forms(words, firsts, lang, person)
    if person and len(words) > 1:  # names declined in the last word alone: Кім Чен Ина, Ким Чен Ына
        endings = _forms(words[-1:], firsts[-1:], lang, person)
        if firsts[-1].tag.POS is None and words[-1][-1].casefold() not in _VOWELS:  # unknown to the dictionary
            endings = [words[-1] + e for e in _MASCULINE_ENDINGS[lang]]
        out += [f for f in (" ".join([*words[:-1], e]) for e in endings) if f not in out]
    return out


# A masculine name ending in a consonant that the dictionary does not know (Ын) declines like a regular noun.
_VOWELS = set("аеєиіїоуюяыэё")
_MASCULINE_ENDINGS = {"uk": ("а", "у", "ові", "ом", "і"), "ru": ("а", "у", "ом", "е")}


def _forms(words: list[str], parses: list, lang: str, person: bool) -> list[str]:
    name = " ".join(words)
    if person:
        upto = len(words)
    else:
        heads = [i for i, p in enumerate(parses) if p.tag.POS == "NOUN"]
        if not heads:
            return []
        upto = heads[0] + 1
    head = parses[upto - 1]
    number = head.tag.number or ("plur" if "Pltm" in head.tag.grammemes else "sing")
    out = []
    for case in CASES:
        done = [_inflected(w, p, case, number, head.tag.gender) for w, p in zip(words[:upto], parses[:upto])]
        if None in done:
            continue
        form = " ".join([*done, *words[upto:]])
        if form != name and form not in out:
            out.append(form)
    return out


def function_word(form: str, lang: str) -> bool:
    """A one-word form that the analyser reads as a function word or a verb ("мали": had)."""
    if " " in form or form.isupper():  # acronyms are written in capitals, function words are not
        return False
    return any(p.tag.POS in _FUNCTION_POS and p.score >= 0.1 for p in morph(lang).parse(form))


def _plain(name: str) -> str:
    # The cleaner folds every apostrophe to ' (corpus_cli/clean/normalize.py): names are written so too.
    return name.replace("ʼ", "'").replace("’", "'")


def _names_in(lang: str, names: list[str], i18n: dict, person: bool) -> tuple[list[str], list[str]]:
    """(names kept, their case forms) of one actor in one language."""
    drop = set(i18n["drop"].get(lang, []))
    kept = [_plain(n) for n in names if n not in drop and not common_word(n, lang)]
    forms: list[str] = []
    if lang in i18n["inflect"]:
        for n in kept:
            forms += [f for f in case_forms(n, lang, person) if not common_word(f, lang)]
    return kept, forms


def add_languages(countries: list[dict], actors: list[dict], i18n: dict) -> None:
    """Give the built countries and curated actors their names in i18n's languages (in place): ``aliases``
    gain the names as written, ``forms`` their case forms, ``capitals`` the capitals' names and forms."""
    cldr = cldr_names(i18n["languages"])
    for c in countries:
        iso = c["iso2"]
        extra = i18n["country_aliases"].get(iso, {})
        capitals = i18n["capitals"].get(iso, {})
        for lang in i18n["languages"]:
            names = [n for n in [cldr.get(iso, {}).get(lang), *extra.get(lang, [])] if n]
            kept, forms = _names_in(lang, names, i18n, person=False)
            _extend(c, "aliases", kept)
            _extend(c, "forms", forms)
            if capitals.get(lang):
                kept, forms = _names_in(lang, [capitals[lang]], i18n, person=False)
                _extend(c, "capitals", kept + forms)
    by_name = {a["name"]: a for a in actors}
    for name, more in i18n["actors"].items():
        a = by_name[name]
        person = a.get("type") == "person"
        for lang, names in more.get("aliases", {}).items():
            kept, forms = _names_in(lang, names, i18n, person)
            _extend(a, "aliases", kept)
            _extend(a, "forms", forms)
        for lang, names in more.get("context_aliases", {}).items():
            kept, forms = _names_in(lang, names, i18n, person)
            _extend(a, "context_aliases", kept + forms)


def _extend(actor: dict, key: str, names: list[str]) -> None:
    have = set(actor.get(key) or []) | {actor["name"]}
    for n in names:
        if n not in have:
            have.add(n)
            actor.setdefault(key, []).append(n)


def drop_shared_forms(actors: list[dict]) -> None:
    """A form or capital that two actors share says nothing about which one is meant: dropped from both, as
    shared demonyms are."""
    owners: dict[str, set[str]] = {}
    for a in actors:
        for key in ("forms", "capitals"):
            for n in a.get(key) or []:
                owners.setdefault(n.casefold(), set()).add(a["name"])
        for n in [a["name"], *(a.get("aliases") or [])]:
            owners.setdefault(n.casefold(), set()).add(a["name"])
    for a in actors:
        for key in ("forms", "capitals"):
            if a.get(key):
                a[key] = [n for n in a[key] if len(owners[n.casefold()]) == 1]
