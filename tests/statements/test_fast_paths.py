"""Every bulk (column-at-once) path gives what the cell-by-cell path gives.

The import reads large statements column by column with C-level checks and falls back to
the per-cell readers for whatever those checks do not settle; these properties pin the
two paths to the same answers, including on cells that must fall back.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from desktop_app.domain import StatementLine
from desktop_app.statements import (
    StatementImportError,
    balance_rows,
    bulk_scan,
    converted,
    extract,
    grid,
    import_bytes,
    import_statement,
    infer,
    numbers,
    profile,
    row_scan,
    row_text,
)
from desktop_app.statements.analysis import analyse_sheet
from desktop_app.statements.balance import Chain, chain_breaks, fit_chain
from desktop_app.statements.bulk_scan import BULK_TEXT, not_plain
from desktop_app.statements.column_stats import column_stats
from desktop_app.statements.currency_marks import SYMBOLS_LONGEST_FIRST, is_iso_code
from desktop_app.statements.grid import Cell, Sheet, cell_text
from desktop_app.statements.spreadsheet_reader import read_workbook
from desktop_app.statements.text_reader import read_text_table
from tests.conftest import SHARED_REALDATA, needs_realdata, realdata_entries

_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r", "\x0b", "\x1f", "\xa0", "\u2003", "\x00"])
_TEXT_CELL = st.one_of(
    st.text(max_size=12),
    st.lists(
        st.one_of(st.sampled_from(["Payment", "'", "Ltd", "ÄÖ", "42"]), _SPACES), max_size=6
    ).map("".join),
)


@settings(max_examples=300)
@given(st.lists(_TEXT_CELL, max_size=12))
def test_text_columns_are_cleaned_as_cell_by_cell(column: list[str]) -> None:
    assert row_text._cleaned(column) == [row_text._clean(cell) for cell in column]


@settings(max_examples=300)
@given(st.lists(_TEXT_CELL, max_size=12))
@example([" 'Rent'", "Fee"])
@example(["Fee", "'Rent' "])
@example(["Fee\u2003", "'Rent"])
def test_text_columns_cleaned_with_their_shared_join_as_cell_by_cell(column: list[str]) -> None:
    # The sheet's join of the raw cells (``SheetAnalysis.joined``) stands for the join of
    # the stripped ones only where stripping changed no cell: ' \'Rent\'' is messy only
    # once stripped.
    joined = "\x00".join(column)
    cleaned = row_text._cleaned(column, lambda: joined)
    assert cleaned == [row_text._clean(cell) for cell in column]


def test_a_quote_behind_a_stripped_space_is_cleaned_in_a_statement(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv("Date,Description,Amount\n01/10/2025, 'Rent',-5.00\n02/10/2025,Fee,-1.00\n")
    lines = import_statement(path).lines
    assert [line.description for line in lines] == ["Rent", "Fee"]


_BALANCE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["Saldo", "balance", "Closing Balance", "BALANCE B/F", "x", "", " "]),
        _TEXT_CELL,
    ),
    max_size=12,
)


@settings(max_examples=300)
@given(_BALANCE_TEXT)
def test_balance_phrases_found_in_a_shared_join_as_in_their_own(column: list[str]) -> None:
    assert balance_rows.phrase_rows(column, "\x00".join(column)) == balance_rows.phrase_rows(column)


_OLD_MESSY_ANYWHERE = re.compile(r"\s\s|[\t\r\n]|(?:^|\x00)'")


@settings(max_examples=300)
@given(st.lists(_TEXT_CELL, max_size=12))
def test_messy_check_answers_as_the_single_regex_did(column: list[str]) -> None:
    joined = "\x00".join(column)
    assert row_text._any_messy(joined) == (_OLD_MESSY_ANYWHERE.search(joined) is not None)


_SPREADSHEET_CELL = st.one_of(
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 1, 1)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 1, 1)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_SPREADSHEET_CELL, min_size=1, max_size=4), min_size=1, max_size=300))
@example(rows=[[0.0], [False], [1], [True]])
def test_spreadsheet_raw_cells_are_each_cell_as_shown(rows: list[list[Cell]]) -> None:
    analysis = analyse_sheet(Sheet("Sheet1", rows, range(1, len(rows) + 1)))
    width = len(analysis.columns)
    selected = range(len(rows))

    def shown(column: int, cell: Cell) -> str:
        texts = analysis.scans[column].texts  # numbers as the scan formatted them
        if isinstance(cell, bool) or cell not in texts:  # FALSE == 0: never shown as "0"
            return cell_text(cell)
        return texts[cell]

    expected = [
        tuple(shown(column, cell) for column, cell in enumerate([*row, *[""] * (width - len(row))]))
        for row in rows
    ]
    assert row_text.raw_rows(analysis, selected) == expected
    assert row_text.raw_rows(analysis, [0, len(rows) - 1]) == [expected[0], expected[-1]]


def test_text_file_raw_cells_are_the_strings_read() -> None:
    rows = [["a", "1"], ["b"], ["c", "2", "x"]]
    analysis = analyse_sheet(Sheet(None, rows, range(1, 4)))
    raw = row_text.raw_rows(analysis, range(3))
    assert raw == [("a", "1"), ("b",), ("c", "2", "x")]
    assert raw[0][0] is rows[0][0]


@contextmanager
def _columns_read(rowwise: bool) -> Iterator[None]:
    """Every column offered to the row-wise reading (small tables included), or none; the
    per-value reading then takes numbers in bulk however few distinct values there are, as
    it does for the large columns the row-wise reading is for."""
    saved = profile._HEAD_ROWS, profile._ROWWISE_DISTINCT, profile._BULK_FROM
    profile._HEAD_ROWS, profile._BULK_FROM = 0, 0
    profile._ROWWISE_DISTINCT = -1 if rowwise else 10**9
    try:
        yield
    finally:
        profile._HEAD_ROWS, profile._ROWWISE_DISTINCT, profile._BULK_FROM = saved


@settings(max_examples=500)
@given(st.text(alphabet="0123456789-.,e +", max_size=12))
def test_bulk_text_is_a_plain_number_but_no_eight_digit_integer(text: str) -> None:
    plain = re.fullmatch(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2}|\.[0-9]{4,})?", text)
    eight_digits = re.fullmatch(r"-?[0-9]{8}", text)
    assert bool(BULK_TEXT.fullmatch(text)) == bool(plain and not eight_digits)


@settings(max_examples=500)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789-.\n", max_size=10),
            st.text(alphabet="0123456789-.,e +\r\n\u0663", max_size=10),
            st.integers(min_value=-(10**9), max_value=10**9).map(str),
            st.decimals(places=2, allow_nan=False, allow_infinity=False).map(str),
            st.sampled_from(["0", "-0", "00", "-01", "0.000", "12345678", "-12345678.5", "9"]),
        ),
        max_size=20,
    )
)
def test_not_plain_cells_are_those_the_pattern_does_not_match_cell_by_cell(
    column: list[str],
) -> None:
    expected = [row for row, text in enumerate(column) if not BULK_TEXT.fullmatch(text)]
    assert not_plain(column).positions == expected


def test_a_column_of_plain_numbers_has_no_cells_that_are_not_plain() -> None:
    column = ["-1234.56", "0", "-0.5", "12.3456", "1234567", "123456789", "0.01", "-7"]
    assert not_plain(column).positions == []
    assert not_plain(["Amount", *column, "Total 12.34", "1.234", "12345678", "", "NaN"]).positions == [
        0, 9, 10, 11, 12, 13
    ]  # fmt: skip
    # Shapes hide a leading zero, and a line break joins two cells: read cell by cell.
    assert not_plain([*column, "0042", "1\n2"]).positions == [8, 9]


_PLAIN_TEXT = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
    st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False).map(str),
    st.sampled_from(["0", "-0", "0.00", "-0.00", "0.5", "12.5", "1.2345"]),
)
_QUIRKY_TEXT = st.sampled_from(
    [
        "", " ", "n/a", "Total", "20240131", "-20240131", "0042", "1.234", "12,50", "1.234,56",
        "(12.00)", "12.00-", "€ 5.00", "EUR 12", "12.00 CR", "01.02.2024", "2024-02-01", "1e5",
        "NaN", "12_000", " 12.50", "+5",
    ]
)  # fmt: skip
_TEXT_MONEY = st.one_of(_PLAIN_TEXT, _PLAIN_TEXT, _PLAIN_TEXT, _QUIRKY_TEXT)
_NUMBER_MONEY = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9),
    st.floats(min_value=-1e9, max_value=1e9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([0.0, -0.0, 1e16, 1.5e-7, 2.0000000000000004, 7432.219999999999]),
    _QUIRKY_TEXT,
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT_MONEY, min_size=1, max_size=60))
@example(["Amount", *(["1.50", "-2", "0", "-0.00", "3"] * 5), "Total", "n/a", "Total"])
@example(["Amount", "1.50", "n/a", "Total", "12,50", "(1.00)", "+5", "-0", "2.5"])
def test_kinds_told_by_the_cells_shapes_are_each_cells_flags(column: list[str]) -> None:
    # A row-wise text column's kinds (4 * point + 2 * minus + nonzero, "0" for a cell read
    # per value) and the cells read per value, from the shapes: as cell by cell.
    shapes = bulk_scan.cell_shapes(column)
    assume(shapes is not None)  # a leading zero: the cells are read one by one
    others = shapes.misfit_positions()
    assert others == [row for row, text in enumerate(column) if not BULK_TEXT.fullmatch(text)]
    texts = ["0" if row in others else text for row, text in enumerate(column)]
    flags = [4 * ("." in text) + 2 * ("-" in text) + bool(Decimal(text)) for text in texts]
    assert row_scan._kinds_by_shape(shapes) == bytes(flags)


def _row_signatures(scan: profile.ColumnScan) -> list[profile.Signature]:
    """Each row's signature, as a summary over that one row counts it."""
    signatures: list[profile.Signature] = []
    for row in range(len(scan.values)):
        (kind,) = scan.kind_counts([row])
        signatures.append(None if kind is None else scan.kinds[kind])
    return signatures


