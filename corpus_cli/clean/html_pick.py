"""Per page, whether readability's or jusText's text replaces trafilatura's body (#22). Three extractors that find
the article by different means mostly agree; where trafilatura's body disagrees with both others and one of them
looks like an article, that one is likely the better text. A logistic regression on the texts' agreement and
shapes decides, fitted on pages of some sites and checked on the others (scripts/fit_html_choice.py, make
fit-html-choice), shipped in corpus_cli/data/html_choice.json beside html_choice's thresholds."""

from __future__ import annotations

import functools
import math
from collections import Counter

from corpus_cli import package_data
from corpus_cli.clean import html_choice
from corpus_cli.clean.patterns import WORD
from corpus_cli.logistic import sigmoid

CANDIDATES = ("readability", "justext")
_NAMES = ("body", *CANDIDATES)
N = 4  # shingle size, as in the benchmarks' scorer


@functools.lru_cache(maxsize=1)
def model() -> dict:
    """The fitted weights and threshold (read once per process)."""
    def build(d: dict) -> dict:
        m = d["pick"]
        return {"coef": [float(c) for c in m["coef"]], "intercept": float(m["intercept"]),
                "threshold": float(m["threshold"])}

    return package_data.load(html_choice.PARAMS_FILE, "the HTML extractor choice", build)


def shingles(text: str) -> Counter:
    """The text's 4-word shingles, counted (a text of 1 to 3 words: one shorter shingle)."""
    words = WORD.findall(text)
    if len(words) < N:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + N]) for i in range(len(words) - N + 1))


def agreement(a: Counter, b: Counter) -> float:
    """Shingle F1 between two texts (1 when both are empty)."""
    total = a.total() + b.total()
    return 2 * (a & b).total() / total if total else 1.0


def features(body: str, texts: dict[str, str]) -> dict[str, list[float]]:
    """Each candidate's agreement with the others and with the body, and its shape beside the body's."""
    sh = {"body": shingles(body), **{c: shingles(texts[c]) for c in CANDIDATES}}
    out = {}
    for c in CANDIDATES:
        others = [agreement(sh[c], sh[v]) for v in _NAMES if v != c]
        t = texts[c]
        shape = [math.log1p(len(t)) - math.log1p(len(body)), math.log1p(html_choice.mean_line_chars(t)),
                 math.log1p(len(body)), math.log1p(html_choice.mean_line_chars(body))]
        out[c] = [sum(others) / len(others), min(others), agreement(sh[c], sh["body"]), *shape,
                  *(float(c == m) for m in _NAMES)]
    return out


def probabilities(body: str, texts: dict[str, str], m: dict | None = None) -> dict[str, float]:
    """Each candidate's likelihood of being the better text (0 for one without words)."""
    m = m or model()
    out = {}
    for c, x in features(body, texts).items():
        z = m["intercept"] + sum(w * v for w, v in zip(m["coef"], x))
        out[c] = sigmoid(z) if WORD.search(texts[c]) else 0.0
    return out


def best(p: dict[str, float], threshold: float) -> str | None:
    """The likeliest candidate if its likelihood passes the threshold (the first of equals), else None."""
    top = max(CANDIDATES, key=p.get)
    return top if p[top] > threshold else None


def pick(body: str, texts: dict[str, str], m: dict | None = None) -> str | None:
    """The candidate whose text replaces the body, or None to keep it."""
    m = m or model()
    return best(probabilities(body, texts, m), m["threshold"])
