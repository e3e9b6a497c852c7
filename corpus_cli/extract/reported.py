"""Reported speech: what someone said without quotation marks, as quotes of kind ``indirect``.

One sentence at a time, a sentence holding no quotation marks: "X said (that) ...", "X told Y (that) ...",
"X has argued ...", "..., X said.", "..., said X.", "According to X, ..." and "..., according to X." The text is
the reported content; the speaker mention is the subject before the verb, resolved as for quotes.
"""

from __future__ import annotations

import re

from corpus_cli.extract import speakers as sp
from corpus_cli.extract.cues import AUXILIARIES, INDIRECT_VERBS, PRONOUNS
from corpus_cli.extract.names import runs
from corpus_cli.extract.roles import ROLE

# Words a clause's subject does not start with: prepositions and conjunctions ("By the time ...", "While ...").
NOT_SUBJECT_STARTS = frozenset("""
by while as if when though although because since after before until in on at for with from to during of and but or
so yet what how why where which who whom whose
""".split())

_VERB = re.compile(rf"\b(?:(?:{AUXILIARIES})\s+)*(?P<verb>{INDIRECT_VERBS})\b")
# After the verb: a time or place ("on Monday", "in a statement") and "that" before the content.
_LEAD_IN = re.compile(r"^(?:\s*,)?(?:\s+(?:on|last|this|in|at|during|late|early|earlier)\b[^,;]{0,40}?)??\s+that\s+"
                      r"|^(?:\s+(?:on|last|this)\s+(?:\w+day|week|month|year|morning|night|evening))?,?\s+")
# "told reporters (that)", "told CNN he": the person told.
_TOLD_OBJECT = re.compile(r"^\s+(?:him|her|them|us|me|reporters|journalists|supporters|the\s+\w+|[A-Z][\w.’'&-]*"
                          r"(?:\s+[A-Z][\w.’'&-]*){0,3})(?:\s+(?:on|in|at|last|this)\b[^,;]{0,30}?)?(?:\s+that\b)?")
_TAIL = re.compile(rf",\s+(?:(?P<who>[^,]{{1,80}}?)(?:,\s+[^,]{{1,100}},)?\s+(?:(?:{AUXILIARIES})\s+)*"
                   rf"(?P<verb>{INDIRECT_VERBS})|(?P<verb2>said|says|added|wrote|argued|noted|explained)\s+"
                   r"(?P<who2>[^,]{1,80}?))(?:,[^,]{0,120}|\s+[^,]{0,50})?\.?$")
_ACCORDING_HEAD = re.compile(r"^According to\s+(?P<who>[^,]{1,80}),\s+")
_ACCORDING_TAIL = re.compile(r",\s+according to\s+(?P<who>[^,]{1,80}?)\.?$")
_QUOTE_MARKS = re.compile(r"[\"“”«»]|''")
# A reported clause ends before ", which ...", ", adding ...", a dash or a semicolon.
_CLAUSE_CUT = re.compile(r",\s+(?:which|who|when|where|while|whereas|although|though|but|adding|saying|including|"
                         r"according|as|even as|in a|in an)\b|\s[—–-]\s|;|\s\(")
# "..., saying (that) ...": the sentence's subject said it.
_PARTICIPLE = re.compile(r",\s+(?P<verb>saying|arguing|adding|noting|claiming|insisting|warning|explaining|"
                         r"suggesting|stating|contending|asserting)\s+(?:that\s+)?")
_WORD = re.compile(r"\w+")


_POSSESSIVES = frozenset("his her their its our".split())
# Words that make a would-be subject a clause.
_VERB_WORDS = frozenset("had has have was were is are to would will could can did does do be been being not".split())
# Words a reported clause does not open with ("Manafort said was in the works": the subject is elsewhere).
_NOT_CLAUSE_OPENERS = frozenset("was is were are would will had has have been during".split())


