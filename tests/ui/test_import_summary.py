"""Before Import is pressed the wizard says what it would bring in: the lines and their
dates, the money in and out per currency, the balances the file states and whether they
tie, and the rows skipped and noted. Worked out on a worker with the preview, and again
with each correction made in the wizard, so the summary is always of the import as set.
Real files (openpyxl, csv, real CAMT statements), the real wizard, window and engine."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend import statement_backend
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.dialogs.import_wizard import (
    NOTHING_MAPPED,
    ROLES_LEFT,
    WORKING_OUT,
    ImportWizard,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.preview import NO_ROLE
from desktop_app.ui.services import ImportSummary
from desktop_app.ui.tasks import TaskRunner
from tests.conftest import SHARED_REALDATA, needs_realdata
from tests.statements.summary_files import mixed_workbook, running_csv
from tests.ui.engine_window import WizardDialogs, engine_window, import_with_wizard
from tests.ui.test_map_by_hand import SPARSE_AMOUNTS, _csv, _set_role

RUNNING_AS_READ = (
    "4 lines, from 2 Mar 2024 to 6 Mar 2024.\n"
    "No currency stated (4 lines): money in 2,600.00, money out 804.50.\n"
    "Opening balance 1,000.00 → closing 2,795.50: ties (opening + movements = closing).\n"
    "1 row skipped: each is listed after the import."
)
RUNNING_IN_POUNDS = (
    "4 lines, from 2 Mar 2024 to 6 Mar 2024.\n"
    "Money in £2,600.00, money out £804.50.\n"
    "Opening balance £1,000.00 → closing £2,795.50: ties (opening + movements = closing).\n"
    "1 row skipped: each is listed after the import."
)
RUNNING_IN_POUNDS_INVERTED = (
    "4 lines, from 2 Mar 2024 to 6 Mar 2024.\n"
    "Money in £804.50, money out £2,600.00.\n"
    "Opening balance -£1,000.00 → closing -£2,795.50: ties (opening + movements = closing).\n"
    "1 row skipped: each is listed after the import."
)


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


@pytest.fixture
def app(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    dialogs = WizardDialogs(qtbot, qtmodeltester)
    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        yield window, dialogs


def _wizard(qtbot: Any, backend: StatementBackend, path: Path) -> ImportWizard:
    wizard = ImportWizard(backend.preview(path))
    qtbot.addWidget(wizard)
    wizard.open()
    return wizard


def _summary(qtbot: Any, wizard: ImportWizard) -> str:
    """The summary once the reading a correction asked for has come back."""
    label = wizard.summary_label
    qtbot.waitUntil(lambda: label.text() != WORKING_OUT, timeout=30_000)
    assert label.isVisibleTo(wizard)
    return label.text()


class _SummariesOnGuiThread:
    """Counts the summaries worked out on the GUI thread and on workers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gui = self.workers = 0
        made = statement_backend.import_summary

        def counted(result: Any) -> ImportSummary:
            if threading.current_thread() is threading.main_thread():
                self.gui += 1
            else:
                self.workers += 1
            return made(result)

        monkeypatch.setattr(statement_backend, "import_summary", counted)


def test_the_wizard_says_what_a_workbook_brings_in_before_import(
    qtbot: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """Pounds and euros each their own; the balances bridged in pounds, the euro lines
    said to be left out; the row whose amount does not read counted as skipped."""
    wizard = _wizard(qtbot, backend, mixed_workbook(tmp_path))
    assert _summary(qtbot, wizard) == (
        "5 lines, from 1 Mar 2024 to 28 Mar 2024.\n"
        "EUR (2 lines): money in €45.10, money out €310.55.\n"
        "GBP (3 lines): money in £2,500.00, money out £1,203.40.\n"
        "Opening balance £1,000.50 → closing £2,297.10: ties (opening + movements = "
        "closing); 2 lines in another currency are not counted.\n"
        "1 row skipped: each is listed after the import."
    )


@needs_realdata
def test_a_real_camt_statement_is_summed_and_bridged_in_the_wizard(
    qtbot: Any, backend: StatementBackend
) -> None:
    wizard = _wizard(qtbot, backend, SHARED_REALDATA / "camt" / "ch-raiffeisen-camt053-v04.xml")
    assert _summary(qtbot, wizard) == (
        "16 lines, from 1 Apr 2017 to 11 Apr 2017.\n"
        "Money in CHF 368.00, money out CHF 4,047.85.\n"
        "Opening balance CHF 9,433.31 → closing CHF 5,753.46: ties (opening + movements = "
        "closing).\n"
        "No row skipped, nothing to note."
    )


def test_the_summary_follows_each_correction_worked_out_off_the_gui_thread(
    qtbot: Any,
    app: tuple[MainWindow, WizardDialogs],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, dialogs = app
    summaries = _SummariesOnGuiThread(monkeypatch)
    path = running_csv(tmp_path)

    def correct(wizard: ImportWizard) -> None:
        assert _summary(qtbot, wizard) == RUNNING_AS_READ
        wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("GBP"))
        assert wizard.summary_label.text() == WORKING_OUT
        assert _summary(qtbot, wizard) == RUNNING_IN_POUNDS
        wizard.invert_check.setChecked(True)
        assert _summary(qtbot, wizard) == RUNNING_IN_POUNDS_INVERTED
        # Back as the file was read: the preview's own summary, with nothing read again.
        asked = summaries.workers
        wizard.invert_check.setChecked(False)
        wizard.currency_combo.setCurrentIndex(0)
        assert wizard.summary_label.text() == RUNNING_AS_READ
        wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("GBP"))
        assert _summary(qtbot, wizard) == RUNNING_IN_POUNDS
        assert summaries.workers == asked + 1

    import_with_wizard(qtbot, window, dialogs, path, correct)
    assert [(str(line.amount), line.currency) for line in window.session.lines] == [
        ("100.00", "GBP"),
        ("-800.00", "GBP"),
        ("2500.00", "GBP"),
        ("-4.50", "GBP"),
    ]
    assert summaries.gui == 0
    assert summaries.workers == 4  # the preview, then GBP, inverted and GBP again


