#!/usr/bin/env python3
"""Build the labelled near-duplicate sets of make bench-dedup from ../shared/bench (#23).

- aeb: the 181 AEB pages in their three forms (HTML, w3m dump, unwrapped dump): 543 files, 181 stories.
  The manifest points into shared/; nothing is copied.
- syndication: PolNeAR articles (train and dev) as their own stories, and for a third of them one to three
  syndicated copies generated here: a new headline, a wire dateline ("WASHINGTON (AP) — "), the ending cut,
  quotes restyled, copy edits, wire furniture (byline, credit line), some hard-wrapped at 72 columns and some
  as web pages with a menu and a footer. The other PolNeAR articles, about the same 2016 campaign, are the
  hard negatives.

Each document has a split: "fit" (thresholds are fitted on these) or "held" (figures are reported on
these), by site for AEB and by publisher for PolNeAR. Files are named so that their order is a fixed
shuffle: a copy may come before its original, as in a real corpus. Writes OUT/aeb.json,
OUT/syndication.json and OUT/syndication/*.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

FIT_PUBLISHERS = {"breitbart", "nyt", "politico"}  # the other four publishers are held out
COPY_SHARE = 1 / 3
DATELINES = ["WASHINGTON (AP) — ", "WASHINGTON (AP) -- ", "NEW YORK (Reuters) - ", "WASHINGTON — ",
             "DES MOINES, Iowa (AP) — ", "WASHINGTON (AFP) - "]
EDITS = {"said": "says", "says": "said", "percent": "per cent", "Mr.": "", "Mrs.": "", "but": "yet",
         "about": "around", "also": "as well", "told": "said to", "big": "large", "many": "numerous",
         "Republican": "GOP", "presidential": "White House", "campaign": "bid", "people": "Americans"}
WIRE_WRITERS = ["Julie Pace", "Ken Thomas", "Lisa Lerer", "Steve Peoples", "Catherine Lucey"]


def _order_key(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def aeb_manifest(shared: Path) -> list[dict]:
    aeb = shared / "bench" / "aeb"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for story, info in sorted(truth.items()):
        host = urlsplit(info.get("url") or "").hostname or story
        split = "fit" if int(hashlib.sha256(host.encode()).hexdigest(), 16) % 2 == 0 else "held"
        for form, name in (("html", f"{story}.html.gz"), ("txt_w3m", f"{story}.txt"), ("txt_nowrap", f"{story}.txt")):
            path = aeb / form / name
            if path.exists():
                docs.append({"path": str(path), "story": story, "split": split, "form": form})
    docs.sort(key=lambda d: _order_key(d["path"].rsplit("/bench/", 1)[-1]))
    return docs


def _headline(paras: list[str], rng: random.Random) -> str:
    words = re.findall(r"[A-Za-z][\w'’-]*", " ".join(paras[1:3]))
    if len(words) < 8:
        return rng.choice(["UPDATE 2-", "ANALYSIS: ", "WATCH: "]) + paras[0]
    start = rng.randrange(0, max(1, len(words) - 9))
    new = " ".join(words[start:start + rng.randint(6, 10)])
    return new[0].upper() + new[1:]


def _copy_edit(text: str, rng: random.Random, rate: float) -> str:
    out = []
    for w in text.split(" "):
        if w in EDITS and rng.random() < rate * 10:
            w = EDITS[w]
        elif rng.random() < rate / 3:
            continue  # a word dropped
        out.append(w)
    return re.sub(r" {2,}", " ", " ".join(out))


def _restyle_quotes(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r'"([^"]*)"', r"“\1”", text).replace("'", "’")


def _html(title: str, paras: list[str], rng: random.Random) -> str:
    site = rng.choice(["Daily Ledger", "Capitol Wire", "Morning Post", "The Tribune"])
    menu = "".join(f"<li><a href='/{s}'>{s.title()}</a></li>" for s in ("news", "politics", "sports", "opinion"))
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<html><head><title>{title} | {site}</title></head><body><nav><ul>{menu}</ul></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© 2016 {site}. All rights reserved. "
            "<a href='/privacy'>Privacy policy</a></footer></body></html>")


def syndicated_copy(text: str, rng: random.Random) -> tuple[str, str]:
    """One syndicated copy of a PolNeAR text: (file suffix, content)."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    title, body = paras[0], paras[1:]
    if rng.random() < 0.7:
        title = _headline(paras, rng)
    if body and rng.random() < 0.7:
        body[0] = rng.choice(DATELINES) + body[0]
    if len(body) > 4 and rng.random() < 0.6:
        body = body[:max(3, round(len(body) * rng.uniform(0.4, 0.85)))]
    if rng.random() < 0.6:
        body = [_restyle_quotes(p, rng) for p in body]
    if rng.random() < 0.7:
        body = [_copy_edit(p, rng, rng.uniform(0.005, 0.03)) for p in body]
    if rng.random() < 0.4:
        writer = rng.choice(WIRE_WRITERS)
        body.append(f"Associated Press writer {writer} contributed to this report.")
    form = rng.random()
    if form < 0.3:
        return ".html", _html(title, body, rng)
    if form < 0.6:
        wrapped = ["\n".join(textwrap.wrap(p, 72)) for p in body]
        return ".txt", "\n\n".join([title, f"By {rng.choice(WIRE_WRITERS).upper()}, Associated Press", *wrapped])
    return ".txt", "\n\n".join([title, *body])


def syndication(shared: Path, out: Path) -> list[dict]:
    pol = shared / "bench" / "polnear"
    target = out / "syndication"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.iterdir():
        old.unlink()
    docs = []
    # PolNeAR holds a few articles twice (a publisher's same headline and body on two days): one story.
    same: dict[tuple[str, str], str] = {}
    for split_file in ("train.jsonl", "dev.jsonl"):
        for line in (pol / split_file).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            text = rec["text"]
            headline = text.split("\n", 1)[0].strip().casefold()
            story = same.setdefault((rec["publisher_code"], headline), rec["article"])
            split = "fit" if rec["publisher_code"] in FIT_PUBLISHERS else "held"
            rng = random.Random(rec["article"])
            copies = rng.randint(1, 3) if rng.random() < COPY_SHARE else 0
            variants = [(".txt", text)] + [syndicated_copy(text, rng) for _ in range(copies)]
            for i, (suffix, content) in enumerate(variants):
                name = f"{_order_key(rec['article'] + f'/{i}')}-{i}{suffix}"
                (target / name).write_text(content, encoding="utf-8")
                docs.append({"path": str(target / name), "story": story, "split": split,
                             "form": "original" if i == 0 else "copy"})
    docs.sort(key=lambda d: Path(d["path"]).name)
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench-out/dedup")
    args = ap.parse_args()
    shared, out = Path(args.shared), Path(args.out)
    if not (shared / "bench" / "aeb").is_dir() or not (shared / "bench" / "polnear").is_dir():
        print(f"skipped: {shared}/bench/aeb or polnear is not there (the labelled sets are built from them)")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for name, docs in (("aeb", aeb_manifest(shared)), ("syndication", syndication(shared, out))):
        (out / f"{name}.json").write_text(json.dumps(docs, indent=0), encoding="utf-8")
        stories = len({d["story"] for d in docs})
        print(f"{name}: {len(docs)} files, {stories} stories -> {out / (name + '.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
