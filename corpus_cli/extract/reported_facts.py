"""The facts of a reported-speech candidate that the candidate model weighs (reported_model.CueModel): its cue,
its form, the kind of its subject, how its content opens, and where it ends: what follows the end in its
sentence and the first clause break it runs past ("said X, and he ...", "said X, saying ..."). The names are
those of corpus_cli/data/reported.json. Also whether a would-be subject may speak at all (`plausible_speaker`)."""

from __future__ import annotations

import re

from corpus_cli.extract import speakers as sp
from corpus_cli.extract.cues import CIRCUMSTANCE_WORDS, DETERMINERS, FINITE_WORDS, PRONOUNS
from corpus_cli.extract.names import runs
from corpus_cli.extract.reported_model import verb_form
from corpus_cli.extract.roles import ROLE

_WORD = re.compile(r"\w+")
_POSSESSIVES = frozenset("his her their its our".split())
# A poll's share as the subject: "74 percent said", "Six in 10 say", "A third of independents, 33%, say".
SHARE = re.compile(r"\d\s*%|\b(?:percent|majority|half|halves|thirds?|quarters?|in (?:\d+|ten))\b", re.I)
_OPEN_PRONOUNS = frozenset("he she they it i we you".split())
_OPEN_DETERMINERS = DETERMINERS | {"some", "no"}


def bare_group(words: list[str]) -> str | None:
    """"aides say", "security specialists say", "his campaign said": a group or a body ("group");
    "officials of the socialist government" ("np"); else None."""
    if len(words) <= 5 and all(x.replace("-", "").isalpha() for x in words) and (
            words[-1].endswith("s") or ROLE.fullmatch(words[-1]) or words[0].lower() in _POSSESSIVES):
        return "group"
    of = [i for i, x in enumerate(words) if x in ("of", "for", "at", "in", "from", "with")]
    head = words[: of[0]] if of else []
    if 1 <= len(head) <= 3 and all(x.replace("-", "").isalpha() for x in head) and (head[-1].endswith("s") or ROLE.fullmatch(head[-1])):
        return "np"
    return None


def _subject_kind(who: str | None) -> str:
    if not who:
        return "none"
    w = who.strip(" ,")
    if w.lower() in PRONOUNS:
        return "pron"
    if sp.is_nominal(w):
        return "nominal"
    return "name" if runs(w) else bare_group(w.split()) or "other"


# The kinds of words that open what follows a content's end (a new clause, a relative, a participle, ...).
_WORD_KINDS = {"pron": _OPEN_PRONOUNS, "det": _OPEN_DETERMINERS,
               "rel": frozenset("which who whom whose where when".split()),
               "sub": frozenset("while although though because as if after before since even just until unless "
                                "whereas".split()),
               "prep": frozenset("in on at by for with from to of about over under during into against despite amid "
                                 "among through".split()),
               "conj": frozenset("and but or so yet".split()), "aux": FINITE_WORDS}
_NEXT_WORDS = re.compile(r"\s*([,;:(—–-]*)\s*([\w’']+)?\s*([\w’']+)?")
# A clause break inside a content: a comma, a dash between spaces, a semicolon, an opening parenthesis.
_BREAK = re.compile(r",|\s[—–-]|;|\(")


def _word_kind(w: str | None) -> str:
    if not w:
        return "none"
    lw = w.lower()
    kind = next((k for k, ws in _WORD_KINDS.items() if lw in ws), None)
    if kind:
        return kind
    if w.islower() and lw.endswith(("ing", "ed")):
        return "ing" if lw.endswith("ing") else "ed"
    return "cap" if w[:1].isupper() else "low"


def _opening(text: str) -> str:
    """How ``text`` opens: a comma ("c") or another break ("d"), then the kind of its first word, and after a
    conjunction the kind of the next ("c conj+pron": ", and he ...", a clause with its own subject)."""
    m = _NEXT_WORDS.match(text)
    mark = "c" if "," in m.group(1) else "d" if m.group(1) else ""
    kind = _word_kind(m.group(2))
    return mark + kind + (f"+{_word_kind(m.group(3))}" if kind == "conj" else "")


# Words that open where or when something was said; not those that may open what ("about", "for", "to").
_PREPOSITIONS = CIRCUMSTANCE_WORDS - frozenset("to about for as when while with from by".split())


