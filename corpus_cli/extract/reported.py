"""Reported speech: what someone said without quotation marks, as quotes of kind ``indirect``.

One sentence at a time, a sentence holding no quotation marks: "X said (that) ...", "X told Y (that) ...",
"X has argued ...", "..., X said.", "..., said X.", "According to X, ..." and "..., according to X." The text is
the reported content; the speaker mention is the subject before the verb, resolved as for quotes. The words
that head a cue are chosen by a token model, each gives candidates, and a candidate model keeps or drops each
(both fitted on PolNeAR's train split: reported_model.py; the facts it weighs: reported_facts.py).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from corpus_cli.extract import speaker_subjects as ss
from corpus_cli.extract.cues import AUXILIARIES, DETERMINERS, INDIRECT_VERBS
from corpus_cli.extract.names import runs
from corpus_cli.extract.reported_facts import circumstance, features, opens_circumstance, plausible_speaker
from corpus_cli.extract.reported_model import BELIEF_WORDS, CueModel, may_be_cue, tokens, verb_form
from corpus_cli.extract.reported_subjects import (  # noqa: F401  (sentence_subject: reported's own name for it)
    SUBORDINATOR,
    cue_subject,
    opening_words,
    sentence_subject,
)
from corpus_cli.extract.reported_tagger import Tagged, agreement, same_content, word_counts
from corpus_cli.extract.spans import sentences

# After the verb: a time or place ("late on Tuesday", "in a statement", not "said Monday was") and "that" before the
# content; the source it cites ("reported, citing a source, that"), or another phrase ("said, twice, that").
_LEAD_IN = re.compile(r"^,\s+[^,;]{1,80},\s+that\s+|^(?:\s+(?:out|about|for|of|against)\b)?(?:\s*,)?(?:\s+(?:on|last|this|in|at|during|late|early|earlier)\b[^,;]{0,40}?)??\s+that\s+"
                      r"|^(?:\s+(?:out|about|for|of|against)\b)?(?:(?:\s+(?:late|early|earlier))?(?:\s+(?:on|last|this))?"
                      r"\s+(?:\w+day|week|month|year|morning|night|evening)(?:\s+(?:morning|afternoon|evening|night))?"
                      r"(?!,?\s+(?:was|is|were|are|will|would|has|had)\b))?,?\s+(?:that\s+)?")
# "told reporters (that)", "told CNN he": the person told.
_TOLD_OBJECT = re.compile(r"^\s+(?:him|her|them|us|me|reporters|journalists|supporters|the\s+[A-Z][\w.’'&-]*"
                          r"(?:\s+[A-Z][\w.’'&-]*){0,3}|the\s+\w+|[A-Z][\w.’'&-]*"
                          r"(?:\s+[A-Z][\w.’'&-]*){0,3})(?:\s+(?:on|in|at|last|this)\b[^,;]{0,30}?\s+that\b|\s+that\b)?")
_TAIL = re.compile(rf",\s+(?:(?P<who>[^,]{{1,80}}?)(?:,\s+[^,]{{1,100}},)?\s+(?:(?:{AUXILIARIES})\s+)*"
                   rf"(?P<verb>{INDIRECT_VERBS})|(?P<verb2>said|says|say|added|wrote|argued|noted|explained)\s+"
                   r"(?P<who2>[^,]{1,80}?))(?:,[^,]{0,120}|\s+(?:on|in|at|last|this|during|earlier|late|early|to|about|of|"
                   r"after|before|while|when)\b[^,]{0,50})?\.?$")
_ACCORDING_HEAD = re.compile(r"^(?:[^,]{1,40},\s+)?[Aa]ccording to\s+(?P<who>[^,]{1,80}),\s+"
                             r"(?P<desc>(?:an?|the)\s+[^,]{1,60},\s+)?")
# What opens a clause after "According to X, a description,": a capitalised word or one of these.
_CLAUSE_START = DETERMINERS | frozenset("he she they it we there some many most".split())
# "..., according to the Human Rights Campaign, an advocacy group."
_ACCORDING_TAIL = re.compile(r",\s+according to\s+(?P<who>[^,]{1,80}?)(?:,\s+[^,]{1,80})?\.?$")
# "On top of that, opponents say, the wage increase will ...": the content stands on both sides of the cue.
_INSERTED = re.compile(rf"^(?P<pre>[^,]{{12,}}?),\s+(?P<who>[^,]{{1,60}}?)\s+(?:(?:{AUXILIARIES})\s+)*"
                       r"(?P<verb>said|says|say|argued|argues|argue|noted|added|insisted|warned|"
                       r"contended|contends|acknowledged|predicted|claimed|claims),\s+(?P<post>\S)")
_QUOTE_MARKS = re.compile(r"[\"“”«»]|''")
# A reported clause ends before ", which ...", ", adding ...", a dash or a semicolon.
_CLAUSE_CUT = re.compile(r",\s+(?:which|who|when|where|while|whereas|although|though|but|adding|saying|including|"
                         r"according|as|even as|in a|in an)\b|\s[—–-]\s|;|\s\(")
# A second clause the content may stop before: ", and ...", " and has ...", ", while ...", a comma.
_NEXT_CLAUSE = re.compile(r",?\s+(?:and|but|or)\s+(?:has|have|had|is|was|are|were|will|would|said|says|then|also)\b"
                          r"|,\s+(?:and|but|while|so|because|if|after|before|since|until)\b|,")
# "..., saying (that) ...": the sentence's subject said it.
# After a quote whose comma stands inside its marks ('"...," claiming that ...') the participle opens the rest.
_PARTICIPLES = ("saying|arguing|adding|noting|claiming|insisting|warning|explaining|suggesting|stating|contending"
                "|asserting")
_PARTICIPLE = re.compile(rf"(?:,\s+|^(?=\w))(?P<verb>{_PARTICIPLES})\s+(?:that\s+)?")
_PARTICIPLE_OPENS = re.compile(rf"(?:{_PARTICIPLES})\b")
_WORD = re.compile(r"\w+")
_COMMA_THAT = re.compile(r",\s+that\s")

# Words a reported clause does not open with ("Manafort said was in the works": the subject is elsewhere).
_NOT_CLAUSE_OPENERS = frozenset("was is were are would will had has have been during and or but by".split())


def _content(text: str) -> str | None:
    text = text.strip().rstrip(".").strip()
    return text if len(_WORD.findall(text)) >= 3 else None


def _clause_end(sentence: str, start: int, end: int) -> int:
    """Where the reported clause from ``start`` ends: before a trailing relative or participle clause."""
    return _clause_ends(sentence, start, end)[0][0]


def _clause_ends(sentence: str, start: int, end: int) -> list[tuple[int, str]]:
    """Where the reported clause from ``start`` may end, each with the fact the model weighs: before a trailing
    clause (", which ...", a dash), before the next clause (", and ...", " and has ..."), or at ``end``. Which is
    right depends on the word; the model decides (one content per cue is kept)."""
    out: list[tuple[int, str]] = []
    for m in _CLAUSE_CUT.finditer(sentence, start, end):
        if len(_WORD.findall(sentence[start : m.start()])) >= 3:
            out.append((m.start(), f"cut={m.group().strip(' ,').split()[0].lower() if m.group().strip(' ,') else ','}"))
            break
    for m in _NEXT_CLAUSE.finditer(sentence, start, end):
        if len(_WORD.findall(sentence[start : m.start()])) >= 3 and (not out or m.start() < out[0][0]):
            out.append((m.start(), f"next={m.group().strip(' ,').split()[0].lower() if m.group().strip(' ,') else ','}"))
            break
    past = out[0][1].replace("cut=", "past=") if out and out[0][1].startswith("cut=") else "past" if out else ""
    return out + [(end, past)]


def _opens_clause(text: str) -> bool:
    """Content after a verb without "that" opens a clause: "said he would", not "said in an interview"."""
    first = text.split(None, 1)[0] if text.strip() else ""
    return first.lower().strip(",") not in _NOT_CLAUSE_OPENERS


def _after_verb(sentence: str, verb: str, rest: int) -> tuple[int, list[tuple[int, str]], tuple[str, ...]] | None:
    """Where the reported content after ``verb`` (ending at ``rest``) starts in ``sentence``, where it may end,
    and whether it opens a clause (a fact for the model)."""
    if verb in ("told", "tells", "tell", "assured", "reminded"):
        obj = _TOLD_OBJECT.match(sentence[rest:])
        if obj is None:
            return None
        rest += obj.end()
    lead = _LEAD_IN.match(sentence[rest:])
    start = rest + (lead.end() if lead else 0)
    # "said, adding that ...": what follows is the participle's content, not this verb's.
    if start >= len(sentence) or not (sentence[start].isalnum() or sentence[start] == "$") or _PARTICIPLE_OPENS.match(sentence, start):
        return None
    opens = bool(lead and "that" in lead.group()) or _opens_clause(sentence[start:])
    return start, _clause_ends(sentence, start, len(sentence.rstrip().rstrip("."))), () if opens else ("no_clause",)


class Candidate(NamedTuple):
    """One possible piece of reported speech in a sentence: who, the cue, where the content stands, and the
    facts the model weighs."""

    who: str | None
    cue: str | None  # None: a tagger content with no cue run
    start: int
    end: int
    features: tuple[str, ...]
    anchor: int  # where its cue stands: one content per cue is kept


# "it was reported that ...", "it has been revealed that ...": reported by no one named.
_PASSIVE = re.compile(r"\b[Ii]t\s+(?:was|is|has\s+been|had\s+been)\s+(?P<verb>\w+ed)\b[^,;]{0,40}?\s+that\s+")
_PASSIVE_AUX = frozenset("is are was were been".split())
AUXILIARY_SET = frozenset(AUXILIARIES.split("|"))


def _auxiliary(word: str) -> bool:
    """A word that may stand between a subject and its cue: "has", "repeatedly"."""
    return word.islower() and (word in AUXILIARY_SET or word.endswith("ly"))  # not "Mrs. Schlafly", "Will Hurd"


def _cues(sentence: str, model: CueModel) -> list[tuple[int, int, str, list[str], float]]:
    """(start with its auxiliaries, end, cue, auxiliaries, how likely a cue) of each word that may head a cue:
    the token model's words at or above its threshold, or without one the words of ``model.cue_set``."""
    toks = tokens(sentence)
    words = [m.group() for m in toks]
    tm = model.token_model
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if tm is None:
            if lw not in model.cue_set:
                continue
            p = 1.0
        elif not may_be_cue(w) or (p := tm.word_probability(words, i, lw in model.cue_set)) < tm.threshold:
            continue
        k = i  # "has repeatedly said": the auxiliaries right before the cue
        while k and _auxiliary(words[k - 1]) and sentence[toks[k - 1].end() : toks[k].start()].isspace():
            k -= 1
        out.append((toks[k].start(), toks[i].end(), lw, [x.lower() for x in words[k:i]], p))
    return out


