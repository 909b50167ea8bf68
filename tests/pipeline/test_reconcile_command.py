"""``desktop-app reconcile`` end to end: sandbox providers, planted statements, the report."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.domain import Direction, DiscrepancyType, InvoiceStatus
from desktop_app.statements.continuity import StatementSpan
from desktop_app.wording import day_text
from desktop_app.workspace import Workspace
from tests.export.readback import cell_values, read_report
from tests.pipeline.conftest import PERIOD, World
from tests.pipeline.statement_files import HEADER, write
from tests.statements.overlap_files import (
    ACCOUNT,
    BRIDGE_TITLE,
    FEBRUARY_BRIDGE,
    JANUARY_BRIDGE,
    write_overlapping,
)
from tests.workspace.read_only_disk import refuse_writes_in

pytestmark = pytest.mark.sandbox

RECONCILED_STATES = {"auto", "accepted", "manual"}


def sheet_rows(path: Path, name: str) -> list[dict[str, Any]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook[name].iter_rows(values_only=True))
    workbook.close()
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def reconcile(world: World, statement: Path, out: Path, *extra: str) -> int:
    return main(
        ["reconcile", "--config", str(world.config), "--statement", str(statement),
         "--out", str(out), *extra]
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_report_matches_the_planted_truth(
    sandbox_env: World, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    world = sandbox_env
    statement, rows = (
        (world.csv_path, world.csv_rows) if kind == "csv" else (world.xlsx_path, world.xlsx_rows)
    )
    out = tmp_path / "report.xlsx"
    # The planted invoices are those dated in the plan's period; payments follow them, so
    # the statement starts a few days later than the period: name the period explicitly.
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    assert reconcile(world, statement, out, *period, "--currency", "GBP") == 0
    assert "wrote" in capsys.readouterr().err

    workbook = openpyxl.load_workbook(out, read_only=True)
    assert workbook.sheetnames[:3] == ["Summary", "Discrepancies", "Matches"]
    workbook.close()

    matches = sheet_rows(out, "Matches")
    reconciled = {
        (m["Provider"], str(m["Invoice ID"]), m["Row"])
        for m in matches
        if str(m.get("State", "auto")).lower() in RECONCILED_STATES
    }
    expected = {
        (key.provider, key.invoice_id, rows[index]) for key, index in world.plan.expected_pairs()
    }
    missing, wrong = expected - reconciled, reconciled - expected
    assert len(missing) <= 0.02 * len(expected), f"planted payments not matched: {sorted(missing)}"
    assert len(wrong) <= 0.02 * len(reconciled), f"matches nobody planted: {sorted(wrong)}"

    reported = sheet_rows(out, "Discrepancies")
    by_invoice = {(d["Type"], str(d["Invoice ID"])) for d in reported if d["Invoice ID"]}
    by_row = {(d["Type"], d["Row"]) for d in reported if d["Row"]}
    for item in world.plan.discrepancies:
        if item.invoice is not None:
            assert (item.type.value, item.invoice.invoice_id) in by_invoice, item
        else:
            assert item.line_index is not None
            assert (item.type.value, rows[item.line_index]) in by_row, item
    counts = Counter(d["Type"] for d in reported)
    planted = world.plan.expected_types()
    assert (
        counts[DiscrepancyType.UNMATCHED_PAYMENT.value]
        == planted[DiscrepancyType.UNMATCHED_PAYMENT]
    )
    assert counts[DiscrepancyType.DUPLICATE_PAYMENT.value] >= 1


def test_verbose_logs_the_provider_requests_without_a_secret(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.xlsx"
    assert reconcile(sandbox_env, sandbox_env.csv_path, out, "--verbose") == 0
    err = capsys.readouterr().err
    assert "wrote" in err
    for request in (
        "Content Ignite (sandbox): GET /v1/billing/invoice: HTTP 200 OK in ",
        "Versori (sandbox): GET /organisations/",
        "Elevate (sandbox): POST /authenticate: HTTP 200 OK in ",
        "Elevate (sandbox): GET /invoices?page=1&pageSize=1000&sort=id",
    ):
        assert f"desktop-app: {request}" in err
    for secret in sandbox_env.sandbox.secret_environment().values():
        assert secret not in err
    assert "eyJ" not in err  # no token, not even the one Elevate's login handed out


def test_period_defaults_to_the_statements_date_range(sandbox_env: World, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert reconcile(sandbox_env, sandbox_env.csv_path, out) == 0
    invoices = sheet_rows(out, "Invoices")
    first = min(line.date for line in sandbox_env.plan.lines)
    last = max(line.date for line in sandbox_env.plan.lines)
    dates = [row["Invoice Date"] for row in invoices if row.get("Invoice Date")]
    assert dates
    assert all(first <= value.date() <= last for value in dates)


def test_the_summary_says_each_provider_was_fetched_for_the_period(
    sandbox_env: World, tmp_path: Path
) -> None:
    """``reconcile`` fetches every provider for its period or fails, so its Summary's
    "Invoices fetched by provider" lists each configured provider, in the config's order,
    fetched from --from to --to at the moment the report was generated, for this period,
    with no reason why not; and no provider is counted as not fetched. Read back cell by
    cell, formats included."""
    out = tmp_path / "report.xlsx"
    period = ["--from", "2025-01-01", "--to", "2025-03-31", "--currency", "GBP"]
    assert reconcile(sandbox_env, sandbox_env.csv_path, out, *period) == 0
    report = read_report(out)
    [generated] = [
        r[1] for r in report.sheet("Summary").iter_rows() if r[0].value == "Generated at"
    ]
    assert isinstance(generated.value, datetime)
    block = report.summary_block("Invoices fetched by provider")
    header, *rows = block
    assert [cell.value for cell in header[:6]] == [
        "Provider", "Fetched From", "Fetched To", "Fetched At", "For This Period", "Why Not",
    ]  # fmt: skip
    assert all(cell.font.bold for cell in header[:6])
    assert all(cell.value is None for row in block for cell in row[6:])
    names = ["Content Ignite (sandbox)", "Versori (sandbox)", "Elevate (sandbox)"]
    assert [row[0].value for row in rows] == names
    for row in rows:
        provider, start, end, at, for_period, why_not = row[:6]
        assert (start.value, end.value) == (datetime(2025, 1, 1), datetime(2025, 3, 31))
        assert start.number_format == end.number_format == "yyyy-mm-dd"
        assert at.value == generated.value  # one moment: the run's
        assert at.number_format == generated.number_format == 'yyyy-mm-dd hh:mm:ss "UTC"'
        assert (for_period.value, why_not.value) == ("yes", None), provider.value
    facts = [row[0].value for row in report.sheet("Summary").iter_rows()]
    assert "Providers not fetched for the period" not in facts


def test_lines_outside_the_period_that_each_pay_an_invoice_of_it_are_said_to(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """January's run (--to 2025-01-31) of a statement running into February, whose two
    February lines pay two of January's invoices, quoting their numbers: the lines are
    matched with the period's invoices all the same, and as none is left unmatched, the
    note on stderr and the Summary's "Lines outside the period" say each pays one of them
    (no UNMATCHED_PAYMENT to look at, no remedy to give)."""
    world = sandbox_env
    paid = [
        invoice
        for invoice in world.invoices
        if invoice.issue_date is not None
        and date(2025, 1, 1) <= invoice.issue_date <= date(2025, 1, 20)
        and invoice.status is InvoiceStatus.PAID
        and invoice.direction is Direction.RECEIVABLE
    ][:2]
    assert len(paid) == 2
    statement = write(
        tmp_path / "jan.csv",
        HEADER
        + "2025-01-25,Tea,-3.00\n"
        + "".join(
            f"2025-02-0{day},{invoice.number} payment,{invoice.gross.amount}\n"
            for day, invoice in zip((5, 6), paid, strict=True)
        ),
    )
    out = tmp_path / "january.xlsx"
    january = ["--from", "2025-01-01", "--to", "2025-01-31", "--currency", "GBP"]
    capsys.readouterr()
    assert reconcile(world, statement, out, *january) == 0
    err = capsys.readouterr().err.splitlines()
    said = (
        "desktop-app: note: 2 statement lines of the run are dated outside the period "
        "fetched, 2025-01-01 to 2025-01-31: they were matched with its invoices all the "
        "same, as the window matches them, and each pays one of them"
    )
    assert [line for line in err if "outside the period" in line] == [said]
    report = read_report(out)
    matched = {
        (row["Invoice Number"].value, row["Row"].value)
        for row in report.records("Matches")
        if row["State"].value == "auto"
    }
    assert matched == {(paid[0].number, 3), (paid[1].number, 4)}
    summary = {row[0]: row[1:] for row in cell_values(list(report.sheet("Summary").iter_rows()), 3)}
    count, note = summary["Lines outside the period"]
    assert count == 2
    assert note == (
        "dated outside the period fetched (2025-01-01 to 2025-01-31), and matched with its "
        "invoices all the same; each pays one of them"
    )


def test_bad_config_fails_with_one_line_and_no_report(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "providers.toml"
    config.write_text(sandbox_env.config.read_text() + '\ncolour = "blue"\n', encoding="utf-8")
    out = tmp_path / "report.xlsx"
    code = main(["reconcile", "--config", str(config), "--statement", str(sandbox_env.csv_path),
                 "--out", str(out)])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "colour" in err
    assert not out.exists()


def test_unreadable_statement_names_the_file_and_writes_nothing(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "march.xlsx"
    garbage.write_bytes(b"PK\x03\x04 this is not a workbook")
    out = tmp_path / "report.xlsx"
    assert reconcile(sandbox_env, garbage, out) == 1
    err = capsys.readouterr().err.strip()
    # Progress lines may precede it; the failure itself is one line, the last, no traceback.
    assert "Traceback" not in err
    assert "march.xlsx" in err.splitlines()[-1]
    assert not out.exists()


def test_provider_down_after_retries_fails_naming_it(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox_env.sandbox.faults.inject("versori", "503", times=50)
    out = tmp_path / "report.xlsx"
    try:
        code = reconcile(sandbox_env, sandbox_env.csv_path, out)
    finally:
        sandbox_env.sandbox.faults.clear()
    lines = [line for line in capsys.readouterr().err.splitlines() if "could not be read" in line]
    assert code == 1
    assert len(lines) == 1
    assert "Versori" in lines[0]
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "day", "statements_edge"),
    [
        ("--from", "2026-01-01", "last date, 2025-06-"),
        ("--to", "2024-12-01", "first date, 2025-01-"),
    ],
)
def test_one_bound_beyond_the_statements_range_is_a_usage_error(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    day: str,
    statements_edge: str,
) -> None:
    """The other bound defaults to the statements' range; when the two cross, the run
    stops before fetching, naming both dates and the option that would settle it."""
    out = tmp_path / "report.xlsx"
    assert reconcile(sandbox_env, sandbox_env.csv_path, out, option, day) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"desktop-app: {option} {day} is ")
    assert f"the statements' {statements_edge}" in err
    other = "--to" if option == "--from" else "--from"
    assert err.endswith(f"give {other} as well")
    assert not out.exists()


@pytest.mark.parametrize("command", ["reconcile", "fetch"])
def test_failed_providers_are_one_line_naming_each(
    sandbox_env: World, tmp_path: Path, command: str
) -> None:
    """Run as the user runs it, in its own process: pytest's log capture hid that each
    failure also reached stderr as an unprefixed log line, so it was reported twice."""
    for provider in ("content_ignite", "versori"):
        sandbox_env.sandbox.faults.inject(provider, "401", times=5)
    out = tmp_path / "report.xlsx"
    arguments = {
        "reconcile": ["--statement", str(sandbox_env.csv_path), "--out", str(out)],
        "fetch": ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()],
    }[command]
    try:
        result = subprocess.run(
            [sys.executable, "-m", "desktop_app", command,
             "--config", str(sandbox_env.config), *arguments],
            capture_output=True, text=True, check=False, timeout=120,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )  # fmt: skip
    finally:
        sandbox_env.sandbox.faults.clear()
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line for line in lines if not line.startswith("desktop-app: ")] == []
    (failure,) = [line for line in lines if "401" in line]
    assert failure == lines[-1]
    assert "Content Ignite (sandbox)" in failure
    assert "Versori (sandbox)" in failure
    assert not out.exists()


@pytest.mark.parametrize("with_workspace", [False, True])
def test_two_files_of_one_name_are_refused_naming_both(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], with_workspace: bool
) -> None:
    """Lines are known by file name and row, so two months' "statement.csv" from two
    folders would share every row's name: refused before fetching (it was a traceback
    from the matcher; with a workspace, a note that one was imported "on" today)."""
    jan, feb, copy = (tmp_path / name / "statement.csv" for name in ("jan", "feb", "copy"))
    for path, text in ((jan, "05/03/2025,Rent,-500.00"), (feb, "05/04/2025,Rent,-510.00")):
        path.parent.mkdir()
        path.write_text(f"Date,Description,Amount\n{text}\n", encoding="utf-8")
    copy.parent.mkdir()
    copy.write_bytes(jan.read_bytes())
    out = tmp_path / "report.xlsx"
    extra = ["--workspace", str(tmp_path / "books.reconcile")] if with_workspace else []
    base = ["reconcile", "--config", str(sandbox_env.config), "--currency", "GBP", *extra]
    code = main([*base, "--statement", str(jan), "--statement", str(feb), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1] == (
        f"desktop-app: {jan} and {feb} are different files of one name, statement.csv: "
        "the report names each line by its file's name and row, so rename one"
    )
    assert not any("fetching" in line for line in err)
    assert not out.exists()
    # An identical copy is the same statement, as a workspace takes it: its lines once.
    assert main([*base, "--statement", str(jan), "--statement", str(copy), "--out", str(out)]) == 0
    assert [row["Row"] for row in sheet_rows(out, "Statement lines")] == [2]


def test_unwritable_target_is_a_clear_error(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "report.xlsx"
    assert reconcile(sandbox_env, sandbox_env.csv_path, out) == 1
    assert "no-such-folder" in capsys.readouterr().err


def test_reversed_dates_are_a_usage_error(sandbox_env: World, tmp_path: Path) -> None:
    code = reconcile(sandbox_env, sandbox_env.csv_path, tmp_path / "r.xlsx",
                     "--from", "2025-06-01", "--to", "2025-01-01")  # fmt: skip
    assert code == 2


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert reconcile(sandbox_env, sandbox_env.csv_path, tmp_path / "r.xlsx") == 0
    err = capsys.readouterr().err
    assert "\r" not in err
    assert "importing statements" in err
    assert "fetching invoices" in err


@pytest.mark.parametrize("with_workspace", [False, True])
def test_overlapping_downloads_each_tie_their_bridge_and_name_their_account(
    sandbox_env: World, tmp_path: Path, with_workspace: bool
) -> None:
    """February's download repeats January's last movement. The run keeps it once, under
    January's row, yet each statement's bridge (opening + movements = closing) ties, and
    the Summary names the account each file states."""
    jan, feb = write_overlapping(tmp_path)
    out = tmp_path / "report.xlsx"
    extra = ["--workspace", str(tmp_path / "books.reconcile")] if with_workspace else []
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(jan),
         "--statement", str(feb), "--currency", "GBP", "--out", str(out), *extra]
    )  # fmt: skip
    assert code == 0
    report = read_report(out)
    used = {row[0]: row for row in cell_values(report.summary_block("Statements used"), 3)[1:]}
    assert used["jan.csv"][1:] == (ACCOUNT, 3)
    assert used["feb.csv"][1:] == (ACCOUNT, 3)
    bridge = {row[0]: row for row in cell_values(report.summary_block(BRIDGE_TITLE), 9)[1:]}
    assert bridge["jan.csv"][2:] == JANUARY_BRIDGE
    assert bridge["feb.csv"][2:] == FEBRUARY_BRIDGE
    # February opens where January stood before the day they share: no movement missing.
    title = "Statement continuity (each statement opens at the balance the one before it left)"
    continuity = cell_values(report.summary_block(title), 10)[1:]
    assert [(row[2], row[5], row[8], row[9]) for row in continuity] == [
        ("jan.csv", "feb.csv", 0, "yes")
    ]


@pytest.mark.parametrize("with_workspace", [False, True])
def test_movements_missing_between_two_statements_are_warned_of_and_reported(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    with_workspace: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """January's statement closes at 200.00; the next one held is March's, opening at
    1,950.00 (February's was never given). Each ties on its own; the run warns of the
    gap on stderr, as the Summary says it. The overlapping pair before it chains."""
    header = f"Account,{ACCOUNT}\n\nDate,Description,Amount,Currency,Balance\n"
    january = tmp_path / "jan.csv"
    january.write_text(header + "2025-01-05,Rent,-800.00,GBP,200.00\n", encoding="utf-8")
    march = tmp_path / "mar.csv"
    march.write_text(header + "2025-03-03,Tea,-3.00,GBP,1947.00\n", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    extra = ["--workspace", str(tmp_path / "books.reconcile")] if with_workspace else []
    placed: list[str] = []  # each statement placed for the comparison (its costly part)
    place = StatementSpan.of
    monkeypatch.setattr(
        StatementSpan, "of", lambda held: placed.append(held.statement.source_file) or place(held)
    )
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(march),
         "--statement", str(january), "--out", str(out), *extra]
    )  # fmt: skip
    assert code == 0
    assert sorted(placed) == ["jan.csv", "mar.csv"]  # once, for the warnings and the Summary
    said = (
        "mar.csv opens at £1,950.00 on 3 Mar 2025 but jan.csv closed at £200.00 on "
        "5 Jan 2025: £1,750.00 of movements are missing between them."
    )
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert warnings == [f"desktop-app: warning: movements missing between statements: {said}"]
    report = read_report(out)
    title = "Statement continuity (each statement opens at the balance the one before it left)"
    rows = cell_values(report.summary_block(title), 10)
    assert rows[1][2:] == (
        "jan.csv", datetime(2025, 1, 5), 200, "mar.csv", datetime(2025, 3, 3), 1950, 1750,
        "NO: movements missing",
    )  # fmt: skip
    assert rows[2][0] == said
    breaks = next(
        row for row in report.sheet("Summary").iter_rows()
        if row[0].value == "Breaks between statements"
    )  # fmt: skip
    assert breaks[1].value == 1


@pytest.mark.parametrize("with_workspace", [False, True])
def test_a_file_without_a_currency_beside_a_euro_account_is_not_compared_in_euros(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    with_workspace: bool,
) -> None:
    """A sterling account's January and February files (no currency column: --currency
    forgotten) beside a euro account's file stating EUR, no file naming its account.
    January's begins (2 Jan) before the euro file ends (16 Jan) and shares none of its
    movements: they are two accounts', not compared. It was: "jan.csv opens at
    €10,000.00 … €9,280.00 of movements are missing", the pound balance in euros. The
    sterling files are compared with each other: February opens 500.00 above January's
    closing, said in plain numbers, as their "Statements used" rows show them."""
    euros = tmp_path / "eur.csv"
    euros.write_text(
        "Date,Description,Amount,Currency,Balance\n"
        "02/01/2025,OPENING TRANSFER,100.00,EUR,100.00\n"
        "16/01/2025,EL-2025-00156 CUSTOMER 1012,620.00,EUR,720.00\n",
        encoding="utf-8",
    )
    january = tmp_path / "jan.csv"
    january.write_text(
        "Date,Description,Amount,Balance\n"
        "02/01/2025,BANK CHARGES,-12.00,9988.00\n"
        "10/01/2025,CUSTOMER 1047,276.62,10264.62\n"
        "20/01/2025,CUSTOMER 1050,632.00,10896.62\n",
        encoding="utf-8",
    )
    february = tmp_path / "feb.csv"
    february.write_text(
        "Date,Description,Amount,Balance\n03/02/2025,INTEREST,1.23,11397.85\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    extra = ["--workspace", str(tmp_path / "books.reconcile")] if with_workspace else []
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(january),
         "--statement", str(euros), "--statement", str(february), "--out", str(out), *extra]
    )  # fmt: skip
    assert code == 0
    breaks = [line for line in capsys.readouterr().err.splitlines() if "between statements" in line]
    assert len(breaks) == 1
    assert breaks[0].startswith(
        "desktop-app: warning: movements missing between statements: feb.csv opens at "
        "11,396.62 on 3 Feb 2025 but jan.csv closed at 10,896.62 on 20 Jan 2025: 500.00 of "
        "movements are missing between them."
    )
    report = read_report(out)
    title = "Statement continuity (each statement opens at the balance the one before it left)"
    block = report.summary_block(title)
    assert cell_values(block, 10)[1:2] == [
        ("(not named)", None, "jan.csv", datetime(2025, 1, 20), 10896.62, "feb.csv",
         datetime(2025, 2, 3), 11396.62, 500, "NO: movements missing"),
    ]  # fmt: skip
    assert all("€" not in cell.number_format for cell in block[1])
    assert "eur.csv" not in {cell.value for row in block for cell in row}
    summary = next(
        row for row in report.sheet("Summary").iter_rows()
        if row[0].value == "Breaks between statements"
    )  # fmt: skip
    assert summary[1].value == 1


@pytest.mark.parametrize("with_workspace", [False, True])
def test_two_clashing_files_alone_are_said_to_clash_on_the_summary(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    with_workspace: bool,
) -> None:
    """Only a sterling file without a currency column and a euro account's file, neither
    naming its account: their dates overlap and they share no movement, so they are not
    compared and nothing is warned of. Both state their balances: the Summary said "No
    two statements of one account state the balances to compare"; it says they clash."""
    euros = tmp_path / "eur.csv"
    euros.write_text(
        "Date,Description,Amount,Currency,Balance\n"
        "02/01/2025,OPENING TRANSFER,100.00,EUR,100.00\n"
        "16/01/2025,EL-2025-00156 CUSTOMER 1012,620.00,EUR,720.00\n",
        encoding="utf-8",
    )
    january = tmp_path / "jan.csv"
    january.write_text(
        "Date,Description,Amount,Balance\n"
        "02/01/2025,BANK CHARGES,-12.00,9988.00\n"
        "20/01/2025,CUSTOMER 1050,632.00,10620.00\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    extra = ["--workspace", str(tmp_path / "books.reconcile")] if with_workspace else []
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(january),
         "--statement", str(euros), "--out", str(out), *extra]
    )  # fmt: skip
    assert code == 0
    assert "between statements" not in capsys.readouterr().err
    title = "Statement continuity (each statement opens at the balance the one before it left)"
    assert cell_values(read_report(out).summary_block(title), 2) == [
        (
            (
                "jan.csv and eur.csv clash and are not compared: their dates overlap (2 Jan 2025 "
                "to 16 Jan 2025) yet they hold no movement in common, so they are not one "
                "account's consecutive statements."
            ),
            None,
        )
    ]


