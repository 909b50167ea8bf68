"""``reconcile --workspace`` of a workspace whose saved matching settings or mapping profiles
were damaged.

The run reads the settings saved in the workspace to match with; one changed outside the
application (not JSON) came out as a bare ``JSONDecodeError`` and its traceback. Now it is
the one line on stderr of any damaged workspace, naming the file and the setting, exit 1,
and no report is written: the settings are read before the run keeps anything in the
workspace, which is left as it was, as the message says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.matching.saved import SETTINGS_KEY
from desktop_app.workspace import Workspace
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.statement_files import HEADER, write
from tests.workspace.damage import damaged_profile, damaged_setting

pytestmark = pytest.mark.sandbox


def test_a_damaged_saved_setting_is_one_line_naming_the_workspace(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = damaged_setting(tmp_path / "books.reconcile", SETTINGS_KEY, '{"tolerance": ')
    statement = write(tmp_path / "bank.csv", HEADER + "2025-03-03,RENT,-500.00\n")
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(statement),
         "--workspace", str(books), "--currency", "GBP", "--from", PERIOD[0].isoformat(),
         "--to", PERIOD[1].isoformat(), "--out", str(out)]
    )  # fmt: skip
    assert code == 1
    assert not out.exists()
    captured = capsys.readouterr()
    assert captured.out == ""
    last = captured.err.splitlines()[-1]
    assert last.startswith(f"desktop-app: workspace {books} is damaged and cannot be opened (")
    assert "the stored setting 'matching': Expecting value" in last
    assert "Traceback" not in captured.err
    with Workspace.open(books) as workspace:  # refused before the run kept anything
        assert workspace.statement_files() == ()
        assert workspace.load_invoices() == ()


def test_a_damaged_mapping_profile_is_one_line_naming_the_workspace(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statement's import reads the workspace's profiles: a damaged one ended the run
    in a ``JSONDecodeError`` traceback; now it is a damaged workspace's line, exit 1."""
    books = damaged_profile(tmp_path / "books.reconcile", "fp-1", "{oops")
    statement = write(tmp_path / "bank.csv", HEADER + "2025-03-03,RENT,-500.00\n")
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(statement),
         "--workspace", str(books), "--currency", "GBP", "--from", PERIOD[0].isoformat(),
         "--to", PERIOD[1].isoformat(), "--out", str(out)]
    )  # fmt: skip
    assert code == 1
    assert not out.exists()
    captured = capsys.readouterr()
    last = captured.err.splitlines()[-1]
    assert last.startswith(f"desktop-app: workspace {books} is damaged and cannot be opened (")
    assert "the stored mapping profile 'fp-1': Expecting property name" in last
    assert "Traceback" not in captured.err
    with Workspace.open(books) as workspace:  # refused before the run kept anything
        assert workspace.statement_files() == ()
