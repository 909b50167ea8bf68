"""Import reuses the wizard's last reading of the file, and only while the file, the mapping
and the saved profiles are those it was read with (``ui.backend.last_read``).

Parses are counted where the backend hands the file to the engine
(``statement_backend.import_statement``, passed through to the real importer): what is
observed is whether the file was parsed, not how the backend decided."""

from __future__ import annotations

import operator
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements import Mapping, StatementImport
from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend import statement_backend
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.services import ColumnMapping
from tests.statements.summary_files import RUNNING, running_csv

AS_SHOWN = ColumnMapping(1, {})
IN_POUNDS = ColumnMapping(1, {}, currency="GBP")
IN_EUROS = ColumnMapping(1, {}, currency="EUR")


class Parses:
    """Each file the backend handed to the engine, with the mapping, in order, and what
    the engine read from it (``readings``: whose lines an import brings in, the very
    objects when a reading is reused)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[tuple[str, Mapping | None]] = []
        self.readings: list[StatementImport] = []
        parse = statement_backend.import_statement

        def counted(path: Path, **options: Any) -> Any:
            self.seen.append((Path(path).name, options.get("mapping")))
            reading = parse(path, **options)
            self.readings.append(reading)
            return reading

        monkeypatch.setattr(statement_backend, "import_statement", counted)

    def __len__(self) -> int:
        return len(self.seen)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Parses:
    return Parses(monkeypatch)


@pytest.fixture
def profiles(tmp_path: Path) -> JsonProfileStore:
    return JsonProfileStore(tmp_path / "profiles.json")


@pytest.fixture
def backend(profiles: JsonProfileStore) -> StatementBackend:
    return StatementBackend(profiles)


def rewrite_keeping_size_and_time(path: Path, text: str) -> None:
    """``path`` given other content of the same size and its old modification time back,
    to the nanosecond, as a sync tool or an archive unpacked over it may: only the content
    tells the two files apart."""
    before = path.stat()
    data = text.encode("utf-8")
    assert len(data) == before.st_size
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


# The same statement, one line's description changed: the same size, other content.
RUNNING_CHANGED = RUNNING.replace("Coffee", "Cookie")


def _descriptions(backend: StatementBackend, path: Path, choice: ColumnMapping) -> list[str]:
    return [line.description for line in backend.import_file(path, choice).lines]


def test_import_after_a_correction_reuses_the_summarys_reading(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    path = running_csv(tmp_path)
    backend.preview(path)
    backend.summary(path, IN_POUNDS)
    assert len(parses) == 2  # the detection, then the file read in pounds
    imported = backend.import_file(path, IN_POUNDS)
    assert len(parses) == 2  # Import read nothing: the summary's reading was it
    assert {line.currency for line in imported.lines} == {"GBP"}
    assert len(imported.lines) == 4


def test_import_as_shown_reuses_the_previews_reading(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    path = running_csv(tmp_path)
    backend.preview(path)
    imported = backend.import_file(path, AS_SHOWN)
    assert len(parses) == 1
    assert len(imported.lines) == 4


def test_each_correction_reads_the_file_once_without_detecting_it_again(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    """The detection's lines are no longer held once a correction is read (one reading
    is), but what a corrected reading builds on is: no correction detects the file again."""
    path = running_csv(tmp_path)
    backend.preview(path)
    backend.summary(path, IN_POUNDS)
    backend.summary(path, IN_EUROS)
    backend.summary(path, IN_POUNDS)
    assert [mapping is None for _, mapping in parses.seen] == [True, False, False, False]


def test_only_the_last_reading_is_held(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    """A correction undone: Import as shown reads the file again, the detection's reading
    having made way for the correction's. Memory holds one reading, not each one made."""
    path = running_csv(tmp_path)
    backend.preview(path)
    backend.summary(path, IN_POUNDS)
    imported = backend.import_file(path, AS_SHOWN)
    assert len(parses) == 3
    assert {line.currency for line in imported.lines} == {None}


