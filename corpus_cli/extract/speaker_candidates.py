"""The candidate speakers of a quote and the facts the speaker model weighs (speaker_model.py): every name,
title and name ("Mr. Clyburn"), nominal ("a spokeswoman", "the report") and pronoun in the quote's sentence,
the two sentences before it and the one after, the previous quote's speaker and the hand rules' own choice
(speakers.py), each with its kind, where it stands against the quote and the reporting verbs next to it."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from corpus_cli.extract import speaker_syntax
from corpus_cli.extract import speakers as sp
from corpus_cli.extract.cues import VERB_WORDS, VERBS, VERBS_FIRST
from corpus_cli.extract.names import NAME_RUN, POSSESSIVE, classify_run, drop_openers, is_role_run
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
_DETERMINERS = r"[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Aa]nother|[Tt]wo|[Ss]everal"
_NOMINAL = re.compile(rf"\b(?:{_DETERMINERS})[ \t]+"
                      r"(?:[\w’'-]+[ \t]+){0,3}?(?:" + "|".join(_NOMINAL_HEADS) + r")\b")
_DETERMINER = rf"(?=[TtAaHhIiOoSsMm])(?:{_DETERMINERS}|[Ss]ome|[Mm]any)"
_RELATIVE = r"(?!(?:who|whom|which|that|what)\b)"
_OPEN_WORDS = rf"(?:{_RELATIVE}[\w’'-]+[ \t]+){{0,3}}?{_RELATIVE}[a-z][\w-]*[a-z]"
_VERB_NEXT = rf"[ \t]*,?[ \t]*(?:(?:also|later|then|has|had|again|have)[ \t]+)?(?P<v>{VERBS})\b"
_VERB_AFTER = re.compile(_VERB_NEXT)
_BLANK = "\x00"
_FUNCTION = ("this|his|its|was|is|has|as|us|thus|whereas|does|goes|comes|also|less|unless|news|yes|perhaps|and|but|or|"
             "while|when|where|if|because|then|so|yet|both|all|most|many|some|other|others|these|those|the|a|an")
# A description with any head noun, where a reporting verb makes it a speaker ("his wife said", "said one former
# executive who ..."): heads too rare to list; the model weighs them apart from the listed ones (open_head).
_OPEN_NOMINAL = re.compile(rf"\b{_DETERMINER}[ \t]+{_OPEN_WORDS}(?={_VERB_NEXT})")
_OPEN_INVERTED = re.compile(rf"\b(?=[a-z])(?:{VERBS_FIRST})[ \t]+(?P<np>{_DETERMINER}[ \t]+{_OPEN_WORDS})"
                            r"(?=[ \t]*(?:[,.;:!?—–]|who\b|$))", re.M)
# A bare plural at a clause's start, right before a reporting verb ('"...," federal prosecutors wrote'): no
# determiner, so the open descriptions miss it.
_NOT_BARE = rf"(?!(?:{_FUNCTION}|{VERBS})\b)"
_BARE_PLURAL = re.compile(rf"(?:^|(?<=[{_BLANK}.;:!?,—–(\n][ \t])|(?<=[{_BLANK}\n]))(?:{_NOT_BARE}[a-z][\w-]*[ \t]+){{0,2}}?"
                          rf"{_NOT_BARE}[a-z][\w-]{{2,}}[a-rt-z]s(?={_VERB_NEXT})", re.M)
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")
_APPOSITION_VERB = re.compile(rf",[^,.;\"“”]{{3,120}},[ \t]*(?P<v>{VERBS})\b")
_TW_QUOTED = re.compile(r"''[^'\n]*''")  # the New York Times' quotation marks
_TOKEN = re.compile(r"[\w’']+|[,:;.()—–-]")
_FIRST_WORD = re.compile(r"\s*([\w’']+|[,:;.()—–-])")
# A mention that a role word joins to the name after it: "North Korean leader Kim", "Democratic nominee Hillary".
_PREMODIFIER = re.compile(r"[ \t]+(?:[a-z][\w-]*[ \t]+)?(?:" + "|".join(
    sorted(w for w in TITLES | PERSON_ROLES if w.isascii() and w.isalpha())) + r"|front-runner|frontrunner|hopeful|"
    r"challenger|incumbent)[ \t]+[A-Z]")
_MARKS = re.compile(r"[“”\"]|''")
_STOP_INSIDE = re.compile(r"[.!?][“”\"']+$")
_CAPITAL_NEXT = re.compile(r"[ \t]+[A-Z]")
_WORDS = re.compile(r"\w+")
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
    rel: str | None = None  # a reporting verb next to it (_Mention.rel)
    unread: tuple | None = field(default=None, repr=False)  # what _read needs for the rest of its features

    @property
    def key(self) -> str:
        return (self.speaker or self.mention).casefold()

    def read(self) -> list[str]:
        """All its features (a window candidate's are read the first time they are wanted)."""
        if self.unread is not None:
            self.features, self.unread = _read(*self.unread, self.speaker), None
        return self.features

    def verbs(self) -> list[str]:
        """Its features that tell of a reporting verb next to it: what it adds to a nearer mention of its actor."""
        if self.unread is None:
            return [f for f in self.features if f.startswith(("verb", "according", "appos"))]
        return [self.rel, f"{self.rel}&{self.features[0][4:]}"] if self.rel else []


@dataclass
class _Mention:
    """A possible speaker mention of the article, with what can be said of it before any quote is met."""

    start: int
    end: int
    mention: str
    kind: str  # name, nominal or pronoun
    static: list[str]  # features that do not depend on the quote
    rel: str | None  # a reporting verb next to it: verb_after, appos_verb, verb_before or according
    cue: str | None
    before: str  # the word or mark before it, and after it
    after: str
    run: str = ""  # a name's run= or role_only feature


@dataclass
class _Article:
    """An article's text with its quotations blanked, its sentence breaks and every possible speaker
    mention; what a mention says of itself is read the first time a quote's window takes it in."""

    masked: str
    breaks: list[int]  # offsets where a sentence starts
    found: list[tuple[int, int, str, str]]  # (start, end, words, kind) of every possible mention, by start
    starts: list[int]
    gaz: Gazetteer | None
    read: dict[int, _Mention | None] = field(default_factory=dict)  # by index in found; None: no mention left

    def breaks_between(self, a: int, b: int) -> int:
        return bisect.bisect_right(self.breaks, b) - bisect.bisect_right(self.breaks, a)

    def position(self, m: _Mention, qs: int, qe: int) -> tuple[bool, str]:
        """Whether ``m`` stands before the quote [qs, qe), and its place: the side and the sentences between,
        clamped to -2..1 ("b0": before it in its sentence)."""
        before = m.end <= qs
        delta = max(-2, min(1, -self.breaks_between(m.start, qs) if before else self.breaks_between(qe, m.start)))
        return before, f"{'b' if before else 'a'}{delta}"

    def words_between(self, a: int, b: int) -> int:
        """How many runs of word characters ``masked[a:b]`` holds."""
        return len(_WORDS.findall(self.masked, a, b))

    def mentions(self, lo: int, hi: int) -> list[_Mention]:
        """The mentions that start in [lo, hi), by start."""
        out = []
        for k in range(bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)):
            if k not in self.read:
                ms, me, words, kind = self.found[k]
                m = _static(self.masked, self.breaks, ms, me, words, kind, self.gaz)
                self.read[k] = m if m.mention else None
            if (m := self.read[k]) is not None:
                out.append(m)
        return out


