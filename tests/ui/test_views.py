"""Widgets on their own: sorting by header click, selection kept, settings, cancel, state."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.domain import (
    CancelToken,
    InvoiceStatus,
    ProgressCallback,
    Reconciliation,
    WaitingCallback,
    no_waiting,
)
from desktop_app.providers import CredentialsError
from desktop_app.ui.dialogs.seam import ProviderEdit
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.services import ProviderEntry, WorkspaceContents
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.ui.views.settings_view import SettingsView
from desktop_app.ui.views.table_view import DomainTableView
from desktop_app.ui.views.task_status import TaskStatus
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices, ScriptedDialogs


def _header_click(qtbot, view: DomainTableView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )


def test_clicking_a_header_sorts_on_real_values(qtbot) -> None:
    model = InvoiceTableModel()
    model.set_items([f.invoice(1, "9.00"), f.invoice(2, "100.00"), f.invoice(3, "20.00")])
    view = DomainTableView(model, "t")
    qtbot.addWidget(view)
    view.show()
    amount = column_index(model.columns, "amount")
    _header_click(qtbot, view, amount)
    assert [i.number for i in model.visible_items()] == ["INV-00001", "INV-00003", "INV-00002"]
    _header_click(qtbot, view, amount)
    assert [i.number for i in model.visible_items()] == ["INV-00002", "INV-00003", "INV-00001"]


def test_selection_survives_a_filter_and_a_reload(qtbot) -> None:
    model = InvoiceTableModel()
    items = [f.invoice(i) for i in range(1, 30)]
    model.set_items(items)
    view = DomainTableView(model, "t")
    qtbot.addWidget(view)
    view.show()
    view.select_keys([items[20].key, items[25].key], current=items[25].key)
    model.set_filter("INV-0002")  # rows move: 20..29 remain
    assert {i.number for i in view.selected_items()} == {items[20].number, items[25].number}
    assert view.current_item() is items[25]
    model.set_items(items)
    assert {i.number for i in view.selected_items()} == {items[20].number, items[25].number}


def test_settings_add_test_and_remove_a_provider(qtbot, runner: TaskRunner, event_loop_qt) -> None:
    services = MemoryServices()
    entry = ProviderEntry("Elevate", "elevate", "http://127.0.0.1:1", None, {"currency": "GBP"})
    dialogs = ScriptedDialogs(edit_provider=[ProviderEdit(entry, "tok")], confirm=[True])
    view = SettingsView(services, dialogs, runner)
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert services.tokens == {"Elevate": "tok"}
    assert view.providers_model.index(0, 4).data() == "keyring"
    assert view.selected() is not None
    with qtbot.waitSignal(runner.finished):
        qtbot.mouseClick(view.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "connected" in view.provider_status.text())
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert services.provider_list == []
    assert view.providers_model.rowCount() == 0


def test_settings_test_connection_failure_is_shown(
    qtbot, runner: TaskRunner, event_loop_qt
) -> None:
    services = MemoryServices(provider_list=[ProviderEntry("CI", "content_ignite")])
    view = SettingsView(services, ScriptedDialogs(), runner)
    qtbot.addWidget(view)
    view.providers_table.selectRow(0)
    view.test_button.click()
    qtbot.waitUntil(lambda: "401" in view.provider_status.text())
    assert view.provider_status.text() == "CI: 401 Unauthorized: the token was refused"
    assert "c62828" in view.provider_status.styleSheet()


class _RefusingServices(MemoryServices):
    """A provider's own error, which names the provider, as the engine's test raises it."""

    async def test_provider(
        self, entry: ProviderEntry, token: str | None, waiting: WaitingCallback = no_waiting
    ) -> str:
        await asyncio.sleep(0)
        raise CredentialsError(entry.name, "GET /v1/billing/invoice: HTTP 403 Forbidden")


def test_settings_test_connection_failure_names_the_provider_once(
    qtbot, runner: TaskRunner, event_loop_qt
) -> None:
    """It read "Client CI: Client CI: GET ..." (tester k, finding 7)."""
    services = _RefusingServices(provider_list=[ProviderEntry("Client CI", "content_ignite")])
    view = SettingsView(services, ScriptedDialogs(), runner)
    qtbot.addWidget(view)
    view.providers_table.selectRow(0)
    view.test_button.click()
    qtbot.waitUntil(lambda: "403" in view.provider_status.text())
    assert view.provider_status.text() == "Client CI: GET /v1/billing/invoice: HTTP 403 Forbidden"


def test_matching_settings_refuse_a_bad_tolerance_and_save_a_good_one(
    qtbot, runner: TaskRunner
) -> None:
    from decimal import Decimal

    from PySide6.QtWidgets import QLineEdit, QSpinBox

    services = MemoryServices()
    view = SettingsView(services, ScriptedDialogs(), runner)
    qtbot.addWidget(view)
    tolerance = view.form.findChild(QLineEdit, "setting amount_tolerance")
    days = view.form.findChild(QSpinBox, "setting date_window_days")
    tolerance.clear()
    qtbot.keyClicks(tolerance, "1,5")
    view.save_button.click()
    assert "is not a number" in view.settings_status.text()
    assert services.settings["amount_tolerance"] == Decimal("0.01")
    tolerance.clear()
    qtbot.keyClicks(tolerance, "0.05")
    days.setValue(45)
    view.save_button.click()
    assert services.settings["amount_tolerance"] == Decimal("0.05")
    assert services.settings["date_window_days"] == 45


def test_cancel_button_in_the_status_bar_stops_the_task(qtbot, runner: TaskRunner) -> None:
    status = TaskStatus(runner)
    qtbot.addWidget(status)
    started = threading.Event()
    results: list[object] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        progress(1, 10, "row 1")
        started.set()
        while True:
            cancel.raise_if_cancelled()
            threading.Event().wait(0.005)

    runner.run_in_thread("Importing big.csv", work, results.append)
    assert started.wait(10)
    qtbot.waitUntil(lambda: "Importing big.csv" in status.label.text())
    assert status.isVisibleTo(status.parentWidget() or status)
    qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0)
    assert runner.active() == []
    assert results == []


def test_window_layout_persists_between_runs(
    qtbot, window: MainWindow, state_path: Path, services, dialogs, runner
) -> None:
    window.resize(640, 480)  # inside the offscreen screen, so no clamping
    saved_size = window.size()
    window.show_screen("reconcile")
    header = window.invoices.table.horizontalHeader()
    header.resizeSection(1, 222)
    header.setSortIndicator(5, Qt.SortOrder.DescendingOrder)
    window.reconcile.splitter.setSizes([100, 400])
    sizes = window.reconcile.splitter.sizes()
    window.close()
    again = MainWindow(services, dialogs, runner, UiState(state_path))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == saved_size
    assert saved_size.height() == 480
    assert again.current_screen() == "reconcile"
    restored = again.invoices.table.horizontalHeader()
    assert restored.sectionSize(1) == 222
    assert restored.sortIndicatorSection() == 5
    assert again.reconcile.splitter.sizes() == sizes


def test_recent_workspaces_are_offered(qtbot, window: MainWindow, dialogs, tmp_path: Path) -> None:
    first, second = tmp_path / "a.reconcile", tmp_path / "b.reconcile"
    dialogs.answers["choose_workspace"] = deque([first, second])
    for _ in range(2):
        with qtbot.waitSignal(window.workflows.workspace_opened, timeout=10_000):
            window.new_action.trigger()
    assert [a.text() for a in window.recent_menu.actions()] == [str(second), str(first)]
    assert "b.reconcile" in window.workspace_label.text()
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=10_000):
        window.recent_menu.actions()[1].trigger()
    assert "a.reconcile" in window.workspace_label.text()


def test_opening_a_missing_workspace_is_reported(qtbot, window: MainWindow, tmp_path: Path) -> None:
    with qtbot.waitSignal(window.runner.finished, timeout=10_000):
        assert window.workflows.open_workspace(tmp_path / "gone.reconcile") is not None
    assert "Could not open gone.reconcile" in window.banners.banners()[-1].label.text()


def test_a_workspace_opens_in_the_background_and_its_open_cannot_be_cancelled(
    qtbot, window: MainWindow, services, tmp_path: Path
) -> None:
    gate = threading.Event()
    opened = services.open_workspace

    def slow_open(path: Path, create: bool = False):  # the worker waits; the GUI does not
        assert gate.wait(10)
        return opened(path, create)

    services.open_workspace = slow_open
    target = tmp_path / "big.reconcile"
    handle = window.workflows.open_workspace(target, create=True)
    assert handle is not None
    assert window.task_status.isVisible()
    assert not window.task_status.cancel_button.isEnabled()
    window.task_status.cancel_button.click()
    window.runner.cancel(handle)  # refused: the switch cannot be half taken back
    assert handle in window.runner.active()
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=10_000):
        gate.set()
    assert "big.reconcile" in window.workspace_label.text()


def test_opening_a_workspace_is_refused_while_other_work_runs(
    qtbot, window: MainWindow, services, dialogs, tmp_path: Path
) -> None:
    services.fetch_gate = asyncio.Event()
    fetching = window.workflows.fetch()
    assert window.workflows.open_workspace(tmp_path / "other.reconcile", create=True) is None
    banner = window.banners.banners()[-1].label.text()
    assert "Still working" in banner
    assert "Fetching invoices" in banner
    assert "choose_workspace" not in [name for name, _ in dialogs.asked]  # refused first
    with qtbot.waitSignal(window.runner.finished, timeout=10_000):
        services.fetch_gate.set()
    assert fetching not in window.runner.active()
    assert services.workspace is None


def test_overview_counts_and_chart_follow_the_review(qtbot, window: MainWindow) -> None:
    from tests.ui.test_main_window import _fetch_and_match

    _fetch_and_match(qtbot, window)
    window.show_screen("overview")
    view = window.overview
    assert "2 of 6 (33%)" in view.tiles["reconciled"].text()  # 2 of the 6 open invoices
    assert "Suggestions" in view.tiles["suggestions"].text()
    (series,) = view.chart.series()
    invoiced, matched = series.barSets()
    assert invoiced.label() == "Invoiced"
    assert sum(invoiced.at(i) for i in range(invoiced.count())) == 2100.0
    assert sum(matched.at(i) for i in range(matched.count())) == 300.0
    assert "Invoiced £2,100.00" in view.totals_label.text()
    suggested = next(m for m in window.session.matches if m.state.value == "suggested")
    window.session.accept([suggested])
    # worked out again on a worker, the tiles saying so meanwhile
    assert "<b>…</b>" in view.tiles["reconciled"].text()
    qtbot.waitUntil(lambda: "3 of 6 (50%)" in view.tiles["reconciled"].text())
    (series,) = view.chart.series()
    matched = series.barSets()[1]
    assert sum(matched.at(i) for i in range(matched.count())) == 600.0


def test_overview_counts_what_was_paid_against_what_expects_a_payment(
    qtbot, dialogs, runner: TaskRunner, state_path: Path, event_loop_qt
) -> None:
    """The review's matches as the Overview counts them: a payment of part of an invoice
    counts that part, one paid twice its gross once, and a payment of a written-off
    invoice neither the invoiced nor the reconciled (it said "3 (100%)" of two)."""
    from tests.ui.test_main_window import _fetch_and_match

    part = f.invoice(1, "100.00")
    twice = f.invoice(2, "70.00")
    written_off = f.invoice(3, "50.00", status=InvoiceStatus.UNCOLLECTIBLE)
    void = f.invoice(4, "900.00", status=InvoiceStatus.VOID)
    lines = (f.line(2, "-40.00"), f.line(3, "-70.00"), f.line(4, "-70.00"), f.line(5, "-50.00"))
    matches = (
        f.match(part, lines[0]),
        f.match(twice, lines[1]),
        f.match(twice, lines[2]),
        f.match(written_off, lines[3]),
    )
    invoices = (part, twice, written_off, void)
    services = MemoryServices(
        invoices=invoices,
        statements={"bank.csv": lines},
        reconciliation=Reconciliation(invoices, lines, matches, ()),
    )
    window = MainWindow(services, dialogs, runner, UiState(state_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _fetch_and_match(qtbot, window)
    window.show_screen("overview")
    view = window.overview
    assert "<b>2 of 2 (100%)</b>" in view.tiles["reconciled"].text()
    assert view.totals_label.text() == "Invoiced £170.00 · matched £110.00"
    (series,) = view.chart.series()
    invoiced, matched = series.barSets()
    assert [invoiced.at(i) for i in range(invoiced.count())] == [170.0]
    assert [matched.at(i) for i in range(matched.count())] == [110.0]
    window.close()


def test_about_shows_what_the_services_say(qtbot, window: MainWindow, dialogs) -> None:
    window.about_action.trigger()
    name, (info,) = dialogs.asked[-1]
    assert name == "show_about"
    assert info.version == "0.1.0"


def test_settings_refusal_is_shown_beside_the_providers(qtbot, runner: TaskRunner) -> None:
    existing = ProviderEntry("CI", "content_ignite")
    services = MemoryServices(provider_list=[existing])
    dialogs = ScriptedDialogs(edit_provider=[ProviderEdit(existing, "tok")])
    view = SettingsView(services, dialogs, runner)
    qtbot.addWidget(view)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert "Could not save CI: a provider named CI exists" in view.provider_status.text()
    assert services.tokens == {}


def test_work_asked_for_while_a_workspace_opens_waits_for_it(
    qtbot, window: MainWindow, services, tmp_path: Path
) -> None:
    """Imported lines and fetched invoices are stored into the workspace current when they
    finish: started during an open, they must wait and land in the workspace then shown."""
    gate = threading.Event()
    opened = services.open_workspace
    stored_in: list[Path | None] = []
    imported = services.import_statement

    def slow_open(path: Path, create: bool = False):
        assert gate.wait(10)
        return opened(path, create)

    def recording_import(*args, **kwargs):
        stored_in.append(services.workspace)
        return imported(*args, **kwargs)

    services.open_workspace = slow_open
    services.import_statement = recording_import
    matched_lines: list[tuple[object, ...]] = []
    reconcile = services.reconcile

    def recording_reconcile(invoices, lines, *args):
        matched_lines.append(tuple(lines))
        return reconcile(invoices, lines, *args)

    services.reconcile = recording_reconcile
    started: list[str] = []
    window.runner.started.connect(lambda handle: started.append(handle.name))
    messages: list[str] = []
    window.workflows.message.connect(messages.append)
    target = tmp_path / "next.reconcile"
    assert window.workflows.open_workspace(target, create=True) is not None
    window.workflows.import_files([Path("bank.csv")])
    assert window.workflows.fetch() is None
    assert window.workflows.run_matching() is None
    assert messages[-3:] == [
        "Importing will start once the workspace has opened.",
        "Fetching will start once the workspace has opened.",
        "Matching will start once the workspace has opened.",
    ]
    assert [handle.name for handle in window.runner.active()] == ["Opening next.reconcile"]
    assert not stored_in
    assert not services.fetch_periods
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=10_000):
        gate.set()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=10_000)
    assert stored_in == [target]
    assert services.fetch_periods == [(None, None)]
    assert services.reconcile_calls == 1
    assert {line.source_file for line in window.session.lines} == {"bank.csv"}
    # in the order asked, each after the one before: matching saw the lines and invoices
    assert started == [
        "Opening next.reconcile",
        "Importing bank.csv",
        "Fetching invoices",
        "Matching",
    ]
    assert [len(lines) for lines in matched_lines] == [len(services.statements["bank.csv"])]


def _import_cancelled_while_storing(window: MainWindow, services) -> threading.Event:
    """Import bank.csv, hold its worker once the lines are stored, and press Cancel; the
    worker finishes (returns its result) when the returned event is set."""
    storing, release = threading.Event(), threading.Event()
    imported = services.import_statement

    def slow_store(*args, **kwargs):
        result = imported(*args, **kwargs)
        storing.set()
        assert release.wait(10)
        return result

    services.import_statement = slow_store
    window.workflows.import_files([Path("bank.csv")])
    (handle,) = window.runner.active()
    assert storing.wait(10)
    window.runner.cancel(handle)
    return release


def test_an_import_cancelled_after_it_stored_its_lines_still_shows_them(
    qtbot, window: MainWindow, services
) -> None:
    """Cancel pressed while the lines were being written: they are in the workspace, so the
    window shows them and says how to take them out, rather than hiding them."""
    release = _import_cancelled_while_storing(window, services)
    assert not window.session.lines
    release.set()
    qtbot.waitUntil(lambda: bool(window.session.lines), timeout=10_000)
    assert {line.source_file for line in window.session.lines} == {"bank.csv"}
    banner = window.banners.banners()[-1].label.text()
    assert "bank.csv was already imported when Cancel was pressed" in banner
    assert "Its 6 lines are imported." in banner  # no workspace is open in this window


def test_a_workspace_that_needs_a_new_run_starts_it_at_once(
    qtbot, window: MainWindow, services, tmp_path: Path
) -> None:
    """A workspace keeps decisions, not runs: re-running it is the open's last step, not
    work that waits for the open."""
    opened = services.open_workspace
    lines = tuple(line for statement in services.statements.values() for line in statement)

    def with_lines(path: Path, create: bool = False):
        contents = opened(path, create)
        return WorkspaceContents(contents.path, contents.invoices, lines, contents.decisions)

    services.open_workspace = with_lines
    messages: list[str] = []
    window.workflows.message.connect(messages.append)
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=10_000):
        window.workflows.open_workspace(tmp_path / "kept.reconcile", create=True)
    assert [handle.name for handle in window.runner.active()] == ["Matching"]
    qtbot.waitUntil(lambda: services.reconcile_calls == 1, timeout=10_000)
    assert not [message for message in messages if "will start once" in message]


def test_a_late_import_result_is_not_shown_in_a_workspace_opened_since(
    qtbot, window: MainWindow, services, tmp_path: Path
) -> None:
    """Cancelled while storing, then another workspace opened: what the import stored is in
    the workspace no longer shown, so the window must not show it in the new one."""
    release = _import_cancelled_while_storing(window, services)
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=10_000):
        window.workflows.open_workspace(tmp_path / "other.reconcile", create=True)
    release.set()
    qtbot.waitUntil(lambda: window.runner.pool.activeThreadCount() == 0, timeout=10_000)
    qtbot.wait(50)  # the late result has been relayed to the GUI thread by now
    assert not window.session.lines
    assert not [b for b in window.banners.banners() if "Cancel was pressed" in b.label.text()]
