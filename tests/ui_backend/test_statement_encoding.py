"""A text's encoding chosen in the import wizard, through the window's engine.

The wizard had no way to say which code page a csv is in: a Czech bank's Windows-1250
export, too few of whose letters show it, was read as Windows-1252 ('Pøíbram' for
'Příbram') and imported so. Now the preview says what the text was read in, the file is
previewed again in the encoding chosen (its layout found again in the text so read),
imported in it, and a profile saved with it reads next month's file in it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import CancelToken, no_progress
from desktop_app.statements import Mapping, profile_from_layout
from desktop_app.statements.profiles import BackedProfileStore
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.services import ColumnMapping, ImportRefusedError, ImportResult
from desktop_app.workspace import RecentWorkspaces

CZECH_HEADER = "Datum;Popis;Částka"
CZECH_TEXTS = ["Platba kartou Příbram", "Poplatek za vedení účtu"]


def _czech_file(folder: Path, month: int) -> Path:
    """A Czech bank's Windows-1250 export: as Windows-1252 its letters are letters still
    ('Pøíbram'), and only two stand where no Western word has them ('Èástka',
    'Pøíbram'): too few to decide the code page."""
    path = folder / f"vypis-2024-{month:02d}.csv"
    rows = [CZECH_HEADER, f"02.{month:02d}.2024;{CZECH_TEXTS[0]};-450,00"]
    rows.append(f"03.{month:02d}.2024;{CZECH_TEXTS[1]};1 200,00")
    path.write_bytes("\r\n".join(rows).encode("cp1250") + b"\r\n")
    return path


@pytest.fixture
def services(tmp_path: Path) -> Iterator[EngineServices]:
    engine = EngineServices(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    engine.open_workspace(tmp_path / "month-end.reconcile", create=True)
    yield engine
    asyncio.run(engine.aclose())


def _import(services: EngineServices, path: Path, choice: ColumnMapping | None) -> ImportResult:
    return services.import_statement(path, choice, no_progress, CancelToken())


def _descriptions(result: ImportResult) -> list[str]:
    return [line.description for line in result.lines]


def _encoding_note(notes: tuple[str, ...]) -> str:
    (note,) = (note for note in notes if note.startswith("Format: encoding: "))
    return note


def test_the_preview_says_what_the_text_was_read_in_and_how_to_choose_another(
    tmp_path: Path, services: EngineServices
) -> None:
    preview = services.preview_statement(_czech_file(tmp_path, 1))
    assert (preview.encoding, preview.encoding_chosen) == ("cp1252", None)
    assert preview.rows[1][1] == "Platba kartou Pøíbram"
    assert _encoding_note(preview.notes).endswith(
        "read as Windows-1252, a guess (if letters look wrong, choose the file's encoding "
        "in the Encoding box)"
    )


def test_a_workbook_has_no_encoding_to_choose(tmp_path: Path, services: EngineServices) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (("Date", "Text", "Amount"), ("2024-01-02", "Příbram", -4.5)):
        sheet.append(row)
    path = tmp_path / "vypis.xlsx"
    book.save(path)
    assert services.preview_statement(path).encoding is None


def test_the_encoding_chosen_reads_the_file_and_a_profile_keeps_it(
    tmp_path: Path, services: EngineServices
) -> None:
    january, february = _czech_file(tmp_path, 1), _czech_file(tmp_path, 2)
    preview = services.preview_statement(january, encoding="cp1250")
    assert (preview.encoding, preview.encoding_chosen) == ("cp1250", "cp1250")
    assert preview.rows[0][2] == "Částka"
    assert [row[1] for row in preview.rows[1:]] == CZECH_TEXTS
    assert _encoding_note(preview.notes) == (
        "Format: encoding: Windows-1250, as chosen in the Encoding box"
    )
    assert "Profile: none applied to the text read in the encoding chosen" in preview.notes

    choice = ColumnMapping(preview.header_row, {}, "Czech bank", "CZK", encoding="cp1250")
    assert _descriptions(_import(services, january, choice)) == CZECH_TEXTS
    (saved,) = BackedProfileStore(services.workspace.workspace.profiles).all()
    assert (saved.name, saved.mapping.encoding) == ("Czech bank", "cp1250")

    next_month = services.preview_statement(february)
    assert "Profile: applied: Czech bank" in next_month.notes
    assert (next_month.encoding, next_month.encoding_chosen) == ("cp1250", None)
    assert [row[1] for row in next_month.rows[1:]] == CZECH_TEXTS
    assert _descriptions(_import(services, february, None)) == CZECH_TEXTS


def test_an_encoding_chosen_over_a_profile_replaces_that_profile(
    tmp_path: Path, services: EngineServices
) -> None:
    """A profile saved from the text as detected (its header 'Èástka', no encoding) is
    applied to February's file; the accountant chooses Windows-1250 and saves the profile
    again: the one profile reads March's file in it, not the old one found first."""
    january, february, march = (_czech_file(tmp_path, month) for month in (1, 2, 3))
    detected = services.statements.read(january)
    assert detected.layout is not None
    store = BackedProfileStore(services.workspace.workspace.profiles)
    store.save(profile_from_layout("Czech bank", detected.layout, Mapping(currency="CZK")))
    assert "Profile: applied: Czech bank" in services.preview_statement(february).notes

    chosen = services.preview_statement(february, encoding="cp1250")
    assert "Profile: none applied to the text read in the encoding chosen" in chosen.notes
    assert chosen.currency is None  # the profile's CZK is not applied beneath the choice
    choice = ColumnMapping(chosen.header_row, {}, "Czech bank", "CZK", encoding="cp1250")
    assert _descriptions(_import(services, february, choice)) == CZECH_TEXTS

    (saved,) = store.all()
    assert (saved.name, saved.mapping.encoding, saved.mapping.currency) == (
        "Czech bank",
        "cp1250",
        "CZK",
    )
    result = _import(services, march, None)
    assert _descriptions(result) == CZECH_TEXTS
    assert {line.currency for line in result.lines} == {"CZK"}


