"""A statement saved again while the import wizard shows it is not imported unseen.

The accountant approved the figures the wizard showed (a card payment of -23.40); the
file was then edited (-2300.40) and Import brought in the edited figure with no word.
Now Import compares the file it reads with the one the wizard read (their contents'
SHA-256), stores nothing when they differ, says so, and shows the wizard again on the
file as it is now, read in the background as the first preview was. The same holds for a
file mapped by hand and for an edit below the rows the wizard shows. A file that did not
change imports as before. Real files, the real window, wizard and engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, engine_window, start_import
from tests.ui.test_map_by_hand import SPARSE_AMOUNTS, _csv, _lines, _set_role

CARD = (
    ("Date", "Details", "Amount"),
    ("2025-10-28", "CARD TAXI", "-23.40"),
    ("2025-10-29", "RENT", "-800.00"),
)


@pytest.fixture
def app(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    """The wizard's models checked each time it opens; a workspace open, as at month-end."""
    dialogs = WizardDialogs(qtbot, qtmodeltester)
    with engine_window(
        qtbot, runner, tmp_path, dialogs, workspace=tmp_path / "books.reconcile"
    ) as window:
        yield window, dialogs


def _settled(qtbot: Any, window: MainWindow, dialogs: WizardDialogs, reviews: int) -> None:
    qtbot.waitUntil(
        lambda: dialogs.reviews() == reviews and not window.runner.active() and not dialogs.steps,
        timeout=60_000,
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _said_changed(wizard: ImportWizard, name: str) -> None:
    label = wizard.refused_label
    assert label.isVisibleTo(wizard)
    assert label.text().startswith(
        f"Not imported: {name} changed since you reviewed it; it is shown as it is now."
    )


def _cells(wizard: ImportWizard) -> set[str]:
    return {cell for row in wizard._preview.rows for cell in row}


def test_a_file_edited_while_the_wizard_is_open_is_shown_again_not_imported(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = _csv(tmp_path, "edited.csv", CARD)
    said: list[str] = []
    window.workflows.message.connect(said.append)

    def approve_then_the_file_is_edited(wizard: ImportWizard) -> bool:
        assert "-23.40" in _cells(wizard)
        _edit(path, "-23.40", "-2300.40")
        return True

    def see_the_edit(wizard: ImportWizard) -> bool:
        _said_changed(wizard, "edited.csv")
        assert window.session.lines == []  # nothing was imported meanwhile
        assert "edited.csv changed since you reviewed it: nothing was imported." in said
        cells = _cells(wizard)
        assert "-2300.40" in cells
        assert "-23.40" not in cells
        return True  # the accountant has now seen the edited figure: Import

    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        start_import(window, dialogs, path, approve_then_the_file_is_edited, see_the_edit)
    _settled(qtbot, window, dialogs, 2)
    assert _lines(window, "edited.csv") == [
        (2, "2025-10-28", "-2300.40", "CARD TAXI"),
        (3, "2025-10-29", "-800.00", "RENT"),
    ]
    assert window.banners.banners() == []


def test_an_edit_below_the_rows_shown_is_noticed_too(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    """The wizard shows the first 60 lines; an edit of the 70th changes none of them, but
    the file is still not the one reviewed (its summary's totals were others)."""
    window, dialogs = app
    rows = (
        ("Date", "Details", "Amount"),
        *((f"2025-10-{1 + n % 28:02d}", f"CARD {n}", f"-{n + 1}.25") for n in range(70)),
    )
    path = _csv(tmp_path, "long.csv", rows)
    shown: dict[str, object] = {}

    def approve_then_the_last_row_is_edited(wizard: ImportWizard) -> bool:
        shown["rows"] = wizard._preview.rows
        _edit(path, "CARD 69,-70.25", "CARD 69,-7000.25")
        return True

    def see_it_again(wizard: ImportWizard) -> bool:
        _said_changed(wizard, "long.csv")
        assert wizard._preview.rows == shown["rows"]  # the rows shown are the same
        return False  # Cancel

    start_import(window, dialogs, path, approve_then_the_last_row_is_edited, see_it_again)
    _settled(qtbot, window, dialogs, 2)
    assert window.session.lines == []
    assert window.banners.banners() == []


def test_a_file_mapped_by_hand_and_edited_meanwhile_is_shown_again_with_the_mapping_kept(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = _csv(tmp_path, "bank.csv", SPARSE_AMOUNTS)

    def map_then_the_file_is_edited(wizard: ImportWizard) -> bool:
        wizard.header_spin.setValue(1)
        for column, role in enumerate(("date", "description", "amount")):
            _set_role(wizard, column, role)
        _edit(path, "-4.50", "-450.00")
        return True

    def see_the_edit(wizard: ImportWizard) -> bool:
        _said_changed(wizard, "bank.csv")
        assert "-450.00" in _cells(wizard)
        assert wizard.columns_model.roles() == {0: "date", 1: "description", 2: "amount"}
        return True

    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        start_import(window, dialogs, path, map_then_the_file_is_edited, see_the_edit)
    _settled(qtbot, window, dialogs, 2)
    assert _lines(window, "bank.csv") == [
        (2, "2024-01-02", "-800.00", "Rent"),
        (4, "2024-01-03", "-450.00", "Coffee"),
    ]


def test_a_file_unchanged_imports_at_the_first_import(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    """A guard: the check costs the accountant nothing when the file is as reviewed, nor
    when it was only touched (saved again with the same content)."""
    window, dialogs = app
    path = _csv(tmp_path, "same.csv", CARD)

    def approve_and_touch(wizard: ImportWizard) -> bool:
        path.write_bytes(path.read_bytes())
        return True

    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        start_import(window, dialogs, path, approve_and_touch)
    _settled(qtbot, window, dialogs, 1)
    assert [amount for _, _, amount, _ in _lines(window, "same.csv")] == ["-23.40", "-800.00"]
