"""A saved profile's own reading of a text file: its encoding, delimiter and quote.

A profile is found by the file's header, which is read before any profile is known (as
sniffed), so what the profile says about reading the text can only be used afterwards: the
text is read again its way when that differs. A profile whose way does not fit the file
(the text does not decode, or its header then reads otherwise) is not applied, and the
accountant is told why, rather than the file being read half the profile's way.

Where the header as sniffed finds no profile, the header as each such profile reads it
may: the profile knows the bank's code page, which the sniffing cannot tell from
Windows-1252, and a header with a letter outside ASCII then names other columns as
sniffed ('Empf„nger') than as the bank wrote them ('Empfänger'). A profile keyed by the
header as sniffed, in turn, is still that header read the profile's way: headers are
compared as one encoding reads both (``SavedProfile.fingerprint_in``), so the profile's
own encoding does not make its header look changed.

Which profile, and whether its way fits, is decided on the head of each reading (the
first lines, which hold any preamble and the header): a 200,000-row text is split and
analysed whole once, as the table it is imported as, not once as sniffed and again as the
profile reads it. That table must then give the fingerprint its head gave (a header the
head cannot show would not); where it does not, the decision is made again on the whole
sheets, as it was before the head was enough, with the readings the first decision made
(``_Readings``): no reading is analysed whole twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop_app.statements.analysis import SheetAnalysis, analyse_sheet
from desktop_app.statements.encoding import UndecodableTextError
from desktop_app.statements.grid import Table
from desktop_app.statements.infer import detected_fingerprint
from desktop_app.statements.mapping import Mapping
from desktop_app.statements.profiles import (
    SavedProfile,
    find_profile,
    name_pattern,
    same_codec,
)
from desktop_app.statements.text_reader import (
    DOUBLE_QUOTE,
    HEAD_CHARACTERS,
    CsvFormatError,
    SniffedText,
    delimiter_name,
    quote_name,
    sniff_text,
    sniff_text_head,
)

_HEAD_ROWS = 2000  # rows of a reading's head looked at to find its header (and profile)


class _Read(Protocol):
    """How a text was read (a ``Table`` or a ``SniffedText``)."""

    @property
    def encoding(self) -> str | None: ...

    @property
    def delimiter(self) -> str | None: ...

    @property
    def quote(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class ProfileReading:
    """The table to import, the analysis of its one sheet when one was made (it is not
    made twice), and why the profile found was not applied (a DRIFT note), if it was not."""

    table: Table
    analysis: SheetAnalysis | None = None
    refused: str | None = None


@dataclass(frozen=True, slots=True)
class _Choice:
    text: SniffedText  # the reading to import
    refused: str | None = None


def read_as_the_profile_says(
    data: bytes, sniffed: SniffedText, saved_profiles: Sequence[SavedProfile], source_name: str
) -> ProfileReading:
    """The text read again with the encoding, delimiter and quote of the saved profile its
    header finds, where the profile sets one the sniffing did not choose; and the analysis
    of the table's one sheet, when one was made here (it is not made twice).

    The profile is found by the header, so the header is read before the profile is known:
    as sniffed. The header usually reads the same either way (plain ASCII names, none of
    them quoted), and then the text is read the profile's way and the profile applied as
    usual. When the text cannot be read its way, or its header then reads otherwise (a
    fingerprint that is no longer the profile's), the profile does not fit this file: it
    is not applied, and ``refused`` says why, naming the file and the profile, rather than
    the file being read half the profile's way or silently not at all. When the header as
    sniffed finds none, a profile whose own reading of it gives its fingerprint is taken
    (``_found_its_own_way``), and then read, or refused, as one found as sniffed is.

    Both headers are looked for in the head of each reading; only the reading imported
    is split and analysed whole (``CsvFormatError`` when the text as sniffed, imported so,
    cannot be split), and it must show the header its head showed. ``saved_profiles`` are
    a store's, read once for the whole import.
    """
    if not any(_reads_otherwise(saved.mapping, sniffed) for saved in saved_profiles):
        return ProfileReading(sniffed.table())  # any profile found reads it as sniffed
    readings = _Readings(data, sniffed)
    head = _Sight(source_name, whole=False)
    choice = _decide(readings, saved_profiles, head)
    table = choice.text.table()
    analysis = head.analysis(choice.text)
    if analysis is not None:  # the head was the whole text: nothing left to confirm
        return ProfileReading(table, analysis, choice.refused)
    analysis = analyse_sheet(table.sheets[0])
    if detected_fingerprint(analysis, table, source_name) == head.fingerprint(choice.text):
        return ProfileReading(table, analysis, choice.refused)
    whole = _Sight(source_name, whole=True)
    whole.know(choice.text, analysis)
    choice = _decide(readings, saved_profiles, whole)
    return ProfileReading(choice.text.table(), whole.analysis(choice.text), choice.refused)


def _decide(readings: _Readings, saved_profiles: Sequence[SavedProfile], sight: _Sight) -> _Choice:
    """The reading to import and why a profile was refused, as ``sight`` sees the headers:
    the profile found by the header as sniffed, or else by its header as the profile's own
    reading reads it (``_found_its_own_way``)."""
    sniffed = readings.sniffed
    fingerprint = sight.fingerprint(sniffed)
    saved = None
    if fingerprint is not None:
        saved = find_profile(saved_profiles, fingerprint, sniffed.encoding)
    if saved is None:
        saved = _found_its_own_way(readings, saved_profiles, sight)
    if saved is None or not _reads_otherwise(saved.mapping, sniffed):
        return _Choice(sniffed)
    source_name = sight.source_name
    try:
        again = readings.as_profile_says(saved)
        if sight.fingerprint(again) == saved.fingerprint_in(again.encoding):
            again.table()  # split whole here, where a failure refuses the profile
            return _Choice(again)
        why: Exception | str = _header_of(again)
    except (UndecodableTextError, CsvFormatError) as error:
        why = error
    return _Choice(sniffed, _refusal(source_name, saved, sniffed, why))


def _found_its_own_way(
    readings: _Readings, saved_profiles: Sequence[SavedProfile], sight: _Sight
) -> SavedProfile | None:
    """The saved profile whose own reading of the text's head (its encoding, delimiter
    and quote) gives a header with its fingerprint, where the sniffed header found none.

    The profile knows the bank's encoding, which the sniffing may not: a DOS, Mac or
    central European code page reads as Windows-1252 ('Empfänger' as 'Empf„nger'), and a
    text that does not keep to one encoding is read as another than its header is. The
    header read the profile's way and naming its very columns is the evidence any profile
    is found by, so the text is read that way (and refused, saying why, if it cannot be).
    A header-less fingerprint holds the file name's pattern: only such a profile saved for
    a name of this one's pattern is looked at. Each way of reading is tried once.
    """
    pattern = name_pattern(sight.source_name)
    ways: dict[_Way, list[SavedProfile]] = {}
    for saved in saved_profiles:
        if not _reads_otherwise(saved.mapping, readings.sniffed):
            continue
        if not saved.has_header and name_pattern(saved.file_name or "") != pattern:
            continue
        ways.setdefault(readings.way(saved), []).append(saved)
    for way, profiles in ways.items():
        encoding = way[0]
        try:
            fingerprint = sight.fingerprint(readings.head(way))
        except (UnicodeError, CsvFormatError):  # a codec that cannot replace, a runaway quote
            continue
        found = next(
            (saved for saved in profiles if saved.fingerprint_in(encoding) == fingerprint), None
        )
        if found is not None:
            return found
    return None


_Way = tuple[str, str | None, str | None]  # the encoding, delimiter and quote a profile sets


class _Readings:
    """The text as sniffed and as saved profiles read it, each read once per import.

    A decision made again on whole sheets (``read_as_the_profile_says``) looks at the very
    readings the first one made, so a ``_Sight`` that knows a reading's whole sheet does
    not analyse it again. A text no longer than its head is the same text read whole or
    by its head, so a profile's way of reading it, read whole, is also its head.
    """

    def __init__(self, data: bytes, sniffed: SniffedText) -> None:
        self.data = data
        self.sniffed = sniffed
        self._whole: dict[tuple[_Way, str], SniffedText] = {}
        self._heads: dict[_Way, SniffedText] = {}

    def way(self, saved: SavedProfile) -> _Way:
        settings = saved.mapping
        return (settings.encoding or self.sniffed.encoding, settings.delimiter, settings.quote)

    def as_profile_says(self, saved: SavedProfile) -> SniffedText:
        """The whole text read as ``saved`` says (``UndecodableTextError`` when it is not
        in its encoding, ``CsvFormatError``), its evidence naming the profile."""
        key = (self.way(saved), saved.name)
        read = self._whole.get(key)
        if read is None:
            settings = saved.mapping
            read = self._whole[key] = sniff_text(
                self.data,
                delimiter=settings.delimiter,
                encoding=settings.encoding,
                quote=settings.quote,
                profile=saved.name,
            )
        return read

    def head(self, way: _Way) -> SniffedText:
        """The text's head read ``way`` (undecodable bytes replaced: ``sniff_text_head``)."""
        if len(self.data) <= HEAD_CHARACTERS:
            whole = next((read for (its, _), read in self._whole.items() if its == way), None)
            if whole is not None:
                return whole
        read = self._heads.get(way)
        if read is None:
            encoding, delimiter, quote = way
            read = self._heads[way] = sniff_text_head(
                self.data, encoding, delimiter=delimiter, quote=quote
            )
        return read


