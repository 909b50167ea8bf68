"""The Summary's statement continuity: each pair of one account's statements compared, each
break said, and counted at the top, read back cell by cell."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain import LineKey, Reconciliation, StatementLine
from desktop_app.export import ReportContext, StatementUsed, write_report
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT, line
from tests.statements.overlap_files import ACCOUNT, BRIDGE_TITLE

CONTINUITY = "Statement continuity (each statement opens at the balance the one before it left)"
HEADER = (
    "Account", "Currency", "Earlier Statement", "Last Date", "Balance Carried",
    "Later Statement", "First Date", "Opening Balance", "Missing Movements", "Follows",
)  # fmt: skip
GAP = (
    "week-4.csv opens at £1,950.00 on 22 Mar 2024 but week-2.csv closed at £2,200.00 on "
    "8 Mar 2024: -£250.00 of movements are missing between them."
)


def _written(tmp_path: Path, statements: list[StatementUsed], lines: list[StatementLine]) -> Report:
    out = tmp_path / "report.xlsx"
    reconciliation = Reconciliation((), tuple(lines), (), ())
    write_report(reconciliation, out, context=ReportContext(GENERATED_AT, statements=statements))
    return read_report(out)


def _label(report: Report, name: str) -> tuple[Any, ...]:
    return next(row for row in report.sheet("Summary").iter_rows() if row[0].value == name)


def _three_weeks(tmp_path: Path) -> Report:
    """Weekly statements of March 2024 (the scenario's month): the first two chain; the
    fourth opens 250.00 below the second's closing (the third was never imported). Each
    file's own bridge ties."""
    lines = [
        line("week-1.csv", 2, "-800.00", "GBP", day=1),
        line("week-2.csv", 2, "2000.00", "GBP", day=8),
        line("week-4.csv", 2, "-3.00", "GBP", day=22),
    ]
    statements = [
        StatementUsed(
            "week-1.csv", 1, "a" * 64, "GBP", Decimal("1000.00"), Decimal("200.00"), ACCOUNT
        ),
        StatementUsed(
            "week-2.csv", 1, "b" * 64, "GBP", Decimal("200.00"), Decimal("2200.00"), ACCOUNT
        ),
        StatementUsed(
            "week-4.csv", 1, "c" * 64, "GBP", Decimal("1950.00"), Decimal("1947.00"), ACCOUNT
        ),
    ]
    return _written(tmp_path, statements, lines)


def test_each_pair_is_a_row_and_each_break_is_said_below(tmp_path: Path) -> None:
    report = _three_weeks(tmp_path)
    block = report.summary_block(CONTINUITY)
    assert cell_values(block, 10) == [
        HEADER,
        (ACCOUNT, "GBP", "week-1.csv", datetime(2024, 3, 1), 200, "week-2.csv",
         datetime(2024, 3, 8), 200, 0, "yes"),
        (ACCOUNT, "GBP", "week-2.csv", datetime(2024, 3, 8), 2200, "week-4.csv",
         datetime(2024, 3, 22), 1950, -250, "NO: movements missing"),
        (GAP, *[None] * 9),
    ]  # fmt: skip
    gap = block[2]
    assert gap[9].font.bold  # the warning font, as the bridge's "does not tie"
    assert gap[3].number_format == "yyyy-mm-dd"
    assert gap[8].number_format == block[1][8].number_format
    assert "£" in gap[8].number_format  # money in the statement's currency
    # Each file ties on its own: only the continuity says the movements are missing.
    ties = [row[8] for row in cell_values(report.summary_block(BRIDGE_TITLE), 9)[1:]]
    assert ties == ["yes", "yes", "yes"]


def test_the_breaks_are_counted_at_the_top(tmp_path: Path) -> None:
    row = _label(_three_weeks(tmp_path), "Breaks between statements")
    assert row[0].font.bold
    assert row[1].value == 1
    assert row[2].value == (
        "movements are missing between statements of one account: see 'Statement "
        "continuity (each statement opens at the balance the one before it left)' below"
    )


def test_statements_that_follow_are_listed_and_nothing_is_counted(tmp_path: Path) -> None:
    """An overlapping download that chains: February's file repeats January's last
    movement, held once under January's row; February opens where January stood before
    that day, the balance at the end of the day before (5 March: on the 6th January
    closed at 70.00), which is the Last Date beside it. No break, so no count at the top."""
    jan = [line("jan.csv", 2, "-10.00", "GBP", day=4), line("jan.csv", 3, "-20.00", "GBP", day=6)]
    feb_own = line("feb.csv", 3, "-5.00", "GBP", day=9)
    statements = [
        StatementUsed("jan.csv", 2, "a" * 64, "GBP", Decimal("100.00"), Decimal("70.00")),
        StatementUsed(
            "feb.csv", 2, "b" * 64, "GBP", Decimal("90.00"), Decimal("65.00"),
            repeats={LineKey("feb.csv", 2): jan[1].key},
        ),
    ]  # fmt: skip
    report = _written(tmp_path, statements, [*jan, feb_own])
    assert cell_values(report.summary_block(CONTINUITY), 10) == [
        HEADER,
        ("(not named)", "GBP", "jan.csv", datetime(2024, 3, 5), 90, "feb.csv",
         datetime(2024, 3, 6), 90, 0, "yes"),
    ]  # fmt: skip
    names = [row[0].value for row in report.sheet("Summary").iter_rows()]
    assert "Breaks between statements" not in names


def test_with_nothing_to_compare_the_block_says_so(tmp_path: Path) -> None:
    """One statement per account and currency: nothing is compared, and the contract's
    blocks around it are as before."""
    statements = [
        StatementUsed("gbp.csv", 1, "a" * 64, "GBP", Decimal("10.00"), Decimal("5.00"), ACCOUNT),
        StatementUsed("eur.csv", 1, "b" * 64, "EUR", Decimal("10.00"), Decimal("5.00")),
    ]
    lines = [line("gbp.csv", 2, "-5.00", "GBP"), line("eur.csv", 2, "-5.00", "EUR")]
    report = _written(tmp_path, statements, lines)
    assert cell_values(report.summary_block(CONTINUITY), 1) == [
        (
            (
                "No two statements of one account state the balances to compare, so none is "
                "compared with another."
            ),
        )
    ]
    assert report.book.sheetnames[:3] == ["Summary", "Discrepancies", "Matches"]
    assert [row[0].value for row in report.summary_block("Settings used")] == ["(defaults)"]


def test_two_that_disagree_leave_missing_movements_blank(tmp_path: Path) -> None:
    """A corrected download beside the one it corrects: February's file repeats January's
    6 March movement and opens where January stood before that day, but closes the 7th
    at 64.00 where January closes it at 65.00 (each holds a movement of the 7th the other
    lacks). No amount is missing between them, and none was measured: its Missing
    Movements is blank, not 0.00, which reads as "nothing missing"."""
    jan = [
        line("jan.csv", 2, "-10.00", "GBP", day=4),
        line("jan.csv", 3, "-20.00", "GBP", day=6),
        line("jan.csv", 4, "-5.00", "GBP", day=7),
    ]
    corrected = line("feb.csv", 3, "-6.00", "GBP", day=7)
    statements = [
        StatementUsed("jan.csv", 3, "a" * 64, "GBP", Decimal("100.00"), Decimal("65.00")),
        StatementUsed(
            "feb.csv", 2, "b" * 64, "GBP", Decimal("90.00"), Decimal("64.00"),
            repeats={LineKey("feb.csv", 2): jan[1].key},
        ),
    ]  # fmt: skip
    report = _written(tmp_path, statements, [*jan, corrected])
    block = report.summary_block(CONTINUITY)
    assert cell_values(block, 10)[:2] == [
        HEADER,
        ("(not named)", "GBP", "jan.csv", datetime(2024, 3, 5), 90, "feb.csv",
         datetime(2024, 3, 6), 90, None, "NO: the statements disagree"),
    ]  # fmt: skip
    assert block[1][8].value is None
    assert str(cell_values(block, 1)[2][0]).startswith(
        "feb.csv disagrees with jan.csv, which it overlaps, on 7 Mar 2024"
    )


def test_a_file_stating_no_currency_is_compared_in_the_accounts_but_shown_without_it(
    tmp_path: Path,
) -> None:
    """mar.csv states no currency and follows eur.csv: compared as the account's one
    currency's (EUR), and the gap is found, but its balance and the movements missing
    are plain numbers, as its "Statements used" and bridge rows show them: only eur.csv's
    balance is in euros. It was shown in euros, a currency it never stated."""
    statements = [
        StatementUsed("eur.csv", 1, "a" * 64, "EUR", Decimal("100.00"), Decimal("720.00")),
        StatementUsed("mar.csv", 1, "b" * 64, None, Decimal("1220.00"), Decimal("1221.23")),
    ]
    lines = [line("eur.csv", 2, "620.00", "EUR", day=4), line("mar.csv", 2, "1.23", None, day=9)]
    report = _written(tmp_path, statements, lines)
    block = report.summary_block(CONTINUITY)
    assert cell_values(block, 10)[1] == (
        "(not named)", "EUR", "eur.csv", datetime(2024, 3, 4), 720, "mar.csv",
        datetime(2024, 3, 9), 1220, 500, "NO: movements missing",
    )  # fmt: skip
    row = block[1]
    assert "€" in row[4].number_format  # eur.csv's closing balance: it states EUR
    for cell in (row[7], row[8]):  # mar.csv's opening, and the difference from it
        assert cell.number_format == "#,##0.00"
    said = str(cell_values(block, 1)[2][0])
    assert said.startswith(
        "mar.csv opens at 1,220.00 on 9 Mar 2024 but eur.csv closed at €720.00 on 4 Mar 2024: "
        "500.00 of movements are missing between them. Neither file names its account and "
        "mar.csv states no currency, so they are compared as one account's statements in EUR"
    )
    bridge = {row[0].value: row for row in report.summary_block(BRIDGE_TITLE)[1:]}
    used = {row[0].value: row for row in report.summary_block("Statements used")[1:]}
    for cell in (*bridge["mar.csv"][2:8], *used["mar.csv"][4:6]):
        assert "€" not in cell.number_format