def _article(text: str, gaz: Gazetteer | None, memo: dict) -> _Article:
    """The article's mentions, found once (memo: the article's State.memo)."""
    if "article" not in memo:
        # Quotations blanked with a mark that is neither a word nor a space: a sentence break before one stays put.
        masked = sp.QUOTED.sub(lambda m: _BLANK * len(m.group()), sp.mask_party_tags(text))
        masked = _TW_QUOTED.sub(lambda m: _BLANK * len(m.group()), masked)
        breaks = [m.end() for m in sp.SENTENCE_BREAK.finditer(masked)]
        found = sorted(_mentions(masked))
        memo["article"] = _Article(masked, breaks, found, [f[0] for f in found], gaz)
    return memo["article"]


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n <= 2 else "3" if n <= 5 else "6" if n <= 10 else "11" if n <= 20 else "21"


def _static(masked: str, breaks: list[int], ms: int, me: int, words: str, kind: str, gaz: Gazetteer | None
            ) -> _Mention:
    """A mention's kind, the words and reporting verbs next to it, whether it opens its sentence."""
    possessive = kind == "name" and POSSESSIVE.search(words) is not None
    mention = POSSESSIVE.sub("", words) if possessive else words
    feats = ["kind=nominal", "open_head"] if kind == "open" else [f"kind={kind}"]
    kind = "nominal" if kind == "open" else kind
    if kind == "name" and mention:
        feats += _kind(mention, gaz) + (["possessive"] if possessive else [])
    rel, cue = None, None
    if not possessive and (m := _VERB_AFTER.match(masked, me, me + 60)):
        rel, cue = "verb_after", m.group("v").lower()
    elif m := _APPOSITION_VERB.match(masked, me):
        rel, cue = "appos_verb", m.group("v").lower()
    last, verb = before_word(masked[max(0, ms - 40) : ms])
    if verb is not None:
        rel, cue = ("according" if verb == "according to" else "verb_before"), verb
    k = bisect.bisect_right(breaks, ms)
    if not _WORDS.search(masked, breaks[k - 1] if k else 0, ms):
        feats.append("opens_sentence")
    if _PREMODIFIER.match(masked, me):
        feats.append("premodifier")  # "North Korean leader Kim Jong Un": a word about the name after it
    if rel is not None:
        feats.append(rel)
    wa = _FIRST_WORD.match(masked, me)
    after = wa.group(1).lower() if wa else "$"
    feats += speaker_syntax.static(last, mention, after, VERB_WORDS)
    run = next((f for f in feats if f.startswith("run=") or f == "role_only"), "")
    return _Mention(ms, me, mention, kind, feats, rel, cue, last, after, run)


