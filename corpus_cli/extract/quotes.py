"""Quotations and their speakers, from an article's clean text.

Per paragraph: find quoted spans (curly, straight, guillemet and single marks; single marks inside double
ones are nested, not separate quotes; an unbalanced mark spoils only its own paragraph), then find who
said it: a reporting verb next to the quote in either order, a labelled "Quote:" with its "Source:" line,
"according to X", the subject of the sentence that carries the quote, or, for a paragraph that is all
quote, the previous speaker. Speakers are resolved to full names: pronouns and role descriptions to the
last person named as a speaker, surnames (and spelling variants one letter apart) to the full name used
earlier, organisations and agencies through the actor gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from corpus_cli.extract.actors import Gazetteer
from corpus_cli.models import Quote

VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|stated|states|stressed|stresses|warned|warns|remarked|"
    "continued|wrote|writes|explained|explains|declared|announced|insisted|argued|argues|claimed|claims|"
    "asked|replied|responded|commented|emphasised|emphasized|underlined|underscored|urged|acknowledged|admitted|"
    "confirmed|described|called|promised|pledged|vowed|reported|posted|tweeted|recalled|concluded|suggested|"
    "predicted|observed|cautioned|complained|conceded|mentioned|reiterated|assured|accused|blamed|praised|"
    "saying|stating|noting|adding|warning|writing|stressing|explaining|describing|calling|urging|insisting"
)
_VERB = re.compile(rf"\b(?:{VERBS})\b")
PRONOUNS = {"he": "m", "she": "f", "they": "p", "him": "m", "her": "f"}
_NAME_TOKEN = r"[A-Z][\w’'-]*"
# After the quote: ', Bruce said.' / ', said Kim.' / ' KCNA reported.'
_AFTER_SUBJ_VERB = re.compile(
    rf"^[\s,.!?;:—–-]*(?P<who>(?:the\s+|The\s+)?(?:(?:[a-z][\w-]*\s+){{0,3}}{_NAME_TOKEN}|he|she|they)(?:\s+(?:{_NAME_TOKEN}|of|for|the))*)"
    rf"(?:,[^,]{{1,80}},)?\s+(?:also\s+|later\s+|then\s+)?(?P<verb>{VERBS})\b",
)
_AFTER_VERB_SUBJ = re.compile(rf"^[\s,]*(?P<verb>said|says|added|noted|wrote|told|stated)\s+(?P<who>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})*)")
_ACCORDING = re.compile(rf"\baccording to\s+(?P<who>(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{_NAME_TOKEN}(?:\s+(?:of|{_NAME_TOKEN}))*)")
_LABEL_QUOTE = re.compile(r"^\s*(?:quote|цитата)\s*:\s*", re.I)
_SOURCE_LINE = re.compile(r"^\s*(?:source|джерело)\s*:\s*(?P<rest>.+)$", re.I)
_ROLE = re.compile(
    r"\b(?:spokesman|spokeswoman|spokesperson|representative|minister|ministry|president|secretary|official|"
    r"ambassador|envoy|leader|chief|head|adviser|advisor|commander|diplomat|agency|department)\b",
    re.I,
)
_AFFIL = re.compile(r"^(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}),\s+(?P<role>[^,]{3,120}?)(?:,|$)")

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“”", "‹": "›", "「": "」"}
_SENT_END = re.compile(r"[.!?][\"'”’»]?\s+(?=[\"“‘«A-ZА-Я])")


@dataclass
class _State:
    persons: list[str] = field(default_factory=list)  # full names known in the article, in order
    last_speaker: str | None = None
    last_person: str | None = None
    source_person: tuple[str, str | None] | None = None  # (name, affiliation) from a "Source:" line


_MARK = re.compile(r"[“«„‹「\"‘']")
_CLOSERS: dict[str, re.Pattern] = {}


def _close_re(close: str) -> re.Pattern:
    """The closing mark(s); a closing single quote is not an apostrophe inside a word (don't)."""
    pat = _CLOSERS.get(close)
    if pat is None:
        body = "[" + re.escape(close) + "]"
        pat = re.compile(body + r"(?![^\W_])" if close == "’'" else body)
        _CLOSERS[close] = pat
    return pat


def _spans(par: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level quoted span in a paragraph, including its marks."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(par)
    while i < n:
        m = _MARK.search(par, i)
        if m is None:
            break
        i = m.start()
        ch = par[i]
        close = None
        if ch in _OPEN_CLOSE:
            close = _OPEN_CLOSE[ch]
        elif ch == '"':
            close = '"'
        elif ch in "‘'" and (i == 0 or not par[i - 1].isalnum()) and i + 1 < n and par[i + 1].isalnum():
            close = "’'"
        if close is None:
            i += 1
            continue
        cm = _close_re(close).search(par, i + 1)
        j = cm.start() if cm else n
        if j >= n:
            # Unclosed: a paragraph that opens with a mark and runs on (the quote continues in the next
            # paragraph, news style). Elsewhere an unbalanced mark spoils only this paragraph.
            if i == 0 or par[:i].strip() == "":
                spans.append((i, n))
            break
        spans.append((i, j + 1))
        i = j + 1
    return spans


_WORD = re.compile(r"\w+")


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def quote_key(text: str) -> str:
    """Normalised key: the same quote carried by several outlets gives the same key."""
    t = text.lower() if text.isascii() else unicodedata.normalize("NFKD", text.casefold())
    if not t.isascii():
        t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(t))


def _sentence_bounds(par: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENT_END.finditer(par):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.start() + 1
    return start, len(par)


def _similar(a: str, b: str) -> bool:
    """Spelling variants one edit apart (Tykhyi / Tykhii)."""
    a, b = a.casefold(), b.casefold()
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:k] + b[k + 1 :] == a for k in range(len(b)))


