"""The reported-speech tagger's side of make train-reported (scripts/train_reported.py): PolNeAR train's sentences
as the tagger reads them at run time (corpus_cli/extract/reported_tagger.py: tokens and facts), each token's gold
BIO label from the attributions' spans, and a linear-chain CRF fitted with python-crfsuite (the train extra; L-BFGS,
fixed iterations, deterministic), exported as the weights the pure-Python Viterbi reads, those under a floor
dropped (the shipped file stays small)."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from corpus_cli.extract.reported_model import MODEL_FILE, CueModel
from corpus_cli.extract.reported_tagger import LABELS, TAGGER_FILE, TOKEN, Tagger, cue_probs, cue_threshold, token_facts
from corpus_cli.extract.spans import PARAGRAPH, sentences

_KIND = {0: "O", 1: "C", 2: "S", 3: "Q"}


def cue_place(text: str, at: dict) -> tuple[int, int] | None:
    """The occurrence of an attribution's cue nearest its content (PolNeAR gives the cue's words, not its place)."""
    cue = (at["cue"] or "").strip()
    if not cue or not at["content_spans"]:
        return None
    c0, c1 = at["content_spans"][0][0], at["content_spans"][-1][1]
    lo = max(0, c0 - 300)
    places = [lo + m.start() for m in re.finditer(re.escape(cue), text[lo : c1 + 300])]
    if not places:
        return None
    p = min(places, key=lambda x: min(abs(x - c0), abs(x - c1)))
    return p, p + len(cue)


def paint(article: dict) -> tuple[list[int], list[int]]:
    """Per character: the kind (0 none, 1 content, 2 source, 3 cue) and the attribution it belongs to. Contents
    are painted longest first, so a nested one keeps its own start; sources and cues over them."""
    text, ats = article["text"], article["attributions"]
    kinds, owners = [0] * (len(text) + 1), [-1] * (len(text) + 1)

    def put(spans, kind, k):
        for s, e in spans:
            kinds[s:e] = [kind] * (e - s)
            owners[s:e] = [k] * (e - s)

    for k in sorted(range(len(ats)), key=lambda k: -sum(e - s for s, e in ats[k]["content_spans"])):
        put(ats[k]["content_spans"], 1, k)
    for k, at in enumerate(ats):
        put(at.get("source_spans") or [], 2, k)
        if (cp := cue_place(text, at)) is not None:
            put([cp], 3, k)
    return kinds, owners


def _labels(starts: list[int], kinds: list[int], owners: list[int]) -> list[str]:
    out, prev = [], (0, -1)
    for s in starts:
        cur = (kinds[s], owners[s])
        kind = _KIND[cur[0]]
        out.append("O" if kind == "O" else ("I-" if cur == prev else "B-") + kind)
        prev = cur
    return out


def article_sentences(article: dict, model: CueModel) -> list[SimpleNamespace]:
    """Every sentence of an article's paragraphs as the tagger reads it (reported.paragraph_reported's
    sentences), with its facts (``model``'s token model: the fold's) and gold labels."""
    text = article["text"]
    kinds, owners = paint(article)
    threshold = cue_threshold(model)
    out = []
    for m in PARAGRAPH.finditer(text):
        for a, b in sentences(m.group()):
            s0 = m.start() + a
            toks = list(TOKEN.finditer(text[s0 : m.start() + b]))
            if toks:
                words = [t.group() for t in toks]
                out.append(SimpleNamespace(facts=token_facts(words, cue_probs(words, model), threshold),
                                           labels=_labels([s0 + t.start() for t in toks], kinds, owners)))
    return out


def fit(sents: list[SimpleNamespace], a) -> tuple[Tagger, float]:
    """The CRF fitted on ``sents`` (--tagger-c1, --tagger-c2, --tagger-iters, --tagger-minfreq), exported whole
    (weights rounded to three places), and the seconds it took."""
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sents:
        trainer.append(s.facts, s.labels)
    trainer.set_params({"c1": a.tagger_c1, "c2": a.tagger_c2, "max_iterations": a.tagger_iters,
                        "feature.minfreq": a.tagger_minfreq, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "tagger.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        state_all, trans_all = dict(info.state_features), dict(info.transitions)
        tagger.close()
    trans = {p: {q: round(w, 3) for (p2, q), w in sorted(trans_all.items()) if p2 == p} for p in LABELS}
    state: dict[str, dict[str, float]] = {}
    for (fact, label), w in sorted(state_all.items()):
        if round(w, 3):
            state.setdefault(fact, {})[label] = round(w, 3)
    whole = Tagger.from_dict({"state": state, "trans": trans, "gate": True, "speaker": "source"})
    return whole, time.perf_counter() - t0


def prune(tagger: Tagger, floor: float) -> Tagger:
    """``tagger`` without the state weights under ``floor`` (the shipped file's size against its labels)."""
    state = {f: kept for f, v in tagger.state.items() if (kept := tuple((k, w) for k, w in v if abs(w) >= floor))}
    return Tagger(state, tagger.trans, tagger.gate, tagger.speaker, tagger.facts, tagger.candidates, tagger.sure)


def size(tagger: Tagger) -> tuple[int, int]:
    """(state weights, bytes of the model file)."""
    return sum(map(len, tagger.state.values())), len(json.dumps(tagger.to_dict(), separators=(",", ":"),
                                                                 ensure_ascii=False))


def cached_fit(sents: list[SimpleNamespace], a, name: str) -> tuple[Tagger, float]:
    """fit(sents, a), read from --tagger-cache when an earlier run with the same settings wrote it there (the
    CRF gives the same weights on every run; a fold's fit is minutes)."""
    keys = ("min_count", "token_epochs", "token_min_count", "token_threshold", "l2", "rate", "tagger_c1",
            "tagger_c2", "tagger_iters", "tagger_minfreq")
    digest = hashlib.sha1(json.dumps([getattr(a, k) for k in keys]).encode()).hexdigest()[:12]
    path = Path(a.tagger_cache) / f"{name}-{digest}.json" if a.tagger_cache else None
    if path is not None and path.is_file():
        return Tagger.from_dict(json.loads(path.read_text(encoding="utf-8"))), 0.0
    tagger, secs = fit(sents, a)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tagger, path)
    return tagger, secs


