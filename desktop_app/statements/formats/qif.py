"""Quicken Interchange Format (QIF) bank, cash and card registers.

A record is a run of lines, each a one-letter code and a value (``D`` date, ``T``
amount, ``P`` payee, ``M`` memo, ``N`` number), ended by ``^``. Amounts are signed from
the account holder's side. QIF names no currency, so lines have none until the
accountant chooses one. Investment, category and memorised-transaction sections are not
bank movements and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop_app.domain import StatementLine
from desktop_app.statements.formats._assemble import StatementPart, assemble
from desktop_app.statements.formats._common import (
    base_name,
    check_size,
    clean,
    decode_text,
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

_REGISTERS = {"bank", "cash", "ccard", "oth a", "oth l"}
# The one-letter code opening each line, as it stands against its value's first word
# ('PООО «Ромашка»'): not a letter of that word where the code page is looked for.
_FIELD_CODES = re.compile(rb"(?:\A|(?<=[\r\n]))[ \t]*[A-Za-z]")
# Where each field of a line comes from, for the import wizard to say beside its column.
FIELDS = {
    "date": "the record's date (D)",
    "amount": "the record's amount (T, else U), signed from the account holder's side",
    "description": "the record's memo (M), else its payee (P)",
    "reference": "the record's number (N)",
    "counterparty": "the record's payee (P)",
}


@dataclass
class _Record:
    row: int
    section: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    last_row: int = 0  # the physical line of its last field

    def first(self, code: str) -> str:
        return next((value for key, value in self.fields if key == code), "")


def read_qif(data: bytes, source_name: str) -> ParsedStatement:
    """Read a QIF file; raises StatementImportError if it holds no register transactions."""
    source = base_name(source_name)
    check_size(data, source)
    decoded = decode_text(data, fields=_FIELD_CODES)
    text = decoded.text
    records = _records(text)
    transactions = [record for record in records if record.section in _REGISTERS]
    if not transactions:
        raise StatementImportError(
            f"{source}: not a QIF bank register: no !Type:Bank (or Cash, CCard) transactions"
        )
    warnings: list[RowWarning] = []
    order = decide_order(record.first("D") for record in transactions)
    if order.note:
        warnings.append(RowWarning(source, None, "D", order.note))
    account = next((r.first("N") for r in records if r.section == "account" and r.first("N")), None)
    part = StatementPart(account=clean(account) or None)
    for record in transactions:
        line = _line(record, order, source, warnings)
        if line is not None:
            part.add(line, record.last_row)
    return assemble(source, "qif", [part], warnings, decoded)


def _records(text: str) -> list[_Record]:
    records: list[_Record] = []
    section, current = "", None
    for number, physical in enumerate(split_lines(text), start=1):
        line = strip_controls(physical).strip()
        if line.startswith("!"):
            header = line[1:].lower()
            if header.startswith("type:"):
                section = header[5:].strip()
            elif header == "account":
                section = "account"
            current = None
        elif line.startswith("^"):
            current = None
        elif line:
            if current is None:
                current = _Record(number, section)
                records.append(current)
            current.fields.append((line[0].upper(), line[1:].strip()))
            current.lines.append(line)
            current.last_row = number
    return records


def _line(
    record: _Record, order: DateOrder, source: str, warnings: list[RowWarning]
) -> StatementLine | None:
    try:
        when, adjusted = parse_numeric_date(record.first("D"), order)
    except ValueError:
        warnings.append(
            RowWarning(source, record.row, "D", f"unreadable date {record.first('D')!r}: skipped")
        )
        return None
    if adjusted:
        warnings.append(
            RowWarning(
                source,
                record.row,
                "D",
                f"{record.first('D')!r} is not a calendar date; read as {when}",
            )
        )
    amount_text = record.first("T") or record.first("U")
    try:
        amount = parse_amount(amount_text, comma_is_decimal=False)
    except ValueError:
        warnings.append(
            RowWarning(source, record.row, "T", f"unreadable amount {amount_text!r}: skipped")
        )
        return None
    payee = clean(record.first("P"))
    return StatementLine(
        source_file=source,
        row=record.row,
        date=when,
        amount=amount,
        currency=None,
        description=clean(record.first("M")) or payee,
        reference=clean(record.first("N")),
        counterparty=payee,
        raw=tuple(record.lines),
    )
