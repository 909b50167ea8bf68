"""A bank's "Excel" download that is a web page (an HTML table named .xls) is refused,
with one message naming the file and how to get a file that reads, on every path that
reads a file: the import, the table the wizard maps by hand, the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.statements import StatementImportError, import_statement
from desktop_app.statements.importer import read_table

TABLE = (
    "<table>\n<tr><th>Date</th><th>Description</th><th>Amount</th><th>Balance</th></tr>\n"
    "<tr><td>01/12/2025</td><td>EL-2025-00172 CUSTOMER 1019</td><td>1,828.85</td>"
    "<td>1,828.85</td></tr>\n"
    "<tr><td>02/12/2025</td><td>COFFEE</td><td>-3.50</td><td>1,825.35</td></tr>\n</table>\n"
)
PAGES = {
    "html": f"<html><head><meta charset='utf-8'></head><body>{TABLE}</body></html>".encode(),
    "doctype": f"\ufeff  \r\n<!DOCTYPE HTML>\n<HTML><BODY>{TABLE}</BODY></HTML>".encode(),
    "table": f"\n\t<TABLE border=1>{TABLE}".encode(),
    "utf-16": f"\ufeff<html><body>{TABLE}</body></html>".encode("utf-16-le"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_web_page_named_xls_is_refused_saying_what_to_do(tmp_path: Path, page: str) -> None:
    path = tmp_path / "bank-export.xls"
    path.write_bytes(PAGES[page])
    for read in (import_statement, read_table):
        with pytest.raises(StatementImportError) as raised:
            read(path)
        message = str(raised.value)
        assert message.startswith("bank-export.xls: cannot be imported: it is a web page")
        assert ".xlsx or .csv" in message
        assert "<td>" not in message
        assert "no column holds dates" not in message


def test_the_command_line_says_it_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bank-export.xls"
    path.write_bytes(PAGES["html"])
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "statement", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "bank-export.xls: cannot be imported: it is a web page (HTML)" in line


def test_a_csv_mentioning_tags_is_read(tmp_path: Path) -> None:
    path = tmp_path / "statement.csv"
    path.write_text("Date,Description,Amount\n03/12/2025,<table> shop,-5.00\n")
    assert [line.description for line in import_statement(path).lines] == ["<table> shop"]
