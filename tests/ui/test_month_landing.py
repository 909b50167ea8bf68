"""A matching run landing on a month in the window: its screens' heavy parts are worked out
on the run's worker, and the Overview's after a decision on another, never on the GUI
thread; what the screens show is what they showed when they worked it out themselves, as
the run lands, after each decision and its undo, and when a statement came in while the
run was made (its worker's panels are then of lines no longer held, and not used).

The month is the real engine's run of ``tests/ui_backend/landing_world``: 400 invoices,
2,000 lines, a thousand and more discrepancies, decisions of every kind."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import Discrepancy, Match, MatchState, StatementLine
from desktop_app.ui import summaries
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import MatchIndex, RunRows, match_key
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.summaries import Headline, group_discrepancies
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.ui.views.overview_view import PENDING
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices, ScriptedDialogs
from tests.ui.landed import landed
from tests.ui_backend.landing_world import World, world
from tests.ui_backend.test_run_landing_data import assert_overview


@pytest.fixture(scope="module")
def month() -> World:
    return world()


@dataclass
class GuiCalls:
    """Calls of the heavy parts, by where they ran: each discrepancy's group (its side),
    the Overview's payments added up, a line asked whether a match reconciles it."""

    gui: dict[str, int] = field(default_factory=dict)
    workers: dict[str, int] = field(default_factory=dict)

    def note(self, name: str) -> None:
        on_gui = threading.current_thread() is threading.main_thread()
        counts = self.gui if on_gui else self.workers
        counts[name] = counts.get(name, 0) + 1

    def clear(self) -> None:
        self.gui.clear()
        self.workers.clear()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> GuiCalls:
    noted = GuiCalls()
    side = Discrepancy.side.fget  # type: ignore[attr-defined]
    amounts = summaries.matched_amounts
    reconciled = MatchIndex.line_reconciled

    def grouped(discrepancy: Discrepancy) -> Any:
        noted.note("side")
        return side(discrepancy)

    def added_up(*args: Any) -> Any:
        noted.note("matched_amounts")
        return amounts(*args)

    def asked(index: MatchIndex, key: Any) -> bool:
        noted.note("line_reconciled")
        return reconciled(index, key)

    monkeypatch.setattr(Discrepancy, "side", property(grouped))
    monkeypatch.setattr(summaries, "matched_amounts", added_up)
    monkeypatch.setattr(MatchIndex, "line_reconciled", asked)
    return noted


