"""Explanations name a Versori invoice as the window does, by its billing period.

Versori gives no invoice number, only the hosted-invoice link, which the mapping keeps as
the invoice's id and number (the report's contract). The explanations named the invoice by
that number, so they began with a 120-character Stripe URL ("https://invoice.stripe.com/
i/acct_…?s=ap for £892.68: no payment found"), telling the accountant nothing. Matching
still reads the link: a line quoting its last part points at the invoice.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import (
    Counterparty,
    Direction,
    DiscrepancyType,
    Invoice,
    InvoiceStatus,
    Reconciliation,
)
from desktop_app.matching import reconcile
from tests.matching.builders import invoice, line

ACCOUNT = "https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK/"
AUGUST = ACCOUNT + "live_YWNjdF8xTnYwRkdROVJLSGdDVmRLLF9QVkx2?s=ap"
SEPTEMBER = ACCOUNT + "live_X2FjY3RfMU52MEZHUTlSS0hnQ1ZkSyxfUFZM?s=ap"


def versori(link: str, gross: str, start: date, end: date) -> Invoice:
    """As the Versori provider maps one: its link is its id, number and document."""
    return invoice(
        link,
        gross,
        provider="Versori",
        direction=Direction.PAYABLE,
        payee=None,
        status=InvoiceStatus.UNKNOWN,
        issue=None,
        due_date=None,
        period_start=start,
        period_end=end,
        document_url=link,
        counterparty=Counterparty(id="01HORG", aliases=("Versori",)),
    )


AUGUST_INVOICE = versori(AUGUST, "446.00", date(2025, 7, 8), date(2025, 8, 7))
SEPTEMBER_INVOICE = versori(SEPTEMBER, "446.00", date(2025, 8, 8), date(2025, 9, 7))


def texts(result: Reconciliation) -> list[str]:
    """Every explanation the run wrote, the runner-ups included."""
    found = [match.explanation for match in result.matches]
    found += [match.runner_up for match in result.matches if match.runner_up]
    found += [signal.detail for match in result.matches for signal in match.signals]
    return found + [item.explanation for item in result.discrepancies]


def test_an_unpaid_versori_invoice_is_named_by_its_period() -> None:
    result = reconcile([AUGUST_INVOICE], [])
    (unpaid,) = result.discrepancies
    assert unpaid.type is DiscrepancyType.UNPAID_INVOICE
    assert unpaid.explanation == "period 2025-07-08 to 2025-08-07 for £446.00: no payment found"
    assert unpaid.invoice is not None
    assert unpaid.invoice.number == AUGUST  # the report's Invoice Number, as contracted


def test_a_short_payment_names_its_versori_invoice_by_its_period() -> None:
    paid = line("-440.00", "VERSORI LTD DD", day=date(2025, 8, 20), row=5)
    result = reconcile([AUGUST_INVOICE], [paid])
    (short,) = result.discrepancies
    assert short.type is DiscrepancyType.AMOUNT_MISMATCH
    assert short.explanation.startswith("period 2025-07-08 to 2025-08-07: paid £440.00 of £446.00")
    assert all("://" not in text for text in texts(result))


def test_a_payment_either_invoice_could_be_names_both_by_their_periods() -> None:
    """A payment between two months' invoices of one amount is offered for review: the
    runner-up, the unpaid invoices and the unmatched line all name the invoices."""
    paid = line("-446.00", "VERSORI LTD DD", day=date(2025, 9, 4), row=5)
    result = reconcile([AUGUST_INVOICE, SEPTEMBER_INVOICE], [paid])
    runners_up = sorted(match.runner_up or "" for match in result.matches)
    assert runners_up == [
        "could also be Versori period 2025-07-08 to 2025-08-07 (score 62%, above this pairing's)",
        "could also be Versori period 2025-08-08 to 2025-09-07 (score 60%)",
    ]
    unmatched = next(d for d in result.discrepancies if d.type is DiscrepancyType.UNMATCHED_PAYMENT)
    assert unmatched.explanation.endswith(
        "2 possible matches await review: (period 2025-08-08 to 2025-09-07) "
        "or (period 2025-07-08 to 2025-08-07)"
    )
    assert all("://" not in text for text in texts(result))


def test_a_line_quoting_the_link_still_pays_its_invoice_and_says_so_readably() -> None:
    quoting = line(
        "-446.00",
        "VERSORI live_X2FjY3RfMU52MEZHUTlSS0hnQ1ZkSyxfUFZM",
        day=date(2025, 8, 20),
        row=7,
    )
    result = reconcile([AUGUST_INVOICE, SEPTEMBER_INVOICE], [quoting])
    (match,) = result.matches
    assert match.invoices == (SEPTEMBER_INVOICE,)  # the link, not the nearer period
    assert match.explanation.startswith(
        "reference period 2025-08-08 to 2025-09-07 (its invoice link) in text"
    )
    assert all("://" not in text for text in texts(result))
