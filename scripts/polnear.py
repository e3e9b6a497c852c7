"""PolNeAR (shared/bench/polnear) read and scored by the rules of its README.

Quotes: each quoted fragment (3+ words) of a `direct` or `mixed` attribution is a gold unit; each predicted
quote of 3+ words not of kind `indirect` is a predicted unit; a match shares at least half of each side's
words, greedy and one to one. Speaker: on matched units whose gold source is not a pronoun, right when the
predicted `speaker_mention` or `speaker` shares a word with the gold source (not counting a few function
words). End to end: a match counts only with its speaker right (a pronoun source: any speaker). Indirect:
each `indirect` content of 3+ words against predicted quotes of kind `indirect`, by the same rules.
A gold source that is null takes no part in speaker accuracy; end to end it is right when no speaker is
given (the README leaves it open; it is 1% of quote units).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")
PRONOUNS = frozenset("he she they it we i you him her them his their its our us me one".split())
_NOT_COUNTED = frozenset("the a of mr mrs ms dr".split())
# Text inside quotation marks: a pair of marks, or an opening mark left open to the end of the piece.
_FRAGMENT = re.compile(r"[\"“”]([^\"“”]+)(?:[\"“”]|$)")
# The New York Times writes quotation marks as two apostrophes, which PolNeAR's kinds do not count: its quotes
# are `indirect` there. With ``typewriter``, those marks count too (a second reading, reported beside the first).
_FRAGMENT_TW = re.compile(r"(?:''|[\"“”])((?:(?!'')[^\"“”])+)(?:''|[\"“”]|$)")


# The publishers behind PolNeAR's codes: who "the newspaper" is, as ingest knows it from the article's site.
PUBLISHERS = {"breitbart": "Breitbart News", "huff-post": "HuffPost", "nyt": "The New York Times",
              "politico": "Politico", "usa-today": "USA Today", "wash-post": "The Washington Post",
              "west-journal": "Western Journalism"}


def missing(shared: Path, command: str, how: str = "SHARED=...") -> bool:
    """Whether ``shared`` lacks PolNeAR; then the command's skip line is printed (tests run without ../shared)."""
    if (shared / "bench" / "polnear").is_dir():
        return False
    print(f"{command}: skipped ({shared}/bench/polnear not found; pass {how})")
    return True


def load(shared: Path, split: str) -> list[dict]:
    path = shared / "bench" / "polnear" / f"{split}.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def highest_within(scores: dict[float, float], tie: float = 0.001) -> float:
    """The highest threshold whose held-out score is within ``tie`` of the best: the same figures from fewer,
    surer outputs, where the folds cannot tell the difference from noise."""
    best = max(scores.values())
    return max(t for t, v in scores.items() if v >= best - tie)


def words(s: str) -> list[str]:
    return [w.lower() for w in WORD.findall(s or "")]


def _fragments(text: str, spans, typewriter: bool = False) -> list[str]:
    out = []
    for a, b in spans:
        out += [m.group(1) for m in (_FRAGMENT_TW if typewriter else _FRAGMENT).finditer(text[a:b])]
    return out


def gold_units(article: dict, typewriter: bool = False
               ) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """(quoted fragments, indirect contents) of an article, each with its gold source."""
    text, quotes, indirect = article["text"], [], []
    for at in article["attributions"]:
        quoted = at["kind"] in ("direct", "mixed") or (typewriter and "''" in at["content"])
        if quoted:
            quotes += [(f, at["source"]) for f in _fragments(text, at["content_spans"], typewriter)
                       if len(words(f)) >= 3]
        elif len(words(at["content"])) >= 3:
            indirect.append((at["content"], at["source"]))
    return quotes, indirect


def shares(a: Counter, b: Counter) -> tuple[float, float]:
    """(the share of a's words that b holds, the share of b's words that a holds)."""
    common = sum((a & b).values())
    return common / max(1, sum(a.values())), common / max(1, sum(b.values()))


def _overlap(a: Counter, b: Counter) -> float:
    """The smaller of the two shares of words in common (a match needs 0.5)."""
    return min(shares(a, b))


