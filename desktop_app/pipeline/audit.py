"""What the report's Audit sheet lists: one rule for the command line and the window.

The sheet is the accountant's part of the report: every decision recorded in the workspace
(accept, manual match, reject, unmatch) that names an invoice or a statement line the report
holds, in the order they were made, whenever they were made. Month-end decisions are made
after the month they are about, so a filter on the report's period would leave the sheet
empty just when an auditor needs it. Decisions that name nothing in the report (another
month's lines, another provider's invoices) belong to other reports. ``ENGINE_MATCH``
entries are left out: they are the engine's proposals, which the Matches sheet shows with
their scores, not decisions anyone took.

A decision in force whose invoice changed at the provider after it was made (its amount,
a void, or the provider no longer returning it) says so in its ``needs_review``: it still
binds the matcher, and the report must not present it as settled.
"""

from __future__ import annotations

from collections import defaultdict

from desktop_app.domain import DecisionKind, Reconciliation
from desktop_app.export import AuditRow
from desktop_app.workspace import ReviewItem, Workspace


def report_audit(workspace: Workspace, reconciliation: Reconciliation) -> tuple[AuditRow, ...]:
    """The Audit sheet's rows for a report of ``reconciliation`` made from ``workspace``."""
    numbers = {invoice.key: invoice.number for invoice in reconciliation.invoices}
    invoices = numbers.keys()
    lines = {line.key for line in reconciliation.lines}
    review = _needing_review(workspace.decisions_needing_review())
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
                decision,
                replaced=replaced,
                entry=entry.id,
                in_force=entry.in_force,
                needs_review=review.get(entry.id, ""),
                numbers=numbers,
            )
        )
    return tuple(rows)


def _needing_review(items: tuple[ReviewItem, ...]) -> dict[int, str]:
    """What changed under each flagged decision, by its entry: each flag's reason, named
    by its invoice where the decision names several."""
    reasons: defaultdict[int, list[str]] = defaultdict(list)
    for item in items:
        several = len(item.entry.decision.invoice_keys) > 1
        reasons[item.entry.id].append(
            f"{item.invoice_key}: {item.reason}" if several else item.reason
        )
    return {entry: "; ".join(found) for entry, found in reasons.items()}