def _place(a: _Article, text: str, m: _Mention, qs: int, qe: int, pos: str) -> list[str]:
    """Where a mention stands against the quote (``pos``: _Article.position's place): side, sentence, distance,
    the words next to it, a quote between."""
    before = m.end <= qs
    side, same_sentence = pos[0], pos[1:] == "0"
    lo, hi = (m.end, qs) if before else (qe, m.start)
    dist = _bucket(a.words_between(lo, hi))
    near = "0" if same_sentence else "x"
    # The words on either side, learned rather than listed: "declares X", "X tweeted", "X's", "told X".
    out = [f"pos={pos}", f"dist={side}{dist}", f"pos={pos}&d={dist}", f"kind={m.kind}&{pos}",
           f"wb={m.before}&{side}{near}", f"wa={m.after}&{side}{near}"]
    out += [f"{f}&{pos}" for f in m.static if f in ("opens_sentence", "premodifier", m.rel) or f.startswith("syn=")]
    if same_sentence:  # the verb's subject, object or listener: the quote's own sentence only
        syn = speaker_syntax.placed(a.masked[lo:hi], before, VERB_WORDS)
        out += syn + [f"{syn[0]}&kind={m.kind}"]
    if _MARKS.search(text, lo, hi):
        out.append("quote_between")
    if text.find("\n", lo, hi) >= 0:
        out.append("other_paragraph")
    return out


def before_word(head: str) -> tuple[str, str | None]:
    """(the word or mark right before a mention, the reporting verb or "according to" that introduces it)."""
    toks = _TOKEN.findall(head)
    last = toks[-1].lower() if toks else "^"
    if last in VERB_WORDS and head[-1:] in " \t":
        return last, last
    if len(toks) > 1 and (prev := toks[-2].lower()) in VERB_WORDS and last == "by":
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


def _mentions(masked: str) -> list[tuple[int, int, str, str]]:
    """(start, end, words, kind) of every possible speaker mention outside quotations."""
    found = []
    for m in NAME_RUN.finditer(masked):
        toks = drop_openers(m.group().split())
        # "The New York Times. When": a word longer than an abbreviation ends the run with its sentence.
        end = next((k for k, t in enumerate(toks) if t.endswith(".") and len(t) > 4), len(toks))
        toks = toks[: end + 1]
        while toks and toks[-1].lower() in ("of", "for", "the", "and"):
            toks.pop()
        if not toks:
            continue
        words = " ".join(toks).strip(" .,")
        start = m.start() + m.group().index(toks[0])
        found.append((start, start + len(words), words, "name"))
    listed = [(m.start(), m.end(), m.group(), "nominal") for m in _NOMINAL.finditer(masked)]
    found += listed + _open_nominals(masked, {m[0] for m in listed})
    found += [(m.start(), m.end(), m.group(), "pronoun") for m in _PRONOUN.finditer(masked)]
    return found


