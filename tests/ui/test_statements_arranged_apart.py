"""A big statement is filtered and sorted on a worker, through the real Statements screen.

Tester O found each sort or filter of 200,000 lines holding the window 0.3-0.85 s, and
the screen's Match filter as a run landed too: every line's filter text, match state and
sort value were worked out on the GUI thread. Past ``APART_FROM`` lines the screen's model
now hands the filter and sort to the window's worker: the header click and the typing
return at once, the rows still as they were, and the rows change when the worker's
arrangement lands, the latest asked for winning. They are the rows and the order the
screen showed before (a stable sort: equal amounts keep the order the lines came in), the
selected line still selected and current. A review step taken while a filter is under way
is not lost: the arrangement is worked out again. Qt's model tester watches the model.

The real window over the test services, 20,100 lines (a few past ``APART_FROM``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_app.domain import LineKey, MatchState, StatementLine
from desktop_app.ui import formatting as fmt
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models import statement_lines
from desktop_app.ui.models.columns import column_index
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.screens import reconcile_after_a_run

LINES = 20_100  # past ``table_model.APART_FROM``, checked below
WAIT_MS = 60_000  # for the worker, on a machine busy with other work


def _lines() -> list[StatementLine]:
    """The run's six lines, then card payments and transfers of a few amounts each (many
    ties for a sort by amount), every seventh one named 'card'."""
    run = f.reconciliation()
    more = [
        f.line(
            row,
            f"-{(row * 37) % 11 + 1}.00",
            description=f"CARD PAYMENT {row}" if row % 7 == 0 else f"TRANSFER {row}",
        )
        for row in range(100, 100 + LINES - len(run.lines))
    ]
    return [*run.lines, *more]


@pytest.fixture
def services() -> MemoryServices:
    rec = f.reconciliation()
    return MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": _lines()}, reconciliation=rec
    )


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each line's filter text was built on the GUI thread (recorded)."""
    seen: list[bool] = []
    built = statement_lines.line_text

    def recorded(line: StatementLine) -> str:
        seen.append(threading.current_thread() is threading.main_thread())
        return built(line)

    monkeypatch.setattr(statement_lines, "line_text", recorded)
    return seen


@pytest.fixture
def screen(threads, qtbot, window: MainWindow, qtmodeltester) -> MainWindow:  # type: ignore[no-untyped-def]
    """The Statements screen after a run (``threads`` watching its model from the start)."""
    reconcile_after_a_run(qtbot, window)
    window.show_screen("statements")
    qtmodeltester.check(window.statements.model)
    return window


def _shown(window: MainWindow) -> list[LineKey]:
    model = window.statements.model
    return [model.key_at(row) for row in range(model.rowCount())]


def _selected(window: MainWindow) -> tuple[list[Any], Any]:
    table = window.statements.table
    current = table.current_item()
    return table.selected_keys(), None if current is None else current.key


