"""Remove statement and the decisions flagged for review.

Two accepted decisions, each on its own statement, both flagged (their invoices changed
at the provider). Removing one statement withdraws the decision on its lines, and its
flag with it. Before, the "2 decisions need review" banner, the Reconcile toolbar's note
and Review ▸ Flagged decisions… went on naming the withdrawn one, and Keep on it recorded
it again, in force on a row of a file no longer in the workspace (which a corrected file
of that name imported later would hold another movement at). Now the removal refreshes the
flags, and Keep refuses a decision whose line is gone, saying why.
The real window, engine and workspace file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain import Decision, DecisionKind, Money
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import ReviewError
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs

INVOICES = (f.invoice(1, "150.00"), f.invoice(2, "250.00"))
ON_BANK = f.line(11, "-150.00", description="Payment INV-00001")
ON_LATER = f.line(5, "-250.00", source="later.csv", description="Payment INV-00002")


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def window(
    qtbot, runner: TaskRunner, tmp_path: Path, dialogs: ScriptedDialogs, event_loop_qt
) -> Iterator[MainWindow]:
    """Both decisions accepted, then both invoices' amounts changed at the provider."""
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", INVOICES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, (ON_BANK,))
        workspace.add_statement("later.csv", "1" * 64, {"format": "csv"}, (ON_LATER,))
        for invoice, paid in zip(INVOICES, (ON_BANK, ON_LATER), strict=True):
            workspace.record_decision(Decision(DecisionKind.ACCEPT, (invoice.key,), (paid.key,)))
        changed = [replace(i, gross=i.gross + Money.of("5.00", "GBP")) for i in INVOICES]
        workspace.save_invoices("Content Ignite", changed)
    with engine_window(qtbot, runner, tmp_path, dialogs, screen="reconcile") as window:
        open_and_match(qtbot, window, path)
        yield window


def _remove_later(qtbot, window: MainWindow, dialogs: ScriptedDialogs) -> None:
    view = window.statements
    window.show_screen("statements")
    view.file_combo.setCurrentIndex(view.file_combo.findData("later.csv"))
    dialogs.answers["confirm"] = deque([True])
    view.remove_button.click()
    qtbot.waitUntil(
        lambda: "later.csv" not in window.session.statements and not window.runner.active(),
        timeout=60_000,
    )


def _flag_banners(window: MainWindow) -> list[tuple[str, str]]:
    return [(b.title, b.message) for b in window.banners.banners() if "review" in b.title]


def test_a_removal_takes_the_withdrawn_decision_off_every_review_list(
    qtbot, window: MainWindow, dialogs: ScriptedDialogs
) -> None:
    assert window.reconcile.review_label.text() == "⚠ 2 decisions need review"
    assert [title for title, _ in _flag_banners(window)] == ["2 decisions need review"]

    _remove_later(qtbot, window, dialogs)

    assert window.reconcile.review_label.text() == "⚠ 1 decision needs review"
    ((title, message),) = _flag_banners(window)
    assert title == "1 decision needs review"
    assert "INV-00001" in message
    assert "INV-00002" not in message
    listed = window.show_flagged()
    assert [item.invoices for item in listed.model.all_items()] == ["Content Ignite INV-00001"]
    listed.close()


def test_keep_refuses_a_decision_its_statement_removal_withdrew(
    qtbot, window: MainWindow, dialogs: ScriptedDialogs
) -> None:
    """A list read before the removal (a Flagged decisions window left open, say) still
    holds the withdrawn decision: keeping it is refused, and nothing is recorded."""
    session = window.session
    (stale,) = [item for item in session.flagged_decisions() if "INV-00002" in item.invoices]
    _remove_later(qtbot, window, dialogs)
    services = window.services
    assert isinstance(services, EngineServices)
    before = services.decisions()

    with pytest.raises(ReviewError) as refused:
        session.keep_flagged([stale])

    assert str(refused.value) == (
        "Cannot keep Content Ignite INV-00002 (accepted): later.csv row 5 is no longer in "
        "the workspace; removing its statement withdrew the decision. Decide it again once "
        "the file is imported again."
    )
    assert services.decisions() == before
    assert all(ON_LATER.key not in d.line_keys for d in services.decisions())
    assert not window.undo_action.isEnabled()
