"""Who said a quote: the speaker mention next to it (after it: speaker_after.py; before it: "according to X",
the subject of the sentence) and the actor that mention refers to. Titles are dropped ("Prime Minister Donald
Tusk" is Donald Tusk), pronouns and role descriptions ("she", "the spokesman") go to the last person named
before the quote, surnames and spelling variants to the full name used earlier, organisations and agencies
through the actor gazetteer."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from corpus_cli.extract import speaker_clauses as sc
from corpus_cli.extract.cues import ACCORDING, AUXILIARIES, PRONOUNS, VERBS
from corpus_cli.extract.cyrillic import people_first, person_tokens
from corpus_cli.extract.declension import nominative
from corpus_cli.extract.names import (
    CAP,
    NAME_RUNS_2,
    NOT_NAMES,
    POSSESSIVE,
    classify_run,
    common_word,
    drop_lower_openers,
    is_role_run,
    only_after_the,
    plural_qualified,
    run_person,
    runs,
    same_person,
)
from corpus_cli.extract.roles import ROLE, TITLES
from corpus_cli.extract.speaker_after import is_nominal
from corpus_cli.extract.speaker_gender import clashes, pronoun_gender
from corpus_cli.gazetteer import Gazetteer, name_cache
from corpus_cli.translit import latin_spellings

_VERB = re.compile(rf"\b(?:{VERBS})\b")
_NOT_DESCRIPTION = frozenset("""in on at during after before speaking while when as who which whose adding saying
according told wrote also though however and but or said says added""".split())
_ACCORDING = re.compile(rf"\b(?P<verb>{ACCORDING})[ \t]+(?P<who>[^,.;\n]{{1,90}}?)(?:,|$)", re.I)
# Speaker mentions without a name of their own (resolve).
_DEFINITE_ROLE = re.compile(r"^the\s+[\w\s-]*\b(?:representative|spokesman|spokeswoman|spokesperson|minister|official|"
                            r"diplomat|envoy|ambassador|adviser|advisor)$", re.I)
_UNNAMED_SPEAKER = re.compile(r"^(?:an?|the)\s+(?:\w+\s+){0,3}?(?:spokesperson|spokesman|spokeswoman|official|"
                              r"officials|source|sources|representative)\b", re.I)
_TWO_NAMES_AT_END = re.compile(rf"\b(?:{CAP}\w+)\s+{CAP}\w+\s*$")
# The article's own publication speaking ("the newspaper said in a statement").
_PUBLICATION = re.compile(r"^(?:the|this)\s+(?:newspaper|paper|publication|magazine|news\s+site|website)$", re.I)
# A party and state after a US politician's name, "Rep. Gwen Moore (D-Wis.)", "Mitch McConnell, R-Ky.,": blanked
# in the text the speaker is read from, so that its dots and brackets do not end the name.
_PARTY_TAG = re.compile(r"[ \t]*\((?:[DRI]|Dem|Rep|Ind)[ \t]?[-–][ \t]?[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?\)"
                        r"|,[ \t](?:[DRI])-[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?(?:,|(?=[.;]|$))")
_SPOKESPERSON = re.compile(r"^(?:the|a|an)\s+[\w\s-]*\b(?:representative|spokesman|spokeswoman|spokesperson)$", re.I)
# Sentences before a pronoun, with their quotations left out (a quotation's "We" opens no sentence).
SENTENCE_BREAK = re.compile(r"[.!?](?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)"
                             r"(?<!\b[A-Z]\.)[\"”’]?\s+|\n+")
QUOTED = re.compile(r"[“\"][^“”\"\n]*[”\"]")
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
_OPENERS = re.compile(rf"^(?:(?:{_OPENER}|{sc.PARTICIPLE}),\s*)+")
_PLAIN_OPENERS = re.compile(rf"^(?:{_OPENER},\s*)+")  # no participle: reported speech reads sentence_subject
_DETERMINERS = frozenset("the a an his her their its one another".split())
_LINK_VERBS = frozenset("is was has had will would says wants thinks believes".split())
_RELATIVE_START = re.compile(r"^(?:whom|which|that)\s+(?=\w+$)", re.I)
_NP_GLUE = {"of", "from", "for", "the", "at", "in", "to", "a", "an", "and"}


@dataclass
class State:
    """What an article has told so far: the people named, who spoke last, a "Source:" line's person."""

    persons: list[tuple[int, str]] = field(default_factory=list)  # (position, full name), outside quotes
    last_speaker: str | None = None
    last_speaker_pos: int = -1
    source_person: tuple[str, str | None] | None = None  # (name, affiliation) from a "Source:" line
    last_mention: str | None = None  # the words naming the last speaker, kept when they resolve to no actor
    publisher: str | None = None  # who "the newspaper" is: the article's publisher, known at ingest
    text: str = ""  # the article, for the sentences before a pronoun
    speaker_model: Any = None  # speaker_model.SpeakerModel ranking candidate speakers, or None for the rules alone
    memo: dict = field(default_factory=dict)  # the speaker model's word counts and resolved mentions
    pronouns: dict = field(default_factory=dict)  # (position, people named so far, gender): the person a pronoun is
    verdicts: dict = field(default_factory=dict)  # name: ({full name: whether it is the one}, words, spellings)

    def pronoun_at(self, pos: int, gaz: Gazetteer | None, gender: str | None = None) -> str | None:
        """subject_before(pos, gaz, gender), worked out once while no person is added."""
        key = (pos, len(self.persons), gender)
        if key not in self.pronouns:
            self.pronouns[key] = self.subject_before(pos, gaz, gender)
        return self.pronouns[key]

    def subject_before(self, pos: int, gaz: Gazetteer | None, gender: str | None = None) -> str | None:
        """The person a pronoun at ``pos`` refers to: the named subject of its own sentence or of one of the two
        before it ("Clinton said Wednesday that she called Sanders ... She said"), else the person named last;
        of the pronoun's ``gender`` ("m", "f") where the article tells a person's (speaker_gender)."""
        window = self.text[max(0, pos - 700) : pos]
        for k, chunk in enumerate(reversed(SENTENCE_BREAK.split(window)[-3:])):
            body = _OPENERS.sub("", QUOTED.sub(" ", chunk).lstrip(" \t,.;:—–-"))
            first = leading_np(body) if body[:1].isupper() else None
            if first is None or (k == 0 and len(first.split()) == len(body.split())):
                continue  # no named subject, or the pronoun's own sentence is only that name so far
            if (who := self._named(first, pos, gaz, gender)) is not None:
                return who
        return self.person_at(pos, gender)

    def _named(self, run: str, pos: int, gaz: Gazetteer | None, gender: str | None) -> str | None:
        """The person a sentence's leading run names for a pronoun at ``pos``, or None: read past its openers
        ("While Comey" is Comey; "The Vermont" is one word, and no one named before)."""
        described = run.split()[0].lower() in _DETERMINERS  # "The Wisconsin Republican did", "The Fort Pierce mosque"
        run = drop_lower_openers(run, self.text, self.memo)
        kind, name = classify_run(run, gaz)
        known = self.match_known(name, pos)
        if described or kind != "person" or is_role_run(run, gaz) or (known is None and len(name.split()) < 2):
            return None
        return None if clashes(gender, self.text, known or name, self.memo) else (known or name)

    def add_person(self, pos: int, name: str) -> None:
        """A person named at ``pos`` (the list stays sorted: lookups bisect it): a one-word possessive is its
        owner ("Clinton's campaign said": Clinton), and a common word no one, or a pronoun would resolve to it
        later ("Polls show ..." then "he said")."""
        if " " not in name and POSSESSIVE.search(name) and (owner := POSSESSIVE.sub("", name)):
            name = self.match_known(owner, pos) or owner  # the full name used earlier, as a surname resolves
        if not common_word(name, self.text, self.memo) and not only_after_the(name, self.text, self.memo):
            bisect.insort(self.persons, (pos, name))

    def person_at(self, pos: int, gender: str | None = None) -> str | None:
        """The person named last before ``pos`` (outside quotes); with a pronoun's ``gender``, the last of the
        five named last whom the article does not call the other way, else the last."""
        k = bisect.bisect_left(self.persons, (pos, ""))
        for j in range(k - 1, max(-1, k - 6), -1):
            if not clashes(gender, self.text, self.persons[j][1], self.memo):
                return self.persons[j][1]
        return self.persons[k - 1][1] if k else None

    def match_known(self, name: str, pos: int) -> str | None:
        """A full name used earlier for this name, surname or spelling variant: the one named last."""
        if name not in self.verdicts:
            words = name.split()
            # A surname in Cyrillic against names in Latin letters ("Тихий" is Heorhii Tykhyi): its standard spellings.
            self.verdicts[name] = ({}, words, [w.split() for w in latin_spellings(name)] if len(words) == 1 else [])
        verdicts, words, latin = self.verdicts[name]
        persons = self.persons
        for k in range(bisect.bisect_right(persons, (pos, "\U0010ffff")) - 1, -1, -1):
            person = persons[k][1]
            same = verdicts.get(person)
            if same is None:
                same = verdicts[person] = same_person(name, words, latin, person)
            if same:
                return person
        return None