def _select(qtbot, window: MainWindow, key: LineKey) -> None:  # type: ignore[no-untyped-def]
    """Click the line's row, as the accountant does."""
    table = window.statements.table
    row = window.statements.model.row_of(key)
    assert row is not None
    table.scrollTo(window.statements.model.index(row, 0))
    rect = table.visualRect(window.statements.model.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _selected(window) == ([key], key)


def _click_header(qtbot, window: MainWindow, column: str) -> None:  # type: ignore[no-untyped-def]
    table = window.statements.table
    header = table.horizontalHeader()
    logical = column_index(window.statements.model.columns, column)
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def _arranged(qtbot, window: MainWindow, expected: Callable[[], list[LineKey]]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: _shown(window) == expected(), timeout=WAIT_MS)


def test_the_statement_is_past_the_size_filtered_apart() -> None:
    from desktop_app.ui.models.table_model import APART_FROM

    assert APART_FROM < LINES < APART_FROM * 2


def test_a_header_click_sorts_on_the_worker_stably_keeping_the_selection(
    qtbot, screen: MainWindow
) -> None:
    window = screen
    held = list(window.session.lines_by_key().values())  # in the order they came in
    before = _shown(window)
    assert before == [line.key for line in held]
    chosen = held[5_000].key
    _select(qtbot, window, chosen)
    _click_header(qtbot, window, "amount")
    # The click returned without sorting: the worker does, and the rows move as it lands.
    assert _shown(window) == before
    by_amount = [line.key for line in sorted(held, key=lambda line: line.amount)]
    _arranged(qtbot, window, lambda: by_amount)
    assert _selected(window) == ([chosen], chosen)
    _click_header(qtbot, window, "amount")  # again: descending, equals still as they came
    assert _shown(window) == by_amount
    downwards = [line.key for line in sorted(held, key=lambda line: line.amount, reverse=True)]
    _arranged(qtbot, window, lambda: downwards)
    assert _selected(window) == ([chosen], chosen)
    assert window.statements.count_label.text() == f"{LINES:,} of {LINES:,} statement lines"


def test_typing_a_filter_works_it_out_on_the_worker_keeping_the_selection(
    qtbot, screen: MainWindow, threads: list[bool]
) -> None:
    window = screen
    held = list(window.session.lines_by_key().values())
    _click_header(qtbot, window, "amount")
    by_amount = sorted(held, key=lambda line: line.amount)
    _arranged(qtbot, window, lambda: [line.key for line in by_amount])
    chosen = next(line for line in by_amount[3_000:] if "CARD" in line.description).key
    _select(qtbot, window, chosen)
    box = window.statements.search
    box.setFocus()
    qtbot.keyClicks(box, "card")
    with qtbot.waitSignal(box.query_changed):  # the debounce, then the worker
        pass
    cards = [line.key for line in by_amount if "card" in line.description.casefold()]
    _arranged(qtbot, window, lambda: cards)
    assert _selected(window) == ([chosen], chosen)
    assert threads, "no line's filter text was built"
    assert not any(threads), "a line's filter text was built on the GUI thread"
    shown = f"{len(cards):,} of {LINES:,} statement lines"
    assert window.statements.count_label.text() == shown
    box.clear()
    _arranged(qtbot, window, lambda: [line.key for line in by_amount])
    assert _selected(window) == ([chosen], chosen)


def test_the_latest_filter_asked_for_is_the_one_shown(qtbot, screen: MainWindow) -> None:
    window = screen
    view = window.statements
    view.search.setText("card")
    view.search.returnPressed.emit()
    view.search.setText("transfer")
    view.search.returnPressed.emit()  # before the first has landed
    held = window.session.lines_by_key().values()
    wanted = [line.key for line in held if "transfer" in line.description.casefold()]
    _arranged(qtbot, window, lambda: wanted)
    qtbot.wait(200)  # nothing else lands after it
    assert _shown(window) == wanted


def test_a_step_taken_while_the_match_filter_is_worked_out_is_not_lost(
    qtbot, screen: MainWindow
) -> None:
    """The Match filter set to Matched is under way when the one row the engine matched
    is rejected: its line leaves the rows shown (the arrangement is worked out again
    with the step), and is shown as Rejected."""
    window = screen
    view, session = window.statements, window.session
    auto = next(m for m in session.matches if m.state is MatchState.AUTO)
    view.match_combo.setCurrentIndex(view.match_combo.findData(MatchState.AUTO.value))
    assert session.reject([auto])  # before the filter's rows land
    _arranged(qtbot, window, list)
    qtbot.wait(200)
    assert _shown(window) == []
    view.match_combo.setCurrentIndex(view.match_combo.findData(MatchState.REJECTED.value))
    _arranged(qtbot, window, lambda: list(auto.line_keys))


def test_a_sort_by_match_on_the_worker_reads_a_step_taken_meanwhile(
    qtbot, screen: MainWindow
) -> None:
    """A header click on Match sorts on the worker by the lines' states as they stand
    (``StatementLineModel._off_thread``): the one suggestion is accepted before the sort
    lands, and its line sits among the accepted, ahead of the one the engine matched,
    equals in the order they came. (A rejection would move no line here: "Rejected"
    sorts between "Matched" and "Suggested", as the engine's line did.)"""
    window = screen
    view, session = window.statements, window.session
    held = list(session.lines_by_key().values())

    def by_state() -> list[LineKey]:
        def shown_state(line: StatementLine) -> str:
            return fmt.state(session.line_state(line.key)).casefold()

        return [line.key for line in sorted(held, key=shown_state)]

    before_the_step = by_state()
    suggested = next(m for m in session.matches if m.state is MatchState.SUGGESTED)
    before = _shown(window)
    _click_header(qtbot, window, "match")
    assert view.model.arranging
    assert _shown(window) == before
    assert session.accept([suggested])  # before the sort lands
    assert by_state() != before_the_step  # the step moves the line
    _arranged(qtbot, window, by_state)
    qtbot.wait(200)  # nothing else lands after it
    assert _shown(window) == by_state()
    assert not view.model.arranging


@pytest.mark.parametrize("descending", [False, True])
def test_the_sort_in_slices_is_the_sort_of_the_whole(descending: bool) -> None:
    """``stable_sorted``: the same order as ``sorted``, ties kept, past one slice."""
    from desktop_app.ui.models.arranging import stable_sorted

    values = [(row * 7919) % 97 for row in range(25_013)]
    rows = list(range(len(values)))[::-1]
    expected = sorted(rows, key=values.__getitem__, reverse=descending)
    assert stable_sorted(rows, values.__getitem__, descending) == expected
