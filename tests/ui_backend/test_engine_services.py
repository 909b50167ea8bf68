"""The real engine behind the seam: statements through the wizard's preview, settings kept
in the workspace, decisions and undo in the audit trail, imports never doubled."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import (
    CancelToken,
    Decision,
    DecisionKind,
    FetchPeriod,
    Invoice,
    InvoiceKey,
    LineKey,
    no_progress,
)
from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import OFFERED
from desktop_app.providers.errors import ConfigError
from desktop_app.sandbox.statements import plan_statement, write_csv, write_xlsx
from desktop_app.statements.profiles import BackedProfileStore
from desktop_app.ui.backend import matching_settings
from desktop_app.ui.backend.demo import DemoSetup, start_demo
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ColumnMapping, ServiceError, StatementChangedError
from desktop_app.workspace import RecentWorkspaces, file_sha256
from tests.export.readback import Report, cell_values, read_report
from tests.statements.ofx_files import CAFE, RENT, SHOP, ofx
from tests.statements.overlap_files import (
    ACCOUNT,
    BRIDGE_TITLE,
    FEBRUARY_BRIDGE,
    JANUARY_BRIDGE,
    write_overlapping,
)
from tests.statements.summary_files import camt_mostly_dollars

pytestmark = pytest.mark.sandbox


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoSetup]:
    setup = start_demo(tmp_path, statements=[])
    yield setup
    setup.sandbox.stop()


@pytest.fixture
def services(demo: DemoSetup, tmp_path: Path) -> Iterator[EngineServices]:
    engine = EngineServices(
        demo.settings, WorkspaceBackend(RecentWorkspaces(tmp_path)), today=demo.sandbox.today
    )
    engine.open_workspace(tmp_path / "w.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _fetch(services: EngineServices):
    return asyncio.run(services.fetch_invoices(None, None, no_progress, CancelToken()))


def _statement(services: EngineServices, folder: Path, kind: str = "csv") -> Path:
    invoices = list(_fetch(services).invoices)
    today = services.fetcher.settings and services._today
    assert today is not None
    plan = plan_statement(invoices, start=today - timedelta(days=90), end=today, seed=5)
    path = folder / f"bank.{kind}"
    (write_csv if kind == "csv" else write_xlsx)(plan, path)
    return path


def _imported_and_fetched(services: EngineServices, folder: Path):
    """A statement imported into the workspace and the invoices fetched: (path, lines,
    invoices), ready for decisions on the first invoice and the first line."""
    path = _statement(services, folder)
    lines = services.import_statement(path, None, no_progress, CancelToken()).lines
    return path, lines, _fetch(services).invoices


def test_preview_shows_roles_evidence_and_file_rows(
    services: EngineServices, tmp_path: Path
) -> None:
    path = _statement(services, tmp_path, "xlsx")
    preview = services.preview_statement(path)
    assert preview.editable
    roles = {guess.header: guess.role for guess in preview.columns}
    assert roles["Booking date"] == "date"
    assert roles["Debit"] == "debit"
    assert roles["Credit"] == "credit"
    assert preview.header_row == 5  # after the bank's four-row preamble
    assert preview.row_numbers[:2] == (5, 6)
    assert preview.rows[0][:2] == ("Booking date", "Details")
    date_guess = next(g for g in preview.columns if g.role == "date")
    assert "'Booking date'" in date_guess.evidence
    assert any(note.startswith("Header: row 5 names the columns") for note in preview.notes)


def test_import_stores_lines_and_a_second_import_adds_nothing(
    services: EngineServices, tmp_path: Path
) -> None:
    path = _statement(services, tmp_path)
    first = services.import_statement(path, None, no_progress, CancelToken())
    assert first.lines
    assert first.duplicates == 0
    again = services.import_statement(path, None, no_progress, CancelToken())
    assert again.lines == ()
    reopened = services.open_workspace(services.workspace_path())  # type: ignore[arg-type]
    assert len(reopened.lines) == len(first.lines)
    assert len(reopened.invoices) == len(_fetch(services).invoices)


def test_a_bank_statement_is_stored_in_the_currency_it_states(
    services: EngineServices, tmp_path: Path
) -> None:
    """A euro account's CAMT statement with more entries booked in dollars than in euros:
    the workspace keeps its balances as euros, as the file states, not the dollars most
    lines are in (its bridge and continuity follow the stored currency)."""
    services.import_statement(camt_mostly_dollars(tmp_path), None, no_progress, CancelToken())
    [record] = services.workspace.workspace.statements()
    assert (record.currency, record.opening_balance, record.closing_balance) == (
        "EUR",
        Decimal("100.00"),
        Decimal("150.00"),
    )


def test_a_file_of_several_accounts_keeps_each_line_to_its_account(
    services: EngineServices, tmp_path: Path
) -> None:
    both = tmp_path / "both.ofx"
    both.write_text(ofx([("CHK-1", [SHOP, CAFE]), ("SAV-2", [RENT])]), encoding="utf-8")
    checking = tmp_path / "checking.ofx"
    checking.write_text(ofx([("CHK-1", [SHOP, CAFE])]), encoding="utf-8")
    assert len(services.import_statement(both, None, no_progress, CancelToken()).lines) == 3
    again = services.import_statement(checking, None, no_progress, CancelToken())
    assert (again.lines, again.duplicates) == ((), 2)


def test_corrected_roles_are_applied(services: EngineServices, tmp_path: Path) -> None:
    path = _statement(services, tmp_path)
    preview = services.preview_statement(path)
    roles = {g.index: g.role for g in preview.columns if g.role}
    described = next(g.index for g in preview.columns if g.header == "Description")
    roles[described] = "reference"  # the accountant says: this column is the reference
    result = services.import_statement(
        path, ColumnMapping(1, roles, None), no_progress, CancelToken()
    )
    line = result.lines[0]
    assert line.reference == line.raw[described]


def _profile_names(services: EngineServices) -> list[str]:
    store = BackedProfileStore(services.workspace.workspace.profiles)
    return [saved.name for saved in store.all()]


def _saving_a_profile(services: EngineServices, path: Path) -> tuple[ColumnMapping, str]:
    """The wizard's mapping with a role corrected and "Save as profile" ticked, and the
    hash of the file it previewed."""
    preview = services.preview_statement(path)
    roles = {guess.index: guess.role for guess in preview.columns if guess.role}
    described = next(guess.index for guess in preview.columns if guess.header == "Description")
    roles[described] = "reference"
    assert preview.sha256
    return ColumnMapping(1, roles, "Mine"), preview.sha256


def test_a_statement_changed_since_the_preview_saves_no_profile(
    services: EngineServices, tmp_path: Path
) -> None:
    """Nothing was imported, so the profile asked for with the import is not kept either:
    it would shape the wizard reopened on the file the accountant has not yet seen."""
    path = _statement(services, tmp_path)
    mapping, reviewed = _saving_a_profile(services, path)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # meanwhile
    with pytest.raises(StatementChangedError, match="changed since you reviewed it"):
        services.import_statement(path, mapping, no_progress, CancelToken(), reviewed)
    assert _profile_names(services) == []


def test_the_profile_is_saved_with_a_statement_imported_as_reviewed(
    services: EngineServices, tmp_path: Path
) -> None:
    """A guard: the check moved before the save, not the save away."""
    path = _statement(services, tmp_path)
    mapping, reviewed = _saving_a_profile(services, path)
    services.import_statement(path, mapping, no_progress, CancelToken(), reviewed)
    assert _profile_names(services) == ["Mine"]


def test_matching_settings_round_trip_and_refusal(services: EngineServices) -> None:
    fields = {f.key: f for f in services.matching_settings()}
    assert fields["amount_tolerance_absolute"].value == Decimal("2.00")
    services.save_matching_settings(
        {"amount_tolerance_absolute": Decimal("0.50"), "days_after_due": 30}
    )
    fields = {f.key: f for f in services.matching_settings()}
    assert fields["amount_tolerance_absolute"].value == Decimal("0.50")
    assert fields["days_after_due"].value == 30
    with pytest.raises(ServiceError, match=r"^Suggestion score: must be at most Auto-match"):
        services.save_matching_settings({"suggest_threshold": 0.9, "auto_accept_threshold": 0.5})


def test_the_form_offers_what_every_run_in_the_workspace_reads_back() -> None:
    """``reconcile --workspace`` reads the saved settings by ``matching.saved`` and the
    window by this form's names: a setting the form saves that the command line ignored
    (or the other way round) would make their reports of one workspace differ."""
    assert tuple(matching_settings.EDITABLE) == OFFERED


def test_decisions_undo_and_audit(services: EngineServices, tmp_path: Path) -> None:
    _, lines, invoices = _imported_and_fetched(services, tmp_path)
    pairing = ((invoices[0].key,), (lines[0].key,))
    entry = services.record_decision(Decision(DecisionKind.MANUAL_MATCH, *pairing))
    assert [d.kind for d in services.decisions()] == [DecisionKind.MANUAL_MATCH]
    services.undo_decision(entry)
    assert services.decisions() == ()
    trail = services.audit_trail(invoice=invoices[0].key)
    assert [row.decision.kind for row in trail] == [DecisionKind.MANUAL_MATCH, DecisionKind.UNMATCH]
    assert trail[0].replaced_by == trail[1].id
    assert trail[1].decision.reason.startswith("undo of #")


def test_a_removed_statement_can_be_imported_again_with_a_corrected_layout(
    services: EngineServices, tmp_path: Path
) -> None:
    path, lines, invoices = _imported_and_fetched(services, tmp_path)
    services.record_decision(
        Decision(DecisionKind.MANUAL_MATCH, (invoices[0].key,), (lines[0].key,))
    )
    removed = services.remove_statement(path.name)
    assert (removed.lines_removed, removed.decisions_withdrawn) == (len(lines), 1)
    assert services.decisions() == ()
    preview = services.preview_statement(path)
    roles = {g.index: g.role for g in preview.columns if g.role}
    described = next(g.index for g in preview.columns if g.header == "Description")
    roles[described] = "reference"
    again = services.import_statement(
        path, ColumnMapping(1, roles, None), no_progress, CancelToken()
    )
    assert len(again.lines) == len(lines)  # imported afresh, not "already in the workspace"
    assert again.lines[0].reference == again.lines[0].raw[described]
    trail = services.audit_trail(line=lines[0].key)
    assert [row.decision.kind for row in trail] == [DecisionKind.MANUAL_MATCH, DecisionKind.UNMATCH]
    assert trail[1].decision.reason == f"statement {path.name} removed from the workspace"


def test_export_writes_the_workbook_with_the_audit(
    services: EngineServices, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _, lines, invoices = _imported_and_fetched(services, tmp_path)
    services.record_decision(
        Decision(DecisionKind.REJECT, (invoices[0].key,), (lines[0].key,), "wrong payer")
    )
    run = services.reconcile(invoices, lines, services.decisions(), no_progress, CancelToken())
    report = services.export_report(
        run, services.decisions(), tmp_path / "r.xlsx", no_progress, CancelToken()
    )
    book = load_workbook(report, read_only=True)
    assert book.sheetnames[:3] == ["Summary", "Discrepancies", "Matches"]
    assert "Audit" in book.sheetnames
    text = " ".join(str(c) for row in book["Audit"].iter_rows(values_only=True) for c in row if c)
    assert "wrong payer" in text
    book.close()


def test_the_exported_audit_holds_the_decisions_on_the_report_as_the_command_line_does(
    services: EngineServices, tmp_path: Path
) -> None:
    """The window's report lists the accountant's decisions on what it holds, by the rule
    the command line's report follows (``pipeline.audit``): not the engine's matches, which
    the run logs, nor a decision about a statement the workspace does not hold."""
    _, lines, invoices = _imported_and_fetched(services, tmp_path)
    reject = Decision(DecisionKind.REJECT, (invoices[0].key,), (lines[0].key,), "wrong payer")
    number = services.record_decision(reject)
    services.record_decision(
        Decision(DecisionKind.REJECT, (invoices[1].key,), (LineKey("march.csv", 7),), "later")
    )
    elsewhere = (InvoiceKey("Another provider", "AP-1"),), (LineKey("march.csv", 7),)
    services.record_decision(Decision(DecisionKind.REJECT, *elsewhere, "another month"))
    run = services.reconcile(invoices, lines, services.decisions(), no_progress, CancelToken())
    assert any(m.state.value == "auto" for m in run.matches)  # logged as engine matches
    report = services.export_report(
        run, services.decisions(), tmp_path / "r.xlsx", no_progress, CancelToken()
    )
    listed = [
        (r["Action"].value, r["Invoices"].value, r["Reason"].value, r["Entry"].value)
        for r in read_report(report).records("Audit")
    ]
    assert listed == [
        ("reject", str(invoices[0].key), "wrong payer", number),
        ("reject", str(invoices[1].key), "later", number + 1),  # its invoice is in the report
    ]


def test_the_exported_report_says_which_decisions_need_review_since_their_invoice_changed(
    demo: DemoSetup, services: EngineServices, tmp_path: Path
) -> None:
    """The accountant accepted a match, then Elevate wrote its invoice off: the window's
    next report says so of that decision on the Audit sheet, and the Summary counts it,
    as the command line's report does (``pipeline.audit``)."""
    _, lines, invoices = _imported_and_fetched(services, tmp_path)
    run = services.reconcile(invoices, lines, (), no_progress, CancelToken())
    match = next(
        m
        for m in run.matches
        if len(m.invoices) == len(m.lines) == 1 and m.invoices[0].provider_kind == "elevate"
    )
    services.record_decision(Decision(DecisionKind.ACCEPT, match.invoice_keys, match.line_keys))
    (invoice,) = match.invoices
    rows = demo.sandbox.dataset.elevate.invoices
    (at,) = [i for i, row in enumerate(rows) if str(row["id"]) == invoice.invoice_id]
    rows[at] = {**rows[at], "paymentStatus": "WRITTEN_OFF"}  # a new row: each is kept as sent
    fetched = _fetch(services)
    assert [flag.invoice for flag in fetched.flagged] == [invoice.key]
    run = services.reconcile(
        fetched.invoices, lines, services.decisions(), no_progress, CancelToken()
    )
    path = services.export_report(
        run, services.decisions(), tmp_path / "r.xlsx", no_progress, CancelToken()
    )
    report = read_report(path)
    listed = [
        (r["Action"].value, r["Invoices"].value, r["In Force"].value, r["Needs Review"].value)
        for r in report.records("Audit")
    ]
    status = f"status changed from {invoice.status} to uncollectible"
    assert listed == [("accept", str(invoice.key), "yes", status)]
    count = next(
        r for r in report.sheet("Summary").iter_rows() if r[0].value == "Decisions needing review"
    )
    assert count[1].value == 1