class _Sight:
    """How the header of a reading is looked at: in the first rows of its head, or
    (``whole``) in every row. The analyses of whole sheets are kept for the import."""

    def __init__(self, source_name: str, *, whole: bool) -> None:
        self.source_name = source_name
        self._whole = whole
        self._seen: list[tuple[SniffedText, str | None, SheetAnalysis | None]] = []

    def know(self, text: SniffedText, analysis: SheetAnalysis) -> None:
        """``text``'s whole sheet, analysed already."""
        fingerprint = detected_fingerprint(analysis, text.table(), self.source_name)
        self._seen.append((text, fingerprint, analysis))

    def fingerprint(self, text: SniffedText) -> str | None:
        """The fingerprint a saved profile is found by (None: no column holds dates)."""
        return self._look(text)[0]

    def analysis(self, text: SniffedText) -> SheetAnalysis | None:
        """The analysis of ``text``'s whole sheet, when one was made to look at it."""
        return self._look(text)[1]

    def _look(self, text: SniffedText) -> tuple[str | None, SheetAnalysis | None]:
        for seen, fingerprint, analysis in self._seen:
            if seen is text:
                return fingerprint, analysis
        whole = self._whole
        try:
            table = text.table() if whole else text.head()
        except CsvFormatError:  # a quoted field runs on past the head: split it whole
            table, whole = text.table(), True
        sheet = table.sheets[0]
        whole = whole or (text.short and len(sheet.rows) <= _HEAD_ROWS)
        if not whole:
            rows, numbers = sheet.rows[:_HEAD_ROWS], sheet.row_numbers[:_HEAD_ROWS]
            sheet = dataclasses.replace(sheet, rows=rows, row_numbers=numbers, unterminated=False)
        looked = analyse_sheet(sheet)
        fingerprint = detected_fingerprint(looked, table, self.source_name)
        self._seen.append((text, fingerprint, looked if whole else None))
        return fingerprint, looked if whole else None


