"""A chosen speaker's words, tidied for the reader: the noun phrase that names the speaker, without the words around
it that the candidate builders read along with it ("When Trump" -> "Trump", "Trump released a video that" ->
"Trump", "Rep. Bobby Scott at the time" -> "Rep. Bobby Scott", "GOP. As The Post's Ruth Marcus" -> "The Post's
Ruth Marcus"). Runs after the speaker is chosen, so the choice and its facts are as they were."""

from __future__ import annotations

import re

from corpus_cli.clean.lang import stopwords
from corpus_cli.extract.cues import DETERMINERS, FINITE_WORDS, INDIRECT_VERBS, NAME_DOTS, VERB_WORDS
from corpus_cli.extract.names import FUNCTION_OPENERS, POSSESSIVE, common_word, only_opening, written_lower
from corpus_cli.extract.roles import ROLE
from corpus_cli.extract.speaker_clauses import described_name
from corpus_cli.extract.speaker_gender import title_gender
from corpus_cli.gazetteer import Gazetteer
from corpus_cli.models import Quote

# Words a mention may open with that are not part of the name: conjunctions, subordinators, sentence adverbs.
_LEADING = frozenset("""and but or nor so yet then even also just still now meanwhile however instead indeed perhaps
likewise moreover besides while when as although though because if after before since until once whereas where in
which with like unlike only""".split())
# Prepositions and adverbs a sentence opens with before its subject ("Despite ...", "Among them, ...").
_OPENING_WORDS = frozenset("""despite among amid amidst alongside throughout without within across beyond besides
almost nearly roughly about some""".split())
# Counts and shares of people or things, never a name: "One poll shows", "Another child responded", "Most say".
_COUNTS = frozenset("""one another most many all both each several others other none two three four five six seven
eight nine ten few half either neither""".split())
# Words that open a clause after the subject: the mention ends before them.
# Verb forms that are also plural nouns ("Soviet states", "the charges") are left out.
_NOUN_TOO = frozenset("""states notes claims charges reads read calls reports shows finds promises estimates remarks
comments posts tweets answers demands replies counters""".split())
_CLAUSE = (FINITE_WORDS | VERB_WORDS | frozenset(INDIRECT_VERBS.split("|"))) - _NOUN_TOO | frozenset(
    "who who's whose whom which that".split())
# What follows a verb in "-ed" (an object, a particle, a place), not a noun it modifies ("registered voters").
_AFTER_VERB = frozenset("""him her them it us me his its their up out back off down upon into about with for from by
to that""".split())
# A preposition opening where or when something was said ("in an interview", "at the time", "on Tuesday").
_CIRCUMSTANCE = frozenset("at in on during after before while when since".split())
_TIME = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december time""".split())
# Determiners before an adjective in "-ed" ("The retired neurosurgeon"): not a name that a verb follows.
_DETERMINERS = DETERMINERS | {"your", "some", "many", "one"}
_TITLE_DOT = re.compile(rf"^(?:{NAME_DOTS})\.$|^(?:[A-Z]\.)+$")
_DASHES = frozenset("— ― – - --".split())
_TOKEN = re.compile(r"\S+")
_RELATIVE_ASIDE = re.compile(r"^\s*,\s*((?:who|who's|whose)\b.+)$", re.S)


def _bare(tok: str) -> str:
    return tok.strip(".,;:!?\"“”‘’()").lower()


def _sentences(toks: list[re.Match]) -> list[tuple[int, int]]:
    """Token ranges split at a sentence break inside the mention ("GOP. As The Post's Ruth Marcus")."""
    out, lo = [], 0
    for i, m in enumerate(toks[:-1]):
        t = m.group().lstrip("(\"“‘'")
        if t[-1:] in (".", "!", "?") and not _TITLE_DOT.match(t) and toks[i + 1].group()[:1].isupper():
            out.append((lo, i + 1))
            lo = i + 1
    return out + [(lo, len(toks))]


def _asides(toks: list[re.Match], lo: int, hi: int) -> list[tuple[int, int]]:
    """The ranges of ``lo:hi`` split at a spaced dash; a dateline's ("WASHINGTON (AP) —") is left out."""
    out, start = [], lo
    for i in range(lo, hi + 1):
        if i == hi or toks[i].group() in _DASHES:
            words = " ".join(m.group() for m in toks[start:i])
            if start < i and not (words.upper() == words and any(c.isalpha() for c in words)):
                out.append((start, i))
            start = i + 1
    return out or [(lo, hi)]


def _piece(toks: list[re.Match], first: int | None) -> tuple[int, int]:
    """The part of the mention that names the speaker: the one holding the speaker's words, else the last
    sentence's first part ("Jason Sims — a teacher from Mount Pleasant —": Jason Sims)."""
    sentences = _sentences(toks)
    parts = [p for a, b in sentences for p in _asides(toks, a, b)]
    held = [(a, b) for a, b in parts if first is not None and a <= first < b]
    return held[0] if held else _asides(toks, *sentences[-1])[0]


