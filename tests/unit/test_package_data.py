"""The package data reader every shipped model and table goes through."""

import pytest

from corpus_cli import package_data
from corpus_cli.clean.model import LineModel
from corpus_cli.errors import EXIT_INTERNAL, PackageDataError


def test_a_missing_file_is_one_error_naming_it():
    with pytest.raises(PackageDataError, match="corpus_cli/data/no_such_model.json: cannot read the model") as e:
        package_data.load("no_such_model.json", "the model", dict)
    assert e.value.exit_code == EXIT_INTERNAL


def test_a_file_without_the_fields_asked_for_is_the_same_error():
    with pytest.raises(PackageDataError, match="corpus_cli/data/sniff.json: cannot read the thresholds"):
        package_data.load("sniff.json", "the thresholds", lambda d: d["no_such_field"])


def test_the_shipped_files_build():
    assert isinstance(package_data.load("text_cleaner.json", "the model", LineModel.from_dict), LineModel)
    assert 0 < package_data.load("sniff.json", "the threshold", lambda d: float(d["markup_lines"])) < 1
