"""How the Statement lines sheet names the invoices a line matched: as the accountant
knows them, told apart where two share a name."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from desktop_app.export.lines_sheet import invoice_labels
from tests.export.scenario import RECONCILIATION


def test_numbers_alone_where_unique_and_told_apart_where_shared() -> None:
    first, second, third = RECONCILIATION.invoices[:3]
    ours = replace(first, provider="Content Ignite", invoice_id="ci-1", number="INV-1")
    theirs = replace(second, provider="Elevate Billing", invoice_id="el-9", number="INV-1")
    alone = replace(third, provider="Elevate Billing", invoice_id="el-10", number="EL-77")
    url = "https://versori.example/invoices/abc"
    period = {"period_start": date(2025, 10, 1), "period_end": date(2025, 10, 31)}
    october = replace(first, provider="Versori", invoice_id="v-1", number=url, **period)
    again = replace(
        first,
        provider="Versori",
        invoice_id="v-2",
        number=url.replace("abc", "def"),
        document_url=url.replace("abc", "def"),
        **period,
    )
    october = replace(october, document_url=url)

    labels = invoice_labels([ours, theirs, alone, october, again])

    assert labels[ours.key] == "INV-1 (Content Ignite)"
    assert labels[theirs.key] == "INV-1 (Elevate Billing)"
    assert labels[alone.key] == "EL-77"
    assert labels[october.key] == "period 2025-10-01 to 2025-10-31 (Versori v-1)"
    assert labels[again.key] == "period 2025-10-01 to 2025-10-31 (Versori v-2)"