def _reads_otherwise(mapping: Mapping, read: _Read) -> bool:
    """Whether ``mapping`` sets an encoding, delimiter or quote other than ``read``'s."""
    encoding = mapping.encoding is not None and not same_codec(mapping.encoding, read.encoding)
    delimiter = mapping.delimiter is not None and mapping.delimiter != read.delimiter
    quote = mapping.quote is not None and mapping.quote != read.quote
    return encoding or delimiter or quote


def _header_of(text: SniffedText) -> str:
    """Why a text read as a profile says no longer fits it, showing its first row."""
    rows = text.head().sheets[0].rows
    first = next((row for row in rows if any(str(cell).strip() for cell in row)), None)
    if first is None:
        return "read so, it holds no rows"
    cells = [str(cell).strip() for cell in first]
    shown = ", ".join(repr(cell) for cell in cells[:_HEADER_CELLS])
    more = f" and {len(cells) - _HEADER_CELLS} more" if len(cells) > _HEADER_CELLS else ""
    return (
        "read so, its columns are not those the profile was found by (its first row reads "
        f"{shown}{more})"
    )


_HEADER_CELLS = 6


def _refusal(source_name: str, saved: SavedProfile, sniffed: _Read, why: Exception | str) -> str:
    """The drift of a saved profile whose reading does not fit the file, naming both."""
    settings = saved.mapping
    read: list[str] = []
    detected: list[str] = []
    if settings.encoding is not None:
        read.append(f"encoding {settings.encoding}")
        detected.append(f"encoding {sniffed.encoding}")
    if settings.delimiter is not None:
        read.append(f"delimiter {delimiter_name(settings.delimiter)}")
        detected.append(f"delimiter {delimiter_name(sniffed.delimiter or ',')}")
    if settings.quote is not None:
        read.append(f"quote {quote_name(settings.quote)}")
        detected.append(f"quote {quote_name(sniffed.quote or DOUBLE_QUOTE)}")
    return (
        f"DRIFT: {source_name} does not read as saved profile '{saved.name}' says "
        f"({', '.join(read)}): {why}; the profile was NOT applied, and the file was read as "
        f"detected ({', '.join(detected)}): check the detected layout and save the profile "
        "again"
    )
