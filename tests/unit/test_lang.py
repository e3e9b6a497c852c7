"""Language identification from stop words (corpus_cli.clean.lang)."""

from __future__ import annotations

import random
import re

import justext
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus_cli.clean import lang


def test_stop_word_lists_are_justexts():
    """The index reads jusText's files itself, decoded whole: the same words as justext.get_stoplist."""
    for name, code in lang._LANGS.items():
        assert lang.stopwords(code) == justext.get_stoplist(name), name
    assert lang.stopwords(None) == frozenset() and lang.stopwords("xx") == frozenset()


@pytest.mark.parametrize("text, code", [
    ("The ministry said on Tuesday that the talks would go on, and that both sides were ready to meet again.", "en"),
    ("Министерство заявило во вторник, что переговоры продолжатся и что обе стороны готовы встретиться снова.", "ru"),
    ("Міністерство заявило у вівторок, що переговори триватимуть і що обидві сторони готові зустрітися знову.", "uk"),
    ("Das Ministerium erklärte am Dienstag, dass die Gespräche weitergehen und beide Seiten zu einem Treffen bereit "
     "sind.", "de"),
    ("Le ministère a déclaré mardi que les discussions se poursuivraient et que les deux parties étaient prêtes.", "fr"),
    ("El ministerio dijo el martes que las conversaciones seguirían y que las dos partes estaban dispuestas.", "es"),
    ("外交部发言人在例行记者会上表示，中方愿同各方一道，继续为推动半岛问题政治解决发挥建设性作用。" * 3, "zh"),
    ("外務省の報道官は定例記者会見で、日本は関係各国と協力して問題の平和的な解決を目指すと述べた。" * 3, "ja"),
    ("외교부 대변인은 정례 브리핑에서 정부가 관련국들과 협력해 한반도 문제의 평화적 해결을 위해 노력하겠다고 밝혔다." * 3, "ko"),
    ("대한민국서울특별시종로구세종대로청와대국방부외교부통일부" * 3, "ko"),  # no spaces: told by its script alone
])
def test_detects_the_language_of_prose(text, code):
    assert lang.detect(text) == code


@pytest.mark.parametrize("text", [
    "12 34 56 -- 78 90 ## 11",  # figures, no words
    "Seoul Pyongyang Tokyo Beijing Moscow Washington Brussels Kyiv Warsaw",  # place names, no running prose
    "ok",
    "",
])
def test_no_language_for_what_is_not_prose(text):
    assert lang.detect(text) is None


_CJK, _KANA, _HANGUL = (re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[\u3040-\u30ff]"),
                        re.compile(r"[\uac00-\ud7af]"))
# Characters of the three scripts, at the ends of their ranges and just outside them, and Latin text.
SCRIPT_PIECES = ["中", "\u4e00", "\u9fff", "の", "\u3040", "\u30ff", "한", "\uac00", "\ud7af", "\u303f", "\u3100",
                 "\u4dff", "\ua000", "\uabff", "\ud7b0", "the ", "’"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=len(SCRIPT_PIECES), max_size=len(SCRIPT_PIECES)), st.randoms())
@example([50] + [0] * (len(SCRIPT_PIECES) - 1), random.Random(0))  # 50 ideographs: not yet Chinese
@example([51, 0, 0, 20] + [0] * (len(SCRIPT_PIECES) - 4), random.Random(0))  # 20 kana: not yet Japanese
@example([0] * 6 + [51] + [0] * (len(SCRIPT_PIECES) - 7), random.Random(0))  # 51 Hangul: Korean
def test_scripts_are_counted_as_one_search_for_each_would_count_them(counts, rnd):
    """Chinese, Japanese and Korean are told by more than 50 characters of their script (more than 20 of them kana
    for Japanese), found by one search for all three scripts."""
    pieces = [p for p, n in zip(SCRIPT_PIECES, counts) for _ in range(n)]
    rnd.shuffle(pieces)
    text = "".join(pieces)
    cjk, kana, hangul = (len(rx.findall(text)) for rx in (_CJK, _KANA, _HANGUL))
    if cjk > 50:
        assert lang.detect(text) == ("ja" if kana > 20 else "zh")
    elif hangul > 50:
        assert lang.detect(text) == "ko"
    else:
        assert lang.detect(text) not in ("zh", "ja")
