"""An import the file refuses as mapped in the wizard (no transactions found, or a mapping
that does not fit) reopens the wizard on the same file with the accountant's choices kept
and why at the top, to correct and retry; Cancel ends it. Before, the reason went to a
banner and the wizard closed, so a file mapped by hand had to be mapped all over again.
A file that no longer reads still ends in the banner, and nothing imported before is lost.
Real files, the real window, wizard and engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.preview import NO_ROLE
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, engine_window, start_import
from tests.ui.test_map_by_hand import SPARSE_AMOUNTS, _csv, _lines, _set_role

DETECTED = (("Date", "Details", "Amount"), ("2024-01-02", "Rent", "-800.00"))


@pytest.fixture
def app(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    """The wizard's models checked each time it opens."""
    dialogs = WizardDialogs(qtbot, qtmodeltester)
    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        yield window, dialogs


def _settled(qtbot: Any, window: MainWindow, dialogs: WizardDialogs, reviews: int) -> None:
    qtbot.waitUntil(
        lambda: dialogs.reviews() == reviews and not window.runner.active() and not dialogs.steps,
        timeout=60_000,
    )


def _refused(wizard: ImportWizard, reason: str) -> None:
    label = wizard.refused_label
    assert label.isVisibleTo(wizard)
    assert label.text().startswith(f"Not imported: {reason}")
    assert "--mapping" not in label.text()


def test_a_file_mapped_by_hand_that_finds_nothing_reopens_with_every_choice_kept(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = _csv(tmp_path, "bank.csv", SPARSE_AMOUNTS)
    first: dict[str, ColumnMapping] = {}

    def map_it_wrongly(wizard: ImportWizard) -> bool:
        assert not wizard.refused_label.isVisibleTo(wizard)
        assert wizard.header_row() == 1  # as detection found it, above the dates
        for column, role in enumerate(("date", "amount", "description")):  # amount on Details
            _set_role(wizard, column, role)
        wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("EUR"))
        wizard.decimal_combo.setCurrentIndex(wizard.decimal_combo.findData("."))
        wizard.invert_check.setChecked(True)
        qtbot.keyClicks(wizard.account_edit, "Card 1")
        first["mapping"] = wizard.value()
        return True

    def correct_it(wizard: ImportWizard) -> bool:
        _refused(wizard, "bank.csv: no transactions found (")
        assert wizard.not_detected_label.isVisibleTo(wizard)  # still the file as it is
        assert wizard.header_row() == 1
        assert wizard.columns_model.roles() == {0: "date", 1: "amount", 2: "description"}
        # the date was offered (the header detection found), not set by the accountant
        assert wizard.columns_model.chosen() == {1, 2}
        assert wizard.currency_combo.currentData() == "EUR"
        assert wizard.decimal_combo.currentData() == "."
        assert wizard.invert_check.isChecked()
        assert wizard.account_edit.text() == "Card 1"
        assert wizard.value() == first["mapping"]
        _set_role(wizard, 1, "description")
        _set_role(wizard, 2, "amount")
        return True

    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        start_import(window, dialogs, path, map_it_wrongly, correct_it)
    assert dialogs.reviews() == 2
    assert _lines(window, "bank.csv") == [
        (2, "2024-01-02", "800.00", "Rent"),
        (4, "2024-01-03", "4.50", "Coffee"),
    ]
    assert {line.currency for line in window.session.lines} == {"EUR"}
    # the rows of order notes without an amount are skipped; nothing failed
    assert [banner.level for banner in window.banners.banners()] == ["warning"]


