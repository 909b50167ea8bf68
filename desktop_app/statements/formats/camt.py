"""ISO 20022 CAMT.053 bank statements and CAMT.052 account reports, any version.

Versions (camt.053.001.02 to .001.08 and later) differ in namespace and in details the
reader does not depend on (``Sts`` became ``Sts/Cd``, party names moved under ``Pty``),
so elements are looked up by local name and both spellings are read. The opening
balance is ``OPBD`` (or ``PRCD``, the previous closing), the closing balance ``CLBD``.

A camt.052 intraday report often states only interim booked balances (``ITBD``: the
booked balance at a moment of the day), so there an ``ITBD`` stands in for whichever of
the booked opening and closing the report does not state (see ``_interim_ends``).
A camt.053 states both (they are mandatory in a statement), so its ``ITBD``s, a
day's or a page's balance inside the period, are not read. Available balances
(``ITAV``, ``CLAV``, ``FWAV``, ``OPAV``) say what the holder may spend, not what was
booked, and are never taken for booked ones.

A statement marked as a copy or duplicate (``CpyDplctInd``) is read, with a warning
that it may repeat lines already imported: a note on the statement (``about_statement``),
not a row skipped, since the marker is the statement's metadata and holds no movement.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from desktop_app.statements.formats._assemble import StatementPart, assemble, read_currency
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
_CLOSING_CODE = "CLBD"
_INTERIM_BOOKED = "ITBD"
_TIME = re.compile(r"T([0-9:.]*)")


@dataclass(frozen=True)
class _Interim:
    """An ``ITBD`` balance and when it was struck, as written (a time zone is not applied)."""

    balance: ET.Element
    day: date
    time: str  # the time of day of a DtTm ("14:30:00"), "" for a Dt
    position: int  # among the report's balances, to order two struck at the same moment


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
    parts = [_read_statement(stmt, fmt, document, source, warnings) for stmt in statements]
    return assemble(source, fmt, parts, warnings, document.decoded)


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
    stmt: ET.Element, fmt: str, document: XmlDocument, source: str, warnings: list[RowWarning]
) -> StatementPart:
    account_currency = stmt.findtext("Acct/Ccy")
    currency_code = account_currency or _first_currency(stmt)
    where = "Acct/Ccy" if account_currency else "Amt Ccy"
    row = document.line(stmt)
    lines_of = "the statement's lines that state no currency of their own are"
    currency = read_currency(currency_code, source, row, where, warnings, lines_of=lines_of)
    context = CamtContext(source, document, currency, warnings)
    part = StatementPart(account=_account(stmt), currency=currency.code)
    _note_copy(stmt, context)
    period = stmt.find("FrToDt")
    if period is not None:
        part.start = iso_date(_first_text(period, "FrDtTm", "FrDt"), period, context)
        part.end = iso_date(_first_text(period, "ToDtTm", "ToDt"), period, context)
        part.stated_start, part.stated_end = part.start, part.end
    _read_balances(stmt, part, context)
    for entry in stmt.findall("Ntry"):
        line = read_entry(entry, context)
        if line is not None:
            part.add(line, max(document.line(element) or line.row for element in entry.iter()))
    if fmt == "camt.052":
        _read_interim_balances(stmt, part, context)
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
        context.warnings.append(
            RowWarning(
                context.source,
                context.document.line(marker),
                "CpyDplctInd",
                f"{name} is {what} ({code}): it may repeat lines already imported",
                about_statement=True,  # the statement's metadata: no row is skipped
            )
        )


def _read_balances(stmt: ET.Element, part: StatementPart, context: CamtContext) -> None:
    openings: dict[str, ET.Element] = {}
    for balance in stmt.findall("Bal"):
        code = _balance_code(balance)
        if code in _OPENING_CODES:
            openings.setdefault(code, balance)
        elif code == _CLOSING_CODE and part.closing is None:
            part.closing = signed_amount(balance, context)
            part.closing_row = context.document.line(balance)
            part.end = part.end or entry_date(balance.find("Dt"), context)
    for code in _OPENING_CODES:
        if code in openings:
            part.opening = signed_amount(openings[code], context)
            part.opening_row = context.document.line(openings[code])
            part.start = part.start or entry_date(openings[code].find("Dt"), context)
            break


def _balance_code(balance: ET.Element) -> str:
    return (
        balance.findtext("Tp/CdOrPrtry/Cd") or balance.findtext("Tp/CdOrPrtry/Prtry") or ""
    ).strip()


def _read_interim_balances(stmt: ET.Element, part: StatementPart, context: CamtContext) -> None:
    """Fill the opening or closing a report does not state from its ``ITBD`` balances.

    A side the report states a booked balance for (``OPBD``/``PRCD``, ``CLBD``) keeps
    it, even one whose amount could not be read. Needs the report's lines: an ``ITBD``
    is placed by its date against the entries'.
    """
    balances = stmt.findall("Bal")
    codes = {_balance_code(balance) for balance in balances}
    wants_opening = not codes.intersection(_OPENING_CODES)
    wants_closing = _CLOSING_CODE not in codes
    if not (wants_opening or wants_closing) or _INTERIM_BOOKED not in codes:
        return
    interims = [
        interim
        for position, balance in enumerate(balances)
        if _balance_code(balance) == _INTERIM_BOOKED
        and (interim := _interim(balance, position, context)) is not None
    ]
    days = [line.date for line in part.lines]
    opening, closing = _interim_ends(interims, min(days, default=None), max(days, default=None))
    if wants_closing and closing is not None:
        part.closing = signed_amount(closing.balance, context)
        part.closing_row = context.document.line(closing.balance)
        part.end = part.end or closing.day
    if wants_opening and opening is not None:
        part.opening = signed_amount(opening.balance, context)
        part.opening_row = context.document.line(opening.balance)
        part.start = part.start or opening.day


def _interim(balance: ET.Element, position: int, context: CamtContext) -> _Interim | None:
    """The ``ITBD`` with its moment; None when it has no readable date to place it by."""
    holder = balance.find("Dt")
    day = entry_date(holder, context)
    if holder is None or day is None:
        return None
    time = _TIME.search(holder.findtext("DtTm") or "")
    return _Interim(balance, day, time.group(1) if time else "", position)


def _interim_ends(
    interims: list[_Interim], first: date | None, last: date | None
) -> tuple[_Interim | None, _Interim | None]:
    """The ``ITBD``s that open and close a report whose entries run from ``first`` to
    ``last`` (None when it has none).

    Taken in order of date, time and file order: the opening is the last one dated
    before the first entry, or, where none is, the first of several when it is not
    dated after the entries and they are all on one day (a morning balance on the
    entries' day); the closing is the last one, when it is not the opening and not dated
    before the last entry (the balance so far of an intraday report). One dated among
    the entries opens or closes nothing: which entries it already holds cannot be told.
    Over several days, the first day's is such a one (its day's end, after its entries).
    """
    ordered = sorted(interims, key=lambda interim: (interim.day, interim.time, interim.position))
    if not ordered:
        return None, None
    before = [interim for interim in ordered if first is not None and interim.day < first]
    opening = before[-1] if before else None
    one_day = first is None or (first == last and ordered[0].day <= first)
    if opening is None and len(ordered) > 1 and one_day:
        opening = ordered[0]
    tail = ordered[-1]
    closing = tail if tail is not opening and (last is None or tail.day >= last) else None
    return opening, closing
