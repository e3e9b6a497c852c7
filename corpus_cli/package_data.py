"""The JSON files shipped in corpus_cli/data (fitted models, thresholds, compiled names): read through
importlib.resources so that a wheel install finds them as a checkout does, and a missing or broken file is one
PackageDataError naming it (exit 70), never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from corpus_cli.errors import PackageDataError

T = TypeVar("T")


def load(name: str, what: str, build: Callable[[Any], T]) -> T:
    """``build`` applied to the parsed corpus_cli/data/``name``; ``what`` says what it holds, for the error."""
    from importlib import resources  # here: a command that reads no package data does without it

    try:
        return build(json.loads(resources.files("corpus_cli.data").joinpath(name).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise PackageDataError(f"corpus_cli/data/{name}: cannot read {what} ({e}); reinstall corpus-cli") from None
