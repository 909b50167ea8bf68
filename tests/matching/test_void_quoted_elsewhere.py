"""A line quoting a live invoice's reference is not a void invoice's payment on looks alone.

A void invoice explains a payment only when nothing live does (``void.py``). A line that
quotes a live invoice's reference, and not the void invoice's, is explained by that
reference better than by a void invoice of the same payee whose amount is merely near (as
the scores weigh a reference against a payee and an amount): it stays with the live
invoice's rules (a repeat in parts, or an unmatched payment naming it). The void invoice
is still paid when the line quotes its reference, or pays it exactly naming its payee and
quoting no other invoice.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    InvoiceStatus,
    Reconciliation,
    StatementLine,
)
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, kinds, line

PAID = invoice("EL-2025-00017", "1000.00")
# the same payee, 605.00: a part of 600.00 is within the amount tolerance of it
VOID = invoice("EL-2025-00020", "605.00", status=InvoiceStatus.VOID)
FIRST, AGAIN = date(2025, 3, 3), date(2025, 3, 10)


def paying(amount: str, row: int, day: date, text: str) -> StatementLine:
    return line(amount, text, row=row, day=day)


def rows_of(result: Reconciliation, kind: DiscrepancyType) -> list[tuple[int, ...]]:
    return [tuple(ln.row for ln in d.lines) for d in result.discrepancies if d.type is kind]


def test_a_part_quoting_the_paid_invoice_is_no_void_payment_of_a_near_amount() -> None:
    """Paid in full by row 5, then again by rows 9 and 11, each quoting EL-2025-00017 and
    naming Acme; row 9's 600.00 is near the void EL-2025-00020 of Acme (605.00), which it
    does not quote: one repeat in parts, no void invoice paid."""
    lines = [
        paying("1000.00", 5, FIRST, "BGC ACME TRADING EL-2025-00017"),
        paying("600.00", 9, AGAIN, "BGC EL-2025-00017 ACME TRADING"),
        paying("400.00", 11, AGAIN, "BGC el2025 00017"),
    ]
    result = reconcile([PAID, VOID], lines)
    assert kinds(result) == ["DUPLICATE_PAYMENT"]
    assert rows_of(result, DiscrepancyType.DUPLICATE_PAYMENT) == [(5, 9, 11)]
    assert [tuple(ln.row for ln in m.lines) for m in result.matches] == [(5,), (9, 11)]


def test_a_line_quoting_a_settled_invoice_names_it_rather_than_a_near_void() -> None:
    """Row 9 quotes EL-2025-00017, which row 5 settled; its 600.00 is near the void
    EL-2025-00020 of the same payee: it is reported as a payment naming EL-2025-00017."""
    lines = [
        paying("1000.00", 5, FIRST, "BGC ACME TRADING EL-2025-00017"),
        paying("600.00", 9, AGAIN, "BGC EL-2025-00017 ACME TRADING"),
    ]
    result = reconcile([PAID, VOID], lines)
    assert kinds(result) == ["UNMATCHED_PAYMENT"]
    (unmatched,) = result.discrepancies
    assert unmatched.explanation.startswith("mentions EL-2025-00017, but that invoice is settled")


def test_quoting_a_live_invoice_also_outweighs_a_void_of_exactly_the_amount() -> None:
    """The reference outweighs the payee and the amount, exact or near: row 9 pays 605.00,
    the void invoice's amount to the penny, but quotes only EL-2025-00017."""
    lines = [
        paying("1000.00", 5, FIRST, "BGC ACME TRADING EL-2025-00017"),
        paying("605.00", 9, AGAIN, "BGC EL-2025-00017 ACME TRADING"),
    ]
    result = reconcile([PAID, VOID], lines)
    assert kinds(result) == ["UNMATCHED_PAYMENT"]


def test_guard_a_void_invoice_paid_exactly_naming_its_payee_and_nothing_else() -> None:
    result = reconcile([PAID, VOID], [paying("605.00", 9, AGAIN, "BGC ACME TRADING")])
    assert sorted(kinds(result)) == ["UNPAID_INVOICE", "VOID_INVOICE_PAID"]
    assert rows_of(result, DiscrepancyType.VOID_INVOICE_PAID) == [(9,)]


def test_guard_a_void_invoice_paid_quoting_its_reference_and_a_live_one() -> None:
    lines = [
        paying("1000.00", 5, FIRST, "BGC ACME TRADING EL-2025-00017"),
        paying("600.00", 9, AGAIN, "BGC EL-2025-00017 EL-2025-00020 ACME TRADING"),
    ]
    result = reconcile([PAID, VOID], lines)
    assert kinds(result) == ["VOID_INVOICE_PAID"]
    assert rows_of(result, DiscrepancyType.VOID_INVOICE_PAID) == [(9,)]


def test_guard_a_quote_the_accountant_refused_does_not_keep_the_void_from_it() -> None:
    """The accountant rejected row 9 as EL-2025-00017's payment: its quote no longer speaks
    for that invoice, and the void invoice of its payee and near amount explains it."""
    lines = [paying("600.00", 9, AGAIN, "BGC EL-2025-00017 ACME TRADING")]
    rejected = Decision(DecisionKind.REJECT, (PAID.key,), (lines[0].key,))
    result = reconcile([PAID, VOID], lines, decisions=[rejected])
    assert rows_of(result, DiscrepancyType.VOID_INVOICE_PAID) == [(9,)]


def test_guard_a_bare_number_that_does_not_count_keeps_nothing_from_the_void() -> None:
    """A Content Ignite id is a bare number: in a line whose amount and payee disagree with
    that invoice it is no reference (it may be a card or mandate number), so the void
    invoice of the line's payee and near amount still explains it."""
    numeric = invoice("186204", "15.00", provider="Content Ignite", payee="Zenith Media Ltd")
    lines = [paying("600.00", 9, AGAIN, "BGC ACME TRADING MANDATE 186204")]
    result = reconcile([numeric, VOID], lines)
    assert rows_of(result, DiscrepancyType.VOID_INVOICE_PAID) == [(9,)]
