"""QuickBooks IIF (Intuit Interchange Format) transaction exports, read as a ledger.

IIF is tab-separated: ``!TRNS``/``!SPL``/``!ENDTRNS`` rows name the columns of the
``TRNS`` (the transaction), ``SPL`` (its other postings) and ``ENDTRNS`` rows that
follow. Each ``TRNS`` row becomes one line with its own amount (QuickBooks signs debits
positive), name, document number and memo; the splits are kept in the raw text. List
sections (accounts, customers, items) are not transactions and are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.domain import StatementLine
from desktop_app.statements.formats._assemble import StatementPart, assemble
from desktop_app.statements.formats._common import (
    base_name,
    check_size,
    clean,
    decode_text,
    join_unique,
    parse_amount,
    split_lines,
    strip_controls,
)
from desktop_app.statements.formats._numeric_dates import (
    DateOrder,
    decide_order,
    parse_numeric_date,
)
from desktop_app.statements.model import ParsedStatement, RowWarning, StatementImportError

# Where each field of a line comes from, for the import wizard to say beside its column.
FIELDS = {
    "date": "the TRNS row's DATE",
    "amount": "the TRNS row's AMOUNT (debits positive, as QuickBooks signs them)",
    "description": "the TRNS row's MEMO and TRNSTYPE",
    "reference": "the TRNS row's DOCNUM",
    "counterparty": "the TRNS row's NAME",
}


@dataclass
class _Transaction:
    row: int
    values: dict[str, str]
    lines: list[str] = field(default_factory=list)
    last_row: int = 0  # the physical line of its last row (SPL, ENDTRNS)


def read_iif(data: bytes, source_name: str) -> ParsedStatement:
    """Read an IIF file; raises StatementImportError if it holds no TRNS rows."""
    source = base_name(source_name)
    check_size(data, source)
    decoded = decode_text(data)
    text = decoded.text
    transactions = _transactions(text)
    if not transactions:
        raise StatementImportError(
            f"{source}: not an IIF transaction export: no !TRNS header with TRNS rows"
        )
    warnings: list[RowWarning] = []
    order = decide_order(t.values.get("DATE", "") for t in transactions)
    if order.note:
        warnings.append(RowWarning(source, None, "DATE", order.note))
    accounts = {clean(t.values.get("ACCNT")) for t in transactions} - {""}
    part = StatementPart(account=accounts.pop() if len(accounts) == 1 else None)
    for transaction in transactions:
        line = _line(transaction, order, source, warnings)
        if line is not None:
            part.add(line, transaction.last_row)
    return assemble(source, "iif", [part], warnings, decoded)


def _transactions(text: str) -> list[_Transaction]:
    headers: dict[str, list[str]] = {}
    transactions: list[_Transaction] = []
    current: _Transaction | None = None
    for number, physical in enumerate(split_lines(text), start=1):
        line = strip_controls(physical)
        cells = [cell.strip().strip('"') for cell in line.split("\t")]
        kind = cells[0].upper()
        if kind.startswith("!"):
            headers[kind[1:]] = [cell.upper() for cell in cells]
        elif kind == "TRNS" and "TRNS" in headers:
            current = _Transaction(
                number, dict(zip(headers["TRNS"][1:], cells[1:], strict=False)), [line]
            )
            transactions.append(current)
        elif kind in {"SPL", "ENDTRNS"} and current is not None:
            current.lines.append(line)
            current.last_row = number
            current = None if kind == "ENDTRNS" else current
    return transactions


def _line(
    transaction: _Transaction, order: DateOrder, source: str, warnings: list[RowWarning]
) -> StatementLine | None:
    values, row = transaction.values, transaction.row
    date_text, amount_text = values.get("DATE", ""), values.get("AMOUNT", "")
    try:
        when, _ = parse_numeric_date(date_text, order)
    except ValueError:
        warnings.append(RowWarning(source, row, "DATE", f"unreadable date {date_text!r}: skipped"))
        return None
    try:
        amount = parse_amount(amount_text, comma_is_decimal=False)
    except ValueError:
        warnings.append(
            RowWarning(source, row, "AMOUNT", f"unreadable amount {amount_text!r}: skipped")
        )
        return None
    return StatementLine(
        source_file=source,
        row=row,
        date=when,
        amount=amount,
        currency=None,
        description=join_unique([values.get("MEMO", ""), values.get("TRNSTYPE", "")], " "),
        reference=clean(values.get("DOCNUM")),
        counterparty=clean(values.get("NAME")),
        raw=tuple(transaction.lines),
    )
