"""The gazetteer: actor definitions (countries, organisations, people), their alias keys, the packaged list
(corpus_cli/data/actors.json, built by `make gazetteer`) and the lookups that find them in clean text.

Matching works on word tokens, longest alias first: "North Korean" is North Korea, "Kim Jong-un" and
"Kim Jong Un" are the same tokens. Acronyms written in capitals ("US", "UN", "DPRK") match only in
capitals, so the pronoun "us" is not the United States. A country's capital ("Pyongyang said") counts
for the country unless capitals are switched off. ``context_aliases`` (a bare surname such as "Kim")
count only in an article that names the actor in full.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from corpus_cli.errors import PackageDataError
from corpus_cli.memo import short_string_cache
from corpus_cli.models import Mention

TOKEN = re.compile(r"\w+", re.UNICODE)
# Words that do not begin with a lower-case ASCII letter; those that begin with another letter are kept
# when it is a capital (names start with a capital or a digit).
_STARTS = re.compile(r"\b[^\Wa-z]\w*")
# Package data, read through importlib.resources so that a wheel install finds it as a checkout does.
GAZETTEER_RESOURCE = "actors.json"


# The caches of names below keep up to 5,000 entries, each no longer than this: a longer string (a headline in
# title case, a hostile wall of capitalised words) is worked out each time, so hostile pages cannot grow a
# worker's memory (tests/hostile; docs/performance.md).
CACHED_NAME_CHARS = 200


name_cache = short_string_cache(CACHED_NAME_CHARS, 5_000)


def _fold(token: str) -> str:
    return token.lower() if token.isascii() else _fold_unicode(token)


@name_cache  # only words with letters beyond ASCII
def _fold_unicode(token: str) -> str:
    token = unicodedata.normalize("NFKD", token.casefold())
    return "".join(ch for ch in token if not unicodedata.combining(ch))


def _fold_tokens(name: str, toks: list[str]) -> tuple[str, ...]:
    """The folded forms of ``name``'s tokens ``toks``. Folded as one string, not word by word: the gazetteer's
    thousands of names in other scripts were most of its load time; word by word where folding the whole
    changed where words break."""
    if name.isascii():
        return tuple(t.lower() for t in toks)
    low = name.casefold()
    whole = unicodedata.normalize("NFKD", low)
    if whole != low:  # most names have no accent or breve to strip
        whole = "".join(ch for ch in whole if not unicodedata.combining(ch))
    folded = TOKEN.findall(whole)
    return tuple(folded) if len(folded) == len(toks) else tuple(_fold(t) for t in toks)


def alias_key(name: str) -> str:
    """The form under which names are compared: folded word tokens joined by spaces."""
    return " ".join(_fold(t) for t in TOKEN.findall(name))


def _case_sensitive(alias: str) -> bool:
    letters = [t for t in TOKEN.findall(alias) if t.isalpha()]
    return bool(letters) and all(t.isupper() and len(t) <= 5 for t in letters)


@dataclass
class ActorDef:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    member_of: str | None = None
    context_aliases: list[str] = field(default_factory=list)
    capital: str | None = None
    iso2: str | None = None
    iso3: str | None = None
    origin: str = "gazetteer"
    # Names that match in text and resolve, but are not stored as the actor's aliases: case forms of
    # Ukrainian and Russian names, and the capital in other languages.
    forms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict, origin: str = "gazetteer") -> ActorDef:
        return cls(
            name=d["name"],
            type=d.get("type") or "organisation",
            aliases=list(d.get("aliases") or []),
            member_of=d.get("member_of"),
            context_aliases=list(d.get("context_aliases") or []),
            capital=d.get("capital"),
            iso2=d.get("iso2"),
            iso3=d.get("iso3"),
            origin=origin,
            forms=list(d.get("forms") or []),
            capitals=list(d.get("capitals") or []),
        )

    def all_aliases(self, capitals: bool = True) -> list[str]:
        names = [self.name, *self.aliases, *self.forms]
        if capitals:
            names += [self.capital, *self.capitals] if self.capital else self.capitals
        return names


@lru_cache(maxsize=1)
def packaged_gazetteer_bytes() -> bytes:
    """The shipped gazetteer's bytes; a missing or unreadable file is a broken install, said as such."""
    from importlib import resources  # here: a read command on an up-to-date database does without it

    res = resources.files("corpus_cli.data") / GAZETTEER_RESOURCE
    try:
        return res.read_bytes()
    except OSError as e:
        raise PackageDataError(f"package file corpus_cli/data/{GAZETTEER_RESOURCE} cannot be read "
                               f"({e.strerror or e}); reinstall corpus-cli") from None