def mask_party_tags(par: str) -> str:
    """``par`` with party-and-state tags blanked by as many spaces (offsets stay those of ``par``)."""
    if "-" not in par and "–" not in par:
        return par
    return _PARTY_TAG.sub(lambda m: " " * len(m.group()), par)


def _unnamed(m: str, found: list[str], gaz: Gazetteer | None) -> tuple[bool, tuple | None]:
    """How a mention that holds no name of its own or only an organisation's resolves ("the spokesman",
    "a NATO official"): (the person named last first, when there is one; the step of _plan, or None to resolve
    it by its names)."""
    if not found:
        # "the spokesman", "the Foreign Ministry representative": the person named last before the quote.
        return False, (("back", 0.6) if ROLE.search(m) else ("is", None, 0.0))
    definite = _DEFINITE_ROLE.match(m) is not None
    # "A spokesperson from the US Department of State", "a NATO official": the organisation speaks.
    if _UNNAMED_SPEAKER.match(m) and not _TWO_NAMES_AT_END.search(m):
        kind, name = classify_run(found[-1], gaz)
        if kind == "org":
            return definite, ("is", name, 0.8)
    if _SPOKESPERSON.match(m):
        return definite, ("back", 0.6)
    return definite, None


@name_cache  # mentions recur across a corpus
def _plan(m: str, gaz: Gazetteer | None, pick_first: bool) -> tuple[bool, tuple]:
    """How a mention resolves wherever it stands: where it stands enters only through the people named before it.
    (the person named last first, when there is one; a step): ("pronoun",), ("is", actor, confidence),
    ("back", confidence): the person named last, ("known", name, otherwise, confidence, otherwise's): the full
    name used earlier for name, else otherwise."""
    if POSSESSIVE.sub("", m).lower() in PRONOUNS:  # "He's reported" as "he": the pronoun with "is" or "has"
        return False, ("pronoun",)
    found = runs(m)
    definite, step = _unnamed(m, found, gaz)
    if step is not None:
        return definite, step
    # "Janet Yellen, the US Treasury Secretary,": a run of titles is a role, not the name.
    named = people_first([r for r in found if not is_role_run(r, gaz)] or found)
    run = named[0] if pick_first else named[-1]
    kind, name = classify_run(run, gaz)
    if kind == "person" and not run.isupper() and plural_qualified(m, run):
        # "Jewish groups", "Democratic leaders", "Clinton supporters": many people, none of them the run's person.
        return definite, ("is", None, 0.0)
    if kind == "org":
        # "Cuban said": a surname the gazetteer reads as a country's adjective, when the article names Mark Cuban.
        return definite, (("known", run, name, 0.8, 0.85) if " " not in run and run != name else ("is", name, 0.85))
    return definite, ("known", name, name, 0.9, 0.8 if len(name.split()) >= 2 else 0.6)


