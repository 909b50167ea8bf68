"""A saved profile that names a sheet reads that sheet of next month's workbook.

A workbook with a tab per account ("Current", "Savings") holds transactions on both, with
one header; detection reads the first. An accountant who chose "Savings" and saved a
profile found next month's workbook read on "Current" again: the profile, found by the
header both sheets share, was applied to whichever sheet detection ranked first. A
mapping that names only a sheet (the wizard's choice of one) still lets a saved profile
of that sheet's header apply.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.statements import Mapping, import_statement
from desktop_app.statements.profiles import JsonProfileStore, profile_from_layout

_HEADER = ["Date", "Description", "Amount"]


def _accounts(write_xlsx: Callable[..., Path], month: int) -> Path:
    return write_xlsx(
        {
            "Current": [
                _HEADER,
                [f"2025-{month:02d}-01", "rent", -800],
                [f"2025-{month:02d}-02", "coffee", -4.5],
                [f"2025-{month:02d}-03", "salary", 2500],
            ],
            "Savings": [
                _HEADER,
                [f"2025-{month:02d}-05", "interest", 3.25],
                [f"2025-{month:02d}-06", "transfer in", 500],
            ],
        },
        name=f"accounts-{month:02d}.xlsx",
    )


def test_a_profile_naming_a_sheet_reads_that_sheet_next_month(
    write_xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    october = import_statement(_accounts(write_xlsx, 10), mapping=Mapping(sheet="Savings"))
    assert october.layout is not None
    assert october.layout.sheet == "Savings"
    store.save(profile_from_layout("Acme savings", october.layout, Mapping(sheet="Savings")))

    november = import_statement(_accounts(write_xlsx, 11), profiles=store)

    assert november.layout is not None
    assert (november.layout.sheet, november.layout.profile) == ("Savings", "Acme savings")
    assert [str(line.amount) for line in november.lines] == ["3.25", "500"]
    assert november.sheets == ("Current", "Savings")


def test_a_mapping_naming_only_a_sheet_still_applies_a_saved_profile(
    write_xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    first = import_statement(_accounts(write_xlsx, 10))
    assert first.layout is not None
    store.save(profile_from_layout("Acme", first.layout, Mapping(invert_sign=True)))

    savings = import_statement(
        _accounts(write_xlsx, 11), mapping=Mapping(sheet="Savings"), profiles=store
    )

    assert savings.layout is not None
    assert (savings.layout.sheet, savings.layout.profile) == ("Savings", "Acme")
    assert [str(line.amount) for line in savings.lines] == ["-3.25", "-500"]
