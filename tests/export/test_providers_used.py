"""The Summary's "Providers used": one rule (``providers_used``) for the window's report and
``reconcile``'s, so the two reports of one situation list the same rows."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain import Reconciliation
from desktop_app.export import ReportContext, providers_used, write_report
from tests.export.readback import read_report
from tests.export.scenario import invoice

CONFIGURED = [
    ("Content Ignite", "content_ignite"),
    ("Versori", "versori"),
    ("Elevate Billing", "elevate"),
]


def _situation() -> Reconciliation:
    """Elevate's two invoices of the period, Content Ignite's one, and Versori's only
    invoice in the report taken in for a decision (an earlier period's); plus one of a
    provider no longer configured, which the window's workspace may still hold."""
    elevate = [
        invoice("Elevate Billing", "elevate", f"E{n}", f"E{n}", "10.00", "GBP") for n in (1, 2)
    ]
    ignite = invoice("Content Ignite", "content_ignite", "C1", "C1", "5.00", "GBP")
    earlier = invoice("Versori", "versori", "V1", "V1", "7.00", "GBP")
    removed = invoice("Old Billing", "content_ignite", "O1", "O1", "3.00", "GBP")
    return Reconciliation(
        invoices=(ignite, earlier, *elevate, removed),
        lines=(),
        matches=(),
        discrepancies=(),
        taken_in=frozenset({earlier.key}),
    )


def test_each_configured_provider_is_listed_in_order_with_the_periods_invoices() -> None:
    """Versori returned no invoice of the period: listed with 0 (its invoice taken in for
    a decision is counted on "Invoices taken in", not here); the provider no longer
    configured whose invoice the report holds comes after the configured ones."""
    listed = [(p.name, p.kind, p.invoice_count) for p in providers_used(CONFIGURED, _situation())]
    assert listed == [
        ("Content Ignite", "content_ignite", 1),
        ("Versori", "versori", 0),
        ("Elevate Billing", "elevate", 2),
        ("Old Billing", "content_ignite", 1),
    ]


def test_the_rows_add_up_to_the_invoices_of_the_period(tmp_path: Path) -> None:
    """Read back: the block's counts sum to the run facts' "Invoices", and the one taken
    in is on its own row, counted once."""
    from datetime import UTC, datetime

    result = _situation()
    context = ReportContext(
        generated_at=datetime(2025, 3, 1, tzinfo=UTC),
        providers=providers_used(CONFIGURED, result),
    )
    report = read_report(write_report(result, tmp_path / "r.xlsx", context=context))
    block = report.summary_block("Providers used")
    assert [[c.value for c in row[:3]] for row in block] == [
        ["Provider", "Kind", "Invoices"],
        ["Content Ignite", "content_ignite", 1],
        ["Versori", "versori", 0],
        ["Elevate Billing", "elevate", 2],
        ["Old Billing", "content_ignite", 1],
    ]
    assert {c.data_type for row in block[1:] for c in row[2:3]} == {"n"}  # numbers, not text
    facts = {row[0].value: row[1].value for row in report.book["Summary"].iter_rows(max_row=30)}
    assert facts["Invoices"] == sum(row[2].value for row in block[1:]) == 4
    assert facts["Invoices taken in"] == 1