@pytest.mark.parametrize("with_workspace", [False, True])
def test_a_statement_given_again_under_another_name_is_said(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], with_workspace: bool
) -> None:
    """March saved twice ("march (1).csv") and exported again (Windows line endings):
    neither adds a line, as before, and each is said on stderr with the statement it
    is; with a workspace, one kept from an earlier run, with the day it came in. The
    run said nothing of them."""
    rows = "Date,Description,Amount,Currency\n2025-03-03,Coffee,-4.50,GBP\n"
    march = tmp_path / "march.csv"
    march.write_text(rows + "2025-03-04,Rent,-900.00,GBP\n", encoding="utf-8")
    copy = tmp_path / "march (1).csv"
    copy.write_bytes(march.read_bytes())
    export = tmp_path / "march-export.csv"
    export.write_bytes(march.read_bytes().replace(b"\n", b"\r\n"))
    books = tmp_path / "books.reconcile"
    extra = ["--workspace", str(books)] if with_workspace else []
    base = ["reconcile", "--config", str(sandbox_env.config), "--out", str(tmp_path / "r.xlsx")]
    given = [march]
    if with_workspace:  # March kept by an earlier run
        assert main([*base, *extra, "--statement", str(march)]) == 0
        capsys.readouterr()
        given = []
    statements = [arg for path in (*given, copy, export) for arg in ("--statement", str(path))]
    assert main([*base, *extra, *statements]) == 0
    when = "already imported"
    if with_workspace:
        with Workspace.open(books) as workspace:
            [held] = workspace.statements_of(["march.csv"])
        when = f"imported on {day_text(held.imported_at.astimezone().date())}"
    notes = [line for line in capsys.readouterr().err.splitlines() if "march.csv" in line]
    copied = f"march (1).csv is the same file as march.csv (2 lines), {when}: nothing added."
    exported = f"march-export.csv has the same 2 lines as march.csv, {when}: nothing added."
    assert notes == [f"desktop-app: note: {copied}", f"desktop-app: note: {exported}"]
    lines = sheet_rows(tmp_path / "r.xlsx", "Statement lines")
    assert len(lines) == 2


