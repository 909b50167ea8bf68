"""``desktop-app remove-statement --workspace FILE NAME``: take a statement out of a workspace.

What the window's Statements, Remove statement… does, through the same workspace
function (``Workspace.remove_statement``): the statement and its lines go, the movements
another statement also holds stay under that one with the decisions on them, and the
accountant's decisions on its other lines are withdrawn (the audit trail keeps them).
Said on stderr as the window says it (``workspace.removal_wording``). ``reconcile``'s
refusals that need a statement taken out (one held read differently now, a corrected
download under a name held, a held one stating no currency) name this command, which a
scheduled job's user can run where the window is not at hand.

``NAME`` is the statement's file name as the workspace holds it (``nov.csv``); a path is
taken by its file name, as the workspace knows a statement by that alone. Nothing is
asked: the command is the answer to a refusal that already said what removing does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.errors import EXIT_OK, EXIT_USAGE, CliError, workspace_refusal
from desktop_app.wording import and_list
from desktop_app.workspace import Workspace, WorkspaceError, WorkspaceNotFoundError
from desktop_app.workspace.removal_wording import removed_said, withdrawn_notes

NAME = "remove-statement"
HELP = (
    "take a statement out of a workspace, withdrawing your decisions on its lines, as "
    "the window's Statements, Remove statement… does"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", required=True, type=Path, metavar="FILE",
                        help="the workspace holding the statement")  # fmt: skip
    parser.add_argument("name", metavar="NAME",
                        help="the statement's file name as the workspace holds it "
                        "(e.g. nov.csv; a path is taken by its file name)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    name = Path(args.name).name
    if not args.workspace.exists():
        raise CliError(f"--workspace {args.workspace}: no such workspace", EXIT_USAGE)
    try:
        with Workspace.open(args.workspace) as workspace:
            held = workspace.statement_files()
            if name not in held:
                raise CliError(_not_held(name, args.workspace, held), EXIT_USAGE)
            removed = workspace.remove_statement(name)
    except WorkspaceNotFoundError:
        raise CliError(f"--workspace {args.workspace}: no such workspace", EXIT_USAGE) from None
    except WorkspaceError as error:
        raise CliError(workspace_refusal(error)) from None
    print(f"desktop-app: removed {removed_said(removed)}", file=sys.stderr)
    notes = withdrawn_notes(removed)
    if notes:
        print(f"desktop-app: note: {' '.join(notes)}", file=sys.stderr)
    return EXIT_OK


def _not_held(name: str, workspace: Path, held: tuple[str, ...]) -> str:
    """A name the workspace does not hold, and those it does, so a typo is seen."""
    if not held:
        return f"the workspace {workspace.name} holds no statements, so none named {name}"
    return (
        f"the workspace {workspace.name} holds no statement named {name}; it holds "
        f"{and_list(list(held))}"
    )
