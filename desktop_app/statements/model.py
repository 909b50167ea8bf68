"""What every statement reader produces, whatever the file format.

Tabular files (csv, xlsx, ...) and structured bank formats (OFX, CAMT, MT940) are read by
different code, but the rest of the application sees one result shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop_app.domain import StatementLine
from desktop_app.refusal import Refusal, Refused
from desktop_app.statements.file_accounts import FileAccount


class StatementImportError(Exception, Refusal):
    """The file as a whole cannot be imported. The message names the file, what is missing
    and how to supply it (for example a mapping); nothing from the file is kept."""

    refused = Refused.FILE


@dataclass(frozen=True, slots=True)
class FoundHeader:
    """The header row detection found above a sheet's dated rows, and their date column,
    where it found no transactions (no amount column, say): what the refusal's example
    mapping names (``mapping_hint``), for a front end to offer as a start, so only the
    roles detection missed are left to give (the import wizard)."""

    sheet: str | None  # the worksheet's name; None for a text file's one sheet
    row: int  # as the accountant counts rows (``Sheet.row_numbers``)
    date_column: int  # 0-based, in the sheet's rows


class NoTransactionsFoundError(StatementImportError):
    """The file was read, but detection found no transactions in it: a mapping that names
    its columns may still import it (the wizard's roles, or ``--mapping``).

    The message is the command line's, as it always was: ``reason`` (the file and why)
    then ``hint`` (how to give a mapping there). ``reason`` is kept apart so that another
    front end (the window's import wizard) can say it with its own way to a mapping, not
    a command-line option the accountant there has no use for.
    """

    refused = Refused.NO_TRANSACTIONS

    def __init__(
        self,
        source_name: str,
        reasons: str,
        hint: str,
        *,
        mark_misfit: bool = False,
        header: FoundHeader | None = None,
    ) -> None:
        self.source_name = source_name
        self.reasons = reasons  # what detection missed: "no column holds dates"
        self.hint = hint
        # Whether the cause is a decimal mark that reads none of the amounts
        # (``mark_misfit``): ``hint`` then says how to set the mark, and mapping the
        # columns is no help.
        self.mark_misfit = mark_misfit
        # The header above the dated rows, where detection found one: the hint's example
        # names it, and the wizard offers it (``FoundHeader``).
        self.header = header
        # The SHA-256 of the bytes detection found nothing in (set by ``import_bytes``),
        # so the failure can be remembered as a reading is, for that content only.
        self.sha256: str | None = None
        super().__init__(f"{self.reason}; {hint}")

    @property
    def reason(self) -> str:
        """The file and why, without the command line's advice."""
        return f"{self.source_name}: no transactions found ({self.reasons})"


@dataclass(frozen=True, slots=True)
class RowWarning:
    """A problem confined to one row or cell: reported, the rest of the file still imports.

    ``stated_balance`` marks a warning about a row that states a balance (a balance row of
    the table, a balance stated around it, or a bank format's balance record such as
    MT940's :62F: or OFX's <LEDGERBAL>): no line comes from such a row, yet no movement
    was skipped there, so the import banner counts the warning as a note, not as a row
    skipped. ``about_statement`` marks one about a row that says something of the
    statement itself (a CAMT statement marked as a copy or a duplicate, CpyDplctInd):
    no movement is written there either, so it too is a note.
    """

    source_file: str
    row: int | None
    column: str | None
    message: str
    stated_balance: bool = field(default=False, kw_only=True)
    about_statement: bool = field(default=False, kw_only=True)

    def __str__(self) -> str:
        where = self.source_file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:  # a header's name, or a headerless column's label ('column 3')
            named = self.column.startswith("column ")
            where += f" {self.column}" if named else f" column {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedStatement:
    """Lines read from one file, with what the file says about its account and balances.

    ``row`` of each line is what the accountant sees: the 1-based worksheet row, or the
    1-based physical line of a text file (for OFX/CAMT/MT940, the line where the
    transaction's record starts).

    ``line_accounts`` maps each row to its statement's account when the file holds
    statements of several accounts (``account`` is then None): duplicate movements are
    recognised within one account, so each line must keep the account it was booked on.
    """

    source_file: str
    format: str
    lines: tuple[StatementLine, ...]
    warnings: tuple[RowWarning, ...] = ()
    account: str | None = None
    currency: str | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    # The period the file states it covers, where it states one (``StatementPart``):
    # the default period fetched for it (``statements.covered``).
    stated_start: date | None = None
    stated_end: date | None = None
    line_accounts: Mapping[int, str] = field(default_factory=dict, hash=False)
    # Each account's statement of a file holding several accounts' (or one account's in
    # several currencies), with its own balances: empty for a file of one.
    accounts: tuple[FileAccount, ...] = ()
    # The text encoding a bank format's file was read in (a codec: "cp1250") and why, as
    # a csv's layout says them (``Layout.encoding``, its "format" evidence); None where
    # the reader does not decode the text itself (CAMT's XML).
    encoding: str | None = None
    encoding_evidence: str | None = None
