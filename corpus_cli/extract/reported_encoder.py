"""Reported speech from the fine-tuned tagger (#26; opt-in: ``corpus ingest --reported encoder``).

The encoder (extract/encoder.py, numpy) labels each word of a sentence as content, source, cue or other. Its content
runs (3+ words, no quotation mark: reported_tagger._runs) become the same candidates reported.py's rules give, so
quotes.py resolves their speakers as it does the rules' ("he" -> his antecedent, "Mr. X" -> the full name). Behind
the tagger, the rules that paid held out (docs/performance.md, enc4 and encint): a run with no source run takes
the subject of its cue (else of its sentence); a run whose mean content probability is under ``FLOOR`` is dropped;
and, for the README's sake, a run whose cue is a belief or intention ("thinks that") is dropped.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_cli.errors import MissingExtra, UsageError
from corpus_cli.extract.cyrillic import cyrillic_letters
from corpus_cli.extract.reported import Candidate, sentence_parts
from corpus_cli.extract.reported_model import BELIEF_WORDS, CueModel
from corpus_cli.extract.reported_subjects import cue_subject, sentence_subject
from corpus_cli.extract.reported_tagger import LABELS, TOKEN, _runs, cue_probs, cue_threshold

if TYPE_CHECKING:
    from corpus_cli.extract.encoder import EncodedSentence

# Mean content probability (B-C + I-C over a run's wordpieces) a run needs: the mean of the floors chosen on
# PolNeAR train's politico and breitbart folds, each on the other (scripts/bench_reported_encoder.py).
FLOOR = 0.775
# Whether to tag only sentences holding a word the token model takes for a cue, or "according" (the CRF tagger's
# gate): off, as it cost F1 and end to end on both held-out folds (scripts/bench_reported_encoder.py).
GATE = False
# The model file to use instead of the shipped one (a user's own, from the training command; the tests' hook).
MODEL_ENV = "CORPUS_REPORTED_ENCODER"
INSTALL_HINT = "--reported encoder needs numpy: pip install 'corpus-cli[encoder]'"
REPORTED_CHOICES = ("rules", "encoder")
_CONTENT = [k for k, lab in enumerate(LABELS) if lab.endswith("-C")]
_WORD = re.compile(r"\w+")
_LATIN = re.compile("[A-Za-z]")


@dataclass
class Reader:
    """The encoder and the rules behind it: the floor on a run's content probability, whether sentences with no
    cue word are skipped."""

    encoder: Any  # encoder.Encoder (numpy is imported only with --reported encoder)
    floor: float = FLOOR
    gate: bool = GATE


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
    return Reader(_encoder_module().Encoder.load(path))


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


def _run_probability(s: EncodedSentence, start: int, end: int) -> float:
    """The mean content probability (B-C + I-C) of the wordpieces that overlap ``start``:``end``."""
    rows = [k for k, (a, b) in enumerate(s.offsets[: len(s.probs)]) if a < end and b > start]
    if not rows:
        return 0.0
    return float(s.probs[rows][:, _CONTENT].sum(axis=1).mean())


def _speaker(s: EncodedSentence, run) -> str | None:
    """The run's source run; with none, the subject of its cue (the text before the cue), else of its sentence."""
    if run.source is not None:
        return s.text[run.source[0] : run.source[1]]
    who = cue_subject(s.text[: run.cue[0]].rstrip())[0] if run.cue else None
    return who or sentence_subject(s.text[: run.start])


def candidates(s: EncodedSentence, lo: int, hi: int, floor: float) -> list[Candidate]:
    """The tagged content runs of ``s`` that stand within ``lo``:``hi`` and pass the rules, as candidates whose
    offsets count from ``lo``."""
    out = []
    for k, run in enumerate(_runs(s.text, s.spans, s.labels)):
        if run.start < lo or run.end > hi or len(_WORD.findall(s.text[run.start : run.end])) < 3:
            continue
        cue = s.text[run.cue[0] : run.cue[1]] if run.cue else None
        if cue and BELIEF_WORDS.intersection(w.lower() for w in _WORD.findall(cue)):
            continue  # "He thinks that ...": what someone holds, not what they said (README, Quotes)
        p = _run_probability(s, run.start, run.end)
        if p < floor:
            continue
        end = run.end - (len(s.text[run.start : run.end]) - len(s.text[run.start : run.end].rstrip(" ,;:")))
        facts = ("encoder", f"src={run.source is not None}", f"p={min(9, int(p * 10))}")
        out.append(Candidate(_speaker(s, run), cue.lower() if cue else None, run.start - lo, end - lo, facts,
                             -1000 - k))
    return out


def paragraph_reported(base: int, par: str, spans: list[tuple[int, int]], tagged: dict[int, EncodedSentence],
                       floor: float = FLOOR) -> list[tuple[int, Candidate]]:
    """(sentence offset, candidate) of a paragraph's reported speech, as reported.paragraph_reported gives them,
    from its sentences as tag_article tagged them (a sentence not there: none)."""
    out = []
    for a, b, cut, last, opens_inside in sentence_parts(par, spans):
        s = tagged.get(base + a)
        if s is None:
            continue
        if not opens_inside:
            out += [(a, c) for c in candidates(s, 0, cut - a, floor)]
        if last is not None:
            out += [(last, c) for c in candidates(s, last - a, b - a, floor)]
    return out
