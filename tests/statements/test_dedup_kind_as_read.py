"""A file's kind, for duplicates, is what the importer read it as, not its extension.

Two files of one account of one kind word a booking alike, so a line of another wording
there is another booking (a second payer's equal payment that day); only files of two
kinds (MT940 beside CAMT) are paired by movement alone (``dedup._same_bookings``). A
.txt file was always taken for a table by its name, though banks save MT940 as .txt:
its MT940 beside the same account's .sta was taken for two kinds, and a second payer's
payment in the later file was dropped as the same booking. Now the kind is the format
the importer read, in a run, the window's session and the workspace alike.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from desktop_app.statements.dedup import format_family
from desktop_app.ui.backend.session_statements import SessionStatements
from desktop_app.workspace import Workspace, file_sha256
from tests.statements.format_pair_files import Booked, mt940
from tests.statements.held import held

DAY = date(2025, 10, 6)
MORNING = Booked(DAY, "120.00", "SMITH LTD INV 2025-114", "")
# The same day and amount, another payer: only the later download holds it.
AFTERNOON = Booked(DAY, "120.00", "JONES AND CO INV 2025-201", "")


def _downloads(tmp_path: Path, later_name: str) -> tuple[Path, Path]:
    """The account's intraday MT940 statements of one day, in one format: the morning's
    payment, then the afternoon's (saved under ``later_name``)."""
    morning, evening = tmp_path / "morning.sta", tmp_path / later_name
    morning.write_text(mt940([MORNING]))
    evening.write_text(mt940([AFTERNOON], opening=Decimal("1120.00")))
    return morning, evening


def test_an_mt940_saved_as_txt_is_of_the_kind_it_was_read_as(tmp_path: Path) -> None:
    _, evening = _downloads(tmp_path, "evening.txt")
    read = import_statement(evening)

    assert read.format == "mt940"
    assert format_family(evening.name, read.format) == "mt940"
    assert format_family("ledger.txt", "csv") == "table"
    assert format_family("statement.xml", "camt.053") == "camt"


def test_a_run_keeps_a_second_payers_payment_in_an_mt940_saved_as_txt(tmp_path: Path) -> None:
    morning, evening = _downloads(tmp_path, "evening.txt")

    _, lines = held(morning, evening)

    assert sorted((line.source_file, line.description) for line in lines) == [
        ("evening.txt", "JONES AND CO INV 2025-201"),
        ("morning.sta", "SMITH LTD INV 2025-114"),
    ]


def test_the_session_keeps_it_too(tmp_path: Path) -> None:
    morning, evening = _downloads(tmp_path, "evening.txt")
    session = SessionStatements()
    session.add(import_statement(morning))

    added = session.add(import_statement(evening))

    assert [line.description for line in added.kept] == ["JONES AND CO INV 2025-201"]


@pytest.mark.parametrize("later_name", ["evening.txt", "evening.sta"])
def test_the_workspace_keeps_it_too(tmp_path: Path, later_name: str) -> None:
    morning, evening = _downloads(tmp_path, later_name)
    with Workspace.create(tmp_path / "books.reconcile") as workspace:
        for path in (morning, evening):
            read = import_statement(path)
            workspace.add_statement(
                read.source_file,
                file_sha256(path),
                {"format": read.format},
                read.lines,
                account=read.account,
            )
        kept = sorted(line.description for line in workspace.load_lines())

    assert kept == ["JONES AND CO INV 2025-201", "SMITH LTD INV 2025-114"]