def test_a_removed_statements_decision_on_a_shared_movement_stays_on_the_copy(
    services: EngineServices, tmp_path: Path
) -> None:
    """January's refund opens February's file again: a match on it survives January's
    removal, on February's row."""
    for path in write_overlapping(tmp_path):
        services.import_statement(path, None, no_progress, CancelToken())
    invoice = _fetch(services).invoices[0].key
    refund = LineKey("jan.csv", 6)
    services.record_decision(Decision(DecisionKind.MANUAL_MATCH, (invoice,), (refund,)))

    removed = services.remove_statement("jan.csv")

    assert [line.key for line in removed.kept_lines] == [LineKey("feb.csv", 4)]
    assert (removed.decisions_withdrawn, removed.decisions_carried) == (0, 1)
    assert [(d.invoice_keys, d.line_keys) for d in services.decisions()] == [
        ((invoice,), (LineKey("feb.csv", 4),))
    ]


def _report_of_overlapping_downloads(engine: EngineServices, folder: Path) -> Report:
    """The report of the two downloads imported as the window does, keeping the lines
    each import returns."""
    lines = [
        line
        for path in write_overlapping(folder)
        for line in engine.import_statement(path, None, no_progress, CancelToken()).lines
    ]
    run = engine.reconcile((), lines, (), no_progress, CancelToken())
    return read_report(engine.export_report(run, (), folder / "r.xlsx", no_progress, CancelToken()))


