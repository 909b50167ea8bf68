"""OFX and QFX bank and credit-card statements (SGML 1.x and XML 2.x).

Dates are read as the bank wrote them (``20240323000000[-3:GMT]`` is 23 March 2024): the
time-zone suffix is not applied, because converting to UTC would move evening bookings to
the next day and away from the date on the customer's statement. ``TRNAMT`` is already
signed from the account holder's side; a decimal comma is accepted (the OFX spec allows
it). ``FITID`` is the bank's unique transaction id and is kept as the first reference.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from desktop_app.domain import StatementLine
from desktop_app.statements.formats._assemble import (
    ReadCurrency,
    StatementPart,
    assemble,
    read_currency,
)
from desktop_app.statements.formats._common import (
    Declared,
    LineIndex,
    base_name,
    calendar_date,
    check_size,
    clean,
    decode_text,
    join_unique,
    parse_amount,
)
from desktop_app.statements.formats.ofx_markup import OfxElement, parse_markup
from desktop_app.statements.model import ParsedStatement, RowWarning, StatementImportError

_OFX_START = re.compile(r"<\s*OFX\s*>", re.IGNORECASE)
_SGML_HEADER = re.compile(r"^\s*(ENCODING|CHARSET)\s*:\s*(\S*)", re.MULTILINE | re.IGNORECASE)
_XML_ENCODING = re.compile(r"<\?xml[^>]*encoding\s*=\s*[\"']([\w.-]+)", re.IGNORECASE)
_OFX_DATE = re.compile(r"\s*([0-9]{4})([0-9]{2})([0-9]{2})")
_STATEMENTS = ("STMTRS", "CCSTMTRS")
# The transaction types whose direction the OFX specification states in their names:
# the others (XFER, POS, ATM, INT, PAYMENT and the like) go either way, a card's PAYMENT
# being money in.
_DIRECTIONS = {
    **dict.fromkeys(("CREDIT", "DEP", "DIRECTDEP"), "credit"),
    **dict.fromkeys(("DEBIT", "DIRECTDEBIT", "FEE", "SRVCHG", "CASH"), "debit"),
}
# Where each field of a line comes from, for the import wizard to say beside its column.
FIELDS = {
    "date": "the transaction's DTPOSTED, else DTUSER",
    "value_date": "the transaction's DTAVAIL",
    "amount": "the transaction's TRNAMT, signed by the bank",
    "currency": "the transaction's CURRENCY, else the statement's CURDEF",
    "description": "the transaction's MEMO, else its NAME",
    "reference": "the transaction's FITID, REFNUM and CHECKNUM",
    "counterparty": "the transaction's NAME",
}


def read_ofx(data: bytes, source_name: str) -> ParsedStatement:
    """Read an OFX/QFX file; raises StatementImportError if it holds no bank statement."""
    source = base_name(source_name)
    check_size(data, source)
    decoded = decode_text(data, _declared_encoding(data))
    text = decoded.text
    start = _OFX_START.search(text)
    if start is None:
        raise StatementImportError(f"{source}: not an OFX file: it has no <OFX> element")
    index = LineIndex(text)
    root = parse_markup(text, start.start(), index)
    _refuse_if_cut_off(root, source, text, index)
    statements = [el for el in root.iter() if el.name in _STATEMENTS]
    if not statements:
        raise StatementImportError(f"{source}: {_why_no_statement(root)}")
    warnings: list[RowWarning] = []
    parts = [_read_statement(el, source, warnings) for el in statements]
    return assemble(source, "ofx", parts, warnings, decoded)


def _declared_encoding(data: bytes) -> Declared | None:
    """The code page named by the XML declaration or the SGML header's CHARSET, with
    where (None for UTF-8, and where none is named: ``CHARSET:NONE``)."""
    head = data[:4096].decode("latin-1")
    xml = _XML_ENCODING.search(head)
    if xml:
        return Declared(xml.group(1), "its XML declaration", xml.group(1))
    fields = {key.upper(): value.upper() for key, value in _SGML_HEADER.findall(head)}
    if "UTF" in fields.get("ENCODING", "") or "UNICODE" in fields.get("ENCODING", ""):
        return None
    charset = fields.get("CHARSET", "")
    where = f"its OFX header (CHARSET:{charset})"
    if charset in {"8859-1", "ISO-8859-1"}:
        return Declared("latin-1", where, charset)
    if charset.isascii() and charset.isdigit():
        return Declared(f"cp{charset}", where, charset)
    return None


def _refuse_if_cut_off(root: OfxElement, source: str, text: str, index: LineIndex) -> None:
    """Refuse a file that stops before its </OFX>, as an interrupted download does.

    What was read of it looks complete: the transaction cut mid-value keeps a cut amount
    (888.99 read as 88), the later transactions and the closing balance are simply absent.
    Importing it would give the accountant a wrong statement without a word, so nothing
    is. Only </OFX> decides: SGML leaves are never closed, and real banks leave
    <STMTTRN> or <BANKTRANLIST> open too, but every real export we have closes <OFX>.
    """
    if all(element.closed for element in root.iter() if element.name == "OFX"):
        return
    last_line = index.line_of(len(text.rstrip()))  # only a refusal says where the file stops
    raise StatementImportError(
        f"{source}: the file looks cut off: it stops at line {last_line} without the </OFX> "
        "that ends a complete OFX file, so what came after is missing; nothing was imported "
        "from it: download it again from the bank"
    )


def _why_no_statement(root: OfxElement) -> str:
    if root.find("OFX") is None:
        return "not an OFX file: the <OFX> element is empty or unreadable"
    status = next(
        (el for el in root.iter() if el.name == "STATUS" and el.value("CODE") not in ("", "0")),
        None,
    )
    if status is not None:
        message = status.value("MESSAGE") or "no message"
        return f"the bank reported error {status.value('CODE')} ({message}) instead of a statement"
    others = sorted({el.name for el in root.iter() if el.name.endswith("STMTRS")})
    found = f" (it holds {', '.join(others)})" if others else ""
    return f"the OFX file holds no bank or credit-card statement{found}"


def _read_statement(stmt: OfxElement, source: str, warnings: list[RowWarning]) -> StatementPart:
    currency_element = stmt.find("CURDEF")
    currency = read_currency(
        stmt.value("CURDEF"),
        source,
        currency_element.line if currency_element is not None else stmt.line,
        "CURDEF",
        warnings,
        lines_of="the statement's lines are",
    )
    tranlist = stmt.find("BANKTRANLIST")
    part = StatementPart(account=clean(stmt.value("ACCTID")) or None, currency=currency.code)
    if tranlist is not None:
        part.start = _date(tranlist.find("DTSTART"), source, warnings)
        part.end = _date(tranlist.find("DTEND"), source, warnings)
        part.stated_start, part.stated_end = part.start, part.end
    for balance_name in ("LEDGERBAL", "AVAILBAL"):
        balance = stmt.find(balance_name)
        if balance is not None and balance.value("BALAMT"):
            part.closing = _balance(balance, source, warnings)
            part.closing_row = balance.line
            break
    for transaction in stmt.find_all("STMTTRN"):
        line = _read_transaction(transaction, currency, source, warnings)
        if line is not None:
            part.add(
                line, max(element.line for element in (transaction, *transaction.own_descendants()))
            )
    return part


def _balance(balance: OfxElement, source: str, warnings: list[RowWarning]) -> Decimal | None:
    try:
        return parse_amount(balance.value("BALAMT"))
    except ValueError:
        warnings.append(
            RowWarning(
                source,
                balance.line,
                balance.name,
                f"unreadable balance {balance.value('BALAMT')!r}",
                stated_balance=True,
            )
        )
        return None


def _read_transaction(
    trn: OfxElement, currency: ReadCurrency, source: str, warnings: list[RowWarning]
) -> StatementLine | None:
    """The transaction's line, in its own CURRENCY's CURSYM where it states one, else in
    the statement's ``currency``; marked where that currency is unreadable."""
    fields = trn.first_of_each()

    def text(name: str) -> str:
        return fields[name].text if name in fields else ""

    posted = _date(fields.get("DTPOSTED"), source, warnings) or _date(
        fields.get("DTUSER"), source, warnings
    )
    # The row alone does not name a record when a whole file is written on one line.
    fitid = f" (FITID {text('FITID')})" if text("FITID") else ""
    if posted is None:
        message = f"transaction without a readable date{fitid}: skipped"
        warnings.append(RowWarning(source, trn.line, "DTPOSTED", message))
        return None
    try:
        amount = parse_amount(text("TRNAMT"))
    except ValueError:
        message = f"unreadable amount {text('TRNAMT')!r}{fitid}: transaction skipped"
        warnings.append(RowWarning(source, trn.line, "TRNAMT", message))
        return None
    said = _direction_contradicted(text("TRNTYPE"), amount, fitid)
    if said is not None:
        warnings.append(RowWarning(source, trn.line, "TRNAMT", said))
    cursym = fields["CURRENCY"].find("CURSYM") if "CURRENCY" in fields else None
    if cursym is not None and cursym.text:
        currency = read_currency(cursym.text, source, cursym.line, "CURSYM", warnings)
    name = clean(text("NAME"))
    return StatementLine(
        source_file=source,
        row=trn.line,
        date=posted,
        amount=amount,
        currency=currency.code,
        currency_cell=currency.unread,
        description=clean(text("MEMO")) or name,
        reference=join_unique([text("FITID"), text("REFNUM"), text("CHECKNUM")]),
        counterparty=name,
        value_date=_date(fields.get("DTAVAIL"), source, warnings),
        raw=trn.pieces(),
    )