def _tail(sentence: str, start: int, end: int) -> tuple[str, int] | None:
    """(speaker, where the content ends) when the cue closes its sentence after a comma: "..., X said (on
    Monday)." and "..., said X, a strategist." The content is what stands before that comma."""
    rest = sentence[end:].strip().rstrip(".").strip()
    head = sentence[:start].rstrip()
    k = head.rfind(",")
    if k < 0:
        return None
    who = head[k + 1 :].strip()
    if who:
        # "..., the air force said on Sunday, in one of the largest attacks": what follows the cue's own words
        # (its circumstance) after a comma is the sentence's, not the speaker's.
        if len(_WORD.findall(rest.split(",", 1)[0])) > 8:
            return None
        k2 = head.rfind(",", 0, k)
        if who[:1].islower() and k2 >= opening_words(head) and len(_WORD.findall(head[k2:k])) <= 6 and runs(head[k2 + 1 : k]):
            who, k = head[k2 + 1 : k].strip(), k2  # "..., Bill Hyers, a strategist, said."
    elif sentence[start:end].endswith("ing"):
        return None  # "..., citing the treaty": a participle's object, not a speaker after an inverted verb
    else:
        who = rest.split(",", 1)[0].strip()  # "..., said Bill Hyers, a strategist who ..."
    if not plausible_speaker(who) or not _content(head[:k]):
        return None
    return who, k