@pytest.mark.parametrize("workspace", [True, False])
def test_the_report_states_each_statements_account_and_ties_an_overlap(
    services: EngineServices, tmp_path: Path, workspace: bool
) -> None:
    """What the Summary says of each statement: its account, currency and stated balances.
    A workspace keeps them, and the line February repeats of January, so both bridges tie;
    without one, the session keeps them and that repeat too. Either way a file's rows are
    its lines, the repeated one too, as the command line counts them."""
    engine = services if workspace else EngineServices(services.provider_settings)
    report = _report_of_overlapping_downloads(engine, tmp_path)
    used = cell_values(report.summary_block("Statements used"), 6)[1:]
    assert [row[:4] for row in used] == [
        ("jan.csv", ACCOUNT, 3, "GBP"),
        ("feb.csv", ACCOUNT, 3, "GBP"),
    ]
    assert [row[4:] for row in used] == [(1000, 221.5), (196.5, 2218.5)]
    bridge = cell_values(report.summary_block(BRIDGE_TITLE), 9)[1:]
    assert bridge == [("jan.csv", "GBP", *JANUARY_BRIDGE), ("feb.csv", "GBP", *FEBRUARY_BRIDGE)]


def test_no_providers_is_a_setting_to_correct(tmp_path: Path) -> None:
    """A ``ConfigError``, as a providers.toml naming none is: the window says what to
    do about it, not the traceback of a bug."""
    from desktop_app.ui.backend.provider_settings import ProviderSettings

    engine = EngineServices(ProviderSettings(tmp_path / "none.toml"))
    with pytest.raises(ConfigError, match="no providers are configured"):
        asyncio.run(engine.fetch_invoices(None, None, no_progress, CancelToken()))


