"""Quotations and their speakers, from an article's clean text.

Per paragraph: find quoted spans (curly, straight, guillemet and single marks; single marks inside double
ones are nested, not separate quotes; an unbalanced mark spoils only its own paragraph), then find who
said it: a reporting verb next to the quote in either order ("X said", "said X", "X said: ...", in English,
French, German, Russian and Ukrainian), a labelled "Quote:" with its "Source:" line, "according to X", the
subject of the sentence that carries the quote, or, for a paragraph that is all quote, the previous
speaker. The speaker is resolved to a full name: titles are dropped ("Prime Minister Donald Tusk" is Donald
Tusk), pronouns and role descriptions ("she", "the spokesman") go to the last person named before the quote,
surnames and spelling variants one letter apart to the full name used earlier, organisations and agencies
through the actor gazetteer. Names in quoted titles and scare quotes ("so-called ...") are not speech.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from corpus_cli.extract.roles import NAME_PARTICLES, ORG_WORDS, ROLE, TITLES
from corpus_cli.gazetteer import Gazetteer, name_cache
from corpus_cli.models import Quote
from corpus_cli.textshape import title_like

VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|stated|states|stressed|stresses|warned|warns|remarked|"
    "continued|wrote|writes|explained|explains|declared|announced|insisted|argued|argues|claimed|claims|"
    "asked|replied|responded|commented|emphasised|emphasized|underlined|underscored|urged|acknowledged|admitted|"
    "confirmed|described|called|promised|pledged|vowed|reported|posted|tweeted|recalled|concluded|suggested|"
    "predicted|observed|cautioned|complained|conceded|mentioned|reiterated|assured|accused|blamed|praised|"
    "saying|stating|noting|adding|warning|writing|stressing|explaining|describing|calling|urging|insisting"
)
# Reporting verbs of other languages our users read, as they stand after a quote ("», a déclaré X").
FOREIGN_VERBS = (
    "a déclaré|a dit|a affirmé|a ajouté|a souligné|a estimé|déclare|sagte|erklärte|betonte|sagt|fügte hinzu|"
    "заявил|заявила|сказал|сказала|сообщил|сообщила|отметил|отметила|заявив|заявила|сказав|сказала|повідомив|"
    "повідомила|додав|додала|наголосив|наголосила|dijo|afirmó|declaró|disse|afirmou"
)
_VERB = re.compile(rf"\b(?:{VERBS})\b")
PRONOUNS = {"he", "she", "they", "him", "her"}
_CAP = r"[A-ZÀ-ÖØ-ÞА-ЯЁЇІЄҐ]"
# Possessive (*+): a word never gives back letters to look for the space after it (none can be one), so
# a failed run costs one pass over its word, not one per letter: runs are found in 40% of the time.
_NAME_WORD = rf"{_CAP}[\w’'.-]*+"
_NAME_GLUE = r"[ \t]+(?:(?:von|van|der|den|de|da|di|du|la|le|bin|al|el|dos|das|of|for|the|and)[ \t]+)*"
NAME_RUN = re.compile(rf"{_NAME_WORD}(?:{_NAME_GLUE}{_NAME_WORD})*")  # a capitalised run
# Capitalised runs of two words or more: NAME_RUN's matches that hold a space or a tab, found without
# visiting the one-word runs (most runs: a sentence's first word) in Python.
NAME_RUNS_2 = re.compile(rf"{_NAME_WORD}(?:{_NAME_GLUE}{_NAME_WORD})+")
_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,.!?;:—–-]*(?P<verb>said|says|added|noted|wrote|told|stated|asked|continued|{FOREIGN_VERBS})[ \t]+"
    r"(?P<who>[^,.;:\n\"“”«»]{1,90})"
)
_AFTER_SUBJECT_FIRST = re.compile(
    rf"^[\s,.!?;:—–-]*(?P<who>[^\"“”«»„\n.!?;]{{1,110}}?)[ \t]+(?:also[ \t]+|later[ \t]+|then[ \t]+|again[ \t]+)?"
    rf"(?P<verb>{VERBS}|{FOREIGN_VERBS})\b"
)
# "according to X" after a quote names who said it; "as reported by X" names the outlet that carried it.
_AFTER_ACCORDING = re.compile(r"^[\s,.!?;:—–-]*(?P<verb>according to)[ \t]+(?P<who>[^,.;\n]{1,90})")
_ACCORDING = re.compile(r"\baccording to[ \t]+(?P<who>[^,.;\n]{1,90}?)(?:,|$)")
_LABEL_QUOTE = re.compile(r"^\s*(?:quote|цитата)\s*:\s*", re.I)
_SOURCE_LINE = re.compile(r"^\s*(?:source|джерело)\s*:\s*(?P<rest>.+)$", re.I)
_AFFIL = re.compile(r"^(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}),\s+(?P<role>[^,]{3,120}?)(?:,|$)")
_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“”", "‹": "›", "「": "」"}
_SENT_END = re.compile(r"[.!?][\"'”’»]?\s+(?=[\"“‘«A-ZА-Я])")
# Words before a quote that make it a name, not speech: "the so-called "special operation"".
_NAMING = re.compile(r"\b(?:so-called|dubbed|nicknamed|codenamed|code-named|known as|titled|entitled|the film|the book|"
                     r"the song|the novel|the album|the series|the show|the slogan|the hashtag)\W*$", re.I)
# Speaker mentions without a name of their own (_resolve).
_DEFINITE_ROLE = re.compile(r"^the\s+[\w\s-]*\b(?:representative|spokesman|spokeswoman|spokesperson|minister|official|"
                            r"diplomat|envoy|ambassador|adviser|advisor)$", re.I)
_UNNAMED_SPEAKER = re.compile(r"^(?:an?|the)\s+(?:\w+\s+){0,3}?(?:spokesperson|spokesman|spokeswoman|official|"
                              r"officials|source|sources|representative)\b", re.I)
_TWO_NAMES_AT_END = re.compile(rf"\b(?:{_CAP}\w+)\s+{_CAP}\w+\s*$")
_SPOKESPERSON = re.compile(r"^(?:the|a|an)\s+[\w\s-]*\b(?:representative|spokesman|spokeswoman|spokesperson)$", re.I)
# The subject of the sentence before a quote (_subject_before, _leading_np).
_THAT = re.compile(r"\s+that\b")
_ADVERB_END = re.compile(r"\s+(?:also|later|then|again|has|have|had|repeatedly|once again|previously|afterwards)$")
_LABEL_START = re.compile(r"^(?:\w+:\s+)")
_CLAUSE_BREAK = re.compile(r",\s+|\s+(?:while|and|but|as|after|when)\s+")
_SCENE_OPENER = re.compile(r"^(?:In|On|At|After|Before|Last|This)\b[^,]{0,60},\s*")
_CONJUNCTION_START = re.compile(r"^(?:while|and|but|as|after|when|whereas)\s+", re.I)
_THE_START = re.compile(r"^(?:The|the)\s+")
_PARAGRAPH = re.compile(r"[^\n]+")
NOT_NAMES = frozenset("""
the a an in on at but and this that these those when if after before speaking according while as it he she they
we i our his her their its there here last next earlier later since under beyond following furthermore however
meanwhile details source quote background monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december photo video read also see more
""".split())


def drop_openers(toks: list[str]) -> list[str]:
    """The tokens of a capitalised run without the sentence openers before the name ("But", "The")."""
    k = 0
    while k < len(toks) and toks[k].lower() in NOT_NAMES:
        k += 1
    return toks[k:]


@dataclass
class _State:
    persons: list[tuple[int, str]] = field(default_factory=list)  # (position, full name), outside quotes
    last_speaker: str | None = None
    last_speaker_pos: int = -1
    source_person: tuple[str, str | None] | None = None  # (name, affiliation) from a "Source:" line


_MARK = re.compile(r"[“«„‹「\"‘']")
_CLOSERS: dict[str, re.Pattern] = {}


def _close_re(close: str) -> re.Pattern:
    """The closing mark(s); a closing single quote is not an apostrophe inside a word (don't)."""
    pat = _CLOSERS.get(close)
    if pat is None:
        body = "[" + re.escape(close) + "]"
        pat = re.compile(body + r"(?![^\W_])" if close == "’'" else body)
        _CLOSERS[close] = pat
    return pat


def _spans(par: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level quoted span in a paragraph, including its marks."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(par)
    while i < n:
        m = _MARK.search(par, i)
        if m is None:
            break
        i = m.start()
        ch = par[i]
        close = None
        if ch in _OPEN_CLOSE:
            close = _OPEN_CLOSE[ch]
        elif ch == '"':
            close = '"'
        elif ch in "‘'" and (i == 0 or not par[i - 1].isalnum()) and i + 1 < n and par[i + 1].isalnum():
            close = "’'"
        if close is None:
            i += 1
            continue
        cm = _close_re(close).search(par, i + 1)
        j = cm.start() if cm else n
        if j >= n:
            # Unclosed: a paragraph that opens with a mark and runs on (the quote continues in the next
            # paragraph, news style). Elsewhere an unbalanced mark spoils only this paragraph.
            if i == 0 or par[:i].strip() == "":
                spans.append((i, n))
            break
        spans.append((i, j + 1))
        i = j + 1
    return spans


_WORD = re.compile(r"\w+")


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def quote_key(text: str) -> str:
    """Normalised key: the same quote carried by several outlets gives the same key."""
    t = text.lower() if text.isascii() else unicodedata.normalize("NFKD", text.casefold())
    if not t.isascii():
        # Accents off: the combining marks among the quote's distinct characters, then all of them in one pass
        # (a test per character took 46 us of a quote with a curly apostrophe in it).
        marks = [ch for ch in set(t) if unicodedata.combining(ch)]
        if marks:
            t = t.translate(dict.fromkeys(map(ord, marks)))
    return " ".join(_WORD.findall(t))


def _sentence_bounds(par: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENT_END.finditer(par):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.start() + 1
    return start, len(par)


_TRANSLIT = re.compile(r"(?<=[bcdfghklmnprstvz])(?:ie|ye|je)|[iyj]+")


def _translit_key(word: str) -> str:
    """A word with the letters that transliterations of one Cyrillic name disagree on folded together:
    runs of i/y/j (Tykhyy, Tykhii, Tykhyi) and ie/ye after a consonant (Bielieskov, Beleskov)."""
    return _TRANSLIT.sub(lambda m: "e" if m.group()[-1] == "e" else "i", word)


def similar_spelling(a: str, b: str) -> bool:
    """Spelling variants of one name: one edit apart (Tykhyi / Tykhii), or the same once the letters that
    transliterations disagree on are folded (Tykhyy / Tykhii, Bielieskov / Beleskov)."""
    a, b = a.casefold(), b.casefold()
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and a[:1] == b[:1] and _translit_key(a) == _translit_key(b):
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1 :] == a for k in range(len(b)))


def strip_titles(tokens: list[str], gaz: Gazetteer | None) -> list[str]:
    """Drop titles, ranks and nationality words standing before a name."""
    k = 0
    while k < len(tokens) - 1:
        t = tokens[k].lower().strip(".,")
        actor = gaz.resolve(tokens[k]) if gaz is not None else None
        if t in TITLES or (actor is not None and actor.type == "country" and not tokens[k].isupper()):
            k += 1
        else:
            break
    return tokens[k:]


def _is_role_run(run: str, gaz: Gazetteer | None) -> bool:
    for t in run.split():
        low = t.lower().strip(".,")
        actor = gaz.resolve(t) if gaz is not None else None
        if low not in TITLES and not (actor is not None and actor.type == "country"):
            return False
    return True


def _runs(text: str) -> list[str]:
    out = []
    for m in NAME_RUN.finditer(text):
        toks = m.group().split()
        toks = drop_openers(toks)
        while toks and toks[-1].lower() in {"of", "for", "the", "and"}:
            toks = toks[:-1]
        if toks:
            out.append(" ".join(toks).strip(" .,"))
    return out


@name_cache  # names recur across a corpus
def classify_run(run: str, gaz: Gazetteer | None) -> tuple[str, str]:
    """(kind, name) of a capitalised run: ("org", canonical or as written) or ("person", name without titles)."""
    toks = run.split()
    if gaz is not None:
        actor = gaz.resolve(run)
        if actor is not None:
            return ("person" if actor.type == "person" else "org"), actor.name
        # "Russian leader Vladimir Putin", "пресс-секретарь Кремля Дмитрий Песков": a known name at the end. Each
        # word of a run holds a word character, so a tail of more words than the longest name names nothing (a wall
        # of capitalised words would otherwise cost time growing with the square of its length).
        for k in range(max(1, len(toks) - gaz.max_words), len(toks)):
            actor = gaz.resolve(" ".join(toks[k:]))
            if actor is not None and actor.type == "person":
                return "person", actor.name
    if any(t.lower().strip(".,") in ORG_WORDS for t in toks):
        name = _THE_START.sub("", run)
        return "org", name
    return "person", " ".join(strip_titles(toks, gaz))


def _person_at(state: _State, pos: int) -> str | None:
    """The person named last before ``pos`` (outside quotes), or the last person who spoke."""
    best, best_pos = None, -1
    for p, name in state.persons:
        if p < pos and p >= best_pos:
            best, best_pos = name, p
    return best


def _match_known(name: str, state: _State, pos: int) -> str | None:
    """A full name used earlier for this name, surname or spelling variant."""
    words = name.split()
    for p, person in sorted(state.persons, reverse=True):
        if p > pos:
            continue
        if person == name:
            return person
        pw = person.split()
        if len(words) == 1 and (similar_spelling(words[0], pw[-1]) or similar_spelling(words[0], pw[0])):
            return person
        if len(words) > 1 and len(pw) > len(words) and person.endswith(name):
            return person
    return None


def _resolve(mention: str, state: _State, gaz: Gazetteer | None, pos: int, pick_first: bool = False
             ) -> tuple[str | None, float]:
    """The actor a speaker mention refers to, and a confidence."""
    m = mention.strip(" ,.")
    low = m.lower()
    if low in PRONOUNS:
        return _person_at(state, pos), 0.7
    runs = _runs(m)
    if not runs:
        # "the spokesman", "the Foreign Ministry representative" (no name of its own): the person named
        # last in the article before the quote.
        if ROLE.search(m):
            return _person_at(state, pos), 0.6
        return None, 0.0
    # "the Foreign Ministry representative", "the spokesman": a definite description refers back to the
    # person named before the quote.
    if _DEFINITE_ROLE.match(m):
        back = _person_at(state, pos)
        if back:
            return back, 0.65
    # "A spokesperson from the US Department of State", "a NATO official": the organisation speaks.
    if _UNNAMED_SPEAKER.match(m) and not _TWO_NAMES_AT_END.search(m):
        kind, name = classify_run(runs[-1], gaz)
        if kind == "org":
            return name, 0.8
    if _SPOKESPERSON.match(m):
        return _person_at(state, pos), 0.6
    # "Janet Yellen, the US Treasury Secretary,": a run of titles is a role, not the name.
    named = [r for r in runs if not _is_role_run(r, gaz)] or runs
    run = named[0] if pick_first else named[-1]
    kind, name = classify_run(run, gaz)
    if kind == "org":
        return name, 0.85
    known = _match_known(name, state, pos)
    if known:
        return known, 0.9
    return name, 0.8 if len(name.split()) >= 2 else 0.6


def _known_persons(text: str, gaz: Gazetteer | None, actor_hits, quoted: list[tuple[int, int]]
                   ) -> list[tuple[int, str]]:
    """Full names of people in the text, outside quotes: gazetteer people and capitalised runs that are
    not organisations or sentence openers."""

    starts = [a for a, _ in quoted]

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1  # quoted spans are sorted and do not overlap
        return k >= 0 and pos < quoted[k][1]

    found: list[tuple[int, str]] = []
    if gaz is not None:
        for name, start, _ in actor_hits if actor_hits is not None else gaz.find(text):
            if gaz.actors[name].type == "person" and not inside(start):
                found.append((start, name))
    for m in NAME_RUNS_2.finditer(text):  # one word cannot be a full name
        if not inside(m.start()) and (name := _run_person(m.group(), gaz)):
            found.append((m.start(), name))
    return sorted(set(found))


@name_cache  # names recur across a corpus
def _run_person(run: str, gaz: Gazetteer | None) -> str | None:
    """The full name of the person a capitalised run names, or None."""
    toks = drop_openers(run.split())
    if len(toks) < 2:
        return None
    kind, name = classify_run(" ".join(toks), gaz)
    words = name.split()
    if kind == "person" and 2 <= len(words) <= 4 and all(w[:1].isupper() or w in NAME_PARTICLES for w in words):
        return name
    return None


def _subject_before(prefix: str) -> tuple[str | None, str | None]:
    """(speaker mention, cue) from the part of a sentence before a quote."""
    m = _ACCORDING.search(prefix)
    if m:
        return m.group("who"), "according to"
    # A verb that opens a "that" clause holding the quote ("She added that the US continues "...") wins
    # over verbs inside that clause.
    verbs = list(_VERB.finditer(prefix))
    verb = next((v for v in verbs if _THAT.match(prefix, v.end())), verbs[-1] if verbs else None)
    if verb is None:
        return None, None
    if verb.group().endswith("ing"):
        # "A spokesperson from X expressed concerns, stating, "...": the sentence's subject speaks.
        lead = _leading_np(prefix)
        return lead, verb.group().lower()
    head = prefix[: verb.start()].rstrip()
    head = _ADVERB_END.sub("", head)
    head = _LABEL_START.sub("", head)  # "Details: She added ..."
    # The clause the verb belongs to: after the last comma or conjunction before it.
    clause = _CLAUSE_BREAK.split(head)[-1].strip()
    clause = _SCENE_OPENER.sub("", clause)
    clause = _CONJUNCTION_START.sub("", clause)
    if not clause or len(clause.split()) > 12:
        return None, verb.group().lower()
    return clause, verb.group().lower()


_NP_GLUE = {"of", "from", "for", "the", "at", "in", "to", "a", "an", "and"}


def _leading_np(sentence: str) -> str | None:
    """The noun phrase a sentence starts with, up to its first lower-case word that is not a connector
    or a role noun ("A spokesperson from the US Department of State")."""
    sentence = _LABEL_START.sub("", sentence.strip())
    out: list[str] = []
    for w in sentence.split():
        bare = w.strip(",.;:")
        if bare[:1].isupper() or bare.lower() in _NP_GLUE or ROLE.fullmatch(bare):
            out.append(bare)
            if bare != w:
                break
        else:
            break
    while out and out[-1].lower() in _NP_GLUE:
        out.pop()
    if not out or not any(x[:1].isupper() for x in out):
        return None
    return " ".join(out)


def _after(after: str) -> tuple[str | None, str | None, bool]:
    """(mention, cue, name-comes-first) from the text right after a quote."""
    m = _AFTER_VERB_FIRST.match(after)
    if m and (_runs(m.group("who")) or m.group("who").strip().lower() in PRONOUNS):
        return m.group("who"), m.group("verb").lower(), True
    m = _AFTER_ACCORDING.match(after)
    if m:
        return m.group("who"), "according to", True
    m = _AFTER_SUBJECT_FIRST.match(after)
    if m:
        who = m.group("who").strip(" ,")
        if _runs(who) or who.lower() in PRONOUNS or ROLE.search(who):
            return who, m.group("verb").lower(), False
    return None, None, False


def extract_quotes(text: str, gaz: Gazetteer | None = None, actor_hits=None) -> list[Quote]:
    """Quotes in ``text``; ``actor_hits`` is ``gaz.find(text)`` when the caller has it already."""
    paragraphs = [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text)]
    par_spans = [(base, _spans(par)) for base, par in paragraphs]
    quoted = [(base + s, base + e) for base, spans in par_spans for s, e in spans]
    if not quoted:
        return []  # nothing in quotation marks: no quotes, and no need to know who is named
    state = _State(persons=_known_persons(text, gaz, actor_hits, quoted))
    quotes: list[Quote] = []
    open_from_prev: list[int] = []  # quotes left open at the end of the previous paragraph
    for (base, par), (_, spans) in zip(paragraphs, par_spans):
        src = _SOURCE_LINE.match(par)
        if src:
            aff = _AFFIL.match(src.group("rest"))
            if aff:
                state.source_person = (aff.group("name"), aff.group("role").strip())
            continue
        label = _LABEL_QUOTE.match(par)
        still_open: list[int] = []
        for s, e in spans:
            closed = not (e == len(par) and par[-1] not in "”»\"’'“")
            raw = par[s + 1 : e - 1] if closed else par[s + 1 :]
            lead = len(raw) - len(raw.lstrip())
            inner = raw.strip()
            if len(_WORD.findall(inner)) < 2:
                continue
            sent_start, _ = _sentence_bounds(par, s)
            prefix = par[sent_start:s]
            if _NAMING.search(prefix):
                continue
            pos = base + s
            mention, cue, first = _after(par[e:])
            if mention is None:
                mention, cue = _subject_before(prefix)
                first = False
            if mention is None and label and state.source_person:
                mention, cue = state.source_person[0], "Quote:"
            participle = mention is None and cue is not None and cue.endswith("ing")
            if participle and state.last_speaker_pos >= base + sent_start:
                # "..., X told reporters, adding that ... "...": the speaker earlier in the same sentence.
                mention = state.last_speaker
            elif mention is None and prefix.strip() and not prefix.rstrip().endswith(":"):
                # No reporting verb: the sentence's subject, with low confidence: its first person, else
                # its first name ("Kim Jong Un dispatched the troops with a mission to 'annihilate ...'").
                names = [r for r in _runs(prefix) if not _is_role_run(r, gaz)]
                people = [r for r in names if classify_run(r, gaz)[0] == "person" and len(r.split()) >= 2]
                if names:
                    mention, cue = (people or names)[0], None
            if mention is None and prefix.rstrip().endswith(":"):
                # "Speaking in Brussels, Mark Rutte was unequivocal: "..."": the sentence's named subject.
                names = [r for r in _runs(prefix) if not _is_role_run(r, gaz)]
                if names:
                    mention, cue = names[-1], ":"
            speaker, conf = (None, 0.0)
            if mention is not None:
                speaker, conf = _resolve(mention, state, gaz, pos, pick_first=first)
                if cue is None:
                    conf = min(conf, 0.5)
            if speaker is None and prefix.strip() == "" and state.last_speaker and (open_from_prev or not par[e:].strip()):
                # A paragraph that is all quote continues the previous speaker.
                speaker, mention, cue, conf = state.last_speaker, None, "continued", 0.6
            if speaker is None and mention is None and title_like(inner) and not prefix.strip().endswith(":"):
                continue  # a title in quotes ("All Quiet on the Western Front"), not speech
            direct = (prefix.strip() == "" or prefix.rstrip().endswith((":", ",")) or label is not None) and inner[:1].isupper()
            start = base + s + 1 + lead
            quotes.append(Quote(
                text=inner, kind="direct" if direct else "partial", start=start, end=start + len(inner),
                speaker=speaker, speaker_mention=mention.strip(" ,") if mention else None, cue=cue,
                confidence=round(conf, 2),
                affiliation=state.source_person[1] if state.source_person and speaker == state.source_person[0] else None,
                key=quote_key(inner),
            ))
            if not closed:
                still_open.append(len(quotes) - 1)
            if speaker:
                state.last_speaker, state.last_speaker_pos = speaker, pos
                actor = gaz.actors.get(speaker) if gaz is not None else None
                if (actor is None and len(speaker.split()) >= 2) or (actor is not None and actor.type == "person"):
                    state.persons.append((pos, speaker))
        # A quote left open runs on into this paragraph: it has this paragraph's speaker.
        for k in open_from_prev:
            if quotes[k].speaker is None or quotes[k].cue == "continued":
                nxt = next((q for q in quotes[k + 1 :] if q.speaker and q.cue != "continued"), None)
                if nxt is not None:
                    quotes[k].speaker, quotes[k].cue, quotes[k].confidence = nxt.speaker, "continued", 0.7
        open_from_prev = still_open
    return quotes