def test_an_encoding_that_does_not_read_the_text_is_refused_saying_where(
    tmp_path: Path, services: EngineServices
) -> None:
    path = _czech_file(tmp_path, 1)
    with pytest.raises(ImportRefusedError) as refused:
        services.preview_statement(path, encoding="utf-8")
    assert refused.value.reason == (
        "vypis-2024-01.csv is not UTF-8 text (byte 0xC8 at offset 12); it is shown as before"
    )


def test_a_file_mapped_by_hand_is_shown_and_imported_in_the_encoding_chosen(
    tmp_path: Path, services: EngineServices
) -> None:
    """Detection finds no amount column (most dated rows are notes without one): the
    rows to map by hand are read in the encoding chosen, and imported in it."""
    path = tmp_path / "poznamky.csv"
    rows = ["Datum;Popis;Částka", "02.01.2024;Nájem Příbram;-800,00"]
    rows += [f"0{day}.01.2024;Objednávka č. {day};" for day in range(3, 8)]
    path.write_bytes("\n".join(rows).encode("cp1250") + b"\n")
    as_detected = services.preview_statement(path)
    assert as_detected.not_detected is not None
    assert as_detected.rows[1][1] == "Nájem Pøíbram"
    assert as_detected.encoding == "cp1252"

    preview = services.preview_statement(path, encoding="cp1250")
    assert preview.not_detected is not None
    assert (preview.encoding, preview.encoding_chosen) == ("cp1250", "cp1250")
    assert preview.rows[1][1] == "Nájem Příbram"

    roles = {0: "date", 1: "description", 2: "amount"}
    choice = ColumnMapping(1, roles, currency="CZK", chosen=frozenset(roles), encoding="cp1250")
    assert _descriptions(_import(services, path, choice)) == ["Nájem Příbram"]