def _verb_candidates(sentence: str, model: CueModel, quote_follows: bool) -> list[Candidate]:
    """Candidates of the forms "X <cue> (that) content" and "content, X <cue>.", each cue's."""
    out = []
    first = opening_words(sentence)
    # A passive cue's subject is not who spoke ("The report was released ...").
    cues = [c for c in _cues(sentence, model) if c[2].endswith("ing") or not _PASSIVE_AUX.intersection(c[3])]
    tails = [_tail(sentence, start, end) for start, end, *_ in cues]
    afters = [_after_verb(sentence, cue, end) for _, end, cue, *_ in cues]
    # "TASS reported, citing a source, that ...": a cue inside another's lead-in stops before its ", that".
    leads = [(c[1], a[0]) for c, a in zip(cues, afters) if a and _COMMA_THAT.search(sentence, c[1], a[0])]
    # "X struck ..., Governor Y said Tuesday.": no content runs past the comma its sentence is attributed at.
    attributed = [t[1] for t in tails if t]
    for (start, end, cue, aux, p), tail, after in zip(cues, tails, afters):
        likely = f"cp={min(9, int(p * 10))}", f"listed={cue in model.cue_set}"
        if tail:
            feats = features(sentence, tail[0], cue, "tail", (first, tail[1]), bool(aux), quote_follows) + likely
            out.append(Candidate(tail[0], cue, first, tail[1], feats, start))
        who, who_np, far = cue_subject(sentence[:start].rstrip())
        if who is None:
            continue  # content with no one to say it: measured, it costs more end to end than it adds
        past_comma = after is not None and "," in sentence[end : after[0]]
        for stop, fact in after[1] if after else ():
            if any(after[0] < k < stop for k in attributed) or any(a <= start < b < stop for a, b in leads):
                continue
            content = sentence[after[0] : stop]
            if tail and (opens_circumstance(content) or SUBORDINATOR.match(content)):
                continue  # "..., X said on Monday, as allies met": the words after a closing cue are the sentence's
            if _content(content) and not (past_comma and circumstance(content)):
                feats = features(sentence, who, cue, "who" if who_np else "after", (after[0], stop), bool(aux),
                                 quote_follows, fact) + likely + after[2] + far
                out.append(Candidate(who, cue, after[0], stop, feats, start))
    return out


