from hypothesis import given
from hypothesis import strategies as st

from corpus_cli.clean.normalize import content_hash, normal_form

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)


def test_hash_is_tagged_with_its_algorithm():
    h = content_hash("North Korea shares blame.")
    assert h.startswith("sha256:") and len(h) == len("sha256:") + 64


def test_documented_foldings_give_one_hash():
    base = 'He said "stop".\n\nThen he left.'
    variants = [
        'He said “stop”.\r\n\r\nThen he left.',  # curly quotes, CRLF
        "\ufeffHe said \"stop\".   \n\n\n\nThen  he left.  \n",  # BOM, runs of spaces and blank lines
        'He said «stop».\rThen he left.'.replace("\r", "\n\n"),  # guillemets
        "He\u00a0said \u201cstop\u201d.\n\nThen he\u200b left.",  # NBSP, zero-width space
    ]
    for v in variants:
        assert content_hash(v) == content_hash(base), v


def test_different_words_give_different_hashes():
    assert content_hash("Troops were sent.") != content_hash("Troops were not sent.")


@given(TEXT)
def test_normal_form_is_idempotent(text):
    once = normal_form(text)
    assert normal_form(once) == once


@given(TEXT)
def test_line_endings_and_trailing_space_do_not_change_the_hash(text):
    text = text.replace("\r", "")  # a CR already there would make CR CR LF: two line breaks, rightly
    crlf = text.replace("\n", "\r\n")
    padded = "\n".join(line + "  " for line in text.split("\n"))
    assert content_hash(crlf) == content_hash(text)
    assert content_hash(padded) == content_hash(text)


@given(TEXT)
def test_normal_form_has_no_cr_and_no_runs_of_blank_lines(text):
    nf = normal_form(text)
    assert "\r" not in nf
    assert "\n\n\n" not in nf
    assert nf == nf.strip("\n")
