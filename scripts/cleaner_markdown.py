#!/usr/bin/env python3
"""What undoing Markdown's marks (corpus_cli/clean/markdown.py) does to the text cleaner's dumps (#22).

    python scripts/cleaner_markdown.py --shared /work/shared [--renderers w3m lynx] [--links 600]

1. For each renderer whose dumps make train-cleaner or make cleaner-unseen cached: the dumps whose unwrapped lines
   the step changes, and the ones whose body (shipped model) changes, with the first lines that differ.
2. --links N: N pages (all of aeb and cleanportal, then every k-th dragnet page) dumped by html2text with its
   defaults (links and images kept inline, as `html2text page.html` writes them; cached in .train-cache/cleaner/
   renders/html2text-links/), cleaned with and without the step by the rules and by each page's held-out fold model
   (make train-cleaner's cached fold models; the shipped thresholds, which every fold chose): shingle F1 per set.

Nothing in the repository is written.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402
import cleaner_losses as cl  # noqa: E402

from corpus_cli.clean import markdown as mdn  # noqa: E402
from corpus_cli.clean import model as cm  # noqa: E402
from corpus_cli.clean import text as ct  # noqa: E402
from corpus_cli.clean.lines import join_continuations, repair, unwrap  # noqa: E402


def _clean(text: str, model, step: bool) -> str:
    # The cleaner without the step: text._lines reads unmark from its own module.
    ct.unmark = mdn.unmark if step else list
    try:
        return ct.clean_text(text, model=model).text
    finally:
        ct.unmark = mdn.unmark


def changes(renderer: str, examples: int = 3) -> str:
    """How many of ``renderer``'s cached dumps the step changes: their lines, their body."""
    n = lines = bodies = 0
    shown = []
    for f in sorted((cd.CACHE / "renders" / renderer).glob("*/*.txt")):
        text = f.read_text(encoding="utf-8")
        if not text.strip():
            continue
        n += 1
        raw = join_continuations(unwrap(repair(text).split("\n")))
        if mdn.unmark(raw) == raw:
            continue
        lines += 1
        before, after = _clean(text, None, False), _clean(text, None, True)
        if before != after:
            bodies += 1
            if len(shown) < examples:
                at = next(i for i, (x, y) in enumerate(zip(before + "\0", after + "\0")) if x != y)
                shown.append(f"    {f.parent.name}/{f.stem[:10]}: {before[max(0, at - 30) : at + 40]!r} -> "
                             f"{after[max(0, at - 30) : at + 40]!r}")
    return "\n".join([f"{renderer:<12}{n:>6} dumps{lines:>6} with lines changed{bodies:>6} bodies changed", *shown])


def _linked(bench: Path, page: cd.Page) -> str:
    path = cd.CACHE / "renders" / "html2text-links" / page.set / f"{page.id}.txt"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    import html2text

    html = gzip.decompress((bench / page.set / "html" / f"{page.id}.html.gz").read_bytes())
    text = html2text.HTML2Text().handle(cd._decode(html))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def links(bench: Path, count: int) -> str:
    """Shingle F1 per set of html2text dumps with links kept, without and with the step."""
    sc = cf.scorer(bench)
    pages = cd.pages(bench)
    fold_of = cf.folds(pages)
    shipped = cm.default_model()
    models = cl.fold_models(shipped.theta, shipped.keep_at)
    small = [i for i, p in enumerate(pages) if p.set != "dragnet"]
    big = [i for i, p in enumerate(pages) if p.set == "dragnet"]
    step = max(1, len(big) // max(1, count - len(small)))
    chosen = small + big[::step]
    counts: dict[tuple[str, str], list] = {}
    for i in chosen:
        page, text = pages[i], _linked(bench, pages[i])
        for name, m in (("rules", cm.RulesOnly()), ("model", models[fold_of[i]])):
            for on in (False, True):
                counts.setdefault((page.set, f"{name}{' +step' if on else ''}"), []).append(
                    sc.doc_counts(page.gold, _clean(text, m, on)))
    rows = [f"html2text with links kept, {len(chosen)} pages: shingle F1 (P, R)"]
    for (s, name), c in sorted(counts.items()):
        a = sc.aggregate(c)
        rows.append(f"  {s:<12}{name:<13}{len(c):>5}  {a['f1']:.4f} ({a['precision']:.4f}, {a['recall']:.4f})")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--renderers", nargs="*", default=[*cd.RENDERERS, *cd.UNSEEN])
    ap.add_argument("--links", type=int, default=0, help="pages of html2text dumps with links kept to score")
    a = ap.parse_args()
    bench = a.shared / "bench"
    for r in a.renderers:
        print(changes(r), flush=True)
    if a.links:
        if not (bench / "aeb" / "score.py").is_file():
            print(f"cleaner-markdown: --links skipped: {bench} not found")
            return 0
        print(links(bench, a.links))
    return 0


if __name__ == "__main__":
    sys.exit(main())
