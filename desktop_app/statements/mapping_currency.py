"""A mapping's ``currency`` given for a file whose lines name their own.

Each line of a file with a currency column is in the currency its cell names; the
mapping's currency (``Layout.currency``) is only the fallback for a line whose cell is
blank and whose amount carries no currency mark (``extract._row_currencies``), and a cell
that names no currency ('EURO') leaves its line in none. An accountant giving
``{"currency": "EUR"}`` for such a file may expect every line in euros: read quietly,
the lines the bank put in pounds stay in pounds. The commands say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.statements.importer import StatementImport
from desktop_app.statements.mapping import Mapping


@dataclass(frozen=True, slots=True)
class MappedCurrencyAsFallback:
    """A file read with a mapping's currency and a currency column of its own."""

    source_file: str
    column: str  # the currency column as a sentence names it ("column 'Currency'")
    currency: str  # the mapping's

    def __str__(self) -> str:
        code = self.currency
        return (
            f"{self.source_file}: the mapping's currency {code} is not put on every line: "
            f"the file has a currency column ({self.column}), and each line is in the "
            f"currency its cell names; {code} is used only for a line whose currency cell "
            "is blank and whose amount has no currency mark (a cell that is no currency "
            "code, such as 'EURO', leaves its line in none)"
        )


def mapped_currency_as_fallback(
    result: StatementImport, mapping: Mapping | None
) -> MappedCurrencyAsFallback | None:
    """What ``result`` made of ``mapping``'s currency where the file has a currency
    column; None where the mapping gives none or the file has no such column."""
    layout = result.layout
    if mapping is None or mapping.currency is None or layout is None:
        return None
    index = layout.currency_column
    if index is None:
        return None
    code = mapping.currency.upper()
    return MappedCurrencyAsFallback(result.source_file, layout.column_called(index), code)
