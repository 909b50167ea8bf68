"""Nationwide's two export kinds of one account, which name the account differently:
the statement export by its nickname and masked number, the midata export by the masked
number alone (as ``csv/uk-nationwide-*.csv`` in the shared corpus)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def nationwide_statement(path: Path, account: str, rows: Sequence[tuple[str, str, str]]) -> Path:
    """Nationwide's statement export: the account's nickname and masked number above the
    table, unsigned Paid out / Paid in (rows: day, description, signed amount)."""
    lines = [
        f'"Account Name:","{account}"',
        '"Account Balance:","£100.00"',
        '"Available Balance: ","£100.00"',
        "",
        '"Date","Transaction type","Description","Paid out","Paid in","Balance"',
    ]
    for day, text, amount in rows:
        out, paid_in = ("£" + amount[1:], "") if amount.startswith("-") else ("", "£" + amount)
        lines.append(f'"{day} Jun 2025","Payment","{text}","{out}","{paid_in}","£100.00"')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))
    return path


def nationwide_midata(path: Path, account: str, rows: Sequence[tuple[str, str, str]]) -> Path:
    """Nationwide's midata export of the same account: only the masked number above the
    table, one signed column with the sign before the pound sign."""
    lines = [
        f'"Account Number:","{account}"',
        "",
        '"Date","Type","Merchant/Description","Debit/Credit","Balance"',
    ]
    for day, text, amount in rows:
        signed = f"-£{amount[1:]}" if amount.startswith("-") else f"+£{amount}"
        lines.append(f'"{day}/06/2025","Payment","{text}","{signed}","£100.00"')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))
    return path


JUNE = [
    ("13", "ABC WATER BILL", "-30.00"),
    ("13", "ACCOUNT FEE", "-5.00"),
    ("24", "ABC GARAGE", "-30.00"),
    ("25", "ABC SUPERMARKET", "10.00"),
    ("28", "ACCOUNT FEE", "-5.00"),
]
