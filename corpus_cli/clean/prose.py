"""Is a cleaned body an article at all? The last cleaning decision before extraction."""

from __future__ import annotations

MIN_WORDS = 5  # fewer words than a headline is not an article


def is_prose(text: str) -> bool:
    """Enough words, and mostly letters: not a wall of punctuation (an entity bomb left unexpanded)."""
    sample = text[:2000]  # enough to tell prose from a wall of punctuation
    words = sample.split()
    visible = sum(map(len, words))
    letters = sum(map(str.isalnum, sample))
    return len(words) >= MIN_WORDS and visible > 0 and letters >= 0.3 * visible
