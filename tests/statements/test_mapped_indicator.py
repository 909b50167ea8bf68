"""A mapping that says how amounts are signed, and leaves finding them to detection.

Swiss and German banks write an unsigned amount beside 'Belastung' (a charge) or
'Gutschrift' (a credit). A mapping naming only that column, or only its marks and their
signs, used to be dropped without a word: every charge came in as money received.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import StatementImportError, import_statement
from desktop_app.statements.layout import AmountStyle
from desktop_app.statements.mapping import Mapping

SIGNS = {"Belastung": -1, "Gutschrift": 1}
ROWS = (
    "Datum;Text;Umsatz;Art",
    "05.01.2025;Miete;100,00;Belastung",
    "07.01.2025;Gehalt;2000,00;Gutschrift",
    "09.01.2025;Strom;50,00;Belastung",
)
SIGNED = [Decimal("-100.00"), Decimal("2000.00"), Decimal("-50.00")]


def _statement(tmp_path: Path, rows: tuple[str, ...] = ROWS) -> Path:
    path = tmp_path / "konto.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "mapping",
    [
        Mapping(columns={"indicator": "Art"}, indicator_signs=SIGNS),
        Mapping(indicator_signs=SIGNS),
        Mapping(columns={"indicator": "Art"}),
        None,
    ],
    ids=["column-and-signs", "signs-only", "column-only", "no-mapping"],
)
def test_charges_beside_belastung_are_money_out(tmp_path: Path, mapping: Mapping | None) -> None:
    result = import_statement(_statement(tmp_path), mapping=mapping)

    assert [line.amount for line in result.lines] == SIGNED
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert result.layout.indicator == 3
    assert result.warnings == ()


def test_the_mapping_signs_win_over_the_marks_detection_knows(tmp_path: Path) -> None:
    """'S'/'H' read as debit/credit by detection; a mapping saying otherwise is followed."""
    rows = ("Datum;Text;Umsatz;SH", "05.01.2025;Miete;100,00;S", "07.01.2025;Gehalt;20,00;H")
    mapping = Mapping(indicator_signs={"S": 1, "H": -1})

    result = import_statement(_statement(tmp_path, rows), mapping=mapping)

    assert [line.amount for line in result.lines] == [Decimal("100.00"), Decimal("-20.00")]


UNKNOWN_MARKS = (
    "Datum;Text;Umsatz;Art",
    "05.01.2025;Miete;100,00;Abbuchung",
    "07.01.2025;Gehalt;2000,00;Einzahlung",
    "09.01.2025;Strom;50,00;Abbuchung",
)


def test_marks_detection_does_not_know_find_their_column_by_the_mapping(tmp_path: Path) -> None:
    mapping = Mapping(indicator_signs={"Abbuchung": -1, "Einzahlung": 1})

    result = import_statement(_statement(tmp_path, UNKNOWN_MARKS), mapping=mapping)

    assert [line.amount for line in result.lines] == SIGNED
    assert result.layout.indicator == 3


def test_signs_no_column_holds_are_refused_naming_them(tmp_path: Path) -> None:
    mapping = Mapping(indicator_signs={"Zahlung": -1, "Eingang": 1})

    with pytest.raises(StatementImportError) as refused:
        import_statement(_statement(tmp_path, UNKNOWN_MARKS), mapping=mapping)

    assert str(refused.value) == (
        "konto.csv: the mapping does not fit: no column holds the indicator_signs marks "
        "(eingang, zahlung); name the indicator column in 'columns'"
    )
