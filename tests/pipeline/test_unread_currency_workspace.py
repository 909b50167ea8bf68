"""``reconcile --workspace`` keeps a line of unreadable currency out of matching on its
next run too, however the statement was read.

A line whose currency cell names no currency ('EURO') is matched with no invoice; the
workspace stores its raw cells and the statement's layout, and marks it again as it loads
it. The first run imports the file (read as detected, or through a ``--mapping``, csv or
xlsx) into the workspace; the second gives no statement, so it matches the lines the
workspace loads, and the line must still be left unmatched, saying why, rather than paid
to the open pound invoice whose number and amount it quotes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.domain import Direction, Invoice, InvoiceStatus
from tests.export.readback import read_report
from tests.pipeline.conftest import PERIOD, World

pytestmark = pytest.mark.sandbox

EURO_ROW = 3  # the header is row 1, in the csv's lines as in the worksheet's rows


def _open_pound_invoice(world: World) -> Invoice:
    return next(
        i
        for i in world.invoices
        if i.expects_payment
        and i.status is InvoiceStatus.OPEN
        and i.direction is Direction.RECEIVABLE
        and i.currency == "GBP"
        and i.issue_date is not None
        and PERIOD[0] <= i.issue_date <= PERIOD[1] - timedelta(days=20)
    )


def _rows(paid: Invoice, currencies: Sequence[str]) -> list[list[str]]:
    assert paid.issue_date is not None
    day = str(paid.issue_date + timedelta(days=5))
    texts = [("Tea", "-3.00"), (paid.number, str(paid.gross.amount)), ("Coffee", "-4.00")]
    return [
        [day, text, amount, code] for (text, amount), code in zip(texts, currencies, strict=True)
    ]


def _csv(folder: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    path = folder / "bank.csv"
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path


def _xlsx(folder: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Transactions"
    sheet.append(list(header))
    for day, text, amount, code in rows:
        sheet.append([date.fromisoformat(day), text, float(amount), code])
    path = folder / "bank.xlsx"
    book.save(path)
    return path


def _run(world: World, folder: Path, out: str, *options: str) -> Path:
    report = folder / out
    period = ["--from", PERIOD[0].isoformat(), "--to", PERIOD[1].isoformat()]
    books = ["--workspace", str(folder / "books.reconcile")]
    arguments = ["reconcile", "--config", str(world.config), *options, *books, *period]
    assert main([*arguments, "--out", str(report)]) == 0
    return report


Write = Callable[[Path, Sequence[str], Sequence[Sequence[str]]], Path]
# The currency column's header, whether a mapping names it, and how the file is written.
CASES: dict[str, tuple[str, bool, Write]] = {
    "xlsx as detected": ("Currency", False, _xlsx),
    "csv with --mapping": ("Code", True, _csv),
    "xlsx with --mapping": ("Code", True, _xlsx),
}


@pytest.mark.parametrize(("header", "mapped", "write"), CASES.values(), ids=CASES.keys())
def test_the_next_run_over_the_workspace_leaves_the_line_unmatched(
    sandbox_env: World, tmp_path: Path, header: str, mapped: bool, write: Write
) -> None:
    paid = _open_pound_invoice(sandbox_env)
    # A 'Code' column of too few codes for detection: only the mapping makes it the
    # currency column, so the mark depends on the mapping's reading being the one kept.
    currencies = ["GBP", "EURO", "N/A"] if mapped else ["GBP", "EURO", "GBP"]
    path = write(tmp_path, ["Date", "Description", "Amount", header], _rows(paid, currencies))
    options = ["--statement", str(path)]
    if mapped:
        mapping = tmp_path / "mapping.json"
        mapping.write_text(json.dumps({"columns": {"currency": header}}), encoding="utf-8")
        options += ["--mapping", str(mapping)]
    first = _run(sandbox_env, tmp_path, "first.xlsx", *options, "--currency", "GBP")
    again = _run(sandbox_env, tmp_path, "again.xlsx", "--currency", "GBP")

    for report in (read_report(first), read_report(again)):
        assert all(row["Row"].value != EURO_ROW for row in report.records("Matches"))
        (row,) = [r for r in report.records("Discrepancies") if r["Row"].value == EURO_ROW]
        assert row["Type"].value == "UNMATCHED_PAYMENT"
        assert row["Currency"].value is None
        assert f"{path.name} row 3 gives 'EURO' as its currency" in row["Explanation"].value
