"""Statement import for the window: a preview with the evidence, then the import itself.

The preview is the importer's own result (its layout and the first lines' raw cells), so
what the wizard shows is exactly what would be imported. The last reading is kept
(``LastRead``): Import as shown, or as the wizard's summary last read it after a
correction, does not read the file again (another mapping is read anew: ``LastRead``). A file in which detection finds
no transactions is previewed as it is (its sheets' first rows, no role guessed but the
header and date column detection found above the dated rows), for the accountant to map by
hand; the engine's reason is said without its command-line advice. Mapping profiles live in the open
workspace (``WorkspaceProfiles``), as they do for ``reconcile --workspace``: a profile
saved in the wizard is applied to next month's file after the app is closed and reopened.
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from collections.abc import Mapping as MappingABC
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain import StatementLine, balance_lines, main_currency
from desktop_app.statements import (
    Mapping,
    StatementImport,
    StatementImportError,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.balance_sign import BALANCE_SIGN_REMEDY
from desktop_app.statements.bridge import Bridge, total
from desktop_app.statements.conventions import NO_CURRENCY, NO_CURRENCY_REMEDY
from desktop_app.statements.date_order import OrderBasis
from desktop_app.statements.encoding import ENCODING_REMEDY, encoding_name
from desktop_app.statements.formats import FIELD_SOURCES
from desktop_app.statements.importer import SHEET_REMEDY, read_table
from desktop_app.statements.layout import TEXT_ROLES, Layout
from desktop_app.statements.mapping import ROLES, resolve_column, set_by, who_set
from desktop_app.statements.model import FoundHeader, NoTransactionsFoundError, RowWarning
from desktop_app.statements.profiles import (
    BackedProfileStore,
    ProfileStore,
    SavedProfile,
    find_profile,
)
from desktop_app.statements.raw_rows import raw_rows
from desktop_app.statements.statement_account import NO_ACCOUNT_REMEDY
from desktop_app.ui.backend.last_read import LastRead
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import (
    MARK_NAMES,
    ROLE_LABELS,
    ColumnGuess,
    ColumnMapping,
    CurrencyTotals,
    ImportRefusedError,
    ImportSummary,
    SheetRows,
    StatementChangedError,
    StatementPreview,
    UnreadAmounts,
    released_roles,
)

PREVIEW_LINES = 60
# The window's way to a mapping, where the engine's message names the command line's.
WIZARD_HINT = "set the header row and the columns' roles in the import wizard"


class WorkspaceProfiles:
    """The mapping profiles of whichever workspace is open when they are asked for.

    The window switches workspaces while the statement backend lives on, so the store is
    looked up on every call rather than captured once. With no workspace open there are no
    profiles to apply, and saving one is refused: a profile the accountant asked for is
    never dropped without a word.
    """

    def __init__(self, workspace: WorkspaceBackend) -> None:
        self._workspace = workspace

    def get(self, fingerprint: str) -> SavedProfile | None:
        return None if self._workspace.path is None else self._store().get(fingerprint)

    def all(self) -> Sequence[SavedProfile]:
        return () if self._workspace.path is None else self._store().all()

    def save(self, profile: SavedProfile) -> None:
        self._store().save(profile)

    def _store(self) -> BackedProfileStore:
        """The open workspace's store (NoWorkspaceError when none is open)."""
        return BackedProfileStore(self._workspace.workspace.profiles)


