"""Reported speech from the fine-tuned tagger (#26; opt-in: ``corpus ingest --reported encoder``).

The encoder (extract/encoder.py, numpy) labels each word of a sentence as content, source, cue or other. Its content
runs (3+ words, no quotation mark: reported_tagger._runs) become the same candidates reported.py's rules give, so
quotes.py resolves their speakers as it does the rules' ("he" -> his antecedent, "Mr. X" -> the full name). Behind
the tagger, the rules that paid held out (docs/performance.md, enc4 and encint): a run with no source run takes
the subject of its cue (else of its sentence); a run the run filter (a logistic model over the run's
probabilities, length and place, data/reported_encoder_filter.json) does not keep is dropped; and, for the
README's sake, a run whose cue is a belief or intention ("thinks that") is dropped.
"""

from __future__ import annotations

import functools
import json
import math
import multiprocessing
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_cli.errors import MissingExtra, PackageDataError, UsageError
from corpus_cli.extract.cyrillic import cyrillic_letters
from corpus_cli.extract.reported import Candidate, sentence_parts
from corpus_cli.extract.reported_model import CueModel, not_speech
from corpus_cli.extract.reported_subjects import cue_subject, sentence_subject
from corpus_cli.extract.reported_tagger import LABELS, TOKEN, _runs, cue_probs, cue_threshold

if TYPE_CHECKING:
    from corpus_cli.extract.encoder import EncodedSentence

# Mean content probability (B-C + I-C over a run's wordpieces) a run needs where no run filter is given (the
# floors of scripts/bench_reported_encoder.py): the mean of those chosen on PolNeAR train's politico and breitbart
# folds, each on the other.
FLOOR = 0.775
FILTER_FILE = Path(__file__).resolve().parents[1] / "data" / "reported_encoder_filter.json"
# What the run filter weighs (run_features), in its file's order.
RUN_FEATURES = ("mean", "min", "max", "first_b", "log_words", "short", "source", "cue", "start", "end",
                "log_sentence")
# Whether to tag only sentences holding a word the token model takes for a cue, or "according" (the CRF tagger's
# gate): off, as it cost F1 and end to end on both held-out folds (scripts/bench_reported_encoder.py).
GATE = False
# The model file to use instead of the shipped one (a user's own, from the training command; the tests' hook).
MODEL_ENV = "CORPUS_REPORTED_ENCODER"
INSTALL_HINT = "--reported encoder needs numpy: pip install 'corpus-cli[encoder]'"
REPORTED_CHOICES = ("rules", "encoder")
_CONTENT = [k for k, lab in enumerate(LABELS) if lab.endswith("-C")]
_B_CONTENT = LABELS.index("B-C")
_WORD = re.compile(r"\w+")
_LATIN = re.compile("[A-Za-z]")


@dataclass(frozen=True)
class RunFilter:
    """Whether a content run is kept: a logistic model over run_features, the run kept when its probability is
    ``threshold`` or more (fitted on the training recipe's fold models, each publisher's runs read by the model
    that never saw it: scripts/fit_reported_filter.py)."""

    weights: tuple[float, ...]  # one a feature of RUN_FEATURES
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(w * features[n] for n, w in zip(RUN_FEATURES, self.weights))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_dict(self) -> dict:
        return {"features": list(RUN_FEATURES), "weights": list(self.weights), "bias": self.bias,
                "threshold": self.threshold}

    @classmethod
    def from_dict(cls, d: dict) -> RunFilter:
        if d.get("features") != list(RUN_FEATURES):
            raise ValueError(f"features {d.get('features')!r}, this corpus computes {list(RUN_FEATURES)}")
        weights = tuple(float(w) for w in d["weights"])
        if len(weights) != len(RUN_FEATURES) or not all(map(math.isfinite, weights)):
            raise ValueError("weights are not one finite number a feature")
        return cls(weights, float(d["bias"]), float(d["threshold"]))


