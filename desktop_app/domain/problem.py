"""An invoice a provider returned that could not be used, and why.

One unreadable invoice must not cost the accountant the provider's other invoices, nor
vanish without a word: the fetch keeps every invoice it can use and reports each one it
cannot, naming the provider and the invoice as the provider identifies it, so the
accountant can look it up there. A problem is data, not an exception: it travels with the
fetched invoices to the CLI's output, the report's Summary and the window's banner.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InvoiceProblem:
    """``invoice_id`` and ``number`` are as far as the record gave them readably (either may
    be None); ``reason`` is one line saying what is wrong and where it was read."""

    provider: str
    provider_kind: str
    invoice_id: str | None
    number: str | None
    reason: str

    @property
    def label(self) -> str:
        """``invoice 53716 (EL-2025-00056)``, ``invoice 3354``, or ``an invoice without an id``."""
        if self.invoice_id is None:
            return f"invoice {self.number}" if self.number else "an invoice without an id"
        if self.number and self.number != self.invoice_id:
            return f"invoice {self.invoice_id} ({self.number})"
        return f"invoice {self.invoice_id}"

    def __str__(self) -> str:
        return f"{self.provider}: {self.label}: {self.reason}"