def _resolve(mention: str, state: _State, gaz: Gazetteer | None) -> tuple[str | None, float]:
    m = mention.strip(" ,.")
    low = m.lower()
    if low in PRONOUNS:
        return state.last_person or state.last_speaker, 0.7
    words = m.split()
    # "the Foreign Ministry representative", "the spokesman": the person last named in that role.
    if words and words[0].lower() in {"the", "a", "an"} and _ROLE.search(m) and not re.search(r"\b(?:from|of|for)\b", m):
        if gaz is not None:
            actor = gaz.resolve(" ".join(words[1:]))
            if actor is not None:
                return actor.name, 0.8
        return state.last_person or state.last_speaker, 0.6
    # "A spokesperson from the US Department of State": the organisation speaks.
    org = re.search(r"\b(?:from|of|for|at)\s+(?:the\s+)?(?P<org>[A-Z].+)$", m)
    if org and _ROLE.search(m.split(org.group(0))[0] or ""):
        if gaz is not None:
            actor = gaz.resolve(org.group("org"))
            if actor is not None:
                return actor.name, 0.8
        return org.group("org"), 0.6
    core = re.sub(r"^(?:the|a|an)\s+", "", m, flags=re.I)
    for person in reversed(state.persons):
        if core == person:
            return person, 0.95
    last = core.split()[-1] if core.split() else core
    for person in reversed(state.persons):
        pw = person.split()
        if len(core.split()) == 1 and (_similar(last, pw[-1]) or _similar(last, pw[0])):
            return person, 0.9
        if len(core.split()) > 1 and person.endswith(core):
            return person, 0.9
    if gaz is not None:
        actor = gaz.resolve(core)
        if actor is not None:
            return actor.name, 0.9
        # "Russian leader Vladimir Putin": the name after the role words.
        for k in range(1, len(core.split())):
            actor = gaz.resolve(" ".join(core.split()[k:]))
            if actor is not None:
                return actor.name, 0.85
    # "union leader Piotr Zielinski": the capitalised name after lower-case role words.
    tail = re.search(r"(?:[A-Z][\w’'-]+\s+)*[A-Z][\w’'-]+$", core)
    if tail and tail.group() != core:
        return _resolve(tail.group(), state, gaz)
    if core[:1].isupper():
        return core, 0.75
    return None, 0.0


def _known_persons(text: str, gaz: Gazetteer | None, actor_hits=None) -> list[tuple[int, str]]:
    """Full names in the text: gazetteer people, "Source:" lines, names after role words."""
    found: list[tuple[int, str]] = []
    if gaz is not None:
        for name, start, _ in actor_hits if actor_hits is not None else gaz.find(text):
            if gaz.actors[name].type == "person":
                found.append((start, name))
    for m in re.finditer(
        r"\b(?:spokesman|spokeswoman|spokesperson|minister|president|secretary|leader|chief|ambassador|envoy|"
        r"official|adviser|director|commander|dictator)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2})",
        text,
    ):
        found.append((m.start("name"), m.group("name")))
    for m in re.finditer(r"(?m)^\s*(?:source|джерело)\s*:\s*(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}),", text, re.I):
        found.append((m.start("name"), m.group("name")))
    return sorted(found)


def _subject_before(prefix: str) -> tuple[str | None, str | None]:
    """(speaker mention, cue) from the part of a sentence before a quote."""
    m = _ACCORDING.search(prefix)
    if m:
        return m.group("who"), "according to"
    # The reporting verb closest to the quote ("X responded ..., while Y described it as "...").
    # A verb that opens a "that" clause holding the quote ("She added that the US continues "...") wins
    # over verbs inside that clause.
    verbs = list(_VERB.finditer(prefix))
    verb = next((v for v in verbs if re.match(r"\s+that\b", prefix[v.end():])), verbs[-1] if verbs else None)
    if verb is None:
        return None, None
    if verb.group().endswith("ing"):
        # "A spokesperson from X expressed concerns, stating, "...": the sentence's subject speaks.
        lead = _leading_np(prefix)
        if lead:
            return lead, verb.group().lower()
    head = prefix[: verb.start()].rstrip()
    head = re.sub(r"\s+(?:also|later|then|again|has|have|had|repeatedly|once again|previously)$", "", head)
    head = re.sub(r"^(?:\w+:\s+)", "", head)  # "Details: She added ..."
    head = re.sub(r"^(?:In|On|At|After|Before|Last|This)\b[^,]{0,60},\s*", "", head)
    who = re.search(rf"((?:[Tt]he\s+|[Aa]n?\s+)?(?:[\w’'-]+\s+){{0,8}}?(?:{_NAME_TOKEN}|he|she|they|He|She|They))(?:\s+[a-z]+ly)?$", head)
    if not who:
        return None, verb.group().lower()
    mention = who.group(1)
    # Keep the noun phrase: from its first capitalised word, or a leading determiner.
    words = mention.split()
    for k, w in enumerate(words):
        if w[:1].isupper() or w.lower() in {"the", "a", "an", "he", "she", "they"}:
            mention = " ".join(words[k:])
            break
    return mention, verb.group().lower()


