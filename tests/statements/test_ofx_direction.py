"""An OFX transaction whose TRNTYPE names a direction its TRNAMT's sign contradicts is kept
as signed, and said, naming the transaction."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement

_CARD = """<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>0</TRNUID>
<CCSTMTRS><CURDEF>USD</CURDEF><CCACCTFROM><ACCTID>4111</ACCTID></CCACCTFROM>
<BANKTRANLIST><DTSTART>20251101</DTSTART><DTEND>20251130</DTEND>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20251102</DTPOSTED><TRNAMT>45.00</TRNAMT><FITID>C1</FITID><NAME>Shop</NAME></STMTTRN>
<STMTTRN><TRNTYPE>PAYMENT</TRNTYPE><DTPOSTED>20251120</DTPOSTED><TRNAMT>200.00</TRNAMT><FITID>C2</FITID><NAME>Thank you</NAME></STMTTRN>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20251121</DTPOSTED><TRNAMT>10.00</TRNAMT><FITID>C3</FITID><NAME>Refund</NAME></STMTTRN>
<STMTTRN><TRNTYPE>FEE</TRNTYPE><DTPOSTED>20251122</DTPOSTED><TRNAMT>-2.50</TRNAMT><FITID>C4</FITID><NAME>Fee</NAME></STMTTRN>
<STMTTRN><TRNTYPE>DEP</TRNTYPE><DTPOSTED>20251123</DTPOSTED><TRNAMT>-7.00</TRNAMT><FITID>C5</FITID><NAME>Odd</NAME></STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>-100.00</BALAMT><DTASOF>20251130</DTASOF></LEDGERBAL>
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
"""


def test_a_sign_against_the_transaction_type_is_kept_and_said(tmp_path: Path) -> None:
    path = tmp_path / "card.qfx"
    path.write_text(_CARD, encoding="utf-8")
    result = import_statement(path)
    assert [line.amount for line in result.lines] == [
        Decimal("45.00"),
        Decimal("200.00"),
        Decimal("10.00"),
        Decimal("-2.50"),
        Decimal("-7.00"),
    ]
    # PAYMENT goes either way (a card's payment is money in): nothing said of it.
    then = (
        "kept as the file signs it (OFX puts the sign in TRNAMT): check it against the "
        "statement, and if the balance does not add up, this sign may be why"
    )
    debit = "card.qfx row 6 column TRNAMT: TRNTYPE DEBIT is a debit but TRNAMT 45.00 is "
    deposit = "card.qfx row 10 column TRNAMT: TRNTYPE DEP is a credit but TRNAMT -7.00 is "
    assert [str(warning) for warning in result.warnings] == [
        f"{debit}positive (FITID C1); {then}",
        f"{deposit}negative (FITID C5); {then}",
    ]
