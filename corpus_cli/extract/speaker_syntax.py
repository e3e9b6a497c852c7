"""Where a candidate speaker stands against the reporting verb (#26): the verb's subject, its object or listener,
inside a prepositional phrase, or a run of time and place words. The model (speaker_model.py) weighs these facts;
they are read from the quotations-blanked text around the mention, no parser."""

from __future__ import annotations

import re

from corpus_cli.extract.cues import AUXILIARIES

_PLACE_PREPS = frozenset("at in on from near during since after before into outside inside across".split())
_LISTENER_VERBS = frozenset("told tells telling asked asks urged pressed assured accused blamed praised".split())
# Lower-case words ending like verbs that are not verbs ("this", "has"): the word before an object.
_NOT_VERBS = frozenset("""this his its was has is as us does thus always perhaps was news less unless various
    previous famous serious numerous yes its whereas needs""".split())
_TIME_PLACE = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
                         r"April|June|July|August|September|October|November|December|University|College|County|"
                         r"Center|Centre|Street|Hall|Hotel|Airport|Park|Square|Church|School|Arena|Convention|"
                         r"Beach|Island|Valley|Avenue|Road)\b")
_TOKEN = re.compile(r"[\w’']+|[,:;()—–]")
_BOUNDARY = frozenset(",;:()—–") | frozenset(("that", "who", "which", "when", "while", "because", "and", "but"))
_CLAUSE_OPENERS = frozenset(("while", "whereas", "but"))
_AUX = frozenset(AUXILIARIES.split("|"))


def static(before: str, mention: str, after: str, verbs: frozenset) -> list[str]:
    """Facts of a mention that hold whatever the quote: the word before it (a place preposition, a verb it is the
    object of, a listener's verb), a run of time or place words, a dateline in capitals."""
    out = []
    if before in _PLACE_PREPS:
        out.append("syn=prep")
    elif before in _LISTENER_VERBS:
        out.append("syn=listener")
    elif before == "to" or before == "with":
        out.append("syn=to")
    elif (before.isalpha() and before.islower() and before not in verbs and before not in _NOT_VERBS
          and len(before) > 3 and before.endswith(("s", "ed"))):
        out.append("syn=object")  # "calls Cruz", "attacked Clinton": the verb is not one of speaking
    if _TIME_PLACE.search(mention):
        out.append("syn=time_place")
    if len(mention) > 3 and mention.isupper() and after in ("—", "–", "(", ","):
        out.append("syn=dateline")
    return out


def placed(between: str, before: bool, verbs: frozenset) -> list[str]:
    """Facts of a mention in the quote's own sentence against the reporting verb between it and the quote:
    before the quote, the verb's subject (next to it, no clause boundary between) or a word further off, and
    whether a new clause opens between them; after the quote, the subject after an inversion ("said X") or the
    verb's object ("told X", "said to X")."""
    raw = _TOKEN.findall(between)
    toks = [t.lower() for t in raw]
    at = next((i for i, t in enumerate(toks) if t in verbs), None)
    if before:
        other = ["syn=other_clause"] if _new_clause(raw) else []
        if at is None:
            return (["syn=b_clause_verb"] if not other and _finite_next(toks) else ["syn=b_noverb"]) + other
        head = toks[:at]
        if len(head) <= 1 and not any(t in _BOUNDARY for t in head):
            return ["syn=subject"] + other
        return ["syn=b_clause" if any(t in _BOUNDARY for t in head) else "syn=b_far"] + other
    if at is None:
        return ["syn=a_noverb"]
    tail = toks[at + 1 :]
    if not tail:
        return ["syn=inverted"] if toks[at] not in _LISTENER_VERBS else ["syn=a_listener"]
    if tail == ["to"] or toks[at] in _LISTENER_VERBS:
        return ["syn=a_listener"]
    return ["syn=a_far"]


def _new_clause(raw: list[str]) -> bool:
    """A clause of its own subject opens between a mention and the quote: after a semicolon, ", while", ", but",
    ", whereas", or "and" before a capitalised word ('X accuses Y of "..." and Trump says he's "..."')."""
    for i in range(1, len(raw)):
        t, prev = raw[i].lower(), raw[i - 1]
        if t == ";" or (prev == "," and t in _CLAUSE_OPENERS):
            return True
        if t == "and" and i + 1 < len(raw) and raw[i + 1][:1].isupper():
            return True
    return False


def _finite_next(toks: list[str]) -> bool:
    """The word after a mention, past an aside between commas and auxiliaries, reads as a finite verb whose
    clause holds the quote ("Gowdy referenced a report that", "The petition accuses ... of", "Frank cites")."""
    i = 0
    if toks[:1] == [","] and "," in toks[1:9]:
        i = toks.index(",", 1) + 1  # "Mike Huckabee, the former Arkansas governor, proposed"
    while i < len(toks) and toks[i] in _AUX:
        i += 1
    w = toks[i] if i < len(toks) else ""
    return (w.isalpha() and len(w) > 3 and w not in _NOT_VERBS and w not in _BOUNDARY
            and w.endswith(("ed", "es", "ts", "ns", "ds", "ks", "rs", "ls", "ms", "ps")))
