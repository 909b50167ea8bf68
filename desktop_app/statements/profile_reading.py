"""A saved profile's own reading of a text file: its encoding, delimiter and quote.

A profile is found by the file's header, which is read before any profile is known (as
sniffed), so what the profile says about reading the text can only be used afterwards: the
text is read again its way when that differs. A profile whose way does not fit the file
(the text does not decode, or its header then reads otherwise) is not applied, and the
accountant is told why, rather than the file being read half the profile's way.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from desktop_app.statements.analysis import SheetAnalysis, analyse_sheet
from desktop_app.statements.encoding import UndecodableTextError
from desktop_app.statements.grid import Table
from desktop_app.statements.infer import detected_fingerprint
from desktop_app.statements.mapping import Mapping
from desktop_app.statements.profiles import ProfileStore, SavedProfile
from desktop_app.statements.text_reader import (
    DOUBLE_QUOTE,
    CsvFormatError,
    delimiter_name,
    quote_name,
    read_text_table,
)


@dataclass(frozen=True, slots=True)
class ProfileReading:
    """The table to import, the analysis of its one sheet when one was made (it is not
    made twice), and why the profile found was not applied (a DRIFT note), if it was not."""

    table: Table
    analysis: SheetAnalysis | None = None
    refused: str | None = None


def read_as_the_profile_says(
    data: bytes, table: Table, store: ProfileStore, source_name: str
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
    the file being read half the profile's way or silently not at all.
    """
    sheet = table.sheets[0] if table.sheets else None
    if sheet is None or not sheet.rows:
        return ProfileReading(table)
    if not any(_sets_reading(saved.mapping) for saved in store.all()):
        return ProfileReading(table)  # no profile reads text otherwise: nothing to look up
    analysis = analyse_sheet(sheet)
    fingerprint = detected_fingerprint(analysis, table, source_name)
    saved = store.get(fingerprint) if fingerprint is not None else None
    if saved is None or not _reads_otherwise(saved.mapping, table):
        return ProfileReading(table, analysis)
    settings = saved.mapping
    try:
        again = read_text_table(
            data,
            delimiter=settings.delimiter,
            encoding=settings.encoding,
            quote=settings.quote,
            profile=saved.name,
        )
    except (UndecodableTextError, CsvFormatError) as error:
        return ProfileReading(table, analysis, _refusal(source_name, saved, table, error))
    reread = analyse_sheet(again.sheets[0]) if again.sheets[0].rows else None
    if reread is None or detected_fingerprint(reread, again, source_name) != fingerprint:
        refused = _refusal(source_name, saved, table, _header_of(again))
        return ProfileReading(table, analysis, refused)
    return ProfileReading(again, reread)


def _sets_reading(mapping: Mapping) -> bool:
    return (mapping.encoding, mapping.delimiter, mapping.quote) != (None, None, None)


def _reads_otherwise(mapping: Mapping, table: Table) -> bool:
    """Whether ``mapping`` sets an encoding, delimiter or quote other than ``table``'s."""
    encoding = mapping.encoding is not None and _codec(mapping.encoding) != _codec(table.encoding)
    delimiter = mapping.delimiter is not None and mapping.delimiter != table.delimiter
    quote = mapping.quote is not None and mapping.quote != table.quote
    return encoding or delimiter or quote


def _codec(name: str | None) -> str | None:
    """A codec's own name: 'latin-1', 'latin1' and 'iso-8859-1' are one encoding."""
    return None if name is None else codecs.lookup(name).name


def _header_of(table: Table) -> str:
    """Why a text read as a profile says no longer fits it, showing its first row."""
    rows = table.sheets[0].rows if table.sheets else []
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


def _refusal(source_name: str, saved: SavedProfile, table: Table, why: Exception | str) -> str:
    """The drift of a saved profile whose reading does not fit the file, naming both."""
    settings = saved.mapping
    read: list[str] = []
    detected: list[str] = []
    if settings.encoding is not None:
        read.append(f"encoding {settings.encoding}")
        detected.append(f"encoding {table.encoding}")
    if settings.delimiter is not None:
        read.append(f"delimiter {delimiter_name(settings.delimiter)}")
        detected.append(f"delimiter {delimiter_name(table.delimiter or ',')}")
    if settings.quote is not None:
        read.append(f"quote {quote_name(settings.quote)}")
        detected.append(f"quote {quote_name(table.quote or DOUBLE_QUOTE)}")
    return (
        f"DRIFT: {source_name} does not read as saved profile '{saved.name}' says "
        f"({', '.join(read)}): {why}; the profile was NOT applied, and the file was read as "
        f"detected ({', '.join(detected)}): check the detected layout and save the profile "
        "again"
    )
