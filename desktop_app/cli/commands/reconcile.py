"""``desktop-app reconcile``: fetch, import, match and write the report workbook.

Exit 0 when the report was written (discrepancies are results, not failures); otherwise one
line on stderr naming the cause (bad config, unreadable statement, a provider that could not
be read after retries, a report that cannot be written) and no report is written. Usage
mistakes exit 2, among them a ``--from`` after the statements' last date without ``--to``
(or a ``--to`` before their first without ``--from``): the defaulted bound would cross it;
and a missing bound when no statement holds a movement to take the period from.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.dates import parse_period
from desktop_app.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from desktop_app.cli.progress import StderrProgress
from desktop_app.domain import OperationCancelledError, is_currency
from desktop_app.export import ReportWriteError
from desktop_app.pipeline import (
    PeriodError,
    ProviderFetchFailedError,
    ReconcileRequest,
    run_reconcile,
)
from desktop_app.providers import ConfigError
from desktop_app.statements import StatementImportError
from desktop_app.workspace import WorkspaceError

NAME = "reconcile"
HELP = "fetch, import, match and export the discrepancy workbook"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, type=Path, help="providers.toml")
    parser.add_argument(
        "--statement", action="append", required=True, type=Path, metavar="FILE",
        help="a bank statement or ledger export (repeat for several)",
    )  # fmt: skip
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                        help="first invoice date to fetch (default: the statements' first date)")  # fmt: skip
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                        help="last invoice date to fetch (default: the statements' last date)")  # fmt: skip
    parser.add_argument("--out", required=True, type=Path, metavar="report.xlsx")
    parser.add_argument("--workspace", type=Path, metavar="FILE",
                        help="keep this run (invoices, statements, matches) in a workspace and "
                        "respect the decisions already made in it")  # fmt: skip
    parser.add_argument("--currency", metavar="CODE",
                        help="currency of statements that do not state one (e.g. GBP)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    date_from, date_to = parse_period(args.date_from, args.date_to)
    request = ReconcileRequest(
        config=args.config,
        statements=args.statement,
        out=args.out,
        date_from=date_from,
        date_to=date_to,
        workspace=args.workspace,
        default_currency=_currency(args.currency),
    )
    progress = StderrProgress()
    try:
        outcome = run_reconcile(request, progress=progress)
    except PeriodError as error:
        progress.finish()
        raise CliError(str(error), EXIT_USAGE) from None
    except (
        ConfigError,
        StatementImportError,
        ProviderFetchFailedError,
        ReportWriteError,
        WorkspaceError,
        OperationCancelledError,
    ) as error:
        progress.finish()
        raise CliError(_one_line(error)) from None
    progress.finish()
    result = outcome.reconciliation
    print(
        f"desktop-app: wrote {outcome.report} ({len(result.invoices)} invoices, "
        f"{len(result.lines)} statement lines, {len(result.matches)} matches, "
        f"{len(result.discrepancies)} discrepancies)",
        file=sys.stderr,
    )
    return EXIT_OK


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _currency(code: str | None) -> str | None:
    if code is None:
        return None
    if not is_currency(code):
        raise CliError(f"--currency {code!r} is not an ISO 4217 currency code", EXIT_USAGE)
    return code.strip().upper()
