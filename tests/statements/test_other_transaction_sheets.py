"""A workbook with a second visible sheet of transactions (a tab per account).

Only one sheet is imported as the statement. The other used to be named in the layout's
``sheet`` evidence alone: ``statement`` printed no warning and ``reconcile`` left its
movements out unseen. Now each such sheet is a warning naming it, how many transactions
it holds and the mapping that imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.statements import Mapping, import_statement

GBP_ROWS = [
    ["Date", "Description", "Amount"],
    ["2025-10-01", "rent", 10],
    ["2025-10-02", "fee", 20],
    ["2025-10-03", "sale", 30],
]
EUR_ROWS = [
    ["Date", "Description", "Amount"],
    ["2025-10-01", "a", -5],
    ["2025-10-02", "b", -10],
    ["2025-10-03", "c", -15],
    ["2025-10-04", "d", -20],
    ["2025-10-05", "e", -25],
]


def _sheet_warnings(path: Path, mapping: Mapping | None = None) -> list[str]:
    result = import_statement(path, mapping=mapping)
    return [str(warning) for warning in result.warnings if "sheet" in str(warning)]


def test_the_sheet_not_imported_is_a_warning_saying_how_to_import_it(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx({"GBP account": GBP_ROWS, "EUR account": EUR_ROWS}, "twovisible.xlsx")

    result = import_statement(path)

    assert result.layout is not None
    assert result.layout.sheet == "EUR account"
    assert len(result.lines) == 5
    assert _sheet_warnings(path) == [
        (
            "twovisible.xlsx: sheet 'GBP account' also holds 3 transactions, not imported: "
            "only sheet 'EUR account' was read. To import it, save that sheet as a file of "
            "its own (a workbook or a csv) and import that file too"
        )
    ]


def test_a_mapping_naming_the_other_sheet_imports_it_without_a_warning(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx({"GBP account": GBP_ROWS, "EUR account": EUR_ROWS}, "twovisible.xlsx")

    result = import_statement(path, mapping=Mapping.from_json({"sheet": "GBP account"}))

    assert [str(line.amount) for line in result.lines] == ["10", "20", "30"]
    assert _sheet_warnings(path, Mapping(sheet="GBP account")) == []


def test_each_other_sheet_of_transactions_is_named(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx(
        {"GBP account": GBP_ROWS, "EUR account": EUR_ROWS, "USD account": GBP_ROWS[:3]},
        "three.xlsx",
    )

    warnings = _sheet_warnings(path)

    assert [warning.split(" also holds ")[0] for warning in warnings] == [
        "three.xlsx: sheet 'GBP account'",
        "three.xlsx: sheet 'USD account'",
    ]
    assert "sheet 'USD account' also holds 2 transactions" in warnings[1]


def test_a_summary_sheet_of_dated_totals_is_no_warning(write_xlsx: Callable[..., Path]) -> None:
    """A sheet of dated totals without any text (a row per month) holds no movements: it
    stays in the evidence alone."""
    path = write_xlsx(
        {
            "Transactions": EUR_ROWS,
            "Summary": [["Month", "Total"], ["2025-09-30", 100], ["2025-10-31", -75]],
        }
    )

    assert _sheet_warnings(path) == []
