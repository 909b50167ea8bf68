"""A guessed decimal mark is a warning of the import, not only a line of its evidence.

'-1.200', '2.500' and '-12.345' read as a decimal comma's thousands or a decimal point's
fractions alike; the comma was assumed and said only in the layout's evidence, so it
never reached reconcile's output or the report's Import Warnings, though a wrong guess
makes each amount a thousand times off. A guessed date order is warned of; so is this.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement
from desktop_app.statements.mapping import Mapping

GERMAN = (
    "Buchungstag;Verwendungszweck;Betrag\n"
    "13.03.2025;Miete;-1.200\n14.03.2025;Kunde;2.500\n15.03.2025;Finanzamt;-12.345\n"
)


def _guesses(warnings: tuple[object, ...]) -> list[str]:
    return [str(warning) for warning in warnings if "decimal mark guessed" in str(warning)]


def test_a_guessed_decimal_comma_is_warned_of(write_csv: Callable[..., Path]) -> None:
    result = import_statement(write_csv(GERMAN, name="de.csv"))
    assert result.lines[0].amount == Decimal(-1200)
    said = (
        "de.csv: decimal mark guessed: no value settles it, and the decimal comma is "
        "assumed; column 'Betrag': '-1.200' is read as -1200 (with the decimal point it "
        "would be -1.2). If the amounts use the decimal point, give a mapping with "
        '"decimal_mark": "." (desktop-app statement FILE --mapping MAPPING.json) or choose '
        "the decimal mark in the import wizard"
    )
    assert _guesses(result.warnings) == [said]
    [warning] = [w for w in result.warnings if "decimal mark guessed" in str(w)]
    assert warning.row is None  # about the file: a note, no row skipped


def test_a_guessed_decimal_point_is_warned_of(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Description,Amount\n"
        '13/03/2025,Rent,"-1,200"\n14/03/2025,Client,"2,500"\n15/03/2025,HMRC,"-12,345"\n'
    )
    [said] = _guesses(import_statement(write_csv(text, name="uk.csv")).warnings)
    assert "column 'Amount': '-1,200' is read as -1200 (with the decimal comma it" in said
    assert '"decimal_mark": ","' in said


def test_a_settled_or_mapped_mark_is_no_guess(write_csv: Callable[..., Path]) -> None:
    settled = GERMAN.replace("2.500", "2.500,50")
    assert not _guesses(import_statement(write_csv(settled)).warnings)
    mapped = import_statement(write_csv(GERMAN), mapping=Mapping(decimal_mark="."))
    assert mapped.lines[0].amount == Decimal("-1.2")
    assert not _guesses(mapped.warnings)
