"""Test doubles for the two seams the window depends on: services and dialogs.

``MemoryServices`` keeps everything in memory and answers from what the test gave it;
the full flow against the real engine and sandbox lives in test_full_flow.py.
``ScriptedDialogs`` answers each question from a queue and records what was asked.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain import (
    CancelToken,
    Decision,
    DecisionKind,
    FetchPeriod,
    FetchShortfall,
    Invoice,
    InvoiceKey,
    LineKey,
    MatchState,
    ProgressCallback,
    Reconciliation,
    StatementLine,
    WaitingCallback,
    no_waiting,
)
from desktop_app.ui.dialogs.seam import GoneAnswer, ProviderEdit
from desktop_app.ui.fetch_period import PeriodOffer
from desktop_app.ui.review import match_key
from desktop_app.ui.services import (
    AboutInfo,
    AuditRow,
    ColumnGuess,
    ColumnMapping,
    EncodingChoice,
    FetchResult,
    ImportResult,
    ImportSummary,
    ProviderEntry,
    RemovalResult,
    ReviewFlagChanges,
    SecretFrom,
    ServiceError,
    SettingField,
    SheetChoice,
    StatementDecisions,
    StatementPreview,
    WorkspaceContents,
    WorkspaceGone,
)
from desktop_app.ui.tasks import WhenClosed

if TYPE_CHECKING:  # the report's words: loading them would load the report writer
    from desktop_app.pipeline.audit import DecisionsNotApplied


@dataclass
class MemoryServices:
    invoices: tuple[Invoice, ...] = ()
    statements: dict[str, tuple[StatementLine, ...]] = field(default_factory=dict)
    # Another statement's copies of a statement's movements: kept when it is removed.
    stand_ins: dict[str, tuple[StatementLine, ...]] = field(default_factory=dict)
    reconciliation: Reconciliation | None = None
    fetch_failures: tuple[Any, ...] = ()
    fetch_problems: tuple[Any, ...] = ()  # invoices a provider returned that were unusable
    fetch_gate: asyncio.Event | None = None  # when set, fetch waits for it (in-flight tests)
    reconcile_gate: threading.Event | None = None  # when set, matching waits for it
    # When set, a run shows each match as the latest of the decisions it was given on its
    # pairing says, as the engine does (accepted, or left out when rejected).
    honour_decisions: bool = False
    reconciled_lines: list[tuple[StatementLine, ...]] = field(default_factory=list)
    provider_list: list[ProviderEntry] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    settings: dict[str, int | Decimal | float] = field(
        default_factory=lambda: {
            "date_window_days": 30,
            "amount_tolerance": Decimal("0.01"),
            "min_score": 0.5,
        }
    )
    recorded: list[Decision] = field(default_factory=list)
    # The providers whose invoices of the period asked are said not fetched (none unless a
    # test says), and each period asked about.
    unfetched: tuple[FetchShortfall, ...] = ()
    unfetched_asked: list[FetchPeriod] = field(default_factory=list)
    exported: list[tuple[Path, Reconciliation]] = field(default_factory=list)
    exported_periods: list[FetchPeriod | None] = field(default_factory=list)  # as fetched
    reconcile_calls: int = 0
    fetch_periods: list[tuple[date | None, date | None]] = field(default_factory=list)
    workspace: Path | None = None
    recent: list[Path] = field(default_factory=list)
    # The open workspace's file gone from its path (``workspace_gone``), and the copies saved.
    gone: WorkspaceGone | None = None
    copies: list[Path] = field(default_factory=list)

    def providers(self) -> list[ProviderEntry]:
        """A token saved here is in the "keyring"; one read from a variable is as the
        test's entry says (this fake reads no environment)."""
        return [replace(p, token_from=self._token_from(p)) for p in self.provider_list]

    def _token_from(self, entry: ProviderEntry) -> SecretFrom:
        if entry.name in self.tokens:
            return SecretFrom.KEYRING
        return entry.token_from if entry.secret_env is not None else SecretFrom.MISSING

    def save_provider(
        self, entry: ProviderEntry, token: str | None, replaces: str | None = None
    ) -> None:
        if replaces is None and any(p.name == entry.name for p in self.provider_list):
            raise ServiceError(f"a provider named {entry.name} exists")
        self.provider_list = [p for p in self.provider_list if p.name != (replaces or entry.name)]
        self.provider_list.append(entry)
        if token:
            self.tokens[entry.name] = token

    def remove_provider(self, name: str) -> None:
        self.provider_list = [p for p in self.provider_list if p.name != name]
        self.tokens.pop(name, None)

    async def test_provider(
        self, entry: ProviderEntry, token: str | None, waiting: WaitingCallback = no_waiting
    ) -> str:
        await asyncio.sleep(0)
        if entry.name not in self.tokens:
            raise PermissionError("401 Unauthorized: the token was refused")
        return "connected: 3 invoices on the first page"

    async def fetch_invoices(
        self,
        date_from: date | None,
        date_to: date | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        waiting: WaitingCallback = no_waiting,
    ) -> FetchResult:
        self.fetch_periods.append((date_from, date_to))
        progress(0, len(self.invoices), "asking providers")
        if self.fetch_gate is not None:
            await self.fetch_gate.wait()
        await asyncio.sleep(0)
        issued = tuple(  # the providers' own filter: issue date within the period
            invoice
            for invoice in self.invoices
            if (date_from is None or invoice.issue_date >= date_from)
            and (date_to is None or invoice.issue_date <= date_to)
        )
        problems = tuple(self.fetch_problems)  # every provider answers here
        return FetchResult(issued, tuple(self.fetch_failures), problems, left_out=problems)

    def preview_statement(
        self, path: Path, sheet: str | None = None, encoding: str | None = None
    ) -> StatementPreview:
        if path.name not in self.statements:
            raise ValueError(f"{path.name}: not a statement this test knows")
        return StatementPreview(
            path=path,
            rows=(("Date", "Description", "Amount"), ("2026-01-05", "PAYMENT 1", "-100.00")),
            row_numbers=(1, 2),
            header_row=1,
            columns=(
                ColumnGuess(0, "Date", "date", "every value is a YYYY-MM-DD date"),
                ColumnGuess(1, "Description", "description", "free text in 100% of rows"),
                ColumnGuess(2, "Amount", "amount", "signed numbers, two decimals"),
            ),
            roles=(
                "date",
                "description",
                "reference",
                "amount",
                "debit",
                "credit",
                "currency",
                "balance",
            ),
            notes=("dates are year-month-day",),
        )

    def summarise_statement(self, path: Path, mapping: ColumnMapping) -> ImportSummary:
        """As ``import_statement`` would bring it in: its lines, one row skipped."""
        lines = self.statements[path.name]
        return ImportSummary(len(lines), skipped_rows=1)

    def remove_statement(self, source_file: str) -> RemovalResult:
        """As the workspace does: a decision whose removed lines all have a copy (the same
        date and amount) among the stand-ins moves to the copies; the others are dropped."""
        touched, carried, withdrawn = self._removal(source_file)
        lines = self.statements.pop(source_file, ())
        kept = self.stand_ins.pop(source_file, ())
        self.recorded = [d for d in self.recorded if d not in touched] + carried
        for line in kept:
            self.statements[line.source_file] = (*self.statements.get(line.source_file, ()), line)
        kinds = tuple(d.kind for d in withdrawn)
        return RemovalResult(source_file, len(lines), len(kinds), kept, len(carried), kinds)

    def decisions_on_statement(self, source_file: str) -> StatementDecisions:
        """As ``remove_statement`` then withdraws and carries them, nothing changed."""
        _, carried, withdrawn = self._removal(source_file)
        return StatementDecisions(tuple(d.kind for d in withdrawn), tuple(d.kind for d in carried))

    def _removal(self, source_file: str) -> tuple[list[Decision], list[Decision], list[Decision]]:
        """The recorded decisions naming the statement's lines, those of them carried over
        (moved to the copies) and those withdrawn."""
        lines = self.statements.get(source_file, ())
        copies = {
            (line.date, line.amount): line.key for line in self.stand_ins.get(source_file, ())
        }
        moved_to = {
            line.key: copies[line.date, line.amount]
            for line in lines
            if (line.date, line.amount) in copies
        }
        touched = [d for d in self.recorded if {line.key for line in lines} & set(d.line_keys)]
        movable = [
            d
            for d in touched
            if all(key in moved_to for key in d.line_keys if key.source_file == source_file)
        ]
        carried = [
            replace(d, line_keys=tuple(moved_to.get(key, key) for key in d.line_keys))
            for d in movable
        ]
        return touched, carried, [d for d in touched if d not in movable]

    def import_statement(
        self,
        path: Path,
        mapping: ColumnMapping | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        reviewed: str | None = None,
    ) -> ImportResult:
        lines = self.statements[path.name]
        progress(len(lines), len(lines), "read")
        return ImportResult(path.name, lines, warnings=("row 9: no amount",), skipped_rows=1)

    def matching_settings(self) -> list[SettingField]:
        return [
            SettingField(
                "date_window_days",
                "Date window (days)",
                int(self.settings["date_window_days"]),
                0,
                365,
            ),
            SettingField(
                "amount_tolerance",
                "Amount tolerance",
                Decimal(self.settings["amount_tolerance"]),
                0,
                100,
            ),
            SettingField("min_score", "Minimum score", float(self.settings["min_score"]), 0.0, 1.0),
        ]

    def save_matching_settings(self, values: Mapping[str, int | Decimal | float]) -> None:
        self.settings.update(values)

    def reconcile(
        self,
        invoices: Sequence[Invoice],
        lines: Sequence[StatementLine],
        decisions: Sequence[Decision],
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> Reconciliation:
        self.reconcile_calls += 1
        self.reconciled_lines.append(tuple(lines))
        if self.reconcile_gate is not None:
            self.reconcile_gate.wait(10)
        cancel.raise_if_cancelled()
        assert self.reconciliation is not None, "the test gave no reconciliation"
        if not self.honour_decisions:
            return self.reconciliation
        latest = {decision.pairing: decision.kind for decision in decisions}
        decided = {
            DecisionKind.ACCEPT: MatchState.ACCEPTED,
            DecisionKind.MANUAL_MATCH: MatchState.MANUAL,
        }
        matches = [
            replace(match, state=decided.get(latest.get(match_key(match)), match.state))  # type: ignore[arg-type]
            for match in self.reconciliation.matches
            if latest.get(match_key(match)) is not DecisionKind.REJECT
        ]
        return replace(self.reconciliation, matches=tuple(matches))

    def export_report(
        self,
        reconciliation: Reconciliation,
        decisions: Sequence[Decision],
        path: Path,
        progress: ProgressCallback,
        cancel: CancelToken,
        fetched: FetchPeriod | None = None,
        statements_from: date | None = None,
    ) -> Path:
        self.exported.append((path, reconciliation))
        self.exported_periods.append(fetched)
        return path

    def unfetched_providers(self, period: FetchPeriod) -> tuple[FetchShortfall, ...]:
        self.unfetched_asked.append(period)
        return self.unfetched

    def export_target_problem(self, path: Path) -> str | None:
        if self.workspace is not None and path == self.workspace:
            return f"{path} is this workspace's file"
        return None

    def open_workspace(self, path: Path, create: bool = False) -> WorkspaceContents:
        if not create and not path.exists():
            raise FileNotFoundError(f"{path} does not exist")
        path.touch()
        self.workspace = path
        self.recent = [path, *(p for p in self.recent if p != path)]
        return WorkspaceContents(
            path,
            self.invoices,
            (),
            tuple(self.recorded),
            self.reconciliation,
            matching_settings=tuple(self.matching_settings()),
        )

    def workspace_path(self) -> Path | None:
        return self.workspace

    def workspace_gone(self) -> WorkspaceGone | None:
        return self.gone

    def save_workspace_copy(self, path: Path) -> Path:
        self.copies.append(path)
        self.workspace, self.gone = path, None
        self.recent = [path, *(p for p in self.recent if p != path)]
        return path

    def recent_workspaces(self) -> list[Path]:
        return list(self.recent)

    def record_decision(self, decision: Decision) -> int:
        self.recorded.append(decision)
        return len(self.recorded)

    def undo_decision(self, entry_id: int) -> Mapping[int, int]:
        """Like the workspace: undoing a pairing decision appends an UNMATCH; undoing an
        UNMATCH records again the decision it cleared (the latest on that pairing), a new
        entry standing for it (returned, as the workspace says it)."""
        undone = self.recorded[entry_id - 1]
        kind = DecisionKind.UNMATCH
        cleared = None
        if undone.kind is DecisionKind.UNMATCH:
            earlier = [
                number
                for number, d in enumerate(self.recorded[: entry_id - 1], start=1)
                if d.pairing == undone.pairing
            ]
            # a match the test's reconciliation shows as accepted was accepted before it
            cleared = earlier[-1] if earlier else None
            kind = self.recorded[cleared - 1].kind if cleared else DecisionKind.ACCEPT
        self.recorded.append(replace(undone, kind=kind, reason=f"undo of #{entry_id}"))
        return {} if cleared is None else {cleared: len(self.recorded)}

    def record_decisions(self, decisions: Sequence[Decision]) -> list[int]:
        return [self.record_decision(decision) for decision in decisions]

    def undo_decisions(self, entry_ids: Sequence[int]) -> Mapping[int, int]:
        restored: dict[int, int] = {}
        for entry_id in entry_ids:
            restored.update(self.undo_decision(entry_id))
        return restored

    def decisions(self) -> tuple[Decision, ...]:
        return tuple(self.recorded)

    def versioned_decisions(self) -> tuple[int, tuple[Decision, ...]]:
        return self.decisions_version(), self.decisions()

    def decisions_version(self) -> int:
        return len(self.recorded)  # appended to, never rewritten, as the workspace's log

    def decisions_not_applied(self, reconciliation: Reconciliation) -> DecisionsNotApplied | None:
        return None  # no workspace: no decision log to name them by

    def review_flag_changes(self, held: AbstractSet[int]) -> ReviewFlagChanges:
        return ReviewFlagChanges(frozenset(held))  # none is in force here

    def audit_trail(
        self, invoice: InvoiceKey | None = None, line: LineKey | None = None
    ) -> list[AuditRow]:
        return [
            AuditRow(number, d)
            for number, d in enumerate(self.recorded, start=1)
            if (invoice in d.invoice_keys) or (line in d.line_keys)
        ]

    def about(self) -> AboutInfo:
        return AboutInfo(
            "0.1.0", self.workspace, Path("/tmp/logs"), (("PySide6", "6.11.2", "LGPL-3.0"),)
        )

    async def aclose(self) -> None:
        pass


class ScriptedDialogs:
    """Answers from ``answers[method]`` (a queue); records every question in ``asked``."""

    def __init__(self, **answers: Any) -> None:
        self.answers: dict[str, deque[Any]] = {k: deque(v) for k, v in answers.items()}
        self.asked: list[tuple[str, tuple[Any, ...]]] = []

    def _answer(self, name: str, *args: Any) -> Any:
        self.asked.append((name, args))
        queue = self.answers.get(name)
        if not queue:
            raise AssertionError(f"the test did not expect the question {name}{args}")
        return queue.popleft()

    def choose_statement(self, parent: Any) -> Path | None:
        return self._answer("choose_statement")  # type: ignore[no-any-return]

    def choose_export_path(self, parent: Any, suggested: Path) -> Path | None:
        return self._answer("choose_export_path", suggested)  # type: ignore[no-any-return]

    def choose_workspace(self, parent: Any, create: bool) -> Path | None:
        return self._answer("choose_workspace", create)  # type: ignore[no-any-return]

    def choose_workspace_copy(self, parent: Any, suggested: Path) -> Path | None:
        return self._answer("choose_workspace_copy", suggested)  # type: ignore[no-any-return]

    def close_gone(self, parent: Any, gone: WorkspaceGone) -> GoneAnswer:
        return self._answer("close_gone", gone)  # type: ignore[no-any-return]

    def review_import(
        self, parent: Any, preview: StatementPreview, again: Any = None
    ) -> ColumnMapping | SheetChoice | EncodingChoice | None:
        return self._answer("review_import", preview)  # type: ignore[no-any-return]

    def edit_provider(self, parent: Any, entry: ProviderEntry | None) -> ProviderEdit | None:
        return self._answer("edit_provider", entry)  # type: ignore[no-any-return]

    def choose_fetch_period(self, parent: Any, offer: PeriodOffer) -> FetchPeriod | None:
        """As scripted; where the test scripts no answer, All dates: every invoice, as
        Fetch took before it asked for a period (the tests written then expect them all)."""
        self.asked.append(("choose_fetch_period", (offer,)))
        queue = self.answers.get("choose_fetch_period")
        return queue.popleft() if queue else FetchPeriod()  # type: ignore[no-any-return]

    def confirm(self, parent: Any, title: str, question: str) -> bool:
        return self._answer("confirm", title, question)  # type: ignore[no-any-return]

    def confirm_export_without(
        self, parent: Any, shortfalls: Sequence[FetchShortfall], period: FetchPeriod
    ) -> bool:
        return self._answer("confirm_export_without", shortfalls, period)  # type: ignore[no-any-return]

    def stop_and_close(self, parent: Any, running: Sequence[WhenClosed]) -> bool:
        """As scripted; where the test scripts no answer, Stop and close: a test's window
        closed at its end with work still running stops it, as the accountant's would."""
        self.asked.append(("stop_and_close", (tuple(running),)))
        queue = self.answers.get("stop_and_close")
        return queue.popleft() if queue else True  # type: ignore[no-any-return]

    def wait_again(self, parent: Any, still: Sequence[str], waited_s: float) -> bool:
        return self._answer("wait_again", tuple(still), waited_s)  # type: ignore[no-any-return]

    def show_audit(self, parent: Any, title: str, entries: list[AuditRow]) -> None:
        self.asked.append(("show_audit", (title, entries)))

    def show_about(self, parent: Any, info: AboutInfo) -> None:
        self.asked.append(("show_about", (info,)))

    def open_with_desktop(self, path: Path) -> bool:
        return self._answer("open_with_desktop", path)  # type: ignore[no-any-return]
