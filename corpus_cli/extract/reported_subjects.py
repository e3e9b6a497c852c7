"""Who a reported-speech cue's subject is (reported.py): the subject of the clause before the cue, the noun
phrase before "who", the subject before an insertion, the noun phrase right before the cue, or the subject the
sentence opens with, read past a dateline and an opening connective."""

from __future__ import annotations

import re

from corpus_cli.extract import speaker_subjects as ss
from corpus_cli.extract.cues import DETERMINERS, PRONOUNS, VERB_WORDS
from corpus_cli.extract.reported_facts import NOT_SUBJECT_STARTS, plausible_speaker
from corpus_cli.extract.speaker_clauses import INSERTION

SUBORDINATOR = re.compile(r"^(?:though|although|because|since|as|if|when|while|after|before|but|and|so|yet|once)\s+", re.I)

# "X, who said ...": the subject is the noun phrase before "who": its last capitalised run, else its last words
# (whole words: not "epublican data operatives" of "Republican data operatives", nor "s top figures" of "party's").
WHO = re.compile(r"^(?P<np>.*?),?\s+who\s*$")
NP_TAIL = re.compile(r"(?:(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}"
                      r"|(?:\b(?:the|some|many|several|other|most)\s+)?(?<![\w’'.-])(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s)$")


def _subject(head: str) -> str | None:
    """The subject of the clause ``head`` ends with; a pronoun closing it is the subject ("On Sunday he", "though
    she"), and a subordinating word opening it is not part of it."""
    last = head.rsplit(None, 1)[-1] if head.strip() else ""
    if last.lower() in PRONOUNS or last in ("I", "We", "we"):
        return last
    who = ss.clause_subject(head)
    if who:
        who = SUBORDINATOR.sub("", who)
    return who


# A dateline before a sentence's subject: "ORLANDO, Fla. (Reuters) - ", "WASHINGTON — ", "MOSCOW, Nov 3 (Reuters) -",
# "KYIV, Ukraine, March 5 (Reuters) -".
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ ]{2,}(?:,\s+[A-Z][\w.]*(?:\s+[A-Z\d][\w.]*)?){0,2}(?:\s+\([^)]{1,30}\))?"
                       r"\s*[-—―–]+\s+")
# Words a sentence opens with that are not its subject: "Even so, three-quarters of the voters said ...".
_NOT_SUBJECT_OPENERS = NOT_SUBJECT_STARTS | frozenset("""even perhaps overall also indeed instead yet now then still
meanwhile however moreover alongside throughout despite amid among against across beyond besides unlike like without
reached judged asked pressed speaking""".split())


# A connective that opens a sentence links it to the one before; it is the writer's, not the source's.
_CONNECTIVE = re.compile(r"(?:furthermore|moreover|however|meanwhile|also|still|yet|indeed|instead|nonetheless|"
                         r"nevertheless|besides|overall|separately|[a-z]+ally),\s+", re.I)


def opening_words(sentence: str) -> int:
    """Where a sentence's own words start: after a dateline ("KYIV, Ukraine (Reuters) - ") and an opening
    connective ("Furthermore, ..."), which no one said."""
    start = m.end() if (m := _DATELINE.match(sentence)) else 0
    return c.end() if (c := _CONNECTIVE.match(sentence, start)) else start


def sentence_subject(head: str) -> str | None:
    """The subject a sentence opens with (speakers.sentence_subject), read past a dateline and past an opening
    adverb or phrase ("Perhaps not coincidentally, Mr. Trump has ...": Mr. Trump)."""
    body = _DATELINE.sub("", head.lstrip())
    first = body.split(None, 1)[0].strip(",").lower() if body.strip() else ""
    if first in _NOT_SUBJECT_OPENERS or (first.endswith("ly") and len(first) > 4):
        cut = re.search(r",\s+|\s[—–-]+\s", body[:120])
        past = ss.sentence_subject(body[cut.end() :] if cut else body[len(first) :].lstrip(" ,"))
        if past:
            return past
    return ss.sentence_subject(body)


_NP_INSIDE = DETERMINERS

