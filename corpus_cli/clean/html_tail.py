"""Where an HTML body ends, by the vote of two other extractors (#22): trafilatura's body often runs on into
comments, related-story lists and sharing lines below the article. readability and jusText find the article by other
means; a trailing line of the body that neither of them holds is dropped. Nothing here is fitted: measured on
held-out sites in docs/performance.md (scripts/html_consensus.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from corpus_cli.clean.html_pick import shingles

HELD_SHARE = 0.5  # a line is held by a voter that has at least this share of its shingles


def held(line: str, voter: set) -> bool:
    """Whether the voter's text holds the line (a line without words is held: it is no evidence either way)."""
    own = set(shingles(line))
    return not own or len(own & voter) >= HELD_SHARE * len(own)


def trim_tail(body: str, voters: Iterable[Callable[[], str]]) -> str:
    """``body`` without its trailing lines that no voter holds. Voters are called lazily, the next one only when
    the last line is not held by those before, so a costly one runs only where it is needed. Where the voters hold
    no line of the body, they found the article elsewhere or nowhere, and the body stays whole."""
    lines = body.split("\n")
    votes: list[set] = []
    pending = iter(voters)

    def is_held(line: str) -> bool:
        if any(held(line, v) for v in votes):
            return True
        for voter in pending:
            votes.append(set(shingles(voter())))
            if held(line, votes[-1]):
                return True
        return False

    end = len(lines)
    while end and (not lines[end - 1].strip() or not is_held(lines[end - 1])):
        end -= 1
    return "\n".join(lines[:end]).rstrip() if end else body
