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


def test_a_mapping_currency_for_a_file_with_a_currency_column_is_warned_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``{"currency": "EUR"}`` for a file whose lines name their currency was ignored
    silently for every line but one with a blank cell: the warning says which rule holds,
    and the JSON shows it holding (a blank cell takes EUR, the others their own)."""
    import json

    statement = tmp_path / "multi.csv"
    statement.write_text(
        "Date,Description,Amount,Currency\n"
        "2025-11-03,Payment A,500.65,GBP\n"
        "2025-11-04,Payment B,1272.26,USD\n"
        "2025-11-05,Payment C,955.43,\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mp.json"
    mapping.write_text('{"currency": "EUR"}', encoding="utf-8")
    assert main(["statement", str(statement), "--mapping", str(mapping)]) == 0
    captured = capsys.readouterr()
    assert [line["currency"] for line in json.loads(captured.out)["lines"]] == [
        "GBP",
        "USD",
        "EUR",
    ]
    assert captured.err == (
        "desktop-app: warning: multi.csv: the mapping's currency EUR is not put on every "
        "line: the file has a currency column (column 'Currency'), and each line is in the "
        "currency its cell names; EUR is used only for a line whose currency cell is blank "
        "and whose amount has no currency mark (a cell that is no currency code, such as "
        "'EURO', leaves its line in none)\n"
    )


def test_a_mapping_currency_for_a_file_without_a_currency_column_is_not_warned_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statement = tmp_path / "plain.csv"
    statement.write_text("Date,Description,Amount\n2025-11-03,Payment A,500.65\n", "utf-8")
    mapping = tmp_path / "mp.json"
    mapping.write_text('{"currency": "EUR"}', encoding="utf-8")
    assert main(["statement", str(statement), "--mapping", str(mapping)]) == 0
    assert capsys.readouterr().err == ""
