"""Two monthly downloads of one account that overlap by one movement, with a balance column:
January's last movement opens February's file again."""

from __future__ import annotations

from pathlib import Path

ACCOUNT = "GB29NWBK60161331926819"
JANUARY = f"""Account,{ACCOUNT}

Date,Description,Amount,Currency,Balance
2025-01-03,Coffee,-3.50,GBP,996.50
2025-01-05,Rent,-800.00,GBP,196.50
2025-01-09,Refund,25.00,GBP,221.50
"""
FEBRUARY = f"""Account,{ACCOUNT}

Date,Description,Amount,Currency,Balance
2025-01-09,Refund,25.00,GBP,221.50
2025-02-01,Salary,2000.00,GBP,2221.50
2025-02-03,Tea,-3.00,GBP,2218.50
"""
# Opening, matched, unmatched, computed closing, closing, difference, ties: nothing matched.
JANUARY_BRIDGE = (1000, 0, -778.5, 221.5, 221.5, 0, "yes")
FEBRUARY_BRIDGE = (196.5, 0, 2022, 2218.5, 2218.5, 0, "yes")
BRIDGE_TITLE = "Balance bridge (opening + matched + unmatched movements = closing)"


def write_overlapping(folder: Path) -> tuple[Path, Path]:
    january, february = folder / "jan.csv", folder / "feb.csv"
    january.write_text(JANUARY, encoding="utf-8")
    february.write_text(FEBRUARY, encoding="utf-8")
    return january, february
