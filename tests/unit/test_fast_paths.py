"""Fast paths agree with the plain definitions they replace, on text made of the pieces that matter to them."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus_cli.clean import lang, lines, patterns
from corpus_cli.clean import metadata as md
from corpus_cli.extract.discovery import _CAP_WORD, _occurrences
from corpus_cli.extract.names import NAME_RUN, NAME_RUNS_2
from corpus_cli.extract.sources import _CITING, _REPORTED, _at_word_starts, cited_sources
from corpus_cli.extract.spans import quote_key
from corpus_cli.gazetteer import TOKEN, ActorDef, Gazetteer, _fold, load_gazetteer_file
from corpus_cli.ingest.readers import _looks_binary_text

PIECES = ["reported", "reports", "wrote", "said in a report", "according to", "citing", "exciting", "misreported",
          "Reuters", "the", "Ministry", "of", "de", "la", "Foo", "McDonald", "iPhone", "O’Brien", "U.S.", "Kim", "x",
          "_", "é", "Ä", "Жан", "7", " ", " ", "  ", "\t", "\n", "(", ")", ",", ".", "-", "’", "'", "(AFP)"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_word_start_search_finds_what_a_leading_word_boundary_finds(text):
    for pattern in (_CITING, _REPORTED):
        reference = re.compile(r"\b" + pattern.pattern)
        assert [m.span() for m in _at_word_starts(pattern, text)] == [m.span() for m in reference.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_two_word_runs_are_the_name_runs_with_a_space(text):
    runs = [m.span() for m in NAME_RUN.finditer(text) if " " in m.group() or "\t" in m.group()]
    assert [m.span() for m in NAME_RUNS_2.finditer(text)] == runs


def test_a_word_inside_another_does_not_hide_a_cited_source():
    # "exciting" holds "citing": the search goes on inside the rejected match and finds the real cue.
    assert cited_sources("It was exciting according to Reuters, officials said.") == ["Reuters"]


CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0, 40)] + list("abé€\ufffd\x7f\x85😀")), max_size=80))
def test_binary_text_check_counts_what_the_regex_counts(text):
    sample = text[:8192]
    expected = bool(sample) and len(CONTROL.findall(sample)) > 0.05 * len(sample)
    assert _looks_binary_text(text) == expected


# Lines made of the words the call-to-action, caption and publisher patterns look for, with near misses.
LINE_PIECES = ["Follow", "follow", "us", "Ukrainska Pravda", "on", "On", "X", "x", "Twitter", "Patreon", "Telegram",
               "Support", "Subscribe to", "our", "newsletter", "Sign up", "share", "Share", "this", "via", "tweet",
               "become", "a", "patron", "is the place where", "you will find", "All Rights Reserved", "©", "(c)",
               "Copyright", "2024", "cookies", "accept", "Privacy Policy", "terms of use", "download the app",
               "Photo:", "PHOTO", "image by", "Credit", "Getty Images", "AP Photo/", "Reuters", "/", "Фото:",
               "ілюстрація", "In this photo", "the", "president", "said", "İ", "ß", "K", " ", "  ", "\t", ".", ":",
               ",", "(", ")"]
LINE = st.lists(st.sampled_from(LINE_PIECES), max_size=25).map(" ".join)


def _plain_kind_match(t: str, kinds) -> bool:
    low = " ".join(t.lower().split())
    return any(any(n in low for n in needles) and rx.search(t) for needles, rx in kinds)


@settings(max_examples=500, deadline=None)
@given(LINE)
@example("Join us on\tX")  # a space in the words is any run of white space
@example("Support Ukrainska Pravda on  Twitter")
def test_the_one_search_for_any_word_finds_what_the_word_by_word_test_finds(line):
    assert patterns.cta_like(line) == _plain_kind_match(line, patterns.CTA_KINDS)
    assert patterns.caption_like(line) == _plain_kind_match(line, patterns.CAPTION_KINDS)
    low = line.lower()
    plain = None
    for pat, needles in ((md._PUBLISHER_CTA, (" on ",)), (md._PUBLISHER_IS, ("is the place where",)),
                         (md._COPYRIGHT, ("©", "(c)", "copyright"))):
        m = pat.search(line) if any(n in low for n in needles) else None
        name = re.sub(r"\s+(?:All|Inc|Ltd|LLC)\.?$", "", m.group("name").strip(" .,")) if m else ""
        if name and name.lower() not in {"the", "all", "us"}:
            plain = name
            break
    assert md.publisher_hint(line) == plain


def test_lines_with_the_words_are_still_found():
    assert patterns.cta_like("Follow Ukrainska Pravda on Twitter")
    assert patterns.caption_like("Photo: Getty Images")
    assert md.publisher_hint("Support Ukrainska Pravda on Patreon!") == "Ukrainska Pravda"
    assert not patterns.cta_like("The president said the talks would go on.")


_WIDE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")  # kana, CJK, Hangul


def _plain_facts(stripped: str, language: str | None):
    """What a line's facts were before the words were found once: each from its own definition."""
    stops = lang.stopwords(language)
    bullet = bool(patterns.BULLET.match(stripped))
    body = patterns.BULLET.sub("", stripped) if bullet else stripped
    words = patterns.WORD.findall(body)
    n = len(words)
    if not body.isascii():
        cjk = len(_WIDE_SCRIPTS.findall(body))
        if cjk:
            n = max(n, cjk // 2)
    stop = (sum(map(stops.__contains__, map(str.lower, words))) / len(words)) if (words and stops) else 0.0
    key = lines.line_key(body)
    return n, key, bullet, patterns.ends_sentence(body), stop, patterns.shape_bad(body, n, key)


# Characters whose lower case is two characters, that normalising changes, or whose case folding differs.
FACT_PIECES = ["The", "the", "and", "President", "İstanbul", "STRASSE", "Straße", "ﬁnal", "½", "Ⅻ", "ǅ", "ΣΑΣ", "ς",
               "Кит", "і", "中国", "1.", "•", "-", "’", "“", "said", "of", "12", " ", "  ", ".", ":", "K", "e\u0301"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FACT_PIECES), min_size=1, max_size=30).map(" ".join), st.sampled_from(["en", "de", None]))