def gazetteer_digest() -> str:
    # The file's bytes: parsing it only to find it unchanged cost more than the query itself.
    import hashlib  # here: its import (OpenSSL) costs a read command more than its query (docs/performance.md)

    return hashlib.sha256(packaged_gazetteer_bytes()).hexdigest()


def packaged_gazetteer_stamp() -> str | None:
    """The shipped gazetteer's path, size and modification time (None when it is no file on disk, as in a
    zipped install): while they stay the same, the digest recorded with them at the last sync still holds and
    a command need not hash the file (store/connect.py)."""
    path = Path(__file__).parent / "data" / GAZETTEER_RESOURCE
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


@lru_cache(maxsize=4)
def load_gazetteer_file(path: str | None = None) -> tuple[ActorDef, ...]:
    """The actors of a gazetteer file (default: the packaged one)."""
    raw = packaged_gazetteer_bytes() if path is None else Path(path).read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
        return tuple(ActorDef.from_dict(d) for d in data["actors"])
    except (ValueError, KeyError, TypeError) as e:
        where = f"corpus_cli/data/{GAZETTEER_RESOURCE}" if path is None else path
        raise PackageDataError(f"gazetteer file {where} is not valid ({type(e).__name__}: {e})") from None


def _first_name(text: str, end: int, prefixes: set[tuple[str, ...]]) -> bool:
    """"Chad Johnson", "Jordan Peterson": a one-word country name (``text[:end]`` ends in it) right before a
    capitalised word that names nothing we know is a first name."""
    if text[end : end + 1] != " ":
        return False
    t = TOKEN.match(text, end + 1)
    return t is not None and t.group()[:1].isupper() and (_fold(t.group()),) not in prefixes


# Where a clause ends (a name does not run past these), which of them are inside a sentence, and the
# prepositions of Ukrainian and Russian that no organisation's name ends with before the country.
_CLAUSE_ENDS = ".!?\n;:,()–—"
_INSIDE = {";", ":", ",", "(", ")", "–", "—"}
_PREPOSITIONS = frozenset("""в у на до з із зі від по при про для між над під через к о об с со за из от не що як це
""".split())
_CONJUNCTIONS = frozenset("та і й а або чи".split())
# Beginnings of the words that make a phrase the name of an organisation or a law (Ukrainian, Russian).
_ORG_STEMS = tuple("""
суд комітет комитет міністерств министерств фонд служб рад совет кодекс закон банк палат агентств інспекці
инспекци управлінн управлени департамент прокуратур академі академи університет университет інститут институт
уряд правительств кабінет кабинет конгрес парламент асоціаці ассоциаци спілк союз федераці федераци центр
компані компани конституці конституци посольств митниц таможн казначейств адміністраці администраци колегі
коллеги дум мвс мвд сбу фсб дснс гпу нбу збройн вооруженн сил армі арми флот міліці милици поліці полици
""".split())
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")  # letters Russian does not have
_INITIAL_BEFORE = re.compile(r"\b[^\W\d_]\.\s*$")
_QUOTED_NAME = re.compile(r"«([^«»\n.!?,]{1,80})»(?!\s*[,–—-])")


def _in_a_quoted_name(text: str, start: int) -> bool:
    """Inside a short «...» that no dash attribution follows: the name of a party, a firm or a law ("партії
    «Україна майбутнього»", "закону «Про основи ... в Україні»"), not speech."""
    opening = text.rfind("«", max(0, start - 80), start)
    if opening < 0:
        return False
    m = _QUOTED_NAME.match(text, opening)
    return m is not None and m.end() > start and len(m.group(1).split()) <= 10


RESOLVE_CACHE = 5_000  # names looked up repeatedly (quote speakers, capitalised runs); small: flat memory


