"""The subject of a sentence as the speaker of a quote or of reported speech: "according to X", the subject of the
reporting verb before a quote ("Harlan Dorsey, a professor at Ohio State, said"), of a participle ("..., saying"),
the noun phrase a sentence opens with, and a name's description after a comma (speakers.py resolves them)."""

from __future__ import annotations

import re

from corpus_cli.extract import speaker_clauses as sc
from corpus_cli.extract.cues import ACCORDING, AUXILIARIES, PRONOUNS, VERBS
from corpus_cli.extract.declension import nominative
from corpus_cli.extract.names import NOT_NAMES, is_role_run, runs
from corpus_cli.extract.roles import ROLE, TITLES
from corpus_cli.extract.speaker_after import is_nominal
from corpus_cli.gazetteer import Gazetteer

_VERB = re.compile(rf"\b(?:{VERBS})\b")
_NOT_DESCRIPTION = frozenset("""in on at during after before speaking while when as who which whose adding saying
according told wrote also though however and but or said says added""".split())
_ACCORDING = re.compile(rf"\b(?P<verb>{ACCORDING})[ \t]+(?P<who>[^,.;\n]{{1,90}}?)(?:,|$)", re.I)
# The subject of the sentence before a quote (subject_before, _leading_np).
_THAT = re.compile(r"\s+that\b")
_ADVERB_END = re.compile(rf"(?:\s+(?:{AUXILIARIES}|afterwards|subsequently))+$")
LABEL_START = re.compile(r"^(?:\w+:\s+)")
_CLAUSE_BREAK = re.compile(r",\s+|\s+(?:while|and|but|as|after|when)\s+")
_SCENE = r"(?:In|On|At|After|Before|Last|This)\b[^,]{0,60}"
_SCENE_OPENER = re.compile(rf"^{_SCENE},\s*")
_QUOTE_OPENER = re.compile(rf"^(?:{_SCENE}|{sc.PARTICIPLE}),\s*")  # a quotation's: past a participle clause too
# Scene-setting phrases before a sentence's subject ("On Thursday, after remaining neutral, Warren appeared").
_OPENER = (r"(?i:in|on|at|after|before|during|when|while|last|this|earlier|later|since|speaking|recalling|as|asked|"
           r"meanwhile|still|instead)\b[^,]{0,80}")
OPENERS = re.compile(rf"^(?:(?:{_OPENER}|{sc.PARTICIPLE}),\s*)+")
_PLAINOPENERS = re.compile(rf"^(?:{_OPENER},\s*)+")  # no participle: reported speech reads sentence_subject
DETERMINERS = frozenset("the a an his her their its one another".split())
_LINK_VERBS = frozenset("is was has had will would says wants thinks believes".split())
_RELATIVE_START = re.compile(r"^(?:whom|which|that)\s+(?=\w+$)", re.I)
# A name, then a relative clause about it ("Katie Packer, who is chairman of Our Principles PAC").
_WHO_CLAUSE = re.compile(r"^(?P<name>[^,]+(?:,[ \t][^,]+)*?),[ \t]+(?P<desc>(?:who|whose)[ \t]+[a-z].*)$", re.S)
_NP_GLUE = {"of", "from", "for", "the", "at", "in", "to", "a", "an", "and"}


def subject_before(prefix: str) -> tuple[str | None, str | None]:
    """(speaker mention, cue) from the part of a sentence before a quote."""
    m = _ACCORDING.search(prefix)
    if m:  # "за словами Олени Білик": the name stands in the genitive
        return nominative(m.group("who")), m.group("verb").lower()
    # A verb that opens a "that" clause holding the quote ("She added that the US continues "...") wins
    # over verbs inside that clause.
    verbs = sc.main_clause_verbs(prefix, list(_VERB.finditer(prefix)))
    verb = next((v for v in verbs if _THAT.match(prefix, v.end())), verbs[-1] if verbs else None)
    if verb is None:
        return None, None
    if verb.group().endswith("ing"):
        return _participle_subject(prefix, verb, verbs), verb.group().lower()
    if (who := sc.inverted(prefix, verb)) is not None:
        return who, verb.group().lower()
    who = clause_subject(prefix[: verb.start()], quoted=True)
    # "It's become such a presence that ...", "But, ...": a lone function word names no speaker.
    lone = who is not None and " " not in who.strip() and who.lower() not in PRONOUNS
    return (None if lone and re.split(r"[’']", who.strip(" ,.;:"))[0].lower() in NOT_NAMES else who), verb.group().lower()


