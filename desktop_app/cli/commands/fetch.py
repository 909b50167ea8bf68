"""``desktop-app fetch``: print the configured providers' invoices as JSON.

Output (stdout): ``{"invoices": [...], "failures": [...]}`` with amounts as decimal
strings. Tokens come from the environment variables providers.toml names. A bad config is
one line on stderr and exit 1 before anything is fetched; a provider that cannot be read
after retries still lets the others' invoices be printed, then fails the run with one line
naming it.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop_app.async_run import run_boxed
from desktop_app.cli.dates import parse_period
from desktop_app.cli.errors import EXIT_OK, CliError
from desktop_app.providers import ConfigError, FetchResult, fetch_all, load_config
from desktop_app.providers.invoice_json import fetch_result_to_json
from desktop_app.secrets import EnvSecretSource

NAME = "fetch"
HELP = "print the normalised invoices of the configured providers as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, help="providers.toml")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")


def run(args: argparse.Namespace) -> int:
    date_from, date_to = parse_period(args.date_from, args.date_to)
    try:
        configs = load_config(args.config)
    except ConfigError as error:
        raise CliError(str(error)) from None
    result = run_boxed(
        fetch_all(configs, date_from=date_from, date_to=date_to, secrets=EnvSecretSource())
    )
    json.dump(fetch_result_to_json(result), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    sys.stdout.flush()
    _fail_on_failures(result)
    return EXIT_OK


def _fail_on_failures(result: FetchResult) -> None:
    if result.ok:
        return
    if len(result.failures) == 1:
        raise CliError(f"provider {result.failures[0]}")
    joined = "; ".join(str(failure) for failure in result.failures)
    raise CliError(f"{len(result.failures)} providers failed: {joined}")