class Gazetteer:
    """Alias index over actor definitions; pure and picklable, built once per run."""

    def __init__(self, actors: list[ActorDef] | tuple[ActorDef, ...], capitals: bool = True):
        self.capitals = capitals
        self.actors: dict[str, ActorDef] = {}
        for a in actors:  # later definitions (user additions) extend earlier ones of the same name
            if a.name in self.actors:
                old = self.actors[a.name]
                old.aliases = list(dict.fromkeys(old.aliases + a.aliases))
                old.type = a.type or old.type
                old.member_of = a.member_of or old.member_of
            else:
                self.actors[a.name] = ActorDef(**{**a.__dict__, "aliases": list(a.aliases)})
        self._ci: dict[tuple[str, ...], str] = {}
        self._cs: dict[tuple[str, ...], str] = {}
        self._ctx: dict[tuple[str, ...], str] = {}
        self._cs_folded: dict[tuple[str, ...], str] = {}
        self._prefixes: set[tuple[str, ...]] = set()  # folded word sequences that begin some alias
        self._firsts: set[str] = set()  # folded first words of aliases
        self._longer: set[str] = set()  # ... of aliases of more than one word
        self._resolved: dict[str, str | None] = {}  # name -> canonical name, bounded by RESOLVE_CACHE
        self._by_key: dict[str, str] = {alias_key(a.name): a.name for a in self.actors.values()}
        for a in self.actors.values():
            for alias in a.all_aliases(capitals):
                self._add(alias, a.name, self._cs if _case_sensitive(alias) else self._ci)
            for alias in a.context_aliases:
                self._add(alias, a.name, self._ctx)
        # No name or alias has more words than this: a longer string cannot resolve to an actor.
        self.max_words = max([len(p) for p in self._prefixes] + [len(k.split()) for k in self._by_key], default=0)

    def _add(self, alias: str, name: str, table: dict) -> None:
        toks = TOKEN.findall(alias)
        if not toks:
            return
        folded = _fold_tokens(alias, toks)
        table.setdefault(tuple(toks) if table is self._cs else folded, name)
        self._prefixes.update(folded[:n] for n in range(1, len(folded) + 1))
        self._firsts.add(folded[0])
        if len(folded) > 1:
            self._longer.add(folded[0])
        if table is self._cs:
            self._cs_folded.setdefault(folded, name)

    def resolve(self, name: str) -> ActorDef | None:
        """The actor a name or alias refers to (case-insensitive), or None."""
        cache = self._resolved
        if name in cache:
            hit = cache[name]
        else:
            toks = tuple(_fold(t) for t in TOKEN.findall(name))
            hit = (self._ci.get(toks) or self._by_key.get(" ".join(toks)) or self._cs_folded.get(toks)) if toks else None
            if len(name) <= CACHED_NAME_CHARS:
                if len(cache) >= RESOLVE_CACHE:  # bounded: a worker's memory stays flat over a long run
                    cache.clear()
                cache[name] = hit
        return self.actors.get(hit) if hit else None

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Every actor mention in ``text``: (canonical name, start, end), longest match first."""
        prefixes, firsts, longer, actors = self._prefixes, self._firsts, self._longer, self.actors
        ascii_text = text.isascii()
        found: list[tuple[str, int, int]] = []
        ctx_hits: list[tuple[str, int, int]] = []
        next_free = 0
        # Every alias starts with a capital or a digit (names are proper nouns: "a turkey" is not Turkey;
        # acronyms match in capitals): only those tokens are looked at, found in one C-level pass.
        for m in _STARTS.finditer(text):
            start = m.start()
            if start < next_free:
                continue
            w = m.group()
            if ascii_text or w.isascii():
                f = w.lower()
            elif w[0].islower():  # scripts without capitals (Arabic) go on
                continue
            else:
                f = _fold_unicode(w)
            if f not in firsts:
                continue
            if f in longer:  # some alias goes on past this word: the longest that matches wins
                hit, end = self._longest(text, m, w, f)
            else:  # most mentions ("Russia", "Putin", "UN") are the whole of a one-word alias
                hit, end = self._hit((w,), (f,)), m.end()
            if hit is None:
                continue
            name, n = hit
            if n == 1 and w == name and actors[name].type == "country" and _first_name(text, end, prefixes):
                continue
            if ("\u0400" <= w[0] <= "\u04ff" and actors[name].type == "country"  # Cyrillic
                    and self._in_a_name(text, start, found[-1][2] if found else 0)):
                continue
            span = (name, start, end)
            (found if n > 0 else ctx_hits).append(span)
            if n > 0:
                next_free = end
        named = {f[0] for f in found}
        found.extend(h for h in ctx_hits if h[0] in named)
        found.sort(key=lambda f: f[1])
        return found

    def _in_a_name(self, text: str, start: int, last_end: int) -> bool:
        """A country in Cyrillic that ends the name of an organisation, a law or a street in Ukrainian,
        "Вищий господарський суд України", "управлінням ДСНС України", "вул. Р. Люксембург": the name's, not a
        mention of the country (as "Ukraine's Ministry of Foreign Affairs" is the ministry). Such a name begins
        with a capital inside its sentence a few words back (after ``last_end``, where the last name found
        ends), or with an organisation's word; "в Україні" does not. Ukrainian only (NER-UK's reading): Russian
        usage, and FactRuEval's annotation, count the country in "МЧС России"."""
        seg = text[max(0, start - 80) : start]
        initial = _INITIAL_BEFORE.search(seg)
        if initial and initial.group()[0].isupper():  # "Р. Люксембург": a person's surname, in any language
            return True
        if not _UKRAINIAN.search(text, max(0, start - 80), start + 40):
            return False
        if _in_a_quoted_name(text, start):
            return True
        cut = max(seg.rfind(c) for c in _CLAUSE_ENDS) + 1
        words = list(TOKEN.finditer(seg, cut))[-6:]
        named = joined = False  # an organisation's word ("суд", "Міністерство"); a conjunction ("та")
        for i in range(len(words) - 1, -1, -1):
            w = words[i].group()
            low = w.casefold()
            if low in _PREPOSITIONS:
                return False
            named = named or low.startswith(_ORG_STEMS)
            joined = joined or low in _CONJUNCTIONS
            if w[0].isupper():
                first = i == 0 and len(words) < 6 and seg[cut - 1 : cut] not in _INSIDE
                if (first or joined) and not named:
                    return False  # "Власти Германии" opens its sentence; "в Москві та Пхеньяні" is a list
                if max(0, start - 80) + words[i].start() < last_end:
                    return False  # the word ends a name already found ("Північної Кореї загрожує Україні")
                actor = self.resolve(w)
                return actor is None or actor.type not in ("country", "place")
        return False

    def _hit(self, words: tuple[str, ...], folded: tuple[str, ...]) -> tuple[str, int] | None:
        """(name, number of words) of the alias ``words`` are, or (name, minus the number) of the context alias
        (which counts only written with a capital), or None."""
        name = self._cs.get(words) or self._ci.get(folded)
        if name:
            return name, len(words)
        name = self._ctx.get(folded)
        return (name, -len(words)) if name and words[0][:1].isupper() else None

    def _longest(self, text: str, m: re.Match, w: str, f: str) -> tuple[tuple[str, int] | None, int]:
        """The longest alias that the words from ``m`` on match: ((name, words; negative for a context alias),
        end), or (None, 0)."""
        prefixes = self._prefixes
        words, folded = (w,), (f,)
        rest = TOKEN.finditer(text, m.end())
        hit, end, last_end = None, 0, m.end()
        while True:
            if found := self._hit(words, folded):
                hit, end = found, last_end
            t = next(rest, None)
            if t is None:
                break
            tw = t.group()
            folded += (_fold(tw),)
            if folded not in prefixes:
                break
            words += (tw,)
            last_end = t.end()
        return hit, end

    def mentions(self, text: str, found: list[tuple[str, int, int]] | None = None) -> list[Mention]:
        counts: dict[str, list[int]] = {}
        last: tuple[str, int] = ("", -1)
        for name, start, end in found if found is not None else self.find(text):
            # "the International Atomic Energy Agency (IAEA)": the acronym introduced in brackets right
            # after the name is the same mention.
            if name == last[0] and text[last[1] : start].strip() == "(" and text[end : end + 1] == ")":
                continue
            last = (name, end)
            entry = counts.setdefault(name, [0, start])
            entry[0] += 1
        return [
            Mention(name=n, type=self.actors[n].type, count=c, first_pos=p)
            for n, (c, p) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        ]
