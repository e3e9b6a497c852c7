"""BERT's uncased WordPiece tokenizer in pure Python (#26), for the fine-tuned reported-speech encoder: the pieces
and character offsets the `tokenizers` wheel's BertNormalizer, BertPreTokenizer and WordPiece give for
all-MiniLM-L6-v2, from the vocabulary alone (no tokenizers, no transformers). Checked identical to the fast
tokenizer on every PolNeAR sentence (docs/performance.md, "The fine-tuned tagger in numpy").

A pruned vocabulary works as is: greedy longest match falls back to the shorter pieces that are left, and every
single character and its "##" form is kept by the exporter, so a word only becomes [UNK] as it would have."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

MAX_WORD = 100  # tokenizer.json's max_input_chars_per_word: a longer word is one [UNK]
UNK = "[UNK]"
# The CJK blocks BERT sets apart as words of their own (BertNormalizer's handle_chinese_chars).
_CJK = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
        (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))

Char = tuple[str, int]  # a normalized character and the index of the original character it came from
Piece = tuple[int, int, int]  # a piece's id and its (start, end) in the original text


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


def normalize(text: str) -> list[Char]:
    """Each normalized character with its original index, in BertNormalizer's order: clean (drop NUL, U+FFFD and
    controls; whitespace to a space), CJK padded with spaces, NFD with nonspacing marks dropped, lowercase."""
    out: list[Char] = []
    for i, ch in enumerate(text):
        if ch in "\x00\ufffd" or _is_control(ch):
            continue
        if _is_space(ch):
            out.append((" ", i))
        elif _is_cjk(ch):
            out += [(" ", i), (ch, i), (" ", i)]
        elif ch.isascii():
            out.append((ch.lower(), i))
        else:
            for d in unicodedata.normalize("NFD", ch):
                if unicodedata.category(d) != "Mn":
                    out += [(c, i) for c in d.lower()]
    return out


def split_words(chars: list[Char]) -> list[list[Char]]:
    """BertPreTokenizer: split on whitespace (dropped) and on punctuation (each mark a word of its own)."""
    out: list[list[Char]] = []
    cur: list[Char] = []
    for c in chars:
        space = _is_space(c[0])
        if space or _is_punct(c[0]):
            if cur:
                out.append(cur)
            cur = []
            if not space:
                out.append([c])
        else:
            cur.append(c)
    if cur:
        out.append(cur)
    return out


class WordPiece:
    """Greedy longest-match WordPiece over ``vocab`` (the piece of each id, in id order)."""

    def __init__(self, vocab: Iterable[str]):
        self.ids = {w: k for k, w in enumerate(vocab)}
        if UNK not in self.ids:
            raise ValueError("the vocabulary has no [UNK]")
        self.unk = self.ids[UNK]
        self.longest = max(map(len, self.ids))

    def pieces(self, word: list[Char]) -> list[Piece]:
        """A word's pieces, "##" before all but the first; the whole word one [UNK] if it is longer than
        MAX_WORD or a part of it matches nothing."""
        s = "".join(c for c, _ in word)
        whole = [(self.unk, word[0][1], word[-1][1] + 1)]
        if len(s) > MAX_WORD:
            return whole
        out, a = [], 0
        while a < len(s):
            for b in range(min(len(s), a + self.longest), a, -1):
                k = self.ids.get(s[a:b] if a == 0 else "##" + s[a:b])
                if k is not None:
                    out.append((k, word[a][1], word[b - 1][1] + 1))
                    a = b
                    break
            else:
                return whole
        return out

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """The ids and (start, end) character offsets of ``text``'s pieces, without [CLS] and [SEP]."""
        found = [p for w in split_words(normalize(text)) for p in self.pieces(w)]
        return [p[0] for p in found], [(p[1], p[2]) for p in found]
