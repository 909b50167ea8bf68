"""``desktop-app reconcile``: fetch, import, match and write the report workbook."""

from __future__ import annotations

import argparse

from desktop_app.cli.errors import EXIT_USAGE, CliError

NAME = "reconcile"
HELP = "fetch, import, match and export the discrepancy workbook (not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, help="providers.toml")
    parser.add_argument("--statement", action="append", required=True, metavar="FILE")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    parser.add_argument("--out", required=True, metavar="report.xlsx")


def run(args: argparse.Namespace) -> int:
    raise CliError("reconcile is not built yet", EXIT_USAGE)
