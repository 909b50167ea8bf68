"""``desktop-app reconcile``: fetch, import, match and write the report workbook.

Exit 0 when the report was written (discrepancies are results, not failures); otherwise one
line on stderr naming the cause (bad config, unreadable statement, a provider that could not
be read after retries, a report that cannot be written) and no report is written; those
that need no invoice (a report folder missing or that cannot be written to, a report
open in Excel or LibreOffice, a statement
the workspace refuses, a secret not set) before any provider is fetched (``pipeline.reconcile``). What the
import said of a statement's rows and cells (a csv cut short, its last row left out; a
cell not read; an amount with more decimals than its currency) is warned of on stderr, as
``statement`` words it, a file's first ``ROW_WARNINGS_SHOWN`` then how many more. An
invoice a provider returned but that could not be used does not stop the run: it is named
in a warning on stderr and on the report's Summary. So is, with ``--workspace``, each
decision in force whose invoice changed at the provider after it was made, and each the
run did not apply (an invoice or line it names is not in the report); and, with or
without it, each pair of one account's statements that do not follow each other (the later
does not open at the balance the earlier left: movements are missing between them). A
statement given that is one already held under another name (the same file, or its lines
exported again) added nothing, and a note on stderr says which it is. Usage
mistakes exit 2, among them a ``--from`` after the statements' last date without ``--to``
(or a ``--to`` before their first without ``--from``): the defaulted bound would cross it;
and a missing bound when no statement holds a movement to take the period from.

With ``--workspace``, the run reconciles every statement the workspace holds as well as
those given (which it keeps, as before): a workspace is the month's book, whose decisions
name lines of all of them, and the window's report of it covers them all. A note on stderr
names the held statements the run took in beyond those given. It matches with the matching
settings saved in the workspace (the window's Settings), as the window does; a note names
those that are not the defaults (no option of this command sets any of them). Given no
``--statement``, it reconciles the statements the workspace holds (a scheduled run after
the accountant's decisions); a workspace holding none still needs one, a usage error as
without it. ``--out`` may not name a held statement's original file (known by its content)
any more than a file given. Lines dated outside the period fetched (a ``--from``/``--to``
narrower than the statements) are matched all the same, as in the window, and a note says
how many and how many pay no invoice fetched.

A workspace keeps the period its invoices were fetched for, the one under review in the
window: without ``--from``/``--to`` the run fetches that period (the statements' dates
only where it holds none, a new workspace), so a scheduled run reports what the window
shows and leaves it as it was; a statement given or held that runs past it widens it to
take in its dates, never narrows it. A note says the period fetched and where it came
from; one that replaces the workspace's period (``--from``/``--to``, or widened) is said
in it, and the window says so too when it next opens the workspace.

``--mapping FILE`` belongs to the ``--statement`` just before it, as ``statement FILE
--mapping FILE`` does for one file: a run often mixes one odd bank export with statements
read well without help, and one mapping for all would misread the others.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from desktop_app.cli import verbose
from desktop_app.cli.commands.fetch import warn_of_undocumented_statuses
from desktop_app.cli.dates import parse_period
from desktop_app.cli.errors import EXIT_OK, EXIT_USAGE, CliError, workspace_refusal
from desktop_app.cli.progress import StderrProgress
from desktop_app.cli.report_target import check_report_target
from desktop_app.domain import EarlyPayments, OperationCancelledError, is_currency, period_text
from desktop_app.export import ReportWriteError
from desktop_app.export.summary_sheet import printable
from desktop_app.pipeline import (
    NoStatementsError,
    PeriodError,
    PeriodFrom,
    ProviderFetchFailedError,
    ReconcileOutcome,
    ReconcileRequest,
    ReportReplacesStatementError,
    RunPeriod,
    run_reconcile,
)
from desktop_app.pipeline.reconcile import removal_how
from desktop_app.providers import ConfigError
from desktop_app.statements import (
    Mapping,
    MappingError,
    RowWarning,
    StatementImportError,
    load_mapping,
)
from desktop_app.statements.date_order import system_locale_hint
from desktop_app.wording import and_list, counted, early_payments, plural
from desktop_app.workspace import WorkspaceError

NAME = "reconcile"
HELP = "fetch, import, match and export the discrepancy workbook"

# How many of one statement's row warnings are said on stderr before "and N more".
ROW_WARNINGS_SHOWN = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, type=Path, help="providers.toml")
    parser.add_argument(
        "--statement", action="append", type=Path, metavar="FILE",
        help="a bank statement or ledger export (repeat for several); required unless "
        "--workspace holds statements, which the run reconciles too",
    )  # fmt: skip
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                        help="first invoice date to fetch (default: the start of the period "
                        "--workspace holds, else the statements' first date)")  # fmt: skip
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                        help="last invoice date to fetch (default: the end of the period "
                        "--workspace holds, else the statements' last date)")  # fmt: skip
    parser.add_argument("--out", required=True, type=Path, metavar="report.xlsx",
                        help="the Excel workbook to write the report to (never one of the "
                        "statements given)")  # fmt: skip
    parser.add_argument("--workspace", type=Path, metavar="FILE",
                        help="keep this run (invoices, statements, matches) in a workspace and "
                        "respect the decisions already made in it")  # fmt: skip
    parser.add_argument("--mapping", action=_FollowsStatement, metavar="FILE",
                        help="a JSON mapping for the --statement just before it (as for "
                        "'desktop-app statement --mapping')")  # fmt: skip
    parser.add_argument("--currency", metavar="CODE",
                        help="currency of statements that do not state one (e.g. GBP)")  # fmt: skip
    verbose.add_argument(parser)


class _FollowsStatement(argparse.Action):
    """Keeps each --mapping with the number of --statement options given before it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        given = getattr(namespace, "statement", None) or []
        placed = [*(getattr(namespace, self.dest, None) or []), (len(given), str(values))]
        setattr(namespace, self.dest, placed)