class StatementBackend:
    """Reads statements for the window. ``locale_hint`` is the accountant's locale
    ("en_US", from Qt, which the engine does not import): where no date settles day- or
    month-first, it may decide the guess (``date_order``)."""

    def __init__(self, profiles: ProfileStore, locale_hint: str | None = None) -> None:
        self._profiles = profiles
        self._locale_hint = locale_hint
        # The one last reading, whatever its mapping (``LastRead``): the preview's
        # detection, until a correction's reading replaces it, which Import then reuses.
        self._last: LastRead[StatementImport] = LastRead()
        # What a corrected import builds on, kept from the last detection beside it: a
        # few lines of layout, so a correction's reading costs no detection of the file
        # again once the detection's lines are no longer held.
        self._detection: LastRead[_Detection] = LastRead()
        # A detection that found no transactions, kept as a reading is: the wizard then
        # maps the file by hand, and each of its readings (and Import) builds on knowing
        # that, which would otherwise cost detecting the whole file again each time.
        self._undetected: LastRead[_Undetected] = LastRead()

    def read(self, path: Path, mapping: Mapping | None = None) -> StatementImport:
        """``path`` read with ``mapping`` (None: as detected, a saved profile applied): the
        last reading again when it was of the same file, mapping and saved profiles
        (``LastRead``), otherwise the file read anew, which becomes the last reading. A
        file gone or changed since is read again, and refused in the importer's words."""
        # The profiles as they were before reading, kept with the reading to tell when
        # they change.
        saved = self._saved_profiles()
        kept = self._last.get(path, mapping, saved)
        if kept is not None:
            return kept
        if mapping is None:
            undetected = self._undetected.get(path, None, saved)
            if undetected is not None:
                raise undetected.error()
        try:
            result = import_statement(
                path,
                mapping=mapping,
                profiles=self._profiles,
                locale_hint=self._locale_hint,
                count_mark_losses=True,
            )
        except NoTransactionsFoundError as error:
            if mapping is None and error.sha256 is not None:
                self._undetected.keep(path, None, saved, error.sha256, _Undetected.of(error))
            raise
        self._last.keep(path, mapping, saved, result.sha256, result)
        if mapping is None:
            self._detection.keep(path, None, saved, result.sha256, _Detection.of(result))
        return result

    def _detection_of(
        self, path: Path, sheet: str | None = None, encoding: str | None = None
    ) -> _Detection:
        """What the detection of ``path`` found that a corrected import builds on: kept
        from the last detection while the file and the saved profiles are unchanged, else
        the file detected again (raising as the importer does). With ``sheet`` (another
        worksheet than detection read, chosen in the wizard), that sheet's detection; with
        ``encoding`` (chosen in the wizard), the detection of the text read in it, which
        the wizard showed (a header's words may read only so)."""
        if encoding is not None:
            return _Detection.of(self.read(path, Mapping(encoding=encoding)))
        kept = self._detection.get(path, None, self._saved_profiles())
        detected = kept if kept is not None else _Detection.of(self.read(path))
        if sheet is None or detected.layout is None or detected.layout.sheet == sheet:
            return detected
        return _Detection.of(self.read(path, Mapping(sheet=sheet)))

    def _saved_profiles(self) -> tuple[SavedProfile, ...]:
        return tuple(self._profiles.all())

    def preview(
        self, path: Path, sheet: str | None = None, encoding: str | None = None
    ) -> StatementPreview:
        """The wizard's preview of ``path`` as detected (a saved profile applied), or, for
        a file detection found no transactions in, its own rows to map by hand.

        With ``sheet``, another worksheet of a workbook than the one detection read (the
        accountant's choice: a tab per account, or a sheet detection took wrongly): its
        layout inferred on that sheet (a saved profile of its header applied), with the
        sheet detection read and why still said; a sheet in which detection finds no
        transactions is shown as it is, to map by hand. With ``encoding``, the text read
        in it (``_preview_in``)."""
        if encoding is not None:
            return self._preview_in(path, encoding)
        try:
            result = self.read(path)
        except NoTransactionsFoundError as error:
            return _by_hand_preview(path, error, sheet)
        detected = replace(
            self._preview_of(path, _reviewed(result, _AS_SHOWN)), sha256=result.sha256
        )
        if sheet is None or sheet == detected.detected_sheet:
            return detected
        try:
            chosen = self.read(path, Mapping(sheet=sheet))
        except NoTransactionsFoundError as error:
            by_hand = _by_hand_preview(path, error, sheet)
            return replace(by_hand, detected_sheet=detected.detected_sheet)
        preview = self._preview_of(path, _reviewed(chosen, _AS_SHOWN))
        return replace(
            preview,
            sheet=sheet,
            detected_sheet=detected.detected_sheet,
            sheet_evidence=detected.sheet_evidence,
            sha256=chosen.sha256,
        )

    def _preview_in(self, path: Path, encoding: str) -> StatementPreview:
        """The preview of the text read in ``encoding``, the accountant's choice: its
        layout detected in the text so read, as a mapping naming the encoding reads it (no
        saved profile applied: the encoding chosen is what the file is read in), or its
        own rows, so read, to map by hand. A text that is not ``encoding`` text raises
        ``ImportRefusedError``, naming the byte, for the wizard to reopen as it was."""
        try:
            result = self.read(path, Mapping(encoding=encoding))
        except NoTransactionsFoundError as error:
            by_hand = _by_hand_preview(path, error, encoding=encoding)
            return replace(by_hand, encoding_chosen=encoding)
        except StatementImportError as error:
            _raise_if_unreadable(path)  # a file gone or changed is the file's fault
            said = str(error).replace(
                f"{path.name}: cannot be imported: it is not {encoding} text, as {who_set()}"
                " says it is",
                f"{path.name} is not {encoding_name(encoding)} text",
            )
            raise ImportRefusedError(said, f"{said}; it is shown as before") from None
        preview = self._preview_of(path, _reviewed(result, _AS_SHOWN))
        notes = tuple(_chosen_note(note, encoding) for note in preview.notes)
        return replace(preview, notes=notes, encoding_chosen=encoding, sha256=result.sha256)

    def summary(self, path: Path, choice: ColumnMapping) -> ImportSummary:
        """What Import would bring in with ``choice`` (the wizard's as the accountant has
        now set it): the file read as Import would read it, so the wizard's summary
        follows each correction. Only the summary: the wizard keeps the rows and evidence
        it was opened with, and reads nothing else of the answer. Nothing is saved (no
        profile), and a choice the file refuses raises as ``import_file`` does
        (``ImportRefusedError``)."""
        return import_summary(self._as_chosen(path, replace(choice, profile_name=None)))

    def _preview_of(self, path: Path, result: StatementImport) -> StatementPreview:
        """The preview of ``result``, an import of ``path`` as the wizard would make it."""
        layout = result.layout
        lines = result.lines[:PREVIEW_LINES]
        rows = tuple(tuple(line.raw) for line in lines)
        numbers = tuple(line.row for line in lines)
        summary = import_summary(result)
        if layout is None:  # OFX, CAMT, MT940: a fixed structure, nothing to map
            return _fixed_preview(path, result, lines, summary)
        header = tuple(layout.columns)
        # A profile's drift is about the file, not about the renamed column it quotes:
        # said on its own (``StatementPreview.drift``), neither as one column's evidence
        # nor again among the file's notes.
        drift = layout.drift
        evidence = {
            key: tuple(_in_the_wizard(line) for line in lines if line != drift)
            for key, lines in layout.evidence
        }
        roles = layout.column_roles()
        # The evidence names a column by its header, or "column 3" in a file without one.
        quoted = tuple(layout.column_name(index) or "" for index in range(len(header)))
        guesses = tuple(
            ColumnGuess(
                index,
                name,
                roles.get(index),
                _column_evidence(quoted[index], roles.get(index), evidence),
            )
            for index, name in enumerate(header)
        )
        if layout.header_row is not None:
            rows, numbers = (header, *rows), (layout.header_row, *numbers)
        notes = _file_notes(evidence, quoted)
        offer = layout.drifted_from
        choices = result.sheets if len(result.sheets) > 1 else ()
        return StatementPreview(
            path,
            rows,
            numbers,
            layout.header_row,
            guesses,
            ROLES,
            notes,
            currency=layout.currency,
            currency_unstated=any(NO_CURRENCY in line for line in evidence.get("currency", ())),
            date_order=layout.date_order.name,
            date_order_guessed=layout.date_order_ambiguous,
            date_order_settled_by=_order_settled_by(layout),
            date_order_not_needed=_order_not_needed(layout),
            date_order_choosable=layout.swappable_dates,
            decimal_mark=_money_mark(layout),
            invert_sign=layout.invert_sign,
            account=result.account,
            unread_amounts=unread_amounts(result),
            drift=drift,
            drift_profile=None if offer is None else offer.name,
            drift_roles=() if offer is None else offer.roles,
            drift_currency=None if offer is None else offer.currency,
            summary=summary,
            sheet_choices=choices,
            detected_sheet=layout.sheet if choices else None,
            sheet_evidence=evidence.get("sheet", ()) if choices else (),
            encoding=layout.encoding,
        )

    def import_file(
        self, path: Path, choice: ColumnMapping | None, reviewed: str | None = None
    ) -> StatementImport:
        """Import with the accountant's corrections (or as detected), saving a profile when
        asked.

        The roles the wizard showed stay where it showed them, whatever else was changed:
        a role the accountant set always, and the others too unless the decimal mark
        chosen leaves their column nothing to read (``released_roles``), which the
        result's warnings then say, with where the role went. While no role was corrected
        the file is read with the corrected conventions alone, as detection would read
        it, and read again with the roles shown only when that moved one of them: most
        changes move none, and detection's own finer points (a fallback date column) are
        kept.

        The profile is keyed by the file as detected, not as corrected: next month's file is
        looked up by its detected fingerprint, so a corrected header row must not change
        the key it is saved under. It keeps the mapping the file was read with, or, where
        the choice spells out every role (the wizard's does to save a profile), those
        roles pinned (but for any the decimal mark released), so next month's file reads
        as this one did. Roles spelled out as shown correct nothing (``_corrects_roles``):
        the file is read as it would be without them, and the summary's reading reused.

        A file whose transactions detection did not find (previewed as it is) is read
        with the accountant's mapping alone (``by_hand_mapping``), and saved as a profile
        keyed by its header row when asked (``_import_by_hand``). Whatever still finds
        none is refused in the window's words (``WIZARD_HINT``), not the command line's.

        With a wizard's ``choice``, a file that still reads but finds no transactions as
        mapped, or that the mapping does not fit, raises ``ImportRefusedError``: the wizard
        reopens on it for the accountant to correct. A file that no longer reads (changed
        or gone since the preview) raises the importer's error: there is nothing to map.

        A date order the wizard showed as a guess, and the accountant kept, is no longer
        warned of (``_reviewed``).

        With ``reviewed`` (the hash of the file the wizard previewed), a file read
        otherwise raises ``StatementChangedError`` before any profile is saved
        (``_refuse_if_changed``): nothing was imported, so nothing the accountant asked for
        along with the import may be kept either, and the wizard reopened on the file is
        not to be shaped by a profile saved from the file they did not see.
        """
        return self._as_chosen(path, choice, reviewed)

    def _as_chosen(
        self, path: Path, choice: ColumnMapping | None, reviewed: str | None = None
    ) -> StatementImport:
        """``import_file``'s reading and refusals, for the import and its preview alike."""
        try:
            return _reviewed(self._import_file(path, choice, reviewed), choice)
        except NoTransactionsFoundError as error:
            reason, message = error.reason, f"{error.reason}; {WIZARD_HINT}"
        except StatementImportError as error:
            if choice is None:
                raise
            reason = message = str(error)
        if choice is None:
            raise StatementImportError(message)
        _raise_if_unreadable(path)
        raise ImportRefusedError(message, reason)

    def _import_file(
        self, path: Path, choice: ColumnMapping | None, reviewed: str | None
    ) -> StatementImport:
        try:
            if choice is None:
                detected = self._detection_of(path)
            else:
                detected = self._detection_of(path, choice.sheet, choice.encoding)
        except NoTransactionsFoundError:
            if choice is None:
                raise
            return self._import_by_hand(path, choice, reviewed)
        if choice is None or choice.is_detection:
            return _refuse_if_changed(path, self.read(path), reviewed)
        applied = self._applied_profile(detected.layout)
        # The text read in the encoding chosen is read with no profile (as the wizard
        # showed it): one found by its header is replaced by a profile saved now, not
        # applied beneath the choice.
        base = None if applied is None or choice.encoding is not None else applied.mapping
        if choice.sheet is not None:  # another sheet than detection's: read that one
            base = replace(base or Mapping(), sheet=choice.sheet)
        shown = choice.roles or _shown_roles(detected.layout)
        released = released_roles(detected.unread, choice.decimal_mark, shown, choice.chosen)
        kept = {column: role for column, role in shown.items() if column not in released}
        ignored = _ignored(choice, base, detected.layout)
        pinned = to_mapping(replace(choice, roles=kept), base, ignored)
        read_with, result = self._read_corrected(
            path, choice, detected.layout, base, pinned=pinned, kept=kept, released=released
        )
        _refuse_if_changed(path, result, reviewed)  # before the profile is saved
        if choice.profile_name and detected.layout is not None:
            # The profile pins the roles as the wizard spelled them out, whichever reading
            # the file was imported from: next month's file reads as this one did. It
            # remembers what the reading's balance steps said of the flipped balances'
            # sign, for a quiet month whose steps cannot say.
            keeps = pinned if choice.roles else read_with
            saved = profile_from_layout(
                choice.profile_name, detected.layout, keeps, applied, read=result.layout
            )
            self._profiles.save(saved)
        return _with_released(result, released, choice.decimal_mark)

    def _read_corrected(
        self,
        path: Path,
        choice: ColumnMapping,
        layout: Layout | None,
        base: Mapping | None,
        *,
        pinned: Mapping,
        kept: MappingABC[int, str],
        released: MappingABC[int, str],
    ) -> tuple[Mapping, StatementImport]:
        """``path`` read with the wizard's corrections (``import_file``), and the mapping
        the reading amounts to: ``pinned`` (the roles the wizard showed that stay) where
        the roles were corrected, else the corrected conventions over ``base`` (read as
        detection reads them, or with the roles pinned where that moved one:
        ``_read_keeping``)."""
        # Roles spelled out as the wizard showed them (its ``value()`` does when Save as
        # profile is ticked) correct nothing: the file is read as with no role given, as
        # the summary read it, and that reading is reused rather than the file read again.
        reading = choice
        if choice.roles and not _corrects_roles(choice, layout):
            reading = replace(choice, roles={}, chosen=frozenset())
        if reading.roles:
            return pinned, self.read(path, pinned)
        if replace(reading, profile_name=None).is_detection:
            # Nothing corrected, a profile to save: the file as detected (the reading the
            # preview and the summary made, not the file read again).
            return to_mapping(reading, base), self.read(path)
        return self._read_keeping(path, to_mapping(reading, base), pinned, kept, released)

    def _import_by_hand(
        self, path: Path, choice: ColumnMapping, reviewed: str | None
    ) -> StatementImport:
        """``path`` read with the accountant's mapping alone (``by_hand_mapping``), saving
        it as a profile when asked and a header row is set: keyed by that row's names
        (the layout's fingerprint, its header being the row set), by which the importer
        finds it in next month's file where detection again finds no transactions. A file
        without a header row has nothing to be found by (the wizard does not offer it)."""
        mapping = by_hand_mapping(choice)
        result = _refuse_if_changed(path, self.read(path, mapping), reviewed)
        layout = result.layout
        name = choice.profile_name if choice.header_row else None
        if name and layout is not None and layout.header_row is not None:
            self._profiles.save(profile_from_layout(name, layout, mapping))
        return result

    def _read_keeping(
        self,
        path: Path,
        mapping: Mapping,
        pinned: Mapping,
        kept: MappingABC[int, str],
        released: MappingABC[int, str],
    ) -> tuple[Mapping, StatementImport]:
        """``path`` read with ``mapping`` (the corrected conventions alone), unless that
        moves a role the wizard showed (``_moved``) or finds no transactions at all (every
        money role gone): then with the roles that stay pinned as shown."""
        try:
            result = self.read(path, mapping)
        except StatementImportError:
            if not kept:
                raise
            return pinned, self.read(path, pinned)
        if _moved(result.layout, kept, released):
            return pinned, self.read(path, pinned)
        return mapping, result

    def _applied_profile(self, layout: Layout | None) -> SavedProfile | None:
        """The profile the preview applied, if it did. Its mapping: the wizard shows the
        profile's roles, currency, date order, decimal mark and signs, but a correction
        leaves "as detected" what it does not change, and the profile may also set what the
        wizard has no control for (delimiter, quote, indicator signs), so the correction is
        applied over the profile rather than in its place."""
        if layout is None or layout.profile is None:
            return None
        return find_profile(self._profiles.all(), layout.fingerprint, layout.encoding)


