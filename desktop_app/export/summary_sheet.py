"""The Summary sheet: what was reconciled, from which inputs, with which settings, and the
totals an accountant checks first. Laid out top to bottom as labelled blocks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter

from desktop_app.domain import (
    DECISIONS_NOT_APPLIED,
    NOTHING_TO_RECONCILE,
    Reconciliation,
    UndocumentedStatus,
    outside_period,
    period_text,
    undocumented_statuses,
)
from desktop_app.domain.period import EARLY_PAYMENT_DAYS
from desktop_app.export import audit_sheet, warnings_sheet
from desktop_app.export import summary_data as data
from desktop_app.export.cells import CellFactory, amount_value
from desktop_app.export.context import ReportContext
from desktop_app.export.styles import (
    HEADER_FILL,
    HEADER_FONT,
    SECTION_FONT,
    TITLE_FONT,
    WARNING_FONT,
    ColumnKind,
)
from desktop_app.fetch_coverage import ProviderFetchStatus
from desktop_app.statements.continuity import Continuity, StatementStep
from desktop_app.wording import and_list, capitalised, counted, plural

SHEET = "Summary"
TITLE = "Reconcile Desk: reconciliation report"
_WIDTHS = (34, 24, 16, 16, 16, 16, 16, 16, 16, 14)  # B: a Direction, "receivable and payable"

K = ColumnKind

_TYPE_COLUMNS = (
    ("Type", K.TEXT),
    ("Direction", K.TEXT),
    ("Severity", K.TEXT),
    ("Count", K.INTEGER),
    ("Currency", K.TEXT),
    ("Invoice Amount", K.MONEY),
    ("Paid Amount", K.MONEY),
    ("Difference", K.MONEY),
    ("Statement Amount", K.MONEY),
)
_PROVIDER_COLUMNS = (
    ("Provider", K.TEXT),
    ("Currency", K.TEXT),
    ("Invoices", K.INTEGER),
    ("Invoiced", K.MONEY),
    ("Reconciled", K.INTEGER),
    ("Not Reconciled", K.INTEGER),
    ("Discrepancies", K.INTEGER),
    ("Difference", K.MONEY),
    ("Line Items Difference", K.MONEY),
)
NEEDING_REVIEW = "Decisions needing review"
# The run facts' count of stored matching settings refused, their defaults used instead.
SETTINGS_SET_ASIDE = "Stored settings set aside"
SETTINGS_USED = "Settings used"
NOT_APPLIED = "Decisions not applied"
NOT_APPLIED_SECTION = "Decisions in force that this run did not apply"
_NOT_APPLIED_COLUMNS = (
    ("Entry", K.INTEGER),
    ("Time", K.UTC_DATETIME),
    ("User", K.TEXT),
    ("Action", K.TEXT),
    ("Invoice Numbers", K.TEXT),
    ("Statement Lines", K.TEXT),
    ("Reason", K.TEXT),
    ("Why Not Applied", K.TEXT),
)
IMPORT_WARNINGS = "Import warnings"
# Its count where the only statements it could count are some whose warnings were not kept.
NOT_KNOWN = "not known"
OUTSIDE_PERIOD = "Lines outside the period"
ALL_DATES = "all dates"  # the period of invoices fetched whatever their date
LEFT_OUT = "Invoices left out"
TAKEN_IN = "Invoices taken in"
LEFT_OUT_SECTION = "Invoices a provider returned that could not be used"
_PROBLEM_COLUMNS = (
    ("Provider", K.TEXT),
    ("Invoice ID", K.TEXT),
    ("Invoice Number", K.TEXT),
    ("Problem", K.TEXT),
)
# Invoices kept with a status word their provider does not document (status UNKNOWN).
UNDOCUMENTED = "Invoices of undocumented status"
UNDOCUMENTED_SECTION = "Invoices whose status word their provider does not document"
_UNDOCUMENTED_COLUMNS = (
    ("Provider", K.TEXT),
    ("Invoice ID", K.TEXT),
    ("Invoice Number", K.TEXT),
    ("Provider Status", K.TEXT),
    ("Warning", K.TEXT),
)
NOT_FETCHED = "Providers not fetched for the period"
FETCHES_SECTION = "Invoices fetched by provider"
_FETCH_COLUMNS = (
    ("Provider", K.TEXT),
    ("Fetched From", K.DATE),
    ("Fetched To", K.DATE),
    ("Fetched At", K.UTC_DATETIME),
    ("For This Period", K.TEXT),
    ("Why Not", K.TEXT),
)
OPEN_BOUND = "open"  # a fetch unbounded at that end
_STATEMENT_COLUMNS = (
    ("File", K.TEXT),
    ("Account", K.TEXT),
    ("Rows", K.INTEGER),
    ("Currency", K.TEXT),
    ("Opening Balance", K.MONEY),
    ("Closing Balance", K.MONEY),
    ("SHA-256", K.TEXT),
)
_BRIDGE_COLUMNS = (
    ("Statement", K.TEXT),
    ("Currency", K.TEXT),
    ("Opening Balance", K.MONEY),
    ("Matched Movements", K.MONEY),
    ("Unmatched Movements", K.MONEY),
    ("Computed Closing", K.MONEY),
    ("Stated Closing", K.MONEY),
    ("Difference", K.MONEY),
    ("Ties", K.TEXT),
)
CONTINUITY = "Statement continuity (each statement opens at the balance the one before it left)"
BREAKS = "Breaks between statements"
_CONTINUITY_COLUMNS = (
    ("Account", K.TEXT),
    ("Currency", K.TEXT),
    ("Earlier Statement", K.TEXT),
    ("Last Date", K.DATE),
    ("Balance Carried", K.MONEY),
    ("Later Statement", K.TEXT),
    ("First Date", K.DATE),
    ("Opening Balance", K.MONEY),
    ("Missing Movements", K.MONEY),
    ("Follows", K.TEXT),
)
NO_ACCOUNT = "(not named)"

NOTES = (
    (
        "Discrepancies: one row per statement line; rows of one discrepancy share its number, "
        "and its Invoice Amount, Paid Amount and Difference stand once. Every amount on a row "
        "is in the row's Currency: an invoice paid in another currency is a row in each, so "
        "filtering by Type, Direction and Currency and summing gives the totals above, and "
        "Count is the discrepancies (Discrepancy numbers) so found: one paid in another "
        "currency counts in each. Its Difference is in each currency too: in the invoice's, "
        "what was paid in it less what was invoiced; in another, what was paid in it, which "
        "no rate turns into the invoice's. "
        "A payment short for several invoices lists them all (separated by '; ') with their "
        "totals, and Totals by provider files it under the Provider its row shows."
    ),
    (
        "Invoice Amount is not the same figure on every sheet. On Invoices it is the "
        "invoice's gross, its total as issued, and Outstanding beside it is what its "
        "provider says is still owed. On Matches it is the gross too. On Discrepancies it is "
        "what the row's payment was measured against: the gross, except for an invoice its "
        "provider says is partly paid, where it is what is still owed (its Outstanding) when "
        "the row is about the invoice left unsettled (UNPAID_INVOICE, STATUS_CONFLICT) or "
        "about a payment measured against what is still owed (short of it, over it, or in "
        "another currency); a payment for several invoices has their total, each counted so. "
        "The Explanation then names both ('£201.70 still owed of £276.62'), and the figure "
        "will not agree with the invoice's total at the provider. The Invoice Amount of "
        "'Discrepancies by type' above sums that column, so it too counts such an invoice "
        "at what is still owed; Invoiced under 'Totals by provider' is the gross."
    ),
    (
        "Matches: one row per (invoice, statement line) pair. Each invoice's Invoice Amount "
        "and each line's Statement Amount stands on one row of the sheet, so summing either "
        "column (filtered by Invoice Currency or Statement Currency) counts every invoice and "
        "every line once. It stands on the first row of the match whose state the Invoices "
        "and Statement lines sheets show for it (manual, then accepted, auto, suggested); an "
        "invoice or line also in other matches (suggestions competing for one payment, an "
        "invoice paid twice) has that cell empty on their rows, and 'Counted Elsewhere' names "
        "the match whose row carries it. Filtered to State auto, accepted and manual, the "
        "sums are what those matches reconcile, each invoice and line once."
    ),
    (
        "Decision (on Discrepancies): 'accepted' or 'matched by hand' where the accountant "
        "confirmed the very match the row is about, knowing what it pays (short, over, in "
        "another currency); Decided By, Decided At and Decision Note say who, when and why, "
        "and the Explanation ends saying so. Such a discrepancy is still listed, as the "
        "money still differs, but it is no longer counted as still to look at. A blank "
        "Decision: nobody has decided it yet."
    ),
    (
        "Row is the row you see when you open the statement file (the worksheet row for "
        "spreadsheets, the physical line, header included, for text files)."
    ),
    "Totals are per currency; amounts in different currencies are never added together.",
    (
        "Each payment is counted on one discrepancy, so a column's sum counts its money "
        "once: a DUPLICATE_PAYMENT's settlements are not also AMOUNT_MISMATCH, and a "
        "written-off invoice's payment that is also short, over, in another currency or "
        "paid again is its VOID_INVOICE_PAID row alone, carrying those amounts, its "
        "Explanation saying the rest."
    ),
    (
        "Direction keeps apart what we are owed and what we owe, which are never added "
        "together: 'receivable' (invoices we issued) and 'payable' (bills we received), as "
        "each invoice's Direction on the Invoices sheet; 'receivable and payable' for "
        "invoices of both matched together by hand; 'money in, no invoice' and 'money out, "
        "no invoice' for statement lines no invoice explains, which do not cancel out either."
    ),
    (
        "Totals by provider: Invoices and Invoiced count the invoices that expect a payment "
        "(not void, written off, draft or an upcoming preview), the ones Reconciled and Not "
        "Reconciled count, so Invoices = Reconciled + Not Reconciled; Providers used counts "
        "every invoice fetched for the period, for each provider configured (0 where it "
        "returned none), so its rows add up to the Invoices row at the top (an invoice "
        "taken in for a decision is counted on the Invoices taken in row instead). "
        "Difference is what the payments differ by (the Difference of the provider's "
        "discrepancies of every type but LINE_ITEMS_MISMATCH); Line Items "
        "Difference is where invoices' line items disagree with their own amount, which no "
        "payment is short or over by."
    ),
    (
        "Invoices fetched by provider: the period each provider's invoices were fetched for "
        "in full, and whether it holds this report's period. A provider whose fetch failed "
        "or was cancelled keeps what was fetched before; where that does not hold the "
        "period, its invoices of the period are not in this report (Why Not says why), and "
        "a payment of one of them is an UNMATCHED_PAYMENT until they are fetched."
    ),
)


class _Blocks:
    """Appends labelled blocks and small tables to a write-only sheet."""

    def __init__(self, worksheet: Any) -> None:
        self.worksheet = worksheet
        self.cells = CellFactory(worksheet)

    def styled_text(self, text: str, font: Any, fill: Any = None) -> Any:
        cell = self.cells.styled(font=font, fill=fill)
        cell.value = text
        return cell

    def blank(self) -> None:
        self.worksheet.append([])

    def section(self, title: str) -> None:
        self.blank()
        self.worksheet.append([self.styled_text(title, SECTION_FONT)])

    def pair(self, label: str, kind: ColumnKind, value: Any, note: str | None = None) -> None:
        self.worksheet.append([label, self.cells.converter(kind)(value), self.cells.text(note)])

    def table(self, columns: Sequence[tuple[str, ColumnKind]], rows: Iterable[list[Any]]) -> None:
        """A header row, then rows converted column by column (each column styles its own)."""
        header = [self.styled_text(name, HEADER_FONT, HEADER_FILL) for name, _ in columns]
        self.worksheet.append(header)
        converters = [self.cells.converter(kind) for _, kind in columns]
        for row in rows:
            self.worksheet.append(
                [
                    value if isinstance(value, Cell) else convert(value)
                    for convert, value in zip(converters, row, strict=True)
                ]
            )


def write(
    workbook: Any,
    reconciliation: Reconciliation,
    context: ReportContext,
    warnings: warnings_sheet.WarningCount | None = None,
) -> None:
    """The Summary; ``warnings``: what the Import Warnings sheet holds, counted on the
    run facts where it holds anything."""
    worksheet = workbook.create_sheet(SHEET)
    for index, width in enumerate(_WIDTHS, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    blocks = _Blocks(worksheet)
    worksheet.append([blocks.styled_text(TITLE, TITLE_FONT)])
    checked = context.continuity
    if checked is None:
        checked = data.continuity(reconciliation, list(context.statements))
    steps = checked.steps
    # counted in the run facts and listed under the providers: one scan of the invoices
    undocumented = undocumented_statuses(reconciliation.invoices)
    _run(
        blocks,
        reconciliation,
        context,
        steps,
        warnings or warnings_sheet.WarningCount(),
        len(undocumented),
    )
    # each discrepancy's row currencies and differences, for both blocks' totals
    discrepancies = data.filed(reconciliation)
    _discrepancies(blocks, reconciliation, discrepancies)
    _providers(blocks, reconciliation, context, discrepancies, undocumented)
    _not_applied(blocks, context)
    _statements(blocks, reconciliation, context, checked)
    _settings(blocks, context.settings or reconciliation.settings, context.settings_set_aside)
    blocks.section("How to read this workbook")
    for note in NOTES:
        worksheet.append([note])


def _run(
    blocks: _Blocks,
    reconciliation: Reconciliation,
    context: ReportContext,
    steps: Sequence[StatementStep],
    warnings: warnings_sheet.WarningCount,
    undocumented: int,
) -> None:
    generated = context.generated_at
    blocks.blank()
    if context.all_dates:
        blocks.pair("Period from", K.TEXT, ALL_DATES, _all_dates_note(reconciliation))
        blocks.pair("Period to", K.TEXT, ALL_DATES)
    else:
        blocks.pair(
            "Period from",
            K.DATE,
            context.period_from or reconciliation.period_start,
            _period_from_note(context),
        )
        blocks.pair("Period to", K.DATE, context.period_to or reconciliation.period_end)
    # A time with its zone is said in UTC, the cell saying so, as the Audit sheet's Time:
    # one way for the workbook's times (design.md, Dates); one without is kept as given.
    blocks.pair(
        "Generated at", K.DATETIME if generated.tzinfo is None else K.UTC_DATETIME, generated
    )
    blocks.pair("App version", K.TEXT, context.app_version)
    coverage = reconciliation.coverage()
    note = coverage.note("in this report")
    if coverage.nothing_expected:  # a share of nothing is no 100 %: say there was nothing
        blocks.pair("Invoices reconciled", K.TEXT, NOTHING_TO_RECONCILE, note)
    else:
        blocks.pair("Invoices reconciled", K.PERCENT, coverage.share, note)
    # The period's invoices: one taken in for a decision is its own period's to count, as
    # the provider totals and the share leave it out; counted on a row of its own.
    taken = len(reconciliation.taken_in)
    blocks.pair("Invoices", K.INTEGER, len(reconciliation.invoices) - taken)
    if taken:
        blocks.pair(
            TAKEN_IN,
            K.INTEGER,
            taken,
            "not counted in Invoices, which are the period's: taken in from the workspace "
            "for a match of the accountant's on this report's lines (see 'Taken In' on the "
            "Invoices sheet)",
        )
    left_out = len(context.invoice_problems)
    if left_out:
        label = blocks.styled_text(LEFT_OUT, WARNING_FONT)
        note = blocks.cells.text(
            f"not reconciled: see '{LEFT_OUT_SECTION}' below, and look them up at the provider"
        )
        blocks.worksheet.append([label, left_out, note])
    _undocumented_count(blocks, undocumented)
    _not_fetched(blocks, context)
    blocks.pair("Statement lines", K.INTEGER, len(reconciliation.lines))
    if warnings:  # rows left out or read in doubt: the figures rest on them
        _import_warnings(blocks, warnings)
    _outside_period(blocks, reconciliation, context)
    blocks.pair(
        "Discrepancies",
        K.INTEGER,
        len(reconciliation.discrepancies),
        _decided_note(reconciliation),
    )
    gaps = sum(1 for step in steps if not step.follows)
    if gaps:  # each file's bridge may tie on its own: the gap between two is said here
        label = blocks.styled_text(BREAKS, WARNING_FONT)
        note = blocks.cells.text(f"{_kinds_of_breaks(steps)}: see '{CONTINUITY}' below")
        blocks.worksheet.append([label, gaps, note])
    review = sum(1 for row in context.audit if row.needs_review)
    if review:  # decisions in force on invoices changed since: not settled as they read
        label = blocks.styled_text(NEEDING_REVIEW, WARNING_FONT)
        note = blocks.cells.text(
            "their invoices changed at the provider after they were made: see 'Needs "
            "Review' on the Audit sheet, and decide them again in the window"
        )
        blocks.worksheet.append([label, review, note])
    _not_applied_count(blocks, reconciliation, context)
    set_aside = len(context.settings_set_aside)
    if set_aside:  # the defaults "Settings used" shows for them are not what was saved
        label = blocks.styled_text(SETTINGS_SET_ASIDE, WARNING_FONT)
        note = blocks.cells.text(
            f"matching {plural(set_aside, 'setting', 'settings')} stored in the workspace "
            f"that this version refuses: the run used the {plural(set_aside, 'default', 'defaults')} "
            f"instead; see '{SETTINGS_USED}' below"
        )
        blocks.worksheet.append([label, set_aside, note])


def _decided_note(reconciliation: Reconciliation) -> str | None:
    """How many of the discrepancies the accountant decided (``Discrepancy.decided``) and
    how many are still to look at, where any was decided; None where none was (every
    one is then still to look at, as the count alone says)."""
    discrepancies = reconciliation.discrepancies
    decided = sum(1 for d in discrepancies if d.decided is not None)
    if not decided:
        return None
    left = len(discrepancies) - decided
    return (
        f"{decided:,} accepted by the accountant (see Decision on the Discrepancies sheet); "
        f"{left:,} still to look at"
    )


def _undocumented_count(blocks: _Blocks, count: int) -> None:
    """The run facts' "Invoices of undocumented status": invoices in the report (its
    Invoices sheet's rows) whose provider gave a status word it does not document. Unlike
    those left out they are reconciled, as still owed, which may be wrong either way: a
    finding to look up at the provider, in the warning font."""
    if not count:
        return
    label = blocks.styled_text(UNDOCUMENTED, WARNING_FONT)
    note = blocks.cells.text(
        f"in this report with status unknown (their provider's status word is not one it "
        f"documents) and reconciled as still owed: see '{UNDOCUMENTED_SECTION}' below, and "
        "look them up at the provider"
    )
    blocks.worksheet.append([label, count, note])


def _not_applied_count(
    blocks: _Blocks, reconciliation: Reconciliation, context: ReportContext
) -> None:
    """The run facts' "Decisions not applied": the accountant's decisions in force this
    run did not apply (``Reconciliation.not_applied``, as many as its settings count), a
    finding to look at, not a setting. Where some of them name nothing in the report
    (another period's invoices and lines), the Audit sheet does not list them, and the
    note says how many those are rather than leave the count unexplained."""
    count = len(reconciliation.not_applied)
    if not count:
        return
    listed = sum(1 for row in context.audit if row.not_applied)
    label = blocks.styled_text(NOT_APPLIED, WARNING_FONT)
    said = (
        f"{plural(count, 'a decision', 'decisions')} of the accountant's in force that "
        f"this run did not apply, as an invoice or statement line "
        f"{plural(count, 'it names', 'each names')} is not in this report"
    )
    if listed:
        said += (
            f": see '{NOT_APPLIED_SECTION}' below, and '{audit_sheet.NOT_APPLIED}' on the "
            "Audit sheet"
        )
    unlisted = count - listed
    if unlisted:
        said += (
            f"; {'it names' if count == 1 else f'{unlisted:,} of them name'} no invoice or "
            "line of this report (another period's), so the Audit sheet does not list "
            f"{plural(unlisted, 'it', 'them')}"
        )
    blocks.worksheet.append([label, count, blocks.cells.text(said)])


def _not_applied(blocks: _Blocks, context: ReportContext) -> None:
    """Each decision the run did not apply that the Audit sheet lists: what it decided,
    who and when, the note given, and which of its invoices or lines the report lacks and
    what that means, where the Summary's findings are read."""
    rows = [row for row in context.audit if row.not_applied]
    if not rows:
        return
    blocks.section(NOT_APPLIED_SECTION)
    blocks.table(
        _NOT_APPLIED_COLUMNS,
        (
            [
                row.entry,
                row.time,
                row.user,
                row.action,
                row.invoice_numbers,
                row.line_keys,
                row.reason,
                row.not_applied,
            ]
            for row in rows
        ),
    )


def _import_warnings(blocks: _Blocks, warnings: warnings_sheet.WarningCount) -> None:
    """The run facts' "Import warnings": how many the imports gave, with what they are.
    Where a statement's are not known (a workspace stored it before format 10 kept
    them), the row says so in words of its own: counted with the warnings, its row on
    the sheet read as a warning, and worded as they are, as a count of them. Where
    every row is such a statement's, the count itself reads "not known", not a number."""
    label = blocks.styled_text(IMPORT_WARNINGS, WARNING_FONT)
    sheet = warnings_sheet.SHEET
    said = (
        "what the import said of the statements' rows and cells (rows left out, cells "
        "not read, signs or dates in doubt)"
    )
    unknown = warnings.not_known
    if not unknown:
        note = f"{said}: see the {sheet} sheet"
    elif warnings.warnings:
        note = (
            f"{said}: see the {sheet} sheet; not known for {counted(unknown, 'statement')} "
            "the workspace stored before it kept them, so there may be more"
        )
    else:
        note = (
            f"not known for {counted(unknown, 'statement')} the workspace stored before it "
            f"kept import warnings (see the {sheet} sheet): remove "
            f"{plural(unknown, 'it', 'them')} and import {plural(unknown, 'it', 'them')} "
            "again to list them"
        )
    count: Any = warnings.warnings if warnings.warnings else NOT_KNOWN
    blocks.worksheet.append([label, count, blocks.cells.text(note)])


def _outside_period(
    blocks: _Blocks, reconciliation: Reconciliation, context: ReportContext
) -> None:
    """The lines dated outside the period fetched, where any are: matched with its
    invoices all the same, as the window matches them, so those paying none are unmatched
    payments perhaps only because their invoices were not fetched. Said here, naming the
    period, so the count of unmatched payments is not taken for the month's."""
    if context.all_dates:
        return
    start, end = context.period_from, context.period_to
    outside = context.outside
    if outside is None:
        outside = outside_period(reconciliation, start, end)
    if not outside.lines:
        return
    unmatched = outside.unmatched
    label = blocks.styled_text(OUTSIDE_PERIOD, WARNING_FONT)
    said = (
        f"; {unmatched:,} that {plural(unmatched, 'pays', 'pay')} none of them "
        f"{plural(unmatched, 'is', 'are')} UNMATCHED_PAYMENT on the Discrepancies sheet, "
        "perhaps for want of an invoice not fetched: fetch a period taking in their dates "
        "to reconcile them"
        if unmatched
        else "; each pays one of them"
    )
    note = blocks.cells.text(
        f"dated outside the period fetched ({period_text(start, end)}), and matched with "
        f"its invoices all the same{said}"
    )
    blocks.worksheet.append([label, len(outside.lines), note])


def _not_fetched(blocks: _Blocks, context: ReportContext) -> None:
    """The providers whose invoices of the period are not all in the report, counted and
    named where the eye falls first: their payments are otherwise UNMATCHED_PAYMENT rows
    that read as if no invoice existed."""
    missing = [fetch.provider for fetch in context.fetches if not fetch.for_period]
    if not missing:
        return
    label = blocks.styled_text(NOT_FETCHED, WARNING_FONT)
    note = blocks.cells.text(
        f"{and_list(missing)}: {plural(len(missing), 'its', 'their')} invoices of the period "
        "are not (all) in this report, so a payment of one shows as an UNMATCHED_PAYMENT: see "
        f"'{FETCHES_SECTION}' below for why, and fetch again"
    )
    blocks.worksheet.append([label, len(missing), note])


def _all_dates_note(reconciliation: Reconciliation) -> str:
    """Why the period is no dates: every invoice was fetched, whenever issued; and the
    statements' own dates, which the invoices were not bound by."""
    note = "invoices of every date were fetched"
    start, end = reconciliation.period_start, reconciliation.period_end
    if start is None or end is None:
        return note
    return f"{note}; the statements run from {start.isoformat()} to {end.isoformat()}"


def _period_from_note(context: ReportContext) -> str | None:
    """Where the period began at the statements' first date: that invoices issued before
    it were not fetched, and how many payments received early in it are unmatched
    (``domain.period.early_unmatched_payments``, counted by the caller). The workbook is
    read apart from whatever made it, so its remedy names both ways to fetch earlier."""
    early = context.early_unmatched
    if early is None or context.period_from is None:
        return None
    taken = "the statements' first date: invoices issued before it were not fetched"
    if not early:
        return taken
    payments, are = plural(early, "payment"), plural(early, "is", "are")
    return (
        f"{taken}, and {early:,} {payments} received in its first {EARLY_PAYMENT_DAYS} days {are} "
        "unmatched: fetch from an earlier start (reconcile's --from, the window's Fetch "
        "invoices) if they pay such invoices"
    )


def _discrepancies(
    blocks: _Blocks, reconciliation: Reconciliation, discrepancies: list[data.Filed]
) -> None:
    blocks.section("Discrepancies by type")
    rows = (
        [
            t.type.value,
            None if t.side is None else t.side.value,
            t.type.severity.value,
            t.count,
            t.currency,
            *(_money(amount, t.currency) for amount in _type_amounts(t)),
        ]
        for t in data.totals_by_type(reconciliation, discrepancies)
    )
    blocks.table(_TYPE_COLUMNS, rows)


def _type_amounts(totals: data.TypeTotals) -> tuple[Decimal, ...]:
    return (totals.invoice_amount, totals.paid_amount, totals.difference, totals.statement_amount)


def _money(amount: Decimal, currency: str | None) -> Any:
    return amount_value(amount, currency)


def _providers(
    blocks: _Blocks,
    reconciliation: Reconciliation,
    context: ReportContext,
    discrepancies: list[data.Filed],
    undocumented: Sequence[UndocumentedStatus],
) -> None:
    blocks.section("Totals by provider")
    rows = (
        [
            t.provider,
            t.currency,
            t.invoices,
            _money(t.invoiced, t.currency),
            t.reconciled,
            t.not_reconciled,
            t.discrepancies,
            _money(t.difference, t.currency),
            _money(t.line_items_difference, t.currency),
        ]
        for t in data.totals_by_provider(reconciliation, discrepancies)
    )
    blocks.table(_PROVIDER_COLUMNS, rows)
    blocks.section("Providers used")
    provider_rows = ([p.name, p.kind, p.invoice_count] for p in context.providers)
    blocks.table((("Provider", K.TEXT), ("Kind", K.TEXT), ("Invoices", K.INTEGER)), provider_rows)
    if context.fetches:
        blocks.section(FETCHES_SECTION)
        blocks.table(_FETCH_COLUMNS, (_fetch_row(blocks, fetch) for fetch in context.fetches))
    if context.invoice_problems:
        blocks.section(LEFT_OUT_SECTION)
        problem_rows = (
            [p.provider, p.invoice_id, p.number, p.reason] for p in context.invoice_problems
        )
        blocks.table(_PROBLEM_COLUMNS, problem_rows)
    if undocumented:
        blocks.section(UNDOCUMENTED_SECTION)
        blocks.table(
            _UNDOCUMENTED_COLUMNS,
            ([u.provider, u.invoice_id, u.number, u.word or None, u.said] for u in undocumented),
        )


def _fetch_row(blocks: _Blocks, fetch: ProviderFetchStatus) -> list[Any]:
    """A provider's fetch: the period its invoices were fetched for (empty where none
    was; 'all dates' for every date, 'open' at an unbounded end), and whether it holds
    the report's period."""
    period = fetch.fetched
    if period is None:
        bounds: list[Any] = [None, None]
    elif period.all_dates:
        bounds = [blocks.styled_text(ALL_DATES, None), blocks.styled_text(ALL_DATES, None)]
    else:
        bounds = [
            blocks.styled_text(OPEN_BOUND, None) if day is None else day
            for day in (period.start, period.end)
        ]
    answer = "yes" if fetch.for_period else "no"
    return [fetch.provider, *bounds, fetch.fetched_at, answer, fetch.why_not]


def _statements(
    blocks: _Blocks,
    reconciliation: Reconciliation,
    context: ReportContext,
    checked: Continuity,
) -> None:
    blocks.section("Statements used")
    parts = data.statement_parts(reconciliation, list(context.statements))
    blocks.table(_STATEMENT_COLUMNS, (_statement_row(part) for part in parts))
    _bridge(blocks, data.bridge(reconciliation, list(context.statements), parts), context)
    _continuity(blocks, checked)


def _statement_row(part: data.StatementPart) -> list[Any]:
    """A row of "Statements used": a file's, or one account's statement of a file of
    several, with that account's lines, currency and balances, as its balance bridge
    has them (``summary_data.part_currency``: the file's main currency would be the
    currency of one account's balances alone). A statement whose lines are in several
    currencies names each after its balances' (``StatementPart.currencies``)."""
    currency = part.currency
    return [
        part.statement.source_file,
        part.account,
        part.count,
        ", ".join(part.currencies) or None,
        _balance(part.opening, currency),
        _balance(part.closing, currency),
        part.statement.sha256,
    ]


def _bridge(blocks: _Blocks, bridge: Sequence[data.BridgeRow], context: ReportContext) -> None:
    blocks.section("Balance bridge (opening + matched + unmatched movements = closing)")
    if not bridge:
        blocks.worksheet.append(["No statement states its balances, so there is no bridge."])
        return
    # A file of several accounts has a row for each: its Account column says whose.
    # Only then, so that a report of one account's files is laid out as it always was.
    per_account = any(row.per_account for row in bridge)
    columns = (*_BRIDGE_COLUMNS, ("Account", K.TEXT)) if per_account else _BRIDGE_COLUMNS
    files = {statement.source_file: statement.account for statement in context.statements}
    accounts = (row.account if row.per_account else files.get(row.statement) for row in bridge)
    blocks.table(
        columns,
        (
            [*_bridge_row(blocks, row), *((account or NO_ACCOUNT,) if per_account else ())]
            for row, account in zip(bridge, accounts, strict=True)
        ),
    )
    for row in bridge:
        named = _bridged(row)
        if row.other_currency_lines == 1:
            note = f"{named}: 1 line in another currency is not in its bridge."
            blocks.worksheet.append([blocks.cells.text(note)])
        elif row.other_currency_lines:
            note = f"{named}: {row.other_currency_lines} lines in other currencies"
            blocks.worksheet.append([blocks.cells.text(f"{note} are not in its bridge.")])
        if row.missing_repeats == 1:
            note = (
                f"{named}: 1 line repeats a line of a statement no longer in the "
                "workspace, so its bridge leaves it out."
            )
            blocks.worksheet.append([blocks.cells.text(note)])
        elif row.missing_repeats:
            note = (
                f"{named}: {row.missing_repeats} lines repeat lines of a statement "
                "no longer in the workspace, so its bridge leaves them out."
            )
            blocks.worksheet.append([blocks.cells.text(note)])


def _kinds_of_breaks(steps: Sequence[StatementStep]) -> str:
    """What the breaks are, in words: movements missing between statements, two that
    overlap disagreeing (a corrected download held beside the one it corrects), or both."""
    kinds = {step.disagreement is not None for step in steps if not step.follows}
    said = []
    if False in kinds:
        said.append("movements are missing between statements of one account")
    if True in kinds:
        said.append("statements of one account that overlap disagree")
    return ", and ".join(said)


def _continuity(blocks: _Blocks, checked: Continuity) -> None:
    """Each pair of one account's statements compared, then each break in words: a file's
    bridge can tie while the movements between it and the next file are missing. Then
    each pair not compared because the two clash: where nothing else was compared, "no
    two state the balances to compare" would be said of two files that state them."""
    blocks.section(CONTINUITY)
    steps = checked.steps
    if steps:
        blocks.table(_CONTINUITY_COLUMNS, (_continuity_row(blocks, step) for step in steps))
    elif not checked.clashes:
        blocks.worksheet.append(
            [
                blocks.cells.text(
                    "No two statements of one account state the balances to compare, so "
                    "none is compared with another."
                )
            ]
        )
    for step in steps:
        if not step.follows:
            blocks.worksheet.append([blocks.cells.text(str(step))])
    for clash in checked.clashes:
        blocks.worksheet.append([blocks.cells.text(str(clash))])


def _continuity_row(blocks: _Blocks, step: StatementStep) -> list[Any]:
    """A pair's row. Two that disagree leave Missing Movements blank: the later opened
    where the earlier left, so no amount is missing between them, yet they differ on a
    later day; a 0.00 there read as "nothing missing" where nothing was measured. Its
    Currency is the one the two were compared in; each balance is in the currency its
    own statement states, a file stating none (compared in its account's one currency)
    plain, as its "Statements used" and bridge rows show it, and so the difference too
    (``continuity``: never in a currency the file did not state)."""
    follows: Any = "yes"
    missing = _balance(step.missing, step.missing_currency)
    if step.disagreement is not None:
        follows = blocks.styled_text("NO: the statements disagree", WARNING_FONT)
        missing = None
    elif not step.follows:
        follows = blocks.styled_text("NO: movements missing", WARNING_FONT)
    return [
        step.account or NO_ACCOUNT,
        step.currency,
        step.earlier.source_file,
        step.carried_on,
        _balance(step.carried, step.earlier.currency),
        step.later.source_file,
        step.later.first_date,
        _balance(step.opening, step.later.currency),
        missing,
        follows,
    ]


def _bridged(row: data.BridgeRow) -> str:
    """The statement a bridge row is of, in a note under the bridge: its file, and the
    account's statement of a file of several (``camt.xml, account GB29…``)."""
    if not row.per_account:
        return row.statement
    return f"{row.statement}, account {row.account or NO_ACCOUNT}"


def _bridge_row(blocks: _Blocks, row: data.BridgeRow) -> list[Any]:
    amounts = (row.opening, row.matched, row.unmatched, row.computed_closing, row.closing)
    ties: Any
    if row.ties is None:
        # Which balance the statement left out (``bridge`` lists only statements that
        # state one): an OFX file states its closing balance alone, and "balance not
        # stated" beside the closing balance it shows read as a contradiction.
        ties = "opening balance not stated" if row.opening is None else "closing balance not stated"
    elif row.ties:
        ties = "yes"
    else:
        ties = blocks.styled_text("NO: does not tie", WARNING_FONT)
    return [
        row.statement,
        row.currency,
        *(_balance(amount, row.currency) for amount in amounts),
        _balance(row.difference, row.currency),
        ties,
    ]


def _balance(amount: Decimal | None, currency: str | None) -> Any:
    return None if amount is None else amount_value(amount, currency)


def _settings(
    blocks: _Blocks,
    settings: Mapping[str, Any],
    set_aside: Sequence[tuple[str | None, str]] = (),
) -> None:
    """The settings the run matched with; where stored ones were refused and set aside
    (``ReportContext.settings_set_aside``), a Note beside the default shown for each says
    so, in the window's and the command line's words, and one about them all follows the
    table. The section showed the defaults used as if they were what the workspace kept."""
    blocks.section(SETTINGS_USED)
    # What the run counted of decisions it did not apply is no setting: the run facts
    # say it, naming them (``_not_applied_count``).
    settings = {key: value for key, value in settings.items() if key != DECISIONS_NOT_APPLIED}
    if not settings:
        blocks.worksheet.append(["(defaults)"])
        return
    flat = list(flatten_settings(settings))
    notes = {name: _sentence(said) for name, said in set_aside if name is not None}
    shown = {key for key, _ in flat}
    if not notes.keys() & shown:
        blocks.table((("Setting", K.TEXT), ("Value", K.TEXT)), ([k, v] for k, v in flat))
    else:
        columns = (("Setting", K.TEXT), ("Value", K.TEXT), ("Note", K.TEXT))
        blocks.table(columns, ([k, v, notes.get(k)] for k, v in flat))
    for name, said in set_aside:  # about them all, or a setting the table does not show
        if name is None or name not in shown:
            label = blocks.styled_text(SETTINGS_SET_ASIDE, WARNING_FONT)
            blocks.worksheet.append([label, blocks.cells.text(_sentence(said))])


def _sentence(said: str) -> str:
    """A warning's words (lower case, for the command line's "warning: ") as a note."""
    return f"{capitalised(said)}."


def flatten_settings(settings: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Nested settings as dotted keys with printable values, in the caller's order."""
    for key, value in settings.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten_settings(value, f"{name}.")
        else:
            yield name, printable(value)


def printable(value: Any) -> str:
    """A setting's value as the accountant reads it: not Python's words ('None' for a
    default currency left unset, 'True')."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(printable(item) for item in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
