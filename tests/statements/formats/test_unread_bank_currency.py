"""A bank format's unreadable currency code marks its lines, as a csv's currency cell does.

OFX's ``CURDEF`` or a transaction's ``CURSYM``, CAMT's ``Acct/Ccy`` or an entry's ``Amt
Ccy``, MT940's ``:60F:`` balance: where the code there is no currency ('EU$'), the lines
it is for stated their currency, unreadably. Unmarked, they were in no currency, like a
file's that states none: the run's default currency (``--currency``) was put on them and
the matcher paired them with invoices in it, or, with no default, in any currency. Marked
(``StatementLine.currency_cell``), they keep no currency and are matched with no invoice,
whatever the default; the warning names the row and the element; and a workspace gives
them out marked again after it was closed and opened (it stores no mark on the line).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop_app.domain import DiscrepancyType
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.statements import import_statement
from desktop_app.statements.formats import read_camt, read_mt940, read_ofx
from desktop_app.workspace import Workspace
from tests.matching.builders import invoice
from tests.statements.formats.test_camt import camt, entry, row_of
from tests.statements.formats.test_mt940 import statement
from tests.statements.formats.test_ofx import sgml, trn


def _ofx_of_unknown_statement_currency() -> str:
    return sgml(trn() + trn("100")).replace("<CURDEF>EUR", "<CURDEF>EU$")


def test_ofx_statement_currency_unreadable_marks_every_line() -> None:
    text = _ofx_of_unknown_statement_currency()
    parsed = read_ofx(text.encode(), "bank.ofx")
    assert [(line.currency, line.currency_cell) for line in parsed.lines] == [
        (None, "EU$"),
        (None, "EU$"),
    ]
    (warning,) = parsed.warnings
    assert (warning.row, warning.column) == (row_of(text, "<CURDEF>"), "CURDEF")
    assert "unknown currency code 'EU$'" in warning.message
    assert "matched with no invoice" in warning.message


def test_ofx_transaction_currency_unreadable_marks_that_line_alone() -> None:
    own = "<CURRENCY><CURRATE>1.0<CURSYM>EURO</CURRENCY>"
    odd = trn("100").replace("</STMTTRN>", own + "</STMTTRN>")
    text = sgml(trn() + odd)
    parsed = read_ofx(text.encode(), "bank.ofx")
    assert [(line.currency, line.currency_cell) for line in parsed.lines] == [
        ("EUR", ""),
        (None, "EURO"),
    ]
    (warning,) = parsed.warnings
    assert (warning.row, warning.column) == (parsed.lines[1].row, "CURSYM")


def test_camt_entry_currency_unreadable_marks_that_line_alone() -> None:
    text = camt(entry("10.00") + entry("20.00").replace('Ccy="EUR"', 'Ccy="EURO"'))
    parsed = read_camt(text.encode(), "bank.xml")
    assert [(line.currency, line.currency_cell) for line in parsed.lines] == [
        ("EUR", ""),
        (None, "EURO"),
    ]
    (warning,) = parsed.warnings
    assert (warning.row, warning.column) == (row_of(text, 'Ccy="EURO"'), "Amt Ccy")


def test_camt_account_currency_unreadable_marks_lines_without_their_own() -> None:
    text = camt(entry("10.00").replace(' Ccy="EUR"', "")).replace(
        "<Ccy>EUR</Ccy>", "<Ccy>XEU</Ccy>"
    )
    parsed = read_camt(text.encode(), "bank.xml")
    assert [(line.currency, line.currency_cell) for line in parsed.lines] == [(None, "XEU")]
    (warning,) = parsed.warnings
    assert (warning.row, warning.column) == (row_of(text, "<Stmt>"), "Acct/Ccy")


def test_mt940_balance_currency_unreadable_marks_the_statements_lines() -> None:
    text = statement(
        ":61:2403050305D12,50NTRFNONREF//B1\n:86:Rent\n",
        opening="C240301XYZ1000,00",
        closing="C240331XYZ987,50",
    )
    parsed = read_mt940(text.encode(), "bank.sta")
    assert [(line.currency, line.currency_cell) for line in parsed.lines] == [(None, "XYZ")]
    (warning,) = [w for w in parsed.warnings if "currency" in w.message]
    assert (warning.row, warning.column) == (4, ":60F:")


def test_the_default_currency_is_not_put_on_a_marked_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.ofx"
    path.write_text(_ofx_of_unknown_statement_currency(), encoding="ascii")
    result = import_statement(path, default_currency="EUR")
    assert {(line.currency, line.currency_cell) for line in result.lines} == {(None, "EU$")}


def test_a_marked_line_is_matched_with_no_invoice_after_a_workspace_reopens(
    tmp_path: Path,
) -> None:
    """The line pays the euro invoice to the cent and quotes its number: only the mark
    keeps it unmatched, in the workspace's lines as in the import's."""
    paid = invoice(currency="EUR", issue=date(2024, 3, 1))
    path = tmp_path / "bank.ofx"
    odd = trn(str(paid.gross.amount), posted="20240305", memo=paid.number)
    path.write_text(sgml(odd).replace("<CURDEF>EUR", "<CURDEF>EU$"), encoding="ascii")
    result = import_statement(path, default_currency="EUR")
    folder = tmp_path / "books.reconcile"
    with Workspace.create(folder) as workspace:
        workspace.add_statement(
            result.source_file, result.sha256, {"format": result.format}, result.lines
        )
    with Workspace.open(folder) as workspace:
        loaded = workspace.load_lines()
    assert [line.currency_cell for line in loaded] == ["EU$"]
    settings = MatchSettings(default_currency="EUR")
    ran = reconcile([paid], loaded, settings=settings)
    assert ran.matches == ()
    (unmatched,) = [d for d in ran.discrepancies if d.type is DiscrepancyType.UNMATCHED_PAYMENT]
    # said of the file's currency element, not of a column an OFX file does not have
    assert f"bank.ofx row {loaded[0].row} gives 'EU$' as its currency" in unmatched.explanation
    assert "column" not in unmatched.explanation
    unmarked = [replace(line, currency_cell="") for line in loaded]
    assert reconcile([paid], unmarked, settings=settings).matches  # the mark alone keeps it
