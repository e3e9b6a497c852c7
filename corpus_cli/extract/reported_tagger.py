"""A sequence tagger for reported speech (#26): each token of a sentence labelled BIO-style as content (C),
source (S), cue (Q) or other (the PARC attribution-tagging setup) by a linear-chain CRF fitted on PolNeAR's train
split (scripts/train_reported.py with python-crfsuite; shipped as corpus_cli/data/reported_tagger.json). At run
time it is a Viterbi over those weights in pure Python. Its content runs give the candidate model facts (does a
candidate agree with the tagger) and candidates of their own (form ``tagger``) where the rules find none."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import add
from typing import TYPE_CHECKING, NamedTuple

from corpus_cli import package_data
from corpus_cli.extract.reported_model import may_be_cue

if TYPE_CHECKING:
    from corpus_cli.extract.reported_model import CueModel

TAGGER_FILE = "reported_tagger.json"
TOKEN = re.compile(r"\w+(?:[’']\w+)*|''|[^\w\s]")
QUOTE_MARKS = frozenset(['"', "“", "”", "''", "«", "»"])
LABELS = ("O", "B-C", "I-C", "B-S", "I-S", "B-Q", "I-Q")
_THAT = frozenset(["that"])
_WORD = re.compile(r"\w+")
_SHAPES = ((re.compile(r"\d+"), "d"), (re.compile(r"[a-z]+"), "x"), (re.compile(r"[A-Z]+"), "X"))


def _shape(w: str) -> str:
    for pattern, letter in _SHAPES:
        w = pattern.sub(letter, w)
    return w[:4]


def _bucket(d: int) -> str:
    return str(d) if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "13+"


def cue_probs(words: list[str], model: CueModel) -> list[float]:
    """The token model's probability that each word heads a cue (0 for words it is not asked about)."""
    tm = model.token_model
    if tm is None:
        return [float(w.lower() in model.cue_set) for w in words]
    return [tm.word_probability(words, i, w.lower() in model.cue_set) if may_be_cue(w) else 0.0
            for i, w in enumerate(words)]


def cue_threshold(model: CueModel) -> float:
    """The cue probability a word needs to count as a cue word in the facts (the token model's threshold)."""
    return model.token_model.threshold if model.token_model is not None else 0.5


def _cue_facts(i: int, low: list[str], cues: list[int]) -> list[str]:
    """Where the nearest cue words stand on either side of token ``i``, which they are, a "that" after one."""
    left = [j for j in cues if j < i]
    right = [j for j in cues if j > i]
    out = []
    if left:
        j = left[-1]
        that = j + 1 < len(low) and low[j + 1] in _THAT
        out += [f"cL={_bucket(i - j)}", f"cLw={low[j]}", f"cLt={that}", f"cLn={min(len(left), 3)}"]
    else:
        out.append("cL=none")
    if right:
        j = right[0]
        out += [f"cR={_bucket(j - i)}", f"cRw={low[j]}", f"cRc={low[j - 1] == ','}"]
    else:
        out.append("cR=none")
    return out


def _nearest_cues(probs: list[float], threshold: float) -> tuple[list[int | None], list[int], list[int | None]]:
    """For each token: the nearest cue word before it, how many stand before it, the nearest after it."""
    left, n_left, right = [], [], [None] * len(probs)
    last, count = None, 0
    for i, p in enumerate(probs):
        left.append(last)
        n_left.append(count)
        if p >= threshold:
            last, count = i, count + 1
    nxt = None
    for i in range(len(probs) - 1, -1, -1):
        right[i] = nxt
        if probs[i] >= threshold:
            nxt = i
    return left, n_left, right


