"""The default command: open the desktop application (or the demo)."""

from __future__ import annotations

import argparse

from desktop_app.cli.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the application against the built-in sandbox providers with sample "
        "statements loaded: no account, network or set-up needed",
    )


def run(args: argparse.Namespace) -> int:
    if args.demo:
        print("demo mode arrives with the UI")
    else:
        print("the desktop window arrives with the UI")
    return EXIT_OK
