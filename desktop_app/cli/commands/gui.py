"""The default command: open the desktop application (or the demo).

Qt is imported only here, when a window is wanted, so the headless commands never load it.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the application against the built-in sandbox providers with sample "
        "statements loaded: no account, network or set-up needed",
    )


def run(args: argparse.Namespace) -> int:
    from desktop_app.app import run_demo, run_user

    return run_demo() if args.demo else run_user()
