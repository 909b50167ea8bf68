"""The Summary's statement continuity where files clash (their dates overlap, yet they
hold no movement in common): the pair is said not to have been compared, not read as
two files that state no balances to compare. Statement files are written here (csv, and
xlsx with openpyxl), imported and matched as a run does, and the report written and read
back cell by cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.statements.clash_files import (
    EURO_ROWS,
    STERLING_ROWS,
    two_accounts,
)
from tests.statements.held import held
from tests.statements.overlap_files import ACCOUNT
from tests.statements.test_continuity import write_statement

CONTINUITY = "Statement continuity (each statement opens at the balance the one before it left)"
NOTHING_COMPARED = (
    "No two statements of one account state the balances to compare, so none is compared "
    "with another."
)


def _report(tmp_path: Path, *paths: Path) -> Report:
    """The files imported together, matched with no invoices, and the report written."""
    statements, lines = held(*paths)
    out = tmp_path / "report.xlsx"
    result = reconcile((), lines)
    write_report(result, out, context=ReportContext(GENERATED_AT, statements=statements))
    return read_report(out)


def test_two_clashing_files_are_said_to_clash_not_to_state_no_balances(tmp_path: Path) -> None:
    """A sterling file with no currency column (--currency forgotten) beside a euro
    account's file, neither naming its account: both state their balances, but their
    dates overlap and they share no movement, so they are not compared. The Summary
    said no two statements state the balances to compare."""
    sterling = write_statement(tmp_path / "oct-a.csv", "10000.00", STERLING_ROWS, currency=None)
    euros = write_statement(tmp_path / "eur.csv", "0.00", EURO_ROWS, currency="EUR")
    block = _report(tmp_path, sterling, euros).summary_block(CONTINUITY)
    assert cell_values(block, 2) == [
        (
            (
                "oct-a.csv and eur.csv clash and are not compared: their dates overlap (1 Oct "
                "2025 to 16 Oct 2025) yet they hold no movement in common, so they are not one "
                "account's consecutive statements."
            ),
            None,
        )
    ]


def test_one_accounts_two_clashing_files_are_said_to_clash(tmp_path: Path) -> None:
    """Two files naming one account, in one currency, whose dates overlap though they
    share no movement (one of them filtered, say): not compared, and said so."""
    first = write_statement(tmp_path / "first.csv", "10000.00", STERLING_ROWS[:3], account=ACCOUNT)
    second = write_statement(
        tmp_path / "second.csv",
        "500.00",
        [("2025-10-05", "CARD 1041", "-5.00"), STERLING_ROWS[3]],
        account=ACCOUNT,
    )
    block = _report(tmp_path, first, second).summary_block(CONTINUITY)
    said = cell_values(block, 1)
    assert NOTHING_COMPARED not in [row[0] for row in said]
    assert said == [
        (
            (
                "second.csv and first.csv clash and are not compared: their dates overlap (5 Oct "
                "2025 to 10 Oct 2025) yet they hold no movement in common, so they are not one "
                "account's consecutive statements."
            ),
        )
    ]


def test_two_accounts_files_naming_none_are_compared_each_with_its_own(tmp_path: Path) -> None:
    """Account A's two October files (csv) and account B's October and November (xlsx),
    none naming its account: B's October clashes with both of A's. Each account's files
    follow each other; B's November was compared with A's second October file and a
    break of £4,063.00 said. The clashes are said below the pairs compared."""
    report = _report(tmp_path, *two_accounts(tmp_path))
    block = report.summary_block(CONTINUITY)
    assert cell_values(block, 10) == [
        ("Account", "Currency", "Earlier Statement", "Last Date", "Balance Carried",
         "Later Statement", "First Date", "Opening Balance", "Missing Movements", "Follows"),
        ("(not named)", "GBP", "a-oct-1.csv", datetime(2025, 10, 16), 950, "a-oct-2.csv",
         datetime(2025, 10, 17), 950, 0, "yes"),
        ("(not named)", "GBP", "b-oct.xlsx", datetime(2025, 10, 20), 5003, "b-nov.xlsx",
         datetime(2025, 11, 3), 5003, 0, "yes"),
        (("b-oct.xlsx and a-oct-1.csv clash and are not compared: their dates overlap (2 Oct "
         "2025 to 16 Oct 2025) yet they hold no movement in common, so they are not one "
         "account's consecutive statements."), *[None] * 9),
        (("a-oct-2.csv and b-oct.xlsx clash and are not compared: their dates overlap (17 Oct "
         "2025 to 20 Oct 2025) yet they hold no movement in common, so they are not one "
         "account's consecutive statements."), *[None] * 9),
    ]  # fmt: skip
    names = [row[0].value for row in report.sheet("Summary").iter_rows()]
    assert "Breaks between statements" not in names
