"""A learned post-cleaning of trafilatura's paragraphs, measured on held-out sites for make html-errors (#22).

Each paragraph of the chosen body (after the title step) gets a row of features: its shape, the text cleaner's hand
rules (corpus_cli.clean.patterns) as features, its place in the body, its surroundings and its neighbours. Label:
at least half of its 4-word shingles are in the page's gold body; weight: its share of the page's words, so that
every page weighs the same (as in the scorer). A logistic regression (scikit-learn, the train extra) is fitted on
four folds of sites, its threshold searched on half of those pages (every other one, for time), and applied to the
fifth fold in two ways: drop the paragraphs under the threshold, or cut the body after the prefix where
(probability - threshold) sums highest (comment threads and related lists come at the end). A variant adds the page's
structure, as Dragnet's own features: the class and id words of the element that holds the paragraph and of its
ancestors, those used by at least MIN_SITES of the fitting folds' sites.
Not shipped: none beats the choice alone on held-out sites (docs/performance.md).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter

from corpus_cli.clean.lines import line_key
from corpus_cli.clean.patterns import BULLET, COMMENTS_MARK, RELATED_HEAD, WORD, ends_sentence, shape_bad

THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
NEAR = 4  # paragraphs each side whose shapes make a paragraph's surroundings
SHAPE_MAX_CHARS = 2000  # longer paragraphs are prose: the hand rules are not tried on them
MIN_SITES = 30  # a class or id word is a feature when this many training sites use it
KEY_CHARS = 60  # a paragraph is found in the page by the first characters of its key
BLOCKS = {"p", "li", "dd", "dt", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "td", "pre", "div", "span",
          "article", "section", "a"}
_CLASS_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_LINK = re.compile(r"https?://|www\.|@\w|\S@\S", re.I)
_SEPARATOR = re.compile(r"\||·| / | » | > ")


def paragraphs(text: str) -> list[str]:
    return [line for line in (raw.strip() for raw in text.split("\n")) if line]


def _own(t: str, keys: dict[str, int]) -> tuple[float, ...]:
    """chars, words, ends, shape_bad, caps, digits, colon, separator, commas, link, bullet, repeated, mark."""
    short = len(t) <= SHAPE_MAX_CHARS
    n = len(WORD.findall(t)) if short else len(t) // 6
    head = t.split(None, 30)[:30]
    caps = sum(1 for w in head if w[:1].isupper()) / len(head) if head else 0.0
    digits = len(_DIGIT.findall(t, 0, 300)) / min(len(t), 300) if t else 0.0
    key = line_key(t)
    bad = short and shape_bad(t, n, key)
    mark = short and bool(COMMENTS_MARK.match(t) or RELATED_HEAD.match(t))
    return (math.log1p(len(t)), math.log1p(n), float(ends_sentence(t)), float(bad), caps, digits,
            float(t.endswith(":")), float(bool(_SEPARATOR.search(t, 0, 300))), t.count(",", 0, 2000) / (n or 1),
            float(bool(_LINK.search(t, 0, 300))), float(bool(BULLET.match(t))), float(keys.get(key, 0) > 1),
            float(mark))


def _near(own: list[tuple[float, ...]], i: int) -> tuple[float, ...]:
    """Shares of boilerplate-shaped, sentence-ending and bulleted paragraphs around ``i``, their mean log words."""
    around = own[max(0, i - NEAR) : i] + own[i + 1 : i + 1 + NEAR]
    k = len(around) or 1
    return (sum(o[3] for o in around) / k, sum(o[2] for o in around) / k, sum(o[1] for o in around) / k,
            sum(o[10] for o in around) / k)


def features(paras: list[str]) -> list[list[float]]:
    """One row a paragraph: its own shape, its place, what lies above it, its surroundings, two neighbours each side."""
    keys: dict[str, int] = {}
    for p in paras:
        keys[line_key(p)] = keys.get(line_key(p), 0) + 1
    own = [_own(p, keys) for p in paras]
    n, sizes = len(paras), [len(p) for p in paras]
    total, longest = sum(sizes) or 1, max(sizes, default=1) or 1
    rows, before, marks, bad = [], 0, 0.0, 0.0
    for i, o in enumerate(own):
        place = (i / (n - 1) if n > 1 else 0.0, 1 / (1 + i), 1 / (n - i), math.log1p(n), math.log1p(total),
                 sizes[i] / longest, (total - before - sizes[i]) / total, before / total, marks, math.log1p(bad))
        near = [x for j in (i - 2, i - 1, i + 1, i + 2) for x in ((own[j][1], own[j][2], own[j][3])
                                                                  if 0 <= j < n else (-1.0, -1.0, -1.0))]
        rows.append([*o, *place, *_near(own, i), *near])
        before, marks, bad = before + sizes[i], max(marks, o[12]), bad + o[3]
    return rows


def labels(paras: list[str], gold: str) -> tuple[list[int], list[float]]:
    """Each paragraph's label (half its shingles in the gold) and weight (its share of the page's words)."""
    toks = WORD.findall(gold)
    grams = {tuple(toks[i : i + 4]) for i in range(len(toks) - 3)}
    short = {tuple(toks[i : i + n]) for n in (1, 2, 3) for i in range(len(toks) - n + 1)}
    out, sizes = [], []
    for p in paras:
        t = WORD.findall(p)
        if len(t) < 4:
            out.append(int(bool(t) and tuple(t) in short))
        else:
            out.append(int(sum(tuple(t[i : i + 4]) in grams for i in range(len(t) - 3)) * 2 >= len(t) - 3))
        sizes.append(max(len(t), 1))
    return out, [s / sum(sizes) for s in sizes]


def keep(paras: list[str], probs, t: float, how: str) -> str:
    """The body the model leaves: paragraphs at or above ``t`` ("drop"), or the best prefix ("cut")."""
    if how == "drop":
        kept = [p for p, s in zip(paras, probs) if s >= t]
        return "\n".join(kept or paras)
    acc, best, end = 0.0, None, len(paras)
    for j, s in enumerate(probs):
        acc += s - t
        if best is None or acc > best:
            best, end = acc, j + 1
    return "\n".join(paras[:end])


def _with_words(row: list[float], words: list[str] | None, vocab: dict[str, int]) -> list[float]:
    """``row`` and, when a vocabulary is given, whether the paragraph's element was found and which of its words."""
    if not vocab:
        return row
    extra = [0.0] * (len(vocab) + 1)
    if words is not None:
        extra[-1] = 1.0
        for wd in words:
            if wd in vocab:
                extra[vocab[wd]] = 1.0
    return row + extra


