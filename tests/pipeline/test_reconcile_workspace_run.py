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
from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace, file_sha256
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.statement_files import HEADER, store, write

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


def test_every_statement_of_the_run_in_no_currency_is_warned_of_once(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace holds October's statement, kept with its lines in no currency. A run
    given November's (no currency either) warns of both, October's as held, with the way
    to give a held statement's currency (--currency does not reach its stored lines); a
    run given none warns of each once, and one given October again warns of it once."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    october = write(tmp_path / "oct.csv", HEADER + "2025-03-03,ACME,12.50\n2025-03-05,Fee,-1\n")
    november = write(tmp_path / "nov.csv", HEADER + "2025-03-20,Tea,-3.00\n")
    with Workspace.create(books) as workspace:
        read = import_statement(october)
        workspace.add_statement("oct.csv", file_sha256(october), {"format": "csv"}, read.lines)
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    base = ["reconcile", "--config", str(world.config), "--workspace", str(books), *period]
    capsys.readouterr()
    assert run_cli(*base, "--statement", str(november), "--out", str(tmp_path / "a.xlsx")) == 0
    warned = currency_warnings(capsys.readouterr().err)
    assert [line.split(":")[2].split(" states")[0] for line in warned] == [
        " nov.csv",
        " oct.csv (held in the workspace)",
    ]
    assert warned[1] == (
        "desktop-app: warning: oct.csv (held in the workspace) states no currency (no "
        "currency column, none in the file): its 2 lines were matched with invoices in any "
        "currency, so a payment in another currency than its invoice's goes unnoticed; to "
        "give its currency, remove oct.csv from the workspace (desktop-app remove-statement "
        f"--workspace {books} oct.csv, or Statements, Remove statement… in the window) and "
        "give it again with --statement and --currency CODE (e.g. --currency GBP) or a "
        '--mapping with {"currency": "GBP"}'
    )
    assert run_cli(*base, "--out", str(tmp_path / "b.xlsx")) == 0
    warned = currency_warnings(capsys.readouterr().err)
    assert sorted(line.split(":")[2].split(" states")[0] for line in warned) == [
        " nov.csv (held in the workspace)",
        " oct.csv (held in the workspace)",
    ]
    assert run_cli(*base, "--statement", str(october), "--out", str(tmp_path / "c.xlsx")) == 0
    warned = currency_warnings(capsys.readouterr().err)
    assert sorted(line.split(":")[2].split(" states")[0] for line in warned) == [
        " nov.csv (held in the workspace)",
        " oct.csv",
    ]


def currency_warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "warning" in line and "no currency" in line]


