"""What text browsers write that is no part of the page (#22): lynx's block of the head's link titles, the lines
where an inline frame was, a paragraph wrapped into two lines, Japanese wrapped at half the characters of a line.
The cleaner reads such a dump as it reads the same page without them."""

from corpus_cli.clean.lines import repair, unwrap
from corpus_cli.clean.text import clean_text

PROSE = [
    "The city council voted on Tuesday to extend the night bus service until the end of the year, after a long debate.",
    "Residents of the northern districts had complained for months that the last buses left before the trains arrived.",
    "The mayor said the extension would cost less than expected because two older routes will be merged into one.",
]
MENU = ["Home", "World", "Business", "Sport", ""]
TAIL = ["", "Most read", "Ferry timetable changes", "New tram line opens"]


def _wrap(text: str, width: int, indent: str = "   ") -> list[str]:
    lines, line = [], ""
    for w in text.split():
        if line and len(indent) + len(line) + 1 + len(w) > width:
            lines.append(indent + line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return lines + [indent + line]


def test_lynx_link_titles_above_the_page_are_dropped():
    # lynx -dump opens with the titles of the head's <link> elements; "Comments Feed" is no comment thread
    header = ["   #City News » Feed City News » Comments Feed City News » Night buses extended until the end",
              "   of the year", ""]
    page = MENU + [p for x in PROSE for p in (x, "")] + TAIL
    assert repair("\n".join(header + page)).lstrip("\n") == "\n".join(page)
    assert clean_text("\n".join(header + page)).text == clean_text("\n".join(page)).text == "\n\n".join(PROSE)


def test_a_hash_line_further_down_or_a_markdown_heading_stays():
    for text in ("Home\n   #City News » Feed\n\ntext", "# Night buses extended\n\ntext", "   # a lynx bullet\ntext"):
        assert repair(text) == text


def test_lines_where_an_inline_frame_was_are_dropped():
    assert repair("first\n   IFrame\n   IFRAME: https://ads.example.org/frame?id=1\nIFrame tags are old\nlast") == \
        "first\nIFrame tags are old\nlast"


def test_a_paragraph_wrapped_into_two_lines_is_one_again():
    # lynx wraps at 80 columns: a two-line paragraph whose second line opens with a capital is joined when its first
    # line is as long as the page's wrapped lines get
    story = ("SANTA FE, N.M. (AP) - A cat who has been missing for five years in Portland, Oregon, has been found in "
             "Santa Fe, New Mexico.")
    two = _wrap(story, 76)
    assert len(two) == 2 and two[1].strip()[0].isupper()
    dump = MENU + two + [""] + [x for p in PROSE for x in _wrap(p, 76) + [""]]
    assert [x.strip() for x in unwrap(dump) if x.strip()] == MENU[:-1] + [story] + PROSE


def test_two_short_lines_or_list_items_are_not_joined():
    prose = [x for p in PROSE for x in _wrap(p, 76) + [""]]
    short = ["   Night buses extended until the end of the year, says the council", "   Sport"]
    item = ["     * Night buses extended until the end of the year, the council says after a", "       Long debate"]
    for block in (short, item):
        assert unwrap(prose + block)[-2:] == block
    # a dump no tool wrapped has no page width: two long lines stay two
    flat = [p for x in PROSE for p in (x, "")] + [PROSE[0], "Residents of the northern districts complained"]
    assert unwrap(flat) == flat


def test_japanese_wrapped_at_half_a_line_is_told_japanese():
    # lynx wraps Chinese and Japanese at 80 columns, 40 characters: no line is 80 characters long
    para = "今日は市議会が夜行バスの運行を年末まで延長することを決めました。長い議論の末のことです。" * 6
    lines = ["Home About Contact Privacy Policy Terms Sitemap Archive Feed", ""]
    for k in range(0, len(para), 40):
        lines.append(para[k : k + 40])
    assert clean_text("\n".join(lines)).language == "ja"


def test_the_page_width_is_the_one_its_wrapped_blocks_agree_on():
    # Blocks wrapped at widths of their own (a wide cell, a quote box) do not set the page's width: the many wrapped
    # at 76 do, so a two-line paragraph at 76 is joined.
    story = ("SANTA FE, N.M. (AP) - A cat who has been missing for five years in Portland, Oregon, has been found in "
             "Santa Fe, New Mexico.")
    wide = _wrap(PROSE[0] + " " + PROSE[1], 150) + [""]
    wider = _wrap(" ".join(PROSE), 170) + [""]
    dump = MENU + _wrap(story, 76) + [""] + [x for p in PROSE for x in _wrap(p, 76) + [""]] + wide + wider
    assert story in [x.strip() for x in unwrap(dump)]
