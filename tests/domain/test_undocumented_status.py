"""What is said of an invoice kept with a status word its provider does not document."""

from __future__ import annotations

from desktop_app.domain import (
    UNDOCUMENTED_STATUS,
    Invoice,
    InvoiceStatus,
    UndocumentedStatus,
    undocumented_statuses,
)
from tests.domain.builders import make_invoice

TREATED = (
    "its status is unknown, so it is reconciled as still owed (a payment of its amount is "
    "matched to it; with none it is listed as UNPAID_INVOICE): check its status at the "
    "provider"
)


def _undocumented(**fields: object) -> Invoice:
    return make_invoice(
        status=InvoiceStatus.UNKNOWN, flags=frozenset({UNDOCUMENTED_STATUS}), **fields
    )


def test_only_the_flagged_are_named_in_their_order() -> None:
    """Versori's UNKNOWN is its documented default, not flagged: it says nothing."""
    first = _undocumented(invoice_id="1", number="EL-1", status_raw="LOST_IN_POST")
    versori = make_invoice(
        provider="Versori", provider_kind="versori", status=InvoiceStatus.UNKNOWN, status_raw=""
    )
    second = _undocumented(invoice_id="2", number="EL-2", status_raw="")
    said = undocumented_statuses([first, make_invoice(), versori, second])
    lost = "paymentStatus 'LOST_IN_POST' is not one Elevate documents"
    assert [str(each) for each in said] == [
        f"Elevate: invoice 1 (EL-1): {lost}; {TREATED}",
        f"Elevate: invoice 2 (EL-2): it has no paymentStatus; {TREATED}",
    ]


def test_content_ignite_names_its_field_and_an_invoice_numbered_by_its_id_once() -> None:
    invoice = _undocumented(
        provider="Client CI", provider_kind="content_ignite", invoice_id="3354",
        number="3354", status_raw="REISSUED",
    )  # fmt: skip
    said = UndocumentedStatus.of(invoice)
    assert (said.label, said.word) == ("invoice 3354", "REISSUED")
    assert said.said == f"status 'REISSUED' is not one Content Ignite is known to use; {TREATED}"
    assert str(said) == f"Client CI: invoice 3354: {said.said}"
