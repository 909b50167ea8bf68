"""Keep in "Flagged decisions" with a decision reviewed and kept already in the selection.

"Show decisions reviewed and kept too" lists the kept decisions (their invoices no longer
returned) an accountant reviewed and kept, beside those still flagged. Keep was enabled
while any row selected was still flagged, yet ``ReviewSession.keep_flagged`` refuses the
whole selection when one of them was reviewed and kept already: Keep was offered only to
be refused. It is now off for such a selection (``review_flags.can_keep``), and K with it;
the refusal, where the session is asked all the same, names them in the right number.
The real window, engine, workspace file and dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from desktop_app.domain import Decision, DecisionKind, Money
from desktop_app.ui.dialogs.flagged_dialog import FlaggedDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import ReviewError
from desktop_app.ui.review_flags import FlaggedDecision
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.landed import landed

GONE = f.invoice(1, "250.00")  # INV-00001, which Content Ignite then stops returning
ALSO_GONE = f.invoice(2, "120.00")  # INV-00002, likewise
CHANGED = f.invoice(3, "80.00")  # INV-00003, whose amount then changes
LINES = (
    f.line(11, "-250.00", description="SUPPLIER"),
    f.line(12, "-120.00", description="OTHER SUPPLIER"),
    f.line(13, "-80.00", description="THIRD SUPPLIER"),
)


def _accepted_then_two_gone_one_changed(workspace: Workspace) -> None:
    for item, paid in zip((GONE, ALSO_GONE, CHANGED), LINES, strict=True):
        workspace.record_decision(
            Decision(DecisionKind.ACCEPT, (item.key,), (paid.key,), user="ann")
        )
    changed = replace(CHANGED, gross=Money.of("85.00", "GBP"))
    workspace.save_invoices("Content Ignite", [changed])  # INV-00001 and -00002 gone


@pytest.fixture
def window(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> Iterator[MainWindow]:
    with matched_window(
        qtbot,
        qtmodeltester,
        runner,
        tmp_path,
        (GONE, ALSO_GONE, CHANGED),
        LINES,
        prepare=_accepted_then_two_gone_one_changed,
    ) as shown:
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


@pytest.fixture
def dialog(qtbot: Any, window: MainWindow, qtlog: Any) -> Iterator[FlaggedDialog]:
    """The list with both gone decisions reviewed and kept (K), then "Show decisions
    reviewed and kept too" ticked: the changed one flagged, the two kept beside it."""
    window.flagged_action.trigger()
    shown = window.flagged_dialog
    assert shown is not None
    qtbot.waitExposed(shown)
    tester = QAbstractItemModelTester(
        shown.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    shown.table.select_keys([d.pairing for d in _named(shown, "INV-00001", "INV-00002")])
    _press(qtbot, shown, Qt.Key.Key_K)
    landed(qtbot, window)  # two decisions: saved in the background
    assert [d.invoices for d in shown.model.all_items()] == ["Content Ignite INV-00003"]
    shown.show_kept.setChecked(True)
    yield shown
    del tester
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []


def _named(dialog: FlaggedDialog, *numbers: str) -> list[FlaggedDecision]:
    return [d for d in dialog.model.all_items() if d.invoices.endswith(numbers)]


def _press(qtbot: Any, dialog: FlaggedDialog, key: Qt.Key) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, key)


def test_keep_is_off_for_a_selection_holding_a_decision_reviewed_and_kept(
    qtbot: Any, window: MainWindow, dialog: FlaggedDialog
) -> None:
    listed = dialog.model.all_items()
    assert sorted((d.invoices, d.reviewed) for d in listed) == [
        ("Content Ignite INV-00001", True),
        ("Content Ignite INV-00002", True),
        ("Content Ignite INV-00003", False),
    ]
    steps = window.session.undo_stack.count()
    dialog.table.select_keys([d.pairing for d in _named(dialog, "INV-00003", "INV-00001")])
    assert len(dialog.table.selected_items()) == 2
    assert not dialog.keep_button.isEnabled()
    assert not dialog.keep_action.isEnabled()
    assert dialog.withdraw_button.isEnabled()  # withdrawing them both is still offered

    _press(qtbot, dialog, Qt.Key.Key_K)
    assert window.session.undo_stack.count() == steps  # nothing kept
    assert dialog.problem.text() == ""  # nor offered and then refused
    assert [d.invoices for d in _named(dialog, "INV-00003")] == ["Content Ignite INV-00003"]
    assert not _named(dialog, "INV-00003")[0].reviewed  # still flagged

    dialog.table.select_keys([d.pairing for d in _named(dialog, "INV-00003")])
    assert dialog.keep_button.isEnabled()  # the flagged one alone is kept
    _press(qtbot, dialog, Qt.Key.Key_K)
    assert window.session.undo_stack.count() == steps + 1
    assert all(d.reviewed for d in dialog.model.all_items())


def test_keeping_decisions_reviewed_and_kept_is_refused_in_their_number(
    window: MainWindow, dialog: FlaggedDialog
) -> None:
    """Asked all the same (the dialog no longer does), the session refuses them for
    being reviewed and kept already (not, as it did, for their invoices no longer being
    in the workspace, which it checked first); the message's verb and pronouns agree
    with how many it names."""
    both = _named(dialog, "INV-00001", "INV-00002")
    with pytest.raises(ReviewError) as refused:
        window.session.keep_flagged(both)
    assert str(refused.value) == (
        "Content Ignite INV-00001 (accepted) and Content Ignite INV-00002 (accepted) were "
        "reviewed and kept already; withdraw them, or leave them as they stand"
    )
    with pytest.raises(ReviewError) as refused:
        window.session.keep_flagged(both[:1])
    assert str(refused.value) == (
        "Content Ignite INV-00001 (accepted) was reviewed and kept already; withdraw it, "
        "or leave it as it stands"
    )
