"""The open workspace as the window uses it: one at a time, everything stored as it happens.

Opening loads what the workspace holds (invoices, lines, the decisions in force); fetches
and imports are stored the moment they arrive; decisions and undos are committed by the
workspace before its calls return. The SQLite connection is shared safely across the GUI
thread and the worker threads (the workspace serialises access).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.domain import (
    CancelToken,
    Decision,
    FetchPeriod,
    Invoice,
    InvoiceKey,
    InvoiceProblem,
    LineKey,
    ProgressCallback,
    ProviderFetchRecord,
    StatementLine,
    no_progress,
)
from desktop_app.providers import FetchResult as ProviderFetch
from desktop_app.refusal import Refusal, Refused
from desktop_app.statements import RowWarning
from desktop_app.ui.services import AuditRow, ReviewFlag, ReviewFlagChanges, WorkspaceContents
from desktop_app.workspace import (
    AuditEntry,
    Gone,
    ImportOutcome,
    RecentWorkspaces,
    ReviewItem,
    Workspace,
    WorkspaceClosedError,
    WorkspaceError,
    WorkspaceFullError,
)

_T = TypeVar("_T")


class NoWorkspaceError(WorkspaceError, Refusal):
    """An action needs an open workspace and none is: the accountant's to put right
    (open or create one), so a refusal, with that advice, not a bug with a traceback.
    A workspace held but closed under the window is no such thing: that is a bug
    (``WorkspaceClosedError``)."""

    refused = Refused.NO_WORKSPACE


@dataclass(frozen=True, slots=True)
class StoredFetch:
    """What storing a fetch did beyond caching it: the decisions it flagged for review,
    and the invoices it marked missing (no longer loaded); and, read back from the
    workspace it was stored in (``path``), each provider's fetch record and the invoices
    left out (``Workspace.fetch_records``, ``Workspace.fetch_problems``)."""

    flagged: tuple[ReviewFlag, ...] = ()
    missing: tuple[InvoiceKey, ...] = ()
    path: Path | None = None
    records: Mapping[str, ProviderFetchRecord] = field(default_factory=dict)
    left_out: tuple[InvoiceProblem, ...] = ()


class WorkspaceBackend:
    def __init__(self, recent: RecentWorkspaces | None = None) -> None:
        self._workspace: Workspace | None = None
        self._switching = threading.Lock()
        self.recent = recent or RecentWorkspaces()

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            raise NoWorkspaceError("no workspace is open: create or open one (File menu)")
        if self._workspace.closed:  # closed behind the backend's back: the code's mistake
            raise WorkspaceClosedError(self._workspace.path)
        return self._workspace

    @property
    def path(self) -> Path | None:
        return None if self._workspace is None else self._workspace.path

    def open(self, path: Path, create: bool = False) -> WorkspaceContents:
        """Open (or create) ``path``, load it, and only then make it the current workspace.

        It runs on a worker thread: until the new file has loaded, the current workspace
        stays current and keeps storing what arrives, and a file that fails to open or load
        leaves it exactly as it was. Opens are serialised, so the last one to finish is the
        one in force, in the order the window applies them.
        """
        return self.open_reading(path, create, lambda _, contents: contents)

    def open_reading(
        self,
        path: Path,
        create: bool,
        read: Callable[[Workspace, WorkspaceContents], _T],
    ) -> _T:
        """``open``, where the caller reads more of the file before it is made current:
        ``read`` is given the workspace opened and its contents as loaded, and what it
        returns is returned. A failure in it is a failure to load: the file is closed
        and the current workspace stays current (``open``). Read once it was current, a
        workspace whose later reading failed was left current, its path set, beside the
        window still showing the one before."""
        with self._switching:
            if self.path is not None and self.path.resolve() == path.resolve():
                self.close()  # reopening the same file: it would be "in use" by ourselves
            opened = Workspace.create(path) if create else Workspace.open(path)
            try:
                period = opened.fetch_period()
                contents = WorkspaceContents(
                    path=opened.path,
                    invoices=_under_review(opened.load_invoices(), period),
                    fetch_period=period,
                    lines=opened.load_lines(),
                    decisions=opened.effective_decisions(),
                    statements=opened.statement_files(),
                    stated_periods=opened.stated_periods(),
                    review_flags=_flags(opened, opened.decisions_needing_review()),
                    left_out=opened.fetch_problems(),
                    period_change=opened.period_change(),
                )
                result = read(opened, contents)
                if contents.period_change is not None:  # forgotten once nothing can fail
                    _forget_period_change(opened)
            except BaseException:
                opened.close()
                raise
            self.close()
            self._workspace = opened
            self.recent.add(opened.path)
            return result

    def gone(self) -> Gone | None:
        """Whether the open workspace's file is no longer at its path, and how
        (``Workspace.gone``); None while it is, or with none open."""
        opened = self._workspace
        if opened is None or opened.closed:
            return None
        return opened.gone()

    def save_copy(self, target: Path) -> Path:
        """Write the open workspace to ``target`` and go on in the copy
        (``Workspace.save_copy``): the same workspace object, so what was read of it
        (its statements held, its decisions' numbers) stays true of the copy, and the
        window's undo history with it. Serialised with opening: no switch runs under it.
        The copy is the most recent workspace; its path is returned."""
        with self._switching:
            opened = self.workspace
            opened.save_copy(target)
            self.recent.add(opened.path)
            return opened.path

    def fetch_records(self) -> dict[str, ProviderFetchRecord]:
        """Each provider's fetch record in the open workspace (``Workspace.fetch_records``)."""
        return self.workspace.fetch_records()

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None

    # -- storing what arrives ---------------------------------------------------------
    def store_fetch(self, result: ProviderFetch) -> StoredFetch:
        """Each provider that answered replaces its cached invoices; failed ones keep theirs.
        Returns the decisions the fetch flagged for review (their invoice changed) and the
        invoices it marked missing.

        Only invoices dated in the period fetched may be marked missing, and only of a
        provider that answered in full (``Workspace.save_fetch``): a fetch of one month
        leaves the other months' invoices, and the decisions on them, as they were.
        The period is kept as the one under review (``Workspace.save_fetch``): the next
        fetch offers it again, and reopening the workspace shows the invoices it holds
        (``_under_review``). Each provider's record says whether its invoices of it were
        fetched: a provider that failed or was cancelled keeps what it had.
        The workspace is looked up once: a save runs on to the end after its fetch is
        cancelled, and another workspace opened meanwhile must not receive the rest (the
        closed one then refuses them).
        """
        workspace = self.workspace
        outcomes = workspace.save_fetch(
            result.invoices,
            result.problems,
            date_from=result.date_from,
            date_to=result.date_to,
            failed={failure.provider: failure.reason for failure in result.failures},
            cancelled=result.cancelled,
        )
        done = outcomes.values()
        return StoredFetch(
            _flags(workspace, [item for outcome in done for item in outcome.needing_review]),
            tuple(key for outcome in done for key in outcome.missing),
            workspace.path,
            workspace.fetch_records(),
            workspace.fetch_problems(),
        )

    def store_statement(
        self,
        name: str,
        sha256: str,
        layout: Mapping[str, Any],
        lines: Sequence[StatementLine],
        account: str | None,
        line_accounts: Mapping[int, str] | None = None,
        balances: tuple[Decimal | None, Decimal | None] = (None, None),
        progress: ProgressCallback = no_progress,
        cancel: CancelToken | None = None,
        into: Workspace | None = None,
        currency: str | None = None,
        warnings: Sequence[RowWarning] | None = None,
    ) -> ImportOutcome:
        """Store an import of the file ``name`` whose bytes, as read, hash to ``sha256``
        (the importer's: hashing the file again here would keep another file's hash
        beside these lines, were it changed meanwhile); a Cancel before the commit
        leaves the workspace as it was (``Workspace.add_statement``). ``into`` is the
        workspace to store it in, where the caller looked it up already and keeps what it
        holds of that one in step; otherwise the current one."""
        return (into or self.workspace).add_statement(
            name,
            sha256,
            layout,
            lines,
            account=account,
            line_accounts=line_accounts,
            balances=balances,
            progress=progress,
            cancel=cancel,
            currency=currency,
            warnings=warnings,
        )

    def new_lines(
        self, outcome: ImportOutcome, lines: Sequence[StatementLine]
    ) -> tuple[StatementLine, ...]:
        """The lines of an import the workspace kept (not already there)."""
        if outcome.already_imported:
            return ()
        skipped = set(outcome.duplicates)
        return tuple(line for line in lines if line.key not in skipped)

    # -- decisions ----------------------------------------------------------------------
    def record(self, decision: Decision) -> int:
        return self.workspace.record_decision(decision).id

    def undo(self, entry_id: int) -> Mapping[int, int]:
        """Undo that entry; which new entry stands for each decision it put back."""
        return self.workspace.undo(entry_id).restored

    def record_all(self, decisions: Sequence[Decision]) -> list[int]:
        return [entry.id for entry in self.workspace.record_decisions(decisions)]

    def undo_all(self, entry_ids: Sequence[int]) -> Mapping[int, int]:
        return self.workspace.undo_all(entry_ids).restored

    def decisions(self) -> tuple[Decision, ...]:
        return self.workspace.effective_decisions() if self._workspace else ()

    def versioned_decisions(self) -> tuple[int, tuple[Decision, ...]]:
        return self.workspace.versioned_decisions() if self._workspace else (0, ())

    def decisions_version(self) -> int:
        return self.workspace.decisions_version if self._workspace else 0

    def review_flag_changes(self, held: AbstractSet[int]) -> ReviewFlagChanges:
        if not self._workspace:
            return ReviewFlagChanges(frozenset(held))
        changes = self.workspace.review_flag_changes(held)
        return ReviewFlagChanges(changes.gone, _flags(self.workspace, changes.new))

    def audit(self, invoice: InvoiceKey | None, line: LineKey | None) -> list[AuditRow]:
        entries = self.workspace.audit(invoice_key=invoice, line_key=line)
        return [_row(entry) for entry in entries]


def _under_review(invoices: Sequence[Invoice], period: FetchPeriod | None) -> tuple[Invoice, ...]:
    """The cached invoices the period last fetched for holds, as the window held them
    after that fetch: the cache keeps those of earlier, wider fetches (decisions and the
    audit trail name them), which are not under review. No period remembered (a workspace
    from before periods were kept): every cached invoice, as it was then."""
    if period is None:
        return tuple(invoices)
    return tuple(invoice for invoice in invoices if period.holds(invoice))


def _flags(workspace: Workspace, items: Sequence[ReviewItem]) -> tuple[ReviewFlag, ...]:
    """The window's flags of ``items``, each with its decision's invoices as the workspace
    last held them (``Workspace.invoices_last_held``, one lookup for them all): the window
    no longer holds one its provider stopped returning, and named it by the provider's id
    where the accountant decided by its number."""
    keys = {key for item in items for key in item.entry.decision.invoice_keys}
    held = {invoice.key: invoice for invoice in workspace.invoices_last_held(keys)}
    return tuple(
        ReviewFlag(
            item.entry.id,
            item.entry.decision,
            item.invoice_key,
            item.reason,
            item.causes,
            item.flagged_at,
            item.id,
            tuple(held[key] for key in item.entry.decision.invoice_keys if key in held),
        )
        for item in items
    )


def _row(entry: AuditEntry) -> AuditRow:
    restores = "" if entry.put_back is None else entry.put_back.said
    return AuditRow(entry.id, entry.decision, entry.in_force, entry.replaced_by, restores)


def _forget_period_change(workspace: Workspace) -> None:
    """The period change is said as the workspace opens: the next opening is silent. A
    full disk must not stop the accountant opening it, so the change is then said again
    next time rather than the opening refused."""
    with contextlib.suppress(WorkspaceFullError):
        workspace.forget_period_change()
