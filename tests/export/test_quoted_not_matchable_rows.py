"""The workbook's rows of payments quoting a number no match can be made with: a draft's,
named with why it is not matched, and one not among the invoices fetched, named on the
line's row and on the rows of the invoices it is offered for on its amount alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain import InvoiceStatus
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line


def test_the_rows_name_the_number_quoted(tmp_path: Path) -> None:
    invoices = [
        invoice("EL-2025-00190", "1455.97", status=InvoiceStatus.DRAFT, payee=None),
        invoice("EL-2025-00176", "955.43", payee=None),
        invoice("EL-2025-00186", "955.43", payee=None, issue=date(2025, 3, 3)),
    ]
    lines = [
        line("955.43", "EL-2025-00167 CUST", row=9, source="dec-bank.xlsx"),
        line("1455.97", "EL-2025-00190 DRAFT PAID", row=12, source="dec-bank.xlsx"),
    ]
    out = tmp_path / "report.xlsx"
    write_report(reconcile(invoices, lines), out, context=ReportContext(generated_at=GENERATED_AT))
    told = {
        (r["Type"].value, r["Invoice Number"].value, r["Row"].value): r["Explanation"].value
        for r in read_report(out).records("Discrepancies")
    }
    assert told["UNMATCHED_PAYMENT", None, 12].startswith(
        "quotes Elevate EL-2025-00190 and pays its £1,455.97 exactly, but that invoice is a "
        "draft: a draft is not issued, so no payment is matched to it"
    )
    assert told["UNMATCHED_PAYMENT", None, 9].endswith(
        "; quotes EL-2025-00167, which is not among the invoices fetched (issued before the "
        "period?)"
    )
    for number in ("EL-2025-00176", "EL-2025-00186"):
        assert told["UNPAID_INVOICE", number, None].endswith(
            "(quoting EL-2025-00167, not among the invoices fetched)"
        )