def plausible_speaker(who: str | None) -> bool:
    """A name, a pronoun or a short description, not a clause ("By the time those primaries")."""
    if not who:
        return False
    w = who.strip(" ,")
    if w.lower() in PRONOUNS:
        return True
    words = w.split()
    if not 1 <= len(words) <= 8 or words[0].lower() in NOT_SUBJECT_STARTS or words[-1].endswith("ly"):
        return False
    if any(x.lower() in _VERB_WORDS or x.endswith("ly") for x in words):
        return False  # a clause, not a noun phrase ("Lewandowski had little to")
    # "aides say", "security specialists say", "his campaign said": a group or a body.
    bare = len(words) <= 5 and all(x.isalpha() for x in words) and (words[-1].endswith("s") or ROLE.fullmatch(words[-1])
                                                                     or words[0].lower() in _POSSESSIVES)
    return sp.is_nominal(w) or bool(runs(w)) or bare


def _content(text: str) -> str | None:
    text = text.strip().rstrip(".").strip()
    return text if len(_WORD.findall(text)) >= 3 else None


def _clause_end(sentence: str, start: int, end: int) -> int:
    """Where the reported clause from ``start`` ends: before a trailing relative or participle clause."""
    m = _CLAUSE_CUT.search(sentence, start, end)
    return m.start() if m and len(_WORD.findall(sentence[start : m.start()])) >= 3 else end


def _opens_clause(text: str) -> bool:
    """Content after a verb without "that" opens a clause: "said he would", not "said in an interview"."""
    first = text.split(None, 1)[0] if text.strip() else ""
    return first.lower().strip(",") not in _NOT_CLAUSE_OPENERS


def _after_verb(sentence: str, m: re.Match) -> tuple[int, int] | None:
    """Where the reported content after the verb ``m`` stands in ``sentence``."""
    rest = m.end()
    if m.group("verb") in ("told", "tells", "tell", "assured", "reminded"):
        obj = _TOLD_OBJECT.match(sentence, rest)
        if obj is None:
            return None
        rest = obj.end()
    lead = _LEAD_IN.match(sentence[rest:])
    start = rest + (lead.end() if lead else 0)
    if start >= len(sentence) or not (sentence[start].isalpha() or sentence[start] == "$"):
        return None
    if not (lead and "that" in lead.group()) and not _opens_clause(sentence[start:]):
        return None
    return start, _clause_end(sentence, start, len(sentence.rstrip().rstrip(".")))


def find_reported(sentence: str, quote_follows: bool = False) -> tuple[str, str, int, int] | None:
    """(speaker mention, cue, content start, content end) of one sentence's reported speech, or None.
    ``quote_follows``: the sentence went on with a quote, so content that runs up to it is part of a
    partial quote's sentence, not reported speech of its own."""
    mark = _QUOTE_MARKS.search(sentence)
    if mark:
        sentence, quote_follows = sentence[: mark.start()], True  # quoted words are the quote extractor's
    found = _find(sentence)
    if found and quote_follows and not sentence[found[3]:].strip(" ,.;:—–-"):
        return None
    return found


def _find(sentence: str) -> tuple[str, str, int, int] | None:
    m = _ACCORDING_HEAD.match(sentence)
    if m and _content(sentence[m.end():]):
        return m.group("who"), "according to", m.end(), len(sentence.rstrip().rstrip("."))
    m = _ACCORDING_TAIL.search(sentence)
    if m and _content(sentence[: m.start()]):
        return m.group("who"), "according to", 0, m.start()
    for m in _VERB.finditer(sentence):
        who = sp.clause_subject(sentence[: m.start()])
        if not plausible_speaker(who):
            continue
        span = _after_verb(sentence, m)
        if span and _content(sentence[span[0]: span[1]]):
            return who, m.group("verb").lower(), span[0], span[1]
        break  # the first reporting verb with a subject decides
    m = _PARTICIPLE.search(sentence)
    if m:
        who = sp.leading_np(sentence[: m.start()])
        end = _clause_end(sentence, m.end(), len(sentence.rstrip().rstrip(".")))
        if plausible_speaker(who) and _content(sentence[m.end() : end]):
            return who, m.group("verb"), m.end(), end
    m = _TAIL.search(sentence)
    if m:
        who = m.group("who") or m.group("who2")
        if plausible_speaker(who) and _content(sentence[: m.start()]):
            return who, (m.group("verb") or m.group("verb2")).lower(), 0, m.start()
    return None