def speaker_right(pred, gold: str | None) -> bool | None:
    """Right, wrong, or None when the gold source takes no part (null, or a pronoun: any speaker is right)."""
    if gold is None:
        return None
    given = pred.speaker_mention or pred.speaker
    if set(words(gold)) <= PRONOUNS:
        return None
    g = set(words(gold)) - _NOT_COUNTED
    p = (set(words(pred.speaker_mention)) | set(words(pred.speaker))) - _NOT_COUNTED
    return bool(given) and bool(g & p)


def _e2e_right(pred, gold: str | None) -> bool:
    if gold is None:
        return not (pred.speaker or pred.speaker_mention)
    if set(words(gold)) <= PRONOUNS:
        return bool(pred.speaker or pred.speaker_mention)
    return bool(speaker_right(pred, gold))


def match(gold: list[tuple[str, str | None]], preds: list) -> list[tuple[int, int]]:
    """(gold index, pred index) pairs: each gold unit takes the free prediction it overlaps most."""
    pw = [Counter(words(p.text)) for p in preds]
    used: set[int] = set()
    pairs = []
    for gi, (g, _) in enumerate(gold):
        gw = Counter(words(g))
        best, best_ov = None, 0.5
        for k, w in enumerate(pw):
            if k not in used and (ov := _overlap(gw, w)) >= best_ov:
                best, best_ov = k, ov
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


class Tally:
    """Counts of one kind of unit (quotes or indirect) over a split."""

    def __init__(self):
        self.gold = self.pred = self.tp = self.e2e = self.sp_n = self.sp_ok = 0
        self.mention_words = self.mention_in_gold = 0  # how much of a speaker mention the gold source holds
        # The actor a quote is filed under (`speaker`), which the rules above do not check when the mention is
        # right: given, and given sharing no word with the gold source ("a Twitter spokesman" as Rita Katz).
        self.actor_given = self.actor_wrong = 0
        self.failures: list[tuple] = []

    def add(self, article: str, gold, preds) -> None:
        self.gold += len(gold)
        self.pred += len(preds)
        pairs = match(gold, preds)
        self.tp += len(pairs)
        for gi, pi in pairs:
            right = speaker_right(preds[pi], gold[gi][1])
            if right is not None:
                self.sp_n += 1
                self.sp_ok += right
                said = [w for w in words(preds[pi].speaker_mention) if w not in _NOT_COUNTED]
                self.mention_words += len(said)
                source = set(words(gold[gi][1]))
                self.mention_in_gold += sum(w in source for w in said)
                if not right:
                    self.failures.append((article, "speaker", gold[gi][0], gold[gi][1], preds[pi]))
                if preds[pi].speaker:
                    self.actor_given += 1
                    self.actor_wrong += not (set(words(preds[pi].speaker)) - _NOT_COUNTED) & (source - _NOT_COUNTED)
            self.e2e += _e2e_right(preds[pi], gold[gi][1])
        matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
        self.failures += [(article, "missed", g[0], g[1], None) for k, g in enumerate(gold) if k not in matched_g]
        self.failures += [(article, "extra", p.text, None, p) for k, p in enumerate(preds) if k not in matched_p]

    def figures(self) -> dict:
        def f1(tp):
            p, r = tp / max(1, self.pred), tp / max(1, self.gold)
            return 2 * p * r / (p + r) if p + r else 0.0
        return {"gold": self.gold, "predicted": self.pred, "precision": self.tp / max(1, self.pred),
                "recall": self.tp / max(1, self.gold), "f1": f1(self.tp),
                "speaker_accuracy": self.sp_ok / max(1, self.sp_n), "speakers_scored": self.sp_n,
                "e2e_f1": f1(self.e2e), "mention_precision": self.mention_in_gold / max(1, self.mention_words),
                "actors_given": self.actor_given, "actor_wrong": self.actor_wrong / max(1, self.actor_given)}


def score(articles: list[dict], extract, typewriter: bool = False, into: tuple[Tally, Tally] | None = None
          ) -> tuple[Tally, Tally]:
    """(quotes, indirect) tallies of ``extract(text) -> [Quote]`` over ``articles``, added to ``into`` if given
    (articles scored in parts, each part read its own way)."""
    quotes, indirect = into or (Tally(), Tally())
    for a in articles:
        gq, gi = gold_units(a, typewriter)
        preds = extract(a["text"])
        quotes.add(a["article"], gq, [p for p in preds if p.kind != "indirect" and len(words(p.text)) >= 3])
        indirect.add(a["article"], gi, [p for p in preds if p.kind == "indirect"])
    return quotes, indirect
