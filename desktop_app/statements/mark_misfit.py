"""A decimal mark a mapping set that the sheet's amounts are not written with.

A mapping (given with the file, or a saved profile) that sets ``decimal_mark`` sets it for
every column of amounts written as text. Set to the decimal comma on an export whose
amounts read "12.50", no cell is an amount any more, and the file was refused with
advice to name its columns: the columns were right; the mark was not. Where a sheet
reads no transaction, this says which mark was set, by whom, what the column's numbers
are written with instead, and how to set it right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.decimal_marks import mark_name
from desktop_app.statements.grid import cell_text
from desktop_app.statements.layout import column_called
from desktop_app.statements.mapping import Mapping, who_set
from desktop_app.wording import counted


@dataclass(frozen=True, slots=True)
class MarkMisfit:
    """``column``'s cells that are amounts with the mark ``given`` does not set and not
    with the one it does: how many, and the first (its row as the accountant sees it, and
    its cell as written). ``profile`` names the saved profile that set the mark (None:
    the mapping given with the file)."""

    given: str  # the mark the mapping sets: "." or ","
    profile: str | None
    column: str  # as a sentence names it: "column 'Amount'"
    misread: int
    row: int
    cell: str

    @property
    def written_with(self) -> str:
        return "." if self.given == "," else ","

    @property
    def reason(self) -> str:
        """What went wrong, in the words of the file's refusal."""
        return (
            f"the decimal mark is set to '{self.given}' ({mark_name(self.given)}) by "
            f"{who_set(self.profile)}, but {self.column} has "
            f"{counted(self.misread, 'amount')} written with the "
            f"{mark_name(self.written_with)} ('{self.cell}' on row {self.row}), which "
            f"'{self.given}' does not read"
        )

    @property
    def remedy(self) -> str:
        """How to set it right: the mapping given is the accountant's to change; a saved
        profile is corrected (or deleted) where it was saved."""
        mark = self.written_with
        if self.profile is None:
            return (
                f'set "decimal_mark": "{mark}" in the mapping, or leave decimal_mark out '
                "to have it read from the column"
            )
        return (
            f"correct the saved profile '{self.profile}' (map this file with the "
            f"{mark_name(mark)} in the import wizard and save it again) or delete it"
        )


def mark_misfit(
    analysis: SheetAnalysis,
    mapping: Mapping | None,
    headers: list[str],
    columns: Iterable[int],
    start: int = 0,
) -> MarkMisfit | None:
    """The column among ``columns`` with the most cells (from sheet index ``start``, below
    the header) that are amounts only with the other decimal mark than ``mapping`` sets;
    None when the mapping sets none, or no such cell is found."""
    given = mapping.decimal_mark if mapping is not None else None
    if given is None or mapping is None:
        return None
    other = "." if given == "," else ","
    found: MarkMisfit | None = None
    for column in columns:
        with_given = analysis.row_decimals(column, given)[start:]
        with_other = analysis.row_decimals(column, other)[start:]
        misread = [
            index
            for index, (mine, theirs) in enumerate(zip(with_given, with_other, strict=True))
            if mine is None and theirs is not None
        ]
        if misread and (found is None or len(misread) > found.misread):
            first = start + misread[0]
            header = headers[column] if column < len(headers) else ""
            found = MarkMisfit(
                given,
                mapping.profile,
                column_called(header, column),
                len(misread),
                analysis.sheet.row_numbers[first],
                cell_text(analysis.columns[column][first]).strip(),
            )
    return found
