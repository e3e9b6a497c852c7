"""Fuzzing: random bytes and random mutations of the real samples through the readers, the cleaner and the
extractors. Nothing but InputError (a recorded, one-line failure) may come out of a document's processing."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_cli.clean.text import clean_text
from corpus_cli.errors import InputError
from corpus_cli.extract.quotes import extract_quotes
from corpus_cli.extract.sources import cited_sources
from corpus_cli.gazetteer import Gazetteer, load_gazetteer_file
from corpus_cli.ingest.process import Context, Options, process_doc
from corpus_cli.ingest.readers import read_bytes
from tests.conftest import FIXTURES, SAMPLES

GAZ = Gazetteer(load_gazetteer_file())
CTX = Context(GAZ, frozenset(), Options())
SEEDS = [p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))] + [(FIXTURES / "article.html").read_bytes()]
FUZZ = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _process(data: bytes) -> None:
    try:
        docs = read_bytes("/fuzz/input", data)
    except InputError as e:
        assert str(e) and "\n" not in str(e)
        return
    for doc in docs:
        try:
            article, _ = process_doc(doc, CTX)
        except InputError as e:
            assert str(e) and "\n" not in str(e)
            continue
        for q in article.quotes:
            assert article.text[q.start : q.end] == q.text


@st.composite
def mutated_seed(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "splice", "truncate"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "delete":
            del data[pos : pos + draw(st.integers(1, 200))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=40))
        elif op == "replace" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "splice":
            other = draw(st.sampled_from(SEEDS))
            start = draw(st.integers(0, len(other) - 1))
            data[pos:pos] = other[start : start + draw(st.integers(1, 500))]
        elif op == "truncate":
            data = data[:pos]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(data):
    _process(data)


@FUZZ
@given(mutated_seed())
def test_mutated_samples(data):
    _process(data)


@FUZZ
@given(mutated_seed())
def test_mutated_samples_gzipped(data):
    _process(gzip.compress(data))


TEXTY = st.text(alphabet=st.sampled_from(list("“”\"'‘’«» \n\n.,:;!?-–—()[]•AaBbKkSsaid Kim Trump North Korea")), max_size=600)


@FUZZ
@given(TEXTY)
def test_extractors_on_quote_heavy_text(text):
    cleaned = clean_text(text)
    for body in (text, cleaned.text):
        for q in extract_quotes(body, GAZ):
            assert body[q.start : q.end] == q.text and q.kind in ("direct", "partial")
        cited_sources(body, GAZ, cleaned.title, cleaned.wires)
        GAZ.mentions(body)
