"""Each provider's status words mapped onto ``InvoiceStatus`` (research/providers.md, 4.3).

The provider's own word always travels with the invoice (``status_raw``), so a mapping that
proves wrong can be corrected without fetching again. A word its provider does not document
is never guessed, and the invoice is never dropped for it: it maps to UNKNOWN, flagged
``UNDOCUMENTED_STATUS``, which ``fetch``, ``reconcile``, the report and the window name with
its provider, invoice and word (``domain.undocumented_status``). Logged as a bare warning,
it reached stderr unprefixed and unnamed; made the invoice's problem, the invoice vanished
from the list and from matching, and its payment became an unexplained one.
"""

from __future__ import annotations

from desktop_app.domain import UNDOCUMENTED_STATUS, InvoiceStatus

#: Flag on an open Content Ignite invoice that cannot be collected until billing details exist.
NEEDS_PAYMENT_INFO = "needs_payment_info"
#: Flag on an Elevate invoice whose direct debit or card payment failed or was reversed.
PAYMENT_PROBLEM = "payment_problem"

_CONTENT_IGNITE = {
    "GENERATED": InvoiceStatus.OPEN,
    "MISSING_PAYMENT_INFO": InvoiceStatus.OPEN,
    "PAID": InvoiceStatus.PAID,
    "VOID": InvoiceStatus.VOID,
}

_ELEVATE = {
    "NA": InvoiceStatus.OPEN,
    "UNPAID": InvoiceStatus.OPEN,
    "PENDING": InvoiceStatus.OPEN,
    "PAID": InvoiceStatus.PAID,
    "PARTIALLY_PAID": InvoiceStatus.PARTIALLY_PAID,
    "WRITTEN_OFF": InvoiceStatus.UNCOLLECTIBLE,
    "DISPUTED": InvoiceStatus.DISPUTED,
    "REFUNDED": InvoiceStatus.REFUNDED,
    "PART_REFUNDED": InvoiceStatus.REFUNDED,
    "REFUND_PENDING": InvoiceStatus.REFUNDED,
}
_ELEVATE_PAYMENT_PROBLEMS = frozenset({"FAILED", "CHARGED_BACK", "CANCELLED"})

# An undocumented word: UNKNOWN, flagged for the invoice to be named wherever it is shown.
_UNDOCUMENTED = (InvoiceStatus.UNKNOWN, frozenset({UNDOCUMENTED_STATUS}))


def content_ignite_status(raw: str) -> tuple[InvoiceStatus, frozenset[str]]:
    status = _CONTENT_IGNITE.get(raw.upper())
    if status is None:
        return _UNDOCUMENTED
    flags = {NEEDS_PAYMENT_INFO} if raw.upper() == "MISSING_PAYMENT_INFO" else set()
    return status, frozenset(flags)


def elevate_status(
    payment_status: str | None, bill_run_status: str | None, third_party_status: str | None
) -> tuple[InvoiceStatus, frozenset[str]]:
    """``paymentStatus`` read with ``billRunStatus``: an invoice in an OPEN run is a draft,
    whatever it says; outside one, a word Elevate does not document (or none) is UNKNOWN."""
    flags = (
        frozenset({PAYMENT_PROBLEM})
        if third_party_status in _ELEVATE_PAYMENT_PROBLEMS
        else frozenset()
    )
    if (bill_run_status or "").upper() == "OPEN":
        return InvoiceStatus.DRAFT, flags
    status = _ELEVATE.get((payment_status or "").upper())
    if status is None:
        return _UNDOCUMENTED[0], flags | _UNDOCUMENTED[1]
    return status, flags


def versori_status() -> InvoiceStatus:
    """Versori invoices carry no status at all; its hosted invoice page is the truth. So
    UNKNOWN is their documented default (4.3), with no word to doubt: not flagged."""
    return InvoiceStatus.UNKNOWN
