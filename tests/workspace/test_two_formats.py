"""A workspace holding one account's MT940 download meets its CAMT.053 download of
overlapping days: each booking of the days both hold is stored once, whichever came in
first, read off the identities stored (also those of a file written by an older format),
and stays once when either statement is removed and imported again."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain import LineKey
from desktop_app.matching import reconcile
from desktop_app.pipeline import import_statements
from desktop_app.statements.dedup import KeptLines
from desktop_app.workspace import Workspace, WorkspaceCorruptError
from tests.statements.format_pair_files import (
    ACCOUNT,
    CAMT_LINES,
    INVOICES,
    MT940_LINES,
    OTHER_ACCOUNT,
    SAME_BOOKINGS,
    duplicate_payments,
    keys,
    store,
    write_pair,
)
from tests.workspace.factories import line, sha

REVERSED = {mt940: camt for camt, mt940 in SAME_BOOKINGS.items()}


@pytest.mark.parametrize(("order", "repeated"), [((0, 1), SAME_BOOKINGS), ((1, 0), REVERSED)])
def test_the_overlap_is_stored_once_as_a_run_keeps_it(
    workspace: Workspace, tmp_path: Path, order: tuple[int, int], repeated: dict[str, str]
) -> None:
    pair = write_pair(tmp_path)
    paths = [pair[index] for index in order]
    assert store(workspace, paths) == repeated
    assert keys(workspace.load_lines()) == keys(import_statements(paths).lines)


def test_matching_the_stored_lines_finds_no_duplicate_payment(
    workspace: Workspace, tmp_path: Path
) -> None:
    store(workspace, write_pair(tmp_path))
    result = reconcile(INVOICES, workspace.load_lines())
    assert duplicate_payments(result) == []
    assert len(result.matches) == len(INVOICES)


def test_another_accounts_download_is_stored_whole(workspace: Workspace, tmp_path: Path) -> None:
    assert store(workspace, write_pair(tmp_path, camt_account=OTHER_ACCOUNT)) == {}
    assert keys(workspace.load_lines()) == [*MT940_LINES, *CAMT_LINES]


def test_a_statement_removed_leaves_its_bookings_with_the_other_format(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The CAMT copies stand in for the removed MT940 file's lines (the stand-ins), and
    the MT940 file imported again repeats them: still each booking once."""
    first, second = write_pair(tmp_path)
    store(workspace, [first, second])
    workspace.remove_statement(first.name)
    assert keys(workspace.load_lines()) == CAMT_LINES
    assert store(workspace, [first]) == REVERSED
    assert keys(workspace.load_lines()) == [*CAMT_LINES, "oct-a.sta:5"]
    assert duplicate_payments(reconcile(INVOICES, workspace.load_lines())) == []


def test_the_camt_statement_removed_and_imported_again_adds_only_its_own_days(
    workspace: Workspace, tmp_path: Path
) -> None:
    first, second = write_pair(tmp_path)
    store(workspace, [first, second])
    workspace.remove_statement(second.name)
    assert keys(workspace.load_lines()) == MT940_LINES
    assert store(workspace, [second]) == SAME_BOOKINGS
    assert keys(workspace.load_lines()) == [*MT940_LINES, "oct-b.xml:16"]


def test_a_new_line_takes_a_free_occurrence_past_the_gap_a_repeat_left(
    workspace: Workspace,
) -> None:
    """The first format holds two coffees; the second, three (its first two repeat the
    first's, so its third is stored as its identity's occurrence 2). A third download in
    the second wording holds three coffees of another value date: the first repeats that
    stored one, the others are bookings of their own (not the first format's, whose value
    date differs), stored under free occurrences as a session numbers them."""
    first = [line(row, "-4.50", source_file="a.sta", description="CARD PAYMENT PRET",
                  value_date=date(2025, 3, 4)) for row in (5, 7)]  # fmt: skip
    second = [line(row, "-4.50", source_file="b.xml", description="PRET A MANGER")
              for row in (10, 11, 12)]  # fmt: skip
    third = [line(row, "-4.50", source_file="c.xml", description="PRET A MANGER",
                  value_date=date(2025, 3, 6)) for row in (10, 11, 12)]  # fmt: skip
    session = KeptLines()
    for lines in (first, second, third):
        workspace.add_statement(
            lines[0].source_file, sha(lines[0].source_file), {}, lines, account=ACCOUNT
        )
        session.merge(lines, ACCOUNT, {})
    assert keys(workspace.load_lines()) == [
        "a.sta:5", "a.sta:7", "b.xml:12", "c.xml:11", "c.xml:12"
    ]  # fmt: skip
    assert workspace.statements()[2].repeats == {LineKey("c.xml", 10): LineKey("b.xml", 12)}
    # The session numbered them alike: a fourth download repeats the same lines in both.
    fourth = [line(row, "-4.50", source_file="d.xml", description="PRET A MANGER",
                   value_date=date(2025, 3, 6)) for row in (10, 11, 12)]  # fmt: skip
    outcome = workspace.add_statement("d.xml", sha("d.xml"), {}, fourth, account=ACCOUNT)
    in_session = session.merge(fourth, ACCOUNT, {}).repeats
    assert outcome.duplicates == {key: same.key for key, same in in_session.items()}
    assert outcome.added == 0


def test_a_workspace_of_an_older_format_meets_the_other_format(tmp_path: Path) -> None:
    """The MT940 lines stored by format 5, whose identities are stored as they were
    (the rule reads them, it stores nothing new), meet the CAMT download once upgraded."""
    first, second = write_pair(tmp_path)
    path = tmp_path / "old.reconcile"
    with Workspace.create(path) as workspace:
        store(workspace, [first])
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE decision_restores")  # format 11's
    connection.execute("ALTER TABLE statements DROP COLUMN import_warnings")  # format 10's
    connection.execute("DROP TABLE fetch_problems")  # format 8's
    connection.execute("DROP TABLE provider_fetches")  # format 7's
    connection.execute("ALTER TABLE review_flags DROP COLUMN causes")  # format 6's
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    connection.close()
    with Workspace.open(path) as workspace:
        assert store(workspace, [second]) == SAME_BOOKINGS
        assert keys(workspace.load_lines()) == [*MT940_LINES, "oct-b.xml:16"]


@pytest.mark.parametrize(
    ("layout", "how"),
    [("{oops", "Expecting property name"), ("[1, 2]", "not a JSON object but list")],
)
def test_a_held_layout_changed_outside_the_app_is_named_when_comparing_formats(
    workspace_path: Path, tmp_path: Path, layout: str, how: str
) -> None:
    """The CAMT download's lines are compared with the MT940 one's by the kind each file
    was read as, which its stored layout says: a layout changed outside the app is the
    damaged file, named with the record, and the new statement not kept. Before, a JSON
    list raised a raw AttributeError, and either came out of ``add_statement`` without
    naming the workspace."""
    first, second = write_pair(tmp_path)
    with Workspace.create(workspace_path) as workspace:
        store(workspace, [first])
    with sqlite3.connect(workspace_path) as connection:
        connection.execute("UPDATE statements SET layout = ?", (layout,))
    connection.close()
    with (
        Workspace.open(workspace_path) as workspace,
        pytest.raises(WorkspaceCorruptError) as refused,
    ):
        store(workspace, [second])
    message = str(refused.value)
    assert message.startswith(f"workspace {workspace_path} is damaged and cannot be opened (")
    assert f"statement oct-a.sta's layout: {how}" in message
    with Workspace.open(workspace_path) as workspace:
        assert workspace.statement_files() == ("oct-a.sta",)
