"""``desktop-app fetch``: print the configured providers' invoices as JSON.

Output (stdout): ``{"invoices": [...], "failures": [...], "problems": [...]}`` with
amounts as decimal strings. Tokens come from the environment variables providers.toml
names. A bad config is one line on stderr and exit 1 before anything is fetched; a provider
that cannot be read after retries still lets the others' invoices be printed, then fails
the run with one line naming it. So does an invoice a provider returned that could not be
used (``problems``: each names its provider and invoice): the output lacks it, and a
script that reads only ``invoices`` must not take the output for everything.

An invoice whose status word its provider does not document is no problem: it is in
``invoices``, its ``status`` ``"unknown"``, its word in ``status_raw`` and
``"undocumented_status"`` among its ``flags`` (the documented format has no list of
warnings, and ``problems`` are invoices not in the output). stderr warns of each, in the
``desktop-app: warning:`` form, and the run still exits 0 for it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from desktop_app.async_run import run_boxed
from desktop_app.cli import verbose
from desktop_app.cli.dates import parse_period
from desktop_app.cli.errors import EXIT_OK, CliError
from desktop_app.domain import Invoice, undocumented_statuses
from desktop_app.providers import ConfigError, FetchResult, fetch_all, load_config
from desktop_app.providers.invoice_json import fetch_result_to_json
from desktop_app.secrets import EnvSecretSource

NAME = "fetch"
HELP = "print the normalised invoices of the configured providers as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, help="providers.toml")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                        help="first invoice date to fetch (default: every date)")  # fmt: skip
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                        help="last invoice date to fetch (default: every date)")  # fmt: skip
    verbose.add_argument(parser)


def run(args: argparse.Namespace) -> int:
    date_from, date_to = parse_period(args.date_from, args.date_to)
    try:
        configs = load_config(args.config)
    except ConfigError as error:
        raise CliError(str(error)) from None
    with verbose.request_log(args.verbose):
        result = run_boxed(
            fetch_all(configs, date_from=date_from, date_to=date_to, secrets=EnvSecretSource())
        )
    json.dump(fetch_result_to_json(result), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    sys.stdout.flush()
    warn_of_undocumented_statuses(result.all_invoices())
    _fail_on_failures(result)
    return EXIT_OK


def warn_of_undocumented_statuses(invoices: Iterable[Invoice]) -> None:
    """One warning per invoice kept with a status word its provider does not document,
    naming the provider, the invoice and the word, and how it is reconciled: a script
    filtering ``desktop-app: warning:`` sees it, as it did not see a bare log line."""
    for said in undocumented_statuses(invoices):
        print(f"desktop-app: warning: {UNDOCUMENTED_WARNING}: {said}", file=sys.stderr)


#: What the warning on an invoice of an undocumented status says it is about.
UNDOCUMENTED_WARNING = "status not documented"


#: Problems named on the one stderr line; the output's "problems" lists them all.
NAMED_PROBLEMS = 3


def _fail_on_failures(result: FetchResult) -> None:
    reasons = []
    if len(result.failures) == 1:
        reasons.append(f"provider {result.failures[0]}")
    elif result.failures:
        joined = "; ".join(str(failure) for failure in result.failures)
        reasons.append(f"{len(result.failures)} providers failed: {joined}")
    if result.problems:
        reasons.append(_problems(result))
    if reasons:
        raise CliError("; ".join(reasons))


def _problems(result: FetchResult) -> str:
    count = len(result.problems)
    named = "; ".join(str(problem) for problem in result.problems[:NAMED_PROBLEMS])
    if count == 1:
        return f"1 invoice could not be used and is not in the output: {named}"
    more = f"; and {count - NAMED_PROBLEMS} more" if count > NAMED_PROBLEMS else ""
    return (
        f"{count} invoices could not be used and are not in the output "
        f'(all under "problems"): {named}{more}'
    )
