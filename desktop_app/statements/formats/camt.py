"""ISO 20022 CAMT.053 bank statements and CAMT.052 account reports, any version.

Versions (camt.053.001.02 to .001.08 and later) differ in namespace and in details the
reader does not depend on (``Sts`` became ``Sts/Cd``, party names moved under ``Pty``),
so elements are looked up by local name and both spellings are read. The opening
balance is ``OPBD`` (or ``PRCD``, the previous closing), the closing balance ``CLBD``.
A statement marked as a copy or duplicate (``CpyDplctInd``) is read, with a warning
that it may repeat lines already imported.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from desktop_app.statements.formats._assemble import StatementPart, assemble, checked_currency
from desktop_app.statements.formats._common import base_name, check_size, clean
from desktop_app.statements.formats._xml import XmlDocument, parse_xml
from desktop_app.statements.formats.camt_entry import (
    CamtContext,
    entry_date,
    iso_date,
    read_entry,
    signed_amount,
)
from desktop_app.statements.model import ParsedStatement, RowWarning, StatementImportError

_CONTAINERS = {"BkToCstmrStmt": ("camt.053", "Stmt"), "BkToCstmrAcctRpt": ("camt.052", "Rpt")}
_OTHER_MESSAGES = {
    "BkToCstmrDbtCdtNtfctn": "a camt.054 debit/credit notification, not a statement",
    "CstmrCdtTrfInitn": "a pain.001 payment order, not a statement",
    "CstmrDrctDbtInitn": "a pain.008 direct-debit order, not a statement",
}
_COPIES = {"COPY": "a copy", "DUPL": "a duplicate", "CODU": "a copy of a duplicate"}
_OPENING_CODES = ("OPBD", "PRCD")


def read_camt(data: bytes, source_name: str) -> ParsedStatement:
    """Read a CAMT.053 or CAMT.052 file; raises StatementImportError if it is neither."""
    source = base_name(source_name)
    check_size(data, source)
    document = parse_xml(data, source)
    container, fmt, record = _container(document, source)
    warnings = [RowWarning(source, None, None, note) for note in document.notes]
    statements = container.findall(record)
    if not statements:
        raise StatementImportError(f"{source}: the {fmt} file holds no <{record}> statement")
    parts = [_read_statement(stmt, document, source, warnings) for stmt in statements]
    return assemble(source, fmt, parts, warnings)


def camt_kind(document: XmlDocument) -> str | None:
    """``camt.053`` or ``camt.052`` when the document is one, else None."""
    for element in (document.root, *document.root):
        if element.tag in _CONTAINERS:
            return _CONTAINERS[element.tag][0]
    return None


def _container(document: XmlDocument, source: str) -> tuple[ET.Element, str, str]:
    root = document.root
    for element in (root, *root):
        if element.tag in _CONTAINERS:
            return element, *_CONTAINERS[element.tag]
        if element.tag in _OTHER_MESSAGES:
            raise StatementImportError(
                f"{source}: this ISO 20022 file is {_OTHER_MESSAGES[element.tag]}"
            )
    namespace = next(iter(document.namespaces), "no namespace")
    raise StatementImportError(
        f"{source}: not a CAMT.053 or CAMT.052 statement: the XML's root is <{root.tag}> ({namespace})"
    )


def _read_statement(
    stmt: ET.Element, document: XmlDocument, source: str, warnings: list[RowWarning]
) -> StatementPart:
    currency_code = stmt.findtext("Acct/Ccy") or _first_currency(stmt)
    currency = checked_currency(currency_code, source, document.line(stmt), warnings)
    context = CamtContext(source, document, currency, warnings)
    part = StatementPart(account=_account(stmt), currency=currency)
    _note_copy(stmt, context)
    period = stmt.find("FrToDt")
    if period is not None:
        part.start = iso_date(_first_text(period, "FrDtTm", "FrDt"), period, context)
        part.end = iso_date(_first_text(period, "ToDtTm", "ToDt"), period, context)
    _read_balances(stmt, part, context)
    for entry in stmt.findall("Ntry"):
        line = read_entry(entry, context)
        if line is not None:
            part.lines.append(line)
    return part


def _first_text(element: ET.Element, *paths: str) -> str:
    return next((text for path in paths if (text := (element.findtext(path) or "").strip())), "")


def _account(stmt: ET.Element) -> str | None:
    return clean(stmt.findtext("Acct/Id/IBAN") or stmt.findtext("Acct/Id/Othr/Id")) or None


def _first_currency(stmt: ET.Element) -> str | None:
    amount = stmt.find("Bal/Amt")
    if amount is None:
        amount = stmt.find("Ntry/Amt")
    return amount.get("Ccy") if amount is not None else None


def _note_copy(stmt: ET.Element, context: CamtContext) -> None:
    marker = stmt.find("CpyDplctInd")
    code = (marker.text or "").strip() if marker is not None else ""
    if code:
        what = _COPIES.get(code, f"marked {code!r}")
        name = (stmt.findtext("Id") or "").strip() or "the statement"
        context.warn(
            marker,
            "CpyDplctInd",
            f"{name} is {what} ({code}): it may repeat lines already imported",
        )


def _read_balances(stmt: ET.Element, part: StatementPart, context: CamtContext) -> None:
    openings: dict[str, ET.Element] = {}
    for balance in stmt.findall("Bal"):
        code = (
            balance.findtext("Tp/CdOrPrtry/Cd") or balance.findtext("Tp/CdOrPrtry/Prtry") or ""
        ).strip()
        if code in _OPENING_CODES:
            openings.setdefault(code, balance)
        elif code == "CLBD" and part.closing is None:
            part.closing = signed_amount(balance, context)
            part.closing_row = context.document.line(balance)
            part.end = part.end or entry_date(balance.find("Dt"), context)
    for code in _OPENING_CODES:
        if code in openings:
            part.opening = signed_amount(openings[code], context)
            part.opening_row = context.document.line(openings[code])
            part.start = part.start or entry_date(openings[code].find("Dt"), context)
            break