def test_a_correction_the_file_refuses_is_said_in_place_of_the_summary(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = running_csv(tmp_path)

    def ignore_then_restore(wizard: ImportWizard) -> None:
        _set_role(wizard, 2, NO_ROLE)
        assert _summary(qtbot, wizard) == (
            "As now set, nothing would be imported: running.csv: no transactions found (no "
            "column holds amounts on the dated rows)"
        )
        _set_role(wizard, 2, "amount")
        assert _summary(qtbot, wizard) == RUNNING_AS_READ

    import_with_wizard(qtbot, window, dialogs, path, ignore_then_restore)
    assert len(window.session.lines) == 4


def test_a_file_mapped_by_hand_is_summarised_as_its_columns_are_given_roles(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = _csv(tmp_path, "bank.csv", SPARSE_AMOUNTS)

    def map_it(wizard: ImportWizard) -> None:
        assert wizard.not_detected_label.isVisibleTo(wizard)
        # the header row and the dates detection found are set: the rest is to give
        assert _summary(qtbot, wizard) == ROLES_LEFT
        wizard.header_spin.setValue(0)
        _set_role(wizard, 0, NO_ROLE)
        assert _summary(qtbot, wizard) == NOTHING_MAPPED
        wizard.header_spin.setValue(1)
        assert _summary(qtbot, wizard).startswith(
            "As now set, nothing would be imported: bank.csv: no transactions found ("
        )
        for column, role in enumerate(("date", "description", "amount")):
            _set_role(wizard, column, role)
        assert _summary(qtbot, wizard) == (
            "2 lines, from 2 Jan 2024 to 3 Jan 2024.\n"
            "No currency stated (2 lines): no money in, money out 804.50.\n"
            "The file states no opening or closing balance.\n"
            "1 row skipped: each is listed after the import."
        )

    import_with_wizard(qtbot, window, dialogs, path, map_it)
    assert sorted(str(line.amount) for line in window.session.lines) == ["-4.50", "-800.00"]


def test_a_reopened_wizard_summarises_the_choices_it_kept(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    """An import the file refused reopens the wizard on the detected preview with the
    accountant's choices kept: its summary is of those choices, not of the detection."""
    window, dialogs = app
    path = running_csv(tmp_path)

    def ignore_the_amounts(wizard: ImportWizard) -> bool:
        _set_role(wizard, 2, NO_ROLE)
        wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("GBP"))
        return True

    def put_them_back(wizard: ImportWizard) -> bool:
        assert wizard.refused_label.isVisibleTo(wizard)
        assert _summary(qtbot, wizard).startswith("As now set, nothing would be imported: ")
        _set_role(wizard, 2, "amount")
        assert _summary(qtbot, wizard) == RUNNING_IN_POUNDS
        return True

    import_with_wizard(qtbot, window, dialogs, path, ignore_the_amounts, put_them_back)
    assert dialogs.reviews() == 2
    assert {line.currency for line in window.session.lines} == {"GBP"}


def test_saving_the_reading_as_a_profile_is_no_change_of_reading(
    qtbot: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    """Ticking Save (and naming the profile) spells out the detected roles: the same
    reading, so the summary stays as the file was read (in the window, a change of
    reading reads the whole file again)."""
    preview = replace(backend.preview(running_csv(tmp_path)), profiles_saved=True)
    wizard = ImportWizard(preview)
    qtbot.addWidget(wizard)
    wizard.open()
    assert _summary(qtbot, wizard) == RUNNING_AS_READ

    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Running bank")

    assert wizard.save_check.isEnabled()
    assert wizard.summary_label.text() == RUNNING_AS_READ  # not "as the file was read, before"
    assert wizard.value().profile_name == "Running bank"
