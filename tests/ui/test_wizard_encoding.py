"""Choosing a text's encoding in the import wizard, through the real window and engine.

A Czech bank's csv in Windows-1250 was read as Windows-1252 ('Pøíbram' for 'Příbram'):
the command line's mapping could say "cp1250", the wizard could not. (Detection now reads a
Czech text as Windows-1250 where enough of its letters show it; a short one still may not.) Now its Encoding box
names what the text was read in and offers the encodings banks write; choosing one closes
the wizard, the file is read again in it off the GUI thread, and the wizard reopens on
it with the choices made before kept. A profile saved then reads next month's file in
it. A workbook has no encoding to choose: the box is off, saying why.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.statements.encoding import ENCODINGS
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.dialogs.import_wizard import ENCODING_TIP, NO_ENCODING_TIP, ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping, EncodingChoice
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import (
    WizardDialogs,
    engine_services,
    engine_window,
    import_with_wizard,
    wizard_window,
)

TEXTS = ["Platba kartou Příbram", "Poplatek za vedení účtu"]
AS_1252 = ["Platba kartou Pøíbram", "Poplatek za vedení úètu"]
ACCOUNT = "CZ65 0800 0000 1920 0014 5399"


def _czech_file(folder: Path, month: int) -> Path:
    """Windows-1250, whose Czech letters Windows-1252 reads as letters too, and only two
    of them where no Western word has them ('Èástka', 'Pøíbram'): too few to decide the
    code page, so detection reads it as Windows-1252."""
    rows = ["Datum;Popis;Částka", f"02.{month:02d}.2024;{TEXTS[0]};-450,00"]
    rows.append(f"03.{month:02d}.2024;{TEXTS[1]};1 200,00")
    path = folder / f"vypis-2024-{month:02d}.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1250") + b"\r\n")
    return path


@pytest.fixture
def app(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    with wizard_window(qtbot, qtmodeltester, runner, tmp_path) as opened:
        yield opened


def _descriptions(wizard: ImportWizard) -> list[str]:
    model = wizard.preview_model
    return [model.index(row, 1).data() for row in range(1, model.rowCount())]


def _choose(wizard: ImportWizard, codec: str) -> None:
    combo = wizard.encoding_combo
    assert combo.isEnabled()
    combo.setCurrentIndex(combo.findData(codec))


def _as_detected_then_choose_1250(wizard: ImportWizard) -> None:
    """Read as Windows-1252: the box says so, and offers the code pages banks write.
    The currency and account are set first: choosing the encoding keeps them."""
    combo = wizard.encoding_combo
    assert (combo.currentIndex(), combo.currentData()) == (0, None)
    assert combo.itemText(0) == "as detected (Windows-1252)"
    offered = [(combo.itemText(index), combo.itemData(index)) for index in range(1, combo.count())]
    assert offered == [(label, codec) for codec, label in ENCODINGS]
    assert combo.toolTip() == ENCODING_TIP
    assert _descriptions(wizard) == AS_1252
    assert any(
        note.endswith("(if letters look wrong, choose the file's encoding in the Encoding box)")
        for note in wizard._preview.notes
    )
    wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("CZK"))
    wizard.account_edit.setText(ACCOUNT)
    _choose(wizard, "cp1250")


def _in_1250_save_profile(wizard: ImportWizard) -> None:
    """Reopened on the text read in Windows-1250: its letters and its header right, the
    choices made before kept."""
    assert wizard.encoding_combo.currentData() == "cp1250"
    assert wizard.encoding_combo.itemText(0) == "as detected"
    assert wizard.preview_model.index(0, 2).data() == "Částka"
    assert _descriptions(wizard) == TEXTS
    assert "Format: encoding: Windows-1250, as chosen in the Encoding box" in wizard._preview.notes
    assert wizard.currency_combo.currentData() == "CZK"
    assert wizard.account_edit.text() == ACCOUNT
    assert wizard.header_row() == 1
    assert wizard.value().encoding == "cp1250"
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Czech bank")


def _next_month_read_as_saved(wizard: ImportWizard) -> None:
    """The profile reads February in Windows-1250, with nothing to choose again."""
    assert "Profile: applied: Czech bank" in wizard._preview.notes
    assert wizard.encoding_combo.itemText(0) == "as detected (Windows-1250)"
    assert wizard.encoding_combo.currentData() is None
    assert _descriptions(wizard) == TEXTS


def _imported(window: MainWindow, path: Path) -> list[tuple[str, str, str | None]]:
    return [
        (line.description, str(line.amount), line.currency)
        for line in window.session.lines
        if line.source_file == path.name
    ]


def test_an_encoding_chosen_reads_the_file_again_and_a_profile_keeps_it(
    qtbot: Any, tmp_path: Path, app: tuple[MainWindow, WizardDialogs]
) -> None:
    window, dialogs = app
    january = _czech_file(tmp_path, 1)
    import_with_wizard(
        qtbot, window, dialogs, january, _as_detected_then_choose_1250, _in_1250_save_profile
    )

    (choice, imported) = dialogs.returned
    assert isinstance(choice, EncodingChoice)
    assert (choice.encoding, choice.edited) == ("cp1250", False)
    assert (choice.kept.currency, choice.kept.account) == ("CZK", ACCOUNT)
    assert isinstance(imported, ColumnMapping)
    assert _imported(window, january) == [
        (TEXTS[0], "-450.00", "CZK"),
        (TEXTS[1], "1200.00", "CZK"),
    ]

    february = _czech_file(tmp_path, 2)
    import_with_wizard(qtbot, window, dialogs, february, _next_month_read_as_saved)
    assert [text for text, _, _ in _imported(window, february)] == TEXTS


def test_an_encoding_that_does_not_read_the_text_reopens_the_wizard_as_it_was(
    qtbot: Any, tmp_path: Path, app: tuple[MainWindow, WizardDialogs]
) -> None:
    window, dialogs = app
    path = _czech_file(tmp_path, 1)

    def choose_utf8(wizard: ImportWizard) -> None:
        wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("CZK"))
        _choose(wizard, "utf-8")

    def as_it_was(wizard: ImportWizard) -> bool:
        assert wizard.refused_label.isVisibleTo(wizard)
        assert wizard.refused_label.text() == (
            f"Not imported: {path.name} is not UTF-8 text (byte 0xC8 at offset 12); it is "
            "shown as before. Correct your choices below and import again, or Cancel."
        )
        assert wizard.encoding_combo.currentData() is None
        assert _descriptions(wizard) == AS_1252
        assert wizard.currency_combo.currentData() == "CZK"
        return False

    dialogs.answers["choose_statement"] = deque([path])
    dialogs.steps.extend([choose_utf8, as_it_was])
    window.statements.import_button.click()
    qtbot.waitUntil(lambda: dialogs.reviews() == 2 and not window.runner.active(), timeout=60_000)

    assert dialogs.returned[-1] is None
    assert list(window.session.lines) == []


def test_as_detected_chosen_again_reads_the_text_as_detection_did(
    qtbot: Any, tmp_path: Path, app: tuple[MainWindow, WizardDialogs]
) -> None:
    window, dialogs = app

    def back_to_detected(wizard: ImportWizard) -> None:
        assert _descriptions(wizard) == TEXTS
        wizard.encoding_combo.setCurrentIndex(0)

    def as_detected(wizard: ImportWizard) -> bool:
        assert wizard.encoding_combo.currentIndex() == 0
        assert wizard.encoding_combo.itemText(0) == "as detected (Windows-1252)"
        assert _descriptions(wizard) == AS_1252
        assert wizard.value().encoding is None
        return False

    dialogs.answers["choose_statement"] = deque([_czech_file(tmp_path, 1)])
    dialogs.steps.extend([lambda wizard: _choose(wizard, "cp1250"), back_to_detected, as_detected])
    window.statements.import_button.click()
    qtbot.waitUntil(lambda: dialogs.reviews() == 3 and not window.runner.active(), timeout=60_000)

    chosen, back, cancelled = dialogs.returned
    assert isinstance(chosen, EncodingChoice)
    assert chosen.encoding == "cp1250"
    assert isinstance(back, EncodingChoice)
    assert back.encoding is None
    assert cancelled is None
    assert list(window.session.lines) == []


@pytest.fixture
def services(tmp_path: Path) -> Iterator[EngineServices]:
    engine = engine_services(tmp_path)
    yield engine
    engine.workspace.close()


def test_a_workbook_has_no_encoding_to_choose(
    qtbot: Any, tmp_path: Path, services: EngineServices
) -> None:
    book = openpyxl.Workbook()
    for row in (("Date", "Text", "Amount"), ("2024-01-02", "Příbram", -4.5)):
        book.active.append(row)
    path = tmp_path / "vypis.xlsx"
    book.save(path)
    wizard = ImportWizard(services.preview_statement(path))
    qtbot.addWidget(wizard)
    wizard.show()

    assert not wizard.encoding_combo.isEnabled()
    assert wizard.encoding_combo.toolTip() == NO_ENCODING_TIP
    assert wizard.value().encoding is None


def test_a_polish_export_opens_read_in_windows_1250(
    qtbot: Any, tmp_path: Path, services: EngineServices
) -> None:
    """What the text's words show (symbols between letters as Windows-1252 reads them)
    decided the code page: the box names it, and the notes say why."""
    rows = [
        "Data operacji;Opis operacji;Obciążenia;Uznania",
        "02.01.24;Płatność za fakturę;-1 234,50;",
        "03.01.24;Przelew przychodzący;;2 500,00",
    ]
    path = tmp_path / "wyciag.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1250") + b"\r\n")
    wizard = ImportWizard(services.preview_statement(path))
    qtbot.addWidget(wizard)
    wizard.show()

    assert wizard.encoding_combo.itemText(0) == "as detected (Windows-1250)"
    assert _descriptions(wizard) == ["Płatność za fakturę", "Przelew przychodzący"]
    assert any(
        "read as Windows-1250 (central European), a guess: as Windows-1252 reads it, 3 words "
        "have symbols between their letters (the first 'Obci¹¿enia')" in note
        for note in wizard._preview.notes
    )


def test_a_russian_export_opens_read_in_windows_1251(
    qtbot: Any, tmp_path: Path, services: EngineServices
) -> None:
    """Words of letters beyond ASCII alone decided the code page: the box names it, and
    the notes say why, with the wizard's remedy."""
    rows = [
        "Дата;Описание операции;Сумма",
        "02.01.2024;Оплата услуг связи;-650,00",
        "10.01.2024;Зачисление заработной платы;85 000,00",
    ]
    path = tmp_path / "vypiska.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1251") + b"\r\n")
    wizard = ImportWizard(services.preview_statement(path))
    qtbot.addWidget(wizard)
    wizard.show()

    assert wizard.encoding_combo.itemText(0) == "as detected (Windows-1251)"
    assert wizard.preview_model.index(0, 1).data() == "Описание операции"
    assert _descriptions(wizard) == ["Оплата услуг связи", "Зачисление заработной платы"]
    (note,) = (note for note in wizard._preview.notes if note.startswith("Format: encoding: "))
    assert "read as Windows-1251 (Cyrillic), a guess: as Windows-1252 reads it, 10 words" in note
    assert note.endswith("(if letters look wrong, choose the file's encoding in the Encoding box)")


