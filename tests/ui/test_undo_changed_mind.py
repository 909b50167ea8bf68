"""Undo steps back over every decision, when the accountant changed their mind twice.

Reject a suggestion, withdraw the rejection (U), accept it, then Ctrl+Z: the first undo
worked, and every later one was refused ("it is no longer the latest decision on that
match"), each keypress stacking another identical banner, so nothing older could be
undone. The withdrawal's undo took the UNMATCH the accept's own undo had appended for a
decision made since; and undoing a withdrawal puts the decision back as a new entry,
which the step below still named by its old one. Now each Ctrl+Z steps back one
decision until the history is empty, Ctrl+Shift+Z forward again, the workspace agrees
with the screen at each step, and reopened it shows what the undos left.

Unmatching an accepted suggestion now gives the suggestion back, pending, as withdrawing
a rejection does, where the invoice had no row until matching ran again. The real
window, engine and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, MatchState
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, matched_window, open_and_match
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import decide, row_of

# INV-00001 is paid by a transfer of its amount that names nothing: the engine suggests
# it. INV-00002 is paid quoting its number: the engine matches it outright.
INVOICES = (f.invoice(1, "450.00"), f.invoice(2, "700.00"))
LINES = (
    f.line(11, "-450.00", description="TRANSFER"),
    f.line(12, "-700.00", description="Payment INV-00002"),
)
KEYS = {"A": Qt.Key.Key_A, "R": Qt.Key.Key_R, "U": Qt.Key.Key_U}
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        assert row_of(shown.session, 1).state is MatchState.SUGGESTED
        yield shown


def _state(window: MainWindow) -> MatchState | None:
    return window.session.invoice_state(INVOICES[0].key)


def _in_force(window: MainWindow) -> list[DecisionKind]:
    """The decisions the workspace holds in force on INV-00001."""
    services = window.services
    assert isinstance(services, EngineServices)
    return [d.kind for d in services.decisions() if INVOICES[0].key in d.invoice_keys]


def _banners(window: MainWindow) -> list[str]:
    return [f"{b.title}: {b.message}" for b in window.banners.banners()]


def _press(qtbot, window: MainWindow, key: str) -> None:  # type: ignore[no-untyped-def]
    """A, R or U on INV-00001's row; Z is Ctrl+Z, Y is Ctrl+Shift+Z (on the table)."""
    if key in KEYS:
        decide(qtbot, window, 1, KEYS[key])
        return
    table = window.reconcile.table
    table.setFocus()
    modifiers = CTRL if key == "Z" else CTRL | SHIFT
    qtbot.keyClick(table, Qt.Key.Key_Z, modifiers)


# What INV-00001's row shows, and what the workspace holds in force on it, after each key.
SUGGESTED = (MatchState.SUGGESTED, [])
REJECTED = (MatchState.REJECTED, [DecisionKind.REJECT])
ACCEPTED = (MatchState.ACCEPTED, [DecisionKind.ACCEPT])


@pytest.mark.parametrize(
    ("keys", "after"),
    [
        pytest.param(
            "RUAZZZ",
            [REJECTED, SUGGESTED, ACCEPTED, SUGGESTED, REJECTED, SUGGESTED],
            id="reject-withdraw-accept",
        ),
        pytest.param("RUZZ", [REJECTED, SUGGESTED, REJECTED, SUGGESTED], id="reject-withdraw"),
        pytest.param("AUZZ", [ACCEPTED, SUGGESTED, ACCEPTED, SUGGESTED], id="accept-unmatch"),
    ],
)
def test_each_undo_steps_back_one_decision_until_none_is_left(
    qtbot, window: MainWindow, keys: str, after: list[tuple[MatchState, list[DecisionKind]]]
) -> None:
    for key, expected in zip(keys, after, strict=True):
        _press(qtbot, window, key)
        assert (_state(window), _in_force(window)) == expected, key

    assert _banners(window) == []
    assert not window.session.undo_stack.canUndo()
    _press(qtbot, window, "Z")  # nothing left to undo: nothing happens
    assert _banners(window) == []


def test_redo_steps_forward_again_and_undo_back_again(qtbot, window: MainWindow) -> None:
    for key in "RUA":
        _press(qtbot, window, key)
    for _ in range(3):
        _press(qtbot, window, "Z")

    seen = []
    for _ in range(3):
        _press(qtbot, window, "Y")
        seen.append((_state(window), _in_force(window)))
    assert seen == [REJECTED, SUGGESTED, ACCEPTED]
    seen = []
    for _ in range(3):
        _press(qtbot, window, "Z")
        seen.append((_state(window), _in_force(window)))
    assert seen == [SUGGESTED, REJECTED, SUGGESTED]
    assert _banners(window) == []


def test_reopened_the_workspace_shows_what_the_undos_left(
    qtbot, window: MainWindow, runner: TaskRunner, tmp_path: Path
) -> None:
    for key in "RUAZZ":  # back to the rejection
        _press(qtbot, window, key)
    assert _state(window) is MatchState.REJECTED
    services = window.services
    assert isinstance(services, EngineServices)
    path = services.workspace_path()
    assert path is not None
    window.close()
    services.workspace.close()

    again = tmp_path / "again"
    again.mkdir()
    with engine_window(qtbot, runner, again, ScriptedDialogs(), screen="reconcile") as reopened:
        open_and_match(qtbot, reopened, path)
        assert _state(reopened) is MatchState.REJECTED
        assert _in_force(reopened) == [DecisionKind.REJECT]
        assert row_of(reopened.session, 2).state is MatchState.AUTO


def test_unmatching_an_accepted_suggestion_gives_the_suggestion_back(
    qtbot, window: MainWindow
) -> None:
    proposed = row_of(window.session, 1)
    _press(qtbot, window, "A")
    _press(qtbot, window, "U")

    back = row_of(window.session, 1)
    assert back.state is MatchState.SUGGESTED
    assert (back.explanation, back.score) == (proposed.explanation, proposed.score)
    assert window.reconcile.model.row_of(match_key(back)) is not None
    assert _in_force(window) == []
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()  # the next run proposes it just so
    assert row_of(window.session, 1).state is MatchState.SUGGESTED


def test_an_undo_refused_again_and_again_says_so_once(qtbot, window: MainWindow) -> None:
    """The accept was withdrawn since, straight in the workspace (as a removal does):
    each Ctrl+Z is refused, in one banner, not one more per keypress."""
    proposed = row_of(window.session, 1)
    _press(qtbot, window, "A")
    services = window.services
    assert isinstance(services, EngineServices)
    services.workspace.workspace.record_decision(
        Decision(DecisionKind.UNMATCH, proposed.invoice_keys, proposed.line_keys)
    )

    for _ in range(3):
        _press(qtbot, window, "Z")

    (said,) = _banners(window)
    assert said.startswith("Decision not saved: “Undo: Accept INV-00001")
