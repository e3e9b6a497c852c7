"""The gazetteer file: a file that is not a gazetteer is an error naming it, not a crash deeper in."""

import pytest

from corpus_cli.errors import EXIT_INTERNAL, PackageDataError
from corpus_cli.gazetteer import gazetteer_digest, load_gazetteer_file


@pytest.mark.parametrize("content", [b"{not json", b'{"actors": [{"type": "country"}]}', b"\xff\xfe"])
def test_an_invalid_gazetteer_file_names_itself(tmp_path, content):
    bad = tmp_path / "actors.json"
    bad.write_bytes(content)
    with pytest.raises(PackageDataError, match=str(bad)) as e:
        load_gazetteer_file(str(bad))
    assert e.value.exit_code == EXIT_INTERNAL


def test_the_packaged_gazetteer_loads_and_has_a_stable_digest():
    actors = load_gazetteer_file()
    assert any(a.name == "North Korea" for a in actors)
    assert gazetteer_digest() == gazetteer_digest() and len(gazetteer_digest()) == 64
