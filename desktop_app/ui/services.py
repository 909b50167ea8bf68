"""The one seam between the window and the engine.

Widgets and the main window call only ``AppServices``; the composition root
(``desktop_app.app``) passes the implementation that drives the real engine, and tests
pass whatever they need. Values crossing the seam are plain, immutable domain objects or
the small records below, so they may travel between threads.

Threading contract: methods marked "worker" are called from a worker thread (import,
matching, export, opening a workspace); ``async`` methods run on the asyncio loop; the rest
run on the GUI thread and must return quickly.

Persistence contract: with a workspace open, what ``fetch_invoices``, ``import_statement``
and ``reconcile`` produce is stored in it before they return, and ``record_decision``
commits before it returns, so the window never holds anything that is not saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop_app.domain import (
    CancelToken,
    Decision,
    DecisionKind,
    FetchPeriod,
    FetchShortfall,
    Invoice,
    InvoiceKey,
    InvoiceProblem,
    LineKey,
    ProgressCallback,
    Reconciliation,
    StatementLine,
    WaitingCallback,
    no_waiting,
)
from desktop_app.domain import format_amount as amount_shown
from desktop_app.refusal import Refusal, Refused
from desktop_app.statements.bridge import Bridge
from desktop_app.statements.continuity import StatementBreak
from desktop_app.statements.covered import NOT_STATED, Stated
from desktop_app.statements.model import FoundHeader
from desktop_app.statements.same_statement import SameStatement
from desktop_app.wording import capitalised, counted, day_text
from desktop_app.workspace.records import PeriodChange, ReviewCause

if TYPE_CHECKING:  # the report's words, read where a run is made: off the start-up path
    from desktop_app.pipeline.audit import DecisionsNotApplied

PROVIDER_KINDS = ("content_ignite", "versori", "elevate")
# A mapping's decimal marks, in the words an accountant reads an amount by.
MARK_NAMES = {".": "point", ",": "comma"}
MONEY_ROLES = ("amount", "debit", "credit")  # the roles whose cells are a line's amount
MARKED_ROLES = (*MONEY_ROLES, "balance")  # the roles whose cells a decimal mark reads
# How the wizard names each role: the ids are the --mapping file's keys ("value_date"),
# which read as unfinished on a screen. A format whose layout is fixed (CAMT, OFX, MT940)
# names its columns so too: they are the lines' fields, not the file's.
ROLE_LABELS = {
    "date": "Booking date",
    "value_date": "Value date",
    "amount": "Amount",
    "debit": "Debit (money out)",
    "credit": "Credit (money in)",
    "indicator": "Debit/credit mark",
    "currency": "Currency",
    "balance": "Balance",
    "description": "Description",
    "reference": "Reference",
    "counterparty": "Counterparty",
}


class ServiceError(Exception, Refusal):
    """A request the user can correct (a duplicate name, no keyring, a refused value); the
    message says what and how, and the screen shows it where the request was made."""

    refused = Refused.SELF_EXPLAINED


class ImportRefusedError(ServiceError):
    """The file reads, but not as the accountant mapped it in the import wizard: the import
    finds no transactions, or the mapping does not fit the file. The wizard reopens on it
    with their choices kept and ``reason`` shown, to correct and retry; the message adds
    the way to a mapping, for a banner where no wizard was involved."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # the file and why, in the window's words


class StatementChangedError(ServiceError):
    """The file the import read is not the one the accountant reviewed in the wizard: it
    was saved again (or replaced) while the wizard was open. Nothing was stored: the
    figures they approved are not the ones Import would have brought in, so the wizard
    is shown again on the file as it is now rather than importing it unseen."""


class SecretFrom(StrEnum):
    """Where a provider's token (or Elevate password) is read from now, as a fetch would
    read it: the keyring first, then the variable providers.toml names."""

    KEYRING = "keyring"
    ENVIRONMENT = "environment"
    MISSING = "missing"
    # Missing too, from a variable that is there but holds nothing (CI_TOKEN=""): said
    # "is set but empty", as the command line says it, not "not set".
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class ProviderEntry:
    """A configured provider as the settings screen edits it. The token is never here: it
    goes to the OS keyring, or stays in the environment variable ``secret_env`` names
    (providers.toml's ``token_env``, or ``password_env`` for an Elevate login: a machine
    without a keyring has no other way), and only where it is read from comes back
    (``token_from``)."""

    name: str
    kind: str
    base_url: str | None = None
    direction: str | None = None  # "payable" | "receivable"; None: the kind's default
    options: Mapping[str, str] = field(default_factory=dict)  # organisation_id, currency, ...
    token_from: SecretFrom = SecretFrom.MISSING
    # The variable the secret is read from; None: the keyring. Shown only when it is
    # plainly a name (secrets.plain_env_name): it may be the secret itself, typed there.
    secret_env: str | None = None

    @property
    def has_token(self) -> bool:
        return self.token_from in (SecretFrom.KEYRING, SecretFrom.ENVIRONMENT)


