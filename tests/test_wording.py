"""Amounts and days as every sentence says them: the engine's (a break between statements)
and the window's (the import wizard's summary) alike, from one definition."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain import format_amount
from desktop_app.statements.continuity import StatementSpan, compare
from desktop_app.ui.services import CurrencyTotals, ImportSummary
from desktop_app.wording import day_text


def test_a_day_has_no_leading_zero_and_its_month_in_english() -> None:
    assert day_text(date(2024, 3, 5)) == "5 Mar 2024"
    assert day_text(date(2025, 10, 2)) == "2 Oct 2025"
    assert day_text(date(2017, 12, 31)) == "31 Dec 2017"


def test_an_amount_is_said_in_its_currency_or_plainly_and_never_refused() -> None:
    assert format_amount(Decimal("-16780.62"), "GBP") == "-£16,780.62"
    assert format_amount(Decimal("1234.5"), "DKK") == "1,234.50 DKK"
    assert format_amount(Decimal("1E+3"), None) == "1,000.00"  # never "1E+3"
    assert (
        format_amount(Decimal("12.5"), "XYZ") == "12.50"
    )  # not a currency: a sentence still says it


def test_an_amount_in_no_currency_has_two_decimals_or_all_it_has() -> None:
    """A statement naming no currency (most UK bank exports) showed "2,000" beside
    "-250.00", and a spreadsheet's cells "-3.5" and "0.3": a money column has two
    decimals, and keeps a third where the file has one."""
    assert format_amount(Decimal("2000"), None) == "2,000.00"
    assert format_amount(Decimal("-3.5"), None) == "-3.50"
    assert format_amount(Decimal("0.3"), None) == "0.30"
    assert format_amount(Decimal("-250.00"), None) == "-250.00"
    assert format_amount(Decimal("1.2345"), None) == "1.2345"
    # beyond the precision two decimals would take: said as it is, never refused
    assert format_amount(Decimal("1E+26"), None) == "100,000,000,000,000,000,000,000,000"


def test_a_break_and_the_wizards_summary_say_a_day_and_an_amount_alike() -> None:
    """The same day and balance, said by the engine of a break between statements and by
    the window of a file about to be imported: the wizard said "02 Oct 2025"."""
    day, balance = date(2025, 10, 2), Decimal("-16780.62")
    [step] = compare(
        [
            StatementSpan("a.csv", None, "GBP", Decimal(0), balance, ((day, balance),)),
            StatementSpan(
                "b.csv",
                None,
                "GBP",
                Decimal(25000),
                Decimal(25000),
                ((date(2025, 10, 16), Decimal(0)),),
            ),
        ]
    )
    assert "a.csv closed at -£16,780.62 on 2 Oct 2025" in step.message
    summary = ImportSummary(
        1,
        day,
        day,
        (CurrencyTotals("GBP", 1, Decimal(0), -balance),),
        "GBP",
        closing=balance,
    )
    said = summary.described()
    assert said[0] == "1 line, all on 2 Oct 2025."
    assert said[1] == "No money in, money out £16,780.62."
    assert said[2].startswith("Closing balance -£16,780.62; ")