def run(args: argparse.Namespace) -> int:
    # Whether --statement may be left out (a workspace holding statements) is the run's
    # to say: ``run_reconcile`` refuses a run with nothing to reconcile, a usage error.
    statements: list[Path] = args.statement or []
    date_from, date_to = parse_period(args.date_from, args.date_to)
    # The files named here; a held statement's original, named nowhere on the command
    # line, is checked by the run once it has opened the workspace.
    check_report_target(args.out, _inputs(args))
    mappings = _mappings(statements, args.mapping or [])
    request = ReconcileRequest(
        config=args.config,
        statements=statements,
        out=args.out,
        date_from=date_from,
        date_to=date_to,
        workspace=args.workspace,
        default_currency=_currency(args.currency),
        mappings=mappings,
        locale_hint=system_locale_hint(),  # as ``statement`` reads the same file
    )
    progress = StderrProgress()
    try:
        with verbose.request_log(args.verbose, before=progress.finish):
            outcome = run_reconcile(request, progress=progress)
    except (PeriodError, NoStatementsError, ReportReplacesStatementError) as error:
        progress.finish()
        raise CliError(str(error), EXIT_USAGE) from None
    except WorkspaceError as error:
        progress.finish()
        raise CliError(workspace_refusal(error)) from None
    except (
        ConfigError,
        StatementImportError,
        ProviderFetchFailedError,
        ReportWriteError,
        OperationCancelledError,
    ) as error:
        progress.finish()
        raise CliError(_one_line(error)) from None
    progress.finish()
    result = outcome.reconciliation
    # The period's invoices; those taken in for a decision are no invoices of it, said apart.
    taken = len(result.taken_in)
    invoices = counted(len(result.invoices) - taken, "invoice")
    if taken:
        invoices += f", {taken:,} more taken in for a decision"
    print(
        f"desktop-app: wrote {outcome.report} ({invoices}, "
        f"{counted(len(result.lines), 'statement line')}, "
        f"{counted(len(result.matches), 'match', 'matches')}, "
        f"{counted(len(result.discrepancies), 'discrepancy', 'discrepancies')})",
        file=sys.stderr,
    )
    if outcome.run_period is not None and args.workspace is not None:
        _note_period(outcome.run_period)
    _note_row_warnings(outcome)
    for fallback in outcome.mapped_currency_fallbacks:
        print(f"desktop-app: warning: {fallback}", file=sys.stderr)
    _note_held(outcome, given=bool(statements))
    _note_saved_settings(outcome, args.workspace)
    for warning in outcome.settings_warnings:  # stored settings not matched with
        print(f"desktop-app: warning: {warning}", file=sys.stderr)
    _note_problems(outcome)
    # Kept, unlike those left out, and reconciled as still owed: said as fetch says it.
    warn_of_undocumented_statuses(outcome.reconciliation.invoices)
    _note_review(outcome)
    _note_not_applied(outcome)
    _note_breaks(outcome)
    _note_same_statements(outcome)
    _note_unstated_currency(outcome, args.workspace)
    _note_outside_period(outcome, given=bool(statements))
    _note_early_payments(outcome)
    return EXIT_OK


