"""A workspace holding a statement of a stated currency meets an overlapping one of the
same bookings that states none (or the other way about): the overlap is stored once, as
a run and the window's session hold it (``tests/statements/test_dedup_currency``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import StatementLine
from desktop_app.pipeline import import_statements
from desktop_app.statements import import_statement
from desktop_app.statements.dedup import KeptLines
from desktop_app.workspace import Workspace, file_sha256
from tests.statements.currency_overlap_files import (
    HELD,
    REPEATED,
    write_stated,
    write_unstated,
)
from tests.statements.format_pair_files import keys, store
from tests.workspace.factories import sha

DAY = dt.date(2025, 11, 7)


def test_the_file_stating_no_currency_adds_only_its_new_booking(
    workspace: Workspace, tmp_path: Path
) -> None:
    stated, unstated = write_stated(tmp_path), write_unstated(tmp_path)
    assert store(workspace, [stated]) == {}
    assert store(workspace, [unstated]) == REPEATED
    assert keys(workspace.load_lines()) == HELD == keys(import_statements([stated, unstated]).lines)


def test_the_file_stating_its_currency_after_repeats_the_overlap(
    workspace: Workspace, tmp_path: Path
) -> None:
    stated, unstated = write_stated(tmp_path), write_unstated(tmp_path)
    store(workspace, [unstated])
    assert store(workspace, [stated]) == {same: line for line, same in REPEATED.items()}
    assert keys(workspace.load_lines()) == keys(import_statements([unstated, stated]).lines)


def test_a_book_imported_with_a_currency_given_meets_a_later_file_without(
    workspace: Workspace, tmp_path: Path
) -> None:
    """``reconcile --workspace --currency GBP`` stored the first; the later file came
    without ``--currency``."""
    text = "".join(
        ",".join(cell for index, cell in enumerate(row.split(",")) if index != 3) + "\n"
        for row in write_stated(tmp_path).read_text(encoding="utf-8").splitlines()
    )
    stated, unstated = write_stated(tmp_path, text), write_unstated(tmp_path)
    for path, currency in ((stated, "GBP"), (unstated, None)):
        read = import_statement(path, default_currency=currency)
        outcome = workspace.add_statement(
            path.name, file_sha256(path), {"format": read.format}, read.lines, account=read.account
        )
    assert outcome.added == 1
    assert keys(workspace.load_lines()) == HELD


def booked(source: str, row: int, currency: str | None) -> StatementLine:
    return StatementLine(source, row, DAY, Decimal("-3.50"), currency, "COFFEE")


def _as_a_session(
    workspace: Workspace, files: Sequence[tuple[str, list[StatementLine], str | None]]
) -> None:
    """Store each file, and see it repeat what the session's lines repeat."""
    session = KeptLines()
    for index, (name, lines, account) in enumerate(files):
        outcome = workspace.add_statement(name, sha(str(index)), {}, lines, account=account)
        merged = session.merge(lines, account, {})
        assert outcome.duplicates == {key: same.key for key, same in merged.repeats.items()}
        assert outcome.duplicates or index == 0


def test_equal_lines_are_counted_as_a_session_counts_them(workspace: Workspace) -> None:
    """Two coffees stating no currency beside one of GBP, then two of GBP, then one of
    EUR: stored as the session keeps them, a EUR coffee apart from the GBP ones."""
    d_csv = [booked("d.csv", 2, "EUR")]
    _as_a_session(
        workspace,
        (
            ("a.csv", [booked("a.csv", 2, "GBP")], None),
            ("b.xlsx", [booked("b.xlsx", row, None) for row in (2, 3)], None),
            ("c.csv", [booked("c.csv", row, "GBP") for row in (2, 3)], None),
        ),
    )
    outcome = workspace.add_statement("d.csv", sha("d"), {}, d_csv)
    assert outcome.duplicates == {}
    assert keys(workspace.load_lines()) == ["a.csv:2", "b.xlsx:3", "d.csv:2"]


def test_a_download_of_no_account_and_no_currency_is_the_named_accounts(
    workspace: Workspace, tmp_path: Path
) -> None:
    named = "GB29NWBK60161331926819"
    _as_a_session(
        workspace,
        (
            ("a.csv", [booked("a.csv", 2, "GBP")], named),
            ("b.xlsx", [booked("b.xlsx", 2, None)], None),
        ),
    )
    with Workspace.create(tmp_path / "other.reconcile") as other:
        _as_a_session(
            other,
            (
                ("b.xlsx", [booked("b.xlsx", 2, None)], None),
                ("a.csv", [booked("a.csv", 2, "GBP")], named),
            ),
        )
