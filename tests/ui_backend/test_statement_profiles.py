"""Mapping profiles through the window's engine: saved in the open workspace by the wizard's
"Save as a profile", applied to the next file with the same header, still there after the
workspace is closed and reopened, and never those of another workspace."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain import CancelToken, no_progress
from desktop_app.statements import Mapping, profile_from_layout
from desktop_app.statements.profiles import BackedProfileStore
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.statement_backend import to_mapping
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ColumnMapping, ImportResult
from desktop_app.workspace import RecentWorkspaces
from tests.statements.card_files import card_file

HEADER = "Buchung,Text,Umsatz\n"


def _engine(folder: Path) -> EngineServices:
    return EngineServices(
        ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
    )


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "month-end.reconcile"


@pytest.fixture
def services(tmp_path: Path, workspace_path: Path) -> Iterator[EngineServices]:
    engine = _engine(tmp_path)
    engine.open_workspace(workspace_path, create=True)
    yield engine
    asyncio.run(engine.aclose())


def _bank_file(folder: Path, month: int) -> Path:
    path = folder / f"bank-2024-{month:02d}.csv"
    path.write_text(
        HEADER + f"02/{month:02d}/2024,Rent,-800.00\n03/{month:02d}/2024,Coffee,-4.50\n"
    )
    return path


def _import(services: EngineServices, path: Path, choice: ColumnMapping | None) -> ImportResult:
    return services.import_statement(path, choice, no_progress, CancelToken())


def _save_bank_x(services: EngineServices, path: Path) -> None:
    """What the wizard returns when the accountant names the currency and saves a profile."""
    preview = services.preview_statement(path)
    roles = {guess.index: guess.role for guess in preview.columns if guess.role}
    _import(services, path, ColumnMapping(preview.header_row, roles, "Bank X", "EUR"))


def test_a_profile_saved_in_the_wizard_is_applied_to_the_next_file_and_kept(
    tmp_path: Path, services: EngineServices, workspace_path: Path
) -> None:
    january, february, march = (_bank_file(tmp_path, month) for month in (1, 2, 3))
    # February was previewed before the profile existed: that reading must not be reused.
    assert services.preview_statement(february).currency is None
    _save_bank_x(services, january)
    assert [p["name"] for p in services.workspace.workspace.profiles.all().values()] == ["Bank X"]

    preview = services.preview_statement(february)
    assert preview.currency == "EUR"
    assert "Profile: applied: Bank X" in preview.notes
    lines = _import(services, february, None).lines
    assert [(line.date, line.currency) for line in lines] == [
        (dt.date(2024, 2, 2), "EUR"),
        (dt.date(2024, 2, 3), "EUR"),
    ]

    asyncio.run(services.aclose())  # the window is closed; next month it is opened again
    reopened = _engine(tmp_path)
    try:
        reopened.open_workspace(workspace_path)
        assert {line.currency for line in _import(reopened, march, None).lines} == {"EUR"}
    finally:
        asyncio.run(reopened.aclose())


def test_only_the_open_workspaces_profiles_are_applied(
    tmp_path: Path, services: EngineServices
) -> None:
    _save_bank_x(services, _bank_file(tmp_path, 1))
    february = _bank_file(tmp_path, 2)
    assert services.preview_statement(february).currency == "EUR"
    services.open_workspace(tmp_path / "another-client.reconcile", create=True)
    assert services.preview_statement(february).currency is None
    assert {line.currency for line in _import(services, february, None).lines} == {None}


def test_a_correction_over_an_applied_profile_keeps_what_the_wizard_does_not_show(
    tmp_path: Path, services: EngineServices
) -> None:
    january, february = _bank_file(tmp_path, 1), _bank_file(tmp_path, 2)
    detected = services.statements.read(january)
    assert detected.layout is not None
    store = BackedProfileStore(services.workspace.workspace.profiles)
    store.save(profile_from_layout("Bank X", detected.layout, Mapping(date_order="MDY")))

    preview = services.preview_statement(february)
    assert "Profile: applied: Bank X" in preview.notes
    roles = {guess.index: guess.role for guess in preview.columns if guess.role}
    roles[1] = "reference"  # the accountant corrects one role and saves the profile again
    lines = _import(services, february, ColumnMapping(1, roles, "Bank X", "EUR")).lines
    assert [(line.date, line.reference) for line in lines] == [
        (dt.date(2024, 2, 2), "Rent"),
        (dt.date(2024, 3, 2), "Coffee"),  # '03/02' still month-first, as the profile says
    ]
    saved = store.all()
    assert [(p.name, p.mapping.date_order, p.mapping.currency) for p in saved] == [
        ("Bank X", "MDY", "EUR")
    ]


def test_the_preview_says_how_the_file_was_read(tmp_path: Path, services: EngineServices) -> None:
    """What "as detected" means in the wizard: the guessed order of an ambiguous file, then
    the order and signs of the profile applied to the next one."""
    january, february = (card_file(tmp_path, month) for month in (1, 2))
    preview = services.preview_statement(january)
    assert (preview.date_order, preview.date_order_guessed) == ("DMY", True)
    assert (preview.decimal_mark, preview.invert_sign) == (".", False)

    detected = services.statements.read(january)
    assert detected.layout is not None
    store = BackedProfileStore(services.workspace.workspace.profiles)
    mapping = Mapping(date_order="MDY", invert_sign=True)
    store.save(profile_from_layout("Card", detected.layout, mapping))
    preview = services.preview_statement(february)
    assert "Profile: applied: Card" in preview.notes
    assert (preview.date_order, preview.date_order_guessed) == ("MDY", False)
    assert (preview.decimal_mark, preview.invert_sign) == (".", True)


def test_as_detected_leaves_the_base_mappings_conventions_in_place() -> None:
    """None in the wizard's choice keeps the applied profile's setting; a value replaces it
    (False too: the accountant unticked the profile's inverted signs)."""
    base = Mapping(
        date_order="MDY", decimal_mark=",", invert_sign=True, currency="EUR", encoding="cp1252"
    )
    roles = {0: "date", 1: "description", 2: "amount"}
    kept = to_mapping(ColumnMapping(1, roles), base)
    assert (kept.date_order, kept.decimal_mark, kept.invert_sign) == ("MDY", ",", True)
    assert (kept.currency, kept.encoding, kept.columns["amount"]) == ("EUR", "cp1252", 3)

    changed = to_mapping(
        ColumnMapping(1, {}, date_order="DMY", decimal_mark=".", invert_sign=False), base
    )
    assert (changed.date_order, changed.decimal_mark, changed.invert_sign) == ("DMY", ".", False)
    assert (changed.currency, changed.encoding, changed.columns) == ("EUR", "cp1252", {})

    alone = to_mapping(ColumnMapping(1, {}, date_order="MDY"))
    assert alone == Mapping(date_order="MDY")  # no role corrected: the columns as detected


def test_a_convention_alone_is_a_correction() -> None:
    assert ColumnMapping(1, {}).is_detection
    for changed in (
        ColumnMapping(1, {}, date_order="MDY"),
        ColumnMapping(1, {}, decimal_mark=","),
        ColumnMapping(1, {}, invert_sign=True),
        ColumnMapping(1, {}, invert_sign=False),
    ):
        assert not changed.is_detection, changed


def test_a_profile_named_like_a_column_keeps_its_notes_with_the_file(
    tmp_path: Path, services: EngineServices
) -> None:
    """The wizard finds a column's evidence by its quoted header; a profile called "Text"
    is quoted the same way, and what it set must not be shown as the Text column's reason."""
    january, february = _bank_file(tmp_path, 1), _bank_file(tmp_path, 2)
    detected = services.statements.read(january)
    assert detected.layout is not None
    store = BackedProfileStore(services.workspace.workspace.profiles)
    store.save(profile_from_layout("Text", detected.layout, Mapping(date_order="MDY")))

    preview = services.preview_statement(february)

    evidence = {guess.header: guess.evidence for guess in preview.columns}
    assert "saved profile 'Text'" not in evidence["Text"]
    assert "'Text'" in evidence["Text"]  # what does name the column stays with it
    assert "set by the saved profile 'Text'" in evidence["Buchung"]  # the date order's
    assert "Profile: applied: Text" in preview.notes


def _dos_file(folder: Path, month: int) -> Path:
    """A DOS export (code page 850) whose header has an 'ä': detected as Windows-1252, it
    reads 'Empf„nger'."""
    path = folder / f"dos-2024-{month:02d}.csv"
    rows = f"02.{month:02d}.2024;Bäckerei;Brötchen;-4,50\n03.{month:02d}.2024;Größe;Miete;-800,00\n"
    path.write_bytes(("Datum;Empfänger;Text;Betrag\n" + rows).encode("cp850"))
    return path


def test_a_correction_over_a_profile_read_in_its_own_encoding_replaces_that_profile(
    tmp_path: Path, services: EngineServices
) -> None:
    january, february, march = (_dos_file(tmp_path, month) for month in (1, 2, 3))
    detected = services.statements.read(january)
    assert detected.layout is not None
    store = BackedProfileStore(services.workspace.workspace.profiles)
    store.save(profile_from_layout("DOS bank", detected.layout, Mapping(encoding="cp850")))

    preview = services.preview_statement(february)
    assert "Profile: applied: DOS bank" in preview.notes
    assert preview.columns[1].header == "Empfänger"
    roles = {guess.index: guess.role for guess in preview.columns if guess.role}
    roles[1] = "counterparty"  # the accountant corrects one role and saves the profile again
    _import(services, february, ColumnMapping(1, roles, "DOS bank", "EUR"))

    (saved,) = store.all()  # the profile corrected, not another beside it
    assert (saved.name, saved.mapping.encoding, saved.mapping.currency) == (
        "DOS bank",
        "cp850",
        "EUR",
    )
    lines = _import(services, march, None).lines
    assert [(line.counterparty, line.currency) for line in lines] == [
        ("Bäckerei", "EUR"),
        ("Größe", "EUR"),
    ]
