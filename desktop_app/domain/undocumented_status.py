"""An invoice whose status word its provider does not document: kept, as UNKNOWN, and said.

research/providers.md (4.3) maps any other value to UNKNOWN and asks for it to be said; an
issued invoice is never dropped for its status, as one missing from the invoice list and
from matching turns its payment into an unexplained one. The provider's word stays in
``Invoice.status_raw``; the flag ``UNDOCUMENTED_STATUS`` marks the invoice (the word alone
cannot: Versori has no status at all, so each of its invoices is UNKNOWN by design, and
says nothing). What is said of it, on ``fetch``'s and ``reconcile``'s stderr, in the
report's Summary, and in the window's Status tooltip and banner, is worded here once.

The engine reads UNKNOWN as a status that expects a payment (``InvoiceStatus.expects_payment``)
and that does not claim one (``claims_paid``): such an invoice is reconciled as one still
owed, its gross matched against the payments, and listed as UNPAID_INVOICE where none is
found. ``TREATED`` says so, so that the accountant knows how far to trust that row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain.invoice import Invoice, InvoiceStatus

#: Flag on an invoice whose status word its provider does not document (status UNKNOWN).
UNDOCUMENTED_STATUS = "undocumented_status"

# Each provider kind whose invoices carry a status word: the field it is read from, and
# whose word it is not ("is not one Elevate documents"). Content Ignite publishes no list:
# the words known are those seen (research/providers.md 1.5).
_FIELDS = {
    "content_ignite": ("status", "Content Ignite is known to use"),
    "elevate": ("paymentStatus", "Elevate documents"),
}

#: How the engine treats such an invoice, said after every mention of one.
TREATED = (
    "its status is unknown, so it is reconciled as still owed (a payment of its amount is "
    "matched to it; with none it is listed as UNPAID_INVOICE): check its status at the "
    "provider"
)


@dataclass(frozen=True, slots=True)
class UndocumentedStatus:
    """One invoice kept with a status word its provider does not document (``word`` is
    ``""`` where the provider gave none)."""

    provider: str
    invoice_id: str
    number: str
    word: str
    field: str
    whose: str

    @classmethod
    def of(cls, invoice: Invoice) -> UndocumentedStatus:
        field, whose = _FIELDS.get(invoice.provider_kind, ("status", "its provider documents"))
        return cls(
            invoice.provider, invoice.invoice_id, invoice.number, invoice.status_raw, field, whose
        )

    @property
    def label(self) -> str:
        """``invoice 53716 (EL-2025-00056)``, or ``invoice 3354`` where the number is the id."""
        if self.number and self.number != self.invoice_id:
            return f"invoice {self.invoice_id} ({self.number})"
        return f"invoice {self.invoice_id}"

    @property
    def what(self) -> str:
        """ "paymentStatus 'SOMETHING_NEW' is not one Elevate documents", or "it has no
        paymentStatus" where the provider gave none."""
        if not self.word:
            return f"it has no {self.field}"
        return f"{self.field} {self.word!r} is not one {self.whose}"

    @property
    def said(self) -> str:
        """What is wrong and how it is treated, without whose invoice it is: the Summary's
        row and the window's Status tooltip, where the invoice is named beside it."""
        return f"{self.what}; {TREATED}"

    def __str__(self) -> str:
        return f"{self.provider}: {self.label}: {self.said}"


def flags_read_back(
    provider_kind: str, status: InvoiceStatus, flags: frozenset[str]
) -> frozenset[str]:
    """The flags of an invoice read back from a workspace, ``UNDOCUMENTED_STATUS`` among
    them where an older version stored it without: before the flag existed, an undocumented
    word was kept as UNKNOWN with the word in ``status_raw`` and no flag, so it was neither
    named nor warned of on opening. Content Ignite and Elevate (``_FIELDS``) map no word
    they document to UNKNOWN (``providers.status``), so UNKNOWN from them can only be that;
    Versori's invoices are all UNKNOWN by design, and stay unflagged."""
    if status is InvoiceStatus.UNKNOWN and provider_kind in _FIELDS:
        return flags | {UNDOCUMENTED_STATUS}
    return flags


def has_undocumented_status(invoice: Invoice) -> bool:
    return UNDOCUMENTED_STATUS in invoice.flags


def undocumented_statuses(invoices: Iterable[Invoice]) -> tuple[UndocumentedStatus, ...]:
    """Each of ``invoices`` kept with a status word its provider does not document, in
    their order."""
    return tuple(UndocumentedStatus.of(i) for i in invoices if has_undocumented_status(i))