# The fields of a line a fixed format's preview shows, in order, each as its cell reads.
_FIXED_FIELDS: tuple[tuple[str, Callable[[StatementLine], str]], ...] = (
    ("date", lambda line: line.date.isoformat()),
    ("value_date", lambda line: "" if line.value_date is None else line.value_date.isoformat()),
    ("amount", lambda line: format(line.amount, "f")),
    ("currency", lambda line: line.currency or ""),
    ("description", operator.attrgetter("description")),
    ("reference", operator.attrgetter("reference")),
    ("counterparty", operator.attrgetter("counterparty")),
    ("balance", lambda line: "" if line.balance is None else format(line.balance, "f")),
)
_ALWAYS_SHOWN = frozenset({"date", "amount"})


def _fixed_preview(
    path: Path,
    result: StatementImport,
    lines: Sequence[StatementLine],
    summary: ImportSummary,
) -> StatementPreview:
    """The preview of a format whose layout is fixed (CAMT, OFX, MT940, QIF, IIF): its
    first lines as they will be imported, a column per field in the accountant's words
    (Booking date, Amount, Description...: those the lines fill, the date and amount
    always), each column's "why" where the format takes it from, and each row's record
    as the file holds it (``row_details``, its raw pieces: CAMT's ``Amt@Ccy=EUR``...), the
    evidence kept one hover away rather than as columns named by XML paths."""
    fields = [
        (role, cell)
        for role, cell in _FIXED_FIELDS
        if role in _ALWAYS_SHOWN or any(map(cell, lines))
    ]
    sources = FIELD_SOURCES.get(result.format, {})
    columns = tuple(
        ColumnGuess(
            index,
            ROLE_LABELS[role],
            role,
            f"Read from {sources[role]}"
            if role in sources
            else f"Read by the {result.format} reader",
        )
        for index, (role, _) in enumerate(fields)
    )
    return StatementPreview(
        path,
        tuple(tuple(cell(line) for _, cell in fields) for line in lines),
        tuple(line.row for line in lines),
        None,
        columns,
        ROLES,
        _fixed_notes(result),
        editable=False,
        account=result.account,
        row_details=tuple("\n".join(line.raw) for line in lines),
        summary=summary,
    )


