"""The vote of readability and jusText on a real page through clean_html (#22): trailing lines of trafilatura's body
that neither holds are dropped in auto, kept in fast, and a page the voters find nothing in keeps its body."""

from __future__ import annotations

from corpus_cli.clean import html

URL = "https://news.example.org/harbour/quay-four"
PARAGRAPHS = [
    "The harbour authority said on Monday that quay four would finally open to ferries in the spring, after two "
    "years of delays caused by flooding and a dispute with the builder over the cost of new piles.",
    "Engineers found in the first winter that the old sea wall had moved by several centimetres, and the work "
    "stopped while the authority and the builder argued about who should pay for the repairs to the wall.",
    "\"We are glad to see the end of it,\" said the harbour master, who added that the ferry companies had been "
    "patient with the authority throughout the long months of the closure and the noise of the works.",
    "The new quay will take ships of up to two hundred metres, and the authority expects the number of passengers "
    "crossing to the islands each summer to rise once the larger ferries can berth at the town.",
    "Traders on the front said they hoped the busier summers would bring back the visitors they had lost while the "
    "quay was fenced off and the road along the water was closed to cars and coaches.",
]
# Inside the article's container, in a block whose class readability weighs against and trafilatura keeps;
# too short for jusText to call it good.
TAIL = ["Sign up for our weekly harbour newsletter today.", "Print this story or save it for later reading."]


def promo(lines: list[str]) -> str:
    return '<div class="promo">' + "".join(f"<p>{t}</p>" for t in lines) + "</div>"


def page(paragraphs: list[str], tail: list[str]) -> str:
    ps = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Quay four opens after two years of delays</title></head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Quay four opens after two years of delays</h1>
{ps}
{promo(tail)}
</article></main>
<footer><p>Copyright Example News. All rights reserved.</p></footer>
</body></html>"""


def test_auto_drops_the_trailing_lines_neither_voter_holds_and_keeps_the_article():
    content = page(PARAGRAPHS, TAIL)
    fast = html.clean_html(content, URL, extraction="fast").text
    auto = html.clean_html(content, URL, extraction="auto").text
    assert fast.split("\n") == PARAGRAPHS + TAIL
    assert auto.split("\n") == PARAGRAPHS


def test_a_page_the_voters_find_nothing_in_keeps_its_body_whole():
    # readability drops the promo block and jusText finds no good paragraph: no vote, so nothing is trimmed.
    content = f"<html><head><title>Newsletter</title></head><body><article>{promo(TAIL)}</article></body></html>"
    assert not any(voter().strip() for voter in html._voters(content, URL))
    assert html.clean_html(content, URL, extraction="auto").text.split("\n") == TAIL
    assert html.clean_html(content, URL, extraction="fast").text.split("\n") == TAIL

