"""``recorded_lines``: which of the lines paying invoices' gross pay the parts their
providers record as paid. The engine asks only where the lines pay the gross exactly in
one currency, so its currency rules are the function's own contract, checked here."""

from __future__ import annotations

from desktop_app.domain import Invoice, InvoiceStatus, Money, StatementLine
from desktop_app.matching import MatchSettings
from desktop_app.matching.prepare import prepare_invoices, prepare_lines
from desktop_app.matching.recorded import recorded_lines
from tests.matching.builders import PARTLY_PAID, invoice, line

SETTINGS = MatchSettings()
PART = line("74.92", "EL-2025-00003", row=2)  # the £74.92 Elevate records as paid
REST = line("201.70", "EL-2025-00003", row=3)


def _recorded(invoices: list[Invoice], lines: list[StatementLine]) -> list[int]:
    """The rows of the lines found to pay the recorded parts."""
    prepared = prepare_lines(lines, SETTINGS)
    found = recorded_lines(prepared, prepare_invoices(invoices, SETTINGS))
    return [prepared[position].line.row for position in found]


def test_the_line_paying_the_part_is_found_among_those_paying_the_gross() -> None:
    assert _recorded([PARTLY_PAID], [REST, PART]) == [2]


def test_a_line_of_no_currency_counts_in_the_parts() -> None:
    """A statement that states no currency is read in the invoice's."""
    bare = line("74.92", "EL-2025-00003", row=2, currency=None)
    assert _recorded([PARTLY_PAID], [REST, bare]) == [2]


def test_a_line_in_another_currency_never_pays_the_part() -> None:
    """€74.92 is not the £74.92 recorded as paid, however equal the figures."""
    euros = line("74.92", "EL-2025-00003", row=2, currency="EUR")
    assert _recorded([PARTLY_PAID], [REST, euros]) == []


def test_parts_recorded_in_several_currencies_are_not_added_up() -> None:
    """£74.92 of one invoice and €40.00 of another recorded as paid: no rate adds them,
    so no lines are said to pay them, even lines whose figures sum to both."""
    in_euros = invoice(
        "EL-2025-00004",
        "100.00",
        currency="EUR",
        status=InvoiceStatus.PARTIALLY_PAID,
        amount_outstanding=Money("60.00", "EUR"),
    )
    lines = [line("114.92", "EL-2025-00003 EL-2025-00004", row=2), REST]
    assert _recorded([PARTLY_PAID, in_euros], lines) == []
