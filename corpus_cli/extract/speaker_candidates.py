"""The candidate speakers of a quote and the facts the speaker model weighs (speaker_model.py): every name,
title and name ("Mr. Clyburn"), nominal ("a spokeswoman", "the report") and pronoun in the quote's sentence,
the two sentences before it and the one after, the previous quote's speaker and the hand rules' own choice
(speakers.py), each with its kind, where it stands against the quote and the reporting verbs next to it."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from corpus_cli.extract import speakers as sp
from corpus_cli.extract.cues import VERBS
from corpus_cli.extract.names import NAME_RUN, classify_run, drop_openers, is_role_run
from corpus_cli.extract.roles import PERSON_ROLES, TITLES
from corpus_cli.gazetteer import Gazetteer

# Nouns that name a speaker without a name: people by what they do, and documents and bodies that "say".
_NOMINAL_HEADS = sorted(
    {w for w in PERSON_ROLES if w.isascii()} | set("""aide aides strategist strategists pollster lawyer attorney
    candidate businessman senator congressman congresswoman nominee campaign company committee group report
    statement memo ad ads letter survey poll study newspaper paper editorial website network magazine article
    analysis document lawsuit complaint filing release email tweet post video book transcript organization
    organizations source sources supporters supporter voters voter critics critic observers friend friends
    official spokesman staffer staffers aide adviser advisers operative operatives insider insiders reporter
    reporters administration agency department government office team statement""".split()),
    key=len, reverse=True)
_NOMINAL = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Aa]nother|[Tt]wo|[Ss]everal)[ \t]+"
                      r"(?:[\w’'-]+[ \t]+){0,3}?(?:" + "|".join(_NOMINAL_HEADS) + r")\b")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")
_VERB_AFTER = re.compile(rf"^[ \t]*,?[ \t]*(?:(?:also|later|then|has|had|again|have)[ \t]+)?(?P<v>{VERBS})\b")
_APPOSITION_VERB = re.compile(rf"^,[^,.;\"“”]{{3,120}},[ \t]*(?P<v>{VERBS})\b")
_TW_QUOTED = re.compile(r"''[^'\n]*''")  # the New York Times' quotation marks
_TOKEN = re.compile(r"[\w’']+|[,:;.()—–-]")
_VERB_SET = frozenset(v for v in VERBS.split("|") if " " not in v)
_FIRST_WORD = re.compile(r"\s*([\w’']+|[,:;.()—–-])")
# A mention that a role word joins to the name after it: "North Korean leader Kim", "Democratic nominee Hillary".
_PREMODIFIER = re.compile(r"[ \t]+(?:[a-z][\w-]*[ \t]+)?(?:" + "|".join(
    sorted(w for w in TITLES | PERSON_ROLES if w.isascii() and w.isalpha())) + r"|front-runner|frontrunner|hopeful|"
    r"challenger|incumbent)[ \t]+[A-Z]")
_MARKS = re.compile(r"[“”\"]|''")
_WORDS = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"[’']s?$")
_BLANK = "\x00"
_WINDOW_BEFORE, _WINDOW_AFTER = 700, 300  # characters of text read around a quote


@dataclass
class Candidate:
    """One possible speaker of a quote: the words naming it, the actor they resolve to, the reporting verb next
    to it, and its features (names of binary facts)."""

    mention: str
    speaker: str | None
    cue: str | None
    features: list[str] = field(default_factory=list)
    description: str | None = None
    conf: float = 0.0

    @property
    def key(self) -> str:
        return (self.speaker or self.mention).casefold()


@dataclass
class _Window:
    """The text around a quote, quotations blanked, with its sentence breaks."""

    lo: int
    masked: str
    breaks: list[int]  # offsets (in the text) where a sentence starts
    qs: int
    qe: int

    def sentence(self, pos: int) -> int:
        return bisect.bisect_right(self.breaks, pos)


def _window(text: str, qs: int, qe: int) -> _Window:
    lo, hi = max(0, qs - _WINDOW_BEFORE), min(len(text), qe + _WINDOW_AFTER)
    region = text[lo:hi]
    # Quotations blanked with a mark that is neither a word nor a space: a sentence break before one stays put.
    masked = sp.QUOTED.sub(lambda m: _BLANK * len(m.group()), sp.mask_party_tags(region))
    masked = _TW_QUOTED.sub(lambda m: _BLANK * len(m.group()), masked)
    masked = masked[: qs - lo] + _BLANK * (qe - qs) + masked[qe - lo :]
    breaks = [lo + m.end() for m in sp.SENTENCE_BREAK.finditer(masked)]
    return _Window(lo, masked, breaks, qs, qe)


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n <= 2 else "3" if n <= 5 else "6" if n <= 10 else "11" if n <= 20 else "21"


def _place(w: _Window, text: str, ms: int, me: int) -> list[str]:
    """Where a mention stands against the quote: side, sentence, distance, verbs next to it, a quote between."""
    before = me <= w.qs
    side = "b" if before else "a"
    delta = max(-2, min(1, w.sentence(ms) - w.sentence(w.qs)))
    between = text[me : w.qs] if before else text[w.qe : ms]
    dist = _bucket(len(_WORDS.findall(w.masked[me - w.lo : w.qs - w.lo] if before else w.masked[w.qe - w.lo : ms - w.lo])))
    rel = []
    local = w.masked[me - w.lo : me - w.lo + 60]
    if _VERB_AFTER.match(local) and not _POSSESSIVE.search(text[ms:me]):
        rel.append("verb_after")
    elif _APPOSITION_VERB.match(w.masked, me - w.lo):
        rel.append("appos_verb")
    last, verb = before_word(w.masked[max(0, ms - w.lo - 40) : ms - w.lo])
    if verb is not None:
        rel.append("according" if verb == "according to" else "verb_before")
    sent_start = w.breaks[w.sentence(ms) - 1] if w.sentence(ms) else w.lo
    opening = not _WORDS.search(w.masked[max(0, sent_start - w.lo) : ms - w.lo])
    pos = f"{side}{delta}"
    out = [f"pos={pos}", f"dist={side}{dist}", f"pos={pos}&d={dist}"]
    # The words on either side, learned rather than listed: "declares X", "X tweeted", "X's", "told X".
    near = "0" if delta == 0 else "x"
    wa = _FIRST_WORD.match(w.masked, me - w.lo)
    out += [f"wb={last}&{side}{near}", f"wa={wa.group(1).lower() if wa else '$'}&{side}{near}"]
    out += [f"{r}" for r in rel] + [f"{r}&{pos}" for r in rel]
    if opening:
        out += ["opens_sentence", f"opens&{pos}"]
    if _PREMODIFIER.match(w.masked, me - w.lo):
        out += ["premodifier", f"premodifier&{pos}"]  # "North Korean leader Kim Jong Un": a word about the name
    if _MARKS.search(between):
        out.append("quote_between")
    if "\n" in between:
        out.append("other_paragraph")
    return out


def before_word(head: str) -> tuple[str, str | None]:
    """(the word or mark right before a mention, the reporting verb or "according to" that introduces it)."""
    toks = _TOKEN.findall(head)
    last = toks[-1].lower() if toks else "^"
    if last in _VERB_SET and head[-1:] in " \t":
        return last, last
    if len(toks) > 1 and (prev := toks[-2].lower()) in _VERB_SET and last == "by":
        return last, prev
    if len(toks) > 1 and toks[-2].lower() == "according" and last == "to":
        return last, "according to"
    return last, None


def _kind(mention: str, gaz: Gazetteer | None) -> list[str]:
    """What kind of words a name is: one word or more, a title first, a person or an organisation."""
    words = mention.split()
    out = ["name1" if len(words) == 1 else "name2"]
    if words[0].lower().strip(".") in TITLES and len(words) > 1:
        out.append("titled")
    if is_role_run(mention, gaz):
        out.append("role_only")
    else:
        out.append("run=" + classify_run(mention, gaz)[0])
    return out


def _mentions(w: _Window, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, words, kind) of every possible speaker mention in the window."""
    found = []
    for m in NAME_RUN.finditer(w.masked):
        toks = drop_openers(m.group().split())
        # "The New York Times. When": a word longer than an abbreviation ends the run with its sentence.
        end = next((k for k, t in enumerate(toks) if t.endswith(".") and len(t) > 4), len(toks))
        toks = toks[: end + 1]
        while toks and toks[-1].lower() in ("of", "for", "the", "and"):
            toks.pop()
        if not toks:
            continue
        words = " ".join(toks).strip(" .,")
        start = w.lo + m.start() + m.group().index(toks[0])
        found.append((start, start + len(words), words, "name"))
    for m in _NOMINAL.finditer(w.masked):
        found.append((w.lo + m.start(), w.lo + m.end(), m.group(), "nominal"))
    for m in _PRONOUN.finditer(w.masked):
        found.append((w.lo + m.start(), w.lo + m.end(), m.group(), "pronoun"))
    return found


