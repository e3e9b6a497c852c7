"""Where the subject of a reporting verb stands when it is not the words right before it (#26): after the verb
('"...," said the Ohio senator, "..."'), a passive's agent ("was asked by moderator Gerard Baker whether"), before
a clause or description inserted ahead of the verb ("Brandt, who has given money to both parties, said"), in a
subordinate clause ("so heated that Gov. Mara Lindqvist said"), or the clause's own subject when the verb is the
second of two ("... issued a statement and said"). speakers.subject_before reads a quotation's speaker with these."""

from __future__ import annotations

import re

from corpus_cli.extract.cues import AUXILIARIES, CIRCUMSTANCE_WORDS, DETERMINERS, NAME_DOTS, PRONOUNS, VERBS
from corpus_cli.extract.names import runs
from corpus_cli.extract.roles import PERSON_ROLES, TITLES
from corpus_cli.extract.speaker_after import is_nominal

_INVERTED_SUBJECT = re.compile(rf"[ \t]+(?P<who>(?:\b(?:{NAME_DOTS})\.|[^,.;:\"“”\n]){{2,80}}?)[ \t]*,[ \t]*$")
_PASSIVE_END = re.compile(r"\b(?:was|were|is|are|been|being)$")
# The subject of a verb in a relative clause before a quote ("through what she calls "..."", "a move, one he calls",
# "which historian John Baick calls"): the words after the relative word, not the sentence's opening.
_RELATIVE_SUBJECT = re.compile(r"\b(?:what|which|one)[ \t]+(?P<who>(?:(?!\b(?:what|which|one)\b)[^,;:\"“”\n]){1,80})$")
# A passive's agent, up to what it asked or told ("asked by Fox Business moderator Gerard Baker whether ...").
_AGENT = re.compile(rf"[ \t]+by[ \t]+(?P<who>(?:\b(?:{NAME_DOTS})\.|[^,;:\"“”\n]){{2,80}}?)"
                    r"(?=[ \t]+(?:whether|that|if|to|about|for|on|in|at|during|why|how|what)\b|[,;:\"“”\n]|$)")
# What opens a clause or description inserted between a subject and its verb: a lower-case word or a number
# ("who has given money to ...", "a professor at ...", "55", "speaking to reporters").
INSERTION = re.compile(r"^\s*(?:[a-z]|\d)")
CONJUNCTION_START = re.compile(r"^(?:while|and|but|as|after|when|whereas)\s+", re.I)
_NAME_AT_END = re.compile(rf"(?:^|[\s(])(?P<np>(?:\b(?:{NAME_DOTS})\.\s+)?[A-Z][\w’'-]*(?:\s+(?:\b(?:{NAME_DOTS})\.|"
                          rf"[A-Z][\w’'.-]*)){{0,4}})$")
_SUBORDINATE_SUBJECT = re.compile(rf"\s(?:that|when|because|so|while|where|until|since|though|although)\s+"
                                  rf"(?P<np>(?:(?:\b(?:{NAME_DOTS})\.|[A-Z][\w’'-]*)\s+){{0,5}}[A-Z][\w’'-]*)$")
# A participle clause before the subject ("Appearing before supporters at the party's headquarters, Suu Kyi said"):
# a capitalised word in -ing with words after it, none of them the verb or auxiliary of a name ("Manning was").
PARTICIPLE = rf"[A-Z][a-z]{{2,}}ing[ \t]+(?!(?:{VERBS}|{AUXILIARIES})\b)[^,]{{0,80}}"
_AND_END = re.compile(r"\s(?:and|but)$")
# A sentence that opens with a subordinate clause ("After Trump argued that ..., Rubio said"): its verbs are not
# the main clause's.
_CLAUSE_COMMA = re.compile(r",[\"”’']?\s")
_SUBORDINATE_START = re.compile(r"^\s*(?:After|When|While|Before|As|Since|Although|Though|Because|If|Once|Until)\b")
# Words that describe the name after them ("Republican presidential candidate Donald Trump", "Band member Flea").
_DESCRIBED_NAME = re.compile(r"(?:[ \t]+[a-z][\w-]*){0,2}[ \t]+(?P<role>[a-z][\w-]*)(?:[ \t]+[A-Z][\w’'-]*)+(?=[ \t]+[a-z])")
_ROLE_THEN_NAME = re.compile(r"(?:[ \t]+[a-z][\w-]*){0,2}?[ \t]+(?P<role>[a-z][\w-]*)[ \t]+"
                             r"(?P<name>[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z]\.|[A-Z][\w’'-]*))*)")
_ROLE_WORDS = frozenset(w.lower() for w in TITLES | PERSON_ROLES) | frozenset(
    "candidate nominee front-runner frontrunner hopeful member host moderator challenger incumbent".split())
# Words a description of a person may open with ("a spokeswoman", "One of his advisers", "Another Clinton ally").
_DESCRIPTION_START = DETERMINERS | frozenset("another one some both".split())
# Nouns of time: "Last week, President Obama, speaking ..." opens with a circumstance, not a description.
_TIME_NOUNS = frozenset("week weeks weekend year years month months day days night morning afternoon evening time".split())
_POSSESSIVE = re.compile(r"\w(?:'s|’s|s'|s’)$")


