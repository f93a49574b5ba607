"""Every command's --help in Kazakh and Russian, and argparse's own errors as one line in the user's language."""

from __future__ import annotations

import argparse
import re

import pytest

from desk.cli import main
from desk.cli.command import build_parser
from desk.i18n import set_language

ARGPARSE_ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message",
    "error:",
    "show program's version",
    "invalid choice",
    "required",
)


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += _commands(child, (*path, name))
    return found


def _all_commands() -> list[tuple[str, ...]]:
    set_language("en")
    return _commands(build_parser())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_help_is_in_the_language(lang, capsys, tmp_path):
    commands = _all_commands()
    assert len(commands) > 20
    for command in commands:
        with pytest.raises(SystemExit) as exited:
            main(["--home", str(tmp_path), "--lang", lang, *command, "--help"])
        assert exited.value.code == 0, command
        out = capsys.readouterr().out
        assert out.strip(), command
        assert not [w for w in ARGPARSE_ENGLISH if w in out], (command, out[:300])
        description = out.split("\n\n")[1] if command else ""
        prose = re.sub(r"«[^»]*»", "", description)  # command names quoted in the text stay as they are
        assert not re.search(r"(?<![.\w])[a-z]{4,}", prose), (command, description)


@pytest.mark.parametrize(
    ("lang", "argv", "words"),
    [
        ("kk", ["search"], "міндетті"),
        ("ru", ["demo", "--size", "huge"], "недопустимое значение"),
        ("ru", ["decisions", "--overdue", "--bogus"], "неизвестные параметры: --bogus"),
        ("kk", ["list", "frogs"], "жарамсыз мән"),
    ],
)
def test_a_wrong_option_is_one_line_in_the_language(lang, argv, words, capsys, tmp_path):
    with pytest.raises(SystemExit) as exited:
        main(["--home", str(tmp_path), "--lang", lang, *argv])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "usage" not in err and "error:" not in err, err
