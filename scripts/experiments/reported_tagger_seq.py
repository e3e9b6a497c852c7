"""The sequence side of the reported-speech tagger experiment (scripts/experiments/reported_tagger.py): a
paragraph's sentences as tokens, each token's facts, its gold BIO label from PolNeAR's spans, the units a tagged
sentence gives (contiguous CONTENT runs with the SOURCE nearest their CUE), and a pure-Python Viterbi over
exported weights (what would ship in place of crfsuite)."""

from __future__ import annotations

import re
from types import SimpleNamespace

from corpus_cli.extract.reported_model import CueModel, may_be_cue
from corpus_cli.extract.spans import PARAGRAPH, sentences

TOKEN = re.compile(r"\w+(?:[’']\w+)*|''|[^\w\s]")
QUOTE_MARKS = frozenset(['"', "“", "”", "''", "«", "»"])
LABELS = ("O", "B-C", "I-C", "B-S", "I-S", "B-Q", "I-Q")
_KIND = {0: "O", 1: "C", 2: "S", 3: "Q"}
_THAT = frozenset(["that"])


def _shape(w: str) -> str:
    s = re.sub(r"[A-Z]+", "X", re.sub(r"[a-z]+", "x", re.sub(r"\d+", "d", w)))
    return s[:4]


def _bucket(d: int) -> str:
    return str(d) if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "13+"


def cue_probs(words: list[str], model: CueModel) -> list[float]:
    """The token model's probability that each word heads a cue (0 for words it is not asked about)."""
    tm = model.token_model
    return [tm.word_probability(words, i, w.lower() in model.cue_set) if may_be_cue(w) else 0.0
            for i, w in enumerate(words)]


def _cue_facts(i: int, low: list[str], cues: list[int]) -> list[str]:
    """Where the nearest cue words stand on either side of token ``i``, which words they are, and whether a
    "that" follows them."""
    out = []
    left = [j for j in cues if j < i]
    right = [j for j in cues if j > i]
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


def token_facts(words: list[str], probs: list[float], threshold: float) -> list[list[str]]:
    """The facts of each token of a sentence: the word, its ending and shape, its neighbours to +-3, where it
    stands, quotation marks around it, the cue words around it and "according to" / "that" nearby."""
    low = [w.lower() for w in words]
    n = len(words)
    cues = [j for j, p in enumerate(probs) if p >= threshold]
    acc = [j for j, w in enumerate(low) if w == "according"]
    marks, out = 0, []
    for i, w in enumerate(words):
        lw = low[i]
        f = [f"w={lw}", f"s3={lw[-3:]}", f"s2={lw[-2:]}", f"sh={_shape(w)}", f"cp={min(9, int(probs[i] * 10))}",
             f"i={min(i, 5)}", f"e={min(n - 1 - i, 5)}", f"inq={marks % 2}"]
        for k in (1, 2, 3):
            f.append(f"p{k}={low[i - k] if i >= k else '<s>'}")
            f.append(f"n{k}={low[i + k] if i + k < n else '</s>'}")
        f += [f"p1|w={f[8][3:]}|{lw}", f"w|n1={lw}|{f[9][3:]}"]
        f += _cue_facts(i, low, cues)
        f += ["accL"] if any(j < i for j in acc) else []
        f += ["accR"] if any(j > i for j in acc) else []
        f += ["thatL2"] if "that" in low[max(0, i - 2) : i] else []
        f += ["capL"] if i and words[i - 1][:1].isupper() else []
        if lw in QUOTE_MARKS:
            marks += 1
        out.append(f)
    return out


def candidate_facts(toks: list, spans: list[tuple[int, int, float]]) -> list[list[str]]:
    """Facts from the candidate model's contents ((start, end, probability) in the article): the highest
    probability of a content holding the token, of one starting at it and of one ending right before it."""
    out = []
    for i, (_, s, e) in enumerate(toks):
        inside = max((p for a, b, p in spans if a <= s and e <= b), default=-1.0)
        start = max((p for a, b, p in spans if a == s), default=-1.0)
        end = max((p for a, b, p in spans if i and b == toks[i - 1][2]), default=-1.0)
        out.append([f"k{name}={'none' if v < 0 else min(9, int(v * 10))}"
                    for name, v in (("in", inside), ("st", start), ("en", end))])
    return out


def article_sentences(article: dict, model: CueModel, labelled: bool = True,
                      spans: list[tuple[int, int, float]] | None = None) -> list[SimpleNamespace]:
    """Every sentence of an article's paragraphs: its tokens (text, start, end in the article), facts and gold
    labels (from ``paint``); with ``spans``, the candidate model's contents as facts too."""
    text = article["text"]
    kinds, owners = paint(article) if labelled else (None, None)
    out = []
    for m in PARAGRAPH.finditer(text):
        for a, b in sentences(m.group()):
            s0 = m.start() + a
            toks = [(t.group(), s0 + t.start(), s0 + t.end()) for t in TOKEN.finditer(text[s0 : m.start() + b])]
            if not toks:
                continue
            words = [t[0] for t in toks]
            facts = token_facts(words, cue_probs(words, model), model.token_model.threshold)
            if spans is not None:
                here = [x for x in spans if x[1] > toks[0][1] and x[0] < toks[-1][2]]
                facts = [f + g for f, g in zip(facts, candidate_facts(toks, here))]
            out.append(SimpleNamespace(toks=toks, facts=facts, labels=_labels(toks, kinds, owners) if labelled
                                       else None, key=(m.start(), a)))
    return out


