"""A payment of several invoices of a customer known only by its id, quoting one of them.

Elevate gives a customer's id, never its name, so the payee index has nothing to find the
customer's other invoices by. The invoice the line quotes names the customer: a set
holding it, of that customer's invoices, that adds up to the payment is its batch, not an
overpayment of the quoted one.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Counterparty, Invoice, StatementLine
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line, pairs
from tests.matching.test_rejections import texts


def elevate(number: str, gross: str, customer: str = "1047", day: int = 1) -> Invoice:
    return invoice(
        number,
        gross,
        invoice_id=f"5{number[-4:]}",
        payee=None,
        counterparty=Counterparty(id=customer),
        issue=date(2025, 11, day),
    )


QUOTED = elevate("EL-2025-00180", "1494.90")


def payment(amount: str = "3172.53", reference: str = "EL-2025-00180") -> list[StatementLine]:
    return [
        line(
            amount, "BGC", reference=reference, counterparty="CUSTOMER 1047", day=date(2025, 11, 14)
        )
    ]


def test_the_quoted_invoice_and_the_customers_remainder_are_one_batch() -> None:
    """£3,172.53 quoting EL-2025-00180 (£1,494.90): the customer's EL-2025-00187 is the
    exact remainder (£1,677.63). Another customer's invoice of that amount is not."""
    remainder = elevate("EL-2025-00187", "1677.63", day=5)
    stranger = elevate("EL-2025-00181", "1677.63", customer="1048", day=5)
    result = reconcile([QUOTED, remainder, stranger], payment())
    assert pairs(result, state="auto") == {("EL-2025-00180", 2), ("EL-2025-00187", 2)}
    (batch,) = result.matches
    assert batch.explanation.startswith(
        "one payment for 2 invoices; reference EL-2025-00180 in text; total equal; "
    )
    assert "AMOUNT_MISMATCH" not in texts(result)
    assert texts(result)["UNPAID_INVOICE"] == [
        "EL-2025-00181 for £1,677.63, due 2025-12-05: no payment found"
    ]


def test_a_remainder_owed_by_another_customer_leaves_the_overpayment() -> None:
    stranger = elevate("EL-2025-00181", "1677.63", customer="1048", day=5)
    result = reconcile([QUOTED, stranger], payment())
    assert pairs(result, state="auto") == {("EL-2025-00180", 2)}
    assert texts(result)["AMOUNT_MISMATCH"] == [
        "EL-2025-00180: paid £3,172.53 of £1,494.90, £1,677.63 over"
    ]


def test_a_set_of_the_customers_invoices_without_the_quoted_one_is_not_offered() -> None:
    """Two other invoices of the customer add up to the payment, but it quotes neither:
    only the amount would tie them to it."""
    others = [elevate("EL-2025-00183", "1500.00", day=3), elevate("EL-2025-00184", "1500.00")]
    result = reconcile([QUOTED, *others], payment("3000.00"))
    assert pairs(result) == {("EL-2025-00180", 2)}


def test_a_payment_of_the_quoted_invoice_alone_looks_no_further() -> None:
    remainder = elevate("EL-2025-00187", "1677.63", day=5)
    result = reconcile([QUOTED, remainder], payment("1494.90"))
    assert pairs(result, state="auto") == {("EL-2025-00180", 2)}
    assert len(result.matches) == 1
