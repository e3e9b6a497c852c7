#!/usr/bin/env python3
"""Where the line model loses to the rules, page by page (#22): for one set and renderer, each page's shingle
recall and precision with the rules alone and with its held-out fold model, and the gold lines the model drops
that the rules keep (shape, kind, probability, whether the model's span holds them).

    python scripts/cleaner_losses.py --shared /work/shared --set aeb --renderer pandoc [--pages 10] [--lines 8]

Reads make train-cleaner's cache (.train-cache/cleaner: renders and the folds' models; run make cleaner-unseen first
for an unseen tool's renders) and analyses a renderer's dumps there if they are not cached yet; the thresholds are
the shipped model's unless --theta/--keep say otherwise. Nothing in the repository is written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cleaner_data as cd  # noqa: E402
import cleaner_fit as cf  # noqa: E402

from corpus_cli.clean import model as cm  # noqa: E402
from corpus_cli.clean import text as ct  # noqa: E402


def fold_models(theta: float, keep: float) -> list[cm.LineModel]:
    key = [cm.FEATURES, cf.PARAMS, cf.MAX_ROWS]
    tag = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]
    models = json.loads((cd.CACHE / f"folds-{tag}.json").read_text(encoding="utf-8"))
    return [cm.LineModel({**m, "theta": theta, "keep": keep}) for m in models]


def _pr(sc, gold: str, text: str) -> tuple[float, float]:
    c = sc.doc_counts(gold, text)
    return sc._prec(*c), sc._rec(*c)


def page_rows(sc, pages, docs, dumps, fold_of, models) -> list[dict]:
    out = []
    for d in docs:
        page = pages[d.page]
        text = dumps[(page.set, page.id, d.renderer)]
        m = models[fold_of[d.page]]
        rp, rr = _pr(sc, page.gold, ct.clean_text(text, model=cm.RulesOnly()).text)
        mp, mr = _pr(sc, page.gold, ct.clean_text(text, model=m).text)
        out.append({"doc": d, "page": page, "fold": m, "rules": (rp, rr), "model": (mp, mr)})
    return out


def dropped(row: dict, cut: bool = False) -> list[str]:
    """The gold lines the rules keep and the model does not, with their facts."""
    d, m = row["doc"], row["fold"]
    an = d.plain
    p = m.probabilities(cf.rows(d, learned=False))
    kept = set(cm.pick(an.lines, p, an.a, an.b, an.rule_kept, m.theta, m.keep_at))
    span = cm.best_span(an.lines, p, m.theta)
    out = [f"    rules region [{an.a}, {an.b}), model span [{span[0]}, {span[1]}), {len(an.lines)} lines"]
    for i in range(max(0, span[1] - 3), min(len(an.lines), span[1] + 2)) if cut else ():
        ln = an.lines[i]
        out.append(f"    {'end' if i == span[1] else '   '} {i:>4} p={p[i]:.2f} gold={d.labels[i]} {ln.kind:<5} "
                   f"w={ln.words:<3} {ln.text[:80]!r}")
    for i in sorted(an.rule_kept - kept):
        if d.labels[i]:
            ln = an.lines[i]
            where = "in span" if span[0] <= i < span[1] else "OUT of span"
            out.append(f"    {i:>4} p={p[i]:.2f} {ln.kind:<5} w={ln.words:<3} bullet={int(ln.bullet)} "
                       f"ends={int(ln.ends)} {where}: {ln.text[:90]!r}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--set", default="aeb", choices=cd.SETS)
    ap.add_argument("--renderer", default="pandoc", choices=[*cd.RENDERERS, *cd.UNSEEN])
    ap.add_argument("--pages", type=int, default=10, help="pages shown, largest recall loss first")
    ap.add_argument("--lines", type=int, default=8, help="dropped gold lines shown a page")
    ap.add_argument("--cut", action="store_true", help="show the lines where the model's span ends")
    ap.add_argument("--theta", type=float)
    ap.add_argument("--keep", type=float)
    a = ap.parse_args()
    bench = a.shared / "bench"
    shipped = json.loads((HERE.parent / "corpus_cli" / "data" / cm.MODEL_FILE).read_text(encoding="utf-8"))
    models = fold_models(a.theta or shipped["theta"], a.keep or shipped["keep"])
    pages = cd.pages(bench)
    fold_of = cf.folds(pages)
    mine = [i for i, p in enumerate(pages) if p.set == a.set]
    dumps = cd.renders(bench, pages, [a.renderer])
    docs = [d for d in cf.analyses(pages, dumps, a.renderer) if d.page in set(mine)]
    rows = page_rows(cf.scorer(bench), pages, docs, dumps, fold_of, models)
    n = len(rows)
    for k, name in ((0, "precision"), (1, "recall")):
        r = sum(x["rules"][k] for x in rows) / n
        m = sum(x["model"][k] for x in rows) / n
        print(f"{a.set} {a.renderer}: {n} pages, {name} rules {r:.3f}, model {m:.3f}")
    worse = sorted(rows, key=lambda x: x["model"][1] - x["rules"][1])
    lost = [x for x in worse if x["model"][1] < x["rules"][1] - 1e-9]
    print(f"pages losing recall: {len(lost)}, recall lost {sum(x['rules'][1] - x['model'][1] for x in lost):.2f}"
          f" (pages' recall summed); gaining: {sum(1 for x in rows if x['model'][1] > x['rules'][1] + 1e-9)}")
    for x in worse[: a.pages]:
        print(f"{x['page'].id[:12]} site {x['page'].site}: recall {x['rules'][1]:.2f} -> {x['model'][1]:.2f}, "
              f"precision {x['rules'][0]:.2f} -> {x['model'][0]:.2f}")
        print("\n".join(dropped(x, a.cut)[: a.lines + 1 + 5 * a.cut]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
