"""Quotations and their speakers, from an article's clean text.

Per paragraph: find quoted spans (spans.py), then who said it (speakers.py): a reporting verb next to the
quote in either order ("X said", "said X", "X said: ..."), a labelled "Quote:" with its "Source:" line,
"according to X", the subject of the sentence that carries the quote, or, for a paragraph that is all quote,
the previous speaker; that choice is one candidate of a learned ranking (speaker_model.py), which has the last
word. Names in quoted titles and scare quotes ("so-called ...") are not speech. Sentences
without quotation marks may hold reported speech (reported.py): quotes of kind ``indirect``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_cli.extract import reported_encoder as renc
from corpus_cli.extract import speaker_model as sm
from corpus_cli.extract import speaker_subjects as ss
from corpus_cli.extract import speakers as sp
from corpus_cli.extract.cues import FINITE_WORDS, QUOTE_LABELS, SOURCE_LABELS, VERB_WORDS
from corpus_cli.extract.cyrillic import name_in_guillemets, source_person
from corpus_cli.extract.mentions import tidy_quotes
from corpus_cli.extract.names import classify_run, is_role_run, runs
from corpus_cli.extract.reported import Candidate, paragraph_reported
from corpus_cli.extract.reported_facts import IMPERSONAL
from corpus_cli.extract.reported_model import CueModel, default_model
from corpus_cli.extract.spans import (
    CLOSING_MARKS,
    PARAGRAPH,
    WORD,
    line_around,
    mark_width,
    quote_key,
    quote_spans,
    sentence_ends,
    sentence_start,
)
from corpus_cli.extract.speaker_after import after, dash_attribution
from corpus_cli.extract.transcript import transcript_turns
from corpus_cli.gazetteer import Gazetteer
from corpus_cli.models import Quote
from corpus_cli.textshape import title_like

_LABEL_QUOTE = re.compile(rf"^\s*(?:{QUOTE_LABELS})\s*:\s*", re.I)
_SOURCE_LINE = re.compile(rf"^\s*(?:{SOURCE_LABELS})\s*:\s*(?P<rest>.+)$", re.I)
_AFFIL = re.compile(r"^(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}),\s+(?P<role>[^,]{3,120}?)(?:,|$)")
# Words before a quote that make it a name, not speech: "the so-called "special operation"".
_NAMING = re.compile(r"\b(?:so-called|dubbed|nicknamed|codenamed|code-named|known as|titled|entitled|the film|the book|"
                     r"the song|the novel|the album|the series|the show|the slogan|the hashtag)\W*$", re.I)


# What stands before a show's or a book's title: a possessive ("ABC's"), "on", "show", "book" and the like.
_TITLE_BEFORE = re.compile(r"(?:[’']s|\bon|\bshow|\bprogram|\bbook|\bfilm|\bmovie|\bcolumn|\bpodcast|\bsong|"
                           r"\bepisode|\bheadlined|\bcalled|\bnamed)\W*$", re.I)


@dataclass
class _Span:
    """One quoted span of a paragraph, as the attribution steps see it."""

    base: int  # the paragraph's offset in the text
    par: str
    s: int  # the span's marks, in the paragraph
    e: int
    inner: str  # the words inside the marks
    prefix: str  # the sentence before the quote
    sent_start: int
    labelled: bool  # the paragraph is a "Quote:" line
    view: str  # the paragraph as speakers are read from it (party tags blanked)


def _named_subject(prefix: str, gaz: Gazetteer | None, state: sp.State, pos: int) -> str | None:
    """No reporting verb: the sentence's subject, its first person, else its first name ("Kim Jong Un
    dispatched the troops with a mission to 'annihilate ...'"). A lone capitalised word opening the sentence
    ("Among", "Containment") is a name only when the article or the gazetteer knows it."""

    def known(name: str) -> bool:
        return (" " in name or not prefix.lstrip().startswith(name) or state.match_known(name, pos) is not None
                or (gaz is not None and gaz.resolve(name) is not None))

    subject = ss.sentence_subject(prefix)
    if subject is not None and (subject.lower() in sp.PRONOUNS or subject[:1].islower()
                                or (not is_role_run(subject, gaz) and known(subject))):
        return subject
    names = [r for r in runs(prefix) if not is_role_run(r, gaz) and known(r)]
    people = [r for r in names if classify_run(r, gaz)[0] == "person" and len(r.split()) >= 2]
    return (people or names)[0] if names else None


def _mention(q: _Span, state: sp.State, gaz: Gazetteer | None) -> tuple[str | None, str | None, bool]:
    """(speaker mention, cue, name-comes-first) of a quoted span."""
    mention, cue, first = None, None, False
    if q.inner.endswith((".", "!", "?")) and q.prefix.strip():
        # X said, "....." He added, "...": the sentence closed inside the quote, so the cue before it is its own;
        # so is a cue before a quote that ends its sentence ("..., adding that "...." Y agreed that").
        mention, cue = ss.subject_before(q.prefix)
    if mention is None:
        mention, cue, first = after(q.view[q.e:], q.inner.endswith(","))
    if mention is None and not q.prefix.strip() and (who := dash_attribution(state.text, q.base + q.e)):
        mention, cue, first = who, "—", True  # '"...". ¶ - Bernie Sanders.': the dash line names who said it
    if mention is None:
        mention, cue = ss.subject_before(q.prefix)
        first = False
    if mention is None and q.labelled and state.source_person:
        mention, cue = state.source_person[0], "Quote:"
    colon = q.prefix.rstrip().endswith(":")
    participle = mention is None and cue is not None and cue.endswith("ing")
    if participle and state.last_speaker_pos >= q.base + q.sent_start:
        # "..., X told reporters, adding that ... "...": the speaker earlier in the same sentence.
        mention = state.last_speaker
    elif mention is None and q.prefix.strip() and not colon:
        if (name := _named_subject(q.prefix, gaz, state, q.base + q.s)) is not None:
            mention, cue = name, None
    if mention is None and colon:
        # "Speaking in Brussels, Mark Rutte was unequivocal: "..."": the sentence's named subject.
        names = [r for r in runs(q.prefix) if not is_role_run(r, gaz)]
        if names:
            mention, cue = names[-1], ":"
    if mention is None and not q.prefix.strip() and q.s == len(q.par) - len(q.par.lstrip()):
        # A paragraph that opens with the quote after one that ends on a colon ("Cruz continued:"): its subject.
        mention, cue = _colon_before(state.text, q.base, gaz)
    elif mention is None and not q.prefix.strip() and (
            short := _SHORT_SENTENCE.search(q.par, max(0, q.s - _SHORT_REACH), q.s)):
        # "Dianne Bystrom agreed. "...": a short sentence right before the quote names who speaks in it.
        mention, cue = _verb_follows(short.group("s"), gaz), None
    return mention, cue, first


# Only the text just before the quote is searched: a whole paragraph, once per quote, is quadratic.
_SHORT_REACH = 300
_SHORT_SENTENCE = re.compile(r"(?:^|[.!?]\s+)(?P<s>[A-Z](?:(?![.!?]\s)[^\n\"“”]){3,80}?[a-z]{3,}\.)\s+$")


def _verb_follows(sentence: str, gaz: Gazetteer | None) -> str | None:
    """The subject or first name of ``sentence`` that a verb follows right after, else None."""
    subject = ss.sentence_subject(sentence)
    for who in ([subject] if subject else []) + [r for r in runs(sentence) if not is_role_run(r, gaz)]:
        at = sentence.find(who)
        word = sentence[at + len(who) :].split(maxsplit=1)[:1] if at >= 0 else []
        w = word[0].strip(",:.") if word else ""
        if w[:1].islower() and (w in FINITE_WORDS or w in VERB_WORDS or (w.endswith(("ed", "s")) and len(w) > 3)):
            return who
    return None


def _colon_before(text: str, start: int, gaz: Gazetteer | None) -> tuple[str | None, str | None]:
    """(the subject, ":") of the sentence that ends the paragraph before ``start`` on a colon ("Cruz continued:",
    "17-year-old Jared Potts echoed:"): its subject or first name that a verb follows, else (None, None)."""
    raw = text[max(0, start - 400) : start]
    before = raw.rstrip()
    if not before.endswith(":") or "\n" not in raw[len(before) :]:
        return None, None
    last = sp.SENTENCE_BREAK.split(before)[-1]
    who, cue = ss.subject_before(last)
    if who is not None and cue is not None and (who.lower() in sp.PRONOUNS or runs(who)):
        return who, ":"  # "X, a nominal Republican, said that given the candidates:"
    who = _verb_follows(last, gaz)
    return (who, ":") if who else (None, None)


def _quote(q: _Span, state: sp.State, gaz: Gazetteer | None, open_from_prev: bool) -> Quote | None:
    """The quote of a span with its speaker, or None when the span is a title, not speech."""
    mention, cue, first = _mention(q, state, gaz)
    pos = q.base + q.s
    speaker, conf, description = None, 0.0, None
    if mention is not None:
        speaker, mention, conf, description = sp.resolve_described(mention, state, gaz, pos, pick_first=first)
        if cue is None:
            conf = min(conf, 0.5)
    if speaker is None and q.prefix.strip() == "" and (state.last_speaker or state.last_mention) and (
            open_from_prev or not q.par[q.e:].strip() or state.last_speaker_pos >= q.base):
        # A paragraph that is all quote continues the previous speaker, named by the same words.
        speaker, mention, cue, conf = state.last_speaker, state.last_mention, "continued", 0.6
    if ((speaker is None and mention is None) or (len(q.inner.split()) <= 5 and cue != "continued" and not first
                                                  and _TITLE_BEFORE.search(q.prefix))) and (
            title_like(q.inner) and not q.prefix.strip().endswith(":")):
        return None  # a title in quotes ("All Quiet on the Western Front", ABC's "This Week"), not speech
    if state.speaker_model is not None:  # the rules' choice is one candidate of the learned ranking
        speaker, mention, cue, conf, description = sm.rerank(q, state, gaz, (speaker, mention, cue, conf, description))
    direct = (q.prefix.strip() == "" or q.prefix.rstrip().endswith((":", ",")) or q.labelled) and q.inner[:1].isupper()
    w = mark_width(q.par, q.s)
    raw = q.par[q.s + w:]
    start = pos + w + len(raw) - len(raw.lstrip())
    source = state.source_person
    return Quote(
        text=q.inner, kind="direct" if direct else "partial", start=start, end=start + len(q.inner),
        speaker=speaker, speaker_mention=" ".join(mention.split()).strip(" ,") if mention else None, cue=cue,
        confidence=round(conf, 2),
        affiliation=description or (source[1] if source and speaker == source[0] else None),
        key=quote_key(q.inner),
    )


def _remember(quote: Quote, pos: int, state: sp.State, gaz: Gazetteer | None) -> None:
    """A quote's speaker is the last speaker, and a person named from here on."""
    speaker = quote.speaker
    if speaker or quote.speaker_mention:
        state.last_speaker, state.last_speaker_pos = speaker, pos
        state.last_mention = quote.speaker_mention
    if speaker:
        actor = gaz.actors.get(speaker) if gaz is not None else None
        # A surname alone is a person once a reporting verb makes it a speaker ("Bozell notes"; then "he adds").
        if (actor is None and (len(speaker.split()) >= 2 or quote.cue not in (None, "continued", ":"))
                or (actor is not None and actor.type == "person")):
            state.add_person(pos, speaker)


