"""Saving a large statement says how far it is and stops at Cancel, leaving nothing.

200,000 lines take seconds to compare with the workspace's and seconds to save. The
window's Cancel must stop either, and leave the workspace as it was (the transaction
rolled back), not run on and store everything; the commit itself cannot be stopped, and
the token says so before it begins.
"""

from __future__ import annotations

import pytest

from desktop_app.domain import CancelToken, OperationCancelledError, StatementLine
from desktop_app.workspace import Workspace
from tests.workspace.factories import line, sha

LAYOUT = {"format": "csv"}


def _lines(count: int, source_file: str = "big.csv", text: str = "Coffee") -> list[StatementLine]:
    return [
        line(row, f"-{row}.00", source_file=source_file, day=1 + row % 28, description=text)
        for row in range(2, count + 2)
    ]


def _table_counts(workspace: Workspace) -> dict[str, int]:
    with workspace._database.reading() as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("statements", "statement_lines", "statement_repeats", "repeated_lines")
        }


def test_cancel_while_saving_lines_stores_nothing(workspace: Workspace) -> None:
    kept = _lines(3, "kept.csv", "Tea")
    workspace.add_statement("kept.csv", sha("kept"), LAYOUT, kept)
    before = _table_counts(workspace)
    token = CancelToken()
    messages: list[str] = []

    def progress(done: int, total: int | None, message: str) -> None:
        messages.append(message)
        if message == "saving 4,000 of 10,000 lines":
            token.cancel()

    with pytest.raises(OperationCancelledError):
        workspace.add_statement(
            "big.csv", sha("big"), LAYOUT, _lines(10_000), progress=progress, cancel=token
        )

    comparing = "comparing 10,000 lines with the workspace"
    # Each pass over the lines says how far it is (25%: the first pass's end, said by
    # the second's first step).
    shares = [share for share in range(0, 101, 5) if share != 25]
    assert messages == [
        comparing,
        *(f"{comparing} ({share}%)" for share in shares),
        "saving 2,000 of 10,000 lines",
        "saving 4,000 of 10,000 lines",
    ]
    assert _table_counts(workspace) == before
    assert workspace.load_lines() == tuple(kept)
    assert not token.in_final_step
    # Rolled back, not half stored: the same file imports afresh, in full.
    again = workspace.add_statement("big.csv", sha("big"), LAYOUT, _lines(10_000))
    assert (again.already_imported, again.added) == (False, 10_000)


def test_cancel_before_the_save_stores_nothing(workspace: Workspace) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(OperationCancelledError):
        workspace.add_statement("big.csv", sha("big"), LAYOUT, _lines(50), cancel=token)
    assert _table_counts(workspace)["statements"] == 0


def test_the_commit_is_the_final_step_and_a_cancel_then_changes_nothing(
    workspace: Workspace,
) -> None:
    token = CancelToken()
    finishing: list[bool] = []

    def progress(done: int, total: int | None, message: str) -> None:
        if message.startswith("finishing the save"):
            finishing.append(token.in_final_step)
            token.cancel()  # too late: the commit runs to its end

    outcome = workspace.add_statement(
        "big.csv", sha("big"), LAYOUT, _lines(3_000), progress=progress, cancel=token
    )

    assert finishing == [True]
    assert outcome.added == 3_000
    assert len(workspace.load_lines()) == 3_000


def _reimported(workspace: Workspace) -> list[StatementLine]:
    """The workspace holds big.csv; the lines of a later download repeating all of it."""
    workspace.add_statement("big.csv", sha("big"), LAYOUT, _lines(10_000))
    return _lines(10_000, "again.csv")


def test_a_reimport_says_how_far_the_comparison_is(workspace: Workspace) -> None:
    """Every line of the file is held already: seconds of comparing before anything is
    saved, which the window showed as one message that never moved."""
    again = _reimported(workspace)
    reports: list[tuple[int, int | None, str]] = []

    outcome = workspace.add_statement(
        "again.csv",
        sha("again"),
        LAYOUT,
        again,
        progress=lambda done, total, message: reports.append((done, total, message)),
    )

    assert (outcome.added, outcome.skipped_duplicates) == (0, 10_000)
    comparing = [report for report in reports if report[2].startswith("comparing")]
    assert reports[: len(comparing)] == comparing  # all before the save
    assert len(comparing) > 10
    assert comparing[0] == (0, 40_000, "comparing 10,000 lines with the workspace")
    assert {total for _, total, _ in comparing} == {40_000}
    done = [done for done, _, _ in comparing[1:]]
    assert done == sorted(set(done))  # on the move at every step
    assert comparing[-1] == (40_000, 40_000, "comparing 10,000 lines with the workspace (100%)")


@pytest.mark.parametrize(
    "share",
    [
        pytest.param(10, id="identifying the lines"),
        pytest.param(40, id="looking them up"),
        pytest.param(65, id="sorting the stored lines by claim"),
        pytest.param(90, id="comparing them"),
    ],
)
def test_cancel_while_comparing_a_reimport_stores_nothing(workspace: Workspace, share: int) -> None:
    again = _reimported(workspace)
    before = _table_counts(workspace)
    held = workspace.load_lines()
    token = CancelToken()
    messages: list[str] = []

    def progress(done: int, total: int | None, message: str) -> None:
        messages.append(message)
        if message.endswith(f"({share}%)"):
            token.cancel()

    with pytest.raises(OperationCancelledError):
        workspace.add_statement(
            "again.csv", sha("again"), LAYOUT, again, progress=progress, cancel=token
        )

    assert messages[-1] == f"comparing 10,000 lines with the workspace ({share}%)"
    assert _table_counts(workspace) == before
    assert workspace.load_lines() == held
    assert workspace.statement_files() == ("big.csv",)
    assert not token.in_final_step
    # Rolled back, not half done: the same file is compared afresh, in full.
    outcome = workspace.add_statement("again.csv", sha("again"), LAYOUT, again)
    assert (outcome.already_imported, outcome.added, outcome.skipped_duplicates) == (
        False,
        0,
        10_000,
    )
