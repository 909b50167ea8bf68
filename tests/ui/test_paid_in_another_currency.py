"""Invoices paid in a currency they are not agreed to be settled in, as the window shows
them: the Overview's "matched" counts only money received in the invoice's currency and
says the rest beside it; the Discrepancies screen totals a currency mismatch by its
difference in each currency, as every other group by its difference, and the report's
Summary by the same rule.

The explorer's Overview said "matched £5,586.63", counting EL-2025-00180 at its full
£1,264.26 where £600 and €780 were received, and EL-2025-00177 at £215.72 where $290 was;
the CURRENCY_MISMATCH group's Totals was the £1,479.98 invoiced, and the €780 and $290
were shown nowhere. Through the real window, the real engine and a real workspace file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain import Direction
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.matching.builders import invoice, line
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs

INVOICES = (
    invoice("EL-2025-00180", "1264.26"),
    invoice("EL-2025-00177", "215.72"),
    invoice("EL-2025-00166", "451.67"),
)
LINES = (
    line("600.00", "SIGMA GBP part EL-2025-00180", row=6, day=date(2025, 3, 8)),
    line("780.00", "SIGMA EUR part EL-2025-00180", row=7, day=date(2025, 3, 9), currency="EUR"),
    line("290.00", "UPSILON EL-2025-00177", row=9, day=date(2025, 3, 13), currency="USD"),
    line("451.67", "PHI EL-2025-00166", row=10, day=date(2025, 3, 15)),
)


def _workspace(tmp_path: Path) -> Path:
    path = tmp_path / "abroad.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Elevate", INVOICES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, LINES)
    return path


def _cells(model, keys: tuple[str, ...]) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    columns = [column_index(model.columns, key) for key in keys]
    return [
        tuple(model.index(row, column).data() for column in columns)
        for row in range(model.rowCount())
    ]


def test_matched_counts_money_received_in_the_invoices_currency(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    path = _workspace(tmp_path)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="overview") as window:
        open_and_match(qtbot, window, path)
        view = window.overview
        assert view.currency_combo.currentData() == "GBP"
        assert view.direction_combo.currentData() == Direction.RECEIVABLE.value
        # £600.00 of EL-2025-00180, nothing of EL-2025-00177 in pounds, £451.67 in full
        assert view.totals_label.text() == (
            "Invoiced £1,931.65 · matched £1,051.67 · "
            "also paid in another currency €780.00 · $290.00"
        )


def test_a_currency_mismatch_is_totalled_by_its_difference_in_each_currency(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    path = _workspace(tmp_path)
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), screen="discrepancies"
    ) as window:
        view = window.discrepancies
        qtmodeltester.check(view.groups_model)
        qtmodeltester.check(view.model)
        open_and_match(qtbot, window, path)
        assert _cells(view.groups_model, ("type", "count", "totals")) == [
            # -£664.26 and -£215.72 short in pounds; €780.00 and $290.00 received
            ("CURRENCY_MISMATCH", "2", "€780.00 · -£879.98 · $290.00"),
        ]
        assert sorted(_cells(view.model, ("invoice", "paid", "difference"))) == [
            ("EL-2025-00177", "$290.00", "-£215.72 + $290.00"),
            ("EL-2025-00180", "£600.00 + €780.00", "-£664.26 + €780.00"),
        ]