def _other_candidates(sentence: str, quote_follows: bool, subject: str | None = None) -> list[Candidate]:
    """"According to X, ...", "..., saying ...", "..., X said.", "it was reported that ..."; ``subject`` is who a
    participle with no subject before it in ``sentence`` has."""
    out = []
    end, first = len(sentence.rstrip().rstrip(".")), opening_words(sentence)

    def add(who, cue, form, a, b):
        if _content(sentence[a:b]) and (plausible_speaker(who) or (who is None and form == "passive")):
            feats = features(sentence, who, cue, form, (a, b), False, quote_follows)
            out.append(Candidate(who, cue, a, b, feats, -1 - len(out)))  # each form its own cue

    if m := _ACCORDING_HEAD.match(sentence):
        # "According to the ISW, a Washington-based think tank, Russian forces ...": a description (no finite verb),
        # before what opens a clause, is the source's.
        desc, nxt = m.group("desc"), (sentence[m.end() :].split(None, 1) or [""])[0]
        own = desc and verb_form(desc) in ("none", "ed") and (nxt[:1].isupper() or nxt.lower() in _CLAUSE_START)
        add(m.group("who"), "according to", "according_head", m.start("desc") if desc and not own else m.end(), end)
    if m := _ACCORDING_TAIL.search(sentence):
        add(m.group("who"), "according to", "according_tail", first, m.start())
    if m := _PARTICIPLE.search(sentence):
        add(ss.leading_np(sentence[first : m.start()]) or subject, m.group("verb"), "participle", m.end(),
            _clause_end(sentence, m.end(), end))
    inserted = _INSERTED.match(sentence)
    if not inserted and (m := _TAIL.search(sentence)):
        add(m.group("who") or m.group("who2"), (m.group("verb") or m.group("verb2")).lower(), "tail", first,
            m.start())
    if m := inserted:
        add(m.group("who"), m.group("verb").lower(), "inserted", 0, end)
    if m := _PASSIVE.search(sentence):
        add(None, m.group("verb").lower(), "passive", m.end(), _clause_end(sentence, m.end(), end))
    return out


