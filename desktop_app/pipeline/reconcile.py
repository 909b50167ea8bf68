"""The month-end job: import statements, fetch invoices, match, write the workbook.

Order matters for the contract: statements are imported first (they are local, fail fast,
and their date range is the default fetch window where a workspace holds no period: one it
holds is the period under review in the window, and the default), providers are fetched
next, and the report is written last, so any failure leaves no report behind. Every refusal
that does not need the invoices is made before the fetch, which may take minutes: a report
folder that does not exist or cannot be written to (a read-only disk: a file is made and
removed there to know), a report there open in Excel or LibreOffice (its lock file beside
it), a statement the workspace would refuse or holds read differently, a
provider's secret not set (``_refuse_before_fetch``). With a workspace, the run's invoices,
statements and engine matches are kept, the accountant's decisions in it are respected by
the matcher and listed on the Audit sheet, and the matching settings saved in it (the
window's Settings) are the ones matched with, as in the window.

A workspace is the month's book: the run reconciles every statement it holds, not only
those given, as the window's run and export do. Its decisions name lines of every held
statement; matched against the given files' lines alone, an invoice the accountant settled
on a held statement would be reported unpaid while the Audit sheet says the decision binds.
"""

from __future__ import annotations

import functools
import itertools
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop_app.async_run import run_boxed
from desktop_app.domain import (
    CancelToken,
    Decision,
    FetchPeriod,
    InvoiceProblem,
    LineKey,
    ProgressCallback,
    Reconciliation,
    StatementLine,
    early_unmatched_payments,
    fetched_from_statements,
    no_progress,
)
from desktop_app.domain.period import OutsidePeriod, outside_period
from desktop_app.domain.provider_fetch import after_fetch
from desktop_app.export import (
    AuditRow,
    ReportContext,
    StatementUsed,
    providers_used,
    write_report,
)
from desktop_app.export.atomic import check_target
from desktop_app.export.summary_data import continuity
from desktop_app.fetch_coverage import statuses
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.saved import SETTINGS_KEY as SAVED_SETTINGS_KEY
from desktop_app.matching.saved import (
    changed_from_defaults,
    read_stored,
    set_aside_named,
    unknown_said,
)
from desktop_app.pipeline.audit import DecisionsNotApplied, report_audit
from desktop_app.pipeline.statements import ImportedStatements, import_statements
from desktop_app.providers import (
    FetchResult,
    ProviderConfig,
    ProviderFailure,
    fetch_all,
    load_config,
)
from desktop_app.providers.secret_check import missing_secrets
from desktop_app.secrets import EnvSecretSource, SecretSource
from desktop_app.statements import Mapping as StatementMapping
from desktop_app.statements import RowWarning, StatementImport
from desktop_app.statements.covered import stated_in_layout, statements_range
from desktop_app.statements.mapping_currency import (
    MappedCurrencyAsFallback,
    mapped_currency_as_fallback,
)
from desktop_app.statements.profiles import BackedProfileStore
from desktop_app.statements.same_statement import SameStatement
from desktop_app.workspace import (
    StatementRecord,
    Workspace,
    WorkspaceError,
    WorkspaceGoneError,
    current_user,
)
from desktop_app.workspace.new_reading import described
from desktop_app.workspace.statement_store import WINDOW_REMOVAL, statement_of_file

# A file's stored lines in the workspace, by its name (``Workspace.load_lines``, kept).
StoredLines = Callable[[str], Sequence[StatementLine]]


class StatementReadDifferentlyError(WorkspaceError):
    """A statement the workspace holds reads differently in this run; nothing is kept."""


class ProviderFetchFailedError(Exception):
    """A provider could not be read after retries; the message names it and the reason."""


class NoStatementsError(Exception):
    """Nothing to reconcile: no statement given, and no workspace holding one."""


class ReportReplacesStatementError(Exception):
    """``out`` is the file a statement the workspace holds was imported from: the report
    would replace the bank's file. Refused before anything is read or fetched."""


