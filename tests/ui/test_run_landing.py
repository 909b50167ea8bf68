"""A run lands on the screen (matching done, an export's run) without the GUI thread
building a pairing per row.

After an export the session compared the rows shown with the export's run by building
every row's pairing on the GUI thread (5 s at 100,000 matches), then built the index of
the run it showed (2.7 s more). The run's worker now makes its rows, their pairings and
their index (``RunRows``), and the rows shown keep theirs in the index: the GUI thread
only looks the pairings up and swaps. What the undo history does is unchanged: kept when
the run pairs what the screen shows in the states it shows them, cleared otherwise.

How long it takes is measured apart; here, that no pairing is built on the GUI thread
(``review.match_key``, the one builder the session and its index call), and that what is
shown, and undone, is right.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, Match, MatchState, Reconciliation
from desktop_app.ui import review
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import MatchKey, RunRows
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.fakes import MemoryServices, ScriptedDialogs
from tests.ui.screens import decide, export_banner, reconcile_after_a_run, row_of


class PairingsOnGuiThread:
    """Counts the pairings built (``review.match_key``), on the GUI thread and off it, by
    the session's code and, given a ``window``, by its Reconcile table's model (which took
    the function as its key when it was made); the pairing built is the real one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, window: MainWindow | None = None) -> None:
        self.here = 0
        self.elsewhere = 0
        built = review.match_key

        def match_key(match: Match) -> MatchKey:
            if threading.current_thread() is threading.main_thread():
                self.here += 1
            else:
                self.elsewhere += 1
            return built(match)

        monkeypatch.setattr(review, "match_key", match_key)
        if window is not None:
            monkeypatch.setattr(window.reconcile.model, "_key_of", match_key)

    def reset(self) -> None:
        self.here = self.elsewhere = 0


def made_elsewhere(run: Reconciliation, decisions: Iterable[Decision] = ()) -> RunRows:
    """The run's rows made on another thread, as its worker makes them."""
    made: list[RunRows] = []
    worker = threading.Thread(target=lambda: made.append(RunRows.of(run, list(decisions))))
    worker.start()
    worker.join()
    return made[0]


@pytest.fixture
def trail() -> MemoryServices:
    return MemoryServices()


@pytest.fixture
def session(qapp, trail: MemoryServices) -> ReviewSession:
    clock = iter(datetime(2026, 3, 1, 9, minute, tzinfo=UTC) for minute in range(60))
    session = ReviewSession(
        trail.record_decision, trail.undo_decision, user="ann", clock=lambda: next(clock)
    )
    rec = f.reconciliation()
    session.load(rec.invoices, rec.lines, rec)
    return session


def _rerun(session: ReviewSession, explanation: str = "rerun") -> Reconciliation:
    """The run the engine would make of the screen as it stands: each row shown, a new
    object with the run's own explanation; the rejections left out (the engine never
    lists them: they come back from the decisions)."""
    run = session.reconciliation
    assert run is not None
    rows = tuple(
        replace(m, explanation=explanation)
        for m in session.matches
        if m.state is not MatchState.REJECTED
    )
    return Reconciliation(run.invoices, run.lines, rows, run.discrepancies)


