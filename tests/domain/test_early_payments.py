"""Payments received unmatched early in a period fetched from the statements' first date.

One rule counts them for ``reconcile``'s note, the report's Summary and the window's
banner: only lines that could pay an invoice issued before the period. It once counted
every unmatched line of the period's first month, money out too, so the demo's fees and
rent (which pay no invoice) made the window open with a note about invoices not fetched.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from desktop_app.domain import (
    Discrepancy,
    DiscrepancyType,
    EarlyPayments,
    FetchPeriod,
    Money,
    Reconciliation,
    Settlement,
    StatementLine,
    early_unmatched_payments,
    fetched_from_statements,
)
from tests.domain.builders import make_invoice, make_line

START = date(2025, 3, 1)
GBP_INVOICE = make_invoice()
# Invoiced in euros, agreed to be settled in Swiss francs.
EUR_INVOICE = make_invoice(
    invoice_id="18",
    currency="EUR",
    gross=Money("120.00", "EUR"),
    net=None,
    tax=None,
    line_items=(),
    settlement=Settlement("CHF"),
)


def _line(row: int, amount: str, currency: str | None = "GBP", day: int = 0) -> StatementLine:
    return replace(make_line(row, amount, currency), date=START + timedelta(days=day))


def _unmatched(*lines: StatementLine) -> Reconciliation:
    discrepancies = tuple(
        Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "no invoice", None, (line,))
        for line in lines
    )
    every = tuple(dict.fromkeys(lines))
    return Reconciliation(
        (GBP_INVOICE, EUR_INVOICE),
        every,
        (),
        discrepancies,
        period_start=min(line.date for line in every),
    )


def test_only_money_received_in_a_currency_of_the_invoices_is_counted() -> None:
    received = _line(2, "250.00")
    fee, rent = _line(3, "-8.50"), _line(4, "-4250.00", day=12)
    in_settlement = _line(5, "90.00", "CHF", day=3)  # the euro invoice is settled in francs
    unstated = _line(6, "40.00", None, day=4)  # may be in one: the matcher tries them all
    other = _line(7, "75.00", "USD", day=5)  # no invoice fetched is in dollars
    reconciliation = _unmatched(received, fee, rent, in_settlement, unstated, other)

    assert early_unmatched_payments(reconciliation, START) == 3


def test_the_month_from_the_start_counts_its_first_and_its_thirty_first_day() -> None:
    lines = [_line(row, "10.00", day=day) for row, day in ((2, 0), (3, 30), (4, 31), (5, -1))]

    assert early_unmatched_payments(_unmatched(*lines), START) == 2


def test_a_line_two_discrepancies_name_is_one_payment_and_a_matched_one_is_none() -> None:
    received = _line(2, "250.00")
    named_twice = replace(
        _unmatched(received),
        discrepancies=(
            Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "no invoice", None, (received,)),
            Discrepancy(DiscrepancyType.UNMATCHED_PAYMENT, "again", None, (received,)),
            Discrepancy(
                DiscrepancyType.AMOUNT_MISMATCH, "short", GBP_INVOICE, (_line(3, "119.00"),)
            ),
        ),
    )

    assert early_unmatched_payments(named_twice, START) == 1


def test_the_note_is_of_a_period_fetched_from_the_statements_first_date_alone() -> None:
    reconciliation = _unmatched(_line(2, "250.00"), _line(3, "-8.50"))

    assert EarlyPayments.of(reconciliation, START) == EarlyPayments(1, START)
    assert EarlyPayments.of(_unmatched(_line(3, "-8.50")), START) is None
    assert fetched_from_statements(FetchPeriod(START, START + timedelta(days=40)), reconciliation)
    earlier = FetchPeriod(START - timedelta(days=14), START + timedelta(days=40))
    assert fetched_from_statements(earlier, reconciliation) is None
    assert fetched_from_statements(FetchPeriod(), reconciliation) is None
    assert fetched_from_statements(None, reconciliation) is None


def test_a_period_from_the_first_day_a_statement_states_is_from_the_statements() -> None:
    """A statement stating it covers 1 March whose first movement is on 3 March: the
    period offered for it (``reconcile``'s default) begins on 1 March, and invoices issued
    before that were not fetched all the same."""
    reconciliation = replace(
        _unmatched(_line(2, "250.00", day=2)), period_start=START + timedelta(days=2)
    )
    period = FetchPeriod(START, START + timedelta(days=30))
    assert fetched_from_statements(period, reconciliation) is None  # the movements' alone
    assert fetched_from_statements(period, reconciliation, START) == START
    earlier = FetchPeriod(START - timedelta(days=14), START + timedelta(days=30))
    assert fetched_from_statements(earlier, reconciliation, START) is None
