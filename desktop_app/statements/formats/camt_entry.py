"""One CAMT ``<Ntry>`` (a booking on the account) as one statement line.

The entry is what hit the account: a batch (one debit for several payments) stays one
line with the entry's amount, and its transactions' references, remittance texts and
names are kept in the line's reference, description and counterparty so the matcher can
still find each invoice. ``CdtDbtInd`` gives the sign (DBIT is money out), also for
reversals (``RvslInd``), which ISO 20022 books in the direction they move the money.
Entries still pending (``PDNG``) or for information only (``INFO``) are not bookings and
are skipped with a warning.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop_app.domain import StatementLine
from desktop_app.statements.formats._assemble import ReadCurrency, read_currency
from desktop_app.statements.formats._common import calendar_date, clean, join_unique
from desktop_app.statements.formats._xml import XmlDocument
from desktop_app.statements.model import RowWarning

_ISO_DATE = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NOT_BOOKED = {"PDNG": "pending", "INFO": "for information only", "FUTR": "a future booking"}
# Where each field of a line comes from, for the import wizard to say beside its column.
FIELDS = {
    "date": "the entry's booking date (BookgDt), else its value date (ValDt)",
    "value_date": "the entry's value date (ValDt)",
    "amount": "the entry's amount (Amt), negative when its mark (CdtDbtInd) is DBIT",
    "currency": "the amount's currency (Amt Ccy), else the account's (Acct/Ccy)",
    "description": (
        "the remittance text (RmtInf/Ustrd), else the transaction's or the entry's "
        "additional information (AddtlTxInf, AddtlNtryInf)"
    ),
    "reference": (
        "the creditor's reference (CdtrRefInf/Ref), the end-to-end id (EndToEndId) and "
        "the bank's reference (AcctSvcrRef)"
    ),
    "counterparty": "the creditor's name (Cdtr) on money out, the debtor's (Dbtr) on money in",
}


@dataclass
class CamtContext:
    source: str
    document: XmlDocument
    currency: ReadCurrency
    warnings: list[RowWarning]

    def warn(self, element: ET.Element | None, column: str | None, message: str) -> None:
        self.warnings.append(RowWarning(self.source, self.document.line(element), column, message))


def read_entry(entry: ET.Element, context: CamtContext) -> StatementLine | None:
    row = context.document.line(entry) or 1
    status = _text(entry, "Sts/Cd") or _text(entry, "Sts")
    if status in _NOT_BOOKED:
        context.warn(
            entry, "Sts", f"entry is {_NOT_BOOKED[status]} ({status}), not booked: skipped"
        )
        return None
    amount = signed_amount(entry, context)
    booked = entry_date(entry.find("BookgDt"), context) or entry_date(entry.find("ValDt"), context)
    if amount is None or booked is None:
        missing = "amount or credit/debit mark" if amount is None else "booking date"
        context.warn(entry, None, f"entry without a readable {missing}: skipped")
        return None
    transactions = entry.findall("NtryDtls/TxDtls")
    stated = entry.find("Amt")
    code = stated.get("Ccy") if stated is not None else None
    currency = (
        read_currency(
            code, context.source, context.document.line(stated) or row, "Amt Ccy", context.warnings
        )
        if code
        else context.currency
    )
    return StatementLine(
        source_file=context.source,
        row=row,
        date=booked,
        amount=amount,
        currency=currency.code,
        currency_cell=currency.unread,
        description=_description(entry, transactions),
        reference=_reference(entry, transactions),
        counterparty=_counterparty(transactions, debit=amount < 0),
        value_date=entry_date(entry.find("ValDt"), context),
        raw=_pieces(entry),
    )


def signed_amount(element: ET.Element, context: CamtContext) -> Decimal | None:
    """``Amt`` signed by ``CdtDbtInd`` (DBIT negative); None (with a warning) if unreadable."""
    text, mark = _text(element, "Amt"), _text(element, "CdtDbtInd")
    try:
        value = Decimal(text)
    except InvalidOperation:
        context.warn(element, "Amt", f"unreadable amount {text!r}")
        return None
    if not value.is_finite() or mark not in {"CRDT", "DBIT"}:
        context.warn(element, "CdtDbtInd", f"amount {text!r} with credit/debit mark {mark!r}")
        return None
    return -value if mark == "DBIT" else value


def entry_date(holder: ET.Element | None, context: CamtContext) -> date | None:
    """The date of a ``<Dt>``/``<DtTm>`` holder as written (a time zone is not applied)."""
    if holder is None:
        return None
    text = _text(holder, "Dt") or _text(holder, "DtTm") or (holder.text or "").strip()
    return iso_date(text, holder, context)


def iso_date(text: str, element: ET.Element, context: CamtContext) -> date | None:
    match = _ISO_DATE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        result, adjusted = calendar_date(*(int(part) for part in match.groups()))
    except ValueError:
        if text:
            context.warn(element, element.tag, f"unreadable date {text!r}")
        return None
    if adjusted:
        context.warn(element, element.tag, f"{text!r} is not a calendar date; read as {result}")
    return result


def _description(entry: ET.Element, transactions: list[ET.Element]) -> str:
    """The payer's remittance text, else the bank's transaction or entry information.

    Several ``Ustrd`` of one transaction are one text cut into 140-character pieces; the
    texts of a batch's transactions are kept apart with " / ".
    """
    text = (
        join_unique((_joined(tx, "RmtInf/Ustrd") for tx in transactions), " / ")
        or join_unique((_joined(tx, "AddtlTxInf") for tx in transactions), " / ")
        or _joined(entry, "AddtlNtryInf")
    )
    count = max(len(transactions), _batch_size(entry))
    if count > 1:
        text = _prefixed(f"batch of {count} transactions", text)
    if _text(entry, "RvslInd").lower() in {"true", "1"}:
        text = _prefixed("reversal", text)
    return text


def _prefixed(prefix: str, text: str) -> str:
    return f"{prefix}: {text}" if text else prefix


def _joined(element: ET.Element, path: str) -> str:
    return clean(" ".join(found.text or "" for found in element.iterfind(path)))


def _reference(entry: ET.Element, transactions: list[ET.Element]) -> str:
    structured = [
        el.text or "" for tx in transactions for el in tx.iterfind("RmtInf/Strd/CdtrRefInf/Ref")
    ]
    end_to_end = [tx.findtext("Refs/EndToEndId") or "" for tx in transactions]
    return join_unique([*structured, *end_to_end, _text(entry, "AcctSvcrRef")])


def _counterparty(transactions: list[ET.Element], *, debit: bool) -> str:
    """The other party: whom we paid (creditor) on a debit, who paid us (debtor) on a credit."""
    party, ultimate = ("Cdtr", "UltmtCdtr") if debit else ("Dbtr", "UltmtDbtr")
    names = []
    for tx in transactions:
        holder = tx.find(f"RltdPties/{party}")
        if holder is None:
            holder = tx.find(f"RltdPties/{ultimate}")
        name = holder.find(".//Nm") if holder is not None else None
        if name is not None and name.text:
            names.append(name.text)
    return join_unique(names, ", ")


def _batch_size(entry: ET.Element) -> int:
    text = _text(entry, "NtryDtls/Btch/NbOfTxs")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


def _pieces(entry: ET.Element) -> tuple[str, ...]:
    """Every value of the entry as ``Path=value`` (attributes as ``Path@name=value``)."""
    pieces: list[str] = []
    pending: list[tuple[str, ET.Element]] = [(child.tag, child) for child in reversed(entry)]
    while pending:
        path, element = pending.pop()
        pieces.extend(f"{path}@{key}={value}" for key, value in element.attrib.items())
        text = (element.text or "").strip()
        if text:
            pieces.append(f"{path}={text}")
        pending.extend((f"{path}/{child.tag}", child) for child in reversed(element))
    return tuple(pieces)


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(path) or "").strip()
