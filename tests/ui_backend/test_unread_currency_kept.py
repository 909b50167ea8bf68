"""A line whose currency cell names no currency ('EURO') stays so in a workspace.

The importer marks such a line (``StatementLine.currency_cell``) and the matcher pairs it
with no invoice; the workspace stores the raw cells and the statement's layout, not the
mark, and marks the lines again as it gives them out (``unread_currency``). Lost, the line
would be in no currency, matched with invoices in any currency: here the pound invoice it
quotes to the penny. Each way the window brings a file in is checked the same way: a real
file, imported into a real workspace through the window's engine, the workspace closed
and opened again, and a real matching run over the lines it loads. So are the lines a
removal leaves standing in for the removed statement's (an overlapping download's copies),
which the window adds to the lines it matches without reopening anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import (
    CancelToken,
    DiscrepancyType,
    LineKey,
    Reconciliation,
    StatementLine,
    no_progress,
)
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ColumnMapping
from desktop_app.workspace import RecentWorkspaces
from tests.matching.builders import invoice

HEADER = ["Date", "Description", "Amount", "Currency"]
ROWS = [
    ["2025-03-03", "Tea", "-3.00", "GBP"],
    ["2025-03-04", "EL-1 payment", "120.00", "EURO"],  # row 3: pays EL-1, in no currency
    ["2025-03-05", "Coffee", "-4.00", "GBP"],
    ["2025-03-06", "Cake", "-5.00", "EUR"],
]
# A column whose header names no currency, and whose cells are too few codes for
# detection to take it as the currency column: only the accountant's role makes it one.
CODES = ["GBP", "EURO", "N/A", "XX"]
EURO_ROW = 3


def _engine(folder: Path) -> EngineServices:
    return EngineServices(
        ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
    )


@pytest.fixture
def services(tmp_path: Path) -> Iterator[EngineServices]:
    engine = _engine(tmp_path)
    engine.open_workspace(tmp_path / "books.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _csv(folder: Path, name: str, rows: Sequence[Sequence[str]], header: Sequence[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path


def _xlsx(folder: Path, name: str, rows: Sequence[Sequence[str]], header: Sequence[str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Transactions"
    sheet.append(list(header))
    for date, text, amount, currency in rows:
        sheet.append([date, text, float(amount), currency])  # numbers, as a bank's export
    path = folder / name
    book.save(path)
    return path


def _coded(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [[*row[:3], code] for row, code in zip(rows, CODES, strict=True)]


def _import(services: EngineServices, path: Path, choice: ColumnMapping | None) -> None:
    result = services.import_statement(path, choice, no_progress, CancelToken())
    (line,) = [line for line in result.lines if line.row == EURO_ROW]
    assert (line.currency, line.currency_cell) == (None, "EURO")  # as the import marks it


def _roles(services: EngineServices, path: Path) -> dict[int, str]:
    return {
        guess.index: guess.role for guess in services.preview_statement(path).columns if guess.role
    }


def _match(services: EngineServices, lines: Sequence[StatementLine]) -> Reconciliation:
    invoices = [
        invoice("EL-1", "120.00", currency="GBP"),
        invoice("EL-2", "120.00", currency="EUR"),
    ]
    return services.reconcile(invoices, lines, (), no_progress, CancelToken())


def _assert_left_unmatched(result: Reconciliation, key: LineKey) -> None:
    assert all(key not in match.line_keys for match in result.matches)
    (row,) = [d for d in result.discrepancies if key in {line.key for line in d.lines}]
    assert row.type is DiscrepancyType.UNMATCHED_PAYMENT
    assert f"{key.source_file} row {key.row} gives 'EURO' as its currency" in row.explanation


def _reopened_and_matched(folder: Path, services: EngineServices, name: str) -> None:
    """Close the window's workspace, open it again, and match the lines it loads."""
    asyncio.run(services.aclose())
    reopened = _engine(folder)
    try:
        contents = reopened.open_workspace(folder / "books.reconcile")
        held = {line.key: line for line in contents.lines}
        key = LineKey(name, EURO_ROW)
        assert (held[key].currency, held[key].currency_cell) == (None, "EURO")
        _assert_left_unmatched(_match(reopened, contents.lines), key)
    finally:
        asyncio.run(reopened.aclose())