def _markup_or_figures(par: str, s: int, inner: str) -> bool:
    """A quoted value of markup (``datetime="2016-06-28"`` after ``=``) or quoted figures with no letter: no one's
    words."""
    return par[s - 1 : s] == "=" or not any(ch.isalpha() for ch in inner)


def _paragraph(base: int, par: str, spans, src: re.Match | None, state: sp.State, gaz: Gazetteer | None,
               quotes: list[Quote], open_from_prev: list[int]) -> list[int]:
    """Appends the quotes of one paragraph (``src``: its "Source:" line's match); returns the indexes of those left
    open at its end."""
    if src:
        aff = _AFFIL.match(src.group("rest"))
        if aff:
            state.source_person = (aff.group("name"), aff.group("role").strip())
        elif who := source_person(src.group("rest")):  # "Джерело: речниця Ірина Шевчук"
            state.source_person = (who, None)
        return open_from_prev  # a "Source:" line holds no quotes and closes none
    labelled = _LABEL_QUOTE.match(par) is not None
    view = sp.mask_party_tags(par)
    still_open: list[int] = []
    ends = sentence_ends(par)
    for s, e in spans:
        closed = not (e == len(par) and par[-1] not in CLOSING_MARKS)
        w = mark_width(par, s)
        inner = (par[s + w : e - w] if closed else par[s + w :]).strip()
        if len(WORD.findall(inner)) < 2 or _markup_or_figures(par, s, inner):
            continue
        sent_start = sentence_start(par, s, ends)
        prefix = _LABEL_QUOTE.sub("", view[sent_start:s]) if labelled else view[sent_start:s]  # "Цитата:" names no one
        if _NAMING.search(prefix) or name_in_guillemets(par[s], inner, prefix, par[e:]):
            continue
        q = _Span(base, par, s, e, inner, prefix, sent_start, labelled, view)
        quote = _quote(q, state, gaz, bool(open_from_prev))
        if quote is None:
            continue
        quotes.append(quote)
        if not closed:
            still_open.append(len(quotes) - 1)
        _remember(quote, base + s, state, gaz)
    # A quote left open runs on into this paragraph: it has this paragraph's speaker.
    for k in open_from_prev:
        if quotes[k].speaker is None or quotes[k].cue == "continued":
            nxt = next((q for q in quotes[k + 1 :] if (q.speaker or q.speaker_mention) and q.cue != "continued"),
                       None)
            if nxt is not None:
                quotes[k].speaker, quotes[k].cue, quotes[k].confidence = nxt.speaker, "continued", 0.7
                quotes[k].speaker_mention = nxt.speaker_mention
    return still_open