def _participle_subject(prefix: str, verb: re.Match, verbs: list[re.Match]) -> str | None:
    """Who a participle cue belongs to: the subject of a reporting verb before it ("Nefzi said, adding, "...")
    or the sentence's subject after its scene-setting openers ("At the debate, Sanders compared ..., saying")."""
    # A verb inside the clause the sentence opens with ("Continuing to explain his view, Carson rejected ...,
    # saying") is not the main clause's.
    opened = len(prefix) - len(OPENERS.sub("", prefix.lstrip()))
    finite = [v for v in verbs if opened <= v.start() < verb.start() and not v.group().endswith("ing")]
    if finite:
        return clause_subject(prefix[: finite[-1].start()], quoted=True)
    # "Here in Columbia, Sanders stepped up his emphasis ..., saying": the nearest clause that opens with a
    # subject and its verb.
    for clause in reversed(prefix[: verb.start()].split(", ")):
        words = clause.split()
        np = leading_np(clause)
        if np and len(words) > len(np.split()) and words[len(np.split())][:1].islower() and len(words) > 2:
            # "Republican presidential candidate Donald Trump took to Twitter, writing": the name the words describe.
            return sc.described(clause, np)
    body = OPENERS.sub("", LABEL_START.sub("", prefix.strip()))
    first = body.split(maxsplit=1)[0] if body else ""
    return first if first.lower() in PRONOUNS else leading_np(body)


def clause_subject(head: str, quoted: bool = False) -> str | None:
    """The subject of the clause that ``head`` (the words before a reporting verb) ends with; ``quoted`` for a
    verb that introduces a quotation (its subject may carry a description, or be the sentence's)."""
    scene = _QUOTE_OPENER if quoted else _SCENE_OPENER
    whole = _ADVERB_END.sub("", head.rstrip())
    head = whole[max(map(whole.rfind, "\"”“")) + 1 :]  # "Absolutely not," Clinton responded: after the quote
    head = LABEL_START.sub("", head)  # "Details: She added ..."
    # The clause the verb belongs to: after the last comma or conjunction before it; but a comma right before
    # the verb closes an insertion ("Clinton, during a town hall in Columbus, Ohio, said"): the subject opens it.
    if (named := sc.description_then_name(head)) is not None:
        return f"{named[1]}, {named[0]}"  # "Carter's press secretary, Peter Cook, said": the name, described
    parts = _CLAUSE_BREAK.split(scene.sub("", head))
    if quoted and head.endswith(",") and len(parts) > 1 and runs(parts[0]):
        # "Harlan Dorsey, a professor at Ohio State, said": the name with its description.
        name, desc = appositive(scene.sub("", head).strip(" ,"), None)
        if desc is not None and len(name.split()) <= 6:
            # A relative clause, commas and all ("Marco Rubio, whose hometown, Miami, is ..., argues"): the name.
            return name if desc.startswith(("who ", "whose ")) else f"{name}, {desc}"
    if quoted and head.endswith(",") and (inserted := sc.before_insertion(scene.sub("", head).split(", "))) is not None:
        return inserted
    clause = (parts[0] if head.endswith(",") and len(parts) > 1 and runs(parts[0]) else parts[-1]).strip()
    clause = scene.sub("", clause)
    clause = sc.CONJUNCTION_START.sub("", clause)
    clause = _RELATIVE_START.sub("", clause)  # "Clinton, whom he called": he
    if not clause or clause.lower() in PRONOUNS:
        return clause or None
    # "X met the mayors, but (later) told them", "Clinton, exasperated, famously responded", "Trump bemoaned the
    # unrest in Charlotte and said": the verb shares the sentence's subject.
    coordinated = sc.coordinated(clause, _VERB)
    if quoted and (coordinated or not any(w[:1].isupper() for w in clause.split())) and not is_nominal(clause):
        # "Eight years ago, he supported Obama and said": a coordinated clause's own subject first.
        # Past a participle clause too ("Appearing before supporters, Suu Kyi said ... but added").
        subject = (sentence_subject(clause) if coordinated else None) or sentence_subject(OPENERS.sub("", head.lstrip()))
        if subject is None and len(head) < len(whole) and (coordinated or head.split() in ([], ["and"], ["but"])):
            # "X issued a statement saying "..." and said": the subject opens the sentence, before the quotation.
            subject = sentence_subject(OPENERS.sub("", whole.lstrip()))
        if subject is not None:
            return subject
    if quoted and (sub := sc.subordinate_subject(clause)) is not None:
        return sub
    if len(clause.split()) > 12:
        return None
    return clause


