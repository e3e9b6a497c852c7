"""Metadata shown in text dumps: dates, bylines (authors, wire credits), glued tag lines, publisher hints."""

from __future__ import annotations

import html
import re
from datetime import datetime

from corpus_cli import package_data
from corpus_cli.textshape import trie

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                     "mon", "tue", "wed", "thu", "fri", "sat", "sun")
CALENDAR_RESOURCE = "calendar.json"


def _calendar() -> tuple[dict[str, int], list[str]]:
    """Month names (as dates write them, as headers do, abbreviated) and weekdays in other languages: CLDR's,
    compiled by `make gazetteer` (scripts/build_calendar.py)."""
    return package_data.load(CALENDAR_RESOURCE, "month names", lambda d: (
        {str(k): int(v) for k, v in d["months"].items()}, [str(w) for w in d["weekdays"]]))


_OTHER_MONTHS, _OTHER_WEEKDAYS = _calendar()
_MONTHS.update({k: v for k, v in _OTHER_MONTHS.items() if k not in _MONTHS})


# Tried at every character of a line that holds a year: one trie branch a character, not every month name in
# turn (make bench-lines; docs/performance.md).
_MONTH_RE = trie(_MONTHS)
_WEEKDAY = trie([*_ENGLISH_WEEKDAYS, *_OTHER_WEEKDAYS])
_TIME = r"(?P<h>\d{1,2})(?:[:.]|\s?h\s?)(?P<mi>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?"  # "20:01", French "20h01"

DATE_PATTERNS = [
    # 2025-04-30, 2025-04-30T08:53, 2025-04-30 08:53:10
    re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2}))?"),
    # Wednesday, 30 April 2025, 08:53; "Montag, 28. April 2025, 20:01 Uhr"; "1er mai 2025 à 20h01";
    # "28 de abril de 2025 - 20:01"; "28 kwietnia 2025 r., godz. 20:01"
    re.compile(
        rf"(?:(?:{_WEEKDAY}),?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?(?P<mon>{_MONTH_RE})\.?,?\s+"
        rf"(?:de\s+)?(?P<y>(?:19|20)\d{{2}})(?:\s+(?:року|р\.|года|г\.|r\.))?"  # "2025 року", "2025 года", "2025 r."
        rf"(?:(?:,?\s+|\s*[-–|]\s*)(?:at\s+|о\s+|в\s+|um\s+|à\s+|a\s+las\s+|(?:o\s+)?godz\.\s+)?{_TIME})?",
        re.I,
    ),
    # Wednesday, April 30, 2025 8:53 AM
    re.compile(
        rf"(?:(?:{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})"
        rf"(?:,?\s+(?:at\s+)?{_TIME})?",
        re.I,
    ),
    # 30.04.2025 08:53
    re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>(?:19|20)\d{{2}})(?:,?\s+{_TIME})?"),
]


# Every pattern above holds a year of four digits: a line without one holds no date (most lines with a figure
# have none, and the month-name patterns try their weekdays at every character).
_YEAR = re.compile(r"(?:19|20)\d{2}")
_ISO_DATE, _MONTH_DATES, _DOTTED_DATE = DATE_PATTERNS[0], DATE_PATTERNS[1:3], DATE_PATTERNS[3]
_MONTH_STEMS = tuple(sorted({name[:3] for name in _MONTHS}))
# What both month-name patterns must hold: a day before the month name or one after it. One search for it, in
# the lower-cased line (case-insensitive matching is the slow part), spares lines whose month letters stand
# inside other words ("ago", "main") the full patterns.
_MONTH_GATE = re.compile(rf"\d(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?(?:{_MONTH_RE})|(?:{_MONTH_RE})\.?\s+\d")


