#!/usr/bin/env python3
"""make train-reported: fit which reported-speech candidates corpus keeps, on PolNeAR's train split.

1. Cue words: the head of each `indirect` attribution's cue in train (its first word that is not an auxiliary
   or an adverb: "has repeatedly said" -> "said"), counted; those seen --min-count times (3) or more that are words
   (not "to", "the", ...) and not verbs of belief or intention (README, Quotes) join the hand list in cues.py.
2. Candidates: every train paragraph through corpus_cli.extract.reported with every candidate kept; a candidate
   is positive when its content shares half of each side's words with a gold `indirect` content (3+ words) of the
   article, the matching rule of make bench-quotes.
3. A logistic model over the candidates' features (L2, AdaGrad, fixed order), fitted with one publisher held
   out at a time (its cue words too counted without it); the held-out probabilities of all seven choose the
   threshold that maximises end-to-end F1 (the speaker as the mention). Those held-out figures are printed: they are the only ones reported from train.
4. The shipped model is fitted on all of train: corpus_cli/data/reported.json. Dev is for make bench-quotes.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import polnear  # noqa: E402

from corpus_cli.extract.reported import candidates, keep_distinct, paragraph_reported  # noqa: E402
from corpus_cli.extract.reported_model import MODEL_FILE, CueModel  # noqa: E402
from corpus_cli.extract.spans import PARAGRAPH, quote_spans  # noqa: E402

OUT = ROOT / "corpus_cli" / "data" / MODEL_FILE
_CUE_WORD = re.compile(r"[\w’'-]+")
# Words in a cue before its head: auxiliaries, negation, adverbs.
_BEFORE_HEAD = frozenset("""has have had is are was were be been being also will would could can may might did does
do not n't never just still repeatedly previously later then again already often recently publicly privately soon
long first even now widely reportedly all""".split())
# Heads that are not words of speech: function words, and verbs of belief and intention, left out on purpose (what
# someone holds, not what they said: README, Quotes).
_NOT_CUES = frozenset("""to a an the in of for on at by with from as that this it its 's ’s about like into than
think thinks thought believe believes believed hope hopes hoped hoping want wants wanted feel feels felt know knows
knew fear fears feared expect expects expected wish wishes plan plans planned intend intends seem seems seemed
appear appears appeared see sees saw seen consider considers considered
both more most must should since some there under yet one last earlier once only
allegations complaints concerns criticism debate decision message opposition campaign question questions view views
quick willing eager confident critical according""".split())
SEED_THRESHOLD = 0.5


def cue_words(articles: list[dict], min_count: int) -> tuple[list[str], Counter]:
    heads: Counter = Counter()
    for a in articles:
        for at in a["attributions"]:
            if at["kind"] != "indirect" or len(polnear.words(at["content"])) < 3:
                continue
            words = [w for w in _CUE_WORD.findall((at["cue"] or "").lower())
                     if w not in _BEFORE_HEAD and not w.endswith("ly")]
            if words:
                heads[words[0]] += 1
    keep = sorted(w for w, n in heads.items() if n >= min_count and w.isalpha() and len(w) >= 3 and w not in _NOT_CUES)
    return keep, heads


def article_candidates(article: dict, model: CueModel) -> list[SimpleNamespace]:
    """Every candidate of an article, as the scorer's predictions with features and a label."""
    gold = [Counter(polnear.words(c)) for c, _ in polnear.gold_units(article)[1]]
    out = []
    for m in PARAGRAPH.finditer(article["text"]):
        par = m.group()
        for a, c in paragraph_reported(par, quote_spans(par), model, pick=candidates):
            text = par[a + c.start : a + c.end].strip()
            sentence = (m.start(), a)  # candidates of one sentence compete (reported.keep_distinct)
            w = Counter(polnear.words(text))
            label = any(polnear._overlap(g, w) >= 0.5 for g in gold)
            out.append(SimpleNamespace(text=text, kind="indirect", speaker=None, speaker_mention=c.who,
                                       features=list(c.features), label=label, p=0.0, sentence=sentence, c=c))
    return out