@pytest.mark.parametrize("with_workspace", [False, True])
def test_a_quiet_month_is_read_as_no_movements_not_a_failed_run(
    sandbox_env: World, tmp_path: Path, with_workspace: bool
) -> None:
    """A second account's export for a month without movements: its header and its
    balance rows. The run reads it as no movements beside the planted statement."""
    quiet = tmp_path / "savings-june.csv"
    quiet.write_text(
        "Date,Description,Amount,Balance\n"
        "01/06/2025,Opening balance,,5000.00\n"
        "30/06/2025,Closing balance,,5000.00\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    extra = ["--workspace", str(tmp_path / "books.reconcile")] if with_workspace else []
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(sandbox_env.csv_path),
         "--statement", str(quiet), "--currency", "GBP", "--out", str(out), *extra]
    )  # fmt: skip
    assert code == 0
    report = read_report(out)
    used = {row[0]: row for row in cell_values(report.summary_block("Statements used"), 3)[1:]}
    assert used["savings-june.csv"][2] == 0
    assert used[sandbox_env.csv_path.name][2] == len(sandbox_env.csv_rows)
    bridge = {row[0]: row for row in cell_values(report.summary_block(BRIDGE_TITLE), 9)[1:]}
    assert bridge["savings-june.csv"][2:] == (5000, 0, 0, 5000, 5000, 0, "yes")
    if with_workspace:  # kept with its balances, and taken out again without a word
        with Workspace.open(tmp_path / "books.reconcile") as workspace:
            [kept] = [s for s in workspace.statements() if s.source_file == quiet.name]
            assert (kept.line_count, kept.closing_balance) == (0, Decimal("5000.00"))
            assert workspace.remove_statement(quiet.name).lines_removed == 0
            assert quiet.name not in {s.source_file for s in workspace.statements()}


