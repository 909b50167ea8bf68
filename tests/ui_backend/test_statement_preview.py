"""What the wizard is told about a file, decided here without widgets: what its date order
rests on."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from tests.statements.card_files import date_cells_file, dated_file


@pytest.fixture
def backend(tmp_path: Path) -> StatementBackend:
    return StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))


@pytest.mark.parametrize(
    "dates",
    [["2024-03-15", "2024-03-16"], ["20240315", "20240316"], ["15 Mar 2024", "16 Mar 2024"]],
    ids=["iso", "compact", "month names"],
)
def test_dates_that_read_one_way_leave_no_order_to_choose(
    backend: StatementBackend, tmp_path: Path, dates: list[str]
) -> None:
    preview = backend.preview(dated_file(tmp_path, dates))
    assert preview.date_order_not_needed == f"dates like {dates[0]} are unambiguous"
    assert not preview.date_order_choosable
    assert not preview.date_order_guessed
    assert preview.date_order_settled_by is None


def test_date_cells_leave_no_order_to_choose(backend: StatementBackend, tmp_path: Path) -> None:
    preview = backend.preview(date_cells_file(tmp_path))
    assert preview.date_order_not_needed == "the cells are real dates"
    assert not preview.date_order_choosable


def test_the_date_that_settled_the_order_is_named(
    backend: StatementBackend, tmp_path: Path
) -> None:
    preview = backend.preview(dated_file(tmp_path, ["02/01/2024", "05/01/2024", "31/01/2024"]))
    assert (preview.date_order, preview.date_order_guessed) == ("DMY", False)
    assert preview.date_order_settled_by == "31/01/2024 in row 4"
    assert preview.date_order_not_needed is None
    assert preview.date_order_choosable


def test_a_guessed_order_names_no_date(backend: StatementBackend, tmp_path: Path) -> None:
    preview = backend.preview(dated_file(tmp_path, ["02/01/2024", "03/01/2024"]))
    assert (preview.date_order, preview.date_order_guessed) == ("DMY", True)
    assert (preview.date_order_settled_by, preview.date_order_not_needed) == (None, None)
    assert preview.date_order_choosable
