"""Who said a quote: the speaker mention next to it (after it: speaker_after.py; before it: "according to X",
the subject of the sentence) and the actor that mention refers to. Titles are dropped ("Prime Minister Donald
Tusk" is Donald Tusk), pronouns go to the person named before the quote, someone who speaks for another to no one
or an organisation (speaker_agents.py), a description to the person the article gave it (speaker_descriptions.py),
surnames and spelling variants to the full name used earlier, organisations and agencies through the actor
gazetteer."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from corpus_cli.extract import speaker_agents as agents
from corpus_cli.extract import speaker_bodies as bodies
from corpus_cli.extract import speaker_clauses as sc
from corpus_cli.extract import speaker_descriptions as descriptions
from corpus_cli.extract.cues import DETERMINERS as DETERMINERS_NP
from corpus_cli.extract.cues import NAME_DOTS, PRONOUNS, VERBS
from corpus_cli.extract.cyrillic import people_first, person_tokens
from corpus_cli.extract.names import (
    NAME_RUNS_2,
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
from corpus_cli.extract.roles import NAME_PARTICLES, ROLE, TITLES
from corpus_cli.extract.spans import QUOTED, SENTENCE_BREAK
from corpus_cli.extract.speaker_after import is_nominal  # noqa: F401 (read as speakers.is_nominal)
from corpus_cli.extract.speaker_gender import clashes, first_name_gender, pronoun_gender, title_gender
from corpus_cli.extract.speaker_subjects import DETERMINERS, OPENERS, appositive, leading_np
from corpus_cli.gazetteer import Gazetteer, name_cache
from corpus_cli.translit import latin_spellings

_VERB_NEXT = re.compile(rf"[ \t]+(?:{VERBS})\b")
# Speaker mentions without a name of their own (resolve).
_DEFINITE_ROLE = re.compile(r"^the\s+[\w\s-]*\b(?:minister|diplomat|envoy|ambassador)$", re.I)
# The article's own publication speaking ("the newspaper said in a statement").
_PUBLICATION = re.compile(r"^(?:the|this)\s+(?:newspaper|paper|publication|magazine|news\s+site|website)$", re.I)
# A party and state after a US politician's name, "Rep. Gwen Moore (D-Wis.)", "Mitch McConnell, R-Ky.,": blanked
# in the text the speaker is read from, so that its dots and brackets do not end the name.
_PARTY_TAG = re.compile(r"[ \t]*\((?:[DRI]|Dem|Rep|Ind)[ \t]?[-–][ \t]?[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?\)"
                        r"|,[ \t](?:[DRI])-[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?(?:,|(?=[.;]|$))")
# A count or share of people or things opening a run ("Some Clinton emails", "Both Bolton and Gorka", "Twenty-seven
# states", "One California delegate"): many of them, some of them or one of them, never a person's name.
_QUANTIFIER = re.compile(r"^(?:one|another|some|many|most|all|both|several|few|each|every|half|two|three|four|five|"
                         r"six|seven|eight|nine|ten|eleven|twelve|dozens?|(?:thirteen|fourteen|fifteen|sixteen|"
                         r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                         r"(?:-\w+)?)$", re.I)


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
            body = OPENERS.sub("", QUOTED.sub(" ", chunk).lstrip(" \t,.;:—–-"))
            first = leading_np(body) if body[:1].isupper() else None
            if first is None or (k == 0 and len(first.split()) == len(body.split())):
                continue  # no named subject, or the pronoun's own sentence is only that name so far
            first = sc.role_named(body, first) or first  # "Democratic front-runner Hillary Clinton said"
            speaks = body.startswith(first) and _VERB_NEXT.match(body, len(first)) is not None
            if (who := self._named(first, pos, gaz, gender, speaks)) is not None:
                return who
        return self.person_at(pos, gender)

    def _named(self, run: str, pos: int, gaz: Gazetteer | None, gender: str | None, speaks: bool = False
               ) -> str | None:
        """The person a sentence's leading run names for a pronoun at ``pos``, or None: read past its openers
        ("While Comey" is Comey; "The Vermont" is one word, and no one named before). A surname alone names a
        person after a title ("President Obama") or before a reporting verb (``speaks``: "Durbin said")."""
        words = run.split()
        described = words[0].lower() in DETERMINERS  # "The Wisconsin Republican did", "The Fort Pierce mosque"
        # "Footage of Al-Awlaki", "Some of Sanders's advisers": a thing or a share of a person's, not the person.
        part_of = (len(words) > 2 and words[1] == "of" and words[0].lower().strip(".") not in TITLES
                   and not is_role_run(words[0], gaz))
        # A Cyrillic role's next word is its body's, in the genitive ("Речник Сухопутних військ"), no surname.
        titled = len(words) == 2 and words[0].isascii() and words[0].lower().strip(".") in TITLES
        run = drop_lower_openers(run, self.text, self.memo)
        kind, name = classify_run(run, gaz)
        known = self.match_known(name, pos)
        alone = known is None and len(name.split()) < 2
        if alone and (titled or speaks) and not common_word(name, self.text, self.memo):
            alone = False
        if described or part_of or kind != "person" or is_role_run(run, gaz) or alone:
            return None
        return None if clashes(gender, self.text, known or name, self.memo) else (known or name)

    def add_person(self, pos: int, name: str) -> None:
        """A person named at ``pos`` (the list stays sorted: lookups bisect it): a one-word possessive is its
        owner ("Clinton's campaign said": Clinton), and a common word no one, or a pronoun would resolve to it
        later ("Polls show ..." then "he said"). Two people ("Wilcox and Beruff said") are neither "he" nor
        "Beruff" later."""
        if " and " in name:
            return
        if " " not in name and POSSESSIVE.search(name) and (owner := POSSESSIVE.sub("", name)):
            name = self.match_known(owner, pos) or owner  # the full name used earlier, as a surname resolves
        if not common_word(name, self.text, self.memo) and not only_after_the(name, self.text, self.memo):
            bisect.insort(self.persons, (pos, name))

    def person_at(self, pos: int, gender: str | None = None) -> str | None:
        """The person named last before ``pos`` (outside quotes); with a pronoun's ``gender``, the last of the
        five people named last whom the article does not call the other way, else the last."""
        k = bisect.bisect_left(self.persons, (pos, ""))
        seen: set[str] = set()
        for j in range(k - 1, -1, -1):
            name = self.persons[j][1]
            if name in seen:
                continue  # a person named again is still one of the five ("Mr. Trump" four times)
            if not clashes(gender, self.text, name, self.memo):
                return name
            seen.add(name)
            if len(seen) == 5:
                return None  # "she" where the five people named last are all men: no speaker rather than a wrong one
        return self.persons[k - 1][1] if k and not seen else None

    def match_known(self, name: str, pos: int, gender: str | None = None) -> str | None:
        """A full name used earlier for this name, surname or spelling variant: the one named last; with the
        ``gender`` of a title ("Mrs. Clinton"), the last whose first name is of that gender (Hillary, not Bill
        Clinton), else the last whose first name tells none, else the last."""
        if name not in self.verdicts:
            words = name.split()
            # A surname in Cyrillic against names in Latin letters ("Тихий" is Heorhii Tykhyi): its standard spellings.
            self.verdicts[name] = ({}, words, [w.split() for w in latin_spellings(name)] if len(words) == 1 else [])
        verdicts, words, latin = self.verdicts[name]
        persons = self.persons
        untold = other = None
        for k in range(bisect.bisect_right(persons, (pos, "\U0010ffff")) - 1, -1, -1):
            person = persons[k][1]
            if " " in person and POSSESSIVE.search(person) and first_name_gender(owner := POSSESSIVE.sub("", person)):
                person = owner  # "Bill Clinton's wife" named Bill Clinton; "Injecting Clinton's" no one
            same = verdicts.get(person)
            if same is None:
                same = verdicts[person] = same_person(name, words, latin, person)
            if same:
                if gender is None:
                    return person
                told = first_name_gender(person)
                if told == gender:
                    return person
                if told is None:
                    untold = untold or person
                else:
                    other = other or person
        return untold or other


def mask_party_tags(par: str) -> str:
    """``par`` with party-and-state tags blanked by as many spaces (offsets stay those of ``par``)."""
    if "-" not in par and "–" not in par:
        return par
    return _PARTY_TAG.sub(lambda m: " " * len(m.group()), par)


def _unnamed(m: str, found: list[str], gaz: Gazetteer | None) -> tuple[bool, tuple | None]:
    """How a mention that speaks for someone ("a NATO official", "the spokesman": step "agent", resolved by
    speaker_agents.py) or holds no name of its own ("the senator": the person named last) resolves: (the person
    named last first, when there is one; the step of _plan, or None to resolve it by its names)."""
    if agents.agent_head(m):
        # "a Trump spokeswoman", "the official": who speaks for the one named is not them; resolve() finds who.
        return False, ("agent", agents.definite(m), tuple(classify_run(r, gaz) for r in reversed(found)))
    if not found:
        if body := bodies.BODY_MENTION.match(m):
            return False, ("body", body.group(1).lower())  # "the agency": a body, named before, never a person
        # "the senator", "the minister": the person named last before the quote.
        return False, (("back", 0.6) if ROLE.search(m) else ("is", None, 0.0))
    return _DEFINITE_ROLE.match(m) is not None, None


# Lower-case words between two runs of a mention that make the first describe the second ("Clinton spokesman Brian
# Fallon", "former Utah governor Michael Leavitt"); a function word among them keeps the runs apart ("Renee Gold of
# Sarasota", "Carly Fiorina during the second GOP debate").
_DESCRIBING_GAP = re.compile(r"[ \t]+(?:[a-z0-9][\w’'-]*[ \t]+){1,4}")
_GAP_GLUE = DETERMINERS_NP | frozenset("""of at in on for from with to and or but nor by as than then who whom whose
which when while during after before since like about against between into over under via per your""".split())


def _first_named(m: str, named: list[str], gaz: Gazetteer | None) -> str:
    """The run a name-first mention names its speaker by ("said X, the Y"): the first, or the person's name that
    the first describes with role words between them ("said Oversight ranking Democrat Elijah Cummings")."""
    if len(named) < 2 or (at := m.find(named[0])) < 0 or (nxt := m.find(named[1], at + len(named[0]))) < 0:
        return named[0]
    gap = m[at + len(named[0]) : nxt]
    if not _DESCRIBING_GAP.fullmatch(gap) or any(w.lower() in _GAP_GLUE for w in gap.split()):
        return named[0]
    kind, name = classify_run(named[1], gaz)
    return named[1] if kind == "person" and len(name.split()) >= 2 else named[0]


@name_cache  # mentions recur across a corpus
def _plan(m: str, gaz: Gazetteer | None, pick_first: bool) -> tuple[bool, tuple]:
    """_plan_named, first through the person the article described so ("the governor") when there is one."""
    definite, step = _plan_named(m, gaz, pick_first)
    if step[0] not in ("is", "back", "known") or (head := descriptions.described_head(m)) is None:
        return definite, step
    actor = step[1] if step[0] == "is" else step[2] if step[0] == "known" else None
    if actor and len(actor.split()) > 1 and classify_run(actor, gaz)[0] == "person":
        return definite, step  # "The author of the book, Mitchell Zuckoff": a name of its own
    # Whether what the mention names is an actor the gazetteer knows ("The French president": France).
    known = actor is not None and ((gaz is not None and gaz.resolve(actor) is not None)
                                   or (" of " in m and classify_run(actor, gaz)[0] == "org"))  # "The leader of the ADL"
    return False, ("described", head, definite, step, known)


def _plan_named(m: str, gaz: Gazetteer | None, pick_first: bool) -> tuple[bool, tuple]:
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
    run = _first_named(m, named, gaz) if pick_first else named[-1]
    kind, name = classify_run(run, gaz)
    if kind == "person" and not run.isupper() and plural_qualified(m, run):
        # "Jewish groups", "Democratic leaders", "Clinton supporters": many people, none of them the run's person.
        return definite, ("is", None, 0.0)
    if kind == "org":
        # "Cuban said": a surname the gazetteer reads as a country's adjective, when the article names Mark Cuban.
        return definite, (("known", run, name, 0.8, 0.85) if " " not in run and run != name else ("is", name, 0.85))
    return definite, ("known", name, name, 0.9, 0.8 if len(name.split()) >= 2 else 0.6)


def resolve_described(mention: str, state: State, gaz: Gazetteer | None, pos: int, pick_first: bool = False
                      ) -> tuple[str | None, str, float, str | None]:
    """(speaker, mention, confidence, description) of a mention as written: its description ("Harlan Dorsey, a
    professor at Ohio State") set apart, the rest resolved."""
    mention, description = appositive(" ".join(mention.split()), gaz)
    speaker, conf = resolve(mention, state, gaz, pos, pick_first=pick_first)
    return speaker, mention, conf, description


def resolve(mention: str, state: State, gaz: Gazetteer | None, pos: int, pick_first: bool = False
            ) -> tuple[str | None, float]:
    """The actor a speaker mention refers to, and a confidence."""
    m = mention.strip(" ,.")
    if state.publisher and _PUBLICATION.match(m):
        return state.publisher, 0.8
    definite, step = _plan(m, gaz, pick_first)
    if step[0] == "described":
        # "the governor": the person introduced as "Gov. Chris Christie"; else as the mention would resolve.
        if (who := descriptions.described_person(state.text, state.persons, pos, m, step[1])) is not None:
            return who, 0.65
        if descriptions.qualified_description(m) and not step[4]:
            return None, 0.0  # "the Florida senator" is not Florida, "the GOP front-runner" not "GOP"
        definite, step = step[2], step[3]
        if definite or step[0] == "back":
            # A title the article gave no one: the person named last is seldom its holder ("the former president"
            # after Hillary Clinton was named), so no speaker rather than a wrong one.
            return None, 0.0
    if definite and (back := state.person_at(pos)):
        return back, 0.65
    if step[0] == "pronoun":
        if m.lower() in ("they", "them"):
            return None, 0.0  # many people: the persons remembered are one each, so the mention alone
        gender = pronoun_gender(POSSESSIVE.sub("", m))
        return (state.pronoun_at(pos, gaz, gender) if state.text else state.person_at(pos)), 0.7
    if step[0] == "is":
        return step[1], step[2]
    if step[0] == "back":
        return state.person_at(pos), step[1]
    if step[0] == "agent":
        return _agent(m, step, state, pos)
    if step[0] == "body":
        body = (bodies.named_body(state.text, bodies.mention_at(state.text, pos, m), step[1], gaz)
                or bodies.last_body(state.last_speaker, state.persons, pos, gaz))
        return (body, 0.7) if body else (None, 0.0)
    known = state.match_known(step[1], pos, title_gender(m, step[1]))
    return (known, step[3]) if known else (step[2], step[4])


def _agent(m: str, step: tuple, state: State, pos: int) -> tuple[str | None, float]:
    """Who a speaking-for mention is: "the spokesman" the person last given that role, else the organisation it
    names ("a State Department spokesman"), else for "the spokesman" in an article that gave no one the role the
    person named last ("Matthew Miller fielded questions ... the spokesman said"), else nobody."""
    _, definite, named = step
    org = agents.spoken_for(named, lambda name: state.match_known(name, pos) is not None)
    if definite:
        taken, holder = agents.role_taken_up(state.text, state.persons, pos, m)
        if holder is not None:
            return holder, 0.65
        if org is None and not taken and not named:
            return state.person_at(pos), 0.6
    return (org, 0.8) if org is not None else (None, 0.0)


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
    for start, run, after_and in _parts(NAME_RUNS_2.finditer(text)):  # one word cannot be a full name
        if not inside(start) and (name := run_person(_named_part(run, text, memo), gaz)) and (
                words := person_tokens(name.split())) and (not after_and or first_name_gender(name)):
            name = " ".join(words)  # in Cyrillic: from its first name on, in the nominative
            if len(name.split()[-1]) > 3:  # "Олександр Мельник." at a sentence's end: the dot is the sentence's
                name = name.rstrip(".")
            if not only_after_the(name, text, memo):
                found.append((start, name))
    return sorted(set(found))


def _parts(matches) -> list[tuple[int, str, bool]]:
    """(offset, run, whether it follows "and") of each capitalised run, of what follows each "and" inside it and of
    what follows a sentence's end inside it: "Mr. Obama and Hillary Clinton" names Hillary Clinton too, and
    "Saturday. Rachel Reeves" Rachel Reeves (a run's name ends at either, names.run_person). known_persons takes a
    part after "and" only where a listed first name opens it ("Immigration and Customs Enforcement" names no
    one)."""
    out = []
    for m in matches:
        run = m.group()
        out.append((m.start(), run, False))
        # Each part is cut to its first words (a name has no more), and a run gives a few parts at most: a wall of
        # capitalised words (a table, a list of names) is no prose, and must not cost a lookup per word.
        ands = itertools.islice(_AND.finditer(run), _MAX_PARTS)
        out.extend((m.start() + a.end(), _head(run, a.end()), True) for a in ands)
        ends = itertools.islice(_RUN_SENTENCE_END.finditer(run), _MAX_PARTS)
        out.extend((m.start() + e.end(), _head(run, e.end()), False) for e in ends
                   if e.group(1).lower() not in TITLES and not _ABBREVIATION.fullmatch(e.group(1))
                   and run[e.end():].split()[0].lower() not in NAME_PARTICLES)  # "De Blasio said": a surname
    return out


_MAX_PARTS = 8


def _head(run: str, at: int) -> str:
    """The first words of ``run`` from ``at``: as many as a name with its titles holds."""
    return " ".join(run[at : at + 200].split()[:6])


_AND = re.compile(r"[ \t]+and[ \t]+")
# A word of two letters or more closing a sentence inside a run ("Saturday. Rachel"), not an initial ("R.") or
# an abbreviation with inner dots ("U.S."); titles and abbreviations ("Sen.", "Jr.", "St.") are left out by _parts.
_RUN_SENTENCE_END = re.compile(r"(?<![\w.])([A-Za-z][a-z]+)\.[ \t]+(?=[A-Z])")
_ABBREVIATION = re.compile(NAME_DOTS)


def _named_part(run: str, text: str, memo: dict) -> str:
    """A capitalised run without a count or share before its name ("Some Clinton emails", "Both Bolton") or a
    common word's "of" ("Footage of Al-Awlaki"): what is left may be a surname alone, no full name."""
    toks = run.split()
    if len(toks) > 1 and _QUANTIFIER.match(toks[0]):
        return " ".join(toks[1:])
    if len(toks) > 2 and toks[1] == "of" and common_word(toks[0], text, memo):
        return " ".join(toks[2:])
    return run
