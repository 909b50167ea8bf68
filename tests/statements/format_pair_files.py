"""One account's statements in two bank formats, MT940 and CAMT.053, built here: the same
bookings worded as each format words them, for the overlap of two downloads.

MT940 writes a booking's text in its ``:86:`` field and its bank's reference after ``//``
in the ``:61:`` line; CAMT writes the remittance text (``Ustrd``), the other party's name
and the bank's reference (``AcctSvcrRef``) in elements of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import DiscrepancyType, Reconciliation, StatementLine
from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace, file_sha256
from tests.matching.builders import invoice

ACCOUNT = "GB29NWBK60161331926819"
OTHER_ACCOUNT = "GB82WEST12345698765432"
OPENING = Decimal("1000.00")


@dataclass(frozen=True)
class Booked:
    """One booking: its day, signed amount (GBP), and its words in each format."""

    day: date
    amount: str
    mt940_text: str
    camt_text: str
    party: str = ""  # the other party's name, which only CAMT gives
    bank_reference: str = ""  # MT940's ``//`` reference, CAMT's AcctSvcrRef
    camt_value_date: bool = False  # CAMT states the value date (MT940 always does)


def _mt940_amount(amount: Decimal) -> str:
    return f"{abs(amount):.2f}".replace(".", ",")


def _mt940_balance(tag: str, day: date, amount: Decimal) -> str:
    mark = "C" if amount >= 0 else "D"
    return f":{tag}:{mark}{day:%y%m%d}GBP{_mt940_amount(amount)}"


def mt940(bookings: Sequence[Booked], *, account: str = ACCOUNT, opening: Decimal = OPENING) -> str:
    """One MT940 statement of ``account`` holding ``bookings``; its first ``:61:`` line
    is line 5, each booking two lines."""
    closing = opening + sum((Decimal(each.amount) for each in bookings), Decimal(0))
    lines = [":20:STARTUMSE", f":25:{account}", ":28C:00001/001"]
    lines.append(_mt940_balance("60F", bookings[0].day, opening))
    for each in bookings:
        amount = Decimal(each.amount)
        mark = "C" if amount >= 0 else "D"
        reference = f"NONREF//{each.bank_reference}" if each.bank_reference else "NONREF"
        lines.append(
            f":61:{each.day:%y%m%d}{each.day:%m%d}{mark}{_mt940_amount(amount)}NTRF{reference}"
        )
        lines.append(f":86:{each.mt940_text}")
    lines.append(_mt940_balance("62F", bookings[-1].day, closing))
    return "\n".join([*lines, "-", ""])


def _camt_balance(code: str, day: date, amount: Decimal) -> str:
    mark = "CRDT" if amount >= 0 else "DBIT"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="GBP">{abs(amount):.2f}</Amt><CdtDbtInd>{mark}</CdtDbtInd>'
        f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
    )


def _camt_entry(each: Booked) -> str:
    amount = Decimal(each.amount)
    mark = "CRDT" if amount >= 0 else "DBIT"
    role = "Dbtr" if amount >= 0 else "Cdtr"
    value = f"<ValDt><Dt>{each.day.isoformat()}</Dt></ValDt>" if each.camt_value_date else ""
    reference = f"<AcctSvcrRef>{each.bank_reference}</AcctSvcrRef>" if each.bank_reference else ""
    party = f"<RltdPties><{role}><Nm>{each.party}</Nm></{role}></RltdPties>" if each.party else ""
    return (
        f'<Ntry><Amt Ccy="GBP">{abs(amount):.2f}</Amt><CdtDbtInd>{mark}</CdtDbtInd>'
        f"<Sts>BOOK</Sts><BookgDt><Dt>{each.day.isoformat()}</Dt></BookgDt>{value}{reference}"
        f"<NtryDtls><TxDtls><RmtInf><Ustrd>{each.camt_text}</Ustrd></RmtInf>{party}"
        "</TxDtls></NtryDtls></Ntry>"
    )


def camt(bookings: Sequence[Booked], *, account: str = ACCOUNT, opening: Decimal = OPENING) -> str:
    """One CAMT.053 statement of ``account`` holding ``bookings``, one entry a line."""
    closing = opening + sum((Decimal(each.amount) for each in bookings), Decimal(0))
    entries = "\n".join(_camt_entry(each) for each in bookings)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2025-10-31T10:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>S1</Id>
<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>GBP</Ccy></Acct>
{_camt_balance("OPBD", bookings[0].day, opening)}
{_camt_balance("CLBD", bookings[-1].day, closing)}
{entries}
</Stmt>
</BkToCstmrStmt>
</Document>
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def day(number: int) -> date:
    return date(2025, 10, number)


# A card payment, two equal coffees (two real payments, in both files), an invoice paid
# (with the bank's reference in both), and two standing orders of one amount told apart
# only by their references, which the two formats list in other orders.
INVOICE_PAID = Booked(
    day(5), "381.86", "EL-2025-00170 VERSORI", "EL-2025-00170", "Versori Ltd", "B251005A", True
)
OVERLAP = [
    Booked(day(3), "-23.10", "CARD PAYMENT TESCO STORES 2931", "TESCO STORES 2931", "Tesco Ltd"),
    Booked(day(4), "-4.50", "CARD PAYMENT PRET A MANGER", "PRET A MANGER LONDON", "Pret Ltd"),
    Booked(day(4), "-4.50", "CARD PAYMENT PRET A MANGER", "PRET A MANGER LONDON", "Pret Ltd"),
    Booked(day(4), "-60.00", "STO GARAGE RENT", "Garage rent", "Lock-ups Ltd", "B251004X"),
    Booked(day(4), "-60.00", "STO STORAGE UNIT", "Storage unit", "Lock-ups Ltd", "B251004Y"),
    INVOICE_PAID,
]
BEFORE = [Booked(day(1), "955.43", "EL-2025-00165 CUSTOMER 1024", "EL-2025-00165", "Cust Ltd")]
AFTER = [Booked(day(7), "120.00", "EL-2025-00171 ACME", "EL-2025-00171", "Acme Ltd")]
# The MT940 download covers 1 to 5 October, the CAMT one 3 to 7 October.
MT940_BOOKINGS = [*BEFORE, *OVERLAP]
CAMT_BOOKINGS = [*OVERLAP[:3], OVERLAP[4], OVERLAP[3], OVERLAP[5], *AFTER]


def write_pair(folder: Path, *, camt_account: str = ACCOUNT) -> tuple[Path, Path]:
    """The MT940 download (``oct-a.sta``) and the CAMT one (``oct-b.xml``), overlapping on
    3 to 5 October; the CAMT file of ``camt_account``."""
    first = write(folder / "oct-a.sta", mt940(MT940_BOOKINGS))
    # The CAMT download opens where the MT940 one stood before 3 October.
    opening = OPENING + sum((Decimal(each.amount) for each in BEFORE), Decimal(0))
    second = write(folder / "oct-b.xml", camt(CAMT_BOOKINGS, account=camt_account, opening=opening))
    return first, second


# The MT940 file's lines (its first :61: on line 5, two lines a booking) and the CAMT
# file's (one entry a line from line 10), as ``write_pair`` writes them.
MT940_LINES = ["oct-a.sta:5", "oct-a.sta:7", "oct-a.sta:9", "oct-a.sta:11", "oct-a.sta:13",
               "oct-a.sta:15", "oct-a.sta:17"]  # fmt: skip
CAMT_LINES = [f"oct-b.xml:{row}" for row in range(10, 17)]
# Each CAMT line of the overlap and the MT940 line of its booking: the card payment, the
# two coffees in order, the standing orders by their bank references (listed the other
# way round), and the invoice paid.
SAME_BOOKINGS = {
    "oct-b.xml:10": "oct-a.sta:7",
    "oct-b.xml:11": "oct-a.sta:9",
    "oct-b.xml:12": "oct-a.sta:11",
    "oct-b.xml:13": "oct-a.sta:15",
    "oct-b.xml:14": "oct-a.sta:13",
    "oct-b.xml:15": "oct-a.sta:17",
}
# The invoices the downloads pay: one before the overlap, one in it, one after it.
INVOICES = (
    invoice("EL-2025-00165", "955.43", payee="Cust Ltd"),
    invoice("EL-2025-00170", "381.86", payee="Versori Ltd"),
    invoice("EL-2025-00171", "120.00", payee="Acme Ltd"),
)


def keys(lines: Sequence[StatementLine]) -> list[str]:
    return [str(line.key) for line in lines]


def store(workspace: Workspace, paths: Sequence[Path]) -> dict[str, str]:
    """Import the files into ``workspace`` in order, as ``reconcile --workspace`` stores
    them; what the last one's lines repeat."""
    repeated: dict[str, str] = {}
    for path in paths:
        imported = import_statement(path)
        outcome = workspace.add_statement(
            path.name,
            file_sha256(path),
            {"format": imported.format},
            imported.lines,
            account=imported.account,
            line_accounts=imported.line_accounts,
            balances=(imported.opening_balance, imported.closing_balance),
            currency=imported.currency,
        )
        repeated = {str(key): str(same) for key, same in outcome.duplicates.items()}
    return repeated


def duplicate_payments(result: Reconciliation) -> list[str]:
    """The invoices matching reported as paid more than once."""
    return [
        ", ".join(each.number for each in discrepancy.invoices)
        for discrepancy in result.discrepancies
        if discrepancy.type is DiscrepancyType.DUPLICATE_PAYMENT
    ]