def _before_insertion(head: str) -> str | None:
    """The subject before the insertions that end at the cue ("The treasurer, in a memo to staff, insisted"): the
    clause's subject of the words before the first of them (at most two), when it is a plausible speaker."""
    if not head.endswith(","):
        return None
    parts = head[:-1].split(", ")
    for k in range(len(parts) - 1, max(0, len(parts) - 3), -1):
        if not INSERTION.match(parts[k]):  # "in a memo to staff", "speaking at a rally"
            return None
        who = _subject(", ".join(parts[:k]))
        if plausible_speaker(who):
            return who
    return None


def _near_subject(head: str) -> str | None:
    """The noun phrase right before a cue when the clause's subject is not one ("even though a number of
    attendees said", "where President Obama has promised"): its last capitalised run, else its last words."""
    m = NP_TAIL.search(head)
    if not m or any(w.lower() in _NP_INSIDE for w in m.group().split()[1:]):
        return None  # "By the time those primaries said": two phrases, not one
    return m.group() if plausible_speaker(m.group()) else None



# A verb inside a cue's subject ends it: "Rubio thanked Miami and said ...", "A judge sided with the Democrats,
# saying ...": the subject is the words before the verb, not its object. Past forms that open no noun phrase;
# one before "by" is a participle of the phrase ("a poll conducted by Quinnipiac").
_IRREGULAR_PAST = frozenset("""spoke met went took gave made sent wrote said told thought knew saw left won lost ran
came became held kept brought led got sat stood began found felt paid sought fought""".split())
_ADJECTIVE_ED = frozenset("""unnamed named elected retired alleged embattled concerned unidentified detailed related
armed united based limited noted learned beloved disgraced indicted jailed detained accused injured wounded hundred
""".split())
# A count before a word makes it an adjective of what is counted ("Two injured workers", "Three hundred workers").
# Not speakers.QUANTIFIER: "both", "each" or "half" before a verb say how, not how many ("Cruz both floated").
_COUNT = re.compile(r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                    r"forty|fifty|hundred|hundreds|thousand|thousands|dozen|dozens|several|many|some|few|most|all)$")


def before_verb(who: str | None) -> str | None:
    """``who`` up to a verb inside it (a reporting verb, a common irregular past, a word in "-ed" that no determiner,
    adverb or count stands before and no "by" follows), when what is left is a plausible speaker; else ``who``."""
    if not who:
        return who
    words = who.split()
    for k in range(1, len(words)):
        w = words[k].strip(",;:")
        prev, nxt = words[k - 1].lower(), (words[k + 1].lower() if k + 1 < len(words) else "")
        if not w.islower() or "-" in w or prev in DETERMINERS or prev.endswith("ly") or nxt == "by" or _COUNT.match(prev):
            continue
        if w in VERB_WORDS and not w.endswith("ing") or w in _IRREGULAR_PAST or (
                w.endswith("ed") and len(w) > 4 and w not in _ADJECTIVE_ED):
            cut = " ".join(words[:k]).rstrip(" ,")
            return cut if plausible_speaker(cut) else who
    return who


def cue_subject(head: str) -> tuple[str | None, bool, tuple[str, ...]]:
    """(who, whether "who" closes ``head``, a fact of how far the subject was sought) for a cue after ``head``:
    the noun phrase before "who", the clause's subject, the subject before an insertion ending at the cue, the
    noun phrase right before the cue ("subj_near"), or the subject the sentence opens with ("subj_far": "Carson
    admitted ..., but said ..."); who is None when no one plausible is found."""
    who_np = WHO.match(head) if head.endswith("who") else None
    tail_np = NP_TAIL.search(who_np.group("np")) if who_np else None
    who = tail_np.group() if tail_np else None if who_np else _subject(head)
    if plausible_speaker(who):
        return (who if who_np else before_verb(who)), bool(who_np), ()
    if not who_np and (inserted := _before_insertion(head)):
        return inserted, False, ()
    if not who_np and (near := _near_subject(head)):
        return near, False, ("subj_near",)
    who = sentence_subject(head) if not who_np else None
    return (who, bool(who_np), ("subj_far",)) if plausible_speaker(who) else (None, bool(who_np), ())