def test_statements_without_movements_and_no_period_are_a_usage_error(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The period defaults to the statements' dates; with no movement to take it from, a
    run without --from or --to would fetch every invoice issued before or after the one
    given (or ever). It stops before fetching and says what to give; with the period
    given, the same run is read."""
    quiet = tmp_path / "savings-june.csv"
    quiet.write_text(
        "Date,Description,Amount,Balance\n30/06/2025,Closing balance,,5000.00\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    arguments = ["reconcile", "--config", str(sandbox_env.config), "--statement", str(quiet),
                 "--currency", "GBP", "--out", str(out)]  # fmt: skip
    for one_bound in ([], ["--from", "2025-06-01"], ["--to", "2025-06-30"]):
        assert main([*arguments, *one_bound]) == 2
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert err == (
            "desktop-app: the statements hold no movements to take the period from: "
            "give --from and --to"
        )
        assert not out.exists()
    assert main([*arguments, "--from", "2025-06-01", "--to", "2025-06-30"]) == 0
    assert out.exists()


def _write_marked_copy(world: World, path: Path) -> None:
    """The planted statement as a Welsh bank's export: every amount unsigned beside its
    direction in Welsh, which the importer does not know: ALLAN (out) and MEWN (in)."""
    with world.csv_path.open(newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    with path.open("w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target)
        writer.writerow(["Date", "Description", "Amount", "Direction"])
        for date, description, amount, _balance in rows[1:]:
            writer.writerow([date, description, amount.lstrip("-"),
                             "ALLAN" if amount.startswith("-") else "MEWN"])  # fmt: skip


def _amounts(report: Path) -> dict[int, Decimal]:
    """Each statement row's amount as the report gives it (a number cell, exact in cents)."""
    return {
        row["Row"]: Decimal(str(row["Amount"])) for row in sheet_rows(report, "Statement lines")
    }


def _matched(report: Path) -> set[tuple[str, int]]:
    return {(str(row["Invoice ID"]), row["Row"]) for row in sheet_rows(report, "Matches")}


def test_a_statement_mapping_reads_a_bank_the_importer_cannot_know(
    sandbox_env: World, tmp_path: Path
) -> None:
    """With --mapping after its --statement, the marked copy is read as the planted
    statement is, and matched alike; without it, its payments come in as money received."""
    marked, mapping = tmp_path / "marked.csv", tmp_path / "directions.json"
    _write_marked_copy(sandbox_env, marked)
    mapping.write_text('{"indicator_signs": {"ALLAN": -1, "MEWN": 1}}', encoding="utf-8")
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat(), "--currency", "GBP"]
    planted, mapped, unmapped = (tmp_path / f"{name}.xlsx" for name in ("p", "m", "u"))
    assert reconcile(sandbox_env, sandbox_env.csv_path, planted, *period) == 0
    assert reconcile(sandbox_env, marked, mapped, "--mapping", str(mapping), *period) == 0
    assert reconcile(sandbox_env, marked, unmapped, *period) == 0
    assert _matched(mapped) == _matched(planted)
    assert _amounts(mapped) == _amounts(planted)
    misread = {row for row, amount in _amounts(planted).items() if amount < 0}
    assert misread  # the planted statement pays some invoices
    assert {row for row, amount in _amounts(unmapped).items() if amount > 0} >= misread
    assert _matched(unmapped) < _matched(planted)