def _detected_csv(services: EngineServices, folder: Path) -> str:
    _import(services, _csv(folder, "bank.csv", ROWS, HEADER), None)
    return "bank.csv"


def _detected_xlsx(services: EngineServices, folder: Path) -> str:
    _import(services, _xlsx(folder, "bank.xlsx", ROWS, HEADER), None)
    return "bank.xlsx"


def _corrected(write: Callable[..., Path], name: str) -> Callable[[EngineServices, Path], str]:
    def imported(services: EngineServices, folder: Path) -> str:
        """The wizard's Import with a role corrected (the description taken as the
        reference): every column's role, as the wizard hands them over."""
        path = write(folder, name, ROWS, HEADER)
        roles = _roles(services, path) | {1: "reference"}
        _import(services, path, ColumnMapping(1, roles, chosen=frozenset({1})))
        return name

    return imported


def _currency_role_set(services: EngineServices, folder: Path) -> str:
    path = _csv(folder, "coded.csv", _coded(ROWS), [*HEADER[:3], "Code"])
    roles = _roles(services, path)
    assert 3 not in roles  # detection leaves it: the accountant names it
    _import(services, path, ColumnMapping(1, roles | {3: "currency"}, chosen=frozenset({3})))
    return "coded.csv"


def _default_currency_given(services: EngineServices, folder: Path) -> str:
    """The wizard's currency is for the lines that state none: not for the 'EURO' one."""
    _import(services, _csv(folder, "bank.csv", ROWS, HEADER), ColumnMapping(1, {}, currency="GBP"))
    return "bank.csv"


def _profile_applied(services: EngineServices, folder: Path) -> str:
    """A profile saved with the currency role set, applied by itself to next month's file
    of the same header: the role comes from the profile alone."""
    header = [*HEADER[:3], "Code"]
    march = _csv(folder, "march.csv", _coded(ROWS), header)
    roles = _roles(services, march) | {3: "currency"}
    _import(services, march, ColumnMapping(1, roles, "Bank X", chosen=frozenset({3})))
    april_rows = [[row[0].replace("-03-", "-04-"), *row[1:]] for row in _coded(ROWS)]
    april = _csv(folder, "april.csv", april_rows, header)
    assert "Profile: applied: Bank X" in services.preview_statement(april).notes
    _import(services, april, None)
    return "april.csv"


PATHS = {
    "csv as detected": _detected_csv,
    "xlsx as detected": _detected_xlsx,
    "csv, a role corrected in the wizard": _corrected(_csv, "bank.csv"),
    "xlsx, a role corrected in the wizard": _corrected(_xlsx, "bank.xlsx"),
    "csv, the currency column named in the wizard": _currency_role_set,
    "csv, a currency chosen in the wizard": _default_currency_given,
    "csv, a saved profile applied": _profile_applied,
}


@pytest.mark.parametrize("imported", PATHS.values(), ids=PATHS.keys())
def test_a_line_of_unreadable_currency_is_still_matched_with_no_invoice_after_reopening(
    tmp_path: Path,
    services: EngineServices,
    imported: Callable[[EngineServices, Path], str],
) -> None:
    name = imported(services, tmp_path)
    _reopened_and_matched(tmp_path, services, name)


def test_a_line_standing_in_after_a_removal_keeps_its_unreadable_currency(
    tmp_path: Path, services: EngineServices
) -> None:
    """October's download and a later one overlap: the later file's copies of the shared
    movements are repeats, stored as such. Removing October stands them in for its lines,
    and the window adds them to what it matches at once (``RemovalResult.kept_lines``): the
    'EURO' line among them must come out as the reopened workspace gives it, unmatched."""
    later = [*ROWS[1:], ["2025-03-07", "Bun", "-2.00", "GBP"]]  # from the 'EURO' line on
    _import(services, _csv(tmp_path, "october.csv", ROWS, HEADER), None)
    result = services.import_statement(
        _csv(tmp_path, "later.csv", later, HEADER), None, no_progress, CancelToken()
    )
    assert result.duplicates == 3

    removed = services.remove_statement("october.csv")
    stand_in = LineKey("later.csv", 2)
    (line,) = [line for line in removed.kept_lines if line.key == stand_in]
    assert (line.currency, line.currency_cell) == (None, "EURO")
    window_lines = [*result.lines, *removed.kept_lines]
    _assert_left_unmatched(_match(services, window_lines), stand_in)