def fit(rows: list[SimpleNamespace], epochs: int, l2: float, rate: float) -> tuple[dict[str, float], float]:
    """Logistic regression by AdaGrad over sparse binary features, rows in their given order."""
    w: dict[str, float] = defaultdict(float)
    g2: dict[str, float] = defaultdict(lambda: 1e-8)
    b, gb = 0.0, 1e-8
    for _ in range(epochs):
        for r in rows:
            z = b + sum(w[f] for f in r.features)
            err = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - r.label
            gb += err * err
            b -= rate * err / math.sqrt(gb)
            for f in r.features:
                g = err + l2 * w[f]
                g2[f] += g * g
                w[f] -= rate * g / math.sqrt(g2[f])
    return {f: round(v, 4) for f, v in w.items() if abs(v) >= 1e-4}, round(b, 4)


def kept(cands: list[SimpleNamespace], threshold: float) -> list[SimpleNamespace]:
    """The candidates the model keeps at ``threshold``, as reported.find_reported keeps them."""
    by_sentence = defaultdict(list)
    for c in cands:
        by_sentence[c.sentence].append(c)
    out = []
    for group in by_sentence.values():
        ranked = sorted(group, key=lambda c: -c.p)
        chosen = {id(c) for c in keep_distinct([(x.p, x.c, x.text) for x in ranked], threshold)}
        out += [x for x in ranked if id(x.c) in chosen]
    return out


def tally(articles: list[dict], cands: dict[str, list], threshold: float) -> polnear.Tally:
    t = polnear.Tally()
    for a in articles:
        t.add(a["article"], polnear.gold_units(a)[1], kept(cands[a["article"]], threshold))
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--min-count", type=int, default=3, help="train attributions a cue word needs (default 3)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--rate", type=float, default=0.3)
    ap.add_argument("--write", action="store_true", help=f"write corpus_cli/data/{MODEL_FILE}")
    a = ap.parse_args()
    if not (a.shared / "bench" / "polnear").is_dir():
        print(f"train-reported: skipped ({a.shared}/bench/polnear not found; pass SHARED=...)")
        return 0
    articles = polnear.load(a.shared, "train")
    cues, heads = cue_words(articles, a.min_count)
    print(f"cue words: {len(cues)} of {len(heads)} heads seen in train's indirect attributions")
    everything = CueModel({}, 0.0, 0.0, cues)
    cands = {art["article"]: article_candidates(art, everything) for art in articles}
    rows = [c for art in articles for c in cands[art["article"]]]
    print(f"candidates: {len(rows)}, positive {sum(r.label for r in rows)}")
    for pub in sorted({art["publisher_code"] for art in articles}):
        train = [c for art in articles if art["publisher_code"] != pub for c in cands[art["article"]]]
        weights, bias = fit(train, a.epochs, a.l2, a.rate)
        # The cue words too are counted without the held-out publisher: a cue only it uses finds nothing there.
        fold_cues = CueModel({}, 0.0, 0.0, cue_words([x for x in articles if x["publisher_code"] != pub],
                                                     a.min_count)[0]).cue_set
        held = CueModel(weights, bias, 0.0, cues)
        for art in articles:
            if art["publisher_code"] == pub:
                for c in cands[art["article"]]:
                    by_lexicon = "form=after" in c.features or "form=who" in c.features
                    c.p = 0.0 if by_lexicon and c.c.cue not in fold_cues else held.probability(c.features)
    best = max((t / 100 for t in range(5, 96, 5)), key=lambda t: tally(articles, cands, t).figures()["e2e_f1"])
    best = max(best, 0.01)  # threshold 0 would keep the candidates a held-out publisher's cue words gave
    for t in sorted({1e-9, best, SEED_THRESHOLD}):  # 1e-9: every candidate the fold's cue words give
        r = tally(articles, cands, t).figures()
        print(f"held out by publisher, threshold {t:.2f}: gold={r['gold']} predicted={r['predicted']} "
              f"P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} end-to-end F1={r['e2e_f1']:.3f}")
    weights, bias = fit(rows, a.epochs, a.l2, a.rate)
    model = CueModel(weights, bias, best, cues)
    if a.write:
        OUT.write_text(json.dumps(model.to_dict(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}: {len(weights)} weights, threshold {best:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
