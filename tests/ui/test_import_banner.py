"""The banner after an import says what its warnings come to: the rows no line was read
from, counted as skipped, and apart from them the notes that skip no row (on the file as
a whole, on a line read all the same, or on a row that states a balance). Real csv and
xlsx files through the real window and engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

HEADER = "Date,Description,Amount,Balance"
# A balance column that is no running balance of the amounts: a note on the file.
UNUSED_BALANCE = (
    "2024-01-02,A,-1.00,100.00",
    "2024-01-03,B,n/a,90.00",
    "2024-01-04,C,-3.00,500.00",
    "2024-01-05,D,oops,20.00",
    "2024-01-06,E,-5.00,7.00",
    "2024-01-07,F,-6.00,300.00",
    "2024-01-08,G,-7.00,1.00",
)
# A running balance that breaks once, at a line that is read all the same.
ONE_BREAK = (
    "2024-01-02,A,-1.00,99.00",
    "2024-01-03,B,-2.00,97.00",
    "2024-01-04,C,-3.00,94.00",
    "2024-01-05,D,-4.00,50.00",
    "2024-01-06,E,-5.00,45.00",
    "2024-01-07,F,-6.00,39.00",
    "2024-01-08,G,-7.00,32.00",
)


@pytest.fixture
def window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[MainWindow]:
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        yield window


@pytest.mark.parametrize(
    ("rows", "title", "first"),
    [
        (
            UNUSED_BALANCE,
            "bank.csv: 2 rows skipped, 1 note",
            "bank.csv row 3 column Amount: 'n/a' is not an amount; row skipped",
        ),
        (
            UNUSED_BALANCE[:1] + UNUSED_BALANCE[2:],
            "bank.csv: 1 row skipped, 1 note",
            "bank.csv row 4 column Amount: 'oops' is not an amount; row skipped",
        ),
        (
            ONE_BREAK,
            "bank.csv: 1 note",
            (
                "bank.csv row 5 column Balance: the running balance breaks: 50.00 where "
                "90.00 was expected after row 4 (a row may be missing, duplicated or misread)"
            ),
        ),
        (
            (*ONE_BREAK[:3], "2024-01-05,D,x,50.00"),
            "bank.csv: 1 row skipped",
            "bank.csv row 5 column Amount: 'x' is not an amount; row skipped",
        ),
    ],
    ids=["skipped-and-file-note", "one-skipped", "note-on-a-line-read", "skipped-only"],
)
def test_the_banner_counts_skipped_rows_and_notes_apart(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    rows: tuple[str, ...],
    title: str,
    first: str,
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    banner = window.banners.banners()[-1]
    assert banner.title == title
    assert banner.message == first


def test_an_import_without_warnings_shows_no_banner(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("\n".join((HEADER, *ONE_BREAK[:3])) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    assert window.banners.banners() == []


# Dated rows that state a balance: read as balances, not as lines. The one between the
# lines (row 5) does not follow from the opening balance, nor the closing one from it.
STATED_BETWEEN = (
    ("Date", "Description", "Amount"),
    (dt.date(2024, 1, 2), "Opening balance", "100.00"),
    (dt.date(2024, 1, 3), "Alpha Ltd", "-1.00"),
    (dt.date(2024, 1, 4), "Beta Ltd", "-1.50"),
    (dt.date(2024, 1, 15), "Balance carried forward", "95.00"),
    (dt.date(2024, 1, 16), "Gamma Ltd", "-2.00"),
    (dt.date(2024, 1, 17), "Delta Ltd", "-2.50"),
    (dt.date(2024, 1, 31), "Closing balance", "93.00"),
)
# A closing balance stated below the table (row 6) that the balance column does not end on.
STATED_BELOW = (
    ("Date", "Description", "Amount", "Balance"),
    (dt.date(2024, 1, 2), "Alpha Ltd", "-1.00", "99.00"),
    (dt.date(2024, 1, 3), "Beta Ltd", "-2.00", "97.00"),
    (dt.date(2024, 1, 4), "Gamma Ltd", "-3.00", "94.00"),
    (dt.date(2024, 1, 5), "Delta Ltd", "-4.00", "90.00"),
    (None, "Closing balance", "1,234.56", None),
)
# STATED_BETWEEN with a movement whose amount is unreadable (row 7): that row is skipped.
SKIPPED_AND_STATED = (
    *STATED_BETWEEN[:6],
    (dt.date(2024, 1, 17), "Epsilon Ltd", "n/a"),
    *STATED_BETWEEN[6:],
)
# A break between stated balances, and a stated balance the balance column disagrees
# with, give each amount to two decimals, from a csv and a worksheet alike (a
# worksheet's 97.5 is not written "97.5", nor its 90 "90").
BETWEEN = (
    "row 5: Balance carried forward 95.00 (row 5) does not follow from Opening balance "
    "100.00 (row 2) and the movements between them, -2.50 in 2 lines: 97.50 was "
    "expected (a line may be missing or misread)"
)
BELOW = "row 6: Closing balance 1234.56 (row 6) differs from the balance column's 90.00"
SKIPPED = "row 7 column Amount: 'n/a' is not an amount; row skipped"


def _write(path: Path, rows: Sequence[Sequence[object]]) -> None:
    """``rows`` as a csv file (ISO dates, amounts as written) or as a worksheet (date
    cells, and numbers where an amount is plainly one)."""
    if path.suffix == ".csv":
        texts = [["" if cell is None else str(cell) for cell in row] for row in rows]
        quoted = [",".join(f'"{t}"' if "," in t else t for t in row) for row in texts]
        path.write_text("\n".join(quoted) + "\n", encoding="utf-8")
        return
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    book.save(path)


def _xlsx_cell(cell: object) -> object:
    if isinstance(cell, dt.date):
        return dt.datetime.combine(cell, dt.time())
    if isinstance(cell, str) and cell.lstrip("-").replace(".", "", 1).isdigit():
        return float(cell)
    return cell


@pytest.mark.parametrize("name", ["bank.csv", "bank.xlsx"])
@pytest.mark.parametrize(
    ("rows", "title", "first"),
    [
        (STATED_BETWEEN, "2 notes", BETWEEN),
        (STATED_BELOW, "1 note", BELOW),
        (SKIPPED_AND_STATED, "1 row skipped, 2 notes", SKIPPED),
    ],
    ids=["stated-between-the-lines", "stated-below-the-table", "a-movement-skipped-too"],
)
def test_a_warning_on_a_row_stating_a_balance_is_a_note_not_a_row_skipped(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    name: str,
    rows: tuple[tuple[object, ...], ...],
    title: str,
    first: str,
) -> None:
    """A row that states a balance is read as a balance, not as a line, so a warning
    that names it (the balances do not add up) skipped no movement: a note. A movement
    whose amount cannot be read is still a row skipped."""
    path = tmp_path / name
    _write(path, rows)
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    assert len(window.session.lines) == 4  # the movements; no balance row is a line
    banner = window.banners.banners()[-1]
    assert banner.title == f"{name}: {title}"
    assert banner.message == f"{name} {first}"


def _mt940(*statements: tuple[str, str, str]) -> str:
    """MT940 statements, each (opening :60F:, closing :62F:, one :61: movement)."""
    return "".join(
        f":20:REF{number}\n:25:DE44500105175407324931\n:28C:0000{number}/001\n"
        f":60F:{opening}\n:61:{movement}NTRFNONREF//B{number}\n:86:Rent\n:62F:{closing}\n-\n"
        for number, (opening, closing, movement) in enumerate(statements, start=1)
    )


UNREADABLE_LEDGER_BALANCE = """<?xml version="1.0"?>
<?OFX OFXHEADER="200" VERSION="211"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>EUR</CURDEF>
<BANKACCTFROM><BANKID>1</BANKID><ACCTID>12345678</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE>
</BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240305</DTPOSTED><TRNAMT>-12.50</TRNAMT>
<FITID>F1</FITID><NAME>Rent</NAME></STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>n/a</BALAMT><DTASOF>20240331</DTASOF></LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""

