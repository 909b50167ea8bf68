"""LINE_ITEMS_MISMATCH: items add up to the net (Content Ignite) or the gross (others)."""

from __future__ import annotations

from typing import Any

from desktop_app.domain import DiscrepancyType, Invoice, InvoiceStatus, LineItem, Money
from desktop_app.matching import reconcile
from desktop_app.matching.line_items import ItemsBasis, check_line_items
from tests.matching.builders import invoice, items, kinds


def taxed(*amounts: str, **fields: Any) -> Invoice:
    """£120.00 gross, £100.00 net, with chargeable items of these amounts."""
    values: dict[str, Any] = {"line_items": items(*amounts), **fields}
    return invoice(gross="120.00", net=Money("100.00", "GBP"), tax=Money("20.00", "GBP"), **values)


def test_items_adding_up_to_the_net_amount_are_consistent() -> None:
    assert "LINE_ITEMS_MISMATCH" not in kinds(reconcile([taxed("60.00", "40.00")], []))


def test_items_adding_up_to_the_gross_amount_are_consistent() -> None:
    assert "LINE_ITEMS_MISMATCH" not in kinds(reconcile([taxed("70.00", "50.00")], []))


def test_items_adding_up_to_neither_are_reported_against_the_net() -> None:
    result = reconcile([taxed("70.00", "40.00")], [])
    (issue,) = [d for d in result.discrepancies if d.type is DiscrepancyType.LINE_ITEMS_MISMATCH]
    assert issue.invoice_amount == Money("100.00", "GBP")
    assert issue.difference == Money("10.00", "GBP")
    assert issue.explanation == (
        "EL-2025-00017: 2 chargeable line items add up to £110.00, "
        "the invoice's net amount is £100.00 (£10.00 difference)"
    )


def test_informational_items_do_not_count() -> None:
    lines = (*items("100.00"), LineItem("usage report", Money("999.00", "GBP"), chargeable=False))
    assert "LINE_ITEMS_MISMATCH" not in kinds(reconcile([taxed(line_items=lines)], []))


def test_sub_penny_items_are_compared_after_rounding() -> None:
    assert "LINE_ITEMS_MISMATCH" not in kinds(reconcile([taxed("33.333", "66.667")], []))


def test_items_in_another_currency_are_reported() -> None:
    foreign = invoice(line_items=items("120.00", currency="EUR"))
    assert "LINE_ITEMS_MISMATCH" in kinds(reconcile([foreign], []))


def test_invoices_without_items_or_nobody_pays_are_not_checked() -> None:
    void = taxed("1.00", number="EL-2025-00018", status=InvoiceStatus.VOID)
    draft = taxed("1.00", number="EL-2025-00019", status=InvoiceStatus.DRAFT)
    assert kinds(reconcile([invoice(), void, draft], [])) == ["UNPAID_INVOICE"]


def _with_own_tax(*amounts: str) -> tuple[LineItem, ...]:
    """Items that state their tax, as Elevate's charge categories do: net amounts."""
    return tuple(
        LineItem(f"category {k}", Money(a, "GBP"), tax=Money("10.00", "GBP"))
        for k, a in enumerate(amounts)
    )


def test_items_stating_their_own_tax_must_add_up_to_the_net() -> None:
    assert "LINE_ITEMS_MISMATCH" not in kinds(
        reconcile([taxed(line_items=_with_own_tax("60.00", "40.00"))], [])
    )


def test_items_stating_their_own_tax_adding_up_to_the_gross_leave_the_tax_unexplained() -> None:
    result = reconcile([taxed(line_items=_with_own_tax("70.00", "50.00"))], [])
    (issue,) = [d for d in result.discrepancies if d.type is DiscrepancyType.LINE_ITEMS_MISMATCH]
    assert issue.difference == Money("20.00", "GBP")


def test_the_one_rule_says_which_amount_the_items_make() -> None:
    """``check_line_items`` is what the engine reports by and the Invoices screen words:
    items adding up to the net agree with the net (Content Ignite's VAT is no difference)."""
    net, gross = (
        check_line_items(taxed("60.00", "40.00")),
        check_line_items(taxed("70.00", "50.00")),
    )
    assert net is not None
    assert net.agrees_with is ItemsBasis.NET
    assert gross is not None
    assert gross.agrees_with is ItemsBasis.GROSS
    own_tax = check_line_items(taxed(line_items=_with_own_tax("70.00", "50.00")))
    assert own_tax is not None
    assert own_tax.agrees_with is None
    assert (own_tax.compared, own_tax.difference) == (Money("100.00", "GBP"), Money("20.00", "GBP"))
    assert check_line_items(invoice()) is None  # no items


def test_the_one_rule_names_items_in_another_currency() -> None:
    foreign = check_line_items(invoice(line_items=items("120.00", currency="EUR")))
    assert foreign is not None
    assert not foreign.agrees
    assert foreign.foreign == ("EUR",)