@pytest.fixture
def window(
    qtbot, qtmodeltester, month: World, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    """The window over the month's invoices and lines (not matched yet), on Reconcile,
    every model a run's landing resets watched by Qt's model tester."""
    services = MemoryServices(
        invoices=month.invoices,
        statements={"month": month.lines},
        reconciliation=month.run,
        honour_decisions=True,
    )
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_screen("reconcile")
    for model in (
        window.reconcile.model,
        window.reconcile.invoices_panel.model,
        window.reconcile.lines_panel.model,
        window.discrepancies.model,
        window.discrepancies.groups_model,
    ):
        qtmodeltester.check(model)
    window.session.set_invoices(month.invoices)
    window.session.add_lines({line.key: line for line in month.lines}, "month")
    yield window
    window.close()


def _match(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


def _open_lines(session: ReviewSession) -> list[int]:
    """The Unmatched lines panel's rows as the window worked them out: each line held no
    reconciling match holds, in the order held (by identity)."""
    index = session.index
    return [
        id(line)
        for line in session.lines
        if not any(m.state.reconciles for m in index.for_line(line.key))
    ]


def _offered(session: ReviewSession) -> list[int]:
    index = session.index
    return [
        id(invoice)
        for invoice in session.invoices
        if not any(m.state.reconciles for m in index.for_invoice(invoice.key))
        or index.still_owes(invoice.key) is not None
    ]


def _shown(panel: Any) -> list[int]:
    return [id(item) for item in panel.model.visible_items()]


def assert_screens(window: MainWindow, month: World) -> None:
    """The panels, the discrepancies and their groups as the screens worked them out."""
    session, view = window.session, window.reconcile
    assert _shown(view.lines_panel) == _open_lines(session)
    assert _shown(view.invoices_panel) == _offered(session)
    count = view.lines_panel.model.rowCount()
    assert view.lines_panel.heading.text() == f"<b>Unmatched statement lines</b> ({count:,})"
    run = session.reconciliation
    assert run is not None
    discrepancies = window.discrepancies
    listed = discrepancies.model.all_items()
    assert listed == list(enumerate(run.discrepancies))
    assert discrepancies.groups_model.all_items() == group_discrepancies(run.discrepancies)


def _figures_in(qtbot, window: MainWindow) -> Headline:  # type: ignore[no-untyped-def]
    """The Overview's figures once in: the headline (the Overview shown)."""
    qtbot.waitUntil(lambda: "Working out" not in window.overview.totals_label.text())
    headline = window.overview.headline()
    assert headline is not None
    return headline


def _reference(window: MainWindow) -> Headline:
    run = window.session.reconciliation
    assert run is not None
    return Headline.of(replace(run, matches=tuple(window.session.matches)))


def test_a_run_lands_with_its_heavy_parts_worked_out_off_the_gui_thread(
    qtbot, window: MainWindow, month: World, calls: GuiCalls
) -> None:
    _match(qtbot, window)
    assert calls.gui == {}  # none asked here: no line, no discrepancy's group, no payment
    assert calls.workers["side"] >= len(month.run.discrepancies)
    assert calls.workers["matched_amounts"] == 1
    assert_screens(window, month)  # which works them out here, to compare
    calls.clear()
    window.show_screen("overview")
    assert _figures_in(qtbot, window) == _reference(window)  # made by the run's worker
    assert calls.gui == {}


def test_the_overview_after_a_decision_is_worked_out_on_a_worker(
    qtbot, window: MainWindow, month: World, calls: GuiCalls
) -> None:
    _match(qtbot, window)
    window.show_screen("overview")
    before = _figures_in(qtbot, window)
    session = window.session
    rejected = next(m for m in session.matches if m.state is MatchState.AUTO)
    calls.clear()
    session.reject([rejected])
    # the tiles of the run say the figures are being worked out, not the old ones
    assert f"<b>{PENDING}</b>" in window.overview.tiles["unmatched_lines"].text()
    assert "Working out" in window.overview.totals_label.text()
    after = _figures_in(qtbot, window)
    assert after == _reference(window)
    assert after.unmatched_lines == before.unmatched_lines + len(rejected.lines)
    assert f"{after.unmatched_lines:,}" in window.overview.tiles["unmatched_lines"].text()
    assert calls.gui.get("matched_amounts", 0) == 0
    assert calls.workers["matched_amounts"] == 1
    run = session.reconciliation
    assert run is not None
    assert_overview(window.overview.figures(), month, run, session.matches)  # type: ignore[arg-type]


def test_the_panels_and_the_overview_follow_each_decision_and_its_undo(
    qtbot, window: MainWindow, month: World
) -> None:
    _match(qtbot, window)
    session = window.session
    start = window.reconcile.lines_panel.model.rowCount()
    auto = [m for m in session.matches if m.state is MatchState.AUTO][:40]
    steps: list[Callable[[], object]] = [
        lambda: session.reject(auto[:30]),  # a bulk step: the panels reset once
        lambda: session.accept(auto[30:32]),
        session.undo,  # the window's Undo and Redo: a bulk step's in the background
        session.undo,
        session.redo,
        lambda: session.unmatch([m for m in session.matches if m.state is MatchState.REJECTED]),
    ]
    counts = []
    for step in steps:
        step()
        landed(qtbot, window)  # a step of several decisions is saved in the background
        assert_screens(window, month)
        counts.append(window.reconcile.lines_panel.model.rowCount())
        window.show_screen("overview")
        assert _figures_in(qtbot, window) == _reference(window)
        window.show_screen("reconcile")
    rejected, accepted, accept_undone, reject_undone, redone, withdrawn = counts
    assert rejected > start  # their lines are unmatched
    assert accepted == accept_undone == redone == rejected
    assert reject_undone == withdrawn == start


def test_a_statement_imported_while_the_run_was_made_is_in_the_panel(
    qtbot, window: MainWindow, month: World
) -> None:
    """The run's worker read the lines as they were: the lines imported meanwhile are
    not in its panel, so the panel is worked out again as the run lands, and so are the
    Overview's figures (the invoices were read as they were too)."""
    services = window.services
    assert isinstance(services, MemoryServices)
    services.reconcile_gate = threading.Event()
    later = tuple(f.line(row, "-12.34", source="later.csv") for row in range(2, 6))
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
        window.session.add_lines(later, "later.csv")
        services.reconcile_gate.set()
    assert_screens(window, month)
    shown = {id(line) for line in window.reconcile.lines_panel.model.visible_items()}
    assert {id(line) for line in later} <= shown
    assert window.reconcile.stale_label.text() == "later.csv imported since matching ran"
    window.show_screen("overview")
    assert _figures_in(qtbot, window) == _reference(window)


def test_a_decision_made_while_the_run_was_made_runs_it_again(
    qtbot, window: MainWindow, month: World
) -> None:
    """The run read the decisions before this one: it is not shown (it would show the
    match as if undecided), matching runs again, and the screens show the second run."""
    _match(qtbot, window)
    services = window.services
    assert isinstance(services, MemoryServices)
    services.reconcile_gate = threading.Event()
    session = window.session
    rejected = next(m for m in session.matches if m.state is MatchState.AUTO)
    before = services.reconcile_calls
    window.match_action.trigger()
    session.reject([rejected])
    with qtbot.waitSignal(session.reconciliation_changed, timeout=60_000):
        services.reconcile_gate.set()
    assert services.reconcile_calls == before + 2  # run again, with the rejection
    (row,) = [m for m in session.matches if match_key(m) == match_key(rejected)]
    assert row.state is MatchState.REJECTED
    assert_screens(window, month)
    window.show_screen("overview")
    assert _figures_in(qtbot, window) == _reference(window)


def test_a_session_takes_what_the_run_made_and_works_out_the_rest_when_asked(
    qapp, month: World
) -> None:
    """Without a window (work done where asked): the figures a run's worker made are
    taken as they are; after a decision, those worked out from what changed since are
    never kept."""
    jobs: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    trail = MemoryServices()
    session = ReviewSession(
        trail.record_decision,
        trail.undo_decision,
        user="ann",
        work_out=lambda name, work, done: jobs.append((work, done)),
    )
    ready: list[None] = []
    session.overview_changed.connect(lambda: ready.append(None))
    session.load(month.invoices, month.lines, None)
    rows = RunRows.of(month.run, month.decisions).landed(
        session.invoices, session.lines, session.held_version
    )
    session.set_reconciliation(rows, month.decisions, session.inputs_step)
    assert rows.landing is not None
    assert session.overview_figures() is rows.landing.overview
    assert jobs == []
    auto = [m for m in session.matches if m.state is MatchState.AUTO][:2]
    session.accept(auto[:1])
    assert session.overview_figures() is None
    (first,) = jobs
    session.accept(auto[1:])  # while the first is worked out
    assert session.overview_figures() is None
    first[1](first[0]())  # worked out before the second decision: not kept
    assert ready == [None]
    assert session.overview_figures() is None  # asked again: worked out anew
    second = jobs[-1]
    assert len(jobs) == 2
    second[1](second[0]())
    assert ready == [None, None]
    figures = session.overview_figures()
    assert figures is not None
    run = session.reconciliation
    assert run is not None
    assert_overview(figures, month, run, session.matches)
    assert_index(session.index, session.matches, month.lines)


def assert_index(index: MatchIndex, rows: list[Match], lines: tuple[StatementLine, ...]) -> None:
    """What the index says is reconciled is what its matches say."""
    for line in lines:
        reconciled = any(m.state.reconciles for m in index.for_line(line.key))
        assert index.line_reconciled(line.key) is reconciled
    for invoice in {i.key: i for m in rows for i in m.invoices}.values():
        reconciled = any(m.state.reconciles for m in index.for_invoice(invoice.key))
        assert index.invoice_reconciled(invoice.key) is reconciled
