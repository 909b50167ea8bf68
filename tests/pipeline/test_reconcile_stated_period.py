"""``desktop-app reconcile`` without --from/--to fetches the period the statements cover:
the one a statement states (CAMT's FrToDt) where it states one, not its first and last
movement; a statement of movements alone covers their dates, a stray one not stretching
them. A statement of "1 to 30 November" whose first movement is on 3 November must fetch
the invoices issued on 1 November, or their payments show as unmatched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain import FetchPeriod
from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace, file_sha256
from tests.export.readback import read_report
from tests.pipeline.conftest import World
from tests.pipeline.statement_files import HEADER, write

pytestmark = pytest.mark.sandbox

IBAN = "GB29NWBK60161331926819"


def _entry(day: date, amount: str) -> str:
    mark = "CRDT" if not amount.startswith("-") else "DBIT"
    return (
        f'<Ntry><Amt Ccy="GBP">{amount.lstrip("-")}</Amt><CdtDbtInd>{mark}</CdtDbtInd>'
        f"<Sts>BOOK</Sts><BookgDt><Dt>{day.isoformat()}</Dt></BookgDt>"
        "<NtryDtls><TxDtls><RmtInf><Ustrd>TRANSFER</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
    )


def november_camt(path: Path) -> Path:
    """A CAMT.053 stating 1 to 30 November 2025, its movements on 3 and 26 November."""
    entries = _entry(date(2025, 11, 3), "451.67") + _entry(date(2025, 11, 26), "-25.00")
    return write(
        path,
        f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2025-12-01T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id>
<FrToDt><FrDtTm>2025-11-01T00:00:00</FrDtTm><ToDtTm>2025-11-30T23:59:59</ToDtTm></FrToDt>
<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>GBP</Ccy></Acct>
{entries}
</Stmt></BkToCstmrStmt></Document>
""",
    )


def run(world: World, out: Path, *args: str) -> None:
    code = main(["reconcile", "--config", str(world.config), "--out", str(out), *args])
    assert code == 0


def period_cells(out: Path) -> tuple[date, date]:
    """The Summary's "Period from" and "Period to": the invoices' period fetched."""
    rows = {row[0].value: row[1].value for row in read_report(out).sheet("Summary").iter_rows()}
    return rows["Period from"].date(), rows["Period to"].date()


NOVEMBER = (date(2025, 11, 1), date(2025, 11, 30))


def test_a_statement_stating_its_period_fetches_that_period(
    sandbox_env: World, tmp_path: Path
) -> None:
    statement = november_camt(tmp_path / "nov.camt.xml")
    out = tmp_path / "nov.xlsx"
    run(sandbox_env, out, "--statement", str(statement))
    assert period_cells(out) == NOVEMBER


def test_the_stated_period_is_kept_with_a_statement_the_workspace_holds(
    sandbox_env: World, tmp_path: Path
) -> None:
    """Run once to keep the CAMT in the workspace; run again on the workspace alone (the
    statement is held, not given): the period is still the one the file states."""
    books = tmp_path / "books.reconcile"
    statement = november_camt(tmp_path / "nov.camt.xml")
    run(
        sandbox_env,
        tmp_path / "first.xlsx",
        "--statement",
        str(statement),
        "--workspace",
        str(books),
    )
    out = tmp_path / "again.xlsx"
    run(sandbox_env, out, "--workspace", str(books))
    assert period_cells(out) == NOVEMBER
    with Workspace.open(books) as workspace:
        assert workspace.fetch_period() == FetchPeriod(*NOVEMBER)


def test_a_csv_states_no_period_and_covers_its_movements(
    sandbox_env: World, tmp_path: Path
) -> None:
    statement = write(tmp_path / "nov.csv", HEADER + "2025-11-04,Tea,-3\n2025-11-20,Fee,-5\n")
    out = tmp_path / "run.xlsx"
    run(sandbox_env, out, "--statement", str(statement), "--currency", "GBP")
    assert period_cells(out) == (date(2025, 11, 4), date(2025, 11, 20))


def test_a_statement_stored_before_the_period_was_kept_covers_its_movements(
    sandbox_env: World, tmp_path: Path
) -> None:
    """A CAMT a workspace kept with no stated period in its layout (as every statement
    stored before it was kept) is placed by its movements, 3 to 26 November."""
    books = tmp_path / "books.reconcile"
    camt = november_camt(tmp_path / "nov.camt.xml")
    with Workspace.open_or_create(books) as workspace:
        lines = import_statement(camt).lines
        workspace.add_statement(camt.name, file_sha256(camt), {"format": "camt.053"}, lines)
    statement = write(tmp_path / "dec.csv", HEADER + "2025-12-02,Tea,-3\n")
    out = tmp_path / "run.xlsx"
    run(sandbox_env, out, "--statement", str(statement), "--workspace", str(books))
    assert period_cells(out) == (date(2025, 11, 3), date(2025, 12, 2))


def test_a_stray_date_does_not_stretch_the_period(sandbox_env: World, tmp_path: Path) -> None:
    """A row dated far out of sequence among a statement's rows (a date the bank wrote the
    other way round, read as April) places nothing: the period is the other rows'."""
    rows = "2025-11-03,Tea,-3\n2025-11-10,Rent,-800\n2025-04-11,Card,-9\n2025-11-24,Fee,-5\n"
    statement = write(tmp_path / "nov.csv", HEADER + rows)
    out = tmp_path / "run.xlsx"
    run(sandbox_env, out, "--statement", str(statement), "--currency", "GBP")
    assert period_cells(out) == (date(2025, 11, 3), date(2025, 11, 24))
