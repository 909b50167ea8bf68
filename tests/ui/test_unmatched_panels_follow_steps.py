"""The Unmatched panels list what is open after every step, of one row or many.

A step lands on the panels by their invoices and lines: those it may have opened or
settled, and those they show. A row restated as reconciling as before (an AUTO match
accepted, and that undone) holds the very invoices and lines it held, which stay as
open as they were, so the panels no longer look at each of them again (40,000 at a bulk
Accept); rows rejected, unmatched or taken off as rivals do open or settle theirs. After
each step the panels must list exactly what the index says is open.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain import Decision, MatchState, Reconciliation
from desktop_app.ui.dialogs.seam import QtDialogs
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.views.reconcile_view import ReconcileView
from tests.ui.factories import invoice, line, match


def _shown(qtbot: Any) -> tuple[ReviewSession, ReconcileView]:
    saved: list[Decision] = []

    def record(decision: Decision) -> int:
        saved.append(decision)
        return len(saved)

    session = ReviewSession(record, lambda _: None, user="ann")
    view = ReconcileView(session, QtDialogs())
    qtbot.addWidget(view)
    invoices = tuple(invoice(n, f"{n}00.00") for n in range(1, 11))
    lines = tuple(line(n + 1, f"-{n}00.00") for n in range(1, 11))
    rows = (
        *(match(invoices[n], lines[n]) for n in range(5)),  # AUTO
        match(invoices[5], lines[5], state=MatchState.SUGGESTED, score=0.6),
        match(invoices[6], lines[5], state=MatchState.SUGGESTED, score=0.5),  # its rival
        match(invoices[7], lines[7], state=MatchState.ACCEPTED),
    )
    session.load(invoices, lines, Reconciliation(invoices, lines, rows, ()))
    return session, view


def _agree(session: ReviewSession, view: ReconcileView) -> None:
    index = session.index
    open_invoices = {i.key for i in session.invoices if index.offered_by_hand(i.key)}
    open_lines = {ln.key for ln in session.lines if not index.line_reconciled(ln.key)}
    assert {i.key for i in view.invoices_panel.model.visible_items()} == open_invoices
    assert {ln.key for ln in view.lines_panel.model.visible_items()} == open_lines


def _rows(session: ReviewSession, state: MatchState) -> list[Any]:
    return [m for m in session.matches if m.state is state]


def test_the_panels_list_what_is_open_after_each_step_and_its_undo_and_redo(qtbot) -> None:
    session, view = _shown(qtbot)
    _agree(session, view)
    steps = [
        lambda: session.accept(_rows(session, MatchState.AUTO)),  # restated: none opens
        lambda: session.accept(_rows(session, MatchState.SUGGESTED)[:1]),  # its rival goes
        lambda: session.reject(_rows(session, MatchState.ACCEPTED)[:3]),  # theirs open
        lambda: session.unmatch(_rows(session, MatchState.ACCEPTED)),
        lambda: session.unmatch(_rows(session, MatchState.REJECTED)),
    ]
    for step in steps:
        step()
        _agree(session, view)
    stack = session.undo_stack
    while stack.canUndo():
        stack.undo()
        _agree(session, view)
    while stack.canRedo():
        stack.redo()
        _agree(session, view)