NOT_ADDING_UP = (
    "balances do not add up: opening 1000.00 + movements -12.50 = 987.50, but the closing "
    "balance is 1000.00 (difference 12.50); lines may be missing"
)
GAP = "gap between statements: one closes at 987.50, the next opens at 900.00"


@pytest.mark.parametrize(
    ("name", "text", "first"),
    [
        (
            "bank.sta",
            _mt940(("C240301EUR1000,00", "C240331EUR1000,00", "2403050305D12,50")),
            "bank.sta row 7: " + NOT_ADDING_UP,
        ),
        (
            "bank.sta",
            _mt940(("C2403EUR1,00", "C240331EUR987,50", "2403050305D12,50")),
            "bank.sta row 4 column :60F:: unreadable balance: not an MT940 balance: 'C2403EUR1,00'",
        ),
        (
            "bank.sta",
            _mt940(
                ("C240301EUR1000,00", "C240331EUR987,50", "2403050305D12,50"),
                ("C240401EUR900,00", "C240430EUR897,50", "2404050405D2,50"),
            ),
            "bank.sta row 12: " + GAP,
        ),
        (
            "bank.ofx",
            UNREADABLE_LEDGER_BALANCE,
            "bank.ofx row 8 column LEDGERBAL: unreadable balance 'n/a'",
        ),
    ],
    ids=["mt940-balances-do-not-add-up", "mt940-unreadable-opening", "mt940-gap", "ofx-ledger"],
)
def test_a_warning_on_a_bank_format_balance_record_is_a_note(
    qtbot: Any, window: MainWindow, tmp_path: Path, name: str, text: str, first: str
) -> None:
    """A balance record (MT940's :60F: and :62F:, OFX's <LEDGERBAL>) is no movement: a
    warning on it skipped nothing, whatever line of the file it names."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    banner = window.banners.banners()[-1]
    assert banner.title == f"{name}: 1 note"
    assert banner.message == first


def _cells(rows: Sequence[str]) -> list[tuple[str, ...]]:
    """The csv ``rows`` below ``HEADER``, as cells for ``_write``."""
    return [tuple(row.split(",")) for row in (HEADER, *rows)]


@pytest.mark.parametrize(
    "rows",
    [
        _cells(ONE_BREAK),  # a note on a line read all the same: a break in the balance
        STATED_BELOW,  # a note on a balance stated below the table
        _cells((*ONE_BREAK[:3], "2024-01-05,D,x,50.00")),  # a row skipped
        _cells(UNUSED_BALANCE),  # rows skipped, and a note on the file
    ],
    ids=["note-on-a-line", "note-on-a-balance", "row-skipped", "rows-skipped-and-a-note"],
)
def test_an_import_with_warnings_is_a_warning_not_a_failure(
    qtbot: Any, window: MainWindow, tmp_path: Path, rows: Sequence[Sequence[object]]
) -> None:
    """The file was imported, so its banner must not look like a failed import, which
    stays an error. Notes are a warning as rows skipped are, not information: a break in
    the running balance, a stated balance that disagrees, a changed export or a copy of a
    statement each say lines may be missing or repeated, and the accountant must read
    them before trusting the statement."""
    path = tmp_path / "bank.csv"
    _write(path, rows)
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([path])
    [banner] = window.banners.banners()
    failed = _failed_import(qtbot, window, tmp_path)
    assert banner.styleSheet() != failed.styleSheet()
    assert (banner.level, banner.icon.objectName()) == ("warning", "banner-warning-icon")
    assert (failed.level, failed.icon.objectName()) == ("error", "banner-error-icon")


def _failed_import(qtbot: Any, window: MainWindow, tmp_path: Path) -> Banner:
    """The banner of an import that fails: a file with no dates or amounts to read."""
    path = tmp_path / "names.csv"
    path.write_text("Name,City\nAda,London\nGrace,Arlington\n", encoding="utf-8")
    with qtbot.waitSignal(window.runner.failed, timeout=60_000):
        window.workflows.import_files([path])
    banner = window.banners.banners()[-1]
    assert banner.title == "Importing names.csv failed"
    return banner