def fold_taggers(articles: list[dict], sents: dict[str, list], a) -> dict[str, Tagger]:
    """For each publisher, the tagger fitted on the other six (the candidate model's folds), whole; the size
    each floor of --tagger-floors leaves printed (train_reported measures what it costs held out)."""
    out = {}
    for pub in sorted({x["publisher_code"] for x in articles}):
        train = [s for x in articles if x["publisher_code"] != pub for s in sents[x["article"]]]
        out[pub], secs = cached_fit(train, a, f"fold-{pub}")
        sizes = [(floor, *size(prune(out[pub], floor))) for floor in sorted({*a.tagger_floors, 0.0})]
        print(f"tagger fold {pub}: fitted on {len(train)} sentences in {secs:.0f} s; "
              + "; ".join(f"floor {f}: {n} weights, {b / 1e6:.2f} MB" for f, n, b in sizes), flush=True)
    return out


def write(tagger: Tagger, path: Path) -> None:
    """The tagger's model file: one fact a line, so that a refit's diff reads."""
    d = tagger.to_dict()
    head = json.dumps({k: v for k, v in d.items() if k != "state"}, ensure_ascii=False)[:-1]
    lines = [f"{json.dumps(f, ensure_ascii=False)}:{json.dumps(v, separators=(',', ':'))}" for f, v in d["state"].items()]
    path.write_text(head + ',"state":{\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")


def plain_rows(rows: list[SimpleNamespace]) -> list[SimpleNamespace]:
    """The rules' candidates among ``rows`` with their own facts only (the rules' model, CueModel.plain)."""
    return [SimpleNamespace(features=[f for f in r.features if not f.startswith("tag_")], label=r.label)
            for r in rows if "form=tagger" not in r.features]


def use(whole: Tagger, variant: tuple, sure: float) -> Tagger:
    """The whole tagger pruned at a variant's floor, used as it says (gate, speaker, floor, facts, candidates)."""
    tagger = prune(whole, variant[2])
    tagger.gate, tagger.speaker, _, tagger.facts, tagger.candidates = variant
    tagger.sure = sure
    return tagger


def write_variants(results: dict[tuple, tuple], whole: Tagger, model: CueModel, out: Path, sure: float) -> None:
    """Each variant's two model files (``results``: its candidate weights, bias and threshold, fitted on all of
    train) in a folder of its own under ``out``: to try one on other text, copy them into corpus_cli/data."""
    for v, fitted in results.items():
        folder = out / "-".join(map(str, v))
        folder.mkdir(parents=True, exist_ok=True)
        m = CueModel(*fitted[:3], model.cues, model.token_model)
        m.tagged, m.plain = True, fitted[3]
        (folder / MODEL_FILE).write_text(json.dumps(m.to_dict(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        write(use(whole, v, sure), folder / TAGGER_FILE)
    print(f"wrote {len(results)} variants' models under {out}")


def memo(tagger: Tagger) -> Tagger:
    """``tagger`` with its sentences' tagging kept (each variant reads the same sentences)."""
    cache: dict = {}
    plain = tagger.tag

    def tag(sentence, model):
        if (key := (sentence, tagger.gate)) not in cache:
            cache[key] = plain(sentence, model)
        return cache[key]

    tagger.tag = tag  # type: ignore[method-assign]
    return tagger