def token_facts(words: list[str], probs: list[float], threshold: float) -> list[list[str]]:
    """The facts of each token of a sentence: the word, its ending and shape, its neighbours to +-3, where it
    stands, quotation marks around it, the cue words around it and "according to" / "that" nearby."""
    low = [w.lower() for w in words]
    n = len(words)
    cues = [j for j, p in enumerate(probs) if p >= threshold]
    acc = [j for j, w in enumerate(low) if w == "according"]
    pad = ["<s>"] * 3 + low + ["</s>"] * 3
    marks, out = 0, []
    for i, w in enumerate(words):
        lw = low[i]
        f = [f"w={lw}", f"s3={lw[-3:]}", f"s2={lw[-2:]}", f"sh={_shape(w)}", f"cp={min(9, int(probs[i] * 10))}",
             f"i={min(i, 5)}", f"e={min(n - 1 - i, 5)}", f"inq={marks % 2}"]
        for k in (1, 2, 3):
            f.append(f"p{k}={pad[i + 3 - k]}")
            f.append(f"n{k}={pad[i + 3 + k]}")
        f += [f"p1|w={pad[i + 2]}|{lw}", f"w|n1={lw}|{pad[i + 4]}"]
        f += _cue_facts(i, low, cues)
        if acc and acc[0] < i:
            f.append("accL")
        if acc and acc[-1] > i:
            f.append("accR")
        if "that" in low[max(0, i - 2) : i]:
            f.append("thatL2")
        if i and words[i - 1][:1].isupper():
            f.append("capL")
        if lw in QUOTE_MARKS:
            marks += 1
        out.append(f)
    return out


def runs_of(labels: list[str], kind: str) -> list[tuple[int, int]]:
    """(first, past last) token of each run of ``kind`` (a B, or an I after another label, opens one)."""
    out, start = [], None
    for i, lab in enumerate([*labels, "O"]):
        opens = lab == f"B-{kind}" or (lab == f"I-{kind}" and start is None)
        if start is not None and (opens or not lab.endswith(kind)):
            out.append((start, i))
            start = None
        if opens:
            start = i
    return out


class Run(NamedTuple):
    """A tagged content run: where it stands in the sentence (characters), its cue run and source run (each
    (start, end) in characters, or None)."""

    start: int
    end: int
    cue: tuple[int, int] | None
    source: tuple[int, int] | None


@dataclass
class Tagged:
    """A tagged sentence: its text, its tokens ((start, end) in it), their labels, its content runs and their
    words."""

    text: str
    spans: list[tuple[int, int]]
    labels: list[str]
    runs: list[Run] = field(default_factory=list)
    run_words: list[Counter] = field(default_factory=list)


def _runs(sentence: str, spans: list[tuple[int, int]], labels: list[str]) -> list[Run]:
    """Each content run with no quotation mark in it (quotes are the quote extractor's), with the cue run
    nearest it and the source run nearest that cue (without a cue, the source run nearest the content)."""
    cues, sources, out = runs_of(labels, "Q"), runs_of(labels, "S"), []
    for a, b in runs_of(labels, "C"):
        if any(sentence[s:e] in QUOTE_MARKS for s, e in spans[a:b]):
            continue

        def gap(r, x):
            return max(r[0] - x[1], x[0] - r[1], 0)

        cue = min(cues, key=lambda r, a=a, b=b: gap(r, (a, b))) if cues else None
        anchor = cue or (a, b)
        src = min(sources, key=lambda r, x=anchor: gap(r, x)) if sources else None

        def chars(r):
            return (spans[r[0]][0], spans[r[1] - 1][1]) if r else None

        out.append(Run(spans[a][0], spans[b - 1][1], chars(cue), chars(src)))
    return out


def best_path(emits: list[list[float]], cols: list[list[float]]) -> list[int]:
    """Viterbi: the label indices with the highest sum of emissions and transitions (``cols[q][p]``: from label p
    to q), of equal scores the first label."""
    back: list[list[int]] = []
    prev: list[float] = []
    for i, emit in enumerate(emits):
        if not i:
            prev = emit
            continue
        row, cur = [], []
        for col, e in zip(cols, emit):
            v = list(map(add, prev, col))
            best = max(v)
            row.append(v.index(best))
            cur.append(best + e)
        back.append(row)
        prev = cur
    if not prev:
        return []
    k = prev.index(max(prev))
    out = [k]
    for row in reversed(back):
        k = row[k]
        out.append(k)
    return out[::-1]


