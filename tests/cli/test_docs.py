"""README.md is the user's manual: every command, sub-command and option of the typer app is documented there.

Modelled on sqlite-utils' tests/test_docs.py: the cases are read from the app itself, one per command and per
option, so a command or option added without documentation fails by name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from corpus_cli.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def walk(command, path=()):
    """(path, command) for the app's every command and sub-command, groups included, root excluded."""
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield (*path, name), sub
        yield from walk(sub, (*path, name))


def long_options(command):
    """Every long option name of a command, both sides of a --flag/--no-flag pair included."""
    names = []
    for param in command.params:
        if param.param_type_name == "option":
            names += [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]
    return names


COMMANDS = list(walk(typer.main.get_command(app)))
OPTIONS = [(path, option) for path, command in COMMANDS for option in long_options(command)]


def sections(text):
    """Markdown sections: (heading line, body up to the next heading), in order; the text before any heading first."""
    parts = re.split(r"(?m)^(#{1,6} .*)$", text)
    return [("", parts[0])] + list(zip(parts[1::2], parts[2::2]))


def mentions(text, path):
    return re.search(r"`corpus " + re.escape(" ".join(path)) + r"(?![\w-])", text) is not None


def section_of(text, path):
    """The body under the heading that names `corpus PATH`, else under its parent command's heading, else None."""
    for n in range(len(path), 0, -1):
        for heading, body in sections(text):
            if mentions(heading, path[:n]):
                return body
    return None


def commands_section(text):
    """The options every command shares (--db, --format) are documented once, at the top of ## Commands."""
    return next((body for heading, body in sections(text) if heading.strip() == "## Commands"), "")


def documents_option(text, path, option):
    where = (section_of(text, path) or "") + commands_section(text)
    return re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", where) is not None


@pytest.fixture(scope="module")
def readme():
    return README.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_command_is_documented(readme, path):
    documented = mentions(readme, path)
    assert documented, f"README.md does not document `corpus {' '.join(path)}`"


@pytest.mark.parametrize(("path", "option"), OPTIONS, ids=[" ".join((*p, o)) for p, o in OPTIONS])
def test_option_is_documented_in_its_commands_section(readme, path, option):
    documented = documents_option(readme, path, option)  # a bool, so a failure does not print the README
    assert documented, f"README.md's section on `corpus {' '.join(path)}` does not document {option}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_help_has_an_example(path, command):
    # A group's --help shows the Typer's help text; its example lives in the callback's docstring.
    doc = (command.help or "") + ((command.callback.__doc__ or "") if command.callback else "")
    assert "Example: corpus " + " ".join(path) in doc, f"`corpus {' '.join(path)} --help` has no example"


def test_readme_names_no_command_that_does_not_exist(readme):
    known = {" ".join(p) for p, _ in COMMANDS}
    named = set(re.findall(r"`corpus ([a-z][a-z-]*)", readme))
    assert named <= {p.split()[0] for p in known}, f"README.md names unknown commands: {sorted(named - set(known))}"


def make_targets():
    """The Makefile's .PHONY targets: what a developer runs, so each is in the README's Development section."""
    makefile = README.parent / "Makefile"
    lines = re.findall(r"(?m)^\.PHONY:(.*)$", makefile.read_text(encoding="utf-8")) if makefile.exists() else []
    return [t for line in lines for t in line.split()]


@pytest.mark.parametrize("target", make_targets())
def test_make_target_is_documented(readme, target):
    documented = re.search(r"`make " + re.escape(target) + r"(?![\w-])", readme) is not None
    assert documented, f"README.md does not document `make {target}`"


def test_the_checks_find_what_is_missing():
    # The cases above pass only if these helpers can fail: a README without the option or the command fails them.
    text = "## Commands\n\n`--db`\n\n### `corpus query`\n\n`--actor NAME`\n\n### `corpus actors`\n\n`--type`\n"
    assert documents_option(text, ("query",), "--actor")
    assert documents_option(text, ("query",), "--db")
    assert not documents_option(text, ("query",), "--type")
    assert not documents_option(text, ("query",), "--act")
    assert documents_option(text, ("actors", "add"), "--type")
    assert mentions(text, ("query",)) and not mentions(text, ("quotes",)) and not mentions(text, ("que",))