class PeriodError(Exception):
    """The one bound asked for and the default for the other (the workspace's period, or
    the statements' dates) cross: fetching such a window is impossible, and guessing the
    missing bound could fetch years."""


class PeriodFrom(StrEnum):
    """Where a bound of the period fetched came from, for the run to say."""

    GIVEN = "given"  # --from / --to
    HELD = "held"  # the period the workspace held: the one under review in the window
    STATEMENTS = "statements"  # the dates the run's statements cover (past the held period)


@dataclass(frozen=True, slots=True)
class RunPeriod:
    """The period the run fetched invoices for, where each bound came from, and the
    period the workspace held before the run (None without a workspace, or for one that
    held none: a new one). A workspace's period is the one under review in the window, so
    a run given no --from/--to fetches that one (widened to the statements' dates where
    they run past it), and one given another replaces it: the run says which it did."""

    start: date | None
    end: date | None
    start_from: PeriodFrom
    end_from: PeriodFrom
    held: FetchPeriod | None = None

    @property
    def fetched(self) -> FetchPeriod:
        return FetchPeriod(self.start, self.end)

    @property
    def replaces_held(self) -> bool:
        """Whether the run changed the workspace's period (the window then says so)."""
        return self.held is not None and self.held != self.fetched


@dataclass(frozen=True, slots=True)
class ReconcileRequest:
    config: Path
    statements: Sequence[Path]
    out: Path
    date_from: date | None = None
    date_to: date | None = None
    workspace: Path | None = None
    default_currency: str | None = None
    # The settings to match with, overriding the workspace's saved ones (as an option on
    # the command line would); None: the workspace's (``matching.saved``), else defaults.
    settings: MatchSettings | None = None
    # One per statement, or none: a file's mapping (the CLI's --mapping after its --statement).
    mappings: Sequence[StatementMapping | None] = ()
    # The accountant's locale, which a guessed day/month order follows (as ``statement``).
    locale_hint: str | None = None


@dataclass(frozen=True, slots=True)
class UnstatedCurrency:
    """A statement read with lines in no currency: no currency column or cell gave theirs,
    the file states none, and none was given for it (a mapping's, the run's default).
    They are compared with invoices in any currency, so one paid in another currency is
    not told; the run says so rather than match them quietly."""

    source_file: str
    unstated: int  # its lines in no currency
    lines: int  # all its lines
    # A statement the workspace holds beyond those given: its lines are matched as they
    # were stored, so the run's --currency does not reach them.
    held: bool = False