def _build(m: re.Match) -> str | None:
    g = m.groupdict()
    try:
        year = int(g["y"])
        month = int(g["m"]) if g.get("m") else _MONTHS[g["mon"].lower().rstrip(".")]
        day = int(g["d"])
        if g.get("h") is not None:
            hour, minute = int(g["h"]), int(g["mi"])
            ampm = (g.get("ampm") or "").replace(".", "").lower()
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            return datetime(year, month, day, hour, minute).isoformat(timespec="minutes")
        return datetime(year, month, day).date().isoformat()
    except (ValueError, KeyError, TypeError):
        return None


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first date (with its time when shown) in ``text``: (ISO string, start, end). Only the first
    400 characters are searched: datelines and bylines are short, and the patterns are slow on huge lines."""
    text = text[:400]
    if not _YEAR.search(text):
        return None
    low = text.lower()
    # Each pattern only where what it must hold is: its hyphen, a month name (those are the slow ones), a dot.
    patterns = [_ISO_DATE] if "-" in text else []
    if any(m in low for m in _MONTH_STEMS) and _MONTH_GATE.search(low):
        patterns += _MONTH_DATES
    if "." in text:
        patterns.append(_DOTTED_DATE)
    best = None
    for pat in patterns:
        for m in pat.finditer(text):
            if best is not None and m.start() > best[1]:
                break  # later than the date found already
            iso = _build(m)
            if iso and (best is None or m.start() < best[1] or (m.start() == best[1] and m.end() > best[2])):
                best = (iso, m.start(), m.end())
                break
    return best


def normalize_date(value: str | None) -> str | None:
    """A date given by a record or by trafilatura, as ISO 8601 (date, or date and time to the minute)."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        found = find_date(value)
        return found[0] if found else None
    if len(value) <= 10:
        return dt.date().isoformat()
    return dt.isoformat(timespec="minutes")


_ENTITY_GAP = re.compile(r"&\s*(nbsp|amp|quot|apos|lt|gt|mdash|ndash|hellip|rsquo|lsquo|rdquo|ldquo);?", re.I)


def repair_entities(text: str) -> str:
    """Broken entities such as "& nbsp" (a space inserted after '&') and plain ones, to characters."""
    text = _ENTITY_GAP.sub(lambda m: html.unescape(f"&{m.group(1).lower()};"), text)
    if "&" in text:
        text = html.unescape(text)
    return text.replace("\xa0", " ")


