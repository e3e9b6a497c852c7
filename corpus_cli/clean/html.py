"""HTML pages through trafilatura: the only module that imports it."""

from __future__ import annotations

import functools
import logging
import re
import sys

from corpus_cli.clean import html_pick, html_tail
from corpus_cli.clean import lang as langmod
from corpus_cli.clean.lines import line_key
from corpus_cli.clean.metadata import normalize_date
from corpus_cli.errors import InputError
from corpus_cli.models import Cleaned

# Fixed so that a page's extracted date does not depend on the day it is ingested.
MAX_DATE = "2099-12-31"
_DATE_PARAMS = {"extensive_search": True, "original_date": True, "max_date": MAX_DATE}
# Deeper trees are refused before lxml sees them (lxml's own limit would end the process's patience first).
MAX_TREE_SIZE = 200_000
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def _split_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = re.split(r"\s*[;,]\s*", value)
    out: list[str] = []
    for v in value:
        for part in re.split(r"\s*[;,]\s*", str(v)):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


# trafilatura reports pages it cannot use through logging; Python's last-resort handler would print those
# to the user's terminal. We report failures ourselves, one line per file.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())
logging.getLogger("trafilatura").propagate = False
logging.getLogger("htmldate").propagate = False
logging.getLogger("courlan").propagate = False

# Caches keyed by a page's own text: trafilatura (2.3.1) keeps the last 1,024 strings it trimmed and lines it
# processed (trafilatura.utils.trim, line_processing), htmldate (1.11) the last 8,192 texts of <time> and <abbr>
# elements it read a date from, whatever their length, so a worker would hold paragraphs of many past pages.
# Their help is within a page: they are emptied each time the pages cleaned since reach a budget of characters.
_PAGE_TEXT_CACHES = (("trafilatura.utils", "trim"), ("trafilatura.utils", "line_processing"),
                     ("htmldate.extractors", "try_date_expr"))
CACHE_BUDGET_CHARS = 500_000


class _PageTextCaches:
    """The characters of pages cleaned since the caches above were last emptied (one per process)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.chars = 0

    def spend(self, chars: int) -> None:
        self.chars += chars
        if self.chars > self.budget:
            for module, name in _PAGE_TEXT_CACHES:
                clear = getattr(getattr(sys.modules.get(module), name, None), "cache_clear", None)
                if clear is not None:
                    clear()
            self.chars = 0


_page_text_caches = _PageTextCaches(CACHE_BUDGET_CHARS)


@functools.lru_cache(maxsize=1)
def _config():
    """trafilatura's settings, made once per process."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "max_tree_size", str(MAX_TREE_SIZE))
    return config


# How the body is extracted: "fast" is trafilatura's own extraction alone; "full" adds its fallback extractors
# (readability, jusText) and keeps what its own heuristics pick; "auto" runs "fast" and asks html_choice whether the
# fallbacks are worth running and their text better, with thresholds fitted by site (make fit-html-choice, #22),
# then runs readability and jusText alone: html_pick may take one's text instead, and html_tail drops the trailing
# lines neither holds.
EXTRACTIONS = ("auto", "fast", "full")


def extract(content: str, url: str | None, *, fast: bool = True, metadata: bool = True, **options):
    """trafilatura's document for ``content`` (None: no text found); ``options`` are bare_extraction's (the
    favor_precision / favor_recall / include_comments / include_tables variants make bench-clean compares)."""
    import trafilatura

    settings = {"include_comments": False, "include_tables": True, **options}
    try:
        return trafilatura.bare_extraction(
            content, url=url, with_metadata=metadata, deduplicate=False, fast=fast,
            date_extraction_params=_DATE_PARAMS, config=_config(), **settings)
    except (ValueError, TypeError, RecursionError, MemoryError) as e:
        raise InputError(f"HTML could not be parsed ({type(e).__name__})") from None


def _voters(content: str, url: str | None) -> list:
    """readability's and jusText's texts of the page, each extracted when first asked for (html_tail's vote);
    a page they cannot read gives an empty text."""
    from copy import deepcopy

    from trafilatura.baseline import basic_cleaning
    from trafilatura.external import sanitize_tree, try_justext, try_readability
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html
    from trafilatura.xml import xmltotxt

    tree = functools.cache(lambda: load_html(content))

    def readability() -> str:
        options = Extractor(config=_config(), fast=False, comments=False, tables=True, url=url)
        return xmltotxt(sanitize_tree(try_readability(deepcopy(tree())), options)[0], False)

    def justext() -> str:
        return xmltotxt(try_justext(basic_cleaning(deepcopy(tree())), url, None), False)

    def safe(extractor):
        def run() -> str:
            try:
                return (extractor() or "") if tree() is not None else ""
            except Exception:  # noqa: BLE001 - a voter that fails on a page casts no vote; the body stands
                return ""
        return run

    return [safe(readability), safe(justext)]


def _body(content: str, url: str | None, extraction: str):
    """The document of the first run (its metadata: the fallbacks never change a field) and the body text, its
    headline dropped and, in auto, its tail trimmed by the other extractors' vote."""
    from corpus_cli.clean import html_choice

    doc = extract(content, url, fast=extraction != "full")
    text = (doc.text or "").strip() if doc is not None else ""
    if extraction == "auto" and html_choice.run_fallbacks(text):
        full = extract(content, url, fast=False, metadata=False)
        full_text = (full.text or "").strip() if full is not None else ""
        if html_choice.prefer_fallbacks(text, full_text):
            text = full_text
    if doc is None or not text:
        return doc, ""
    title = (doc.title or "").strip() or None
    text = drop_title(text, title)
    if extraction == "auto":
        texts = dict(zip(html_pick.CANDIDATES, (drop_title(v().strip(), title) for v in _voters(content, url))))
        text = texts.get(html_pick.pick(text, texts), text)
        text = html_tail.trim_tail(text, [lambda t=t: t for t in texts.values()])
    return doc, text


def clean_html(content: str, url: str | None = None, extraction: str = "auto") -> Cleaned:
    # lxml refuses str input that carries its own encoding declaration; the text is decoded already.
    content = _XML_DECL.sub("", content, count=1)
    try:
        doc, text = _body(content, url, extraction)
    finally:
        _page_text_caches.spend(len(content))
    if doc is None or not text:
        raise InputError("no article text found in HTML")
    title = (doc.title or "").strip() or None
    authors = _split_list(doc.author)
    tags = _split_list(doc.tags) or _split_list(doc.categories)
    return Cleaned(
        text=text,
        title=title,
        date=normalize_date(doc.date),
        authors=authors,
        tags=tags,
        url=doc.url or url,
        publisher=(doc.sitename or "").strip() or None,
        language=langmod.detect(text),
    )


def drop_title(text: str, title: str | None) -> str:
    """trafilatura keeps the headline as the body's first line; the title has its own field (dropping it here
    raises F1 on the AEB pages, see docs/performance.md)."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and line_key(first) == line_key(title):
        return rest.strip()
    return text