@dataclass(frozen=True, slots=True)
class ReconcileOutcome:
    report: Path
    reconciliation: Reconciliation
    period: tuple[date | None, date | None]
    duplicates_skipped: int
    # Payments received unmatched in the first month of a period that began at the
    # statements' first date (no --from): they may pay invoices issued earlier, which were
    # not fetched (``domain.period.early_unmatched_payments``).
    early_unmatched: int = 0
    # Invoices a provider returned that could not be used: listed on the Summary sheet.
    problems: tuple[InvoiceProblem, ...] = ()
    # The Audit sheet's decisions in force whose invoice changed at the provider after
    # they were made (their Needs Review says what): counted on the Summary sheet.
    needing_review: tuple[AuditRow, ...] = ()
    # Each pair of the run's statements of one account that do not follow each other (the
    # later does not open at the balance the earlier left, or two that overlap disagree on
    # a day both cover), then each pair not compared because they clash, in words after
    # what kind it is (``Continuity.said``): on the Summary too, in the same words.
    statement_breaks: tuple[str, ...] = ()
    # The statements given that are one held (in the workspace, or given before them in
    # the run) under another name, its bytes or its lines, every one: they added nothing.
    same_statements: tuple[SameStatement, ...] = ()
    # Each statement of the run with lines in no currency, once: those given in the order
    # given, then those the workspace holds beyond them in its order.
    unstated_currency: tuple[UnstatedCurrency, ...] = ()
    # The workspace's statements the run reconciled beyond those given (each with its
    # file's line count), in the order imported: the run covers the whole book.
    held: tuple[StatementUsed, ...] = ()
    # The workspace's saved matching settings the run matched with that are not the
    # engine's defaults, by name (as the Summary's "Settings used" names them).
    saved_settings: Mapping[str, Any] = field(default_factory=dict)
    # The run's lines dated outside the period fetched (with how many pay none of its
    # invoices), and how many of them are of the statements held beyond those given.
    outside_period: OutsidePeriod = field(default_factory=OutsidePeriod)
    held_outside: int = 0
    # What the import said of rows and cells of the statements read in this run (a csv
    # cut short, a cell not read, an amount with more decimals than its currency), as
    # ``statement`` lists them, each file's in its order, a file given twice once: the
    # run's log must say so, not only the statement command.
    row_warnings: tuple[RowWarning, ...] = ()
    # The statements given whose --mapping's currency is only the fallback of lines
    # whose currency cell is blank, as the file has a currency column, in the order given.
    mapped_currency_fallbacks: tuple[MappedCurrencyAsFallback, ...] = ()
    # ``period`` with where it came from, and the workspace's before the run.
    run_period: RunPeriod | None = None
    # The warnings on the workspace's stored matching settings the run did not match
    # with: each value this version refuses, set aside for its default (the run goes on,
    # as the window opens the workspace), then those it does not know, ignored. Each
    # names the workspace; what is stored is left as it is.
    settings_warnings: tuple[str, ...] = ()
    # The decisions in force the run did not apply, as the Summary's section and the
    # Audit sheet's Not Applied say them (``DecisionsNotApplied``): none without one.
    not_applied: DecisionsNotApplied = field(default_factory=lambda: DecisionsNotApplied(()))