def inverted(prefix: str, verb: re.Match) -> str | None:
    """The subject after its verb, between a quote's parts or after an opener ("...," said the Florida senator,
    "..."; "But, said Solovey, "..."), a passive's agent ("Rubio was asked by moderator Gerard Baker whether
    "..."), or a relative clause's ("what she calls "...""), else None."""
    head = prefix[: verb.start()].rstrip()
    if (rel := _RELATIVE_SUBJECT.search(head)) is not None:
        who = rel.group("who")
        if who.lower() in PRONOUNS or who.lower() == "it" or who[:1].isupper() or is_nominal(who):
            return who
    if _PASSIVE_END.search(head) and (by := _AGENT.match(prefix, verb.end())):
        return (runs(by.group("who")) or [None])[-1]
    m = _INVERTED_SUBJECT.match(prefix, verb.end())
    if m is None or not (not head or head.endswith(('"', "”")) or re.fullmatch(r"[A-Z]\w+,", head)):
        return None
    who = m.group("who")
    return who if runs(who) or is_nominal(who) or who.lower() in PRONOUNS else None


def before_insertion(parts: list[str]) -> str | None:
    """The name or pronoun right before the last inserted clause or description that ends at the verb (``parts``:
    the words before it split at commas; "Of Carson, Levine, who has given money to Marco Rubio, said": Levine)."""
    for k in range(len(parts) - 2, -1, -1):
        if INSERTION.match(parts[k + 1]):
            part = CONJUNCTION_START.sub("", parts[k].strip())
            if part.lower() in PRONOUNS or (runs(part) and part[:1].isupper() and len(part.split()) <= 6):
                return part
            # "... for what it is (Raphael Lemkin, who coined the word, said": the name the part ends with.
            end = _NAME_AT_END.search(part)
            return end.group("np") if end and runs(end.group("np")) else None
    return None


def description_then_name(head: str) -> tuple[str, str] | None:
    """(name, description) when the words before a verb end with a description of a person and then the name it
    describes, each closed by a comma ("Carter's press secretary, Peter Cook,"; "a spokeswoman, Anna White,"),
    else None. The name is the speaker; the description is theirs, not a speaker of its own."""
    pieces = head.rstrip().split(", ")
    if len(pieces) < 2 or not pieces[-1].endswith(","):
        return None
    name, desc = pieces[-1].rstrip(",").strip(), CONJUNCTION_START.sub("", pieces[-2].strip())
    if len(pieces) > 2 and runs(pieces[-3].strip()) == [pieces[-3].strip()]:
        return None  # "Laurie Guzzinati, a spokeswoman for the parent company, Mondelez International,": hers
    words, tokens = desc.split(), name.split()
    if not (2 <= len(tokens) <= 5 and runs(name) == [name] and tokens[0].lower() not in PRONOUNS
            and not is_nominal(name)) or not 1 <= len(words) <= 10:
        return None
    first, last = words[0].lower(), words[-1]
    head_noun = last.isalpha() and last.lower() not in _TIME_NOUNS and (last.islower() or last.lower() in _ROLE_WORDS)
    opens = first in _DESCRIPTION_START or any(_POSSESSIVE.search(w) for w in words) or last.lower() in _ROLE_WORDS
    if not head_noun or not opens or first in CIRCUMSTANCE_WORDS or len(words) == 1 and not last.islower():
        return None
    return name, desc


def described_name(mention: str) -> tuple[str, str] | None:
    """description_then_name of a whole speaker mention ("Carter's press secretary, Peter Cook")."""
    return description_then_name(mention.rstrip(" ,") + ",")


def subordinate_subject(clause: str) -> str | None:
    """The name a subordinate clause ending the words before the verb opens with ("... so heated that New Jersey
    Gov. Chris Christie"), or None."""
    sub = _SUBORDINATE_SUBJECT.search(clause)
    return sub.group("np") if sub is not None and runs(sub.group("np")) else None


def coordinated(clause: str, verbs: re.Pattern) -> bool:
    """Whether the verb is the second of two joined by "and" or "but" ("bemoaned the unrest in Charlotte and
    said"), not an inverted subject ("said an official who ... and described")."""
    return clause[:1].islower() and _AND_END.search(clause) is not None and not verbs.match(clause)


def described(clause: str, np: str) -> str:
    """``np``, the words a clause opens with, and the name that role words after it describe ("Republican" +
    " presidential candidate Donald Trump"), else ``np``."""
    m = _DESCRIBED_NAME.match(clause, len(clause) - len(clause.lstrip()) + len(np))
    return np + m.group() if m and m.group("role") in _ROLE_WORDS else np


def role_named(sentence: str, np: str) -> str | None:
    """The name that role words after ``np``, the words ``sentence`` opens with, describe ("Democratic"
    + " front-runner Hillary Clinton, also campaigning ..."), or None."""
    if not sentence.startswith(np):
        return None
    m = _ROLE_THEN_NAME.match(sentence, len(np))
    return m.group("name") if m and m.group("role") in _ROLE_WORDS else None


def main_clause_verbs(prefix: str, verbs: list[re.Match]) -> list[re.Match]:
    """The reporting verbs of a sentence's main clause: after the comma that closes an opening subordinate clause
    ("After Scalia said that ..., Trump said:"), or all of them."""
    if not verbs or not _SUBORDINATE_START.match(prefix):
        return verbs
    cut = _CLAUSE_COMMA.search(prefix)
    if cut is None or verbs[0].end() > cut.start():
        return verbs  # "After the victories of ..., "..." Law said": the first comma closes no verb's clause
    main = [v for v in verbs if v.start() > cut.start()]
    # "When Trump suggested that ..., Rubio fired back forcefully:": the colon is the main clause's, whose subject
    # speaks without a reporting verb; else the quote may stand in the opening clause ("When X said, at ..., that").
    return main if main or prefix.rstrip().endswith(":") else verbs
