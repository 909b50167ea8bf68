"""Where ``reconcile --out`` may write: never over one of the run's own inputs.

The report replaces whatever file its name points at. A slip of the keyboard
(``--statement jan.csv --out jan.csv``, or the workspace's name) would replace the bank
statement, or the workspace with every decision and its audit trail, by a workbook, and
the run would still succeed. Such names are refused before anything is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desktop_app.cli.errors import EXIT_USAGE, CliError
from desktop_app.export.target import REPORT_SUFFIX, replaced_input


def check_report_target(out: Path, inputs: Iterable[tuple[str, Path]]) -> None:
    """Refuse ``out`` when it names one of ``inputs`` (each with the option that gave it),
    or is not an ``.xlsx`` name: a workbook under another name does not open from the
    file manager, and ``--out report.csv`` reads as a request for a csv we do not write.
    (Which names are the same file is ``desktop_app.export.target``'s rule, the window's.)"""
    if out.suffix.lower() != REPORT_SUFFIX:
        raise CliError(
            f"--out {out}: the report is an Excel workbook; give a name ending in {REPORT_SUFFIX}",
            EXIT_USAGE,
        )
    option = replaced_input(out, inputs)
    if option is not None:
        raise CliError(
            f"--out {out} is the file given to {option}: the report would replace it; "
            "give the report another name",
            EXIT_USAGE,
        )
