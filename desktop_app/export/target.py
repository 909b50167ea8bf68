"""Where a report may be written: never over one of the files it was made from.

The report replaces whatever file its name points at. A slip (a bank statement chosen in
the save dialog, ``--statement jan.csv --out jan.csv``, or the workspace's name) would
replace the bank's file, or the workspace with every decision and its audit trail, by a
workbook, and the export would still succeed. The command line and the window both ask
``replaced_input`` before writing, and each says the refusal in its own words.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

REPORT_SUFFIX = ".xlsx"

_Label = TypeVar("_Label")


def replaced_input(out: Path, inputs: Iterable[tuple[_Label, Path]]) -> _Label | None:
    """The label of the first of ``inputs`` (each a label and its file) that ``out``
    names, so that writing the report would replace it; None when it names none."""
    for label, given in inputs:
        if same_file(out, given):
            return label
    return None


def same_file(first: Path, second: Path) -> bool:
    """The same file by its identity where both exist (links and other spellings alike),
    else by the absolute path each name resolves to (a workspace a run will create)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return first.resolve() == second.resolve()
