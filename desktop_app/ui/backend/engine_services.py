"""``EngineServices``: the real engine behind the window's ``AppServices`` seam.

It composes the parts (providers, statements, matching, export, workspace) and stores
every result in the open workspace as it arrives, so the window never holds anything
that is not saved. Failures are the engine's own exceptions, whose messages already name
the provider, file, row or key; the window shows them as they are.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__
from desktop_app.about import app_paths, bundled_components
from desktop_app.async_run import finish_even_if_cancelled
from desktop_app.domain import (
    CancelToken,
    Decision,
    FetchPeriod,
    FetchShortfall,
    Invoice,
    InvoiceKey,
    InvoiceProblem,
    LineKey,
    ProgressCallback,
    ProviderFetchRecord,
    Reconciliation,
    StatementLine,
    WaitingCallback,
    early_unmatched_payments,
    fetched_from_statements,
    no_progress,
    no_waiting,
)
from desktop_app.domain.provider_fetch import (
    after_fetch,
    left_out_of,
    problems_after,
    report_period,
)
from desktop_app.fetch_coverage import shortfalls
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.saved import (
    StoredSettings,
    read_stored,
    set_aside_named,
    set_aside_said,
    unknown_said,
)
from desktop_app.matching.settings import SettingsError
from desktop_app.providers.secret_check import secret_request
from desktop_app.refusal import Refusal
from desktop_app.secrets import ChainedSecretSource, SecretRequest
from desktop_app.statements import stages
from desktop_app.ui.backend import matching_settings
from desktop_app.ui.backend.provider_backend import ProviderBackend
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.session_statements import HeldStatement, SessionStatements
from desktop_app.ui.backend.workspace_backend import StoredFetch, WorkspaceBackend
from desktop_app.ui.backend.workspace_movements import HeldStatements, WorkspaceMovements
from desktop_app.ui.services import (
    AboutInfo,
    AuditRow,
    ColumnMapping,
    FetchResult,
    ImportResult,
    ImportSummary,
    ProviderEntry,
    ProviderFailure,
    RemovalResult,
    ReviewFlagChanges,
    ServiceError,
    SettingField,
    StatementDecisions,
    StatementPreview,
    WorkspaceContents,
    WorkspaceGone,
)
from desktop_app.workspace import DecisionError, Workspace
from desktop_app.workspace.new_reading import Differing, described, differing_readings

if TYPE_CHECKING:  # imported when first used: they are off the start-up path (~1.5 s)
    from desktop_app.export import AuditRow as ReportAuditRow
    from desktop_app.export import StatementUsed
    from desktop_app.pipeline.audit import DecisionsNotApplied
    from desktop_app.providers import FetchResult as ProviderFetch
    from desktop_app.statements.continuity import StatedBalances, StatementBreak
    from desktop_app.ui.backend.statement_backend import StatementBackend


@contextmanager
def _as_service_error(*refused: type[Exception]) -> Iterator[None]:
    """Errors the user can act on, as the seam's ServiceError (same message), which the
    screen shows where the request was made: the engine's refusals (``Refusal``) and the
    types the request's own code raises on purpose (``refused``), no others.

    Any ValueError or OSError once was: a bug inside (a workspace written to once
    closed, a slip in the code) then read as an inline refusal on the Settings screen,
    or as an expected failure in the banner, with no traceback for support."""
    try:
        yield
    except ServiceError:  # said in the window's words already
        raise
    except Exception as error:
        if isinstance(error, (Refusal, *refused)):
            raise ServiceError(str(error)) from error
        raise


def _refuse(source_file: str, held_as: str, differing: Differing, where: str) -> None:
    """A file held already (as ``held_as``: its own name, or the name it was first
    imported under), read differently now (another mapping, a correction in the wizard):
    what is held stays as first read, so the import is refused, saying how to read it
    again, where it would say "nothing added" and keep the old reading."""
    if not differing:
        return
    held = held_as if held_as == source_file else f"{source_file} (the same file as {held_as})"
    raise ServiceError(
        f"{held} is {where} as read before, and {described(differing)}: to read it with "
        f"these settings, remove {held_as} (Remove statement…), then import it again"
    )


class _OneSecret:
    """A secret typed in the provider dialog but not saved yet (for "Test connection")."""

    def __init__(self, request: SecretRequest, value: str) -> None:
        self._request, self._value = request, value

    def lookup(self, request: SecretRequest) -> str | None:
        same = (request.provider, request.purpose) == (
            self._request.provider,
            self._request.purpose,
        )
        return self._value if same else None

    def describe(self, request: SecretRequest) -> str:
        return "the secret typed in the dialog"


class EngineServices:
    def __init__(
        self,
        providers: ProviderSettings,
        workspace: WorkspaceBackend | None = None,
        today: date | None = None,
        locale_hint: str | None = None,
    ) -> None:
        self.provider_settings = providers
        # The accountant's locale ("en_US"): what a statement's date order may follow
        # where none of its dates settles it. The window passes Qt's.
        self._locale_hint = locale_hint
        self.fetcher = ProviderBackend(providers)
        self.workspace = workspace or WorkspaceBackend()
        self._statements: StatementBackend | None = None
        # Without a workspace, the statements imported this session, duplicates recognised.
        self._session_statements = SessionStatements()
        # With one, its statements and lines as the continuity check reads them, kept in
        # step with each import and removal rather than read back after each.
        self._movements = WorkspaceMovements()
        self._today = today
        # one fetch saves at a time, per event loop (the window has one; tests make many)
        self._saving_locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        # The invoices each provider's last answer returned that could not be used, as the
        # open workspace keeps them or, without one, as this session's fetches left them
        # (``provider_fetch.problems_after``): the report lists them as left out.
        self._left_out: tuple[InvoiceProblem, ...] = ()
        # The files imported this session, by path, with the statement each is: the
        # workspace keeps a statement's name and content, not where the file was.
        self._imported_files: dict[Path, str] = {}
        # Each provider's fetch record, as the open workspace keeps it (read as it opens
        # and again as each fetch is stored, on a worker) or, without one, as this
        # session's fetches left it: what the export asks about and its Summary lists,
        # held here so the question, asked on the GUI thread, reads no file.
        self._fetches: dict[str, ProviderFetchRecord] = {}

    # -- providers ----------------------------------------------------------------------
    def providers(self) -> list[ProviderEntry]:
        return self.provider_settings.entries()

    def save_provider(
        self, entry: ProviderEntry, token: str | None, replaces: str | None = None
    ) -> None:
        with _as_service_error(OSError):  # providers.toml cannot be written
            self.provider_settings.save(entry, token, replaces)

    def remove_provider(self, name: str) -> None:
        with _as_service_error(OSError):  # providers.toml cannot be written
            self.provider_settings.remove(name)

    async def test_provider(
        self, entry: ProviderEntry, token: str | None, waiting: WaitingCallback = no_waiting
    ) -> str:
        config = next(c for c in self.provider_settings.configs() if c.name == entry.name)
        secrets = self.provider_settings.secrets()
        if token:
            secrets = ChainedSecretSource(_OneSecret(secret_request(config), token), secrets)
        return await self.fetcher.test(config, secrets, self._today or date.today(), waiting)

    async def fetch_invoices(
        self,
        date_from: date | None,
        date_to: date | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        waiting: WaitingCallback = no_waiting,
    ) -> FetchResult:
        # Cancelled (the window's Cancel cancels this task and sets the token), the fetch
        # stops the providers still fetching and returns those that had finished, which
        # are saved and shown like any others: nothing fetched is thrown away.
        result = await finish_even_if_cancelled(
            self.fetcher.fetch(date_from, date_to, progress, cancel, waiting),
            on_cancel=cancel.cancel,
        )
        stored = StoredFetch()
        if self.workspace.path is None:
            self._note_fetches(result)
        else:
            # Off the GUI thread (10,000 invoices take about half a second), one fetch
            # after another in the order asked, and once begun to the end: a cancelled
            # fetch that saved its invoices still returns them, so the window shows them.
            progress(0, None, "saving invoices")
            loop = asyncio.get_running_loop()
            async with self._saving_locks.setdefault(loop, asyncio.Lock()):
                stored = await finish_even_if_cancelled(
                    asyncio.to_thread(self.workspace.store_fetch, result)
                )
            # As the workspace it was stored in keeps them, unless another was opened
            # meanwhile: its own were read as it opened, and stay.
            if stored.path == self.workspace.path:
                self._fetches, self._left_out = dict(stored.records), stored.left_out
        failures = tuple(ProviderFailure(f.provider, f.reason) for f in result.failures)
        asked = {*result.invoices, *(f.provider for f in result.failures), *result.cancelled}
        return FetchResult(
            tuple(result.all_invoices()),
            failures,
            result.problems,
            result.cancelled,
            stored.flagged,
            stored.missing,
            left_out_of(
                self._left_out, self._fetches, asked, FetchPeriod(result.date_from, result.date_to)
            ),
        )

    def _note_fetches(self, result: ProviderFetch) -> None:
        """Without a workspace, each provider's fetch and the invoices it left out kept for
        this session, by the rules a workspace keeps them by (``provider_fetch``)."""
        failed = {failure.provider: failure.reason for failure in result.failures}
        period = FetchPeriod(result.date_from, result.date_to)
        ended = after_fetch(
            self._fetches, result.invoices, failed, result.cancelled, period, datetime.now(UTC)
        )
        self._fetches = {**self._fetches, **ended}
        self._left_out = problems_after(self._left_out, result.invoices, result.problems)

    def _fetch_records(self) -> dict[str, ProviderFetchRecord]:
        return dict(self._fetches)

    def _configured(self) -> list[tuple[str, str]] | None:
        """Each provider configured, (name, kind), in its order; None where the
        configuration cannot be read. Read once per question: the file may change."""
        try:
            return [(config.name, config.kind.value) for config in self.provider_settings.configs()]
        except (ValueError, OSError):
            return None

    def _provider_names(self, records: Mapping[str, ProviderFetchRecord]) -> list[str]:
        return _report_providers(self._configured(), records)

    def unfetched_providers(self, period: FetchPeriod) -> tuple[FetchShortfall, ...]:
        records = self._fetch_records()
        return shortfalls(self._provider_names(records), records, period)

    # -- statements (worker) ------------------------------------------------------------
    @property
    def statements(self) -> StatementBackend:
        if self._statements is None:
            from desktop_app.ui.backend.statement_backend import (
                StatementBackend,
                WorkspaceProfiles,
            )

            profiles = WorkspaceProfiles(self.workspace)
            self._statements = StatementBackend(profiles, self._locale_hint)
        return self._statements

    def preview_statement(
        self, path: Path, sheet: str | None = None, encoding: str | None = None
    ) -> StatementPreview:
        preview = self.statements.preview(path, sheet, encoding)
        return replace(preview, profiles_saved=self.workspace.path is not None)

    def summarise_statement(self, path: Path, mapping: ColumnMapping) -> ImportSummary:
        return self.statements.summary(path, mapping)

    def import_statement(
        self,
        path: Path,
        mapping: ColumnMapping | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        reviewed: str | None = None,
    ) -> ImportResult:
        from desktop_app.ui.backend.statement_backend import warning_counts

        progress(0, None, f"reading {path.name}")
        with stages.as_progress(progress, cancel):
            # A file changed since the wizard's preview is refused there, before a
            # profile asked for with it is saved.
            result = self.statements.import_file(path, mapping, reviewed)
        self._imported_files[path] = result.source_file
        cancel.raise_if_cancelled()
        warnings = tuple(str(warning) for warning in result.warnings)
        skipped, notes = warning_counts(result)
        if self.workspace.path is None:
            # Another file under a name imported is refused there (ServiceError).
            held = self._session_statements.add(result)
            if held.same_file_as is not None:
                before = {line.row: line for line in held.held_lines}
                differing = differing_readings(before, result.lines)
                _refuse(result.source_file, held.same_file_as, differing, "imported")
            same = held.same_statement(result.source_file, len(result.lines))
            return ImportResult(
                result.source_file,
                held.kept,
                warnings,
                held.repeated,
                skipped,
                notes,
                held.same_file_as,
                () if held.same_file_as else self._statement_breaks(progress),
                same,
                result.stated,
            )
        layout = result.stored_layout()
        balances = (result.opening_balance, result.closing_balance)
        workspace = self.workspace.workspace
        # Comparing 200,000 lines with the workspace's and saving them take seconds: each
        # says how far it is, and a Cancel before the commit rolls it back (nothing
        # stored); the commit refuses Cancel. What is held of the workspace's statements
        # follows the commit, before another import or a removal changes them again.
        with self._movements.changing():
            outcome = self.workspace.store_statement(
                result.source_file,
                result.sha256,
                layout,
                result.lines,
                result.account,
                result.line_accounts,
                balances,
                progress,
                cancel,
                into=workspace,
                currency=result.currency,
                warnings=result.warnings,
            )
            kept = self.workspace.new_lines(outcome, result.lines)
            if not outcome.already_imported:
                self._movements.imported(workspace, outcome.statement, kept)
                movements = self._held_of(workspace)
        repeated = len(result.lines) - len(kept)
        same = outcome.same_statement(result.source_file, len(result.lines))
        if not outcome.already_imported:
            breaks = self._statement_breaks(progress, movements)
            return ImportResult(
                result.source_file,
                kept,
                warnings,
                repeated,
                skipped,
                notes,
                None,
                breaks,
                same,
                result.stated,
            )
        # Nothing was stored: whether it still reads as it did is checked against every
        # stored line (seconds at 200,000), said so, and Cancel still stops it.
        stored_as = outcome.statement.source_file
        progress(0, None, f"checking it reads as {stored_as} in the workspace did")
        differing = workspace.read_differently(outcome.statement, result.lines)
        cancel.raise_if_cancelled()
        _refuse(result.source_file, stored_as, differing, "in the workspace")
        return ImportResult(
            result.source_file, kept, warnings, repeated, skipped, notes, stored_as, (), same
        )

    def remove_statement(self, source_file: str) -> RemovalResult:
        if self.workspace.path is None:  # the window drops its lines, shows the stand-ins
            session = self._session_statements.remove(source_file)
            return RemovalResult(
                source_file,
                session.lines_removed,
                0,
                session.stand_ins,
                statement_breaks=self._statement_breaks(),
            )
        workspace = self.workspace.workspace
        with self._movements.changing():
            removed = workspace.remove_statement(source_file)
            self._movements.removed(workspace, source_file, removed.kept_lines)
            held = self._held_of(workspace)
        return RemovalResult(
            source_file,
            removed.lines_removed,
            removed.decisions_withdrawn,
            removed.kept_lines,
            removed.decisions_carried,
            removed.withdrawn_kinds,
            self._statement_breaks(held=held),
        )

    def decisions_on_statement(self, source_file: str) -> StatementDecisions:
        if self.workspace.path is None:
            return StatementDecisions()  # no decision is recorded without a workspace
        found = self.workspace.workspace.decisions_on_statement(source_file)
        return StatementDecisions(found.withdrawn_kinds, tuple(d.kind for d in found.carried))

    # -- matching and export (worker) ---------------------------------------------------
    def _stored_settings(self) -> StoredSettings:
        """The open workspace's matching settings as read (``read_stored``): a value
        refused set aside, its default used, rather than the workspace refused."""
        stored = (
            self.workspace.workspace.settings.get(matching_settings.SETTINGS_KEY)
            if self.workspace.path
            else None
        )
        return read_stored(stored)

    def _settings_set_aside(self) -> tuple[tuple[str | None, str], ...]:
        """The open workspace's stored matching settings refused and set aside, each
        with its setting, in the words of the banner shown as it opened."""
        path = self.workspace.path
        return () if path is None else set_aside_named(self._stored_settings(), path.name)

    def _match_settings(self) -> MatchSettings:
        return self._stored_settings().settings

    def matching_settings(self) -> list[SettingField]:
        return matching_settings.form_fields(self._match_settings())

    def save_matching_settings(self, values: Mapping[str, int | Decimal | float]) -> None:
        # Refusals both: a value refused (``SettingsError``, said with the form's labels),
        # no workspace open (``NoWorkspaceError``). Any other ValueError is a bug, and
        # keeps its traceback.
        with _as_service_error():
            stored = self._stored_settings()
            try:
                settings = matching_settings.updated(stored.settings, values)
            except SettingsError as error:
                raise ServiceError(matching_settings.refused(error)) from error
            # The settings another version saved that this one does not know stay for
            # it: ignored here, not thrown away. A value set aside is written over.
            self.workspace.workspace.settings.set(
                matching_settings.SETTINGS_KEY, {**stored.unknown, **settings.to_dict()}
            )

    def reconcile(
        self,
        invoices: Sequence[Invoice],
        lines: Sequence[StatementLine],
        decisions: Sequence[Decision],
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> Reconciliation:
        """Match the invoices under review with the lines. The workspace's invoices of an
        earlier, wider fetch that a match of the accountant's names are taken in
        (``reconcile``'s ``held``): the decision stands in a narrower period too. One on
        an invoice its provider no longer returns keeps its lines and other invoices out
        of automatic matching, their rows saying so (``reconcile``'s ``gone``), as
        ``desktop-app reconcile --workspace`` does."""
        workspace = self.workspace.workspace if self.workspace.path is not None else None
        held = workspace.invoices_named if workspace is not None else None
        gone = workspace.invoices_gone if workspace is not None else None
        result = reconcile(
            invoices, lines, self._match_settings(), decisions, progress, cancel, held, gone
        )
        if workspace is not None:
            workspace.record_engine_matches(result.matches)
        return result

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
        from desktop_app.export import ReportContext, providers_used, write_report
        from desktop_app.fetch_coverage import statuses

        period = fetched or FetchPeriod()
        # Fetched from the statements' first date (the period offered for them, as
        # ``reconcile`` fetches without --from): the Summary's note on payments received
        # early in it, counted as the window's banner and ``reconcile`` count them.
        start = fetched_from_statements(fetched, reconciliation, statements_from)
        records = self._fetch_records()
        configured = self._configured()
        names = _report_providers(configured, records)
        reported = report_period(reconciliation, fetched)
        context = ReportContext(
            generated_at=datetime.now(UTC),
            period_from=period.start,
            period_to=period.end,
            all_dates=fetched is not None and fetched.all_dates,
            early_unmatched=(
                None if start is None else early_unmatched_payments(reconciliation, start)
            ),
            providers=providers_used(configured or [], reconciliation),
            statements=self._statements_used(),
            audit=self._audit_rows(reconciliation),
            # Said beside the defaults the Summary shows, as the window's banner says them.
            settings_set_aside=self._settings_set_aside(),
            invoice_problems=left_out_of(self._left_out, records, names, reported),
            fetches=statuses(names, records, reported),
        )
        return write_report(reconciliation, path, context=context, progress=progress, cancel=cancel)

    def export_target_problem(self, path: Path) -> str | None:
        from desktop_app.export.atomic import check_target
        from desktop_app.export.target import replaced_input, same_file

        # A report open in a spreadsheet program is refused here, before the run is
        # refreshed for it, as ``reconcile`` refuses it before fetching: the write would
        # refuse it all the same (``write_atomically``), after the work.
        check_target(path)
        workspace = self.workspace.path
        if workspace is not None and same_file(path, workspace):
            return (
                f"{path} is this workspace's file: the report would replace it, and every "
                "decision with it. Choose another name for the report."
            )
        imported = [(name, file) for file, name in self._imported_files.copy().items()]
        statement = replaced_input(path, imported)
        if statement is None:
            statement = self._statement_of_content(path)
        if statement is None:
            return None
        which = (
            f"{statement} you imported"
            if statement == path.name
            else f"you imported as {statement}"
        )
        return (
            f"{path} is the bank statement {which}: the report would replace it. Choose "
            "another name for the report."
        )

    def _statement_of_content(self, path: Path) -> str | None:
        """The statement held whose file ``path`` is byte for byte, wherever it was
        imported from (a session before this one, another folder); None if none is."""
        from desktop_app.workspace.statement_store import statement_of_file

        if self.workspace.path is None:
            held = (
                (h.statement.source_file, h.statement.sha256)
                for h in self._session_statements.held()
            )
        else:
            held = ((r.source_file, r.sha256) for r in self.workspace.workspace.statements())
        return statement_of_file(path, held)

    def _statements_used(self, held: Sequence[HeldStatement] | None = None) -> list[StatementUsed]:
        """The statements as the report lists them: without a workspace, those held in the
        session (``held``, when read already)."""
        from desktop_app.export import StatementUsed

        if self.workspace.path is None:
            return [
                StatementUsed.of_import(each.statement, each.repeats)
                for each in (self._session_statements.held() if held is None else held)
            ]
        workspace = self.workspace.workspace
        # The import warnings, read apart from the records (one file's may be 100,000),
        # here only: the report is made off the window's thread.
        kept = workspace.import_warnings()
        return [
            StatementUsed.of_record(record, kept.get(record.source_file))
            for record in workspace.statements()
        ]

    def _statement_breaks(
        self, progress: ProgressCallback = no_progress, held: HeldStatements | None = None
    ) -> tuple[StatementBreak, ...]:
        """Each pair of the statements held that do not follow each other, then each pair
        not compared because they clash, in words and with its kind (decided by
        ``continuity``, not by the window: ``Continuity.said``, the Summary's words), from
        what the report's Summary compares: the statements it lists, and the lines held
        (a workspace's as ``held``, or as held of the open one; the session's otherwise).
        Per statement and per day, never per line pair, but every line held goes into
        its day: at 200,000 lines about a tenth of a second on the worker after the
        import's last report, which the status bar says."""
        from desktop_app.statements.continuity import check, spans

        if held is None and self.workspace.path is not None:
            held = self._held_of(self.workspace.workspace)
        lines: Iterable[StatementLine]
        if held is not None:
            statements: Sequence[StatedBalances] = held.statements
            lines = held.lines()
        else:
            session = self._session_statements.held()
            statements = self._statements_used(session)
            lines = [line for each in session for line in each.kept()]
        progress(0, None, "checking the statements follow each other")
        return check(spans(statements, lines)).said

    def _held_of(self, workspace: Workspace) -> HeldStatements:
        """``workspace``'s statements and lines as held; read once (and held from then
        on) where none are held of it: a workspace not opened through ``open_workspace``."""
        held = self._movements.of(workspace)
        if held is None:
            held = self._movements.hold(
                workspace, workspace.statements(), workspace.load_movements()
            )
        return held

    def _audit_rows(self, reconciliation: Reconciliation) -> tuple[ReportAuditRow, ...]:
        from desktop_app.pipeline.audit import report_audit

        if self.workspace.path is None:
            return ()
        return report_audit(self.workspace.workspace, reconciliation)

    def decisions_not_applied(self, reconciliation: Reconciliation) -> DecisionsNotApplied | None:
        if not reconciliation.not_applied or self.workspace.path is None:
            return None  # nearly every run: neither the log nor the report's words are read
        from desktop_app.pipeline.audit import DecisionsNotApplied

        return DecisionsNotApplied.of(reconciliation, self._audit_rows(reconciliation))

    # -- workspace ----------------------------------------------------------------------
    def open_workspace(self, path: Path, create: bool = False) -> WorkspaceContents:
        """Open ``path`` all or nothing: everything the window is given of it is read
        before it is made current (``_read_opened``, through ``WorkspaceBackend.
        open_reading``), so a failure leaves the workspace open before current and this
        side's state of it as it was, and the file failing is closed. Read after the
        switch, a damaged fetch record left the new file current, its path set, with the
        session's statements cleared, while the window went on showing the one before."""
        opened, contents = self.workspace.open_reading(path, create, self._read_opened)
        # Made current: from here on only what was read is taken in, nothing that can fail.
        self._fetches = opened.fetches  # its own, not the session's
        self._session_statements.clear()  # the window now shows the workspace's statements
        self._left_out = opened.left_out  # with its cached invoices, not the session's
        with self._movements.changing():
            self._movements.take(opened.movements)
        return contents

    def _read_opened(
        self, workspace: Workspace, contents: WorkspaceContents
    ) -> tuple[_Opened, WorkspaceContents]:
        """What the window and this side need of ``workspace`` as it opens, beyond what
        the backend loaded (``contents``): read here, off the GUI thread, before it is made
        current. Its lines, loaded for the window, are held (``opened.movements``) for the
        checks after each import and removal; no import reaches it before it is current."""
        fetches = workspace.fetch_records()
        movements = WorkspaceMovements()
        held = movements.hold(workspace, workspace.statements(), contents.lines)
        under_review = contents.fetch_period or FetchPeriod()
        names = self._provider_names(fetches)
        # A stored value this version refuses is set aside, with a warning, not a
        # workspace refused: the accountant's statements and decisions open all the same.
        stored = read_stored(workspace.settings.get(matching_settings.SETTINGS_KEY))
        kept = contents.left_out
        name = contents.path.name
        shown = replace(
            contents,
            matching_settings=tuple(matching_settings.form_fields(stored.settings)),
            settings_set_aside=set_aside_said(stored, name),
            settings_unknown=unknown_said(stored, name),
            statement_breaks=self._statement_breaks(held=held),
            # those of the providers configured, of the invoices under review: the window's
            left_out=left_out_of(kept, fetches, names, under_review),
        )
        return _Opened(fetches, kept, movements), shown

    def workspace_path(self) -> Path | None:
        return self.workspace.path

    def workspace_gone(self) -> WorkspaceGone | None:
        gone, path = self.workspace.gone(), self.workspace.path
        return None if gone is None or path is None else WorkspaceGone(path, gone.value)

    def save_workspace_copy(self, path: Path) -> Path:
        return self.workspace.save_copy(path)

    def recent_workspaces(self) -> list[Path]:
        return self.workspace.recent.paths()

    def record_decision(self, decision: Decision) -> int:
        return self.workspace.record(decision)

    def undo_decision(self, entry_id: int) -> Mapping[int, int]:
        try:
            return self.workspace.undo(entry_id)
        except DecisionError as error:  # its words are the audit trail's: entry numbers
            raise ServiceError(
                "it is no longer the latest decision on that match: it was withdrawn "
                "(its statement removed) or decided again since, and undoing it would undo "
                "that too. Run matching to see what is in force"
            ) from error

    def record_decisions(self, decisions: Sequence[Decision]) -> list[int]:
        return self.workspace.record_all(decisions)

    def undo_decisions(self, entry_ids: Sequence[int]) -> Mapping[int, int]:
        return self.workspace.undo_all(entry_ids)

    def decisions(self) -> tuple[Decision, ...]:
        return self.workspace.decisions()

    def versioned_decisions(self) -> tuple[int, tuple[Decision, ...]]:
        return self.workspace.versioned_decisions()

    def decisions_version(self) -> int:
        return self.workspace.decisions_version()

    def review_flag_changes(self, held: AbstractSet[int]) -> ReviewFlagChanges:
        return self.workspace.review_flag_changes(held)

    def audit_trail(
        self, invoice: InvoiceKey | None = None, line: LineKey | None = None
    ) -> list[AuditRow]:
        return self.workspace.audit(invoice, line)

    def about(self) -> AboutInfo:
        components = tuple((c.name, c.version, c.licence) for c in bundled_components())
        return AboutInfo(__version__, self.workspace.path, app_paths().log_dir, components)

    async def aclose(self) -> None:
        self._movements.forget()
        self.workspace.close()


@dataclass(frozen=True, slots=True)
class _Opened:
    """What ``open_workspace`` read of a workspace before making it current, to take in
    once it is: its fetch records, the invoices its providers left out as it keeps them,
    and its statements and lines held (``WorkspaceMovements``)."""

    fetches: dict[str, ProviderFetchRecord]
    left_out: tuple[InvoiceProblem, ...]
    movements: WorkspaceMovements


def _report_providers(
    configured: list[tuple[str, str]] | None, records: Mapping[str, ProviderFetchRecord]
) -> list[str]:
    """The providers a report should hold the invoices of: those ``configured``; where the
    configuration cannot be read (None), those ever fetched."""
    return sorted(records) if configured is None else [name for name, _ in configured]
