"""The workspace: one SQLite file that keeps a reconciliation across restarts and crashes.

Everything public is re-exported here; the modules behind it are implementation.
"""

from desktop_app.workspace.errors import (
    DecisionError,
    Gone,
    NotAWorkspaceError,
    StatementConflictError,
    WorkspaceClosedError,
    WorkspaceCorruptError,
    WorkspaceError,
    WorkspaceExistsError,
    WorkspaceFullError,
    WorkspaceGoneError,
    WorkspaceInUseError,
    WorkspaceNotFoundError,
    WorkspaceReadOnlyError,
    WorkspaceVersionError,
)
from desktop_app.workspace.owner import current_user
from desktop_app.workspace.recent import RecentWorkspaces
from desktop_app.workspace.records import (
    AuditEntry,
    FlagChanges,
    ImportOutcome,
    PeriodChange,
    PutBack,
    RefreshOutcome,
    ReviewCause,
    ReviewItem,
    StatementRecord,
    Undone,
)
from desktop_app.workspace.schema import CURRENT_VERSION
from desktop_app.workspace.statement_removal import DecisionsOnStatement, RemovedStatement
from desktop_app.workspace.statement_store import file_sha256, line_identity
from desktop_app.workspace.stores import ProfileStore, SettingsStore
from desktop_app.workspace.workspace import Workspace

__all__ = [
    "CURRENT_VERSION",
    "AuditEntry",
    "DecisionError",
    "DecisionsOnStatement",
    "FlagChanges",
    "Gone",
    "ImportOutcome",
    "NotAWorkspaceError",
    "PeriodChange",
    "ProfileStore",
    "PutBack",
    "RecentWorkspaces",
    "RefreshOutcome",
    "RemovedStatement",
    "ReviewCause",
    "ReviewItem",
    "SettingsStore",
    "StatementConflictError",
    "StatementRecord",
    "Undone",
    "Workspace",
    "WorkspaceClosedError",
    "WorkspaceCorruptError",
    "WorkspaceError",
    "WorkspaceExistsError",
    "WorkspaceFullError",
    "WorkspaceGoneError",
    "WorkspaceInUseError",
    "WorkspaceNotFoundError",
    "WorkspaceReadOnlyError",
    "WorkspaceVersionError",
    "current_user",
    "file_sha256",
    "line_identity",
]