def _cut(toks: list[re.Match], lo: int, hi: int, keep: int) -> int:
    """Where the mention's noun phrase ends: before a clause, a circumstance or a comma's aside (never before
    token ``keep``, the last of the speaker's own words)."""
    for i in range(max(lo + 1, keep + 1), hi):
        t, prev = toks[i].group(), toks[i - 1].group()
        word, nxt = _bare(t), (_bare(toks[i + 1].group()) if i + 1 < hi else "")
        if not t[:1].islower():
            continue
        if (word in _CLAUSE or (word.endswith("ed") and len(word) > 4 and prev[:1].isupper()
                                     and _bare(prev) not in _DETERMINERS
                                     and (not nxt or nxt in _AFTER_VERB or nxt in _DETERMINERS or nxt in _CIRCUMSTANCE))
                or (word in _CIRCUMSTANCE and (nxt in ("a", "an") or nxt in _TIME
                                               or (nxt == "the" and i + 2 < hi and _bare(toks[i + 2].group()) in _TIME)))
                or (prev.endswith(",") and (word in _LEADING or word in _CIRCUMSTANCE or word.endswith("ly")))
                or (word == "and" and not nxt)):
            return i
    return hi


def tidy(mention: str, speaker: str | None = None) -> str:
    """``mention`` without the words around the noun phrase that names the speaker; the speaker's own words, where
    the mention holds them, are kept whole."""
    toks = list(_TOKEN.finditer(mention))
    if not toks:
        return mention
    first = last = None
    if speaker:  # the speaker's words as the mention holds them, or its last word ("Mr. Coleman" of Tom Coleman)
        at = mention.find(speaker)
        if at < 0:
            word = re.escape(speaker.split()[-1])
            m = re.search(rf"(?<!\w){word}(?!\w)", mention)
            at, speaker = (m.start(), m.group()) if m else (-1, speaker)
        if at >= 0:
            first = next(i for i, m in enumerate(toks) if m.end() > at)
            last = next((i for i, m in enumerate(toks) if m.end() >= at + len(speaker)), len(toks) - 1)
    lo, hi = _piece(toks, first)
    if first is not None:  # quoted words before the speaker are the quote's, not the speaker's
        lo = max([lo] + [i + 1 for i in range(lo, first) if toks[i].group().endswith(("”", "''", '"', ",’", ",'"))])
    while lo < hi - 1 and (first is None or lo < first) and (
            _bare(toks[lo].group()) in _LEADING or toks[lo].group() in _DASHES
            or (toks[lo].group().endswith(",") and _bare(toks[lo].group()).endswith("ly"))):
        lo += 1
    hi = _cut(toks, lo, hi, -1 if last is None else last)
    kept = [_bare(m.group()) for m in toks[lo:hi]]
    if all(w in _LEADING or w in _CIRCUMSTANCE or w in _DETERMINERS or not w for w in kept):
        return mention  # nothing but function words would be left ("- at which point the crowd")
    out = mention[toks[lo].start() : toks[hi - 1].end()].strip(" ,;:—―–->")
    return out[1:] if out.startswith("(") and out.count("(") > out.count(")") else out


def _opener(speaker: str, text: str, memo: dict) -> bool:
    """A one-word speaker that is an adverb or a preposition the article also writes in lower case ("Nearly" of
    "Nearly half of them said", "Despite", "Even"): a sentence's opening word, not a name ("Kelly" is one); or a
    speaker a count opens ("One" of "One poll shows", "Some Democrats")."""
    word = speaker.strip(" ,").lower()
    first, _, rest = word.partition(" ")
    if first in _COUNTS or first == "some":
        return True
    return (not rest and (word in _LEADING or word in _OPENING_WORDS or (word.endswith("ly") and len(word) > 4))
            and written_lower(speaker.strip(" ,"), text, memo))


def _function_word(speaker: str) -> bool:
    """A one-word speaker that is an English stop word (jusText's list: "Even", "Such", "Once"), a preposition or
    conjunction that opens sentences ("Despite", "Although") or an adverb ("Nearly", "Hastily")."""
    word = speaker.strip(" ,").lower()
    return " " not in word and (word in stopwords("en") or word in FUNCTION_OPENERS
                                or (word.endswith("ly") and len(word) > 4))


def _owner(speaker: str) -> str | None:
    """The owner's words of a possessive speaker ("Russia's" -> "Russia", "Sanders'" -> "Sanders"), else None."""
    word = speaker.strip(" ,")
    stem = POSSESSIVE.sub("", word)
    return stem if stem and stem != word else None


def _contraction(speaker: str, text: str, memo: dict) -> bool:
    """A one-word speaker that is a common word with "'s" ("It's", "That's", "He's" of a quote's own opening words
    read as its speaker): the article also writes the word, or the word before "'s", in lower case, so no name."""
    word = speaker.strip(" ,")
    stem = _owner(speaker)
    return (stem is not None and " " not in word and word.endswith(("'s", "’s")) and stem[:1].isupper()
            and (written_lower(stem, text, memo) or written_lower(word, text, memo)))