def opens_circumstance(content: str) -> bool:
    """The content opens with a word of where or when ("on Telegram, but ...", "in Kyiv")."""
    first = content.split(None, 1)[0].lower() if content.strip() else ""
    return first in _PREPOSITIONS


def circumstance(content: str) -> bool:
    """"said on Sunday, in one of the largest attacks this year": after a comma, a phrase of where, when or how
    with no verb form in it says nothing ("called on X to ..." is the cue's own preposition)."""
    return opens_circumstance(content) and verb_form(content) == "none"


def end_facts(sentence: str, start: int, end: int) -> list[str]:
    """Where a content ends: what follows it in its sentence (and whether that holds a verb form), and the first
    clause break inside it after three words. Learned, not ruled: PolNeAR keeps some trailing clauses."""
    rest = sentence[end:].rstrip().rstrip(".")
    out = [f"after={_opening(rest)}", f"rest_fin={verb_form(rest)}"] if rest.strip() else ["after=end"]
    content = sentence[start:end]
    inner = next((m.start() for m in _BREAK.finditer(content) if len(_WORD.findall(content[: m.start()])) >= 3),
                 None)
    return out + [f"inner={_opening(content[inner:]) if inner is not None else 'none'}"]


def features(sentence: str, who: str | None, cue: str, form: str, span: tuple[int, int], aux: bool,
             quote_follows: bool, end_fact: str = "") -> tuple[str, ...]:
    """The facts of a candidate the model weighs."""
    content = sentence[span[0] : span[1]]
    n = len(_WORD.findall(content))
    first = content.split(None, 1)[0].strip(",").lower() if content.strip() else ""
    opener = ("pron" if first in _OPEN_PRONOUNS else "det" if first in _OPEN_DETERMINERS
              else "that" if first == "that" else "cap" if content.lstrip()[:1].isupper() else "other")
    before = sentence[: span[0]]
    out = [f"cue={cue}", f"form={form}", f"subj={_subject_kind(who)}", f"open={opener}",
           f"len={'short' if n < 6 else 'mid' if n < 16 else 'long'}", f"cue_subj={cue}|{_subject_kind(who)}"]
    if aux:
        out.append("aux")
    if first in CIRCUMSTANCE_WORDS or first.endswith("ly"):
        out.append("circ")  # "said at a news conference", "said carefully": where or how, not what
    if re.search(r"\bthat\s*$", before):
        out.append("that")
    if span[1] < len(sentence.rstrip().rstrip(".")):
        out.append("cut")
    if quote_follows:
        out.append("quote_follows")
    if end_fact:
        out.append(end_fact)
    out.append(f"fin={verb_form(content)}")
    return tuple(out) + tuple(end_facts(sentence, *span))


# Words a clause's subject does not start with: prepositions and conjunctions ("By the time ...", "While ...").
NOT_SUBJECT_STARTS = frozenset("""
by while as if when though although because since after before until in on at for with from to during of and but or
so yet what how why where which who whom whose
""".split())

_DEMONSTRATIVES = frozenset("this that these those there here".split())
# Subjects that report but name no one the speaker resolution could use ("It said it decided ...": a company).
IMPERSONAL = frozenset("it we i".split())
# Words that make a would-be subject a clause.
_VERB_WORDS = frozenset("had has have was were is are to would will could can did does do be been being not".split())


def plausible_speaker(who: str | None) -> bool:
    """A name, a pronoun or a short description, not a clause ("By the time those primaries")."""
    if not who:
        return False
    w = who.strip(" ,")
    if w.lower() in PRONOUNS or w.lower() in IMPERSONAL:
        return True
    words = w.split()
    last = words[-1] if words else ""
    names = runs(w)
    # A name counts as one word: "Analysts at the Institute for the Study of War" is a short description.
    units = len(words) - sum(len(r.split()) - 1 for r in names)
    if not 1 <= units <= 8 or words[0].lower() in NOT_SUBJECT_STARTS or (last.endswith("ly") and last.islower()):
        return False
    if words[0].endswith("ing") or (len(words) == 1 and words[0].lower() in _DEMONSTRATIVES):
        return False  # "Following North Korea's admission of", "This"
    if any(x.lower() in _VERB_WORDS or (x.endswith("ly") and x.islower()) for x in words):
        return False  # a clause, not a noun phrase ("Lewandowski had little to")
    return sp.is_nominal(w) or bool(names) or bare_group(words) is not None or SHARE.search(w) is not None