def test_a_currency_chosen_in_the_wizard_is_applied(
    services: EngineServices, tmp_path: Path
) -> None:
    path = _statement(services, tmp_path)
    assert services.preview_statement(path).currency is None  # the csv does not say
    result = services.import_statement(
        path, ColumnMapping(1, {}, None, "GBP"), no_progress, CancelToken()
    )
    assert {line.currency for line in result.lines} == {"GBP"}


def test_fetched_invoices_are_saved_off_the_event_loop_and_kept_when_cancelled_meanwhile(
    services: EngineServices,
) -> None:
    """Saving 10,000 invoices takes about half a second: not on the window's thread. A Cancel
    that arrives while they are being saved neither cuts the save short nor hides it."""
    save = services.workspace.store_fetch
    began, release = threading.Event(), threading.Event()
    saved_on: list[int] = []

    def slow_save(result):
        saved_on.append(threading.get_ident())
        began.set()
        assert release.wait(10)
        return save(result)

    services.workspace.store_fetch = slow_save

    async def main():
        task = asyncio.create_task(services.fetch_invoices(None, None, no_progress, CancelToken()))
        assert await asyncio.to_thread(began.wait, 10)
        task.cancel()
        await asyncio.sleep(0.01)
        release.set()
        return threading.get_ident(), await task

    loop_thread, result = asyncio.run(main())
    (saved_thread,) = saved_on  # saved once, and off the event loop's thread
    assert saved_thread != loop_thread
    assert result.invoices
    stored = services.workspace.workspace.load_invoices()
    assert {invoice.key for invoice in stored} == {invoice.key for invoice in result.invoices}


