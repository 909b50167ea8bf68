"""OFX 2 files holding one or several accounts' statements, for the tests that need them.

Rows: the first statement's movements are on lines 5, 6, ...; each further statement's
start two lines after the previous statement's last movement.
"""

from __future__ import annotations

from collections.abc import Sequence

Movement = tuple[str, str, str]  # posted (YYYYMMDD), amount, name

FEE: Movement = ("20240131", "-5.00", "Account fee")
SHOP: Movement = ("20240110", "-12.00", "Shop")
CAFE: Movement = ("20240111", "-3.00", "Cafe")
RENT: Movement = ("20240107", "-99.00", "Rent")


def ofx(statements: Sequence[tuple[str, Sequence[Movement]]], *, one_line: bool = False) -> str:
    """One statement per (account, movements); ``one_line`` writes the body on one line."""
    body = ""
    for account, movements in statements:
        transactions = "".join(
            f"<STMTTRN><TRNTYPE>{'DEBIT' if amount.startswith('-') else 'CREDIT'}</TRNTYPE>"
            f"<DTPOSTED>{posted}</DTPOSTED>"
            f"<TRNAMT>{amount}</TRNAMT><FITID>F{posted}</FITID><NAME>{name}</NAME>"
            "</STMTTRN>\n"
            for posted, amount, name in movements
        )
        body += (
            "<STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM>"
            f"<BANKID>1</BANKID><ACCTID>{account}</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE>"
            f"</BANKACCTFROM><BANKTRANLIST>\n{transactions}</BANKTRANLIST></STMTRS>"
            "</STMTTRNRS>\n"
        )
    if one_line:
        body = body.replace("\n", "")
    return (
        '<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="211"?>\n'
        f"<OFX><BANKMSGSRSV1>\n{body}</BANKMSGSRSV1></OFX>\n"
    )
