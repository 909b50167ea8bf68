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

A decision in force the run did not apply, because an invoice or a line it names is not
in the report (``Reconciliation.not_applied``, the engine's own list), says why in its
``not_applied``: which of them, why the report lacks each where the workspace can tell
(its provider no longer returns it; none of that provider's invoices are in the report;
it is not of the period fetched; the statement is not in the report), and what it means
for the report. A bare count under the Summary's settings named no decision. The same
rows say them on ``reconcile``'s stderr and in the window's banner after a run
(``DecisionsNotApplied``): a scheduled run's log, or the accountant at the screen, learnt
of them only by opening a workbook.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, LineKey, Reconciliation
from desktop_app.domain.invoice_names import told_apart
from desktop_app.export import AuditRow
from desktop_app.wording import plural
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
    not_applied = _not_applied(workspace, reconciliation, listed, numbers)
    return tuple(
        AuditRow.from_decision(
            entry.decision,
            replaced=", ".join(f"#{number}" for number in entry.replaces),
            entry=entry.id,
            in_force=entry.in_force,
            needs_review=review.get(entry.id, ""),
            numbers=numbers,
            restores="" if entry.put_back is None else entry.put_back.said,
            not_applied=not_applied.get(entry.id, ""),
        )
        for entry in listed
    )


@dataclass(frozen=True, slots=True)
class DecisionsNotApplied:
    """The decisions in force a run did not apply, said as the report says them: each the
    Audit sheet lists, by its entry, its invoices and lines and why it was not applied
    (its ``Not Applied``, the words of the Summary's section too), then how many name
    nothing of the run (another period's), which the Summary counts and the Audit does
    not list. One wording for ``reconcile``'s stderr and the window's banner."""

    decisions: tuple[str, ...]
    unlisted: int = 0

    @classmethod
    def of(cls, reconciliation: Reconciliation, audit: Sequence[AuditRow]) -> DecisionsNotApplied:
        """From the run's ``not_applied`` (the engine's list) and the Audit sheet's rows
        of the report of it (``report_audit``), counted as the Summary counts them."""
        rows = [row for row in audit if row.not_applied]
        return cls(
            tuple(_not_applied_said(row) for row in rows),
            max(len(reconciliation.not_applied) - len(rows), 0),
        )

    @property
    def count(self) -> int:
        return len(self.decisions) + self.unlisted

    @property
    def unlisted_said(self) -> str | None:
        """'2 more decisions not applied name no invoice or statement line of this report
        (another period's), so the Audit sheet does not list them'; None where none."""
        if not self.unlisted:
            return None
        count = self.unlisted
        more = "more " if self.decisions else ""
        return (
            f"{count:,} {more}{plural(count, 'decision')} not applied "
            f"{plural(count, 'names', 'name')} no invoice or statement line of this report "
            f"(another period's), so the Audit sheet does not list {plural(count, 'it', 'them')}"
        )

    def said(self) -> tuple[str, ...]:
        """Each decision ('reject #12 of EL-2025-00158 (Elevate:53839) with bank.csv:7:
        EL-2025-00158 is not in this report: ...'), then the count of those the Audit does
        not list: the window's banner's details."""
        rest = self.unlisted_said
        return self.decisions if rest is None else (*self.decisions, rest)

    def warnings(self) -> tuple[str, ...]:
        """``said`` as warnings on stderr: each decision after 'decision not applied: '."""
        named = tuple(f"decision not applied: {each}" for each in self.decisions)
        rest = self.unlisted_said
        return named if rest is None else (*named, rest)


def _not_applied_said(row: AuditRow) -> str:
    """'reject #12 of EL-2025-00158 (Elevate:53839) with bank.csv:7: why': the decision by
    its action and entry, its invoices by the numbers the accountant decided by with their
    keys after them, as ``reconcile``'s review warnings name a decision, then its ``Not
    Applied``."""
    named = f"{row.action} #{row.entry}"
    if row.invoice_keys:
        named += f" of {row.invoice_numbers} ({row.invoice_keys})"
    if row.line_keys:
        named += f" with {row.line_keys}"
    return f"{named}: {row.not_applied}"


def _not_applied(
    workspace: Workspace,
    reconciliation: Reconciliation,
    entries: Sequence[AuditEntry],
    numbers: Mapping[InvoiceKey, str],
) -> dict[int, str]:
    """Why each listed decision in force that the run did not apply was not, by its
    entry: the engine's ``not_applied`` pairings (its own rule, not one of ours that could
    drift from it) found among the entries in force, a rejection by a rejection's."""
    set_aside = {(each.pairing, each.rejected) for each in reconciliation.not_applied}
    if not set_aside:
        return {}
    found = [
        entry
        for entry in entries
        if entry.in_force
        and (entry.decision.pairing, entry.decision.kind is DecisionKind.REJECT) in set_aside
    ]
    if not found:
        return {}
    invoices = {invoice.key for invoice in reconciliation.invoices}
    absent = {key for entry in found for key in entry.decision.invoice_keys} - invoices
    gone = {invoice.key for invoice in workspace.invoices_gone(absent)}
    held = {invoice.key for invoice in workspace.invoices_named(absent)}
    seen = _Seen(
        invoices,
        # a provider's invoice taken in for a decision is no sign it was fetched
        frozenset(invoice.provider for invoice in reconciliation.invoices_of_period()),
        frozenset(line.key for line in reconciliation.lines),
        frozenset(line.source_file for line in reconciliation.lines),
    )
    return {
        entry.id: _why_not_applied(entry.decision, seen, numbers, gone, held) for entry in found
    }


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the report holds, to say why a decision's invoice or line is not in it: its
    invoices and their providers, its lines and their statements."""

    invoices: AbstractSet[InvoiceKey]
    providers: AbstractSet[str]
    lines: AbstractSet[LineKey]
    files: AbstractSet[str]


def _why_not_applied(
    decision: Decision,
    seen: _Seen,
    numbers: Mapping[InvoiceKey, str],
    gone: AbstractSet[InvoiceKey],
    held: AbstractSet[InvoiceKey],
) -> str:
    """Each invoice and line of ``decision`` the report lacks, and why where it can be
    told, then what it means: a rejection refused a pairing nothing in the report can
    repeat; an accept or match by hand leaves what of it the report holds to be matched
    as if it had not been made."""
    said: list[str] = []
    for key in decision.invoice_keys:
        if key in seen.invoices:
            continue
        name = numbers.get(key, key.invoice_id)
        if key in gone:
            said.append(f"{name} is not in this report: {key.provider} no longer returns it")
        elif key.provider not in seen.providers:
            said.append(
                f"{name} is not in this report: no invoice of {key.provider} was fetched for it"
            )
        elif key in held:
            said.append(f"{name} is not in this report: it is not of the period fetched")
        else:
            said.append(f"{name} is not in this report")
    for line in decision.line_keys:
        if line in seen.lines:
            continue
        if line.source_file in seen.files:
            said.append(f"{line.source_file} row {line.row} is not in this report")
        else:
            said.append(
                f"{line.source_file} row {line.row} is not in this report: "
                f"{line.source_file} is not among its statements"
            )
    if decision.kind is DecisionKind.REJECT:
        meaning = "so nothing in this report can repeat the pairing it refused"
    else:
        meaning = (
            "so those of its invoices and lines this report holds are matched as if it had "
            "not been made; it applies again in a report that holds them all"
        )
    return f"{'; '.join(said)}, {meaning}"


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
