"""Interview transcripts inside an article: paragraphs that open with a speaker's label in capitals
("PENCE: Well, look, ...", "CHRIS WALLACE: ..."). Each turn is a quote of its speaker, without quotation marks.

A label counts when the article has a dialogue: at least two speakers whose labels recur (a speaker asked or
answering more than once, or named once in full and then by surname), so that a lone "UPDATE:" or a dateline
is not a speaker.
"""

from __future__ import annotations

import re
from collections import Counter

_TURN = re.compile(r"^[ \t\"“]{0,2}(?P<label>[A-Z][A-Z.'’ -]{1,28}[A-Z.]):[ \t]+(?=\S)")


def transcript_turns(paragraphs: list[tuple[int, str]]) -> dict[int, tuple[str, int]]:
    """{paragraph index: (label, where the turn's words start in the paragraph)} of an article's transcript."""
    found = {}
    for i, (_, par) in enumerate(paragraphs):
        if ":" in par[:32] and (m := _TURN.match(par)):
            found[i] = (" ".join(m.group("label").split()), m.end())
    if len(found) < 3:
        return {}
    counts = Counter(label for label, _ in found.values())
    surnames = Counter(label.split()[-1] for label in counts)
    keep = {label for label, n in counts.items() if n >= 2 or surnames[label.split()[-1]] >= 2}
    if len({label.split()[-1] for label in keep}) < 2:
        return {}
    return {i: turn for i, turn in found.items() if turn[0] in keep}
