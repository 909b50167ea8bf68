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

Its invoices are named by their numbers, the report's and those outside it alike told
apart where two providers' share one, as every sheet tells them apart
(``domain.invoice_names``): "INV-1: amount changed …; INV-1: no longer returned" said
neither which changed nor which is gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

from desktop_app.domain import DecisionKind, InvoiceKey, Reconciliation
from desktop_app.domain.invoice_names import told_apart
from desktop_app.export import AuditRow
from desktop_app.workspace import AuditEntry, ReviewItem, Workspace


def report_audit(workspace: Workspace, reconciliation: Reconciliation) -> tuple[AuditRow, ...]:
    """The Audit sheet's rows for a report of ``reconciliation`` made from ``workspace``."""
    numbers = {invoice.key: invoice.number for invoice in reconciliation.invoices}
    invoices = frozenset(numbers)
    lines = {line.key for line in reconciliation.lines}
    listed = [
        entry
        for entry in workspace.audit()
        if entry.decision.kind is not DecisionKind.ENGINE_MATCH
        and not (
            invoices.isdisjoint(entry.decision.invoice_keys)
            and lines.isdisjoint(entry.decision.line_keys)
        )
    ]
    numbers.update(_numbers_outside(workspace, listed, invoices))
    for entry in listed:  # an invoice no store holds is named by its id
        for key in entry.decision.invoice_keys:
            numbers.setdefault(key, key.invoice_id)
    numbers = told_apart(numbers)
    review = _needing_review(workspace.decisions_needing_review(), numbers)
    return tuple(
        AuditRow.from_decision(
            entry.decision,
            replaced=", ".join(f"#{number}" for number in entry.replaces),
            entry=entry.id,
            in_force=entry.in_force,
            needs_review=review.get(entry.id, ""),
            numbers=numbers,
            restores="" if entry.put_back is None else entry.put_back.said,
        )
        for entry in listed
    )


def _numbers_outside(
    workspace: Workspace, entries: Sequence[AuditEntry], in_run: AbstractSet[InvoiceKey]
) -> dict[InvoiceKey, str]:
    """The numbers of the invoices the listed decisions name outside the run, as the
    workspace last held them: one its provider no longer returns (a kept decision's,
    ``matching.decisions.Kept``) or one of an earlier, wider fetch. The accountant decided
    by those numbers, and the run's rows name such an invoice by its label; the sheet gave
    the provider's id. A key the workspace holds no invoice of keeps its id."""
    outside = {key for entry in entries for key in entry.decision.invoice_keys} - in_run
    if not outside:
        return {}
    return {invoice.key: invoice.number for invoice in workspace.invoices_last_held(outside)}


def _needing_review(
    items: tuple[ReviewItem, ...], numbers: Mapping[InvoiceKey, str]
) -> dict[int, str]:
    """What changed under each flagged decision, by its entry: each flag's reason, named
    by its invoice where the decision names several: by its number (``numbers``), as the
    Invoice Numbers column and ``reconcile``'s warnings name it (told apart where two
    share one), else by its key."""
    reasons: defaultdict[int, list[str]] = defaultdict(list)
    for item in items:
        several = len(item.entry.decision.invoice_keys) > 1
        named = numbers.get(item.invoice_key, str(item.invoice_key))
        reasons[item.entry.id].append(f"{named}: {item.reason}" if several else item.reason)
    return {entry: "; ".join(found) for entry, found in reasons.items()}