def _fixed_notes(result: StatementImport) -> tuple[str, ...]:
    """The notes on a bank format's file: its format, and for a text format the encoding
    it was read in and why, as a csv's notes say them ("Format: encoding: ..."): a Czech
    MT940 read as Windows-1250 by its letters says so."""
    shown = _shown_key("format")
    if result.encoding_evidence is None:
        return (f"{shown}: {result.format}",)
    return (f"{shown}: {result.format}", f"{shown}: encoding: {result.encoding_evidence}")


@dataclass(frozen=True, slots=True)
class _Detection:
    """What a corrected import takes from the file's detection: the layout shown (its
    roles, the profile applied, the header a profile is saved under) and which amounts
    each decimal mark would lose. Small, unlike the detection's lines."""

    layout: Layout | None
    unread: tuple[UnreadAmounts, ...]

    @classmethod
    def of(cls, result: StatementImport) -> _Detection:
        return cls(result.layout, unread_amounts(result))


@dataclass(frozen=True, slots=True)
class _Undetected:
    """A detection that found no transactions, as its error says it. Kept as words, not
    as the error: a raised error's traceback holds the frames that read the file, and
    with them its rows."""

    source_name: str
    reasons: str
    hint: str
    sha256: str | None  # of the bytes it failed on: the wizard's preview carries it
    header: FoundHeader | None  # the header detection found above the dated rows

    @classmethod
    def of(cls, error: NoTransactionsFoundError) -> _Undetected:
        return cls(error.source_name, error.reasons, error.hint, error.sha256, error.header)

    def error(self) -> NoTransactionsFoundError:
        """The error again, as the importer raised it (a new one each time: one raised
        again and again would gather a traceback at each raise)."""
        error = NoTransactionsFoundError(
            self.source_name, self.reasons, self.hint, header=self.header
        )
        error.sha256 = self.sha256
        return error


