"""Which rows of an xlsx (or ods) workbook's sheets are hidden, read from the sheets' XML.

An accountant who filters a ledger in Excel (an AutoFilter on the bank account) or hides
rows by hand sees only the rows left; importing the hidden ones as well turned another
account's postings into payments, matched to invoices. python-calamine reads every row and
says nothing of a row's visibility, so the visibility is read here: each worksheet's XML
marks a hidden row in its tag (``<row r="5" hidden="1">``), found with a streaming scan.

Only the tags of rows are looked at, in chunks, and a chunk without the word "hidden" is
passed over at the speed of a substring search: the cost is one decompression of the sheet.
The archive's members were bounded before anything was decompressed
(``archive.inspect_zip``); each is still read here against a budget of its declared size
and the same limit, so a lying header cannot make it inflate further.

An ods keeps every sheet in content.xml, a row's visibility in its tag too
(``<table:table-row table:visibility="collapse">``, or "filter" under an AutoFilter), but
its rows carry no number: they are counted, ``table:number-rows-repeated`` included, once
a first pass has found the attribute at all (``ods_hidden_rows``). That first pass also
bounds how far each sheet reaches (``ods_extent``), before calamine opens the file: it
builds every sheet of an ods as it opens it.

Only the sheets calamine reads are scanned, each on its own: a part that cannot be found or
read (a damaged archive member, a relationship that leads nowhere) leaves that sheet's
hidden rows unknown, and the sheet is named in a note (``HiddenRows.notes``) rather than its
hidden rows imported unsaid; a damaged part of a sheet that is not read changes nothing.

xlsb and xls workbooks are not scanned: their rows' visibility is in binary records that
would need a reader of their own. What they hide is imported, as the format evidence says
(``UNSCANNED_NOTE``).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from desktop_app.statements.archive import MAX_UNCOMPRESSED_BYTES
from desktop_app.statements.grid import beyond_limit
from desktop_app.statements.ods_extent import OdsBound, OdsExact, SheetExtent
from desktop_app.statements.ods_extent import problem as ods_problem
from desktop_app.statements.sheet_extent import ExtentScan

_CHUNK = 1 << 20
# A zip member's local header: the fixed part, up to its name's and extra field's lengths.
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_SMALL_PART = 1 << 22  # workbook.xml and its rels: a few kilobytes in any real workbook

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_HIDDEN_ROW = re.compile(rb"""<(?:\w+:)?row\b[^>]*?\shidden\s*=\s*["'](?:1|true)["'][^>]*>""")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,7})["']""")
# An ods sheet's start (not a row's: ``table:table-row`` shares the name's start) and
# end, and its rows, in the order they come; sheets within a cell (rare) are nested.
_ODS_TAG = re.compile(rb"<table:table(?=[\s>/])([^>]*)>|<table:table-row\b([^>]*)>|</table:table>")
_ODS_HIDDEN = frozenset({"collapse", "filter"})
# A run of repeated rows is identical rows: a long one is the empty rows to the sheet's
# end, kept out of the set rather than counted one by one (an empty row holds nothing).
_ODS_LONGEST_RUN = 1000

# The format evidence of a workbook whose hidden rows are not looked for: said rather than
# implied, since an xlsx's hidden rows are left out and these are not.
UNSCANNED_NOTE = (
    "rows hidden in an {format} workbook are not detected: they are imported like any "
    "other row (save it as xlsx to leave them out)"
)
# The same said of one sheet of an xlsx or ods whose part could not be scanned.
UNSCANNED_SHEET_NOTE = (
    "rows hidden on sheet '{sheet}' could not be looked for ({why}): any are imported"
)

# What reading an archive's member can raise when the archive is damaged: a member missing
# or misnamed (KeyError, BadZipFile), a corrupt or cut-off deflate stream (zlib.error,
# EOFError), a compression zipfile does not know (NotImplementedError).
_UNREADABLE = (
    zipfile.BadZipFile,
    OSError,
    KeyError,
    NotImplementedError,
    UnicodeDecodeError,
    zlib.error,
    EOFError,
)


@dataclass(frozen=True, slots=True)
class HiddenRows:
    """The hidden rows (1-based) of each scanned sheet that hides any, by sheet name, the
    sheets whose hidden rows could not be looked for, each with why, and how far the
    scanned sheets reach."""

    by_sheet: dict[str, frozenset[int]] = field(default_factory=dict)
    unscanned: dict[str, str] = field(default_factory=dict)
    # The rows and columns each scanned sheet's cells reach from A1, read from its cells,
    # not its declared dimension: checked before calamine builds the sheet's grid.
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)
    # An ods's: why calamine would not get through its sheets as it opens the file, and
    # why its content.xml could not be scanned (its sheets are named once calamine has).
    beyond: str | None = None
    damaged: str | None = None

    @property
    def notes(self) -> tuple[str, ...]:
        """The format evidence's notes: one for each sheet that could not be scanned."""
        return tuple(
            UNSCANNED_SHEET_NOTE.format(sheet=sheet, why=why)
            for sheet, why in self.unscanned.items()
        )

    def of_sheets(self, sheets: Collection[str]) -> HiddenRows:
        """An ods's findings for the sheets calamine reads: a content.xml that could not be
        scanned is said of each of them."""
        if self.damaged is not None:
            return HiddenRows(unscanned=dict.fromkeys(sheets, self.damaged))
        kept = {name: rows for name, rows in self.by_sheet.items() if name in sheets}
        return HiddenRows(kept, extents=self.extents)


