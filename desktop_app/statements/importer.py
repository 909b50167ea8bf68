"""``import_statement``: one file in, its lines and the evidence out, or one clear error.

All or nothing: any failure raises ``StatementImportError`` naming the file, what is
missing and how to supply it; nothing from a failed file is returned. A saved profile
whose header fingerprint matches is applied automatically (a text is read again when the
profile sets its encoding, delimiter or quote otherwise than they were sniffed); a profile
for a similar but changed header, or one whose reading of a text fails, is flagged (drift)
and not applied, so a bank's new export is never silently misread with the old mapping;
the layout carries the profile a changed header drifted from (``Layout.drifted_from``),
its roles placed on the file's columns, for the import wizard to offer again.
A file in which detection finds no transactions is read with the saved profile whose
header row it holds at the row the profile names (one saved from a file mapped by hand),
or in its first rows; when that profile reads none either, the refusal names it and what
it failed to read, so the accountant corrects or deletes it.
A file whose header names the date and the money but whose rows hold no movement (a quiet
month) is no failure: it is a statement with no lines and a note (``no_movements``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
from collections import abc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

from desktop_app import gc_pause
from desktop_app.domain import StatementLine, is_currency, main_currency
from desktop_app.domain.money import plain_amount
from desktop_app.os_errors import held_open
from desktop_app.statements import balance, balance_sign, stages
from desktop_app.statements.absorbed_fields import absorbed_fields, unnamed_fields, wide_rows
from desktop_app.statements.analysis import SheetAnalysis, analyse_sheet
from desktop_app.statements.archive import UnsafeArchiveError
from desktop_app.statements.bank_formats import read_bank_format
from desktop_app.statements.bank_mapping import mapped_currency, mapping_not_applied
from desktop_app.statements.covered import Stated, with_stated_period
from desktop_app.statements.decimal_places import excess_decimals
from desktop_app.statements.encoding import UndecodableTextError, stray_byte_said
from desktop_app.statements.extract import Extracted, body_start, extract_lines
from desktop_app.statements.file_accounts import FileAccount, accounts_named, with_accounts
from desktop_app.statements.file_digest import FileDigest
from desktop_app.statements.grid import Sheet, Table, row_spans
from desktop_app.statements.header import header_width
from desktop_app.statements.infer import (
    NoTransactionsError,
    header_texts,
    infer_layout,
    sheet_header,
)
from desktop_app.statements.layout import FLIP_EVERY_SIGN, AmountStyle, Layout
from desktop_app.statements.ledger_view import bookkeeping_pair, books_title, ledger_evidence
from desktop_app.statements.mapping import Mapping, MappingError, MappingMisfitError
from desktop_app.statements.mapping_hint import found_header, how_to_map
from desktop_app.statements.mark_losses import MarkLoss, mark_losses
from desktop_app.statements.mark_misfit import MarkMisfit, mark_misfit
from desktop_app.statements.model import (
    NoTransactionsFoundError,
    RowWarning,
    StatementImportError,
)
from desktop_app.statements.no_movements import (
    NoMovements,
    header_fingerprints,
    read_without_movements,
)
from desktop_app.statements.profile_reading import read_as_the_profile_says
from desktop_app.statements.profiles import (
    ProfileStore,
    SavedProfile,
    drift_offer,
    find_profile,
    fingerprint_of,
    header_fingerprint,
    match_profile,
)
from desktop_app.statements.sniff import TABLE_EXTENSIONS, FileKind, UnsupportedFileError, sniff
from desktop_app.statements.spreadsheet_reader import UnreadableWorkbookError, read_workbook
from desktop_app.statements.spreadsheetml_reader import (
    UnreadableSpreadsheetMLError,
    read_spreadsheetml,
)
from desktop_app.statements.stated_balances import (
    StatedBalance,
    StatedBalances,
    interim_breaks,
    stated_balances,
)
from desktop_app.statements.statement_account import statement_account
from desktop_app.statements.stray_warnings import stray_date_warnings
from desktop_app.statements.text_reader import CsvFormatError, sniff_text
from desktop_app.wording import counted, plural

MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StatementImport:
    """One imported file. ``layout`` is None for OFX/CAMT/MT940, whose ``format`` says which.

    ``line_accounts`` is the account of each row of a file holding several accounts'
    statements (see ``ParsedStatement``); ``account`` covers every other line.

    ``currency`` is the one a bank format states its balances in (CAMT's account
    currency, <Acct><Ccy>; OFX's CURDEF); None where the file states none. Its lines may
    be in others (an entry booked in dollars on a euro account): ``balance_currency``.
    """

    source_file: str
    sha256: str
    format: str
    layout: Layout | None
    lines: tuple[StatementLine, ...]
    warnings: tuple[RowWarning, ...] = ()
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    account: str | None = None
    line_accounts: abc.Mapping[int, str] = field(default_factory=dict, hash=False)
    # What the other decimal mark would lose of each column of amounts written as text,
    # over every line (``mark_losses``), when asked for: none for a fixed format.
    mark_losses: tuple[MarkLoss, ...] = ()
    currency: str | None = None
    # The workbook's visible sheets that hold rows, in order, of which ``layout.sheet`` is
    # the one read: what the import wizard offers to read instead. Empty for a text.
    sheets: tuple[str, ...] = ()
    # The period a bank format states the file covers (CAMT's FrToDt, OFX's DTSTART and
    # DTEND), either end None where it states none: the default period fetched for it
    # begins there, not at its first movement (``statements.covered``).
    stated_start: date | None = None
    stated_end: date | None = None
    # Each account's statement, with its own balances, of a bank file holding several
    # accounts' (``ParsedStatement.accounts``): empty for a file of one.
    accounts: tuple[FileAccount, ...] = ()
    # The text encoding a bank format's file was read in, and why
    # (``ParsedStatement.encoding``): a csv's are its layout's. None for CAMT's XML.
    encoding: str | None = None
    encoding_evidence: str | None = None

    @property
    def stated(self) -> Stated:
        """The period the file states it covers (``statements.covered``)."""
        return self.stated_start, self.stated_end

    def stored_layout(self) -> dict[str, Any]:
        """The layout a workspace keeps with the statement: the one it was read with (a
        bank format's name for a bank file), with the period it states, so that the
        default period of a workspace reopened is the one the file gave; the accounts
        of a file of several with their balances, so that its report is the one the file
        gave (``file_accounts``), and the accounts the file names where they are more
        than the statement's own (an account column naming several), so that its report
        names them as the file's did. Not the import's warnings, which are stored apart
        (``kept_warnings``): a listing of the statements decodes every layout."""
        stated = with_stated_period(self.layout_json(), self.stated)
        named = self.accounts_named
        return with_accounts(stated, self.accounts, named if named != self.account else None)

    def layout_json(self) -> dict[str, Any]:
        """The layout as the command line prints it (design.md's JSON) and a workspace
        keeps it: a table's ``Layout.to_json``; a bank format's name, and for a text
        format the encoding it was read in and why, under the keys a csv's layout gives
        them ("encoding", and its "format" evidence), so that a Czech MT940 read as
        Windows-1250 says so, and why, as a Czech csv does."""
        if self.layout is not None:
            return self.layout.to_json()
        layout: dict[str, Any] = {"format": self.format}
        if self.encoding is not None:
            layout["encoding"] = self.encoding
            if self.encoding_evidence is not None:
                layout["evidence"] = {"format": [f"encoding: {self.encoding_evidence}"]}
        return layout

    @property
    def balance_currency(self) -> str | None:
        """The currency of the statement's balances and bridge: the one it states, else
        the one most of its lines are in (``main_currency``). Told by the lines alone, a
        euro account with more entries booked in dollars than in euros would bridge its
        euro balances with the dollars."""
        return self.currency or main_currency(self.lines)

    @property
    def accounts_named(self) -> str | None:
        """Every account the file names, for a person to read (a ledger export may name
        several, one per line); None when it names none."""
        named = (*self.line_accounts.values(), *(each.account for each in self.accounts))
        return accounts_named(self.account, named)


def import_statement(
    path: str | Path,
    *,
    mapping: Mapping | None = None,
    default_currency: str | None = None,
    profiles: ProfileStore | None = None,
    locale_hint: str | None = None,
    count_mark_losses: bool = False,
) -> StatementImport:
    path = Path(path)
    name = path.name
    try:
        data = _read_bytes(path)
        return import_bytes(
            data,
            name,
            mapping=mapping,
            default_currency=default_currency,
            profiles=profiles,
            locale_hint=locale_hint,
            count_mark_losses=count_mark_losses,
        )
    except StatementImportError:
        raise
    except MappingError as error:
        raise StatementImportError(f"{name}: {error}") from None
    except OSError as error:
        raise StatementImportError(f"{name}: cannot be read: {_os_reason(error, path)}") from None


def _os_reason(error: OSError, path: Path) -> str:
    """Why the file could not be opened, in words to act on: the error's own text is
    "[Errno 2] No such file or directory: '<the full path>'", naming the file twice. A
    file another program holds open is named as the report export names it (``held_open``)."""
    if isinstance(error, FileNotFoundError):
        return "no such file (check the path)"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a statement file"
    held = held_open(error, path)
    if held is not None:
        return held
    if isinstance(error, PermissionError):
        return "permission denied (is it open in another program?)"
    return error.strerror or str(error)


def import_bytes(
    data: bytes,
    source_name: str,
    *,
    mapping: Mapping | None = None,
    default_currency: str | None = None,
    profiles: ProfileStore | None = None,
    locale_hint: str | None = None,
    count_mark_losses: bool = False,
) -> StatementImport:
    """``import_statement`` for bytes already in memory; ``source_name`` names the lines.

    ``count_mark_losses`` asks for ``StatementImport.mark_losses``, which only the import
    wizard shows: it is counted while the sheet's analysis is still at hand.
    """
    if default_currency is not None and not is_currency(default_currency):
        raise ValueError(f"default_currency must be an ISO 4217 code, not {default_currency!r}")
    default_currency = default_currency.strip().upper() if default_currency else None
    digest = FileDigest(data)
    options = _Options(
        source_name, mapping, profiles, locale_hint, default_currency, count_mark_losses
    )
    # Only the result outlives the pause: the rows, columns and scans are freed when
    # ``_import`` returns, so the collector does not walk them when it resumes.
    with gc_pause.paused():
        try:
            return _import(data, digest, options)
        except NoTransactionsFoundError as error:
            error.sha256 = digest.value()  # of the bytes that read as no transactions
            raise


def _import(data: bytes, digest: FileDigest, options: _Options) -> StatementImport:
    source_name = options.source_name
    analysed = None
    try:
        found = sniff(data, source_name)
        if found.kind is FileKind.BANK:
            return _bank_import(data, source_name, digest.value(), options)
        options = _with_saved_profiles(options)
        if found.kind is FileKind.TEXT:
            table, analysed, options = _text_table(data, options)
        else:
            table = _read_table(data, found.kind)
    except _UNREADABLE as error:
        raise StatementImportError(_unreadable(source_name, error)) from None
    named = options.mapping.account if options.mapping is not None else None
    try:
        try:
            analysis, layout, extracted, passed_over = _best_layout(table, options, analysed)
        except NoTransactionsFoundError as error:
            analysis, layout, extracted, passed_over = _by_named_header(table, options, error)
    except StatementImportError as refused:
        raise _on_hidden_sheets(data, found.kind, table, options, refused) from None
    evidence = _evidence(found.evidence, table, analysis, layout, passed_over)
    layout = replace(layout, evidence=evidence)
    stages.reached(f"checking {counted(len(extracted.lines), 'line')}")
    result = _finish(
        source_name, digest.value(), layout, analysis, extracted, named, options.default_currency
    )
    sheets = tuple(sheet.name for sheet in table.sheets if not sheet.hidden and sheet.rows)
    if any(sheets):
        result = replace(result, sheets=tuple(name or "" for name in sheets))
    if options.count_mark_losses:
        result = replace(result, mark_losses=mark_losses(analysis, layout, result.lines))
    return result


def _by_named_header(
    table: Table, options: _Options, error: NoTransactionsFoundError
) -> tuple[SheetAnalysis, Layout, Extracted, tuple[str, ...]]:
    """The file read with the saved profile whose header row it holds, where detection
    found no transactions; ``error`` again when none is found, and ``error`` naming the
    profile and what it failed to read when it reads none.

    A profile saved from a file mapped by hand (``header_row`` set, perhaps a ``sheet``)
    is keyed by that header row's names, which detection never found: it is looked for
    at the row the profile names, or among the first rows where the header has moved, so
    next month's export of the bank is not mapped by hand again. Only those rows are
    read, and only here.
    """
    found = _profile_by_its_header_row(table, options)
    if found is None:
        raise error
    saved, header_row, sheet = found
    # Only the sheet the header is on: a profile saved from a text names no sheet, and a
    # workbook's other sheets (an account summary narrower than the profile's columns)
    # would refuse the mapping that fits the transactions sheet.
    mapping = replace(
        saved.mapping, header_row=header_row, sheet=sheet, profile=saved.name, account=None
    )
    applied = replace(options, mapping=mapping, saved_profiles=None, named_profile=saved.name)
    try:
        analysis, layout, extracted, passed_over = _best_layout(table, applied)
    except StatementImportError as failed:
        raise _profile_read_none(error, saved, header_row, failed) from None
    return analysis, layout, extracted, (*passed_over, *_not_read(table, saved, sheet))


def _not_read(table: Table, saved: SavedProfile, sheet: str | None) -> list[str]:
    """The evidence for each visible sheet left unread because a profile that names no
    sheet found its header on ``sheet``."""
    if sheet is None or saved.mapping.sheet is not None:
        return []
    return [
        f"sheet '{other.name}' not read: saved profile '{saved.name}' found its header on "
        f"sheet '{sheet}'"
        for other in table.sheets
        if not other.hidden and other.rows and other.name != sheet
    ]


def _profile_read_none(
    error: NoTransactionsFoundError,
    saved: SavedProfile,
    header_row: int,
    failed: StatementImportError,
) -> NoTransactionsFoundError:
    """``error`` (no transactions found) saying instead that the saved profile whose
    header the file holds reads none, and why: the accountant whose saved mapping seems
    ignored is told which profile it was, to correct it or delete it. What detection
    alone missed is left out: the profile, found, is what reads the file (it may be what
    failed the first time too). Still a ``NoTransactionsFoundError``: mapping the file by
    hand is still the way on."""
    if isinstance(failed, NoTransactionsFoundError):
        why = failed.reasons
    else:  # the mapping does not fit: its message names the file, named here already
        why = str(failed).removeprefix(f"{error.source_name}: ")
    saved_from = f", saved from {saved.file_name}," if saved.file_name else ""
    reasons = (
        f"saved profile '{saved.name}'{saved_from} fits the header on row {header_row} but "
        f"reads no transactions with it: {why}"
    )
    if isinstance(failed, NoTransactionsFoundError) and failed.mark_misfit:
        # The profile's decimal mark is not the amounts': its remedy says how to correct
        # that profile, and mapping the columns is no help.
        return NoTransactionsFoundError(
            error.source_name, reasons, failed.hint, mark_misfit=True, header=error.header
        )
    reasons += "; correct that profile (map this file and save it again) or delete it"
    return NoTransactionsFoundError(error.source_name, reasons, error.hint, header=error.header)


# How another sheet holding transactions is chosen, as the command line says it (its
# evidence); the import wizard says its own (``ui/backend/statement_backend``).
SHEET_REMEDY = '(a mapping\'s "sheet" chooses it)'
_HEADER_SEARCH_ROWS = 30  # rows a profile's header is looked for in, if moved or not named


def _profile_by_its_header_row(
    table: Table, options: _Options
) -> tuple[SavedProfile, int, str | None] | None:
    """The first saved profile whose header row (on its sheet, if it names one) gives the
    fingerprint it is keyed by, with the row it is on and that sheet's name (None for a
    text's one sheet, which has none): the row the profile names, else
    the first of the sheet's first rows that holds it (a bank's preamble grows a line
    when a month's statement says more), so a moved header is not mapped by hand again.

    A profile keyed by a header detection found names no row: it is looked for in the
    first rows too. Detection that no longer finds the transactions under that header
    (the amounts now text) did not get as far as the profile, which is then applied here
    and, if it reads none either, named in the refusal."""
    if options.refused is not None or not options.saved_profiles:
        return None
    sheets = [sheet for sheet in table.sheets if not sheet.hidden and sheet.rows]

    # A row is fingerprinted once, however many profiles look for their header on it.
    @functools.cache
    def fingerprint(at: int, index: int) -> str:
        sheet = sheets[at]
        return header_fingerprint(header_texts(sheet, index, header_width(sheet.rows, index)))

    for saved in options.saved_profiles:
        header_row, wanted = saved.mapping.header_row, saved.mapping.sheet
        if header_row == 0 or not saved.has_header:
            continue
        for at, sheet in enumerate(sheets):
            if wanted is not None and sheet.name != wanted:
                continue
            numbers = sheet.row_numbers
            named = [numbers.index(header_row)] if header_row in numbers else []
            searched = range(min(_HEADER_SEARCH_ROWS, len(sheet.rows)))
            for index in (*named, *searched):
                if find_profile([saved], fingerprint(at, index), table.encoding) is saved:
                    return saved, numbers[index], sheet.name or None
    return None


# What a file that cannot be read as a table raises: each message says why.
_UNREADABLE = (
    UnsupportedFileError,
    UnsafeArchiveError,
    UnreadableWorkbookError,
    UnreadableSpreadsheetMLError,
    UndecodableTextError,
    CsvFormatError,
)


_WORKBOOK_EXTENSIONS = frozenset(
    f".{extension}"
    for kind in (FileKind.XLSX, FileKind.XLSB, FileKind.XLS, FileKind.ODS)
    for extension in TABLE_EXTENSIONS[kind]
)


def _unreadable(source_name: str, error: Exception) -> str:
    """The refusal of a file read as no table. Random bytes named .xlsx were told "it
    contains NUL bytes and is not UTF-16 text": true of the text reader that was tried
    last, and no help to someone who was given a workbook."""
    extension = PurePath(source_name).suffix.lower()
    if isinstance(error, UndecodableTextError) and extension in _WORKBOOK_EXTENSIONS:
        return (
            f"{source_name}: cannot be imported: it is named {extension} but is neither a "
            "workbook nor text: it may be damaged (a download cut short?) or another kind "
            "of file renamed"
        )
    return f"{source_name}: cannot be imported: {error}"


def read_table(path: str | Path, *, encoding: str | None = None) -> Table:
    """The file's table as read, cell by cell, before any detection: what a mapping is
    made against when detection found no transactions (``raw_rows``). A text is read in
    ``encoding`` where one is given (the accountant's choice), as a mapping's would be.

    Refused as ``import_statement`` refuses a file it cannot read, in the same words (too
    large, missing, encrypted, corrupt), and so is a bank format (OFX, CAMT, MT940),
    whose layout is fixed: it has no table to map.
    """
    path = Path(path)
    name = path.name
    try:
        data = _read_bytes(path)
        found = sniff(data, name)
        if found.kind is FileKind.BANK:
            raise StatementImportError(f"{name}: a bank format has no table to map")
        if found.kind is FileKind.TEXT:
            return sniff_text(data, encoding=encoding).table()
        return _read_table(data, found.kind)
    except _UNREADABLE as error:
        raise StatementImportError(_unreadable(name, error)) from None
    except OSError as error:
        raise StatementImportError(f"{name}: cannot be read: {_os_reason(error, path)}") from None


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise StatementImportError(f"{path.name}: {size:,} bytes is too large for a statement")
    return path.read_bytes()


def _text_table(data: bytes, options: _Options) -> tuple[Table, SheetAnalysis | None, _Options]:
    """The text's table, read as the saved profile its header finds says where that differs
    from the sniffing (``profile_reading``), with the analysis of its sheet if one was made;
    and the options, saying why that profile was refused if it was."""
    mapping = options.mapping or Mapping()
    sniffed = sniff_text(
        data, delimiter=mapping.delimiter, encoding=mapping.encoding, quote=mapping.quote
    )
    saved_profiles = options.saved_profiles
    if saved_profiles is None:
        return sniffed.table(), None, options
    reading = read_as_the_profile_says(data, sniffed, saved_profiles, options.source_name)
    return reading.table, reading.analysis, replace(options, refused=reading.refused)


def _read_table(data: bytes, kind: FileKind, *, hidden_sheets: bool = False) -> Table:
    if kind is FileKind.SPREADSHEETML:
        return read_spreadsheetml(data, hidden_sheets=hidden_sheets)
    return read_workbook(data, kind.value, hidden_sheets=hidden_sheets)


def _on_hidden_sheets(
    data: bytes,
    kind: FileKind,
    table: Table,
    options: _Options,
    error: StatementImportError,
) -> StatementImportError:
    """``error`` (no transactions on the visible sheets, or a mapping that fits none of
    them) naming each hidden sheet that holds transactions, and how to import it: a
    bank's export with its transactions on a sheet someone hid was refused with the cover
    sheet's reason and advice to map its columns, and the mapping then "does not fit
    sheet 'Cover'". Hidden sheets are not read (what Excel shows is what is imported),
    so the way is to unhide it; the hidden sheets are read here only to say so, when
    nothing else was found."""
    if isinstance(error, NoTransactionsFoundError) and error.mark_misfit:
        return error  # the amounts' decimal mark is what to set right first
    holding = _held_on_hidden_sheets(data, kind, table, options)
    if not holding:
        return error
    if not isinstance(error, NoTransactionsFoundError):  # the mapping fits no visible sheet
        return StatementImportError("; ".join([str(error), *holding]))
    reasons = "; ".join([error.reasons, *holding])
    return NoTransactionsFoundError(error.source_name, reasons, _HIDDEN_SHEET_HINT)


def _held_on_hidden_sheets(
    data: bytes, kind: FileKind, table: Table, options: _Options
) -> list[str]:
    """What each hidden sheet that reads as holding transactions holds, and the remedy."""
    if not any(sheet.hidden for sheet in table.sheets):
        return []
    if options.mapping is not None and options.mapping.sheet is not None:
        return []  # the mapping chose a sheet: that is the one it is about
    try:
        hidden = _read_table(data, kind, hidden_sheets=True)
    except _UNREADABLE:
        return []
    holding = []
    for sheet in hidden.sheets:
        alone = replace(hidden, sheets=(sheet,))
        try:
            _, layout, _, _ = _best_layout(alone, options)
        except StatementImportError:
            continue
        holding.append(
            f"sheet '{sheet.name}' holds {counted(layout.transactions, 'transaction')} but is "
            "hidden in the workbook, and hidden sheets are not read: unhide it in Excel "
            "(right-click a sheet's tab, Unhide), save, and import the file again"
        )
    return holding


_HIDDEN_SHEET_HINT = "a mapping does not read a hidden sheet either"


def _bank_import(data: bytes, source_name: str, digest: str, options: _Options) -> StatementImport:
    """A bank format's file read by its reader. A mapping given with it has nothing to set
    but the currency of the lines the file states none for, which it gives before the
    run's default currency; the rest is said not applied (``bank_mapping``)."""
    parsed = read_bank_format(data, source_name)
    lines = parsed.lines
    not_applied = mapping_not_applied(source_name, parsed.format, options.mapping, lines)
    currency = mapped_currency(options.mapping) or options.default_currency
    if currency is not None:
        # A line whose currency the file states unreadably ('EU$') keeps none: the
        # default is for files that state none, and would be a guess (``unread_currency``).
        lines = tuple(
            replace(line, currency=currency) if line.states_no_currency else line for line in lines
        )
    said = () if not_applied is None else (not_applied,)
    return StatementImport(
        source_file=source_name,
        sha256=digest,
        format=parsed.format,
        layout=None,
        lines=lines,
        warnings=(*said, *parsed.warnings, *excess_decimals(lines, source_name)),
        opening_balance=parsed.opening_balance,
        closing_balance=parsed.closing_balance,
        account=parsed.account,
        line_accounts=parsed.line_accounts,
        currency=parsed.currency,
        stated_start=parsed.stated_start,
        stated_end=parsed.stated_end,
        accounts=parsed.accounts,
        encoding=parsed.encoding,
        encoding_evidence=parsed.encoding_evidence,
    )


@dataclass(frozen=True, slots=True)
class _Options:
    source_name: str
    mapping: Mapping | None
    profiles: ProfileStore | None
    locale_hint: str | None
    default_currency: str | None
    count_mark_losses: bool = False
    # Why the saved profile found for this text was not applied: read as it says (its
    # encoding, delimiter or quote), the text failed or its header changed. None otherwise.
    refused: str | None = None
    # The profiles to apply, read from ``profiles`` once per import (``_with_saved_profiles``)
    # and looked up in as often as it takes; None when none apply.
    saved_profiles: tuple[SavedProfile, ...] | None = None
    # The saved profile whose mapping is ``mapping``, found by the header row it names
    # where detection found no transactions (``_by_named_header``); None otherwise.
    named_profile: str | None = None

    @property
    def mapping_given(self) -> bool:
        """A mapping given with the file for files like it: it comes before any profile.
        One naming only the sheet (the import wizard's choice of another sheet) is no
        such mapping: it says which sheet to read, and that sheet is read as detection
        reads it, a saved profile of its header applied."""
        if self.mapping is None:
            return False
        return not replace(self.mapping.for_files_like_this, sheet=None).is_empty


def _with_saved_profiles(options: _Options) -> _Options:
    """``options`` with the saved profiles to apply, read from the store once: a text's
    profile is looked for by its header as sniffed, as each profile reads it, and by the
    table imported, and the drift among them all, which would otherwise read the store
    (a JSON file, the workspace's database) each time. A mapping given comes before any
    profile: then none is read."""
    if options.profiles is None or options.mapping_given:
        return options
    return replace(options, saved_profiles=tuple(options.profiles.all()))


def _best_layout(
    table: Table, options: _Options, analysed: SheetAnalysis | None = None
) -> tuple[SheetAnalysis, Layout, Extracted, tuple[str, ...]]:
    """The visible sheet that holds the transactions, and what the other sheets held.

    The statement is not always sheet 1, and a workbook's summary sheet (a row per month:
    a date and totals) can hold more dated amounts than its transactions sheet. Lines
    without any text are what a summary looks like, so a sheet whose lines have a
    description, reference or counterparty column comes first; then the most lines.
    ``analysed`` is a sheet's analysis already made (looking up a text's profile).

    A mapping that names no sheet overrides roles, not which sheet holds the
    transactions: a sheet it does not fit (an "Info" tab without the columns it names)
    is passed over, as the evidence says, and the file is refused only when it fits
    none. A fault of the mapping itself (two roles on one column) is refused at once.
    """
    found: list[tuple[SheetAnalysis, Layout, Extracted]] = []
    # The sheets a saved profile applied to them names: the sheet the accountant chose
    # when saving it, which the import takes whatever detection would rank first.
    named_by_profile: set[str | None] = set()
    failures: list[str] = []
    misfits: list[tuple[str, str]] = []  # (sheet, why the mapping does not fit it)
    candidates = _candidate_sheets(table, options)
    quiet: list[_Found] = []  # sheets read as holding no movements, where none holds any
    # A failed sheet that is not quiet may hold movements that did not read: then no
    # other sheet is read as quiet, and the file is refused with every sheet's reason.
    unread = False
    misfits_of_mark: list[MarkMisfit] = []  # sheets whose amounts the mark set does not read
    first: SheetAnalysis | None = None
    # The sheets in which no transactions were found: where the file is refused, the
    # header above the first one's dated rows is offered to map it by (``FoundHeader``).
    failed: list[SheetAnalysis] = []
    for sheet in candidates:
        on_sheet = f" on sheet '{sheet.name}'" if sheet.name and len(candidates) > 1 else ""
        known = analysed if analysed is not None and analysed.sheet is sheet else None
        stages.reached(f"finding the columns of {counted(len(sheet.rows), 'row')}{on_sheet}")
        analysis = known or analyse_sheet(sheet)
        first = first or analysis  # its header names the columns of a mapping suggested
        prefix = f"sheet '{sheet.name}': " if sheet.name else ""
        noted = analysis.noted()
        try:
            layout, applied = _sheet_layout(analysis, table, options, noted)
            wide = wide_rows(analysis, layout, table.delimiter)
            absorbed = None
            if wide is not None and table.delimiter is not None:
                absorbed = absorbed_fields(
                    analysis,
                    layout,
                    wide,
                    table.delimiter,
                    options.default_currency,
                    options.source_name,
                )
            if absorbed is not None:  # rows split inside their text: the sheet as meant
                analysis = analyse_sheet(absorbed.sheet)
                noted = analysis.noted()
                layout, applied = _sheet_layout(analysis, table, options, noted)
            stages.reached(f"reading {counted(len(sheet.rows), 'row')}{on_sheet}")
            extracted = extract_lines(
                analysis, layout, options.source_name, options.default_currency
            )
            if absorbed is not None:
                extracted = replace(extracted, warnings=(*absorbed.warnings, *extracted.warnings))
            elif wide is not None:  # a column the header does not name: said once if unread
                unnamed = unnamed_fields(analysis, layout, wide, applied, options.source_name)
                if unnamed is not None:
                    extracted = replace(extracted, warnings=(unnamed, *extracted.warnings))
        except NoTransactionsError as error:
            # The columns are not known: every one is looked at for amounts the mark
            # given does not read (those of a debit and a credit column, say).
            misfit = _misfit(analysis, options.mapping, range(len(analysis.scans)))
            misfits_of_mark.extend(() if misfit is None else (misfit,))
            failures.append(f"{prefix}{error if misfit is None else misfit.reason}")
            failed.append(analysis)
            unread |= _read_quiet(quiet, analysis, noted, table, options)
            continue
        except MappingError as error:
            # A header-only file (a month with no movements) has no row of values for
            # detection to find its header above: it takes the row naming the most of the
            # mapping's columns, or none. Refused there, the mapping may still fit the
            # header ``no_movements`` finds by its words; else its refusal is the fault.
            without = _without_movements(analysis, noted, table, options)
            if without:
                quiet.extend(without)
            elif isinstance(error, MappingMisfitError) and len(candidates) > 1:
                misfits.append((sheet.name or "", str(error)))
                unread |= any(scan.has_dates() or scan.has_numbers() for scan in analysis.scans)
            else:
                raise StatementImportError(_does_not_fit(table, options, sheet, error)) from None
            continue
        if not extracted.lines:
            money = (layout.amount, layout.debit, layout.credit)
            misfit = _misfit(
                analysis, applied, [column for column in money if column is not None], layout
            )
            misfits_of_mark.extend(() if misfit is None else (misfit,))
            why = (
                misfit.reason
                if misfit
                else f"no row has both a date and an amount{_first_skipped(extracted)}"
            )
            failures.append(f"{prefix}{why}")
            failed.append(analysis)
            unread |= _read_quiet(quiet, analysis, noted, table, options)
            continue
        lines = extracted.lines
        layout = replace(
            layout, transactions=len(lines), first_row=lines[0].row, last_row=lines[-1].row
        )
        found.append((analysis, layout, extracted))
        if options.mapping is None and applied is not None and applied.sheet == sheet.name:
            named_by_profile.add(sheet.name)
    if not found:
        if quiet and not unread:  # the first sheet with no movements (a tab per account)
            return (*quiet[0], _passed_over(misfits))
        tried = [f"sheet '{name}': {why}" for name, why in misfits]
        if misfits and not failures:
            raise StatementImportError(
                f"{options.source_name}: the mapping does not fit any sheet: {'; '.join(tried)}"
            )
        empty = "it holds no rows" if table.format == "csv" else "no visible sheet holds rows"
        unfit = [f"sheet '{name}': the mapping does not fit it ({why})" for name, why in misfits]
        reasons = "; ".join([*failures, *unfit]) or empty
        # A decimal mark that reads none of the amounts is what to set right, not columns.
        hint = misfits_of_mark[0].remedy if misfits_of_mark else how_to_map(first)
        header = next(filter(None, map(found_header, failed)), None)
        raise NoTransactionsFoundError(
            options.source_name, reasons, hint, mark_misfit=bool(misfits_of_mark), header=header
        )
    analysis, layout, extracted = max(
        found, key=lambda each: (each[1].sheet in named_by_profile, *_sheet_rank(each))
    )
    passed_over = tuple(
        f"sheet '{other.sheet}' also holds {counted(other.transactions, 'dated amount')}"
        f"{'' if _has_text(other) else ' without any text'}; not imported"
        f" {SHEET_REMEDY}"
        for _, other, _ in found
        if other is not layout
    )
    others = [other for _, other, _ in found if other is not layout and _has_text(other)]
    if others:
        unread_sheets = tuple(_sheet_not_imported(options, layout, other) for other in others)
        extracted = replace(extracted, warnings=(*unread_sheets, *extracted.warnings))
    return analysis, layout, extracted, (*passed_over, *_passed_over(misfits))


def _sheet_not_imported(options: _Options, imported: Layout, other: Layout) -> RowWarning:
    """A warning for a visible sheet that holds transactions too but was not imported (a
    workbook with a tab per account): only one sheet is a statement, and saying so in the
    evidence alone left the other's movements out of the reconciliation unseen. The way
    to import it is a file of its own: the same workbook again, with a mapping naming the
    other sheet, is the same bytes, which a workspace holds once ("already imported"), and
    a run refuses two statements of one name. A summary
    sheet (dated totals without any text) is not warned of: it holds no movements."""
    return RowWarning(
        options.source_name,
        None,
        None,
        f"sheet '{other.sheet}' also holds {counted(other.transactions, 'transaction')}, "
        f"not imported: only sheet '{imported.sheet}' was read. To import it, save that "
        "sheet as a file of its own (a workbook or a csv) and import that file too",
    )


def _passed_over(misfits: list[tuple[str, str]]) -> tuple[str, ...]:
    """The evidence for each sheet a mapping naming no sheet did not fit, and why."""
    return tuple(
        f"sheet '{name}' passed over: the mapping does not fit it ({why})" for name, why in misfits
    )


def _does_not_fit(table: Table, options: _Options, sheet: Sheet, error: MappingError) -> str:
    """The refusal of a mapping that cannot be applied to ``sheet``: naming the sheet when
    the workbook has several, so the accountant knows which one it was tried on."""
    where = f" sheet '{sheet.name}'" if len(table.sheets) > 1 and sheet.name else ""
    return f"{options.source_name}: the mapping does not fit{where}: {error}"


_Found = tuple[SheetAnalysis, Layout, Extracted]


def _first_skipped(extracted: Extracted) -> str:
    """Why the first row skipped was not read (" (row 3 column Amount: 'eight hundred' is
    not an amount; row skipped)"), for a sheet whose rows give no line: what to look at
    first, when a mapping or profile names columns that hold something else now."""
    skipped = next((warning for warning in extracted.warnings if warning.row is not None), None)
    if skipped is None:
        return ""
    return f" ({str(skipped).removeprefix(f'{skipped.source_file} ')})"


def _read_quiet(
    quiet: list[_Found],
    analysis: SheetAnalysis,
    noted: dict[str, list[str]],
    table: Table,
    options: _Options,
) -> bool:
    """Add the failed sheet to ``quiet`` if it holds no movements; True when it is not
    quiet and may hold movements that did not read: a cell reads as a date or a number
    (a sheet of text alone, a "Read me" tab, holds none)."""
    without = _without_movements(analysis, noted, table, options)
    quiet.extend(without)
    return not without and any(scan.has_dates() or scan.has_numbers() for scan in analysis.scans)


def _without_movements(
    analysis: SheetAnalysis, noted: dict[str, list[str]], table: Table, options: _Options
) -> list[_Found]:
    """The sheet read as a statement with no movements (``no_movements``), if it is one.

    ``noted`` is the evidence the sheet's reading left, before the detection that found
    no transactions added its own. A saved profile for the header is applied as it is
    to a file with movements: it may be what names the columns (a header whose words the
    importer does not know). No drift is looked for: without lines nothing can be misread.
    """

    def read(mapping: Mapping) -> NoMovements | None:
        analysis.restore(noted)
        return read_without_movements(analysis, table, mapping)

    got, profile = None, None
    if options.refused is None and options.saved_profiles:  # none when a mapping is given
        for saved in _profiles_by_header(analysis, table.encoding, options.saved_profiles):
            got = read(replace(saved.mapping, profile=saved.name))
            if got is not None and _keyed_by(saved, got.layout):
                profile = saved.name
                analysis.note("profile", f"applied: {saved.name}")
                break
            got = None
    if got is None:
        got = read(options.mapping or Mapping())
    if got is None:
        return []
    layout = replace(got.layout, file_name=options.source_name)
    layout = replace(layout, fingerprint=fingerprint_of(layout), drift=options.refused)
    given = "mapping given" if options.mapping_given else profile
    layout = replace(layout, profile=options.named_profile or given)
    note = RowWarning(options.source_name, None, None, got.note)
    return [(analysis, layout, Extracted((), (note,), None, got.balances))]


def _profiles_by_header(
    analysis: SheetAnalysis, encoding: str | None, saved_profiles: Sequence[SavedProfile]
) -> Iterator[SavedProfile]:
    """The saved profiles keyed by a row that may be a quiet sheet's header, from the top,
    each once: found by the rows' fingerprints, so the sheet is read only with those."""
    seen: set[int] = set()
    for fingerprint in header_fingerprints(analysis):
        saved = find_profile(saved_profiles, fingerprint, encoding)
        if saved is not None and id(saved) not in seen:
            seen.add(id(saved))
            yield saved


def _keyed_by(saved: SavedProfile, layout: Layout) -> bool:
    """Whether ``saved`` is the profile for ``layout``'s header."""
    return find_profile([saved], fingerprint_of(layout), layout.encoding) is saved


def _sheet_rank(found: tuple[SheetAnalysis, Layout, Extracted]) -> tuple[bool, int, int]:
    analysis, layout, _ = found
    return _has_text(layout), layout.transactions, -analysis.sheet.index


def _has_text(layout: Layout) -> bool:
    return bool(layout.description or layout.reference or layout.counterparty)


def _candidate_sheets(table: Table, options: _Options) -> list[Sheet]:
    sheets = [sheet for sheet in table.sheets if not sheet.hidden and sheet.rows]
    wanted = options.mapping.sheet if options.mapping is not None else None
    if wanted is None:
        return sheets
    chosen = [sheet for sheet in sheets if sheet.name == wanted]
    if not chosen:
        raise StatementImportError(_no_such_sheet(table, options.source_name, wanted))
    return chosen


def _no_such_sheet(table: Table, source_name: str, wanted: str) -> str:
    """Why the sheet a mapping names cannot be read, and which can: a hidden sheet is
    there (the accountant sees it in Excel's Unhide list), but is never read."""
    readable = ", ".join(f"'{sheet.name}'" for sheet in table.sheets if not sheet.hidden)
    if any(sheet.hidden and sheet.name == wanted for sheet in table.sheets):
        why = "which is hidden, and hidden sheets are not read: unhide it in the workbook"
    elif any(sheet.name == wanted for sheet in table.sheets):
        why = "which is empty"
    else:
        why = "which is not there"
    return (
        f"{source_name}: the mapping names sheet '{wanted}', {why} (sheets: {readable or 'none'})"
    )


def _sheet_layout(
    analysis: SheetAnalysis, table: Table, options: _Options, noted: dict[str, list[str]]
) -> tuple[Layout, Mapping | None]:
    """The sheet's layout, detected or as its saved profile says, and the mapping it was
    read with (the one given, or the profile's; None for detection alone); ``noted`` is
    the evidence its reading left, before any detection."""
    mapping, profiles, locale_hint = options.mapping, options.saved_profiles, options.locale_hint
    layout = infer_layout(analysis, table, mapping or Mapping(), locale_hint)
    layout = replace(layout, file_name=options.source_name)
    layout = replace(layout, fingerprint=fingerprint_of(layout))
    if options.named_profile is not None:
        layout = replace(layout, profile=options.named_profile)
    elif options.mapping_given:
        layout = replace(layout, profile="mapping given")
    elif options.refused is not None:
        layout = replace(layout, drift=options.refused)
    elif profiles is not None:
        match = match_profile(profiles, layout)
        if match.profile is not None:
            detected = layout
            # The detection's decisions give way to the profile's; what reading the sheet
            # found (Excel serial dates, DATEV's year-less dates) holds for either.
            analysis.restore(noted)
            mapping = replace(match.profile.mapping, profile=match.profile.name)
            layout = infer_layout(analysis, table, mapping, locale_hint)
            # the file as detected, which is what its profile was found (and saved) by
            layout = replace(
                layout,
                column_kinds=detected.column_kinds,
                file_name=detected.file_name,
                fingerprint=detected.fingerprint,
                profile=match.profile.name,
            )
            if match.evidence:
                analysis.note("profile", match.evidence)
        elif match.drift is not None:
            drifted = match.drifted_from
            offer = None if drifted is None else drift_offer(drifted, len(layout.columns))
            layout = replace(layout, drift=match.drift, drifted_from=offer)
    return layout, mapping


def _misfit(
    analysis: SheetAnalysis,
    mapping: Mapping | None,
    columns: Sequence[int],
    layout: Layout | None = None,
) -> MarkMisfit | None:
    """The decimal mark ``mapping`` sets, where ``columns`` hold amounts written with the
    other one (``mark_misfit``), for a sheet that read no transaction; looked at below
    the header: ``layout``'s, where the sheet's layout was found (the rows its lines were
    looked for in, named as it names the columns), else the one the mapping finds."""
    if mapping is None or mapping.decimal_mark is None:
        return None
    if layout is not None:
        headers, start = list(layout.columns), body_start(analysis.sheet, layout)
    else:
        header_index, headers = sheet_header(analysis, mapping)
        start = 0 if header_index is None else header_index + 1
    return mark_misfit(analysis, mapping, headers, columns, start)


def _evidence(
    sniffed: str,
    table: Table,
    analysis: SheetAnalysis,
    layout: Layout,
    passed_over: tuple[str, ...] = (),
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    evidence: dict[str, list[str]] = {"format": [sniffed, *table.notes]}
    hidden = [sheet.name or "" for sheet in table.sheets if sheet.hidden]
    if len(table.sheets) > 1 or hidden:
        text = (
            f"sheet '{layout.sheet}' ({analysis.sheet.index + 1} of {len(table.sheets)}): "
            f"{counted(layout.transactions, 'transaction')}"
        )
        if hidden:
            text += "; hidden sheets skipped: " + ", ".join(f"'{name}'" for name in hidden)
        evidence["sheet"] = [text, *passed_over]
    for decision, lines in analysis.evidence.items():
        evidence.setdefault(decision, []).extend(lines)
    if layout.drift:
        evidence.setdefault("profile", []).append(layout.drift)
    elif layout.profile and not evidence.get("profile"):
        evidence.setdefault("profile", []).append(f"applied: {layout.profile}")
    return tuple((decision, tuple(lines)) for decision, lines in evidence.items())


def _finish(
    source_name: str,
    digest: str,
    layout: Layout,
    analysis: SheetAnalysis,
    extracted: Extracted,
    named_account: str | None = None,
    default_currency: str | None = None,
) -> StatementImport:
    ledger = _as_a_ledger(source_name, layout, analysis, extracted, default_currency)
    if ledger is not None:
        layout, extracted = ledger.layout, ledger.extracted
    # Where balances and the account are stated: the same rows for every reading of the
    # balances' sign (``_stated_sign`` may negate the balances, the lines' too where a
    # balance column turns with them, but never moves a line, so the rows around stay).
    around = _rows_around(layout, analysis, extracted.lines)
    layout, extracted, signed = _stated_sign(layout, analysis, extracted, around)
    lines = extracted.lines
    warnings = list(extracted.warnings)
    built = extracted.columns  # the columns the lines were built from, where known
    warnings.extend(
        stray_date_warnings(source_name, layout, lines, None if built is None else built.dates)
    )
    if layout.mark_guess:
        warnings.insert(0, RowWarning(source_name, None, None, layout.mark_guess))
    if layout.date_order_guess:
        warnings.insert(0, RowWarning(source_name, None, None, layout.date_order_guess))
    misread = code_page_warning(source_name, layout, analysis.sheet)
    if misread is not None:  # how the text was read: said after a profile's drift, if any
        warnings.insert(0, misread)
    if layout.drift:
        warnings.insert(0, RowWarning(source_name, None, None, layout.drift))
    if layout.unused_balance:
        warnings.append(RowWarning(source_name, None, None, layout.unused_balance))
    if layout.balance_sign_doubt:  # the steps decided against a profile's memory
        column = layout.column_name(layout.balance)
        warnings.append(RowWarning(source_name, None, column, layout.balance_sign_doubt))
    for doubt in reversed(layout.header_warnings):
        warnings.insert(0, RowWarning(source_name, None, None, doubt))
    if analysis.sheet.hidden_rows:
        warnings.insert(0, hidden_rows_left_out(source_name, analysis.sheet))
    warnings[:0] = stray_byte_warnings(source_name, layout, analysis.sheet)
    if ledger is not None and ledger.said is not None:
        warnings.append(ledger.said)  # read as a ledger: said before the balance's breaks
    opening = closing = None
    if layout.balance_chain is not None:
        chain = layout.balance_chain
        # Grouped once for the breaks and the ends.
        groups = balance.currency_groups(lines, None if built is None else built.currencies)
        if ledger is not None and ledger.breaks is not None:
            breaks = ledger.breaks  # counted as its reading was chosen, with its signs
        else:
            proven = _proven_chain(analysis, layout)
            layout, chain, breaks = _running_balance(
                source_name, layout, chain, lines, extracted, groups, proven
            )
        if _balance_against_the_dates(lines, chain, breaks):
            layout = _said_as_the_dates_run(layout, chain)
            owed = _signs_against_the_balance(source_name, layout, chain)
            if owed is not None:  # said before the balance's breaks
                layout, signs_doubted = owed
                warnings.append(signs_doubted)
        warnings.extend(breaks)
        opening, closing = balance.opening_and_closing(lines, chain, groups)
    # Read once: the reading ``_stated_sign`` chose, where it weighed the two. All it read
    # (the layout's header row, money mark and ``negates_balances``, the lines and the
    # balance rows) is as it was: the balance column's checks above change only the
    # layout's ``balance_chain`` and evidence.
    stated, interim = (
        signed if signed is not None else _stated_around(layout, analysis, extracted, around)
    )
    if stated.mismatch:
        warnings.append(RowWarning(source_name, None, None, stated.mismatch))
    # The statement's currency, whose decimals its balances are said to: looked for only
    # where a balance is stated (a 200,000-line statement's lines are not counted for none).
    said_any = stated.opening is not None or stated.closing is not None or extracted.balances
    currency = main_currency(lines) if said_any else None
    for chained, said in ((opening, stated.opening), (closing, stated.closing)):
        if chained is not None and said is not None and chained != said.amount:
            text = (
                f"{said.label} {plain_amount(said.amount, currency)} (row {said.row}) differs "
                f"from the balance column's {plain_amount(chained, currency)}"
            )
            warnings.append(RowWarning(source_name, said.row, None, text, stated_balance=True))
    known = (
        opening if opening is not None else stated.opening,
        closing if closing is not None else stated.closing,
    )
    newest_first = _newest_first(layout, lines)
    for row, text in interim_breaks(interim, lines, *known, newest_first):
        warnings.append(RowWarning(source_name, row, None, text, stated_balance=True))
    if opening is None and stated.opening is not None:
        opening = stated.opening.amount
    if closing is None and stated.closing is not None:
        closing = stated.closing.amount
    notes = _balance_notes(stated, extracted.balances, {said.row for said in interim}, currency)
    if notes:
        layout = replace(layout, evidence=(*layout.evidence, ("balances", notes)))
    account = statement_account(analysis.sheet, layout.columns, lines, around, named_account)
    layout = replace(layout, evidence=(*layout.evidence, ("account", (account.evidence,))))
    return StatementImport(
        source_file=source_name,
        sha256=digest,
        format=layout.format,
        layout=layout,
        lines=lines,
        warnings=tuple(warnings),
        opening_balance=opening,
        closing_balance=closing,
        account=account.account,
        line_accounts=account.line_accounts,
    )


def stray_byte_warnings(source_name: str, layout: Layout, sheet: Sheet) -> list[RowWarning]:
    """A warning for each byte of a UTF-8 text that is not UTF-8, where it stands: it was
    read as Windows-1252 on its own (``encoding.mostly_utf8``), a guess the accountant
    checks, rather than the whole file read as 1252 and every other letter garbled."""
    return [
        RowWarning(source_name, row, layout.column_name(column), stray_byte_said(byte, read_as))
        for row, column, byte, read_as in sheet.stray_bytes
    ]


def code_page_warning(source_name: str, layout: Layout, sheet: Sheet) -> RowWarning | None:
    """The warning for a text read in a code page whose words show it may be in another
    (``encoding.CodePageDoubt``): about the file as a whole, so it names no row of its
    own (a row named would count as one skipped), but it names where the first such word
    stands, for the accountant to look at it."""
    if sheet.code_page_doubt is None:
        return None
    row, column, doubt = sheet.code_page_doubt
    where = f"row {row}, {layout.column_called(column)}"
    return RowWarning(source_name, None, None, doubt.warning(where))


def hidden_rows_left_out(source_name: str, sheet: Sheet) -> RowWarning:
    """The warning for the rows the workbook hides on the sheet imported: left out, as
    Excel shows the sheet (a ledger filtered to its bank account hides the other
    accounts' postings, which read as payments), and named, so that a row hidden by
    mistake is not lost unseen."""
    count = len(sheet.hidden_rows)
    one = count == 1
    text = (
        f"sheet '{sheet.name}': {counted(count, 'row')} ({row_spans(sheet.hidden_rows)}) "
        f"{'is' if one else 'are'} hidden in the workbook and {'was' if one else 'were'} "
        f"left out; unhide {'it' if one else 'them'} in Excel to import "
        f"{'it' if one else 'them'}"
    )
    return RowWarning(source_name, None, None, text)


@dataclass(frozen=True, slots=True)
class _Ledger:
    """What ``_as_a_ledger`` found: the layout (with the debit and credit columns the
    other way round where the file is read as a ledger's, and the evidence saying why or
    why not), the lines so read, and the warning where they were read so."""

    layout: Layout
    extracted: Extracted
    said: RowWarning | None = None
    # Where read as a ledger's, where its balance column breaks as read so: counted to
    # choose that reading, and what ``_running_balance`` would count again (the signs
    # were detected, so they are not questioned there).
    breaks: list[RowWarning] | None = None


def _as_a_ledger(
    source_name: str,
    layout: Layout,
    analysis: SheetAnalysis,
    extracted: Extracted,
    default_currency: str | None,
) -> _Ledger | None:
    """The file read with its debit column as money in and its credit column as money
    out, where it is a ledger's export of the bank account (``ledger_view``): detection
    gave the columns a bank's signs (debit money out), with which the balance column adds
    up only read against the dates, while with the ledger's it adds up as they run, at
    least as well. Read again, not negated: a pair's amount is the credit less the debit,
    whatever sign each cell is written with, as a mapping naming them swapped reads it.

    The signs detected stand where the accountant set them (a mapping, a profile:
    ``_running_balance`` questions those) or the columns say whose money moved ('Paid
    in'): None. They stand too, with a note in the evidence saying what to do if they
    are wrong, where the file says it is a ledger's but no balance says which way its
    signs go (no balance column, one line, one day), and where the balance runs against
    the dates but nothing says the file is a ledger's (a card's balance owed rises by
    each purchase, with those signs right)."""
    chain, debit, credit = layout.balance_chain, layout.debit, layout.credit
    lines = extracted.lines
    if (
        debit is None
        or credit is None
        or not lines
        or layout.amount_style is not AmountStyle.DEBIT_CREDIT
        or layout.signs_set_by is not None
        or layout.invert_sign
        or not bookkeeping_pair(_header_of(layout, debit), _header_of(layout, credit))
    ):
        return None
    found = ledger_evidence(layout.columns, lines) or books_title(
        analysis.sheet, layout.header_row or lines[0].row
    )
    money_in, money_out = layout.column_called(debit), layout.column_called(credit)
    if chain is None or not balance.runs_against_the_dates(lines, chain):
        if found is None or (
            chain is not None and balance.dates_run_newest_first(lines) is not None
        ):
            return None  # a bank's signs, or a balance running with the dates confirms them
        why = (
            "there is no balance column"
            if chain is None
            else "there is one line"
            if len(lines) == 1
            else "the dates say no order"
        )
        return _Ledger(
            _with_sign_note(
                layout,
                f"signs: {found}, as a ledger's export does, where {money_in} would be money "
                f"in; read as a bank's statement (debit money out), since nothing says which "
                f"({why}, so the balance cannot): if it is a ledger's, name the debit and "
                "credit columns the other way round",
            ),
            extracted,
            RowWarning(source_name, None, None, _looks_like_the_books(layout, found, why)),
        )
    if found is None:
        return _Ledger(
            _with_sign_note(
                layout,
                f"signs: as detected, {money_in} money out: read as the dates run, the balance "
                "rises by each debit, as a balance owed does (a card's, a loan's); a ledger's "
                f"view of the bank account, where {money_in} is money in, reads so too: if this "
                "is one, name the debit and credit columns the other way round",
            ),
            extracted,
        )
    swapped = replace(layout, debit=credit, credit=debit)
    again = extract_lines(analysis, swapped, source_name, default_currency)
    along = balance.mirror(chain)
    column = layout.column_name(layout.balance)
    as_read = balance.chain_breaks(lines, chain, column, extracted.money)
    breaks = balance.chain_breaks(again.lines, along, column, again.money)
    if [line.row for line in again.lines] != [line.row for line in lines] or len(breaks) > len(
        as_read
    ):
        return None
    steps = balance.balance_steps(again.lines)
    adds = steps - len(breaks)
    runs = "newest" if along.newest_first else "oldest"
    other = "oldest" if along.newest_first else "newest"
    text = (
        f"signs: a ledger's view of the bank account ({found}): {money_in} is money in and "
        f"{money_out} money out; so the balance reads as {along.value}, as the dates run "
        f"({adds} of {steps} {plural(steps, 'step')} {'adds' if adds == 1 else 'add'} up); "
        f"with a bank's signs (debit money out) it added up only read {other} first, "
        "against them"
    )
    said = (
        f"{money_in} read as money in and {money_out} as money out, a ledger's view of the "
        f"bank account ({found}): the running balance adds up so read {runs} first, as the "
        "dates run, and with a bank's signs (debit money out) only read the other way; if "
        "this is a bank's or a card's statement, name the debit and credit columns the "
        "other way round"
    )
    return _Ledger(
        replace(_with_sign_note(swapped, text), balance_chain=along),
        again,
        RowWarning(source_name, None, column, said),
        breaks,
    )


def _looks_like_the_books(layout: Layout, found: str, why: str) -> str:
    """The warning where a file says it is the books' export of the bank account but no
    balance says which way its signs go: read as a bank's, every receipt of the books'
    is money out, so the accountant is told, with the mapping (or the wizard's roles)
    that reads it as the books mean it. The debit and credit columns named the other way
    round, as ``_as_a_ledger`` reads a ledger's."""
    assert layout.debit is not None
    assert layout.credit is not None
    debit, credit = _header_of(layout, layout.debit), _header_of(layout, layout.credit)
    swapped = json.dumps(
        {"columns": {"debit": credit.strip(), "credit": debit.strip()}}, ensure_ascii=False
    )
    money_in, money_out = layout.column_called(layout.debit), layout.column_called(layout.credit)
    return (
        f"this looks like the books' export of the bank account, not a bank's statement "
        f"({found}); {money_in} was read as money out, as a bank's statement means it, since "
        f"nothing says which ({why}); to read it as a ledger's ({money_in} money in, "
        f"{money_out} money out), import it with the mapping {swapped} (in the import "
        f"wizard: {money_in} as Credit (money in), {money_out} as Debit (money out))"
    )


def _with_sign_note(layout: Layout, text: str, was: str | None = None) -> Layout:
    """``layout`` with ``text`` in its amount evidence: in place of the note ``was``
    (the balance column's, said again with the stated balances), else last."""
    evidence = dict(layout.evidence)
    notes = evidence.get("amount", ())
    if was is not None and was in notes:
        evidence["amount"] = tuple(text if note == was else note for note in notes)
    else:
        evidence["amount"] = (*notes, text)
    return replace(layout, evidence=tuple(evidence.items()))


def _header_of(layout: Layout, index: int) -> str:
    return layout.columns[index] if index < len(layout.columns) else ""


def _proven_chain(analysis: SheetAnalysis, layout: Layout) -> balance.ProvenChain | None:
    """The reading the balance column was found to follow at every step while its
    layout was inferred, where it was (``balance.ProvenChain``)."""
    column = layout.balance
    if column is None or column >= len(analysis.scans):
        return None
    return analysis.scans[column].proven_chain


def _running_balance(
    source_name: str,
    layout: Layout,
    chain: balance.Chain,
    lines: tuple[StatementLine, ...],
    extracted: Extracted,
    groups: balance.CurrencyGroups,
    proven: balance.ProvenChain | None,
) -> tuple[Layout, balance.Chain, list[RowWarning]]:
    """Where the balance column breaks, read as ``chain`` runs; or, where the accountant
    set the signs (a mapping, a saved profile) and that reading runs against the dates
    (the signs fit it only so), as the dates run, with a warning first that the balance
    disagrees with the signs, which are kept as given. Signs detection set are left to
    the chain found: there the mirror is a card's balance owed, which rises with each
    purchase, far more often than signs the wrong way round, and every step of such a
    statement would be reported as a break."""
    column = layout.column_name(layout.balance)
    who = layout.signs_set_by
    against = (
        None if who is None else balance.against_the_dates(lines, chain, column, extracted.money)
    )
    if who is None or against is None:
        breaks = balance.chain_breaks(lines, chain, column, extracted.money, groups, proven)
        return layout, chain, breaks
    layout = _read_along_the_dates(layout, against)
    said = RowWarning(source_name, None, column, _signs_against(layout, against, who))
    return layout, against.chain, [said, *against.breaks]


def _balance_against_the_dates(
    lines: Sequence[StatementLine], chain: balance.Chain, breaks: Sequence[RowWarning]
) -> bool:
    """Whether the balance column, read as ``chain`` with the ``breaks`` found so, runs
    against the lines' dates (``balance.runs_against_the_dates``) and adds up at most of
    its steps: then the evidence says it read as the dates run, each amount taken off
    (``_said_as_the_dates_run``). A reading no step settled says nothing of the amounts.
    Where the first and last lines' dates run as ``chain`` does (nearly every file),
    the lines are not looked through: nothing of this is done row by row."""
    if len(lines) < 2 or lines[0].date == lines[-1].date:
        return False
    if (lines[0].date > lines[-1].date) == chain.newest_first:
        return False
    if not balance.runs_against_the_dates(lines, chain):
        return False
    return 2 * len(breaks) < balance.balance_steps(lines)


def _said_as_the_dates_run(layout: Layout, chain: balance.Chain) -> Layout:
    """``layout`` whose amount evidence names ``chain``, which runs against the dates, as
    it reads the way the dates run (``balance.as_the_dates_run``)."""
    said = balance.as_the_dates_run(chain)
    evidence = dict(layout.evidence)
    evidence["amount"] = tuple(
        text.replace(chain.value, said) for text in evidence.get("amount", ())
    )
    return replace(layout, evidence=tuple(evidence.items()))


def _signs_against_the_balance(
    source_name: str, layout: Layout, chain: balance.Chain
) -> tuple[Layout, RowWarning] | None:
    """Where one signed amount column's balance runs against the amounts (read as
    ``chain``, against the dates): ``layout`` with a note in its evidence, and a warning,
    that this is how a balance owed runs, and how a bank account's does where the file
    shows money out as positive, and how to read it so. None for other layouts, and
    where the accountant set the signs (``invert_sign``: ticked as advised, the amounts
    alone are flipped and the balance, keeping its sign, runs with them:
    ``Layout.negates_balances``).

    The signs carried stand, as a debit/credit pair's detected signs do (``_as_a_ledger``):
    a card's balance owed rises by each purchase, written negative, with those signs
    right, and the balance cannot tell it from a bank's money out written positive. But
    where a pair's headers say which column is money out, a lone column's signs are only
    the convention most banks follow, and a wrong guess turns every line's sign: so
    where a debit/credit pair gets the note alone, this gets a warning too."""
    if (
        layout.amount_style is not AmountStyle.SIGNED
        or layout.amount is None
        or layout.balance is None
        or layout.invert_sign
        or layout.signs_set_by is not None
    ):
        return None
    amount, column = layout.column_called(layout.amount), layout.column_called(layout.balance)
    runs = "newest" if balance.mirror(chain).newest_first else "oldest"
    fix = f"tick '{FLIP_EVERY_SIGN}' in the import wizard"
    note = (
        f"signs: as {amount} carries them, a negative amount money out: read as the dates "
        "run, the balance rises by each negative amount and falls by each positive one, as "
        "a balance owed does (a card's, a loan's); a bank account's statement that shows "
        f"money out as positive reads so too: if this is one, {fix} (a mapping's "
        '"invert_sign": true)'
    )
    said = (
        f"{amount} was read with the signs it carries (a negative amount money out), but "
        f"the running balance in {column}, read as the dates run ({runs} first), rises by "
        "each negative amount and falls by each positive one: a balance owed (a card's, a "
        "loan's) runs so, and so does a bank account's where the file shows money out as "
        "positive, every line's sign then the wrong way round; if this is a bank account, "
        f'{fix}, or import it with the mapping {{"invert_sign": true}}'
    )
    warning = RowWarning(source_name, None, layout.column_name(layout.balance), said)
    return _with_sign_note(layout, note), warning


def _read_along_the_dates(layout: Layout, against: balance.AgainstTheDates) -> Layout:
    """``layout`` with its balance column read the way the dates run, and the evidence
    saying why: the reading the amounts' signs fit ran against them."""
    other = "oldest" if against.chain.newest_first else "newest"
    text = (
        f"balance: read as {against.chain.value}, as the dates run; with the amounts' signs "
        f"it adds up only read {other} first, against them ({len(against.breaks)} of "
        f"{against.steps} {plural(against.steps, 'step')} "
        f"{'breaks' if len(against.breaks) == 1 else 'break'} as read)"
    )
    evidence = dict(layout.evidence)
    evidence["amount"] = (*evidence.get("amount", ()), text)
    return replace(layout, balance_chain=against.chain, evidence=tuple(evidence.items()))


def _signs_against(layout: Layout, against: balance.AgainstTheDates, who: str) -> str:
    """The warning for a balance column that runs against the dates with the amounts'
    signs: which signs and ``who`` set them, how many steps break, and the first row. The
    signs are kept: a mapping says how the file is read, and only the accountant can say
    whether the mapping or the balance column is wrong."""
    runs = "newest" if against.chain.newest_first else "oldest"
    return (
        f"the running balance disagrees with the amounts' signs ({_signs_named(layout)}, "
        f"set by {who}): read {runs} first, as the dates run, it breaks at "
        f"{len(against.breaks)} of {against.steps} {plural(against.steps, 'step')}, the first at row "
        f"{against.breaks[0].row}; it adds up only read the other way, as it would with "
        f"every sign swapped; the lines keep the signs {who} sets: if they are the wrong "
        "way round, correct it"
    )


def _signs_named(layout: Layout) -> str:
    """How ``layout`` signs the amounts, in a mapping's words."""
    if layout.amount_style is AmountStyle.INDICATOR:
        signs = ", ".join(
            f"{token or '(empty)'} {'+' if sign > 0 else '-'}"
            for token, sign in layout.indicator_signs
        )
        return f"indicator_signs {signs}"
    debit, credit = layout.debit, layout.credit
    if layout.amount_style is AmountStyle.DEBIT_CREDIT and debit is not None and credit is not None:
        return f"debit {layout.column_called(debit)}, credit {layout.column_called(credit)}"
    return "the signs the amounts carry"


def _newest_first(layout: Layout, lines: tuple[StatementLine, ...]) -> bool:
    """Whether the lines run from the newest to the oldest: as the balance column runs,
    else as the dates do."""
    if layout.balance_chain is not None:
        return layout.balance_chain.newest_first
    return bool(lines) and lines[0].date > lines[-1].date


def _balance_notes(
    stated: StatedBalances,
    balances: Sequence[StatedBalance],
    interim: set[int],
    currency: str | None = None,
) -> tuple[str, ...]:
    """The evidence for the balances: which stated ones were taken, and which dated rows
    were read as balances rather than as lines (the first few, when a file has many),
    each amount to ``currency``'s decimals, as the warnings say them."""
    notes = [stated.evidence] if stated.evidence else []
    if balances:
        shown = [
            f"{said.label} {plain_amount(said.amount, currency)} (row {said.row}"
            + (", between the lines)" if said.row in interim else ")")
            for said in balances[:_SHOWN]
        ]
        more = f" and {len(balances) - _SHOWN} more" if len(balances) > _SHOWN else ""
        notes.append("rows read as balances, not as lines: " + ", ".join(shown) + more)
    return tuple(notes)


_SHOWN = 10


_Stated = tuple[StatedBalances, list[StatedBalance]]


def _stated_around(
    layout: Layout, analysis: SheetAnalysis, extracted: Extracted, around: list[int]
) -> _Stated:
    """The balances the statement states around its lines (in the rows ``around`` them,
    ``_rows_around``), and the balance rows between them. Balance rows before the first
    or after the last line are stated like those around the table; between the lines,
    they are points the movements must pass through."""
    lines = extracted.lines
    first, last = (lines[0].row, lines[-1].row) if lines else (0, 0)
    interim = [said for said in extracted.balances if first < said.row < last]
    edges = {said.row: said for said in extracted.balances if not first < said.row < last}
    unread = _unread(layout, analysis, lines, around, edges)
    return _stated(layout, analysis, lines, unread, edges), interim


def _stated_sign(
    layout: Layout, analysis: SheetAnalysis, extracted: Extracted, around: list[int]
) -> tuple[Layout, Extracted, _Stated | None]:
    """Where every sign is flipped and no balance column's steps said which sign the
    balances keep (the table has none, or too few of its steps to say: a quiet month),
    the sign the balances stated around it keep, by their own arithmetic
    (``balance_sign.by_stated``), with ``extracted``'s balances signed so (the balance
    rows', and the balance column's where it is turned, with its reading:
    ``Layout.balance_sign_unsaid``); where they do not say either, the sign the mapping or
    saved profile remembers, else negated. Either way the evidence says which and why.
    Negated by default, a bank account's export still added up, with its closing balance
    taken for its opening, and said nothing of its sign; with a balance column, its
    stated balances were each warned of as differing from the column's.

    The stated balances come before what a profile remembers, as a column's steps do:
    they are the file's own arithmetic (``balance_sign.decided`` warns where they differ).
    A statement with no movements is left as ``no_movements`` read it: nothing adds up
    one way and not the other.

    Also the balances stated (``_stated_around``) as read with the sign chosen, where
    they were read here, so that ``_finish`` does not read 200,000 lines' balances a third
    time; None where nothing was weighed."""
    unsaid = layout.balance_sign_unsaid
    if not layout.invert_sign or not extracted.lines:
        return layout, extracted, None
    if layout.balance is not None and unsaid is None:  # the column's steps said it
        return layout, extracted, None
    as_taken = _stated_around(layout, analysis, extracted, around)
    taken = as_taken[0]
    if taken.opening is None and taken.closing is None:
        return layout, extracted, as_taken  # no balance stated: nothing to sign
    other = replace(layout, balance_sign_kept=not layout.balance_sign_kept)
    negated = tuple(replace(said, amount=-said.amount) for said in extracted.balances)
    turned = replace(extracted, balances=negated)
    as_flipped = _stated_around(other, analysis, turned, around)
    flipped = as_flipped[0]
    kept, negated_reading = (taken, flipped) if layout.balance_sign_kept else (flipped, taken)
    decided = balance_sign.by_stated(kept, negated_reading)
    memory = layout.balance_sign_memory
    assert memory is not None  # every sign is flipped
    # The balance column's note, where its steps did not say, is said again with this.
    was = None if unsaid is None else unsaid.note
    if isinstance(decided, str):  # the stated balances do not say
        text = balance_sign.stated_undecided(memory, decided, unsaid)
        return _with_sign_note(layout, text, was), extracted, as_taken
    said = balance_sign.stated_said(decided, kept if decided else negated_reading, unsaid)
    text, doubt = balance_sign.decided(memory, decided, said, stated=True)
    if decided == layout.balance_sign_kept:
        chosen, read, signed = layout, extracted, as_taken
    elif unsaid is None:
        chosen, read, signed = other, turned, as_flipped
    else:  # the balance column turns with them, read as the other sign reads it
        chosen, read, signed = (
            _chain_turned(other, unsaid.other_chain),
            _column_turned(turned),
            as_flipped,
        )
    chosen = replace(
        chosen, balance_sign_by_steps=True, balance_sign_doubt=doubt, balance_sign_unsaid=None
    )
    return _with_sign_note(chosen, text, was), read, signed


def _chain_turned(layout: Layout, chain: balance.Chain) -> Layout:
    """``layout`` with its balance column read as ``chain``, the reading its other sign
    takes (``infer._kept``), and its amount evidence naming that reading."""
    was = layout.balance_chain
    if was is None or was is chain:
        return layout
    evidence = dict(layout.evidence)
    evidence["amount"] = balance.renamed(evidence.get("amount", ()), was, chain)
    return replace(layout, balance_chain=chain, evidence=tuple(evidence.items()))


def _column_turned(extracted: Extracted) -> Extracted:
    """``extracted`` with its lines' balances (the balance column's) negated: the column
    keeps the sign the balances stated around the table took."""
    lines = tuple(
        line if line.balance is None else replace(line, balance=-line.balance)
        for line in extracted.lines
    )
    columns = extracted.columns
    if columns is not None:
        balances = [None if each is None else -each for each in columns.balances]
        columns = replace(columns, balances=balances)
    return replace(extracted, lines=lines, columns=columns)


def _stated(
    layout: Layout,
    analysis: SheetAnalysis,
    lines: tuple[StatementLine, ...],
    around: list[int],
    said: dict[int, StatedBalance],
) -> StatedBalances:
    """Balances stated in the rows ``around`` the table (never rows between transactions),
    with ``said`` read for the rows it holds."""
    return stated_balances(
        analysis.sheet, around, lines, layout.money_mark, said, negate=layout.negates_balances
    )


def _unread(
    layout: Layout,
    analysis: SheetAnalysis,
    lines: tuple[StatementLine, ...],
    around: list[int],
    said: abc.Mapping[int, StatedBalance],
) -> list[int]:
    """The rows of ``around`` whose balance is still to be read: all of them, but in a
    statement with no movements, whose rows below its header were each read already
    (``no_movements``), only the rows above it and those ``said`` (by row) to state one."""
    header = layout.header_row
    if lines or header is None:
        return around
    numbers = analysis.sheet.row_numbers
    return [index for index in around if numbers[index] < header or numbers[index] in said]


def _rows_around(
    layout: Layout, analysis: SheetAnalysis, lines: tuple[StatementLine, ...]
) -> list[int]:
    """The indexes of the sheet's rows before the first and after the last line, but for
    the header row: where a statement states its balances and its account."""
    numbers = analysis.sheet.row_numbers
    if not lines:  # a statement with no movements: its balances are above and below its header
        return [index for index in range(len(numbers)) if numbers[index] != layout.header_row]
    first, last = lines[0].row, lines[-1].row
    if (
        isinstance(numbers, range) and numbers.step > 0
    ):  # rows before the first and after the last line
        around: Iterable[int] = itertools.chain(
            range(bisect.bisect_left(numbers, first)),
            range(bisect.bisect_right(numbers, last), len(numbers)),
        )
    else:
        around = (index for index in range(len(numbers)) if not first <= numbers[index] <= last)
    return [index for index in around if numbers[index] != layout.header_row]