def _note_period(period: RunPeriod) -> None:
    """One note on a workspace's run saying the period fetched and where it came from: the
    workspace's period is the one under review in the window, the default of a run given
    no --from/--to, and a run that fetched another replaced it (the window says so when it
    next opens the workspace). A scheduled run's log must say which the report is of."""
    said = f"period fetched: {period_text(period.start, period.end)}, {_period_source(period)}"
    if period.held is None:
        said += "; the workspace held none, and now holds this one"
    elif period.replaces_held:
        said += (
            "; the workspace's period changes from the one it held "
            f"({period_text(period.held.start, period.held.end)}) to this one, which the "
            "window shows when it next opens the workspace"
        )
    print(f"desktop-app: note: {said}", file=sys.stderr)


# Where a bound of the period came from, for the start and the end (``_period_source``).
_BOUND_SOURCES = {
    PeriodFrom.GIVEN: ("as --from gave", "as --to gave"),
    PeriodFrom.HELD: ("as held in the workspace", "as held in the workspace"),
    PeriodFrom.STATEMENTS: ("the statements' first date", "the statements' last date"),
}


def _period_source(period: RunPeriod) -> str:
    """'as held in the workspace', 'the statements' dates', 'as --from and --to gave', or
    each bound's where they differ ('its start as --from gave, its end as held in the
    workspace'); a held period the statements run past is said to be."""
    if period.start_from is period.end_from:
        said = {
            PeriodFrom.GIVEN: "as --from and --to gave",
            PeriodFrom.HELD: "as held in the workspace (the period under review in the window)",
            PeriodFrom.STATEMENTS: "the statements' dates",
        }[period.start_from]
    else:
        start, end = _BOUND_SOURCES[period.start_from][0], _BOUND_SOURCES[period.end_from][1]
        said = f"its start {start}, its end {end}"
    if period.held is not None and PeriodFrom.STATEMENTS in (period.start_from, period.end_from):
        said += " (the statements run past the period the workspace held)"
    return said


def _note_row_warnings(outcome: ReconcileOutcome) -> None:
    """Each statement's row warnings, worded as ``statement`` lists them (file, row and
    column): a csv cut short has its last row left out, a cell not read its row, and a
    scheduled run's log is where the accountant hears of it. A file's first
    ``ROW_WARNINGS_SHOWN`` are said, then how many more: a badly read file's thousands
    would bury the run's other warnings, and ``statement`` on it lists them all."""
    by_file: dict[str, list[RowWarning]] = {}
    for warning in outcome.row_warnings:
        by_file.setdefault(warning.source_file, []).append(warning)
    for name, warnings in by_file.items():
        for warning in warnings[:ROW_WARNINGS_SHOWN]:
            print(f"desktop-app: warning: {warning}", file=sys.stderr)
        more = len(warnings) - ROW_WARNINGS_SHOWN
        if more > 0:
            print(
                f"desktop-app: warning: and {more:,} more in {name} ('desktop-app statement' "
                "on it lists them all)",
                file=sys.stderr,
            )


def _note_early_payments(outcome: ReconcileOutcome) -> None:
    """Payments received unmatched early in a period taken from the statements' first
    date may pay invoices issued before it, which were not fetched (the Summary and the
    window say so too, by the same count)."""
    start = outcome.period[0]
    if outcome.early_unmatched and start is not None:
        early = EarlyPayments(outcome.early_unmatched, start)
        said = early_payments(early, date.isoformat, "give an earlier --from")
        print(f"desktop-app: note: {said}", file=sys.stderr)