def _by_hand_file(folder: Path) -> Path:
    """Detection finds no amount column (most dated rows are notes without one)."""
    rows = ["Datum;Popis;Částka", "02.01.2024;Nájem Příbram;-800,00"]
    rows += [f"0{day}.01.2024;Objednávka č. {day};" for day in range(3, 8)]
    path = folder / "poznamky.csv"
    path.write_bytes("\n".join(rows).encode("cp1250") + b"\n")
    return path


@pytest.mark.parametrize(
    ("make", "as_1252", "as_1250"),
    [
        (lambda folder: _czech_file(folder, 1), AS_1252[0], TEXTS[0]),
        (_by_hand_file, "Nájem Pøíbram", "Nájem Příbram"),
    ],
    ids=["detected", "mapped by hand"],
)
def test_with_no_profile_anywhere_an_encoding_chosen_reads_the_preview_again(
    make: Any,
    as_1252: str,
    as_1250: str,
    qtbot: Any,
    qtmodeltester: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: object,
) -> None:
    """No workspace is open, so no profile was ever saved or can be: the encoding chosen
    in the box is what the file is read in again, its rows shown so, whether detection
    read it or it is mapped by hand."""
    dialogs = WizardDialogs(qtbot, qtmodeltester)

    def choose_1250(wizard: ImportWizard) -> None:
        assert (wizard.encoding_combo.currentData(), wizard._preview.encoding) == (None, "cp1252")
        assert wizard.preview_model.index(1, 1).data() == as_1252
        _choose(wizard, "cp1250")

    def read_in_1250(wizard: ImportWizard) -> bool:
        assert wizard.encoding_combo.currentData() == "cp1250"
        assert wizard._preview.encoding == "cp1250"
        assert wizard.preview_model.index(0, 2).data() == "Částka"
        assert wizard.preview_model.index(1, 1).data() == as_1250
        return False

    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        assert window.services.workspace.path is None
        dialogs.answers["choose_statement"] = deque([make(tmp_path)])
        dialogs.steps.extend([choose_1250, read_in_1250])
        window.statements.import_button.click()
        qtbot.waitUntil(
            lambda: dialogs.reviews() == 2 and not window.runner.active(), timeout=60_000
        )
        chosen, cancelled = dialogs.returned
        assert isinstance(chosen, EncodingChoice)
        assert chosen.encoding == "cp1250"
        assert cancelled is None