def test_two_fetches_save_one_after_the_other_in_the_order_they_finish_fetching(
    services: EngineServices,
) -> None:
    """A second fetch that finishes while the first is still saving waits for it: two saves
    at once would interleave their invoices in the workspace."""
    save = services.workspace.store_fetch
    events: list[str] = []
    first_saving, release = threading.Event(), threading.Event()

    def gated_save(result):
        events.append("begin")
        if len(events) == 1:
            first_saving.set()
            assert release.wait(10)
        stored = save(result)
        events.append("end")
        return stored

    services.workspace.store_fetch = gated_save

    async def main():
        first = asyncio.create_task(services.fetch_invoices(None, None, no_progress, CancelToken()))
        assert await asyncio.to_thread(first_saving.wait, 10)
        second_ready = asyncio.Event()

        def second_progress(done, total, message):
            if message == "saving invoices":
                second_ready.set()

        second = asyncio.create_task(
            services.fetch_invoices(None, None, second_progress, CancelToken())
        )
        await second_ready.wait()
        await asyncio.sleep(0.2)  # room for a save that did not wait to begin
        assert events == ["begin"]
        release.set()
        return await first, await second

    first, second = asyncio.run(main())
    assert events == ["begin", "end", "begin", "end"]
    assert first.invoices
    assert second.invoices


