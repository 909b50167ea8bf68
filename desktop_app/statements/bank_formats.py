"""The one place where structured bank formats (OFX/QFX, CAMT.053/.052, MT940) meet the
tabular importer.

Those formats are read by ``desktop_app.statements.formats`` (a separate reader package).
This module asks that package first; until it exists, the signatures below still recognise
such files so the user is told what the file is instead of seeing it misread as CSV.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from desktop_app.statements.model import ParsedStatement, StatementImportError

_FORMATS_MODULE = "desktop_app.statements.formats"
_OFX_SGML = re.compile(rb"^\s*(?:<!--.*?-->\s*)?OFXHEADER\s*:", re.S)
_MT940 = re.compile(rb"(?m)^:(?:20|25):.*?^:(?:60[FM]|61):", re.S)


def _formats() -> ModuleType | None:
    try:
        return importlib.import_module(_FORMATS_MODULE)
    except ModuleNotFoundError as error:
        if error.name == _FORMATS_MODULE:
            return None
        raise


def detect_bank_format(data: bytes) -> str | None:
    """The bank format's name ("ofx", "camt.053", "mt940"...) or None for other files."""
    module = _formats()
    sniffer = getattr(module, "sniff_bank_format", None)
    if sniffer is not None:
        found: str | None = sniffer(data)
        return found
    return _fallback_signature(data)


def read_bank_format(data: bytes, source_name: str) -> ParsedStatement:
    module = _formats()
    reader = getattr(module, "read_bank_statement", None)
    if reader is None:
        raise StatementImportError(
            f"{source_name}: it is a {_fallback_signature(data) or 'bank'} statement, and "
            "this build has no reader for that format yet; export CSV or Excel instead"
        )
    parsed: ParsedStatement = reader(data, source_name)
    return parsed


def _fallback_signature(data: bytes) -> str | None:
    head = data[:65536].lstrip(b"\xef\xbb\xbf\x00\r\n\t \x01")
    if _OFX_SGML.match(head) or b"<OFX>" in head.upper() or b"<?OFX" in head.upper():
        return "ofx"
    if b"urn:iso:std:iso:20022:tech:xsd:camt.05" in head:
        return "camt"
    if _MT940.search(head):
        return "mt940"
    return None