def _reported(base: int, par: str, found: list[tuple[int, Candidate]], state: sp.State, gaz: Gazetteer | None
              ) -> list[Quote]:
    """The reported speech ``found`` in a paragraph's sentences (by the rules, reported.py, or the encoder,
    reported_encoder.py), with speakers resolved as for quotes."""
    out: list[Quote] = []
    for a, c in found:
        pos = base + a
        named = c.who and c.who.strip(" ,").lower() not in IMPERSONAL
        speaker, conf = sp.resolve(c.who, state, gaz, pos) if named else (None, 0.0)
        content = par[a + c.start : a + c.end]
        start = pos + c.start + len(content) - len(content.lstrip())
        content = content.strip()
        out.append(Quote(text=content, kind="indirect", start=start, end=start + len(content), speaker=speaker,
                         speaker_mention=c.who.strip(" ,•·*-") if c.who else None, cue=c.cue,
                         confidence=round(min(conf, 0.7), 2), key=quote_key(content)))
        _remember(out[-1], pos, state, gaz)
    return out


def _turn(base: int, par: str, turn: tuple[str, int], state: sp.State, gaz: Gazetteer | None) -> Quote:
    """A transcript's turn ("PENCE: Well, look, ...") as a direct quote of the labelled speaker."""
    label, at = turn
    raw = par[at:]
    text = raw.strip(" \t\"“”")
    start = base + at + len(raw) - len(raw.lstrip(" \t\"“”"))
    speaker, conf = sp.resolve(label.title(), state, gaz, base)
    quote = Quote(text=text, kind="direct", start=start, end=start + len(text), speaker=speaker,
                  speaker_mention=label, cue="transcript", confidence=round(min(conf, 0.8), 2), key=quote_key(text))
    _remember(quote, base, state, gaz)
    return quote