@pytest.mark.parametrize("choice", [AS_SHOWN, IN_POUNDS], ids=["as shown", "corrected"])
def test_a_file_changed_since_its_reading_is_read_again_even_at_its_size_and_time(
    backend: StatementBackend, parses: Parses, tmp_path: Path, choice: ColumnMapping
) -> None:
    """Same size and modification time, other content: imported as it is now. The
    detection was reused on its modification time alone, importing the lines the file
    no longer holds."""
    path = running_csv(tmp_path)
    backend.preview(path)
    if choice != AS_SHOWN:
        backend.summary(path, choice)
    read = len(parses)
    rewrite_keeping_size_and_time(path, RUNNING_CHANGED)
    assert _descriptions(backend, path, choice)[-1] == "Cookie"
    assert len(parses) > read


def test_a_file_changed_and_changed_back_is_reused_again(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    """The content decides, not the history: the file as it was read is the reading's."""
    path = running_csv(tmp_path)
    backend.preview(path)
    backend.summary(path, IN_POUNDS)
    rewrite_keeping_size_and_time(path, RUNNING_CHANGED)
    rewrite_keeping_size_and_time(path, RUNNING)
    assert _descriptions(backend, path, IN_POUNDS)[-1] == "Coffee"
    assert len(parses) == 2


def test_another_mapping_is_read_again(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    path = running_csv(tmp_path)
    backend.preview(path)
    backend.summary(path, IN_POUNDS)
    imported = backend.import_file(path, IN_EUROS)
    assert len(parses) == 3
    assert {line.currency for line in imported.lines} == {"EUR"}


def test_another_file_is_read_again(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    """Two files of the same content are two readings: each names its own lines."""
    first = running_csv(tmp_path, "first.csv")
    second = running_csv(tmp_path, "second.csv")
    backend.summary(first, IN_POUNDS)
    imported = backend.import_file(second, IN_POUNDS)
    names = [name for name, _ in parses.seen]
    assert names == ["first.csv", "first.csv", "second.csv", "second.csv"]
    assert {line.source_file for line in imported.lines} == {"second.csv"}


# Most dated rows are order notes without an amount: detection finds no amount column,
# and the wizard opens on the file's own rows for the accountant to map by hand.
SPARSE = (
    "Booked,Details,Amount\n"
    "2024-01-02,Rent,-800.00\n"
    "2024-01-02,Order ref 1,\n"
    "2024-01-03,Coffee,-4.50\n"
    "2024-01-03,Order ref 2,\n"
    "2024-01-04,Order ref 3,\n"
    "2024-01-05,Order ref 4,\n"
)
BY_HAND = ColumnMapping(1, {0: "date", 1: "description", 2: "amount"}, chosen=frozenset({0, 1, 2}))


def _sparse_csv(folder: Path) -> Path:
    path = folder / "sparse.csv"
    path.write_text(SPARSE, encoding="utf-8")
    return path


def test_a_file_mapped_by_hand_is_not_detected_again_at_each_reading(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    """Detection found no transactions: each correction's reading, and Import, built on
    detecting the whole file again (and failing again) before reading it as mapped."""
    path = _sparse_csv(tmp_path)
    assert backend.preview(path).not_detected is not None
    backend.summary(path, BY_HAND)
    in_euros = replace(BY_HAND, currency="EUR")
    backend.summary(path, in_euros)
    imported = backend.import_file(path, in_euros)
    # The detection once, then the file read as mapped by hand, once per mapping.
    assert [mapping is None for _, mapping in parses.seen] == [True, False, False]
    assert [(line.description, line.currency) for line in imported.lines] == [
        ("Rent", "EUR"),
        ("Coffee", "EUR"),
    ]


def test_a_file_detection_failed_on_is_detected_again_once_changed(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    """The failure is the file's as it was: the same file given amounts on every row
    (at its size and modification time) is detected."""
    path = _sparse_csv(tmp_path)
    assert backend.preview(path).not_detected is not None
    filled = SPARSE.replace(",\n", ",0\n").replace("ref ", "ref")
    rewrite_keeping_size_and_time(path, filled)
    preview = backend.preview(path)
    assert preview.not_detected is None
    assert preview.header_row == 1
    assert len(parses) == 2


def test_a_profile_saved_since_the_failure_reads_the_file(
    backend: StatementBackend, parses: Parses, tmp_path: Path
) -> None:
    """A profile saved from the file mapped by hand is found by its header row in the
    same file opened again: the failure kept was detection's without that profile."""
    path = _sparse_csv(tmp_path)
    backend.preview(path)
    backend.import_file(path, replace(BY_HAND, profile_name="Sparse bank"))
    preview = backend.preview(path)
    assert preview.not_detected is None
    assert [column.role for column in preview.columns] == ["date", "description", "amount"]


@pytest.mark.parametrize("choice", [AS_SHOWN, IN_POUNDS], ids=["as shown", "corrected"])
def test_saving_a_profile_reuses_the_summarys_reading(
    backend: StatementBackend,
    parses: Parses,
    tmp_path: Path,
    profiles: JsonProfileStore,
    choice: ColumnMapping,
) -> None:
    """*Save as profile* ticked: Import brings in the reading the summary was worked out
    from, and saves the profile. With nothing corrected the file was read again, with an
    empty mapping in place of the detection."""
    path = running_csv(tmp_path)
    backend.preview(path)
    backend.summary(path, choice)
    read = len(parses)
    imported = backend.import_file(path, replace(choice, profile_name="Running"))
    assert len(parses) == read
    assert [profile.name for profile in profiles.all()] == ["Running"]
    assert len(imported.lines) == 4
    assert {line.currency for line in imported.lines} == {choice.currency}


# The wizard's choice with Save as profile ticked and nothing else changed: every role
# spelled out as shown (``ImportWizard.value``), the header row as detected.
SHOWN_ROLES = {0: "date", 1: "description", 2: "amount", 3: "balance"}
RUNNING_PINNED = Mapping(
    header_row=1, columns={"date": 1, "description": [2], "amount": 3, "balance": 4}, ignore=[]
)


@pytest.mark.parametrize("choice", [AS_SHOWN, IN_POUNDS], ids=["as shown", "corrected"])
def test_roles_spelled_out_as_shown_are_no_correction(
    backend: StatementBackend,
    parses: Parses,
    tmp_path: Path,
    profiles: JsonProfileStore,
    choice: ColumnMapping,
) -> None:
    """The wizard spells out every role shown to save a profile: the same reading, so
    Import brings in the summary's, and the profile still pins those roles. Taken for a
    correction, the file was read again with them pinned."""
    path = running_csv(tmp_path)
    backend.preview(path)
    backend.summary(path, choice)
    read = len(parses)
    saving = replace(choice, roles=SHOWN_ROLES, profile_name="Running")
    imported = backend.import_file(path, saving)
    assert len(parses) == read
    assert imported.lines == parses.readings[-1].lines
    assert all(map(operator.is_, imported.lines, parses.readings[-1].lines))
    assert {line.currency for line in imported.lines} == {choice.currency}
    [profile] = profiles.all()
    assert replace(profile.mapping, currency=None) == RUNNING_PINNED
    assert profile.mapping.currency == choice.currency


def test_a_role_corrected_with_a_profile_is_read_with_it(
    backend: StatementBackend, parses: Parses, tmp_path: Path, profiles: JsonProfileStore
) -> None:
    """One role other than shown is a correction: the file is read with the roles
    pinned, and the profile pins them."""
    path = running_csv(tmp_path)
    backend.preview(path)
    corrected = {**SHOWN_ROLES, 1: "reference"}
    choice = ColumnMapping(1, corrected, "Running", chosen=frozenset({1}))
    imported = backend.import_file(path, choice)
    pinned = Mapping(
        header_row=1, columns={"date": 1, "reference": [2], "amount": 3, "balance": 4}, ignore=[]
    )
    assert [mapping for _, mapping in parses.seen] == [None, pinned]
    references = [line.reference for line in imported.lines]
    assert references == ["Opening transfer", "Rent", "Salary", "Coffee"]
    [profile] = profiles.all()
    assert profile.mapping == pinned
