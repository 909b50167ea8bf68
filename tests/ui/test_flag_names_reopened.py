"""A flagged decision's invoice the provider no longer returns is named by its number
after the workspace is reopened.

At the fetch that flagged it the window still held the invoice and named it by its
number (INV-00001); reopened, the window no longer holds it, and the review banner, the
flagged decisions' list and the steps taken there named it by the provider's id (ID-1),
which the accountant never decided by. The workspace keeps the invoice as it last held
it, the Audit sheet names it so, and now the window does too. The real window, engine
and workspace file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from desktop_app.domain import Decision, DecisionKind
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.flagged import FLAGGED_COLUMNS
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

DELETED = f.invoice(1, "250.00")  # INV-00001 (id ID-1), which Content Ignite stops returning
OTHER = f.invoice(2, "250.00")
PAYMENT = f.line(11, "-250.00", description="SUPPLIER")


def _accepted_then_deleted(workspace: Workspace) -> None:
    """An earlier sitting: the accountant accepted the payment as INV-00001's, and a fetch
    since found Content Ignite no longer returns it, flagging the decision."""
    workspace.record_decision(
        Decision(DecisionKind.ACCEPT, (DELETED.key,), (PAYMENT.key,), user="ann")
    )
    workspace.save_invoices("Content Ignite", [OTHER])


@pytest.fixture
def window(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: Any
) -> Iterator[MainWindow]:
    with matched_window(
        qtbot,
        qtmodeltester,
        runner,
        tmp_path,
        (DELETED, OTHER),
        (PAYMENT,),
        prepare=_accepted_then_deleted,
    ) as shown:
        yield shown


def test_the_review_banner_names_the_invoice_by_its_number(window: MainWindow) -> None:
    (banner,) = [b for b in window.banners.banners() if b.title == "1 decision needs review"]
    assert "Content Ignite INV-00001 (accepted): no longer returned by Content Ignite" in (
        banner.message
    )
    assert "ID-1" not in banner.message
    assert banner.details_text.startswith("Content Ignite INV-00001: accepted by ann")
    assert "ID-1" not in banner.details_text


def test_flagged_decisions_name_the_invoice_by_its_number_and_so_does_its_step(
    qtbot: Any, window: MainWindow, qtlog: Any
) -> None:
    window.flagged_action.trigger()
    dialog = window.flagged_dialog
    assert dialog is not None
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    model = dialog.model
    column = column_index(FLAGGED_COLUMNS, "invoice")
    assert [str(model.data(model.index(row, column))) for row in range(model.rowCount())] == [
        "Content Ignite INV-00001"
    ]
    (flagged,) = model.all_items()
    dialog.table.select_keys([flagged.pairing])
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    assert window.undo_action.text() == "Undo Unmatch Content Ignite INV-00001 (accepted)"
    assert model.rowCount() == 0
    del tester
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []
