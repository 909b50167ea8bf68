"""The open dialog's "Statements" filter offers every file the importer reads by its name:
it listed no *.qif nor *.iif, whose readers the importer has, so a QuickBooks export was
hidden until the accountant switched to "All files"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from desktop_app.statements import import_statement
from desktop_app.statements.formats import BANK_FORMATS
from desktop_app.statements.formats.sniff import format_from_name
from desktop_app.statements.sniff import STATEMENT_EXTENSIONS
from desktop_app.ui.dialogs.seam import STATEMENT_FILTER
from tests.ui.test_fixed_format_preview import IIF_EVERY_FIELD, QIF_EVERY_FIELD


def _patterns() -> list[str]:
    """The "Statements" filter's patterns, as the dialog reads them."""
    statements, everything = STATEMENT_FILTER.split(";;")
    assert everything == "All files (*)"
    found = re.fullmatch(r"Statements \(([^)]*)\)", statements)
    assert found is not None
    return found.group(1).split()


def _offered(name: str) -> bool:
    return QDir.match(_patterns(), name)


@pytest.mark.parametrize("extension", STATEMENT_EXTENSIONS)
def test_every_extension_the_importer_expects_is_offered(extension: str) -> None:
    assert _offered(f"statement.{extension}")


def test_every_bank_format_the_importer_reads_is_offered_by_its_name() -> None:
    """Each structured format the importer has a reader for is claimed by at least one
    extension the filter offers (``format_from_name``, the importer's own reading of a
    name)."""
    claimed = {format_from_name(f"statement.{pattern[2:]}") for pattern in _patterns()}
    assert set(BANK_FORMATS) <= claimed


@pytest.mark.parametrize(
    ("name", "data"),
    [("register.qif", QIF_EVERY_FIELD), ("ledger.iif", IIF_EVERY_FIELD)],
    ids=["qif", "iif"],
)
def test_a_qif_or_iif_file_the_importer_reads_is_offered(
    tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert import_statement(path).lines
    assert _offered(name)