def test_the_report_never_replaces_the_file_a_held_statement_was_imported_from(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace holds the bank's workbook, imported from the downloads folder. A
    run given only a card statement, with --out naming that workbook (or a copy of it
    under another name), is refused before anything is fetched, as the window's export
    is: the bank's file stays as it was, and the card statement is not kept."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    bank = tmp_path / "downloads" / "bank.xlsx"
    bank.parent.mkdir()
    bank.write_bytes(world.xlsx_path.read_bytes())
    with Workspace.create(books) as workspace:
        read = import_statement(bank, default_currency="GBP")
        workspace.add_statement("bank.xlsx", file_sha256(bank), {"format": "xlsx"}, read.lines)
    copy = tmp_path / "elsewhere" / "march.xlsx"
    copy.parent.mkdir()
    copy.write_bytes(bank.read_bytes())
    card = write(tmp_path / "card.csv", HEADER + "2025-03-20,Tea,-3.00\n")
    base = ["reconcile", "--config", str(world.config), "--workspace", str(books),
            "--statement", str(card), "--currency", "GBP"]  # fmt: skip
    capsys.readouterr()
    for out, which in ((bank, "bank.xlsx"), (copy, "bank.xlsx (the same file under another name)")):
        assert run_cli(*base, "--out", str(out)) == 2
        assert capsys.readouterr().err.splitlines()[-1] == (
            f"desktop-app: --out {out} is the statement {which} that the workspace "
            "books.reconcile holds: the report would replace it; give the report another name"
        )
        assert out.read_bytes() == world.xlsx_path.read_bytes()
    with Workspace.open(books) as workspace:
        assert workspace.statement_files() == ("bank.xlsx",)


def test_held_lines_outside_the_period_are_matched_and_said_to_be(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace holds January's statement; February's run is given February's with
    --from/--to February. January's lines stay in the run, matched with February's
    invoices as the window matches every line it holds, so they are unmatched payments:
    the note on stderr says how many held lines are outside the period and what became of
    them, the Summary counts them naming the period, and each one's Discrepancies row
    says it is dated outside the period."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    january = write(tmp_path / "jan.csv", HEADER + "2025-01-05,Rent,-800\n2025-01-20,Tea,-3\n")
    february = write(tmp_path / "feb.csv", HEADER + "2025-02-10,Cake,-2\n")
    with Workspace.create(books) as workspace:
        store(workspace, january)
    out = tmp_path / "feb.xlsx"
    capsys.readouterr()
    code = run_cli(
        "reconcile", "--config", str(world.config), "--workspace", str(books),
        "--statement", str(february), "--currency", "GBP",
        "--from", "2025-02-01", "--to", "2025-02-28", "--out", str(out),
    )  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    said = (
        "desktop-app: note: 2 lines of the statements the workspace holds beyond those given "
        "are dated outside the period fetched, 2025-02-01 to 2025-02-28: they were matched "
        "with its invoices all the same, as the window matches them, and 2 that pay none are "
        "reported as unmatched payments (UNMATCHED_PAYMENT), perhaps for want of an invoice "
        "not fetched: give --from and --to taking in their dates to reconcile them"
    )
    assert [line for line in err if "note:" in line and "outside the period" in line] == [said]
    report = read_report(out)
    rows = [list(row) for row in report.sheet("Summary").iter_rows()]
    summary = {row[0]: row[1:] for row in cell_values(rows, 3)}
    count, note = summary["Lines outside the period"]
    assert count == 2
    assert note == (
        "dated outside the period fetched (2025-02-01 to 2025-02-28), and matched with its "
        "invoices all the same; 2 that pay none of them are UNMATCHED_PAYMENT on the "
        "Discrepancies sheet, perhaps for want of an invoice not fetched: fetch a period "
        "taking in their dates to reconcile them"
    )
    explained = {
        (record["Statement"].value, record["Row"].value): record["Explanation"].value
        for record in report.records("Discrepancies")
        if record["Type"].value == "UNMATCHED_PAYMENT"
    }
    outside = "; dated outside the period fetched (2025-02-01 to 2025-02-28)"
    assert all(outside in explained[("jan.csv", row)] for row in (2, 3))
    assert outside not in explained[("feb.csv", 2)]


def test_held_lines_outside_the_period_of_a_run_given_no_statement_are_not_beyond_any(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no --statement, the note spoke of lines "of the statements the workspace
    holds beyond those given" when none was given."""
    world, books = sandbox_env, tmp_path / "books.reconcile"
    january = write(tmp_path / "jan.csv", HEADER + "2025-01-05,Rent,-800\n2025-01-20,Tea,-3\n")
    with Workspace.create(books) as workspace:
        store(workspace, january)
    capsys.readouterr()
    code = run_cli(
        "reconcile", "--config", str(world.config), "--workspace", str(books),
        "--from", "2025-02-01", "--to", "2025-02-28", "--out", str(tmp_path / "feb.xlsx"),
    )  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    [said] = [line for line in err if "note:" in line and "outside the period" in line]
    assert said.startswith(
        "desktop-app: note: 2 lines of the statements the workspace holds are dated outside "
        "the period fetched, 2025-02-01 to 2025-02-28: "
    )