def _raise_if_unreadable(path: Path) -> None:
    """Raise the importer's own error when ``path`` cannot be read as a table at all
    (changed or gone since it was previewed): an import refused as mapped is then not the
    mapping's fault. Only asked after a refusal, so a good import reads the file once."""
    read_table(path)


def _by_hand_preview(
    path: Path,
    error: NoTransactionsFoundError,
    sheet: str | None = None,
    encoding: str | None = None,
) -> StatementPreview:
    """The wizard's preview of a file detection found no transactions in: its sheets'
    first rows as they are (a file that cannot be read raises, as the import would), and
    why detection failed in the window's words; shown on ``sheet`` where it names one of
    them, else on the sheet of the header detection found above the dated rows, else on
    the first holding rows. A text is read in ``encoding`` where the accountant chose
    one, else as detected.

    That header, and the date column under it, are offered as set (``header_found``):
    detection found them, and the refusal's example names them, so the accountant only
    gives what it missed (a file without an amount column: the amount). Where there is
    none, no header or role is guessed."""
    raw = raw_rows(path, limit=PREVIEW_LINES + 1, encoding=encoding)
    sheets = tuple(SheetRows(sheet.name, sheet.rows, sheet.row_numbers) for sheet in raw.sheets)
    names = [each.name for each in sheets]
    found = _offered_header(error.header, sheets)
    if found is None:
        note = (
            f"{error.reason}. Say which row is the header and give the columns their roles "
            "(the date, and the amount or a debit and a credit), then import."
        )
    else:
        on_sheet = f" of sheet '{found.sheet}'" if found.sheet and len(sheets) > 1 else ""
        note = (
            f"{error.reason}. Row {found.row}{on_sheet} is set as the header, and the dates "
            "under it as the booking date, as the import found them: give the other "
            "columns their roles (the amount, or a debit and a credit), then import."
        )
    preview = StatementPreview(
        path,
        (),
        (),
        None,
        (),
        ROLES,
        not_detected=note,
        sheets=sheets,
        sha256=error.sha256,
        encoding=raw.encoding,
        header_found=found,
    )
    if sheet in names:
        return preview.on_sheet(sheet)
    return preview.on_sheet(sheets[raw.first].name if found is None else found.sheet)


def _offered_header(header: FoundHeader | None, sheets: Sequence[SheetRows]) -> FoundHeader | None:
    """``header`` (detection's, ``NoTransactionsFoundError.header``) where the rows shown
    hold it: its sheet among them, its row among that sheet's first rows, and a name in
    that row above the date column; None otherwise."""
    if header is None:
        return None
    shown = next((each for each in sheets if each.name == header.sheet), None)
    if shown is None or header.row not in shown.row_numbers:
        return None
    names = shown.rows[shown.row_numbers.index(header.row)]
    if header.date_column >= len(names) or not names[header.date_column].strip():
        return None
    return header


def by_hand_mapping(choice: ColumnMapping) -> Mapping:
    """The mapping of a file mapped by hand in the wizard: its sheet, the header row set
    (even with no role set: detection from the right header may find the rest), the roles
    set, the columns set to "(ignore)" and the conventions chosen. Nothing is detected to
    keep, and no profile was applied."""
    mapping = to_mapping(choice, Mapping(sheet=choice.sheet), _ignored(choice, None, None))
    if mapping.header_row is None and choice.header_row is not None:
        mapping = replace(mapping, header_row=choice.header_row)
    return mapping