_NP_GLUE = {"of", "from", "for", "the", "at", "in", "to", "a", "an", "and"}


def _leading_np(sentence: str) -> str | None:
    """The noun phrase a sentence starts with, up to its first lower-case word that is not a connector
    or a role noun ("A spokesperson from the US Department of State")."""
    sentence = re.sub(r"^(?:\w+:\s+)", "", sentence.strip())
    words = sentence.split()
    out: list[str] = []
    for w in words:
        bare = w.strip(",.;:")
        if bare[:1].isupper() or bare.lower() in _NP_GLUE or _ROLE.fullmatch(bare):
            out.append(bare)
            if bare != w:
                break
        else:
            break
    while out and out[-1].lower() in _NP_GLUE:
        out.pop()
    if not out or not any(x[:1].isupper() for x in out[1:] + out[:1]):
        return None
    return " ".join(out)


def _subject_fallback(sentence_prefix: str) -> str | None:
    """A person or organisation named before the quote in its sentence, for quotes with no cue."""
    names = re.findall(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})+|[A-Z]{{2,}}", sentence_prefix)
    return names[-1] if names else None


def extract_quotes(text: str, gaz: Gazetteer | None = None, actor_hits=None) -> list[Quote]:
    """Quotes in ``text``; ``actor_hits`` is ``gaz.find(text)`` when the caller has it already."""
    state = _State()
    persons_at = _known_persons(text, gaz, actor_hits)
    quotes: list[Quote] = []
    prev_par_quote_open = False
    for pm in re.finditer(r"[^\n]+", text):
        par, base = pm.group(), pm.start()
        # Full names known up to this paragraph's end.
        state.persons = list(dict.fromkeys(n for pos, n in persons_at if pos < base + len(par)))
        src = _SOURCE_LINE.match(par)
        if src:
            aff = _AFFIL.match(src.group("rest"))
            if aff:
                state.source_person = (aff.group("name"), aff.group("role").strip())
                state.last_person = aff.group("name")
            continue
        label = _LABEL_QUOTE.match(par)
        spans = _spans(par)
        continued = prev_par_quote_open
        prev_par_quote_open = bool(spans) and spans[-1][1] == len(par) and par[spans[-1][1] - 1] not in "”»\"’'"
        for s, e in spans:
            closed = not (e == len(par) and par[-1] not in "”»\"’'")
            raw = par[s + 1 : e - 1] if closed else par[s + 1 :]
            lead = len(raw) - len(raw.lstrip())
            inner = raw.strip()
            n_words = _words(inner)
            if n_words < 2:
                continue
            sent_start, sent_end = _sentence_bounds(par, s)
            prefix = par[sent_start:s]
            after = par[e:]
            mention = cue = None
            conf = 0.0
            m = _AFTER_SUBJ_VERB.match(after) or _AFTER_VERB_SUBJ.match(after)
            if m:
                mention, cue = m.group("who"), m.group("verb").lower()
            if mention is None:
                mention, cue = _subject_before(prefix)
            if mention is None and label and state.source_person:
                mention, cue = state.source_person[0], "Quote:"
            affiliation = None
            if mention is None and prefix.strip() == "" and (continued or not after.strip()):
                # A paragraph that is all quote continues the previous speaker.
                if state.last_speaker:
                    mention, cue = state.last_speaker, "continued"
            if mention is None and prefix.strip():
                mention = _subject_fallback(prefix)
                cue = cue or None
            speaker = None
            if mention:
                speaker, conf = _resolve(mention, state, gaz)
                if cue == "continued":
                    conf = 0.6
            if speaker and state.source_person and speaker == state.source_person[0]:
                affiliation = state.source_person[1]
            direct = (prefix.strip() == "" or prefix.rstrip().endswith((":", ",")) or label is not None) and inner[:1].isupper()
            start = base + s + 1 + lead
            end = start + len(inner)
            quotes.append(
                Quote(
                    text=inner,
                    kind="direct" if direct else "partial",
                    start=start,
                    end=end,
                    speaker=speaker,
                    speaker_mention=mention.strip() if mention else None,
                    cue=cue,
                    confidence=round(conf, 2),
                    affiliation=affiliation,
                    key=quote_key(inner),
                )
            )
            if speaker:
                state.last_speaker = speaker
                actor = gaz.actors.get(speaker) if gaz is not None else None
                if (actor is None and len(speaker.split()) >= 2) or (actor is not None and actor.type == "person"):
                    state.last_person = speaker
    return quotes