@functools.lru_cache(maxsize=1)
def default_filter() -> RunFilter:
    """The shipped run filter (package data: a broken install is PackageDataError)."""
    try:
        return RunFilter.from_dict(json.loads(FILTER_FILE.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise PackageDataError(f"{FILTER_FILE}: unreadable run filter ({e}); reinstall corpus-cli") from None


@dataclass
class Reader:
    """The encoder and the rules behind it: which runs are kept (the run filter; without one, the floor on a run's
    mean content probability), whether sentences with no cue word are skipped."""

    encoder: Any  # encoder.Encoder (numpy is imported only with --reported encoder)
    floor: float = FLOOR
    gate: bool = GATE
    run_filter: RunFilter | None = None

    def keep(self, features: dict[str, float]) -> bool:
        if self.run_filter is None:
            return features["mean"] >= self.floor
        return self.run_filter.probability(features) >= self.run_filter.threshold


def model_path() -> Path:
    """The model file: $CORPUS_REPORTED_ENCODER, else the shipped one."""
    if env := os.environ.get(MODEL_ENV):
        return Path(env)
    return _encoder_module().default_path()


def _encoder_module():
    try:
        from corpus_cli.extract import encoder
    except ImportError as e:
        if getattr(e, "name", None) == "numpy":
            raise MissingExtra(INSTALL_HINT) from None
        raise
    return encoder


@functools.lru_cache(maxsize=2)
def _reader(path: str) -> Reader:
    return Reader(_encoder_module().Encoder.load(path), run_filter=default_filter())


@functools.lru_cache(maxsize=1)
def _one_blas_thread(pid: int) -> None:
    """In a worker process (ingest's pool, a Dask worker) the processes already keep every core busy: numpy's BLAS
    threads on top of them only contend; the main process alone keeps them (they pay there). Once a process:
    ``pid`` keys the cache, which a forked worker inherits."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an install of the encoder extra from before it listed threadpoolctl
        return
    threadpool_limits(1, user_api="blas")


def default_reader(path: str | None = None) -> Reader:
    """The Reader of the model file ``path`` (None: model_path()), loaded once per process. A missing or
    unreadable file is a usage error (one line naming the file); numpy missing, the extra's install hint."""
    module = _encoder_module()
    try:
        reader = _reader(path or str(model_path()))
    except module.ModelError as e:
        raise UsageError(str(e)) from None
    if multiprocessing.parent_process() is not None:
        _one_blas_thread(os.getpid())
    return reader


def reported_choice(reported: str) -> tuple[str, str | None]:
    """(``corpus ingest --reported``, the encoder's model file or None for the shipped one), the model loaded here
    once, so that a bad choice, a missing numpy or a bad model file is one line before any input is read."""
    if reported not in REPORTED_CHOICES:
        raise UsageError(f"--reported must be one of {', '.join(REPORTED_CHOICES)} (got {reported!r})")
    if reported == "rules":
        return reported, None
    path = os.environ.get(MODEL_ENV)
    path = os.path.abspath(path) if path else None
    default_reader(path)
    return reported, path


def english(text: str) -> bool:
    """Whether the encoder (fitted on US news) reads ``text``: more Latin letters than Cyrillic ones."""
    return cyrillic_letters(text) <= len(_LATIN.findall(text))


def _may_speak(sentence: str, model: CueModel) -> bool:
    """The CRF tagger's gate: a word the token model takes for a cue, or "according"."""
    words = [t.group() for t in TOKEN.finditer(sentence)]
    if any(w.lower() == "according" for w in words):
        return True
    return bool(words) and max(cue_probs(words, model)) >= cue_threshold(model)


def tag_article(paragraphs: list[tuple[int, str]], par_spans: list, reader: Reader, model: CueModel
                ) -> dict[int, EncodedSentence]:
    """Every sentence reported speech may be read from (reported.sentence_parts), tagged in one call to the
    encoder (it batches), by where it starts in the text."""
    keys, texts = [], []
    for (base, par), spans in zip(paragraphs, par_spans):
        for a, b, _cut, last, opens_inside in sentence_parts(par, spans):
            if opens_inside and last is None:
                continue
            if reader.gate and not _may_speak(par[a:b], model):
                continue
            keys.append(base + a)
            texts.append(par[a:b])
    return dict(zip(keys, reader.encoder.tag(texts))) if texts else {}


def run_features(s: EncodedSentence, run, end: int) -> dict[str, float]:
    """What the run filter weighs of the content run ``run`` (``end``: where it ends without its trailing
    punctuation): the content probability (B-C + I-C) of its wordpieces, mean, least and most; its first piece's
    B-C; its length in words; whether the tagger found its source and its cue; where it stands in its sentence;
    the sentence's length."""
    rows = [k for k, (a, b) in enumerate(s.offsets[: len(s.probs)]) if a < run.end and b > run.start]
    mean = low = high = first = 0.0
    if rows:
        content = s.probs[rows][:, _CONTENT].sum(axis=1)
        mean, low, high = float(content.mean()), float(content.min()), float(content.max())
        first = float(s.probs[rows[0], _B_CONTENT])
    words = len(_WORD.findall(s.text[run.start : end]))
    size = max(1, len(s.text))
    return {"mean": mean, "min": low, "max": high, "first_b": first, "log_words": math.log(max(1, words)),
            "short": float(words <= 4), "source": float(run.source is not None), "cue": float(run.cue is not None),
            "start": run.start / size, "end": end / size,
            "log_sentence": math.log(max(1, len(_WORD.findall(s.text))))}


def _speaker(s: EncodedSentence, run) -> str | None:
    """The run's source run; with none, the subject of its cue (the text before the cue), else of its sentence."""
    if run.source is not None:
        return s.text[run.source[0] : run.source[1]]
    who = cue_subject(s.text[: run.cue[0]].rstrip())[0] if run.cue else None
    return who or sentence_subject(s.text[: run.start])


def candidates(s: EncodedSentence, lo: int, hi: int, keep: Callable[[dict[str, float]], bool]) -> list[Candidate]:
    """The tagged content runs of ``s`` that stand within ``lo``:``hi``, pass the rules and that ``keep`` keeps
    (Reader.keep, given run_features), as candidates whose offsets count from ``lo``."""
    out = []
    for k, run in enumerate(_runs(s.text, s.spans, s.labels)):
        if run.start < lo or run.end > hi or len(_WORD.findall(s.text[run.start : run.end])) < 3:
            continue
        cue = s.text[run.cue[0] : run.cue[1]] if run.cue else None
        if cue and not_speech(w.lower() for w in _WORD.findall(cue)):
            continue  # "He wants to ...", "It is expected ...": no one said or holds it (README, Quotes)
        end = run.end - (len(s.text[run.start : run.end]) - len(s.text[run.start : run.end].rstrip(" ,;:")))
        features = run_features(s, run, end)
        if not keep(features):
            continue
        facts = ("encoder", f"src={run.source is not None}", f"p={min(9, int(features['mean'] * 10))}")
        out.append(Candidate(_speaker(s, run), cue.lower() if cue else None, run.start - lo, end - lo, facts,
                             -1000 - k))
    return out


def paragraph_reported(base: int, par: str, spans: list[tuple[int, int]], tagged: dict[int, EncodedSentence],
                       keep: Callable[[dict[str, float]], bool]) -> list[tuple[int, Candidate]]:
    """(sentence offset, candidate) of a paragraph's reported speech, as reported.paragraph_reported gives them,
    from its sentences as tag_article tagged them (a sentence not there: none); ``keep``: Reader.keep."""
    out = []
    for a, b, cut, last, opens_inside in sentence_parts(par, spans):
        s = tagged.get(base + a)
        if s is None:
            continue
        if not opens_inside:
            out += [(a, c) for c in candidates(s, 0, cut - a, keep)]
        if last is not None:
            out += [(last, c) for c in candidates(s, last - a, b - a, keep)]
    return out
