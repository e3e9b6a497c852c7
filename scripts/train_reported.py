#!/usr/bin/env python3
"""make train-reported: fit which words are cues and which reported-speech candidates corpus keeps, on PolNeAR's
train split.

1. Cue words: the head of each `indirect` attribution's cue in train (its first word that is not an auxiliary
   or an adverb: "has repeatedly said" -> "said"), counted; those seen --min-count times (3) or more that are words
   (not "to", "the", ...) and not verbs of belief or intention (README, Quotes) join the hand list in cues.py.
2. The token model: every word of train's sentences that may head a cue (reported_model.may_be_cue), labelled by
   whether it heads a gold `indirect` cue (placed as the occurrence of the cue's words nearest its content); a
   logistic model over reported_model.token_features. Words under --token-threshold give no candidate.
3. The sequence tagger (reported_tagger_fit.py, python-crfsuite from the train extra): every train sentence's
   tokens labelled content, source, cue or other from the attributions' spans, their facts reading each
   publisher's cue probabilities from the token model fitted without it; a CRF fitted per fold (six publishers),
   its weights under --tagger-floor dropped, as the pure-Python Viterbi of corpus_cli/extract/reported_tagger.py
   reads them. Only with --tagger (make train-reported TAGGER=1).
4. Candidates: every train paragraph through corpus_cli.extract.reported with every candidate kept, each
   publisher's from the cue words, token model and tagger fitted without it (the tagger's agreement as facts of
   each candidate, its unmatched content runs as candidates of form `tagger`); a candidate is positive when its
   content shares half of each side's words with a gold `indirect` content (3+ words) of the article, the
   bench's rule.
5. The candidate model: logistic over the candidates' features (L2, AdaGrad, fixed order; a cue word's own
   facts only for words giving --cue-min-count candidates or more), fitted with one
   publisher held out at a time; the held-out probabilities of all seven choose the threshold that maximises
   content F1 plus end-to-end F1 (the speaker as the mention; of thresholds within 0.001 of the best, the
   highest). Those held-out figures are printed: they are the only ones reported from train. The same held-out
   score chooses how the tagger is used: every sentence tagged or only those the gate lets through (a word that
   may head a cue, or "according"), and a tagger content's speaker its source run or the rules' subject of its
   cue.
6. The shipped models are fitted on all of train: corpus_cli/data/reported.json and reported_tagger.json. Dev
   is for make bench-quotes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import polnear  # noqa: E402
import reported_tagger_fit as rtf  # noqa: E402
from sparse_logistic import fit  # noqa: E402

from corpus_cli.extract.reported import candidates, keep_distinct, paragraph_reported  # noqa: E402
from corpus_cli.extract.reported_model import (  # noqa: E402
    MODEL_FILE,
    WORD_FACTS,
    CueModel,
    TokenModel,
    may_be_cue,
    rare_facts,
    token_features,
    tokens,
)
from corpus_cli.extract.reported_tagger import TAGGER_FILE, Tagger  # noqa: E402
from corpus_cli.extract.spans import PARAGRAPH, quote_spans, sentences  # noqa: E402

OUT = ROOT / "corpus_cli" / "data" / MODEL_FILE
TAGGER_OUT = ROOT / "corpus_cli" / "data" / TAGGER_FILE
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
strive strives striving strove striven try tries tried trying attempt attempts attempted attempting
both more most must should since some there under yet one last earlier once only
allegations complaints concerns criticism debate decision message opposition campaign question questions view views
quick willing eager confident critical according""".split())
SEED_THRESHOLD = 0.5
TIE = 0.001  # a difference in F1 plus end-to-end F1 the held-out folds cannot tell from noise
_CUE_FACTS = ("cue=", "cue_subj=")


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


def _cue_head(text: str, at: dict) -> int | None:
    """Where the head word of an attribution's cue stands in ``text``: the occurrence of its cue nearest its
    content (PolNeAR gives the cue's words, not its place), then its first word that is not an auxiliary."""
    cue = (at["cue"] or "").strip()
    c0, c1 = at["content_spans"][0][0], at["content_spans"][-1][1]
    if not cue:
        return None
    lo = max(0, c0 - 300)
    places = [lo + m.start() for m in re.finditer(re.escape(cue), text[lo : c1 + 300])]
    if not places:
        return None
    at_ = min(places, key=lambda p: min(abs(p - c0), abs(p - c1)))
    for m in _CUE_WORD.finditer(cue):
        w = m.group().lower()
        if w not in _BEFORE_HEAD and not w.endswith("ly"):
            return at_ + m.start()
    return None


