"""Reported speech's two learned models, fitted on PolNeAR's train split by scripts/train_reported.py (make
train-reported) and shipped together as corpus_cli/data/reported.json. The token model says which words of a
sentence head a cue (the word, its ending, its neighbours: a cue no list holds can be found); the candidate
model keeps or drops each content a cue gives (its cue word, its form, the kind of subject, a "that", the
content's length). Pure Python: sums of weights."""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from corpus_cli import package_data
from corpus_cli.extract.cues import FINITE_WORDS, INDIRECT_VERBS
from corpus_cli.logistic import Logistic, score, sigmoid

if TYPE_CHECKING:
    from corpus_cli.extract.reported_tagger import Tagger

MODEL_FILE = "reported.json"
# Words of a sentence, and the commas and colons between them (", said X" and "X: ..." are facts of a cue).
_TOKEN = re.compile(r"[A-Za-z]+(?:[’'][a-z]+)?|[,:;]")
# Verbs of belief, intention and effort: what someone holds or does, not what they said (README, Quotes).
BELIEF_WORDS = frozenset("""
think thinks thought believe believes believed hope hopes hoped hoping want wants wanted feel feels felt know
knows knew fear fears feared expect expects expected wish wishes plan plans planned intend intends seem seems
seemed appear appears appeared see sees saw seen consider considers considered
strive strives striving strove striven try tries tried trying attempt attempts attempted attempting
seek seeks seeking sought wanting wished wishing planning intended intending expecting fearing
""".split())
# The verbs of belief above whose subject holds a claim: "Officials believe (that) ...", "Kyiv fears ...". A claim
# ascribed to a source is what a reader follows, as PolNeAR annotates it; the encoder's reader counts these
# (not_speech), the rules never take them as cues.
ATTITUDE_WORDS = frozenset("""
think thinks thought believe believes believed feel feels felt know knows knew fear fears feared fearing expect
expects expected expecting consider considers considered
""".split())
# A form of "be" in a cue makes it passive: "is expected to", "was thought": no one is said to hold the belief.
_BE_WORDS = frozenset("is are was were be been being am s".split())


def not_speech(cue_words: Iterable[str]) -> bool:
    """Whether a cue of these (lower-case) words tells what someone intends, tries or seems, or a belief in the
    passive, rather than what a source said or holds (README, Quotes)."""
    words = set(cue_words)
    held = BELIEF_WORDS.intersection(words)
    return bool(held) and bool(held - ATTITUDE_WORDS or _BE_WORDS.intersection(words))


# Words that never head a cue: function words, and the verbs of belief and intention.
NOT_CUE_WORDS = BELIEF_WORDS | frozenset("""
the and but for with from that this these those there their they them then than what when where which while who
whom whose will would could should shall can may might must have has had was were are been being not its his her
him our you your she also into onto over under about after before because since until upon some any all each
more most other such only very just even still much many both either neither nor yet how why here now once
according
""".split())
_PRONOUN_SUBJECTS = frozenset("he she they we i it".split())
_NEIGHBOURS = NOT_CUE_WORDS | _PRONOUN_SUBJECTS | frozenset("""a an to of in on at by as it is be did does do me us
him them reporters <s> </s> , : ;""".split())


def tokens(sentence: str) -> list[re.Match]:
    return list(_TOKEN.finditer(sentence))


_CONTENT_WORD = re.compile(r"[\w’'-]+")


def verb_form(content: str) -> str:
    """Whether a content holds a verb form (a fact of the candidate model): an auxiliary ("aux"), a past form
    after its first word ("ed"), a present form in its first words ("s"), or none ("none": "supplying Russia
    with weapons" names an object, not speech)."""
    ws = _CONTENT_WORD.findall(content)
    if any(w.lower() in FINITE_WORDS for w in ws):
        return "aux"
    if any(w.islower() and w.endswith("ed") and len(w) > 4 for w in ws[1:]):
        return "ed"
    if any(w.islower() and w.endswith("s") and not w.endswith("ss") and len(w) > 3 for w in ws[1:4]):
        return "s"
    return "none"


def may_be_cue(word: str) -> bool:
    """A word the token model is asked about: three letters or more, not a function word nor a belief."""
    return len(word) >= 3 and word.isalpha() and word.lower() not in NOT_CUE_WORDS


def _word_features(lw: str, cap: bool, listed: bool) -> list[str]:
    """The facts of a word that do not depend on where it stands."""
    return [f"w={lw}", f"s3={lw[-3:]}", f"s2={lw[-2:]}", f"cap={cap}"] + (["listed"] if listed else [])


