"""A file another program holds open, named the same way by the export and the import."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from desktop_app.os_errors import OfficeLock, held_open, office_lock

EXCEL = "permission denied: the file looks open in Excel (close it and try again)"
LIBREOFFICE = "permission denied: the file looks open in LibreOffice (close it and try again)"
SHARING = "the file is open in another program (close it in Excel and try again)"


@pytest.mark.parametrize(
    ("lock_name", "code", "cause"),
    [
        ("~$march.xlsx", errno.EACCES, EXCEL),
        (".~lock.march.xlsx#", errno.EPERM, LIBREOFFICE),
        (None, errno.EACCES, None),  # nothing shows which program, if any
        ("~$march.xlsx", errno.ENOENT, None),  # not a refusal: the lock file is beside the point
        ("~$other.xlsx", errno.EACCES, None),  # another file's lock
    ],
)
def test_a_lock_file_beside_a_refused_file_names_the_program(
    tmp_path: Path, lock_name: str | None, code: int, cause: str | None
) -> None:
    if lock_name is not None:
        (tmp_path / lock_name).write_text("lock")
    assert held_open(OSError(code, "refused"), tmp_path / "march.xlsx") == cause


def test_a_windows_sharing_violation_says_the_file_is_open(tmp_path: Path) -> None:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]
    assert held_open(error, tmp_path / "march.xlsx") == SHARING


@pytest.mark.parametrize(
    ("entry", "holder"),
    [
        # LibreOffice's fields: the name set in it, the system user, the computer, since.
        (
            "Ann Lee,ann,finance-pc,24.11.2025 09:12,file:///home/ann/x;",
            "Ann Lee (ann) on finance-pc since 24.11.2025 09:12",
        ),
        (
            ",ann,finance-pc,24.11.2025 09:12,file:///home/ann/x;",
            "ann on finance-pc since 24.11.2025 09:12",
        ),
        # a comma or a semicolon in a field is escaped by a backslash
        (
            "Lee\\, Ann,ann,finance-pc,24.11.2025 09:12,file:///x;",
            "Lee, Ann (ann) on finance-pc since 24.11.2025 09:12",
        ),
        ("", None),
    ],
)
def test_a_libreoffice_lock_names_who_has_the_file_open(
    tmp_path: Path, entry: str, holder: str | None
) -> None:
    lock = tmp_path / ".~lock.march.xlsx#"
    lock.write_text(entry, encoding="utf-8")
    assert office_lock(tmp_path / "march.xlsx") == OfficeLock("LibreOffice", lock, holder)


def test_an_excel_owner_file_cut_short_names_the_user_of_its_first_part(tmp_path: Path) -> None:
    """The name's length in the first byte, then the name in the Windows code page; the
    UTF-16 copy after it is what is read where it is whole."""
    lock = tmp_path / "~$march.xlsx"
    lock.write_bytes(b"\x04J\xf6rn")
    assert office_lock(tmp_path / "march.xlsx") == OfficeLock("Excel", lock, "Jörn")
    lock.write_bytes(b"\x00garbage")
    assert office_lock(tmp_path / "march.xlsx") == OfficeLock("Excel", lock, None)
    assert office_lock(tmp_path / "april.xlsx") is None
