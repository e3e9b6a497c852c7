"""The plain-text dump cleaner on the five real samples and on small dumps written for each feature."""

import pytest

from corpus_cli.clean.lines import repair
from corpus_cli.clean.metadata import parse_byline, split_glued
from corpus_cli.clean.text import clean_text, unwrap
from tests.conftest import SAMPLES

SAMPLE = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}

# Lines of the dumps that are not the article: none may be left in a body.
BOILERPLATE = [
    "All Sections", "Support Us", "Eng", "Advertisement", "Photo:", "Patreon", "RECENT NEWS", "All News",
    "Follow Ukrainska Pravda", "Ukrainska Pravda is the place", "Min Read", "published update", "See also",
    "TAGGED", "Share This Article", "Leave a comment", "USANorth", "MinistryNorth", "Drones attack defence plant",
    "Kremlin hints Russia", "hybrid tribunal", "Stock Photo", "Screenshot from", "11:37", "20:01",
]

# (first words of the body, last words of the body, a line in the middle that must stay)
KEEP = {
    "000": ("The US Department of State has stated", "a desperation call from Russia\".", "Background:"),
    "001": ("Ukraine’s Ministry of Foreign Affairs believes", "a desperation call from Russia\".", "Source: European Pravda"),
    "002": ("North Korean dictator Kim Jong-un again", "between Pyongyang and Moscow.", "“Illegal” cooperation"),
    "003": ("The US Department of State has reported", "of the US and the West.", "Quote: \"I will also note"),
    "004": ("The United States has issued a stern warning", "remains elusive.", "He continued, “It makes me think"),
}

META = {
    "000": ("North Korea shares blame for Russia's war in Ukraine, says US State Department", "2025-04-30T08:53",
            ["Iryna Balachuk"], ["USA", "North Korea", "Russo-Ukrainian war"]),
    "001": ("Ukraine urges tougher sanctions following admission that North Korean troops are fighting for Russia",
            "2025-04-28T20:01", ["Oleh Pavliuk", "Anastasia Protz"], ["Foreign Affairs Ministry", "North Korea", "Russia"]),
    "002": ("North Korea doubles its “unconditional” support for Russian war in Ukraine", None, ["Lauren Walker"], []),
    "003": ("Russia seeks to increase military cooperation with North Korea", "2023-08-16T09:27", ["European Pravda"], []),
    "004": (None, None, [], []),
}


@pytest.mark.parametrize("key", sorted(SAMPLE))
def test_sample_body_has_no_boilerplate_and_keeps_the_article(key):
    r = clean_text(SAMPLE[key])
    for bad in BOILERPLATE:
        assert bad not in r.text, f"{key}: boilerplate {bad!r} left in body"
    first, last, middle = KEEP[key]
    assert r.text.startswith(first)
    assert r.text.endswith(last)
    assert middle in r.text
    title = META[key][0]
    if title:
        assert title not in r.text, "the title goes to its field, not the body"


@pytest.mark.parametrize("key", sorted(SAMPLE))
def test_sample_metadata(key):
    r = clean_text(SAMPLE[key])
    title, date, authors, tags = META[key]
    assert (r.title, r.date, r.authors, r.tags) == (title, date, authors, tags)
    assert r.language == "en"


def test_sample_body_keeps_every_article_paragraph():
    # Every line of dump 004 is article text: nothing may be lost.
    r = clean_text(SAMPLE["004"])
    for line in SAMPLE["004"].splitlines():
        assert line.strip() in r.text


def test_wire_credit_and_broken_entities_in_byline():
    assert parse_byline("by & nbsplauren Walker & nbspwith & nbspAP") == (["Lauren Walker"], ["AP"])
    assert clean_text(SAMPLE["002"]).wires == ["AP"]


def test_glued_tags_split_without_breaking_names():
    assert split_glued("USANorth KoreaRusso-Ukrainian war") == ["USA", "North Korea", "Russo-Ukrainian war"]
    assert split_glued("McDonald ChainsYouTube") == ["McDonald Chains", "YouTube"]


def test_publisher_from_promo_line():
    assert clean_text(SAMPLE["000"]).publisher == "Ukrainska Pravda"
    assert clean_text(SAMPLE["004"]).publisher is None