def test_a_fetch_cancelled_midway_saves_and_returns_the_providers_that_had_finished(
    tmp_path: Path,
) -> None:
    """Cancel as the window does (the token set, the task cancelled) once Content Ignite
    and Versori have finished and Elevate is still waiting for its answer: their invoices
    are saved and returned, Elevate is named as cancelled, not failed."""
    demo = start_demo(tmp_path, statements=[])
    services = EngineServices(
        demo.settings, WorkspaceBackend(RecentWorkspaces(tmp_path)), today=demo.sandbox.today
    )
    try:
        services.open_workspace(tmp_path / "w.reconcile", create=True)
        demo.sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0)
        token = CancelToken()
        messages: list[str] = []

        def progress(done: int, total: int | None, message: str) -> None:
            messages.append(message)

        async def main():
            task = asyncio.create_task(services.fetch_invoices(None, None, progress, token))
            while len([text for text in messages if text.endswith("invoices fetched")]) < 2:
                assert not task.done()
                await asyncio.sleep(0.02)
            token.cancel()  # what the window's Cancel does: both
            task.cancel()
            return await asyncio.wait_for(task, 10)

        result = asyncio.run(main())
        assert result.cancelled == ("Elevate Billing",)
        assert result.failures == ()
        providers = {invoice.provider for invoice in result.invoices}
        assert providers == {"Content Ignite", "Versori"}
        stored = services.workspace.workspace.load_invoices()
        assert {invoice.key for invoice in stored} == {invoice.key for invoice in result.invoices}
    finally:
        asyncio.run(services.aclose())
        demo.sandbox.stop()


def test_an_invoice_left_out_is_returned_kept_in_the_workspace_and_reported(
    tmp_path: Path,
) -> None:
    """A Content Ignite invoice whose detail is gone since the last fetch: the fetch says
    so, the workspace keeps the copy it had (not marked missing: the provider did list it),
    and the report made after the fetch names it."""
    demo = start_demo(tmp_path, statements=[])
    services = EngineServices(
        demo.settings, WorkspaceBackend(RecentWorkspaces(tmp_path)), today=demo.sandbox.today
    )
    try:
        services.open_workspace(tmp_path / "w.reconcile", create=True)
        assert _fetch(services).problems == ()
        data = demo.sandbox.dataset.content_ignite
        gone = str(data.invoices[0]["id"])
        del data.details[data.invoices[0]["id"]]
        result = _fetch(services)
        ((provider, invoice_id),) = [(p.provider, p.invoice_id) for p in result.problems]
        assert (provider, invoice_id) == ("Content Ignite", gone)
        assert gone not in {i.invoice_id for i in result.invoices if i.provider == provider}
        kept = services.workspace.workspace.load_invoices("Content Ignite")
        assert gone in {invoice.invoice_id for invoice in kept}
        run = services.reconcile(result.invoices, (), (), no_progress, CancelToken())
        path = services.export_report(run, (), tmp_path / "r.xlsx", no_progress, CancelToken())
        block = read_report(path).summary_block(
            "Invoices a provider returned that could not be used"
        )
        assert cell_values(block, 3) == [
            ("Provider", "Invoice ID", "Invoice Number"),
            ("Content Ignite", gone, None),
        ]
    finally:
        asyncio.run(services.aclose())
        demo.sandbox.stop()


def _dated(invoice: Invoice) -> date | None:
    """The date a provider's date window is applied to (Versori has no issue date)."""
    return invoice.issue_date or invoice.period_end


def _id(invoice: Invoice) -> str:
    return invoice.invoice_id


def _delete_at_the_provider(demo: DemoSetup, invoice: Invoice) -> None:
    """The provider no longer has ``invoice``: each sandbox API stops serving it."""
    data = demo.sandbox.dataset
    if invoice.provider_kind == "content_ignite":
        data.content_ignite.invoices[:] = [
            row for row in data.content_ignite.invoices if str(row["id"]) != invoice.invoice_id
        ]
    elif invoice.provider_kind == "versori":
        data.versori.invoices[:] = [
            row for row in data.versori.invoices if row["invoiceURL"].strip() != invoice.invoice_id
        ]
    else:
        data.elevate.invoices[:] = [
            row for row in data.elevate.invoices if str(row["id"]) != invoice.invoice_id
        ]


