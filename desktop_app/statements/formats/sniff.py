"""Recognise a structured bank format from a file's first bytes, whatever its name.

Banks and users rename files freely (a CAMT file without extension, MT940 as ``.mta``
or ``.txt``, OFX as ``.qfx``/``.qbo``), so the content decides; the extension is only a
fallback used to explain why a file that claims a format cannot be read as it.
"""

from __future__ import annotations

import re

from desktop_app.statements.formats._common import decode_text, strip_controls

OFX, CAMT_053, CAMT_052, MT940, QIF, IIF = "ofx", "camt.053", "camt.052", "mt940", "qif", "iif"
BANK_FORMATS = (OFX, CAMT_053, CAMT_052, MT940, QIF, IIF)
_SNIFF_BYTES = 16384
_OFX_MARK = re.compile(r"OFXHEADER\s*[:=]|<\?OFX\b|<OFX>", re.IGNORECASE)
_CAMT_NAMESPACE = re.compile(r"camt\.(05[23])\.[0-9]{3}\.[0-9]{2}")
_CAMT_CONTAINER = re.compile(r"<(?:\w+:)?(BkToCstmrStmt|BkToCstmrAcctRpt)\b")
_MT940_START = re.compile(r"^[ \t]*:20:", re.MULTILINE)
_MT940_FIELD = re.compile(r"^[ \t]*:(?:25|28C?|60[FM]|61|62[FM]):", re.MULTILINE)
_SWIFT_940 = re.compile(r"\{2:[IO]94[02]")
_QIF_HEADER = re.compile(r"!(?:type:|account|option:|clear:)", re.IGNORECASE)
_IIF_HEADER = re.compile(r"![A-Z]+\t")
# The format each extension claims: a fallback to explain a file the content does not
# settle, and (``statements.sniff.STATEMENT_EXTENSIONS``) the files the open dialog offers.
BANK_EXTENSIONS = {
    "ofx": OFX,
    "qfx": OFX,
    "qbo": OFX,
    "xml": CAMT_053,
    "053": CAMT_053,
    "052": CAMT_052,
    "camt": CAMT_053,
    "sta": MT940,
    "mta": MT940,
    "940": MT940,
    "mt940": MT940,
    "swi": MT940,
    "qif": QIF,
    "iif": IIF,
}


def sniff_bank_format(data: bytes) -> str | None:
    """``ofx``, ``camt.053``, ``camt.052``, ``mt940``, ``qif``, ``iif``, or None."""
    head = strip_controls(decode_text(data[:_SNIFF_BYTES]).text).lstrip("\ufeff")
    first_line = head.lstrip().split("\n", 1)[0]
    if _OFX_MARK.search(head):
        return OFX
    if head.lstrip().startswith("<"):
        return _camt_kind(head)
    if _SWIFT_940.search(head) or (_MT940_START.search(head) and _MT940_FIELD.search(head)):
        return MT940
    if _QIF_HEADER.match(first_line):
        return QIF
    if _IIF_HEADER.match(first_line):
        return IIF
    return None


def format_from_name(source_name: str) -> str | None:
    """The format a file name's extension claims, if any."""
    _, dot, extension = source_name.rpartition(".")
    return BANK_EXTENSIONS.get(extension.lower()) if dot else None


def _camt_kind(head: str) -> str | None:
    container = _CAMT_CONTAINER.search(head)
    if container is not None:
        return CAMT_053 if container.group(1) == "BkToCstmrStmt" else CAMT_052
    namespace = _CAMT_NAMESPACE.search(head)
    return f"camt.{namespace.group(1)}" if namespace is not None else None
