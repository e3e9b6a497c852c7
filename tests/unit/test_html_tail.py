"""Where an HTML body ends: its trailing lines that neither readability nor jusText holds are dropped (#22)."""

from __future__ import annotations

from corpus_cli.clean import html_tail

ARTICLE = [f"The harbour authority said on Monday that quay {i} would open in spring after two years of delays."
           for i in range(5)]
COMMENTS = ["Reader one wrote: I have lived by this harbour for years and never saw such a mess.",
            "Share this story", "Related: ferry timetables change again for the summer season"]


def voters(*texts):
    return [lambda t=t: t for t in texts]


def test_trailing_lines_no_voter_holds_are_dropped():
    body = "\n".join(ARTICLE + COMMENTS)
    assert html_tail.trim_tail(body, voters("\n".join(ARTICLE), "")) == "\n".join(ARTICLE)


def test_one_voter_holding_a_line_keeps_it_and_everything_above():
    body = "\n".join(ARTICLE + COMMENTS)
    kept = html_tail.trim_tail(body, voters("\n".join(ARTICLE), "\n".join(ARTICLE + COMMENTS[:1])))
    assert kept == "\n".join(ARTICLE + COMMENTS[:1])


def test_only_the_tail_is_trimmed():
    body = "\n".join(ARTICLE[:2] + COMMENTS[:1] + ARTICLE[2:])
    assert html_tail.trim_tail(body, voters("\n".join(ARTICLE), "")) == body


def test_voters_that_hold_nothing_of_the_body_leave_it_whole():
    body = "\n".join(COMMENTS)
    assert html_tail.trim_tail(body, voters("\n".join(ARTICLE), "")) == body
    assert html_tail.trim_tail(body, voters("", "")) == body


def test_a_line_held_in_part_counts_by_its_share_of_shingles():
    line = ARTICLE[0]
    half = " ".join(line.split()[: len(line.split()) // 2 + 2])
    assert html_tail.held(line, set(html_tail.shingles(half)))
    assert not html_tail.held(line, set(html_tail.shingles(" ".join(line.split()[:5]))))
    assert html_tail.held("* * *", set())  # no words: no evidence


def test_blank_trailing_lines_go_and_a_later_voter_is_asked_only_when_needed():
    asked = []

    def second():
        asked.append(1)
        return ""

    body = "\n".join(ARTICLE) + "\n\n"
    assert html_tail.trim_tail(body, [lambda: "\n".join(ARTICLE), second]) == "\n".join(ARTICLE)
    assert asked == []
    html_tail.trim_tail("\n".join(ARTICLE + COMMENTS), [lambda: "\n".join(ARTICLE), second])
    assert asked == [1]