def _scanned(column: list[Cell], rowwise: bool) -> tuple[object, ...]:
    """Everything later steps read from a column's scan, per row."""
    with _columns_read(rowwise):
        analysis = analyse_sheet(Sheet("S", [[cell] for cell in column], range(1, len(column) + 1)))
    scan = analysis.scans[0]
    signatures = _row_signatures(scan)

    def counted(rows: Sequence[int] | None) -> Counter[object]:
        counts: Counter[object] = Counter()
        for kind, count in scan.kind_counts(rows).items():
            counts[None if kind is None else scan.kinds[kind]] += count
        return counts

    every = range(len(column))
    return (
        signatures,
        [counted(rows) for rows in (None, every[1:], every[::2], [len(column) - 1])],
        [scan.dates.get(cell) for cell in column],
        [scan.amount_of(cell) is not None for cell in column],
        analysis.row_decimals(0, "."),
        analysis.row_decimals(0, ","),
        scan.textual,
        row_text.raw_rows(analysis, range(len(column))),
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT_MONEY, min_size=1, max_size=60))
def test_text_money_read_row_by_row_as_per_value(column: list[Cell]) -> None:
    assert _scanned(column, rowwise=True) == _scanned(column, rowwise=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(_NUMBER_MONEY, min_size=1, max_size=60))
