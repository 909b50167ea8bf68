"""``desktop-app fetch``: print the configured providers' invoices as JSON."""

from __future__ import annotations

import argparse

from desktop_app.cli.errors import EXIT_USAGE, CliError

NAME = "fetch"
HELP = "print the normalised invoices of the configured providers as JSON (not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, help="providers.toml")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")


def run(args: argparse.Namespace) -> int:
    raise CliError("fetch is not built yet", EXIT_USAGE)
