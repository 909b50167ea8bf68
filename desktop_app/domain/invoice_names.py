"""How an invoice is named in a sentence or a cell of text (a line's Matched Invoices, a
decision's Invoice Numbers and Needs Review, a discrepancy's Explanation): one rule for
every sheet, and for the engine's explanations of discrepancies, which the report and
the window show (here in the domain, so that the engine and the report share it).

An invoice is named as the accountant knows it, without its provider, which the sheets
that list invoices give in a column of its own. Two providers number their invoices
independently, so two may share a number ("INV-1" at Content Ignite and at Elevate
Billing), and a name alone then says neither: where a name is shared, each invoice
bearing it is named with its provider ("INV-1 (Elevate Billing)"), and where one
provider's invoices share it (two Versori invoices of one billing period) with the
provider's id too. A name no other invoice bears stays as it is, as it always read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from desktop_app.domain.invoice import Invoice, InvoiceKey


def told_apart(names: Mapping[InvoiceKey, str]) -> dict[InvoiceKey, str]:
    """Each invoice's name (``names``: the name each is known by in the sheet, its
    number or its label), with its provider where another provider's invoice bears the
    name too, and its provider's id as well where one of the same provider's does."""
    shared = Counter(names.values())
    by_provider = Counter((name, key.provider) for key, name in names.items())
    told = {}
    for key, name in names.items():
        if by_provider[name, key.provider] > 1:
            told[key] = f"{name} ({key.provider} {key.invoice_id})"
        elif shared[name] > 1:
            told[key] = f"{name} ({key.provider})"
        else:
            told[key] = name
    return told


def invoice_labels(invoices: Iterable[Invoice]) -> dict[InvoiceKey, str]:
    """Each invoice by its label (``Invoice.label``: its number, a Versori invoice's
    billing period), told apart where two share it."""
    return told_apart({invoice.key: invoice.label for invoice in invoices})
