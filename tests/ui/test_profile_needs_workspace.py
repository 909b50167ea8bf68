"""A profile is kept in the workspace: without one open, the wizard does not offer to
save one (the import would otherwise read the file and then fail on the save)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.dialogs.import_wizard import ImportWizard
from tests.ui.engine_window import engine_services

CSV = "Date,Description,Amount\n2024-03-01,Rent,-800.00\n2024-03-02,Salary,2000.00\n"


def test_without_a_workspace_the_wizard_does_not_offer_to_save_a_profile(
    qtbot, tmp_path: Path
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text(CSV, encoding="utf-8")
    services = engine_services(tmp_path)
    wizard = ImportWizard(services.preview_statement(path))
    qtbot.addWidget(wizard)
    assert not wizard.save_check.isEnabled()
    assert "open or create one" in wizard.save_check.toolTip()


def test_with_a_workspace_open_the_wizard_offers_to_save_a_profile(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text(CSV, encoding="utf-8")
    services = engine_services(tmp_path)
    services.open_workspace(tmp_path / "month.reconcile", create=True)
    wizard = ImportWizard(services.preview_statement(path))
    qtbot.addWidget(wizard)
    assert wizard.save_check.isEnabled()
    assert wizard.save_check.toolTip() == ""
