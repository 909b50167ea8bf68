"""``reconcile --workspace`` of a workspace whose stored matching settings this version
refuses: the run goes on with each refused value's default, and says so.

A value an older version let through (a suggestion score above the auto-match score) or
a hand wrote raised the ``SettingsError`` out of the run: a traceback, no report, and the
words did not say the value was stored in the workspace. Now the run matches with the
others as stored and the refused one's default, and warns on stderr naming the
workspace, the setting, the value stored, what it may be and that the default is used
until Settings saves the settings again; a newer version's setting is ignored with a
warning. The stored value is left as it is. The real entry point and workspace file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import SETTINGS_KEY
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import PERIOD, World
from tests.workspace.damage import damaged_setting, stored_setting

pytestmark = pytest.mark.sandbox

STORED = json.dumps(
    {
        **MatchSettings().to_dict(),
        "suggest_threshold": 0.6,
        "days_after_due": 90,
        "match_on_iban": True,
    }
)


def test_a_refused_stored_setting_is_warned_of_and_the_run_uses_its_default(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = damaged_setting(tmp_path / "books.reconcile", SETTINGS_KEY, STORED)
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement",
         str(sandbox_env.csv_path), "--workspace", str(books), "--currency", "GBP",
         "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat(), "--out", str(out)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert "Traceback" not in err
    warnings = [line for line in err.splitlines() if "matching setting" in line]
    assert warnings == [
        (
            "desktop-app: note: matched with the matching settings saved in books.reconcile "
            "(Settings in the window), the others the defaults: days_after_due 90"
        ),
        (
            f"desktop-app: warning: the matching setting suggest_threshold stored in {books} is "
            "0.6, which this version refuses: it must be at most auto_accept_threshold (0.5). "
            "Its default (0.4) is used instead until the matching settings are saved again "
            "from Settings (in the window); what is stored is left as it is"
        ),
        (
            f"desktop-app: warning: {books} keeps matching settings this version does not know, "
            "saved by another version (perhaps a newer one): match_on_iban. They are ignored, "
            "and kept in the workspace (saving the settings keeps them too)"
        ),
    ]
    used = dict(cell_values(read_report(out).summary_block("Settings used"), 2))
    assert (used["suggest_threshold"], used["days_after_due"]) == ("0.4", "90")
    assert stored_setting(books, SETTINGS_KEY) == STORED  # left as it was


def test_the_report_says_the_stored_setting_was_set_aside_beside_the_default_it_shows(
    sandbox_env: World, tmp_path: Path
) -> None:
    """The Summary showed suggest_threshold 0.4, the default the run used, as if it were
    what the workspace kept (0.6): it now counts the setting set aside among the run's
    findings, and says it on the setting's row, in the words of the warning on stderr."""
    books = damaged_setting(tmp_path / "books.reconcile", SETTINGS_KEY, STORED)
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement",
         str(sandbox_env.csv_path), "--workspace", str(books), "--currency", "GBP",
         "--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat(), "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    report = read_report(out)
    said = (
        f"The matching setting suggest_threshold stored in {books} is 0.6, which this "
        "version refuses: it must be at most auto_accept_threshold (0.5). Its default (0.4) "
        "is used instead until the matching settings are saved again from Settings (in the "
        "window); what is stored is left as it is."
    )
    (fact,) = [
        row
        for row in report.book["Summary"].iter_rows()
        if row[0].value == "Stored settings set aside"
    ]
    assert [cell.value for cell in fact[:3]] == [
        "Stored settings set aside",
        1,
        (
            "matching setting stored in the workspace that this version refuses: the run "
            "used the default instead; see 'Settings used' below"
        ),
    ]
    assert fact[0].font.color.rgb == "FF9C0006"  # the warning font, as the other findings
    header, *rows = cell_values(report.summary_block("Settings used"), 3)
    assert header == ("Setting", "Value", "Note")
    noted = {row[0]: row[2] for row in rows if row[2] is not None}
    assert noted == {"suggest_threshold": said}
    assert ("suggest_threshold", "0.4", said) in rows
    assert ("days_after_due", "90", None) in rows  # kept as stored: no note