def run_reconcile(
    request: ReconcileRequest,
    *,
    secrets: SecretSource | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ReconcileOutcome:
    if not request.statements and (request.workspace is None or not request.workspace.exists()):
        # The one check that --statement is required (the command line leaves it here):
        # made before the config is read, as a usage error comes before a bad config, and
        # before a workspace is made, as a run with nothing to reconcile leaves none.
        raise NoStatementsError(_nothing_to_reconcile(request.workspace))
    configs = load_config(request.config)
    # Before a workspace is made: a run refused leaves none behind. A probe, as a folder
    # that cannot be written (a read-only disk) would otherwise be found after the fetch.
    check_target(request.out, probe=True)
    workspace = Workspace.open_or_create(request.workspace) if request.workspace else None
    try:
        outcome = _run(request, configs, workspace, secrets or EnvSecretSource(), progress, cancel)
        if workspace is not None:
            _refuse_if_gone(workspace, outcome.report)
        return outcome
    finally:
        if workspace is not None:
            workspace.close()


def _refuse_if_gone(workspace: Workspace, report: Path) -> None:
    """A workspace whose file was removed or replaced during the run (a fetch takes
    minutes) after the run kept its invoices, statements and matches in it: the run is
    kept in a file no one can open once it closes, so the run fails, saying so, although
    its report was written (``WorkspaceGoneError.report``). A change tried after the file
    went is refused by the workspace itself, and fails the run the same way."""
    gone = workspace.gone()
    if gone is not None:
        raise WorkspaceGoneError(workspace.path, gone, report)


def _run(
    request: ReconcileRequest,
    configs: list[ProviderConfig],
    workspace: Workspace | None,
    secrets: SecretSource,
    progress: ProgressCallback,
    cancel: CancelToken | None,
) -> ReconcileOutcome:
    # The workspace's statements before the run, read once: to refuse a report named as
    # one's original, then for those the run adds to the ones given.
    book: tuple[StatementRecord, ...] = ()
    # The period under review in the window, the run's default where it holds one.
    held_period: FetchPeriod | None = None
    if workspace is not None:
        book = workspace.statements()
        _refuse_replacing_held(request.out, book, workspace.path)
        held_period = workspace.fetch_period()
    # Read before anything is kept: a damaged setting refuses the run with the workspace
    # as it was, as the refusal says.
    settings, settings_warnings, set_aside = _match_settings(request, workspace)
    progress(0, None, "importing statements")
    imported = import_statements(
        list(request.statements),
        default_currency=request.default_currency,
        profiles=BackedProfileStore(workspace.profiles) if workspace else None,
        mappings=request.mappings,
        locale_hint=request.locale_hint,
    )
    # The held statements the run adds to those given, read before the fetch: their dates
    # are the statements' too, so the default period covers them.
    held: tuple[StatementRecord, ...] = ()
    stored: StoredLines | None = None
    if workspace is not None:
        # A held file's stored lines are read once in the run: for the period, to check a
        # file read again against them, then to match its lines as stored. Keeping them is
        # safe because an import only adds files: nothing stored under a file held changes.
        stored = functools.cache(workspace.load_lines)
        held = _held_beyond(book, imported)
        if not held and not imported.imports:
            raise NoStatementsError(_nothing_to_reconcile(workspace.path))
        _refuse_before_fetch(workspace, imported, stored)
    _raise_on_failure(missing_secrets(configs, secrets))
    held_lines = (line for record in held for line in stored(record.source_file)) if stored else ()
    stated = {statement.source_file: statement.stated for statement in imported.imports}
    stated.update((record.source_file, stated_in_layout(record.layout)) for record in held)
    covered = statements_range(itertools.chain(imported.lines, held_lines), stated)
    period = _period(request, covered, held_period)
    date_from, date_to = period.start, period.end
    progress(0, None, f"fetching invoices {date_from or '…'} to {date_to or '…'}")
    fetched = run_boxed(
        fetch_all(
            configs,
            date_from=date_from,
            date_to=date_to,
            secrets=secrets,
            progress=progress,
            cancel=cancel,
        )
    )
    if fetched.cancelled and cancel is not None:
        # A report on some providers' invoices would list the others' payments as
        # unmatched: a cancelled run stops here, as it does at any other step.
        cancel.raise_if_cancelled()
    _raise_on_failure(fetched.failures)
    invoices = fetched.all_invoices()
    decisions: tuple[Decision, ...] = ()
    lines = imported.lines
    repeats = {duplicate.line.key: duplicate.same_as.key for duplicate in imported.duplicates}
    same = imported.same
    if workspace is not None and stored is not None:
        # The decisions are read in the keep's transaction: a damaged one refuses the run
        # with the workspace as it was, as the refusal says, not holding this run's files.
        with workspace.batch():
            repeats, same = _keep_in_workspace(workspace, fetched, imported, stored)
            decisions = workspace.effective_decisions()
        # Every line the workspace holds, as stored and in its order, as the window
        # matches them: the held statements' and the given files' (a line repeating one
        # held is matched as that line, which the accountant's decisions name).
        lines = tuple(line for name in workspace.statement_files() for line in stored(name))
    saved = request.settings is None and workspace is not None  # matched with its settings
    result = reconcile(
        invoices,
        lines,
        settings=settings,
        decisions=decisions,
        progress=progress,
        cancel=cancel,
        # A match of the accountant's on an invoice of an earlier, wider fetch stands.
        held=workspace.invoices_named if workspace is not None else None,
        # ... and one on an invoice its provider no longer returns keeps its lines for review.
        gone=workspace.invoices_gone if workspace is not None else None,
    )
    audit: tuple[AuditRow, ...] = ()
    if workspace is not None:
        workspace.record_engine_matches(result.matches)
        audit = report_audit(workspace, result)
    # What the report and the outcome say of each held statement, built once for both.
    kept = workspace.import_warnings() if held and workspace is not None else {}
    held_used = tuple(
        StatementUsed.of_record(record, kept.get(record.source_file)) for record in held
    )
    context = _context(
        configs,
        fetched,
        result,
        imported,
        (date_from, date_to),
        audit,
        result.settings,
        repeats,
        (book, held_used),
    )
    # Where the period begins at the statements' first date (by default, or as the
    # period the workspace holds begins), payments early in it may pay invoices issued
    # before it, not fetched: counted as the window counts them. Not after a --from.
    early_from = None
    if request.date_from is None:
        first = covered[0] if covered else None
        early_from = fetched_from_statements(period.fetched, result, first)
    if early_from is not None:
        context = replace(context, early_unmatched=early_unmatched_payments(result, early_from))
    if set_aside:  # said in the Summary beside the defaults used for them
        context = replace(context, settings_set_aside=set_aside)
    # Compared once, for the Summary and for the warnings on stderr; so too the lines
    # outside the period, matched all the same, as the window matches every line it
    # holds (``dated_outside``).
    checked = continuity(result, list(context.statements))
    outside = outside_period(result, date_from, date_to)
    context = replace(context, continuity=checked, outside=outside)
    progress(0, None, f"writing {request.out.name}")
    report = write_report(result, request.out, context=context, progress=progress, cancel=cancel)
    early = context.early_unmatched or 0
    beyond = {record.source_file for record in held}
    return ReconcileOutcome(
        report,
        result,
        (date_from, date_to),
        len(imported.duplicates),
        early,
        fetched.problems,
        tuple(row for row in audit if row.needs_review),
        tuple(said.warning for said in checked.said),
        same,
        _unstated_currency(imported, held, stored),
        held_used,
        changed_from_defaults(settings) if saved else {},
        outside,
        sum(line.source_file in beyond for line in outside.lines),
        _row_warnings(imported),
        _mapped_currency_fallbacks(imported, request.mappings),
        period,
        settings_warnings,
        DecisionsNotApplied.of(result, audit),
    )


def _mapped_currency_fallbacks(
    imported: ImportedStatements, mappings: Sequence[StatementMapping | None]
) -> tuple[MappedCurrencyAsFallback, ...]:
    """Each statement given with a mapping's currency and a currency column of its own."""
    chosen = mappings or [None] * len(imported.imports)
    found = (
        mapped_currency_as_fallback(statement, mapping)
        for statement, mapping in zip(imported.imports, chosen, strict=True)
    )
    return tuple(each for each in found if each is not None)


def _row_warnings(imported: ImportedStatements) -> tuple[RowWarning, ...]:
    """The warnings of each statement read in the run, in the order given; the very file
    given twice (its name and content) once, as its lines are."""
    read: set[tuple[str, str]] = set()
    found: list[RowWarning] = []
    for statement in imported.imports:
        if (statement.source_file, statement.sha256) not in read:
            read.add((statement.source_file, statement.sha256))
            found.extend(statement.warnings)
    return tuple(found)


def _match_settings(
    request: ReconcileRequest, workspace: Workspace | None
) -> tuple[MatchSettings, tuple[str, ...], tuple[tuple[str | None, str], ...]]:
    """The settings the run matches with: the request's where it gives them, else the
    workspace's, saved by the window's Settings screen (the window matches that workspace
    with them, and a report of it must agree with the window's), else the defaults. With
    the warnings on the workspace's stored ones not used (``read_stored``): a value
    refused is set aside for its default, and the run goes on, as the window opens the
    workspace; and those set aside, each with its setting, for the report's Summary."""
    if request.settings is not None:
        return request.settings, (), ()
    if workspace is None:
        return MatchSettings(), (), ()
    read = read_stored(workspace.settings.get(SAVED_SETTINGS_KEY))
    named = str(workspace.path)
    set_aside = set_aside_named(read, named)
    unknown = unknown_said(read, named)
    warnings = (*(said for _, said in set_aside), *([unknown] if unknown else []))
    return read.settings, warnings, set_aside


def _unstated_currency(
    imported: ImportedStatements,
    held: Sequence[StatementRecord] = (),
    stored: StoredLines | None = None,
) -> tuple[UnstatedCurrency, ...]:
    """The run's statements whose lines, or some of them, are in no currency: those given
    as read, and those the workspace holds beyond them (``held``) as ``stored``, whose
    lines the run matches as they are. Not a line whose currency cell names none ('EURO'),
    which states its currency unreadably (no --currency is put on it; its discrepancy
    says why, and the import warned of it)."""
    found = []
    for statement in imported.imports:
        unstated = _unstated(statement.lines)
        if unstated:
            found.append(UnstatedCurrency(statement.source_file, unstated, len(statement.lines)))
    if stored is None:  # no workspace: nothing is held
        return tuple(found)
    for record in held:
        lines = stored(record.source_file)
        unstated = _unstated(lines)
        if unstated:
            found.append(UnstatedCurrency(record.source_file, unstated, len(lines), held=True))
    return tuple(found)


def _unstated(lines: Sequence[StatementLine]) -> int:
    return sum(line.states_no_currency for line in lines)


def _nothing_to_reconcile(workspace: Path | None) -> str:
    """The refusal of a run with no statement: without a workspace, --statement is
    required as it always was; with one, unless the workspace holds statements."""
    if workspace is None:
        return "the following arguments are required: --statement"
    return (
        f"the following arguments are required: --statement (the workspace {workspace.name} "
        "holds no statements to reconcile)"
    )


def _refuse_replacing_held(out: Path, book: Sequence[StatementRecord], path: Path) -> None:
    """Refuse a report named as the original of a statement the workspace holds (known
    by its content: ``statement_of_file``, the window's export's rule): the files given
    are checked by name before the run, but a held statement's file is named nowhere on
    the command line, and the report would replace it."""
    held = ((record.source_file, record.sha256) for record in book)
    name = statement_of_file(out, held)
    if name is not None:
        which = name if name == out.name else f"{name} (the same file under another name)"
        raise ReportReplacesStatementError(
            f"--out {out} is the statement {which} that the workspace {path.name} "
            "holds: the report would replace it; give the report another name"
        )


def _held_beyond(
    book: Sequence[StatementRecord], imported: ImportedStatements
) -> tuple[StatementRecord, ...]:
    """The statements of ``book`` (a workspace's) that the run was not given: not by name,
    nor as the very file under another name (a copy given is matched as the one held, so
    that one is in the run already, as the file given)."""
    given = {statement.source_file for statement in imported.imports}
    copies = {statement.sha256 for statement in imported.imports}
    return tuple(
        record for record in book if record.source_file not in given and record.sha256 not in copies
    )


def _period(
    request: ReconcileRequest,
    statement_range: tuple[date, date] | None,
    held: FetchPeriod | None = None,
) -> RunPeriod:
    """The invoices' period: as asked, else the period the workspace holds (``held``:
    the one under review in the window, which the accountant chose there; a scheduled
    run must report the same invoices, not narrow what the window shows to the
    statements' month), else the dates the run's statements cover (those given and those
    the workspace holds: ``statements.covered``, the period each states widened by its
    movements'). A held period is widened to take in the statements' dates where they
    run past it (a statement added since: its lines' invoices are fetched, as the window
    offers its next fetch for them, and nothing the window showed leaves it). Each bound
    not given is the default's: a --from alone keeps the held period's end."""
    if held is not None:
        default = _taking_in(held, statement_range)
    elif statement_range is None and (request.date_from is None or request.date_to is None):
        # Statements with no movements (a quiet month, an empty OFX) give no period, and
        # a missing bound would take every invoice a provider issued before or after the
        # other one.
        raise PeriodError(
            "the statements hold no movements to take the period from: give --from and --to"
        )
    else:
        first, last = statement_range or (None, None)
        default = ((first, PeriodFrom.STATEMENTS), (last, PeriodFrom.STATEMENTS))
    (start, start_from), (end, end_from) = default
    if request.date_from is not None:
        start, start_from = request.date_from, PeriodFrom.GIVEN
    if request.date_to is not None:
        end, end_from = request.date_to, PeriodFrom.GIVEN
    if not FetchPeriod.can_span(start, end):
        # Both given and reversed is refused before the import; here one is a default.
        if request.date_from is not None:
            last_day = _bound_named(end_from, "the end", "last date")
            raise PeriodError(f"--from {start} is after {last_day}, {end}: give --to as well")
        first_day = _bound_named(start_from, "the start", "first date")
        raise PeriodError(f"--to {end} is before {first_day}, {start}: give --from as well")
    return RunPeriod(start, end, start_from, end_from, held)


def _taking_in(
    held: FetchPeriod, statement_range: tuple[date, date] | None
) -> tuple[tuple[date | None, PeriodFrom], tuple[date | None, PeriodFrom]]:
    """``held``'s bounds, each with where it came from, widened to the statements'
    dates where they run past it (an open bound reaches every date already)."""
    start, end = (held.start, PeriodFrom.HELD), (held.end, PeriodFrom.HELD)
    if statement_range is not None:
        first, last = statement_range
        if held.start is not None and first < held.start:
            start = (first, PeriodFrom.STATEMENTS)
        if held.end is not None and last > held.end:
            end = (last, PeriodFrom.STATEMENTS)
    return start, end


def _bound_named(source: PeriodFrom, which: str, statements: str) -> str:
    """A defaulted bound in a refusal: 'the end of the period the workspace holds', or
    'the statements' last date'."""
    if source is PeriodFrom.HELD:
        return f"{which} of the period the workspace holds"
    return f"the statements' {statements}"


def _raise_on_failure(failures: Sequence[ProviderFailure]) -> None:
    """One message naming every provider that failed and why: the accountant fixes them
    all before the next run, not one per run."""
    if len(failures) == 1:
        failure = failures[0]
        raise ProviderFetchFailedError(
            f"provider {failure.provider!r} could not be read: {failure.reason}"
        )
    if failures:
        reasons = "; ".join(f"{failure.provider!r}: {failure.reason}" for failure in failures)
        raise ProviderFetchFailedError(f"{len(failures)} providers could not be read: {reasons}")


def _keep_in_workspace(
    workspace: Workspace,
    fetched: FetchResult,
    imported: ImportedStatements,
    stored: StoredLines,
) -> tuple[dict[LineKey, LineKey], tuple[SameStatement, ...]]:
    """Store the run's invoices and statements together: a statement the workspace refuses
    (another file of the same name) fails the run, and a failed run must leave the workspace
    as it found it, not holding the files before the refused one. Returns the run's lines
    the workspace already held, each with the stored line it repeats, and the statements
    that are one it held under another name (stored before this run or earlier in it)."""
    repeats: dict[LineKey, LineKey] = {}
    same: list[SameStatement] = []
    with workspace.batch():
        # Only invoices dated in the period fetched may be marked missing, as in the window.
        # A period other than the one held is kept for the window to say (``PeriodChange``).
        workspace.save_fetch(
            fetched.invoices,
            fetched.problems,
            date_from=fetched.date_from,
            date_to=fetched.date_to,
            by_command_line=current_user(),
        )
        for statement in imported.imports:
            outcome = workspace.add_statement(
                statement.source_file,
                statement.sha256,
                statement.stored_layout(),
                statement.lines,
                account=statement.account,
                line_accounts=statement.line_accounts,
                balances=(statement.opening_balance, statement.closing_balance),
                currency=statement.currency,
                warnings=statement.warnings,
            )
            if outcome.already_imported:
                _refuse_a_new_reading(workspace, outcome.statement, statement, stored)
            repeats.update(outcome.duplicates)
            copy = outcome.same_statement(statement.source_file, len(statement.lines))
            if copy is not None:
                same.append(copy)
    return repeats, tuple(same)


def removal_how(workspace: Path, source_file: str) -> str:
    """How the command line's user takes a statement out of a workspace, for a refusal
    whose remedy that is: the command, ready to paste, then the window's way."""
    command = shlex.join(
        ["desktop-app", "remove-statement", "--workspace", str(workspace), source_file]
    )
    return f"{command}, or {WINDOW_REMOVAL}"


def _refuse_before_fetch(
    workspace: Workspace, imported: ImportedStatements, stored: StoredLines
) -> None:
    """The workspace's refusals of the statements given, made before the fetch rather
    than minutes after it, as the keep (``_keep_in_workspace``) would make them: another
    file under a name it holds, a file it holds that reads differently now. Nothing is
    written. A file given twice in the run is the keep's to compare, the first once kept."""
    for statement in imported.imports:
        how = removal_how(workspace.path, statement.source_file)
        record = workspace.held_as(statement.source_file, statement.sha256, how)
        if record is not None:
            _refuse_a_new_reading(workspace, record, statement, stored)


def _refuse_a_new_reading(
    workspace: Workspace, record: StatementRecord, statement: StatementImport, stored: StoredLines
) -> None:
    """A file the workspace holds, read differently now (a --mapping, a profile saved
    since): the workspace keeps it as first read, so the run would report one reading and
    record its matches against the other. Refused, saying how to read it again."""
    differing = workspace.read_differently(record, statement.lines, stored)
    if differing:
        how = removal_how(workspace.path, statement.source_file)
        raise StatementReadDifferentlyError(
            f"{statement.source_file} is in the workspace {workspace.path.name} as read "
            f"before, and {described(differing)}: to read it again, remove it from the "
            f"workspace ({how}), then run again"
        )


def _context(
    configs: list[ProviderConfig],
    fetched: FetchResult,
    result: Reconciliation,
    imported: ImportedStatements,
    period: tuple[date | None, date | None],
    audit: tuple[AuditRow, ...],
    settings: Mapping[str, Any],
    repeats: Mapping[LineKey, LineKey],
    held: tuple[Sequence[StatementRecord], Sequence[StatementUsed]] = ((), ()),
) -> ReportContext:
    """What the report says about the run. ``settings`` are the run's own: the request's
    plus what the engine counted, such as decisions it could not apply (which the
    Summary says among its findings, naming each, not among the settings). ``repeats`` maps each line the run holds under
    another file's line (an overlap) to that line. ``held`` is the workspace's statements
    before the run, and those of them it reconciled beyond those given, as the report
    lists them. Its "Providers used" counts ``result``'s invoices of the period by the
    rule the window's report follows (``export.providers_used``)."""
    providers = providers_used([(config.name, config.kind.value) for config in configs], result)
    by_file: dict[str, dict[LineKey, LineKey]] = {}
    for line, kept in repeats.items():
        by_file.setdefault(line.source_file, {})[line] = kept
    statements = _in_book_order(held, imported, by_file)
    # The run fetched every provider for its period or failed (``_raise_on_failure``).
    now = datetime.now(UTC)
    fetched_for = FetchPeriod(fetched.date_from, fetched.date_to)
    records = after_fetch({}, fetched.invoices, {}, (), fetched_for, now)
    names = [config.name for config in configs]
    return ReportContext(
        generated_at=now,  # one moment: Generated at and each Fetched At agree
        period_from=period[0],
        period_to=period[1],
        providers=providers,
        statements=statements,
        settings=settings,
        audit=audit,
        invoice_problems=fetched.problems,
        fetches=statuses(names, records, FetchPeriod(*period)),
    )


def _in_book_order(
    held: tuple[Sequence[StatementRecord], Sequence[StatementUsed]],
    imported: ImportedStatements,
    repeats: Mapping[str, Mapping[LineKey, LineKey]],
) -> list[StatementUsed]:
    """The run's statements as the report lists them: in the order the workspace (``book``)
    holds them, as the window's report of it does, a file given that it held (by name, or
    its very file under another) in that one's place; the new ones after them, in the
    order given. Without a workspace, the files given, in their order."""
    book, beyond = held
    by_name = {record.source_file: index for index, record in enumerate(book)}
    by_content = {record.sha256: index for index, record in enumerate(book)}
    placed = [(by_name[used.source_file], used) for used in beyond]
    for item in imported.imports:
        place = by_name.get(item.source_file, by_content.get(item.sha256, len(book)))
        placed.append((place, StatementUsed.of_import(item, repeats.get(item.source_file))))
    return [used for _, used in sorted(placed, key=lambda pair: pair[0])]