def dom_words(content: str) -> dict[str, list[str]]:
    """For each text block of the page, by its key's first KEY_CHARS characters: the words of the class and id
    attributes of its element and its ancestors (up to twelve levels); the deepest element of a key wins."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(content)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return {}
    out = {}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag not in BLOCKS:
            continue
        key = line_key(el.text_content()[:300])[:KEY_CHARS]
        if not key:
            continue
        words, node = set(), el
        for _ in range(12):
            if node is None:
                break
            words.update(_CLASS_WORD.findall(f"{node.get('class') or ''} {node.get('id') or ''}".lower()))
            node = node.getparent()
        out[key] = sorted(words)
    return out


def _fit(rows: dict, idx: list[int], vocab: dict[str, int]):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    def matrix(i: int):
        return np.array([_with_words(r, wd, vocab) for r, wd in zip(rows[i][1], rows[i][4])], dtype=float)

    X = np.vstack([matrix(i) for i in idx if i in rows])
    y = np.array([v for i in idx if i in rows for v in rows[i][2]])
    w = np.array([v for i in idx if i in rows for v in rows[i][3]]) * len(idx)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=1.0, max_iter=3000).fit((X - mean) / scale, y, sample_weight=w)
    return {i: lr.predict_proba((matrix(i) - mean) / scale)[:, 1] for i in rows}


def vocabulary(pages, dom: list[dict], idx: list[int]) -> dict[str, int]:
    """The class and id words found on at least MIN_SITES of the sites of pages ``idx`` (site-specific ones would
    only teach the model its training sites)."""
    sites: dict[str, set[str]] = {}
    for i in idx:
        for words in dom[i].values():
            sites.setdefault(pages[i].site, set()).update(words)
    counts = Counter(wd for words in sites.values() for wd in words)
    return {wd: j for j, wd in enumerate(sorted(wd for wd, c in counts.items() if c >= MIN_SITES))}


def held_out(sc, pages, bodies: list[str], fold_of: list[int], how: str, dom: list[dict] | None = None):
    """Shingle F1 a set of the bodies after the model, each fold's pages cleaned by the model of the others; with
    ``dom`` (dom_words of each page), the class and id words of each paragraph's element are features too."""
    rows = {}
    for i, (p, body) in enumerate(zip(pages, bodies)):
        paras = paragraphs(body)
        if len(paras) >= 2:
            words = [dom[i].get(line_key(q)[:KEY_CHARS]) if dom else None for q in paras]
            rows[i] = (paras, features(paras), *labels(paras, p.gold), words)
    out = list(bodies)
    for k in sorted(set(fold_of)):
        train = [i for i, f in enumerate(fold_of) if f != k]
        probs = _fit(rows, train, vocabulary(pages, dom, train) if dom else {})
        t = max(THRESHOLDS, key=lambda t, probs=probs: _mean_f1(
            sc, pages, train[::2], lambda i, t=t, probs=probs: _text(rows, bodies, probs, i, t, how)))
        for i, f in enumerate(fold_of):
            if f == k:
                out[i] = _text(rows, bodies, probs, i, t, how)
    return _f1s(sc, pages, range(len(pages)), lambda i: out[i])


def _text(rows: dict, bodies: list[str], probs: dict, i: int, t: float, how: str) -> str:
    return keep(rows[i][0], probs[i], t, how) if i in rows else bodies[i]


def _f1s(sc, pages, idx, text_of) -> dict[str, float]:
    by: dict[str, list] = {}
    for i in idx:
        by.setdefault(pages[i].set, []).append(sc.doc_counts(pages[i].gold, text_of(i)))
    return {s: sc.aggregate(c)["f1"] for s, c in by.items()}


def _mean_f1(sc, pages, idx, text_of) -> float:
    return statistics.mean(_f1s(sc, pages, idx, text_of).values())
