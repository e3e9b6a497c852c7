"""Per page, whether trafilatura's fallback extractors (readability, jusText) are worth running, and whether their
text beats its fast extraction (#22). Pure functions of the two texts; the thresholds are fitted on pages of some
sites and checked on the others (scripts/fit_html_choice.py, make fit-html-choice), shipped in
corpus_cli/data/html_choice.json."""

from __future__ import annotations

import functools

from corpus_cli import package_data

PARAMS_FILE = "html_choice.json"


@functools.lru_cache(maxsize=1)
def params() -> dict:
    """The fitted thresholds (read once per process)."""
    return package_data.load(PARAMS_FILE, "the HTML extraction thresholds", lambda d: d["thresholds"])


def _lines(text: str) -> list[str]:
    return [line for line in (raw.strip() for raw in text.split("\n")) if line]


def mean_line_chars(text: str) -> float:
    lines = _lines(text)
    return sum(map(len, lines)) / len(lines) if lines else 0.0


def containment(fast_text: str, full_text: str) -> float:
    """The share of the fast text's characters, in whole lines, that the text with the fallbacks also holds."""
    theirs = set(_lines(full_text))
    lines = _lines(fast_text)
    total = sum(map(len, lines))
    return sum(len(line) for line in lines if line in theirs) / total if total else 0.0


def run_fallbacks(fast_text: str, p: dict | None = None) -> bool:
    """The fast text looks weak: short, or a list of short lines (links, menus) rather than paragraphs. A page where
    it found nothing is no article (a file that could be a text dump then goes to the text reader, #21)."""
    p = p or params()
    return bool(fast_text) and (len(fast_text) < p["short_chars"] or mean_line_chars(fast_text) < p["list_line_chars"])


def prefer_fallbacks(fast_text: str, full_text: str, p: dict | None = None) -> bool:
    """The fallbacks' text replaces a list-shaped fast text when it is shorter (a body was found among the links),
    and a short fast text when it is found somewhere else on the page. Where the fallbacks only add to the fast
    text (the usual case: comments, teasers), the fast text stays."""
    p = p or params()
    if not full_text or full_text == fast_text:
        return False
    if mean_line_chars(fast_text) < p["list_line_chars"] and len(full_text) < len(fast_text):
        return True
    return len(fast_text) < p["short_chars"] and containment(fast_text, full_text) < p["elsewhere_below"]
