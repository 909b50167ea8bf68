"""What the engine holds of a workspace's statements and lines stays what the workspace
would read afresh (``Workspace.statements`` and ``Workspace.load_movements``) through
imports and removals, where removing a file moves its shared movements to other files'
copies and points other repeats at them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from desktop_app.domain import StatementLine
from desktop_app.ui.backend.workspace_movements import HeldStatements, WorkspaceMovements
from desktop_app.workspace import Workspace
from tests.workspace.factories import line, lkey, sha
from tests.workspace.test_migrations import _write_format_3_file

LAYOUT = {"format": "csv"}


def _days(source_file: str, days: Sequence[int], first_row: int = 2) -> list[StatementLine]:
    return [
        line(row, f"-{day}.00", source_file=source_file, day=day, description=f"Shop {day}")
        for row, day in enumerate(days, start=first_row)
    ]


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.create(tmp_path / "w.reconcile") as opened:
        yield opened


def _movements(lines: Iterable[StatementLine]) -> list[tuple[object, ...]]:
    """Each line as the continuity check reads it: its file, row, date, amount, currency."""
    return sorted(
        (each.source_file, each.row, each.date, each.amount, each.currency) for each in lines
    )


def _assert_as_read_afresh(held: HeldStatements | None, workspace: Workspace) -> None:
    assert held is not None
    assert held.statements == workspace.statements()
    assert _movements(held.lines()) == _movements(workspace.load_movements())


class _Engine:
    """The workspace changed as ``EngineServices`` changes it, telling the movements held."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.held = WorkspaceMovements()
        self.held.hold(workspace, workspace.statements(), workspace.load_lines())

    def add(self, name: str, lines: list[StatementLine], account: str | None = None) -> None:
        outcome = self.workspace.add_statement(name, sha(name), LAYOUT, lines, account=account)
        kept = [each for each in lines if each.key not in outcome.duplicates]
        self.held.imported(self.workspace, outcome.statement, kept)
        _assert_as_read_afresh(self.held.of(self.workspace), self.workspace)

    def remove(self, name: str) -> None:
        removed = self.workspace.remove_statement(name)
        self.held.removed(self.workspace, name, removed.kept_lines)
        _assert_as_read_afresh(self.held.of(self.workspace), self.workspace)


def test_the_earliest_copy_stands_in_and_the_later_repeat_it(workspace: Workspace) -> None:
    engine = _Engine(workspace)
    engine.add("march.csv", _days("march.csv", (1, 15, 20)))
    engine.add("late.csv", _days("late.csv", (15, 20, 31), first_row=5))
    engine.add("again.csv", _days("again.csv", (15, 31), first_row=9))
    engine.remove("march.csv")
    assert dict(workspace.statements()[1].repeats) == {
        lkey(9, "again.csv"): lkey(5, "late.csv"),
        lkey(10, "again.csv"): lkey(7, "late.csv"),
    }
    engine.remove("late.csv")
    engine.add("march.csv", _days("march.csv", (1, 15, 20)))


def test_each_account_keeps_its_copy_of_a_movement_a_file_of_no_account_held(
    workspace: Workspace,
) -> None:
    engine = _Engine(workspace)
    engine.add("march.csv", _days("march.csv", (15,)))
    engine.add("chk.csv", _days("chk.csv", (15,)), account="CHK 1")
    engine.add("sav.csv", _days("sav.csv", (15,)), account="SAV 2")
    engine.add("dl.csv", _days("dl.csv", (15,)))
    engine.remove("march.csv")
    engine.remove("chk.csv")


def test_a_repeat_stored_before_format_4_still_names_the_removed_line(tmp_path: Path) -> None:
    """Such a repeat kept no line to stand in: the removal leaves it naming the line
    removed, which the continuity check counts as missing."""
    path = tmp_path / "old.reconcile"
    _write_format_3_file(path)
    with Workspace.open(path) as workspace:
        engine = _Engine(workspace)
        engine.remove("march.csv")
        (april,) = workspace.statements()
        assert dict(april.repeats) == {lkey(5, "april.csv"): lkey(3, "march.csv")}
        engine.add("may.csv", [line(2, "-5", source_file="may.csv", day=31, description="Fee")])
        engine.add("june.csv", [line(4, "-5", source_file="june.csv", day=31, description="Fee")])
        engine.remove("may.csv")


def test_a_change_to_another_workspace_is_not_held(workspace: Workspace, tmp_path: Path) -> None:
    engine = _Engine(workspace)
    engine.add("march.csv", _days("march.csv", (15,)))
    with Workspace.create(tmp_path / "other.reconcile") as other:
        outcome = other.add_statement("april.csv", sha("april"), LAYOUT, _days("april.csv", (3,)))
        engine.held.imported(other, outcome.statement, _days("april.csv", (3,)))
        assert engine.held.of(other) is None
    _assert_as_read_afresh(engine.held.of(workspace), workspace)
    engine.held.forget()
    assert engine.held.of(workspace) is None
