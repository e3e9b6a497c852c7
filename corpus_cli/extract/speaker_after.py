"""Who said a quote, read from the words right after it: a reporting verb in either order ("...," said X;
"...," X said), "according to X", a verb outside the cue tables after a quote that closed on a comma, with the
description after the name ("said Bill Hyers, a Democratic strategist")."""

from __future__ import annotations

import re

from corpus_cli.extract.cues import ACCORDING, FOREIGN_VERBS, NAME_DOTS, PRONOUNS, VERBS, VERBS_FIRST
from corpus_cli.extract.declension import GENITIVE_CUES, nominative
from corpus_cli.extract.names import runs
from corpus_cli.extract.roles import ROLE

_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,.!?;:—–-]*(?P<verb>{VERBS_FIRST}|{FOREIGN_VERBS})[ \t]+"
    rf"(?P<who>(?:\b(?:{NAME_DOTS})\.|«[^«»\n]{{1,40}}»|[^,.;:\n\"“”«»]){{1,90}})"  # "директор компании «Северсталь» X"
)
_AFTER_SUBJECT_FIRST = re.compile(
    rf"^[\s,.!?;:—–-]*(?P<who>(?:\b(?:{NAME_DOTS})\.|[^\"“”«»„\n.!?;]){{1,110}}?)[ \t]+"
    rf"(?:also[ \t]+|later[ \t]+|then[ \t]+|again[ \t]+)?(?P<verb>{VERBS}|{FOREIGN_VERBS})\b"
)
# Past tenses outside the cue tables, right after a quote that closed on a comma.
_ANY_VERB_FIRST = re.compile(rf"^[\s,]*(?P<verb>[a-z]{{3,}}ed)[ \t]+(?P<who>(?:\b(?:{NAME_DOTS})\.|[^,.;:\n\"“”«»]){{1,90}})")
_ANY_SUBJECT_FIRST = re.compile(rf"^[\s,]*(?P<who>(?:\b(?:{NAME_DOTS})\.|[^\"“”«»„\n.!?;,]){{1,60}}?)[ \t]+"
                                r"(?P<verb>[a-z]{3,}ed)\b(?=[ \t]*(?:[.,;]|$|on\b|in\b|at\b|to\b|with\b))")
_RUNS_ON = re.compile(r"^[ \t]+[a-z]")
# Words after a quote that carry its sentence on rather than name who said it: the speaker, if any, follows a comma.
_RUNS_ON_WORD = re.compile(r"^(?:about|than|for|from|in|during|between|since|while|and|but|so|if|because|at|on|with|"
                           r"after|before|over|into|to|of|until|unless|though|although|whereas|when|where|whether|"
                           r"[a-z]+ed[ \t]+by)\b")
_NEW_CLAUSE = re.compile(r"(?:and|but|while|whereas|yet|or)\b")
# "..." if she lost by more, said X: the cue later in the sentence, before its end or another quote.
_LATER_VERB_FIRST = re.compile(rf"^[^.!?\"“”\n]{{1,120}}?,[ \t]+(?P<verb>said|says|added|adds)[ \t]+"
                               rf"(?P<who>(?:\b(?:{NAME_DOTS})\.|[^,.;:\n\"“”«»]){{1,90}})")
# A description after a speaker's name, up to the next comma or the sentence's end ("said Bill Hyers, a Democratic
# strategist who managed ..."; "Chris Weston, chief market strategist at IG Ltd., said").
_APPOSITIVE = re.compile(r",[ \t]+(?P<desc>[^;\n\"“”«»]{3,160}?)(?=,|(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)"
                         r"(?<!\bMrs)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\b[A-Z])[.;](?:\s|$)|$)")
# A speaker named by a description, not a name: "the businessman replied", "said a campaign spokeswoman".
_NOMINAL = re.compile(r"^(?:the|a|an|one|another|two|three|several|many|some)[ \t]+(?:[\w’'-]+[ \t]+){0,4}[\w’'-]+$",
                      re.I)
# An attribution that opens with a dash right after a quote, on its line or as the next short paragraph:
# '"...". - Bernie Sanders.', '"..." ― Pamela Padilla', '-President Obama, tweeting after the speech.' (epigraphs,
# quote round-ups, fact checks): a name, then at most a description after a comma, and the line ends.
_DASH_LINE = re.compile(r"[ \t.,;]*(?:\n[ \t\xa0]*){0,2}[-–—―][ \t\xa0]*(?P<name>[A-Z][^,\n\"“”«»()]{0,60}?)"
                        r"[ \t\xa0.]*(?:\([^()\n]{1,20}\))?[ \t\xa0.]*(?:,[^\n\"“”«»]{1,120})?[ \t\xa0]*(?:\n|$)")
