#!/usr/bin/env python3
"""What the held-out HTML bodies miss, by kind of gold line, and two recoveries measured on held-out sites (#22).

Printed by make html-errors, or alone by `python scripts/html_errors.py --shared ../shared --kinds-only`.

1. Each gold line whose 4-word shingles the body holds less than half of is missed. It is sorted by kind: the
   page's title, its standfirst (half its shingles in the page's meta description), a byline ("By ...", or the
   author trafilatura found, 25 words at most), a date (a date on a line of 15 words at most), a short line (6
   words at most) or other prose; and by place: above the first gold line the body holds, inside, or below the
   last. Printed: the mean share of the gold's words each kind misses, and the F1 if that kind's lines were
   added to the bodies (a bound: the gold is known).
2. A standfirst rule, nothing fitted: the smallest visible page element (not in a link, list item or hidden
   element) whose text is the meta description, put above the body when the body holds less than half of it.
3. The text cleaner's boilerplate shapes (corpus_cli.clean.patterns.shape_bad) on the bodies: the trailing lines
   of that shape dropped, or every such line.
4. trafilatura's favor_precision with its fallbacks as a third text, chosen over the held-out choice's text by
   a logistic regression (scikit-learn, the train extra) on the texts' shapes, fitted on four folds of sites
   (make fit-html-choice's) and applied to the fifth.

The pages' metadata and standfirsts are cached in .train-cache/html/lead.json (git-ignored).
"""

from __future__ import annotations

import html as htmlmod
import json
import math
import re
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_html_choice as fc  # noqa: E402

from corpus_cli.clean import html_choice  # noqa: E402
from corpus_cli.clean.html import drop_title  # noqa: E402
from corpus_cli.clean.lines import line_key  # noqa: E402
from corpus_cli.clean.patterns import WORD, shape_bad  # noqa: E402

CACHE = ROOT / ".train-cache" / "html" / "lead.json"
KINDS = ("title", "standfirst", "byline", "date", "short", "other")
PLACES = ("above", "inside", "below")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|"
                  r"\b\d{4}-\d\d-\d\d\b|\b(?:19|20)\d\d\b", re.I)
BYLINE = re.compile(r"^\s*(?:by|posted by|written by|author|posted on|published)\b", re.I)
_WS = re.compile(r"\s+")
_NOT_TEXT = {"script", "style", "noscript", "template", "head", "title", "meta", "option", "textarea", "button"}
_NOT_LEAD = {"a", "li", "option", "button"}


def _norm(text: str) -> str:
    return _WS.sub(" ", htmlmod.unescape(text or "")).strip()


def _hidden(el) -> bool:
    """In a link, a list item or a hidden element: a teaser or a widget, not the page's own lead."""
    for a in (el, *el.iterancestors()):
        style = (a.get("style") or "").replace(" ", "").lower()
        if a.tag in _NOT_LEAD or "display:none" in style or a.get("hidden") is not None:
            return True
    return False


def standfirst(tree, description: str) -> str:
    """The text of the smallest visible element that is the meta description ('' when none): the standfirst."""
    d = _norm(description)
    core = d.rstrip(".… ").strip()  # descriptions are often cut with an ellipsis
    if len(core) < 30:
        return ""
    found = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
            continue
        t = _norm(el.text_content())
        if len(core) <= len(t) <= 1.2 * len(core) + 20 and (t == d or t.rstrip(".… ").startswith(core)):
            found.append(el)
    inner = [e for e in found if not any(x in set(found) for x in e.iterdescendants())]
    return next((_norm(e.text_content()) for e in inner if not _hidden(e)), "")


def _page_lead(args: tuple[Path, str, str]) -> tuple[str, dict]:
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from corpus_cli.clean import html
    from corpus_cli.ingest.readers import read_bytes

    bench, set_, pid = args
    path = bench / set_ / "html" / f"{pid}.html.gz"
    raw = read_bytes(str(path), path.read_bytes())[0]
    tree = load_html(html._XML_DECL.sub("", raw.content, count=1))
    if tree is None:
        return f"{set_}/{pid}", {"author": "", "description": "", "standfirst": ""}
    m = extract_metadata(tree, raw.url, html._DATE_PARAMS)
    return f"{set_}/{pid}", {"author": m.author or "", "description": m.description or "",
                             "standfirst": standfirst(tree, m.description or "")}


