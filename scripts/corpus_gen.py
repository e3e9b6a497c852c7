"""Generate corpora of realistic dumps for benchmarks and the crash test.

Text dumps are mutations of the bundled samples: their article sentences recombined with other names,
numbers and dates, inside the samples' own kinds of boilerplate (menus, bylines glued to dates, ad labels,
promo lines, glued tag lines, "RECENT NEWS" lists with times) drawn differently each time. HTML pages put
the same kind of article in a page with navigation, a "most read" list and a footer. Every file holds a
distinct article. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

FIRST = ["Iryna", "Oleh", "Anastasia", "Lauren", "Marta", "Piotr", "Tammy", "Vedant", "Heorhii", "Daniel", "Sofia",
         "Kateryna", "Mark", "Aiko", "Min-jun", "Laura", "Tomas", "Ines", "Yusuf", "Olga"]
LAST = ["Balachuk", "Pavliuk", "Protz", "Walker", "Nowak", "Zielinski", "Bruce", "Patel", "Tykhyi", "Kim", "Moreau",
        "Hansen", "Ivanova", "Sato", "Park", "Garcia", "Novak", "Silva", "Demir", "Petrenko"]
PLACES = ["Kyiv", "Seoul", "Warsaw", "Pyongyang", "Moscow", "Washington", "Brussels", "Tokyo", "Vilnius", "Berlin"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TAGS = ["USA", "North Korea", "Russia", "Ukraine", "Foreign Affairs Ministry", "Russo-Ukrainian war", "Sanctions",
        "European Union", "NATO", "Japan"]


def _sentences() -> tuple[list[str], list[str]]:
    """Article sentences and headline-like lines from the samples."""
    from corpus_cli.clean.text import clean_text

    sents, heads = [], []
    for p in sorted(SAMPLES.glob("*.txt")):
        raw = p.read_text(encoding="utf-8")
        body = clean_text(raw).text
        for par in body.split("\n\n"):
            sents.extend(x for x in re.split(r"(?<=[.!?\"”’])\s+(?=[A-Z\"“])", par) if len(x.split()) >= 6)
        heads.extend(x.strip() for x in raw.splitlines()
                     if 5 <= len(x.split()) <= 16 and not x.strip().endswith(".") and x.strip() not in body)
    return sents, sorted(set(heads))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _article(rng: random.Random, sents: list[str], i: int) -> list[str]:
    """Paragraphs of a distinct article: sample sentences with names, places and numbers changed."""
    paras = []
    for _ in range(rng.randint(5, 10)):
        chosen = rng.sample(sents, rng.randint(1, 3))
        text = " ".join(chosen)
        text = re.sub(r"\b(Bruce|Patel|Tykhyi|Tykhii|Trump|Kim)\b", lambda m: rng.choice(LAST), text)
        text = re.sub(r"\b\d{1,3}(,\d{3})*\b", lambda m: str(rng.randint(2, 9000)), text)
        text = re.sub(r"\b(Pyongyang|Moscow|Kyiv)\b", lambda m: rng.choice(PLACES), text)
        paras.append(text)
    paras.insert(rng.randint(1, len(paras) - 1), f"The statement, number {i}, was issued in {rng.choice(PLACES)} "
                 f"on {rng.choice(DAYS)} after talks that lasted {rng.randint(2, 11)} hours.")
    return paras


def _text_dump(rng: random.Random, sents, heads, i: int) -> str:
    title = rng.choice(heads) + f" ({rng.randint(1, 999)})"
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2019, 2025)
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    paras = _article(rng, sents, i)
    lines = [f" date {year}-{MONTHS.index(month) + 1:02d}-{day:02d} All Sections", "Укр Рус Eng Support Us",
             "Укр Рус Eng", "Support Us", "", title, "",
             f"{_name(rng)}{rng.choice(DAYS)}, {day} {month} {year}, {hh:02d}:{mm:02d}", title,
             f"{_name(rng)}. Photo: Screenshot from a video", ""]
    for k, p in enumerate(paras):
        lines += [p, ""]
        if k in (1, 4) and rng.random() < 0.8:
            lines += ["Advertisement:", ""]
    lines += ["Support Ukrainska Pravda on Patreon!", "", "".join(rng.sample(TAGS, 3)), "Advertisement:"]
    for _ in range(rng.randint(4, 10)):
        lines += [f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", rng.choice(heads)]
    lines += ["All News", "Advertisement:"]
    return "\n".join(lines) + "\n"


def _html_page(rng: random.Random, sents, heads, i: int) -> str:
    """A page of realistic weight (tens of kB): menus, scripts, styles, teaser lists, comments, footer."""
    title = rng.choice(heads) + f" ({rng.randint(1, 999)})"
    author = _name(rng)
    date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    body = "".join(f"<p>{p}</p>\n" for p in _article(rng, sents, i))
    link = lambda k, text: f'<li class="menu-item menu-item-{k}"><a class="nav-link" href="/section/{k}">{text}</a></li>'  # noqa: E731
    nav = "".join(link(k, w) for k, w in enumerate(
        ["Home", "World", "Politics", "Business", "Sport", "Culture", "Science", "Opinion", "Video", "Podcasts"] * 4))
    teasers = "".join(
        f'<div class="teaser"><a href="/n/{k}"><img src="/img/{k}.jpg" alt=""><h4>{rng.choice(heads)}</h4></a>'
        f'<p class="summary">{rng.choice(sents)[:120]}</p><span class="time">{rng.randint(0, 23):02d}:'
        f'{rng.randint(0, 59):02d}</span></div>' for k in range(20))
    comments = "".join(
        f'<div class="comment"><span class="who">{_name(rng)} says:</span><p>{rng.choice(sents)}</p></div>'
        for _ in range(5))
    footer = "".join(link(100 + k, f"Footer link {k}") for k in range(30))
    script = "var cfg = {" + ",".join(f'"k{k}": {rng.randint(0, 99999)}' for k in range(300)) + "};"
    style = "".join(f".c{k} {{ margin: {k}px; padding: {k % 7}px; }}" for k in range(300))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Example Ledger</title>
<meta property="og:site_name" content="Example Ledger"><meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T09:00:00+00:00"><style>{style}</style><script>{script}</script>
</head><body><header><div class="top"><ul class="menu">{nav}</ul></div></header>
<main><div class="layout"><article class="post"><h1>{title}</h1><p class="byline">By {author}</p>
<figure><img src="/img/main.jpg"><figcaption>Photo: {_name(rng)}</figcaption></figure>
{body}</article><aside class="sidebar"><h3>Most read</h3>{teasers}</aside></div>
<section class="related"><h3>Related</h3><ul>{"".join(link(50 + k, rng.choice(heads)) for k in range(8))}</ul></section>
<section class="comments"><h3>5 Comments</h3>{comments}</section></main>
<footer><ul>{footer}</ul><p>© 2025 Example Ledger. All rights reserved.</p></footer>
<script>{script}</script></body></html>
"""


def generate(out: Path, n: int, kind: str = "text", seed: int = 0, per_dir: int = 1000) -> list[Path]:
    """Write ``n`` files of ``kind`` ("text" or "html") under ``out``, ``per_dir`` to a directory."""
    rng = random.Random(seed)
    sents, heads = _sentences()
    paths = []
    for i in range(n):
        d = out / f"{kind}-{i // per_dir:04d}"
        d.mkdir(parents=True, exist_ok=True)
        if kind == "html":
            p = d / f"{i:07d}.html"
            p.write_text(_html_page(rng, sents, heads, i), encoding="utf-8")
        else:
            p = d / f"{i:07d}.txt"
            p.write_text(_text_dump(rng, sents, heads, i), encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--kind", choices=["text", "html"], default="text")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    generate(a.out, a.n, a.kind, a.seed)