@dataclass(frozen=True, slots=True)
class ProviderFailure:
    provider: str
    message: str


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    """A decision in force whose invoice changed at its provider after it was made: its
    amount changed, it became void (or written off, or a draft again), or the provider no
    longer returns it. The decision still binds the matcher, so the accountant must look
    at it again: deciding the pairing again (accept, reject, unmatch) clears the flag.

    ``entry`` is the decision's number in the audit trail, ``invoice`` the invoice that
    changed, ``reason`` what changed as the workspace recorded it ("amount changed from
    100.00 GBP to 80.00 GBP") and ``causes`` what that comes to. A decision flagged twice
    (two invoices, or two fetches) has a flag for each, ``id`` being the flag's own
    number (a flag never changes once raised, so the window keeps flags by it).
    ``named``: the decision's invoices as the workspace last held them, which name one
    the window does not hold (its provider no longer returns it) by its number, as the
    accountant decided it, not by the provider's id."""

    entry: int
    decision: Decision
    invoice: InvoiceKey
    reason: str
    causes: tuple[ReviewCause, ...] = ()
    flagged_at: datetime | None = None
    id: int = 0
    named: tuple[Invoice, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewFlagChanges:
    """How the flags in force differ from those the window holds (by ``ReviewFlag.id``):
    ``gone`` left force (their decision was decided again or withdrawn), ``new`` came
    (a fetch raised them, an undo brought them back)."""

    gone: frozenset[int] = frozenset()
    new: tuple[ReviewFlag, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.gone or self.new)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch brought: invoices from the providers that answered, why the others
    did not (one failing provider never loses the others' invoices), the invoices that
    arrived but could not be used (one such invoice never loses the rest), and the
    providers a Cancel stopped before they finished (a cancelled fetch keeps what had
    finished). With a workspace: ``flagged``, the decisions this fetch flagged for review,
    their invoices having changed since they were made; ``missing``, the invoices it
    marked missing (their provider answered in full for their dates without them), which
    the workspace no longer loads. Without one, neither is known. ``left_out``: the
    invoices left out of the reconciliation once it ended, each provider's last answer's
    (``provider_fetch.problems_after``): this fetch's ``problems`` and those of the
    providers that did not answer it."""

    invoices: tuple[Invoice, ...]
    failures: tuple[ProviderFailure, ...] = ()
    problems: tuple[InvoiceProblem, ...] = ()
    cancelled: tuple[str, ...] = ()
    flagged: tuple[ReviewFlag, ...] = ()
    missing: tuple[InvoiceKey, ...] = ()
    left_out: tuple[InvoiceProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnGuess:
    """What the importer inferred for one column of a tabular file, and why."""

    index: int
    header: str
    role: str | None
    evidence: str


@dataclass(frozen=True, slots=True)
class UnreadAmounts:
    """The amounts of a column written as text that read as the file was read and not
    under ``mark``, over every line: the first of them (its row as the accountant sees
    it, and the cell as written), how many lines would lose theirs (``lost``), and how
    many would still have one (``kept``; none: the mark reads no amount of the column)."""

    mark: str  # "." or ","
    column: int
    row: int
    cell: str
    lost: int = 1
    kept: int = 0

    @property
    def every_amount(self) -> bool:
        """Whether no amount of the column reads under ``mark``."""
        return self.kept == 0


@dataclass(frozen=True, slots=True)
class SheetRows:
    """One sheet's first rows as the file shows them (no detection): what a file whose
    transactions detection did not find is mapped by hand against."""

    name: str | None  # the worksheet's name; None for a text file's one sheet
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CurrencyTotals:
    """One currency's movements in a statement about to be imported. Each currency has
    its own: pounds and euros are never added together."""

    currency: str | None  # None: the lines the file states no currency for
    lines: int
    money_in: Decimal  # the amounts received, added up
    money_out: Decimal  # the amounts paid, added up, as a positive figure


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What Import would bring in, said before it is pressed: how many lines and over
    which dates, the money in and out per currency, the balances the file states and
    whether they tie, and how many rows would be skipped or noted.

    Worked out on the worker from the import's own result (the backend's
    ``import_summary``), so it is what the import does, not a second reading of the file.
    The balances are in ``currency`` (the one most lines are in); ``bridge`` is worked
    out by the importer's one rule (``statements.bridge.bridged``) and held whole, not
    its fields copied: its movements are that currency's (and those of lines stating none), and it says what
    they and the opening balance come to and whether the stated closing balance ties.
    None unless the file states both balances.
    """

    lines: int
    first_date: date | None = None
    last_date: date | None = None
    totals: tuple[CurrencyTotals, ...] = ()
    currency: str | None = None
    opening: Decimal | None = None
    closing: Decimal | None = None
    bridge: Bridge | None = None
    other_currency_lines: int = 0  # lines in another currency than the balances: not bridged
    # As the import's banner will count them (``ImportResult.skipped_rows`` and ``notes``).
    skipped_rows: int = 0
    notes: int = 0

    def described(self) -> tuple[str, ...]:
        """The summary as the wizard says it, a sentence a line."""
        return (
            self._lines_and_dates(),
            *(self._money(totals) for totals in self.totals),
            self._balances(),
            self._warned(),
        )

    def _lines_and_dates(self) -> str:
        lines = counted(self.lines, "line")
        if self.first_date is None or self.last_date is None:
            return f"{lines}: the statement holds no movements."
        if self.first_date == self.last_date:
            return f"{lines}, all on {day_text(self.first_date)}."
        return f"{lines}, from {day_text(self.first_date)} to {day_text(self.last_date)}."

    def _money(self, totals: CurrencyTotals) -> str:
        said = ", ".join(
            f"money {way} {amount_shown(money, totals.currency)}" if money else f"no money {way}"
            for way, money in (("in", totals.money_in), ("out", totals.money_out))
        )
        if len(self.totals) == 1 and totals.currency is not None:
            return f"{capitalised(said)}."
        which = totals.currency or "No currency stated"
        return f"{which} ({counted(totals.lines, 'line')}): {said}."

    def _balances(self) -> str:
        opening, closing = self.opening, self.closing
        if opening is None:
            if closing is None:
                return "The file states no opening or closing balance."
            stated = amount_shown(closing, self.currency)
            return f"Closing balance {stated}; no opening balance is stated to check it against."
        if closing is None:
            stated = amount_shown(opening, self.currency)
            return f"Opening balance {stated}; no closing balance is stated to check it against."
        said = (
            f"Opening balance {amount_shown(opening, self.currency)} → closing "
            f"{amount_shown(closing, self.currency)}"
        )
        left_out = ""
        if self.other_currency_lines:
            lines = counted(self.other_currency_lines, "line")
            are = "is" if self.other_currency_lines == 1 else "are"
            left_out = f"; {lines} in another currency {are} not counted"
        bridge = self.bridge
        assert bridge is not None  # both balances are stated
        if bridge.ties:
            return f"{said}: ties (opening + movements = closing){left_out}."
        return (
            f"{said}: does not tie: opening + movements "
            f"({amount_shown(bridge.movements, self.currency)}) = "
            f"{amount_shown(bridge.expected, self.currency)}, the closing balance "
            f"differs by {amount_shown(bridge.difference, self.currency)}: lines may be "
            f"missing or misread{left_out}."
        )

    def _warned(self) -> str:
        parts = [
            text
            for count, text in (
                (self.skipped_rows, f"{counted(self.skipped_rows, 'row')} skipped"),
                (self.notes, counted(self.notes, "note")),
            )
            if count
        ]
        if not parts:
            return "No row skipped, nothing to note."
        return f"{', '.join(parts)}: each is listed after the import."


@dataclass(frozen=True, slots=True)
class StatementPreview:
    """The first rows of a file and the inferred layout, for the import wizard."""

    path: Path
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]  # each row's number in the file, as the accountant sees it
    header_row: int | None
    columns: tuple[ColumnGuess, ...]
    roles: tuple[str, ...]  # every role a column may be given
    # File-wide evidence: date order, decimal mark, ...; a profile's drift is not among
    # them, but said on its own (``drift``).
    notes: tuple[str, ...] = ()
    editable: bool = True  # False for OFX, CAMT and MT940: their layout is fixed
    currency: str | None = None  # the file's currency, when it states one
    # Whether the file states no currency at all (none for the file, nor in a column of
    # its own, as its evidence notes): the Currency box must not offer "as stated".
    currency_unstated: bool = False
    # How the file was read (by detection, or by the profile applied), so the wizard can
    # say what "as detected" means before the accountant overrides it:
    date_order: str | None = None  # "DMY", "MDY" or "YMD"; None for a fixed format
    date_order_guessed: bool = False  # no date settled the order (every day is 12 or less)
    date_order_settled_by: str | None = None  # the date that settled it: "31/01/2024 in row 5"
    # Why the file's dates need no order ("dates like 2024-03-15 are unambiguous"); None
    # when the date column's order matters.
    date_order_not_needed: str | None = None
    # Whether some column holds dates whose day and month could be swapped: otherwise no
    # date order changes how the file reads, and there is nothing to choose.
    date_order_choosable: bool = True
    decimal_mark: str | None = None  # "." or ","; None when no amount is written as text
    invert_sign: bool = False  # every amount's sign is flipped (money out shown positive)
    account: str | None = None  # the account the file names; None when it names none
    # The columns some of whose amounts are unreadable under one decimal mark (looked at
    # over every line): each mark's warning, whichever column is given the amount.
    unread_amounts: tuple[UnreadAmounts, ...] = ()
    # Whether a profile can be saved: profiles live in the workspace, so not without one.
    profiles_saved: bool = True
    # Why detection found no transactions, in the window's words. The rows are then the
    # file's own, with no role guessed (but ``header_found``'s), for the accountant to map
    # by hand; None otherwise.
    not_detected: str | None = None
    # When mapped by hand: the header row detection found above the dated rows, and
    # their date column, which the wizard offers as set on that sheet (``on_sheet``).
    header_found: FoundHeader | None = None
    # The worksheet ``rows`` are of, when mapped by hand or chosen by the accountant
    # (None: the one detection read, ``detected_sheet``).
    sheet: str | None = None
    sheets: tuple[SheetRows, ...] = ()  # each visible sheet's rows, when mapped by hand
    # A workbook read by detection: its visible sheets holding rows, which the accountant
    # may choose among (two accounts' tabs, or a sheet detection took wrongly), the one
    # detection read, and why it read that one (the importer's sheet evidence).
    sheet_choices: tuple[str, ...] = ()
    detected_sheet: str | None = None
    sheet_evidence: tuple[str, ...] = ()
    # The accountant's choices of an import of this file that the file refused, and why
    # (``ImportRefusedError.reason``): the wizard reopens with them, to correct and retry.
    kept: ColumnMapping | None = None
    refused: str | None = None
    # A saved profile the header resembles but no longer fits (a column renamed, added or
    # removed): which one and what changed. It was not applied, so the file reads as
    # detected, and the accountant must hear so before Import, not in a banner after it.
    drift: str | None = None
    # That profile's name and the roles it gives (column index -> role), placed on this
    # file's columns by their position in the profile's, for the wizard to offer.
    drift_profile: str | None = None
    drift_roles: tuple[tuple[int, str], ...] = ()
    drift_currency: str | None = None  # the currency that profile sets, if it sets one
    # For a format whose layout is fixed (``editable`` False), whose rows are its lines'
    # fields in the accountant's words: each row's record as the file holds it (CAMT's
    # ``Amt@Ccy=EUR``, ``BookgDt/Dt=2024-03-01``), the evidence behind the row.
    row_details: tuple[str, ...] = ()
    # What importing the file as read would bring in; None where nothing was detected
    # (a file mapped by hand: the wizard asks for it as the columns are given roles).
    summary: ImportSummary | None = None
    # The SHA-256 of the bytes the preview was read from (``StatementImport.sha256``):
    # Import compares the file it reads with it, so a file changed while the wizard was
    # open is not imported as reviewed. None where unknown (a preview not read off a file).
    sha256: str | None = None
    # The text encoding the rows were read in (a codec: "cp1250"); None for a file that
    # is not text (a workbook) or whose format says its own (OFX, CAMT, MT940): then
    # there is none to choose.
    encoding: str | None = None
    # The encoding the accountant chose in the wizard, which the rows were read in
    # (``EncodingChoice``); None: the one detection (or the profile applied) read them in.
    encoding_chosen: str | None = None

    @property
    def currency_as_read(self) -> str:
        """The Currency box's first choice, keeping the currency as the file is read: the
        one it states, each line's as stated (a currency column), or none where it states
        none, as its note says (it said "as stated in the file" of a file stating none)."""
        if self.currency is not None:
            return self.currency
        return "none stated in the file" if self.currency_unstated else "as stated in the file"

    def retried(self, choice: ColumnMapping, reason: str) -> StatementPreview:
        """This preview again, for the wizard to reopen on with ``choice`` kept and
        ``reason`` said, after the import with ``choice`` was refused."""
        return replace(self, kept=choice, refused=reason)

    def on_sheet(self, name: str | None) -> StatementPreview:
        """The preview of a file mapped by hand, showing the sheet ``name`` of ``sheets``:
        its rows, and one column for each of their cells, none with a role; but on the
        sheet of the header detection found (``header_found``), that row set as the
        header, each column named by it, and the date column given the booking date."""
        shown = next(sheet for sheet in self.sheets if sheet.name == name)
        width = max((len(row) for row in shown.rows), default=0)
        found = self.header_found  # among these rows, where given (``_by_hand_preview``)
        if found is None or found.sheet != name:
            columns = tuple(ColumnGuess(index, "", None, _NOT_DETECTED) for index in range(width))
            header_row = None
        else:
            named = shown.rows[shown.row_numbers.index(found.row)]
            headers = (*named, *[""] * (width - len(named)))
            columns = tuple(
                ColumnGuess(index, header, "date", _FOUND_DATES.format(row=found.row))
                if index == found.date_column
                else ColumnGuess(index, header, None, _NOT_DETECTED)
                for index, header in enumerate(headers)
            )
            header_row = found.row
        return replace(
            self,
            rows=shown.rows,
            row_numbers=shown.row_numbers,
            header_row=header_row,
            columns=columns,
            sheet=name,
            summary=None,
        )

    def decimal_mark_problem(
        self, decimal_mark: str | None, roles: Mapping[int, str | None]
    ) -> str | None:
        """Why importing with ``decimal_mark`` (None: as detected) and the columns' ``roles``
        would lose every amount of a money column, or None when it would not.

        Such an import finds no transactions (or none in a debit or credit column), and the
        importer can only say so in general; here the column, a cell and the way back are
        named while the accountant can still change the mark.
        """
        lost = self._unread_money(decimal_mark, roles, every=True)
        if not lost:
            return None
        names = " and ".join(f"'{self._column_name(found.column)}'" for found in lost)
        columns, them = ("columns", "them") if len(lost) > 1 else ("column", "it")
        first = lost[0]
        return (
            f"With a decimal {MARK_NAMES[first.mark]}, no amount in {columns} {names} can "
            f"be read ('{first.cell}' in row {first.row} is one): nothing would be imported "
            f"from {them}. Set the decimal mark back to {self._as_detected}."
        )

    def decimal_mark_warning(
        self, decimal_mark: str | None, roles: Mapping[int, str | None]
    ) -> str | None:
        """Which lines importing with ``decimal_mark`` would skip because their amount,
        read as detected, does not read under it, when the money columns keep others;
        None when it skips none.

        Said before the import, as ``decimal_mark_problem`` is, but it does not hold the
        import: the mark still reads most of the column, so it may be the right one and
        those cells the wrong ones (a stray '12.50' in a decimal-comma file), which the
        accountant can tell and the file cannot. The no-amount rule holds the import
        because such a mark cannot be right for the column; this one only might not be,
        and the skipped rows are still reported one by one after the import.
        """
        lost = self._unread_money(decimal_mark, roles, every=False)
        if not lost:
            return None
        parts = " and ".join(
            f"{counted(found.lost, 'amount')} in column '{self._column_name(found.column)}' "
            f"({'' if found.lost == 1 else 'the first: '}'{found.cell}' in row {found.row})"
            for found in lost
        )
        count = sum(found.lost for found in lost)
        skipped, it, wrong = (
            ("that line", "it", "that cell is")
            if count == 1
            else (f"those {count:,} lines", "them", "those cells are")
        )
        return (
            f"With a decimal {MARK_NAMES[lost[0].mark]}, {parts} cannot be read: {skipped} "
            f"would be skipped. Set the decimal mark back to {self._as_detected} to keep "
            f"{it}, or import as set if {wrong} wrong in the file."
        )

    def decimal_mark_moves(
        self,
        decimal_mark: str | None,
        roles: Mapping[int, str | None],
        chosen: AbstractSet[int] = frozenset(),
    ) -> str | None:
        """Which role the wizard shows must leave its column if the import is made with
        ``decimal_mark``, and why (see ``released_roles``); None when every role stays.

        A money column that reads no amount holds the import (``decimal_mark_problem``)
        and is not named again here: what is left is the balance.
        """
        moving = {
            column: role
            for column, role in released_roles(
                self.unread_amounts, decimal_mark, roles, chosen
            ).items()
            if role not in MONEY_ROLES
        }
        if not moving or decimal_mark is None:
            return None
        named = " and ".join(
            f"column '{self._column_name(column)}' cannot be the {role}"
            for column, role in moving.items()
        )
        return (
            f"With a decimal {MARK_NAMES[decimal_mark]}, {named}: none of its amounts can be "
            "read. The import will look for it among the other columns, or do without it."
        )

    def _unread_money(
        self, decimal_mark: str | None, roles: Mapping[int, str | None], every: bool
    ) -> list[UnreadAmounts]:
        """The money columns (by ``roles``) whose amounts ``decimal_mark`` does not all
        read: those it reads none of (``every``), or those it still reads some of."""
        if decimal_mark is None:
            return []
        unread = {
            found.column: found
            for found in self.unread_amounts
            if found.mark == decimal_mark and found.every_amount is every
        }
        return [
            unread[column]
            for column, role in sorted(roles.items())
            if role in MONEY_ROLES and column in unread
        ]

    @property
    def _as_detected(self) -> str:
        """The decimal mark control's first choice, as the accountant reads it."""
        detected = f" ({MARK_NAMES[self.decimal_mark]})" if self.decimal_mark else ""
        return f'"as detected{detected}"'

    def _column_name(self, index: int) -> str:
        header = next((guess.header for guess in self.columns if guess.index == index), "")
        return header.strip() or f"column {index + 1}"


_NOT_DETECTED = "nothing detected: set its role"
_FOUND_DATES = "holds the dates under the header in row {row}, as the import found them"


def released_roles(
    unread: Sequence[UnreadAmounts],
    decimal_mark: str | None,
    roles: Mapping[int, str | None],
    chosen: AbstractSet[int] = frozenset(),
) -> dict[int, str]:
    """The roles of ``roles`` that must leave their column because of ``decimal_mark``: a
    role whose cells are amounts (``MARKED_ROLES``) on a column none of whose amounts
    reads under that mark. It is the one way a change of the file's conventions stops a
    column from holding the role the accountant saw on it (a date order changes how a
    date reads, never which column holds the dates), and a role the accountant set
    (``chosen``) is theirs to keep even so."""
    if decimal_mark is None:
        return {}
    empty = {found.column for found in unread if found.mark == decimal_mark and found.every_amount}
    return {
        column: role
        for column, role in sorted(roles.items())
        if role in MARKED_ROLES and column in empty and column not in chosen
    }


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """The accountant's corrections to the inferred layout.

    ``roles`` is empty while no role or header row was corrected (the import keeps the
    roles the wizard showed); once one was, it is every column's role as the wizard shows
    it, and ``chosen`` says which of them the accountant set. Those always stay where
    they were set; the others stay as shown too, unless the decimal mark chosen leaves
    their column nothing to read (``released_roles``).
    """

    header_row: int | None
    roles: Mapping[int, str]
    profile_name: str | None = None  # when set, saved as a profile for files like this
    currency: str | None = None  # for a file that does not say which currency it is in
    # The file's conventions; None keeps what was detected (or what the profile applied).
    date_order: str | None = None  # "DMY", "MDY" or "YMD"
    decimal_mark: str | None = None  # "." or ","
    invert_sign: bool | None = None  # True: money out is shown positive, flip every sign
    # The statement's account, for duplicates to be looked for within it; None: as read.
    account: str | None = None
    chosen: frozenset[int] = frozenset()  # the columns whose role the accountant set
    # The worksheet to read: for a file mapped by hand (``StatementPreview.not_detected``),
    # or another than detection read, chosen in the wizard (read as detection reads it,
    # and kept in a profile saved with it); None: whichever detection reads.
    sheet: str | None = None
    # The text encoding chosen in the wizard (a codec: "cp1250"), which the file was
    # previewed in and is imported in, and which a profile saved with it keeps; None:
    # the one detection (or the profile applied) reads it in.
    encoding: str | None = None

    @property
    def is_detection(self) -> bool:
        """Nothing corrected: import exactly as the importer detected (every field but
        the header row, which the wizard always states, at its default)."""
        return replace(self, header_row=None) == ColumnMapping(None, {})


@dataclass(frozen=True, slots=True)
class SheetChoice:
    """The import wizard's answer when the accountant chose another worksheet of a
    workbook detection read: the file is previewed again on ``sheet`` (its layout
    inferred there) and the wizard reopens on it."""

    sheet: str


@dataclass(frozen=True, slots=True)
class EncodingChoice:
    """The import wizard's answer when the accountant chose another encoding for a text:
    the file is previewed again read in ``encoding`` (None: as detected), its layout
    found again in the text so read (a header's words may read only so), and the wizard
    reopens on it with the other choices they had made (``kept``). ``edited`` says
    whether they had corrected the header row or a role: otherwise the header row is
    the one found in the text read again, not the one the garbled text showed."""

    encoding: str | None
    kept: ColumnMapping
    edited: bool = False


@dataclass(frozen=True, slots=True)
class ImportResult:
    source_file: str
    lines: tuple[StatementLine, ...]  # the lines new to the workspace (or the session)
    warnings: tuple[str, ...] = ()
    # Lines already held from another statement (an overlap) or the same file imported
    # before, in the workspace or, without one, in this session: not added again.
    duplicates: int = 0
    # What the warnings are about, for the banner to say: the rows of the file no line
    # was read from (each once, however many warnings name it), and the warnings that
    # skip no row (a note on the file, such as a profile's drift or a balance column not
    # used, or on a line read all the same, such as a break in the running balance).
    skipped_rows: int = 0
    notes: int = 0
    # The statement already held that is this very file (the same content, perhaps under
    # another name: a download saved twice): nothing was added, and the file is not
    # listed as a statement of its own, since there is none to take out.
    same_file_as: str | None = None
    # Each pair of the statements now held that do not follow each other (one account's
    # later statement does not open at the balance its earlier one left, or two that
    # overlap disagree on a day both cover), in words, each with its kind: the banner's
    # title says which kinds it holds.
    statement_breaks: tuple[StatementBreak, ...] = ()
    # A statement held under another name that this file is, its very bytes
    # (``same_file_as``) or its lines, every one (exported again: listed as a statement,
    # it added no line): the note names both files.
    same_statement: SameStatement | None = None
    # The period the file states it covers (a CAMT's FrToDt, an OFX's DTSTART/DTEND),
    # where it states one: the period offered for the statements begins there, as
    # ``reconcile``'s does (``statements.covered``).
    stated: Stated = NOT_STATED


@dataclass(frozen=True, slots=True)
class RemovalResult:
    """A statement taken out of the workspace, so it can be imported again.

    ``kept_lines`` are lines of other statements that repeated its lines (an overlapping
    download) and now stand in for them, so no movement goes with it: the window adds them.
    The decisions on those movements went with them (``decisions_carried``).
    """

    source_file: str
    lines_removed: int
    decisions_withdrawn: int  # still in the audit trail, each ended by a withdrawal
    kept_lines: tuple[StatementLine, ...] = ()
    decisions_carried: int = 0  # recorded again on the lines standing in
    # What each of the decisions withdrawn was (accept, manual match, reject), for the
    # window to say; empty where the backend did not say.
    withdrawn_kinds: tuple[DecisionKind, ...] = ()
    # The breaks between the statements still held, as ``ImportResult`` says them.
    statement_breaks: tuple[StatementBreak, ...] = ()


@dataclass(frozen=True, slots=True)
class StatementDecisions:
    """The accountant's decisions in force on a statement's lines (accepts, manual
    matches, rejections), read before it is removed, for the question to say what
    removing it does with them: what each one withdrawn was, and what each one carried
    over was (one on a movement another statement also holds, which stays, goes with that
    statement's copy). Exactly what the removal then does. None without a workspace,
    where no decision is recorded."""

    withdrawn: tuple[DecisionKind, ...] = ()
    carried: tuple[DecisionKind, ...] = ()


@dataclass(frozen=True, slots=True)
class SettingField:
    """One matching setting for the settings form: its value type picks the editor."""

    key: str
    label: str
    value: int | Decimal | float
    minimum: int | Decimal | float = 0
    maximum: int | Decimal | float = 1_000_000
    help: str = ""


@dataclass(frozen=True, slots=True)
class WorkspaceContents:
    """Everything a workspace holds, as it is opened."""

    path: Path
    invoices: tuple[Invoice, ...] = ()
    lines: tuple[StatementLine, ...] = ()
    decisions: tuple[Decision, ...] = ()
    reconciliation: Reconciliation | None = None
    # Every statement's file name, those with no lines (a quiet month's) too.
    statements: tuple[str, ...] = ()
    # The decisions in force whose invoice changed since they were made.
    review_flags: tuple[ReviewFlag, ...] = ()
    # Its matching settings as the Settings screen edits them, read with the rest, so the
    # screen shows (and Save writes over) this workspace's own, never another's.
    matching_settings: tuple[SettingField, ...] = ()
    # Its stored matching settings this version refuses, each set aside for its default
    # until Settings saves them again (``matching.saved.set_aside_said``), and the words on
    # those it does not know, ignored (``unknown_said``): a banner each, as it opens.
    settings_set_aside: tuple[str, ...] = ()
    settings_unknown: str | None = None
    # The breaks between its statements, as ``ImportResult`` says them.
    statement_breaks: tuple[StatementBreak, ...] = ()
    # The period its invoices were last fetched for (the one under review, whose invoices
    # ``invoices`` are); None where it keeps none (a workspace from before it was kept).
    fetch_period: FetchPeriod | None = None
    # The invoices each provider's last answer returned that could not be used: left out
    # of the reconciliation until the provider answers again (``Workspace.fetch_problems``).
    left_out: tuple[InvoiceProblem, ...] = ()
    # The period each statement states it covers, by file name, as stored with it (none
    # for one stored before that was kept): ``ImportResult.stated``.
    stated_periods: Mapping[str, Stated] = field(default_factory=dict)
    # How command-line runs changed ``fetch_period`` since the window last opened it
    # (``Workspace.period_change``): said once, in a banner, as the lists then show
    # another period's invoices than the accountant left.
    period_change: PeriodChange | None = None


@dataclass(frozen=True, slots=True)
class WorkspaceGone:
    """The open workspace's file is no longer at ``path``: ``how`` it went, said after
    "was" ("removed or moved away", "replaced by another file"; ``workspace.Gone``).
    Every change to it is refused; what it held is still open, to save as a copy."""

    path: Path
    how: str


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry of the audit trail as the audit view shows it. ``restores`` names, for a
    decision an undo put back in force, the entry it restores and the undo ("#28 (undo
    of #29)"), as the report's Audit sheet does; its reason is that entry's note."""

    id: int
    decision: Decision
    in_force: bool = False
    replaced_by: int | None = None
    restores: str = ""


@dataclass(frozen=True, slots=True)
class AboutInfo:
    version: str
    workspace: Path | None
    log_dir: Path
    components: tuple[tuple[str, str, str], ...]  # (name, version, licence)


class AppServices(Protocol):
    # -- providers ----------------------------------------------------------------------
    def providers(self) -> list[ProviderEntry]: ...

    def save_provider(
        self, entry: ProviderEntry, token: str | None, replaces: str | None = None
    ) -> None:
        """Add or update a provider; ``token`` (when given) goes to the keyring, unless
        the entry names the variable to read it from (``secret_env``: no token then)."""

    def remove_provider(self, name: str) -> None: ...

    async def test_provider(
        self, entry: ProviderEntry, token: str | None, waiting: WaitingCallback = no_waiting
    ) -> str:
        """Ask the provider for one page; return a one-line summary or raise. ``waiting``
        told while the provider keeps it waiting, and when it no longer does, as
        ``fetch_invoices``'s is."""

    async def fetch_invoices(
        self,
        date_from: date | None,
        date_to: date | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        waiting: WaitingCallback = no_waiting,
    ) -> FetchResult:
        """The invoices of the period; ``waiting`` told of each provider still being
        waited for ("still waiting for …"), and when it no longer is."""
        ...

    # -- statements (worker) ------------------------------------------------------------
    def preview_statement(
        self, path: Path, sheet: str | None = None, encoding: str | None = None
    ) -> StatementPreview:
        """The wizard's preview of ``path`` as detected; of its worksheet ``sheet`` (as
        detected there) when the accountant chose another than detection read; of its
        text read in ``encoding`` (as detected so) when they chose one. A text that
        ``encoding`` cannot read raises ``ImportRefusedError``, saying where."""
        ...

    def summarise_statement(self, path: Path, mapping: ColumnMapping) -> ImportSummary:
        """What Import would bring in with ``mapping`` (the wizard's choices as now set),
        the file read as Import would read it, so the wizard's summary follows them; only
        the summary, which is all the wizard shows of it. Nothing is stored; a mapping the
        file refuses raises ``ImportRefusedError``."""
        ...

    def import_statement(
        self,
        path: Path,
        mapping: ColumnMapping | None,
        progress: ProgressCallback,
        cancel: CancelToken,
        reviewed: str | None = None,
    ) -> ImportResult:
        """Import ``path`` with ``mapping`` (None: as detected). With ``reviewed``, the
        SHA-256 of the file as the wizard showed it (``StatementPreview.sha256``): a file
        whose bytes read now are others raises ``StatementChangedError``, nothing stored."""
        ...

    def remove_statement(self, source_file: str) -> RemovalResult:
        """Take an imported statement and its lines out; decisions on them are withdrawn.
        Another statement's copies of its movements are kept in their place."""
        ...

    def decisions_on_statement(self, source_file: str) -> StatementDecisions:
        """The decisions ``remove_statement`` would withdraw and carry over, worked out as
        it does without changing anything (worker: the removal's own steps, with no
        statement deleted, reading the workspace, which grows with its decisions)."""
        ...

    # -- matching and export (worker) ---------------------------------------------------
    def matching_settings(self) -> list[SettingField]: ...

    def save_matching_settings(self, values: Mapping[str, int | Decimal | float]) -> None: ...

    def reconcile(
        self,
        invoices: Sequence[Invoice],
        lines: Sequence[StatementLine],
        decisions: Sequence[Decision],
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> Reconciliation: ...

    def export_report(
        self,
        reconciliation: Reconciliation,
        decisions: Sequence[Decision],
        path: Path,
        progress: ProgressCallback,
        cancel: CancelToken,
        fetched: FetchPeriod | None = None,
        statements_from: date | None = None,
    ) -> Path:
        """Write the report of ``reconciliation``; its Summary's period is ``fetched``, the
        period its invoices were fetched for ("all dates" for every date), or where none is
        known (nothing fetched), the statements' dates. Where ``fetched`` began at the
        statements' first date (``statements_from``, the first day they cover, where the
        caller knows it; else their first movement's), the Summary notes the payments received unmatched early
        in it, as ``reconcile``'s does (``domain.period.early_unmatched_payments``)."""
        ...

    def unfetched_providers(self, period: FetchPeriod) -> tuple[FetchShortfall, ...]:
        """The providers whose invoices of ``period`` were not all fetched (a fetch of them
        failed or was cancelled, or never asked for it), each with why: a report of the
        period lacks them. The window asks before exporting one."""
        ...

    def export_target_problem(self, path: Path) -> str | None:
        """Why the report must not be written to ``path``, which it would replace: it is
        the workspace's file, or a statement imported (the file, or its very content);
        None when it may be. Raises ``ReportWriteError`` (a refusal, shown with its
        advice) where it cannot be written at all: a report there open in Excel or
        LibreOffice (``ReportHeldOpenError``), its folder gone. Worker: it may read the
        file to compare its content."""

    # -- workspace ----------------------------------------------------------------------
    def open_workspace(self, path: Path, create: bool = False) -> WorkspaceContents:
        """Worker. Load the file, then make it current; on failure the old one stays."""
        ...

    def workspace_path(self) -> Path | None: ...

    def workspace_gone(self) -> WorkspaceGone | None:
        """Whether the open workspace's file is no longer at its path (removed, moved
        away or replaced by another file while open); None while it is, or with no
        workspace. GUI thread: one look at the path, asked before anything is tried and
        whenever the window comes back to the front."""

    def save_workspace_copy(self, path: Path) -> Path:
        """Worker. Write everything the open workspace holds to ``path`` (a new file, or
        one the accountant agreed to replace) and go on in the copy, which is then the
        workspace open and the most recent one; the path it is now at. On failure no
        half copy is left and the workspace open stays as it was."""

    def recent_workspaces(self) -> list[Path]:
        """Most recently opened first (opening one puts it first)."""

    def record_decision(self, decision: Decision) -> int:
        """Append to the audit trail, committed before returning; the entry's id."""

    def undo_decision(self, entry_id: int) -> Mapping[int, int]:
        """Undo that entry by appending its inverse (history is never rewritten) and
        putting back what it had replaced. A ``ServiceError`` (in the accountant's words,
        no entry numbers) when it cannot be: it was withdrawn or decided again since.

        Each decision put back is a new entry: returns, for the id of each, the id of the
        entry now standing for it, which is the one to undo next."""

    def record_decisions(self, decisions: Sequence[Decision]) -> list[int]:
        """Several decisions (one action on many matches), committed together: all of
        them or none (raising); their entries' ids, in order."""

    def undo_decisions(self, entry_ids: Sequence[int]) -> Mapping[int, int]:
        """Undo those entries, in the order given, committed together: all or none. What
        stands for each decision put back, as ``undo_decision``."""

    def decisions(self) -> tuple[Decision, ...]:
        """The decisions in force, which the matcher must respect."""

    def versioned_decisions(self) -> tuple[int, tuple[Decision, ...]]:
        """The decisions in force with the ``decisions_version`` they are of, read
        together (worker: they grow with the workspace, 0.15 s for 20,000)."""

    def decisions_version(self) -> int:
        """A number that changes whenever the decisions in force do (a decision recorded
        or undone, a statement removed): asked on the GUI thread, without reading them,
        whether decisions were made since a worker read them (``versioned_decisions``)."""

    def decisions_not_applied(self, reconciliation: Reconciliation) -> DecisionsNotApplied | None:
        """The decisions in force ``reconciliation`` did not apply, as a report of it
        would say them (``pipeline.audit.DecisionsNotApplied``): None where it applied
        every one, or there is no workspace. Asked on the run's worker: it reads the
        workspace's decision log."""

    def review_flag_changes(self, held: AbstractSet[int]) -> ReviewFlagChanges:
        """How the flags in force differ from those the window holds (``held``, by id):
        asked after every review step on the GUI thread, so only what changed is read
        whole. Nothing without a workspace."""

    def audit_trail(
        self, invoice: InvoiceKey | None = None, line: LineKey | None = None
    ) -> list[AuditRow]: ...

    def about(self) -> AboutInfo: ...

    async def aclose(self) -> None:
        """Close connections (HTTP clients, the workspace) at shutdown."""