def hidden_rows(data: bytes, sheets: Collection[str]) -> HiddenRows:
    """The hidden rows of the worksheets named in ``sheets`` (those calamine reads), each
    sheet's numbers its worksheet's own. A sheet whose part cannot be found or read is
    named among the unscanned; the others are scanned all the same."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = dict(_worksheet_parts(archive))
            found: dict[str, frozenset[int]] = {}
            unscanned: dict[str, str] = {}
            extents: dict[str, tuple[int, int]] = {}
            for name in sheets:
                part = parts.get(name)
                if part is None:
                    unscanned[name] = "its part is not named in the workbook"
                    continue
                try:
                    rows, extents[name] = _scan(archive, part)
                except _UNREADABLE as error:
                    unscanned[name] = _why(error)
                    continue
                if rows:
                    found[name] = rows
            return HiddenRows(found, unscanned, extents)
    except _UNREADABLE as error:
        return HiddenRows(unscanned=dict.fromkeys(sheets, _why(error)))


def ods_hidden_rows(data: bytes) -> HiddenRows:
    """``hidden_rows`` of an ods, read before calamine opens it: the hidden rows of every
    sheet, counted from each one's first row as calamine reads it (repeated rows each their
    own), and whether calamine would get through its sheets at all (``beyond``). Every
    sheet is in the one part, content.xml: if it cannot be read, none is scanned, though
    how far what could be read of it reaches is still checked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            bound = OdsBound()
            hides = False
            damage: str | None = None
            try:
                for body in _bodies(archive, "content.xml"):
                    bound.feed(body)
                    hides = hides or b"table:visibility" in body
            except _UNREADABLE as error:
                damage = _why(error)
            extents = bound.finish()
            if extents is None or ods_problem(extents) is not None:
                extents = _ods_exact(archive)
            beyond = ods_problem(extents)
            if damage is not None:
                return HiddenRows(beyond=beyond, damaged=damage)
            counted = _ods_counted(archive) if hides and beyond is None else {}
    except _UNREADABLE as error:
        return HiddenRows(damaged=_why(error))
    reach = {name: (extent.rows, extent.columns) for name, extent in extents.items()}
    return HiddenRows(counted, extents=reach, beyond=beyond)


def _ods_exact(archive: zipfile.ZipFile) -> dict[str, SheetExtent]:
    """Each sheet's extent from every tag, as far as content.xml can be read: calamine
    builds what comes before a damaged spot before it stops there."""
    exact = OdsExact()
    try:
        for body in _bodies(archive, "content.xml"):
            exact.feed(body)
    except _UNREADABLE:
        pass
    return exact.finish()


def _why(error: BaseException) -> str:
    """Why a part could not be scanned, in the user's terms."""
    if isinstance(error, KeyError):
        return "its part is missing from the file"
    return "its part is damaged"


def _ods_counted(archive: zipfile.ZipFile) -> dict[str, frozenset[int]]:
    found: dict[str, frozenset[int]] = {}
    depth = row = 0
    name = ""
    hidden: set[int] = set()
    for body in _bodies(archive, "content.xml"):
        for tag in _ODS_TAG.finditer(body):
            opened, a_row = tag.group(1), tag.group(2)
            if opened is not None:
                depth += 1
                if depth == 1:
                    name, row, hidden = _attributes(opened).get("table:name", ""), 0, set()
                if opened.rstrip().endswith(b"/"):
                    depth -= 1  # an empty sheet, written as one tag
            elif a_row is not None:
                if depth != 1:
                    continue
                attributes = _attributes(a_row)
                repeated = attributes.get("table:number-rows-repeated", "1")
                count = int(repeated) if repeated.isdigit() else 1
                shown = attributes.get("table:visibility") not in _ODS_HIDDEN
                if not shown and count <= _ODS_LONGEST_RUN:
                    hidden.update(range(row + 1, row + 1 + count))
                row += max(count, 1)
            else:
                if depth == 1 and hidden:
                    found[name] = frozenset(hidden)
                depth = max(depth - 1, 0)
    return found


