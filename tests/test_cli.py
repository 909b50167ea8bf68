"""The command-line contract: the commands of design.md exist and behave as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main


def test_help_lists_every_command_of_the_design(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("reconcile", "statement", "fetch", "--demo"):
        assert command in out


def test_python_dash_m_runs_the_same_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("desktop-app ")


def test_gui_accepts_a_workspace_file_to_open() -> None:
    from pathlib import Path

    from desktop_app.cli.main import build_parser

    args = build_parser().parse_args(["--workspace", "books.reconcile"])
    assert args.workspace == Path("books.reconcile")
    assert args.demo is False


def test_output_piped_into_a_reader_that_stops_early_ends_without_a_traceback(
    tmp_path: Path,
) -> None:
    """``desktop-app statement FILE | head`` printed a BrokenPipeError traceback."""
    statement = tmp_path / "long.csv"
    rows = [f"2025-03-{1 + index % 28:02d},Payment {index},-{index}.50" for index in range(3000)]
    statement.write_text("Date,Description,Amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "statement", str(statement)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.read(100).startswith(b"{")
        process.stdout.close()  # the reader goes away with most of the JSON unread
        error = process.stderr.read().decode()
        assert process.wait(timeout=60) == 1
    assert error == ""


def test_every_option_of_every_command_says_what_it_is_for() -> None:
    """``--help`` is where a newcomer learns the contract: an option listed with no text
    (``fetch --from``/``--to``, ``reconcile --out`` were) leaves them guessing which dates
    it bounds, and what happens without it."""
    import argparse

    from desktop_app.cli.main import build_parser

    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    silent = [
        f"{name} {'/'.join(action.option_strings)}"
        for name, sub in commands.choices.items()
        for action in sub._actions
        if action.option_strings and not action.help
    ]
    assert silent == []