def test_an_export_run_made_elsewhere_is_adopted_without_a_pairing_built_here(
    session: ReviewSession, trail: MemoryServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.accept([row_of(session, 3)])
    session.reject([row_of(session, 1)])
    pairings = PairingsOnGuiThread(monkeypatch)
    run = made_elsewhere(_rerun(session), trail.recorded)
    assert pairings.elsewhere >= len(run.rows)

    pairings.reset()
    assert session.adopt_run(run, trail.recorded, session.inputs_step)

    assert pairings.here == 0
    assert session.matches == run.rows
    assert session.undo_stack.count() == 2
    assert (row_of(session, 3).state, row_of(session, 3).explanation) == (
        MatchState.ACCEPTED,
        "rerun",
    )
    assert row_of(session, 1).state is MatchState.REJECTED  # from the decisions, as before
    session.undo_stack.undo()
    assert row_of(session, 1).state is MatchState.AUTO
    session.undo_stack.undo()
    assert row_of(session, 3).state is MatchState.SUGGESTED
    assert not session.undo_stack.canUndo()
    session.undo_stack.redo()  # the accept again: of the run's row, the one it replaced
    assert (row_of(session, 3).state, row_of(session, 3).explanation) == (
        MatchState.ACCEPTED,
        "rerun",
    )


def test_a_second_export_compares_with_the_pairings_the_first_one_left(
    session: ReviewSession, trail: MemoryServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows an export's run put on the screen keep their pairings through the
    decisions made after it: the next export builds none either."""
    session.accept([row_of(session, 3)])
    assert session.adopt_run(made_elsewhere(_rerun(session, "first")), (), 0)
    session.reject([row_of(session, 1)])
    session.undo_stack.undo()
    session.undo_stack.redo()
    pairings = PairingsOnGuiThread(monkeypatch)
    run = made_elsewhere(_rerun(session, "second"), trail.recorded)

    assert session.adopt_run(run, trail.recorded, session.inputs_step)
    assert pairings.here == 0
    assert session.undo_stack.count() == 2
    kept = {m.explanation for m in session.matches if m.state is not MatchState.REJECTED}
    assert kept == {"second"}


def test_a_run_made_elsewhere_is_shown_without_a_pairing_built_here(
    session: ReviewSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.accept([row_of(session, 3)])
    pairings = PairingsOnGuiThread(monkeypatch)
    run = made_elsewhere(f.reconciliation())
    pairings.reset()

    session.set_reconciliation(run, (), session.inputs_step)

    assert pairings.here == 0
    assert session.matches == run.rows
    assert session.undo_stack.count() == 0
    assert session.invoice_state(row_of(session, 3).invoices[0].key) is MatchState.SUGGESTED
    session.reject([row_of(session, 3)])  # the index shown is the run's: steps work on it
    assert session.invoice_state(row_of(session, 3).invoices[0].key) is MatchState.REJECTED


def _adopt(
    session: ReviewSession, run: Reconciliation, decisions: list[Decision], how: str
) -> bool:
    """``adopt_run`` of a run made with ``decisions``, handed over as the export's worker
    hands it (``how``: "rows", made into rows elsewhere) or as it is ("run")."""
    given = made_elsewhere(run, decisions) if how == "rows" else run
    return session.adopt_run(given, decisions, session.inputs_step)


@pytest.mark.parametrize("how", ["rows", "run"])
def test_a_run_in_other_states_is_not_adopted_and_nothing_changes(
    session: ReviewSession, trail: MemoryServices, how: str
) -> None:
    session.accept([row_of(session, 3)])
    run = _rerun(session)
    proposed = tuple(
        replace(m, state=MatchState.SUGGESTED) if m.invoices[0].number == "INV-00003" else m
        for m in run.matches
    )
    shown, history = list(session.matches), session.undo_stack.count()

    assert not _adopt(session, replace(run, matches=proposed), trail.recorded, how)
    assert session.matches == shown
    assert all(a is b for a, b in zip(session.matches, shown, strict=True))
    assert session.undo_stack.count() == history
    assert session.is_stale()


@pytest.mark.parametrize("how", ["rows", "run"])
def test_a_run_pairing_anew_is_not_adopted(
    session: ReviewSession, trail: MemoryServices, how: str
) -> None:
    """The engine paired what a decision left open with something else: an invoice
    with a line nothing paired (a row more), or a line with another invoice (as many
    rows, one of another pairing)."""
    session.reject([row_of(session, 1)])
    run = _rerun(session)
    more = (*run.matches, f.match(run.invoices[0], run.lines[4]))
    other = tuple(
        f.match(run.invoices[4], m.lines) if m.invoices[0].number == "INV-00003" else m
        for m in run.matches
    )
    shown = list(session.matches)

    for matches in (more, other):
        assert not _adopt(session, replace(run, matches=matches), trail.recorded, how)
        assert all(a is b for a, b in zip(session.matches, shown, strict=True))
        assert session.undo_stack.count() == 1


@pytest.mark.parametrize("how", ["rows", "run"])
def test_a_run_pairing_the_same_in_the_same_states_is_adopted(
    session: ReviewSession, trail: MemoryServices, how: str
) -> None:
    session.accept([row_of(session, 3)])
    session.reject([row_of(session, 1)])
    session.undo_stack.undo()  # an undone step is kept too

    assert _adopt(session, _rerun(session), trail.recorded, how)
    assert session.undo_stack.count() == 2
    session.undo_stack.redo()
    assert row_of(session, 1).state is MatchState.REJECTED
    session.undo_stack.undo()  # the rejection of the run's row: that row comes back
    assert (row_of(session, 1).state, row_of(session, 1).explanation) == (MatchState.AUTO, "rerun")


# -- through the window: the run made on the worker, shown on the GUI thread ------------
INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in range(1, 7))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in range(1, 7))


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    """The real window, engine and workspace, the workspace's run shown."""
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as window:
        yield window


def test_a_matching_run_lands_without_a_pairing_built_on_the_gui_thread(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide(qtbot, window, 2, Qt.Key.Key_R)
    pairings = PairingsOnGuiThread(monkeypatch, window)
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()

    assert pairings.here == 0
    assert pairings.elsewhere >= len(window.session.matches)
    session = window.session
    assert session.undo_stack.count() == 1  # it pairs what is shown: the history kept
    assert row_of(session, 2).state is MatchState.REJECTED  # from the decisions
    assert session.invoice_state(INVOICES[1].key) is MatchState.REJECTED
    assert session.line_state(LINES[0].key) is MatchState.AUTO
    assert window.reconcile.model.rowCount() == len(session.matches) == 6
    # The first step after the run builds no pairing either: the table keeps its rows'
    # keys, the index its rows' pairings, and a step lands by those (it keyed the rows it
    # touched, up to three, before a bulk step's 20,000 rows were landed so).
    decide(qtbot, window, 1, Qt.Key.Key_A)
    assert row_of(session, 1).state is MatchState.ACCEPTED
    assert pairings.here == 0


def test_an_export_after_decisions_lands_without_a_pairing_built_on_the_gui_thread(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export's run pairs what the screen shows: adopted, the history kept."""
    decide(qtbot, window, 1, Qt.Key.Key_A)
    decide(qtbot, window, 2, Qt.Key.Key_R)
    pairings = PairingsOnGuiThread(monkeypatch)
    report = tmp_path / "report.xlsx"

    assert export_banner(qtbot, window, report) == f"Report exported: {report}"
    assert pairings.here == 0
    assert pairings.elsewhere >= len(window.session.matches)
    session = window.session
    assert not session.is_stale()  # the export's run is shown
    assert row_of(session, 1).explanation.startswith("accepted; ")  # the run's row
    assert session.undo_stack.count() == 2
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert (row_of(session, 1).state, row_of(session, 2).state) == (
        MatchState.AUTO,
        MatchState.AUTO,
    )


def test_an_export_run_differing_from_the_screen_lands_without_a_pairing_built_there(
    qtbot, fake_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused, then shown: the history cleared, and the banner says why, as before."""
    window = fake_window
    decide(qtbot, window, 3, Qt.Key.Key_A)
    pairings = PairingsOnGuiThread(monkeypatch)
    report = tmp_path / "report.xlsx"

    assert export_banner(qtbot, window, report).endswith(
        "its matches differ from those shown, which cleared the undo history: Undo no "
        "longer reaches the decisions made before the export."
    )
    assert pairings.here == 0
    assert window.session.undo_stack.count() == 0
    assert row_of(window.session, 3).state is MatchState.SUGGESTED  # the run's


# -- the run replaced is let go off the GUI thread, and the new one keyed off it -------
class _Watched(Match):
    """A match that notes the thread it is freed on."""

    freed_on: list[threading.Thread] = []  # noqa: RUF012 (one list for every instance)

    def __del__(self) -> None:
        _Watched.freed_on.append(threading.current_thread())


def _watched_run(count: int) -> Reconciliation:
    """``count`` invoices each paid by its own line, every pairing a watched match."""
    invoices = tuple(f.invoice(i, f"{i}00.00") for i in range(1, count + 1))
    lines = tuple(f.line(i + 1, f"-{i}00.00") for i in range(1, count + 1))
    plain = (f.match(invoice, line) for invoice, line in zip(invoices, lines, strict=True))
    matches = tuple(_Watched(**{name: getattr(m, name) for name in m.__slots__}) for m in plain)
    return Reconciliation(invoices, lines, matches, ())


@pytest.fixture
def watched_window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    """The window whose first run (shown) is of 300 watched matches; its services'
    next run is of the same invoices and lines, as plain matches."""
    _Watched.freed_on.clear()
    first = _watched_run(300)
    services = MemoryServices(
        invoices=first.invoices, statements={"bank.csv": first.lines}, reconciliation=first
    )
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtmodeltester.check(window.reconcile.model)
    reconcile_after_a_run(qtbot, window)
    services.reconciliation = replace(
        first,
        matches=tuple(Match(**{n: getattr(m, n) for n in m.__slots__}) for m in first.matches),
    )
    del first
    yield window
    window.close()


def test_the_run_replaced_is_freed_off_the_gui_thread(
    qtbot, watched_window: MainWindow, runner: TaskRunner
) -> None:
    """Freeing a run's 100,000 matches, their index and the table's rows took the GUI
    thread a tenth of a second: the session and the Reconcile table hand them to a
    worker (``TaskRunner.release``), which frees them."""
    window = watched_window
    assert window.reconcile.model.rowCount() == 300
    assert not _Watched.freed_on

    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    assert window.reconcile.model.rowCount() == 300
    assert not any(isinstance(m, _Watched) for m in window.session.matches)
    qtbot.waitUntil(lambda: not runner.releasing, timeout=10_000)

    assert len(_Watched.freed_on) == 300  # every one of the run replaced, once the worker is done
    assert threading.main_thread() not in _Watched.freed_on


def test_a_run_lands_with_its_rows_keyed_on_its_worker(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Reconcile table takes the run's rows by pairing as the worker made them
    (``RunRows.by_pairing``): the GUI thread does not go over the rows to key them,
    not even by reading each row's pairing off the index (100,000 of them took 0.07 s)."""
    went_over = {"here": 0}
    pairings = review.MatchIndex.pairings

    def counted(index: review.MatchIndex, matches: Iterable[Match]) -> list[MatchKey]:
        keys = pairings(index, matches)
        if threading.current_thread() is threading.main_thread():
            went_over["here"] += len(keys)
        return keys

    monkeypatch.setattr(review.MatchIndex, "pairings", counted)
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()

    assert went_over["here"] == 0
    model, session = window.reconcile.model, window.session
    assert model.rowCount() == len(session.matches) == 6
    for match in session.matches:  # each row found by its pairing
        row = model.row_of(review.match_key(match))
        assert row is not None
        assert model.item_at(row) is match
    decide(qtbot, window, 1, Qt.Key.Key_A)  # a step keeps the table keyed as before
    assert row_of(session, 1).state is MatchState.ACCEPTED
    accepted = model.row_of(review.match_key(row_of(session, 1)))
    assert accepted is not None
    assert model.item_at(accepted) is row_of(session, 1)
