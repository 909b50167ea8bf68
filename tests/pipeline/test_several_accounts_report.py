"""A statement file of several accounts (a CAMT.053 with a sterling and a euro account's
<Stmt>, an MT940 of two accounts' statements) in the report: the balance bridge has a row
per account with that account's opening, movements and closing in its currency, "Statements
used" a row per account, and the window's report names the accounts as ``reconcile``'s
does, whether the file was just imported or is held in a workspace (tester's F4).

Before, the bridge stated no row for such a file, "Statements used" gave it the currency
most of its lines are in (EUR for a GBP + EUR file) and no balances, and the window's
report of a workspace left its Account empty while ``reconcile`` named both."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.domain import CancelToken, FetchPeriod, no_progress
from desktop_app.secrets import InMemoryKeyring, KeyringSecretSource
from desktop_app.statements import import_statement
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.workspace import RecentWorkspaces, Workspace, file_sha256
from tests.export.readback import Report, read_report
from tests.pipeline.conftest import World
from tests.pipeline.statement_files import write

pytestmark = pytest.mark.sandbox

PERIOD = FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))
GBP_IBAN = "GB29NWBK60161331926819"
EUR_IBAN = "DE89370400440532013000"
BRIDGE = "Balance bridge (opening + matched + unmatched movements = closing)"
USED = "Statements used"


def _entry(day: str, amount: str, currency: str) -> str:
    mark = "DBIT" if amount.startswith("-") else "CRDT"
    return (
        f'<Ntry><Amt Ccy="{currency}">{amount.lstrip("-")}</Amt><CdtDbtInd>{mark}</CdtDbtInd>'
        f"<Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt>"
        "<NtryDtls><TxDtls><RmtInf><Ustrd>TRANSFER</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
    )


def _stmt(number: str, iban: str, currency: str, opening: str, closing: str, entries: str) -> str:
    balance = (
        '<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="{currency}">{amount}</Amt>'
        "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>\n"
    )
    return (
        f"<Stmt><Id>{number}</Id>\n"
        "<FrToDt><FrDtTm>2025-11-01T00:00:00</FrDtTm><ToDtTm>2025-11-30T23:59:59</ToDtTm></FrToDt>\n"
        f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>{currency}</Ccy></Acct>\n"
        + balance.format(code="OPBD", currency=currency, amount=opening, day="2025-11-01")
        + balance.format(code="CLBD", currency=currency, amount=closing, day="2025-11-30")
        + entries
        + "</Stmt>\n"
    )


def two_account_camt(path: Path) -> Path:
    """A sterling account's statement (two entries) and a euro account's (three: most of
    the file's lines are in euros), each stating balances that tie."""
    pounds = _entry("2025-11-03", "451.67", "GBP") + _entry("2025-11-26", "-25.00", "GBP")
    euros = (
        _entry("2025-11-04", "-50.00", "EUR")
        + _entry("2025-11-05", "-10.00", "EUR")
        + _entry("2025-11-06", "5.00", "EUR")
    )
    return write(
        path,
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n'
        "<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2025-12-01T06:00:00</CreDtTm></GrpHdr>\n"
        + _stmt("S1", GBP_IBAN, "GBP", "1000.00", "1426.67", pounds)
        + _stmt("S2", EUR_IBAN, "EUR", "200.00", "145.00", euros)
        + "</BkToCstmrStmt></Document>\n",
    )


def two_account_mt940(path: Path) -> Path:
    """A euro account's statement and a sterling account's, one movement each."""
    return write(
        path,
        ":20:STMT1\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C251031EUR200,00\n"
        ":61:2511031103D13,57NTRFNONREF\n:86:Tea\n:62F:C251103EUR186,43\n-\n"
        ":20:STMT2\n:25:GB29NWBK60161331926819\n:28C:1/1\n:60F:C251031GBP1000,00\n"
        ":61:2511041104C21,13NTRFNONREF\n:86:Refund\n:62F:C251104GBP1021,13\n-\n",
    )


# Each file's bridge rows, cell by cell ("Statements used": ``_used``). No movement pays
# an invoice of the sandbox's: each is unmatched.
CAMT_BRIDGE = [
    ("two.camt.xml", "GBP", 1000, 0, 426.67, 1426.67, 1426.67, 0, "yes", GBP_IBAN),
    ("two.camt.xml", "EUR", 200, 0, -55, 145, 145, 0, "yes", EUR_IBAN),
]
MT940_BRIDGE = [
    ("two.sta", "EUR", 200, 0, -13.57, 186.43, 186.43, 0, "yes", EUR_IBAN),
    ("two.sta", "GBP", 1000, 0, 21.13, 1021.13, 1021.13, 0, "yes", GBP_IBAN),
]
BRIDGE_HEADER = (
    "Statement", "Currency", "Opening Balance", "Matched Movements", "Unmatched Movements",
    "Computed Closing", "Stated Closing", "Difference", "Ties", "Account",
)  # fmt: skip
USED_HEADER = (
    "File", "Account", "Rows", "Currency", "Opening Balance", "Closing Balance", "SHA-256",
)  # fmt: skip


def _used(path: Path) -> list[tuple[Any, ...]]:
    sha = file_sha256(path)
    if path.suffix == ".xml":
        return [
            (path.name, GBP_IBAN, 2, "GBP", 1000, 1426.67, sha),
            (path.name, EUR_IBAN, 3, "EUR", 200, 145, sha),
        ]
    return [
        (path.name, EUR_IBAN, 1, "EUR", 200, 186.43, sha),
        (path.name, GBP_IBAN, 1, "GBP", 1000, 1021.13, sha),
    ]


def _values(report: Report, title: str, width: int) -> list[tuple[Any, ...]]:
    return [tuple(cell.value for cell in row[:width]) for row in report.summary_block(title)]


def _formats(report: Report, title: str, width: int) -> list[tuple[str, ...]]:
    return [
        tuple(cell.number_format for cell in row[:width]) for row in report.summary_block(title)
    ]


def _cli(world: World, out: Path, *args: str) -> Report:
    code = main(
        ["reconcile", "--config", str(world.config), "--out", str(out),
         "--from", PERIOD.start.isoformat(), "--to", PERIOD.end.isoformat(), *args]
    )  # fmt: skip
    assert code == 0
    return read_report(out)


def _engine(world: World, folder: Path) -> EngineServices:
    settings = ProviderSettings(world.config, KeyringSecretSource(backend=InMemoryKeyring()))
    return EngineServices(settings, WorkspaceBackend(RecentWorkspaces(folder / "config")))


def _window(world: World, out: Path, statement: Path | None, books: Path | None) -> Report:
    """What the window exports: the statement imported (into the workspace ``books``
    where given, else held in the session), the period fetched, matched and exported."""
    out.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(world, out.parent)
    try:
        if books is not None:
            engine.open_workspace(books, create=not books.exists())
        imported = ()
        if statement is not None:
            imported = engine.import_statement(statement, None, no_progress, CancelToken()).lines
        fetched = asyncio.run(
            engine.fetch_invoices(PERIOD.start, PERIOD.end, no_progress, CancelToken())
        )
        assert not fetched.failures
        decisions = engine.decisions()
        lines = engine.open_workspace(books).lines if books is not None else imported
        run = engine.reconcile(fetched.invoices, lines, decisions, no_progress, CancelToken())
        path = engine.export_report(run, decisions, out, no_progress, CancelToken(), PERIOD)
        return read_report(path)
    finally:
        asyncio.run(engine.aclose())


@pytest.mark.parametrize(
    ("make", "name", "bridge"),
    [(two_account_camt, "two.camt.xml", CAMT_BRIDGE), (two_account_mt940, "two.sta", MT940_BRIDGE)],
)
def test_each_account_of_the_file_has_its_bridge_row_and_statement_row(
    sandbox_env: World, tmp_path: Path, make: Any, name: str, bridge: list[tuple[Any, ...]]
) -> None:
    statement = make(tmp_path / name)
    reports = {
        "reconcile": _cli(sandbox_env, tmp_path / "cli.xlsx", "--statement", str(statement)),
        "reconcile --workspace": _cli(
            sandbox_env,
            tmp_path / "cli-books.xlsx",
            "--statement",
            str(statement),
            "--workspace",
            str(tmp_path / "cli.reconcile"),
        ),
        # held in the workspace now, not given: read back from what it stored
        "reconcile --workspace, held": _cli(
            sandbox_env,
            tmp_path / "cli-held.xlsx",
            "--workspace",
            str(tmp_path / "cli.reconcile"),
        ),
        "window": _window(
            sandbox_env, tmp_path / "window" / "w.xlsx", statement, tmp_path / "w.reconcile"
        ),
        "window, reopened": _window(
            sandbox_env, tmp_path / "window2" / "w.xlsx", None, tmp_path / "w.reconcile"
        ),
        "window, no workspace": _window(
            sandbox_env, tmp_path / "session" / "w.xlsx", statement, None
        ),
    }
    for how, report in reports.items():
        assert _values(report, BRIDGE, 11) == [BRIDGE_HEADER, *bridge], how
        assert _values(report, USED, 7)[1:] == _used(statement), how
        assert _values(report, USED, 7)[0] == USED_HEADER, how
        # each account's amounts in its own currency
        formats = _formats(report, BRIDGE, 10)[1:]
        assert [("£" in row[2], "€" in row[2]) for row in formats] == [
            (currency == "GBP", currency == "EUR") for _, currency, *_ in bridge
        ], how
    cli = reports["reconcile"]
    for how, report in reports.items():
        for title in (BRIDGE, USED):
            assert _values(report, title, 11) == _values(cli, title, 11), how
            assert _formats(report, title, 11) == _formats(cli, title, 11), how


def test_a_file_of_several_accounts_stored_before_still_exports(
    sandbox_env: World, tmp_path: Path
) -> None:
    """A workspace that stored the file before its accounts were kept (a layout naming
    its format alone, each line's account key kept as it was): its report is today's,
    no bridge row for the file and one "Statements used" row naming no account, from the
    window and ``reconcile --workspace`` alike."""
    camt = two_account_camt(tmp_path / "two.camt.xml")
    imported = import_statement(camt)
    books = {}
    for how in ("cli", "window"):
        books[how] = tmp_path / f"{how}.reconcile"
        with Workspace.create(books[how]) as workspace:
            workspace.add_statement(
                camt.name,
                file_sha256(camt),
                {"format": imported.format},
                imported.lines,
                line_accounts=imported.line_accounts,
            )
    cli = _cli(sandbox_env, tmp_path / "cli.xlsx", "--workspace", str(books["cli"]))
    window = _window(sandbox_env, tmp_path / "window" / "w.xlsx", None, books["window"])
    for report in (cli, window):
        assert _values(report, BRIDGE, 2) == [
            ("No statement states its balances, so there is no bridge.", None)
        ]
        assert _values(report, USED, 7)[1:] == [
            # its one row holds both accounts' lines: both currencies are named
            ("two.camt.xml", None, 5, "EUR, GBP", None, None, file_sha256(camt))
        ]


def test_a_one_account_file_keeps_its_one_row_and_no_account_column(
    sandbox_env: World, tmp_path: Path
) -> None:
    """A CAMT of one account: one bridge row, of the bridge's nine columns, as before."""
    camt = write(
        tmp_path / "one.camt.xml",
        two_account_camt(tmp_path / "two.camt.xml")
        .read_text(encoding="utf-8")
        .split("<Stmt><Id>S2")[0]
        + "</BkToCstmrStmt></Document>\n",
    )
    report = _cli(sandbox_env, tmp_path / "one.xlsx", "--statement", str(camt))
    bridge = [
        tuple(cell.value for cell in row if cell.value is not None)
        for row in report.summary_block(BRIDGE)
    ]
    assert bridge == [
        BRIDGE_HEADER[:9],
        ("one.camt.xml", "GBP", 1000, 0, 426.67, 1426.67, 1426.67, 0, "yes"),
    ]
    assert _values(report, USED, 7)[1:] == [
        ("one.camt.xml", GBP_IBAN, 2, "GBP", 1000, 1426.67, file_sha256(camt))
    ]


def test_an_account_column_naming_two_accounts_is_named_alike_on_every_path(
    sandbox_env: World, tmp_path: Path
) -> None:
    """A csv export whose Account column names two accounts (each line its own): its
    "Statements used" row names both, whether the file was just imported (``reconcile``,
    the window without a workspace) or is held in a workspace (``reconcile --workspace``
    on the file it holds, the window of a workspace). Before, the workspace's report
    named no account, the statement's own account being none."""
    statement = write(
        tmp_path / "two-accounts.csv",
        "Date,Description,Amount,Currency,Account Number\n"
        "2025-11-03,TRANSFER,10.00,GBP,11111111\n"
        "2025-11-04,TRANSFER,-5.00,GBP,22222222\n"
        "2025-11-05,TRANSFER,7.00,GBP,11111111\n",
    )
    books = tmp_path / "cli.reconcile"
    given = ("--statement", str(statement), "--workspace", str(books))
    reports = {
        "reconcile": _cli(sandbox_env, tmp_path / "cli.xlsx", "--statement", str(statement)),
        "reconcile --workspace": _cli(sandbox_env, tmp_path / "cli-books.xlsx", *given),
        "reconcile --workspace, held": _cli(
            sandbox_env, tmp_path / "cli-held.xlsx", "--workspace", str(books)
        ),
        "window": _window(
            sandbox_env, tmp_path / "window" / "w.xlsx", statement, tmp_path / "w.reconcile"
        ),
        "window, reopened": _window(
            sandbox_env, tmp_path / "window2" / "w.xlsx", None, tmp_path / "w.reconcile"
        ),
        "window, no workspace": _window(
            sandbox_env, tmp_path / "session" / "w.xlsx", statement, None
        ),
    }
    for how, report in reports.items():
        [(name, account, rows, *_)] = _values(report, USED, 7)[1:]
        assert (name, account, rows) == ("two-accounts.csv", "11111111; 22222222", 3), how
