"""The window opening a workspace whose stored matching settings this version refuses.

A value an older version let through (a suggestion score above the auto-match score)
refused the whole workspace: the banner said "Could not open book.reconcile: matching
setting suggest_threshold must be at most ...", not that the value was stored in it, and
the accountant's statements and decisions did not show. Now the workspace opens with all
it holds, a banner names the setting, the value stored, what it may be and the default
used until Settings saves the settings again, and another says a newer version's setting
is ignored. Saving from Settings takes the first away (the value is written over); the
second stays, as the setting does. The real window, engine and workspace file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from desktop_app.export.summary_sheet import SETTINGS_SET_ASIDE
from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import SETTINGS_KEY
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.workflows import STORED_SETTINGS_REFUSED, STORED_SETTINGS_UNKNOWN
from tests.export.readback import cell_values, read_report
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import export_banner
from tests.workspace.damage import holding_setting, stored_setting

STORED = {
    **MatchSettings().to_dict(),
    "suggest_threshold": 0.6,
    "days_after_due": 90,
    "match_on_iban": True,
}


def _titled(window: MainWindow, title: str) -> list[Any]:
    return [banner for banner in window.banners.banners() if banner.title == title]


def test_the_workspace_opens_with_a_banner_naming_the_refused_setting(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    books = holding_setting(tmp_path / "book.reconcile", SETTINGS_KEY, json.dumps(STORED))
    dialogs = ScriptedDialogs()
    with engine_window(qtbot, runner, tmp_path, dialogs, screen="settings") as window:
        with qtbot.waitSignal(window.runner.finished, timeout=60_000):
            assert window.workflows.open_workspace(books) is not None
        assert window.services.workspace_path() == books
        assert not [b for b in window.banners.banners() if b.title.startswith("Could not")]
        assert window.session.statements == ["march.csv"]
        assert [line.row for line in window.session.lines] == [2, 3]
        [refused] = _titled(window, STORED_SETTINGS_REFUSED)
        assert refused.level == "warning"
        assert refused.message == (
            "The matching setting suggest_threshold stored in book.reconcile is 0.6, which "
            "this version refuses: it must be at most auto_accept_threshold (0.5). Its "
            "default (0.4) is used instead until the matching settings are saved again from "
            "Settings (in the window); what is stored is left as it is."
        )
        [unknown] = _titled(window, STORED_SETTINGS_UNKNOWN)
        assert "match_on_iban. They are ignored" in unknown.message
        # The form shows what matching uses: the default for the value set aside.
        suggest = window.settings.form.findChild(QDoubleSpinBox, "setting suggest_threshold")
        after_due = window.settings.form.findChild(QSpinBox, "setting days_after_due")
        assert (suggest.value(), after_due.value()) == (0.4, 90)

        window.settings.save_button.click()
        assert _titled(window, STORED_SETTINGS_REFUSED) == []
        assert len(_titled(window, STORED_SETTINGS_UNKNOWN)) == 1

        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)  # its matching
        other = tmp_path / "other.reconcile"
        with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
            window.workflows.open_workspace(other, create=True)
        assert _titled(window, STORED_SETTINGS_UNKNOWN) == []  # another workspace's
    saved = json.loads(str(stored_setting(books, SETTINGS_KEY)))
    assert (saved["suggest_threshold"], saved["days_after_due"]) == (0.4, 90)
    assert saved["match_on_iban"] is True


def test_opening_it_writes_nothing(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    books = holding_setting(tmp_path / "book.reconcile", SETTINGS_KEY, json.dumps(STORED))
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), workspace=books) as window:
        assert len(_titled(window, STORED_SETTINGS_REFUSED)) == 1
    assert stored_setting(books, SETTINGS_KEY) == json.dumps(STORED)


def test_the_windows_report_says_the_stored_settings_were_set_aside(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """Stored settings that are no table of named values are set aside whole, the
    defaults used: the banner said so, the exported workbook showed the defaults as the
    settings used. It now says so after the table, and counts it among the findings."""
    books = holding_setting(tmp_path / "book.reconcile", SETTINGS_KEY, json.dumps([0.6, 90]))
    said = (
        "The matching settings stored in book.reconcile are [0.6, 90], which this version "
        "refuses: they must be a table of named settings, as Settings saves them. The "
        "defaults are used instead until the matching settings are saved again from "
        "Settings (in the window); what is stored is left as it is."
    )
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), workspace=books) as window:
        [refused] = _titled(window, STORED_SETTINGS_REFUSED)
        assert refused.message == said
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)  # its matching
        out = tmp_path / "report.xlsx"
        assert export_banner(qtbot, window, out).startswith("Report exported")

    report = read_report(out)
    # the run facts' count first, then the note after the settings' table
    fact, _ = [r for r in report.book["Summary"].iter_rows() if r[0].value == SETTINGS_SET_ASIDE]
    assert [cell.value for cell in fact[:3]] == [
        SETTINGS_SET_ASIDE,
        1,
        (
            "matching setting stored in the workspace that this version refuses: the run "
            "used the default instead; see 'Settings used' below"
        ),
    ]
    block = cell_values(report.summary_block("Settings used"), 3)
    header, *rows = block
    assert header == ("Setting", "Value", None)  # no setting's own note: they all went
    (*table, last) = rows
    assert last == (SETTINGS_SET_ASIDE, said, None)
    assert dict(row[:2] for row in table)["suggest_threshold"] == "0.4"  # the default
    fonts = [row[0].font.color.rgb for row in report.summary_block("Settings used")[-1:]]
    assert fonts == ["FF9C0006"]  # the warning font