_NAME_GLUE = frozenset("of de del la le van von da du al bin and".split())
# "...." Perhaps, he said, this "..."; "...." To which she said: the pronoun right before the verb is its subject
# alone, the words before it open the sentence.
_OPENER_PRONOUN = re.compile(r"^.*\W[ \t]*(?P<pronoun>(?i:he|she|they))$", re.S)
# "according to X" after a quote names who said it.
_AFTER_ACCORDING = re.compile(rf"^[\s,.!?;:—–-]*(?P<verb>{ACCORDING})[ \t]+(?P<who>[^,.;\n]{{1,90}})", re.I)


def with_description(text: str, end: int, who: str) -> str:
    """``who`` with the description that follows it at ``text[end:]``, if any."""
    m = _APPOSITIVE.match(text, end)
    return f"{who}, {m.group('desc')}" if m else who


def after(text: str, attributive: bool = False) -> tuple[str | None, str | None, bool]:
    """(mention, cue, name-comes-first) from the text right after a quote; ``attributive`` when the quote
    closed on a comma, which in news style announces who said it."""
    # "He can assert it, but it is unlikely" that Sanders can catch Clinton, said X: the sentence runs on.
    m = _LATER_VERB_FIRST.match(text) if _RUNS_ON.match(text) else None
    if m and (runs(m.group("who")) or _speaker_words(m.group("who").strip())):
        return with_description(text, m.end(), m.group("who")), m.group("verb").lower(), True
    found = _after_cue(text)
    if found[0] is None and attributive:
        found = _after_any_verb(text)
    if found[0] is None:
        # "Many would consider that an embarrassment" if she lost, said David Wasserman: later in the sentence.
        m = _LATER_VERB_FIRST.match(text)
        if m and (runs(m.group("who")) or _speaker_words(m.group("who").strip())):
            return m.group("who"), m.group("verb").lower(), True
    return found


def dash_attribution(text: str, end: int) -> str | None:
    """The name of a dash attribution right after a quote whose marks close at ``text[end]`` (_DASH_LINE), or
    None: only a run of capitalised words, so that a dash that carries a sentence on is no speaker."""
    m = _DASH_LINE.match(text, end)
    if m is None:
        return None
    name = m.group("name").rstrip(" .")
    words = name.split()
    if not 1 <= len(words) <= 6 or not all(w[:1].isupper() or w in _NAME_GLUE for w in words) or not runs(name):
        return None
    return name


def _after_any_verb(text: str) -> tuple[str | None, str | None, bool]:
    """A verb outside the cue tables after a quote that closed on a comma ("...," exhorted X; "...," X riffed)."""
    m = _ANY_VERB_FIRST.match(text)
    if m and runs(m.group("who")):
        return with_description(text, m.end(), m.group("who")), m.group("verb").lower(), True
    m = _ANY_SUBJECT_FIRST.match(text)
    if m and (runs(m.group("who")) or _speaker_words(m.group("who").strip())):
        return m.group("who"), m.group("verb").lower(), False
    return None, None, False


def _after_cue(text: str) -> tuple[str | None, str | None, bool]:
    """(mention, cue, name-comes-first) from a reporting verb of the cue tables right after a quote."""
    m = _AFTER_VERB_FIRST.match(text)
    if m and (runs(m.group("who")) or _speaker_words(m.group("who").strip())):
        verb = m.group("verb").lower()  # "говорится в заявлении Ким Чен Ына": a genitive
        who = nominative(m.group("who")) if verb in GENITIVE_CUES else with_description(text, m.end(), m.group("who"))
        return who, verb, True
    m = _AFTER_ACCORDING.match(text)
    if m:
        return nominative(m.group("who")), m.group("verb").lower(), True
    m = _AFTER_SUBJECT_FIRST.match(text)
    if m:
        who = m.group("who").strip(" ,")
        if _RUNS_ON_WORD.match(who):  # '"mob mentality" fostered by Trump and others, the groups say': after a comma
            who = who.rpartition(", ")[2] if ", " in who else ""
            if _NEW_CLAUSE.match(who):  # '"glow in the dark," for instance, and Trump vowed': a clause of its own
                who = ""
        if p := _OPENER_PRONOUN.match(who):
            who = p.group("pronoun")
        if runs(who) or _speaker_words(who) or ROLE.search(who):
            return who, m.group("verb").lower(), False
    return None, None, False


def _speaker_words(who: str) -> bool:
    """A pronoun or a short description can be who spoke ("she", "the businessman")."""
    return who.lower() in PRONOUNS or is_nominal(who)


def is_nominal(who: str) -> bool:
    """A short description that names no one ("the businessman", "a campaign aide")."""
    return _NOMINAL.match(who) is not None