def _direction_contradicted(kind: str, amount: Decimal, fitid: str) -> str | None:
    """Why a transaction whose TRNTYPE names a direction its TRNAMT's sign contradicts is
    worth a look, or None. The amount is kept as signed: the OFX specification puts the
    sign in TRNAMT, and TRNTYPE is often coarse; but a DEBIT of +45.00 is either a refund
    typed oddly or a sign the bank dropped, which only the accountant can tell."""
    kind = clean(kind).upper()
    direction = _DIRECTIONS.get(kind)
    if direction is None or amount == 0 or (amount > 0) == (direction == "credit"):
        return None
    sign = "positive" if amount > 0 else "negative"
    return (
        f"TRNTYPE {kind} is a {direction} but TRNAMT {amount} is {sign}{fitid}; kept as the "
        "file signs it (OFX puts the sign in TRNAMT): check it against the statement, and "
        "if the balance does not add up, this sign may be why"
    )


def _date(element: OfxElement | None, source: str, warnings: list[RowWarning]) -> date | None:
    """The calendar date an OFX datetime starts with; a warning when it is not one."""
    if element is None or not element.text:
        return None
    match = _OFX_DATE.match(element.text)
    try:
        if match is None:
            raise ValueError(element.text)
        result, adjusted = calendar_date(*(int(part) for part in match.groups()))
    except ValueError:
        warnings.append(
            RowWarning(source, element.line, element.name, f"unreadable date {element.text!r}")
        )
        return None
    if adjusted:
        message = f"{element.text!r} is not a calendar date; read as {result.isoformat()}"
        warnings.append(RowWarning(source, element.line, element.name, message))
    return result
