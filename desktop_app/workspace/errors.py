"""Why a workspace could not be opened or changed, in words an accountant can act on.

Every error names the file. Opening never repairs, rewrites or deletes a file it refuses:
a damaged workspace is evidence, and the accountant (or support) decides what to do with it.
"""

from __future__ import annotations

from decimal import InvalidOperation
from enum import Enum
from pathlib import Path

from desktop_app.refusal import Refusal, Refused


class WorkspaceError(Exception):
    """Base class of everything this package raises on purpose.

    Not a ``Refusal`` itself: a workspace refused (not found, damaged, in use, ...) is
    one, and its class says so, but a closed workspace written to or a decision refused
    is the calling code's mistake, a bug to be reported with its traceback."""


class WorkspaceNotFoundError(WorkspaceError, FileNotFoundError, Refusal):
    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path) -> None:
        super().__init__(f"workspace {path} does not exist")
        self.path = path


class WorkspaceExistsError(WorkspaceError, FileExistsError, Refusal):
    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path) -> None:
        super().__init__(f"cannot create workspace {path}: a file with that name already exists")
        self.path = path


class WorkspaceCorruptError(WorkspaceError, Refusal):
    """The file is damaged. It has not been modified."""

    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"workspace {path} is damaged and cannot be opened ({detail}). "
            "The file has not been changed; restore it from a backup or keep it for support."
        )
        self.path = path
        self.detail = detail


class StoredValueError(ValueError):
    """A stored value that cannot be read back (the file was changed outside the app).

    Raised by the stores, which do not know the file; the workspace's database (its
    reads and transactions, ``Database._stored_values``) turns it into a
    ``WorkspaceCorruptError`` that names the file and, through ``detail``, the record.
    """


# What decoding a stored value raises when the file was changed outside the app: a
# number that is not one, a code the domain refuses, a value of the wrong type.
DECODE_ERRORS = (ValueError, ArithmeticError, TypeError)


def unreadable(record: str, error: Exception) -> StoredValueError:
    """``record``'s stored value failed to decode: say which record, and how, plainly."""
    how = "a stored number is not a number" if isinstance(error, InvalidOperation) else str(error)
    return StoredValueError(f"{record}: {how}")


class NotAWorkspaceError(WorkspaceCorruptError):
    """The file is not a workspace at all (another program's file, or not SQLite)."""

    def __init__(self, path: Path, detail: str) -> None:
        WorkspaceError.__init__(
            self,
            f"{path} is not a Reconcile Desk workspace ({detail}). The file has not been changed.",
        )
        self.path = path
        self.detail = detail


class WorkspaceVersionError(WorkspaceError, Refusal):
    """The file was written by a newer version of the application."""

    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path, file_version: int, supported_version: int) -> None:
        super().__init__(
            f"workspace {path} was saved by a newer version of Reconcile Desk "
            f"(workspace format {file_version}; this version reads formats up to "
            f"{supported_version}). Update Reconcile Desk to open it; the file has not been changed."
        )
        self.path = path
        self.file_version = file_version
        self.supported_version = supported_version


class WorkspaceInUseError(WorkspaceError, Refusal):
    """Another process has the workspace open; ``owner`` says who, when it could be told."""

    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path, owner: str | None, *, then: str = "open it again") -> None:
        who = f"by {owner}" if owner else "by another program"
        super().__init__(f"workspace {path} is in use {who}. Close it there first, then {then}.")
        self.path = path
        self.owner = owner

    def then(self, retry: str) -> WorkspaceInUseError:
        """The same refusal ending "then ``retry``": a command is run again, where the
        window opens the workspace again."""
        return WorkspaceInUseError(self.path, self.owner, then=retry)


class WorkspaceReadOnlyError(WorkspaceError, Refusal):
    """The workspace cannot be written: the file, its folder or its disk is read-only.

    The file is not damaged, and saying so matters: "damaged" could make the accountant
    throw away a good file. Every decision is saved into the workspace as it is made, so a
    workspace that cannot be written is not opened; a copy somewhere writable can be.
    ``why`` names what is read-only ("the file is read-only").
    """

    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path, why: str, doing: str = "open") -> None:
        messages = {
            "open": (
                f"workspace {path} is read-only ({why}): Reconcile Desk saves each decision "
                "into the workspace as it is made, so it cannot work in it. The file is not "
                "damaged and has not been changed: copy it to a folder you can write to and "
                "open the copy, or make it writable."
            ),
            "create": f"cannot create workspace {path}: {why}; choose a folder you can write to.",
        }
        super().__init__(
            messages.get(
                doing,
                f"cannot save to workspace {path}: it is read-only ({why}). Nothing of this "
                "change was saved. Make it writable and try again.",
            )
        )
        self.path = path
        self.why = why


class WorkspaceFullError(WorkspaceError, Refusal):
    """The disk holding the workspace is full. Nothing of the refused change was written:
    a new workspace is not left half made, an existing one is as it was."""

    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path, doing: str = "save to") -> None:
        unchanged = {
            "create": "",
            "open": " The file has not been changed.",
            "save to": " Nothing of this change was saved.",
        }.get(doing, "")
        super().__init__(
            f"cannot {doing} workspace {path}: the disk is full: free space and try again."
            + unchanged
        )
        self.path = path


class Gone(Enum):
    """What became of an open workspace's file at its path (``Database.gone``): the words
    say it after "workspace <path> was"."""

    REMOVED = "removed or moved away"  # nothing is at the path any more
    REPLACED = "replaced by another file"  # another file is there now (a sync, a copy)


class WorkspaceGoneError(WorkspaceError, Refusal):
    """The workspace's file is no longer at its path (removed, moved away or replaced by
    another file) while it is open, and a change was refused (``Database.transaction``).

    SQLite would go on writing into the file it holds, which no one can open again once
    it is closed: a change saved so would be said saved and lost at close. Nothing of the
    refused change was written; what the workspace held until then is still readable
    through the open connection (``Database.save_copy``). The message says the fact; each
    front end says what to do (the window: Save a copy as…; a command: run again)."""

    refused = Refused.SELF_EXPLAINED

    def __init__(self, path: Path, gone: Gone, report: Path | None = None) -> None:
        super().__init__(
            f"workspace {path} was {gone.value} while it was open: nothing more can be "
            "saved into it, and nothing of this change was saved"
        )
        self.path = path
        self.gone = gone
        # A run's report written all the same before the workspace was found gone (the
        # command line's ``reconcile``): the report stands, the run is not kept.
        self.report = report


class WorkspaceClosedError(WorkspaceError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"workspace {path} has been closed")
        self.path = path


class DecisionError(WorkspaceError, ValueError):
    """A decision that cannot apply to the current state (e.g. unmatching nothing)."""


class StatementConflictError(WorkspaceError, ValueError, Refusal):
    """A different file with the same name is already in the workspace.

    Lines are identified by file name and row, so two different files with one name
    would make every reference to their rows ambiguous.
    """

    refused = Refused.SELF_EXPLAINED
