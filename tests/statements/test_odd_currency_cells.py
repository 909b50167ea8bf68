"""A currency column with an odd cell ('EURO', 'N/A', 'XYZ') among its codes.

One cell the importer does not know used to drop the whole column silently: every line
in no currency, a file of euros and dollars added up as one, and ``reconcile --currency``
then labelling all of them with its currency. The column is the currency column while
its cells are overwhelmingly codes; the odd cell is a row warning naming its row, column
and value, and its line is in no currency rather than in a guessed one.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import Mapping, StatementImport, import_statement
from desktop_app.ui.backend.statement_backend import import_summary

EURO_CSV = (
    "Date,Description,Amount,Currency\n"
    "01/10/2025,a,-100.00,EUR\n"
    "02/10/2025,b,-200.00,EUR\n"
    "03/10/2025,c,-300.00,USD\n"
    "04/10/2025,d,-50.00,EUR\n"
    "05/10/2025,card fee,-7.00,EURO\n"
)


def _currency_warnings(result: StatementImport) -> list[str]:
    return [str(warning) for warning in result.warnings if "currency code" in str(warning)]


def test_one_unknown_cell_keeps_the_column_and_is_named(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(EURO_CSV, "euro.csv"))

    assert result.layout is not None
    assert result.layout.currency_column == 3
    assert [line.currency for line in result.lines] == ["EUR", "EUR", "USD", "EUR", None]
    assert _currency_warnings(result) == [
        (
            "euro.csv row 6 column Currency: 'EURO' is not a currency code; "
            "the line is read with its currency unknown"
        )
    ]
    assert "currency: column 'Currency' (EUR, USD)" in dict(result.layout.evidence)["currency"]


def test_the_odd_line_is_not_given_the_default_currency(
    write_csv: Callable[..., Path],
) -> None:
    """``reconcile --currency GBP`` is for statements that state none: this one states
    euros and dollars, and its odd line is not a pound."""
    result = import_statement(write_csv(EURO_CSV, "euro.csv"), default_currency="GBP")

    assert [line.currency for line in result.lines] == ["EUR", "EUR", "USD", "EUR", None]


def test_the_summary_never_adds_the_currencies_together(
    write_csv: Callable[..., Path],
) -> None:
    summary = import_summary(import_statement(write_csv(EURO_CSV, "euro.csv")))

    assert [(t.currency, t.lines, t.money_out) for t in summary.totals] == [
        ("EUR", 3, Decimal("350.00")),
        ("USD", 1, Decimal("300.00")),
        (None, 1, Decimal("7.00")),
    ]
    assert summary.notes >= 1  # the odd cell, on a line that was read: a note, no row skipped
    assert summary.skipped_rows == 0


def test_a_mapped_currency_column_names_its_odd_cell(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "Date,Description,Amount,Currency\n"
        "01/10/2025,a,-100.00,EUR\n"
        "02/10/2025,b,-200.00,USD\n"
        "03/10/2025,fee,-1.00,N/A\n"
        "04/10/2025,d,-50.00,EUR\n",
        "nacur.csv",
    )
    result = import_statement(path, mapping=Mapping(columns={"currency": "Currency"}))

    assert [line.currency for line in result.lines] == ["EUR", "USD", None, "EUR"]
    assert _currency_warnings(result) == [
        (
            "nacur.csv row 4 column Currency: 'N/A' is not a currency code; "
            "the line is read with its currency unknown"
        )
    ]


def test_an_odd_cell_is_named_where_the_lines_are_not_one_run_of_rows(
    write_csv: Callable[..., Path],
) -> None:
    """A row between the lines that is no line (its amount is blank) leaves the lines'
    rows gathered rather than one run: the odd cell is looked for among their cells, not
    among the column's counted values, and is named all the same."""
    path = write_csv(
        "Date,Description,Amount,Currency\n"
        "01/10/2025,a,-100.00,EUR\n"
        "02/10/2025,no amount,,EUR\n"
        "03/10/2025,b,-200.00,EUR\n"
        "04/10/2025,fee,-7.00,EURO\n",
        "gap.csv",
    )
    result = import_statement(path)

    assert [line.row for line in result.lines] == [2, 4, 5]
    assert [line.currency for line in result.lines] == ["EUR", "EUR", None]
    assert _currency_warnings(result) == [
        (
            "gap.csv row 5 column Currency: 'EURO' is not a currency code; "
            "the line is read with its currency unknown"
        )
    ]