def test_a_mapping_is_for_the_statement_just_before_it(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The marked copy with its mapping, then the planted statement without one: read
    alike, every planted line repeats the copy's (one file's lines are kept). Were the
    mapping also applied to the planted file, that file has no column of its marks and the
    run would fail; were it applied to neither, the files would differ in every payment."""
    marked, mapping = tmp_path / "marked.csv", tmp_path / "directions.json"
    _write_marked_copy(sandbox_env, marked)
    mapping.write_text('{"indicator_signs": {"ALLAN": -1, "MEWN": 1}}', encoding="utf-8")
    out = tmp_path / "report.xlsx"
    code = main(
        ["reconcile", "--config", str(sandbox_env.config), "--statement", str(marked),
         "--mapping", str(mapping), "--statement", str(sandbox_env.csv_path),
         "--currency", "GBP", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    assert f"{len(sandbox_env.csv_rows)} statement lines" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("order", "reason"),
    [
        (["--mapping", "M", "--statement", "S"], "--mapping M comes before any --statement"),
        (["--statement", "S", "--mapping", "M", "--mapping", "M"],
         "--statement S has two --mapping files"),
    ],
)  # fmt: skip
def test_a_misplaced_mapping_is_a_usage_error(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    order: list[str],
    reason: str,
) -> None:
    mapping = tmp_path / "directions.json"
    mapping.write_text('{"invert_sign": true}', encoding="utf-8")
    named = {"M": str(mapping), "S": str(sandbox_env.csv_path)}
    out = tmp_path / "report.xlsx"
    arguments = [named.get(item, item) for item in order]
    code = main(["reconcile", "--config", str(sandbox_env.config), *arguments, "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert reason.replace("M", str(mapping), 1).replace(" S ", f" {sandbox_env.csv_path} ") in err
    assert not out.exists()


def test_an_unreadable_mapping_names_its_file_and_statement(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "directions.json"
    mapping.write_text('{"indicator_signs": {"OUT": -1, ', encoding="utf-8")
    out = tmp_path / "report.xlsx"
    code = reconcile(sandbox_env, sandbox_env.csv_path, out, "--mapping", str(mapping))
    assert code == 1
    err = capsys.readouterr().err
    assert f"mapping {mapping} is not valid JSON" in err
    assert f"(for --statement {sandbox_env.csv_path})" in err
    assert not out.exists()


def test_a_default_start_says_how_many_payments_may_pay_earlier_invoices(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The planted invoices begin a few days before the statement's first line, so a run
    without --from leaves their payments unmatched. The Summary and the command's last
    line say how many payments received (money in, in a currency of the invoices) are
    unmatched in the period's first month, counted here from the report's own
    Discrepancies sheet: the unmatched money out there (fees, rent), which pays no
    invoice issued earlier, is not counted. A --from asked for gets no such note."""
    out = tmp_path / "report.xlsx"
    assert reconcile(sandbox_env, sandbox_env.csv_path, out, "--currency", "GBP") == 0
    err = capsys.readouterr().err
    first = min(line.date for line in sandbox_env.plan.lines)
    currencies = {row["Currency"] for row in sheet_rows(out, "Invoices")}
    unmatched = [
        row
        for row in sheet_rows(out, "Discrepancies")
        if row["Type"] == DiscrepancyType.UNMATCHED_PAYMENT.value
        and 0 <= (row["Statement Date"].date() - first).days < 31
    ]
    early = sum(
        1 for row in unmatched if row["Statement Amount"] > 0 and row["Currency"] in currencies
    )
    assert early > 0
    assert any(row["Statement Amount"] < 0 for row in unmatched)  # not counted
    summary = read_report(out)
    [period_from] = [r for r in summary.sheet("Summary").iter_rows() if r[0].value == "Period from"]
    assert period_from[1].value.date() == first
    assert (
        f", and {early} payments received in its first 31 days are unmatched"
        in period_from[2].value
    )
    assert f"note: {early} unmatched payments received in the month from {first}" in err

    asked = tmp_path / "asked.xlsx"
    assert reconcile(sandbox_env, sandbox_env.csv_path, asked, "--from", first.isoformat()) == 0
    assert "note:" not in capsys.readouterr().err
    [period_from] = [
        r for r in read_report(asked).sheet("Summary").iter_rows() if r[0].value == "Period from"
    ]
    assert period_from[2].value is None


