"""The Discrepancies sheet's Explanation names an invoice as the other sheets do: by its
number alone where no other invoice bears it, with its provider where another
provider's invoice does ("INV-1 (Elevate Billing)", ``domain.invoice_names``), so the
accountant reading a sentence knows which of two providers' INV-1 it means."""

from __future__ import annotations

from pathlib import Path

from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, items, line

OURS = invoice("INV-1", "100.00", provider="Content Ignite", invoice_id="ci-1", payee=None)
THEIRS = invoice(
    "INV-1", "250.00", provider="Elevate Billing", invoice_id="el-9", payee="Acme Trading Ltd"
)
OTHER = invoice("INV-2", "80.00", provider="Elevate Billing", invoice_id="el-10", payee=None)


def _explanations(out: Path) -> dict[tuple[str, str | None, int | None], str]:
    return {
        (r["Type"].value, r["Invoice ID"].value, r["Row"].value): r["Explanation"].value
        for r in read_report(out).records("Discrepancies")
    }


def test_two_providers_invoices_of_one_number_are_told_apart(tmp_path: Path) -> None:
    lines = [
        line("100.00", "PAYMENT", row=5, source="bank.xlsx"),  # INV-1's amount alone
        line("245.00", "ACME TRADING", row=6, source="bank.xlsx"),  # the other's, short
        line("70.00", "INV-2", row=7, source="bank.xlsx"),  # a number no other bears
    ]
    out = tmp_path / "report.xlsx"
    result = reconcile([OURS, THEIRS, OTHER], lines)
    write_report(result, out, context=ReportContext(generated_at=GENERATED_AT))
    told = _explanations(out)

    assert told["UNPAID_INVOICE", "ci-1", None].startswith(
        "INV-1 (Content Ignite) for £100.00, due 2025-03-31: no payment found; a possible "
        "payment awaits review: bank.xlsx row 5"
    )
    assert told["UNMATCHED_PAYMENT", None, 5] == (
        "matched to no invoice yet: a possible match (INV-1 (Content Ignite)) awaits review"
    )
    assert told["AMOUNT_MISMATCH", "el-9", 6].startswith(
        "INV-1 (Elevate Billing): paid £245.00 of £250.00, £5.00 short"
    )
    assert told["AMOUNT_MISMATCH", "el-10", 7].startswith(
        "INV-2: paid £70.00 of £80.00, £10.00 short"
    )


def test_a_payment_paid_twice_names_its_invoice_with_its_provider(tmp_path: Path) -> None:
    lines = [
        line("250.00", "ACME TRADING", row=5, source="bank.xlsx"),
        line("250.00", "ACME TRADING AGAIN", row=9, source="bank.xlsx"),
    ]
    out = tmp_path / "report.xlsx"
    result = reconcile([OURS, THEIRS], lines)
    write_report(result, out, context=ReportContext(generated_at=GENERATED_AT))
    told = _explanations(out)
    assert told["DUPLICATE_PAYMENT", "el-9", 5].startswith(
        "INV-1 (Elevate Billing) paid 2 times: bank.xlsx row 5"
    )
    assert told["UNPAID_INVOICE", "ci-1", None].startswith("INV-1 (Content Ignite) for")


def test_an_invoices_line_items_row_names_it_with_its_provider_too(tmp_path: Path) -> None:
    itemised = invoice(
        "INV-3", "90.00", provider="Content Ignite", invoice_id="ci-3", line_items=items("80.00")
    )
    twin = invoice("INV-3", "30.00", provider="Elevate Billing", invoice_id="el-3", payee=None)
    out = tmp_path / "report.xlsx"
    write_report(
        reconcile([itemised, twin], []), out, context=ReportContext(generated_at=GENERATED_AT)
    )
    told = _explanations(out)
    assert told["LINE_ITEMS_MISMATCH", "ci-3", None].startswith(
        "INV-3 (Content Ignite): its one chargeable line item is £80.00, "
    )
    assert told["UNPAID_INVOICE", "el-3", None].startswith("INV-3 (Elevate Billing) for £30.00")