def _labels(toks, kinds, owners) -> list[str]:
    out, prev = [], (0, -1)
    for _, s, _ in toks:
        cur = (kinds[s], owners[s])
        kind = _KIND[cur[0]]
        out.append("O" if kind == "O" else ("I-" if cur == prev else "B-") + kind)
        prev = cur
    return out


def cue_place(text: str, at: dict) -> tuple[int, int] | None:
    """The occurrence of an attribution's cue nearest its content (PolNeAR gives the cue's words, not its place)."""
    cue = (at["cue"] or "").strip()
    if not cue or not at["content_spans"]:
        return None
    c0, c1 = at["content_spans"][0][0], at["content_spans"][-1][1]
    lo = max(0, c0 - 300)
    places = [lo + m.start() for m in re.finditer(re.escape(cue), text[lo : c1 + 300])]
    if not places:
        return None
    p = min(places, key=lambda x: min(abs(x - c0), abs(x - c1)))
    return p, p + len(cue)


def paint(article: dict) -> tuple[list[int], list[int]]:
    """Per character: the kind (0 none, 1 content, 2 source, 3 cue) and the attribution it belongs to. Contents
    are painted longest first, so a nested one keeps its own start; sources and cues over them."""
    text, ats = article["text"], article["attributions"]
    kinds, owners = [0] * (len(text) + 1), [-1] * (len(text) + 1)

    def put(spans, kind, k):
        for s, e in spans:
            kinds[s:e] = [kind] * (e - s)
            owners[s:e] = [k] * (e - s)

    order = sorted(range(len(ats)), key=lambda k: -sum(e - s for s, e in ats[k]["content_spans"]))
    for k in order:
        put(ats[k]["content_spans"], 1, k)
    for k, at in enumerate(ats):
        put(at.get("source_spans") or [], 2, k)
        if (cp := cue_place(text, at)) is not None:
            put([cp], 3, k)
    return kinds, owners


def runs_of(labels: list[str], kind: str) -> list[tuple[int, int]]:
    """(first, past last) token of each run of ``kind`` (a B, or an I after another label, opens one)."""
    out, start = [], None
    for i, lab in enumerate(labels + ["O"]):
        opens = lab == f"B-{kind}" or (lab == f"I-{kind}" and start is None)
        if start is not None and (opens or not lab.endswith(kind)):
            out.append((start, i))
            start = None
        if opens:
            start = i
    return out


def units(sent: SimpleNamespace, labels: list[str], text: str) -> list[SimpleNamespace]:
    """The reported contents a tagged sentence gives: each CONTENT run with no quotation mark (quotes are the
    quote extractor's); its speaker the SOURCE run nearest the CUE run nearest it (without a cue, the SOURCE run
    nearest it), else none."""
    cues, sources, out = runs_of(labels, "Q"), runs_of(labels, "S"), []
    for a, b in runs_of(labels, "C"):
        if any(t[0] in QUOTE_MARKS for t in sent.toks[a:b]):
            continue
        s, e = sent.toks[a][1], sent.toks[b - 1][2]

        def gap(r, a=a, b=b):
            return max(r[0] - b, a - r[1], 0)

        anchor = min(cues, key=gap) if cues else (a, b)
        src = min(sources, key=lambda r, x=anchor: max(r[0] - x[1], x[0] - r[1], 0)) if sources else None
        who = text[sent.toks[src[0]][1] : sent.toks[src[1] - 1][2]] if src else None
        cue = text[sent.toks[anchor[0]][1] : sent.toks[anchor[1] - 1][2]] if cues else None
        out.append(SimpleNamespace(text=text[s:e], kind="indirect", speaker=None, speaker_mention=who, cue=cue,
                                   start=s, end=e, span=(a, b)))
    return out


def viterbi(facts: list[list[str]], state: dict[str, dict[str, float]], trans: dict[str, dict[str, float]]
            ) -> list[str]:
    """The best label sequence under exported weights: ``state[fact][label]`` and ``trans[prev][label]``."""
    labels = LABELS
    best = []
    for i, f in enumerate(facts):
        emit = dict.fromkeys(labels, 0.0)
        for x in f:
            for lab, v in state.get(x, {}).items():
                emit[lab] += v
        if not i:
            best.append({lab: (emit[lab], None) for lab in labels})
            continue
        prev = best[-1]
        row = {}
        for lab in labels:
            p = max(labels, key=lambda q, lab=lab: prev[q][0] + trans.get(q, {}).get(lab, 0.0))
            row[lab] = (prev[p][0] + trans.get(p, {}).get(lab, 0.0) + emit[lab], p)
        best.append(row)
    lab = max(labels, key=lambda q: best[-1][q][0])
    out = [lab]
    for row in reversed(best[1:]):
        lab = row[lab][1]
        out.append(lab)
    return out[::-1]
