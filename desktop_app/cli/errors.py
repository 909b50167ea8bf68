"""How a command reports failure: one line on stderr and a non-zero exit status."""

from __future__ import annotations

from desktop_app.workspace import WorkspaceError, WorkspaceGoneError, WorkspaceInUseError

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
    (the window) ends "then run again", as a command is not opened again; one whose
    file went during the command says nothing of it is kept (``gone_said``)."""
    if isinstance(error, WorkspaceInUseError):
        error = error.then("run again")
    if isinstance(error, WorkspaceGoneError):
        return gone_said(error)
    return " ".join(str(error).split())


def gone_said(error: WorkspaceGoneError) -> str:
    """The workspace's file was removed, moved away or replaced while the command had it
    open: nothing of the command is kept (what it wrote into the file before went with
    it), said so, with the report where one was written all the same."""
    said = (
        f"workspace {error.path} was {error.gone.value} while this command had it open: "
        "nothing of this run is kept in a workspace"
    )
    if error.report is not None:
        said += f" (the report {error.report} was written, but no workspace holds this run)"
    return said + ". Put the workspace back, or name another with --workspace, and run again."
