"""Language identification from stop words (jusText's lists), and stop-word density for prose scoring."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

# jusText list name -> ISO 639-1. Limited to languages with a distinctive list: the long tail of jusText's
# lists (Volapuk, Waray-Waray, ...) holds common words of other languages and steals short texts.
_LANGS = {
    "English": "en", "Russian": "ru", "Ukrainian": "uk", "German": "de", "French": "fr", "Spanish": "es",
    "Italian": "it", "Portuguese": "pt", "Dutch": "nl", "Polish": "pl", "Czech": "cs", "Slovak": "sk",
    "Swedish": "sv", "Danish": "da", "Norwegian_Bokmal": "no", "Finnish": "fi", "Hungarian": "hu",
    "Romanian": "ro", "Bulgarian": "bg", "Serbian": "sr", "Croatian": "hr", "Slovenian": "sl", "Greek": "el",
    "Turkish": "tr", "Arabic": "ar", "Persian": "fa", "Hebrew": "he", "Hindi": "hi", "Indonesian": "id",
    "Vietnamese": "vi", "Lithuanian": "lt", "Latvian": "lv", "Estonian": "et", "Belarusian": "be",
    "Georgian": "ka", "Armenian": "hy", "Kazakh": "kk", "Catalan": "ca", "Malay": "ms", "Tagalog": "tl",
    "Urdu": "ur", "Bengali": "bn", "Korean": "ko",
}
WORD = re.compile(r"\w+", re.UNICODE)
# Kana, CJK ideographs (with extension A) or Hangul: the scripts written without spaces between words. One class,
# told apart afterwards where needed (a class of wide ranges takes milliseconds to compile, and this module is
# imported by every ingest); the text cleaner counts words by it too.
WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, int], list[str], dict[str, frozenset[str]]]:
    """(stop word -> bit mask of the languages whose lists hold it, language codes, code -> stop words).
    Words of the same languages share a mask: a text's words are counted by mask."""
    import importlib.util

    # Read from where jusText is installed, without importing it: its package imports lxml, which a run of
    # text dumps never needs (docs/performance.md).
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jusText is not installed (pip install jusText)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    codes = []
    lists: dict[str, frozenset[str]] = {}
    mask_of: dict[str, int] = {}
    get = mask_of.get
    for name, code in _LANGS.items():
        try:
            data = (folder / f"{name}.txt").read_bytes()
        except OSError:
            data = None
        if not data:
            continue
        bit = 1 << len(codes)
        codes.append(code)
        # Decoded and lower-cased whole, not word by word as justext.get_stoplist does (the same sets): a third
        # of the start-up cost (docs/performance.md).
        lists[code] = words = frozenset(data.decode("utf-8").lower().splitlines())
        for w in words:
            mask_of[w] = get(w, 0) | bit
    return mask_of, codes, lists


@lru_cache(maxsize=4096)
def _bits(mask: int) -> tuple[int, ...]:
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def stopwords(lang: str | None) -> frozenset[str]:
    if not lang:
        return frozenset()
    return _index()[2].get(lang, frozenset())


def detect(text: str, max_chars: int = 8000) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot be told."""
    sample = text[:max_chars]
    # Chinese, Japanese and Korean by their scripts; one scan finds none in most texts (curly quotes, Cyrillic).
    wide = WIDE.findall(sample) if not sample.isascii() else []
    if wide:
        if sum("\u4e00" <= c <= "\u9fff" for c in wide) > 50:
            return "ja" if sum(c <= "\u30ff" for c in wide) > 20 else "zh"
        if sum(c >= "\uac00" for c in wide) > 50:
            return "ko"
    mask_of, codes, _ = _index()
    words = WORD.findall(sample.lower())
    n = len(words)
    if n < 3:
        return None
    counts = [0] * len(codes)
    # Counted by mask in C, then spread over the mask's languages (a few dozen masks, not every word).
    for m, c in Counter(map(mask_of.get, words)).items():
        if m:
            for i in _bits(m):
                counts[i] += c
    best = max(range(len(codes)), key=lambda i: (counts[i], -i))
    # Below ~15% stop words the text is a list of names or a menu, not running prose in any language.
    if counts[best] < max(2, 0.15 * n):
        return None
    return codes[best]