def _inputs(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """Every file the run reads or keeps, with the option that named it."""
    given = [("--config", args.config)]
    given += [("--statement", path) for path in args.statement or []]
    given += [("--mapping", Path(path)) for _, path in args.mapping or []]
    if args.workspace is not None:
        given.append(("--workspace", args.workspace))
    return given


def _note_held(outcome: ReconcileOutcome, *, given: bool) -> None:
    """One note naming the workspace's statements the run took in beyond those given
    (``given``: whether any was), with their lines: the report covers them, as the
    window's would, which a run given one file must not leave to be found in the
    workbook."""
    held = outcome.held
    if not held:
        return
    named = and_list([f"{each.source_file} ({counted(each.row_count, 'line')})" for each in held])
    statements = counted(len(held), "statement")
    which = (
        f"also covers {statements} the workspace holds beyond those given"
        if given
        else f"covers the workspace's {statements}, as no --statement was given"
    )
    print(f"desktop-app: note: the report {which}: {named}", file=sys.stderr)


def _note_saved_settings(outcome: ReconcileOutcome, workspace: Path | None) -> None:
    """One note naming the matching settings the workspace keeps that are not the
    defaults: the run matched with them, as the window does, and a report that pairs
    differently from a run without the workspace must say why where the run is logged.
    (The reconcile command has no option for any of them: none overrides them.)"""
    changed = outcome.saved_settings
    if not changed or workspace is None:
        return
    named = ", ".join(f"{name} {printable(value)}" for name, value in changed.items())
    print(
        f"desktop-app: note: matched with the matching settings saved in {workspace.name} "
        f"(Settings in the window), the others the defaults: {named}",
        file=sys.stderr,
    )


def _note_problems(outcome: ReconcileOutcome) -> None:
    """One warning per invoice left out: the report lists them too, but a scheduled run's
    log is where a missing invoice must show first."""
    for problem in outcome.problems:
        print(f"desktop-app: warning: invoice left out: {problem}", file=sys.stderr)


def _note_review(outcome: ReconcileOutcome) -> None:
    """One warning per decision that needs review: it still binds the matcher though its
    invoice changed since (a scheduled run's log must say so, not only the workbook). Its
    invoices are named by the numbers the accountant decided by, as the Audit sheet names
    them (one its provider no longer returns as the workspace last held it), with their
    keys after them for a script to look up."""
    for row in outcome.needing_review:
        print(
            f"desktop-app: warning: decision needs review: {row.action} #{row.entry} of "
            f"{row.invoice_numbers} ({row.invoice_keys}) with {row.line_keys}: "
            f"{row.needs_review}",
            file=sys.stderr,
        )


def _note_not_applied(outcome: ReconcileOutcome) -> None:
    """One warning per decision in force the run did not apply (an invoice or line it
    names is not in the report), naming it by entry, invoices and lines, and why, as the
    Audit sheet's Not Applied says it; then how many name nothing of the report. The
    workbook listed them, but a scheduled run's log said nothing of a rejection set aside."""
    for said in outcome.not_applied.warnings():
        print(f"desktop-app: warning: {said}", file=sys.stderr)


def _note_breaks(outcome: ReconcileOutcome) -> None:
    """One warning per pair of statements that do not follow each other: each file's
    bridge may tie on its own while the movements between them are in neither, or two
    that overlap disagree (a corrected download held beside the one it corrects). Then
    one per pair not compared because they clash, as the Summary says it: a log that
    names no break between them must not be read as saying they follow each other. Each
    is said after what kind it is."""
    for said in outcome.statement_breaks:
        print(f"desktop-app: warning: {said}", file=sys.stderr)


def _note_same_statements(outcome: ReconcileOutcome) -> None:
    """One note per statement given that is one already held under another name (a copy,
    or the same lines exported again): it added nothing, which a run's counts alone
    would not tell from a file read wrongly or not read at all."""
    for same in outcome.same_statements:
        print(f"desktop-app: note: {same}", file=sys.stderr)


def _note_unstated_currency(outcome: ReconcileOutcome, workspace: Path | None) -> None:
    """One warning per statement with lines in no currency: they were compared with
    invoices in any currency, so a payment in the wrong one went unnoticed; the run must
    say which file and how to give its currency (the run's --currency for every statement
    that states none, or the currency of that file's --mapping). Every statement the run
    covers is said once, a held one too: its lines are matched as the workspace stored
    them, which --currency does not reach, so its remedy is to give it again."""
    for statement in outcome.unstated_currency:
        name, unstated = statement.source_file, statement.unstated
        # A held statement's lines are matched as the workspace stored them: --currency
        # reaches only the files read in this run.
        where = " (held in the workspace)" if statement.held else ""
        if unstated == statement.lines:
            given = "" if statement.held else ", no --currency"
            which = (
                f"{name}{where} states no currency (no currency column, none in the file"
                f"{given}): its {counted(unstated, 'line')} {plural(unstated, 'was', 'were')}"
            )
        else:
            which = (
                f"{unstated:,} of the {statement.lines:,} lines of {name}{where} "
                f"{plural(unstated, 'states', 'state')} no currency: {plural(unstated, 'it was', 'they were')}"
            )
        if statement.held and workspace is not None:
            how = (
                f"to give its currency, remove {name} from the workspace "
                f"({removal_how(workspace, name)}) and give it again with --statement and "
                '--currency CODE (e.g. --currency GBP) or a --mapping with {"currency": "GBP"}'
            )
        else:
            how = (
                "give --currency CODE (e.g. --currency GBP) for the statements that state "
                f'none, or a --mapping with {{"currency": "GBP"}} after the --statement of {name}'
            )
        print(
            f"desktop-app: warning: {which} matched with invoices in any currency, so a "
            f"payment in another currency than its invoice's goes unnoticed; {how}",
            file=sys.stderr,
        )


def _note_outside_period(outcome: ReconcileOutcome, *, given: bool) -> None:
    """One note on the run's lines dated outside the period fetched (a --from/--to
    narrower than the statements, those the workspace holds above all): they are matched
    with the period's invoices all the same, as the window matches them, so those paying
    none are reported unmatched, perhaps only for want of an invoice not fetched. The
    report says so too (its Summary's "Lines outside the period"). ``given``: whether
    any --statement was; without one, every statement is the workspace's, and "beyond
    those given" would speak of files never given."""
    outside = outcome.outside_period
    count, held = len(outside.lines), outcome.held_outside
    if not count:
        return
    beyond = " beyond those given" if given else ""
    if held == count:
        which = f"{counted(count, 'line')} of the statements the workspace holds{beyond}"
    elif held:
        which = (
            f"{counted(count, 'statement line')} of the run ({held:,} of them of statements "
            f"the workspace holds{beyond})"
        )
    else:
        which = f"{counted(count, 'statement line')} of the run"
    unmatched = outside.unmatched
    if unmatched:
        reported = (
            f"{unmatched:,} that {plural(unmatched, 'pays', 'pay')} none "
            f"{plural(unmatched, 'is reported as an unmatched payment', 'are reported as unmatched payments')}"
            " (UNMATCHED_PAYMENT), perhaps for want of an invoice not fetched: give --from "
            "and --to taking in their dates to reconcile them"
        )
    else:
        reported = "each pays one of them"
    print(
        f"desktop-app: note: {which} {plural(count, 'is', 'are')} dated outside the period "
        f"fetched, {period_text(*outcome.period)}: {plural(count, 'it was', 'they were')} "
        f"matched with its invoices all the same, as the window matches them, and {reported}",
        file=sys.stderr,
    )


def _mappings(statements: list[Path], placed: list[tuple[int, str]]) -> list[Mapping | None]:
    """Each statement's mapping (or none): the --mapping given after it, before the next
    --statement. Misplaced or doubled ones are usage errors; an unreadable one names its file."""
    chosen: list[Mapping | None] = [None] * len(statements)
    for after, path in placed:
        if after == 0:
            raise CliError(
                f"--mapping {path} comes before any --statement: put it after the "
                "--statement it is for",
                EXIT_USAGE,
            )
        if chosen[after - 1] is not None:
            raise CliError(
                f"--statement {statements[after - 1]} has two --mapping files; give one",
                EXIT_USAGE,
            )
        try:
            chosen[after - 1] = load_mapping(path)
        except MappingError as error:
            raise CliError(f"{error} (for --statement {statements[after - 1]})") from None
    return chosen


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _currency(code: str | None) -> str | None:
    if code is None:
        return None
    if not is_currency(code):
        raise CliError(f"--currency {code!r} is not an ISO 4217 currency code", EXIT_USAGE)
    return code.strip().upper()