def _open_nominals(masked: str, taken: set[int]) -> list[tuple[int, int, str, str]]:
    """The descriptions next to a reporting verb whose head the listed nominals lack, one per start."""
    out = []
    for m in [*_OPEN_NOMINAL.finditer(masked), *_OPEN_INVERTED.finditer(masked), *_BARE_PLURAL.finditer(masked)]:
        start, end = m.span("np") if "np" in m.groupdict() else m.span()
        if start not in taken:
            taken.add(start)
            out.append((start, end, masked[start:end], "open"))
    return out


def _resolve(mention: str, kind: str, state: sp.State, gaz: Gazetteer | None, qs: int, known: int) -> str | None:
    """The actor of a mention, as speakers.resolve gives it; remembered for the article: a name resolves alike
    wherever as many people have been named before it (a pronoun only around one quote)."""
    key = (mention, qs) if kind == "pronoun" else (mention, known)
    if key not in state.memo:
        state.memo[key] = sp.resolve(mention, state, gaz, qs)[0]
    return state.memo[key]


def window_candidates(text: str, qs: int, qe: int, state: sp.State, gaz: Gazetteer | None) -> list[Candidate]:
    """Every mention in the quote's sentence, the two before it and a little after, nearest first, resolved as the
    rules resolve them; each holds its place (pos=...) and its other features once read (Candidate.read)."""
    a = _article(text, gaz, state.memo)
    k = bisect.bisect_right(a.breaks, qs)  # the quote's sentence and the two before it
    lo = max(qs - _WINDOW_BEFORE, a.breaks[k - 3] if k >= 3 else 0)
    near = [m for m in a.mentions(lo, qe + _WINDOW_AFTER) if m.end <= qs or m.start >= qe]
    near.sort(key=lambda m: (qs - m.end) if m.end <= qs else (m.start - qe) + 1)
    persons = bisect.bisect_left(state.persons, (qs, ""))
    # '"... claims." He said': the quote's own full stop ends its sentence, which blanking hid.
    stop = _STOP_INSIDE.search(text, max(qs, qe - 4), qe) is not None and _CAPITAL_NEXT.match(a.masked, qe) is not None
    out = []
    rank: dict[str, int] = {}  # mentions met so far on each side, and of them those next to a reporting verb
    for m in near:
        speaker = _resolve(m.mention, m.kind, state, gaz, qs, persons)
        side = (pos := a.position(m, qs, qe)[1])[0]
        if pos == "a0" and stop:
            pos = "a1"
        rank[side] = rank.get(side, 0) + 1
        ranks = [f"rank={side}{min(rank[side], 4)}"]
        if m.rel is not None:
            rank[side + "v"] = rank.get(side + "v", 0) + 1
            ranks += [f"vrank={side}{min(rank[side + 'v'], 3)}", f"vrank={side}{min(rank[side + 'v'], 3)}&pos={pos}"]
        # Most mentions that name an actor named nearer the quote add only their verbs to it: the rest is read late.
        out.append(Candidate(mention=m.mention, speaker=speaker, cue=m.cue, features=[f"pos={pos}"],
                             rel=m.rel, unread=(a, text, m, qs, qe, pos, ranks, gaz)))
    return out


def _read(a: _Article, text: str, m: _Mention, qs: int, qe: int, pos: str, ranks: list[str],
          gaz: Gazetteer | None, speaker: str | None) -> list[str]:
    """A window candidate's features: the mention's own, where it stands, whether it names someone known."""
    place = _place(a, text, m, qs, qe, pos)
    feats = m.static + place
    if m.kind == "name":
        # Named in full before, or in the gazetteer: not a capitalised word that merely opens a sentence.
        known = "known" if speaker is not None and (
            speaker != m.mention or (gaz is not None and gaz.resolve(m.mention) is not None)) else "unknown"
        feats += [known, f"{known}&{m.run}&{place[0]}"]
    if speaker is None:
        feats.append("unresolved")
    return feats + ranks


def frequency(text: str, speaker: str, cache: dict) -> str:
    """How often the article names a speaker (by its last word), bucketed."""
    last = speaker.split()[-1] if speaker.strip() else speaker
    if last not in cache:
        cache[last] = text.count(last)
    n = cache[last]
    return "freq=1" if n <= 1 else "freq=2" if n <= 3 else "freq=4" if n <= 7 else "freq=8"