def test_a_workbook_cell_is_named_too(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx(
        {
            "Transactions": [
                ["Date", "Description", "Amount", "Currency"],
                ["2025-10-01", "a", -100, "EUR"],
                ["2025-10-02", "b", -200, "USD"],
                ["2025-10-03", "c", -300, "EUR"],
                ["2025-10-04", "fee", -7, "XYZ"],
            ]
        },
        "euro.xlsx",
    )
    result = import_statement(path)

    assert [line.currency for line in result.lines] == ["EUR", "USD", "EUR", None]
    assert _currency_warnings(result) == [
        (
            "euro.xlsx row 5 column Currency: 'XYZ' is not a currency code; "
            "the line is read with its currency unknown"
        )
    ]


def test_a_blank_currency_cell_is_no_odd_cell(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "Date,Description,Amount,Currency\n"
        "01/10/2025,a,-100.00,EUR\n"
        "02/10/2025,b,-200.00,USD\n"
        "03/10/2025,fee,-1.00,\n"
        "04/10/2025,d,-50.00,EUR\n"
    )
    result = import_statement(path)

    assert [line.currency for line in result.lines] == ["EUR", "USD", None, "EUR"]
    assert _currency_warnings(result) == []


def test_a_column_mostly_of_other_marks_is_not_the_currency(
    write_csv: Callable[..., Path],
) -> None:
    """A type column whose marks now and then spell a code (TOP is Tonga's pa'anga) is
    not a currency column: most of its cells are not codes."""
    path = write_csv(
        "Date,Type,Description,Amount\n"
        "01/10/2025,TOP,top-up,100.00\n"
        "02/10/2025,CHQ,cheque,-200.00\n"
        "03/10/2025,DD,rent,-300.00\n"
        "04/10/2025,FPO,supplier,-50.00\n"
        "05/10/2025,TOP,top-up,70.00\n"
    )
    result = import_statement(path)

    assert result.layout is not None
    assert result.layout.currency_column is None
    assert {line.currency for line in result.lines} == {None}
    assert _currency_warnings(result) == []


def test_a_headerless_column_needs_more_of_its_cells_to_be_codes(
    write_csv: Callable[..., Path],
) -> None:
    """Without a header naming the currency, half the cells being codes is not enough."""
    path = write_csv(
        "01/10/2025,a,-100.00,EUR\n"
        "02/10/2025,b,-200.00,EUR\n"
        "03/10/2025,c,-300.00,none\n"
        "04/10/2025,d,-50.00,none\n"
    )
    result = import_statement(path)

    assert result.layout is not None
    assert result.layout.currency_column is None


def test_the_odd_line_is_in_no_currency_where_the_amounts_carry_marks_too(
    write_csv: Callable[..., Path],
) -> None:
    """Amounts written with their sign ('£5.50') are read by another path, which took the
    mark, or the default, for the odd cell's line while its warning said 'unknown'."""
    path = write_csv(
        "Date,Description,Debit,Credit,Currency\n"
        "01/10/2025,a,£5.50,,GBP\n"
        "02/10/2025,b,£6.50,,GBP\n"
        "03/10/2025,c,,£7.25,GBP\n"
        "04/10/2025,d,$8.00,,USD\n"
        "05/10/2025,card fee,£1.00,,EURO\n",
        "marked.csv",
    )
    result = import_statement(path, default_currency="GBP")

    assert [line.currency for line in result.lines] == ["GBP", "GBP", "GBP", "USD", None]
    assert _currency_warnings(result) == [
        (
            "marked.csv row 6 column Currency: 'EURO' is not a currency code; "
            "the line is read with its currency unknown"
        )
    ]