def token_rows(article: dict) -> list[SimpleNamespace]:
    """Every word of an article the token model is asked about, labelled: is it the head of a gold `indirect`
    cue? Sentences are read as reported.py reads them (up to a quotation mark)."""
    text = article["text"]
    heads = {h for at in article["attributions"] if at["kind"] == "indirect" and at["content_spans"]
             and len(polnear.words(at["content"])) >= 3 and (h := _cue_head(text, at)) is not None}
    out = []
    for m in PARAGRAPH.finditer(text):
        par = m.group()
        spans = quote_spans(par)
        for a, b in sentences(par):
            if any(s < a < e for s, e in spans):
                continue
            cut = min([b] + [s for s, e in spans if a <= s < b])
            toks = tokens(par[a:cut])
            words = [t.group() for t in toks]
            for i, t in enumerate(toks):
                if may_be_cue(words[i]):
                    out.append(SimpleNamespace(features=token_features(words, i, False), word=words[i].lower(),
                                               label=m.start() + a + t.start() in heads))
    return out


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


def fit_tokens(rows: list[SimpleNamespace], cue_set: frozenset, a) -> TokenModel:
    """The token model on ``rows``, "listed" meaning ``cue_set`` holds the word. Facts seen in fewer than
    --token-min-count rows are left out (the shipped file stays small, and a rare word's weight is noise); the
    floor is the sum of a word's own weights (reported_model.TokenModel.word_probability) under which a word is
    not looked at."""
    seen = Counter(f for r in rows for f in r.features)
    keep = {f for f, n in seen.items() if n >= a.token_min_count} | {"listed"}
    listed = [SimpleNamespace(features=[f for f in r.features if f in keep] + (["listed"] if r.word in cue_set
                                                                                else []), label=r.label)
              for r in rows]
    weights, bias = fit(listed, a.token_epochs, a.l2, a.rate)
    model = TokenModel(weights, bias, a.token_threshold)
    # The floor keeps 99% of the cue heads the model keeps (a word's context is read only above it: the cost).
    own = sorted(own_sum(model, r.features) for r in listed if r.label and model.probability(r.features) >= a.token_threshold)
    model.floor = round(own[len(own) // 100] - 1e-4, 4) if own else model.floor
    return model


def own_sum(model: TokenModel, features: list[str]) -> float:
    """The bias and the weights of a word's own facts (reported_model.WORD_FACTS), without its context."""
    return model.bias + sum(model.weights.get(f, 0.0) for f in features if f.startswith(WORD_FACTS))


def fold_models(articles: list[dict], a) -> dict[str, CueModel]:
    """For each publisher, the cue words and the token model fitted without it (the candidate weights empty)."""
    rows = {art["article"]: token_rows(art) for art in articles}
    out, held = {}, []
    for pub in sorted({art["publisher_code"] for art in articles}):
        others = [x for x in articles if x["publisher_code"] != pub]
        cues = cue_words(others, a.min_count)[0]
        model = CueModel({}, 0.0, 0.0, cues)
        model.token_model = fit_tokens([r for x in others for r in rows[x["article"]]], model.cue_set, a)
        out[pub] = model
        for x in articles:
            if x["publisher_code"] == pub:
                for r in rows[x["article"]]:
                    held.append((model.token_model.probability(r.features + (["listed"] if r.word in model.cue_set
                                                                              else [])), r.label))
    gold = sum(lab for _, lab in held)
    for t in (0.05, 0.1, 0.2, 0.3, 0.5):
        hit = sum(lab for p, lab in held if p >= t)
        print(f"token model, held out by publisher, threshold {t:.2f}: words kept {sum(p >= t for p, _ in held)}"
              f" of {len(held)}, cue heads kept {hit} of {gold} (R={hit / max(1, gold):.3f}, "
              f"P={hit / max(1, sum(p >= t for p, _ in held)):.3f})")
    return out


def main() -> int:
    a = parse_args()
    if polnear.missing(a.shared, "train-reported"):
        return 0
    articles = polnear.load(a.shared, "train")
    cues, heads = cue_words(articles, a.min_count)
    print(f"cue words: {len(cues)} of {len(heads)} heads seen in train's indirect attributions")
    folds = fold_models(articles, a)
    sents, chosen = None, None
    if not a.tagger:
        cands = {art["article"]: article_candidates(art, folds[art["publisher_code"]]) for art in articles}
        best = held_out_threshold(articles, cands, a)
    else:
        # The tagger's facts read each sentence's cue probabilities from the token model that never saw it.
        sents = {x["article"]: rtf.article_sentences(x, folds[x["publisher_code"]]) for x in articles}
        chosen, cands, best = tagger_variants(articles, folds, rtf.fold_taggers(articles, sents, a), a)
    rows = [c for art in articles for c in cands[art["article"]]]
    print(f"candidates: {len(rows)}, positive {sum(r.label for r in rows)}")
    weights, bias = fit_candidates(rows, a)
    model = CueModel(weights, bias, best, cues)
    model.tagged = chosen is not None
    model.token_model = fit_tokens([r for art in articles for r in token_rows(art)], model.cue_set, a)
    tagger = None
    if chosen is not None:
        whole, secs = rtf.fit([s for v in sents.values() for s in v], a)
        tagger = rtf.prune(whole, chosen[2])
        tagger.gate, tagger.speaker = chosen[:2]
        n, size = rtf.size(tagger)
        print(f"tagger on all of train: {secs:.0f} s, {n} state weights (floor {chosen[2]}), {size / 1e6:.2f} MB")
    if a.write:
        OUT.write_text(json.dumps(model.to_dict(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}: {len(weights)} + {len(model.token_model.weights)} weights, "
              f"threshold {best:.2f}")
        if tagger is not None:
            rtf.write(tagger, TAGGER_OUT)
            print(f"wrote {TAGGER_OUT.relative_to(ROOT)}: gate {tagger.gate}, speaker {tagger.speaker}")
    return 0


def _memo(tagger: Tagger) -> Tagger:
    """``tagger`` with its sentences' tagging kept (each variant reads the same sentences)."""
    cache: dict = {}
    plain = tagger.tag

    def tag(sentence, model):
        if (key := (sentence, tagger.gate)) not in cache:
            cache[key] = plain(sentence, model)
        return cache[key]

    tagger.tag = tag  # type: ignore[method-assign]
    return tagger


def tagger_variants(articles: list[dict], folds: dict, taggers: dict, a) -> tuple[tuple, dict, float]:
    """The candidates with each fold's tagger, for each way of using it: tagging only the sentences the gate lets
    through or all, the speaker of a tagger's content its source run or the rules' subject of its cue
    (reported.tagger_speaker), then the floors of --tagger-floors. The best held-out content F1 plus end-to-end
    F1 (the threshold's own criterion) chooses; of floors within TIE of the best, the highest (a smaller file).
    Returns the choice (gate, speaker, floor), its candidates and its threshold."""
    results: dict[tuple, tuple] = {}
    pruned: dict[float, dict] = {}  # each floor's taggers, their tagging kept across variants

    def run(gate: bool, speaker: str, floor: float) -> None:
        print(f"tagger: gate {gate}, speaker {speaker}, floor {floor}", flush=True)
        if floor not in pruned:
            pruned[floor] = {pub: _memo(rtf.prune(t, floor)) for pub, t in taggers.items()}
        for pub, t in pruned[floor].items():
            t.gate, t.speaker = gate, speaker
            folds[pub].tagger = t
        cands = {x["article"]: article_candidates(x, folds[x["publisher_code"]]) for x in articles}
        best = held_out_threshold(articles, cands, a)
        f = tally(articles, cands, best).figures()
        results[(gate, speaker, floor)] = (f["f1"] + f["e2e_f1"], cands, best)

    floor = a.tagger_floors[0]
    run(True, "source", floor)
    run(True, "rules", floor)
    speaker = max((v for v in results), key=lambda v: results[v][0])[1]
    run(False, speaker, floor)
    gate = max((v for v in results), key=lambda v: (results[v][0], v[0]))[0]  # a tie keeps the gate
    for other in a.tagger_floors[1:]:
        run(gate, speaker, other)
    top = max(r[0] for r in results.values())
    chosen = max((v for v in results if v[:2] == (gate, speaker) and results[v][0] >= top - TIE),
                 key=lambda v: v[2], default=max(results, key=lambda v: results[v][0]))
    print(f"tagger chosen held out: gate {chosen[0]}, speaker {chosen[1]}, floor {chosen[2]}")
    return chosen, results[chosen][1], results[chosen][2]


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--min-count", type=int, default=3, help="train attributions a cue word needs (default 3)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--token-epochs", type=int, default=4)
    ap.add_argument("--token-min-count", type=int, default=3, help="rows a token fact needs to be weighed")
    ap.add_argument("--token-threshold", type=float, default=0.1,
                    help="token model probability under which a word gives no candidate (default 0.1)")
    ap.add_argument("--cue-min-count", type=int, default=5, help="candidates a cue word's facts need (default 5)")
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--rate", type=float, default=0.3)
    ap.add_argument("--tagger", action="store_true", help="fit the sequence tagger and the candidate model with "
                                                           "its facts (else the rules' candidates alone)")
    ap.add_argument("--tagger-c1", type=float, default=0.1, help="the tagger's L1 weight (default 0.1)")
    ap.add_argument("--tagger-c2", type=float, default=0.01, help="the tagger's L2 weight (default 0.01)")
    ap.add_argument("--tagger-iters", type=int, default=80, help="the tagger's L-BFGS iterations (default 80)")
    ap.add_argument("--tagger-minfreq", type=float, default=3, help="sentences' tokens a tagger fact needs")
    ap.add_argument("--tagger-floors", type=lambda v: [float(x) for x in v.split(",")], default=[0.1, 0.05, 0.02],
                    help="floors under which the tagger's weights are dropped, the highest first; the highest "
                         "whose held-out score is within 0.001 of the best ships (default 0.1,0.05,0.02)")
    ap.add_argument("--write", action="store_true", help=f"write corpus_cli/data/{MODEL_FILE} and {TAGGER_FILE}")
    return ap.parse_args()


def fit_candidates(rows: list[SimpleNamespace], a) -> tuple[dict[str, float], float]:
    """The candidate model on ``rows``; a cue word's own facts only where the word gives --cue-min-count
    candidates or more (a rare word's weight would stand in for the general facts it should teach)."""
    seen = Counter(f for r in rows for f in r.features if f.startswith(_CUE_FACTS))
    known = {f for f, n in seen.items() if n >= a.cue_min_count}
    kept_ = [SimpleNamespace(features=[f for f in rare_facts(r.features, known)
                                       if seen.get(f, a.cue_min_count) >= a.cue_min_count], label=r.label)
             for r in rows]
    return fit(kept_, a.epochs, a.l2, a.rate)


def held_out_threshold(articles: list[dict], cands: dict[str, list], a) -> float:
    """The candidate model fitted with one publisher held out at a time; the threshold that maximises held-out
    content F1 plus end-to-end F1 (the highest within TIE of the best), with the held-out figures printed (the
    only ones reported from train)."""
    for pub in sorted({art["publisher_code"] for art in articles}):
        train = [c for art in articles if art["publisher_code"] != pub for c in cands[art["article"]]]
        held = CueModel(*fit_candidates(train, a), 0.0, [])
        for art in articles:
            if art["publisher_code"] == pub:
                for c in cands[art["article"]]:
                    c.p = held.probability(c.features)
    # Both figures are targets (content F1 and end to end): the threshold maximises their sum. Where the sum is
    # flat (within TIE), the highest such threshold: the same figures with fewer, surer contents.
    best = polnear.highest_within({t / 100: sum(tally(articles, cands, t / 100).figures()[k] for k in ("f1", "e2e_f1"))
                                   for t in range(5, 96, 5)}, TIE)
    for t in sorted({0.0, best, SEED_THRESHOLD}):  # 0: every candidate the fold's cue words give
        r = tally(articles, cands, t).figures()
        print(f"held out by publisher, threshold {t:.2f}: gold={r['gold']} predicted={r['predicted']} "
              f"P={r['precision']:.4f} R={r['recall']:.4f} F1={r['f1']:.4f} end-to-end F1={r['e2e_f1']:.4f}")
    return best


if __name__ == "__main__":
    sys.exit(main())
