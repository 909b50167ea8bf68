"""Each provider's status words mapped onto ``InvoiceStatus`` (research/providers.md, 4.3).

The provider's own word always travels with the invoice (``status_raw``), so a mapping that
proves wrong can be corrected without fetching again. A word no provider documents is never
guessed: ``UnknownStatusError``, a ``ValueError``, which makes the invoice its provider's
``InvoiceProblem`` (``ProviderClient.map_record``), named by provider and invoice in
``fetch``'s ``problems``, on stderr and in the report's Summary. Logged as a bare warning
and mapped to UNKNOWN, it reached stderr unprefixed and unnamed, and the invoice was
reconciled as owed, a guess.
"""

from __future__ import annotations

from desktop_app.domain import InvoiceStatus


class UnknownStatusError(ValueError):
    """A status word the provider does not document: the invoice is left out, not guessed."""


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


_NOT_GUESSED = (
    "whether the invoice is owed, paid or void cannot be told, so it is left out rather "
    "than guessed"
)


def content_ignite_status(raw: str) -> tuple[InvoiceStatus, frozenset[str]]:
    status = _CONTENT_IGNITE.get(raw.upper())
    if status is None:
        known = ", ".join(_CONTENT_IGNITE)
        raise UnknownStatusError(
            f"status {raw!r} is not one Content Ignite is known to use (one of {known}): "
            f"{_NOT_GUESSED}"
        )
    flags = {NEEDS_PAYMENT_INFO} if raw.upper() == "MISSING_PAYMENT_INFO" else set()
    return status, frozenset(flags)


def elevate_status(
    payment_status: str | None, bill_run_status: str | None, third_party_status: str | None
) -> tuple[InvoiceStatus, frozenset[str]]:
    """``paymentStatus`` read with ``billRunStatus``: an invoice in an OPEN run is a draft."""
    flags = (
        frozenset({PAYMENT_PROBLEM})
        if third_party_status in _ELEVATE_PAYMENT_PROBLEMS
        else frozenset()
    )
    if (bill_run_status or "").upper() == "OPEN":
        return InvoiceStatus.DRAFT, flags
    status = _ELEVATE.get((payment_status or "").upper())
    if status is None:
        said = (
            "has no paymentStatus"
            if payment_status is None
            else f"paymentStatus {payment_status!r} is not one Elevate documents"
        )
        raise UnknownStatusError(f"{said}: {_NOT_GUESSED}")
    return status, flags


def versori_status() -> InvoiceStatus:
    """Versori invoices carry no status at all; its hosted invoice page is the truth."""
    return InvoiceStatus.UNKNOWN
