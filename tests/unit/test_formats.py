"""HTML page or text dump (#21): a dump with a few tags stays a dump, a page stays a page, and a file whose first
reader finds nothing is given to the other."""

from __future__ import annotations

import pytest

from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
from corpus_cli.ingest.process import Context, Options, process_doc
from corpus_cli.ingest.readers import read_bytes
from tests.conftest import FIXTURES, SAMPLES

DUMP = sorted(SAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8")
PIXEL = ('<img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1&ev=PageView"/> '
         '<div><img src="https://mc.yandex.ru/watch/1" style="position:absolute; left:-9999px;" alt="" /></div>\n')


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(Gazetteer(load_gazetteer_file()), frozenset(), Options())


def _article(data: str, ctx: Context, name: str = "a.txt"):
    raw = read_bytes(f"/in/{name}", data.encode("utf-8"))[0]
    return raw, process_doc(raw, ctx)[0]


def test_a_dump_with_a_tracking_pixel_line_is_the_dump_without_it(ctx):
    _, plain = _article(DUMP, ctx)
    raw, art = _article(PIXEL + DUMP, ctx)
    assert raw.kind == "text" and art.kind == "text"
    assert (art.title, art.text, art.content_hash) == (plain.title, plain.text, plain.content_hash)


def test_a_dump_with_br_at_every_line_end_is_a_dump(ctx):
    _, plain = _article(DUMP, ctx)
    raw, art = _article(DUMP.replace("\n", "<br>\n"), ctx)
    assert raw.kind == "text" and "<br" not in art.text and "<br" not in (art.title or "")
    assert (art.title, art.text) == (plain.title, plain.text)


def test_a_dump_with_a_p_caption_is_a_dump(ctx):
    lines = DUMP.split("\n")
    lines.insert(12, "<p>Photo: Reuters</p>")
    raw, art = _article("\n".join(lines), ctx)
    assert raw.kind == "text" and "<p>" not in art.text


def test_an_html_page_stays_html(ctx):
    data = (FIXTURES / "article.html").read_bytes()
    raw = read_bytes("/in/article.html", data)[0]
    assert raw.kind == "html" and raw.fallback is None
    fragment = "".join(f"<p>Paragraph {i} of a fragment of a page, about the talks in Geneva.</p>\n" for i in range(9))
    assert read_bytes("/in/f.html", f"<div>\n{fragment}</div>\n".encode())[0].kind == "html"


def test_the_other_reader_when_the_first_finds_nothing(ctx):
    """Markup on every line, but only as decoration of a dump's lines (nothing trafilatura keeps as an article):
    the text reader gets the file, without its tags."""
    lines = [f"<span>{line}</span>" if line.strip() else line for line in DUMP.split("\n")]
    raw, art = _article("\n".join(lines), ctx, "b.html")
    assert raw.kind == "html" and raw.fallback is not None
    assert art.kind == "text" and "<span>" not in art.text and "North Korea" in art.text
