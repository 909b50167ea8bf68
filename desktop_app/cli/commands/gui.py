"""The default command: open the desktop application (or the demo).

Qt is imported only here, when a window is wanted, so the headless commands never load it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.errors import EXIT_USAGE, CliError
from desktop_app.workspace import Workspace, WorkspaceError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the application against the built-in sandbox providers with sample "
        "statements loaded: no account, network or set-up needed",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="with --demo: open the window, reconcile the demo, print a summary and exit "
        "(checks an installation end to end)",
    )
    parser.add_argument(
        "--workspace",
        type=Path,
        metavar="FILE",
        help="open this workspace file (created when it does not exist, in a folder that "
        "does) instead of the most recent one",
    )


def run(args: argparse.Namespace) -> int:
    from desktop_app.app import run_demo, run_user

    if args.self_test:
        if not args.demo:
            raise CliError("--self-test runs the demo: use --demo --self-test", EXIT_USAGE)
        from desktop_app.self_test import run_self_test

        return run_self_test()
    if args.demo:
        return run_demo()
    if args.workspace is not None and not args.workspace.exists():
        # Refused here, as ``reconcile --workspace`` and File > New refuse it, before a
        # window opens on nothing: a missing folder is a typo, never made silently.
        try:
            Workspace.check_folder(args.workspace)
        except WorkspaceError as error:
            raise CliError(str(error)) from None
    return run_user(workspace=args.workspace)