def _context_features(toks: list[str], i: int) -> list[str]:
    """The facts of where word ``i`` stands: who before it (a pronoun, a capitalised word, a comma, nothing),
    what after it, its neighbours when they are function words, how many words follow."""
    lw = toks[i].lower()
    before = toks[i - 1] if i else "<s>"
    prev = before.lower()
    nxt = toks[i + 1].lower() if i + 1 < len(toks) else "</s>"
    subj = ("pron" if prev in _PRONOUN_SUBJECTS else "cap" if before[:1].isupper() else "comma" if prev == ","
            else "start" if not i else "low")
    after = nxt if nxt in ("that", ",", "</s>") else "cap" if toks[i + 1][:1].isupper() else "low"
    # Neighbours by name only when they are function words ("has said", "said he"): a bounded set of facts.
    return [f"subj={subj}", f"w|n={lw}|{after}", f"s3|subj={lw[-3:]}|{subj}", f"left={min(len(toks) - i - 1, 4)}",
            f"p={prev if prev in _NEIGHBOURS else '*'}", f"n={nxt if nxt in _NEIGHBOURS else '*'}"]


def token_features(toks: list[str], i: int, listed: bool) -> list[str]:
    """The facts of word ``i`` of a sentence's tokens the token model weighs: the word, its ending, its
    neighbours, whether a name or a pronoun stands before it and "that" after it, where it stands, and whether
    train's counted cue words or the hand list hold it (``listed``)."""
    return _word_features(toks[i].lower(), toks[i][:1].isupper(), listed) + _context_features(toks, i)


# The facts of a word that do not depend on where it stands (_word_features).
WORD_FACTS = ("w=", "s3=", "s2=", "cap=", "listed")


@dataclass
class TokenModel(Logistic):
    """Which words head a cue: weights of token_features, the bias, the probability under which a word gives
    no candidate, and the floor under which the weights of a word's own facts (with the bias) rule it out before
    its context is read (fitted by make train-reported: the lowest among train's words the model keeps)."""

    floor: float = -1e9
    _own: dict[tuple[str, bool, bool], float] = field(init=False, repr=False, default_factory=dict)
    EXTRA: ClassVar = {"floor": float}

    def word_probability(self, toks: list[str], i: int, listed: bool) -> float:
        """The probability that word ``i`` heads a cue, or 0.0 when its own facts rule it out."""
        w = toks[i]
        key = (w.lower(), w[:1].isupper(), listed)
        if (own := self._own.get(key)) is None:
            if len(self._own) > 100_000:
                self._own.clear()  # a bounded memo: a long run meets ever new words
            own = self._own[key] = score(self.weights, self.bias, _word_features(*key))
        if own < self.floor:
            return 0.0
        return sigmoid(score(self.weights, own, _context_features(toks, i)))


RARE_CROSSED = ("fin=", "cp=", "form=")  # the general facts a rare cue word's are crossed with


def rare_facts(features: list[str], weights: Container[str]) -> list[str]:
    """``features`` and, when the cue word has no weight of its own (too rare in train's candidates), facts
    saying so: a rare word's candidates speak less often than the general facts alone predict, and the words of
    another field's news ("fired", "struck") are rare in political news."""
    cue = next((f for f in features if f.startswith("cue=")), None)
    if cue is None or cue in weights:
        return features
    extra = ["cue_rare"] + [f"cue_rare|{f}" for f in features if f.startswith(RARE_CROSSED)]
    return features + extra


@dataclass
class CueModel(Logistic):
    """The candidate model (weights, bias, acceptance threshold), the cue words counted on train and the
    token model."""

    cues: list[str]  # cue words learned from train's annotations, beside the hand list in cues.py
    token_model: TokenModel | None = None  # which words head a cue; without it, the words of cue_set do
    # The sequence tagger (reported_tagger.json), read when the candidate model was fitted with its facts
    # (``tagged``: make train-reported --tagger); without it, the rules alone.
    tagger: Tagger | None = field(default=None, repr=False, compare=False)
    tagged: bool = False
    cue_set: frozenset[str] = field(init=False, repr=False)
    EXTRA: ClassVar = {"cues": lambda v: [str(c) for c in v]}

    def __post_init__(self) -> None:
        self.cue_set = frozenset(INDIRECT_VERBS.split("|")) | frozenset(self.cues)

    def probability(self, features: Iterable[str]) -> float:
        return super().probability(rare_facts(list(features), self.weights))

    def to_dict(self) -> dict:
        out = super().to_dict()
        if self.token_model is not None:
            out["tokens"] = self.token_model.to_dict()
        if self.tagged:
            out["tagged"] = True
        return out

    @classmethod
    def from_dict(cls, d: dict) -> CueModel:
        model = super().from_dict(d)
        model.token_model = TokenModel.from_dict(d["tokens"]) if "tokens" in d else None
        model.tagged = bool(d.get("tagged", False))
        return model


@functools.lru_cache(maxsize=1)
def default_model() -> CueModel:
    """The shipped models, read once per process."""
    from corpus_cli.extract.reported_tagger import default_tagger  # here: reported_tagger reads this module

    model = package_data.load(MODEL_FILE, "the reported-speech model", CueModel.from_dict)
    if model.tagged:
        model.tagger = default_tagger()
    return model
