"""A rejected payment in two parts stays rejected; accepting it after all says so.

The engine matches INV-00017 (£1,300.00) to two instalments quoting it (rows 10 and 11).
The accountant rejects that match ("row 11 is not for 17"), matches row 10 to the
invoice by hand, and presses Match. The run proposed row 11 again as "the rest of
INV-00017 after bank.csv row 10", automatically, counted as reconciled: the pairing
just rejected. Pressing A on that row then recorded an accept of that very pairing
without a word, and the rejection silently went out of force.

Now row 11 stays open (its row says the accountant rejected it with row 10), and an
accept whose pairing contains a rejection in force asks first where the accountant did
not press A on the rejection itself; either way the decision's reason (the Audit
sheet's Reason) names the rejection it stands over. The real window, engine and
workspace; the screen an older run left (the rest row beside the rejection) through
the ``MemoryServices`` seam, whose run is the test's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Match,
    MatchState,
    Reconciliation,
    StatementLine,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import MemoryServices, ScriptedDialogs
from tests.ui.screens import export_banner, reconcile_after_a_run

OWED = f.invoice(17, "1300.00")
FIRST = f.line(10, "-650.00", description="INSTALMENT 1 INV-00017")
SECOND = f.line(11, "-650.00", description="INSTALMENT 2 INV-00017")
NOTE = "row 11 is not for 17"
REJECTED_AT = datetime(2026, 2, 3, 10, 15, tzinfo=UTC)
BOTH = "INV-00017 ↔ bank.csv:10, bank.csv:11"

Rows = list[tuple[MatchState, tuple[int, ...]]]


def _rows(window: MainWindow) -> Rows:
    """The Reconcile screen's rows: state and line rows."""
    return sorted((m.state, tuple(ln.row for ln in m.lines)) for m in window.session.matches)


def _row(window: MainWindow, state: MatchState) -> Match:
    return next(m for m in window.session.matches if m.state is state)


def _press(qtbot, window: MainWindow, match: Match, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(match)])
    qtbot.keyClick(view.table, key)