def test_a_lines_words_found_once_give_the_facts_each_definition_gives(line, language):
    line = line.strip()
    assert lines.facts(line, language) == _plain_facts(line, language)


def test_a_line_longer_than_its_key_is_counted_whole():
    line = "word " * 600  # 3,000 characters: the key is made from the first 2,000
    assert lines.facts(line.strip(), "en") == _plain_facts(line.strip(), "en")


# Lines made of the pieces of comment counts and comment-thread heads, with near misses.
COUNT_PIECES = ["12", "1,234", "3.5", "comments", "Comment", "REPLIES", "views", "shares", "responses", "said", "says:",
                "wrote", "Kim", "21.", ":", " ", "  ", "viewsx", "ſhares", "K"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(COUNT_PIECES), max_size=12).map(" ".join))
@example("3,456 responses")  # the longest word, its first letter nine characters from the end
@example("21. devindenv says:")
def test_the_shape_checks_tried_on_the_end_of_a_line_first_agree_with_the_whole_line(line):
    t = line.strip()
    assert patterns.count_suffix(t) == bool(patterns._COUNT_SUFFIX.search(t))
    assert patterns.comment_head(t) == bool(patterns._COMMENT_HEAD.match(t))


# The date patterns as they were written before: month and weekday names as one list, longest first.
_MONTHS_FLAT = "|".join(sorted(md._MONTHS, key=len, reverse=True))
_WEEKDAY_FLAT = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Wed|Thu|Fri|Sat|Sun"
_FLAT_PATTERNS = [md.DATE_PATTERNS[0]] + [
    re.compile(p.pattern.replace(md._MONTH_RE, _MONTHS_FLAT).replace(md._WEEKDAY, _WEEKDAY_FLAT), re.I)
    for p in md.DATE_PATTERNS[1:3]] + [md.DATE_PATTERNS[3]]


def _plain_find_date(text: str):
    """find_date as it was: every pattern on every line with a digit, the earliest (then longest) date wins."""
    text = text[:400]
    if not re.search(r"\d", text):
        return None
    low = text.lower()
    patterns = _FLAT_PATTERNS if any(m in low for m in md._MONTH_STEMS) else _FLAT_PATTERNS[::3]
    best = None
    for pat in patterns:
        for m in pat.finditer(text):
            iso = md._build(m)
            if iso and (best is None or m.start() < best[1] or (m.start() == best[1] and m.end() > best[2])):
                best = (iso, m.start(), m.end())
                break
    return best


DATE_PIECES = ["Monday", "Mon", "Tues", "Tuesday", "Wed", "Sept", "September", "Sep", "March", "Mar", "May", "Jun",
               "June", "jul", "July", "DEC", "3", "30", "31st", "2nd", "2025", "1999", "2101", "08:53", "8.53", "pm",
               "a.m.", "at", ",", ".", "-", "2025-04-30", "04", "30.04.2025", "12.5.2024", "T08:53", " ", "  ",
               "Mayday", "Marches", "ſep", "Sunday,", "Octopus"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=14).map(lambda ps: "".join(
    p + (" " if i % 3 else "") for i, p in enumerate(ps))))
def test_the_date_search_finds_the_date_the_plain_patterns_find(text):
    assert md.find_date(text) == _plain_find_date(text)


def test_the_month_and_weekday_tries_are_the_plain_lists():
    assert _FLAT_PATTERNS[1].pattern != md.DATE_PATTERNS[1].pattern  # the replacement above took place
    assert md.find_date("Wednesday, 30 April 2025, 08:53") == ("2025-04-30T08:53", 0, 31)
    assert md.find_date("Posted Sept. 3, 2024 at 9:05 p.m.") == ("2024-09-03T21:05", 7, 33)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcAIZ \t.é") + ["\n"]), max_size=40))
