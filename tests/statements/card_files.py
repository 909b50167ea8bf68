"""A card export whose every day is 12 or less, so nothing in it settles the date order:
the file an accountant corrects (month-first) and saves a profile for."""

from __future__ import annotations

from pathlib import Path


def card_file(folder: Path, month: int) -> Path:
    """The export of ``month`` 2024: a rent and a fee on days 2 and 3."""
    path = folder / f"card-2024-{month:02d}.csv"
    path.write_text(
        f"Date,Description,Amount\n02/{month:02d}/2024,Rent,-800.00\n"
        f"03/{month:02d}/2024,Fee,-4.50\n"
    )
    return path
