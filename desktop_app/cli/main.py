"""Argument parsing and dispatch. Each command lives in its own module under ``commands``.

A command module exposes ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; this module only wires them together, so adding a command never
touches another command's code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from desktop_app import APP_NAME, __version__
from desktop_app.cli.commands import diagnose, fetch, gui, reconcile, remove_statement, statement
from desktop_app.cli.errors import EXIT_FAILURE, CliError

COMMANDS: tuple[ModuleType, ...] = (reconcile, statement, fetch, remove_statement, diagnose)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desktop-app",
        description=f"{APP_NAME}: reconcile provider invoices against bank statements. "
        "Without a command, opens the desktop application on your workspace.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    gui.add_arguments(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", gui.run)
    try:
        return int(handler(args))
    except CliError as error:
        print(f"desktop-app: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("desktop-app: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        _quiet_closed_stdout()
        return EXIT_FAILURE


def _quiet_closed_stdout() -> None:
    """The reader of our output went away (``desktop-app statement FILE | head``): that
    is the reader's choice, not a failure worth a traceback. Python would also complain
    once more when it flushes stdout at exit, so stdout is pointed at the null device."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