def test_a_fetch_of_one_month_marks_only_that_months_vanished_invoices_missing(
    demo: DemoSetup, services: EngineServices, tmp_path: Path
) -> None:
    """The accountant fetched everything and rejected a pairing on an invoice of an early
    month; later they fetch one month. The providers were asked about that month only: the
    early invoice stays in the workspace, not missing, with its decision unflagged and in
    force, and only that month's invoices each provider deleted since are marked missing,
    their decisions flagged for review. The month is now the period under review: the
    workspace opened again lists its invoices, not the early one (a fetch that takes in
    its month brings it back)."""
    _, lines, invoices = _imported_and_fetched(services, tmp_path)
    early = min((i for i in invoices if i.issue_date), key=lambda i: (i.issue_date, str(i.key)))
    rejected = Decision(DecisionKind.REJECT, (early.key,), (lines[0].key,), reason="not it")
    services.record_decision(rejected)
    today = demo.sandbox.today
    last_day = today.replace(day=1) - timedelta(days=1)
    month = (last_day.replace(day=1), last_day)
    in_month = [i for i in invoices if (day := _dated(i)) and month[0] <= day <= month[1]]
    providers = ("Content Ignite", "Versori", "Elevate Billing")
    deleted = [min((i for i in in_month if i.provider == p), key=_id) for p in providers]
    accepted = Decision(DecisionKind.ACCEPT, (deleted[0].key,), (lines[1].key,))
    services.record_decision(accepted)
    for invoice in deleted:
        _delete_at_the_provider(demo, invoice)

    result = asyncio.run(services.fetch_invoices(*month, no_progress, CancelToken()))
    assert {i.key for i in result.invoices} == {i.key for i in in_month} - {i.key for i in deleted}
    workspace = services.workspace.workspace
    everything = {invoice.key for invoice in invoices}
    gone = {invoice.key for invoice in deleted}
    assert set(result.missing) == gone  # the window drops them
    assert {i.key for i in workspace.load_invoices()} == everything - gone
    assert {i.key for i in workspace.load_invoices(include_missing=True)} == everything
    (flagged,) = workspace.decisions_needing_review()
    assert (flagged.invoice_key, flagged.entry.decision.kind) == (
        deleted[0].key,
        DecisionKind.ACCEPT,
    )
    reopened = services.open_workspace(tmp_path / "w.reconcile")
    kept = services.workspace.workspace.load_invoices()
    assert early.key in {invoice.key for invoice in kept}
    assert reopened.fetch_period == FetchPeriod(*month)
    assert {i.key for i in reopened.invoices} == {i.key for i in result.invoices}
    assert rejected.invoice_keys in {d.invoice_keys for d in reopened.decisions}


def test_a_provider_that_failed_or_left_an_invoice_out_marks_none_of_its_invoices_missing(
    demo: DemoSetup, services: EngineServices
) -> None:
    """Fetching two months: Versori cannot be read and one of Content Ignite's invoices
    cannot be used, so neither answered in full, and their invoices deleted since keep
    their state. Elevate answered in full: of all the invoices cached, only its invoice of
    those months deleted since is marked missing."""
    invoices = _fetch(services).invoices
    last_day = demo.sandbox.today.replace(day=1) - timedelta(days=1)
    period = ((last_day.replace(day=1) - timedelta(days=1)).replace(day=1), last_day)
    in_period = sorted(
        (i for i in invoices if (day := _dated(i)) and period[0] <= day <= period[1]), key=_id
    )
    left_out, *deleted_ci = [i for i in in_period if i.provider == "Content Ignite"]
    deleted = [
        deleted_ci[0],
        next(i for i in in_period if i.provider == "Versori"),
        next(i for i in in_period if i.provider == "Elevate Billing"),
    ]
    content_ignite = demo.sandbox.dataset.content_ignite
    (row,) = [r for r in content_ignite.invoices if str(r["id"]) == left_out.invoice_id]
    del content_ignite.details[row["id"]]
    for invoice in deleted:
        _delete_at_the_provider(demo, invoice)
    demo.sandbox.faults.inject("versori", "401", times=10)

    result = asyncio.run(services.fetch_invoices(*period, no_progress, CancelToken()))
    assert [failure.provider for failure in result.failures] == ["Versori"]
    assert [problem.invoice_id for problem in result.problems] == [left_out.invoice_id]
    cached = {invoice.key for invoice in services.workspace.workspace.load_invoices()}
    assert {invoice.key for invoice in invoices} - cached == {deleted[2].key}


def test_a_workspace_saved_before_keeps_its_tolerances_not_old_search_limits(
    services: EngineServices,
) -> None:
    """A save stores every setting, those the form does not offer too: a workspace saved
    when the engine offered no invoice of an amount two invoices share
    (``max_amount_candidates`` 1) must not keep that limit, only what the accountant set."""
    saved = {**MatchSettings().to_dict(), "max_amount_candidates": 1, "days_after_due": 30}
    services.workspace.workspace.settings.set(matching_settings.SETTINGS_KEY, saved)
    used = services.reconcile([], [], [], no_progress, CancelToken()).settings
    assert used["days_after_due"] == 30
    assert used["max_amount_candidates"] == MatchSettings().max_amount_candidates