def _possessor(speaker: str, gaz: Gazetteer | None) -> str | None:
    """The actor the gazetteer knows behind a possessive speaker ("Russia's" of "Russia's defence ministry said",
    "NATO's" of "NATO's secretary general"): its body or official speaks for a country or an organisation. None
    for any other speaker."""
    stem = _owner(speaker)
    actor = gaz.resolve(stem) if gaz is not None and stem else None
    # A person's campaign, adviser or rivals are not that person ("Trump's campaign manager said").
    return actor.name if actor is not None and actor.type != "person" else None


def _role_possessive(speaker: str) -> bool:
    """A one-word possessive of a title or a body ("Minister's", "Department's"): whose words they were, not who."""
    stem = _owner(speaker)
    return stem is not None and " " not in stem and ROLE.fullmatch(stem.lower()) is not None


_POSSESSED = re.compile(r"^.*?[’']s\s+")
_THE = re.compile(r"^[Tt]he\s+([\w\s-]+?)\s*$")


def _owner_person(q: Quote, owner: str, mention: str, gaz: Gazetteer | None, known) -> str | None:
    """The speaker of a quote whose speaker is a person's name written with "'s" (``owner`` without it): the person
    when the mention is another word for them ("she", after "Donald Trump's campaign"), or is the possessive alone
    and the article or the gazetteer knows the person ("Rubio's claim that ...") or it is a full name; no one when
    the mention is a thing of theirs ("Trump's campaign manager said": not Trump); else as it was ("McDonald's
    said")."""
    if _POSSESSED.match(mention) and _POSSESSED.sub("", mention).strip():
        return None
    full = known(owner, q.start, title_gender(mention, owner)) if known is not None else None  # "Mrs. Clinton's"
    if not (full and " " in full):  # one word may be the quote's own speaker, just remembered
        actor = gaz.resolve(owner) if gaz is not None else None
        full = actor.name if actor is not None and actor.type == "person" else None
    if POSSESSIVE.search(mention.strip(" ,")):
        # A full name is a person's even where nothing knew it ("Hillary Clinton's"); one word may be a firm's
        # own name ("McDonald's said").
        return full or (owner if " " in owner else q.speaker)
    return full or owner


def tidy_quotes(quotes: list[Quote], gaz: Gazetteer | None, text: str = "", known=None) -> None:
    """Tidies each quote's speaker mention in place. A speaker that is the mention's own words and no actor the
    gazetteer knows is tidied first ("Although Weiner" -> "Weiner"), or dropped when it is a sentence's opening
    word ("Nearly"); the speaker's words then stay whole. ``known(name, pos, gender)``: the full name an article used
    before ``pos`` for a name (of a title's gender, "m" or "f", where it tells one), or None."""
    memo: dict = {}  # the article's lower-case words (names.written_lower)
    bodies: dict[str, str] = {}  # "air force" -> Ukraine, after "Ukraine's air force said"
    for q in quotes:
        if not q.speaker_mention or q.cue == "transcript":
            continue
        named = described_name(q.speaker_mention)
        if named is not None and q.speaker and q.speaker in named[0]:  # reported speech's "<description>, <Name>"
            q.speaker_mention, q.affiliation = named[0], q.affiliation or named[1]
        mention = q.speaker_mention
        speaker = q.speaker if q.speaker and q.speaker in mention else None
        if speaker and (gaz is None or gaz.resolve(speaker) is None):
            speaker = q.speaker = tidy(speaker)
            if (_opener(speaker, text, memo) or common_word(speaker, text, memo)
                    or (_function_word(speaker) and only_opening(speaker, text, memo))):
                speaker = q.speaker = None  # no speaker rather than a wrong one ("Voters", "Some Democrats")
        if q.speaker and _contraction(q.speaker, text, memo):
            speaker = q.speaker = None  # "It's", however it was reached (a quote's words, a pronoun's antecedent)
        if q.speaker and (owner := _possessor(q.speaker, gaz)) is not None:
            q.speaker = owner  # the mention keeps the article's words ("Russia's defence ministry")
            bodies[_POSSESSED.sub("", mention).strip(" ,").lower()] = owner
        elif q.speaker is None and (body := _THE.match(mention)) and body.group(1).lower() in bodies:
            q.speaker = bodies[body.group(1).lower()]  # "the air force said": the body named with its owner before
        elif q.speaker and _role_possessive(q.speaker):
            speaker = q.speaker = None  # "Minister's" of "The Prime Minister's spokesman": a title's, no one's name
        elif q.speaker and (owner := _owner(q.speaker)) is not None:
            speaker = q.speaker = _owner_person(q, owner, mention, gaz, known)
        q.speaker_mention = tidy(mention, speaker)
        rest = mention[mention.find(q.speaker_mention) + len(q.speaker_mention) :] if q.speaker_mention in mention else ""
        aside = _RELATIVE_ASIDE.match(rest)
        if aside and q.affiliation is None:  # "X, who runs the gym": a description, as an appositive's is
            q.affiliation = aside.group(1).strip(" ,—―–-")