@dataclass
class Tagger:
    """The CRF's weights: per fact, the weight of each label it has one for; per label pair, the transition."""

    state: dict[str, tuple[tuple[int, float], ...]]
    trans: list[list[float]]
    gate: bool = True  # tag only sentences holding a cue word or "according" (chosen held out by train_reported)
    speaker: str = "source"  # who said a tagger's content (reported.tagger_speaker; chosen held out likewise)

    @classmethod
    def from_dict(cls, d: dict) -> Tagger:
        index = {lab: k for k, lab in enumerate(LABELS)}
        state = {str(f): tuple((index[lab], float(w)) for lab, w in v.items()) for f, v in d["state"].items()}
        trans = [[float(d["trans"].get(p, {}).get(q, 0.0)) for q in LABELS] for p in LABELS]
        return cls(state, trans, bool(d["gate"]), str(d["speaker"]))

    def to_dict(self) -> dict:
        state = {f: {LABELS[k]: w for k, w in v} for f, v in sorted(self.state.items())}
        trans = {p: {q: w for q, w in zip(LABELS, row) if w} for p, row in zip(LABELS, self.trans)}
        return {"gate": self.gate, "speaker": self.speaker, "trans": trans, "state": state}

    def __post_init__(self) -> None:
        # Each label's column of transitions, for the Viterbi's sums over the previous labels in one map.
        self._cols = [[row[q] for row in self.trans] for q in range(len(LABELS))]
        # A word's weights in each place (its own facts; as the word 1 to 3 before or after a token), read once.
        self._own: dict[str, list[float]] = {}
        self._near: dict[str, tuple[list[float], ...]] = {}
        self._cues: dict[tuple, list[float]] = {}
        self._fixed = {f: self._vec(f) for f in ("accL", "accR", "thatL2", "capL", "inq=0", "inq=1",
                                                 *(f"cp={k}" for k in range(10)), *(f"i={k}" for k in range(6)),
                                                 *(f"e={k}" for k in range(6)))}

    def _vec(self, fact: str) -> list[float]:
        v = [0.0] * len(LABELS)
        for k, w in self.state.get(fact, ()):
            v[k] += w
        return v

    def _own_vec(self, w: str) -> list[float]:
        if (v := self._own.get(w)) is None:
            if len(self._own) > 100_000:
                self._own.clear()  # a bounded memo: a long run meets ever new words
            lw = w.lower()
            facts = (f"w={lw}", f"s3={lw[-3:]}", f"s2={lw[-2:]}", f"sh={_shape(w)}")
            v = self._own[w] = [sum(x) for x in zip(*map(self._vec, facts))]
        return v

    def _near_vecs(self, lw: str) -> tuple[list[float], ...]:
        if (v := self._near.get(lw)) is None:
            if len(self._near) > 100_000:
                self._near.clear()
            v = self._near[lw] = tuple(self._vec(f"{side}{k}={lw}") for side in "pn" for k in (1, 2, 3))
        return v

    def emissions(self, words: list[str], probs: list[float], threshold: float) -> list[list[float]]:
        """Each token's weight of each label: the sum over token_facts(words, probs, threshold), read from what
        was precomputed (a word's own facts and its neighbours' once per word, the fixed facts at load)."""
        low = [w.lower() for w in words]
        n = len(words)
        left, n_left, right = _nearest_cues(probs, threshold)
        acc = [j for j, w in enumerate(low) if w == "according"]
        pad = ["<s>"] * 3 + low + ["</s>"] * 3
        near = [self._near_vecs(x) for x in pad]
        fixed, out, marks = self._fixed, [], 0
        for i, w in enumerate(words):
            lw = low[i]
            vecs = [self._own_vec(w), fixed[f"cp={min(9, int(probs[i] * 10))}"], fixed[f"i={min(i, 5)}"],
                    fixed[f"e={min(n - 1 - i, 5)}"], fixed[f"inq={marks % 2}"],
                    near[i + 2][0], near[i + 1][1], near[i][2], near[i + 4][3], near[i + 5][4], near[i + 6][5]]
            vecs += self._cue_vecs(i, low, left[i], right[i], n_left[i])
            sparse = (f"p1|w={pad[i + 2]}|{lw}", f"w|n1={lw}|{pad[i + 4]}")
            if acc and acc[0] < i:
                vecs.append(fixed["accL"])
            if acc and acc[-1] > i:
                vecs.append(fixed["accR"])
            if "that" in low[max(0, i - 2) : i]:
                vecs.append(fixed["thatL2"])
            if i and words[i - 1][:1].isupper():
                vecs.append(fixed["capL"])
            e = [sum(x) for x in zip(*vecs)]
            for f in sparse:
                for k, x in self.state.get(f, ()):
                    e[k] += x
            if lw in QUOTE_MARKS:
                marks += 1
            out.append(e)
        return out

    def _cue_vecs(self, i: int, low: list[str], j: int | None, k: int | None, count: int
                  ) -> tuple[list[float], list[float]]:
        """The weights of _cue_facts: the nearest cue word before token ``i`` (at ``j``, ``count`` of them) and
        after it (at ``k``), each read once per kind of place."""
        lkey = ("L", _bucket(i - j), low[j], j + 1 < len(low) and low[j + 1] in _THAT, min(count, 3)) if j is not None \
            else ("L",)
        rkey = ("R", _bucket(k - i), low[k], low[k - 1] == ",") if k is not None else ("R",)
        out = []
        for key in (lkey, rkey):
            if (v := self._cues.get(key)) is None:
                if len(self._cues) > 100_000:
                    self._cues.clear()
                names = {"L": ("cL", "cLw", "cLt", "cLn"), "R": ("cR", "cRw", "cRc")}[key[0]]
                facts = [f"{n}={x}" for n, x in zip(names, key[1:])] or [f"c{key[0]}=none"]
                v = self._cues[key] = [sum(x) for x in zip(*map(self._vec, facts))]
            out.append(v)
        return out[0], out[1]

    def labels(self, facts: list[list[str]]) -> list[str]:
        """The best label sequence for tokens' facts (as crfsuite is given them)."""
        return self.viterbi([[sum(x) for x in zip(*map(self._vec, f))] if f else [0.0] * len(LABELS)
                             for f in facts])

    def viterbi(self, emits: list[list[float]]) -> list[str]:
        """The best label sequence for tokens' label weights (of equal scores the first label)."""
        return [LABELS[k] for k in best_path(emits, self._cols)]

    def tag(self, sentence: str, model: CueModel) -> Tagged | None:
        """``sentence`` tagged, or None when the gate skips it (no word that may head a cue, no "according")."""
        toks = list(TOKEN.finditer(sentence))
        if not toks:
            return None
        words = [t.group() for t in toks]
        probs = cue_probs(words, model)
        threshold = cue_threshold(model)
        if self.gate and max(probs) < threshold and not any(w.lower() == "according" for w in words):
            return None
        spans = [t.span() for t in toks]
        labels = self.viterbi(self.emissions(words, probs, threshold))
        runs = _runs(sentence, spans, labels)
        return Tagged(sentence, spans, labels, runs, [word_counts(sentence[r.start : r.end]) for r in runs])


