"""What the report's Audit sheet lists: one rule for the command line and the window.

The sheet is the accountant's part of the report: every decision recorded in the workspace
(accept, manual match, reject, unmatch) that names an invoice or a statement line the report
holds, in the order they were made, whenever they were made. Month-end decisions are made
after the month they are about, so a filter on the report's period would leave the sheet
empty just when an auditor needs it. Decisions that name nothing in the report (another
month's lines, another provider's invoices) belong to other reports. ``ENGINE_MATCH``
entries are left out: they are the engine's proposals, which the Matches sheet shows with
their scores, not decisions anyone took.
"""

from __future__ import annotations

from desktop_app.domain import DecisionKind, Reconciliation
from desktop_app.export import AuditRow
from desktop_app.workspace import Workspace


def report_audit(workspace: Workspace, reconciliation: Reconciliation) -> tuple[AuditRow, ...]:
    """The Audit sheet's rows for a report of ``reconciliation`` made from ``workspace``."""
    invoices = {invoice.key for invoice in reconciliation.invoices}
    lines = {line.key for line in reconciliation.lines}
    rows = []
    for entry in workspace.audit():
        decision = entry.decision
        if decision.kind is DecisionKind.ENGINE_MATCH:
            continue
        if invoices.isdisjoint(decision.invoice_keys) and lines.isdisjoint(decision.line_keys):
            continue
        replaced = ", ".join(f"#{number}" for number in entry.replaces)
        rows.append(
            AuditRow.from_decision(
                decision, replaced=replaced, entry=entry.id, in_force=entry.in_force
            )
        )
    return tuple(rows)