def _rerun(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, (OWED,), (FIRST, SECOND)) as shown:
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _reject_both_and_match_the_first_by_hand(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert _rows(window) == [(MatchState.AUTO, (10, 11))]  # paid in 2 parts
    view = window.reconcile
    view.table.select_keys([match_key(_row(window, MatchState.AUTO))])
    view.note.setText(NOTE)
    _press(qtbot, window, _row(window, MatchState.AUTO), Qt.Key.Key_R)
    view.invoices_panel.table.select_keys([OWED.key])
    view.lines_panel.table.select_keys([FIRST.key])
    dialogs_of(window, ScriptedDialogs).answers["confirm"] = deque([True])  # £650.00 short
    view.match_button.click()
    _rerun(qtbot, window)


def test_the_other_instalment_is_not_proposed_again_as_the_rest(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _reject_both_and_match_the_first_by_hand(qtbot, window)

    assert _rows(window) == [(MatchState.MANUAL, (10,)), (MatchState.REJECTED, (10, 11))]
    assert not window.session.index.line_reconciled(SECOND.key)
    assert (
        SECOND in window.reconcile.lines_panel.table.model().all_items()
    )  # open, to match by hand

    path = tmp_path / "report.xlsx"
    assert export_banner(qtbot, window, path).startswith("Report exported")
    book = load_workbook(path, read_only=True)
    matches = list(book["Matches"].iter_rows(values_only=True))
    row = matches[0].index("Row")
    assert [r[row] for r in matches[1:]] == [10]  # row 11 pays nothing
    sheet = list(book["Discrepancies"].iter_rows(values_only=True))
    kind, rows, explained = (sheet[0].index(h) for h in ("Type", "Row", "Explanation"))
    found = {(r[kind], r[rows]): r[explained] for r in sheet[1:]}
    assert set(found) == {("AMOUNT_MISMATCH", 10), ("UNMATCHED_PAYMENT", 11)}
    assert found["UNMATCHED_PAYMENT", 11] == (
        "the accountant rejected it, with bank.csv row 10 (2026-01-15, -£650.00), as the "
        "payment of INV-00017"
    )


def test_accepting_the_rejected_pair_after_all_names_the_rejection_overturned(
    qtbot, window: MainWindow
) -> None:
    """A on the Rejected row itself: no question (the row says it is rejected, and A's
    tooltip that accepting replaces the rejection), but the reason recorded says which
    rejection it overturns, and the Rejected row goes with it."""
    _reject_both_and_match_the_first_by_hand(qtbot, window)
    _press(qtbot, window, _row(window, MatchState.MANUAL), Qt.Key.Key_U)
    rejected = _row(window, MatchState.REJECTED)
    said = rejected.explanation.removesuffix(
        ". Matching does not propose it again; Unmatch withdraws the rejection."
    )
    assert said.startswith(f"Rejected by {window.session.user} on ")
    assert said.endswith(f": {NOTE}")

    _press(qtbot, window, rejected, Qt.Key.Key_A)

    assert _rows(window) == [(MatchState.ACCEPTED, (10, 11))]
    assert dialogs_of(window, ScriptedDialogs).answers["confirm"] == deque()  # none asked
    decisions = window.workflows._services.decisions()
    accepted = decisions[-1]
    assert (accepted.kind, sorted(k.row for k in accepted.line_keys)) == (
        DecisionKind.ACCEPT,
        [10, 11],
    )
    assert accepted.reason == f"overturns your rejection of {BOTH} (r{said[1:]})"
    assert not any(d.kind is DecisionKind.REJECT for d in decisions)  # out of force


# -- the screen an older run left: the rest of the part beside the rejection ------------


def _decided(kind: DecisionKind, *lines: StatementLine, reason: str = "") -> Decision:
    keys = tuple(line.key for line in lines)
    return Decision(kind, (OWED.key,), keys, reason, "ann", REJECTED_AT)


@pytest.fixture
def stale(qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt) -> Iterator[MainWindow]:
    """A run showing row 10 matched by hand and row 11 as its rest (completing it), with
    the two rejected together in force: the rows the tester's run showed."""
    part = f.match(OWED, FIRST, state=MatchState.MANUAL)
    rest = Match(
        invoices=(OWED,),
        lines=(SECOND,),
        score=0.75,
        signals=part.signals,
        explanation="the rest of INV-00017 after bank.csv row 10, matched by hand",
        completes=(FIRST.key,),
    )
    run = Reconciliation((OWED,), (FIRST, SECOND), (part, rest), ())
    services = MemoryServices(
        invoices=(OWED,),
        statements={"bank.csv": (FIRST, SECOND)},
        reconciliation=run,
        recorded=[
            _decided(DecisionKind.REJECT, FIRST, SECOND, reason=NOTE),
            _decided(DecisionKind.MANUAL_MATCH, FIRST),
        ],
    )
    session = ReviewSession(services.record_decision, services.undo_decision, user="bob")
    window = MainWindow(
        services, ScriptedDialogs(), runner, UiState(tmp_path / "ui.ini"), session=session
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    reconcile_after_a_run(qtbot, window)
    assert _rows(window) == [
        (MatchState.AUTO, (11,)),
        (MatchState.MANUAL, (10,)),
        (MatchState.REJECTED, (10, 11)),
    ]
    yield window
    window.close()


REJECTION = f"rejected by ann on 2026-02-03 10:15 UTC: {NOTE}"


def test_accepting_a_rest_that_makes_a_rejected_pairing_asks_first(
    qtbot, stale: MainWindow
) -> None:
    dialogs = dialogs_of(stale, ScriptedDialogs)
    services = stale.workflows._services
    assert isinstance(services, MemoryServices)
    before = _rows(stale)
    dialogs.answers["confirm"] = deque([False])

    _press(qtbot, stale, _row(stale, MatchState.AUTO), Qt.Key.Key_A)

    ((title, question),) = [args for name, args in dialogs.asked if name == "confirm"]
    assert title == "Accept over your rejection?"
    assert question == (
        f"Accepting INV-00017 ↔ bank.csv:11 pairs {BOTH}, which contains a pairing you "
        f"rejected: {BOTH} ({REJECTION}).\n\nGo ahead anyway? The audit trail records that "
        "your decision stands over the rejection; No leaves the rejection as it is and "
        "records nothing."
    )
    assert len(services.recorded) == 2  # nothing recorded
    assert _rows(stale) == before

    dialogs.answers["confirm"] = deque([True])
    _press(qtbot, stale, _row(stale, MatchState.AUTO), Qt.Key.Key_A)

    accepted = services.recorded[-1]
    assert (accepted.kind, sorted(k.row for k in accepted.line_keys)) == (
        DecisionKind.ACCEPT,
        [10, 11],
    )
    assert accepted.reason == f"overturns your rejection of {BOTH} ({REJECTION})"
    # one row for the pairing: the rejection it replaces goes with the part's row
    assert _rows(stale) == [(MatchState.ACCEPTED, (10, 11))]

    qtbot.keyClick(stale.reconcile.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(stale) == before


CHARGE = f.line(20, "-5.00", description="BANK CHARGE")


def test_matching_by_hand_over_a_rejected_part_says_so_without_asking(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """Rows 10 and 11 rejected together, then matched by hand with a third line: the
    pairing contains the rejected one, which stays in force beside it (the engine keeps
    both). Not asked (rejecting the engine's match is how its lines are freed to match
    by hand), but the decision's reason says which rejection it stands over."""
    lines = (FIRST, SECOND, CHARGE)
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, (OWED,), lines) as window:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        _press(qtbot, window, _row(window, MatchState.AUTO), Qt.Key.Key_R)
        view = window.reconcile
        view.invoices_panel.table.select_keys([OWED.key])
        view.lines_panel.table.select_keys([line.key for line in lines])

        view.match_button.click()  # £5.00 over is within the tolerance: nothing asked

        dialogs = dialogs_of(window, ScriptedDialogs)
        assert [name for name, _ in dialogs.asked if name == "confirm"] == []
        made = window.workflows._services.decisions()[-1]
        assert made.kind is DecisionKind.MANUAL_MATCH
        who = f"rejected by {window.session.user} on "
        assert made.reason.startswith(f"stands over your rejection of {BOTH} ({who}")
        assert made.reason.endswith("), which stays in force")
        assert _rows(window) == [
            (MatchState.MANUAL, (10, 11, 20)),
            (MatchState.REJECTED, (10, 11)),
        ]