# The wizard's choice when the accountant changes nothing: the file imported as shown.
_AS_SHOWN = ColumnMapping(None, {})


def import_summary(result: StatementImport) -> ImportSummary:
    """What importing ``result`` brings in, for the wizard to say before Import: its lines,
    their first and last dates, the money in and out per currency (each its own: two
    currencies are never added), the balances the file states with the importer's
    bridge between them (``Bridge``), and the rows skipped and noted as the import's
    banner will count them (``warning_counts``).

    The balances are the statement's currency's, the one it states, else the one most of
    its lines are in (``balance_currency``, as the workspace and the report take it),
    told once; the bridge adds the movements the importer's does (``balance_lines``, as
    ``bridged``) and counts the lines left out. A 200,000-line file is summed on the worker in under a tenth of a second, a fraction of
    its reading, never on the GUI thread.
    """
    lines = result.lines
    amounts: defaultdict[str | None, list[Decimal]] = defaultdict(list)
    for currency, amount in zip(map(_CURRENCY, lines), map(_AMOUNT, lines), strict=True):
        amounts[currency].append(amount)
    totals = tuple(
        CurrencyTotals(
            currency,
            len(amounts[currency]),
            sum((value for value in amounts[currency] if value > 0), Decimal(0)),
            -sum((value for value in amounts[currency] if value < 0), Decimal(0)),
        )
        for currency in sorted(amounts, key=lambda code: (code is None, code or ""))
    )
    skipped, notes = warning_counts(result)
    dates = list(map(_DATE, lines))
    # The currency the statement states, else its lines' (``StatementImport.balance_currency``).
    currency = result.currency or main_currency(lines)
    opening, closing = result.opening_balance, result.closing_balance
    bridge, left_out = None, 0
    if opening is not None and closing is not None:
        moving = balance_lines(lines, currency)
        bridge = Bridge(opening, total(moving), closing)
        left_out = len(lines) - len(moving)
    return ImportSummary(
        len(lines),
        min(dates, default=None),
        max(dates, default=None),
        totals,
        currency,
        opening,
        closing,
        bridge,
        left_out,
        skipped_rows=skipped,
        notes=notes,
    )


_CURRENCY = operator.attrgetter("currency")
_AMOUNT = operator.attrgetter("amount")
_DATE = operator.attrgetter("date")


def warning_counts(result: StatementImport) -> tuple[int, int]:
    """How many rows of the file ``result``'s warnings skipped, and how many of its
    warnings skip none (``ImportResult.skipped_rows`` and ``notes``).

    A warning about the file as a whole has no row; one about a row a line was read from
    all the same (a break in the running balance, a short row realigned) skipped nothing
    either, nor one about a row that states a balance ("Closing balance 1,234.56") or
    says something of the statement itself (a CAMT statement's copy or duplicate mark):
    no line comes from it, but it is no movement. The rest name rows no line came from,
    counted once each."""
    read = {line.row for line in result.lines}
    notes = [warning for warning in result.warnings if _skips_nothing(warning, read)]
    skipped = {warning.row for warning in result.warnings if not _skips_nothing(warning, read)}
    return len(skipped), len(notes)


def _skips_nothing(warning: RowWarning, read: AbstractSet[int]) -> bool:
    """Whether ``warning`` is a note: on the file, on a line ``read``, on a balance, or on
    the statement's own metadata."""
    return (
        warning.row is None
        or warning.row in read
        or warning.stated_balance
        or warning.about_statement
    )


def to_mapping(
    choice: ColumnMapping, base: Mapping | None = None, ignored: AbstractSet[int] = frozenset()
) -> Mapping:
    """The wizard's roles (column index -> role) as the importer's mapping (1-based), over
    ``base`` (the profile the preview applied), with the ``ignored`` columns (indexes) as
    the mapping's ``ignore``: set to "(ignore)", a column takes no role, and none is
    detected onto it. What the wizard leaves as detected (None) keeps the base's setting:
    "as detected" for a file read with a profile is the profile's own date order, decimal
    mark and signs."""
    conventions = _with_conventions(choice, base or Mapping())
    columns = _columns(choice.roles)
    if not columns:  # only the file's conventions: keep the detected (or profile's) layout
        return conventions
    header = 0 if choice.header_row is None else choice.header_row
    ignore: list[int | str] = [column + 1 for column in sorted(ignored)]
    return replace(conventions, header_row=header, columns=columns, ignore=ignore)


def _ignored(choice: ColumnMapping, base: Mapping | None, layout: Layout | None) -> set[int]:
    """The columns to import as nothing: those the accountant set to "(ignore)" (chosen,
    with no role), and those the applied profile ignores that were given no role since."""
    ignored = {column for column in choice.chosen if column not in choice.roles}
    if base is not None and base.ignore and layout is not None:
        headers = list(layout.columns)
        ignored |= {resolve_column(ref, headers) for ref in base.ignore}
    return {column for column in ignored if column not in choice.roles}


def _with_conventions(choice: ColumnMapping, base: Mapping) -> Mapping:
    """``base`` with the currency, date order, decimal mark, signs, account and encoding
    the wizard set."""
    return replace(
        base,
        encoding=choice.encoding or base.encoding,
        account=choice.account or base.account,
        currency=choice.currency or base.currency,
        date_order=choice.date_order or base.date_order,
        decimal_mark=choice.decimal_mark or base.decimal_mark,
        invert_sign=base.invert_sign if choice.invert_sign is None else choice.invert_sign,
    )


def _shown_roles(layout: Layout | None) -> dict[int, str]:
    """The role the wizard showed on each column: the detection's (or the profile's)."""
    return {} if layout is None else layout.column_roles()


