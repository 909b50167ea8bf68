"""How a command reports failure: one line on stderr and a non-zero exit status."""

from __future__ import annotations

from desktop_app.workspace import WorkspaceError, WorkspaceInUseError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A failure the user can act on; its message is printed as one line, no traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def workspace_refusal(error: WorkspaceError) -> str:
    """A workspace's refusal as one line for the command line: one held open elsewhere
    (the window) ends "then run again", as a command is not opened again."""
    if isinstance(error, WorkspaceInUseError):
        error = error.then("run again")
    return " ".join(str(error).split())