def extract_quotes(text: str, gaz: Gazetteer | None = None, actor_hits=None, publisher: str | None = None,
                   model: CueModel | None = None, speakers: sm.SpeakerModel | None = None,
                   reader: renc.Reader | None = None) -> list[Quote]:
    """Quotes in ``text``, direct, partial and reported (``indirect``), in the order they stand;
    ``actor_hits`` is ``gaz.find(text)`` when the caller has it already; ``publisher`` is who "the newspaper" is;
    ``model`` decides which reported speech is kept, ``speakers`` who said a quote (the shipped ones by default);
    ``reader``: reported speech from the fine-tuned tagger instead of the rules (English text only)."""
    model = model or default_model()
    paragraphs = [(m.start(), m.group()) for m in PARAGRAPH.finditer(text)]
    par_spans = [quote_spans(par) for _, par in paragraphs]
    quoted = [(base + s, base + e) for (base, _), spans in zip(paragraphs, par_spans) for s, e in spans]
    state = sp.State(persons=sp.known_persons(text, gaz, actor_hits, quoted), publisher=publisher, text=text,
                     speaker_model=speakers or sm.default_model())
    quotes: list[Quote] = []
    reported: list[Quote] = []
    open_from_prev: list[int] = []  # quotes left open at the end of the previous paragraph
    turns = transcript_turns(paragraphs)
    tagged = renc.tag_article(paragraphs, par_spans, reader, model) if reader and renc.english(text) else None
    for i, ((base, par), spans) in enumerate(zip(paragraphs, par_spans)):
        if i in turns:
            quotes.append(_turn(base, par, turns[i], state, gaz))
            open_from_prev = []
            continue
        src = _SOURCE_LINE.match(par)
        open_from_prev = _paragraph(base, par, spans, src, state, gaz, quotes, open_from_prev)
        if src is None:  # "Source: X, citing Y": a label naming the source, not speech
            found = (paragraph_reported(par, spans, model) if tagged is None
                     else renc.paragraph_reported(base, par, spans, tagged, reader.keep))
            reported += _reported(base, par, found, state, gaz)
    out = sorted(quotes + reported, key=lambda q: q.start) if reported else quotes
    tidy_quotes(out, gaz, text, state.match_known)
    return _without_headline_repeats(out, text)


def _without_headline_repeats(quotes: list[Quote], text: str) -> list[Quote]:
    """``quotes`` less those of a headline that the body quotes again: a title-case line ("Cruz: Trump Would Put
    Liberals On Court, 'I Fear The Same Thing Is True'") trims a quote the article gives whole, with its speaker."""
    words = [set(WORD.findall(q.text.lower())) for q in quotes]

    def headline_repeat(i: int, q: Quote) -> bool:
        if q.kind == "indirect" or not words[i] or not title_like(q.text, min_words=1, share=0.6):
            return False
        before, after = line_around(text, q.start, q.end)
        return title_like(before + " " + after, min_words=4, share=0.8) and any(
            j != i and quotes[j].kind != "indirect" and len(words[i] & words[j]) >= 0.8 * len(words[i])
            for j in range(len(quotes)))

    return [q for i, q in enumerate(quotes) if not headline_repeat(i, q)]