def candidates(sentence: str, model: CueModel, quote_follows: bool = False, after_quote: bool = False,
               subject: str | None = None, tagged: Tagged | None = None, shift: int = 0) -> list[Candidate]:
    """Every candidate of one sentence, one per content span. ``quote_follows``: the sentence went on with a
    quote, so content that runs up to it is part of a partial quote's sentence, not reported speech of its own;
    ``after_quote``: ``sentence`` is what follows a quote in its sentence (a fact for the model), whose
    subject, before the quote, is ``subject``; ``tagged``: the whole sentence as the tagger read it, ``sentence``
    standing at ``shift`` in it."""
    mark = _QUOTE_MARKS.search(sentence)
    if mark:
        sentence, quote_follows = sentence[: mark.start()], True  # quoted words are the quote extractor's
    found: dict[tuple[int, int], Candidate] = {}
    for c in _other_candidates(sentence, quote_follows, subject) + _verb_candidates(sentence, model, quote_follows):
        found.setdefault((c.start, c.end), c)
    out = list(found.values())
    if tagged is not None:
        out = _with_tagger(sentence, out, tagged, shift, model.tagger.speaker if model.tagger else "source")
    kept = []
    for c in out:
        if quote_follows and not sentence[c.end :].strip(" ,.;:—–-"):
            continue
        if after_quote and "circ" in c.features and ("fin=none" in c.features or "fin=s" in c.features):
            continue  # '"...," X said at a news conference in Iowa': where the quote was said
        # After a quote, whether the rest speaks depends on its form ("..., adding that" does, "said at" not).
        aq = ("after_quote", f"after_quote|{c.features[1]}") if after_quote else ()
        kept.append(c._replace(features=c.features + aq))
    return kept


def _with_tagger(sentence: str, cands: list[Candidate], tagged: Tagged, shift: int, how: str) -> list[Candidate]:
    """``cands`` with the tagger's agreement as facts, and the tagger's content runs of 3+ words that no
    candidate matches (the bench's rule) as candidates of form ``tagger``; their speaker as ``how`` says
    (tagger_speaker)."""
    out = [c._replace(features=c.features + tuple(agreement(tagged, c.start + shift, c.end + shift, c.features[1])))
           for c in cands]
    known = [word_counts(sentence[c.start : c.end]) for c in cands]
    for k, (r, w) in enumerate(zip(tagged.runs, tagged.run_words)):
        a, b = r.start - shift, r.end - shift
        n = sum(w.values())
        if a < 0 or b > len(sentence) or n < 3 or any(same_content(w, x) for x in known):
            continue
        if r.cue and BELIEF_WORDS.intersection(x.lower() for x in _WORD.findall(tagged.text[r.cue[0] : r.cue[1]])):
            continue  # "He thinks that ...": what someone holds, not what they said (README, Quotes)
        facts = ("tagger", "form=tagger", f"tagger|src={r.source is not None}", f"tagger|cue={r.cue is not None}",
                 f"tagger|len={min(n, 30) // 5}", *agreement(tagged, r.start, r.end, "form=tagger"))
        cue = tagged.text[r.cue[0] : r.cue[1]].lower() if r.cue else None
        out.append(Candidate(tagger_speaker(sentence, tagged, r, shift, how), cue, a, b, facts, -1000 - k))
    return out