def _resolve(mention: str, kind: str, state: sp.State, gaz: Gazetteer | None, qs: int, known: int) -> str | None:
    """The actor of a mention, as speakers.resolve gives it; remembered for the article: a name resolves alike
    wherever as many people have been named before it (a pronoun only around one quote)."""
    key = (mention, qs) if kind == "pronoun" else (mention, known)
    if key not in state.memo:
        state.memo[key] = sp.resolve(mention, state, gaz, qs)[0]
    return state.memo[key]


def window_candidates(text: str, qs: int, qe: int, state: sp.State, gaz: Gazetteer | None) -> list[Candidate]:
    """Every mention around the quote at ``text[qs:qe]``, nearest first, resolved as the rules resolve them."""
    w = _window(text, qs, qe)
    found = _mentions(w, text)
    found.sort(key=lambda f: (qs - f[1]) if f[1] <= qs else (f[0] - qe) + 1)
    first = w.sentence(qs) - 2
    found = [f for f in found if w.sentence(f[0]) >= first]  # the quote's sentence and the two before it
    known = bisect.bisect_left(state.persons, (qs, ""))
    out = []
    rank: dict[str, int] = {}  # mentions met so far on each side, and of them those next to a reporting verb
    for ms, me, words, kind in found:
        possessive = kind == "name" and _POSSESSIVE.search(words) is not None
        mention = _POSSESSIVE.sub("", words) if possessive else words
        if not mention:
            continue
        speaker = _resolve(mention, kind, state, gaz, qs, known)
        place = _place(w, text, ms, me)
        feats = [f"kind={kind}", f"kind={kind}&{place[0]}"] + place
        if kind == "name":
            feats += _kind(mention, gaz) + (["possessive"] if possessive else [])
            # Named in full before, or in the gazetteer: not a capitalised word that merely opens a sentence.
            known = speaker is not None and (speaker != mention or (gaz is not None and gaz.resolve(mention) is not None))
            feats += ["known" if known else "unknown", f"{'known' if known else 'unknown'}&{feats[-1]}&{place[0]}"]
        if speaker is None:
            feats.append("unresolved")
        verb = next((f for f in feats if f in ("verb_after", "verb_before", "according", "appos_verb")), None)
        side = place[0][4]
        rank[side] = rank.get(side, 0) + 1
        feats.append(f"rank={side}{min(rank[side], 4)}")
        if verb is not None:
            rank[side + "v"] = rank.get(side + "v", 0) + 1
            feats += [f"vrank={side}{min(rank[side + 'v'], 3)}", f"vrank={side}{min(rank[side + 'v'], 3)}&{place[0]}"]
        cue = _cue(w, ms, me, verb)
        out.append(Candidate(mention=mention, speaker=speaker, cue=cue, features=feats))
    return out


def _cue(w: _Window, ms: int, me: int, rel: str | None) -> str | None:
    """The reporting verb next to a mention, as the quote's cue."""
    if rel == "verb_after":
        return _VERB_AFTER.match(w.masked[me - w.lo : me - w.lo + 60]).group("v").lower()
    if rel == "appos_verb":
        return _APPOSITION_VERB.match(w.masked, me - w.lo).group("v").lower()
    if rel in ("verb_before", "according"):
        return before_word(w.masked[max(0, ms - w.lo - 40) : ms - w.lo])[1]
    return None


def frequency(text: str, speaker: str, cache: dict) -> str:
    """How often the article names a speaker (by its last word), bucketed."""
    last = speaker.split()[-1] if speaker.strip() else speaker
    if last not in cache:
        cache[last] = text.count(last)
    n = cache[last]
    return "freq=1" if n <= 1 else "freq=2" if n <= 3 else "freq=4" if n <= 7 else "freq=8"