def sentence_subject(prefix: str) -> str | None:
    """The subject a sentence opens with, after its scene-setting openers: a pronoun, a described person up to
    the first verb-like word ("His chief strategist emailed ..."), or a name ("Paul Ryan worried that ...")."""
    body = _PLAINOPENERS.sub("", LABEL_START.sub("", prefix.strip()))
    words = body.split()
    if not words:
        return None
    if words[0].lower() in PRONOUNS:
        return words[0]
    if words[0].lower() in DETERMINERS:
        for k, w in enumerate(words[1:7], 1):
            if w[:1].islower() and (w.endswith("ed") or w in _LINK_VERBS or _VERB.fullmatch(w)):
                return " ".join(words[:k]) if k > 1 else None
            if not w[-1:].isalnum():
                return None
        return None
    return leading_np(body)


def leading_np(sentence: str) -> str | None:
    """The noun phrase a sentence starts with, up to its first lower-case word that is not a connector
    or a role noun ("A spokesperson from the US Department of State"), read through the dot of a title or an
    initial ("Texas Sen. Ted Cruz", "Michael J. Petrilli") rather than cut there."""
    sentence = LABEL_START.sub("", sentence.strip())
    out: list[str] = []
    for w in sentence.split():
        bare = w.strip(",.;:")
        if bare[:1].isupper() or bare.lower() in _NP_GLUE or ROLE.fullmatch(bare):
            if w == bare + "." and len(bare) <= 4 and (bare.lower() in TITLES or bare.isupper()):
                out.append(w)
                continue
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


def appositive(mention: str, gaz: Gazetteer | None) -> tuple[str, str | None]:
    """(name, description) of a speaker mention that describes them after a comma ("Jaime Harrison, chair of
    the South Carolina Democratic Party"), or (mention, None)."""
    if (named := sc.described_name(mention)) is not None:
        return named  # "Carter's press secretary, Peter Cook": the name after its description
    if (who := _WHO_CLAUSE.match(mention)) is not None:
        # "Trent Lott, who was majority leader under George W. Bush": Trent Lott, whom the clause describes (not a
        # name in it); "Of Carson, Levine, who ...": past an opening phrase. A description is left as it was.
        at = 0
        for part in who.group("name").split(", "):
            if part.split()[0].lower() not in _NOT_DESCRIPTION | {"of"}:
                if runs(part) and part[:1].isupper() and not is_nominal(part) and not is_role_run(part, gaz):
                    return part, mention[at + len(part) + 2 :]
                break
            at += len(part) + 2
    name, sep, desc = mention.partition(", ")
    desc = desc.strip(" ,")
    if (not sep or not desc or not runs(name) or is_role_run(name, gaz) or is_nominal(name)
            or name.split()[0].lower() in _NOT_DESCRIPTION):
        return mention, None
    words = desc.split()
    first = words[0].lower()
    if first in _NOT_DESCRIPTION or not (first in ("a", "an", "the") or first.endswith(("’s", "'s"))
                                         or ROLE.search(" ".join(words[:5])) or first.strip(".,") in TITLES):
        return mention, None
    return name, desc
