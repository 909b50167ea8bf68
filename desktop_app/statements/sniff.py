"""What kind of file this is, from its content; the extension is only a hint.

Banks name files carelessly: SpreadsheetML XML saved as .xls, CSV saved as .xls, OFX as
.qfx or .txt. Signatures decide (zip, OLE, XML roots, OFX headers, MT940 tags); the
extension only breaks ties among text formats and is reported when it disagrees.
"""

from __future__ import annotations

import codecs
import enum
from dataclasses import dataclass
from pathlib import PurePath

from desktop_app.statements.archive import inspect_zip
from desktop_app.statements.bank_formats import detect_bank_format
from desktop_app.statements.formats._common import decode_text
from desktop_app.statements.formats.sniff import BANK_EXTENSIONS
from desktop_app.statements.ole import OLE_SIGNATURE, BrokenContainerError, stream_names


class FileKind(enum.Enum):
    XLSX = "xlsx"
    XLSB = "xlsb"
    ODS = "ods"
    XLS = "xls"
    SPREADSHEETML = "spreadsheetml"
    TEXT = "csv"
    BANK = "bank"


class UnsupportedFileError(ValueError):
    """Recognised, but not something a statement can be read from; the message says why."""


@dataclass(frozen=True, slots=True)
class Sniffed:
    kind: FileKind
    evidence: str
    bank_format: str | None = None


# The extensions each kind of table is expected to carry. The content decides what a file
# is; these only say when its name disagrees ("its name says .pdf"), and, with the bank
# formats', which files the open dialog offers (``STATEMENT_EXTENSIONS``).
TABLE_EXTENSIONS: dict[FileKind, tuple[str, ...]] = {
    FileKind.TEXT: ("csv", "tsv", "txt"),
    FileKind.XLSX: ("xlsx", "xlsm"),
    FileKind.XLSB: ("xlsb",),
    FileKind.XLS: ("xls",),
    FileKind.ODS: ("ods",),
    FileKind.SPREADSHEETML: ("xml",),
}
# Every extension the importer expects a statement to carry, each once, the tables' first:
# the one list the file dialogs offer, so a format the importer reads is never hidden.
STATEMENT_EXTENSIONS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [extension for names in TABLE_EXTENSIONS.values() for extension in names]
        + list(BANK_EXTENSIONS)
    )
)

_ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
# Byte-order marks (UTF-32's first: UTF-16 LE's starts it) and what they mark.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _only_a_mark(data: bytes) -> bool:
    """Whether the file is a byte-order mark and blank space: a text editor's empty file,
    as empty as one without the mark (not a table of no rows)."""
    if len(data) > 4096:
        return False
    for mark, encoding in _MARKS:
        if data.startswith(mark):
            try:
                return not data[len(mark) :].decode(encoding).strip()
            except UnicodeDecodeError:
                return False
    return False


def sniff(data: bytes, source_name: str) -> Sniffed:
    extension = PurePath(source_name).suffix.lower().lstrip(".")
    if not data or data.isspace() or _only_a_mark(data):
        raise UnsupportedFileError("it is empty")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, extension)
    if data.startswith(OLE_SIGNATURE):
        return _sniff_ole(data, extension)
    if data.startswith(b"%PDF"):
        raise UnsupportedFileError(
            "it is a PDF; export the statement from online banking as CSV, Excel, OFX, "
            "CAMT.053 or MT940 instead"
        )
    head = data[:4096].lstrip(b"\xef\xbb\xbf\x00\r\n\t \x01")
    if _is_html(data):
        raise UnsupportedFileError(_web_page(extension))
    if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:8192] and head.startswith(b"<"):
        return Sniffed(
            FileKind.SPREADSHEETML,
            _named("a SpreadsheetML 2003 XML workbook", extension, FileKind.SPREADSHEETML),
        )
    bank = detect_bank_format(data)
    if bank is not None:
        return Sniffed(FileKind.BANK, f"a {bank} bank statement", bank)
    return Sniffed(FileKind.TEXT, _named("delimited text", extension, FileKind.TEXT))


# How an HTML document begins, once any byte-order mark and white space are passed.
_HTML_STARTS = ("<!doctype html", "<html", "<table")


def _is_html(data: bytes) -> bool:
    """Whether the file is a web page: some banks' "Excel" download is an HTML table with
    an .xls name, which Excel opens, but read as delimited text it is tags, and no column
    holds dates. Its head is decoded as any text file is (UTF-16 by its byte-order mark)."""
    head = decode_text(data[:1024]).text
    return head.lstrip("\ufeff\r\n\t \x0c")[:16].lower().startswith(_HTML_STARTS)


def _web_page(extension: str) -> str:
    """Why a web page is refused, and what to do instead."""
    named = "not a spreadsheet"
    if extension not in ("", "htm", "html"):
        named = f"saved with a spreadsheet's name (.{extension})"
    return (
        f"it is a web page (HTML), {named}: open it in Excel (or a browser) and save it "
        "as .xlsx or .csv, or download the statement from online banking as CSV"
    )


def _sniff_zip(data: bytes, extension: str) -> Sniffed:
    summary = inspect_zip(data)
    if "xl/workbook.xml" in summary.names:
        return Sniffed(FileKind.XLSX, _named("an Excel workbook (xlsx)", extension, FileKind.XLSX))
    if "xl/workbook.bin" in summary.names:
        return Sniffed(
            FileKind.XLSB, _named("a binary Excel workbook (xlsb)", extension, FileKind.XLSB)
        )
    if summary.mimetype == _ODS_MIMETYPE or ("content.xml" in summary.names and extension == "ods"):
        return Sniffed(
            FileKind.ODS, _named("an OpenDocument spreadsheet (ods)", extension, FileKind.ODS)
        )
    if "word/document.xml" in summary.names:
        raise UnsupportedFileError("it is a Word document, not a statement")
    raise UnsupportedFileError("it is a zip archive that holds no spreadsheet")


def _sniff_ole(data: bytes, extension: str) -> Sniffed:
    try:
        names = stream_names(data)
    except BrokenContainerError as error:
        raise UnsupportedFileError(f"it is a damaged Office file ({error})") from None
    if "EncryptedPackage" in names:
        raise UnsupportedFileError(
            "it is password-protected (an encrypted Office workbook): open it in Excel, "
            "remove the password (File > Info > Protect Workbook), save it and import it again"
        )
    if "Workbook" in names or "Book" in names:
        return Sniffed(
            FileKind.XLS, _named("a legacy Excel workbook (xls)", extension, FileKind.XLS)
        )
    raise UnsupportedFileError(
        "it is an Office file that holds no workbook (a Word or other document?)"
    )


def _named(description: str, extension: str, kind: FileKind) -> str:
    if not extension or extension in TABLE_EXTENSIONS[kind]:
        return f"{description}, detected from its content"
    return f"{description}, detected from its content (its name says .{extension})"
