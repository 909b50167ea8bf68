"""Accept (A) on the rest of an invoice the accountant paid part of.

The accountant accepted the first instalment of £650.00 of a £1,300.00 invoice; the
engine matches the second, quoting the invoice, as its rest ("the rest of INV-00017
after bank.csv row 10 (...), accepted; ..."; ``matching/rest.py``). Pressing A on that
row was refused ("one decision of yours settles INV-00017 at a time"), so the second
instalment could not be confirmed as the first was. Accepted now, it is one decision
pairing the invoice with both payments, in place of the first instalment's (which undo
puts back): the next run, a reopened workspace and the exported workbook all show the
invoice paid by the accountant's decision, with no discrepancy. The real window, engine
and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, Match, MatchState
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, matched_window, open_and_match
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import export_banner

OWED = f.invoice(17, "1300.00")
FIRST = f.line(10, "-650.00", description="INSTALMENT 1 INV-00017")
SECOND = f.line(11, "-650.00", description="INSTALMENT 2 INV-00017")


def _accept_first(workspace: Workspace) -> None:
    workspace.record_decision(Decision(DecisionKind.ACCEPT, (OWED.key,), (FIRST.key,)))


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(
        qtbot, qtmodeltester, runner, tmp_path, (OWED,), (FIRST, SECOND), prepare=_accept_first
    ) as shown:
        yield shown


def _rows(window: MainWindow) -> list[tuple[MatchState, tuple[int, ...]]]:
    """The Reconcile screen's rows: state and line rows."""
    return sorted((m.state, tuple(ln.row for ln in m.lines)) for m in window.session.matches)


def _rest_row(window: MainWindow) -> Match:
    return next(m for m in window.session.matches if m.lines == (SECOND,))


def _press_a_on_the_rest(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(_rest_row(window))])
    qtbot.keyClick(view.table, Qt.Key.Key_A)


def _in_force(window: MainWindow) -> list[tuple[DecisionKind, tuple[int, ...]]]:
    """The decisions in force: kind and line rows."""
    return [
        (d.kind, tuple(sorted(key.row for key in d.line_keys)))
        for d in window.workflows._services.decisions()
    ]


def _trail(window: MainWindow) -> list[tuple[str, tuple[int, ...], bool]]:
    """The accountant's audit trail: kind, line rows, in force."""
    services = window.services
    assert isinstance(services, EngineServices)
    return [
        (e.decision.kind.value, tuple(sorted(k.row for k in e.decision.line_keys)), e.in_force)
        for e in services.workspace.workspace.audit()
        if e.decision.kind is not DecisionKind.ENGINE_MATCH
    ]


def _rerun(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


def test_guard_the_second_instalment_is_the_engine_s_rest(window: MainWindow) -> None:
    assert _rows(window) == [(MatchState.ACCEPTED, (10,)), (MatchState.AUTO, (11,))]
    rest = _rest_row(window)
    assert rest.explanation.startswith("the rest of INV-00017 after bank.csv row 10 ")


def test_accept_s_tooltip_on_the_rest_says_it_pairs_the_invoice_with_both(
    window: MainWindow,
) -> None:
    view = window.reconcile
    view.table.select_keys([match_key(_rest_row(window))])
    assert view.accept_action.isEnabled()
    assert view.accept_action.toolTip() == (
        "Accept INV-00017 ↔ bank.csv:11 (A): confirm the rest of INV-00017; one decision "
        "of yours then pairs it with both payments."
    )


def test_guard_the_rest_accepted_after_the_first_is_unmatched_stands_alone(
    qtbot, window: MainWindow
) -> None:
    """The first instalment's accept taken back since the run: the rest shown is then
    an ordinary engine row, accepted by itself."""
    view = window.reconcile
    first = next(m for m in window.session.matches if m.lines == (FIRST,))
    view.table.setFocus()
    view.table.select_keys([match_key(first)])
    qtbot.keyClick(view.table, Qt.Key.Key_U)
    _press_a_on_the_rest(qtbot, window)
    assert window.banners.banners() == []
    assert _rows(window) == [(MatchState.ACCEPTED, (11,))]
    assert _in_force(window) == [(DecisionKind.ACCEPT, (11,))]


def test_a_on_the_rest_pairs_the_invoice_with_both_instalments(qtbot, window: MainWindow) -> None:
    _press_a_on_the_rest(qtbot, window)

    assert window.banners.banners() == []  # not refused
    assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]
    (paired,) = window.session.matches
    assert paired.explanation.startswith("accepted by ")
    assert "for £1,300.00 invoiced" in paired.explanation
    assert window.session.undo_stack.text(0) == (
        "Accept INV-00017 ↔ bank.csv:11, the rest of INV-00017 after bank.csv:10 you "
        "accepted: one decision of yours pairs INV-00017 ↔ bank.csv:10, bank.csv:11"
    )
    # one decision in force, replacing the first instalment's
    assert _in_force(window) == [(DecisionKind.ACCEPT, (10, 11))]
    assert _trail(window) == [("accept", (10,), False), ("accept", (10, 11), True)]
    services = window.services
    assert isinstance(services, EngineServices)
    first, both = (
        e
        for e in services.workspace.workspace.audit()
        if e.decision.kind is not DecisionKind.ENGINE_MATCH
    )
    assert both.replaces == (first.id,)

    # The next run: the accountant's pairing, paid in full, nothing to report.
    _rerun(qtbot, window)
    assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]
    (paired,) = window.session.matches
    assert paired.explanation.startswith("accepted; paid in 2 parts; ")
    run = window.session.reconciliation
    assert run is not None
    assert run.discrepancies == ()


