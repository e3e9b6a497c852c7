"""Who said a quote, chosen by a ranking model among its candidate speakers (speaker_candidates.py): the hand
rules' choice (speakers.py) is one candidate and one feature among others. A logistic model scores each
candidate; the best one speaks when its score passes the threshold, else the quote has no speaker rather than
a wrong one. Fitted on PolNeAR's train split by scripts/train_speakers.py (make train-speakers) and shipped as
corpus_cli/data/speakers.json. Pure Python: a sum of weights a candidate."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import ClassVar

from corpus_cli import package_data
from corpus_cli.extract import speakers as sp
from corpus_cli.extract.speaker_after import after
from corpus_cli.extract.speaker_candidates import Candidate, frequency, window_candidates
from corpus_cli.gazetteer import Gazetteer
from corpus_cli.logistic import Logistic

MODEL_FILE = "speakers.json"
# A closing mark and more words inside a quote's span: marks that do not pair ('“... if need be," Ryan continued.')
# leave the quote open to its paragraph's end, its attribution inside it.
_INNER_CLOSE = re.compile(r"[,?!][\"“”][ \t]+(?=\S)")


@dataclass
class Shape:
    """What the model needs to know of a quote: where its marks stand and the text around it."""

    qs: int  # the quote's marks, in the article
    qe: int
    prefix: str  # its sentence before it
    par_start: bool  # nothing before it in its paragraph
    par_end: bool  # nothing after it in its paragraph
    inner: str


@dataclass
class SpeakerModel(Logistic):
    """Feature weights, bias and threshold; ``record`` (training only) collects every quote's candidates, with
    where its marks stand, while the rules' choice is kept, so that they can be labelled."""

    guess_threshold: float  # for a guess: one capitalised word the article never explains, with no cue
    record: list[tuple[int, int, list[Candidate]]] | None = field(default=None, repr=False)  # (marks' span, candidates)
    EXTRA: ClassVar = {"guess_threshold": float}

    def passes(self, c: Candidate, p: float) -> bool:
        """Whether the best candidate, of probability ``p``, may speak."""
        return p >= (self.guess_threshold if is_guess(c.features) else self.threshold)


def is_guess(features: list[str]) -> bool:
    """A candidate that is one capitalised word the article names only once and never in full, with no reporting
    verb next to it ("Containment is ..."): the hand rules never take one."""
    return "unknown" in features and "name1" in features and "freq=1" in features and not any(
        f in features for f in ("verb_after", "verb_before", "according", "appos_verb"))


@functools.lru_cache(maxsize=1)
def default_model() -> SpeakerModel:
    """The shipped model, read once per process."""
    return package_data.load(MODEL_FILE, "the speaker model", SpeakerModel.from_dict)


def _cue_class(cue: str | None, mention: str | None) -> str:
    if mention is None:
        return "none"
    if cue is None or cue in ("continued", ":", "according to", "transcript", "Quote:"):
        return str(cue)
    return "ing" if cue.endswith("ing") else "verb"


def _mention_shape(rules: Candidate | None) -> str:
    """What the rules' mention looks like: none, a pronoun, lower-case words, a nominal, a name, a long run."""
    if rules is None:
        return "none"
    m = rules.mention.strip(" ,")
    words = m.split()
    if m.lower() in sp.PRONOUNS:
        return "pronoun"
    if len(words) > 5:
        return "long"
    if sp.is_nominal(m):
        return "nominal"
    if not m[:1].isupper():
        return "lower"
    return "name1" if len(words) == 1 else "name2"


def _shape(s: Shape, rules: Candidate | None) -> list[str]:
    out = [f"rmention={_mention_shape(rules)}"]
    if s.par_start:
        out.append("q_par_start")
    if s.par_end:
        out.append("q_par_end")
    if s.inner.rstrip().endswith(","):
        out.append("q_comma")
    tail = s.prefix.rstrip()[-1:]
    out.append(f"q_prefix={tail if tail in ',:' else 'words' if tail else 'empty'}")
    return out


def _kind_of(c: Candidate) -> str:
    return next((f for f in c.features if f.startswith("kind=") and "&" not in f and f != "kind=rules"), "kind=?")


def _own_sentence_first(cands: list[Candidate]) -> list[Candidate]:
    """Mentions nearest first, but those in the quote's own sentence before the others: where one actor is named
    several times, that is the mention that speaks for it (a long quote puts the next sentence nearer)."""
    return sorted(cands, key=lambda c: not ("pos=b0" in c.features or "pos=a0" in c.features))


