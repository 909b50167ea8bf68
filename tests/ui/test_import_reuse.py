"""Import after a correction in the wizard brings in the lines its summary was worked out
from, without reading the file again, unless the file changed meanwhile. The real window,
wizard, task runner and engine; parses counted where the backend hands the file to the
engine (``Parses``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.statements.summary_files import running_csv
from tests.ui.engine_window import WizardDialogs, engine_window, import_with_wizard
from tests.ui.test_import_summary import RUNNING_AS_READ, RUNNING_IN_POUNDS, _summary
from tests.ui_backend.test_read_reuse import RUNNING_CHANGED, Parses, rewrite_keeping_size_and_time


@pytest.fixture
def app(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    dialogs = WizardDialogs(qtbot)
    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        yield window, dialogs


def _in_pounds(qtbot: Any, wizard: ImportWizard) -> None:
    """Set the currency, and wait for the summary's reading with it."""
    assert _summary(qtbot, wizard) == RUNNING_AS_READ
    wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("GBP"))
    assert _summary(qtbot, wizard) == RUNNING_IN_POUNDS


def test_import_after_a_correction_does_not_read_the_file_again(
    qtbot: Any,
    app: tuple[MainWindow, WizardDialogs],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, dialogs = app
    parses = Parses(monkeypatch)
    path = running_csv(tmp_path)

    import_with_wizard(qtbot, window, dialogs, path, lambda wizard: _in_pounds(qtbot, wizard))

    # The preview's detection and the summary's reading in pounds; Import read nothing.
    assert len(parses) == 2
    assert [(str(line.amount), line.currency) for line in window.session.lines] == [
        ("100.00", "GBP"),
        ("-800.00", "GBP"),
        ("2500.00", "GBP"),
        ("-4.50", "GBP"),
    ]


def test_a_file_changed_after_the_summary_is_imported_as_it_is_now(
    qtbot: Any,
    app: tuple[MainWindow, WizardDialogs],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Changed on disk while the wizard was open, at the same size and modification time:
    Import reads it again, and brings in what it holds now."""
    window, dialogs = app
    parses = Parses(monkeypatch)
    path = running_csv(tmp_path)

    def correct_then_change(wizard: ImportWizard) -> None:
        _in_pounds(qtbot, wizard)
        rewrite_keeping_size_and_time(path, RUNNING_CHANGED)

    import_with_wizard(qtbot, window, dialogs, path, correct_then_change)
    assert len(parses) > 2
    assert [line.description for line in window.session.lines][-1] == "Cookie"
    assert {line.currency for line in window.session.lines} == {"GBP"}