def test_a_detected_file_whose_correction_finds_nothing_reopens_on_the_correction(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = _csv(tmp_path, "bank.csv", DETECTED)

    def ignore_the_amounts(wizard: ImportWizard) -> bool:
        assert wizard.not_detected_label.isHidden()
        _set_role(wizard, 2, NO_ROLE)
        return True

    def put_them_back(wizard: ImportWizard) -> bool:
        _refused(wizard, "bank.csv: ")
        assert wizard.columns_model.roles() == {0: "date", 1: "description", 2: None}
        assert wizard.columns_model.chosen() == {2}
        assert wizard.value() == dialogs.returned[0]
        _set_role(wizard, 2, "amount")
        return True

    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        start_import(window, dialogs, path, ignore_the_amounts, put_them_back)
    assert _lines(window, "bank.csv") == [(2, "2024-01-02", "-800.00", "Rent")]


def test_cancel_in_the_reopened_wizard_ends_it_and_keeps_what_was_imported(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    """The reason is said in the window's words, never the command line's ``--mapping``."""
    window, dialogs = app
    good = _csv(tmp_path, "good.csv", (("Date", "Details", "Amount"), ("2024-01-02", "A", "1.00")))
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([good])
    hopeless = _csv(tmp_path, "names.csv", (("Name", "Amount"), ("Alice", "1.00")))

    def try_it(wizard: ImportWizard) -> bool:
        _set_role(wizard, 1, "amount")
        return True

    def give_up(wizard: ImportWizard) -> bool:
        _refused(wizard, "names.csv: no transactions found (no column holds dates)")
        assert wizard.columns_model.roles() == {0: None, 1: "amount"}
        return False

    start_import(window, dialogs, hopeless, try_it, give_up)
    _settled(qtbot, window, dialogs, 2)
    qtbot.wait(50)
    assert dialogs.reviews() == 2
    assert window.banners.banners() == []
    assert _lines(window, "good.csv") == [(2, "2024-01-02", "1.00", "A")]
    assert _lines(window, "names.csv") == []


@pytest.mark.parametrize("rows", [SPARSE_AMOUNTS, DETECTED], ids=["by hand", "detected"])
def test_a_file_gone_since_the_preview_still_ends_in_the_banner(
    qtbot: Any,
    app: tuple[MainWindow, WizardDialogs],
    tmp_path: Path,
    rows: tuple[tuple[str, ...], ...],
) -> None:
    """Nothing to map in a file that cannot be read: no wizard again. (By hand, a guard;
    a detected file's import used to fail on the file's modification time, in Python's
    words with its full path.)"""
    window, dialogs = app
    path = _csv(tmp_path, "bank.csv", rows)

    def lose_it(wizard: ImportWizard) -> bool:
        wizard.header_spin.setValue(1)
        _set_role(wizard, 0, "date")
        path.unlink()
        return True

    with qtbot.waitSignal(window.runner.failed, timeout=60_000):
        start_import(window, dialogs, path, lose_it)
    (banner,) = window.banners.banners()
    assert banner.title == "Importing bank.csv failed"
    assert banner.message == "bank.csv: cannot be read: no such file (check the path)"
    _settled(qtbot, window, dialogs, 1)


def test_a_file_changed_since_the_preview_reopens_on_the_file_as_it_is(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    """Mapped by hand, then rewritten (the bank's export saved again, its columns in
    another order) before Import: the refusal's reason is the new file's, so the wizard
    shows the new file's rows, not the ones the accountant mapped, and says it changed."""
    window, dialogs = app
    path = _csv(tmp_path, "bank.csv", SPARSE_AMOUNTS)
    reordered = tuple((row[2], row[0], row[1]) for row in SPARSE_AMOUNTS)
    shown: dict[str, object] = {}

    def map_then_the_file_changes(wizard: ImportWizard) -> bool:
        shown["rows"] = wizard._preview.rows
        wizard.header_spin.setValue(1)
        for column, role in enumerate(("date", "description", "amount")):
            _set_role(wizard, column, role)
        _csv(tmp_path, "bank.csv", reordered)
        return True

    def see_it_as_it_is(wizard: ImportWizard) -> bool:
        _refused(wizard, "bank.csv changed since you reviewed it; it is shown as it is now. ")
        assert wizard._preview.rows != shown["rows"]
        assert wizard._preview.rows[0] == tuple(str(cell) for cell in reordered[0])
        return False

    start_import(window, dialogs, path, map_then_the_file_changes, see_it_as_it_is)
    _settled(qtbot, window, dialogs, 2)
    assert window.session.lines == []