def test_spreadsheet_money_read_row_by_row_as_per_value(column: list[Cell]) -> None:
    # Equal numbers of different types (1 and 1.0) share one entry per value by design;
    # booleans are left out: TRUE == 1 would make the per-value reading conflate them.
    assert _scanned(column, rowwise=True) == _scanned(column, rowwise=False)


def test_mostly_numbers_are_read_row_by_row_and_mostly_other_cells_are_not() -> None:
    numbers = ["Amount", *(f"{index}.{index % 100:02d}" for index in range(1, 40)), "Total"]
    notes = ["Amount", *(f"note {index}" for index in range(1, 40)), "1.50"]
    with _columns_read(rowwise=True):
        read = analyse_sheet(Sheet(None, [[cell] for cell in numbers], range(1, 42)))
        other = analyse_sheet(Sheet(None, [[cell] for cell in notes], range(1, 42)))
    rows = read.scans[0].rows
    assert rows is not None
    assert rows.others == [0, 40]
    assert read.row_decimals(0, ".")[1:4] == [Decimal("1.01"), Decimal("2.02"), Decimal("3.03")]
    assert read.row_decimals(0, ",")[1:3] == [None, None]  # no amounts under a decimal comma
    assert other.scans[0].rows is None


def test_a_row_wise_column_changed_per_value_keeps_every_reading() -> None:
    column: list[Cell] = ["Amount", *(float(45000 + index) for index in range(30))]
    with _columns_read(rowwise=True):
        read = analyse_sheet(Sheet("S", [[cell] for cell in column], range(1, 32))).scans[0]
    with _columns_read(rowwise=False):
        plain = analyse_sheet(Sheet("S", [[cell] for cell in column], range(1, 32))).scans[0]
    assert read.rows is not None
    read.drop_rows()
    assert read.rows is None
    assert _row_signatures(read) == _row_signatures(plain)
    assert read.amounts == plain.amounts
    assert read.texts == plain.texts
    assert read.signatures.keys() == plain.signatures.keys()
    # The second call (one per serial number read as a date) changes nothing.
    signatures, amounts, distinct = _row_signatures(read), dict(read.amounts), read.distinct
    read.drop_rows()
    assert (_row_signatures(read), read.amounts, read.distinct) == (signatures, amounts, distinct)


def test_a_row_wise_text_column_changed_per_value_keeps_its_decimal_points() -> None:
    # Which cells have a decimal point is told by their kinds' first flag, not kept
    # aside: read per value again, '12.50' is still no amount under a decimal comma.
    column: list[Cell] = ["Amount", *(["12.50", "-3", "0.5", "1.2345", "7", "-0.00"] * 5)]
    sheet = Sheet("S", [[cell] for cell in column], range(1, 32))
    with _columns_read(rowwise=True):
        read = analyse_sheet(sheet)
    with _columns_read(rowwise=False):
        plain = analyse_sheet(sheet)
    assert read.scans[0].rows is not None
    read.scans[0].drop_rows()
    assert set(read.scans[0].point_numbers) == set(plain.scans[0].point_numbers) != set()
    assert read.decimals(0, ",") == plain.decimals(0, ",")
    assert read.row_decimals(0, ",") == plain.row_decimals(0, ",")


def test_serial_dates_in_a_row_wise_column_summarise_as_read_per_value() -> None:
    # Excel serial numbers under a date header, some of them repeated, and a note: read as
    # dates, the row-wise column is read per value from then on, and summarises as the
    # column read per value from the start: its few distinct values are counted as such
    # (not as the rows it counted while read row by row), so its note is one of its tokens.
    column: list[Cell] = ["Date", *(float(45000 + index % 12) for index in range(30)), "n/a"]
    sheet = Sheet("S", [[cell] for cell in column], range(1, len(column) + 1))
    with _columns_read(rowwise=True):
        read = analyse_sheet(sheet).scans[0]
    with _columns_read(rowwise=False):
        plain = analyse_sheet(sheet).scans[0]
    assert read.rows is None  # read row by row, then per value once the dates were read
    assert _row_signatures(read) == _row_signatures(plain)
    assert [read.dates.get(cell) for cell in column] == [plain.dates.get(cell) for cell in column]
    assert read.amounts == plain.amounts
    assert read.distinct == plain.distinct == 14
    body = range(1, len(column))
    assert column_stats(read, body) == column_stats(plain, body)
    assert column_stats(read, body).tokens == Counter({"n/a": 1})


