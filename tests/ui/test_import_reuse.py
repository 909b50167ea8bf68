"""Import after a correction in the wizard brings in the lines its summary was worked out
from, without reading the file again, unless the file changed meanwhile; so does Import
with Save as profile ticked, which spells out the roles shown. The real window,
wizard, task runner and engine; parses counted where the backend hands the file to the
engine (``Parses``)."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements import Mapping
from desktop_app.statements.profiles import BackedProfileStore, SavedProfile
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.statements.summary_files import running_csv
from tests.ui.engine_window import (
    Step,
    WizardDialogs,
    engine_services,
    engine_window,
    import_with_wizard,
)
from tests.ui.test_import_summary import RUNNING_AS_READ, RUNNING_IN_POUNDS, _summary
from tests.ui.test_map_by_hand import _set_role
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
    Import reads it again, and brings in what it holds now, once the accountant has seen
    it: the file is not the one reviewed, so the wizard is shown again on it first, the
    correction kept (explorer G, G2; this test used to expect the changed file imported
    at the first Import, unseen)."""
    window, dialogs = app
    parses = Parses(monkeypatch)
    path = running_csv(tmp_path)

    def correct_then_change(wizard: ImportWizard) -> None:
        _in_pounds(qtbot, wizard)
        rewrite_keeping_size_and_time(path, RUNNING_CHANGED)

    def see_it_as_it_is_now(wizard: ImportWizard) -> None:
        assert wizard.refused_label.text().startswith(
            f"Not imported: {path.name} changed since you reviewed it; it is shown as it is now."
        )
        assert window.session.lines == []
        assert wizard.currency_combo.currentData() == "GBP"

    import_with_wizard(qtbot, window, dialogs, path, correct_then_change, see_it_as_it_is_now)
    assert len(parses) > 2
    assert [line.description for line in window.session.lines][-1] == "Cookie"
    assert {line.currency for line in window.session.lines} == {"GBP"}


@pytest.fixture
def books(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs, EngineServices]]:
    """The window over a workspace (where profiles are saved), and its services."""
    dialogs = WizardDialogs(qtbot)
    services = engine_services(tmp_path)
    workspace = tmp_path / "books.reconcile"
    with engine_window(
        qtbot, runner, tmp_path, dialogs, services=services, workspace=workspace
    ) as window:
        yield window, dialogs, services


def _saved_profiles(services: EngineServices) -> list[SavedProfile]:
    return list(BackedProfileStore(services.workspace.workspace.profiles).all())


def _save_as(name: str) -> Step:
    def save(wizard: ImportWizard) -> None:
        wizard.save_check.setChecked(True)
        wizard.profile_edit.setText(name)

    return save


# The profile saved from running.csv as shown: its header row and every role pinned.
RUNNING_PROFILE = Mapping(
    header_row=1, columns={"date": 1, "description": [2], "amount": 3, "balance": 4}, ignore=[]
)


def test_saving_a_profile_imports_the_previews_reading(
    qtbot: Any,
    books: tuple[MainWindow, WizardDialogs, EngineServices],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Save as profile ticked, nothing else changed: Import brings in the very lines the
    preview read, and saves the profile pinning the roles shown. The wizard spells out
    every role to save one, which was taken for a correction: the file was read again."""
    window, dialogs, services = books
    parses = Parses(monkeypatch)
    path = running_csv(tmp_path)

    import_with_wizard(qtbot, window, dialogs, path, _save_as("Running bank"))

    assert len(parses) == 1  # the preview's detection, and nothing since
    (preview,) = parses.readings
    assert len(window.session.lines) == len(preview.lines) == 4
    assert all(map(operator.is_, window.session.lines, preview.lines))
    [profile] = _saved_profiles(services)
    assert (profile.name, profile.mapping) == ("Running bank", RUNNING_PROFILE)


def test_saving_a_profile_after_a_correction_imports_the_summarys_reading(
    qtbot: Any,
    books: tuple[MainWindow, WizardDialogs, EngineServices],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The currency set and Save as profile ticked: the summary's reading in pounds is
    imported, not the file read a third time, and the profile keeps the pounds."""
    window, dialogs, services = books
    parses = Parses(monkeypatch)
    path = running_csv(tmp_path)

    def in_pounds_and_save(wizard: ImportWizard) -> None:
        _in_pounds(qtbot, wizard)
        _save_as("Running bank")(wizard)
        assert wizard.summary_label.text() == RUNNING_IN_POUNDS

    import_with_wizard(qtbot, window, dialogs, path, in_pounds_and_save)

    assert [mapping is None for _, mapping in parses.seen] == [True, False]
    in_pounds = parses.readings[-1]
    assert all(map(operator.is_, window.session.lines, in_pounds.lines))
    assert {line.currency for line in window.session.lines} == {"GBP"}
    [profile] = _saved_profiles(services)
    assert profile.mapping == replace(RUNNING_PROFILE, currency="GBP")


def test_a_role_corrected_with_a_profile_is_imported_as_corrected(
    qtbot: Any,
    books: tuple[MainWindow, WizardDialogs, EngineServices],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real correction is still one: 'Description' made the reference, the file is
    read with it (once, for the summary, which Import brings in) and the profile pins it."""
    window, dialogs, services = books
    parses = Parses(monkeypatch)
    path = running_csv(tmp_path)

    def reference_and_save(wizard: ImportWizard) -> None:
        _set_role(wizard, 1, "reference")
        _save_as("Running bank")(wizard)
        _summary(qtbot, wizard)

    import_with_wizard(qtbot, window, dialogs, path, reference_and_save)

    corrected = replace(
        RUNNING_PROFILE, columns={"date": 1, "reference": [2], "amount": 3, "balance": 4}
    )
    assert [mapping for _, mapping in parses.seen] == [None, corrected]
    assert all(map(operator.is_, window.session.lines, parses.readings[-1].lines))
    references = [line.reference for line in window.session.lines]
    assert references == ["Opening transfer", "Rent", "Salary", "Coffee"]
    [profile] = _saved_profiles(services)
    assert profile.mapping == corrected
