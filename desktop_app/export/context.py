"""What the report says about how it was made: inputs, settings, time and the audit trail.

The workbook must stand on its own months later, when an auditor asks which statement files
and which settings produced a figure. The caller (CLI or GUI) knows these facts; the writer
only prints them. ``generated_at`` is passed in rather than read from the clock so that two
runs over the same inputs give the same workbook and tests stay deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop_app import __version__
from desktop_app.domain import (
    Decision,
    InvoiceKey,
    InvoiceProblem,
    LineKey,
    Reconciliation,
)
from desktop_app.fetch_coverage import ProviderFetchStatus
from desktop_app.statements.file_accounts import (
    FileAccount,
    accounts_in_layout,
    accounts_named,
    named_in_layout,
)

if TYPE_CHECKING:
    from desktop_app.domain.period import OutsidePeriod
    from desktop_app.statements import RowWarning, StatementImport
    from desktop_app.statements.continuity import Continuity
    from desktop_app.workspace import StatementRecord


@dataclass(frozen=True, slots=True)
class ProviderUsed:
    """A row of the Summary's "Providers used": a provider and how many of the report's
    invoices of the period under review are its (``providers_used``)."""

    name: str
    kind: str
    invoice_count: int


def providers_used(
    configured: Sequence[tuple[str, str]], reconciliation: Reconciliation
) -> list[ProviderUsed]:
    """The Summary's "Providers used", one rule for the window's report and
    ``reconcile``'s, so two reports of one situation say the same: each provider
    ``configured`` (name, kind), in that order, with the invoices of the period under
    review it holds, 0 where it returned none (a provider asked and answering nothing is a
    fact an auditor wants, not a row to leave out); then any other provider whose invoices
    the report holds (one no longer configured), by name. An invoice taken in for a
    decision (``Reconciliation.taken_in``) was not fetched for this period and is not
    counted: the rows add up to the run facts' "Invoices", and "Invoices taken in" counts
    those apart, so none is counted twice."""
    counts: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for invoice in reconciliation.invoices_of_period():
        counts[invoice.provider] = counts.get(invoice.provider, 0) + 1
        kinds.setdefault(invoice.provider, invoice.provider_kind)
    listed = [ProviderUsed(name, kind, counts.pop(name, 0)) for name, kind in configured]
    listed.extend(ProviderUsed(name, kinds[name], counts[name]) for name in sorted(counts))
    return listed


@dataclass(frozen=True, slots=True)
class StatementUsed:
    """One imported statement file; balances are in ``currency`` when the file states them.

    ``repeats`` maps each of its lines that repeats a movement already held from another
    file (an overlapping download) to the line kept in its place. The run holds only the
    kept line, under the other file's name, yet the movement is this statement's too: its
    balance bridge counts it, or an overlap would read as a balance that does not tie.
    ``account`` is the holder's account as the file names it (None when it does not):
    every account a file of several names, joined (``file_accounts.accounts_named``).
    ``accounts`` are those accounts' statements of a file of several, each with its own
    currency and balances (``file_accounts``), the file's own being then None: the
    Summary gives each a row. ``source_file`` is its file's name, the name its lines
    carry and a workspace's statement has (``continuity.StatedBalances``). ``warnings``
    are what its import said of its rows and cells, as ``statement`` and the window's
    banner word them: the Import Warnings sheet lists them (``import_warnings``); None
    for a statement a workspace stored before it kept them, whose warnings are not known.
    """

    source_file: str
    row_count: int
    sha256: str
    currency: str | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    account: str | None = None
    repeats: Mapping[LineKey, LineKey] = field(default_factory=dict, hash=False)
    warnings: tuple[RowWarning, ...] | None = field(default=(), hash=False)
    accounts: tuple[FileAccount, ...] = ()

    @classmethod
    def of_import(
        cls, statement: StatementImport, repeats: Mapping[LineKey, LineKey] | None = None
    ) -> StatementUsed:
        """What the report says of a file just imported (the CLI's run, or a GUI session
        without a workspace)."""
        return cls(
            statement.source_file,
            len(statement.lines),
            statement.sha256,
            statement.balance_currency,
            statement.opening_balance,
            statement.closing_balance,
            account=statement.accounts_named,
            repeats=repeats or {},
            warnings=statement.warnings,
            accounts=statement.accounts,
        )

    @classmethod
    def of_record(
        cls, record: StatementRecord, warnings: tuple[RowWarning, ...] | None
    ) -> StatementUsed:
        """What the report says of a statement a workspace holds (the window's export, or
        ``reconcile --workspace``'s statements held beyond those given): one way for
        both, so the two reports of one workspace list its statements alike. The accounts
        of a file of several, and those its account column names, are kept in its layout
        (the statement's own account, which de-duplication reads, is none): named as
        ``of_import`` named them when the file was stored; a statement stored before they
        were kept is named from its account and its accounts' statements, as it was.
        ``warnings`` are those the workspace kept of its import (``Workspace.import_warnings``,
        which the record does not hold): None where it kept none, which the report says."""
        accounts = accounts_in_layout(record.layout)
        named = named_in_layout(record.layout)
        return cls(
            record.source_file,
            record.line_count + len(record.repeats),  # the file's lines, as of_import counts
            record.sha256,
            record.currency,
            record.opening_balance,
            record.closing_balance,
            account=named or accounts_named(record.account, (each.account for each in accounts)),
            repeats=record.repeats,
            warnings=warnings,
            accounts=accounts,
        )


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One accountant decision as the Audit sheet prints it (keys already rendered as text).

    ``entry`` is its number in the workspace's log, the number ``replaced`` names the
    entries it took out of force by; ``in_force`` says whether it still binds the matcher.
    Both are None for a row that comes from no workspace. ``needs_review`` says what
    happened to its invoice at the provider after it was made, for a decision in force
    flagged for review ("amount changed from 100.00 GBP to 80.00 GBP"); empty otherwise.
    ``restores`` names, for a decision an undo put back in force, the entry it restores
    and the undo ("#28 (undo of #29)"); its ``reason`` is that entry's, the accountant's
    note. ``not_applied`` says, for a decision in force this run did not apply
    (``Reconciliation.not_applied``), why: which of its invoices or lines the report does
    not hold, and what that means ("EL-2025-00158 is not in this report: Elevate no
    longer returns it; ..."); empty otherwise.
    """

    time: datetime | None
    user: str
    action: str
    invoice_keys: str
    line_keys: str
    reason: str = ""
    replaced: str = ""
    entry: int | None = None
    in_force: bool | None = None
    needs_review: str = ""
    invoice_numbers: str = ""
    restores: str = ""
    not_applied: str = ""

    @classmethod
    def from_decision(
        cls,
        decision: Decision,
        *,
        replaced: str = "",
        entry: int | None = None,
        in_force: bool | None = None,
        needs_review: str = "",
        numbers: Mapping[InvoiceKey, str] | None = None,
        restores: str = "",
        not_applied: str = "",
    ) -> AuditRow:
        """``numbers``: the human number of each invoice the report holds (Elevate's
        EL-2025-00138 for its id 53839), which the accountant decided by, and of those
        outside the run as the workspace last held them (``report_audit``); an invoice
        none of them names is named by its id."""
        known = numbers or {}
        return cls(
            time=decision.at,
            user=decision.user,
            action=decision.kind.value,
            invoice_numbers="; ".join(
                known.get(key, key.invoice_id) for key in decision.invoice_keys
            ),
            invoice_keys="; ".join(str(key) for key in decision.invoice_keys),
            line_keys="; ".join(str(key) for key in decision.line_keys),
            reason=decision.reason,
            replaced=replaced,
            entry=entry,
            in_force=in_force,
            needs_review=needs_review,
            restores=restores,
            not_applied=not_applied,
        )


@dataclass(frozen=True, slots=True)
class ReportContext:
    generated_at: datetime
    app_version: str = __version__
    period_from: date | None = None
    period_to: date | None = None
    # The invoices were fetched for every date (the window's "All dates"): the Summary
    # says so, not the statements' dates, which bound nothing fetched.
    all_dates: bool = False
    # Set where the start was the statements' first date, not asked for (``reconcile``
    # without --from; the window's fetch of the period it offers for them): invoices issued
    # before it were not fetched. The caller counts the payments received unmatched in the
    # period's first days (``domain.period.early_unmatched_payments``) once, for its own
    # note or banner and for the Summary's, which says how many that may explain. None
    # where the start was asked for, or was not the statements': no note.
    early_unmatched: int | None = None
    providers: Sequence[ProviderUsed] = ()
    statements: Sequence[StatementUsed] = ()
    # Printed on the Summary sheet; when empty, the reconciliation's own settings are used.
    settings: Mapping[str, Any] = field(default_factory=dict)
    # Each stored matching setting this version refused and set aside for its default (the
    # workspace's, ``matching.saved.set_aside_named``), in the words the window's banner
    # and ``reconcile``'s stderr say it: with the setting it is about, or None for them
    # all. The Summary counts them and says each beside the default "Settings used" shows.
    settings_set_aside: Sequence[tuple[str | None, str]] = ()
    audit: Sequence[AuditRow] = ()
    # Invoices a provider returned that could not be used: not in the reconciliation, so a
    # payment of one shows as unmatched; the Summary names each with its reason.
    invoice_problems: Sequence[InvoiceProblem] = ()
    # Each provider's fetch, as it stands for the report's period (``fetch_coverage``):
    # the Summary lists them, and counts and names those whose invoices of the period are
    # not all in the report. Empty where the caller keeps no such record.
    fetches: Sequence[ProviderFetchStatus] = ()
    # Every pair of the statements compared for continuity, and those that clash
    # (``summary_data.continuity``), where the caller needs them too (``reconcile`` warns
    # of the breaks): compared once, not again for the Summary (most of a second at
    # 300,000 lines). None: the Summary compares them itself.
    continuity: Continuity | None = None
    # The lines dated outside the period (``domain.outside_period``), where the
    # caller needs them too (``reconcile`` notes them on stderr): found once, as
    # ``continuity``. None: the Summary finds them itself.
    outside: OutsidePeriod | None = None
