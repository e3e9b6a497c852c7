"""Small facts about the shape of a piece of text, shared by the cleaner and the extractors."""

from __future__ import annotations

import re


def trie(words) -> str:
    """An alternation of ``words`` grouped by their letters ("ma(?:rch|r|y)" as "ma(?:r(?:ch)?|y)"): the engine
    tries one branch at each character instead of every word in turn. A word's longer forms are tried before
    it, as in a list of the words longest first, so it matches what that list matches."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def alt(node: dict) -> str:
        branches = [re.escape(ch) + alt(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"
        return body

    return alt(tree)


def title_like(text: str, min_words: int = 2, share: float = 0.6) -> bool:
    """Title case: at least ``min_words`` words and ``share`` of them capitalised ("All Quiet on the Western
    Front", a headline in a menu)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= min_words and sum(w[:1].isupper() for w in words) / len(words) >= share
