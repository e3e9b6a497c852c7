"""Near-duplicates and stable identity (#23): shingles, signatures, containment, clusters, and the body
a text dump is identified by, whatever the corpus has learned."""

from __future__ import annotations

from pathlib import Path

from corpus_cli.clean.normalize import content_hash
from corpus_cli.clean.text import clean_text
from corpus_cli.dedup import minhash as mh
from corpus_cli.dedup.near import NearIndex, Params, containment, default_params, fingerprint
from corpus_cli.dedup.shingles import shingles, text_shingles, words

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _body(name: str) -> str:
    return clean_text((SAMPLES / name).read_text(encoding="utf-8")).text


def _wire_copy(text: str) -> str:
    """A syndicated copy: dateline, straight quotes, a copy edit, the last third cut."""
    paras = text.split("\n\n")
    paras = paras[: max(2, len(paras) * 2 // 3)]
    paras[0] = "WASHINGTON (AP) — " + paras[0]
    copy = "\n\n".join(paras).replace("“", '"').replace("”", '"').replace("’", "'")
    return copy.replace(" said ", " says ", 1)


def test_shingles_ignore_case_punctuation_and_quote_style():
    a = text_shingles("He said: “We will not stop,” and left — quickly.")
    b = text_shingles('he said "we will NOT stop" and left - quickly')
    assert a == b and len(a) == len(words("he said we will not stop and left quickly")) - 4


def test_one_edited_word_changes_at_most_five_shingles():
    ws = [f"w{i}" for i in range(50)]
    edited = ws[:20] + ["other"] + ws[21:]
    assert len(shingles(ws) - shingles(edited)) == 5


def test_short_texts_have_one_shingle_or_none():
    assert len(text_shingles("three short words")) == 1
    assert text_shingles("  ... ") == set()


def test_signature_is_deterministic_and_filled():
    sh = text_shingles(_body("000_2fac385cc17db37a.txt"))
    sig = mh.signature(sh)
    assert sig == mh.signature(set(sorted(sh, reverse=True)))
    assert len(sig) == mh.BINS and all(v < 1 << 40 for v in sig)
    assert mh.signature(set()) is None


def test_bands_agree_for_equal_texts_and_differ_for_others():
    p = Params(containment=0.75, min_shingles=20)
    a = fingerprint(_body("000_2fac385cc17db37a.txt"), p)
    b = fingerprint(_body("000_2fac385cc17db37a.txt"), p)
    c = fingerprint(_body("001_5059055e8cba85ef.txt"), p)
    assert a.bands == b.bands and len(a.bands) == mh.FULL_BANDS + mh.PREFIX_BANDS
    assert not set(a.bands) & set(c.bands)


def test_containment_of_a_truncated_copy_is_high_and_of_another_story_low():
    full = _body("002_157707319908cf4a.txt")
    copy = _wire_copy(full)
    assert containment(text_shingles(copy), text_shingles(full)) >= 0.85
    other = _body("003_124f943da4d3affc.txt")
    assert containment(text_shingles(other), text_shingles(full)) < 0.2
    assert containment(set(), text_shingles(full)) == 0.0


def test_a_truncated_wire_copy_joins_its_story_and_other_stories_do_not():
    idx = NearIndex(default_params())
    names = sorted(p.name for p in SAMPLES.glob("*.txt"))
    for key, name in enumerate(names):
        assert idx.add(key, _body(name)) == key  # five different stories: five clusters
    copy_key = len(names)
    assert idx.add(copy_key, _wire_copy(_body(names[2]))) == 2
    # a copy of the copy still roots at the first article of the story
    assert idx.add(copy_key + 1, _wire_copy(_body(names[2]))) == 2


def test_input_order_alone_decides_which_copy_is_first():
    full = _body("002_157707319908cf4a.txt")
    copy = _wire_copy(full)
    first = NearIndex(default_params())
    assert (first.add(1, full), first.add(2, copy)) == (1, 1)
    second = NearIndex(default_params())
    assert (second.add(1, copy), second.add(2, full)) == (1, 1)


def test_too_short_texts_are_never_clustered():
    p = default_params()
    idx = NearIndex(p)
    text = "Officials met on Tuesday and agreed to talk again."
    assert len(text_shingles(text)) < p.min_shingles
    assert (idx.add(1, text), idx.add(2, text)) == (1, 2)


def test_identity_of_a_dump_does_not_move_when_the_corpus_learns_its_lines():
    raw = (SAMPLES / "002_157707319908cf4a.txt").read_text(encoding="utf-8")
    fresh = clean_text(raw)
    assert fresh.identity_text is None  # nothing learned: the body is the identity
    # The corpus learns the dump's short lines as boilerplate ("“Illegal” cooperation" among them): the
    # body loses them, the identity stays the body the dump had before.
    learned = frozenset(fresh.line_keys)
    later = clean_text(raw, learned=learned)
    assert later.text != fresh.text and len(later.text) < len(fresh.text)
    assert later.identity_text == fresh.text
    assert content_hash(later.identity_text) == content_hash(fresh.text)


def test_learned_lines_absent_from_a_dump_change_nothing():
    raw = (SAMPLES / "002_157707319908cf4a.txt").read_text(encoding="utf-8")
    r = clean_text(raw, learned=frozenset({"a line of another site"}))
    assert r.identity_text is None and r.text == clean_text(raw).text