_WIRES = {
    "AP": "AP", "Associated Press": "AP", "The Associated Press": "AP", "Reuters": "Reuters", "AFP": "AFP",
    "Agence France-Presse": "AFP", "PA": "PA", "DPA": "dpa", "dpa": "dpa", "Bloomberg": "Bloomberg",
    "Yonhap": "Yonhap", "UNIAN": "UNIAN", "Ukrinform": "Ukrinform", "TASS": "TASS", "Interfax": "Interfax",
    "ANI": "ANI", "PTI": "PTI", "EFE": "EFE", "ANSA": "ANSA", "Kyodo": "Kyodo", "Xinhua": "Xinhua",
    "PAP": "PAP", "Europa Press": "Europa Press", "APA": "APA", "KNA": "KNA", "epd": "epd", "Belga": "Belga",
}
BY_PREFIX = re.compile(r"^\s*(?:by|written by|words by|von|par|por|di|door|автор|авторка|autor|autorin|autora|autorka"
                       r"|auteur|auteure|texte)\b[:\s]*", re.I)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁЇІЄҐ][\w'’.-]*$")
# What stands before a date that is not a name: "Publié le", "Veröffentlicht am", "Opublikowano:".
DATE_LABEL = re.compile(r"(?:^|\s)(?:published|updated|posted|publié|mis à jour|veröffentlicht|aktualisiert|publicado|"
                        r"actualizado|opublikowano|aktualizacja|опубліковано|оновлено|опубликовано|обновлено)"
                        r"(?:\s+(?:on|le|am|el|the))?\s*:?\s*$", re.I)


def _titlecase_name(name: str) -> str:
    words = name.split()
    # A name mangled to lower case at its start ("lauren Walker"): restore the capital.
    if words and any(w[:1].isupper() for w in words):
        words = [w[:1].upper() + w[1:] if w[:1].islower() and len(w) > 2 else w for w in words]
    return " ".join(words)


def looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    return all(_NAME_WORD.match(w) or w.lower() in {"de", "van", "von", "der", "da", "bin", "al", "la", "le"}
               for w in words)


def parse_byline(text: str) -> tuple[list[str], list[str]] | None:
    """Authors and wire services from a byline ("by Lauren Walker with AP", "Oleh Pavliuk, Anastasia Protz").
    None when the text is not a byline."""
    text = repair_entities(text)
    text = DATE_LABEL.sub("", re.sub(r"\s+", " ", text)).strip(" ,|-–—·")
    had_by = bool(BY_PREFIX.match(text))
    text = BY_PREFIX.sub("", text)
    if not text:
        return None
    wires: list[str] = []
    # "and" in the languages of the dates above: und, et, y, i (Polish), та, і, и
    parts = re.split(r"\s+(?:with|and|&|with the|und|et|y|i)\s+|\s*[,;|/]\s*|\s+(?:та|і|и)\s+", text)
    authors: list[str] = []
    for part in parts:
        part = part.strip(" .")
        if not part:
            continue
        if part in _WIRES:
            wires.append(_WIRES[part])
            continue
        fixed = _titlecase_name(part)
        if not looks_like_name(fixed):
            return None
        if len(fixed.split()) == 1 and not had_by:
            return None
        authors.append(fixed)
    if not authors and not wires:
        return None
    return authors, wires


# A word of three or more lower-case letters glued to the capital that starts the next tag
# ("KoreaRusso"); "McDonald" and "iPhone" have fewer and stay whole.
_GLUE_LOWER = re.compile(r"(?<=[a-zà-öø-ÿа-яёїієґ]{3})(?=[A-ZÀ-ÖØ-ÞА-ЯЁЇІЄҐ])")
# An acronym glued to a capitalised word: "USANorth" -> "USA", "North".
_GLUE_ACRONYM = re.compile(r"(?<=[A-ZА-ЯЁЇІЄҐ]{2})(?=[A-ZА-ЯЁЇІЄҐ][a-zа-яёїієґ]{2})")


def split_glued(line: str) -> list[str]:
    """Split a tag line whose tags were glued together when the page was dumped."""
    pieces = []
    for chunk in _GLUE_LOWER.split(line):
        pieces.extend(_GLUE_ACRONYM.split(chunk))
    return [p.strip(" ,;|·•") for p in pieces if p.strip(" ,;|·•")]


def is_glued(line: str) -> bool:
    return bool(_GLUE_LOWER.search(line) or _GLUE_ACRONYM.search(line))


_TAGS_LABEL = re.compile(r"^\s*(?:tags|tagged|topics|keywords|теги|мітки|теми)\s*:\s*(.*)$", re.I)


def parse_tag_line(line: str) -> list[str] | None:
    m = _TAGS_LABEL.match(line)
    if m:
        rest = m.group(1).strip()
        if not rest:
            return []
        tags = [t.strip() for t in re.split(r"\s*[,;|#]\s*", rest) if t.strip()]
        return tags
    return None


# Promotional lines name the outlet: "Support Ukrainska Pravda on Patreon!", "Follow X on Twitter".
_PUBLISHER_CTA = re.compile(
    r"\b(?i:support|follow|subscribe to|read|join)\s+(?!us\b)(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s+on\s+"
    r"(?:Patreon|Twitter|X|Facebook|Telegram|Instagram|YouTube|TikTok|Google News|LinkedIn|Threads|WhatsApp)\b"
)
_PUBLISHER_IS = re.compile(r"^(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4}) is the place where\b")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<name>[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,4})", re.I)


# Each pattern with the words (lower case) a line must hold for it to match.
_PUBLISHER_KINDS = ((_PUBLISHER_CTA, (" on ",)), (_PUBLISHER_IS, ("is the place where",)),
                    (_COPYRIGHT, ("©", "(c)", "copyright")))
# Most lines hold none of the words, and two tests in C say so. " on " alone is in most lines of prose: the
# first asks for what the promotional pattern needs after it, "on" and a platform's name.
_PLATFORMS = "patreon|twitter|x|facebook|telegram|instagram|youtube|tiktok|google\\s+news|linkedin|threads|whatsapp"
_PUBLISHER_ON = re.compile(rf"on\s+(?:{_PLATFORMS})")
_PUBLISHER_WORDS = tuple(n for pat, needles in _PUBLISHER_KINDS if pat is not _PUBLISHER_CTA for n in needles)


def publisher_hint(line: str) -> str | None:
    low = line.lower()
    # Cheap tests first: this runs on every line of a dump that names no outlet.
    if not (_PUBLISHER_ON.search(low) or any(n in low for n in _PUBLISHER_WORDS)):
        return None
    for pat, needles in _PUBLISHER_KINDS:
        if not any(n in low for n in needles):
            continue
        m = pat.search(line)
        if m:
            name = m.group("name").strip(" .,")
            name = re.sub(r"\s+(?:All|Inc|Ltd|LLC)\.?$", "", name)
            if name and name.lower() not in {"the", "all", "us"}:
                return name
    return None