PROSE = [
    "The city council voted on Tuesday to extend the night bus service until the end of the year, after a long debate.",
    "Residents of the northern districts had complained for months that the last buses left before the trains arrived.",
    "The mayor said the extension would cost less than expected because two older routes will be merged into one.",
]


def test_unwrap_joins_lines_wrapped_at_a_fixed_width():
    wrapped = []
    for p in PROSE * 2:
        line = ""
        for w in p.split():
            if len(line) + 1 + len(w) > 60:
                wrapped.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        wrapped.append(line)
        wrapped.append("")
    joined = [x for x in unwrap(wrapped) if x]
    assert joined == PROSE * 2


def test_wrapped_dump_cleans_like_the_unwrapped_one():
    menu = ["Home", "World", "Business", "Sport", ""]
    flat = menu + [p for x in PROSE for p in (x, "")] + ["Most read", "Ferry timetable changes", "New tram line opens"]
    r = clean_text("\n".join(flat))
    assert r.text == "\n\n".join(PROSE)


def test_a_framed_dump_cleans_like_the_bare_one():
    # pandoc writes a block with line breaks as "| " lines; links and w3m frame table cells in "|"
    menu = ["Home", "World", "Business", "Sport", ""]
    bare = menu + [p for x in PROSE for p in (x, "")] + ["Most read", "Ferry timetable changes"]
    framed = menu + [p for x in PROSE for p in (f"| {x}", "|")] + ["| Most read |", "|   | Ferry timetable changes |"]
    assert clean_text("\n".join(framed)).text == clean_text("\n".join(bare)).text == "\n\n".join(PROSE)
    # a separator inside a line is its text, not a frame
    assert repair("| About us | Contact |\n|x| y").split("\n") == [" About us | Contact", "|x| y"]


def test_headline_list_and_timestamps_after_the_article_are_dropped():
    dump = "\n".join(
        ["Night buses extended", ""] + [p for x in PROSE for p in (x, "")]
        + ["RECENT NEWS", "11:37", "Storm closes the airport for a day", "11:35", "Football club changes its coach"]
    )
    r = clean_text(dump)
    assert r.text == "\n\n".join(PROSE)
    assert r.title == "Night buses extended"


def test_heading_inside_the_article_is_kept_and_repeated_promo_is_not():
    dump = "\n".join(
        [PROSE[0], "", "Advertisement", "", "What happens next", "", PROSE[1], "", "Advertisement", "", PROSE[2]]
    )
    r = clean_text(dump)
    assert "What happens next" in r.text
    assert "Advertisement" not in r.text


def test_learned_boilerplate_lines_are_removed_but_section_labels_stay():
    promo = "Read the whole story in our weekly magazine today!"
    dump = "\n".join([PROSE[0], "", promo, "", "Background:", "", PROSE[1], "", PROSE[2]])
    assert promo in clean_text(dump).text
    from corpus_cli.clean.text import line_key as _line_key

    learned = frozenset({_line_key(promo), _line_key("Background:")})
    r = clean_text(dump, learned=learned)
    assert promo not in r.text
    assert "Background:" in r.text


def test_cleaner_is_deterministic():
    assert clean_text(SAMPLE["001"]) == clean_text(SAMPLE["001"])


def test_dump_without_title_gets_none_not_a_body_sentence():
    r = clean_text("\n".join(PROSE))
    assert r.title is None and r.date is None and r.authors == []


def test_comment_thread_after_the_article_is_not_the_body():
    # A long thread outweighs a short article; the thread's heading ends the article all the same.
    comment = ("I have read every report on this and I still think the council should have asked the residents "
               "first, because the night buses are what the shift workers in our district depend on.")
    dump = "\n".join(
        ["Night buses extended", "", PROSE[0], "", PROSE[1], "", "12 Comments", ""]
        + [x for k in range(8) for x in (f"Reader{k} on May {k + 1}, 2024 at 9:1{k} pm said:", comment, "")]
    )
    r = clean_text(dump)
    assert r.text == "\n\n".join(PROSE[:2])