def test_the_wizard_names_each_decision_in_words_not_json_keys(
    services: EngineServices, tmp_path: Path
) -> None:
    """The command line's JSON keys ("decimal_marks", "date_order") and a role said twice
    ("amount: amount: debit column ...") were what the wizard showed the accountant."""
    preview = services.preview_statement(_statement(services, tmp_path, "xlsx"))
    shown = [*preview.notes, *(guess.evidence for guess in preview.columns)]
    for key in ("decimal_marks:", "date_order:", "amount: amount:", "format:", "header:"):
        assert not [text for text in shown if key in text], key
    debit = next(guess for guess in preview.columns if guess.role == "debit")
    assert debit.evidence.startswith("Amounts: debit column 'Debit' and credit column 'Credit'")
    assert any(note.startswith("Format: ") for note in preview.notes)


def test_the_windows_run_keeps_an_accept_whose_invoice_is_no_longer_returned(
    demo: DemoSetup, services: EngineServices, tmp_path: Path
) -> None:
    """The accountant accepted a match, then Elevate deleted its invoice. The window's next
    run keeps the payment for the accountant, as ``reconcile --workspace`` does (one
    engine, the workspace's missing invoices looked up alike): no match holds it, and its
    row in the exported report says whose payment the accountant made it."""
    _, lines, invoices = _imported_and_fetched(services, tmp_path)
    run = services.reconcile(invoices, lines, (), no_progress, CancelToken())
    match = next(
        m
        for m in run.matches
        if len(m.invoices) == len(m.lines) == 1 and m.invoices[0].provider_kind == "elevate"
    )
    services.record_decision(Decision(DecisionKind.ACCEPT, match.invoice_keys, match.line_keys))
    ((invoice,), (paid,)) = match.invoices, match.lines
    rows = demo.sandbox.dataset.elevate.invoices
    rows[:] = [row for row in rows if str(row["id"]) != invoice.invoice_id]
    fetched = _fetch(services)
    assert fetched.missing == (invoice.key,)
    run = services.reconcile(
        fetched.invoices, lines, services.decisions(), no_progress, CancelToken()
    )
    assert not [m for m in run.matches if paid.key in m.line_keys]
    path = services.export_report(
        run, services.decisions(), tmp_path / "r.xlsx", no_progress, CancelToken()
    )
    report = read_report(path)
    (row,) = [
        r
        for r in report.records("Discrepancies")
        if (r["Statement"].value, r["Row"].value) == (paid.source_file, paid.row)
    ]
    assert row["Type"].value == "UNMATCHED_PAYMENT"
    assert row["Explanation"].value == (
        f"the accountant accepted it as the payment of {invoice.number}, which "
        f"{invoice.provider} no longer returns: it is matched to no other invoice while "
        "that decision stands"
    )
    (audit,) = [r for r in report.records("Audit") if r["Action"].value == "accept"]
    assert audit["In Force"].value == "yes"
    assert audit["Needs Review"].value.startswith(f"no longer returned by {invoice.provider}")


def test_a_file_changed_once_read_keeps_the_hash_of_what_was_read(
    services: EngineServices, tmp_path: Path
) -> None:
    """The workspace knows a statement again by its content hash (a same-name refusal, the
    report's refusal to overwrite it): the hash kept must be of the bytes whose lines are
    kept, not of whatever the file holds by the time they are saved."""
    path = _statement(services, tmp_path)
    parsed: list[str] = []  # the file's hash as each reading of it was checked
    saving: list[str] = []

    def edit_after_each_reading(done: int, total: int | None, message: str) -> None:
        if message.startswith("comparing"):
            saving.append(message)
        if message.startswith("checking") and not saving:
            parsed.append(file_sha256(path))
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    services.import_statement(path, None, edit_after_each_reading, CancelToken())
    assert parsed
    assert saving
    assert file_sha256(path) != parsed[-1]  # the file did change after its last reading
    (record,) = services.workspace.workspace.statements()
    assert record.sha256 == parsed[-1]
