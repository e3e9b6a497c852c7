import gzip
import json

import pytest

from corpus_cli.errors import InputError
from corpus_cli.ingest.readers import decode, read_bytes

CYRILLIC = "Північна Корея надіслала війська до Росії, заявили в Міністерстві закордонних справ."


@pytest.mark.parametrize(
    "data",
    [
        CYRILLIC.encode("utf-8"),
        b"\xef\xbb\xbf" + CYRILLIC.encode("utf-8"),
        CYRILLIC.encode("utf-16"),  # with BOM
        CYRILLIC.encode("utf-16-le"),  # without BOM
        CYRILLIC.encode("utf-16-be"),
        (CYRILLIC + " " + CYRILLIC).encode("cp1251"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom", "cp1251"],
)
def test_decode_cyrillic_in_every_encoding(data):
    assert decode(data).lstrip("\ufeff").startswith("Північна Корея")


def test_utf8_is_never_read_as_latin1():
    text = "Kim Jong Un’s “unconditional support” — café"
    assert decode(text.encode("utf-8")) == text


def test_declared_charset_of_html_is_used():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Привіт, світ</p></body></html>'
    docs = read_bytes("/x/page.html", html.encode("cp1251"))
    assert "Привіт, світ" in docs[0].content and docs[0].kind == "html"


def test_format_detected_from_content_not_extension():
    html = b"<!DOCTYPE html><html><body><p>Hello there</p></body></html>"
    assert read_bytes("/x/page.txt", html)[0].kind == "html"
    assert read_bytes("/x/notes.html", b"Just a line of text.\nAnother line.")[0].kind == "text"


def test_json_and_jsonl_records():
    rec = {"url": "https://e.example/a", "title": "T", "date": "2025-04-30", "text": "Body text here."}
    docs = read_bytes("/x/a.json", json.dumps(rec).encode())
    assert (docs[0].kind, docs[0].url, docs[0].title, docs[0].date) == ("text", rec["url"], "T", "2025-04-30")
    lines = [json.dumps({"html": "<html><body><p>One</p></body></html>"}), "{broken", json.dumps({"text": "Two"})]
    problems: list[str] = []
    docs = read_bytes("/x/a.jsonl", "\n".join(lines).encode(), problems=problems)
    assert [(d.part, d.kind) for d in docs] == [(0, "html"), (2, "text")]
    assert problems and "line 2" in problems[0]


def test_json_that_is_not_an_article_is_refused():
    with pytest.raises(InputError, match="no article"):
        read_bytes("/x/conf.json", b'{"name": "settings", "debug": true}')


def test_gzip_of_each_format():
    page = b"<html><body><p>Compressed page</p></body></html>"
    assert read_bytes("/x/p.html.gz", gzip.compress(page))[0].kind == "html"
    assert read_bytes("/x/p.gz", gzip.compress(b"plain dump text"))[0].content == "plain dump text"


def test_gzip_bomb_truncated_and_fake_gzip_are_refused():
    bomb = gzip.compress(b"a" * 5_000_000)
    with pytest.raises(InputError, match="limit"):
        read_bytes("/x/bomb.gz", bomb, max_decompressed=1_000_000)
    with pytest.raises(InputError, match="truncated|corrupt"):
        read_bytes("/x/cut.gz", gzip.compress(b"some text " * 1000)[:-40])
    with pytest.raises(InputError, match="not gzip"):
        read_bytes("/x/fake.gz", b"hello, I am not compressed")


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "ELF"),
        (bytes([0, 1, 2, 3, 250, 251, 0, 0, 7, 8]) * 50, "binary"),
    ],
    ids=["empty", "whitespace", "png", "elf", "random-binary"],
)
def test_unusable_bytes_get_a_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        read_bytes("/x/bad", data)


def test_utf8_with_a_corrupt_byte_stays_utf8():
    # Found by fuzzing: one bad byte sent the file to charset detection, which read it as cp1251.
    data = ("Укр Рус Eng • " + CYRILLIC).encode("utf-8")
    data = data[:9] + b"\x80" + data[10:]
    text = decode(data)
    assert "Північна Корея" in text and "вЂ" not in text


def test_json_with_half_a_character_keeps_the_rest():
    """A lone surrogate escape (a scraper that cut an emoji's escape in two) becomes U+FFFD, in the body and in
    every field; a whole pair stays the character it encodes, and an escaped backslash before "u" is text."""
    body = "The council voted on Tuesday to extend the night bus service until the end of the year."
    rec = {"title": "Buses \ud83d run late", "text": body + " \udcf0 Residents \ud83d\udcf0 welcomed it. C:\\ud83d",
           "author": "Anna \udfff Kovalenko", "publisher": "Daily \ud800"}
    data = json.dumps(rec).encode()  # ASCII, every surrogate escaped
    assert b"\\ud83d run" in data
    for raw in (data, data.replace(b'"title"', b'"url": "https://example.org/a", "title"'), data + b"\n" + data):
        docs = read_bytes("cut.json", raw)
        doc = docs[0]
        assert doc.title == "Buses \ufffd run late" and doc.publisher == "Daily \ufffd"
        assert doc.content == body + " \ufffd Residents \U0001f4f0 welcomed it. C:\\ud83d"
        assert not any("\ud800" <= ch <= "\udfff" for d in docs for ch in d.content + (d.title or ""))
    clean = json.dumps({"title": "Buses \U0001f4f0 run late", "text": body}, ensure_ascii=False).encode()
    assert read_bytes("fine.json", clean)[0].title == "Buses \U0001f4f0 run late"
