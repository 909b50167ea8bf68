"""An invoice its provider says is paid in full (nothing outstanding) is no invoice "partly
paid before": it has no part recorded as paid, and a payment of its gross settles it.

The window read an outstanding amount of 0 as "part paid" (anything but the gross), so
every PAID, REFUNDED or written-off invoice settled by its gross stayed in "Unmatched
invoices" as if the rest were still owed. ``partly_paid`` and ``part_recorded_as_paid``
are the engine's rule, the one the window now reads; each case here is checked against
what the engine itself prepares (``PreparedInvoice``), so the two cannot drift apart.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.domain import Direction, Invoice, InvoiceStatus, MatchState, Money
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.normalise import to_minor
from desktop_app.matching.prepare import (
    OUTSTANDING,
    PreparedInvoice,
    part_recorded_as_paid,
    partly_paid,
)
from tests.matching.builders import invoice, kinds, line, pairs

S = InvoiceStatus
# (status, gross, what the provider says is still owed) -> partly paid, the part paid
CASES = [
    pytest.param(S.PAID, "276.62", "0", False, None, id="paid, nothing owed"),
    pytest.param(S.REFUNDED, "276.62", "0.00", False, None, id="refunded, nothing owed"),
    pytest.param(S.UNCOLLECTIBLE, "276.62", "0", False, None, id="written off, nothing owed"),
    pytest.param(S.PARTIALLY_PAID, "276.62", "0", False, None, id="partial, nothing owed"),
    pytest.param(S.OPEN, "276.62", None, False, None, id="open, nothing said"),
    pytest.param(S.OPEN, "276.62", "276.62", False, None, id="open, the gross owed"),
    # The engine measures only a PARTIALLY_PAID invoice against what is still owed.
    pytest.param(S.OPEN, "276.62", "201.70", False, None, id="open, part owed"),
    pytest.param(S.PARTIALLY_PAID, "276.62", "201.70", True, "74.92", id="partly paid"),
    pytest.param(S.PARTIALLY_PAID, "-276.62", "-201.70", True, "-74.92", id="credit note"),
    pytest.param(S.PARTIALLY_PAID, "276.62", "300.00", True, None, id="owed above the gross"),
    pytest.param(S.PARTIALLY_PAID, "276.62", "-10.00", True, None, id="owed the other way"),
]


def _invoice(status: InvoiceStatus, gross: str, owed: str | None) -> Invoice:
    outstanding = None if owed is None else Money(owed, "GBP")
    return invoice(gross=gross, status=status, amount_outstanding=outstanding)


@pytest.mark.parametrize(("status", "gross", "owed", "partly", "part"), CASES)
def test_only_an_invoice_still_owing_part_of_its_gross_has_a_part_recorded_as_paid(
    status: InvoiceStatus, gross: str, owed: str | None, partly: bool, part: str | None
) -> None:
    subject = _invoice(status, gross, owed)
    assert partly_paid(subject) is partly
    expected = None if part is None else Money(part, "GBP")
    assert part_recorded_as_paid(subject) == expected


@pytest.mark.parametrize(("status", "gross", "owed", "partly", "part"), CASES)
@pytest.mark.parametrize("direction", [Direction.RECEIVABLE, Direction.PAYABLE])
def test_the_rule_is_what_the_engine_prepares(
    status: InvoiceStatus,
    gross: str,
    owed: str | None,
    partly: bool,
    part: str | None,
    direction: Direction,
) -> None:
    """What the window reads is what the engine scores a payment by: measured against
    what is still owed exactly where it is partly paid, and the part recorded as paid
    the engine's ``recorded`` target (as the statement shows it, in the bank's sign)."""
    subject = _invoice(status, gross, owed)
    subject = Invoice(**{**_fields(subject), "direction": direction})
    prepared = PreparedInvoice(0, subject, MatchSettings())
    assert (prepared.outstanding is not None) is partly_paid(subject)
    assert any(t.label == OUTSTANDING for t in prepared.targets) is partly
    recorded = part_recorded_as_paid(subject)
    if recorded is None:
        assert prepared.recorded is None
    else:
        assert prepared.recorded is not None
        assert prepared.recorded.minor == to_minor(recorded.amount, "GBP") * prepared.sign


def _fields(subject: Invoice) -> dict[str, object]:
    return {name: getattr(subject, name) for name in subject.__dataclass_fields__}


@pytest.mark.parametrize(
    ("status", "rows"),
    [(S.PAID, []), (S.REFUNDED, []), (S.UNCOLLECTIBLE, ["VOID_INVOICE_PAID"])],
)
def test_a_fully_paid_invoice_paid_its_gross_is_settled_by_it(
    status: InvoiceStatus, rows: list[str]
) -> None:
    """The engine's side, unchanged: one match, the invoice at its gross, no row saying
    anything is still owed (a written-off one's payment is a write-off to reverse)."""
    subject = _invoice(status, "276.62", "0")
    result = reconcile([subject], [line("276.62", "EL-2025-00017")])
    (match,) = result.matches
    assert match.state is MatchState.AUTO
    assert pairs(result) == {("EL-2025-00017", 2)}
    assert match.paid_total() == subject.gross
    assert match.compared_with is None  # measured against the gross
    assert "still owed" not in match.explanation
    assert kinds(result) == rows
    assert all("still owed" not in d.explanation for d in result.discrepancies)


def test_a_paid_invoice_with_no_payment_found_is_a_status_conflict() -> None:
    """Nothing outstanding and nothing paid: the report lists it (the provider says paid,
    no payment was found), so the window offers it among the unmatched."""
    subject = _invoice(S.PAID, "276.62", "0")
    result = reconcile([subject], [line("9.99", "CARD PAYMENT", row=7)])
    assert pairs(result) == set()
    assert "STATUS_CONFLICT" in kinds(result)


def test_decimal_places_beyond_the_currencys_are_read_as_the_engine_reads_them() -> None:
    """Amounts as a provider may send them (3 places): the part is the engine's, in
    minor units, so a payment the engine reads as the part is read so here too."""
    subject = _invoice(S.PARTIALLY_PAID, "276.620", "201.700")
    assert part_recorded_as_paid(subject) == Money(Decimal("74.92"), "GBP")
