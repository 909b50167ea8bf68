"""A saved profile's drift in the wizard's preview: the profile it names, and its roles on
the changed header, are the importer's own finding (``Layout.drifted_from``), not found
again by reading and matching the saved profiles a second time; and the drift is said on
its own (``StatementPreview.drift``), not also among the file's notes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.statements import JsonProfileStore, Mapping, import_statement, profile_from_layout
from desktop_app.statements.profiles import SavedProfile
from desktop_app.ui.backend.statement_backend import StatementBackend

ROWS = "".join(f"0{day}.01.2024;Kunde {day};RE-{day};{day * 10},50\n" for day in range(1, 6))


class CountingStore:
    """A JSON profile store that counts how often all its profiles are read: in the
    window they are the workspace's, read from its database each time."""

    def __init__(self, path: Path) -> None:
        self._store = JsonProfileStore(path)
        self.reads = 0

    def get(self, fingerprint: str) -> SavedProfile | None:
        return self._store.get(fingerprint)

    def all(self) -> Sequence[SavedProfile]:
        self.reads += 1
        return self._store.all()

    def save(self, profile: SavedProfile) -> None:
        self._store.save(profile)


def _bank_x(folder: Path) -> CountingStore:
    """'Bank X', saved from January's file: 'Zweck' the reference, the file in euros."""
    january = folder / "bank-01.csv"
    january.write_text("Datum;Name;Zweck;Betrag\n" + ROWS, encoding="utf-8")
    detected = import_statement(january)
    assert detected.layout is not None
    columns = {"date": "Datum", "counterparty": "Name", "reference": "Zweck", "amount": "Betrag"}
    mapping = Mapping(columns=dict(columns), currency="EUR")
    store = CountingStore(folder / "profiles.json")
    store.save(profile_from_layout("Bank X", detected.layout, mapping))
    return store


def _march(folder: Path) -> Path:
    """March's file: the bank renamed 'Betrag' to 'Betrag EUR'."""
    path = folder / "bank-03.csv"
    path.write_text("Datum;Name;Zweck;Betrag EUR\n" + ROWS.replace(".01.", ".03."), "utf-8")
    return path


def test_the_preview_offers_the_drifted_profiles_roles_and_currency(tmp_path: Path) -> None:
    store = _bank_x(tmp_path)
    preview = StatementBackend(store).preview(_march(tmp_path))
    assert preview.drift is not None
    assert "saved profile 'Bank X'" in preview.drift
    assert preview.drift_profile == "Bank X"
    assert preview.drift_roles == (
        (0, "date"),
        (1, "counterparty"),
        (2, "reference"),
        (3, "amount"),
    )
    assert preview.drift_currency == "EUR"


def test_the_preview_reads_the_saved_profiles_no_more_often_than_the_import(
    tmp_path: Path,
) -> None:
    """The drift's profile and roles come with the import's result: previewing the file
    reads the saved profiles as often as reading it does, not once more to match them
    again."""
    store = _bank_x(tmp_path)
    march = _march(tmp_path)
    store.reads = 0
    StatementBackend(store).read(march)
    read_alone = store.reads
    store.reads = 0
    preview = StatementBackend(store).preview(march)
    assert preview.drift_profile == "Bank X"
    assert store.reads == read_alone


def test_the_drift_is_said_on_its_own_not_among_the_files_notes(tmp_path: Path) -> None:
    """The wizard shows ``drift`` above the columns; among the notes it would be said
    twice, so the wizard would have to pick it out of them again."""
    store = _bank_x(tmp_path)
    preview = StatementBackend(store).preview(_march(tmp_path))
    assert preview.drift is not None
    assert preview.notes  # the file's own notes are still there (its format, ...)
    assert not any("DRIFT" in note for note in preview.notes)
    assert not any("DRIFT" in column.evidence for column in preview.columns)
