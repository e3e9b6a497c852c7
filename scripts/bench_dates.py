#!/usr/bin/env python3
"""Dates in other languages: corpus's CLDR month tables (clean/metadata.find_date) against dateparser.

Reads the header lines of the test fixtures' dumps (tests/fixtures/*.txt: uk, ru, de, fr, es, pl and the
samples' English) plus the dated lines the unit tests list, and for each line compares what each finds with
the date the line shows (the expected answers are the tests' own; a line without one must give nothing).
Prints right / wrong / found-where-none per method, the import time and the microseconds a line.

dateparser is not a dependency of corpus: run this with a Python that has both, e.g.
    python -m venv /tmp/dp && /tmp/dp/bin/pip install dateparser -e . && /tmp/dp/bin/python scripts/bench_dates.py
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_BASE = datetime.datetime(2025, 6, 1)  # "today" for dateparser: results must not depend on the day they are run
# (line, ISO date or None, language) — lines as the fixtures and unit tests write them.
LINES = [
    ("Олег Павлюк — Понеділок, 28 квітня 2025, 20:01", "2025-04-28T20:01", "uk"),
    ("5 травня 2024 року о 14:30", "2024-05-05T14:30", "uk"),
    ("1 грудня 2023 р.", "2023-12-01", "uk"),
    ("Москва, 28 апреля 2025", "2025-04-28", "ru"),
    ("Среда, 1 мая 2024 года, 10:15", "2024-05-01T10:15", "ru"),
    ("Von Anna Schmidt und Jonas Weber, dpa | Montag, 28. April 2025, 20:01 Uhr", "2025-04-28T20:01", "de"),
    ("Stand: 3. März 2024", "2024-03-03", "de"),
    ("Publié le lundi 28 avril 2025 à 20h01", "2025-04-28T20:01", "fr"),
    ("Publié le 1er mai 2025 à 08h15", "2025-05-01T08:15", "fr"),
    ("12 févr. 2024", "2024-02-12", "fr"),
    ("Madrid, lunes, 28 de abril de 2025 - 20:01", "2025-04-28T20:01", "es"),
    ("3 sept. 2024", "2024-09-03", "es"),
    ("poniedziałek, 28 kwietnia 2025 r., godz. 20:01", "2025-04-28T20:01", "pl"),
    ("Warszawa, 5 października 2023", "2023-10-05", "pl"),
    ("Opublikowano: 1 lipca 2024 o godz. 7:30", "2024-07-01T07:30", "pl"),
    ("Wednesday, 30 April 2025, 08:53", "2025-04-30T08:53", "en"),
    ("Posted Sept. 3, 2024 at 9:05 p.m.", "2024-09-03T21:05", "en"),
]


def fixture_lines() -> list[tuple[str, None, str]]:
    """The fixtures' lines before their first paragraph of prose that show no date: menus, titles, labels."""
    out = []
    for path in sorted((ROOT / "tests" / "fixtures").glob("*.txt")):
        lang = {"up_uk": "uk", "wire_ru": "ru"}.get(path.stem, path.stem[-2:])
        for line in path.read_text(encoding="utf-8").splitlines()[:12]:
            line = line.strip()
            if line and not any(ch.isdigit() for ch in line):
                out.append((line, None, lang))
    return out


def _dateparser(line: str, lang: str):
    from dateparser.search import search_dates

    found = search_dates(line, languages=[lang], settings={"RELATIVE_BASE": _BASE, "PREFER_DAY_OF_MONTH": "first"})
    if not found:
        return None
    _, dt = found[0]
    return dt.isoformat(timespec="minutes") if (dt.hour, dt.minute) != (0, 0) else dt.date().isoformat()


def _ours(line: str, lang: str):
    from corpus_cli.clean.metadata import find_date

    found = find_date(line)
    return found[0] if found else None


def run(name: str, fn, lines, repeat: int) -> None:
    right = wrong = spurious = 0
    for line, expected, lang in lines:
        got = fn(line, lang)
        if expected is None:
            spurious += got is not None
        elif got == expected:
            right += 1
        else:
            wrong += 1
    t = time.perf_counter()
    for _ in range(repeat):
        for line, _, lang in lines:
            fn(line, lang)
    per_line = (time.perf_counter() - t) / (repeat * len(lines)) * 1e6
    dated = sum(1 for _, e, _ in lines if e)
    print(f"{name:10} right {right}/{dated}, wrong {wrong}, a date where none {spurious}/{len(lines) - dated}; "
          f"{per_line:,.0f} µs a line")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    lines = LINES + fixture_lines()
    t = time.perf_counter()
    import corpus_cli.clean.metadata  # noqa: F401
    print(f"import corpus_cli.clean.metadata: {(time.perf_counter() - t) * 1000:.0f} ms")
    run("corpus", _ours, lines, 200)
    try:
        t = time.perf_counter()
        import dateparser.search  # noqa: F401
    except ImportError:
        print("dateparser is not installed: only corpus's figures (see this script's docstring)")
        return 0
    print(f"import dateparser: {(time.perf_counter() - t) * 1000:.0f} ms")
    run("dateparser", _dateparser, lines, 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