def _imported(data: bytes, name: str, rowwise: bool) -> tuple[object, ...] | str:
    """The whole import, raw cells included, or its one error message."""
    with _columns_read(rowwise):
        try:
            result = import_bytes(data, name)
        except StatementImportError as error:
            return str(error)
    return result, [line.raw for line in result.lines]


_DATE_TEXT = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)).map(
    lambda day: day.strftime("%d/%m/%Y")
)
_TEXT_ROW = st.tuples(
    _DATE_TEXT | _QUIRKY_TEXT, st.text("ab c", max_size=6), _TEXT_MONEY, _TEXT_MONEY
)


@settings(max_examples=120, deadline=None)
@given(
    st.booleans(),
    st.lists(_TEXT_ROW, min_size=1, max_size=40),
    st.lists(st.text("Total: 12.50", max_size=14), max_size=2),
    st.sampled_from([",", ";"]),
)
def test_text_statements_import_alike_either_way(
    header: bool, rows: list[tuple[str, ...]], footer: list[str], delimiter: str
) -> None:
    data = _text_statement(header, rows, footer, delimiter)
    assert _imported(data, "fuzz.csv", True) == _imported(data, "fuzz.csv", False)


def _text_statement(
    header: bool, rows: list[tuple[str, ...]], footer: list[str], delimiter: str, ending: str = "\n"
) -> bytes:
    lines = [delimiter.join(row) for row in rows] + footer
    if header:
        lines.insert(0, delimiter.join(["Date", "Text", "Amount", "Balance"]))
    return ending.join(lines).encode("utf-8")


_SHEET_ROW = st.tuples(
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)) | _QUIRKY_TEXT,
    st.text("ab c", max_size=6),
    st.floats(min_value=-1e7, max_value=1e7) | st.integers(-(10**6), 10**6) | _QUIRKY_TEXT,
    st.floats(min_value=-1e7, max_value=1e7) | _QUIRKY_TEXT,
)


@settings(max_examples=40, deadline=None)
@given(st.booleans(), st.lists(_SHEET_ROW, min_size=1, max_size=40))
def test_workbooks_import_alike_either_way(header: bool, rows: list[tuple[Cell, ...]]) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Statement")
    if header:
        sheet.append(["Date", "Text", "Amount", "Balance"])
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    data = stream.getvalue()
    assert _imported(data, "fuzz.xlsx", True) == _imported(data, "fuzz.xlsx", False)


def _corpus() -> list[str]:
    return [str(entry["file"]) for entry in realdata_entries()]


@pytest.mark.realdata
@needs_realdata
@pytest.mark.parametrize("name", _corpus())
def test_real_statements_import_alike_either_way(name: str) -> None:
    data = (SHARED_REALDATA / name).read_bytes()
    assert _imported(data, name, True) == _imported(data, name, False)


def _every_reading(
    amounts: list[Decimal | None], balances: list[Decimal | None]
) -> tuple[Chain, int, int, tuple[Chain, ...]]:
    """``fit_chain`` as its rule says, without its shortcuts: all four readings counted,
    each over the steps whose two balances and the amount it moves by are there; the most
    steps obeyed taken, then the fewest broken, then the first; and when the one taken has
    no step, the readings that have (every one of which breaks)."""
    nan = Decimal("NaN")
    amount = [nan if value is None else value for value in amounts]
    balance = [nan if value is None else value for value in balances]
    steps = [later - earlier for earlier, later in itertools.pairwise(balance)]

    def counted(compared: Iterable[tuple[Decimal, Decimal]]) -> tuple[int, int]:
        known = [
            (step, moved) for step, moved in compared if step.is_finite() and moved.is_finite()
        ]
        return sum(step == moved for step, moved in known), len(known)

    readings = {
        Chain.AFTER_OLDEST_FIRST: counted(zip(steps, amount[1:], strict=True)),
        Chain.AFTER_NEWEST_FIRST: counted((-s, a) for s, a in zip(steps, amount[:-1], strict=True)),
        Chain.BEFORE_OLDEST_FIRST: counted(zip(steps, amount[:-1], strict=True)),
        Chain.BEFORE_NEWEST_FIRST: counted((-s, a) for s, a in zip(steps, amount[1:], strict=True)),
    }
    chain = max(readings, key=lambda key: (readings[key][0], readings[key][0] - readings[key][1]))
    consistent, pairs = readings[chain]
    broken = () if pairs else tuple(key for key, (_, steps) in readings.items() if steps)
    return chain, consistent, pairs, broken


_SMALL_AMOUNT = st.none() | st.integers(-3, 3).map(Decimal)


@settings(max_examples=400)
@given(
    st.lists(_SMALL_AMOUNT, max_size=12),
    st.sampled_from(list(Chain)),
    st.lists(st.integers(0, 11), max_size=3),
)
def test_balance_fit_is_the_best_of_every_reading(
    amounts: list[Decimal | None], chain: Chain, broken: list[int]
) -> None:
    balances = _running(amounts, chain)
    for index in broken:
        if index < len(balances):
            balances[index] = None if index % 2 else Decimal(99)
    fit = fit_chain(amounts, balances)
    assert (fit.chain, fit.consistent, fit.pairs, fit.broken) == _every_reading(amounts, balances)