def test_share_bar_comments_link_does_not_end_the_article():
    dump = "\n".join(["• Facebook", "• Twitter", "• Comments", "• Print", "", "\n\n".join(PROSE)])
    assert clean_text(dump).text == "\n\n".join(PROSE)


def test_data_table_in_the_article_is_kept_row_by_row():
    rows = ["Pos   Team              Points   Wins", "1     Northern Lights   5040     5",
            "2     Harbour United     5035     7", "3     River Rovers       5033     4",
            "4     Hill Town          5027     6", "5     Old Port           2380     2"]
    dump = "\n".join(["League table", "", PROSE[0], "", *rows, "", PROSE[1], "", "RECENT NEWS",
                      "Storm closes the airport for a day"])
    r = clean_text(dump)
    assert r.text.split("\n\n") == [PROSE[0], *rows, PROSE[1]]


def test_short_column_layout_is_not_a_table():
    # Three rows of a ticker in a sidebar are not enough to be a table.
    dump = "\n".join(["DOW    27,000   +0.5%", "S&P    3,100    +0.2%", "GOLD   1,460    -0.1%", "", "\n\n".join(PROSE)])
    assert clean_text(dump).text == "\n\n".join(PROSE)


def test_headlines_run_into_their_datelines_are_teasers():
    teasers = ["• Deportees return home from the border NEW DELHI: Their American dream shattered, nearly 150 "
               "people returned home on Wednesday after months of waiting in camps.",
               "• Cleric says the government will fall soon KARACHI: A firebrand cleric warned on Tuesday that "
               "the government had only weeks left, and his supporters cheered."]
    dump = "\n\n".join(teasers + ["NEW DELHI: " + PROSE[0], PROSE[1], PROSE[2]])
    assert clean_text(dump).text == "\n\n".join(["NEW DELHI: " + PROSE[0], PROSE[1], PROSE[2]])


TEASER_LEADS = [
    "The harbour festival returns next month with more boats than ever before, and the organisers expect record crowds.",
    "A new bakery has opened on the corner of the old market square, and the queue on its first day reached the river.",
    "The football club has appointed a new coach after a season that ended with three defeats in a row at home.",
]


def test_related_stories_heading_over_teasers_ends_the_article():
    teasers = [x for k, lead in enumerate(TEASER_LEADS) for x in (f"[teaser-image-{k}]", f"Story {k} headline", lead)]
    dump = "\n\n".join(["Night buses extended", *PROSE, "You may also like...", *teasers])
    assert clean_text(dump).text == "\n\n".join(PROSE)


def test_related_box_inside_the_article_does_not_end_it():
    # The article goes on after the box: paragraphs one after another.
    more = ["The new timetable starts on the first of the month and will be published on the council website.",
            "Drivers' unions welcomed the decision but asked for more staff on the late shifts."]
    dump = "\n\n".join([*PROSE, "Related", "Storm closes the airport for a day", *more])
    body = clean_text(dump).text
    assert all(p in body for p in PROSE + more)


@pytest.mark.parametrize("line", [
    "In this photo issued by ITV, the two leaders shake hands during their head-to-head debate in Salford, "
    "England, on Tuesday evening, while the audience looks on.",
    "Image 1 of 5",
    "No spam, we promise. You can unsubscribe at any time and we'll never share your details.",
    "Sign up for e-mail newsletters",
])
def test_captions_gallery_counters_and_newsletter_boxes_are_dropped(line):
    dump = "\n\n".join([PROSE[0], line, PROSE[1], PROSE[2]])
    assert clean_text(dump).text == "\n\n".join(PROSE)


def test_list_announced_at_the_end_of_the_article_is_kept():
    dates = ["June 9 -- Coral Sky Amphitheatre, West Palm Beach", "June 10 -- Credit Union Amphitheatre, Tampa",
             "June 14 -- Bank Amphitheatre, Alpharetta", "June 17 -- Bridgestone Arena, Nashville"]
    dump = "\n\n".join([*PROSE, "The tour dates:", *dates, "RECENT NEWS", "Storm closes the airport for a day"])
    assert clean_text(dump).text == "\n\n".join([*PROSE, "The tour dates:", *dates])