def resolve(mention: str, state: State, gaz: Gazetteer | None, pos: int, pick_first: bool = False
            ) -> tuple[str | None, float]:
    """The actor a speaker mention refers to, and a confidence."""
    m = mention.strip(" ,.")
    if state.publisher and _PUBLICATION.match(m):
        return state.publisher, 0.8
    definite, step = _plan(m, gaz, pick_first)
    if definite and (back := state.person_at(pos)):
        return back, 0.65
    if step[0] == "pronoun":
        gender = pronoun_gender(POSSESSIVE.sub("", m))
        return (state.pronoun_at(pos, gaz, gender) if state.text else state.person_at(pos)), 0.7
    if step[0] == "is":
        return step[1], step[2]
    if step[0] == "back":
        return state.person_at(pos), step[1]
    known = state.match_known(step[1], pos)
    return (known, step[3]) if known else (step[2], step[4])


def known_persons(text: str, gaz: Gazetteer | None, actor_hits, quoted: list[tuple[int, int]]
                  ) -> list[tuple[int, str]]:
    """Full names of people in the text, outside quotes: gazetteer people and capitalised runs that are
    not organisations or sentence openers."""
    starts = [a for a, _ in quoted]

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1  # quoted spans are sorted and do not overlap
        return k >= 0 and pos < quoted[k][1]

    found: list[tuple[int, str]] = []
    memo: dict = {}
    if gaz is not None:
        for name, start, _ in actor_hits if actor_hits is not None else gaz.find(text):
            if gaz.actors[name].type == "person" and not inside(start):
                found.append((start, name))
    for m in NAME_RUNS_2.finditer(text):  # one word cannot be a full name
        if not inside(m.start()) and (name := run_person(m.group(), gaz)) and (words := person_tokens(name.split())):
            name = " ".join(words)  # in Cyrillic: from its first name on, in the nominative
            if len(name.split()[-1]) > 3:  # "Олександр Мельник." at a sentence's end: the dot is the sentence's
                name = name.rstrip(".")
            if not only_after_the(name, text, memo):
                found.append((m.start(), name))
    return sorted(set(found))


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
    finite = [v for v in verbs if v.start() < verb.start() and not v.group().endswith("ing")]
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
    body = _OPENERS.sub("", LABEL_START.sub("", prefix.strip()))
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
            return f"{name}, {desc}"
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
        subject = (sentence_subject(clause) if coordinated else None) or sentence_subject(head)
        if subject is None and len(head) < len(whole) and (coordinated or head.split() in ([], ["and"], ["but"])):
            # "X issued a statement saying "..." and said": the subject opens the sentence, before the quotation.
            subject = sentence_subject(whole)
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
    body = _PLAIN_OPENERS.sub("", LABEL_START.sub("", prefix.strip()))
    words = body.split()
    if not words:
        return None
    if words[0].lower() in PRONOUNS:
        return words[0]
    if words[0].lower() in _DETERMINERS:
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