def _running(amounts: list[Decimal | None], chain: Chain) -> list[Decimal | None]:
    """A balance column that follows ``chain`` (missing amounts count as zero)."""
    moves = [amount or Decimal(0) for amount in amounts]
    if chain in (Chain.AFTER_NEWEST_FIRST, Chain.BEFORE_NEWEST_FIRST):
        moves = [-move for move in moves[::-1]]
    total, after, before = Decimal(100), [], []
    for move in moves:
        before.append(total)
        total += move
        after.append(total)
    balances: list[Decimal | None] = list(
        after if chain in (Chain.AFTER_OLDEST_FIRST, Chain.AFTER_NEWEST_FIRST) else before
    )
    if chain in (Chain.AFTER_NEWEST_FIRST, Chain.BEFORE_NEWEST_FIRST):
        balances.reverse()
    return balances


@contextmanager
def _never_row_by_row() -> Iterator[None]:
    saved = profile._ROWWISE_DISTINCT
    profile._ROWWISE_DISTINCT = 10**9
    try:
        yield
    finally:
        profile._ROWWISE_DISTINCT = saved


def _large_statement_rows() -> list[list[Cell]]:
    """Past the head the scan probes (5,000 rows), with cells that must fall back."""
    balance = Decimal("1000.00")
    rows: list[list[Cell]] = [["Date", "Text", "Amount", "Balance"]]
    for index in range(6500):
        amount = Decimal((index * 7919) % 200001 - 100000) / 100
        balance += amount
        cells: list[Cell] = [
            (dt.date(2024, 1, 1) + dt.timedelta(days=index // 40)).strftime("%d.%m.%Y"),
            f"payment {index}",
            str(amount),
            str(balance),
        ]
        if index % 997 == 5:
            cells[2] = f"{amount}".replace(".", ",")  # decimal comma: read cell by cell
        if index % 1409 == 7:
            cells[3] = "n/a"
        rows.append(cells)
    rows.append(["", "Total", "", ""])
    return rows


def test_large_text_statement_imports_alike_either_way() -> None:
    data = "\n".join(";".join(map(str, row)) for row in _large_statement_rows()).encode()
    with _never_row_by_row():
        expected = import_bytes(data, "large.csv")
    result = import_bytes(data, "large.csv")
    assert result == expected
    assert [line.raw for line in result.lines] == [line.raw for line in expected.lines]
    comma_rows = [index + 2 for index in range(6500) if index % 997 == 5]
    assert len(result.lines) == 6500 - len(comma_rows)  # '12,5' is no amount here
    assert {warning.row for warning in result.warnings if warning.column == "Amount"} == set(
        comma_rows
    )
    scans = analyse_sheet(read_text_table(data).sheets[0]).scans
    assert scans[2].rows is not None
    assert scans[3].rows is not None  # the money columns were read row by row


def test_large_workbook_imports_alike_either_way() -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Statement")
    for number, row in enumerate(_large_statement_rows()):
        if 0 < number <= 6500:  # spreadsheet numbers, with text cells among them
            row = [row[0], row[1], *(_as_number(cell) for cell in row[2:])]
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    with _never_row_by_row():
        expected = import_bytes(stream.getvalue(), "large.xlsx")
    result = import_bytes(stream.getvalue(), "large.xlsx")
    assert result == expected
    assert [line.raw for line in result.lines] == [line.raw for line in expected.lines]
    assert len(result.lines) == 6500  # a text cell among numbers is read on its own
    assert result.lines[5].raw[2] == "-604,05"
    assert result.lines[5].amount == Decimal("-604.05")
    scans = analyse_sheet(read_workbook(stream.getvalue(), "xlsx").sheets[0]).scans
    assert scans[2].rows is not None
    assert scans[3].rows is not None


def _large_rows_in_layout(layout: str) -> tuple[list[list[Cell]], int]:
    """``_large_statement_rows`` with its amount told another way, and the index of the
    money column read row by row: an unsigned amount beside a debit/credit mark, a debit
    and a credit column (nine rows in ten are debits, so the debit column is mostly
    numbers), or a signed amount beside a currency column."""
    rows = _large_statement_rows()
    result: list[list[Cell]] = []
    for number, (date, text, amount, balance) in enumerate(rows):
        if number == 0:
            headers = {
                "indicator": [date, text, "Af Bij", amount, balance],
                "debit_credit": [date, text, "Debit", "Credit", balance],
                "currency": [date, text, amount, "Currency", balance],
            }
            result.append(headers[layout])
            continue
        if not date:  # the total row
            result.append([date, text, "", "", balance])
            continue
        unsigned = str(amount).lstrip("-")
        if layout == "indicator":
            mark = "Af" if str(amount).startswith("-") else "Bij"
            result.append([date, text, mark, unsigned, balance])
        elif layout == "debit_credit":
            debit, credit = (unsigned, "") if number % 10 else ("", unsigned)
            result.append([date, text, debit, credit, balance])
        else:
            result.append([date, text, amount, "USD" if number % 7 == 0 else "EUR", balance])
    money_column = {"indicator": 3, "debit_credit": 2, "currency": 2}[layout]
    return result, money_column


@pytest.mark.parametrize("layout", ["indicator", "debit_credit", "currency"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_large_indicator_debit_credit_and_currency_statements_import_alike_either_way(
    layout: str, kind: str
) -> None:
    rows, money_column = _large_rows_in_layout(layout)
    if kind == "csv":
        data = "\n".join(";".join(map(str, row)) for row in rows).encode()
        sheet = read_text_table(data).sheets[0]
    else:
        workbook = openpyxl.Workbook(write_only=True)
        sheet_out = workbook.create_sheet("Statement")
        for number, row in enumerate(rows):
            if number:  # spreadsheet numbers, with the text cells among them left as text
                row = [*row[:2], *(_as_number(cell) for cell in row[2:])]
            sheet_out.append(row)
        stream = io.BytesIO()
        workbook.save(stream)
        data = stream.getvalue()
        sheet = read_workbook(data, kind).sheets[0]
    name = f"large-{layout}.{kind}"
    with _never_row_by_row():
        expected = import_bytes(data, name)
    classified: list[Cell] = []

    def counted(cell: Cell) -> object:
        classified.append(cell)
        return original(cell)

    original, converted.classify = converted.classify, counted
    try:
        result = import_bytes(data, name)
    finally:
        converted.classify = original
    assert classified == []  # no row's amount cell classified again
    assert result == expected
    assert [line.raw for line in result.lines] == [line.raw for line in expected.lines]
    assert analyse_sheet(sheet).scans[money_column].rows is not None  # the path under test
    signed = {line.row: line.amount for line in result.lines}
    assert signed[3] == Decimal("-920.81")  # the second row's amount, with its sign
    # row 11's -287.29 is in the credit column of the debit/credit layout: money in
    assert signed[11] == Decimal("287.29" if layout == "debit_credit" else "-287.29")
    assert len(result.lines) == (6500 if kind == "xlsx" else 6493)


def test_large_statement_with_short_rows_imports_alike_either_way() -> None:
    """Rows that leave their text out are realigned, and read alike with the money columns
    read row by row or not (a realigned row is read from its own cells either way). Short
    rows are a text file's: a worksheet's rows all reach its last column."""
    rows, money_column = _large_rows_in_layout("currency")
    # One currency: its running balance runs over every line, and each currency's
    # balance is followed on its own (``balance.chain_breaks``), so the one-in-seven
    # dollar lines of the other tests' file would break it around every dollar line.
    rows = [[*row[:3], "EUR" if row[3] == "USD" else row[3], *row[4:]] for row in rows]
    short = [number for number in range(1, 6500) if number % 1500 == 2]
    for number in short:
        rows[number] = [rows[number][0], *rows[number][2:]]  # the text field left out
    data = "\n".join(";".join(map(str, row)) for row in rows).encode()
    sheet = read_text_table(data).sheets[0]
    name = "short-rows.csv"
    with _never_row_by_row():
        expected = import_bytes(data, name)
    result = import_bytes(data, name)
    assert result == expected
    assert [line.raw for line in result.lines] == [line.raw for line in expected.lines]
    assert analyse_sheet(sheet).scans[money_column].rows is not None  # the path under test
    realigned = [warning for warning in result.warnings if "left out" in warning.message]
    assert [warning.row for warning in realigned] == [number + 1 for number in short]
    assert {warning.message for warning in realigned} == {
        "the row has 4 fields where the header has 5; read as if it left out 'Text'"
    }
    by_row = {line.row: line for line in result.lines}
    for number in short:
        line, cells = by_row[number + 1], rows[number]
        assert (line.description, str(line.amount), line.currency) == ("", cells[1], cells[2])
        assert str(line.balance) == cells[3]
    # The realigned rows' balances are read, so the running balance holds across them
    # (the file breaks it elsewhere: its decimal-comma rows are skipped).
    breaks = {warning.row for warning in result.warnings if "running balance" in warning.message}
    assert breaks
    assert breaks.isdisjoint({number + offset for number in short for offset in (1, 2)})
    assert result.layout is not None
    assert result.layout.currency_column == 3  # not lost to the amounts shifted into it


def _as_number(cell: Cell) -> Cell:
    try:
        return float(str(cell))
    except ValueError:
        return cell


def _breaks_one_by_one(lines: list[StatementLine], chain: Chain) -> list[tuple[int, str]]:
    """``chain_breaks`` written plainly: each line with a balance against the one before."""
    kept = [line for line in lines if line.balance is not None]
    found = []
    for before, line in itertools.pairwise(kept):
        assert before.balance is not None
        assert line.balance is not None
        newest_first = chain in (Chain.AFTER_NEWEST_FIRST, Chain.BEFORE_NEWEST_FIRST)
        own_row = chain in (Chain.AFTER_OLDEST_FIRST, Chain.BEFORE_NEWEST_FIRST)
        moved = line.amount if own_row else before.amount
        expected = before.balance - moved if newest_first else before.balance + moved
        if expected != line.balance:
            # each to its two decimals (``Decimal`` formats them exactly)
            found.append((line.row, f"{line.balance:.2f} where {expected:.2f} was expected"))
    return found


@settings(max_examples=300)
@given(
    st.lists(st.tuples(st.integers(-3, 3), st.none() | st.integers(95, 105)), max_size=12),
    st.sampled_from(list(Chain)),
)
def test_balance_breaks_are_found_as_line_by_line(
    cells: list[tuple[int, int | None]], chain: Chain
) -> None:
    lines = [
        StatementLine("a.csv", row, dt.date(2024, 1, 1), Decimal(amount), "EUR",
                      balance=None if balance is None else Decimal(balance))
        for row, (amount, balance) in enumerate(cells, start=2)
    ]  # fmt: skip
    warnings = chain_breaks(lines, chain, "Balance")
    money = ([line.amount for line in lines], [line.balance for line in lines])
    assert chain_breaks(lines, chain, "Balance", money) == warnings  # from the columns
    # as extraction hands them: windows onto whole columns, read in place (the header's
    # cell above), not copied out
    windows = tuple(grid.Window(["Header", *column], 1, len(lines) + 1) for column in money)
    assert chain_breaks(lines, chain, "Balance", windows) == warnings  # type: ignore[arg-type]
    tail = "(a row may be missing, duplicated or misread)"
    assert [(warning.row, warning.message) for warning in warnings] == [
        (row, f"the running balance breaks: {text} after row {_before(lines, row)} {tail}")
        for row, text in _breaks_one_by_one(lines, chain)
    ]
    assert all(warning.column == "Balance" for warning in warnings)


def _before(lines: list[StatementLine], row: int) -> int:
    kept = [line.row for line in lines if line.balance is not None]
    return kept[kept.index(row) - 1]


_FEW_VALUES = st.sampled_from(["Date", "01/02/2024", "02/02/2024", "13/02/2024", "", "Total", "x"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_FEW_VALUES, min_size=1, max_size=30), st.integers(0, 31), st.integers(0, 31))
@example(column=["Date", "01/02/2024", "Date"], start=1, stop=2)
@example(column=["Date", "01/02/2024"], start=2, stop=1)
def test_kinds_counted_from_the_value_counts_as_row_by_row(
    column: list[str], start: int, stop: int
) -> None:
    """Counting each signature from the scan's value counts gives what a pass over the
    rows gives, in the same order (ties between currencies are broken by it)."""
    scan = profile.scan_column(0, column)
    assert scan.counts is not None
    for rows in (None, range(start, stop), range(len(column)), range(start, len(column))):
        values = column if rows is None else [column[row] for row in rows if row < len(column)]
        by_row = Counter(map(scan.signatures.get, values))
        if rows is None or rows.stop <= len(column):
            assert list(scan.kind_counts(rows).items()) == list(by_row.items())
            counted = scan.value_counts(rows)
            if counted is not None:
                assert list(counted.items()) == list(Counter(values).items())


@settings(max_examples=300, deadline=None)
@given(st.lists(_FEW_VALUES, min_size=1, max_size=30), st.integers(0, 31))
@example(column=["Date", "01/02/2024", "02/02/2024"], start=1)
@example(column=["Date", "01/02/2024", "Total"], start=1)
@example(column=["Date"], start=1)
def test_rows_with_dates_from_the_value_counts_as_row_by_row(column: list[str], start: int) -> None:
    scan = profile.scan_column(0, column)
    dated = [row for row in range(start, len(column)) if scan.dates.get(column[row])]
    found = infer._rows_with_dates(scan, start)
    assert list(found) == dated
    contiguous = bool(dated) and dated[-1] - dated[0] + 1 == len(dated)
    assert isinstance(found, range) == contiguous


def _scan_fields(scan: profile.ColumnScan) -> tuple[object, ...]:
    return (
        scan.dates, scan.amounts, scan.signatures, scan.kinds, scan.text_amounts,
        scan.point_numbers, scan.texts, scan.distinct, scan.textual, scan.counts,
    )  # fmt: skip


_SHARED_CELL = st.one_of(_QUIRKY_TEXT, _DATE_TEXT, _PLAIN_TEXT, st.text("ab 1", max_size=4))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_SHARED_CELL, min_size=3, max_size=3), min_size=1, max_size=30))
def test_cells_read_once_per_sheet_read_as_in_each_column_alone(rows: list[list[Cell]]) -> None:
    """A text cell classified in one column is reused in the next: as if read afresh."""
    rows = [[row[0], row[1], row[0]] for row in rows]  # the third column repeats the first
    analysis = analyse_sheet(Sheet(None, rows, range(1, len(rows) + 1)))
    alone = [profile.scan_column(index, column) for index, column in enumerate(analysis.columns)]
    assert [_scan_fields(scan) for scan in analysis.scans] == [_scan_fields(s) for s in alone]


def _strip_currency_symbol_by_symbol(text: str, found: str | None) -> tuple[str, str | None]:
    """``numbers._strip_currency`` as it was: every symbol tried at either end."""
    head, tail = text[:3], text[-3:]
    if len(text) > 3 and is_iso_code(head) and not text[3].isalpha():
        return text[3:].strip(numbers._SPACES), found or head
    if len(text) > 3 and is_iso_code(tail) and not text[-4].isalpha():
        return text[:-3].strip(numbers._SPACES), found or tail
    for symbol in SYMBOLS_LONGEST_FIRST:
        if text.startswith(symbol):
            return text[len(symbol) :].strip(numbers._SPACES), found or symbol
        if text.endswith(symbol) and len(text) > len(symbol):
            if symbol.isalpha() and text[-len(symbol) - 1].isalpha():
                continue
            return text[: -len(symbol)].strip(numbers._SPACES), found or symbol
    return text, found


_MONEY_PIECE = st.sampled_from(["12", "0", ".", ",", " ", "-", "a", "EUR", "/", "Kč", "z"])


@settings(max_examples=500)
@given(
    st.lists(_MONEY_PIECE | st.sampled_from(SYMBOLS_LONGEST_FIRST), max_size=5).map("".join),
    st.none() | st.just("USD"),
)
def test_currency_marks_are_stripped_as_symbol_by_symbol(text: str, found: str | None) -> None:
    assert numbers._strip_currency(text, found) == _strip_currency_symbol_by_symbol(text, found)


@settings(max_examples=300)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=12), st.integers(0, 13))
def test_selected_rows_are_those_with_a_date_and_an_amount(
    present: list[tuple[bool, bool]], start: int
) -> None:
    dates = [dt.date(2024, 1, 1) if has_date else None for has_date, _ in present]
    amounts = [Decimal(1) if has_amount else None for _, has_amount in present]
    rows = [row for row in range(start, len(present)) if all(present[row])]
    selected = extract._selected(dates, amounts, start)
    assert list(selected) == rows
    assert isinstance(selected, range) == (bool(rows) and rows[-1] - rows[0] + 1 == len(rows))


