"""``reconcile --workspace`` of a workspace whose kept decision was damaged.

The run reads the decisions in force to match with; one whose time was changed outside
the application came out as the store's bare ``StoredValueError`` and its traceback. Now
it is the one line on stderr of any damaged workspace, naming the file and the decision,
exit 1, and no report is written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.statement_files import HEADER, write
from tests.workspace.damage import damaged_decision_time

pytestmark = pytest.mark.sandbox


def _contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the file, as another program reads it."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


def test_a_damaged_decision_is_one_line_naming_the_workspace(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = damaged_decision_time(tmp_path / "books.reconcile")
    statement = write(tmp_path / "bank.csv", HEADER + "2025-03-03,RENT,-500.00\n")
    out = tmp_path / "report.xlsx"
    with sqlite3.connect(books):  # what opening alone does to the file (its indexes)
        pass
    before = _contents(books)
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(statement),
         "--workspace", str(books), "--currency", "GBP", "--from", PERIOD[0].isoformat(),
         "--to", PERIOD[1].isoformat(), "--out", str(out)]
    )  # fmt: skip
    assert code == 1
    assert not out.exists()
    captured = capsys.readouterr()
    assert captured.out == ""
    last = captured.err.splitlines()[-1]
    assert last.startswith(f"desktop-app: workspace {books} is damaged and cannot be opened (")
    assert "decision #1: Invalid isoformat string: 'last Tuesday'" in last
    assert "Traceback" not in captured.err
    assert _contents(books) == before
