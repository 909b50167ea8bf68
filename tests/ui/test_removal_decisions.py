"""Removing a statement says, before asking, how many of the accountant's decisions on its
lines are withdrawn and what they were (accepted, matched by hand, rejected), or that none
is; afterwards a banner that stays until dismissed says what was withdrawn (before, the
question spoke of decisions in general and only an 8-second status message counted them).
The real window, engine and workspace file."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3, 4))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))


def _decided(kind: DecisionKind, invoice: int, row: int, source: str = "bank.csv") -> Decision:
    line = next(line for line in LINES if line.row == row)
    key = line.key if source == "bank.csv" else f.line(row, source=source).key
    return Decision(kind, (INVOICES[invoice - 1].key,), (key,), user="alice")


@pytest.fixture
def app(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[tuple[MainWindow, ScriptedDialogs]]:
    dialogs = ScriptedDialogs()
    with engine_window(
        qtbot, runner, tmp_path, dialogs, qtmodeltester=qtmodeltester, checked=("statements",)
    ) as window:
        yield window, dialogs


def _workspace(tmp_path: Path, *decisions: Decision, later: tuple = ()) -> Path:
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", INVOICES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, LINES)
        if later:
            workspace.add_statement("later.csv", "1" * 64, {"format": "csv"}, later)
        for decision in decisions:
            workspace.record_decision(decision)
    return path


def _remove_bank(qtbot, window: MainWindow, dialogs: ScriptedDialogs) -> str:
    """Ask to remove bank.csv, decline, then again and confirm; the question asked."""
    view = window.statements
    window.show_screen("statements")
    view.file_combo.setCurrentIndex(view.file_combo.findData("bank.csv"))
    dialogs.answers["confirm"] = deque([False, True])
    view.remove_button.click()  # asked once its decisions are read, off the GUI thread
    qtbot.waitUntil(lambda: any(a[0] == "confirm" for a in dialogs.asked), timeout=60_000)
    (_, (_, question)) = [a for a in dialogs.asked if a[0] == "confirm"][-1]
    assert window.session.lines  # declined: nothing removed
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        view.remove_button.click()
    return str(question)


def test_the_question_counts_the_decisions_withdrawn_and_a_banner_says_what_was(
    qtbot, app: tuple[MainWindow, ScriptedDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = _workspace(
        tmp_path,
        _decided(DecisionKind.ACCEPT, 1, 11),
        _decided(DecisionKind.MANUAL_MATCH, 4, 12),
        _decided(DecisionKind.REJECT, 3, 13),
    )
    open_and_match(qtbot, window, path)
    messages: list[str] = []
    window.workflows.message.connect(messages.append)

    question = _remove_bank(qtbot, window, dialogs)

    assert question == (
        "Remove bank.csv and its 3 lines from this workspace?\n\n"
        "3 decisions on its lines (1 accepted, 1 matched by hand, 1 rejected) will be "
        "withdrawn; the audit trail keeps them. Movements another imported statement also "
        "holds stay, under that statement. You can then import the file again, with a "
        "corrected layout."
    )
    (banner,) = window.banners.banners()
    assert (banner.level, banner.title) == ("info", "Removed bank.csv")
    assert banner.message == (
        "3 decisions on its lines (1 accepted, 1 matched by hand, 1 rejected) were "
        "withdrawn: decide them again once the file is imported again; the audit trail "
        "keeps them."
    )
    assert "Removed bank.csv and 3 decisions withdrawn." in messages
    qtbot.wait(50)
    assert window.banners.banners() == [banner]  # until dismissed
    banner.close_button.click()
    assert window.banners.banners() == []


def test_with_no_decision_on_its_lines_the_question_says_none_and_no_banner_follows(
    qtbot, app: tuple[MainWindow, ScriptedDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    on_another = Decision(
        DecisionKind.ACCEPT, (INVOICES[3].key,), (f.line(2, source="later.csv").key,)
    )
    path = _workspace(tmp_path, on_another, later=(f.line(2, "-450.00", source="later.csv"),))
    open_and_match(qtbot, window, path)

    question = _remove_bank(qtbot, window, dialogs)

    assert (
        "No decision of yours (accepted, matched by hand or rejected) is on its lines, so "
        "none is withdrawn." in question
    )
    assert "audit trail" not in question
    assert window.banners.banners() == []


def test_a_decision_on_a_movement_another_statement_holds_is_said_to_go_with_it(
    qtbot, app: tuple[MainWindow, ScriptedDialogs], tmp_path: Path
) -> None:
    """later.csv repeats bank.csv's row 11: the acceptance on it goes to later.csv's copy,
    which the question says it does (none is withdrawn) and the banner says it did."""
    window, dialogs = app
    copy = replace(LINES[0], source_file="later.csv", row=5)  # the same movement
    path = _workspace(tmp_path, _decided(DecisionKind.ACCEPT, 1, 11), later=(copy,))
    open_and_match(qtbot, window, path)

    question = _remove_bank(qtbot, window, dialogs)

    assert (
        "Movements another imported statement also holds stay, under that statement. "
        "1 decision on its lines (1 accepted) is on such a movement: it goes with it. "
        "None is withdrawn." in question
    )
    assert "will be withdrawn" not in question
    (banner,) = window.banners.banners()
    assert banner.message == "1 decision moved with the movements later.csv also holds."
    services = window.services
    assert isinstance(services, EngineServices)
    assert [d.line_keys for d in services.decisions()] == [(copy.key,)]


def test_the_question_counts_exactly_the_decisions_that_go_with_shared_movements(
    qtbot, app: tuple[MainWindow, ScriptedDialogs], tmp_path: Path
) -> None:
    """later.csv repeats rows 11 and 12; a match of the accountant's is already on its
    copy of row 12 (made before it repeated bank.csv, say). The acceptance on row 11 goes
    with its movement; that on row 12 would overrule the match there, so it is withdrawn,
    as is the rejection on row 13, which only bank.csv holds. The question says so before,
    in the counts the banner gives after; it used to count both acceptances as going with
    their movements "where they can", and all three as withdrawn."""
    window, dialogs = app
    copies = tuple(replace(LINES[i], source_file="later.csv", row=5 + i) for i in (0, 1))
    on_the_copy = Decision(
        DecisionKind.MANUAL_MATCH, (INVOICES[3].key,), (copies[1].key,), user="bob"
    )
    path = _workspace(
        tmp_path,
        on_the_copy,
        _decided(DecisionKind.ACCEPT, 1, 11),
        _decided(DecisionKind.ACCEPT, 2, 12),
        _decided(DecisionKind.REJECT, 3, 13),
        later=copies,
    )
    open_and_match(qtbot, window, path)

    question = _remove_bank(qtbot, window, dialogs)

    assert question == (
        "Remove bank.csv and its 3 lines from this workspace?\n\n"
        "2 decisions on its lines (1 accepted, 1 rejected) will be withdrawn; the audit "
        "trail keeps them. Movements another imported statement also holds stay, under that "
        "statement. 1 more decision (1 accepted) is on such a movement: it goes with it. "
        "You can then import the file again, with a corrected layout."
    )
    # The match on the copy, whose movement bank.csv's row stood for, was not applied by
    # the run before the removal: its banner says so beside this one.
    (banner,) = [b for b in window.banners.banners() if b.title == "Removed bank.csv"]
    assert banner.message == (
        "2 decisions on its lines (1 accepted, 1 rejected) were withdrawn: decide them again "
        "once the file is imported again; the audit trail keeps them. 1 decision moved with "
        "the movements later.csv also holds."
    )
    services = window.services
    assert isinstance(services, EngineServices)
    assert {(d.kind, d.line_keys) for d in services.decisions()} == {
        (DecisionKind.MANUAL_MATCH, (copies[1].key,)),
        (DecisionKind.ACCEPT, (copies[0].key,)),
    }
