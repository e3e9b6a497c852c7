"""BERT's uncased WordPiece tokenizer in pure Python (#26, an experiment, not shipped): the pieces and character
offsets the `tokenizers` wheel gives for all-MiniLM-L6-v2 (BertNormalizer: clean text, CJK apart, strip accents,
lowercase; BertPreTokenizer: whitespace and punctuation; WordPiece with "##", [UNK] past 100 characters), from
its vocab.txt alone, so the fine-tuned tagger could run without torch or transformers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

MAX_WORD = 100  # tokenizer.json's max_input_chars_per_word
# The CJK blocks BERT sets apart as words of their own (BertNormalizer's handle_chinese_chars).
_CJK = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
        (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _is_control(ch: str) -> bool:
    # tokenizers' is_control: any "Other" category but tab, newline and return (those are whitespace)
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")


def _is_space(ch: str) -> bool:
    return ch in " \t\n\r" or ch.isspace() or unicodedata.category(ch) == "Zs"


def _is_punct(ch: str) -> bool:
    o = ord(ch)
    return 33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126 or unicodedata.category(ch)[0] == "P"


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(a <= o <= b for a, b in _CJK)


def normalize(text: str) -> list[tuple[str, int]]:
    """Each normalized character with the index of the original character it came from, in BertNormalizer's
    order: clean (drop NUL, U+FFFD and controls; whitespace to a space), CJK padded with spaces, NFD with
    nonspacing marks dropped, lowercase."""
    out: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in "\x00\ufffd" or _is_control(ch):
            continue
        if _is_space(ch):
            out.append((" ", i))
            continue
        if _is_cjk(ch):
            out += [(" ", i), (ch, i), (" ", i)]
            continue
        for d in unicodedata.normalize("NFD", ch):
            if unicodedata.category(d) != "Mn":
                out += [(c, i) for c in d.lower()]
    return out


def words(chars: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """BertPreTokenizer: split on whitespace (dropped) and on punctuation (each mark a word of its own)."""
    out: list[list[tuple[str, int]]] = []
    cur: list[tuple[str, int]] = []
    for c in chars:
        if _is_space(c[0]) or _is_punct(c[0]):
            if cur:
                out.append(cur)
            cur = []
            if not _is_space(c[0]):
                out.append([c])
        else:
            cur.append(c)
    if cur:
        out.append(cur)
    return out


class WordPiece:
    """vocab.txt's pieces, one a line, the line number the id."""

    def __init__(self, vocab: Path):
        try:
            lines = vocab.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise SystemExit(f"encoder_wordpiece: cannot read {vocab}: {err}") from None
        self.vocab = {w: k for k, w in enumerate(lines)}
        self.unk = self.vocab["[UNK]"]

    def pieces(self, word: list[tuple[str, int]]) -> list[tuple[int, int, int]]:
        """Greedy longest match from the left, "##" before all but the first piece; the whole word one [UNK] if
        it is too long or a part of it matches nothing. Each piece as (id, start, end) in the original text."""
        s = "".join(c for c, _ in word)
        whole = [(self.unk, word[0][1], word[-1][1] + 1)]
        if len(s) > MAX_WORD:
            return whole
        out, a = [], 0
        while a < len(s):
            for b in range(len(s), a, -1):
                k = self.vocab.get(s[a:b] if a == 0 else "##" + s[a:b])
                if k is not None:
                    out.append((k, word[a][1], word[b - 1][1] + 1))
                    a = b
                    break
            else:
                return whole
        return out

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """The ids and (start, end) character offsets of ``text``'s pieces, no [CLS] or [SEP]."""
        found = [p for w in words(normalize(text)) for p in self.pieces(w)]
        return [p[0] for p in found], [(p[1], p[2]) for p in found]