def test_undo_puts_the_first_instalment_s_accept_back_and_redo_takes_it_again(
    qtbot, window: MainWindow
) -> None:
    _press_a_on_the_rest(qtbot, window)
    stack = window.session.undo_stack

    stack.undo()
    assert _rows(window) == [(MatchState.ACCEPTED, (10,)), (MatchState.AUTO, (11,))]
    assert _in_force(window) == [(DecisionKind.ACCEPT, (10,))]
    assert _trail(window) == [
        ("accept", (10,), False),
        ("accept", (10, 11), False),
        ("unmatch", (10, 11), False),
        ("accept", (10,), True),  # the first instalment's, restored
    ]
    _rerun(qtbot, window)  # what the engine makes of it: the rest, as before
    assert _rows(window) == [(MatchState.ACCEPTED, (10,)), (MatchState.AUTO, (11,))]
    run = window.session.reconciliation
    assert run is not None
    assert run.discrepancies == ()

    _press_a_on_the_rest(qtbot, window)
    stack.undo()
    stack.redo()
    assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]
    assert _in_force(window) == [(DecisionKind.ACCEPT, (10, 11))]
    _rerun(qtbot, window)
    assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    sheet = load_workbook(path)[name]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_decision_stands_in_the_reopened_workspace_and_the_workbook(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    with matched_window(
        qtbot, qtmodeltester, runner, tmp_path, (OWED,), (FIRST, SECOND), prepare=_accept_first
    ) as window:
        _press_a_on_the_rest(qtbot, window)
        assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]

    path = tmp_path / "month-end.reconcile"
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="reconcile") as window:
        open_and_match(qtbot, window, path)
        _rerun(qtbot, window)
        assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]
        assert _in_force(window) == [(DecisionKind.ACCEPT, (10, 11))]
        report = tmp_path / "report.xlsx"
        assert export_banner(qtbot, window, report) == f"Report exported: {report}"

    assert _sheet(report, "Discrepancies") == []
    matches = [
        (r["Row"], r["State"], r["Match"], r["Invoice Amount"], r["Statement Amount"])
        for r in _sheet(report, "Matches")
    ]
    assert matches == [(10, "accepted", 1, 1300, -650), (11, "accepted", 1, None, -650)]
    audit = [
        (r["Entry"], r["Action"], r["Statement Lines"], r["Replaced"], r["In Force"])
        for r in _sheet(report, "Audit")
    ]
    assert audit == [
        (1, "accept", "bank.csv:10", None, "no"),
        (3, "accept", "bank.csv:10; bank.csv:11", "#1", "yes"),  # 2: the engine's rest
    ]


AGAIN = f.line(12, "-650.00", description="INSTALMENT 2 INV-00017 RESENT")


def test_a_on_one_of_two_possible_rests_pairs_the_invoice_with_it_and_drops_the_other(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """Two lines that could each be the rest are offered for review, each naming the
    other (nothing was offered before); A on one pairs the invoice with both its
    instalments, as for a sure rest, and takes the other offer off the screen."""
    lines = (FIRST, SECOND, AGAIN)
    with matched_window(
        qtbot, qtmodeltester, runner, tmp_path, (OWED,), lines, prepare=_accept_first
    ) as window:
        assert _rows(window) == [
            (MatchState.ACCEPTED, (10,)),
            (MatchState.SUGGESTED, (11,)),
            (MatchState.SUGGESTED, (12,)),
        ]
        rest = _rest_row(window)
        assert rest.explanation.startswith("could be the rest of INV-00017 after bank.csv row 10 ")
        assert "; so could bank.csv row 12 " in rest.explanation
        _press_a_on_the_rest(qtbot, window)

        assert window.banners.banners() == []  # not refused
        assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]
        assert _in_force(window) == [(DecisionKind.ACCEPT, (10, 11))]
        _rerun(qtbot, window)  # the other line pays nothing now
        assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]
        run = window.session.reconciliation
        assert run is not None
        assert [(d.type.value, [ln.row for ln in d.lines]) for d in run.discrepancies] == [
            ("UNMATCHED_PAYMENT", [12])
        ]
