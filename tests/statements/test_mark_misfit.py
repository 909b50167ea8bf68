"""A decimal mark a mapping or saved profile sets that the amounts are not written with.

Set to the decimal comma on an export whose amounts read "12.50", the mark reads no
amount, and the refusal advised naming the columns (``--mapping map.json with
{"header_row": 1, "columns": ...}``): columns that were right. It says instead which mark
was set and by whom, what the column's numbers are written with, and how to set it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.model import NoTransactionsFoundError

POINT = "Date,Description,Amount\n2025-03-03,ACME payment,12.50\n2025-03-05,Fee,-1.25\n"
COMMA = "Date;Description;Amount\n2025-03-03;ACME payment;12,50\n2025-03-05;Fee;-1,25\n"
COLUMNS_ADVICE = "supply a mapping that names the columns"


def _statement_error(
    path: Path, mapping: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    given = tmp_path / "map.json"
    given.write_text(json.dumps(mapping), encoding="utf-8")
    assert main(["statement", str(path), "--mapping", str(given)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_a_decimal_comma_on_amounts_with_a_point_says_so_and_how_to_set_it(
    tmp_path: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    err = _statement_error(write_csv(POINT, "bank.csv"), {"decimal_mark": ","}, tmp_path, capsys)
    assert err == (
        "desktop-app: bank.csv: no transactions found (the decimal mark is set to ',' "
        "(decimal comma) by the mapping, but column 'Amount' has 2 amounts written with the "
        "decimal point ('12.50' on row 2), which ',' does not read); set \"decimal_mark\": "
        '"." in the mapping, or leave decimal_mark out to have it read from the column\n'
    )
    assert COLUMNS_ADVICE not in err


def test_a_decimal_point_on_amounts_with_a_comma_says_so(
    tmp_path: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    err = _statement_error(write_csv(COMMA, "bank.csv"), {"decimal_mark": "."}, tmp_path, capsys)
    assert "the decimal mark is set to '.' (decimal point) by the mapping" in err
    assert "column 'Amount' has 2 amounts written with the decimal comma ('12,50' on row 2)" in err
    assert err.rstrip().endswith('set "decimal_mark": "," in the mapping, or leave decimal_mark '
                                 "out to have it read from the column")  # fmt: skip
    assert COLUMNS_ADVICE not in err


def test_a_mark_that_leaves_no_column_of_amounts_names_one_of_them(
    write_csv: Callable[..., Path],
) -> None:
    """Paid out and paid in: with the wrong mark neither column holds amounts, so no
    layout is found at all; the columns' numbers still say what the mark is."""
    text = "Date,Description,Paid out,Paid in\n2025-03-03,ACME,,12.50\n2025-03-05,Fee,1.25,\n"
    with pytest.raises(NoTransactionsFoundError) as raised:
        import_statement(write_csv(text, "bank.csv"), mapping=Mapping(decimal_mark=","))
    error = raised.value
    assert "the decimal mark is set to ',' (decimal comma) by the mapping" in error.reasons
    assert "written with the decimal point" in error.reasons
    assert error.hint.startswith('set "decimal_mark": "." in the mapping')


def test_a_saved_profile_whose_mark_the_amounts_left_is_named_with_its_remedy(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """January's export had decimal commas and was saved so; February's has points."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    january = write_csv('Date,Text,Amount\n2024-01-02,Shop,"-12,50"\n', "bank_01.csv")
    mapping = Mapping(decimal_mark=",")
    read = import_statement(january, mapping=mapping)
    assert read.layout is not None
    store.save(profile_from_layout("Comma bank", read.layout, mapping))
    february = write_csv("Date,Text,Amount\n2024-02-02,Shop,-12.50\n", "bank_02.csv")

    with pytest.raises(NoTransactionsFoundError) as raised:
        import_statement(february, profiles=store)

    assert str(raised.value) == (
        "bank_02.csv: no transactions found (saved profile 'Comma bank', saved from "
        "bank_01.csv, fits the header on row 1 but reads no transactions with it: the "
        "decimal mark is set to ',' (decimal comma) by the saved profile 'Comma bank', but "
        "column 'Amount' has 1 amount written with the decimal point ('-12.50' on row 2), "
        "which ',' does not read); correct the saved profile 'Comma bank' (map this file "
        "with the decimal point in the import wizard and save it again) or delete it"
    )


def test_a_mark_the_amounts_are_written_with_leaves_the_columns_advice(
    tmp_path: Path, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The mark is no cause where it reads the amounts: a file without dates is still
    told to name its columns."""
    text = "When,Description,Amount\nsoon,ACME payment,12.50\nlater,Fee,-1.25\n"
    err = _statement_error(write_csv(text, "bank.csv"), {"decimal_mark": "."}, tmp_path, capsys)
    assert "decimal mark" not in err
    assert COLUMNS_ADVICE in err
