"""Where ``reconcile --out`` may write: never over one of the run's own inputs.

The report replaces whatever file its name points at. A slip of the keyboard
(``--statement jan.csv --out jan.csv``, or the workspace's name) would replace the bank
statement, or the workspace with every decision and its audit trail, by a workbook, and
the run would still succeed. Such names are refused before anything is fetched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from desktop_app.cli.errors import EXIT_USAGE, CliError

REPORT_SUFFIX = ".xlsx"


def check_report_target(out: Path, inputs: Iterable[tuple[str, Path]]) -> None:
    """Refuse ``out`` when it names one of ``inputs`` (each with the option that gave it),
    or is not an ``.xlsx`` name: a workbook under another name does not open from the
    file manager, and ``--out report.csv`` reads as a request for a csv we do not write."""
    if out.suffix.lower() != REPORT_SUFFIX:
        raise CliError(
            f"--out {out}: the report is an Excel workbook; give a name ending in {REPORT_SUFFIX}",
            EXIT_USAGE,
        )
    for option, given in inputs:
        if _same_file(out, given):
            raise CliError(
                f"--out {out} is the file given to {option}: the report would replace it; "
                "give the report another name",
                EXIT_USAGE,
            )


def _same_file(first: Path, second: Path) -> bool:
    """The same file by its identity where both exist (links and other spellings alike),
    else by the absolute path each name resolves to (a workspace this run will create)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return first.resolve() == second.resolve()