@contextmanager
def _without_shortcuts() -> Iterator[None]:
    """The import as it was before its shortcuts: every text record through the csv
    module, every count a pass over the rows, every cell classified in its own column,
    every currency symbol tried, balance breaks read from the lines, rows selected one by
    one, text columns checked by the single regex."""
    from desktop_app.statements import analysis, balance, text_reader

    def scan_alone(
        index: int, values: Sequence[Cell], readings: profile.Readings | None = None
    ) -> profile.ColumnScan:
        return profile.scan_column(index, values)

    def breaks_from_lines(
        lines: Sequence[StatementLine],
        chain: Chain,
        column: str | None = None,
        money: object = None,
        groups: object = None,  # the lines' currency groups, made again from the lines
        proven: object = None,  # the inference's whole fit: the lines are added up again
    ) -> list[object]:
        return list(chain_breaks(lines, chain, column))

    def selected_one_by_one(
        dates: Sequence[object],
        amounts: Sequence[object],
        start: int,
        whole: object = None,  # what the caller found of the rows: looked at one by one
    ) -> Sequence[int]:
        rows = [row for row in range(start, len(dates)) if dates[row] and amounts[row] is not None]
        return grid.contiguous(rows)

    saved = [
        (text_reader, "_split_unquoted", lambda text, delimiter, quote='"': None),
        (profile.ColumnScan, "value_counts", lambda self, rows: None),
        (analysis, "scan_column", scan_alone),
        (numbers, "_strip_currency", _strip_currency_symbol_by_symbol),
        (balance, "chain_breaks", breaks_from_lines),
        (extract, "_selected", selected_one_by_one),
        (row_text, "_any_messy", lambda joined: _OLD_MESSY_ANYWHERE.search(joined) is not None),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in saved]
    for owner, name, replacement in saved:
        setattr(owner, name, replacement)
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def _imported_both_ways(data: bytes, name: str) -> tuple[object, object]:
    with _without_shortcuts():
        before = _imported(data, name, rowwise=True)
    return _imported(data, name, rowwise=True), before


