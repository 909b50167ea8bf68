"""Status words per provider (research/providers.md 4.3) and Elevate's de-duplication rule."""

from __future__ import annotations

import pytest

from desktop_app.domain import UNDOCUMENTED_STATUS, InvoiceStatus
from desktop_app.providers.status import (
    NEEDS_PAYMENT_INFO,
    PAYMENT_PROBLEM,
    content_ignite_status,
    elevate_status,
    versori_status,
)
from desktop_app.providers.wire import unseen


@pytest.mark.parametrize(
    ("raw", "status", "flags"),
    [
        ("GENERATED", InvoiceStatus.OPEN, set()),
        ("MISSING_PAYMENT_INFO", InvoiceStatus.OPEN, {NEEDS_PAYMENT_INFO}),
        ("VOID", InvoiceStatus.VOID, set()),
        ("PAID", InvoiceStatus.PAID, set()),
    ],
)
def test_content_ignite(raw: str, status: InvoiceStatus, flags: set[str]) -> None:
    assert content_ignite_status(raw) == (status, frozenset(flags))


def test_a_content_ignite_status_it_is_not_known_to_use_is_unknown_and_flagged() -> None:
    """Refused, the invoice was left out of the output and of matching (research 4.3:
    "UNKNOWN | any other value"); the flag has it named wherever it is shown."""
    assert content_ignite_status("SOMETHING_NEW") == (
        InvoiceStatus.UNKNOWN,
        frozenset({UNDOCUMENTED_STATUS}),
    )


@pytest.mark.parametrize(
    ("payment", "run", "status"),
    [
        ("UNPAID", "FINALIZED", InvoiceStatus.OPEN),
        ("PENDING", "CLOSED", InvoiceStatus.OPEN),
        ("NA", "FINALIZED", InvoiceStatus.OPEN),
        ("PAID", "FINALIZED", InvoiceStatus.PAID),
        ("PARTIALLY_PAID", "FINALIZED", InvoiceStatus.PARTIALLY_PAID),
        ("WRITTEN_OFF", "FINALIZED", InvoiceStatus.UNCOLLECTIBLE),
        ("DISPUTED", "FINALIZED", InvoiceStatus.DISPUTED),
        ("REFUNDED", "FINALIZED", InvoiceStatus.REFUNDED),
        ("PART_REFUNDED", "FINALIZED", InvoiceStatus.REFUNDED),
        ("REFUND_PENDING", "FINALIZED", InvoiceStatus.REFUNDED),
        ("UNPAID", "OPEN", InvoiceStatus.DRAFT),  # the bill run is not closed yet
        ("PAID", "OPEN", InvoiceStatus.DRAFT),
        ("LOST_IN_POST", "OPEN", InvoiceStatus.DRAFT),  # a draft whatever it says
    ],
)
def test_elevate(payment: str | None, run: str, status: InvoiceStatus) -> None:
    assert elevate_status(payment, run, None) == (status, frozenset())


@pytest.mark.parametrize("payment", ["LOST_IN_POST", None])
def test_an_elevate_payment_status_it_does_not_document_is_unknown_and_flagged(
    payment: str | None,
) -> None:
    assert elevate_status(payment, "FINALIZED", None) == (
        InvoiceStatus.UNKNOWN,
        frozenset({UNDOCUMENTED_STATUS}),
    )


def test_an_undocumented_elevate_status_keeps_its_payment_problem_flag() -> None:
    assert elevate_status("LOST_IN_POST", "CLOSED", "CHARGED_BACK") == (
        InvoiceStatus.UNKNOWN,
        frozenset({UNDOCUMENTED_STATUS, PAYMENT_PROBLEM}),
    )


@pytest.mark.parametrize("third_party", ["FAILED", "CHARGED_BACK", "CANCELLED"])
def test_elevate_payment_problems_flag_without_overriding(third_party: str) -> None:
    assert elevate_status("PAID", "FINALIZED", third_party) == (
        InvoiceStatus.PAID,
        frozenset({PAYMENT_PROBLEM}),
    )


def test_versori_has_no_status() -> None:
    """UNKNOWN is Versori's documented default: no word of its is doubted, nor flagged."""
    assert versori_status() is InvoiceStatus.UNKNOWN


def test_elevate_rows_are_deduplicated_by_id_across_pages() -> None:
    seen: set[int] = set()
    assert unseen([{"id": 1}, {"id": 2}, {"id": 2}], seen) == [0, 1]
    assert unseen([{"id": 2}, {"id": 3}], seen) == [1]
    assert unseen([{"id": 1}, {"id": 3}], seen) == []  # a page of nothing new
    # Rows without a usable id are kept so that validation names the problem.
    assert unseen([{"id": "4"}, {"id": True}, "row", {}], seen) == [0, 1, 2, 3]
    assert seen == {1, 2, 3}