def leads(bench: Path, pages) -> dict[str, dict]:
    """{"set/id": {"author", "description", "standfirst"}} for every page, from the cache when it has them all."""
    keys = [f"{p.set}/{p.id}" for p in pages]
    if CACHE.is_file():
        cached = json.loads(CACHE.read_text(encoding="utf-8"))
        if all(k in cached for k in keys):
            return cached
    with ProcessPoolExecutor(2) as ex:
        out = dict(ex.map(_page_lead, [(bench, p.set, p.id) for p in pages], chunksize=8))
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps(out), encoding="utf-8")
    return out


def line_kind(sc, line: str, title: str, lead: dict) -> str:
    """What a gold line is (one of KINDS), from its own text and the page's metadata."""
    own = set(sc.shingles(line))
    words = len(sc.tokens(line))
    if title and own and len(own & set(sc.shingles(title))) >= 0.5 * len(own):
        return "title"
    if lead["description"] and own and len(own & set(sc.shingles(lead["description"]))) >= 0.5 * len(own):
        return "standfirst"
    author = lead["author"].split(";")[0].strip()
    if words <= 25 and (BYLINE.search(line) or (author and author in line)):
        return "byline"
    if words <= 15 and DATE.search(line):
        return "date"
    return "short" if words <= 6 else "other"


def missed_lines(sc, gold: str, body: str, title: str, lead: dict) -> list[tuple[str, str, str, float]]:
    """(kind, place, line, share of the gold's words) of each gold line the body misses."""
    held = set(sc.shingles(body))
    lines = [line for line in gold.split("\n") if line.strip()]
    cover = []
    for line in lines:
        own = set(sc.shingles(line))
        cover.append(len(own & held) / len(own) if own else 1.0)
    kept = [i for i, c in enumerate(cover) if c >= 0.5]
    first, last = (kept[0], kept[-1]) if kept else (len(lines), -1)
    total = max(1, len(sc.tokens(gold)))
    return [(line_kind(sc, line, title, lead), "above" if i < first else "below" if i > last else "inside",
             line, len(sc.tokens(line)) / total) for i, (line, c) in enumerate(zip(lines, cover)) if c < 0.5]


def kinds_table(data, bodies: list[str], lead: dict[str, dict]) -> str:
    """Per set: each kind's mean missed share of the gold's words (by place) and the F1 with its lines added."""
    sc, loss, counts = data.sc, defaultdict(float), defaultdict(list)
    n = defaultdict(int)
    for i, p in enumerate(data.pages):
        key = f"{p.set}/{p.id}"
        missed = missed_lines(sc, p.gold, bodies[i], data.modes[key]["fast"]["title"], lead[key])
        n[p.set] += 1
        for kind, place, _, share in missed:
            loss[p.set, kind, place] += share
        for kind in KINDS:
            above = [line for k, place, line, _ in missed if k == kind and place == "above"]
            rest = [line for k, place, line, _ in missed if k == kind and place != "above"]
            counts[p.set, kind].append(sc.doc_counts(p.gold, "\n".join(above + [bodies[i]] + rest)))
    lines = [f"{'set':<12}{'kind':<12}" + "".join(f"{'R ' + pl:>10}" for pl in PLACES)
             + f"{'F1 added':>10}   (missed share of the gold's words, mean a page; F1 with them added: a bound)"]
    for s in fc.cd.SETS:
        for kind in KINDS:
            lines.append(f"{s:<12}{kind:<12}" + "".join(f"{loss[s, kind, pl] / n[s]:>10.4f}" for pl in PLACES)
                         + f"{sc.aggregate(counts[s, kind])['f1']:>10.4f}")
    return "\n".join(lines)


def with_standfirst(sc, body: str, found: str) -> str:
    """``body`` with the page's standfirst above it, unless the body holds half of it already."""
    own = set(sc.shingles(found))
    if not own or len(own & set(sc.shingles(body))) >= 0.5 * len(own):
        return body
    return f"{found}\n{body}"


def standfirst_table(data, bodies: list[str], lead: dict[str, dict]) -> str:
    sc, rows = data.sc, {}
    for i, p in enumerate(data.pages):
        new = with_standfirst(sc, bodies[i], lead[f"{p.set}/{p.id}"]["standfirst"])
        r = rows.setdefault(p.set, ([], [], 0))
        rows[p.set] = (r[0] + [sc.doc_counts(p.gold, bodies[i])], r[1] + [sc.doc_counts(p.gold, new)],
                       r[2] + (new != bodies[i]))
    lines = [f"{'standfirst rule, nothing fitted':<36}{'pages':>7}{'F1 before':>11}{'F1 after':>10}"]
    for s, (a, b, k) in rows.items():
        lines.append(f"{s:<36}{k:>7}{sc.aggregate(a)['f1']:>11.4f}{sc.aggregate(b)['f1']:>10.4f}")
    return "\n".join(lines)