@settings(max_examples=80, deadline=None)
@given(
    st.booleans(),
    st.lists(_TEXT_ROW, min_size=1, max_size=40),
    st.lists(st.text("Total: 12.50", max_size=14), max_size=2),
    st.sampled_from([",", ";"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_text_statements_import_as_without_the_shortcuts(
    header: bool, rows: list[tuple[str, ...]], footer: list[str], delimiter: str, ending: str
) -> None:
    data = _text_statement(header, rows, footer, delimiter, ending)
    now, before = _imported_both_ways(data, "fuzz.csv")
    assert now == before


def test_large_statements_import_as_without_the_shortcuts() -> None:
    rows = _large_statement_rows()
    for data, name in (
        ("\r\n".join(";".join(map(str, row)) for row in rows).encode(), "large.csv"),
        ("\n".join(",".join(map(str, row)) for row in rows).encode(), "comma.csv"),
    ):
        now, before = _imported_both_ways(data, name)
        assert now == before
        assert not isinstance(now, str)


@pytest.mark.realdata
@needs_realdata
@pytest.mark.parametrize("name", _corpus())
def test_real_statements_import_as_without_the_shortcuts(name: str) -> None:
    data = (SHARED_REALDATA / name).read_bytes()
    now, before = _imported_both_ways(data, name)
    assert now == before


def test_residue_rounded_row_by_row_is_rounded_in_the_heads_per_value_readings() -> None:
    # A large number column is read row by row, but its first rows were also read per
    # value (to tell a text column), and a cell's amount is looked up there first.
    column: list[Cell] = [float(Decimal(100_000 + row) / 100) for row in range(20_000)]
    column[5] = 100 - 99.99  # 0.010000000000005116
    analysis = analyse_sheet(Sheet("S", [[cell] for cell in column], range(1, 20_001)))
    scan = analysis.scans[0]
    assert scan.rows is not None
    assert scan.rows.decimals[5] == Decimal("0.01")
    assert scan.amount_of(column[5]) == Decimal("0.01")
    assert analysis.decimals(0, ".")[column[5]] == Decimal("0.01")