def _corrects_roles(choice: ColumnMapping, layout: Layout | None) -> bool:
    """Whether ``choice``'s roles correct those the wizard showed (the detection's, or
    the applied profile's): a column given another role or none, another header row, or
    a column set to "(ignore)". Spelled out as shown (``ImportWizard.value`` does so to
    save a profile; a role changed and set back stays ``chosen``), they read the file as
    it was read: no correction, and no reason to read it again. The file's conventions
    (currency, date order, decimal mark, signs, account) are not looked at here: the
    reading applies them as it would with no role given, as the summary's did."""
    if layout is None:
        return bool(choice.roles)
    return (
        choice.header_row != layout.header_row
        or dict(choice.roles) != layout.column_roles()
        or not choice.chosen <= choice.roles.keys()
    )


def _moved(
    layout: Layout | None, kept: MappingABC[int, str], released: MappingABC[int, str]
) -> bool:
    """Whether ``layout`` gives a column another role than the wizard showed on it, but
    for the roles that had to leave their column, wherever else they went. One put back
    on the column it had to leave (a balance found again by its header, reading nothing)
    counts as moved: pinning the roles that stay leaves it off."""
    if layout is None:
        return False
    leaving = set(released.values())
    found = {
        column: role
        for column, role in layout.column_roles().items()
        if role not in leaving or released.get(column) == role
    }
    return found != dict(kept)


def _refuse_if_changed(
    path: Path, result: StatementImport, reviewed: str | None
) -> StatementImport:
    """``result``, unless it was read from other bytes than the wizard previewed
    (``reviewed``, their hash): then ``StatementChangedError``. The hash is of the very
    bytes parsed, so whatever the file held when it was read is what would be stored, and
    it is that the accountant must have reviewed. Checked before a profile is saved, so
    a refused import leaves none behind."""
    if reviewed is not None and result.sha256 != reviewed:
        raise StatementChangedError(f"{path.name} changed since you reviewed it")
    return result


def _reviewed(result: StatementImport, choice: ColumnMapping | None) -> StatementImport:
    """``result`` without the warning that its date order is a guess, where the wizard
    showed the order as one ("as detected (Day/Month/Year, a guess)") and the accountant
    imported it so (``choice``): the command line's warning, said again after they chose,
    would only bury the warnings they have not seen. Imported without the wizard, the
    warning stays."""
    layout = result.layout
    if choice is None or layout is None or layout.date_order_guess is None:
        return result
    guess = layout.date_order_guess
    kept = tuple(warning for warning in result.warnings if warning.message != guess)
    return replace(result, warnings=kept)


def _with_released(
    result: StatementImport, released: MappingABC[int, str], decimal_mark: str | None
) -> StatementImport:
    """``result`` with a note, among its warnings and its evidence, for each role that
    had to leave the column the wizard showed it on: why, and where it went."""
    layout = result.layout
    if not released or layout is None or decimal_mark is None:
        return result
    now = layout.column_roles()
    mark = MARK_NAMES[decimal_mark]
    why = {
        column: f"none of its amounts reads with a decimal {mark}, "
        + _where_it_went(layout, column, role, [c for c, r in now.items() if r == role])
        for column, role in released.items()
    }
    warnings = [
        RowWarning(result.source_file, None, layout.column_name(column), message)
        for column, message in why.items()
    ]
    said = tuple(f"{layout.column_called(column)}: {message}" for column, message in why.items())
    return replace(
        result,
        layout=replace(layout, evidence=(*layout.evidence, ("roles", said))),
        warnings=(*warnings, *result.warnings),
    )


def _where_it_went(layout: Layout, column: int, role: str, went: list[int]) -> str:
    """What became of a role that had to leave ``column``, in the accountant's words."""
    if went == [column]:  # the importer found no better place for it (its header says so)
        return f"so no line has its {role}"
    if not went:
        return f"so it is no longer the {role} column, and no column is"
    names = " and ".join(layout.column_quoted(other) for other in went)
    return f"so it is no longer the {role} column: {names} is"


def _columns(roles: MappingABC[int, str]) -> dict[str, Any]:
    """Column index -> role as the mapping's role -> 1-based column (a list for a text role,
    which may join several columns)."""
    by_role: defaultdict[str, list[int]] = defaultdict(list)
    for index, role in sorted(roles.items()):
        by_role[role].append(index + 1)
    return {
        role: indexes if role in TEXT_ROLES else indexes[0] for role, indexes in by_role.items()
    }


def _money_mark(layout: Layout) -> str | None:
    """The decimal mark the amounts were read with: the amount column's, else the debit's
    or the credit's; None when none of them is text that needed one (whole numbers,
    spreadsheet number cells)."""
    marks = dict(layout.decimal_marks)
    for column in (layout.amount, layout.debit, layout.credit):
        if column is not None and column in marks:
            return marks[column]
    return None


def _order_settled_by(layout: Layout) -> str | None:
    """The date that allowed only the order detected: '31/01/2024 in row 5'."""
    if layout.date_order_basis is not OrderBasis.SETTLED or layout.date_order_example is None:
        return None
    row, text = layout.date_order_example
    return f"{text} in row {row}"


def _order_not_needed(layout: Layout) -> str | None:
    """Why the date column's dates need no day/month order, in the accountant's words;
    None when they do."""
    basis, example = layout.date_order_basis, layout.date_order_example
    if basis is OrderBasis.UNAMBIGUOUS and example is not None:
        return f"dates like {example[1]} are unambiguous"
    if basis is OrderBasis.DATE_CELLS and layout.format != "csv":
        return "the cells are real dates"
    if basis in (OrderBasis.UNAMBIGUOUS, OrderBasis.DATE_CELLS):
        return "every date is unambiguous"
    return None


