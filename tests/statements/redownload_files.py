"""One account's csv download of March and the bank's later download of it: newest first,
each text extended ("Kaffee" -> "Kaffee / Kartenzahlung"), one new booking, and the same
running balance after every booking both hold."""

from __future__ import annotations

from pathlib import Path

HEADER = "IBAN;DE89370400440532013000\n\nBuchungstag;Verwendungszweck;Betrag;Saldo\n"
FIRST = (
    "03.03.2025;Kunde A RE-1;500,00;10.500,00\n"
    "05.03.2025;Kaffee;-3,50;10.496,50\n"
    "05.03.2025;Kaffee;-3,50;10.493,00\n"
)
LATER = (
    "10.03.2025;Strom;-80,00;10.413,00\n"
    "05.03.2025;Kaffee / Kartenzahlung;-3,50;10.493,00\n"
    "05.03.2025;Kaffee / Kartenzahlung;-3,50;10.496,50\n"
    "03.03.2025;Kunde A RE-1 SEPA-Gutschrift;500,00;10.500,00\n"
)
# Which row of the later download repeats which of the first (rows count the preamble).
REPEATED = {
    "umsaetze-maerz-neu.csv:5": "umsaetze-maerz.csv:6",
    "umsaetze-maerz-neu.csv:6": "umsaetze-maerz.csv:5",
    "umsaetze-maerz-neu.csv:7": "umsaetze-maerz.csv:4",
}


def write_downloads(folder: Path) -> tuple[Path, Path]:
    """The first download and the later one, written to ``folder``."""
    first, later = folder / "umsaetze-maerz.csv", folder / "umsaetze-maerz-neu.csv"
    first.write_text(HEADER + FIRST, encoding="utf-8")
    later.write_text(HEADER + LATER, encoding="utf-8")
    return first, later