def word_counts(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def same_content(a: Counter, b: Counter) -> bool:
    """Half of each side's words in common: the bench's rule for one content matching another."""
    common = sum((a & b).values())
    return common >= 0.5 * sum(a.values()) and common >= 0.5 * sum(b.values())


def agreement(tagged: Tagged, start: int, end: int, form: str) -> list[str]:
    """Facts of a candidate (``start``:``end`` in the tagged sentence) from the tagger: the share of its words
    tagged content (in tenths), whether its first word opens a tagged content and the word after it is outside
    one, whether a tagged run matches it (also crossed with the candidate's form)."""
    idx = [i for i, (s, e) in enumerate(tagged.spans) if start <= s and e <= end]
    if not idx:
        return ["tag_none"]
    labs = tagged.labels
    share = sum(labs[i].endswith("-C") for i in idx) / len(idx)
    first, after = idx[0], idx[-1] + 1
    starts = labs[first] == "B-C" or (labs[first] == "I-C" and (not first or not labs[first - 1].endswith("-C")))
    ends = after >= len(labs) or labs[after] != "I-C"
    w = word_counts(tagged.text[start:end])
    match = any(same_content(w, x) for x in tagged.run_words)
    return [f"tag_share={min(9, int(share * 10))}", f"tag_start={starts}", f"tag_end={ends}", f"tag_match={match}",
            f"tag_match|{form}={match}"]


@functools.lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """The shipped tagger, read once per process."""
    return package_data.load(TAGGER_FILE, "the reported-speech tagger", Tagger.from_dict)
