"""``desktop-app reconcile --workspace`` runs as the window does over the same workspace:
its saved matching settings, its held statements' lines outside the period, the files the
report may not replace, and the statements that state no currency."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.matching import MatchSettings
from desktop_app.matching.saved import SETTINGS_KEY
from desktop_app.pipeline.reconcile import ReconcileRequest, run_reconcile
from desktop_app.workspace import Workspace
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import PERIOD, World

pytestmark = pytest.mark.sandbox

# Settings an accountant might save that change what the planted statement matches: a
# match must score 0.95 to be made, 0.9 to be offered.
STRICT = MatchSettings(auto_accept_threshold=0.95, suggest_threshold=0.9)


def run_cli(*arguments: str) -> int:
    """``desktop-app`` as the shell runs it: argparse's own refusals exit too."""
    try:
        return main(list(arguments))
    except SystemExit as exit_:
        return int(exit_.code or 0)


def settings_used(report: Path) -> dict[str, str]:
    return dict(cell_values(read_report(report).summary_block("Settings used"), 2))


def test_a_run_matches_with_the_settings_saved_in_the_workspace(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The accountant raised the scores a match needs in the window's Settings. A run in
    that workspace matches with them, as the window does (it made all but a few of the
    planted pairings without them), the Summary's Settings used says them, and a note on
    stderr names those that are not the defaults."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        workspace.settings.set(SETTINGS_KEY, STRICT.to_dict())
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    base = ["reconcile", "--config", str(world.config), "--statement", str(world.csv_path),
            "--currency", "GBP", *period]  # fmt: skip
    plain, kept = tmp_path / "plain.xlsx", tmp_path / "kept.xlsx"
    assert run_cli(*base, "--out", str(plain)) == 0
    capsys.readouterr()
    assert run_cli(*base, "--workspace", str(books), "--out", str(kept)) == 0
    err = capsys.readouterr().err.splitlines()
    assert settings_used(plain)["auto_accept_threshold"] == "0.5"
    assert settings_used(kept)["auto_accept_threshold"] == "0.95"
    assert settings_used(kept)["suggest_threshold"] == "0.9"
    made = {name: len(read_report(name).records("Matches")) for name in (plain, kept)}
    assert made[kept] < made[plain] // 10
    said = (
        "desktop-app: note: matched with the matching settings saved in books.reconcile "
        "(Settings in the window), the others the defaults: auto_accept_threshold 0.95, "
        "suggest_threshold 0.9"
    )
    assert [line for line in err if "matched with the matching settings" in line] == [said]


def test_settings_given_to_the_run_override_those_saved(sandbox_env: World, tmp_path: Path) -> None:
    """A caller that gives the run its settings (as an option on the command line
    would) is not overridden by the workspace's."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    with Workspace.create(books) as workspace:
        workspace.settings.set(SETTINGS_KEY, STRICT.to_dict())
    given = MatchSettings(amount_tolerance_absolute=Decimal("7.00"))
    request = ReconcileRequest(
        world.config, [world.csv_path], tmp_path / "out.xlsx", *PERIOD,
        workspace=books, default_currency="GBP", settings=given,
    )  # fmt: skip
    outcome = run_reconcile(request)
    assert outcome.reconciliation.settings["auto_accept_threshold"] == 0.5
    assert outcome.reconciliation.settings["amount_tolerance_absolute"] == "7.00"
    assert outcome.saved_settings == {}