def tagger_speaker(sentence: str, tagged: Tagged, run, shift: int, how: str) -> str | None:
    """Who said a tagger's content: its source run ("source"), or ("rules") the rules' subject of its cue run
    when the cue stands before the content in ``sentence`` (cue_subject), else its source run."""
    if how == "rules" and run.cue and 0 <= run.cue[0] - shift and run.cue[1] <= run.start:
        who = cue_subject(sentence[: run.cue[0] - shift].rstrip())[0]
        if who is not None:
            return who
    return tagged.text[run.source[0] : run.source[1]] if run.source else None


def find_reported(sentence: str, model: CueModel, quote_follows: bool = False, after_quote: bool = False,
                  subject: str | None = None, tagged: Tagged | None = None, shift: int = 0) -> list[Candidate]:
    """The candidates of one sentence the model keeps, in the order they stand."""
    found = candidates(sentence, model, quote_follows, after_quote, subject, tagged, shift)
    scored = sorted(((model.probability(list(c.features)), c) for c in found), key=lambda pc: -pc[0])
    return sorted(keep_distinct([(p, c, sentence[c.start : c.end]) for p, c in scored], model.threshold),
                  key=lambda c: c.start)


def keep_distinct(scored: list[tuple[float, Candidate, str]], threshold: float) -> list[Candidate]:
    """The candidates at or above ``threshold``, best first, without one that shares half of each side's words
    with a better one (the same content found by two cues: "opponents say" inside and after it), and one content
    per cue (where it ends: before a trailing clause or past it)."""
    kept: list[tuple[Candidate, Counter]] = []
    for p, c, text in scored:
        if p < threshold:
            break
        w = Counter(x.lower() for x in _WORD.findall(text))
        n = sum(w.values())
        if all(k.anchor != c.anchor and ((common := sum((w & kw).values())) < 0.5 * n or common < 0.5 * sum(kw.values()))
               for k, kw in kept):
            kept.append((c, w))
    return [c for c, _ in kept]


def sentence_parts(par: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int, int | None, bool]]:
    """How reported speech is read from each sentence of a paragraph whose quotations are ``spans``: (start, end,
    cut, last, opens_inside). A sentence is read up to ``cut``, its first quotation (not at all when it opens inside
    one, ``opens_inside``), and from ``last``, where its last quotation ends (None: no quotation ends inside it)."""
    out = []
    for a, b in sentences(par):
        cut = min([b] + [s for s, e in spans if a <= s < b])
        opens_inside = any(s < a < e for s, e in spans)
        last = max((e for s, e in spans if a < e < b), default=None)
        if last is not None:
            last += len(par[last:b]) - len(par[last:b].lstrip(" \"”'’"))
        out.append((a, b, cut, last, opens_inside))
    return out


def paragraph_reported(par: str, spans: list[tuple[int, int]], model: CueModel, pick=find_reported
                       ) -> list[tuple[int, Candidate]]:
    """(sentence offset, candidate) of the reported speech kept in a paragraph's sentences; ``spans`` are its
    quotations: a sentence is read up to its first and from its last one, and not before a quote it opens inside.
    ``pick`` is ``candidates`` to have every candidate (what the model is fitted on)."""
    out = []
    for a, b, cut, last, opens_inside in sentence_parts(par, spans):
        # The tagger reads the whole sentence once, quotes and all (as it was fitted).
        tagged = model.tagger.tag(par[a:b], model) if model.tagger and (last or not opens_inside) else None
        if not opens_inside:
            out += [(a, c) for c in pick(par[a:cut], model, quote_follows=cut < b, tagged=tagged)]
        # '"...," she said, recalling the thinking ...': what follows a sentence's last quote may be reported too.
        if last is not None:
            # A quote ends inside the sentence and none opened before it, so one starts in it: cut < b.
            subject = None if opens_inside else sentence_subject(par[a:cut])
            out += [(last, c) for c in pick(par[last:b], model, after_quote=True, subject=subject, tagged=tagged,
                                            shift=last - a)]
    return out