@example("ShopsWondering")
@example("plaI met")
def test_the_glue_hint_tried_at_capitals_finds_what_the_plain_pattern_finds(line):
    assert bool(patterns._GLUE_HINT.search(line)) == bool(re.search(r"[a-z]{3}(?:[A-Z][a-z]|[AI]\s)", line))


def _plain_quote_key(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(patterns.WORD.findall("".join(ch for ch in t if not unicodedata.combining(ch))))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Café", "cafe\u0301", "Ærø", "naïve", "’", "“", "İ", "ß", "Ω", "ﬁ", "½", "Кий",
                                 "й", "ё", "\u05b0", "דָּ", "क़", "said", " ", ".", "A"]), max_size=12).map("".join))
def test_a_quote_key_drops_the_accents_the_plain_definition_drops(text):
    assert quote_key(text) == _plain_quote_key(text)


# The gazetteer's context aliases are one word each; this one is two.
_ROE = ActorDef(name="Jane Roe Smith", type="person", context_aliases=["Roe Smith"])
GAZ = Gazetteer(load_gazetteer_file())
GAZ_OTHER = Gazetteer([*load_gazetteer_file(), _ROE], capitals=False)


def _plain_find(gaz: Gazetteer, text: str) -> list[tuple[str, int, int]]:
    """Gazetteer.find as it was: a walk over the words from every capitalised word, one word at a time."""
    found, ctx_hits, next_free = [], [], 0
    for m in re.finditer(r"\b[^\Wa-z]\w*", text):
        w = m.group()
        if m.start() < next_free or not w.isascii() and w[0].isalpha() and not w[0].isupper():
            continue
        toks, words, folded = [m], (w,), (_fold(w),)
        if folded not in gaz._prefixes:
            continue
        rest, hit = TOKEN.finditer(text, m.end()), None
        while True:
            name = gaz._cs.get(words) or gaz._ci.get(folded)
            if name:
                hit = (name, len(words))
            elif (name := gaz._ctx.get(folded)) and w[:1].isupper():
                hit = (name, -len(words))
            t = next(rest, None)
            if t is None:
                break
            toks.append(t)
            folded += (_fold(t.group()),)
            if folded not in gaz._prefixes:
                break
            words += (t.group(),)
        if hit is None:
            continue
        name, n = hit
        if (n == 1 and gaz.actors[name].type == "country" and w == name and len(toks) > 1
                and toks[1].group()[:1].isupper() and text[m.end() : toks[1].start()] == " "
                and folded[1:2] not in gaz._prefixes):
            continue
        span = (name, m.start(), toks[abs(n) - 1].end())
        (found if n > 0 else ctx_hits).append(span)
        if n > 0:
            next_free = span[2]
    named = {f[0] for f in found}
    found.extend(h for h in ctx_hits if h[0] in named)
    return sorted(found, key=lambda f: f[1])


# Names of one word and of several, their first words alone, acronyms (matched in capitals only), context aliases
# ("Kim" counts when Kim Jong Un is named), first names that are countries, and words around them.
NAME_PIECES = ["North", "Korea", "North Korea", "North Korean", "South", "Kim", "Kim Jong Un", "Kim Jong-un", "Jong",
               "Un", "Chad", "Chad Johnson", "Jordan", "Peterson", "Russia", "Russian Federation", "Putin", "Vladimir",
               "US", "Us", "us", "U.S.", "UN", "DPRK", "the", "The", "Netherlands", "State", "Department", "of",
               "Côte d'Ivoire", "Cote", "Türkiye", "Киев", "élan", "Émile", "Åland", "åland", "Islands", "Roe", "Smith",
               "Roe Smith", "Jane Roe Smith", "Kyiv", "said", " ", "  ", ", ", ". ", "-",
               "(", ")", "’s", "\n"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=25).map(" ".join), st.booleans())
@example("Chad Johnson met Chad. North Korea’s Kim Jong Un and Kim, US us UN", True)
@example("Kim said. Kim Jong Un", False)
@example("Roe Smith met Jane Roe Smith; åland Islands", False)
def test_actors_found_from_each_first_word_are_those_the_plain_walk_finds(text, capitals):
    gaz = GAZ if capitals else GAZ_OTHER
    assert gaz.find(text) == _plain_find(gaz, text)
    if not text.isascii():
        return
    assert gaz.find(text + " Émile") == _plain_find(gaz, text + " Émile")  # the same text, not ASCII


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Tykhyi", "Tykhii", "Tykhyi_", "_Tykhyi", "Tykhyi2", "2Tykhyi", "tykhyi", "Ťykhyi", "ŧ",
                                 "Ťykhyiš", "Олена", "Бiлик", " ", "-", "’", "(", ".", "é", "\u0301"]), max_size=20)
       .map("".join))
def test_a_capitalised_word_stands_where_it_stands_as_a_whole_word(text):
    """Discovery finds where a surname's variants stand by looking for each as a whole word, not from every
    capitalised word's match."""
    matches = [m for m in _CAP_WORD.finditer(text) if m.group()[0].isupper()]
    for w in {m.group() for m in matches}:
        assert _occurrences(text, w) == [m.start() for m in matches if m.group() == w]