def test_a_statement_the_workspace_holds_read_differently_is_refused(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The marked copy kept in a workspace as misread (no mapping: its payments taken as
    money received), then reconciled again with its mapping: the workspace keeps a file
    as first read, so the run would report the mapped reading and record its matches
    against the stored one. It is refused, saying how to read the file again; the same
    run without the mapping (the stored reading) goes through."""
    marked, mapping = tmp_path / "marked.csv", tmp_path / "directions.json"
    _write_marked_copy(sandbox_env, marked)
    mapping.write_text('{"indicator_signs": {"ALLAN": -1, "MEWN": 1}}', encoding="utf-8")
    books = tmp_path / "books.reconcile"
    first, again = tmp_path / "first.xlsx", tmp_path / "again.xlsx"
    keep = ["--workspace", str(books), "--currency", "GBP"]
    assert reconcile(sandbox_env, marked, first, *keep) == 0
    with Workspace.open(books) as workspace:
        stored = workspace.load_lines(marked.name)
        decided = len(workspace.audit())
    capsys.readouterr()

    assert reconcile(sandbox_env, marked, again, *keep, "--mapping", str(mapping)) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"desktop-app: {marked.name} is in the workspace books.reconcile as read")
    assert "read differently now (row " in err
    assert err.endswith(
        f"remove it from the workspace (desktop-app remove-statement --workspace {books} "
        f"{marked.name}, or Statements, Remove statement… in the window), then run again"
    )
    assert not again.exists()
    with Workspace.open(books) as workspace:
        assert workspace.load_lines(marked.name) == stored
        assert len(workspace.audit()) == decided

    assert reconcile(sandbox_env, marked, again, *keep) == 0


@pytest.mark.parametrize("target", ["--statement", "--config", "--mapping", "--workspace"])
def test_a_report_named_as_one_of_the_runs_inputs_is_refused_and_the_input_kept(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    """``--out`` naming the statement or the workspace replaced it with the workbook, and
    the run exited 0: the bank's file, or every decision, gone by a slip of the keyboard."""
    files = {
        "--statement": tmp_path / "statement.xlsx",
        "--config": tmp_path / "providers.xlsx",
        "--mapping": tmp_path / "mapping.xlsx",
        "--workspace": tmp_path / "books.xlsx",
    }
    files["--statement"].write_bytes(sandbox_env.xlsx_path.read_bytes())
    files["--config"].write_bytes(sandbox_env.config.read_bytes())
    files["--mapping"].write_text('{"invert_sign": false}', encoding="utf-8")
    assert reconcile(
        sandbox_env, files["--statement"], tmp_path / "first.xlsx",
        "--workspace", str(files["--workspace"]),
    ) == 0  # fmt: skip
    before = {option: path.read_bytes() for option, path in files.items()}
    code = main(
        ["reconcile", "--config", str(files["--config"]),
         "--statement", str(files["--statement"]), "--mapping", str(files["--mapping"]),
         "--workspace", str(files["--workspace"]), "--out", str(files[target])]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert f"--out {files[target]} is the file given to {target}" in err
    assert {option: path.read_bytes() for option, path in files.items()} == before


def test_a_report_named_through_a_link_to_the_statement_is_refused(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    statement = tmp_path / "statement.csv"
    statement.write_bytes(sandbox_env.csv_path.read_bytes())
    link = tmp_path / "latest.xlsx"
    link.symlink_to(statement)
    assert reconcile(sandbox_env, statement, link) == 2
    assert "is the file given to --statement" in capsys.readouterr().err
    assert statement.read_bytes() == sandbox_env.csv_path.read_bytes()
    assert link.is_symlink()


@pytest.mark.parametrize("name", ["report.csv", "report", "report.xls"])
def test_a_report_name_not_ending_in_xlsx_is_a_usage_error(
    sandbox_env: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """The workbook was written under any name: ``--out report.csv`` gave an xlsx file
    called .csv, which the file manager then opened in the wrong program."""
    out = tmp_path / name
    assert reconcile(sandbox_env, sandbox_env.csv_path, out) == 2
    assert "give a name ending in .xlsx" in capsys.readouterr().err
    assert not out.exists()


def test_an_upper_case_xlsx_name_is_a_report_name(sandbox_env: World, tmp_path: Path) -> None:
    out = tmp_path / "REPORT.XLSX"
    assert reconcile(sandbox_env, sandbox_env.csv_path, out) == 0
    assert sheet_rows(out, "Summary")


def test_reconcile_reads_a_guessed_date_order_as_statement_does(
    sandbox_env: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`statement` passed the system's locale to a guessed day/month order and
    `reconcile` did not, so the command that shows a file's layout read 01/02 as
    2 January where the one that reconciles it read 1 February."""
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    statement = tmp_path / "us.csv"
    statement.write_text(
        "Date,Description,Amount\n01/02/2025,CARD ONE,-1.11\n03/04/2025,CARD TWO,-2.22\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    assert reconcile(sandbox_env, statement, out, "--from", "2025-01-01", "--to", "2025-12-31") == 0
    dates = {
        row["Statement Amount"]: row["Statement Date"].date()
        for row in sheet_rows(out, "Discrepancies")
        if row.get("Statement Date")
    }
    assert dates == {-1.11: date(2025, 1, 2), -2.22: date(2025, 3, 4)}


def test_a_new_workspace_on_a_read_only_disk_is_one_line_naming_it(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It was a traceback naming the internal ``.creating-PID`` file (tester k, finding 3)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    path = folder / "new.reconcile"
    refuse_writes_in(folder, monkeypatch)
    out = tmp_path / "report.xlsx"
    assert reconcile(sandbox_env, sandbox_env.csv_path, out, "--workspace", str(path)) == 1
    err = capsys.readouterr().err
    assert err == (
        f"desktop-app: cannot create workspace {path}: the disk it is on is read-only; "
        "choose a folder you can write to.\n"
    )
    assert not out.exists()