def unread_amounts(result: StatementImport) -> tuple[UnreadAmounts, ...]:
    """Per decimal mark, each column of amounts written as text (those the mark applies
    to) some of whose amounts do not read under it, over every line of the file.

    The import counted them from what it had read of each distinct cell (see
    ``statements.mark_losses``), so the check costs no second reading of the file however
    long it is. Every column the importer read numbers in is tried, not only the amount
    column as detected, so the warning holds for whichever column the accountant makes the
    amount.
    """
    return tuple(
        UnreadAmounts(loss.mark, loss.column, loss.row, loss.cell, loss.lost, loss.kept)
        for loss in result.mark_losses
    )


# What to do about what the file does not say, as the engine's evidence words it for the
# command line, and as the wizard says it: in the wizard's own box for it.
_WIZARD_REMEDIES = {
    NO_CURRENCY_REMEDY: "(choose one for its lines in the Currency box)",
    NO_ACCOUNT_REMEDY: "(type it in the Account box)",
    SHEET_REMEDY: "(choose it in the Sheet box)",
    ENCODING_REMEDY: "(if letters look wrong, choose the file's encoding in the Encoding box)",
    # No box sets the balances' sign: a profile saved from a month whose balances say it
    # remembers it for a month like this one.
    BALANCE_SIGN_REMEDY: (
        "(if this is one, import a month whose balances say which sign they keep and save "
        "its profile: a month like this is then read as the profile remembers)"
    ),
}


def _chosen_note(note: str, encoding: str) -> str:
    """A preview's note in the wizard's words where it says the text was read in the
    encoding the accountant chose there, and so with no profile: not "set by the
    mapping", nor a profile "applied" as "mapping given", for they gave no mapping."""
    if note == "Profile: applied: mapping given":
        return "Profile: none applied to the text read in the encoding chosen"
    return note.replace(
        f"encoding: {encoding} ({set_by()})",
        f"encoding: {encoding_name(encoding)}, as chosen in the Encoding box",
    )


def _in_the_wizard(line: str) -> str:
    """An evidence line in the wizard's words: the command line's remedy (its
    ``--currency``, a mapping's ``"account"``) replaced by the wizard's box to use."""
    for command_line, wizard in _WIZARD_REMEDIES.items():
        line = line.replace(command_line, wizard)
    return line


def _column_evidence(
    header: str, role: str | None, evidence: MappingABC[str, tuple[str, ...]]
) -> str:
    """The evidence lines that name this column (the importer quotes header names), and for
    the date column the date-order reasoning. How the file was read (``_about_the_file``)
    is no column's, whatever word of the text it quotes."""
    found = [
        line for line in _lines(evidence) if _names(line, header) and not _about_the_file(line)
    ]
    if role == "date":
        found += list(evidence.get("date_order", ()))
    if found:
        return "; ".join(found)
    return "not used" if role is None else f"taken as {role}"


def _file_notes(
    evidence: MappingABC[str, tuple[str, ...]], header: tuple[str, ...]
) -> tuple[str, ...]:
    """Evidence about the file as a whole: format, encoding, header row, sheet, profile."""
    return tuple(
        line
        for line in _lines(evidence)
        if _about_the_file(line)
        or (
            not any(_names(line, name) for name in header)
            and not line.startswith(f"{_shown_key('date_order')}:")
        )
    )


def _about_the_file(line: str) -> bool:
    """Whether an evidence line says how the file was read (its format, encoding,
    delimiter): a note on the file even where it quotes a header's word as the text
    read it ('Obci¹¿enia', which the encoding read 'Obciążenia')."""
    return line.startswith(f"{_shown_key('format')}: ")


def _lines(evidence: MappingABC[str, tuple[str, ...]]) -> list[str]:
    """Each evidence line under its decision's name as the wizard shows it ("Decimal
    mark: column 'Betrag': ..."), not the key the command line's JSON gives it
    ("decimal_marks"); a line repeating its decision's key ("amount: column 'Amount'")
    says it once."""
    return [
        f"{_shown_key(key)}: {line.removeprefix(f'{key}: ')}"
        for key, lines in evidence.items()
        for line in lines
    ]


# The importer's evidence keys (docs/design.md's JSON) the wizard words otherwise than by
# the key itself, capitalised ("date_order" is "Date order").
_EVIDENCE_NAMES = {"amount": "Amounts", "decimal_marks": "Decimal mark"}


def _shown_key(key: str) -> str:
    return _EVIDENCE_NAMES.get(key) or key.replace("_", " ").capitalize()


def _names(line: str, header: str) -> bool:
    """Whether the evidence line names this column: quotes its header ("column 'Betrag'"),
    or, for a column without one ("column 3"), names it so (``layout.column_called``, as a
    refusal does, ``mapped_roles.named_column``), quoted or not; never "column 3" within
    "column 31". A saved profile
    is quoted like a header ("set by the saved profile 'Text'"), so its name is not
    looked at: a profile called like a column would put the file's notes against it."""
    unnamed = _PROFILE_NAME.sub("profile", line)
    name = header.strip()
    if not name:
        return False
    if f"'{name}'" in unnamed:
        return True
    return _UNNAMED_COLUMN.fullmatch(name) is not None and (
        re.search(rf"\b{re.escape(name)}(?!\d)", unnamed) is not None
    )


_PROFILE_NAME = re.compile(r"profile '[^']*'")
# How a column without a header is named (``Layout.column_name``).
_UNNAMED_COLUMN = re.compile(r"column \d+")
