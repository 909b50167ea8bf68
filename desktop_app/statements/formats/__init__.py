"""Structured bank formats: OFX/QFX, CAMT.053/052, MT940, and the Quicken-era QIF and IIF.

``read_bank_statement`` recognises the format from the content and returns the same
``ParsedStatement`` the tabular readers produce. A file that is not what it claims, or
is corrupt, raises ``StatementImportError`` naming the file and the problem; a bad record
becomes a ``RowWarning`` with its row and the rest of the file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from desktop_app.statements.formats import camt_entry, iif, mt940, ofx, qif
from desktop_app.statements.formats._common import base_name, check_size
from desktop_app.statements.formats.camt import read_camt
from desktop_app.statements.formats.iif import read_iif
from desktop_app.statements.formats.mt940 import read_mt940
from desktop_app.statements.formats.ofx import read_ofx
from desktop_app.statements.formats.qif import read_qif
from desktop_app.statements.formats.sniff import BANK_FORMATS, format_from_name, sniff_bank_format
from desktop_app.statements.model import ParsedStatement, StatementImportError

Reader = Callable[[bytes, str], ParsedStatement]

# Per format, where each field of a line (by its role: "date", "amount", ...) comes from
# in the file, for the import wizard to say beside the column that shows it.
FIELD_SOURCES: dict[str, Mapping[str, str]] = {
    "ofx": ofx.FIELDS,
    "camt.053": camt_entry.FIELDS,
    "camt.052": camt_entry.FIELDS,
    "mt940": mt940.FIELDS,
    "qif": qif.FIELDS,
    "iif": iif.FIELDS,
}

READERS: dict[str, Reader] = {
    "ofx": read_ofx,
    "camt.053": read_camt,
    "camt.052": read_camt,
    "mt940": read_mt940,
    "qif": read_qif,
    "iif": read_iif,
}


def read_bank_statement(data: bytes, source_name: str) -> ParsedStatement:
    """Read a bank file of any structured format, recognised by its content.

    When the content matches no format but the name claims one (``.sta``, ``.ofx``,
    ``.xml``...), that format's reader explains what is wrong with the file.
    """
    source = base_name(source_name)
    check_size(data, source)
    if not data.strip():
        raise StatementImportError(f"{source}: the file is empty")
    detected = sniff_bank_format(data)
    if detected is not None:
        return READERS[detected](data, source_name)
    claimed = format_from_name(source)
    if claimed is not None:
        return READERS[claimed](data, source_name)
    raise StatementImportError(
        f"{source}: not a bank format this reader knows "
        "(OFX/QFX, CAMT.053/052, MT940, QIF or IIF): its content matches none of them"
    )


__all__ = [
    "BANK_FORMATS",
    "FIELD_SOURCES",
    "READERS",
    "read_bank_statement",
    "read_camt",
    "read_iif",
    "read_mt940",
    "read_ofx",
    "read_qif",
    "sniff_bank_format",
]