def candidates(s: Shape, rules: Candidate | None, state: sp.State, gaz: Gazetteer | None) -> list[Candidate]:
    """The rules' choice, the previous speaker and every mention around the quote, one per actor."""
    rules_cls = _cue_class(rules.cue if rules else None, rules.mention if rules else None)
    prev = None
    if state.last_speaker or state.last_mention:
        prev = Candidate(mention=state.last_mention or state.last_speaker, speaker=state.last_speaker,
                         cue="continued", features=["kind=prev"])
    merged: dict[str, Candidate] = {}
    for c in ([rules] if rules else []) + _own_sentence_first(window_candidates(state.text, s.qs, s.qe, state, gaz)) + (
            [prev] if prev else []):
        seen = merged.get(c.key)
        if seen is None:
            merged[c.key] = c
            c.features = list(c.read())
        elif not any(f.startswith("pos=") for f in seen.features):  # the rules' choice, where it stands
            seen.features += c.read()
        elif len(seen.features) < 60:
            seen.features += [f"also:{f}" for f in c.verbs()]
            seen.features.append("also")
            if seen.cue is None and c.cue is not None:
                seen.cue = c.cue
    shape = _shape(s, rules)
    out = list(merged.values())
    subjects = {_kind_of(c) for c in out if "syn=subject" in c.features}
    for c in out:
        syn = [f for f in c.features if f.startswith("syn=") and "&" not in f]
        if "syn=subject" in syn and subjects - {_kind_of(c)}:
            c.features.append(f"subject_rival&{_kind_of(c)}")  # a nominal and a name, both the verb's subject
        agree = ("R" if rules is not None and c.key == rules.key else "") + (
            "P" if prev is not None and c.key == prev.key else "")
        c.features += [f"agree={agree or 'N'}", f"agree={agree or 'N'}&rules={rules_cls}"]
        c.features += [f"agree={agree or 'N'}&{f}" for f in shape + syn]
        if c.speaker:
            c.features.append(frequency(state.text, c.speaker, state.memo))
        c.features = sorted(set(c.features))
    return out


def choose(s: Shape, rules: Candidate | None, state: sp.State, gaz: Gazetteer | None) -> Candidate | None:
    """The speaker the model picks for a quote (None: no candidate passes the threshold)."""
    model: SpeakerModel | None = state.speaker_model
    if model is None:
        return rules
    cands = candidates(s, rules, state, gaz)
    if model.record is not None:
        model.record.append((s.qs, s.qe, cands))
        return rules
    best, best_p = None, -1.0
    for c in cands:  # the first of equal scores: the rules' choice comes first
        p = model.probability(c.features)
        if p > best_p:
            best, best_p = c, p
    if best is None or not model.passes(best, best_p):
        return None
    best.conf = round(best_p, 2)
    return best


def rerank(q, state: sp.State, gaz: Gazetteer | None, rules: tuple) -> tuple:
    """(speaker, mention, cue, confidence, description) of a quote span ``q`` (quotes._Span) as the model
    chooses among its candidates; ``rules`` is that tuple as the hand rules gave it."""
    speaker, mention, cue, conf, description = rules
    if cue in (None, "continued") and (inner := inner_attribution(q, state, gaz)) is not None:
        speaker, mention, cue, conf, description = rules = inner
    given = Candidate(mention=mention or speaker, speaker=speaker, cue=cue, features=["kind=rules"],
                      description=description, conf=conf) if (mention or speaker) else None
    shape = Shape(qs=q.base + q.s, qe=q.base + q.e, prefix=q.prefix, par_start=not q.par[: q.s].strip(),
                  par_end=not q.par[q.e :].strip(), inner=q.inner)
    best = choose(shape, given, state, gaz)
    if best is given or (best is None and given is None):
        return rules
    if best is None:
        return None, None, None, 0.0, None
    return best.speaker, best.mention, best.cue, best.conf, best.description


def inner_attribution(q, state: sp.State, gaz: Gazetteer | None) -> tuple | None:
    """(speaker, mention, cue, confidence, description) of a reporting verb right after a closing mark inside a
    quote span ``q`` (quotes._Span) whose marks did not pair, or None."""
    inner = sp.mask_party_tags(q.inner)  # "said Rep. Elijah Cummings (D-Md.)": the name read without its tag
    for m in _INNER_CLOSE.finditer(inner):
        mention, cue, first = after(inner[m.start() + 2 :], m.group().startswith(","))
        if mention is not None and cue is not None:
            speaker, mention, conf, description = sp.resolve_described(mention, state, gaz, q.base + q.s, first)
            return speaker, mention, cue, conf, description
    return None