def _shape_bad(line: str) -> bool:
    t = line.strip()
    return shape_bad(t, len(WORD.findall(t)), line_key(t))


def _trim_tail(body: str) -> str:
    lines = body.split("\n")
    while len(lines) > 1 and _shape_bad(lines[-1]):
        lines.pop()
    return "\n".join(lines)


def trims_table(data, bodies: list[str]) -> str:
    """The text cleaner's boilerplate shapes (nothing fitted on these pages) applied to the HTML bodies."""
    sc, ways = data.sc, {"none": lambda b: b, "trailing lines of boilerplate shape": _trim_tail,
                         "every line of boilerplate shape": lambda b: "\n".join(
                             x for x in b.split("\n") if not _shape_bad(x)) or b}
    lines = [f"{'shape rules on the body':<36}" + "".join(f"{s:>12}" for s in fc.cd.SETS)]
    for label, way in ways.items():
        f = {s: sc.aggregate([sc.doc_counts(p.gold, way(bodies[i])) for i, p in enumerate(data.pages)
                              if p.set == s])["f1"] for s in fc.cd.SETS}
        lines.append(f"{label:<36}" + "".join(f"{f[s]:>12.4f}" for s in fc.cd.SETS))
    return "\n".join(lines)


def _shapes(fast: str, full: str, chosen: str, prec: str) -> list[float]:
    lines = lambda t: math.log1p(sum(1 for x in t.split("\n") if x.strip()))  # noqa: E731
    return [math.log1p(len(chosen)), math.log1p(len(prec)), math.log1p(len(prec)) - math.log1p(len(chosen)),
            html_choice.containment(prec, chosen), html_choice.containment(chosen, prec),
            math.log1p(html_choice.mean_line_chars(chosen)), math.log1p(html_choice.mean_line_chars(prec)),
            float(html_choice.run_fallbacks(fast)), lines(chosen), lines(prec), float(chosen == prec),
            math.log1p(len(fast)), math.log1p(len(full)), html_choice.containment(fast, full)]


def precision_choice(data, bodies: list[str], chosen: list[str], fold_of: list[int]) -> str:
    """The held-out choice's text or favor_precision's with fallbacks, a logistic regression deciding."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return "favor_precision choice: skipped (needs the train extra: pip install -e '.[train]')"
    sc, rows, gain, alt = data.sc, [], [], []
    for i, p in enumerate(data.pages):
        m = data.modes[f"{p.set}/{p.id}"]
        prec = drop_title(m["prec_full"]["text"].strip(), m["fast"]["title"])
        rows.append(_shapes(m["fast"]["text"].strip(), m["full"]["text"].strip(), chosen[i],
                            m["prec_full"]["text"].strip()))
        alt.append(sc.doc_counts(p.gold, prec))
        c = sc.doc_counts(p.gold, bodies[i])
        gain.append(sc._prec(*alt[-1]) + sc._rec(*alt[-1]) - sc._prec(*c) - sc._rec(*c))
    pick = [False] * len(rows)
    for k in range(fc.FOLDS):
        fit = [i for i, f in enumerate(fold_of) if f != k and gain[i] != 0]
        model = LogisticRegression(max_iter=2000).fit([rows[i] for i in fit], [int(gain[i] > 0) for i in fit],
                                                      sample_weight=[abs(gain[i]) for i in fit])
        held = [i for i, f in enumerate(fold_of) if f == k]
        for i, prob in zip(held, model.predict_proba([rows[i] for i in held])[:, 1]):
            pick[i] = bool(prob > 0.5)
    lines = [f"{'favor_precision as a third text':<36}{'picked':>7}{'F1 before':>11}{'F1 after':>10}"]
    for s in fc.cd.SETS:
        idx = [i for i, p in enumerate(data.pages) if p.set == s]
        before = sc.aggregate([sc.doc_counts(data.pages[i].gold, bodies[i]) for i in idx])["f1"]
        after = sc.aggregate([alt[i] if pick[i] else sc.doc_counts(data.pages[i].gold, bodies[i]) for i in idx])
        lines.append(f"{s:<36}{sum(pick[i] for i in idx):>7}{before:>11.4f}{after['f1']:>10.4f}")
    return "\n".join(lines)


def report(data, bench: Path, bodies: list[str], chosen: list[str], fold_of: list[int]) -> str:
    lead = leads(bench, data.pages)
    return "\n\n".join((kinds_table(data, bodies, lead), standfirst_table(data, bodies, lead),
                        trims_table(data, bodies), precision_choice(data, bodies, chosen, fold_of)))
