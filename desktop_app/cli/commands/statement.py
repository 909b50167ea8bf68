"""``desktop-app statement FILE``: print the detected layout and parsed lines as JSON."""

from __future__ import annotations

import argparse

from desktop_app.cli.errors import EXIT_USAGE, CliError

NAME = "statement"
HELP = "print a statement's detected layout and its lines as JSON (not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--mapping", metavar="FILE", help="a saved mapping that overrides detection"
    )


def run(args: argparse.Namespace) -> int:
    raise CliError("statement is not built yet", EXIT_USAGE)
