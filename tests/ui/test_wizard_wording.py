"""The import wizard tells the accountant what to do in the wizard, not on a command line.

Of a file stating no currency and naming no account, the wizard's notes said "...or
reconcile's --currency" and "...or with a mapping's "account"": the command line's
remedies, shown to someone with a Currency box and an Account box in front of them. Its
Currency box offered "as stated in the file" beside the note that the file states none.
The wizard now names its own boxes and the Currency box says none is stated, while the
command line (``desktop-app statement``'s JSON evidence) keeps its own wording.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.cli import main
from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.models.columns import column_index

# No currency symbol, code or column; no account above the table or in a column.
PLAIN = "Date;Description;Amount\n03/04/2025;Coffee;-3,50\n15/04/2025;Invoice INV-001;1.234,56\n"
STATED = "Date;Description;Amount\n03/04/2025;Coffee;-3,50 EUR\n15/04/2025;Pay;1.234,56 EUR\n"
COMMAND_LINE = ("--currency", "reconcile's", "mapping's", '"account"')


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


def _wizard(qtbot: Any, backend: StatementBackend, path: Path) -> ImportWizard:
    wizard = ImportWizard(backend.preview(path))
    qtbot.addWidget(wizard)
    wizard.open()
    return wizard


def _said(wizard: ImportWizard) -> list[str]:
    """Everything the wizard says in words: its labels and each column's Why."""
    said = [label.text() for label in wizard.findChildren(QLabel)]
    model = wizard.columns_model
    column = column_index(model.columns, "evidence")
    for row in range(model.rowCount()):
        said.append(model.index(row, column).data())
        said.append(model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) or "")
    return said


def test_the_wizard_says_which_of_its_boxes_to_use(
    qtbot: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(PLAIN, encoding="utf-8")
    wizard = _wizard(qtbot, backend, path)
    said = "\n".join(_said(wizard))
    for word in COMMAND_LINE:
        assert word not in said, word
    assert "none read (choose one for its lines in the Currency box)" in said
    assert (
        "the file names no account: its lines are compared with every account's for "
        "duplicates (type it in the Account box)"
    ) in said
    # The Currency box agrees with the note: the file states none.
    assert wizard.currency_combo.itemText(0) == "none stated in the file"
    assert wizard.currency_combo.itemData(0) is None


def test_a_file_stating_its_currency_offers_it_first(
    qtbot: Any, backend: StatementBackend, tmp_path: Path
) -> None:
    path = tmp_path / "stated.csv"
    path.write_text(STATED, encoding="utf-8")
    wizard = _wizard(qtbot, backend, path)
    assert wizard.currency_combo.itemText(0) == "EUR"
    assert "Currency box" not in "\n".join(_said(wizard))


def test_the_command_line_keeps_its_own_remedies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(PLAIN, encoding="utf-8")
    assert main(["statement", str(path)]) == 0
    evidence = json.loads(capsys.readouterr().out)["layout"]["evidence"]
    currency, account = " ".join(evidence["currency"]), " ".join(evidence["account"])
    assert "reconcile's --currency" in currency
    assert 'a mapping\'s "account"' in account
    assert "in the Currency box" not in currency
    assert "type it in the Account box" not in account