def _worksheet_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(sheet name, its worksheet part) from the workbook and its relationships."""
    targets: dict[str, str] = {}
    for attributes in _tags(_read_small(archive, "xl/_rels/workbook.xml.rels"), _RELATIONSHIP):
        if "Id" in attributes and "Target" in attributes:
            targets[attributes["Id"]] = attributes["Target"]
    for attributes in _tags(_read_small(archive, "xl/workbook.xml"), _SHEET):
        relation = next((value for key, value in attributes.items() if key.endswith(":id")), None)
        target = targets.get(relation or "")
        if "name" not in attributes or target is None:
            continue
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join("xl", target))
        yield attributes["name"], part


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(_SMALL_PART)


def _tags(xml: bytes, tag: re.Pattern[bytes]) -> Iterator[dict[str, str]]:
    for found in tag.finditer(xml):
        yield _attributes(found.group(1))


def _attributes(tag: bytes) -> dict[str, str]:
    return {
        key.decode("utf-8"): html.unescape((double or single).decode("utf-8"))
        for key, double, single in _ATTRIBUTE.findall(tag)
    }


def _scan(archive: zipfile.ZipFile, part: str) -> tuple[frozenset[int], tuple[int, int]]:
    """The hidden rows of the worksheet ``part``: the numbers their tags give, or, where a
    hidden row's tag gives none (the attribute is optional), every row counted again; and
    the rows and columns its cells reach, found in the same pass (``sheet_extent``), or
    counted again cell by cell where the pass leaves it in doubt."""
    hidden: set[int] = set()
    numbered = True
    extent = ExtentScan()
    for body in _bodies(archive, part):
        extent.feed(body)
        if not numbered or b"hidden" not in body:
            continue
        for tag in _HIDDEN_ROW.finditer(body):
            number = _ROW_NUMBER.search(tag.group())
            if number is None:
                numbered = False
                break
            hidden.add(int(number.group(1)))
    rows = frozenset(hidden) if numbered else _counted(archive, part)
    if beyond_limit(extent.bound, extent.columns):
        # The screen let cells pass up to a bound past the rows it saw: count them all
        # before a sheet is refused, or let through, on a bound.
        extent = ExtentScan(exact=True)
        for body in _bodies(archive, part):
            extent.feed(body)
    return rows, (extent.rows, extent.columns)


def _counted(archive: zipfile.ZipFile, part: str) -> frozenset[int]:
    """The hidden rows, each row numbered by its tag or else as the one after the last."""
    hidden: set[int] = set()
    last = 0
    for body in _bodies(archive, part):
        for tag in _ROW.finditer(body):
            number = _ROW_NUMBER.search(tag.group())
            last = int(number.group(1)) if number is not None else last + 1
            if _HIDDEN_ROW.fullmatch(tag.group()):
                hidden.add(last)
    return frozenset(hidden)


def _bodies(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's XML in pieces, each cut before its last tag's start, so no tag is split
    between two pieces; no more than the size the archive declares for it."""
    tail = b""
    for chunk in _inflated(archive, archive.getinfo(part)):
        piece = tail + chunk
        cut = piece.rfind(b"<")
        if cut < 0 or len(piece) - cut > _CHUNK:  # no tag starts here, or it never ends
            yield piece
            tail = b""
        else:
            yield piece[:cut]
            tail = piece[cut:]
    if tail:
        yield tail


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks, as calamine reads them, and no more than its declared
    size. zipfile checks a member's CRC as it reads the last chunk and withholds that chunk
    when the check fails; calamine reads it all the same, so a stored or deflated member
    is inflated here without that check (a wrong CRC let a far cell past the scan, and
    calamine abort). A damaged deflate stream still fails, where calamine stops too."""
    budget = min(info.file_size, MAX_UNCOMPRESSED_BYTES)
    source = archive.fp
    methods = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    if source is None or info.compress_type not in methods or info.flag_bits & 0x1:
        with archive.open(info) as member:
            while budget > 0 and (chunk := member.read(min(_CHUNK, budget))):
                budget -= len(chunk)
                yield chunk
        return
    source.seek(info.header_offset)
    header = source.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(f"{info.filename}: its local header is damaged")
    name, extra = _LOCAL_HEADER.unpack(header)[-2:]
    source.seek(info.header_offset + _LOCAL_HEADER.size + name + extra)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type else None
    left = info.compress_size
    while left > 0 and budget > 0:
        raw = source.read(min(_CHUNK, left))
        if not raw:
            raise EOFError(f"{info.filename} is cut off")
        left -= len(raw)
        if inflate is None:
            chunk = raw[:budget]
            budget -= len(chunk)
            yield chunk
            continue
        while raw and budget > 0 and not inflate.eof:
            chunk = inflate.decompress(raw, min(_CHUNK, budget))
            if not chunk:
                break  # all of it taken in, nothing out yet: the next bytes are needed
            raw = inflate.unconsumed_tail
            budget -= len(chunk)
            yield chunk
        if inflate.eof:
            return
